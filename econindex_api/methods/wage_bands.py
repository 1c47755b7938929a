"""Usage by wage band at query time (docs/methods.md, "Wages and wage bands").

Input: one row per occupation with task statements, with its ``share_pct`` (share of
conversations) and ``median_wage_usd`` (annual; empty when unknown). Usage of a band = sum of
the shares of the occupations whose wage lies in the band, with the number of occupations; the
occupations without a known wage form their own row (``no wage``), so the shares of all rows
sum to the total share.

Bands come from edges in USD, e1 < e2 < ... < en, giving n + 1 half-open bands
``(-inf, e1), [e1, e2), ..., [en, inf)``; or from quantiles q1 < ... < qn of the median wages
of the occupations with a wage (linear interpolation between order statistics, as numpy's
default), which give the edges. Equal edges from tied quantiles are merged.
Default: quartiles, ``quantiles = 0.25, 0.5, 0.75``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import polars as pl

DEFAULT_QUANTILES: tuple[float, ...] = (0.25, 0.5, 0.75)
NO_WAGE_LABEL = "no wage"


def quantile_edges(wages: pl.Series, quantiles: Sequence[float]) -> list[float]:
    """Edges in USD at the given quantiles of the non-missing wages, strictly increasing."""
    values = wages.drop_nulls()
    if values.len() == 0:
        return []
    edges = [float(values.quantile(q, interpolation="linear") or 0.0) for q in quantiles]
    return sorted(set(edges))


def _format_usd(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else repr(float(value))


def band_label(lower: float | None, upper: float | None) -> str:
    """Interval notation of a band, e.g. ``[30000, 50000)``; ``-inf``/``inf`` for open ends."""
    low = "-inf" if lower is None else _format_usd(lower)
    high = "inf" if upper is None else _format_usd(upper)
    return f"[{low}, {high})"


def usage_by_wage_band(occupations: pl.DataFrame, edges: Sequence[float]) -> pl.DataFrame:
    """One row per band, lowest first, then the ``no wage`` row.

    Columns: label, lower_usd, upper_usd, has_wage, occupations_count, share_pct.
    ``edges`` must be finite and strictly increasing (ValueError otherwise).
    """
    edge_list = [float(e) for e in edges]
    if any(not math.isfinite(e) for e in edge_list):
        raise ValueError("wage band edges must be finite numbers")
    if any(b <= a for a, b in itertools.pairwise(edge_list)):
        raise ValueError("wage band edges must be strictly increasing")
    bounds: list[tuple[float | None, float | None]] = list(
        zip([None, *edge_list], [*edge_list, None], strict=True)
    )
    wage = pl.col("median_wage_usd")
    rows: list[dict[str, object]] = []
    for lower, upper in bounds:
        condition = wage.is_not_null()
        if lower is not None:
            condition = condition & (wage >= lower)
        if upper is not None:
            condition = condition & (wage < upper)
        picked = occupations.filter(condition)
        rows.append(
            {
                "label": band_label(lower, upper),
                "lower_usd": lower,
                "upper_usd": upper,
                "has_wage": True,
                "occupations_count": picked.height,
                "share_pct": float(picked["share_pct"].sum()),
            }
        )
    without = occupations.filter(wage.is_null())
    rows.append(
        {
            "label": NO_WAGE_LABEL,
            "lower_usd": None,
            "upper_usd": None,
            "has_wage": False,
            "occupations_count": without.height,
            "share_pct": float(without["share_pct"].sum()),
        }
    )
    return pl.DataFrame(
        rows,
        schema={
            "label": pl.String,
            "lower_usd": pl.Float64,
            "upper_usd": pl.Float64,
            "has_wage": pl.Boolean,
            "occupations_count": pl.Int64,
            "share_pct": pl.Float64,
        },
    )
