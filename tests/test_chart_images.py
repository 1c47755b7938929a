"""Every chart as SVG and PNG, with a permalink and an embed snippet (issue 22, §6).

On the real 2025-02-10 release page: each chart links its images; the SVG is the chart with
its title and source drawn in, and every share the API answers is a mark's value in it (Vega
writes each mark's values into its aria-label); the PNG is that SVG at twice its size.
Expected numbers come from the API's JSON answer, not from the page code.
"""

from __future__ import annotations

import html
import re
import struct

import httpx

from tests.conftest import LiveServer

PAGE = "/releases/2025-02-10"


def get(server: LiveServer, path: str, accept: str = "text/html") -> httpx.Response:
    return httpx.get(server.url(path), headers={"accept": accept}, timeout=120)


def test_each_chart_links_its_svg_png_permalink_and_embed(live_server: LiveServer) -> None:
    page = get(live_server, PAGE).text
    charts = re.findall(r'<figure data-chart="([a-z0-9-]+)"', page)
    assert "categories" in charts and len(charts) >= 4
    embeds = [html.unescape(x) for x in re.findall(r"<code data-chart-embed>(.*?)</code>", page)]
    assert len(embeds) == len(charts)
    for chart, embed in zip(charts, embeds, strict=True):
        found = re.search(rf'href="([^"]*chart={chart}&amp;image=svg)"', page)
        assert found is not None, chart
        # links path-absolute (test_pages_browser), the embed snippet absolute
        assert html.unescape(found.group(1)) == f"{PAGE}?chart={chart}&image=svg"
        assert f'chart={chart}&amp;image=png"' in page
        assert f'href="{PAGE}#{chart}"' in page  # the permalink
        absolute = live_server.url(f"{PAGE}?chart={chart}&image=svg")
        assert embed.startswith(f'<img src="{absolute}" alt="'), embed


def test_the_svg_draws_the_api_numbers_with_title_and_source(live_server: LiveServer) -> None:
    answer = get(live_server, f"{PAGE}?chart=categories&image=svg")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/svg+xml"
    assert answer.headers["content-disposition"] == (
        'attachment; filename="releases-2025-02-10-categories.svg"'
    )
    svg = answer.text
    assert "Conversations and workforce by occupation group" in svg
    assert f"Source: econindex, {live_server.url(PAGE)}#categories" in svg
    labels = [html.unescape(x) for x in re.findall(r'aria-label="([^"]*)"', svg)]
    drawn = {
        round(float(v), 6) for label in labels for v in re.findall(r": (-?[0-9.]+)(?:;|$)", label)
    }
    api = get(live_server, f"/v1{PAGE}/categories?limit=1000", "application/json").json()
    for row in api["data"]:
        assert round(row["share_pct"], 6) in drawn, row["major_group_code"]


def test_the_png_is_the_chart_at_twice_its_size(live_server: LiveServer) -> None:
    answer = get(live_server, f"{PAGE}?chart=modes&image=png")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/png"
    body = answer.content
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", body[16:24])  # the IHDR chunk
    assert width == 2 * 880 and height > 200


def test_a_wrong_chart_or_image_is_a_problem(live_server: LiveServer) -> None:
    unknown = get(live_server, f"{PAGE}?chart=nope&image=svg", "application/json")
    assert unknown.status_code == 404
    assert "categories" in unknown.json()["allowed"]
    bad = get(live_server, f"{PAGE}?chart=categories&image=gif", "application/json")
    assert bad.status_code == 400
    assert bad.json()["parameter"] == "image"
    alone = get(live_server, f"{PAGE}?image=svg", "application/json")
    assert alone.status_code == 400
    assert alone.json()["parameter"] == "chart"
