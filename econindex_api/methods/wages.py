"""Median annual wage per occupation, with its basis (docs/methods.md, "Wages and wage bands").

Upstream ``MedianSalary`` is annual USD except a few performing-arts occupations whose value
is an hourly wage. Decision: a published value below HOURLY_BELOW_USD is read as hourly and
annualized at 2,080 hours (wage_basis ``hourly_annualized``). No annual median wage in the
US is below $1,000 and no hourly median is above it, so the threshold cannot misread either.
-1 means unknown (basis ``unknown``, wage empty).
"""

from __future__ import annotations

import polars as pl

HOURS_PER_YEAR = 2080
HOURLY_BELOW_USD = 1000.0
UNKNOWN_SENTINEL = -1.0


def annual_wage(published: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(median_wage_usd, wage_basis) expressions from the published MedianSalary value."""
    unknown = published == UNKNOWN_SENTINEL
    hourly = published < HOURLY_BELOW_USD
    wage = (
        pl.when(unknown)
        .then(None)
        .when(hourly)
        .then(published * HOURS_PER_YEAR)
        .otherwise(published)
    )
    basis = (
        pl.when(unknown)
        .then(pl.lit("unknown"))
        .when(hourly)
        .then(pl.lit("hourly_annualized"))
        .otherwise(pl.lit("annual"))
    )
    return wage, basis
