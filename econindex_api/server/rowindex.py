"""Fast distinct list queries: a row frame prepared once so that a page costs microseconds.

Profiling an uncached ``/tasks?q=<word>&min_share_pct=<x>`` (``bench/miss_cost.py``) showed
where the time went before: the Polars text filter over 19,530 statements (~650 µs, most of
it fixed per-call cost of a lazy query), sorting the matches (~170-1,700 µs), turning the
page into dicts and structs row by row (~150 µs), and gzip of every answer whether or not the
client accepts it (~300 µs). A :class:`RowIndex` removes each:

* every row's JSON is encoded once, when the release is loaded (``rows_json``); a page is
  ``b",".join`` of its rows' bytes spliced into the page envelope (``msgspec.Raw``);
* numeric filters are NumPy comparisons on arrays extracted once (nulls are NaN, so a bound
  leaves them out, as the Polars query does);
* equality filters on codes compare small integer codes;
* each sort order is a permutation computed once (by the same ``queries.sort_rows``, so ties
  and nulls are ordered identically) and reused: selecting rows in order is one boolean
  gather;
* text search keeps Polars' substring match, but per word, and keeps the word's row mask in a
  small LRU (``MAX_MASKS`` words per index): search words repeat far more than the rest of a
  query, which varies.

Results are identical to the Polars queries in ``queries`` (tests compare both on random
queries over the real data). Everything here is built at load and counted in the process's
memory budget (``nbytes``); the LRU of masks adds at most ``MAX_MASKS`` x rows bytes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import msgspec
import numpy as np
import polars as pl

from econindex_api.server import queries

MAX_MASKS = 512
Mask = np.ndarray[Any, np.dtype[np.bool_]]
Indices = np.ndarray[Any, np.dtype[np.int64]]


class RowIndex:
    """One row frame (already in its key order) prepared for fast filtered pages."""

    def __init__(
        self,
        frame: pl.DataFrame,
        row_type: Any,
        key: Sequence[str],
        numeric: Sequence[str] = (),
        codes: Sequence[str] = (),
        text: Sequence[str] = (),
    ) -> None:
        self.frame = frame
        self.key = list(key)
        encoder = msgspec.json.Encoder()
        structs: list[Any] = msgspec.convert(frame.to_dicts(), list[row_type])
        self.rows_json: list[bytes] = [encoder.encode(s) for s in structs]
        self.numbers = {
            c: frame[c].cast(pl.Float64).fill_null(float("nan")).to_numpy() for c in numeric
        }
        self._codes: dict[str, tuple[dict[Any, int], np.ndarray[Any, np.dtype[np.int32]]]] = {}
        for column in codes:
            values = frame[column].to_list()
            lookup = {v: i for i, v in enumerate(dict.fromkeys(values))}
            self._codes[column] = (lookup, np.array([lookup[v] for v in values], dtype=np.int32))
        # lower-cased once, here, not on every search
        self._text = {c: frame[c].str.to_lowercase() for c in text}
        self._orders: dict[str, Indices] = {}
        self._ranks: dict[str, Indices] = {}
        self._masks: OrderedDict[tuple[str, str, str], Mask] = OrderedDict()
        self._lock = threading.Lock()
        self.height = frame.height

    @property
    def nbytes(self) -> int:
        rows = sum(len(b) + 33 for b in self.rows_json) + 8 * len(self.rows_json)
        arrays = sum(a.nbytes for a in self.numbers.values())
        arrays += sum(c.nbytes for _, c in self._codes.values())
        text = sum(int(s.estimated_size()) for s in self._text.values())
        orders = 2 * 8 * self.height * 16  # up to 16 sort orders and their ranks
        masks = MAX_MASKS * self.height
        return rows + arrays + text + orders + masks

    # --- masks ---

    def all(self) -> Mask:
        return np.ones(self.height, dtype=np.bool_)

    def at_least(self, column: str, value: float) -> Mask:
        # NaN (null) compares False without a warning: a bound leaves nulls out
        mask: Mask = np.greater_equal(self.numbers[column], value)
        return mask

    def at_most(self, column: str, value: float) -> Mask:
        mask: Mask = np.less_equal(self.numbers[column], value)
        return mask

    def values_of(self, column: str) -> list[Any]:
        return list(self._codes[column][0])

    def equals(self, column: str, value: Any) -> Mask:
        lookup, codes = self._codes[column]
        code = lookup.get(value)
        if code is None:
            return np.zeros(self.height, dtype=np.bool_)
        return np.asarray(codes == code, dtype=np.bool_)

    def distinct(self, column: str, positions: Indices) -> int:
        """How many distinct values of ``column`` (one of ``codes``) the rows at
        ``positions`` hold."""
        _, codes = self._codes[column]
        return int(np.unique(codes[positions]).size)

    def contains_words(self, column: str, q: str | None) -> Mask | None:
        """Every white-space separated word of q (lower-cased) in the lower-cased column;
        None when q has no words (no filter)."""
        words = (q or "").lower().split()
        if not words:
            return None
        mask = self._cached(("contains", column, words[0]), self._contains(column, words[0]))
        for word in words[1:]:
            mask = mask & self._cached(("contains", column, word), self._contains(column, word))
        return mask

    def starts_with(self, column: str, prefix: str) -> Mask:
        def compute() -> Mask:
            found = self.frame[column].str.starts_with(prefix).fill_null(False).to_numpy()
            return np.asarray(found, dtype=np.bool_)

        return self._cached(("prefix", column, prefix), compute)

    def _contains(self, column: str, word: str) -> Callable[[], Mask]:
        def compute() -> Mask:
            source = self._text[column] if column in self._text else self.frame[column]
            found = source.str.contains(word, literal=True).fill_null(False).to_numpy()
            return np.asarray(found, dtype=np.bool_)

        return compute

    def _cached(self, key: tuple[str, str, str], compute: Callable[[], Mask]) -> Mask:
        with self._lock:
            found = self._masks.get(key)
            if found is not None:
                self._masks.move_to_end(key)
                return found
        mask = compute()
        mask.setflags(write=False)
        with self._lock:
            self._masks[key] = mask
            while len(self._masks) > MAX_MASKS:
                self._masks.popitem(last=False)
        return mask

    # --- order and selection ---

    def order(self, sort: str) -> Indices:
        """Row positions in ``sort`` order (then the key; nulls last), computed once."""
        return self._order_and_rank(sort)[0]

    def _order_and_rank(self, sort: str) -> tuple[Indices, Indices]:
        found = self._orders.get(sort)
        if found is None:
            positions = self.frame.with_row_index("__position")
            ordered = queries.sort_rows(positions, sort, self.key)["__position"]
            order = ordered.cast(pl.Int64).to_numpy()
            rank = np.empty_like(order)
            rank[order] = np.arange(len(order))  # rank[row] = its place in this order
            order.setflags(write=False)
            rank.setflags(write=False)
            with self._lock:
                self._orders[sort] = order
                self._ranks[sort] = rank
            return order, rank
        return found, self._ranks[sort]

    def select(self, mask: Mask | None, sort: str) -> Indices:
        """Positions of the rows in ``mask`` (all when None), in ``sort`` order."""
        order, rank = self._order_and_rank(sort)
        if mask is None:
            return order
        chosen = np.flatnonzero(mask)
        if len(chosen) * 8 < self.height:
            # few rows: sort them by their rank (cheaper than gathering the whole order)
            return chosen[np.argsort(rank[chosen], kind="stable")]
        return order[mask[order]]

    def json_rows(self, positions: Indices) -> bytes:
        """The JSON array of the rows at ``positions``, joined from their encoded bytes."""
        rows = self.rows_json
        parts = [rows[i] for i in positions.tolist()]
        if not parts:
            return b"[]"
        # The brackets go on the first and last row (two small copies), not around the
        # joined page: that would copy the whole page (~50 KB for 100 tasks) twice more.
        parts[0] = b"[" + parts[0]
        parts[-1] = parts[-1] + b"]"
        return b",".join(parts)

    def take(self, positions: Indices) -> pl.DataFrame:
        return self.frame[positions]


class RowSource(Protocol):
    """What ``respond.page_answer`` needs of an index: rows by position, as JSON or a frame."""

    def json_rows(self, positions: Indices) -> bytes: ...

    def take(self, positions: Indices) -> pl.DataFrame: ...


_ROW_JSON = pl.struct(pl.all()).struct.json_encode()
SMALL_PAGE = 32  # rows; below it, dicts and msgspec beat a Polars query (measured)


class PostingIndex:
    """Equality filters over a long table (hundreds of thousands to millions of rows), for
    ``/observations``.

    A :class:`RowIndex` encodes every row once and filters with full-length masks: right for
    a few tens of thousands of rows, too much memory (JSON of every row) and too slow (a
    mask per filter over every row) for the long-format observations (477,717 rows in
    2026-03-24, 2,128,278 in 2026-06-26). Here each filter column keeps

    * its values as small integer codes, one per row (``codes``), and
    * for the columns in ``postings``, the ascending positions of the rows holding each value
      (an inverted index),

    so a query starts from the shortest posting list among its filters and narrows it with
    the other filters' codes: its cost follows the rows it can match, not the table. Rows
    are encoded when a page asks for them (a page is at most ``MAX_LIMIT`` rows). The frame
    is in key order, so ascending positions are the key order.
    """

    def __init__(
        self,
        frame: pl.DataFrame,
        row_type: Any,
        codes: Sequence[str],
        postings: Sequence[str],
        numeric: Sequence[str] = (),
    ) -> None:
        # Rows are encoded straight from the frame's dicts: its columns must be the row
        # model's fields, in order (the OpenAPI documents the model).
        fields = list(row_type.__struct_fields__)
        if frame.columns != fields:
            raise ValueError(f"frame columns {frame.columns} are not {row_type.__name__} {fields}")
        self.frame = frame
        self.height = frame.height
        self._encoder = msgspec.json.Encoder()
        self._lookup: dict[str, dict[Any, int]] = {}
        self._codes: dict[str, np.ndarray[Any, Any]] = {}
        # column -> (positions grouped by code, each group ascending; start of each code's
        # group): the posting list of code c is order[starts[c]:starts[c + 1]], a view.
        self._postings: dict[str, tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]] = {}
        for column in dict.fromkeys([*codes, *postings]):
            series = frame[column]
            # Dense ranks are the codes (1..n in sorted order, 0 for null): computed in Rust,
            # no Python object per row.
            ranks = series.rank("dense").fill_null(0).cast(pl.Int64).to_numpy()
            values = series.drop_nulls().unique().sort().to_list()
            lookup: dict[Any, int] = {v: i + 1 for i, v in enumerate(values)}
            if series.null_count():
                lookup[None] = 0
            self._lookup[column] = lookup
            dtype = np.int16 if len(values) < 2**15 - 1 else np.int32
            self._codes[column] = ranks.astype(dtype)
            if column in postings:
                order = np.argsort(ranks, kind="stable").astype(np.int32)
                starts = np.concatenate(
                    ([0], np.cumsum(np.bincount(ranks, minlength=len(values) + 1)))
                )
                self._postings[column] = (order, starts)
        self.numbers = {c: frame[c].cast(pl.Float64).to_numpy() for c in numeric}

    @property
    def nbytes(self) -> int:
        codes = sum(a.nbytes for a in self._codes.values())
        postings = sum(o.nbytes + st.nbytes for o, st in self._postings.values())
        return codes + postings + sum(a.nbytes for a in self.numbers.values())

    def has(self, column: str, value: Any) -> bool:
        return value in self._lookup[column]

    def values(self, column: str) -> list[Any]:
        """The column's values, sorted (for problem messages)."""
        return sorted((v for v in self._lookup[column] if v is not None), key=str)

    def _posting(self, column: str, value: Any) -> np.ndarray[Any, Any] | None:
        code = self._lookup[column].get(value)
        if code is None:
            return None
        order, starts = self._postings[column]
        return order[starts[code] : starts[code + 1]]

    def positions(self, filters: Mapping[str, Any]) -> Indices:
        """Ascending positions of the rows equal to every ``filters`` value (every row when
        there is none)."""
        active = {c: v for c, v in filters.items() if v is not None}
        candidates: Indices | None = None
        rest = dict(active)
        listed = [c for c in active if c in self._postings]
        if listed:
            lists = [self._posting(c, active[c]) for c in listed]
            found = [x for x in lists if x is not None]
            if len(found) < len(lists):
                return np.empty(0, dtype=np.int64)
            shortest = min(range(len(found)), key=lambda i: len(found[i]))
            candidates = found[shortest].astype(np.int64)
            del rest[listed[shortest]]
        for column, value in rest.items():
            code = self._lookup[column].get(value)
            if code is None:
                return np.empty(0, dtype=np.int64)
            codes = self._codes[column]
            if candidates is None:
                candidates = np.flatnonzero(codes == code)
            else:
                candidates = candidates[codes[candidates] == code]
        if candidates is None:
            return np.arange(self.height, dtype=np.int64)
        return candidates

    def sorted_by(self, positions: Indices, column: str, descending: bool) -> Indices:
        """``positions`` ordered by a numeric column (then the key: stable on ascending
        positions); NaN last."""
        values = self.numbers[column][positions]
        keys = -values if descending else values
        return positions[np.argsort(keys, kind="stable")]

    def json_rows(self, positions: Indices) -> bytes:
        """The JSON array of the rows at ``positions``.

        Few rows: Python dicts encoded by msgspec (a Polars query has ~150 µs of fixed
        cost). Many: Polars encodes each row's struct (``json_encode``), about three times
        faster than building 100 dicts of 16 fields, which dominated a full uncached page.
        Both give the same JSON values (tests/test_geographies.py compares pages with the
        package's CSV)."""
        rows = self.take(positions)
        if rows.height <= SMALL_PAGE:
            return self._encoder.encode(rows.to_dicts())
        joined: str = rows.select(_ROW_JSON.str.join(",")).item()
        return b"[" + joined.encode() + b"]"

    def take(self, positions: Indices) -> pl.DataFrame:
        # A page of key-ordered rows is mostly one run of positions: a slice copies nothing.
        n = len(positions)
        if (
            n
            and int(positions[-1]) - int(positions[0]) == n - 1
            and bool(np.all(np.diff(positions) == 1))
        ):
            return self.frame.slice(int(positions[0]), n)
        return self.frame.gather(pl.Series(positions))
