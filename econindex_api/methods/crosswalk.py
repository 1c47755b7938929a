"""Occupation codes across taxonomies: O*NET-SOC 2010 -> O*NET-SOC 2019 -> 2018 SOC.

The usage releases of 2025 key occupations by **O*NET-SOC 2010** codes (their task statements
are the 2010 taxonomy: ``15-1132.00`` is "Software Developers, Applications"). The SOC
structure and the exposure release use the **2018 SOC** (6-digit ``15-1252``). The official
O*NET crosswalks link them in two steps:

1. O*NET-SOC 2010 -> O*NET-SOC 2019: mostly one to one; some 2010 codes **split** into
   several 2019 codes (``15-1132.00`` -> ``15-1252.00`` and ``15-1253.00``) and several 2010
   codes **merge** into one 2019 code.
2. O*NET-SOC 2019 -> 2018 SOC: every 2019 code has exactly one 2018 SOC code (its first six
   digits for most codes); several 2019 codes share a 2018 code (a merge).

Allocation across split targets (the choice, and why): a 2010 occupation's share is divided
**equally among its 2019 targets** (``allocation_fraction`` = 1 / number of targets), then
each 2019 code passes everything to its one 2018 SOC code, and shares that meet there are
summed. Equal split is transparent, reproducible and needs no outside data: the pinned inputs
hold no employment per detailed occupation (the BLS file is per major group), and usage of
AI need not follow employment anyway. Because every 2010 code's fractions sum to 1, a set of
shares summing to 100 still sums to 100 after the crosswalk. The published
``occupation_crosswalk`` table carries ``allocation_fraction`` on every link, so a user who
prefers other weights can re-allocate from the O*NET-SOC 2010 shares.

Merges need no choice: shares of several sources meeting in one target are added.

Inputs are canonical frames (columns named below); functions are pure.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from econindex_api.methods.exact_sum import exact_group_sum, exact_sum
from econindex_api.methods.shares import major_group_of

CODE_SEPARATOR = ","
"""Separator of the source-code lists in one cell (``15-1132.00,15-1133.00``)."""


def crosswalk_links(
    onet_2010_to_2019: pl.DataFrame, onet_2019_to_soc_2018: pl.DataFrame
) -> pl.DataFrame:
    """One row per (O*NET-SOC 2010 code, O*NET-SOC 2019 code) link, with its 2018 SOC code.

    Inputs: ``onet_soc_2010_code, onet_soc_2010_title, onet_soc_2019_code,
    onet_soc_2019_title`` (one row per link) and ``onet_soc_2019_code, soc_2018_code,
    soc_2018_title`` (one row per 2019 code). Returns the links with ``soc_2018_code``,
    ``soc_2018_title``, ``targets_2019_count`` (2019 codes the 2010 code splits into),
    ``sources_2010_count`` (2010 codes merging into the 2019 code) and
    ``allocation_fraction`` (1 / targets_2019_count). A 2019 code without a 2018 SOC code
    gets nulls there (the build refuses that; see econindex_api.publishing.crosswalk).
    """
    links = onet_2010_to_2019.unique(["onet_soc_2010_code", "onet_soc_2019_code"], keep="first")
    return (
        links.join(
            onet_2019_to_soc_2018.select("onet_soc_2019_code", "soc_2018_code", "soc_2018_title"),
            on="onet_soc_2019_code",
            how="left",
        )
        .with_columns(
            targets_2019_count=pl.len().over("onet_soc_2010_code").cast(pl.Int64),
            sources_2010_count=pl.len().over("onet_soc_2019_code").cast(pl.Int64),
        )
        .with_columns(allocation_fraction=1.0 / pl.col("targets_2019_count"))
        .sort("onet_soc_2010_code", "onet_soc_2019_code")
    )


def soc2018_shares(occupation_share: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """Occupation shares re-keyed from O*NET-SOC 2010 to 6-digit 2018 SOC.

    ``occupation_share``: ``onet_soc_code`` (O*NET-SOC 2010) and ``share_pct``; every code
    must have a link (check with ``codes_without_link`` first). Returns one row per 2018 SOC
    code reached: ``soc_2018_code, soc_2018_title, major_group_code, share_pct,
    onet_soc_2010_codes, onet_soc_2019_codes`` (the source codes that fed the row, sorted,
    comma-separated), ``source_occupations`` (how many 2010 codes fed it) and
    ``split_source_occupations`` (how many of those were split, so gave only part of their
    share here).
    """
    flows = (
        occupation_share.select(pl.col("onet_soc_code").alias("onet_soc_2010_code"), "share_pct")
        .join(links, on="onet_soc_2010_code", how="inner")
        .with_columns(share_pct=pl.col("share_pct") * pl.col("allocation_fraction"))
    )
    sums = exact_group_sum(flows, "soc_2018_code", "share_pct")
    described = flows.group_by("soc_2018_code").agg(
        pl.col("soc_2018_title").first(),
        pl.col("onet_soc_2010_code")
        .unique()
        .sort()
        .str.join(CODE_SEPARATOR)
        .alias("onet_soc_2010_codes"),
        pl.col("onet_soc_2019_code")
        .unique()
        .sort()
        .str.join(CODE_SEPARATOR)
        .alias("onet_soc_2019_codes"),
        pl.col("onet_soc_2010_code").n_unique().cast(pl.Int64).alias("source_occupations"),
        pl.col("onet_soc_2010_code")
        .filter(pl.col("targets_2019_count") > 1)
        .n_unique()
        .cast(pl.Int64)
        .alias("split_source_occupations"),
    )
    return (
        sums.join(described, on="soc_2018_code")
        .with_columns(major_group_code=major_group_of(pl.col("soc_2018_code")))
        .select(
            "soc_2018_code",
            "soc_2018_title",
            "major_group_code",
            "share_pct",
            "onet_soc_2010_codes",
            "onet_soc_2019_codes",
            "source_occupations",
            "split_source_occupations",
        )
        .sort("soc_2018_code")
    )


def codes_without_link(codes: pl.Series, links: pl.DataFrame) -> list[str]:
    """The O*NET-SOC 2010 codes of ``codes`` that the crosswalk does not know, sorted."""
    known = set(links["onet_soc_2010_code"].to_list())
    return sorted({str(code) for code in codes.to_list()} - known)


@dataclass(frozen=True)
class SideCoverage:
    """One side of a join: how many rows, how many found no partner, and their share."""

    occupations: int
    unmatched_occupations: int
    unmatched_codes: tuple[str, ...]
    unmatched_share_pct: float | None  # None on the exposure side (no share there)


@dataclass(frozen=True)
class JoinCoverage:
    usage: SideCoverage
    exposure: SideCoverage
    matched_occupations: int
    matched_share_pct: float
    matched_zero_share_occupations: int  # on both sides, but the usage share there is 0


def usage_exposure(
    usage_soc2018: pl.DataFrame, exposure: pl.DataFrame
) -> tuple[pl.DataFrame, JoinCoverage]:
    """Usage next to exposure per 2018 SOC code: a full join that keeps both sides.

    ``usage_soc2018``: ``soc_2018_code, soc_2018_title, share_pct, onet_soc_2010_codes``;
    ``exposure``: ``soc_2018_code``, ``title``, ``observed_exposure_fraction``. The two
    measures stay in their own columns (``share_pct`` and ``observed_exposure_fraction``);
    a side without a partner is empty (null), never zero. Rows sorted by code.
    """
    left = usage_soc2018.select(
        "soc_2018_code",
        pl.col("soc_2018_title").alias("usage_title"),
        "share_pct",
        "onet_soc_2010_codes",
    )
    right = exposure.select(
        "soc_2018_code",
        pl.col("title").alias("exposure_title"),
        "observed_exposure_fraction",
    )
    joined = (
        left.with_columns(in_usage=pl.lit(True))
        .join(
            right.with_columns(in_exposure=pl.lit(True)),
            on="soc_2018_code",
            how="full",
            coalesce=True,
        )
        .with_columns(
            pl.col("in_usage").fill_null(False),
            pl.col("in_exposure").fill_null(False),
            title=pl.coalesce("usage_title", "exposure_title"),
            major_group_code=major_group_of(pl.col("soc_2018_code")),
        )
        .select(
            "soc_2018_code",
            "title",
            "major_group_code",
            "share_pct",
            "observed_exposure_fraction",
            "onet_soc_2010_codes",
            "in_usage",
            "in_exposure",
        )
        .sort("soc_2018_code")
    )
    usage_only = joined.filter(~pl.col("in_exposure"))
    exposure_only = joined.filter(~pl.col("in_usage"))
    both = joined.filter(pl.col("in_usage") & pl.col("in_exposure"))
    coverage = JoinCoverage(
        usage=SideCoverage(
            occupations=left.height,
            unmatched_occupations=usage_only.height,
            unmatched_codes=tuple(usage_only["soc_2018_code"].to_list()),
            unmatched_share_pct=exact_sum(usage_only["share_pct"]),
        ),
        exposure=SideCoverage(
            occupations=right.height,
            unmatched_occupations=exposure_only.height,
            unmatched_codes=tuple(exposure_only["soc_2018_code"].to_list()),
            unmatched_share_pct=None,
        ),
        matched_occupations=both.height,
        matched_share_pct=exact_sum(both["share_pct"]),
        matched_zero_share_occupations=both.filter(pl.col("share_pct") == 0).height,
    )
    return joined, coverage
