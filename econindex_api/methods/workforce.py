"""Workforce share per SOC major group: employment / total x 100.

Method: docs/methods.md, "Workforce share per SOC major group".
"""

from __future__ import annotations

import polars as pl


def workforce_shares(employment: pl.DataFrame) -> pl.DataFrame:
    """employment: major_group_code, employment -> adds workforce_pct."""
    total = int(employment["employment"].sum())  # integers: exact in any order
    return employment.with_columns(workforce_pct=pl.col("employment") * (100.0 / total))
