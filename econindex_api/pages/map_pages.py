"""The maps page of a long-format release: ``/releases/{release}/maps`` (issue 22, §5).

A world map of the countries and a US map of the states (``map_charts``), of the usage share
(``metric=usage_share``, the default) or the AUI tier (``metric=aui``), drawn from the API's
``/v1/releases/{release}/geographies`` answers (``level=country`` and
``level=subregion&country=USA``, through ``routes.Answers`` as every page). ``platform`` and
``window`` pass on to the API (same defaults: ``claude_ai``, the release's own figure); the
page links the platforms and windows the release has rows for, and the other metric.
A release without the long-format tables answers the API's 404 ``measure-not-available``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from econindex_api import models
from econindex_api.pages import map_charts as M
from econindex_api.pages import render as R
from econindex_api.pages.routes import (
    PageRequest,
    RenderedPage,
    api_href,
    page_endpoint,
    release_href,
    serve_page,
    site_of,
)
from econindex_api.pages.routes import _cite as cite_of_release
from econindex_api.server.areas.geographies import PLATFORM, PLATFORMS, WINDOW_PARAM
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.page_answers import Answers
from econindex_api.server.toolkit.problems import invalid_parameter
from econindex_api.server.toolkit.registry import RELEASE, Call, Endpoint

METRIC = P.ParamSpec(
    "metric",
    "choice",
    "`usage_share` (share of the parent's conversations) or `aui` (the AUI tier).",
    default="usage_share",
    choices=M.METRICS,
)


class MapPageParams(P.Params, frozen=True):
    metric: str = "usage_share"
    platform: str = "claude_ai"
    window: str = "release"


MAP_PAGE_PARAMS = P.ParamSet.of((METRIC, PLATFORM, WINDOW_PARAM), MapPageParams)
METRIC_LEADS = {
    "usage_share": "Each country's share of all conversations, each state's share of the "
    "United States' conversations, in six classes with fixed breaks (0.1, 0.3, 1, 3, 10 %) so "
    "that a colour means the same share on every release.",
    "aui": "The Anthropic AI Usage Index (AUI: share of conversations / share of the "
    "working-age population) by its tier: Minimal (no usage) and the quartiles of the AUI "
    "among the geographies of the level that meet the report's threshold.",
}
GREY = (
    "Grey: no row in this release (or no value: no AUI without a working-age population); "
    "darker grey: below the report's threshold of conversations (the API flags the row, the "
    "map does not colour it)."
)


SHAPES = (
    "Map shapes: Natural Earth (countries, 1:110m; Antarctica left out) and the US Census "
    "Bureau (the 50 states and DC, 2017; the territories have no place in the albersUsa "
    "projection) through the npm packages world-atlas 2.0.2 and us-atlas 3.0.1 (ISC "
    "licence), shipped with econindex. A row whose geography has no shape at this scale is "
    "in the table under the map."
)


def maps_href(release: str, **query: str) -> str:
    chosen = {k: v for k, v in query.items() if v}
    base = f"/releases/{quote(release)}/maps"
    return f"{base}?{urlencode(chosen)}" if chosen else base


def _query(**params: str) -> str:
    return urlencode({k: v for k, v in params.items() if v})


def _rows(answers: Answers, release: str, query: str) -> list[models.GeographyRow]:
    page = answers.get("geographies", {"release": release}, query, models.GeographyPage)
    return list(page.data)


def _choices(answers: Answers, release: str, platform: str) -> tuple[list[str], list[str]]:
    """The platforms with country or state rows, and the published windows of ``platform``."""
    platforms = []
    for p in PLATFORMS:
        for level in ("country", "subregion"):
            if _rows(answers, release, _query(level=level, platform=p, window="all", limit="1")):
                platforms.append(p)
                break
    days: set[str] = set()
    for level in ("country", "subregion"):
        query = _query(level=level, platform=platform, window="each", limit="1000")
        days |= {r.date_start for r in _rows(answers, release, query)}
    return platforms, sorted(days)


def maps(req: PageRequest) -> RenderedPage:
    p = req.params_as(MapPageParams)
    rel = req.requested
    if p.window in ("each", "all"):  # a map colours one row per geography
        raise invalid_parameter(
            "window", "a map shows one window: `release` or a window's first day (ISO date)"
        )
    answers = Answers(req.app, req.snapshot)
    chosen = {"platform": p.platform, "window": p.window}
    world_q = _query(level="country", **chosen, limit="1000")
    us_q = _query(level="subregion", country="USA", **chosen, limit="1000")
    world_rows = _rows(answers, rel, world_q)
    # A release with no US rows at all does not know USA as a country: no state rows then.
    platforms, days = _choices(answers, rel, p.platform)
    us_rows = [
        r
        for r in _rows(answers, rel, _query(level="subregion", **chosen, limit="1000"))
        if r.parent_geo_id == "USA"
    ]
    window = "the release's own figure" if p.window == "release" else f"window {p.window}"
    what = f"release {req.state.id if req.state else rel}, {p.platform}, {window}"
    charts = []
    for kind, rows, query in ((M.WORLD, world_rows, world_q), (M.US, us_rows, us_q)):
        charts.append(
            M.map_chart(
                kind,
                rows,
                p.metric,
                api_href(rel, "geographies", query),
                api_href(rel, "geographies", query.replace("limit=1000", "format=csv")),
                what,
            )
        )
    here = {"metric": p.metric, "platform": p.platform, "window": p.window}
    defaults = {"metric": "usage_share", "platform": "claude_ai", "window": "release"}

    def href(**change: str) -> str:
        query = here | change
        return maps_href(rel, **{k: v for k, v in query.items() if v != defaults[k]})

    page_href = href()
    cite, detail = cite_of_release(req, page_href)
    switches: list[dict[str, Any]] = [
        {
            "label": "Metric",
            "options": [
                {"title": M.METRIC_TITLES[m], "href": href(metric=m), "current": m == p.metric}
                for m in M.METRICS
            ],
        }
    ]
    if len(platforms) > 1:
        switches.append(
            {
                "label": "Platform",
                "options": [
                    {"title": x, "href": href(platform=x), "current": x == p.platform}
                    for x in platforms
                ],
            }
        )
    if len(days) > 1:
        switches.append(
            {
                "label": "Window",
                "options": [
                    {
                        "title": "the release's figure",
                        "href": href(window="release"),
                        "current": p.window == "release",
                    },
                    *(
                        {"title": f"from {d}", "href": href(window=d), "current": p.window == d}
                        for d in days
                    ),
                ],
            }
        )
    title = f"Maps of release {detail.release.id}: {M.METRIC_NAMES[p.metric]}"
    html = R.ENV.get_template("maps.html").render(
        site=site_of(req.snapshot),
        title=title,
        heading=title,
        lead=f"{METRIC_LEADS[p.metric]} {GREY}",
        shapes=SHAPES,
        switches=switches,
        charts=charts,
        cite=cite,
        crumbs=[{"href": release_href(rel), "title": detail.release.title}],
    )
    data = {c.id: c.api_href for c in charts}
    return RenderedPage(title, html, data, tuple(charts))


async def maps_route(call: Call) -> Any:
    return await serve_page(call, "page_maps", maps, MAP_PAGE_PARAMS)


MAP_PAGES: tuple[Endpoint, ...] = (
    page_endpoint(
        "page_maps",
        "/releases/{release}/maps",
        "Maps of usage share and AUI",
        maps_route,
        RELEASE,
    ),
)
