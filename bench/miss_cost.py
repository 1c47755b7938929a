"""CPU per uncached answer, in-process: where a distinct query's time goes.

    .venv/bin/python bench/miss_cost.py --data DIR [--n 2000] [--profile]

Runs the two randomized workloads of ``workloads.py`` (random ``q`` word plus random
``min_share_pct`` on /tasks; random ``min_wage_usd``/``max_wage_usd`` on /occupations)
through the registry's miss path (parse, canonical key, query, page, encode) without a server,
every request distinct, and prints µs per answer; ``--profile`` adds cProfile's top entries.
The words and numbers come from the same generator as the wrk scripts (``workloads.py``).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workloads import occupation_queries, task_queries

from econindex_api.server.data_source import LocalDataSource
from econindex_api.server.declarations import all_endpoints
from econindex_api.server.store import Store
from econindex_api.server.toolkit.registry import Endpoint


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    snapshot = Store(LocalDataSource(args.data)).load()
    endpoints = {e.name: e for e in all_endpoints()}
    for name, queries in (
        ("tasks", task_queries(args.n, seed=1)),
        ("occupations", occupation_queries(args.n, seed=2)),
    ):
        endpoint = endpoints[name]

        def run(queries: list[str] = queries, endpoint: Endpoint = endpoint) -> None:
            for query in queries:
                ctx, _ = endpoint.prepare_context(
                    snapshot, {"release": "2025-02-10"}, query.encode(), None
                )
                ctx.variant.answer(ctx)

        started = time.process_time()
        run()
        cpu = (time.process_time() - started) / len(queries)
        print(f"{name:12s} {cpu * 1e6:8.0f} µs CPU per uncached answer ({len(queries)} distinct)")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            run()
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
