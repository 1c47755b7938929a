"""Depth at a threshold a user passes (issue 21 §4): 25 x 0.28 is 7.000000000000001 in
floating point, so a plain ``with_usage >= total * t`` would leave out an occupation with 7 of
25 tasks. Checked on a hand-made frame and, through the live API, against exact rational
arithmetic (fractions.Fraction) over the real published occupation table."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import httpx
import polars as pl
import pytest

from econindex_api.methods.depth import depth_at_thresholds
from tests.conftest import LiveServer

assert 25 * 0.28 > 7  # the floating-point fact this file is about


def test_seven_of_twenty_five_reaches_0_28() -> None:
    coverage = pl.DataFrame(
        {"tasks_with_usage": [7, 6, 3, 25], "tasks_total": [25, 25, 12, 25]},
        schema={"tasks_with_usage": pl.Int64, "tasks_total": pl.Int64},
    )
    table = depth_at_thresholds(coverage, [0.28, 0.25])
    # 0.28: 7/25 and 25/25 (not 6/25, not 3/12 = 0.25); 0.25: 7/25, 3/12, 25/25
    assert table["occupations_count"].to_list() == [2, 3]
    assert table["occupations_pct"].to_list() == [50.0, 75.0]


@pytest.mark.parametrize("threshold", ["0.28", "0.3", "0.1", "0.7"])
def test_depth_through_the_api_equals_exact_fractions(
    live_server: LiveServer, published_root: Path, threshold: str
) -> None:
    (path,) = (published_root / "releases" / "2025-02-10").glob("*/data/occupation_usage.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["tasks_total"] not in ("", "0")]
    t = Fraction(threshold)
    expected = sum(Fraction(int(r["tasks_with_usage"]), int(r["tasks_total"])) >= t for r in rows)
    body = httpx.get(
        live_server.url("/v1/releases/2025-02-10/depth"),
        params={"thresholds": threshold},
        timeout=30,
    ).json()
    (point,) = body["data"]
    assert point["occupations_count"] == expected
    assert body["occupations_total"] == len(rows)
