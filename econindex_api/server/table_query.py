"""The table browser's query: filter, search and sort any published table (issue 22 §4).

Pure functions over one table's frame (as the store holds it: ``store.read_table``, the long
tables' strings as Categorical) and its declared columns; no HTTP. ``areas/tables.py`` serves
them at ``/v1/releases/{release}/tables/{table}``, the pages at ``/releases/.../tables/...``.

The query language (documented in the OpenAPI and the README, one place each):

* ``filter=<column>:<value>``, repeatable, ANDed. ``<value>`` is matched exactly against the
  column's values, read as the column's type: text as written (case-sensitive, runs of white
  space collapsed), ``integer`` and ``number`` as numbers (``1`` equals ``1.0``), ``boolean``
  as ``true``/``false``, ``date`` as ``YYYY-MM-DD``. On number, integer and date columns the
  value may start with a comparison: ``>=``, ``<=``, ``>`` or ``<`` (``share_pct:>=1.5``).
  An empty value (``filter=median_wage_usd:``) matches the missing values (not published,
  empty in the CSV). A value that cannot be read as the column's type, an unknown column or a
  comparison on a text column is a 400 naming ``filter``.
* ``q``: every white-space separated word (case-insensitive) must appear in at least one of
  the row's text columns; at most ``MAX_WORDS`` distinct words (400 naming ``q``).
* ``sort=<column>`` or ``sort=-<column>`` (descending); missing values last; ties keep the
  table's own order (its primary key, as published). Without ``sort``: the table's order.

Cost (the long tables have millions of rows: 2026-06-26's ``observations`` 2.1 million):
each filter is one vectorised comparison over the table (O(rows)); a text word is matched
against each text column's *distinct* values (a Categorical column of millions of rows has a
few thousand), then one membership test per column over the table; the sort is
O(m log m) of the m matching rows (a stable NumPy argsort of a float key per row,
``sort_key``). No Python object is made per row except for the rows of the page sent.
``select_positions`` returns the positions of the matching rows in order, which
``areas/tables.py`` keeps (4 bytes a row) for the few most recent queries per table, so
that walking the pages of one query filters and sorts once. Measured in
``bench/README.md`` ("Table browser").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import polars as pl

from econindex_api.server.toolkit.problems import invalid_parameter

ColumnKind = Literal["text", "integer", "number", "boolean", "date", "other"]
Op = Literal["eq", "ge", "le", "gt", "lt", "missing"]

_OPS: tuple[tuple[str, Op], ...] = ((">=", "ge"), ("<=", "le"), (">", "gt"), ("<", "lt"))
OP_SYMBOLS: dict[Op, str] = {"eq": "=", "ge": "≥", "le": "≤", "gt": ">", "lt": "<", "missing": ""}
_INTEGER = re.compile(r"^[+-]?\d{1,18}\Z", re.ASCII)
_NUMBER = re.compile(r"^[+-]?(\d{1,30}(\.\d{0,30})?|\.\d{1,30})([eE][+-]?\d{1,4})?\Z", re.ASCII)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no")
MAX_WORDS = 10  # words of ``q``


def column_kind(dtype: pl.DataType) -> ColumnKind:
    """How a column's values are read in a filter, from its Polars type."""
    if dtype in (pl.String, pl.Categorical, pl.Enum) or isinstance(dtype, pl.Categorical):
        return "text"
    if dtype.is_integer():
        return "integer"
    if dtype.is_float():
        return "number"
    if dtype == pl.Boolean:
        return "boolean"
    if dtype == pl.Date:
        return "date"
    return "other"


def column_kinds(frame: pl.DataFrame) -> dict[str, ColumnKind]:
    return {name: column_kind(dtype) for name, dtype in frame.schema.items()}


@dataclass(frozen=True)
class Filter:
    """One ``filter=<column>:<value>``, read against the column's type."""

    column: str
    op: Op
    value: Any  # str, int, float, bool or date; None for "missing"
    raw: str  # as given (canonical: the parameter's text)

    def expression(self) -> pl.Expr:
        col = pl.col(self.column)
        expr: pl.Expr
        if self.op == "missing":
            expr = col.is_null()
        elif self.op == "eq":
            expr = col == self.value
        elif self.op == "ge":
            expr = col >= self.value
        elif self.op == "le":
            expr = col <= self.value
        elif self.op == "gt":
            expr = col > self.value
        else:
            expr = col < self.value
        return expr

    def describe(self) -> str:
        """The filter in words, for a page ("share_pct ≥ 1.5", "wage is missing")."""
        if self.op == "missing":
            return f"{self.column} is missing"
        return f"{self.column} {OP_SYMBOLS[self.op]} {self.raw.partition(':')[2].lstrip('<>=')}"


def parse_filter(raw: str, kinds: dict[str, ColumnKind]) -> Filter:
    """One filter parameter, or a 400 problem naming ``filter``."""
    column, sep, text = raw.partition(":")
    if not sep:
        raise invalid_parameter(
            "filter", f"{raw[:80]!r} is not <column>:<value> (e.g. major_group_code:15-0000)"
        )
    kind = kinds.get(column)
    if kind is None:
        raise invalid_parameter("filter", f"no column {column[:60]!r} in this table", sorted(kinds))
    if text == "":
        return Filter(column, "missing", None, raw)
    op: Op = "eq"
    value_text = text
    if kind in ("integer", "number", "date"):
        for symbol, name in _OPS:
            if text.startswith(symbol):
                op, value_text = name, text[len(symbol) :].strip()
                break
    return Filter(column, op, _read_value(column, kind, value_text), raw)


def _read_value(column: str, kind: ColumnKind, text: str) -> Any:
    def bad(expected: str) -> Exception:
        return invalid_parameter(
            "filter", f"column {column!r} holds {expected}; {text[:60]!r} is not one"
        )

    if kind == "text":
        return text
    if kind == "integer":
        if _INTEGER.match(text):
            return int(text)
        if _NUMBER.match(text) and float(text).is_integer():
            return int(float(text))
        raise bad("integers")
    if kind == "number":
        if not _NUMBER.match(text):
            raise bad("numbers")
        return float(text) + 0.0
    if kind == "boolean":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise bad("true or false")
    if kind == "date":
        try:
            if _DATE.match(text):
                return datetime.date.fromisoformat(text)
        except ValueError:
            pass
        raise bad("dates (YYYY-MM-DD)")
    raise invalid_parameter("filter", f"column {column!r} cannot be filtered")


def parse_sort(sort: str | None, kinds: dict[str, ColumnKind]) -> tuple[str, bool] | None:
    """``(column, descending)`` of ``sort=col`` / ``sort=-col``; None for the table's order."""
    if not sort:
        return None
    column = sort.removeprefix("-")
    if column not in kinds:
        allowed = sorted(kinds)
        raise invalid_parameter(
            "sort",
            f"no column {column[:60]!r} in this table (sort=<column> or sort=-<column>)",
            [*allowed, *(f"-{c}" for c in allowed)],
        )
    return column, sort.startswith("-")


def text_columns(kinds: dict[str, ColumnKind]) -> list[str]:
    return [c for c, k in kinds.items() if k == "text"]


def search_mask(frame: pl.DataFrame, q: str | None, columns: Sequence[str]) -> pl.Expr | None:
    """Every word of ``q`` in at least one of ``columns`` (case-insensitive); None: no words.

    Each word is matched against each column's distinct values (cheap on the long tables'
    Categorical columns), then turned into one membership test per column."""
    words = list(dict.fromkeys((q or "").lower().split()))
    if not words:
        return None
    if len(words) > MAX_WORDS:  # each word is a pass over every text column: bounded
        raise invalid_parameter("q", f"at most {MAX_WORDS} words")
    if not columns:
        return pl.lit(False)
    distinct = {c: frame.get_column(c).drop_nulls().unique().cast(pl.String) for c in columns}
    lowered = {c: values.str.to_lowercase() for c, values in distinct.items()}
    exprs = []
    for word in words:
        per_column = []
        for c in columns:
            hits = distinct[c].filter(lowered[c].str.contains(word, literal=True))
            if hits.len():
                per_column.append(pl.col(c).is_in(hits.implode()))
        exprs.append(pl.any_horizontal(per_column) if per_column else pl.lit(False))
    return pl.all_horizontal(exprs)


def sort_key(series: pl.Series) -> np.ndarray[Any, np.dtype[np.float64]]:
    """A float key per row that orders ``series`` as documented (text lexically, numbers,
    dates and booleans by value); missing values are NaN, which ``numpy.argsort`` puts last.

    Categorical text is ranked through its distinct values (a few thousand), not row by
    row: Polars' own sort of a Categorical column of 2.1 million rows took 2 s on the test
    machine, this key and a stable argsort a fifth of it (``bench/table_browser_cost.py``).
    Integers beyond 2**53 would lose precision as floats; no published integer comes near."""
    dtype = series.dtype
    if isinstance(dtype, pl.Categorical):
        codes = series.to_physical()
        distinct = series.drop_nulls().unique()
        physical = distinct.to_physical().to_numpy()
        text = distinct.cast(pl.String).to_numpy()
        rank = np.full(int(physical.max()) + 1 if len(physical) else 1, np.nan)
        rank[physical[np.argsort(text, kind="stable")]] = np.arange(len(physical))
        filled = codes.fill_null(0).to_numpy().astype(np.int64)
        key: np.ndarray[Any, np.dtype[np.float64]] = rank[filled]
        key[codes.is_null().to_numpy()] = np.nan
        return key
    if dtype == pl.String:
        ranked = series.rank("dense").cast(pl.Float64)
    elif dtype == pl.Date:
        ranked = series.cast(pl.Int32).cast(pl.Float64)
    else:
        ranked = series.cast(pl.Float64)
    values: np.ndarray[Any, np.dtype[np.float64]] = ranked.fill_null(np.nan).to_numpy()
    return values


def select_positions(
    frame: pl.DataFrame,
    filters: Sequence[Filter],
    q: str | None,
    sort: tuple[str, bool] | None,
    kinds: dict[str, ColumnKind],
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Positions of the rows matching every filter and every word of ``q``, in ``sort``
    order (missing values last, ties in the table's order: a stable sort)."""
    conditions = [f.expression() for f in filters]
    searched = search_mask(frame, q, text_columns(kinds))
    if searched is not None:
        conditions.append(searched)
    if conditions:
        mask = frame.select(pl.all_horizontal(conditions).fill_null(False)).to_series()
        rows = np.flatnonzero(mask.to_numpy())
    else:
        rows = np.arange(frame.height)
    rows = rows.astype(np.int64)
    if sort is None:
        return rows
    column, descending = sort
    key = sort_key(frame.get_column(column))[rows]
    # -NaN is NaN: missing values stay last in both directions.
    order = np.argsort(-key if descending else key, kind="stable")
    result: np.ndarray[Any, np.dtype[np.int64]] = rows[order]
    return result
