"""Issue 8 benchmarks: the two randomized (uncached) workloads next to Datasette, and the flood.

    .venv/bin/python bench/run_query_bench.py --data DIR           # about 3 minutes
    .venv/bin/python bench/run_query_bench.py --data DIR --quick   # 3 s runs

1. **Randomized workloads** (``workloads.py``; wrk Lua scripts generate every request):
   random word + random ``min_share_pct`` on ``/tasks``, random wage range on
   ``/occupations``: practically every request is distinct, so every one is a cache miss.
   Datasette answers the same random queries through its SQL endpoint (same filters, order,
   limit 100) over the SQLite file of ``datasette_db.py`` (plus an index on
   ``occupation_rows(median_wage_usd)``: its best case). Before timing, a few random queries
   are checked to return the same rows on both sides. Next to them: the same endpoints with
   one fixed query repeated (the cached figures).
2. **Flood**: 4 clients (``wrk -c4``) flood distinct full-CSV exports
   (``/tasks?format=csv&min_share_pct=<random>``, ~19,500 rows each, every one a miss) while
   two probes measure ``/health`` and a cached query (``wrk -c2`` each, at the same time).
   Target: both probes p50 < 10 ms and p99 < 50 ms. The probes are also measured without the
   flood, for reference.

Our server: granian, 1 worker (``econindex serve``'s default). Everything on 127.0.0.1.
Results: stdout and ``bench/results/query-<time>.{md,json}``.

**Variants in one run** (``--variant NAME:KEY=VALUE,...``, repeated): several servers of ours
over the same data, each started with its own environment, all running at once and measured
one after the other on each workload (then the flood, one after the other), so that their
figures share the machine's conditions. ``PYTHONPATH=DIR`` serves another checkout's code
(e.g. ``git archive <commit> | tar -x -C DIR``) with this environment's packages::

    .venv/bin/python bench/run_query_bench.py --data DIR \
        --variant before:PYTHONPATH=/tmp/main-code --variant after
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from common import (
    RESULTS,
    WrkResult,
    free_port,
    get_json,
    machine_note,
    measured_wrk,
    rss_mib,
    run_wrk,
    start,
    table,
    tool,
    wait_answered,
    write_json,
)
from datasette_db import build as build_sqlite
from run_api_bench import compare_rows, datasette_rows
from workloads import (
    DB,
    OCCUPATIONS_PATH,
    TASKS_PATH,
    occupation_query,
    occupation_sql,
    task_query,
    task_sql,
    write_scripts,
)

CACHED = {
    "tasks": f"{TASKS_PATH}?q=software&min_share_pct=0.001",
    "occupations": f"{OCCUPATIONS_PATH}?min_wage_usd=50000&max_wage_usd=90000",
}
FLOOD_LUA = """
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
init = function(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
end
request = function()
  local m = string.format("%%.9f", math.random(1, 999999999) / 1e12)
  return wrk.format("GET", "%(path)s?format=csv&min_share_pct=" .. m)
end
"""


def ours_argv(port: int) -> list[str]:
    return [
        tool("granian"),
        "--interface",
        "asgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
        "--factory",
        "econindex_api.server.app:create_app",
    ]


def datasette_argv(db: Path, port: int) -> list[str]:
    return [
        tool("datasette"),
        "serve",
        "-i",
        str(db),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "--setting",
        "suggest_facets",
        "off",
    ]


def check_same_rows(ours_port: int, theirs_port: int) -> int:
    rng = random.Random(20261124)
    checked = 0
    for _ in range(8):
        word, share = task_query(rng)
        page = get_json(ours_port, f"{TASKS_PATH}?q={word}&min_share_pct={share:.6f}")
        sql = f"/{DB}.json?sql=" + quote(task_sql(word, share), safe="")
        problem = compare_rows(page["data"], datasette_rows(theirs_port, sql))
        if problem is not None:
            raise SystemExit(f"tasks q={word} min_share_pct={share}: {problem}")
        low, high = occupation_query(rng)
        page = get_json(ours_port, f"{OCCUPATIONS_PATH}?min_wage_usd={low}&max_wage_usd={high}")
        sql = f"/{DB}.json?sql=" + quote(occupation_sql(low, high), safe="")
        problem = compare_rows(page["data"], datasette_rows(theirs_port, sql))
        if problem is not None:
            raise SystemExit(f"occupations {low}-{high}: {problem}")
        checked += 2
    return checked


def fmt(result: WrkResult) -> list[str]:
    errors = result.non_2xx_3xx + result.socket_errors
    return [
        f"{result.requests_per_s:,.0f}",
        f"{result.p50_ms:.2f}",
        f"{result.p99_ms:.2f}",
        f"{result.server_cpu_us_per_request:.0f}",
        f"{result.other_cores:.2f}",
        str(errors),
    ]


def flood(
    port: int, pid: int, scripts: Path, duration_s: float
) -> tuple[WrkResult, WrkResult, WrkResult]:
    """Flood and both probes at the same time; (flood, health, cached)."""
    lua = scripts / "flood.lua"
    lua.write_text(FLOOD_LUA % {"path": TASKS_PATH})
    base = f"http://127.0.0.1:{port}"
    out: dict[str, WrkResult] = {}

    def run(name: str, **kwargs: Any) -> None:
        out[name] = run_wrk(duration_s=duration_s, **kwargs)

    threads = [
        threading.Thread(
            target=run,
            args=("flood",),
            kwargs={"url": base + "/", "connections": 4, "threads": 1, "script": lua},
        ),
        threading.Thread(
            target=run,
            args=("health",),
            kwargs={"url": base + "/health", "connections": 2, "threads": 1},
        ),
        threading.Thread(
            target=run,
            args=("cached",),
            kwargs={"url": base + CACHED["tasks"], "connections": 2, "threads": 1},
        ),
    ]
    threads[0].start()
    time.sleep(0.5)  # the flood is under way before the probes start
    for t in threads[1:]:
        t.start()
    for t in threads:
        t.join()
    return out["flood"], out["health"], out["cached"]


def parse_variant(text: str) -> tuple[str, dict[str, str]]:
    """``NAME`` or ``NAME:KEY=VALUE,KEY=VALUE``: a label and the server's extra environment."""
    name, _, rest = text.partition(":")
    env = {}
    for item in filter(None, rest.split(",")):
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise SystemExit(f"--variant {text!r}: expected NAME:KEY=VALUE,...")
        env[key] = value
    if not name:
        raise SystemExit(f"--variant {text!r}: a name is needed")
    return name, env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="a built data root")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="3 s runs")
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="NAME[:KEY=VALUE,...]",
        help="a server of ours with this extra environment; repeat to compare in one run",
    )
    args = parser.parse_args(argv)
    variants = [parse_variant(v) for v in args.variant] or [("econindex", {})]
    if args.quick:
        args.duration = 3
    data_root = Path(args.data).resolve()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    log_dir = RESULTS / f"query-{stamp}-logs"
    load = {"connections": args.connections, "threads": args.threads}
    results: dict[str, Any] = {"meta": {"machine": machine_note(), "date": stamp, **load}}
    rows: list[list[str]] = []
    flood_rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="econindex-query-bench-") as tmp:
        work = Path(tmp)
        scripts = write_scripts(work / "lua")
        db = work / f"{DB}.db"
        build_sqlite(data_root, db)
        with sqlite3.connect(db) as conn:
            conn.execute("create index if not exists occ_wage on occupation_rows(median_wage_usd)")
            conn.execute("analyze")
        ours: dict[str, Any] = {}
        try:
            for name, extra in variants:
                env = {"ECONINDEX_DATA": str(data_root), **extra}
                port = free_port()
                ours[name] = start(
                    f"econindex-granian-{name}", ours_argv(port), port, env=env, log_dir=log_dir
                )
            for server in ours.values():
                wait_answered(server, "/health")
            _random_and_cached(args, results, rows, scripts, db, ours, load, log_dir)
            for name, server in ours.items():
                results[name]["rss_after_random_mib"] = rss_mib(server.pid)
            for name, server in ours.items():
                half = max(1, args.duration // 2)
                health_alone = run_wrk(server.url("/health"), duration_s=half, **load)
                cached_alone = run_wrk(server.url(CACHED["tasks"]), duration_s=half, **load)
                flood_result, health, cached = flood(server.port, server.pid, work, args.duration)
                results[name]["flood"] = {
                    "flood": flood_result,
                    "health": health,
                    "cached": cached,
                    "health_alone": health_alone,
                    "cached_alone": cached_alone,
                }
                results[name]["rss_after_flood_mib"] = rss_mib(server.pid)
                results[name]["ready"] = get_json(server.port, "/ready")
                flood_rows += [
                    [f"{name}: flood: distinct full-CSV exports, 4 clients", *_short(flood_result)],
                    [f"{name}: /health during the flood", *_short(health)],
                    [f"{name}: cached query during the flood", *_short(cached)],
                    [f"{name}: /health alone (32 connections)", *_short(health_alone)],
                    [f"{name}: cached query alone (32 connections)", *_short(cached_alone)],
                ]
                print("\n".join(" | ".join(r) for r in flood_rows[-5:]), flush=True)
        finally:
            for server in ours.values():
                server.stop()
    header = ["workload", "server", "req/s", "p50 ms", "p99 ms", "server CPU µs/req"]
    header += ["other load (cores)", "errors", "× Datasette"]
    memory_lines = []
    for name, _ in variants:
        memory = results[name]["ready"]["memory"]
        memory_lines.append(
            f"{name}: RSS of the worker after the random workloads: "
            f"{results[name]['rss_after_random_mib']['largest_mib']:.0f} MiB; after the "
            f"flood: {results[name]['rss_after_flood_mib']['largest_mib']:.0f} MiB. /ready "
            f"memory: frames {memory['frames_bytes'] / 2**20:.0f} MiB, cache "
            f"{memory['cache_bytes'] / 2**20:.0f} of {memory['cache_limit_bytes'] / 2**20:.0f}"
            f" MiB ({memory['cache_entries']} entries), budget "
            f"{memory['budget_bytes'] / 2**20:.0f} MiB."
        )
    markdown = "\n".join(
        [
            f"Run {stamp} on {results['meta']['machine']}; granian 1 worker; "
            f"`wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s --latency`.",
            "",
            table(header, rows),
            "",
            f"Flood, {args.duration:g} s (flood `wrk -t1 -c4` with a Lua script, probes "
            "`wrk -t1 -c2` each, all at once):",
            "",
            table(["load", "req/s", "p50 ms", "p99 ms", "non-2xx"], flood_rows),
            "",
            "\n".join(memory_lines),
        ]
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"query-{stamp}.md").write_text(markdown + "\n")
    write_json(RESULTS / f"query-{stamp}.json", results)
    print()
    print(markdown)
    return 0


def _random_and_cached(
    args: argparse.Namespace,
    results: dict[str, Any],
    rows: list[list[str]],
    scripts: dict[str, Path],
    db: Path,
    ours: dict[str, Any],
    load: dict[str, int],
    log_dir: Path,
) -> None:
    """Datasette and every variant of ours on the random workloads, then ours cached."""
    theirs_port = free_port()
    theirs = start("datasette", datasette_argv(db, theirs_port), theirs_port, log_dir=log_dir)
    try:
        wait_answered(theirs, f"/{DB}.json?sql=select+1")
        for name, server in ours.items():
            checked = check_same_rows(server.port, theirs.port)
            print(f"{name}: same rows on both sides for {checked} random queries")
            results[name] = {"equivalent_queries_checked": checked}
        for workload in ("tasks", "occupations"):
            theirs_result = measured_wrk(
                theirs.pid,
                theirs.url("/"),
                duration_s=args.duration,
                script=scripts[f"datasette-{workload}"],
                **load,
            )
            rows.append([f"{workload}, random", "Datasette SQL", *fmt(theirs_result), ""])
            results.setdefault("datasette", {})[workload] = theirs_result
            for name, server in ours.items():
                ours_result = measured_wrk(
                    server.pid,
                    server.url("/"),
                    duration_s=args.duration,
                    script=scripts[f"ours-{workload}"],
                    **load,
                )
                ratio = ours_result.requests_per_s / theirs_result.requests_per_s
                rows.append([f"{workload}, random", name, *fmt(ours_result), f"{ratio:.1f}×"])
                results[name][workload] = {"ours": ours_result}
                print(" | ".join(rows[-1]), flush=True)
            for name, server in ours.items():
                run_wrk(server.url(CACHED[workload]), duration_s=1, **load)  # fill the cache
                cached = measured_wrk(
                    server.pid, server.url(CACHED[workload]), duration_s=args.duration, **load
                )
                rows.append([f"{workload}, one query (cached)", name, *fmt(cached), ""])
                results[name][workload]["cached"] = cached
                print(" | ".join(rows[-1]), flush=True)
    finally:
        theirs.stop()


def _short(result: WrkResult) -> list[str]:
    return [
        f"{result.requests_per_s:,.0f}",
        f"{result.p50_ms:.2f}",
        f"{result.p99_ms:.2f}",
        str(result.non_2xx_3xx + result.socket_errors),
    ]


if __name__ == "__main__":
    sys.exit(main())
