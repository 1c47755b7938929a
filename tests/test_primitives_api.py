"""``/artifacts``, ``/use-cases`` and ``/primitives`` (issue 21 §3) on the 2026-06-26 fixture
(tests/longv2_fixture.py: two monthly windows), through the real server and client. Expected
values are the fixture's constants; the release figure is their unweighted mean, by hand."""

from __future__ import annotations

import httpx
import pytest

from econindex_api import Client, NotFoundError
from tests import longv2_fixture
from tests.conftest import LiveServer

RELEASE = "2026-06-26"


def fixture_metric(metric: str) -> tuple[float, float]:
    """(April, May) of a GLOBAL claude_ai overall metric of the fixture."""
    for name, april, may in longv2_fixture.GLOBAL_OVERALL:
        if name == metric:
            return float(april), float(may)
    raise KeyError(metric)


def test_use_cases_per_window_and_release_figure(series_server: LiveServer) -> None:
    with Client(series_server.base_url) as client:
        each = client.primitives.use_cases(
            RELEASE, geo_id="GLOBAL", platform="claude_ai", window="each"
        ).to_polars()
        figure = client.primitives.use_cases(
            RELEASE, geo_id="GLOBAL", platform="claude_ai"
        ).to_polars()
    april, may = fixture_metric("use_case_work_pct")
    work = each.filter(each["node_name"] == "work").sort("date_start")
    assert work["value"].to_list() == [april, may]
    assert work["date_start"].to_list() == [longv2_fixture.APRIL[0], longv2_fixture.MAY[0]]
    assert set(work["window_rule"].to_list()) == {"as_published"}
    (mean,) = figure.filter(figure["node_name"] == "work")["value"].to_list()
    assert mean == pytest.approx((april + may) / 2)
    assert set(figure["window_rule"].to_list()) == {"unweighted_mean_of_months"}
    assert set(figure["unit"].to_list()) == {"percent (0-100)"}


def test_artifacts_sum_to_100_per_window(series_server: LiveServer) -> None:
    with Client(series_server.base_url) as client:
        rows = client.primitives.artifacts(
            RELEASE, geo_id="GLOBAL", platform="claude_ai", window=longv2_fixture.APRIL[0]
        ).to_polars()
    expected = {
        name.removeprefix("artifact_").removesuffix("_pct"): float(april)
        for name, april, _ in longv2_fixture.GLOBAL_OVERALL
        if name.startswith("artifact_")
    }
    assert (
        dict(zip(rows["artifact"].to_list(), rows["conversation_pct"].to_list(), strict=True))
        == expected
    )
    assert sum(expected.values()) == pytest.approx(100.0)


def test_primitives_carry_units_and_bad_windows_are_named(series_server: LiveServer) -> None:
    with Client(series_server.base_url) as client:
        times = client.primitives.iter(
            RELEASE,
            primitive="human_only_time",
            statistic="mean",
            geo_id="GLOBAL",
            platform="claude_ai",
            window="each",
        ).to_polars()
    assert times["value"].to_list() == list(fixture_metric("human_only_time_mean"))
    assert set(times["unit"].to_list()) == {"hours"}
    answer = httpx.get(
        series_server.url(f"/v1/releases/{RELEASE}/primitives"),
        params={"window": "2026-03-01"},
        timeout=30,
    )
    assert answer.status_code == 400 and answer.json()["parameter"] == "window"
    assert "2026-04-01" in answer.json()["detail"]
    with Client(series_server.base_url) as client, pytest.raises(NotFoundError):
        list(client.primitives.artifacts("2025-09-15"))  # not published before 2026-06-26


def test_geographies_of_a_two_month_release_name_their_window(series_server: LiveServer) -> None:
    """2026-06-26 holds April and May: the default is the release's figure (their unweighted
    mean, named), ``each`` gives both months, a first day one of them."""
    with Client(series_server.base_url) as client:
        figure = client.geographies.list(RELEASE, level="subregion", country="USA")
        each = client.geographies.list(RELEASE, level="subregion", country="USA", window="each")
        april = client.geographies.list(
            RELEASE, level="subregion", country="USA", window=longv2_fixture.APRIL[0]
        )
    ca = next(g for g in figure.data if g.geo_id == "US-CA")
    assert (ca.usage_pct, ca.window_rule) == (pytest.approx(24.5), "unweighted_mean_of_months")
    assert ca.usage_per_capita_index == pytest.approx(2.05)  # (2.10 + 2.00) / 2
    months = sorted((g.date_start, g.usage_pct) for g in each.data if g.geo_id == "US-CA")
    assert months == [("2026-04-01", 25.0), ("2026-05-01", 24.0)]
    assert {g.window_rule for g in each.data} == {"as_published"}
    assert [(g.geo_id, g.usage_pct) for g in april.data if g.geo_id == "US-CA"] == [("US-CA", 25.0)]
    bad = httpx.get(
        series_server.url(f"/v1/releases/{RELEASE}/geographies"),
        params={"window": "2026-03-01"},
        timeout=30,
    )
    assert bad.status_code == 400 and bad.json()["parameter"] == "window"
