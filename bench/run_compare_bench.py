"""Benchmark: server time of an uncached compare of every task (target < 20 ms).

"Server time" is the work the server does for one uncached answer of
``/v1/compare/{from}/{to}/tasks``: parse and resolve, join the two releases' 19,530 task
statements on the task id, compute the change columns, sort by absolute change, take the page
and encode the body (a gzip form is made only when a client accepts gzip, so it is not part of
this). It is measured in-process by running the registry's own code path
(``Endpoint.prepare_context`` + the answer) against the loaded releases, repeated with nothing
cached, so no HTTP client noise is included. Wall time and process CPU time (all threads,
Polars works on several) are both reported: on a shared machine the CPU time is the steadier
measure of the server's own work. A second measure is over HTTP against a running server:
the first request of each distinct query (a miss) against the same request again (a hit).

Usage (from the repository root):

    .venv/bin/python bench/run_compare_bench.py --raw ../shared/aei [--rounds 50]

It builds the raw releases into a temporary directory (never into the repository), compares
the oldest and newest dated usage releases, prints a table and writes nothing else.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import free_port, http_get, tool, wait_answered  # noqa: E402
from bench.common import start as start_server  # noqa: E402


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


Row = tuple[str, list[float], list[float], int]


def in_process(root: Path, rounds: int) -> tuple[str, str, list[Row]]:
    from econindex_api.server.data_source import open_data_source
    from econindex_api.server.declarations import all_endpoints
    from econindex_api.server.store import Store

    store = Store(open_data_source(str(root)))
    snapshot = store.load()
    dated = sorted(
        (s for s in snapshot.releases.values() if s.entry.series == "usage" and s.entry.date),
        key=lambda s: s.entry.date or "",
    )
    first, last = dated[0].id, dated[-1].id
    endpoint = next(e for e in all_endpoints() if e.name == "compare_tasks")
    queries = [
        ("default page (100 rows, JSON)", b""),
        ("1,000 rows (JSON)", b"limit=1000"),
        ("every task (CSV, 19,530 rows)", b"format=csv"),
        ("q=software (JSON)", b"q=software"),
    ]
    out = []
    for label, query in queries:
        times, cpu = [], []
        size = 0
        for _ in range(rounds):
            start = time.perf_counter()
            cpu_start = time.process_time()
            ctx, _key = endpoint.prepare_context(snapshot, {"from": first, "to": last}, query, None)
            prepared = ctx.variant.answer(ctx)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
            size = len(prepared.body)
        out.append((label, times, cpu, size))
    return first, last, out


def over_http(root: Path, first: str, last: str, rounds: int) -> tuple[list[float], list[float]]:
    port = free_port()
    server = start_server(
        "compare-bench",
        [tool("econindex"), "serve", "--data", str(root), "--port", str(port)],
        port,
        env={"ECONINDEX_WATCH_INTERVAL": "0"},
        log_dir=root.parent,
    )
    try:
        wait_answered(server, "/health")
        misses, hits = [], []
        for i in range(rounds):
            # A distinct limit each round: a new cache key, the same join and sort.
            path = f"/v1/compare/{first}/{last}/tasks?limit={100 + i}"
            start = time.perf_counter()
            status, _, _ = http_get(port, path)
            misses.append((time.perf_counter() - start) * 1000)
            assert status == 200, status
            start = time.perf_counter()
            http_get(port, path)
            hits.append((time.perf_counter() - start) * 1000)
        return misses, hits
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=REPO.parent / "shared" / "aei")
    parser.add_argument("--data", type=Path, help="an already built data root (skips the build)")
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.data
        if root is None:
            from econindex_api.publishing.pipeline import build_all

            root = Path(tmp) / "root"
            build_all(args.raw, root)
        first, last, rows = in_process(root, args.rounds)
        print(f"compare {first} -> {last}, tasks, {args.rounds} uncached rounds each (ms)")
        print(f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("| query | wall median | wall p95 | wall min | CPU median | body bytes |")
        print("|---|---|---|---|---|---|")
        for label, times, cpu, size in rows:
            print(
                f"| {label} | {statistics.median(times):.2f} | {_percentile(times, 0.95):.2f} | "
                f"{min(times):.2f} | {statistics.median(cpu):.2f} | {size:,} |"
            )
        misses, hits = over_http(root, first, last, min(args.rounds, 30))
        print()
        print("over HTTP (granian, 1 worker; wall time of one request, ms)")
        print("| request | median | p95 |")
        print("|---|---|---|")
        print(
            f"| uncached (miss) | {statistics.median(misses):.2f} | "
            f"{_percentile(misses, 0.95):.2f} |"
        )
        print(f"| cached (hit) | {statistics.median(hits):.2f} | {_percentile(hits, 0.95):.2f} |")


if __name__ == "__main__":
    main()
