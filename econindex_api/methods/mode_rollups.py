"""Interaction modes per task rolled up to occupations and SOC major groups.

Method: docs/methods.md, "Releases with two observation windows" (interaction modes per task).

Input frames:
- pairs: ``task_key``, ``onet_soc_code``, ``share_pct`` (the task_occupation_shares table:
  each matched (key, occupation) pair with its share of conversations after rescaling);
- task modes: ``task_key`` and one ``<mode>_fraction`` column per name of ``TASK_MODES``
  (the per-task file, one row per key, fractions 0-1 summing to about 1).

Per occupation, each mode's ratio is the pair-share-weighted mean of the mode's fraction over
the occupation's pairs whose key has a row in the per-task file (``covered_share_pct`` is the
sum of those pair shares). ``filtered`` stays in, so automation (directive + feedback loop) and
augmentation (task iteration + learning + validation) are fractions of all conversations, with
the filtered fraction beside them.

Per SOC major group, the same weighted ratios over the group's pairs, then ``filtered`` is
dropped and the five modes are rescaled to sum to 1, so automation + augmentation = 1. The
report shows only groups with more than 0.5 % of conversations, so the group's share of
conversations is served beside the ratios (``share_pct``) and ``above_report_threshold`` says
whether the report would show it.

Sums are correctly rounded (math.fsum) so rebuilds are byte-identical.
"""

from __future__ import annotations

import math

import polars as pl

from econindex_api.methods.interaction_modes import AUGMENTATION, AUTOMATION
from econindex_api.methods.shares import major_group_of

FILTERED = "filtered"
FIVE_MODES = ("directive", "feedback_loop", "task_iteration", "validation", "learning")
TASK_MODES = (*FIVE_MODES, FILTERED)
REPORT_THRESHOLD_PCT = 0.5
"""The second report shows SOC major groups with more than this share of conversations."""


def fraction_column(mode: str) -> str:
    return f"{mode}_fraction"


def _weighted(pairs: pl.DataFrame, task_modes: pl.DataFrame, by: str) -> pl.DataFrame:
    """Per ``by``: share_pct (all pairs), covered_share_pct and each mode's weighted ratio."""
    columns = [fraction_column(m) for m in TASK_MODES]
    joined = pairs.select(by, "task_key", "share_pct").join(
        task_modes.select("task_key", *columns), on="task_key", how="left"
    )
    covered = pl.col(columns[0]).is_not_null()
    grouped = joined.group_by(by).agg(
        pl.col("share_pct").alias("_all"),
        pl.col("share_pct").filter(covered).alias("_w"),
        *[pl.col(c).filter(covered).alias(c) for c in columns],
    )
    rows = []
    for record in grouped.iter_rows(named=True):
        weights: list[float] = record["_w"]
        covered_share = math.fsum(weights)
        row: dict[str, object] = {
            by: record[by],
            "share_pct": math.fsum(record["_all"]),
            "covered_share_pct": covered_share,
        }
        for column in columns:
            row[column] = (
                math.fsum(w * f for w, f in zip(weights, record[column], strict=True))
                / covered_share
                if covered_share > 0
                else None
            )
        rows.append(row)
    schema: dict[str, pl.DataType] = {
        by: pl.String(),
        "share_pct": pl.Float64(),
        "covered_share_pct": pl.Float64(),
        **{c: pl.Float64() for c in columns},
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def _sum_of(modes: tuple[str, ...]) -> pl.Expr:
    return pl.sum_horizontal([pl.col(fraction_column(m)) for m in modes])


def occupation_mode_ratios(pairs: pl.DataFrame, task_modes: pl.DataFrame) -> pl.DataFrame:
    """One row per occupation with at least one pair covered by the per-task file.

    Columns: onet_soc_code, share_pct (the occupation's share of conversations),
    covered_share_pct, the six ``<mode>_fraction`` ratios (filtered kept in),
    automation_fraction, augmentation_fraction.
    """
    ratios = _weighted(pairs, task_modes, "onet_soc_code").filter(pl.col("covered_share_pct") > 0)
    return ratios.with_columns(
        automation_fraction=_sum_of(AUTOMATION), augmentation_fraction=_sum_of(AUGMENTATION)
    )


def group_mode_ratios(pairs: pl.DataFrame, task_modes: pl.DataFrame) -> pl.DataFrame:
    """One row per SOC major group with pairs.

    Columns: major_group_code, share_pct (the group's share of conversations), covered_share_pct,
    filtered_fraction (the weighted filtered ratio before it is dropped), the five mode
    fractions rescaled to sum to 1, automation_fraction, augmentation_fraction (summing to 1),
    above_report_threshold (share_pct > 0.5). The rescaled fractions are empty when the group's
    covered conversations are all filtered (nothing to rescale).
    """
    with_group = pairs.with_columns(major_group_code=major_group_of(pl.col("onet_soc_code")))
    ratios = _weighted(with_group, task_modes, "major_group_code")
    five = [fraction_column(m) for m in FIVE_MODES]
    unfiltered = pl.sum_horizontal([pl.col(c) for c in five])
    rescaled = ratios.with_columns(
        [pl.when(unfiltered > 0).then(pl.col(c) / unfiltered).alias(c) for c in five]
    )
    return rescaled.with_columns(
        automation_fraction=_sum_of(AUTOMATION),
        augmentation_fraction=_sum_of(AUGMENTATION),
        above_report_threshold=pl.col("share_pct") > REPORT_THRESHOLD_PCT,
    ).with_columns(
        # sum_horizontal of nulls is 0; keep "not computable" empty rather than zero.
        [
            pl.when(unfiltered.is_not_null() & (unfiltered > 0)).then(pl.col(c)).alias(c)
            for c in ("automation_fraction", "augmentation_fraction")
        ]
    )
