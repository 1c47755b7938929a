"""Order-independent sums, so a rebuild gives the same bits.

Polars sums groups in parallel, and float addition depends on order: the last bit of a share
could change between two builds of the same input, and with it the package hash. math.fsum
is correctly rounded, hence independent of order. The tables are small (thousands of rows).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import polars as pl


def exact_sum(values: pl.Series) -> float:
    return math.fsum(values.drop_nulls().to_list())


def exact_group_sum(frame: pl.DataFrame, by: str | Sequence[str], value: str) -> pl.DataFrame:
    """Columns ``by`` (one name or several) and ``value``: the correctly rounded sum of
    ``value`` per group."""
    keys = [by] if isinstance(by, str) else list(by)
    grouped = frame.group_by(keys).agg(pl.col(value))
    return pl.DataFrame(
        {
            **{key: grouped[key] for key in keys},
            value: pl.Series(
                value, [math.fsum(v) for v in grouped[value].to_list()], dtype=pl.Float64
            ),
        }
    )
