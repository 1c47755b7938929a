"""Issue 18, N2: /health latency while clients ask pages under made-up Host headers.

Starts ``econindex serve`` (granian, 1 worker) over a data root, measures ``/health`` alone
(baseline), then again while ``--clients`` threads ask pages that need chart renders (release,
occupation, series and compare pages) each with a new ``Host`` header, for ``--seconds``.
Reports /health p50/p99/max, the pages answered (200/503), the renders the server did
(``/ready``'s ``renders``, when it has it) and the RSS of the server's process tree (workers
and the render process).

    .venv/bin/python bench/run_render_health_bench.py --data DIR [--clients 4] [--seconds 20]

Everything on 127.0.0.1; every loop is bounded by time.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import HOST, free_port, get_json, rss_mib, start, wait_answered


def timed_get(port: int, path: str, headers: dict[str, str]) -> tuple[int, float]:
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def health_latencies(port: int, seconds: float, stop: threading.Event | None = None) -> list[float]:
    out = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (stop and stop.is_set()):
        _, took = timed_get(port, "/health", {})
        out.append(took * 1000)
        time.sleep(0.02)
    return out


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def page_paths(port: int, occupations: int) -> list[str]:
    query = f"limit={occupations}&sort=-share_pct"
    rows = get_json(port, f"/v1/releases/2025-03-27/occupations?{query}")["data"]
    codes = [r["onet_soc_code"] for r in rows]
    paths = ["/releases/2025-02-10", "/releases/2025-03-27", "/compare/2025-02-10/2025-03-27"]
    paths += [f"/occupations/{c}" for c in codes]
    paths += [f"/releases/2025-03-27/occupations/{c}" for c in codes]
    return paths


def renders(port: int) -> Any:
    return get_json(port, "/ready").get("renders")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="a built data root")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--occupations",
        type=int,
        default=40,
        help="occupations whose two pages are asked (1000: nearly every page is a fresh build)",
    )
    args = parser.parse_args()
    port = free_port()
    server = start(
        "render-health",
        [
            sys.executable,
            "-m",
            "econindex_api.cli",
            "serve",
            "--data",
            args.data,
            "--port",
            str(port),
        ],
        port,
        env={"ECONINDEX_SERVER": "granian"},
    )
    try:
        wait_answered(server, "/health")
        baseline = health_latencies(port, 5.0)
        paths = page_paths(port, args.occupations)
        counter = itertools.count()
        statuses: dict[int, int] = {}
        lock = threading.Lock()
        stop = threading.Event()
        renders_before = renders(port)

        def client() -> None:
            while not stop.is_set():
                i = next(counter)
                path = paths[i % len(paths)]
                host = f"h{i}.example:{1000 + i % 50000}"
                status, _ = timed_get(port, path, {"accept": "text/html", "host": host})
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1

        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        rss_peak = 0.0
        loaded: list[float] = []
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            loaded += health_latencies(port, 1.0)
            rss_peak = max(rss_peak, rss_mib(server.pid)["tree_mib"])
        stop.set()
        for thread in threads:
            thread.join(timeout=180)
        result = {
            "clients": args.clients,
            "distinct_pages": len(paths),
            "seconds": args.seconds,
            "health_idle": summary(baseline),
            "health_during_pages": summary(loaded),
            "page_statuses": statuses,
            "renders": [renders_before, renders(port)],
            "rss_tree_peak_mib": round(rss_peak, 1),
        }
        print(json.dumps(result, indent=2))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
