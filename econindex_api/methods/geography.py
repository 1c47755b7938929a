"""Derived geography metrics of the long-format releases, each under a named convention.

Methods: docs/methods.md, "Long-format releases". Pure functions on Polars frames; the adapter
(publishing/adapters/long_v1.py) does the reading and the id mapping.

- AUI (Anthropic AI Usage Index) = share of usage / share of working-age population. The
  denominators differ between conventions, so every AUI row names its convention:
  ``published_aug2025``: usage summed over every geography with at least ``threshold``
  conversations **including** pseudo-geographies (not_classified), population over the same
  geographies that have one; the AUI is written for every geography with usage and population
  (reproduces the 2025-09-15 and 2026-01-15 reports). ``symmetric``: both sums over the
  thresholded geographies that have a population (the released library; reproduces the
  2026-03-24 report and the US-state figures of every report, where not_classified has no
  population and so drops out).
- Tiers: 0 = Minimal (zero usage); 1-4 = quartiles (linear interpolation) of the AUI among
  thresholded geographies with an AUI, cut points applied to all: tier k is the first k with
  AUI <= cut k.
- Automation share on two bases: of the five classified patterns, and of all conversations.
"""

from __future__ import annotations

import polars as pl

from econindex_api.methods.exact_sum import exact_group_sum

PUBLISHED_AUG2025 = "published_aug2025"
SYMMETRIC = "symmetric"
AUI_CONVENTIONS = (PUBLISHED_AUG2025, SYMMETRIC)

TIER_LABELS = (
    "Minimal",
    "Emerging (bottom 25%)",
    "Lower middle (25-50%)",
    "Upper middle (50-75%)",
    "Leading (top 25%)",
)

AUTOMATION_PATTERNS = ("directive", "feedback loop")
AUGMENTATION_PATTERNS = ("task iteration", "learning", "validation")


def pattern_mode(pattern: str) -> str:
    """automation, augmentation, none or not_classified (labels with spaces or underscores)."""
    label = pattern.replace("_", " ")
    if label in AUTOMATION_PATTERNS:
        return "automation"
    if label in AUGMENTATION_PATTERNS:
        return "augmentation"
    if label == "none":
        return "none"
    return "not_classified"


def usage_index(frame: pl.DataFrame, convention: str, threshold: float) -> pl.DataFrame:
    """Add ``usage_per_capita``, ``usage_per_capita_index`` and ``aui_convention``.

    ``frame``: one geography level of one platform, columns ``geo_kind``, ``usage_count``,
    ``working_age_pop`` (null where unknown).
    """
    if convention not in AUI_CONVENTIONS:
        raise ValueError(f"unknown AUI convention {convention!r}")
    usage = pl.col("usage_count").fill_null(0)
    has_pop = pl.col("working_age_pop").is_not_null() & (pl.col("working_age_pop") > 0)
    above = usage >= threshold
    if convention == PUBLISHED_AUG2025:
        usage_total = frame.filter(above)["usage_count"].sum()
    else:
        usage_total = frame.filter(above & has_pop)["usage_count"].sum()
    pop_total = frame.filter(above & has_pop)["working_age_pop"].sum()
    valid = has_pop & (usage > 0) & pl.lit(usage_total > 0 and pop_total > 0)
    index = (pl.col("usage_count") / usage_total) / (pl.col("working_age_pop") / pop_total)
    return frame.with_columns(
        pl.when(has_pop)
        .then(pl.col("usage_count") / pl.col("working_age_pop"))
        .otherwise(None)
        .alias("usage_per_capita"),
        pl.when(valid).then(index).otherwise(None).alias("usage_per_capita_index"),
        pl.when(valid).then(pl.lit(convention)).otherwise(None).alias("aui_convention"),
    )


def tier_cut_points(frame: pl.DataFrame, threshold: float) -> list[float] | None:
    """The quartiles of the AUI over thresholded geographies with an AUI (None if none)."""
    values = frame.filter(
        (pl.col("usage_count") >= threshold) & pl.col("usage_per_capita_index").is_not_null()
    )["usage_per_capita_index"]
    if values.len() == 0:
        return None
    return [float(values.quantile(q, interpolation="linear") or 0.0) for q in (0.25, 0.5, 0.75)]


def usage_tiers(frame: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """Add ``usage_tier`` and ``usage_tier_label`` (see module docstring)."""
    cuts = tier_cut_points(frame, threshold)
    aui = pl.col("usage_per_capita_index")
    if cuts is None:
        tier = pl.when(pl.col("usage_count") == 0).then(pl.lit(0)).otherwise(None)
    else:
        tier = (
            pl.when(pl.col("usage_count") == 0)
            .then(pl.lit(0))
            .when(aui.is_null())
            .then(None)
            .when(aui <= cuts[0])
            .then(pl.lit(1))
            .when(aui <= cuts[1])
            .then(pl.lit(2))
            .when(aui <= cuts[2])
            .then(pl.lit(3))
            .otherwise(pl.lit(4))
        )
    labels = pl.Series(TIER_LABELS)
    return frame.with_columns(tier.cast(pl.Int64).alias("usage_tier")).with_columns(
        pl.col("usage_tier")
        .map_elements(lambda t: labels[t], return_dtype=pl.String)
        .alias("usage_tier_label")
    )


def automation_shares(collaboration: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Automation and augmentation per group of ``keys`` on both bases.

    ``collaboration``: ``keys`` + ``mode`` + ``conversation_pct`` (share of all conversations).
    """
    pct = pl.col("conversation_pct").fill_null(0)
    mode = pl.col("mode")
    parts = collaboration.select(
        *keys,
        pl.when(mode == "automation").then(pct).otherwise(0.0).alias("auto"),
        pl.when(mode == "augmentation").then(pct).otherwise(0.0).alias("aug"),
        pl.when(mode == "none").then(pct).otherwise(0.0).alias("none_pct"),
        pl.when(mode == "not_classified").then(pct).otherwise(0.0).alias("nc"),
        (mode == "not_classified").cast(pl.Float64).alias("has_nc"),
    )
    # Correctly rounded sums (methods/exact_sum.py): augmentation adds three patterns, and a
    # parallel group sum could add them in another order in another build, changing the
    # last bit of a share and the package's hash (two builds of 2026-06-26 differed so).
    sums = exact_group_sum(parts, keys, ["auto", "aug", "none_pct", "nc", "has_nc"]).with_columns(
        pl.col("has_nc") > 0
    )
    classified = pl.col("auto") + pl.col("aug")
    return sums.select(
        *keys,
        pl.when(classified > 0)
        .then(pl.col("auto") / classified * 100)
        .alias("automation_pct_of_classified"),
        pl.when(classified > 0)
        .then(pl.col("aug") / classified * 100)
        .alias("augmentation_pct_of_classified"),
        pl.col("auto").alias("automation_pct_of_all"),
        pl.col("aug").alias("augmentation_pct_of_all"),
        pl.col("none_pct"),
        pl.when(pl.col("has_nc")).then(pl.col("nc")).alias("not_classified_pct"),
    )


def share_sums(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Sum of ``usage_pct`` per group (the completeness check: 100 within each parent)."""
    return frame.group_by(keys).agg(
        pl.col("usage_pct").sum().alias("pct_sum"), pl.len().alias("geographies")
    )
