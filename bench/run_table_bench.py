"""Issue 22 §4: the table browser next to Datasette, uncached and cached, in one run.

    .venv/bin/python bench/run_table_bench.py --data DIR            # about 2 minutes
    .venv/bin/python bench/run_table_bench.py --data DIR --quick    # 3 s runs

The same question asked of both, over the same published table of release 2025-02-10:

* ``tasks`` (19,530 rows): ``filter=task_id:>=<n>&sort=task_id&limit=100`` against
  Datasette's ``task_id__gte=<n>&_sort=task_id&_size=100``, ``n`` a random integer below
  25,000 (practically every request of a run is distinct: a cache miss for us);
* ``occupations`` (1,090 rows): ``filter=median_wage_usd:>=<a>&sort=-median_wage_usd``
  against ``median_wage_usd__gte=<a>&_sort_desc=median_wage_usd``, ``a`` a random amount
  with cents between 20,000 and 200,000.

Both return the first 100 rows. Ties keep the table's order on both sides (the published
files are sorted by the primary key, which is SQLite's insertion order). Before timing, a few
random queries are checked to return the same rows. Then each server answers one fixed query
repeated (ours from its answer cache; Datasette has none). Datasette serves the SQLite file of
``datasette_db.py`` immutable (``-i``), with no index on the filtered columns beyond the
primary key (the table browser has none either: it scans its frame).

Our server: granian, 1 worker, as ``run_query_bench.py``. Results: stdout and
``bench/results/tables-<time>.{md,json}``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import (
    RESULTS,
    free_port,
    get_json,
    machine_note,
    measured_wrk,
    start,
    table,
    wait_answered,
    write_json,
)
from datasette_db import build as build_sqlite
from run_query_bench import datasette_argv, fmt, ours_argv
from workloads import LUA_COMMON

RELEASE = "2025-02-10"
OURS = f"/v1/releases/{RELEASE}/tables"
DB = "bench"  # the database's name in Datasette's URLs: the file's stem

# name -> (our path and query, Datasette's, the Lua expression of the random value, key)
WORKLOADS: dict[str, tuple[str, str, str, str]] = {
    "tasks": (
        OURS + "/tasks?limit=100&sort=task_id&filter=task_id:%3E%3D{v}",
        f"/{DB}/tasks.json?_shape=array&_size=100&_sort=task_id&task_id__gte={{v}}",
        "tostring(math.random(0, 24999))",
        "task_id",
    ),
    "occupations": (
        OURS + "/occupations?limit=100&sort=-median_wage_usd&filter=median_wage_usd:%3E%3D{v}",
        f"/{DB}/occupations.json?_shape=array&_size=100&_sort_desc=median_wage_usd"
        "&median_wage_usd__gte={v}",
        'string.format("%.2f", math.random(2000000, 20000000) / 100)',
        "onet_soc_code",
    ),
}

# The seeding of ``workloads.LUA_COMMON`` (each wrk thread its own generator), no word list.
LUA = (
    LUA_COMMON.replace("%(words)s", "{}")
    + """
request = function()
  local v = %(value)s
  return wrk.format("GET", (string.gsub("%(path)s", "{v}", v)))
end
"""
)


def python_value(name: str, rng: random.Random) -> str:
    if name == "tasks":
        return str(rng.randint(0, 24999))
    return f"{rng.randint(2000000, 20000000) / 100:.2f}"


def check_same_rows(ours_port: int, theirs_port: int) -> int:
    """A few random queries of each workload give the same rows, in the same order."""
    rng = random.Random(20261206)
    checked = 0
    for name, (ours_path, theirs_path, _, key) in WORKLOADS.items():
        for _ in range(6):
            value = python_value(name, rng)
            ours = [r[key] for r in get_json(ours_port, ours_path.replace("{v}", value))["data"]]
            theirs = [r[key] for r in get_json(theirs_port, theirs_path.replace("{v}", value))]
            if ours != theirs:
                raise SystemExit(f"{name} {value}: ours {ours[:5]}… theirs {theirs[:5]}…")
            checked += 1
    return checked


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, type=Path, help="a built data root")
    parser.add_argument("--quick", action="store_true", help="3 s runs")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args(argv)
    duration = 3.0 if args.quick else 10.0
    stamp = time.strftime("%Y%m%d-%H%M%S")
    log_dir = RESULTS / f"tables-{stamp}-logs"
    results: dict[str, Any] = {"machine": machine_note(), "duration_s": duration}
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="econindex-tables-bench-") as tmp:
        work = Path(tmp)
        db = work / f"{DB}.db"
        build_sqlite(args.data.resolve(), db)
        ours_port, theirs_port = free_port(), free_port()
        env = {"ECONINDEX_DATA": str(args.data.resolve())}
        ours = start("ours", ours_argv(ours_port), ours_port, env=env, log_dir=log_dir)
        theirs = start("datasette", datasette_argv(db, theirs_port), theirs_port, log_dir=log_dir)
        try:
            wait_answered(ours, "/ready")
            wait_answered(theirs, f"/{DB}.json")
            results["same_rows_checked"] = check_same_rows(ours_port, theirs_port)
            for name, (ours_path, theirs_path, value, _) in WORKLOADS.items():
                for side, server, path in (
                    ("Datasette", theirs, theirs_path),
                    ("ours", ours, ours_path),
                ):
                    script = work / f"{side}-{name}.lua"
                    script.write_text(LUA % {"value": value, "path": path})
                    uncached = measured_wrk(
                        server.pid,
                        f"http://127.0.0.1:{server.port}/",
                        duration_s=duration,
                        connections=args.connections,
                        threads=1,
                        script=script,
                    )
                    fixed = path.replace("{v}", "50000" if name == "tasks" else "90000.00")
                    repeated = measured_wrk(
                        server.pid,
                        f"http://127.0.0.1:{server.port}{fixed}",
                        duration_s=duration,
                        connections=args.connections,
                        threads=1,
                    )
                    results[f"{name}/{side}/uncached"] = uncached.__dict__
                    results[f"{name}/{side}/repeated"] = repeated.__dict__
                    rows.append([name, side, "every request distinct", *fmt(uncached)])
                    rows.append([name, side, "one query repeated", *fmt(repeated)])
        finally:
            ours.stop()
            theirs.stop()
    header = ["table", "server", "requests", "req/s", "p50 ms", "p99 ms", "server CPU µs/req"]
    markdown = table([*header, "other cores", "errors"], rows)
    print(machine_note())
    print(markdown)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"tables-{stamp}.md").write_text(markdown + "\n")
    write_json(RESULTS / f"tables-{stamp}.json", results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
