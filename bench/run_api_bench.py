"""The API benchmark: econindex against Datasette, and against Litestar's hello-world.

    .venv/bin/python bench/run_api_bench.py                 # full run (about 15 minutes)
    .venv/bin/python bench/run_api_bench.py --quick         # 1 round of 3 s, for development
    .venv/bin/python bench/run_api_bench.py --data DIR      # an already built data root

Steps:

1. A data root (``--data``, else ``econindex build --raw ../shared/aei`` into a temporary
   directory) and the Datasette peer's SQLite file built from it (``datasette_db.py``).
2. Check once that every equivalent query gives the same rows on both sides.
3. Time from process start to the first answered hot request (median of ``--startup-runs``).
4. wrk (``-t2 -c32 -d10s --latency``) on every (server, query), alternating the servers, in
   ``--rounds`` rounds; each server is started for its block and stopped after it, so only one
   server runs at a time; its RSS is read after its block (all releases loaded, warmed up).
5. Medians per (server, query), ratios to Datasette's best per query and to hello-world on the
   same ASGI server; raw results to ``bench/results/api-<time>.json``, the Markdown tables to
   ``bench/results/api-<time>.md`` and stdout.

Only 127.0.0.1 is used. Every server runs 1 worker except ``granian-w2`` (2 workers).
"""

from __future__ import annotations

import argparse
import math
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import quote

from common import (
    HOST,
    REPO,
    RESULTS,
    Server,
    WrkResult,
    free_port,
    get_json,
    http_get,
    machine_note,
    measured_wrk,
    median,
    rss_mib,
    run_wrk,
    start,
    table,
    tool,
    wait_answered,
    wait_until_quiet,
    write_json,
)
from datasette_db import build as build_sqlite

RELEASE = "2025-02-10"
DB_NAME = "econindex"  # Datasette names the database after the file

# --- the equivalent queries --------------------------------------------------------------------

QUERIES = ("occupations", "task_search", "categories")
QUERY_TITLES = {
    "occupations": "occupations of major group 15 by share desc, top 50",
    "task_search": "task text search 'software' by share desc, top 50",
    "categories": "category table (23 major groups) by share desc",
}
HOT = set(QUERIES)  # all three are the hot endpoints of issue 3

OURS = {
    "occupations": f"/v1/releases/{RELEASE}/occupations?major_group=15&sort=-share_pct&limit=50",
    "task_search": f"/v1/releases/{RELEASE}/tasks?q=software&sort=-share_pct&limit=50",
    "categories": f"/v1/releases/{RELEASE}/categories",
}

OCC_COLUMNS = (
    "onet_soc_code, title, soc_code, major_group_code, major_group_title, share_pct, "
    "tasks_total, tasks_with_usage, tasks_with_usage_fraction, median_wage_usd, wage_basis, "
    "job_zone"
)
TASK_COLUMNS = (
    "task_id, statement, task_type, task_key, onet_soc_code, occupation_title, "
    "major_group_code, share_pct, attributed_share_pct, occupations_count, has_usage"
)
CATEGORY_COLUMNS = (
    "major_group_code, major_group_title, share_pct, workforce_pct, employment, "
    "occupations_total, occupations_with_usage"
)


def _sql(query: str) -> str:
    return f"/{DB_NAME}.json?sql=" + quote(" ".join(query.split()), safe="")


DATASETTE = {
    "occupations": {
        "table API": f"/{DB_NAME}/occupation_rows.json?major_group_code=15-0000"
        "&_sort_desc=share_pct&_size=50",
        "SQL": _sql(
            f"select {OCC_COLUMNS} from occupation_rows where major_group_code = '15-0000' "
            "order by share_pct desc, onet_soc_code limit 50"
        ),
    },
    "task_search": {
        "table API, LIKE": f"/{DB_NAME}/task_rows.json?task_key__contains=software"
        "&_sort_desc=share_pct&_size=50",
        "table API, FTS": f"/{DB_NAME}/task_rows.json?_search=software"
        "&_sort_desc=share_pct&_size=50",
        "SQL, LIKE": _sql(
            f"select {TASK_COLUMNS} from task_rows where task_key like '%software%' "
            "order by share_pct desc, task_id limit 50"
        ),
    },
    "categories": {
        "table API": f"/{DB_NAME}/category_rows.json?_sort_desc=share_pct",
        "SQL": _sql(
            f"select {CATEGORY_COLUMNS} from category_rows "
            "order by share_pct desc, major_group_code"
        ),
    },
}

# --- servers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    """One server process kind: which app, under which ASGI server, with how many workers."""

    name: str  # e.g. "econindex/granian"
    app: str  # econindex | hello | datasette
    server: str  # uvicorn | granian | granian-w2 | datasette
    argv: Callable[[int], list[str]]
    ready_path: str
    targets: dict[str, str]  # target label -> path


def uvicorn_argv(
    target: str, *, factory: bool, app_dir: str | None = None
) -> Callable[[int], list[str]]:
    def argv(port: int) -> list[str]:
        out = [tool("uvicorn"), target, "--host", HOST, "--port", str(port), "--workers", "1"]
        out += [
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        if factory:
            out.append("--factory")
        if app_dir:
            out += ["--app-dir", app_dir]
        return out

    return argv


def granian_argv(
    target: str, *, factory: bool, workers: int, working_dir: str | None = None
) -> Callable[[int], list[str]]:
    def argv(port: int) -> list[str]:
        out = [tool("granian"), "--interface", "asgi", "--host", HOST, "--port", str(port)]
        out += ["--workers", str(workers), "--no-access-log", "--log-level", "warning"]
        if factory:
            out.append("--factory")
        if working_dir:
            out += ["--working-dir", working_dir]
        return [*out, target]

    return argv


def datasette_argv(db: Path) -> Callable[[int], list[str]]:
    def argv(port: int) -> list[str]:
        # Immutable file (no change checks, counts cached), no facet suggestions: its best case.
        return [
            tool("datasette"),
            "serve",
            "-i",
            str(db),
            "-h",
            HOST,
            "-p",
            str(port),
            "--setting",
            "suggest_facets",
            "off",
        ]

    return argv


ECONINDEX_APP = "econindex_api.server.app:create_app"
HELLO_APP = "hello_app:app"


def configs(servers: Sequence[str], db: Path) -> list[Config]:
    """The process kinds in the order they alternate: Datasette, then per ASGI server our
    API and hello-world next to each other."""
    ours = {f"{q}": OURS[q] for q in QUERIES}
    out = [
        Config(
            "datasette",
            "datasette",
            "datasette",
            datasette_argv(db),
            DATASETTE["occupations"]["table API"],
            {f"{q} [{label}]": path for q in QUERIES for label, path in DATASETTE[q].items()},
        )
    ]
    for server in servers:
        if server == "uvicorn":
            app_argv = uvicorn_argv(ECONINDEX_APP, factory=True)
            hello_argv = uvicorn_argv(HELLO_APP, factory=False, app_dir="bench")
        elif server.startswith("granian"):
            workers = int(server.removeprefix("granian-w") or 1) if "-w" in server else 1
            app_argv = granian_argv(ECONINDEX_APP, factory=True, workers=workers)
            hello_argv = granian_argv(
                HELLO_APP, factory=False, workers=workers, working_dir="bench"
            )
        else:
            raise SystemExit(f"unknown server {server!r} (uvicorn, granian, granian-w2)")
        out.append(
            Config(f"econindex/{server}", "econindex", server, app_argv, OURS["occupations"], ours)
        )
        out.append(Config(f"hello/{server}", "hello", server, hello_argv, "/", {"hello": "/"}))
    return out


def launch(config: Config, data_root: Path, log_dir: Path) -> Server:
    port = free_port()
    env = {"ECONINDEX_DATA": str(data_root)}
    return start(config.name.replace("/", "-"), config.argv(port), port, env=env, log_dir=log_dir)


# --- equivalence -------------------------------------------------------------------------------


def _same_value(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, bool):
        return theirs in (0, 1) and bool(theirs) == ours
    if isinstance(ours, float) or isinstance(theirs, float):
        if ours is None or theirs is None:
            return ours is theirs
        return math.isclose(float(ours), float(theirs), rel_tol=1e-12, abs_tol=1e-12)
    return bool(ours == theirs)


def compare_rows(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> str | None:
    """None when both lists hold the same rows in the same order (all of our columns)."""
    if len(ours) != len(theirs):
        return f"{len(ours)} rows here, {len(theirs)} in Datasette"
    for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        if set(a) != set(b):
            return f"row {i}: columns differ: {sorted(set(a) ^ set(b))}"
        for column, value in a.items():
            if not _same_value(value, b[column]):
                return f"row {i} column {column}: {value!r} here, {b[column]!r} in Datasette"
    return None


def datasette_rows(port: int, path: str) -> list[dict[str, Any]]:
    answer = get_json(port, path)
    columns = answer["columns"]
    return [dict(zip(columns, row, strict=True)) for row in answer["rows"]]


def check_equivalence(ours: Server, datasette: Server) -> dict[str, Any]:
    """Every Datasette variant of every query returns our rows; raises if not."""
    report: dict[str, Any] = {}
    for query in QUERIES:
        page = get_json(ours.port, OURS[query])
        rows: list[dict[str, Any]] = page["data"]
        if not rows:
            raise SystemExit(f"{query}: our API returned no rows for {OURS[query]}")
        for label, path in DATASETTE[query].items():
            problem = compare_rows(rows, datasette_rows(datasette.port, path))
            if problem is not None:
                raise SystemExit(f"{query} [{label}] differs: {problem}")
        report[query] = {"rows": len(rows), "total": page["total"], "same_rows": True}
        print(
            f"  {query}: {len(rows)} rows, identical in all {len(DATASETTE[query])} Datasette forms"
        )
    return report


def body_sizes(server: Server, targets: dict[str, str]) -> dict[str, int]:
    sizes = {}
    for label, path in targets.items():
        status, _, body = http_get(server.port, path)
        if status != 200:
            raise SystemExit(f"{server.name}: {path} answered {status}: {body[:300]!r}")
        sizes[label] = len(body)
    return sizes


# --- phases ------------------------------------------------------------------------------------


def measure_startup(
    cfgs: list[Config], data_root: Path, runs: int, log_dir: Path
) -> dict[str, Any]:
    """Seconds from spawning the process to the first 200 on its hot path (median of runs)."""
    out: dict[str, Any] = {}
    for config in cfgs:
        samples = []
        for _ in range(runs):
            server = launch(config, data_root, log_dir)
            try:
                samples.append(wait_answered(server, config.ready_path))
            finally:
                server.stop()
        out[config.name] = {"median_s": median(samples), "samples_s": samples}
        print(f"  {config.name}: {median(samples):.2f} s (median of {runs})")
    return out


@dataclass
class Run:
    config: str
    target: str
    round: int
    result: WrkResult


def run_matrix(
    cfgs: list[Config],
    data_root: Path,
    *,
    rounds: int,
    duration_s: float,
    warmup_s: float,
    connections: int,
    threads: int,
    log_dir: Path,
    quiet_cores: float,
    quiet_wait_s: float,
) -> tuple[list[Run], dict[str, list[dict[str, float]]]]:
    runs: list[Run] = []
    memory: dict[str, list[dict[str, float]]] = {}
    for r in range(1, rounds + 1):
        for config in cfgs:
            server = launch(config, data_root, log_dir)
            try:
                wait_answered(server, config.ready_path)
                for target, path in config.targets.items():
                    url = server.url(path)
                    run_wrk(url, duration_s=warmup_s, connections=connections, threads=threads)
                    load = wait_until_quiet(quiet_cores, quiet_wait_s)
                    result = measured_wrk(
                        server.pid,
                        url,
                        duration_s=duration_s,
                        connections=connections,
                        threads=threads,
                    )
                    result.busy_cores_before = load
                    runs.append(Run(config.name, target, r, result))
                    flag = "" if result.non_2xx_3xx == result.socket_errors == 0 else "  ERRORS"
                    print(
                        f"  round {r} {config.name:22} {target:28} {result.requests_per_s:9.0f} "
                        f"req/s  p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:6.2f} ms  "
                        f"{result.server_cpu_us_per_request:6.0f} us CPU/req  "
                        f"other load {result.other_cores:.2f} cores (before {load:.2f}){flag}",
                        flush=True,
                    )
                memory.setdefault(config.name, []).append(rss_mib(server.pid))
            finally:
                server.stop()
    return runs, memory


# --- summary -----------------------------------------------------------------------------------


@dataclass
class Cell:
    config: str
    target: str
    rps: float
    p50: float
    p99: float
    errors: int
    cpu_us: float  # server CPU per request
    other_cores: float  # load from everything else during the runs


def summarize(runs: list[Run]) -> dict[tuple[str, str], Cell]:
    grouped: dict[tuple[str, str], list[WrkResult]] = {}
    for run in runs:
        grouped.setdefault((run.config, run.target), []).append(run.result)
    return {
        key: Cell(
            key[0],
            key[1],
            median([r.requests_per_s for r in results]),
            median([r.p50_ms for r in results]),
            median([r.p99_ms for r in results]),
            sum(r.non_2xx_3xx + r.socket_errors for r in results),
            median([r.server_cpu_us_per_request for r in results]),
            median([r.other_cores for r in results]),
        )
        for key, results in grouped.items()
    }


def _query_of(target: str) -> str:
    return target.split(" [", 1)[0]


def report(
    cells: dict[tuple[str, str], Cell],
    cfgs: list[Config],
    startup: dict[str, Any],
    memory: dict[str, list[dict[str, float]]],
    sizes: dict[str, dict[str, int]],
    meta: dict[str, Any],
) -> tuple[str, dict[str, Any]]:
    best: dict[str, Cell] = {}
    for cell in cells.values():
        if cell.config == "datasette":
            query = _query_of(cell.target)
            if query not in best or cell.rps > best[query].rps:
                best[query] = cell
    hello = {c.config.split("/", 1)[1]: c for c in cells.values() if c.config.startswith("hello/")}
    rows: list[list[str]] = []
    verdicts: list[dict[str, Any]] = []

    def measured(cell: Cell) -> list[str]:
        return [
            f"{cell.rps:,.0f}",
            f"{cell.p50:.2f}",
            f"{cell.p99:.2f}",
            f"{cell.cpu_us:.0f}",
            f"{cell.other_cores:.2f}",
        ]

    for query in QUERIES:
        for label in DATASETTE[query]:
            found = cells.get(("datasette", f"{query} [{label}]"))
            if found is None:
                continue
            cell = found
            rows.append(
                [
                    QUERY_TITLES[query],
                    f"Datasette ({label})",
                    *measured(cell),
                    f"{cell.rps / best[query].rps:.2f}×",
                    "",
                    "",
                ]
            )
        for config in cfgs:
            if config.app != "econindex":
                continue
            found = cells.get((config.name, query))
            if found is None:
                continue
            cell = found
            ceiling = hello.get(config.server)
            x_datasette = cell.rps / best[query].rps if query in best else float("nan")
            of_hello = cell.rps / ceiling.rps if ceiling else float("nan")
            of_hello_cpu = ceiling.cpu_us / cell.cpu_us if ceiling else float("nan")
            rows.append(
                [
                    QUERY_TITLES[query],
                    f"econindex ({config.server})",
                    *measured(cell),
                    f"{x_datasette:.1f}×",
                    f"{of_hello:.0%}",
                    f"{of_hello_cpu:.0%}",
                ]
            )
            verdicts.append(
                {
                    "server": config.server,
                    "query": query,
                    "rps": cell.rps,
                    "p99_ms": cell.p99,
                    "x_datasette_best": x_datasette,
                    "of_hello": of_hello,
                    "of_hello_by_cpu": of_hello_cpu,
                    "errors": cell.errors,
                    "meets_15x": x_datasette >= 15,
                    "meets_85pct": of_hello >= 0.85,
                    "meets_p99": cell.p99 < 5.0,
                }
            )
    for server, cell in hello.items():
        rows.append(
            [
                "Litestar hello-world (ceiling)",
                f"hello ({server})",
                *measured(cell),
                "",
                "100%",
                "100%",
            ]
        )
    header = [
        "query",
        "server",
        "req/s",
        "p50 ms",
        "p99 ms",
        "server CPU µs/req",
        "other load (cores)",
        "× Datasette best",
        "of hello-world (req/s)",
        "of hello-world (CPU/req)",
    ]
    parts = [
        f"Run {meta['date']} on {meta['machine']}; {meta['rounds']} round(s) of "
        f"`wrk -t{meta['threads']} -c{meta['connections']} -d{meta['duration_s']:g}s --latency` "
        "per (server, query), medians; 1 worker per server unless named -w2.",
        "",
        table(header, rows),
        "",
        "Targets (issue 5 / issue 3): ≥15× Datasette's best, ≥85% of hello-world on the same "
        "server, p99 < 5 ms.",
        "",
        table(
            ["server", "query", "≥15× Datasette", "≥85% hello", "p99 < 5 ms", "failed requests"],
            [
                [
                    v["server"],
                    v["query"],
                    _mark(v["meets_15x"]),
                    _mark(v["meets_85pct"]),
                    _mark(v["meets_p99"]),
                    str(v["errors"]),
                ]
                for v in verdicts
            ],
        ),
        "",
        "Time from process start to the first answered hot request (median):",
        "",
        table(
            ["process", "seconds", "samples"],
            [
                [name, f"{v['median_s']:.2f}", ", ".join(f"{s:.2f}" for s in v["samples_s"])]
                for name, v in startup.items()
            ],
        ),
        "",
        "Memory after each block (all releases loaded, warmed up), VmRSS median over rounds:",
        "",
        table(
            ["process", "main process MiB", "process tree MiB", "processes"],
            [
                [
                    name,
                    f"{median([m['main_mib'] for m in ms]):.0f}",
                    f"{median([m['tree_mib'] for m in ms]):.0f}",
                    f"{ms[0]['processes']:.0f}",
                ]
                for name, ms in memory.items()
            ],
        ),
        "",
        "Response bodies (bytes, identity encoding as wrk requests them):",
        "",
        table(
            ["process", "target", "bytes"],
            [[name, t, str(n)] for name, by_target in sizes.items() for t, n in by_target.items()],
        ),
    ]
    return "\n".join(parts) + "\n", {"verdicts": verdicts}


def _mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


# --- main --------------------------------------------------------------------------------------


def ensure_data(args: argparse.Namespace, work: Path) -> Path:
    if args.data:
        return Path(args.data).resolve()
    out = work / "data"
    print(f"building the releases from {args.raw} into {out}")
    subprocess.run(
        [tool("econindex"), "build", "--raw", str(args.raw), "--out", str(out)],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    return out


def versions() -> dict[str, str]:
    names = (
        "litestar",
        "granian",
        "uvicorn",
        "uvloop",
        "httptools",
        "datasette",
        "polars",
        "msgspec",
    )
    out = {name: version(name) for name in names}
    out["python"] = platform.python_version()
    out["sqlite"] = sqlite3.sqlite_version
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    out["wrk"] = (wrk.stdout or wrk.stderr).split("[")[0].strip()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="built data root (default: build one in a temp dir)")
    parser.add_argument("--raw", default=str(REPO.parent / "shared" / "aei"), help="raw releases")
    parser.add_argument("--servers", default="uvicorn,granian,granian-w2")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per wrk run")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of wrk before each run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument(
        "--quiet-cores",
        type=float,
        default=0.3,
        help="before each timed run, wait until the machine's other load is at most this many "
        "busy cores (other people's tests on a shared machine)",
    )
    parser.add_argument("--quiet-wait", type=float, default=90.0, help="longest wait, seconds")
    parser.add_argument("--quick", action="store_true", help="1 round of 3 s, 2 startup runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.duration, args.startup_runs = 1, 3.0, 2
    servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    stamp = time.strftime("%Y%m%d-%H%M%S")
    log_dir = RESULTS / f"api-{stamp}-logs"
    with tempfile.TemporaryDirectory(prefix="econindex-bench-") as tmp:
        work = Path(tmp)
        data_root = ensure_data(args, work)
        db = work / f"{DB_NAME}.db"
        print(f"loading the published tables into {db}")
        build_sqlite(data_root, db)
        cfgs = configs(servers, db)

        print("checking that both sides answer the same rows")
        ours = launch(cfgs[1], data_root, log_dir)
        theirs = launch(cfgs[0], data_root, log_dir)
        try:
            wait_answered(ours, cfgs[1].ready_path)
            wait_answered(theirs, cfgs[0].ready_path)
            equivalence = check_equivalence(ours, theirs)
            sizes = {
                cfgs[0].name: body_sizes(theirs, cfgs[0].targets),
                "econindex": body_sizes(ours, cfgs[1].targets),
            }
        finally:
            ours.stop()
            theirs.stop()

        print(f"time to first answer ({args.startup_runs} runs each)")
        startup_cfgs = [c for c in cfgs if c.server in ("uvicorn", "granian", "datasette")]
        startup = measure_startup(startup_cfgs, data_root, args.startup_runs, log_dir)

        print(f"wrk matrix: {args.rounds} round(s) x {sum(len(c.targets) for c in cfgs)} runs")
        runs, memory = run_matrix(
            cfgs,
            data_root,
            rounds=args.rounds,
            duration_s=args.duration,
            warmup_s=args.warmup,
            connections=args.connections,
            threads=args.threads,
            log_dir=log_dir,
            quiet_cores=args.quiet_cores,
            quiet_wait_s=args.quiet_wait,
        )
    cells = summarize(runs)
    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine_note(),
        "rounds": args.rounds,
        "duration_s": args.duration,
        "connections": args.connections,
        "threads": args.threads,
        "versions": versions(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
    }
    markdown, verdicts = report(cells, cfgs, startup, memory, sizes, meta)
    markdown += "\nVersions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()) + "\n"
    write_json(
        RESULTS / f"api-{stamp}.json",
        {
            "meta": meta,
            "equivalence": equivalence,
            "startup": startup,
            "memory": memory,
            "sizes": sizes,
            "runs": runs,
            "medians": list(cells.values()),
            **verdicts,
        },
    )
    (RESULTS / f"api-{stamp}.md").write_text(markdown)
    print()
    print(markdown)
    print(f"raw results: {RESULTS / f'api-{stamp}.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
