"""Issue 20 §5 / issue 21 §4: the geography endpoints at the long-format releases' real size.

One run:

1. **Data root**: the real releases of ``../shared/aei`` (2025-02-10, 2025-03-27, the exposure
   tables), 2025-09-15 built ``--unpinned`` from its real partial rows (``../shared/
   aei-longformat/partial``), and synthetic 2026-01-15 and 2026-03-24 at their real row counts
   (``synth_longformat.py``, built ``--unpinned``); with ``--with-v2`` also synthetic
   2026-06-26 (1,636,573 + 491,705 rows). Everything goes to a temporary folder, never the
   repository, never published.
2. **Start and memory**: granian, 1 worker, over that root and, for the ratio, over the
   first-generation releases alone; seconds from spawn to the first answer (``/health``)
   and to ``/ready`` saying ``ready`` (every release loaded, verified and warmed: large
   packages load after the first answer), then the worker's RSS.
3. **Uncached throughput** (``wrk``, Lua scripts whose every request is distinct, so the
   answer cache never answers): ``/geographies`` (level, country, sort and page size varying)
   and filtered ``/observations`` (a real (geo_id, category, metric) triple of the largest
   release, page size varying), next to Litestar's hello-world (the ceiling) and the same
   paths cached.

    .venv/bin/python bench/run_geo_bench.py [--with-v2] [--duration 10]

Results: ``bench/results/geo-bench.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    RESULTS,
    Server,
    free_port,
    get_json,
    machine_note,
    measured_wrk,
    median,
    rss_mib,
    run_wrk,
    start,
    table,
    tool,
    wait_answered,
    write_json,
)
from synth_longformat import copy_references, generate, generate_v2

from econindex_api.catalog import Catalog, decode_catalog, encode_catalog
from econindex_api.publishing.pipeline import build_all

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
PARTIAL = SHARED / "aei-longformat" / "partial" / "release_2025_09_15" / "data" / "intermediate"
REFERENCES = SHARED / "aei" / "release_2025_09_15" / "data" / "intermediate"
LARGEST = "2026-03-24"
# (synthetic or partial) long-format releases and how each is made
SYNTHETIC = ("2026-01-15", "2026-03-24")


def partial_raw(target: Path) -> Path:
    """The real 2025-09-15 partial rows under the upstream file names (as tests do)."""
    copy_references(target)  # 2025-09-15's reference tables and 2025-02-10's wages and BLS
    folder = target / "release_2025_09_15" / "data" / "intermediate"
    claude = "aei_raw_claude_ai_2025-08-04_to_2025-08-11"
    with (folder / f"{claude}.csv").open("w", encoding="utf-8") as out:
        out.write((PARTIAL / f"{claude}.state_us-rows.csv").read_text(encoding="utf-8"))
        rows = (PARTIAL / f"{claude}.sample-999-country-rows.csv").read_text(encoding="utf-8")
        out.write(rows.split("\n", 1)[1])
    api = "aei_raw_1p_api_2025-08-04_to_2025-08-11"
    shutil.copyfile(PARTIAL / f"{api}.sample-499-rows.csv", folder / f"{api}.csv")
    return target


def merge_into(root: Path, built: Path, release: str) -> None:
    shutil.copytree(built / "releases" / release, root / "releases" / release)
    first = decode_catalog((root / "catalog.json").read_bytes())
    extra = decode_catalog((built / "catalog.json").read_bytes())
    merged = Catalog(releases=(*first.releases, *extra.releases))
    (root / "catalog.json").write_bytes(encode_catalog(merged))


def build_roots(work: Path, with_v2: bool) -> tuple[Path, Path, dict[str, float]]:
    """(first-generation root, every release root, build seconds per release)."""
    first = work / "first"
    build_all(SHARED / "aei", first)
    every = work / "every"
    shutil.copytree(first, every)
    seconds: dict[str, float] = {}
    jobs: list[tuple[str, Path]] = [("2025-09-15", partial_raw(work / "raw-2025-09-15"))]
    for release in SYNTHETIC:
        raw = work / f"raw-{release}"
        generate(release, raw)
        jobs.append((release, raw))
    if with_v2:
        raw = work / "raw-2026-06-26"
        generate_v2(raw)
        jobs.append(("2026-06-26", raw))
    for release, raw in jobs:
        out = work / f"built-{release}"
        began = time.perf_counter()
        results = build_all(raw, out, release=release, unpinned=True)
        seconds[release] = time.perf_counter() - began
        if [r.outcome for r in results] != ["published"]:
            raise SystemExit(f"build of {release} failed: {results}")
        merge_into(every, out, release)
        shutil.rmtree(raw)
    return first, every, seconds


def server_argv(port: int, app: str = "econindex_api.server.app:create_app") -> list[str]:
    argv = [tool("granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port)]
    argv += ["--workers", "1", "--no-access-log", "--log-level", "warning"]
    return [*argv, "--factory", app] if "create_app" in app else [*argv, app]


def start_ours(name: str, root: Path, work: Path) -> tuple[Server, float, float, float]:
    """Server, seconds from spawn to the first answer (/health), to /ready "ready" (every
    release loaded, verified, warmed; large packages load after the first answer,
    ``ECONINDEX_DEFER_LOAD_MB``), and the largest process's RSS (the worker) in MiB."""
    port = free_port()
    server = start(name, server_argv(port), port, env={"ECONINDEX_DATA": str(root)}, log_dir=work)
    first_s = wait_answered(server, "/health", timeout=600)
    # /ready answers 200 "degraded" while deferred packages load: wait for "ready".
    deadline = time.monotonic() + 600
    while get_json(port, "/ready")["status"] != "ready":
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name}: not ready after 600 s")
        time.sleep(0.01)
    ready_s = time.perf_counter() - server.started_at
    time.sleep(1.0)  # let the loader's temporaries go
    return server, first_s, ready_s, rss_mib(server.pid)["largest_mib"]


# --- uncached workloads: every request distinct (a counter decoded into parameters) ---

LUA = """
local counter = 0
local choices = {%(choices)s}
setup = function(thread)
  counter = counter + 1
  thread:set("offset", counter * 10000000)
end
local i = 0
request = function()
  i = i + 1
  local n = (offset or 0) + i
  local choice = choices[(n %% #choices) + 1]
  local limit = 50 + (math.floor(n / #choices) %% 100)
  return wrk.format("GET", "%(path)s?" .. choice .. "&limit=" .. limit)
end
"""


def lua_list(values: list[str]) -> str:
    return ",".join(json.dumps(v) for v in values)


def geography_queries(root: Path, release: str) -> list[str]:
    """Query strings over every country and sort order (x 100 page sizes, all distinct)."""
    (path,) = (root / "releases" / release).glob("*/data/geo_usage.parquet")
    usage = pl.read_parquet(path)
    countries = sorted(set(usage.filter(pl.col("geo_level") == "country")["geo_id"].to_list()))
    parents = sorted(
        set(usage.filter(pl.col("geo_level") == "subregion")["parent_geo_id"].to_list())
    )
    sorts = ["-usage_count", "usage_pct", "-usage_per_capita_index", "name", "geo_id"]
    out = [f"level=country&sort={s}" for s in sorts]
    out += [f"level=country&country={c}" for c in countries]
    out += [f"level=subregion&country={p}&sort={s}" for p in parents for s in sorts]
    return out


def observation_queries(root: Path, release: str, n: int = 5000) -> list[str]:
    """Real (geo_id, category, metric) triples of the release, sampled (seeded)."""
    (path,) = (root / "releases" / release).glob("*/data/observations.parquet")
    triples = (
        pl.read_parquet(path, columns=["geo_id", "category", "metric"]).unique().sort(pl.all())
    )
    rows = triples.rows()
    random.Random(20261206).shuffle(rows)
    return [f"geo_id={g}&category={c}&metric={m}" for g, c, m in rows[:n]]


def write_lua(work: Path, name: str, path: str, choices: list[str]) -> Path:
    script = work / f"{name}.lua"
    script.write_text(LUA % {"choices": lua_list(choices), "path": path})
    return script


def fmt_wrk(result: Any) -> list[str]:
    return [
        f"{result.requests_per_s:,.0f}",
        f"{result.p50_ms:.2f}",
        f"{result.p99_ms:.2f}",
        f"{result.server_cpu_us_per_request:,.0f}",
        str(result.non_2xx_3xx),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-v2", action="store_true", help="also synthetic 2026-06-26")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--starts", type=int, default=5, help="starts of each server (medians)")
    parser.add_argument(
        "--work",
        help="a folder to build in and keep (a later run with the same folder reuses the "
        "built roots); default a temporary folder, removed",
    )
    args = parser.parse_args(argv)
    load = {"duration_s": args.duration, "connections": args.connections, "threads": 1}
    results: dict[str, Any] = {"machine": machine_note(), "argv": sys.argv}
    with tempfile.TemporaryDirectory(prefix="econindex-geo-bench-") as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        if (work / "every" / "catalog.json").is_file():
            first, every = work / "first", work / "every"
            build_s = json.loads((work / "build_s.json").read_text())
        else:
            work.mkdir(parents=True, exist_ok=True)
            first, every, build_s = build_roots(work, args.with_v2)
            (work / "build_s.json").write_text(json.dumps(build_s))
        results["build_s"] = build_s

        # Start and memory: first-generation releases alone, then every release.
        # Starts alternate between the two roots (so load on the machine hits both alike);
        # the medians are reported, the last server of every release is kept for the runs.
        firsts: dict[str, list[float]] = {"first": [], "every": []}
        readies: dict[str, list[float]] = {"first": [], "every": []}
        for attempt in range(args.starts):
            alone, a_first, a_ready, alone_rss = start_ours("ours-first", first, work)
            alone.stop()
            firsts["first"].append(a_first)
            readies["first"].append(a_ready)
            ours, e_first, e_ready, rss = start_ours("ours-every", every, work)
            firsts["every"].append(e_first)
            readies["every"].append(e_ready)
            if attempt < args.starts - 1:
                ours.stop()
        alone_first, alone_ready = median(firsts["first"]), median(readies["first"])
        first_s, ready_s = median(firsts["every"]), median(readies["every"])
        results["start_samples"] = {"first_answer_s": firsts, "ready_s": readies}
        releases = get_json(ours.port, "/v1/releases")["data"]
        results["start"] = {
            "first_generation": {
                "first_answer_s": alone_first,
                "ready_s": alone_ready,
                "worker_rss_mib": alone_rss,
            },
            "every_release": {
                "first_answer_s": first_s,
                "ready_s": ready_s,
                "worker_rss_mib": rss,
                "releases": [f"{r['id']} {r['version']}" for r in releases],
            },
        }
        try:
            base = f"/v1/releases/{LARGEST}"
            scripts = {
                "geographies": write_lua(
                    work, "geo", base + "/geographies", geography_queries(every, LARGEST)
                ),
                "observations": write_lua(
                    work, "obs", base + "/observations", observation_queries(every, LARGEST)
                ),
            }
            cached = {
                "geographies": base + "/geographies?level=subregion&country=USA",
                "observations": base + "/observations?geo_id=USA&category=onet_task",
            }
            runs: dict[str, Any] = {}
            for name, script in scripts.items():
                runs[f"{name} uncached"] = measured_wrk(
                    ours.pid, ours.url("/"), script=script, **load
                )
                run_wrk(ours.url(cached[name]), **{**load, "duration_s": 1})  # fill the cache
                runs[f"{name} cached"] = measured_wrk(ours.pid, ours.url(cached[name]), **load)
            rss_after = rss_mib(ours.pid)["largest_mib"]
        finally:
            ours.stop()
        port = free_port()
        bench_dir = Path(__file__).resolve().parent
        hello = start(
            "hello",
            [*server_argv(port, "hello_app:app"), "--working-dir", str(bench_dir)],
            port,
            log_dir=work,
        )
        try:
            wait_answered(hello, "/", timeout=60)
            runs["hello-world (ceiling)"] = measured_wrk(hello.pid, hello.url("/"), **load)
        finally:
            hello.stop()
        results["wrk"] = runs
        results["worker_rss_after_mib"] = rss_after

    lines = [
        f"Machine: {results['machine']}. `wrk -t1 -c{args.connections} -d{args.duration:g}s`, "
        "granian 1 worker; uncached = every request distinct (Lua counter).",
        "",
        table(
            [
                "what",
                f"s to first answer (median of {args.starts})",
                "s to /ready 'ready' (median)",
                "worker RSS (MiB)",
            ],
            [
                [
                    "first-generation releases alone",
                    f"{alone_first:.2f}",
                    f"{alone_ready:.2f}",
                    f"{alone_rss:,.0f}",
                ],
                [
                    f"every release ({len(releases)})",
                    f"{first_s:.2f}",
                    f"{ready_s:.2f}",
                    f"{rss:,.0f} (after the runs: {rss_after:,.0f})",
                ],
            ],
        ),
        "",
        table(
            ["workload", "req/s", "p50 ms", "p99 ms", "server CPU µs/req", "non-2xx"],
            [[name, *fmt_wrk(r)] for name, r in runs.items()],
        ),
        "",
        "Builds (s): " + ", ".join(f"{k} {v:.1f}" for k, v in build_s.items()),
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    write_json(RESULTS / "geo-bench.json", results)
    (RESULTS / "geo-bench.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
