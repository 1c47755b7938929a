"""``/v1/series/geographies/{geo_id}`` across the long-format releases (issues 20 §3, 21 §2).

Three long-format releases in one data root (conftest ``series_server``): 2025-09-15 from
its real partial rows, a hand-written 2026-01-15 fixture (first format, ``country-state`` ids,
``JANUARY_CLAUDE``) and the 2026-06-26 fixture of tests/longv2_fixture.py (second format, two
monthly windows), the two fixtures built ``--unpinned``. Expected values: the raw rows (csv
module), the fixtures' constants, and the AUI worked by hand from the real population table.
"""

from __future__ import annotations

import csv
from pathlib import Path

import httpx
import pytest

from tests.conftest import LiveServer
from tests.test_build_longformat import STATE_ROWS, rows


def state_population() -> dict[str, float]:
    path = Path(__file__).resolve().parent.parent.parent / "shared" / "aei"
    path = (
        path / "release_2025_09_15" / "data" / "intermediate" / "working_age_pop_2024_us_state.csv"
    )
    with path.open(newline="", encoding="utf-8") as handle:
        return {r["state_code"]: float(r["working_age_pop"]) for r in csv.DictReader(handle)}


def raw_state(code: str, variable: str) -> float:
    (value,) = (
        float(r["value"])
        for r in rows(STATE_ROWS)
        if r["geo_id"] == code and r["facet"] == "state_us" and r["variable"] == variable
    )
    return value


def series(server: LiveServer, geo_id: str, **params: str) -> httpx.Response:
    return httpx.get(server.url(f"/v1/series/geographies/{geo_id}"), params=params, timeout=60)


def points(answer: httpx.Response) -> list[tuple[str, str | None, float | None, bool]]:
    assert answer.status_code == 200, answer.text
    (one,) = answer.json()["series"]
    return [(p["release_id"], p["window_rule"], p["value"], p["present"]) for p in one["data"]]


def test_usage_share_of_california_across_three_releases(series_server: LiveServer) -> None:
    answer = series(series_server, "US-CA")
    body = answer.json()
    assert body["releases"] == ["2025-09-15", "2026-01-15", "2026-06-26"]
    got = points(answer)
    assert got[0] == ("2025-09-15", "as_published", raw_state("CA", "usage_pct"), True)
    assert got[1] == ("2026-01-15", "as_published", 60.0, True)
    # 2026-06-26's own figure: the unweighted mean of April (25.00) and May (24.00).
    assert got[2][:2] == ("2026-06-26", "unweighted_mean_of_months")
    assert got[2][2] == pytest.approx(24.5) and got[2][3] is True
    (one,) = body["series"]
    assert {p["base"] for p in one["data"]} == {
        "share of the parent geography's usage (canonical geo_id)"
    }


def test_each_window_is_its_own_point(series_server: LiveServer) -> None:
    got = points(series(series_server, "US-CA", window="each"))
    assert got[2:] == [
        ("2026-06-26", "as_published", 25.0, True),
        ("2026-06-26", "as_published", 24.0, True),
    ]
    answer = series(series_server, "US-CA", window="each").json()
    windows = [p["observation_window"] for p in answer["series"][0]["data"][2:]]
    assert [(w["start"], w["end"]) for w in windows] == [
        ("2026-04-01", "2026-05-01"),
        ("2026-05-01", "2026-06-01"),
    ]


def test_absent_is_null_and_not_present_never_zero(series_server: LiveServer) -> None:
    """Texas is in 2025-09-15 only; Germany's April row is not published (2026-06-26)."""
    texas = points(series(series_server, "US-TX"))
    assert texas[0] == ("2025-09-15", "as_published", raw_state("TX", "usage_pct"), True)
    assert texas[1:] == [
        ("2026-01-15", "as_published", None, False),
        ("2026-06-26", "unweighted_mean_of_months", None, False),
    ]
    germany = points(series(series_server, "DEU", window="each"))
    assert germany[-2:] == [
        ("2026-06-26", "as_published", None, False),
        ("2026-06-26", "as_published", 3.0, True),
    ]
    csv_text = series(series_server, "US-TX", format="csv").text
    lines = csv_text.splitlines()
    assert lines[0].startswith("key,release_id,date_start,date_end,window_rule,value_field,value")
    assert lines[2].split(",")[6:8] == ["", "false"]  # an empty value, never 0


def test_state_aui_restated_on_one_base(series_server: LiveServer) -> None:
    pop = state_population()
    got = points(series(series_server, "US-CA", measure="aui"))
    # 2026-01-15 by hand: symmetric among states with >= 100 conversations and a population.
    by_hand = (300 / 500) / (pop["CA"] / (pop["CA"] + pop["NY"]))
    assert got[1][2] == pytest.approx(by_hand, rel=1e-12)
    # 2026-06-26: the published state AUI, mean of the months (2.10, 2.00).
    assert got[2][2] == pytest.approx(2.05)
    assert got[0][3] and got[0][2] is not None


def test_country_aui_across_the_second_format_is_refused(series_server: LiveServer) -> None:
    answer = series(series_server, "USA", measure="aui")
    assert answer.status_code == 400
    problem = answer.json()
    assert problem["type"].endswith("/incomparable-releases")
    assert "2026-03-24 -> 2026-06-26" in problem["detail"]
    # The usage share of the same country compares: one line, three points.
    assert [p[0] for p in points(series(series_server, "USA"))] == [
        "2025-09-15",
        "2026-01-15",
        "2026-06-26",
    ]


def test_subregion_aui_outside_the_us_and_unknown_ids(series_server: LiveServer) -> None:
    answer = series(series_server, "NA-KH", measure="aui")
    assert answer.status_code == 400 and answer.json()["parameter"] == "measure"
    unknown = series(series_server, "CA")
    assert unknown.status_code == 404
    assert unknown.json()["type"].endswith("/unknown-geography")


def test_client_series_as_a_tidy_frame(series_server: LiveServer) -> None:
    import asyncio

    from econindex_api import AsyncClient, BadRequestError, Client, series_to_polars

    with Client(series_server.base_url) as client:
        texas = client.series.geographies("US-TX", window="each")
        frame = texas.to_polars()
        assert frame.equals(series_to_polars(texas))  # the method and the function agree
        by_pandas = texas.to_pandas()
        try:
            client.series.geographies("USA", measure="aui")
            raise AssertionError("an incomparable series must raise")
        except BadRequestError as err:
            assert err.type is not None and err.type.endswith("/incomparable-releases")
    # one row per release and window; Texas is absent after 2025-09-15: null, never 0
    assert frame["release_id"].to_list() == ["2025-09-15", "2026-01-15", "2026-06-26", "2026-06-26"]
    assert frame["present"].to_list() == [True, False, False, False]
    assert frame["value"].null_count() == 3
    assert frame["window_start"].to_list()[2:] == ["2026-04-01", "2026-05-01"]
    assert by_pandas["value"].isna().to_list() == [False, True, True, True]
    assert by_pandas["window_start"].to_list()[2:] == ["2026-04-01", "2026-05-01"]

    async def fetch() -> list[float | None]:
        async with AsyncClient(series_server.base_url) as client:
            answer = await client.series.geographies("US-CA")
            return [p.value for p in answer.series[0].data]

    assert asyncio.run(fetch())[1:] == [60.0, pytest.approx(24.5)]


def test_compare_geographies_between_two_long_releases(series_server: LiveServer) -> None:
    from econindex_api import Client

    with Client(series_server.base_url) as client:
        rows = {
            r.key: r
            for r in client.compare.iter("geographies", "2025-09-15", "2026-01-15", limit=1000)
        }
    ca = rows["US-CA"]
    before = raw_state("CA", "usage_pct")
    assert (ca.from_value, ca.to_value, ca.level) == (before, 60.0, "subregion")
    assert ca.change_pp == pytest.approx(60.0 - before)
    texas = rows["US-TX"]  # not in 2026-01-15: null, never 0
    assert (texas.to_value, texas.in_to, texas.change) == (None, False, None)
    answer = httpx.get(
        series_server.url("/v1/compare/2025-02-10/2025-03-27/geographies"), timeout=30
    )
    assert answer.status_code == 404
    assert answer.json()["type"].endswith("/measure-not-available")


def test_primitive_series_from_2026_01_15(series_server: LiveServer) -> None:
    """human_only_time mean at GLOBAL: 2.75 h in the 2026-01-15 fixture; 2026-06-26's figure
    is the mean of April 3.10 and May 3.00. 2025-09-15 publishes no primitives: not a point."""
    from econindex_api import Client, series_to_polars

    with Client(series_server.base_url) as client:
        answer = client.series.primitives("human_only_time")
        each = series_to_polars(client.series.primitives("human_only_time", window="each"))
        missing = series_to_polars(client.series.primitives("task_success", statistic="pct"))
    assert answer.releases == ["2026-01-15", "2026-06-26"]
    (one,) = answer.series
    assert [p.value for p in one.data] == [2.75, pytest.approx(3.05)]
    assert "hours" in one.title and one.unit == "value"
    assert each["value"].to_list() == [2.75, 3.10, 3.00]
    assert missing["present"].to_list() == [False, False] and missing["value"].null_count() == 2
    unknown = httpx.get(series_server.url("/v1/series/primitives/happiness"), timeout=30)
    assert unknown.status_code == 404
