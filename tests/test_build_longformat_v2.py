"""The second long format (release 2026-06-26, issue 21): a fixture through the build.

The usage files (219 MB and 77 MB) are not on this machine. ``tests/longv2_fixture.py``
writes a hand-made fixture from the data dictionary under the upstream file names into a
temporary raw folder; it is built with ``--unpinned`` (so it is tagged ``1.0.0-unpinned`` and
never presented as the release). Expected values are computed here in plain Python from the
fixture's rows with the csv module, sharing no code with econindex_api.
"""

from __future__ import annotations

import csv
import hashlib
import math
import subprocess
import sys
from pathlib import Path

import pytest

from econindex_api.catalog import decode_catalog
from econindex_api.methods.comparability import (
    MEASURES,
    PAIRS,
    RELEASES,
    between,
    canonical_geo_id,
    comparability_table,
    lookup,
)
from econindex_api.publishing.errors import BuildError, RawDataError
from econindex_api.publishing.pipeline import build_all, recipes_in
from tests import longv2_fixture as fx

REPO = Path(__file__).resolve().parent.parent
VERSION = "releases/2026-06-26/1.0.0-unpinned"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def fixture_raw(raw_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fx.make_raw(raw_root, tmp_path_factory.mktemp("raw-v2"))


@pytest.fixture(scope="module")
def built(fixture_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published-v2")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "econindex_api.cli", "build", "--raw", str(fixture_raw)),
            *("--out", str(out), "--release", "2026-06-26", "--unpinned"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return out


def table(root: Path, name: str) -> list[dict[str, str]]:
    return rows(root / VERSION / "data" / f"{name}.csv")


def raw_rows(raw: Path, name: str) -> list[dict[str, str]]:
    return rows(raw / fx.FOLDER / "data" / name)


def test_observations_keep_every_row_with_ids_as_text(fixture_raw: Path, built: Path) -> None:
    claude = raw_rows(fixture_raw, fx.CLAUDE_NAME)
    api = raw_rows(fixture_raw, fx.API_NAME)
    obs = table(built, "observations")
    assert len(obs) == len(claude) + len(api)
    assert {r["platform"] for r in obs} == {"claude_ai", "1p_api"}
    overall = [r for r in obs if r["category"] == "overall"]
    assert overall and all(r["node_id"] == "-" for r in overall)  # the '-' of overall, kept
    # NA-KH: Namibia's alpha-2 prefix is text, not a missing value; its parent is NAM.
    nakh = [r for r in obs if r["geo_id"] == "NA-KH"]
    assert nakh and all(r["geo_level"] == "subregion" for r in nakh)
    # Duplicate node_name with two Task IDs: both kept, told apart by node_id.
    same = {
        (r["node_id"], r["date_start"])
        for r in obs
        if r["node_name"] == fx.STATEMENT
        and r["geo_id"] == "GLOBAL"
        and r["platform"] == "claude_ai"
    }
    assert same == {(i, d) for i in ("8831", "99999901") for d in (fx.APRIL[0], fx.MAY[0])}
    # Values unchanged (2 decimals upstream).
    by_key = {
        (
            *(r["platform"], r["date_start"], r["geo_id"], r["category"]),
            *(r["hierarchy_level"], r["metric"], r["node_id"]),
        ): float(r["value"])
        for r in obs
    }
    for r in claude:
        key = ("claude_ai", r["date_start"], r["geo_id"], r["category_name"])
        key += (r["hierarchy_level"], r["metric_id"], r["node_external_id"])
        assert by_key[key] == float(r["value"])


def test_every_derived_row_names_its_window(built: Path) -> None:
    months = {fx.APRIL, fx.MAY}
    for name in (
        "geo_usage",
        "node_usage",
        "geo_request_clusters",
        "geo_collaboration",
        "geo_automation",
        "geo_primitives",
        "geo_artifacts",
    ):
        for r in table(built, name):
            window = (r["date_start"], r["date_end"])
            if r["window_rule"] == "as_published":
                assert window in months, (name, r)
            else:
                assert r["window_rule"] == "unweighted_mean_of_months", (name, r)
                assert window == (fx.APRIL[0], fx.MAY[1]), (name, r)


def test_geo_usage_serves_the_published_aui_and_the_mean_of_months(built: Path) -> None:
    usage = {(r["geo_id"], r["window_rule"], r["date_start"]): r for r in table(built, "geo_usage")}
    mean = "unweighted_mean_of_months"
    usa = usage[("USA", mean, fx.APRIL[0])]
    assert math.isclose(float(usa["usage_pct"]), (20.10 + 19.90) / 2)
    assert math.isclose(float(usa["usage_per_capita_index"]), (3.50 + 3.40) / 2)
    assert usa["aui_convention"] == "published_jun2026"
    assert usa["usage_count"] == ""  # the second format publishes no counts
    april = usage[("USA", "as_published", fx.APRIL[0])]
    assert float(april["usage_per_capita_index"]) == 3.50
    # A missing row: DEU is not published in April, so no April row and no release figure.
    assert ("DEU", "as_published", fx.MAY[0]) in usage
    assert ("DEU", "as_published", fx.APRIL[0]) not in usage
    assert ("DEU", mean, fx.APRIL[0]) not in usage
    # US-PR is a subregion of USA; PRI a country: both kept.
    assert usage[("US-PR", "as_published", fx.APRIL[0])]["parent_geo_id"] == "USA"
    assert usage[("PRI", "as_published", fx.APRIL[0])]["parent_geo_id"] == "GLOBAL"
    assert usage[("US-PR", "as_published", fx.APRIL[0])]["usage_per_capita_index"] == ""
    assert usage[("NA-KH", "as_published", fx.APRIL[0])]["parent_geo_id"] == "NAM"
    assert usage[("US-CA", mean, fx.APRIL[0])]["name"] == "California"
    assert not any(k[0] == "GLOBAL" for k in usage)  # GLOBAL's identity rows stay in obs


def test_node_usage_ladder_and_task_ids(built: Path, raw_root: Path) -> None:
    statements = rows(
        raw_root / "release_2025_09_15" / "data" / "intermediate" / "onet_task_statements.csv"
    )
    by_id = {r["Task ID"]: r["Task"].strip().lower() for r in statements}
    nodes = table(built, "node_usage")
    got = {
        (r["platform"], r["geo_id"], r["date_start"], r["window_rule"], r["node_id"]): r
        for r in nodes
    }
    task = got[("claude_ai", "GLOBAL", fx.APRIL[0], "as_published", "8831")]
    assert task["task_match"] == "matched" and task["task_key"] == by_id["8831"]
    assert task["level_name"] == "task"
    other = got[("claude_ai", "GLOBAL", fx.APRIL[0], "as_published", "99999901")]
    assert other["task_match"] == "unmatched" and other["task_key"] == ""
    assert "99999901" not in by_id
    levels = {(r["category"], r["hierarchy_level"]): r["level_name"] for r in nodes}
    assert levels == {
        ("onet", "0"): "task",
        ("onet", "1"): "dwa",
        ("onet", "2"): "iwa",
        ("onet", "3"): "gwa",
        ("soc_occupation", "0"): "detailed_occupation",
        ("soc_occupation", "1"): "major_group",
    }
    mean = got[("claude_ai", "USA", fx.APRIL[0], "unweighted_mean_of_months", "15")]
    assert math.isclose(float(mean["conversation_pct"]), (28.00 + 29.00) / 2)
    # A metric published only at the top of the ladder stays in observations; node_usage is pct.
    obs = table(built, "observations")
    top = [r for r in obs if r["metric"] == "collaboration_directive_pct" and r["geo_id"] == "USA"]
    assert {(r["hierarchy_level"], r["node_id"]) for r in top} == {("3", "4.A.4.b.4")}


def test_request_collaboration_primitives_artifacts(built: Path) -> None:
    clusters = {
        (r["geo_id"], r["hierarchy_level"], r["window_rule"], r["date_start"]): r
        for r in table(built, "geo_request_clusters")
    }
    usa = clusters[("USA", "1", "as_published", fx.APRIL[0])]
    assert usa["cluster_id"].endswith("000000000002")
    assert math.isclose(float(usa["index_vs_parent"]), 5.00 / 4.00)
    auto = {
        (r["platform"], r["window_rule"], r["date_start"]): r
        for r in table(built, "geo_automation")
    }
    april = auto[("claude_ai", "as_published", fx.APRIL[0])]
    classified = 30 + 18 + 25 + 15 + 8
    assert math.isclose(float(april["automation_pct_of_classified"]), (30 + 18) / classified * 100)
    assert math.isclose(float(april["automation_pct_of_all"]), 30 + 18)
    patterns = {r["pattern"]: r["mode"] for r in table(built, "geo_collaboration")}
    assert patterns["feedback_loop"] == "automation" and patterns["none"] == "none"
    prims = {
        (r["platform"], r["primitive"], r["node_name"], r["window_rule"], r["date_start"]): r
        for r in table(built, "geo_primitives")
    }
    time = prims[("claude_ai", "human_only_time", "", "as_published", fx.MAY[0])]
    assert float(time["value"]) == 3.00 and time["unit"] == "hours"
    assert (
        prims[("claude_ai", "human_with_ai_time", "", "as_published", fx.MAY[0])]["unit"]
        == "minutes"
    )
    arts = {
        (r["platform"], r["artifact"], r["window_rule"]): float(r["conversation_pct"])
        for r in table(built, "geo_artifacts")
        if r["window_rule"] == "unweighted_mean_of_months"
    }
    assert math.isclose(arts[("claude_ai", "none", "unweighted_mean_of_months")], (6.80 + 6.78) / 2)


def test_build_report_and_catalog(built: Path) -> None:
    import json

    descriptor = json.loads((built / VERSION / "datapackage.json").read_text(encoding="utf-8"))
    report = descriptor["econindex"]["build_report"]
    assert report["window_rule"] == "unweighted_mean_of_months"
    coverage = report["task_coverage"]["claude_ai 2026-04-01"]
    assert coverage == {"task_ids": 2, "matched": 1, "pct_published": 1.6, "pct_matched": 1.2}
    assert report["completeness"]["country"]["status"] == "thresholded_upstream"
    catalog = decode_catalog((built / "catalog.json").read_bytes())
    (entry,) = catalog.releases
    assert entry.id == "2026-06-26" and entry.current.unpinned
    assert all(not s.get("matches_pin", True) for s in descriptor["sources"][:2])


def test_rebuild_is_byte_identical(fixture_raw: Path, built: Path, tmp_path: Path) -> None:
    build_all(fixture_raw, tmp_path, release="2026-06-26", unpinned=True)
    for name in ("datapackage.json", "package.zip"):
        first = hashlib.sha256((built / VERSION / name).read_bytes()).hexdigest()
        again = hashlib.sha256((tmp_path / VERSION / name).read_bytes()).hexdigest()
        assert first == again, name


def test_pinned_build_of_a_fixture_is_refused(fixture_raw: Path, tmp_path: Path) -> None:
    with pytest.raises((BuildError, RawDataError)) as caught:
        build_all(fixture_raw, tmp_path, release="2026-06-26")
    assert "aei_claude_ai_2026-06-26.csv" in str(caught.value)


def test_absent_release_is_skipped_with_one_line(raw_root: Path) -> None:
    lines: list[str] = []
    recipes_in(raw_root, None, lines.append)
    jun = [line for line in lines if line.startswith("2026-06-26")]
    assert jun == [
        "2026-06-26: skipped: release_2026_06_26/data/aei_claude_ai_2026-06-26.csv not found "
        "(upstream file: 219,174,671 bytes, sha256 "
        "f974b358bce0e5a8417510c61da4342234cd0de9d9d0b62acf4c6dbcf8ec7b68)"
    ]


def test_replicate_on_the_fixture_proves_the_rule_path_only(built: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "econindex_api.cli", "replicate", "--data", str(built)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    lines = done.stdout.splitlines()
    figures = [line for line in lines if line.startswith("2026-06-26")]
    assert len(figures) == 23, done.stdout
    assert all("1.0.0-unpinned" in line for line in figures)
    # The fixture's values were written so each rule lands on FACTS §5's number; computed here:
    assert f"{(6.80 + 6.78) / 2:.2f}" == "6.79"
    assert f"{(16.70 + 16.62) / 2:.2f}" == "16.66"
    assert f"{12.80 - 12.00:.2f}" == "0.80"
    assert all(" match " in line for line in figures), done.stdout
    assert done.returncode == 0
    assert any("not the release's figures" in line for line in lines), done.stdout


def test_comparability_table_key_rows() -> None:
    rows_ = comparability_table()
    assert len(rows_) == len(MEASURES) * len(PAIRS)
    assert {(r.measure, r.release_from, r.release_to) for r in rows_} == {
        (m, a, b) for m in MEASURES for a, b in PAIRS
    }
    assert not any(r.comparable for r in rows_ if r.measure == "request_topics")
    assert all("re-clustered" in r.why for r in rows_ if r.measure == "request_topics")
    task = lookup("task_share", "2026-03-24", "2026-06-26")
    assert task.comparable and "Task ID" in task.why and "coverage" in task.why
    assert lookup("aui_country", "2026-03-24", "2026-06-26").comparable is False
    assert lookup("aui_us_state", "2026-03-24", "2026-06-26").comparable is True
    assert lookup("geo_usage_share", "2025-03-27", "2025-09-15").comparable is False
    auto = lookup("automation_split", "2025-02-10", "2025-03-27")
    assert auto.comparable and "feedback loop" in auto.why and "feedback_loop" in auto.why
    assert all(not r.comparable for r in rows_ if r.measure == "artifacts")
    assert all(r.base == "" for r in rows_ if not r.comparable)
    assert all(r.base for r in rows_ if r.comparable)
    # Across non-consecutive releases: every step on one base.
    assert between("task_share", RELEASES[0], RELEASES[-1]).comparable
    far = between("geo_usage_share", RELEASES[0], RELEASES[-1])
    assert not far.comparable and far.why.startswith("2025-02-10 -> 2025-03-27")
    assert between("aui_country", "2025-09-15", "2026-03-24").comparable
    assert not between("aui_country", "2025-09-15", "2026-06-26").comparable


def test_geography_crosswalk() -> None:
    alpha3 = {"CA": "CAN", "US": "USA", "NA": "NAM"}
    assert canonical_geo_id("CA", "state_us", alpha3) == "US-CA"
    assert canonical_geo_id("CA", "country", alpha3) == "CAN"
    assert canonical_geo_id("NA", "country", alpha3) == "NAM"
    assert canonical_geo_id("US-CA", "subregion", alpha3) == "US-CA"
    assert canonical_geo_id("not_classified", "state_us", alpha3) == "US-not_classified"
    assert canonical_geo_id("anything", "global", alpha3) == "GLOBAL"


def test_methods_appendix_only_in_the_second_format(built: Path, published_root: Path) -> None:
    """docs/methods.md is copied unchanged into the earlier packages (their bytes do not move);
    the second format's methods are appended to METHODS.md only in its own package, followed
    by the tasks-and-SOC-groups section of both long formats."""
    base = (REPO / "docs" / "methods.md").read_text(encoding="utf-8")
    extra = (REPO / "docs" / "methods-long-format-2.md").read_text(encoding="utf-8")
    usage = (REPO / "docs" / "methods-long-usage.md").read_text(encoding="utf-8")
    ours = (built / VERSION / "METHODS.md").read_text(encoding="utf-8")
    assert ours == base + "\n" + extra + "\n" + usage
    earlier = sorted(published_root.glob("releases/*/*/METHODS.md"))
    assert earlier
    assert all(p.read_text(encoding="utf-8") == base for p in earlier)


def test_depth_tolerance_counts_7_of_25_at_028() -> None:
    """25 x 0.28 is 7.000000000000001 in floating point: an occupation with 7 of 25 tasks
    reaches 0.28 (issue 21 §4); 6 of 25 does not. Expected values counted here by hand."""
    import polars as pl

    from econindex_api.methods.depth import depth_at_thresholds

    assert 25 * 0.28 > 7  # the floating-point fact the tolerance exists for
    coverage = pl.DataFrame({"tasks_with_usage": [7, 6, 25, 0], "tasks_total": [25, 25, 25, 25]})
    depth = depth_at_thresholds(coverage, [0.28])
    assert depth["occupations_count"].to_list() == [2]  # 7/25 and 25/25
    assert depth["occupations_pct"].to_list() == [50.0]
