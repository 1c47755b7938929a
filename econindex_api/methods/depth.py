"""Depth of use within occupations at query time.

Method: docs/methods.md, "Depth of use within occupations".

Input: one row per occupation with task statements, with ``tasks_with_usage`` and
``tasks_total`` (the ``occupation_usage`` table). The fraction of an occupation is
``tasks_with_usage / tasks_total``. Depth at a threshold t is the share of all those
occupations whose fraction is at least t (the first report quotes t = 0.25 and t = 0.75).

Comparisons are made on the integer counts (``with_usage >= t * total``, with a tolerance of
1e-9 task for the rounding of t * total) so that, for example, 3 of 12 tasks counts as
reaching t = 0.25 however the fraction happens to round.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

DEFAULT_THRESHOLDS: tuple[float, ...] = (0.25, 0.5, 0.75)
DEFAULT_BINS = 10
_TOLERANCE = 1e-9


def _reaches(threshold: float) -> pl.Expr:
    return pl.col("tasks_with_usage") >= pl.col("tasks_total") * threshold - _TOLERANCE


def depth_at_thresholds(coverage: pl.DataFrame, thresholds: Sequence[float]) -> pl.DataFrame:
    """One row per threshold, in the order given.

    Columns: threshold, occupations_count (fraction >= threshold), occupations_pct (of all
    occupations, 0-100; 0 when there are none).
    """
    total = coverage.height
    counts = [int(coverage.select(_reaches(t).sum()).item()) for t in thresholds]
    return pl.DataFrame(
        {
            "threshold": [float(t) for t in thresholds],
            "occupations_count": counts,
            "occupations_pct": [c * 100.0 / total if total else 0.0 for c in counts],
        },
        schema={
            "threshold": pl.Float64,
            "occupations_count": pl.Int64,
            "occupations_pct": pl.Float64,
        },
    )


def fraction_distribution(coverage: pl.DataFrame, bins: int = DEFAULT_BINS) -> pl.DataFrame:
    """Histogram of the fractions in ``bins`` equal bins over [0, 1].

    Bin i holds fractions in [i/bins, (i+1)/bins); the last bin also holds 1. Columns:
    lower_fraction, upper_fraction, occupations_count, occupations_pct (0-100).
    """
    if bins < 1:
        raise ValueError(f"bins must be at least 1, got {bins}")
    total = coverage.height
    # Bin index from the counts: floor(with_usage * bins / total), clipped so 1.0 is in the last.
    index = (
        (pl.col("tasks_with_usage") * bins / pl.col("tasks_total") + _TOLERANCE)
        .floor()
        .cast(pl.Int64)
        .clip(0, bins - 1)
        .alias("bin")
    )
    counts = coverage.select(index).group_by("bin").agg(pl.len().cast(pl.Int64).alias("n"))
    by_bin = {int(b): int(n) for b, n in counts.iter_rows()}
    rows = [by_bin.get(i, 0) for i in range(bins)]
    return pl.DataFrame(
        {
            "lower_fraction": [i / bins for i in range(bins)],
            "upper_fraction": [(i + 1) / bins for i in range(bins)],
            "occupations_count": rows,
            "occupations_pct": [n * 100.0 / total if total else 0.0 for n in rows],
        },
        schema={
            "lower_fraction": pl.Float64,
            "upper_fraction": pl.Float64,
            "occupations_count": pl.Int64,
            "occupations_pct": pl.Float64,
        },
    )


def fraction_summary(coverage: pl.DataFrame) -> dict[str, float | int]:
    """mean, median (linear interpolation), min and max of the fractions, and how many
    occupations have no used task. All 0 for an empty input."""
    if coverage.height == 0:
        return {
            "mean_fraction": 0.0,
            "median_fraction": 0.0,
            "min_fraction": 0.0,
            "max_fraction": 0.0,
            "occupations_zero": 0,
        }
    fraction = pl.col("tasks_with_usage") / pl.col("tasks_total")
    row = coverage.select(
        fraction.mean().alias("mean_fraction"),
        fraction.median().alias("median_fraction"),
        fraction.min().alias("min_fraction"),
        fraction.max().alias("max_fraction"),
        (pl.col("tasks_with_usage") == 0).sum().cast(pl.Int64).alias("occupations_zero"),
    ).row(0, named=True)
    return {k: (int(v) if k == "occupations_zero" else float(v)) for k, v in row.items()}
