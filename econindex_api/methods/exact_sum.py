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


def exact_group_sum(
    frame: pl.DataFrame, by: str | Sequence[str], value: str | Sequence[str]
) -> pl.DataFrame:
    """Columns ``by`` (one name or several) and ``value`` (one or several): the correctly
    rounded sum of each value column per group (nulls skipped).

    The rows are sorted by the keys so that each group is one run, and each run is summed
    with math.fsum: exact, so independent of the order, at the cost of one flat list per
    value column (the long formats sum hundreds of thousands of rows this way).
    """
    keys = [by] if isinstance(by, str) else list(by)
    values = [value] if isinstance(value, str) else list(value)
    ordered = frame.select(*keys, *values).sort(keys, nulls_last=True)
    runs = ordered.group_by(keys, maintain_order=True).len(name="_n")
    lengths = runs["_n"].to_list()
    out = runs.drop("_n")
    for name in values:
        column = ordered[name].to_list()
        if ordered[name].null_count():  # rare: sum each run's non-null values
            sums = [
                math.fsum(v for v in column[a : a + n] if v is not None)
                for a, n in _starts(lengths)
            ]
        else:
            sums = [math.fsum(column[a : a + n]) for a, n in _starts(lengths)]
        out = out.with_columns(pl.Series(name, sums, dtype=pl.Float64))
    return out


def _starts(lengths: list[int]) -> list[tuple[int, int]]:
    """(start, length) of consecutive runs of the given lengths."""
    out, start = [], 0
    for n in lengths:
        out.append((start, n))
        start += n
    return out
