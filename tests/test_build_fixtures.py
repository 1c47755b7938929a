"""The build on hand-worked fixtures: every derived number checked against raw_fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from econindex_api.catalog import decode_catalog
from econindex_api.publishing.pipeline import build_all
from econindex_api.publishing.recipes import LABOR_MARKET_IMPACTS, RELEASE_2025_02_10, recipe_for
from econindex_api.publishing.validate import validate_tree
from tests.raw_fixtures import HAND_WORKED, exposure_release, flat_task_release


def table(root: Path, release: str, name: str) -> pl.DataFrame:
    return pl.read_parquet(
        root / "releases" / release / recipe_for(release).version / "data" / f"{name}.parquet"
    )


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    out = tmp_path_factory.mktemp("out")
    recipes = [flat_task_release(raw), exposure_release(raw)]
    build_all(raw, out, recipes=recipes)
    return out


def as_dict(frame: pl.DataFrame, key: str, value: str) -> dict[str, float]:
    return dict(zip(frame[key].to_list(), frame[value].to_list(), strict=True))


def test_occupation_shares_split_shared_statement_and_drop_unmatched(fixture_root: Path) -> None:
    usage = table(fixture_root, "2025-02-10", "occupation_usage")
    shares = as_dict(usage, "onet_soc_code", "share_pct")
    assert shares == pytest.approx(HAND_WORKED["occupation_share_pct"], abs=1e-12)
    fractions = as_dict(usage, "onet_soc_code", "tasks_with_usage_fraction")
    assert fractions == HAND_WORKED["fraction"]


def test_statement_under_several_occupations_is_split_evenly(fixture_root: Path) -> None:
    pairs = table(fixture_root, "2025-02-10", "task_occupation_shares")
    shared = pairs.filter(pl.col("task_key") == "write reports.").sort("onet_soc_code")
    assert shared["onet_soc_code"].to_list() == ["11-1011.00", "15-1252.00"]
    assert shared["weight_pct"].to_list() == [20.0, 20.0]
    assert shared["share_pct"].to_list() == pytest.approx([20 / 0.9, 20 / 0.9], abs=1e-12)
    assert shared["task_id"].to_list() == [2, 4]


def test_unmatched_task_is_flagged_and_reported(fixture_root: Path) -> None:
    usage = table(fixture_root, "2025-02-10", "task_usage")
    unmatched = usage.filter(~pl.col("matched"))
    assert unmatched["task_key"].to_list() == ["sing loudly."]
    assert unmatched["occupations_count"].to_list() == [0]
    descriptor = json.loads(
        (
            fixture_root / f"releases/2025-02-10/{RELEASE_2025_02_10.version}/datapackage.json"
        ).read_text()
    )
    report = descriptor["econindex"]["build_report"]
    assert report["unmatched_usage_tasks"] == 1
    assert report["unmatched_usage_share_pct"] == 10.0


def test_categories_and_workforce(fixture_root: Path) -> None:
    categories = table(fixture_root, "2025-02-10", "category_usage")
    assert as_dict(categories, "major_group_code", "share_pct") == pytest.approx(
        HAND_WORKED["category_share_pct"], abs=1e-12
    )
    assert as_dict(categories, "major_group_code", "workforce_pct") == pytest.approx(
        HAND_WORKED["workforce_pct"]
    )
    assert as_dict(categories, "major_group_code", "occupations_total") == {
        "11-0000": 1,
        "15-0000": 1,
        "27-0000": 1,
    }


def test_hourly_wage_is_annualized_and_marked(fixture_root: Path) -> None:
    occupations = table(fixture_root, "2025-02-10", "occupations")
    actors = occupations.filter(pl.col("onet_soc_code") == "27-2011.00").row(0, named=True)
    assert actors["median_wage_usd"] == pytest.approx(17.54 * 2080)
    assert actors["median_wage_published"] == 17.54
    assert actors["wage_basis"] == "hourly_annualized"
    assert actors["job_zone"] is None  # -1 upstream
    ceo = occupations.filter(pl.col("onet_soc_code") == "11-1011.00").row(0, named=True)
    assert (ceo["median_wage_usd"], ceo["wage_basis"], ceo["job_zone"]) == (206680.0, "annual", 5)


def test_minus_one_sentinel_is_unknown_not_a_number(fixture_root: Path) -> None:
    occupations = table(fixture_root, "2025-02-10", "occupations")
    pm = occupations.filter(pl.col("onet_soc_code") == "15-1299.09").row(0, named=True)
    assert pm["median_wage_usd"] is None
    assert pm["median_wage_published"] is None
    assert pm["wage_basis"] == "unknown"
    assert pm["has_tasks"] is False
    assert pm["major_group_title"] == "Computer and Mathematical Occupations"


def test_interaction_modes_headline_split(fixture_root: Path) -> None:
    modes = table(fixture_root, "2025-02-10", "interaction_modes")
    headline = as_dict(modes.filter(pl.col("mode") != "none"), "mode", "headline_share_pct")
    assert headline == pytest.approx(HAND_WORKED["headline_pct"])
    assert modes.filter(pl.col("mode") == "none")["headline_share_pct"].to_list() == [None]
    split = table(fixture_root, "2025-02-10", "interaction_split")
    assert as_dict(split, "category", "share_pct") == pytest.approx(HAND_WORKED["split_pct"])


def test_duplicate_exposure_rows_are_dropped_and_counted(fixture_root: Path) -> None:
    jobs = table(fixture_root, "labor-market-impacts", "job_exposure")
    assert jobs["soc_2018_code"].to_list() == ["11-1011", "15-1252", "27-2011"]
    assert jobs["major_group_code"].to_list() == ["11-0000", "15-0000", "27-0000"]
    tasks = table(fixture_root, "labor-market-impacts", "task_penetration")
    # Exact duplicates go; two casings of one statement are different rows with one key.
    assert sorted(tasks["statement"].to_list()) == ["Perform roles.", "Write Code.", "Write code."]
    assert tasks.filter(pl.col("task_key") == "write code.").height == 2
    descriptor = json.loads(
        (
            fixture_root
            / f"releases/labor-market-impacts/{LABOR_MARKET_IMPACTS.version}/datapackage.json"
        ).read_text()
    )
    report = descriptor["econindex"]["build_report"]
    assert report["job_exposure_duplicate_rows_dropped"] == 1
    assert report["task_penetration_duplicate_rows_dropped"] == 1


def test_catalog_series_and_latest(fixture_root: Path) -> None:
    catalog = decode_catalog((fixture_root / "catalog.json").read_bytes())
    assert [(r.id, r.series, r.date) for r in catalog.releases] == [
        ("2025-02-10", "usage", "2025-02-10"),
        ("labor-market-impacts", "exposure", None),
    ]
    latest = catalog.resolve("latest")
    assert latest is not None and latest.id == "2025-02-10"
    assert validate_tree(fixture_root) == []


def test_stock_frictionless_cli_says_valid_for_the_fixture_packages(fixture_root: Path) -> None:
    """The hand-made edge cases (missing values, hourly wages, duplicates) pass the stock CLI."""
    from tests.test_stock_tools import package_dirs, stock_frictionless

    for directory in package_dirs(fixture_root):
        result = stock_frictionless(directory)
        assert result.returncode == 0, (directory, result.stdout[:3000])
        assert json.loads(result.stdout)["valid"] is True
