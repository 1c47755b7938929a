"""The usage series and compares obey the comparability table (issue 21, part 2).

The server is ``series_server`` (conftest): 2025-02-10 and 2025-03-27 (real), 2025-09-15 (the
real partial rows: no GLOBAL task rows, so no classic tables), 2026-01-15 and 2026-06-26
(fixtures). Expected runs and bases are worked out by hand from the table's rules
(docs/methods.md, Comparability), not read from the code under test:

- depth: 2025-02-10 -> 2025-03-27 compares; 2025-03-27 -> 2025-09-15 does not (publication
  floor); 2025-09-15 -> 2026-01-15 -> 2026-03-24 compare; 2026-03-24 -> 2026-06-26 does not.
  Over the loaded releases the runs are therefore [02-10, 03-27], [09-15, 01-15], [06-26].
- the six raw interaction-mode shares: the same steps fail (not_classified enters the base
  at 2025-09-15 and leaves at 2026-06-26).
- SOC groups, occupations, tasks and the headline split compare across all six releases.
"""

from __future__ import annotations

import httpx

from tests.conftest import LiveServer

SOC_BASE = "SOC major group share derived from task shares by the published methods"
TASK_BASE = "task key (lower-cased, stripped O*NET statement)"
FIVE_BASE = "five classified collaboration patterns (automation + augmentation = 100)"
DEPTH_BASE = "occupations whose share of tasks with any usage is at least t (GUIDE §2)"
LOADED = ["2025-02-10", "2025-03-27", "2025-09-15", "2026-01-15", "2026-06-26"]


def get(server: LiveServer, path: str) -> httpx.Response:
    return httpx.get(server.url(path), timeout=30)


def test_depth_over_every_release_is_refused_with_the_comparable_runs(
    series_server: LiveServer,
) -> None:
    response = get(series_server, "/v1/series/depth")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("/incomparable-releases")
    assert "2025-03-27 -> 2025-09-15" in problem["detail"]
    assert problem["allowed"] == [
        "2025-02-10..2025-03-27",
        "2025-09-15..2026-01-15",
        "2026-06-26..2026-06-26",
    ]


def test_depth_inside_a_comparable_run_names_its_base(series_server: LiveServer) -> None:
    response = get(series_server, "/v1/series/depth?until=2025-03-27&thresholds=0.25")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["releases"] == ["2025-02-10", "2025-03-27"]
    (series,) = body["series"]
    assert [p["release_id"] for p in series["data"]] == ["2025-02-10", "2025-03-27"]
    assert {p["base"] for p in series["data"]} == {DEPTH_BASE}
    assert {p["window_rule"] for p in series["data"]} == {"as_published"}
    assert all(p["present"] and p["value"] is not None for p in series["data"])
    # The same run asked the other way round (since) is the same series.
    again = get(series_server, "/v1/series/depth?since=2025-02-10&until=2025-03-27&thresholds=0.25")
    assert again.json()["series"] == body["series"]


def test_soc_group_series_spans_every_release_on_one_base(series_server: LiveServer) -> None:
    body = get(series_server, "/v1/series/categories/15").json()
    assert body["releases"] == LOADED
    (series,) = body["series"]
    points = {p["release_id"]: p for p in series["data"]}
    assert {p["base"] for p in points.values()} == {SOC_BASE}
    # The partial 2025-09-15 rows publish no GLOBAL task shares: absent, never 0.
    assert points["2025-09-15"]["present"] is False
    assert points["2025-09-15"]["value"] is None
    # The second long format's classic tables are the release's own figure over its months.
    assert points["2026-06-26"]["window_rule"] == "unweighted_mean_of_months"
    assert points["2025-02-10"]["window_rule"] == "as_published"
    csv_text = get(series_server, "/v1/series/categories/15?format=csv").text
    header, *rows = csv_text.splitlines()
    assert "base" in header.split(",") and "window_rule" in header.split(",")
    assert len(rows) == len(LOADED)


def test_raw_mode_shares_are_refused_and_the_headline_split_is_served(
    series_server: LiveServer,
) -> None:
    raw = get(series_server, "/v1/series/interaction-modes?value=share_pct")
    assert raw.status_code == 400
    assert raw.json()["type"].endswith("/incomparable-releases")
    assert "not_classified" in raw.json()["detail"]
    headline = get(series_server, "/v1/series/interaction-modes")
    assert headline.status_code == 200
    bases = {p["base"] for s in headline.json()["series"] for p in s["data"]}
    assert bases == {FIVE_BASE}
    first_run = get(series_server, "/v1/series/interaction-modes?value=share_pct&until=2025-03-27")
    assert first_run.status_code == 200
    assert first_run.json()["releases"] == ["2025-02-10", "2025-03-27"]


def test_since_and_until_name_the_usage_releases(series_server: LiveServer) -> None:
    unknown = get(series_server, "/v1/series/categories/15?since=2025-06-01")
    assert unknown.status_code == 400
    problem = unknown.json()
    assert problem["parameter"] == "since"
    assert problem["allowed"] == LOADED
    backwards = get(series_server, "/v1/series/categories/15?since=2026-01-15&until=2025-03-27")
    assert backwards.status_code == 400
    assert backwards.json()["parameter"] == "until"
    one = get(series_server, "/v1/series/categories/15?since=2025-03-27&until=2025-03-27")
    assert one.status_code == 200
    assert one.json()["releases"] == ["2025-03-27"]
    assert one.json()["series"][0]["data"][0]["base"] is None  # one release: nothing compared


def test_compare_checks_the_table_too(series_server: LiveServer) -> None:
    refused = get(series_server, "/v1/compare/2025-03-27/2026-06-26/depth")
    assert refused.status_code == 400
    assert refused.json()["type"].endswith("/incomparable-releases")
    categories = get(series_server, "/v1/compare/2025-02-10/2026-06-26/categories")
    assert categories.status_code == 200
    assert categories.json()["base"] == SOC_BASE
    tasks = get(series_server, "/v1/compare/2025-02-10/2025-03-27/tasks?limit=1")
    assert tasks.json()["base"] == TASK_BASE
    same = get(series_server, "/v1/compare/2025-03-27/2025-03-27/categories")
    assert same.status_code == 200
    assert same.json()["base"] is None


def test_change_page_leaves_out_depth_where_it_does_not_compare(series_server: LiveServer) -> None:
    across = httpx.get(
        series_server.url("/compare/2025-03-27/2026-06-26"),
        headers={"accept": "application/json"},
        timeout=60,
    )
    assert across.status_code == 200, across.text
    hrefs = list(across.json()["data"].values())
    assert any("/categories" in h for h in hrefs)
    assert not any("/depth" in h for h in hrefs)
    within = httpx.get(
        series_server.url("/compare/2025-02-10/2025-03-27"),
        headers={"accept": "application/json"},
        timeout=60,
    )
    assert any("/depth" in h for h in within.json()["data"].values())


def test_client_series_take_since_and_until(series_server: LiveServer) -> None:
    import asyncio

    import pytest

    from econindex_api import AsyncClient, BadRequestError, Client

    with Client(series_server.base_url) as client:
        with pytest.raises(BadRequestError) as refused:
            client.series.depth()
        assert refused.value.kind == "incomparable-releases"
        first_run = client.series.depth(until="2025-03-27", thresholds=[0.25])
        assert first_run.releases == ["2025-02-10", "2025-03-27"]
        frame = first_run.to_polars()
        assert frame["release_id"].to_list() == ["2025-02-10", "2025-03-27"]
        one = client.series.categories("15", since="2025-03-27", until="2025-03-27")
        assert one.releases == ["2025-03-27"]

    async def modes() -> list[str]:
        async with AsyncClient(series_server.base_url) as client:
            answer = await client.series.interaction_modes(value="share_pct", until="2025-03-27")
            return answer.releases

    assert asyncio.run(modes()) == ["2025-02-10", "2025-03-27"]
