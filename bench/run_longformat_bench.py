"""Build benchmark of a long-format release: 2026-03-24 (477,717 + 195,156 rows) or, with
``--release 2026-06-26``, the second format (1,636,573 + 491,705 rows).

    .venv/bin/python bench/run_longformat_bench.py            # 3 runs
    .venv/bin/python bench/run_longformat_bench.py --runs 1

The upstream files are not on this machine, so ``synth_longformat.py`` writes synthetic files
with the real column layout and the PINS.tsv row counts into a temporary folder (deleted at
the end; never committed, never published). Each run is ``econindex build --raw TMP --out
<fresh dir> --release 2026-03-24 --unpinned`` in its own process (read, derive, write CSV +
Parquet + zip, validate, publish); wall time around the process, CPU time and peak RSS from
``wait4`` on that child. Targets (issue 20): under 20 s and 1.5 GiB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, RESULTS, machine_note, median, table, tool, write_json
from synth_longformat import generate, generate_v2

from econindex_api.catalog import CATALOG_FILE, decode_catalog

RELEASE = "2026-03-24"
TARGETS = {"2026-03-24": "20 s, 1.5 GiB (issue 20)", "2026-06-26": "30 s, 2 GiB (issue 21)"}


def timed_build(raw: Path, out: Path, release: str = RELEASE) -> dict[str, float]:
    argv = [
        tool("econindex"), "build", "--raw", str(raw), "--out", str(out),
        "--release", release, "--unpinned",
    ]  # fmt: skip
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed:\n{stderr}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--release",
        default=RELEASE,
        choices=sorted(TARGETS),
        help="2026-03-24 (first long format) or 2026-06-26 (second: 1,636,573 + 491,705 rows)",
    )
    args = parser.parse_args(argv)
    release = args.release
    runs = []
    with tempfile.TemporaryDirectory(prefix="econindex-longformat-bench-") as tmp:
        raw = Path(tmp) / "raw"
        files = generate_v2(raw) if release == "2026-06-26" else generate(release, raw)
        inputs = {p.name: p.stat().st_size for p in files}
        for i in range(args.runs):
            out = Path(tmp) / f"out-{i}"
            result = timed_build(raw, out, release)
            runs.append(result)
            print(
                f"  run {i + 1}: {result['wall_s']:.2f} s wall, {result['cpu_s']:.2f} s CPU, "
                f"{result['peak_rss_mib']:.0f} MiB peak",
                flush=True,
            )
        catalog = decode_catalog((out / CATALOG_FILE).read_bytes())
        entry = catalog.find(release)
        assert entry is not None
        resources = [
            (r.name, r.rows, r.parquet.bytes, r.csv.bytes) for r in entry.current.resources
        ]
    markdown = "\n".join(
        [
            f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine_note()}.",
            "",
            f"Target: {TARGETS[release]}.",
            "",
            "Inputs (synthetic): "
            + ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in inputs.items()),
            "",
            table(
                ["release", "runs", "wall s (median)", "CPU s (median)", "peak RSS MiB (median)"],
                [
                    [
                        f"{release} (synthetic, --unpinned)",
                        str(len(runs)),
                        f"{median([r['wall_s'] for r in runs]):.2f}",
                        f"{median([r['cpu_s'] for r in runs]):.2f}",
                        f"{median([r['peak_rss_mib'] for r in runs]):.0f}",
                    ]
                ],
            ),
            "",
            table(
                ["resource", "rows", "Parquet KiB", "CSV KiB"],
                [[n, f"{r:,}", f"{p / 1024:,.0f}", f"{c / 1024:,.0f}"] for n, r, p, c in resources],
            ),
            "",
        ]
    )
    stamp = time.strftime("%Y%m%d-%H%M%S")
    write_json(
        RESULTS / f"longformat-build-{release}-{stamp}.json", {"runs": runs, "inputs": inputs}
    )
    (RESULTS / f"longformat-build-{release}-{stamp}.md").write_text(markdown)
    print()
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
