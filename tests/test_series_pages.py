"""Change first (issue 22, §3): the home page's latest change, release pages linking their
comparisons, series pages for every series endpoint, a comparable run where a measure does
not compare. The browser checks of the drawn charts are in test_pages_browser.py; here the
pages' contents against the API's answers over HTTP."""

from __future__ import annotations

import json
import re

import httpx

from tests.conftest import LiveServer

HTML = {"accept": "text/html"}
JSON = {"accept": "application/json"}


def get(server: LiveServer, path: str, headers: dict[str, str]) -> httpx.Response:
    return httpx.get(server.url(path), headers=headers, timeout=120)


def test_home_shows_the_change_between_the_two_latest_pinned_releases(
    series_server: LiveServer,
) -> None:
    """The long-format builds here are unpinned: the news is 2025-02-10 -> 2025-03-27."""
    page = get(series_server, "/", HTML).text
    assert "What changed from 2025-02-10 to 2025-03-27" in page
    (source,) = re.findall(r'<a href="(/v1/compare/[^"]+)">the API answer</a>', page)
    assert source == "/v1/compare/2025-02-10/2025-03-27/categories?limit=3"
    api = get(series_server, source, JSON).json()
    shown = [json.loads(v) for v in re.findall(r'data-delta="group" data-value="([^"]+)"', page)]
    assert shown == [row["change_pp"] for row in api["data"]]
    # Largest absolute move first (the compare endpoint's default sort), three of them.
    assert len(shown) == 3
    assert [abs(v) for v in shown] == sorted((abs(v) for v in shown), reverse=True)
    split = re.findall(r'data-delta="split" data-value="([^"]+)"', page)
    assert len(split) == 2 and abs(sum(json.loads(v) for v in split)) < 1e-9  # +x and -x
    assert 'href="/compare/2025-02-10/2025-03-27"' in page


def test_release_pages_link_their_comparisons(series_server: LiveServer) -> None:
    page = get(series_server, "/releases/2025-03-27", HTML).text
    assert 'href="/compare/2025-02-10/2025-03-27"' in page
    assert 'href="/compare/2025-03-27/2025-09-15"' in page
    first = get(series_server, "/releases/2025-02-10", HTML).text
    assert 'href="/compare/2025-02-10/2025-03-27"' in first
    assert "Change since" not in first  # nothing before the first release
    exposure = get(series_server, "/releases/labor-market-impacts", HTML).text
    assert "/compare/" not in exposure  # not a usage release


def test_every_series_endpoint_has_a_page_drawn_from_it(series_server: LiveServer) -> None:
    pages = {
        "/series/categories/15": "/v1/series/categories/15",
        "/series/occupations/15-1132.00": "/v1/series/occupations/15-1132.00",
        "/series/tasks/8823": "/v1/series/tasks/8823",
        "/series/interaction-modes": "/v1/series/interaction-modes",
        "/series/geographies/US-CA": "/v1/series/geographies/US-CA",
    }
    for path, api in pages.items():
        answer = get(series_server, path, JSON)
        assert answer.status_code == 200, (path, answer.text[:200])
        assert answer.json()["data"]["series"] == api
        html = get(series_server, path, HTML)
        assert html.status_code == 200 and "<svg" in html.text, path
        # One table row per point of the API's series, every release of the series in it.
        body = get(series_server, api, JSON).json()
        points = sum(len(s["data"]) for s in body["series"])
        rows = re.findall(r'<tr><td[^>]*data-field="key"', html.text)
        assert len(rows) == points, (path, len(rows), points)


def test_depth_page_shows_the_newest_comparable_run_with_data_and_links_the_others(
    series_server: LiveServer,
) -> None:
    """Runs over the loaded releases, by hand from the table: [02-10, 03-27],
    [09-15, 01-15], [06-26]. Of those spanning more than one release, 09-15 .. 01-15 has no
    depth (the partial 2025-09-15 rows and the 2026-01-15 fixture publish no task matched to
    a statement), so the page shows 02-10 .. 03-27 and links the other two."""
    sources = get(series_server, "/series/depth", JSON).json()
    assert sources["data"]["series"] == "/v1/series/depth?since=2025-02-10&until=2025-03-27"
    page = get(series_server, "/series/depth", HTML).text
    assert "does not compare across every release" in page
    assert "2025-03-27 -&gt; 2025-09-15" in page
    assert 'href="/series/depth?since=2025-09-15&amp;until=2026-01-15"' in page
    assert 'href="/series/depth?since=2026-06-26&amp;until=2026-06-26"' in page
    # A run asked for is served as asked, without the note; one without data is a 404.
    chosen = get(series_server, "/series/depth?until=2025-03-27", HTML)
    assert chosen.status_code == 200
    assert "does not compare" not in chosen.text
    empty = get(series_server, "/series/depth?since=2025-09-15&until=2026-01-15", JSON)
    assert empty.status_code == 404
    assert empty.json()["type"].endswith("/measure-not-available")


def test_wage_chart_draws_no_empty_no_wage_bar(series_server: LiveServer) -> None:
    """The occupations without a wage hold no conversations in 2025-02-10 (checked on the
    API's answer): their band stays in the table but gets no bar (issue 22, §7)."""
    bands = get(series_server, "/v1/releases/2025-02-10/wage-bands", JSON).json()
    (no_wage,) = [b for b in bands["data"] if not b["has_wage"]]
    assert no_wage["share_pct"] == 0
    page = get(series_server, "/releases/2025-02-10", HTML).text
    figure = page[page.index('data-chart="wage-bands"') :]
    wide = figure[figure.index('<div class="svg wide">') : figure.index('<div class="svg narrow">')]
    assert "no wage published" not in wide
    assert "$" in wide  # the other bands are drawn, labelled in dollars
    table = figure[figure.index("data-chart-table") :]
    assert "no wage published" in table[: table.index("</table>")]
