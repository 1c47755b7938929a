"""Synthetic files in the first long format, for benchmarks only (never published, never
committed): the real column layout and the real row counts of ``PINS.tsv``.

    .venv/bin/python bench/synth_longformat.py --release 2026-03-24 --out /tmp/x

writes ``/tmp/x/release_2026_03_24/data/aei_raw_{claude_ai,1p_api}_...csv`` and copies the real
2025-09-15 reference tables (``../shared/aei``) to ``/tmp/x/release_2025_09_15/...`` and
2025-02-10's wage and BLS tables to ``/tmp/x/release_2025_02_10/``, so
``econindex build --raw /tmp/x --release 2026-03-24 --unpinned`` builds it. The values are
random (seeded) but consistent where the build checks them: usage shares sum to 100 within
every parent. Rows per geography label follow FACTS.md (2026-03-24: global 271,313,
country-state 143,918, country 62,486; API 195,156 global), and the facets are the real ones
(usage, collaboration, onet_task, request L0-L2, the primitives, intersections).

``--release 2026-06-26`` writes the second long format at its real size (1,636,573 +
491,705 rows, two monthly windows, 121 countries, 652 subregions; every metric at every
GLOBAL node, all metrics at the top of each ladder and pct below for countries, pct for
subregions; 78.9 % real Task IDs, the rest synthetic ids that repeat real names).
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
FIRST_REPORT = REPO.parent / "shared" / "aei" / "release_2025_02_10"
FIRST_REPORT_REFERENCES = ("wage_data.csv", "bls_employment_may_2023.csv")


def copy_references(out: Path) -> None:
    """The real reference tables every long-format recipe reads: 2025-09-15's (ISO codes,
    population, GDP, O*NET statements, SOC structure) and 2025-02-10's wages and BLS."""
    refs = out / "release_2025_09_15" / "data" / "intermediate"
    refs.mkdir(parents=True, exist_ok=True)
    for ref in REFERENCES.iterdir():
        shutil.copyfile(ref, refs / ref.name)
    first = out / "release_2025_02_10"
    first.mkdir(parents=True, exist_ok=True)
    for name in FIRST_REPORT_REFERENCES:
        shutil.copyfile(FIRST_REPORT / name, first / name)


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
    # Real task keys (the statements of 2025-09-15, lower-cased), as upstream's are: 3,258
    # tasks plus none and not_classified, so the build's join to statements runs at full size.
    with (REFERENCES / "onet_task_statements.csv").open(newline="", encoding="utf-8") as handle:
        keys = sorted({r["Task"].lower().strip() for r in csv.DictReader(handle)})
    tasks = [*rng.sample(keys, 3258), "none", "not_classified"]
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
    copy_references(out)
    write_file(directory / claude, target, label, dates, rng, countries, regions)
    write_file(directory / api, {"global": api_rows}, "1P API", dates, rng, countries, regions)
    return [directory / claude, directory / api]


# --- the second long format (2026-06-26): two monthly windows, real row counts (FACTS §5) ---

HEADER_V2 = (
    "date_start",
    "date_end",
    "geo_id",
    "geo_level",
    "category_name",
    "hierarchy_level",
    "metric_id",
    "value",
    "node_name",
    "node_external_id",
)
V2_FOLDER = "release_2026_06_26/data"
V2_FILES = ("aei_claude_ai_2026-06-26.csv", "aei_1p_api_2026-06-26.csv")
V2_WINDOWS = (("2026-04-01", "2026-05-01"), ("2026-05-01", "2026-06-01"))
# Rows per window (743,769 April / 892,804 May) and per geo_level (FACTS §5).
V2_CLAUDE_LEVELS = {"global": 554941, "country": 673272, "subregion": 408360}
V2_CLAUDE_WINDOW_SHARE = 743769 / 1636573
V2_API_ROWS = 491705
ARTIFACTS = [
    "academic_paper_or_thesis",
    "advice_or_recommendation",
    "analysis_or_summary",
    "app_or_website",
    "audio_or_music",
    "blog_or_article",
    "chart_or_visualization",
    "code_fix_or_debug",
    "config_or_infra",
    "creative_writing",
    "data_or_spreadsheet",
    "document_or_report",
    "educational_material",
    "email_or_message",
    "explanation_or_answer",
    "game_or_interactive",
    "idea_or_brainstorm",
    "image_or_graphic",
    "marketing_or_social_content",
    "math_or_calculation",
    "ml_or_ai_system",
    "none",
    "other",
    "plan_or_strategy",
    "presentation_or_slides",
    "recipe_or_meal_plan",
    "resume_or_job_application",
    "script_or_snippet",
    "sql_or_database_query",
    "translation",
    "ui_or_design_mockup",
    "video_or_animation",
]
# The 50 metrics of a taxonomy cell besides pct (51 with it) and of overall (52 with usage).
CELL_METRICS = (
    *(f"use_case_{u}_pct" for u in ("work", "personal", "coursework")),
    "collaboration_bucket_automation_pct",
    "collaboration_bucket_augmentation_pct",
    *(
        f"collaboration_{p}_pct"
        for p in ("directive", "feedback_loop", "task_iteration", "learning", "validation", "none")
    ),
    *(f"artifact_{a}_pct" for a in ARTIFACTS),
    "multitasking_pct",
    "human_only_ability_pct",
    "ai_autonomy_mean",
    "ai_education_years_mean",
    "human_education_years_mean",
    "human_only_time_mean",
    "human_with_ai_time_mean",
)
# (category, level, nodes claude_ai, nodes 1p_api); the last level of a category is its top.
V2_NODES = (
    ("onet", 0, 2861, 2427),
    ("onet", 1, 767, 753),
    ("onet", 2, 215, 221),
    ("onet", 3, 35, 37),
    ("request", 0, 1012, 903),
    ("request", 1, 196, 185),
    ("request", 2, 20, 20),
    ("soc_occupation", 0, 718, 701),
    ("soc_occupation", 1, 22, 22),
)
TOP_LEVEL = {"onet": 3, "request": 2, "soc_occupation": 1}


def v2_nodes(rng: random.Random, api: bool) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """(category, level) -> [(node_name, node_external_id)], with real Task IDs where the
    statement table has them (the rest synthetic) and duplicate names like upstream."""
    with (REFERENCES / "onet_task_statements.csv").open(newline="", encoding="utf-8") as handle:
        statements = [(r["Task"], r["Task ID"]) for r in csv.DictReader(handle)]
    out: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for category, level, n_claude, n_api in V2_NODES:
        n = n_api if api else n_claude
        if category == "onet" and level == 0:
            real = rng.sample(statements, int(n * 0.789))
            fake = [(real[i % len(real)][0], str(90000000 + i)) for i in range(n - len(real))]
            out[(category, level)] = real + fake  # fake ids repeat real names (duplicates)
        elif category == "onet":
            out[(category, level)] = [(words(rng, 5), f"4.A.{level}.{i}") for i in range(n)]
        elif category == "request":
            out[(category, level)] = [
                (words(rng, 6), f"{rng.getrandbits(128):032x}") for _ in range(n)
            ]
        elif level == 0:
            out[(category, level)] = [
                (words(rng, 3), f"{10 + i % 40}-{i:04d}.00") for i in range(n)
            ]
        else:
            out[(category, level)] = [(words(rng, 3), f"{11 + 2 * i}") for i in range(n)]
    return out


def v2_cell(rng: random.Random) -> Iterator[tuple[str, float]]:
    """The 50 metrics of one cell; each group (use case, patterns, buckets, artifacts) sums
    to 100 like upstream's."""
    groups = {
        "use_case": [m for m in CELL_METRICS if m.startswith("use_case_")],
        "bucket": [m for m in CELL_METRICS if m.startswith("collaboration_bucket_")],
        "pattern": [
            m
            for m in CELL_METRICS
            if m.startswith("collaboration_") and not m.startswith("collaboration_bucket_")
        ],
        "artifact": [m for m in CELL_METRICS if m.startswith("artifact_")],
    }
    values: dict[str, float] = {}
    for members in groups.values():
        values.update(zip(members, shares(rng, len(members)), strict=True))
    for metric in CELL_METRICS:
        if metric in values:
            yield metric, values[metric]
        elif metric.endswith("_pct"):
            yield metric, rng.uniform(0, 100)
        else:
            yield metric, rng.uniform(1, 15)


def v2_geo_rows(
    rng: random.Random,
    nodes: dict[tuple[str, int], list[tuple[str, str]]],
    level: str,
    usage: float,
) -> Iterator[tuple[str, int, str, float, str, str]]:
    """(category, level, metric, value, node_name, node_id) of one geography and window."""
    yield "overall", 0, "usage_pct", usage, "Overall", "-"
    if level != "subregion" or rng.random() < 0.1:
        yield "overall", 0, "usage_per_capita_index", rng.uniform(0.05, 6.44), "Overall", "-"
    for metric, value in v2_cell(rng):
        yield "overall", 0, metric, value, "Overall", "-"
    if level == "global":  # every metric at every node
        for (category, h), members in nodes.items():
            for name, node_id in members:
                yield category, h, "pct", rng.uniform(0, 5), name, node_id
                for metric, value in v2_cell(rng):
                    yield category, h, metric, value, name, node_id
        return
    if level == "country":  # the top of each ladder with every metric
        for category, top in TOP_LEVEL.items():
            for name, node_id in nodes[(category, top)]:
                yield category, top, "pct", rng.uniform(0, 20), name, node_id
                for metric, value in v2_cell(rng):
                    yield category, top, metric, value, name, node_id
    for (category, h), members in nodes.items():  # pct only below (and everywhere for subregions)
        if level == "country" and h == TOP_LEVEL[category]:
            continue
        for name, node_id in rng.sample(members, len(members)):
            yield category, h, "pct", rng.uniform(0, 3), name, node_id


def write_v2(
    path: Path,
    rng: random.Random,
    budgets: dict[tuple[str, str], int],
    geos: dict[str, list[tuple[str, str]]],
    api: bool,
) -> None:
    """``budgets``: (window start, geo_level) -> rows; ``geos``: level -> [(geo_id, parent)]."""
    nodes = v2_nodes(rng, api)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(HEADER_V2)
        for start, end in V2_WINDOWS:
            for level, members in geos.items():
                budget = budgets.get((start, level), 0)
                if not budget:
                    continue
                # April holds fewer geographies than May (114 of 121 countries upstream).
                present = (
                    members if start != V2_WINDOWS[0][0] else members[: len(members) * 9 // 10 or 1]
                )
                per_geo, extra = divmod(budget, len(present))
                pcts = shares(rng, len(present))
                for index, (geo_id, _) in enumerate(present):
                    limit = per_geo + (1 if index < extra else 0)
                    usage = 100.0 if level == "global" else pcts[index] * 0.85
                    for written, (cat, h, metric, value, name, node_id) in enumerate(
                        v2_geo_rows(rng, nodes, level, usage)
                    ):
                        if written >= limit:
                            break
                        out.writerow(
                            (
                                start,
                                end,
                                geo_id,
                                level,
                                cat,
                                h,
                                metric,
                                f"{value:.2f}",
                                name,
                                node_id,
                            )
                        )


def generate_v2(out: Path, seed: int = 21) -> list[Path]:
    rng = random.Random(seed)
    with (REFERENCES / "iso_country_codes.csv").open(newline="", encoding="utf-8") as handle:
        codes = [(r["iso_alpha_2"], r["iso_alpha_3"]) for r in csv.DictReader(handle)]
    countries = rng.sample(codes, 121)
    with (REFERENCES / "working_age_pop_2024_us_state.csv").open(
        newline="", encoding="utf-8"
    ) as handle:
        states = [f"US-{r['state_code']}" for r in csv.DictReader(handle)]
    subregions = [(s, "USA") for s in [*states, "US-PR"]]
    others = [c for c in countries if c[0] != "US"][:127]
    left = 652 - len(subregions)
    for index, (alpha2, alpha3) in enumerate(others):
        n = left // len(others) + (1 if index < left % len(others) else 0)
        subregions += [(f"{alpha2}-R{i:02d}", alpha3) for i in range(n)]
    geos = {
        "global": [("GLOBAL", "")],
        "country": [(alpha3, "GLOBAL") for _, alpha3 in countries],
        "subregion": subregions,
    }
    # GLOBAL is split evenly (a GLOBAL window holds at most 52 + 5,846 x 51 rows); the
    # countries and subregions take the rest of each window's real total in proportion.
    april_total = round(sum(V2_CLAUDE_LEVELS.values()) * V2_CLAUDE_WINDOW_SHARE)
    global_april = V2_CLAUDE_LEVELS["global"] // 2
    below = V2_CLAUDE_LEVELS["country"] + V2_CLAUDE_LEVELS["subregion"]
    country_april = round((april_total - global_april) * V2_CLAUDE_LEVELS["country"] / below)
    april = {
        "global": global_april,
        "country": country_april,
        "subregion": april_total - global_april - country_april,
    }
    budgets: dict[tuple[str, str], int] = {}
    for level, total in V2_CLAUDE_LEVELS.items():
        budgets[(V2_WINDOWS[0][0], level)] = april[level]
        budgets[(V2_WINDOWS[1][0], level)] = total - april[level]
    directory = out / V2_FOLDER
    directory.mkdir(parents=True, exist_ok=True)
    copy_references(out)
    claude, api = directory / V2_FILES[0], directory / V2_FILES[1]
    write_v2(claude, rng, budgets, geos, api=False)
    api_april = V2_API_ROWS // 2
    api_budgets = {
        (V2_WINDOWS[0][0], "global"): api_april,
        (V2_WINDOWS[1][0], "global"): V2_API_ROWS - api_april,
    }
    write_v2(api, rng, api_budgets, {"global": geos["global"]}, api=True)
    return [claude, api]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--release", default="2026-03-24", choices=[*sorted(RELEASES), "2026-06-26"]
    )
    parser.add_argument("--out", required=True, help="a temporary folder (never the repository)")
    args = parser.parse_args(argv)
    made = (
        generate_v2(Path(args.out))
        if args.release == "2026-06-26"
        else generate(args.release, Path(args.out))
    )
    for path in made:
        with path.open("rb") as handle:
            lines = sum(1 for _ in handle) - 1
        print(f"{path}: {lines:,} rows, {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
