"""Change between two releases of one series, and time series of one measure.

Method: docs/methods.md, "Change between releases".

Entities are matched on stable keys only (task id / task key, O*NET-SOC code, SOC major group
code, interaction mode, depth threshold, wage band label), never on titles or row positions.

For every entity found in either release, :func:`compare_values` gives:

- ``from_value`` and ``to_value``: the measure in each release, exactly as that release serves
  it; **null when the entity is not in that release** (never zero: absence is not a value);
- ``change``: ``to_value - from_value`` in the measure's own unit (percentage points for
  ``_pct`` measures, never a ratio of percentages); null when either side is missing;
- ``relative_change``: ``(to - from) / from``, a plain ratio (0.1 = +10 %); null when ``from``
  is 0 or missing (a rise from nothing has no finite relative size);
- ``in_from`` / ``in_to``: whether the entity is present in each release.

Comparing a release with itself therefore gives ``change = 0`` everywhere (and
``relative_change = 0`` wherever ``from`` is not 0).

The functions here are pure: frames in, frames out, no I/O, no HTTP.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from econindex_api.methods import depth, wage_bands

CHANGE_COLUMNS = ("from_value", "to_value", "change", "relative_change", "in_from", "in_to")

# Default wage band edges for comparisons (USD per year). Fixed, not quantiles: quantile edges
# are recomputed from each release's own wages, so "the top quartile" of one release and of
# another can be different dollar ranges and their shares would not be comparable.
DEFAULT_COMPARE_EDGES_USD: tuple[float, ...] = (40_000.0, 60_000.0, 80_000.0, 100_000.0)

_PRESENT = "__present"


def compare_values(
    before: pl.DataFrame,
    after: pl.DataFrame,
    *,
    keys: Sequence[str],
    value: str,
    labels: Sequence[str] = (),
) -> pl.DataFrame:
    """Full outer join of two releases' values of one measure on ``keys``.

    ``before`` and ``after`` each hold the ``keys``, the ``labels`` (titles and other
    descriptive columns) and ``value``, one row per key (ValueError otherwise). Labels are
    taken from ``after`` where the entity is there (the newer wording), else from ``before``.

    Columns out: keys, labels, then :data:`CHANGE_COLUMNS`. Rows in key order.
    """
    key_list = list(keys)
    for name, frame in (("before", before), ("after", after)):
        distinct = (
            frame[key_list[0]].n_unique()
            if len(key_list) == 1
            else frame.select(key_list).n_unique()
        )
        if distinct != frame.height:
            raise ValueError(f"{name}: keys {key_list} are not unique")
    left = before.select(
        *key_list,
        *labels,
        pl.col(value).cast(pl.Float64).alias("from_value"),
        pl.lit(True).alias(_PRESENT),
    )
    right = after.select(
        *key_list,
        *labels,
        pl.col(value).cast(pl.Float64).alias("to_value"),
        pl.lit(True).alias(_PRESENT),
    )
    joined = left.join(right, on=key_list, how="full", coalesce=True, suffix="_to")
    from_value = pl.col("from_value")
    to_value = pl.col("to_value")
    change = to_value - from_value
    return joined.select(
        *key_list,
        *[pl.coalesce(f"{label}_to", label).alias(label) for label in labels],
        from_value,
        to_value,
        change.alias("change"),
        pl.when(from_value.is_not_null() & (from_value != 0.0))
        .then(change / from_value)
        .otherwise(None)
        .alias("relative_change"),
        pl.col(_PRESENT).fill_null(False).alias("in_from"),
        pl.col(f"{_PRESENT}_to").fill_null(False).alias("in_to"),
    ).sort(key_list)


def filter_min_abs_change(rows: pl.DataFrame, minimum: float | None) -> pl.DataFrame:
    """Rows whose absolute change is at least ``minimum`` (rows without a change drop out)."""
    if minimum is None:
        return rows
    return rows.filter(pl.col("change").abs() >= minimum)


def sort_changes(rows: pl.DataFrame, sort: str, keys: Sequence[str]) -> pl.DataFrame:
    """Sort by a column (``-col`` descending), then the keys ascending; nulls last.

    ``abs_change`` sorts by the absolute change (the default, ``-abs_change``: largest moves
    first, whichever their direction).
    """
    descending = sort.startswith("-")
    field = sort.lstrip("-")
    first = pl.col("change").abs() if field == "abs_change" else pl.col(field)
    by = [first, *[pl.col(k) for k in keys if k != field]]
    return rows.sort(by, descending=[descending] + [False] * (len(by) - 1), nulls_last=True)


def depth_comparison(
    before: pl.DataFrame, after: pl.DataFrame, thresholds: Sequence[float]
) -> pl.DataFrame:
    """Depth (share of occupations whose tasks_with_usage_fraction reaches t) on both sides
    with the same thresholds. Key: threshold; value: occupations_pct."""
    left = depth.depth_at_thresholds(before, thresholds).unique("threshold", keep="first")
    right = depth.depth_at_thresholds(after, thresholds).unique("threshold", keep="first")
    return compare_values(left, right, keys=["threshold"], value="occupations_pct")


def wage_band_comparison(
    before: pl.DataFrame, after: pl.DataFrame, edges: Sequence[float]
) -> pl.DataFrame:
    """Usage by wage band on both sides with the same fixed USD edges (key: band label,
    value: share_pct). Both sides always have every band, so no side is ever missing."""
    edge_list = [float(e) for e in edges]
    if any(not math.isfinite(e) for e in edge_list) or any(
        b <= a for a, b in itertools.pairwise(edge_list)
    ):
        raise ValueError("wage band edges must be finite and strictly increasing")
    left = wage_bands.usage_by_wage_band(before, edge_list)
    right = wage_bands.usage_by_wage_band(after, edge_list)
    order = left.select("label").with_row_index("band_order")
    out = compare_values(
        left,
        right,
        keys=["label"],
        value="share_pct",
        labels=["lower_usd", "upper_usd", "has_wage"],
    )
    # Bands in their natural order (lowest first, "no wage" last), not alphabetical.
    return out.join(order, on="label", how="left").sort("band_order").drop("band_order")


@dataclass(frozen=True)
class SeriesInput:
    """One release of a series: its id, date and the value of the measure (None when the
    entity is not in that release)."""

    release_id: str
    date: str
    value: float | None
    present: bool


def order_series(points: Sequence[SeriesInput]) -> list[SeriesInput]:
    """The points in date order (release id as tiebreaker), one per release."""
    seen: set[str] = set()
    out = []
    for point in sorted(points, key=lambda p: (p.date, p.release_id)):
        if point.release_id in seen:
            raise ValueError(f"release {point.release_id!r} given twice")
        seen.add(point.release_id)
        out.append(point)
    return out
