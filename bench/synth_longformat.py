"""Synthetic files in the first long format, for benchmarks only (never published, never
committed): the real column layout and the real row counts of ``PINS.tsv``.

    .venv/bin/python bench/synth_longformat.py --release 2026-03-24 --out /tmp/x

writes ``/tmp/x/release_2026_03_24/data/aei_raw_{claude_ai,1p_api}_...csv`` and copies the real
2025-09-15 reference tables (``../shared/aei``) to ``/tmp/x/release_2025_09_15/...``, so
``econindex build --raw /tmp/x --release 2026-03-24 --unpinned`` builds it. The values are
random (seeded) but consistent where the build checks them: usage shares sum to 100 within
every parent. Rows per geography label follow FACTS.md (2026-03-24: global 271,313,
country-state 143,918, country 62,486; API 195,156 global), and the facets are the real ones
(usage, collaboration, onet_task, request L0-L2, the primitives, intersections).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import shutil
import string
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REFERENCES = REPO.parent / "shared" / "aei" / "release_2025_09_15" / "data" / "intermediate"
HEADER = (
    "geo_id",
    "geography",
    "date_start",
    "date_end",
    "platform_and_product",
    "facet",
    "level",
    "variable",
    "cluster_name",
    "value",
)
PATTERNS = (
    "directive",
    "feedback loop",
    "task iteration",
    "learning",
    "validation",
    "none",
    "not_classified",
)
CATEGORICAL = {
    "use_case": ("work", "coursework", "personal", "none", "not_classified"),
    "task_success": ("yes", "no", "not_classified"),
    "multitasking": ("yes", "no", "not_classified"),
    "human_only_ability": ("yes", "no", "not_classified"),
}
NUMERIC = (
    "human_only_time",
    "human_with_ai_time",
    "ai_autonomy",
    "human_education_years",
    "ai_education_years",
)
STATS = ("mean", "median", "stdev", "count", "mean_ci_lower", "mean_ci_upper")

# (folder, claude file, api file, dates, claude label, sub-national label, row counts)
RELEASES = {
    "2026-03-24": (
        "release_2026_03_24/data",
        "aei_raw_claude_ai_2026-02-05_to_2026-02-12.csv",
        "aei_raw_1p_api_2026-02-05_to_2026-02-12.csv",
        ("2026-02-05", "2026-02-12"),
        "Claude AI (Free, Pro, and Max)",
        {"global": 271313, "country-state": 143918, "country": 62486},
        195156,
    ),
    "2026-01-15": (
        "release_2026_01_15/data/intermediate",
        "aei_raw_claude_ai_2025-11-13_to_2025-11-20.csv",
        "aei_raw_1p_api_2025-11-13_to_2025-11-20.csv",
        ("2025-11-13", "2025-11-20"),
        "Claude AI (Free and Pro)",
        {"global": 264808, "country-state": 129460, "country": 64510},
        187772,
    ),
}


def words(rng: random.Random, n: int) -> str:
    return " ".join(
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9)))
        for _ in range(n)
    )


def shares(rng: random.Random, n: int) -> list[float]:
    weights = [rng.paretovariate(1.2) for _ in range(n)]
    total = sum(weights)
    return [w / total * 100 for w in weights]


def content_rows(
    rng: random.Random, tasks: list[str], requests: list[list[str]], global_: bool
) -> Iterator[tuple[str, str, str, str, float]]:
    """(facet, level, variable, cluster_name, value) of one geography, most important first."""
    for facet, answers in CATEGORICAL.items():
        for answer, pct in zip(answers, shares(rng, len(answers)), strict=True):
            yield facet, "0", f"{facet}_count", answer, round(pct * 100)
            yield facet, "0", f"{facet}_pct", answer, pct
    for pattern, pct in zip(PATTERNS, shares(rng, len(PATTERNS)), strict=True):
        yield "collaboration", "0", "collaboration_count", pattern, round(pct * 100)
        yield "collaboration", "0", "collaboration_pct", pattern, pct
    for facet in NUMERIC:
        for stat in STATS:
            yield facet, "0", f"{facet}_{stat}", "", rng.uniform(0.5, 12)
    for level, clusters in enumerate(requests):
        for cluster, pct in zip(clusters, shares(rng, len(clusters)), strict=True):
            yield "request", str(level), "request_count", cluster, round(pct * 100)
            yield "request", str(level), "request_pct", cluster, pct
    for task, pct in zip(tasks, shares(rng, len(tasks)), strict=True):
        yield "onet_task", "0", "onet_task_count", task, round(pct * 100)
        yield "onet_task", "0", "onet_task_pct", task, pct
    if global_:  # intersections are global only
        for base, nodes in (("onet_task", tasks), ("request", requests[0])):
            for node in nodes:
                for pattern, pct in zip(PATTERNS, shares(rng, len(PATTERNS)), strict=True):
                    for var, value in (("count", round(pct * 10)), ("pct", pct)):
                        yield (
                            f"{base}::collaboration",
                            "0",
                            f"{base}_collaboration_{var}",
                            (f"{node}::{pattern}"),
                            value,
                        )
                for facet in NUMERIC:
                    for stat in STATS:
                        yield (
                            f"{base}::{facet}",
                            "0",
                            f"{base}_{facet}_{stat}",
                            (f"{node}::value"),
                            rng.uniform(0.5, 12),
                        )
                for measure in ("prompt_tokens", "completion_tokens", "cost"):
                    yield (
                        f"{base}::{measure}",
                        "0",
                        f"{measure}_index",
                        f"{node}::value",
                        (rng.lognormvariate(0, 0.6)),
                    )
        for bin_index in itertools.count():  # histogram bins: as many as the count needs
            for facet in NUMERIC:
                for var in ("count", "pct"):
                    yield (
                        facet,
                        "0",
                        f"{facet}_histogram_{var}",
                        f"[{bin_index}, {bin_index + 1})",
                        (rng.uniform(0, 5)),
                    )


def write_file(
    path: Path,
    target: dict[str, int],
    label: str,
    dates: tuple[str, str],
    rng: random.Random,
    countries: list[str],
    regions: dict[str, list[str]],
) -> None:
    tasks = [f"{words(rng, 12)} (synthetic task {i})" for i in range(3260)]
    requests = [
        [f"{words(rng, 10)} ({lv}.{i})" for i in range(n)] for lv, n in enumerate((621, 104, 26))
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(HEADER)

        def emit(
            geo_id: str,
            geography: str,
            rows: Iterator[tuple[str, str, str, str, float]],
            limit: int,
        ) -> int:
            written = 0
            for facet, level, variable, cluster, value in rows:
                if written >= limit:
                    break
                out.writerow(
                    (
                        geo_id,
                        geography,
                        *dates,
                        label,
                        facet,
                        level,
                        variable,
                        cluster,
                        repr(float(value)),
                    )
                )
                written += 1
            return written

        for geography, total in target.items():
            if geography == "global":
                emit("GLOBAL", "global", content_rows(rng, tasks, requests, True), total)
                continue
            if geography == "country":
                ids = countries
                groups = {"GLOBAL": ids}
            else:
                ids = [r for parent in regions.values() for r in parent]
                groups = regions
            usage_rows = 0
            for members in groups.values():
                for geo_id, pct in zip(members, shares(rng, len(members)), strict=True):
                    emit(
                        geo_id,
                        geography,
                        iter(
                            [
                                (geography, "0", "usage_count", "", round(pct * 500) + 15),
                                (geography, "0", "usage_pct", "", pct),
                            ]
                        ),
                        2,
                    )
                    usage_rows += 2
            remaining = total - usage_rows
            per_geo, extra = divmod(remaining, len(ids))
            for index, geo_id in enumerate(ids):
                # the largest geographies first get the most rows, like upstream
                share = min(len(tasks) // 2, per_geo + (1 if index < extra else 0))
                sample = rng.sample(tasks, max(1, share // 2))
                emit(
                    geo_id,
                    geography,
                    content_rows(rng, sample, requests, False),
                    per_geo + (1 if index < extra else 0),
                )


def geographies(rng: random.Random) -> tuple[list[str], dict[str, list[str]]]:
    with (REFERENCES / "iso_country_codes.csv").open(newline="", encoding="utf-8") as handle:
        codes = [r["iso_alpha_2"] for r in csv.DictReader(handle)]
    countries = [*rng.sample(codes, 176), "not_classified", "NONE"]
    with (REFERENCES / "working_age_pop_2024_us_state.csv").open(
        newline="", encoding="utf-8"
    ) as handle:
        states = [f"US-{r['state_code']}" for r in csv.DictReader(handle)]
    regions: dict[str, list[str]] = {"US": [*states, "US-PR", "US-GU", "US-not_classified"]}
    parents = [c for c in countries if len(c) == 2 and c != "US"][:154]
    left = 1256 - len(regions["US"])
    for index, parent in enumerate(parents):
        n = left // len(parents) + (1 if index < left % len(parents) else 0)
        regions[parent] = [f"{parent}-R{i:02d}" for i in range(n - 1)] + [
            f"{parent}-not_classified"
        ]
    return countries, regions


def generate(release: str, out: Path, seed: int = 20) -> list[Path]:
    folder, claude, api, dates, label, target, api_rows = RELEASES[release]
    rng = random.Random(seed)
    countries, regions = geographies(rng)
    directory = out / folder
    directory.mkdir(parents=True, exist_ok=True)
    refs = out / "release_2025_09_15" / "data" / "intermediate"
    refs.mkdir(parents=True, exist_ok=True)
    for ref in REFERENCES.iterdir():
        shutil.copyfile(ref, refs / ref.name)
    write_file(directory / claude, target, label, dates, rng, countries, regions)
    write_file(directory / api, {"global": api_rows}, "1P API", dates, rng, countries, regions)
    return [directory / claude, directory / api]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", default="2026-03-24", choices=sorted(RELEASES))
    parser.add_argument("--out", required=True, help="a temporary folder (never the repository)")
    args = parser.parse_args(argv)
    for path in generate(args.release, Path(args.out)):
        with path.open("rb") as handle:
            lines = sum(1 for _ in handle) - 1
        print(f"{path}: {lines:,} rows, {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
