"""Server time of an uncached series over every usage release, in-process (issue 21).

    .venv/bin/python bench/series_cost.py --data DIR [--n 200]

Loads every release of ``DIR`` (``run_geo_bench.py --with-v2 --work W`` leaves one in
``W/every``: the real first-generation releases, 2025-09-15 from its real partial rows,
synthetic 2026-01-15, 2026-03-24 and 2026-06-26), then answers series requests through the
registry's miss path (parse, canonical key, comparability check, every release's rows, encode)
without a server and without the answer cache: each request is a distinct entity or parameter
set. Prints, per series endpoint, the median and 95th percentile of wall time per answer in
ms, and the releases the series spanned. ``--n`` caps the distinct entities per endpoint.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import time
from pathlib import Path

import msgspec

from econindex_api.server.data_source import LocalDataSource
from econindex_api.server.declarations import all_endpoints
from econindex_api.server.store import Store
from econindex_api.server.toolkit.problems import ApiProblem

FIRST = "2025-02-10"


def requests(snapshot_root: Path, n: int) -> dict[str, list[tuple[dict[str, str], bytes]]]:
    """(path parameters, query) per series endpoint, every one distinct."""
    import polars as pl

    rng = random.Random(21)
    first = next((snapshot_root / "releases" / FIRST).glob("*/data"))
    occupations = pl.read_csv(first / "occupation_usage.csv", infer_schema=False)
    codes = occupations["onet_soc_code"].unique().sort().to_list()
    tasks = pl.read_csv(first / "tasks.csv", infer_schema=False)
    task_ids = [t for t in tasks["task_id"].drop_nulls().unique().sort().to_list() if t]
    groups = sorted({c[:2] for c in codes})
    newest = sorted((snapshot_root / "releases").glob("2026-*"))[-1]
    geo = pl.read_csv(next(newest.glob("*/data/geo_usage.csv")), infer_schema=False)
    geo_ids = geo["geo_id"].unique().sort().to_list()
    thresholds = [f"{t / 100:g}" for t in range(5, 100, 5)]
    return {
        "series_categories": [({"major_group": g}, b"") for g in groups],
        "series_occupations": [({"code": c}, b"") for c in rng.sample(codes, min(n, len(codes)))],
        "series_tasks": [
            ({"task_id": t}, b"") for t in rng.sample(task_ids, min(n, len(task_ids)))
        ],
        "series_interaction_modes": [({}, b"value=headline_share_pct")],
        "series_depth": [
            ({}, f"until=2025-03-27&thresholds={a},{b}".encode())
            for a, b in itertools.pairwise(thresholds)
        ],
        "series_geographies": [
            ({"geo_id": g}, b"") for g in rng.sample(geo_ids, min(n, len(geo_ids)))
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    snapshot = Store(LocalDataSource(args.data)).load()
    endpoints = {e.name: e for e in all_endpoints()}
    print(f"releases loaded: {', '.join(sorted(snapshot.releases))}")
    print("| series | distinct requests | releases spanned | median ms | p95 ms | refused |")
    print("|---|---|---|---|---|---|")
    for name, batch in requests(args.data, args.n).items():
        endpoint = endpoints[name]
        times: list[float] = []
        refused = 0
        spanned = 0
        for path_params, query in batch:
            started = time.perf_counter()
            try:
                ctx, _ = endpoint.prepare_context(snapshot, path_params, query, None)
                prepared = ctx.variant.answer(ctx)
            except ApiProblem:
                refused += 1  # an entity some release lacks entirely, or incomparable
                continue
            times.append((time.perf_counter() - started) * 1000)
            assert prepared.body is not None
            body = msgspec.json.decode(prepared.body)
            spanned = max(spanned, len(body["releases"]))
        if not times:
            print(f"| {name} | {len(batch)} | - | - | - | {refused} |")
            continue
        times.sort()
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(
            f"| {name} | {len(batch)} | {spanned} | "
            f"{statistics.median(times):.2f} | {p95:.2f} | {refused} |"
        )


if __name__ == "__main__":
    main()
