"""The classic usage tables and ``geo_soc_groups`` of the long-format releases.

Methods: docs/methods-long-usage.md (appended to METHODS.md of every long-format package).
Both long adapters (``long_v1``, ``long_v2``) call this module with frames they already
derived; it reads only the reference inputs (O*NET statements, SOC structure, wages, BLS
employment) and applies the published methods of ``econindex_api.methods`` through the same
code path as the flat layouts (``flat_tasks.usage_tables``): no copy of a method.

Decisions (each one written in docs/methods-long-usage.md):

- **Which rows.** The classic tables (``tasks``, ``occupations``, ``task_usage``,
  ``task_occupation_shares``, ``occupation_usage``, ``category_usage``, ``workforce``,
  ``soc_structure``, ``interaction_modes``, ``interaction_split``) come from the GLOBAL
  **Claude.ai** rows only: the reports' task, occupation and SOC figures are Claude.ai's. The
  API's task shares are in ``global_task_usage`` / ``node_usage`` and its SOC groups in
  ``geo_soc_groups``.
- **Window.** First format: the release's one week, as published. Second format: the
  release's own figure (the recipe's window rule, the unweighted mean of the two months),
  so a task published in one month only takes no part.
- **Shares base**, exactly as GUIDE §2 for the first release: ``none`` and ``not_classified``
  match no O*NET statement, so like every unmatched key they stay in ``task_usage``
  (``matched = false``) and are left out of the rescaling; the shares are of the
  conversations classified into a matched task. Their shares are in the build report.
- **Task IDs** (second format): joined to the statements by Task ID only, never by text; a
  Task ID the statement table lacks is left out of the tables (``task_usage`` is keyed by
  task key) and counted in the build report's coverage (Task IDs and share matched).
- **Wages and employment**: 2025-02-10's tables, reference inputs of the recipe as for
  2025-03-27 (same O*NET-SOC 2010 codes as the 2025-09-15 statements).
- **Interaction modes**: the six modes (five patterns and ``none``) of the GLOBAL Claude.ai
  collaboration facet, as published; ``not_classified`` is no mode (its share is in the
  report). A set with a mode missing gives no interaction tables (never a split over fewer
  modes).
- **Absent, not empty, not made up**: an input without GLOBAL Claude.ai task rows (the real
  partial 2025-09-15 rows) gives none of the classic tables; the endpoints then answer 404
  ``measure-not-available``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from econindex_api.methods.exact_sum import exact_group_sum, exact_sum
from econindex_api.methods.interaction_modes import AUGMENTATION, AUTOMATION, NO_MODE, mode_name
from econindex_api.methods.shares import major_group_shares_by
from econindex_api.methods.task_key import task_key
from econindex_api.methods.windows import AS_PUBLISHED
from econindex_api.publishing.adapters.flat_tasks import (
    read_employment,
    read_soc_structure,
    read_statements,
    read_wages,
    usage_tables,
)
from econindex_api.publishing.errors import RawDataError
from econindex_api.publishing.recipes import Recipe

CLASSIC_PLATFORM = "claude_ai"
CLASSIC_MEASURES = ("conversation_share", "depth", "wage_bands", "workforce_share")
MODES_MEASURE = "interaction_modes"
SOC_GROUPS_MEASURE = "soc_groups"
PSEUDO_TASKS = ("none", "not_classified")
SHARE_BASE = "tasks_matched_to_statements"
GROUP_KEYS = ["platform", "date_start", "date_end", "window_rule", "geo_level", "geo_id"]


@dataclass(frozen=True)
class TaskReferences:
    """The O*NET statements and SOC structure the task shares are joined to."""

    statements: pl.DataFrame  # flat_tasks.read_statements
    structure: pl.DataFrame  # flat_tasks.read_soc_structure
    structure_name: str  # the SOC structure input's name, for errors

    @property
    def majors(self) -> pl.DataFrame:
        return self.structure.filter(pl.col("level") == "major_group").select(
            pl.col("code").alias("major_group_code"), pl.col("title").alias("major_group_title")
        )


def read_task_references(raw_dir: Path, recipe: Recipe) -> TaskReferences:
    """Read the statements and SOC structure the recipe names (roles ``onet_statements`` and
    ``soc_structure``), with the strict readers of the flat layouts."""
    if recipe.long_format is None:
        raise RawDataError(recipe.folder, "recipe has no long_format settings")
    roles = dict(recipe.long_format.references)
    statements = read_statements(raw_dir, recipe, roles["onet_statements"])
    structure = read_soc_structure(raw_dir, recipe, roles["soc_structure"])
    _, structure_name = recipe.locate(raw_dir, roles["soc_structure"])
    return TaskReferences(statements, structure, structure_name)


@dataclass(frozen=True)
class ClassicResult:
    tables: dict[str, pl.DataFrame]
    report: dict[str, Any]
    measures: tuple[str, ...]


def classic_usage(
    raw_dir: Path,
    recipe: Recipe,
    refs: TaskReferences,
    tasks: pl.DataFrame,
    patterns: pl.DataFrame,
    window: dict[str, str],
    extra_report: dict[str, Any] | None = None,
) -> ClassicResult:
    """The classic usage tables from one window's GLOBAL Claude.ai rows.

    ``tasks``: task_key, share_pct (one row per key, ``none``/``not_classified`` included
    where the format publishes them); ``patterns``: mode_label (as upstream writes it),
    share_pct. ``window``: date_start, date_end, window_rule of those rows (for the report).
    No task row: no table (``status: absent``).
    """
    source = {
        "platform": CLASSIC_PLATFORM,
        "geo_id": "GLOBAL",
        **window,
        "share_base": SHARE_BASE,
        **(extra_report or {}),
    }
    if tasks.height == 0:
        return ClassicResult(
            {},
            {
                **source,
                "status": "absent",
                "reason": "the input has no GLOBAL claude_ai task rows, so the task, "
                "occupation, SOC-group, depth and interaction-mode tables are not published",
            },
            (),
        )
    keys = refs.statements["task_key"].unique()
    if not tasks["task_key"].is_in(keys.implode()).any():
        # Nothing to attribute (only none, not_classified or unknown keys): no shares exist.
        return ClassicResult(
            {},
            {
                **source,
                "status": "absent",
                "reason": "no GLOBAL claude_ai task matches an O*NET statement, so no share "
                "of an occupation or SOC group can be computed",
                "tasks": tasks.height,
            },
            (),
        )
    repeated = tasks.filter(pl.col("task_key").is_duplicated())
    if repeated.height:
        raise RawDataError(
            recipe.folder,
            f"GLOBAL claude_ai task {repeated['task_key'][0]!r} appears more than once",
        )
    raw_modes, modes_report = _modes(patterns)
    wages = read_wages(raw_dir, recipe)
    employment = read_employment(raw_dir, recipe, refs.structure)
    result = usage_tables(
        tasks.select("task_key", "share_pct"),
        refs.statements,
        refs.structure,
        wages,
        employment,
        raw_modes,
        refs.structure_name,
    )
    pseudo = {
        f"{name}_pct": _sum_or_none(tasks.filter(pl.col("task_key") == name)["share_pct"])
        for name in PSEUDO_TASKS
    }
    report = {
        **source,
        "status": "published",
        "task_usage_pct_sum": exact_sum(tasks["share_pct"]),
        **pseudo,
        **result.report,
        **modes_report,
    }
    measures = CLASSIC_MEASURES + ((MODES_MEASURE,) if raw_modes is not None else ())
    return ClassicResult(dict(result.tables), report, measures)


def _sum_or_none(values: pl.Series) -> float | None:
    return exact_sum(values) if values.len() else None


def _modes(patterns: pl.DataFrame) -> tuple[pl.DataFrame | None, dict[str, Any]]:
    """mode, mode_label, share_pct of the six modes, or None when one is not published."""
    expected = {*AUTOMATION, *AUGMENTATION, NO_MODE}
    named = patterns.with_columns(
        pl.col("mode_label").map_elements(mode_name, return_dtype=pl.String).alias("mode")
    )
    modes = named.filter(pl.col("mode").is_in(sorted(expected)))
    others = named.filter(~pl.col("mode").is_in(sorted(expected)))
    report: dict[str, Any] = {
        "collaboration_outside_modes": {
            str(row["mode_label"]): row["share_pct"] for row in others.iter_rows(named=True)
        }
    }
    missing = sorted(expected - set(modes["mode"].to_list()))
    if missing:
        report["interaction_modes"] = f"absent: mode(s) {missing} not published at GLOBAL"
        return None, report
    return modes.select("mode", "mode_label", "share_pct"), report


def geo_soc_groups(task_rows: pl.DataFrame, refs: TaskReferences) -> pl.DataFrame:
    """SOC major-group shares per platform, window and geography (docs/methods-long-usage.md).

    ``task_rows``: GROUP_KEYS, task_key (null for a Task ID the statement table lacks),
    share_pct. Several rows of one key in a group (two Task IDs, one statement) are summed.
    """
    # One integer id per group (platform, window, geography): the sums below sort and join
    # on it instead of six text columns.
    groups = task_rows.select(GROUP_KEYS).unique().sort(GROUP_KEYS).with_row_index("_gid")
    keyed = task_rows.join(groups, on=GROUP_KEYS, how="left").select(
        "_gid", pl.col("task_key").fill_null(""), "share_pct"
    )
    if keyed.select(pl.struct("_gid", "task_key").is_duplicated().any()).item():
        keyed = exact_group_sum(keyed, ["_gid", "task_key"], "share_pct")
    known = refs.statements.select("task_key").unique().with_columns(_known=pl.lit(True))
    kinds = keyed.join(known, on="task_key", how="left").with_columns(
        pl.when(pl.col("task_key").is_in(list(PSEUDO_TASKS)))
        .then(pl.col("task_key"))
        .when(pl.col("_known"))
        .then(pl.lit("matched"))
        .otherwise(pl.lit("unmatched"))
        .alias("_kind")
    )
    # One exact sum per kind (matched, none, not_classified, unmatched) and geography; the
    # geography's published share is the exact sum of its kinds.
    by_kind = exact_group_sum(kinds, ["_gid", "_kind"], "share_pct")
    totals = (
        exact_group_sum(by_kind, "_gid", "share_pct")
        .rename({"share_pct": "published_pct"})
        .join(
            by_kind.filter(pl.col("_kind") != "matched").pivot(
                on="_kind", index="_gid", values="share_pct"
            ),
            on="_gid",
            how="left",
        )
    )
    for kind in (*PSEUDO_TASKS, "unmatched"):
        if kind not in totals.columns:
            totals = totals.with_columns(pl.lit(None, dtype=pl.Float64).alias(kind))
    totals = totals.rename({kind: f"{kind}_pct" for kind in (*PSEUDO_TASKS, "unmatched")})
    totals = totals.with_columns(
        pl.col("unmatched_pct").fill_null(0.0)  # our join: no published task left unmatched
    ).with_columns(
        # three columns in a fixed order: the same bits on every build
        pl.sum_horizontal("none_pct", "not_classified_pct", "unmatched_pct").alias(
            "unattributed_pct"
        )
    )
    shares = major_group_shares_by(
        kinds.filter(pl.col("_kind") == "matched").select("_gid", "task_key", "share_pct"),
        refs.statements,
        ["_gid"],
    )
    out = (
        shares.join(refs.majors, on="major_group_code", how="left")
        .join(totals, on="_gid", how="left")
        .join(groups, on="_gid", how="left")
        .drop("_gid")
    )
    untitled = out.filter(pl.col("major_group_title").is_null())
    if untitled.height:
        raise RawDataError(
            refs.structure_name,
            f"no major group {untitled['major_group_code'][0]} in the SOC structure",
        )
    return out.with_columns(pl.lit(SHARE_BASE).alias("share_base"))


def v1_task_rows(observations: pl.DataFrame) -> pl.DataFrame:
    """GROUP_KEYS, task_key, share_pct of every onet_task_pct row of the first format."""
    return observations.filter(
        (pl.col("category") == "onet_task") & (pl.col("metric") == "onet_task_pct")
    ).select(
        "platform",
        "date_start",
        "date_end",
        pl.lit(AS_PUBLISHED).alias("window_rule"),
        "geo_level",
        "geo_id",
        task_key(pl.col("node_name")).alias("task_key"),
        pl.col("value").alias("share_pct"),
    )


def v2_task_rows(nodes: pl.DataFrame) -> pl.DataFrame:
    """GROUP_KEYS, task_key (null when the Task ID matched no statement), share_pct of the
    task-level rows of the second format's ``node_usage``."""
    return nodes.filter(pl.col("task_match") != "not_a_task").select(
        *GROUP_KEYS, "task_key", pl.col("conversation_pct").alias("share_pct")
    )
