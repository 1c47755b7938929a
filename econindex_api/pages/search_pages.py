"""The list pages of a release: its occupations, the task search and the clusters.

``/releases/{release}/occupations`` (all, or one SOC major group; ``q`` searches titles and
codes), ``/releases/{release}/tasks`` (task statements by words) and
``/releases/{release}/clusters`` draw the API's list answers (through ``routes.Answers``, as
every page) as tables that link to the pages of their rows. Every table sorts by its columns
(header links, ``sort=`` in the page's query; the API's sort values where the API sorts on
the column). What the pages compute from the rows is in ``listing``.

Task search (issue 22): the API's rows are (statement, occupation) pairs, so a statement three
occupations carry is three rows. The page lists each statement once with its occupations,
counts statements (the API's ``statements_total``) and says how many rows that is, and pages
over statements, ``SEARCH_LIMIT`` at a time, with the house's opaque cursor
(``server.toolkit.pagination``: an offset among the statements, checked against the package,
the words and the sort, so a cursor of another query is a 400 naming ``cursor``). Grouping
needs every matching row: the page reads all the API's pages of the search (``all_rows``), as
a client walking ``next`` would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from econindex_api import models
from econindex_api.pages import listing as L
from econindex_api.pages import render as R
from econindex_api.pages.routes import (
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
from econindex_api.server.toolkit import pagination
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.page_answers import Answers
from econindex_api.server.toolkit.problems import ApiProblem
from econindex_api.server.toolkit.registry import RELEASE, Call, Endpoint, PathParam

CLUSTER_ID = PathParam("cluster_id", "Cluster id.", "c2-0ce22a78f614b0cb")
SEARCH_LIMIT = 50  # statements per page of the task search

PageT = TypeVar("PageT", bound=models.Page[Any])


def all_rows(
    answers: Answers, name: str, release: str, query: str, type_: type[PageT]
) -> tuple[PageT, list[Any]]:
    """Every row of an API list: its first page of ``MAX_LIMIT`` rows (returned too, for its
    totals) and the pages after it, by their cursors."""
    pp, size = {"release": release}, models.MAX_LIMIT
    first = page = answers.get(name, pp, f"{query}&limit={size}", type_)
    rows = list(page.data)
    for _ in range(first.total // size + 1):  # bounded: one more than the pages there are
        if page.next_cursor is None:
            break
        page = answers.get(name, pp, f"{query}&limit={size}&cursor={page.next_cursor}", type_)
        rows += page.data
    return first, rows


def page_href(base: str, **params: str | None) -> str:
    """``base`` with the given query parameters, those that are None left out."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{base}?{query}" if query else base


def _sort(value: str, default: str) -> str | None:
    return None if value == default else value  # the default sort is not spelled in links


# --- occupations ---

OCCUPATION_COLUMNS = (
    L.SortColumn("Occupation", "title", descending_first=False),
    L.SortColumn("O*NET-SOC code", "onet_soc_code", descending_first=False),
    L.SortColumn("Share of conversations (%)", "share_pct", kind="pct"),
    L.SortColumn("Tasks in use", "tasks_with_usage", kind="int"),
    L.SortColumn("Median wage (USD)", "median_wage_usd", kind="usd"),
)
OCCUPATION_SORT = "-share_pct"
# A form's "all groups" sends major_group= (empty): the page reads it as text and checks a
# non-empty value as the API does.
MAJOR_GROUP_PAGE = P.ParamSpec(
    "major_group", "major_group", "SOC major group: '15' or '15-0000'.", example="15"
)
GROUP_TEXT = P.ParamSpec("major_group", "text", "SOC major group: '15' or '15-0000'.")
Q_OCCUPATIONS = P.ParamSpec("q", "text", "Words of the title, or the start of the code.")
Q_PAGE = P.ParamSpec("q", "text", "Words of the task statement.", example="software")


class GroupPageParams(P.Params, frozen=True):
    major_group: str | None = None
    q: str | None = None
    sort: str = OCCUPATION_SORT


GROUP_PAGE_PARAMS = P.ParamSet.of(
    (
        GROUP_TEXT,
        Q_OCCUPATIONS,
        P.ParamSpec(
            "sort",
            "choice",
            "Sort column.",
            default=OCCUPATION_SORT,
            choices=L.sort_choices(OCCUPATION_COLUMNS),
        ),
    ),
    GroupPageParams,
)


def occupation_list_href(
    release: str, group: str | None = None, q: str | None = None, sort: str = OCCUPATION_SORT
) -> str:
    return page_href(
        f"/releases/{quote(release)}/occupations",
        major_group=group,
        q=q,
        sort=_sort(sort, OCCUPATION_SORT),
    )


def _group_choices(answers: Answers, release: str) -> list[tuple[str, str]]:
    """The release's SOC major groups (two-digit code, title) for the form's choice."""
    try:
        page = answers.get("categories", {"release": release}, "limit=1000", models.CategoryPage)
    except ApiProblem:  # a release without group shares: the form has no group choice
        return []
    return sorted((r.major_group_code[:2], r.major_group_title) for r in page.data)


def occupations(req: PageRequest) -> RenderedPage:
    state = req.state
    assert state is not None and state.views is not None
    if state.views.occupation_rows is None:
        raise _no_pages(state, "occupation pages")
    rel = req.requested
    p = req.params_as(GroupPageParams)
    group = MAJOR_GROUP_PAGE.parse(p.major_group)[:2] if p.major_group else None
    answers = Answers(req.app, req.snapshot)
    query = urlencode(
        {k: v for k, v in (("major_group", group), ("q", p.q), ("sort", p.sort)) if v}
    )
    first, rows = all_rows(answers, "occupations", rel, query, models.OccupationUsagePage)
    groups = _group_choices(answers, rel)
    group_title = dict(groups).get(group or "", "") or (
        rows[0].major_group_title if group and rows else ""
    )
    title = group_title or "all groups"
    href = occupation_list_href(rel, group, p.q, p.sort)
    cite, _ = _cite(req, href)
    links = {
        "release": release_href(rel),
        "self": f"/releases/{quote(rel)}/occupations",
        "all": occupation_list_href(rel, sort=p.sort) if group or p.q else None,
        "api": api_href(rel, "occupations", f"{query}&limit={models.MAX_LIMIT}".lstrip("&")),
        "csv": api_href(rel, "occupations", f"{query}&format=csv".lstrip("&")),
        "search": tasks_href(rel) if state.views.task_rows is not None else None,
    }
    sorts = L.sort_links(
        OCCUPATION_COLUMNS, p.sort, lambda s: occupation_list_href(rel, group, p.q, s)
    )
    html = R.occupation_list_page(
        site_of(req.snapshot),
        rows,
        first.total,
        title,
        cite,
        links,
        "/releases/" + quote(rel) + "/occupations/{code}",
        q=p.q or "",
        group=group or "",
        groups=groups,
        sort=_sort(p.sort, OCCUPATION_SORT),
        sorts=sorts,
    )
    heading = f"Occupations: {title}" + (f", “{p.q}”" if p.q else "")
    return RenderedPage(heading, html, {"occupations": links["api"] or ""})


# --- the task search ---

TASK_COLUMNS = (
    L.SortColumn("Task", "statement", descending_first=False),
    L.SortColumn("Occupations", "occupations", kind="list"),  # a list of links: left-aligned
    L.SortColumn("Share of conversations (%)", "share_pct", kind="pct"),
)
TASK_SORT = "-share_pct"


class TaskSearchParams(P.Params, frozen=True):
    q: str | None = None
    sort: str = TASK_SORT
    cursor: str | None = None


TASK_SEARCH_PARAMS = P.ParamSet.of(
    (
        Q_PAGE,
        P.ParamSpec(
            "sort",
            "choice",
            "Sort column.",
            default=TASK_SORT,
            choices=L.sort_choices(TASK_COLUMNS),
        ),
        P.ParamSpec("cursor", "cursor", "The page of statements (a link of the pager)."),
    ),
    TaskSearchParams,
)


def task_search_href(release: str, q: str, sort: str = TASK_SORT, cursor: str | None = None) -> str:
    return page_href(
        f"/releases/{quote(release)}/tasks", q=q or None, sort=_sort(sort, TASK_SORT), cursor=cursor
    )


def _api_task_sort(sort: str) -> str:
    """The API's sort for a page sort: the same value where the API has it; the page sorts
    by occupations itself, from the rows by share."""
    return TASK_SORT if sort.lstrip("-") == "occupations" else sort


def tasks(req: PageRequest) -> RenderedPage:
    state = req.state
    assert state is not None and state.views is not None
    if state.views.task_rows is None:
        raise _no_pages(state, "task search")
    rel = req.requested
    p = req.params_as(TaskSearchParams)
    q = p.q or ""
    answers = Answers(req.app, req.snapshot)
    query = urlencode({"q": q, "sort": _api_task_sort(p.sort)})
    hits: dict[str, Any] | None = None
    if q:
        first, rows = all_rows(answers, "tasks", rel, query, models.TaskUsagePage)
        statements = L.statements_of(rows)
        if p.sort.lstrip("-") == "occupations":
            statements = L.by_occupations(statements, p.sort.startswith("-"))
        fingerprint = pagination.query_fingerprint(
            state.version.package_sha256, "page_tasks", {"q": q, "sort": p.sort}
        )
        offset = pagination.decode_cursor(p.cursor, fingerprint, len(statements)) if p.cursor else 0

        def href_at(at: int) -> str:
            cursor = pagination.encode_cursor(at, fingerprint) if at else None
            return task_search_href(rel, q, p.sort, cursor)

        shown = statements[offset : offset + SEARCH_LIMIT]
        hits = {
            "statements": first.statements_total,
            "rows": first.total,
            "shown": shown,
            "pager": L.pager(offset, SEARCH_LIMIT, len(statements), len(shown), href_at),
        }
    cite, _ = _cite(req, task_search_href(rel, q, p.sort, p.cursor))
    links = {
        "release": release_href(rel),
        "self": tasks_href(rel),
        "api": api_href(rel, "tasks", f"{query}&limit={models.MAX_LIMIT}"),
        "csv": api_href(rel, "tasks", urlencode({"q": q, "format": "csv"})),
    }
    sorts = L.sort_links(TASK_COLUMNS, p.sort, lambda s: task_search_href(rel, q, s))
    html = R.task_search_page(
        site_of(req.snapshot),
        hits,
        q,
        cite,
        links,
        "/releases/" + quote(rel) + "/occupations/{code}",
        sort=_sort(p.sort, TASK_SORT),
        sorts=sorts,
    )
    return RenderedPage("Task search", html, {"tasks": links["api"]} if q else {})


# --- clusters ---

CLUSTER_COLUMNS = (
    L.SortColumn("Cluster", "name", descending_first=False),
    L.SortColumn("Share of records (%)", "records_pct", kind="pct"),
)
CLUSTER_SORT = "-records_pct"


class ClusterSearchParams(P.Params, frozen=True):
    q: str | None = None
    sort: str = CLUSTER_SORT


CLUSTER_SEARCH_PARAMS = P.ParamSet.of(
    (
        P.ParamSpec("q", "text", "Words of a cluster's name or description."),
        P.ParamSpec(
            "sort",
            "choice",
            "Sort column.",
            default=CLUSTER_SORT,
            choices=L.sort_choices(CLUSTER_COLUMNS),
        ),
    ),
    ClusterSearchParams,
)


def cluster_list_href(release: str, q: str = "", sort: str = CLUSTER_SORT) -> str:
    return page_href(clusters_href(release), q=q or None, sort=_sort(sort, CLUSTER_SORT))


def ordered_clusters(
    rows: Sequence[models.ClusterRow], shares: dict[str, float], sort: str
) -> list[models.ClusterRow]:
    """The rows (in the API's name order) by share of records, largest first, or as given;
    clusters without a share last."""
    if sort.lstrip("-") != "records_pct":
        return list(rows)
    descending = sort.startswith("-")

    def key(row: models.ClusterRow) -> tuple[bool, float]:
        share = L.cluster_share(row, shares)
        if share is None:
            return (True, 0.0)
        return (False, -share if descending else share)

    return sorted(rows, key=key)  # stable: ties keep the name order


def clusters(req: PageRequest) -> RenderedPage:
    state = req.state
    assert state is not None and state.views is not None
    if state.views.clusters is None:
        raise _no_pages(state, "clusters")
    rel = req.requested
    p = req.params_as(ClusterSearchParams)
    q = p.q or ""
    by_name = p.sort.lstrip("-") == "name"
    name_sort = p.sort if by_name else "name"
    query = urlencode({"q": q, "sort": name_sort}) if q else f"level=2&sort={name_sort}"
    answers = Answers(req.app, req.snapshot)
    first, rows = all_rows(answers, "clusters", rel, query, models.ClusterPage)
    # The shares of levels 1 and 2 are sums of their level-0 clusters' (listing.cluster_shares)
    _, level0 = all_rows(answers, "clusters", rel, "level=0&sort=cluster_id", models.ClusterPage)
    shares = L.cluster_shares(level0)
    shown = ordered_clusters(rows, shares, p.sort)
    cite, _ = _cite(req, cluster_list_href(rel, q, p.sort))
    links = {
        "release": release_href(rel),
        "self": clusters_href(rel),
        "api": api_href(rel, "clusters", f"{query}&limit={models.MAX_LIMIT}"),
        "level0": api_href(rel, "clusters", f"level=0&limit={models.MAX_LIMIT}"),
        "csv": api_href(rel, "clusters", "format=csv"),
    }
    sorts = L.sort_links(CLUSTER_COLUMNS, p.sort, lambda s: cluster_list_href(rel, q, s))
    html = R.clusters_page(
        site_of(req.snapshot),
        [(c, L.cluster_share(c, shares)) for c in shown],
        first.total,
        q,
        cite,
        links,
        "/releases/" + quote(rel) + "/clusters/{id}",
        sort=_sort(p.sort, CLUSTER_SORT),
        sorts=sorts,
    )
    return RenderedPage(
        "Conversation clusters", html, {"clusters": links["api"], "level0": links["level0"]}
    )


def cluster(req: PageRequest) -> RenderedPage:
    state = req.state
    assert state is not None and state.views is not None
    if state.views.clusters is None:
        raise _no_pages(state, "clusters")
    rel, cluster_id = req.requested, req.path_params["cluster_id"]
    answers = Answers(req.app, req.snapshot)
    detail = answers.get(
        "cluster", {"release": rel, "cluster_id": cluster_id}, "", models.ClusterDetail
    )
    cite, _ = _cite(req, f"/releases/{quote(rel)}/clusters/{quote(cluster_id)}")
    task = detail.cluster.onet_task
    links: dict[str, str | None] = {
        "release": release_href(rel),
        "clusters": clusters_href(rel),
        "api": api_href(rel, f"clusters/{quote(cluster_id)}"),
        "task": tasks_href(rel, task[:200]) if task and detail.cluster.task_matched else None,
    }
    shares: dict[str, float] = {}
    data = {"cluster": str(links["api"])}
    if detail.cluster.level > 0:  # its share and its children's are sums of level-0 shares
        level0 = f"level=0&sort=cluster_id&limit={models.MAX_LIMIT}"
        _, rows = all_rows(answers, "clusters", rel, "level=0&sort=cluster_id", models.ClusterPage)
        shares = L.cluster_shares(rows)
        data["level0"] = api_href(rel, "clusters", level0)
    children = ordered_clusters(
        sorted(detail.children, key=lambda c: (c.name, c.cluster_id)), shares, CLUSTER_SORT
    )
    href = "/releases/" + quote(rel) + "/clusters/{id}"
    html = R.cluster_page(
        site_of(req.snapshot),
        detail,
        cite,
        links,
        href,
        share=L.cluster_share(detail.cluster, shares),
        children=[(c, L.cluster_share(c, shares)) for c in children],
    )
    return RenderedPage(detail.cluster.name, html, data)


async def cluster_route(call: Call) -> Any:
    return await serve_page(call, "page_cluster", cluster)


async def occupations_route(call: Call) -> Any:
    return await serve_page(call, "page_occupations", occupations, GROUP_PAGE_PARAMS)


async def tasks_route(call: Call) -> Any:
    return await serve_page(call, "page_tasks", tasks, TASK_SEARCH_PARAMS)


async def clusters_route(call: Call) -> Any:
    return await serve_page(call, "page_clusters", clusters, CLUSTER_SEARCH_PARAMS)


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
    page_endpoint(
        "page_cluster",
        "/releases/{release}/clusters/{cluster_id}",
        "One cluster",
        cluster_route,
        RELEASE,
        CLUSTER_ID,
    ),
)
