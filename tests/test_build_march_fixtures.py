"""The March 2025 layout on hand-worked fixtures (numbers worked out in raw_fixtures)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from econindex_api.methods.clusters import cluster_id
from econindex_api.publishing.pipeline import build_all
from econindex_api.publishing.recipes import RELEASE_2025_03_27
from tests.raw_fixtures import MARCH_HAND_WORKED, march_release

MARCH = "2025-03-27"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    out = tmp_path_factory.mktemp("out")
    build_all(raw, out, recipes=march_release(raw))
    return out


def table(root: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(
        root / "releases" / MARCH / RELEASE_2025_03_27.version / "data" / f"{name}.parquet"
    )


def descriptor(root: Path) -> dict[str, Any]:
    text = (root / "releases" / MARCH / RELEASE_2025_03_27.version / "datapackage.json").read_text()
    result: dict[str, Any] = json.loads(text)
    return result


def by_key(frame: pl.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in frame.iter_rows(named=True)}


def test_v2_usage_is_the_release_usage(root: Path) -> None:
    shares = by_key(table(root, "occupation_usage"), "onet_soc_code")
    for code, expected in MARCH_HAND_WORKED["occupation_share_pct"].items():
        assert shares[code]["share_pct"] == pytest.approx(expected, abs=1e-12)
    split = dict(table(root, "interaction_split").select("category", "share_pct").iter_rows())
    assert split == pytest.approx(MARCH_HAND_WORKED["split_pct"], abs=1e-12)


def test_key_with_modes_but_no_statement(root: Path) -> None:
    modes = by_key(table(root, "task_interaction_modes"), "task_key")
    assert set(modes) == {"write reports.", "write code.", "sing loudly."}
    assert modes["sing loudly."]["matched"] is False
    assert modes["sing loudly."]["filtered_fraction"] == 1.0
    assert modes["write code."]["matched"] is True
    # it is left out of every roll-up: the sums below only hold without it
    occupations = by_key(table(root, "occupation_interaction_modes"), "onet_soc_code")
    assert set(occupations) == {"11-1011.00", "15-1252.00"}  # Actors: no covered pair
    for code, expected in MARCH_HAND_WORKED["occupation_modes"].items():
        for column, value in expected.items():
            assert occupations[code][column] == pytest.approx(value, abs=1e-12), (code, column)


def test_group_modes_are_rescaled_without_filtered(root: Path) -> None:
    groups = by_key(table(root, "category_interaction_modes"), "major_group_code")
    for code, expected in MARCH_HAND_WORKED["group_modes"].items():
        for column, value in expected.items():
            assert groups[code][column] == pytest.approx(value, abs=1e-12), (code, column)
        assert groups[code]["above_report_threshold"] is True
    actors = groups["27-0000"]
    assert actors["share_pct"] == pytest.approx(20 / 0.9)
    assert actors["covered_share_pct"] == 0.0
    assert actors["directive_fraction"] is None and actors["automation_fraction"] is None


def test_blank_thinking_fraction_is_not_published_not_zero(root: Path) -> None:
    tasks = by_key(table(root, "task_thinking"), "task_key")
    assert tasks["write code."]["thinking_fraction"] is None
    assert tasks["write reports."]["thinking_fraction"] == 0.4
    assert tasks["sing loudly."]["matched"] is False
    occupations = by_key(table(root, "occupation_thinking"), "onet_soc_code")
    for code, (mean, covered) in MARCH_HAND_WORKED["thinking"].items():
        assert occupations[code]["thinking_fraction"] == pytest.approx(mean, abs=1e-12)
        assert occupations[code]["covered_fraction"] == pytest.approx(covered, abs=1e-12)
    # Software Developers: a zero for the blank would have given 0.4 x 25/45 instead
    assert occupations["15-1252.00"]["covered_share_pct"] == pytest.approx(25 / 0.9)


def test_clusters_hierarchy_trimming_and_stable_ids(root: Path) -> None:
    clusters = table(root, "clusters")
    assert clusters.group_by("level").len().sort("level")["len"].to_list() == [4, 3, 2]
    nodes = {(row["level"], row["name"]): row for row in clusters.iter_rows(named=True)}
    reports = nodes[(0, "Write quarterly reports")]
    assert reports["description"] == "Users asked for reports."  # surrounding spaces trimmed
    assert reports["cluster_id"] == cluster_id(0, "Write quarterly reports")
    assert reports["parent_id"] == nodes[(1, "Write documents")]["cluster_id"]
    assert reports["level_2_id"] == nodes[(2, "Writing")]["cluster_id"]
    assert reports["task_key"] == "write reports." and reports["task_matched"] is True
    assert reports["records_pct"] == 40.0 and reports["feedback_loop_fraction"] == 0.1
    # the id is the documented formula, computed here independently
    import hashlib

    digest = hashlib.sha256(b"0:Write quarterly reports").hexdigest()[:16]
    assert reports["cluster_id"] == f"c0-{digest}"


def test_cluster_with_no_onet_task(root: Path) -> None:
    clusters = by_key(table(root, "clusters"), "name")
    chat = clusters["Chat casually"]
    assert chat["onet_task"] is None and chat["task_key"] is None
    assert chat["task_matched"] is False
    assert chat["directive_fraction"] is None and chat["thinking_fraction"] is None
    sing = clusters["Sing along"]
    assert sing["task_key"] == "sing loudly." and sing["task_matched"] is False
    assert sing["thinking_fraction"] == 0.0  # published zero stays zero
    small_talk = by_key(table(root, "clusters").filter(pl.col("level") == 1), "name")
    assert small_talk["Small talk"]["children_count"] == 2
    assert small_talk["Small talk"]["records_pct"] is None  # measures on level 0 only
    report = descriptor(root)["econindex"]["build_report"]
    assert report["clusters_without_task"] == 1
    assert report["clusters_task_unmatched"] == 1
    assert report["cluster_cells_trimmed"] == 1


def test_sources_references_and_republished_files(root: Path) -> None:
    package = descriptor(root)
    sources = {s["path"]: s for s in package["sources"]}
    wages = sources["release_2025_02_10/wage_data.csv"]
    assert wages["folder"] == "release_2025_02_10" and "no wage file" in wages["why"]
    assert "release_2025_02_10/bls_employment_may_2023.csv" in sources
    assert "release_2025_03_27/task_pct_v1.csv" in sources
    republished = package["econindex"]["build_report"]["republished_files"]
    assert {r["identical_to"] for r in republished} == {
        "release_2025_02_10/onet_task_mappings.csv",
        "release_2025_02_10/automation_vs_augmentation.csv",
    }
    # v1 is not published again: the release's usage is v2
    usage = table(root, "task_usage")
    assert usage.filter(pl.col("task_key") == "write reports.")["share_pct"].item() == 50.0
    assert package["econindex"]["release_date"] == MARCH
    names = {r["name"] for r in package["resources"]}
    assert not any("v1" in n for n in names)
    # wage bands and workforce exist for the March release too
    assert table(root, "workforce").height == 3
    assert table(root, "occupations")["median_wage_usd"].null_count() == 1


def test_catalog_observation_window_is_null_with_a_note(root: Path) -> None:
    catalog = json.loads((root / "catalog.json").read_text())
    for release in catalog["releases"]:
        window = release["observation_window"]
        assert window["start"] is None and window["end"] is None
        assert "does not state" in window["note"]
