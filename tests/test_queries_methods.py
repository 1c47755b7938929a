"""The query-time methods (depth, wage bands) on hand-worked fixtures and on the real release.

Expected numbers are worked out by hand in the comments, or counted from the published CSV
with the csv module, never with the functions under test.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import polars as pl
import pytest

from econindex_api.methods import depth, wage_bands

# Five occupations: fractions 0/4, 1/4, 3/12 (= 0.25 exactly), 4/4, 2/10.
COVERAGE = pl.DataFrame({"tasks_with_usage": [0, 1, 3, 4, 2], "tasks_total": [4, 4, 12, 4, 10]})


def test_depth_at_thresholds_counts_fractions_at_or_above() -> None:
    table = depth.depth_at_thresholds(COVERAGE, [0.25, 0.5, 0.75, 0.0, 1.0])
    # >= 0.25: 1/4, 3/12, 4/4 -> 3 of 5; >= 0.5 and >= 0.75: only 4/4; >= 0: all; >= 1: 4/4.
    assert table["occupations_count"].to_list() == [3, 1, 1, 5, 1]
    assert table["occupations_pct"].to_list() == pytest.approx([60.0, 20.0, 20.0, 100.0, 20.0])
    assert table["threshold"].to_list() == [0.25, 0.5, 0.75, 0.0, 1.0]


def test_depth_distribution_bins_include_one_in_the_last_bin() -> None:
    table = depth.fraction_distribution(COVERAGE, bins=4)
    # bins [0,.25): 0 and 0.2; [.25,.5): 0.25 twice; [.5,.75): none; [.75,1]: 1.0
    assert table["occupations_count"].to_list() == [2, 2, 0, 1]
    assert table["lower_fraction"].to_list() == [0.0, 0.25, 0.5, 0.75]
    assert table["upper_fraction"].to_list() == [0.25, 0.5, 0.75, 1.0]
    assert sum(table["occupations_pct"].to_list()) == pytest.approx(100.0)


def test_depth_summary() -> None:
    summary = depth.fraction_summary(COVERAGE)
    # fractions sorted: 0, 0.2, 0.25, 0.25, 1 -> mean 1.7 / 5, median 0.25
    assert summary["mean_fraction"] == pytest.approx(0.34)
    assert summary["median_fraction"] == pytest.approx(0.25)
    assert summary["min_fraction"] == 0.0
    assert summary["max_fraction"] == 1.0
    assert summary["occupations_zero"] == 1


def test_depth_of_no_occupations_is_zero_not_an_error() -> None:
    empty = COVERAGE.head(0)
    assert depth.depth_at_thresholds(empty, [0.5])["occupations_pct"].to_list() == [0.0]
    assert depth.fraction_summary(empty)["occupations_zero"] == 0


WAGES = pl.DataFrame(
    {
        "median_wage_usd": [10_000.0, 30_000.0, None, 50_000.0, 70_000.0],
        "share_pct": [1.0, 2.0, 3.0, 4.0, 90.0],
    }
)


def test_wage_bands_from_edges_are_half_open() -> None:
    table = wage_bands.usage_by_wage_band(WAGES, [30_000, 50_000])
    assert table["label"].to_list() == [
        "[-inf, 30000)",
        "[30000, 50000)",
        "[50000, inf)",
        "no wage",
    ]
    # 10k | 30k | 50k, 70k | missing
    assert table["occupations_count"].to_list() == [1, 1, 2, 1]
    assert table["share_pct"].to_list() == pytest.approx([1.0, 2.0, 94.0, 3.0])
    assert table["has_wage"].to_list() == [True, True, True, False]
    assert table["lower_usd"].to_list() == [None, 30_000.0, 50_000.0, None]
    assert table["upper_usd"].to_list() == [30_000.0, 50_000.0, None, None]


def test_wage_band_quantile_edges_interpolate_linearly() -> None:
    # wages 10k, 30k, 50k, 70k: q=0.25 at position 0.75 -> 10k + 0.75 * 20k = 25k, etc.
    assert wage_bands.quantile_edges(WAGES["median_wage_usd"], [0.25, 0.5, 0.75]) == [
        25_000.0,
        40_000.0,
        55_000.0,
    ]


def test_wage_band_quantile_edges_merge_ties() -> None:
    tied = pl.Series([10.0, 10.0, 10.0, 20.0])
    assert wage_bands.quantile_edges(tied, [0.25, 0.5]) == [10.0]


def test_wage_bands_refuse_unordered_edges() -> None:
    with pytest.raises(ValueError, match="strictly increasing"):
        wage_bands.usage_by_wage_band(WAGES, [50_000, 30_000])
    with pytest.raises(ValueError, match="finite"):
        wage_bands.usage_by_wage_band(WAGES, [math.inf])


def test_wage_bands_without_edges_is_one_band() -> None:
    table = wage_bands.usage_by_wage_band(WAGES, [])
    assert table["label"].to_list() == ["[-inf, inf)", "no wage"]
    assert table["share_pct"].to_list() == pytest.approx([97.0, 3.0])


def _published_csv(root: Path, release: str, table: str) -> list[dict[str, str]]:
    catalog = json.loads((root / "catalog.json").read_text())
    entry = next(r for r in catalog["releases"] if r["id"] == release)
    version_dir = root / entry["versions"][-1]["path"]
    with open(version_dir / "data" / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_depth_on_the_real_release_matches_a_count_of_the_published_csv(
    published_root: Path,
) -> None:
    rows = _published_csv(published_root, "2025-02-10", "occupation_usage")
    with_usage = [int(r["tasks_with_usage"]) for r in rows]
    totals = [int(r["tasks_total"]) for r in rows]
    expected = [
        sum(1 for u, t in zip(with_usage, totals, strict=True) if u / t >= th)
        for th in (0.25, 0.75)
    ]
    coverage = pl.DataFrame({"tasks_with_usage": with_usage, "tasks_total": totals})
    table = depth.depth_at_thresholds(coverage, [0.25, 0.75])
    assert table["occupations_count"].to_list() == expected
    # The first report: about 36% of occupations use AI for at least a quarter of their
    # tasks, about 4% for three quarters.
    pct = table["occupations_pct"].to_list()
    assert round(pct[0]) == 36
    assert round(pct[1]) == 4
