"""Share of conversations per occupation and per SOC major group.

Method: docs/methods.md, "Share of conversations per occupation and per SOC major group".

1. n(key) = number of distinct occupations (distinct occupation titles) whose statements carry
   the key.
2. For each matched (usage task, occupation) pair: weight = pct / n(key). Usage tasks that
   match no statement are left out (reported by ``unmatched_usage``).
3. Rescale the weights over all matched pairs so they sum to 100: each pair's share.
4. Occupation share = sum of its pairs; category share = sum over the occupations whose code
   starts with the major group's two digits.

Inputs are canonical frames:
- usage: ``task_key``, ``share_pct`` (the upstream pct, one row per key);
- statements: ``task_key``, ``onet_soc_code``, ``title``, ``task_id`` (one row per statement).

``major_group_shares_by`` applies the same steps within each group of rows (a geography and
window of the long-format releases: ``geo_soc_groups``), rescaling per group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from econindex_api.methods.exact_sum import exact_group_sum, exact_sum


@dataclass(frozen=True)
class UnmatchedUsage:
    tasks: int
    share_pct: float


def occupations_per_key(statements: pl.DataFrame) -> pl.DataFrame:
    """n(key): distinct occupation titles carrying each key. Columns task_key, occupations_count."""
    return statements.group_by("task_key").agg(
        pl.col("title").n_unique().cast(pl.Int64).alias("occupations_count")
    )


def unmatched_usage(usage: pl.DataFrame, statements: pl.DataFrame) -> UnmatchedUsage:
    """How many usage tasks match no statement and how much share they carried."""
    unmatched = usage.join(statements.select("task_key").unique(), on="task_key", how="anti")
    return UnmatchedUsage(tasks=unmatched.height, share_pct=exact_sum(unmatched["share_pct"]))


def weighted_pairs(
    usage: pl.DataFrame, statements: pl.DataFrame, by: Sequence[str] = ()
) -> pl.DataFrame:
    """Steps 1-2: each matched (usage task, occupation) pair with weight_pct = pct / n(key).

    ``by``: columns of ``usage`` carried through (the usage then holds one row per key within
    each group). Columns: ``by``, task_key, share_pct, occupations_count, onet_soc_code,
    task_id (the lowest task id of the pair's statements), weight_pct.
    """
    pairs = statements.group_by("task_key", "onet_soc_code").agg(pl.col("task_id").min())
    return (
        usage.select(*by, "task_key", "share_pct")
        .join(occupations_per_key(statements), on="task_key", how="inner")
        .join(pairs, on="task_key", how="inner")
        .with_columns(weight_pct=pl.col("share_pct") / pl.col("occupations_count"))
    )


def task_occupation_shares(usage: pl.DataFrame, statements: pl.DataFrame) -> pl.DataFrame:
    """Steps 1-3: one row per matched (task key, occupation) pair.

    Columns: task_key, onet_soc_code, task_id (the lowest task id of the pair's statements),
    weight_pct, share_pct.
    """
    weighted = weighted_pairs(usage, statements)
    total = exact_sum(weighted["weight_pct"])
    return weighted.select(
        "task_key",
        "onet_soc_code",
        "task_id",
        "weight_pct",
        share_pct=pl.col("weight_pct") * (100.0 / total),
    )


def occupation_shares(pair_shares: pl.DataFrame, occupation_codes: pl.Series) -> pl.DataFrame:
    """Step 4: share_pct per occupation code; occupations without pairs get 0."""
    sums = exact_group_sum(pair_shares, "onet_soc_code", "share_pct")
    return (
        pl.DataFrame({"onet_soc_code": occupation_codes.unique()})
        .join(sums, on="onet_soc_code", how="left")
        .with_columns(pl.col("share_pct").fill_null(0.0))
    )


def major_group_of(code: pl.Expr) -> pl.Expr:
    """SOC major group code (``15-0000``) of an SOC or O*NET-SOC code (``15-1252.00``)."""
    return code.str.slice(0, 2) + pl.lit("-0000")


def category_shares(occupation_share: pl.DataFrame) -> pl.DataFrame:
    """Step 4: share_pct, occupations_total and occupations_with_usage per major group code."""
    with_group = occupation_share.with_columns(
        major_group_of(pl.col("onet_soc_code")).alias("major_group_code")
    )
    counts = with_group.group_by("major_group_code").agg(
        pl.len().cast(pl.Int64).alias("occupations_total"),
        (pl.col("share_pct") > 0).sum().cast(pl.Int64).alias("occupations_with_usage"),
    )
    return exact_group_sum(with_group, "major_group_code", "share_pct").join(
        counts, on="major_group_code"
    )


def major_group_shares_by(
    usage: pl.DataFrame, statements: pl.DataFrame, by: Sequence[str]
) -> pl.DataFrame:
    """Steps 1-4 within each group of ``by`` (one row per key within a group).

    Per group and SOC major group: ``share_pct``, the group's pairs rescaled to sum to 100
    within the group (the ``category_usage`` share; base: the group's usage of tasks that
    match a statement), and ``conversation_pct``, the same weights not rescaled (base: every
    conversation of the group, so it sums to ``attributed_pct``). ``attributed_pct`` is the
    group's usage carried by matched tasks. Only groups and major groups with a matched pair
    have a row: a major group with no matched task in a group is absent, not zero.
    """
    keys = list(by)
    weighted = weighted_pairs(usage, statements, keys).with_columns(
        major_group_of(pl.col("onet_soc_code")).alias("major_group_code")
    )
    totals = exact_group_sum(weighted, keys, "weight_pct").rename({"weight_pct": "_total"})
    attributed = exact_group_sum(weighted.unique([*keys, "task_key"]), keys, "share_pct").rename(
        {"share_pct": "attributed_pct"}
    )
    shares = weighted.join(totals, on=keys, how="left").with_columns(
        share_pct=pl.col("weight_pct") * (100.0 / pl.col("_total"))
    )
    groups = [*keys, "major_group_code"]
    return (
        exact_group_sum(shares, groups, ["share_pct", "weight_pct"])
        .rename({"weight_pct": "conversation_pct"})
        .join(attributed, on=keys, how="left")
    )
