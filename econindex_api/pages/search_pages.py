"""The list pages of a release: its occupations, the task search and the clusters.

``/releases/{release}/occupations`` (all, or one SOC major group), ``/releases/{release}/tasks``
(task statements by words) and ``/releases/{release}/clusters`` draw the API's list answers
(through ``routes.Answers``, as every page) as tables that link to the pages of their rows.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from econindex_api import models
from econindex_api.pages import render as R
from econindex_api.pages.routes import (
    Answers,
    PageRequest,
    RenderedPage,
    _cite,
    _no_pages,
    api_href,
    clusters_href,
    page_endpoint,
    release_href,
    serve_page,
    site_of,
    tasks_href,
)
from econindex_api.server import params as P
from econindex_api.server.registry import RELEASE, Call, Endpoint

SEARCH_LIMIT = 50


MAJOR_GROUP_PAGE = P.ParamSpec(
    "major_group", "major_group", "SOC major group: '15' or '15-0000'.", example="15"
)
Q_PAGE = P.ParamSpec("q", "text", "Words of the task statement.", example="software")


class GroupPageParams(P.Params, frozen=True):
    major_group: str | None = None


class SearchPageParams(P.Params, frozen=True):
    q: str | None = None


GROUP_PAGE_PARAMS = P.ParamSet.of((MAJOR_GROUP_PAGE,), GroupPageParams)
SEARCH_PAGE_PARAMS = P.ParamSet.of((Q_PAGE,), SearchPageParams)


def occupations(req: PageRequest) -> RenderedPage:
    state = req.state
    assert state is not None and state.views is not None
    if state.views.occupation_rows is None:
        raise _no_pages(state, "occupation pages")
    rel = req.requested
    group = req.params_as(GroupPageParams).major_group
    answers = Answers(req.app, req.snapshot)
    query = f"major_group={group}&limit=1000" if group else "limit=1000"
    page = answers.get("occupations", {"release": rel}, query, models.OccupationUsagePage)
    title = page.data[0].major_group_title if group and page.data else "all groups"
    cite, _ = _cite(req, "/releases/" + rel + "/occupations")
    links = {
        "release": release_href(rel),
        "api": api_href(rel, "occupations", query),
        "csv": api_href(
            rel, "occupations", (f"major_group={group}&" if group else "") + "format=csv"
        ),
    }
    href = "/releases/" + quote(rel) + "/occupations/{code}"
    html = R.occupation_list_page(site_of(req.snapshot), page, title, cite, links, href)
    return RenderedPage(f"Occupations: {title}", html, {"occupations": links["api"]})


def tasks(req: PageRequest) -> RenderedPage:
    state = req.state
    assert state is not None and state.views is not None
    if state.views.task_rows is None:
        raise _no_pages(state, "task search")
    rel = req.requested
    q = req.params_as(SearchPageParams).q or ""
    answers = Answers(req.app, req.snapshot)
    page = None
    query = urlencode({"q": q, "limit": SEARCH_LIMIT})
    if q:
        page = answers.get("tasks", {"release": rel}, query, models.TaskUsagePage)
    cite, _ = _cite(req, tasks_href(rel, q))
    links = {
        "release": release_href(rel),
        "self": tasks_href(rel),
        "api": api_href(rel, "tasks", query),
        "csv": api_href(rel, "tasks", urlencode({"q": q, "format": "csv"})),
    }
    href = "/releases/" + quote(rel) + "/occupations/{code}"
    html = R.task_search_page(site_of(req.snapshot), page, q, cite, links, href)
    return RenderedPage("Task search", html, {"tasks": links["api"]} if q else {})


def clusters(req: PageRequest) -> RenderedPage:
    state = req.state
    assert state is not None and state.views is not None
    if state.views.clusters is None:
        raise _no_pages(state, "clusters")
    rel = req.requested
    q = req.params_as(SearchPageParams).q or ""
    query = urlencode({"q": q, "limit": 1000}) if q else "level=2&sort=name&limit=1000"
    answers = Answers(req.app, req.snapshot)
    page = answers.get("clusters", {"release": rel}, query, models.ClusterPage)
    cite, _ = _cite(req, clusters_href(rel, q))
    links = {
        "release": release_href(rel),
        "self": clusters_href(rel),
        "api": api_href(rel, "clusters", query),
        "csv": api_href(rel, "clusters", "format=csv"),
    }
    href = "/releases/" + quote(rel) + "/clusters/{id}"
    html = R.clusters_page(site_of(req.snapshot), page, q, cite, links, href)
    return RenderedPage("Conversation clusters", html, {"clusters": links["api"]})


async def occupations_route(call: Call) -> Any:
    return await serve_page(call, "page_occupations", occupations, GROUP_PAGE_PARAMS)


async def tasks_route(call: Call) -> Any:
    return await serve_page(call, "page_tasks", tasks, SEARCH_PAGE_PARAMS)


async def clusters_route(call: Call) -> Any:
    return await serve_page(call, "page_clusters", clusters, SEARCH_PAGE_PARAMS)


SEARCH_PAGES: tuple[Endpoint, ...] = (
    page_endpoint(
        "page_occupations",
        "/releases/{release}/occupations",
        "Occupations of a group",
        occupations_route,
        RELEASE,
    ),
    page_endpoint("page_tasks", "/releases/{release}/tasks", "Task search", tasks_route, RELEASE),
    page_endpoint(
        "page_clusters", "/releases/{release}/clusters", "Clusters", clusters_route, RELEASE
    ),
)
