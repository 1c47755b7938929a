"""The build benchmark: time and peak memory per release, and the size of each package.

    .venv/bin/python bench/run_build_bench.py              # 5 runs per release
    .venv/bin/python bench/run_build_bench.py --runs 1     # quick

Each run is ``econindex build --raw RAW --out <fresh temp dir> --release ID`` in its own
process (build, validate twice, publish). Wall time is measured around the process; its peak
memory (``ru_maxrss``) and CPU time (user + system, barely affected by other load on the
machine) come from ``wait4`` on that very child. Medians over the runs. Package sizes and row
counts per resource are read from the catalog the last run published.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import REPO, RESULTS, machine_note, median, table, tool, write_json

from econindex_api.catalog import CATALOG_FILE, Catalog, decode_catalog

RELEASES = ("2025-02-10", "2025-03-27", "labor-market-impacts")


def timed_build(raw: Path, out: Path, release: str) -> dict[str, float]:
    """One build in a child process: wall seconds, CPU seconds, peak RSS (MiB)."""
    argv = [tool("econindex"), "build", "--raw", str(raw), "--out", str(out), "--release", release]
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"build of {release} failed ({child.returncode}):\n{stderr}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024,  # KiB on Linux
    }


def sizes(catalog: Catalog, release: str) -> dict[str, Any]:
    entry = catalog.find(release)
    if entry is None:
        raise SystemExit(f"{release} is not in the published catalog")
    version = entry.current
    resources = [
        {"name": r.name, "rows": r.rows, "parquet_bytes": r.parquet.bytes, "csv_bytes": r.csv.bytes}
        for r in version.resources
    ]
    return {
        "version": version.version,
        "resources": resources,
        "rows": sum(r.rows for r in version.resources),
        "parquet_bytes": sum(r.parquet.bytes for r in version.resources),
        "csv_bytes": sum(r.csv.bytes for r in version.resources),
        "zip_bytes": version.zip.bytes,
        "descriptor_bytes": version.package_bytes,
    }


def _kib(n: int) -> str:
    return f"{n / 1024:,.1f}"


def report(builds: dict[str, list[dict[str, float]]], packages: dict[str, Any], meta: str) -> str:
    parts = [
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {meta}.",
        "",
        table(
            ["release", "runs", "wall s (median)", "CPU s (median)", "peak RSS MiB (median)"],
            [
                [
                    release,
                    str(len(runs)),
                    f"{median([r['wall_s'] for r in runs]):.2f}",
                    f"{median([r['cpu_s'] for r in runs]):.2f}",
                    f"{median([r['peak_rss_mib'] for r in runs]):.0f}",
                ]
                for release, runs in builds.items()
            ],
        ),
        "",
    ]
    rows = []
    for release, package in packages.items():
        for r in package["resources"]:
            rows.append(
                [
                    release,
                    r["name"],
                    f"{r['rows']:,}",
                    _kib(r["parquet_bytes"]),
                    _kib(r["csv_bytes"]),
                ]
            )
        rows.append(
            [
                f"**{release} total**",
                f"package.zip {_kib(package['zip_bytes'])} KiB",
                f"{package['rows']:,}",
                _kib(package["parquet_bytes"]),
                _kib(package["csv_bytes"]),
            ]
        )
    parts.append(table(["release", "resource", "rows", "Parquet KiB", "CSV KiB"], rows))
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", default=str(REPO.parent / "shared" / "aei"), help="raw releases")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--release", action="append", help="release id (default: both)")
    args = parser.parse_args(argv)
    releases = args.release or list(RELEASES)
    raw = Path(args.raw).resolve()
    builds: dict[str, list[dict[str, float]]] = {}
    packages: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="econindex-build-bench-") as tmp:
        for i in range(args.runs):
            for release in releases:  # alternate the releases run by run
                out = Path(tmp) / f"{release}-{i}"
                result = timed_build(raw, out, release)
                builds.setdefault(release, []).append(result)
                print(
                    f"  {release:22} run {i + 1}: {result['wall_s']:.2f} s wall, "
                    f"{result['cpu_s']:.2f} s CPU, {result['peak_rss_mib']:.0f} MiB peak",
                    flush=True,
                )
                if i == args.runs - 1:
                    catalog = decode_catalog((out / CATALOG_FILE).read_bytes())
                    packages[release] = sizes(catalog, release)
    markdown = report(builds, packages, machine_note())
    stamp = time.strftime("%Y%m%d-%H%M%S")
    write_json(RESULTS / f"build-{stamp}.json", {"builds": builds, "packages": packages})
    (RESULTS / f"build-{stamp}.md").write_text(markdown)
    print()
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
