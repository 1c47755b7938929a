"""Cost of turning a distinct request into its context and cache key, in-process.

    .venv/bin/python bench/params_cost.py --data DIR [--n 500] [--rounds 40]

``Endpoint.prepare_context`` alone (release resolved, variant chosen, query parsed into the
variant's parameter Struct, canonical cache key, ``Context``) for the two randomized workloads
of ``workloads.py``, every query distinct; prints the fastest round's µs per request. The
part of a miss that typed parameters (issue 19) changed, small beside the whole miss
(``miss_cost.py``), so measured alone and as the minimum over rounds: on a shared machine the
minimum is what varies least.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workloads import occupation_queries, task_queries

from econindex_api.server.data_source import LocalDataSource
from econindex_api.server.declarations import all_endpoints
from econindex_api.server.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    snapshot = Store(LocalDataSource(args.data)).load()
    endpoints = {e.name: e for e in all_endpoints()}
    release = {"release": "2025-02-10"}
    for name, queries in (
        ("tasks", task_queries(args.n, seed=1)),
        ("occupations", occupation_queries(args.n, seed=2)),
    ):
        endpoint = endpoints[name]
        encoded = [q.encode() for q in queries]
        best = float("inf")
        for _ in range(args.rounds):
            started = time.perf_counter()
            for query in encoded:
                endpoint.prepare_context(snapshot, release, query, None)
            best = min(best, (time.perf_counter() - started) / len(encoded))
        print(f"{name:12s} {best * 1e6:6.2f} µs per prepare_context (best of {args.rounds})")


if __name__ == "__main__":
    main()
