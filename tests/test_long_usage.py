"""Tasks, occupations, SOC groups and interaction modes of the long-format releases.

- The real partial rows of 2025-09-15 (US states, 999 country rows, 499 API rows) have no
  GLOBAL Claude.ai task row: the classic tables are absent and the live server answers 404
  ``measure-not-available`` for their endpoints.
- ``geo_soc_groups`` of two real US states, recomputed here with the csv module from the
  raw rows, the statements and the SOC structure (no econindex_api code).
- A hand-written first-format fixture (GLOBAL Claude.ai tasks and collaboration) and the
  second-format fixture (tests/longv2_fixture.py): the live server's /tasks, /occupations,
  /categories and /interaction-modes give the values worked out by hand below.

Fixtures are written to temporary folders; nothing derived from ../shared is committed.
"""

from __future__ import annotations

import math
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from econindex_api.publishing.pipeline import build_all
from tests import longv2_fixture
from tests.conftest import LiveServer, start_server, stop_server
from tests.test_build_longformat import (
    API_NAME,
    CLAUDE_NAME,
    STATE_ROWS,
    UNPINNED,
    copy_first_report_references,
    rows,
)

REFS = Path("release_2025_09_15") / "data" / "intermediate"
CLASSIC = (
    "tasks",
    "occupations",
    "task_usage",
    "task_occupation_shares",
    "occupation_usage",
    "category_usage",
    "interaction_modes",
    "interaction_split",
)


# --- the real partial rows: no GLOBAL Claude.ai task, so no classic table -----------------


def test_partial_build_has_no_classic_tables(long_root: Path) -> None:
    data = long_root / "releases" / "2025-09-15" / "1.0.0-unpinned" / "data"
    assert (data / "geo_soc_groups.csv").is_file()
    for name in CLASSIC:
        assert not (data / f"{name}.csv").exists(), name  # absent, not empty


@pytest.mark.parametrize(
    "path", ["tasks", "occupations", "categories", "interaction-modes", "depth", "wage-bands"]
)
def test_partial_build_endpoints_answer_measure_not_available(
    long_server: LiveServer, path: str
) -> None:
    answer = httpx.get(long_server.url(f"/v1/releases/2025-09-15/{path}"), timeout=30)
    assert answer.status_code == 404, answer.text
    problem = answer.json()
    assert problem["type"].endswith("measure-not-available")
    assert "conversation_share" not in problem["measures"]  # not claimed when not built
    assert "soc_groups" in problem["measures"]


# --- geo_soc_groups of real US states, in plain Python -----------------------------------


def plain_soc_groups(raw_root: Path, state: str) -> dict[str, dict[str, float]]:
    """The method of docs/methods.md over one state's onet_task_pct rows, csv module only."""
    statements = rows(raw_root / REFS / "onet_task_statements.csv")
    titles: dict[str, set[str]] = defaultdict(set)
    codes: dict[str, set[str]] = defaultdict(set)
    for s in statements:
        key = s["Task"].lower().strip()
        titles[key].add(s["Title"])
        codes[key].add(s["O*NET-SOC Code"])
    tasks = {
        r["cluster_name"]: float(r["value"])
        for r in rows(STATE_ROWS)
        if r["geo_id"] == state and r["facet"] == "onet_task" and r["variable"] == "onet_task_pct"
    }
    weights: dict[str, list[float]] = defaultdict(list)
    for key, pct in tasks.items():
        for code in codes.get(key, ()):
            weights[code[:2]].append(pct / len(titles[key]))
    total = math.fsum(w for ws in weights.values() for w in ws)
    matched = math.fsum(p for k, p in tasks.items() if k in codes)
    return {
        f"{group}-0000": {
            "share_pct": math.fsum(ws) * 100 / total,
            "conversation_pct": math.fsum(ws),
            "attributed_pct": matched,
            "published_pct": math.fsum(tasks.values()),
            "none_pct": tasks.get("none", float("nan")),
            "not_classified_pct": tasks.get("not_classified", float("nan")),
            "unmatched_pct": math.fsum(
                p
                for k, p in tasks.items()
                if k not in codes and k not in ("none", "not_classified")
            ),
        }
        for group, ws in weights.items()
    }


def test_geo_soc_groups_of_two_states_match_plain_python(long_root: Path, raw_root: Path) -> None:
    published = rows(
        long_root / "releases" / "2025-09-15" / "1.0.0-unpinned" / "data" / "geo_soc_groups.csv"
    )
    majors = {
        r["Major Group"]: r["SOC or O*NET-SOC 2019 Title"]
        for r in rows(raw_root / REFS / "soc_structure.csv")
        if r["Major Group"]
    }
    # California and the state with the most published task rows besides it.
    counts: dict[str, int] = defaultdict(int)
    for r in rows(STATE_ROWS):
        if r["facet"] == "onet_task" and r["variable"] == "onet_task_pct":
            counts[r["geo_id"]] += 1
    other = max((s for s in counts if s not in ("CA", "not_classified")), key=counts.__getitem__)
    for state in ("CA", other):
        expected = plain_soc_groups(raw_root, state)
        ours = {
            r["major_group_code"]: r
            for r in published
            if r["geo_id"] == f"US-{state}" and r["platform"] == "claude_ai"
        }
        assert set(ours) == set(expected) and len(ours) >= 5, state
        assert math.fsum(float(r["share_pct"]) for r in ours.values()) == pytest.approx(100)
        for code, values in expected.items():
            row = ours[code]
            assert row["geo_level"] == "subregion" and row["window_rule"] == "as_published"
            assert row["major_group_title"] == majors[code]
            assert row["share_base"] == "tasks_matched_to_statements"
            for field, value in values.items():
                if math.isnan(value):
                    assert row[field] == "", (state, code, field)
                else:
                    assert float(row[field]) == pytest.approx(value, rel=1e-9, abs=1e-12), (
                        state,
                        code,
                        field,
                    )
            assert float(row["unattributed_pct"]) == pytest.approx(
                float(row["published_pct"]) - float(row["attributed_pct"]), abs=1e-9
            )


# --- a hand-written first-format fixture, served ------------------------------------------

AUG = "2025-08-04,2025-08-11"
A = "appoint department heads or managers and assign or delegate responsibilities to them."
B = "develop and interpret organizational goals, policies, and procedures."
C = "consult with customers about software system design and maintenance."
UNKNOWN = "write a haiku about the weather."
# A: Chief Executives 11-1011.00 (task 8831) only; B: 11-3021.00 (task 976) and 15-1111.00
# (task 14630), n(key) = 2; C: 15-1132.00 (task 3433) only.
GLOBAL_TASKS = {A: 30.0, B: 20.0, C: 10.0, UNKNOWN: 5.0, "none": 20.0, "not_classified": 15.0}
PATTERNS = {
    "directive": 30.0,
    "feedback loop": 10.0,
    "task iteration": 20.0,
    "learning": 15.0,
    "validation": 5.0,
    "none": 12.0,
    "not_classified": 8.0,
}


def v1_fixture(raw_root: Path, target: Path) -> Path:
    folder = target / REFS
    folder.mkdir(parents=True)
    for ref in (raw_root / REFS).iterdir():
        shutil.copyfile(ref, folder / ref.name)
    copy_first_report_references(raw_root, target)
    header = "geo_id,geography,date_start,date_end,platform_and_product,facet,level,variable,"
    header += "cluster_name,value\n"
    claude = [header]
    for name, pct in GLOBAL_TASKS.items():
        row = ["GLOBAL", "global", AUG, "Claude AI (Free and Pro)", "onet_task", "0"]
        claude.append(",".join([*row, "onet_task_pct", f'"{name}"', str(pct)]) + "\n")
    for name, pct in PATTERNS.items():
        row = ["GLOBAL", "global", AUG, "Claude AI (Free and Pro)", "collaboration", "0"]
        claude.append(",".join([*row, "collaboration_pct", name, str(pct)]) + "\n")
    api = [header, f'GLOBAL,global,{AUG},1P API,onet_task,0,onet_task_pct,"{C}",100.0\n']
    (folder / CLAUDE_NAME).write_text("".join(claude), encoding="utf-8")
    (folder / API_NAME).write_text("".join(api), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def v1_root(raw_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = v1_fixture(raw_root, tmp_path_factory.mktemp("raw-long-usage"))
    out = tmp_path_factory.mktemp("published-long-usage")
    build_all(raw, out, release="2025-09-15", unpinned=True)
    return out


@pytest.fixture(scope="module")
def v1_server(v1_root: Path) -> Iterator[LiveServer]:
    server = start_server(v1_root)
    yield server
    stop_server(server)


def get(server: LiveServer, path: str) -> dict:  # type: ignore[type-arg]
    answer = httpx.get(server.url(path), timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def workforce_pct(raw_root: Path, title: str) -> float:
    bls = rows(raw_root / "release_2025_02_10" / "bls_employment_may_2023.csv")
    total = sum(int(r["bls_distribution"]) for r in bls)
    mine = next(
        int(r["bls_distribution"]) for r in bls if r["SOC or O*NET-SOC 2019 Title"] == title
    )
    return mine * 100 / total


def test_v1_fixture_tasks_occupations_categories_modes_served(
    v1_server: LiveServer, v1_root: Path, raw_root: Path
) -> None:
    base = "/v1/releases/2025-09-15"
    # Matched weights: A 30 (n 1), B 10 + 10 (n 2), C 10; total 60. none, not_classified and
    # the unknown key match no statement and are left out (GUIDE §2): shares of 60.
    a = get(v1_server, f"{base}/tasks/8831")
    assert a["task"]["share_pct"] == 30.0
    assert [(o["onet_soc_code"], o["attributed_share_pct"]) for o in a["occupations"]] == [
        ("11-1011.00", pytest.approx(50.0))
    ]
    b = get(v1_server, f"{base}/tasks/976")
    assert b["task"]["occupations_count"] == 2
    assert sorted((o["onet_soc_code"], o["attributed_share_pct"]) for o in b["occupations"]) == [
        ("11-3021.00", pytest.approx(100 / 6)),
        ("15-1111.00", pytest.approx(100 / 6)),
    ]
    occupations = {
        r["onet_soc_code"]: r
        for r in get(v1_server, f"{base}/occupations?sort=-share_pct&limit=10")["data"]
    }
    assert occupations["11-1011.00"]["share_pct"] == pytest.approx(50.0)
    for code in ("11-3021.00", "15-1111.00", "15-1132.00"):
        assert occupations[code]["share_pct"] == pytest.approx(100 / 6)
    assert occupations["11-1011.00"]["tasks_with_usage"] == 1
    total_keys = {
        s["Task"].lower().strip()
        for s in rows(raw_root / REFS / "onet_task_statements.csv")
        if s["O*NET-SOC Code"] == "11-1011.00"
    }
    assert occupations["11-1011.00"]["tasks_total"] == len(total_keys)
    assert occupations["11-1011.00"]["median_wage_usd"] is not None  # 2025-02-10's wages
    categories = {r["major_group_code"]: r for r in get(v1_server, f"{base}/categories")["data"]}
    assert categories["11-0000"]["share_pct"] == pytest.approx(200 / 3)
    assert categories["15-0000"]["share_pct"] == pytest.approx(100 / 3)
    assert categories["13-0000"]["share_pct"] == 0.0
    assert categories["11-0000"]["workforce_pct"] == pytest.approx(
        workforce_pct(raw_root, "Management Occupations")
    )
    # Modes as published (base all conversations, not_classified is no mode); headline split
    # over the five patterns (sum 80): automation (30 + 10) / 80, augmentation 40 / 80.
    modes = get(v1_server, f"{base}/interaction-modes")
    raw_modes = {m["mode"]: m["share_pct"] for m in modes["data"]}
    assert raw_modes == {
        "directive": 30.0,
        "feedback_loop": 10.0,
        "task_iteration": 20.0,
        "learning": 15.0,
        "validation": 5.0,
        "none": 12.0,
    }
    headline = {m["mode"]: m["headline_share_pct"] for m in modes["data"]}
    assert headline["directive"] == pytest.approx(37.5)
    assert headline["validation"] == pytest.approx(6.25)
    assert {s["category"]: s["share_pct"] for s in modes["split"]} == {
        "automation": pytest.approx(50.0),
        "augmentation": pytest.approx(50.0),
    }
    release = get(v1_server, base)["release"]
    assert "conversation_share" in release["measures"]
    assert "interaction_modes" in release["measures"]


def test_v1_fixture_report_and_soc_groups(v1_root: Path) -> None:
    import json

    package = v1_root / UNPINNED
    report = json.loads((package / "datapackage.json").read_text())["econindex"]["build_report"]
    classic = report["classic_usage"]
    assert (classic["status"], classic["platform"], classic["window_rule"]) == (
        "published",
        "claude_ai",
        "as_published",
    )
    assert (classic["none_pct"], classic["not_classified_pct"]) == (20.0, 15.0)
    assert (classic["unmatched_usage_tasks"], classic["unmatched_usage_share_pct"]) == (3, 40.0)
    assert classic["collaboration_outside_modes"] == {"not_classified": 8.0}
    usage = {r["task_key"]: r for r in rows(package / "data" / "task_usage.csv")}
    assert usage["none"]["matched"] == "false" and usage[A]["matched"] == "true"
    groups = {
        (r["platform"], r["major_group_code"]): r
        for r in rows(package / "data" / "geo_soc_groups.csv")
    }
    management = groups[("claude_ai", "11-0000")]
    assert float(management["share_pct"]) == pytest.approx(200 / 3)
    assert float(management["conversation_pct"]) == pytest.approx(40.0)  # 30 + 10 of all
    assert [float(management[f]) for f in ("attributed_pct", "none_pct", "not_classified_pct")] == [
        60.0,
        20.0,
        15.0,
    ]
    assert (float(management["unmatched_pct"]), float(management["unattributed_pct"])) == (
        5.0,
        40.0,
    )
    api = groups[("1p_api", "15-0000")]  # the API's task is C alone: 15-1132.00
    assert float(api["share_pct"]) == pytest.approx(100) and ("1p_api", "11-0000") not in groups
    methods = (package / "METHODS.md").read_text(encoding="utf-8")
    assert "## Tasks, occupations and SOC groups of the long-format releases" in methods


# --- the second-format fixture, served ------------------------------------------------------


@pytest.fixture(scope="module")
def v2_root(raw_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = longv2_fixture.make_raw(raw_root, tmp_path_factory.mktemp("raw-v2-usage"))
    out = tmp_path_factory.mktemp("published-v2-usage")
    build_all(raw, out, release="2026-06-26", unpinned=True)
    return out


@pytest.fixture(scope="module")
def v2_server(v2_root: Path) -> Iterator[LiveServer]:
    server = start_server(v2_root)
    yield server
    stop_server(server)


def test_v2_fixture_served_from_the_release_figure(v2_server: LiveServer) -> None:
    """Task 8831 (Chief Executives) is published at GLOBAL in April 1.20 and May 1.30: the
    release's figure is 1.25. Task ID 99999901 (same name) matches no statement: left out,
    never matched by its text. Collaboration: the unweighted means of the two months."""
    base = "/v1/releases/2026-06-26"
    task = get(v2_server, f"{base}/tasks/8831")
    assert task["task"]["share_pct"] == pytest.approx(1.25)
    assert [(o["onet_soc_code"], o["attributed_share_pct"]) for o in task["occupations"]] == [
        ("11-1011.00", pytest.approx(100.0))
    ]
    occupations = get(v2_server, f"{base}/occupations?sort=-share_pct&limit=2")["data"]
    assert occupations[0]["onet_soc_code"] == "11-1011.00"
    assert occupations[0]["share_pct"] == pytest.approx(100.0)
    assert occupations[1]["share_pct"] == 0.0
    categories = {r["major_group_code"]: r for r in get(v2_server, f"{base}/categories")["data"]}
    assert categories["11-0000"]["share_pct"] == pytest.approx(100.0)
    modes = get(v2_server, f"{base}/interaction-modes")
    means = {
        "directive": 30.5,
        "feedback_loop": 17.25,
        "task_iteration": 25.5,
        "learning": 14.75,
        "validation": 8.25,
        "none": 3.75,
    }
    assert {m["mode"]: m["share_pct"] for m in modes["data"]} == {
        k: pytest.approx(v) for k, v in means.items()
    }
    five = 96.25
    assert {s["category"]: s["share_pct"] for s in modes["split"]} == {
        "automation": pytest.approx((30.5 + 17.25) / five * 100),
        "augmentation": pytest.approx((25.5 + 14.75 + 8.25) / five * 100),
    }
    assert "soc_groups" in get(v2_server, base)["release"]["measures"]


def test_v2_fixture_coverage_and_soc_groups(v2_root: Path) -> None:
    import json

    package = v2_root / "releases" / "2026-06-26" / "1.0.0-unpinned"
    report = json.loads((package / "datapackage.json").read_text())["econindex"]["build_report"]
    classic = report["classic_usage"]
    assert classic["window_rule"] == "unweighted_mean_of_months"
    assert (classic["date_start"], classic["date_end"]) == ("2026-04-01", "2026-06-01")
    coverage = classic["task_id_coverage"]
    assert (coverage["task_ids"], coverage["task_ids_matched"]) == (2, 1)
    assert coverage["unmatched_task_ids"] == ["99999901"]
    assert coverage["matched_share_pct"] == pytest.approx(1.25 / 1.70 * 100)
    # Per window and geography: April GLOBAL has 8831 (1.20, matched) and 99999901 (0.40).
    groups = rows(package / "data" / "geo_soc_groups.csv")
    april = next(
        r
        for r in groups
        if (r["platform"], r["geo_id"], r["date_start"], r["date_end"])
        == ("claude_ai", "GLOBAL", "2026-04-01", "2026-05-01")
    )
    assert april["major_group_code"] == "11-0000" and float(april["share_pct"]) == pytest.approx(
        100
    )
    assert [float(april[f]) for f in ("conversation_pct", "unmatched_pct", "published_pct")] == [
        1.2,
        pytest.approx(0.4),
        pytest.approx(1.6),
    ]
    assert april["none_pct"] == "" and april["not_classified_pct"] == ""  # no such node
    usa_may = next(
        r
        for r in groups
        if (r["geo_id"], r["date_start"], r["date_end"]) == ("USA", "2026-05-01", "2026-06-01")
    )
    assert float(usa_may["conversation_pct"]) == 1.1  # USA May: 8831 at 1.10
    windows = {(r["date_start"], r["date_end"], r["window_rule"]) for r in groups}
    assert ("2026-04-01", "2026-06-01", "unweighted_mean_of_months") in windows


def test_v1_fixture_package_is_valid_for_the_stock_validator(v1_root: Path) -> None:
    """The classic tables (with their foreign keys: tasks -> occupations -> soc_structure)
    and geo_soc_groups beside the long tables: stock ``frictionless validate`` says VALID."""
    import subprocess
    import sys

    frictionless = Path(sys.executable).parent / "frictionless"
    done = subprocess.run(
        [str(frictionless), "validate", "datapackage.json"],
        cwd=v1_root / UNPINNED,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "VALID" in done.stdout


def test_vectorised_validator_accepts_an_empty_cell_inside_a_key(
    long_root: Path, tmp_path: Path
) -> None:
    """A key column may hold "" (a missing value) in some rows: frictionless accepts a key
    unless every cell is missing, and so does the vectorised validator of large tables; the
    Parquet twin's "" equals the CSV's missing value there. (The first format's cluster ids
    are derived now, so the cells are blanked in a copy of the real package.)"""
    import csv as csv_module
    import json

    import polars as pl

    from econindex_api.publishing.validate import large_table_problems

    package = tmp_path / "package"
    shutil.copytree(long_root / "releases" / "2025-09-15" / "1.0.0-unpinned", package)
    descriptor = json.loads((package / "datapackage.json").read_text())
    resources = {r["name"]: r for r in descriptor["resources"]}
    clusters = resources["geo_request_clusters"]
    twin = resources["geo_request_clusters-parquet"]
    assert "cluster_id" in clusters["schema"]["primaryKey"]
    table = rows(package / clusters["path"])
    with (package / clusters["path"]).open("w", newline="", encoding="utf-8") as handle:
        writer = csv_module.DictWriter(handle, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, "cluster_id": ""} for r in table)
    frame = pl.read_parquet(package / twin["path"])
    frame.with_columns(pl.lit("").alias("cluster_id")).write_parquet(package / twin["path"])
    assert {r["cluster_id"] for r in rows(package / clusters["path"])} == {""}
    assert large_table_problems(package, clusters, twin, "x") == []
