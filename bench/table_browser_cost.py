"""What a table browser query costs on a table the size of 2026-06-26's observations.

A synthetic frame of 2.1 million rows shaped like the long tables as the store holds them
(``store.read_table``: text columns Categorical, a few thousand distinct node names), no
upstream data. Times ``table_query.select_positions`` (the filter, search and sort of one
uncached query) and the gather and encoding of one page of 100 rows
(``areas.tables.TableRows``). Run: ``.venv/bin/python bench/table_browser_cost.py``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from econindex_api.server import table_query as TQ
from econindex_api.server.areas.tables import TableRows

ROWS = 2_100_000
REPEATS = 5


def frame() -> pl.DataFrame:
    rng = np.random.default_rng(7)
    names = [f"node {i} of some request cluster" for i in range(5000)]
    geos = ["GLOBAL", "USA", "GBR", "FRA", "IND", "BRA", *(f"US-{i:02d}" for i in range(50))]
    metrics = ["usage_pct", "usage_count", "pct", "collaboration_directive_pct", "ai_autonomy_mean"]
    text = {
        "geo_id": rng.choice(geos, ROWS),
        "metric_id": rng.choice(metrics, ROWS),
        "node_name": rng.choice(names, ROWS),
    }
    return pl.DataFrame(
        {
            **{k: pl.Series(v).cast(pl.Categorical) for k, v in text.items()},
            "hierarchy_level": rng.integers(0, 3, ROWS),
            "value": rng.random(ROWS) * 100,
        }
    )


def timed(run: Callable[[], Any]) -> float:
    """Median milliseconds of ``REPEATS`` runs."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    table = frame()
    kinds = TQ.column_kinds(table)
    f = lambda raw: TQ.parse_filter(raw, kinds)  # noqa: E731
    cases = {
        "no filter, table order": ([], None, None),
        "geo_id:USA": ([f("geo_id:USA")], None, None),
        "geo_id:USA + metric_id + value:>=50, sort -value": (
            [f("geo_id:USA"), f("metric_id:usage_pct"), f("value:>=50")],
            None,
            ("value", True),
        ),
        "q=cluster 12 (two words, every text column)": ([], "cluster 12", None),
        "sort node_name (whole table)": ([], None, ("node_name", False)),
        "sort -value (whole table)": ([], None, ("value", True)),
    }
    rows = TableRows(table)
    print(f"{ROWS:,} rows, median of {REPEATS} runs")
    for label, (filters, q, sort) in cases.items():
        positions = TQ.select_positions(table, filters, q, sort, kinds)
        cost = timed(lambda f=filters, w=q, o=sort: TQ.select_positions(table, f, w, o, kinds))
        page = positions[1000:1100]
        encode = timed(lambda p=page: rows.json_rows(p))
        print(f"{label:52s} {len(positions):>9,} rows  query {cost:7.1f} ms  page {encode:5.2f} ms")


if __name__ == "__main__":
    main()
