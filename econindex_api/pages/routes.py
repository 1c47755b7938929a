"""The pages' routes: registry declarations whose handlers negotiate, cache and render.

Data: a page is drawn only from the API's own answers. ``answer()`` runs the declared
endpoint (``registry``) exactly as a request to its /v1 URL would, through the same cache
(so a page and the API can never disagree), and decodes the body into the wire model. The
rendering (``charts``, ``render``) never sees anything else.

Negotiation: ``Accept`` preferring ``text/html`` over JSON (a browser) gets the page; any
other client keeps JSON: ``/`` answers the API's links document as before, a page route
answers ``{"page", "title", "data"}`` naming the /v1 URLs the page is drawn from.

Caching: a page is prepared once (HTML, gzip, strong ETag) and kept in the app's answer
cache under a key of the page, the release's package sha256 (or the catalog generation for
pages over several releases), the canonical query, the representation and the public base URL
(the JSON-LD carries absolute URLs). That URL is configuration (``--public-url``, else the
listening address), never the request's ``Host``: nothing a client sends but the canonical
query makes a new key, so no client can force fresh builds (issue 18, N2). A miss is built in
the pages' own pool, its charts drawn in a render process (``drawing``).
``Cache-Control`` follows the API: immutable for dated release ids, a minute for ``latest``
and for the home page (a new release changes it). A page also depends on this package's
version (its templates): it is part of the ETag.

Registry: each page is an ``Endpoint`` (``openapi=False``) in ``PAGES``, joined with the
API's lists in ``server/declarations.py``, with a ``handler`` rather than cached
``variants``: the registry's cache key has no place for the HTML/JSON choice, and a page reads
several endpoints, or two releases. The handler takes the same steps as ``Endpoint.dispatch``
(cache, miss off the event loop, lazy gzip: ``registry.cached_answer``, then ``send``) with
its own key.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import msgspec

from econindex_api import models
from econindex_api.pages import charts as C
from econindex_api.pages import drawing, series_charts, stacked_charts
from econindex_api.pages import render as R
from econindex_api.pages.chart_base import Chart
from econindex_api.pages.chart_images import (
    IMAGE_TYPES,
    chart_image,
    download_name,
    split_image_query,
)
from econindex_api.publishing.croissant import dataset_part
from econindex_api.server.areas.releases import release_croissant_document, release_descriptor
from econindex_api.server.areas.service import index as api_index
from econindex_api.server.store import ReleaseState, Snapshot
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.cache import Prepared, prepare
from econindex_api.server.toolkit.page_answers import Answers, etag_of, page_scope
from econindex_api.server.toolkit.problems import ApiProblem
from econindex_api.server.toolkit.registry import (
    RELEASE,
    RELEASES,
    Call,
    Endpoint,
    PathParam,
)
from econindex_api.server.toolkit.respond import (
    JSON,
    accepts_gzip,
    prefers_html,
    send,
)

log = logging.getLogger("econindex.pages")

HTML = "text/html"
ASSETS = Path(__file__).parent / "assets"
ASSET_TYPES = {".css": "text/css"}
# Thresholds of the depth curve: every 5 points of the fraction of tasks used.
DEPTH_CURVE = ",".join(f"{i / 20:g}" for i in range(21))
MOVERS = 10  # occupations and tasks listed on a change page as those that moved most

T = TypeVar("T")


# --- negotiation ---


# Whether ``Accept`` prefers HTML to JSON; the same rule for pages and problems.
wants_html = prefers_html


def api_href(release: str, suffix: str, query: str = "") -> str:
    href = f"{RELEASES}/{quote(release)}/{suffix}".rstrip("/")
    return f"{href}?{query}" if query else href


# --- paths of the pages (the only place that spells them) ---


def release_href(release: str) -> str:
    return f"/releases/{quote(release)}"


def occupation_href(release: str, code: str) -> str:
    return f"/releases/{quote(release)}/occupations/{quote(code)}"


def all_occupations_href(release: str) -> str:
    return f"/releases/{quote(release)}/occupations"


def occupations_href(release: str, group: str) -> str:
    return f"/releases/{quote(release)}/occupations?{urlencode({'major_group': group})}"


def tasks_href(release: str, q: str = "") -> str:
    base = f"/releases/{quote(release)}/tasks"
    return f"{base}?{urlencode({'q': q})}" if q else base


# --- pages ---


@dataclass(frozen=True)
class RenderedPage:
    title: str
    html: str
    data: dict[str, str]  # the /v1 URLs the page is drawn from
    charts: tuple[Chart, ...] = ()  # the page's charts, for their images (chart_images)


@dataclass(frozen=True)
class PageRequest:
    app: Any
    snapshot: Snapshot
    state: ReleaseState | None
    requested: str
    path_params: dict[str, str]
    params: P.Params  # the page's parsed query parameters (its ParamSet's Struct)
    base_url: str

    def params_as(self, struct: type[P.S]) -> P.S:
        return P.params_as(self.params, struct)


def site_of(snapshot: Snapshot | None) -> R.Site:
    """The frame of every page (nav links to the latest release when there is one)."""
    # "latest" by name, not the id it resolves to now: a dated release's page then depends
    # on its package only and can be cached as immutable.
    has_latest = snapshot is not None and snapshot.latest_id is not None
    return R.Site(
        css_href=ASSET_HREF,
        latest_href=release_href("latest") if has_latest else None,
        search_href=tasks_href("latest") if has_latest else None,
    )


def _upstream_citation(req: PageRequest, state: ReleaseState) -> str:
    try:
        data = req.app.store.source.read_bytes(f"{state.version.path}/datapackage.json")
        return str(msgspec.json.decode(data).get("citation", ""))
    except Exception:  # the citation is a courtesy: a page still renders without it
        log.exception("reading the citation of %s", state.id)
        return ""


def _cite(req: PageRequest, page_href: str) -> tuple[R.Cite, models.ReleaseDetail]:
    state = req.state
    assert state is not None
    answers = Answers(req.app, req.snapshot)
    detail = answers.get("release", {"release": req.requested}, "", models.ReleaseDetail)
    cite = R.cite_of(
        detail.release,
        req.base_url + page_href,
        detail.release.links.datapackage,
        _upstream_citation(req, state),
    )
    return cite, detail


def home(req: PageRequest) -> RenderedPage:
    answers = Answers(req.app, req.snapshot)
    catalog = answers.get("releases", {}, "", models.ReleaseList)
    rows = [R.ReleaseRow(s, release_href(s.id)) for s in catalog.data if s.available]
    headline = None
    data = {"releases": RELEASES}
    latest = catalog.latest
    if latest is not None and latest in req.snapshot.releases:
        rp = {"release": latest}
        groups = answers.get("categories", rp, "", models.CategoryPage)
        modes = answers.get("interaction_modes", rp, "", models.InteractionModes)
        depth = answers.get("depth", rp, "thresholds=0.25,0.5", models.Depth)
        headline = R.Headline(
            release_id=latest,
            page_href=release_href(latest),
            top_groups=groups.data[:3],
            split=modes.split,
            depth=depth.data,
            occupations_total=depth.occupations_total,
            occupations_href=all_occupations_href(latest),
        )
        data |= {
            "categories": api_href(latest, "categories"),
            "interaction_modes": api_href(latest, "interaction-modes"),
            "depth": api_href(latest, "depth", "thresholds=0.25,0.5"),
        }
    api = {"releases": RELEASES, "openapi": "/openapi.json", "docs": "/docs"}
    dated = sorted((s.date, s.id) for s in catalog.data if s.series == "usage" and s.date)
    changes = [
        {"href": compare_href(a[1], b[1]), "title": f"What changed from {a[1]} to {b[1]}"}
        for a, b in itertools.pairwise(dated)
    ]
    changes += [{"href": href, "title": title} for href, title in SERIES_LINKS]
    # Only pinned builds: an unpinned one (inputs not the pinned upstream files) is never
    # "latest", and is not the news of the home page either.
    pinned = [i for _, i in dated if not req.snapshot.releases[i].version.unpinned]
    delta = latest_change(answers, pinned)
    if delta is not None:
        data["change"] = delta.api_href
    html = R.home_page(site_of(req.snapshot), rows, headline, api, changes, delta)
    return RenderedPage("econindex", html, data)


# Series pages linked from the home page (pages/series_pages.py draws them).
SERIES_LINKS = (
    ("/series/interaction-modes", "The automation/augmentation split across releases"),
    ("/series/depth", "Depth of use across releases"),
    ("/series/categories/15", "Computer and mathematical occupations across releases"),
)


def latest_change(answers: Answers, dated: list[str]) -> R.Delta | None:
    """The change between the two newest releases whose SOC group shares compare (the
    comparability table) and that both publish them: the groups that moved most and the
    automation/augmentation split, then and now. None when no such pair exists."""
    for before, after in reversed(list(itertools.pairwise(dated))):
        pp = {"from": before, "to": after}
        try:
            groups = answers.get("compare_categories", pp, "limit=3", models.ComparePage)
        except ApiProblem:
            continue  # a release without SOC group shares, or not comparable
        try:
            modes = answers.get("compare_interaction_modes", pp, "", models.ComparePage)
            split = [r for r in modes.data if r.key in ("automation", "augmentation")]
        except ApiProblem:
            split = []
        return R.Delta(
            before,
            after,
            compare_href(before, after),
            f"/v1/compare/{quote(before)}/{quote(after)}/categories?limit=3",
            groups.data,
            sorted(split, key=lambda r: r.key),
            groups.base,
        )
    return None


def release_charts(req: PageRequest) -> list[Chart]:
    """The report's figures for one release: whichever of them its data has."""
    state = req.state
    assert state is not None and state.views is not None
    views, rel = state.views, req.requested
    answers = Answers(req.app, req.snapshot)
    rp = {"release": rel}
    out: list[Chart] = []
    if views.category_rows is not None:
        page = answers.get("categories", rp, "", models.CategoryPage)
        out.append(C.categories_chart(page, api_href(rel, "categories")))
    if views.occupation_rows is not None:
        query = f"thresholds={DEPTH_CURVE}"
        depth = answers.get("depth", rp, query, models.Depth)
        out.append(C.depth_chart(depth, api_href(rel, "depth"), query))
    if views.interaction_modes is not None and views.interaction_split is not None:
        modes = answers.get("interaction_modes", rp, "", models.InteractionModes)
        out.append(C.modes_chart(modes, api_href(rel, "interaction-modes")))
    if views.category_modes is not None:
        group_modes = answers.get(
            "interaction_modes_categories", rp, "limit=1000", models.CategoryModesPage
        )
        href = api_href(rel, "interaction-modes/categories")
        out.append(stacked_charts.group_modes_chart(group_modes, href))
    if views.occupation_rows is not None:
        bands = answers.get("wage_bands", rp, "", models.WageBands)
        out.append(C.wage_bands_chart(bands, api_href(rel, "wage-bands")))
    if views.exposure_rows is not None:
        top = answers.get("occupations", rp, "limit=25", models.OccupationExposurePage)
        out.append(
            C.exposure_chart(
                top,
                api_href(rel, "occupations", "limit=25"),
                api_href(rel, "occupations", "format=csv"),
            )
        )
    return out


def release(req: PageRequest) -> RenderedPage:
    state = req.state
    assert state is not None and state.views is not None
    rel = req.requested
    href = release_href(rel)
    cite, detail = _cite(req, href)
    charts = release_charts(req)
    groups: list[dict[str, str]] = []
    if state.views.category_rows is not None and state.views.occupation_rows is not None:
        frame = state.views.category_rows.sort("major_group_code")
        for code, title in zip(
            frame["major_group_code"].to_list(), frame["major_group_title"].to_list(), strict=True
        ):
            groups.append({"href": occupations_href(rel, code[:2]), "title": title})
    links: dict[str, Any] = {
        "package_zip": detail.release.links.package_zip,
        "datapackage": detail.release.links.datapackage,
        "api": detail.release.links.self,
        "search": tasks_href(rel) if state.views.task_rows is not None else None,
        "occupations": all_occupations_href(rel)
        if state.views.occupation_rows is not None
        else None,
        "clusters": clusters_href(rel) if state.views.clusters is not None else None,
        "maps": f"{href}/maps" if "geo_usage" in state.views.tables else None,  # map_pages
        "groups": groups,
        "compare": compare_links(req.snapshot, state),
    }
    # The Dataset JSON-LD is cut from the release's served Croissant (one source).
    descriptor = release_descriptor(req.app.store.source, state)
    release_url = f"{req.base_url}{RELEASES}/{state.id}"
    croissant = release_croissant_document(descriptor, state.version.package_sha256, release_url)
    jsonld = R.dataset_jsonld(dataset_part(croissant, req.base_url + href))
    html = R.release_page(
        site_of(req.snapshot), detail.release, detail, charts, cite, jsonld, links
    )
    data = {"release": detail.release.links.self} | {c.id: c.api_href for c in charts}
    return RenderedPage(detail.release.title, html, data, tuple(charts))


def compare_links(snapshot: Snapshot, state: ReleaseState) -> list[dict[str, str]]:
    """A usage release's comparisons: with the release before it and the one after it."""
    if state.entry.series != "usage" or state.entry.date is None:
        return []
    dated = sorted(
        (s.entry.date, s.id)
        for s in snapshot.releases.values()
        if s.entry.series == "usage" and s.entry.date
    )
    ids = [i for _, i in dated]
    at = ids.index(state.id)
    out = []
    if at > 0:
        out.append(
            {"href": compare_href(ids[at - 1], state.id), "title": f"Change since {ids[at - 1]}"}
        )
    if at + 1 < len(ids):
        out.append(
            {"href": compare_href(state.id, ids[at + 1]), "title": f"Change to {ids[at + 1]}"}
        )
    return out


def occupation(req: PageRequest) -> RenderedPage:
    state = req.state
    assert state is not None and state.views is not None
    rel, code = req.requested, req.path_params["code"]
    if state.views.occupation_rows is None or state.views.task_rows is None:
        raise _no_pages(state, "occupation pages")
    answers = Answers(req.app, req.snapshot)
    href = api_href(rel, f"occupations/{quote(code)}")
    try:
        detail = answers.get(
            "occupation", {"release": rel, "code": code}, "", models.OccupationUsageDetail
        )
    except ApiProblem as problem:
        raise to_pages(problem, lambda c: occupation_href(rel, c)) from None
    cite, _ = _cite(req, occupation_href(rel, code))
    chart = C.occupation_tasks_chart(detail, href) if detail.tasks else None
    occ = detail.occupation
    links = {
        "release": release_href(rel),
        "group": occupations_href(rel, occ.major_group_code[:2]),
        "api": href,
        "tasks_csv": api_href(rel, "tasks", f"occupation={quote(occ.onet_soc_code)}&format=csv"),
        "modes_csv": api_href(rel, "interaction-modes/occupations", "format=csv"),
        "series": series_href(occ.onet_soc_code),
    }
    modes_note = (
        "this release publishes interaction modes for all conversations only, not per "
        "occupation (see the release page)."
    )
    html = R.occupation_page(site_of(req.snapshot), detail, chart, cite, links, modes_note)
    return RenderedPage(occ.title, html, {"occupation": href}, (chart,) if chart else ())


def clusters_href(release: str, q: str = "") -> str:
    base = f"/releases/{quote(release)}/clusters"
    return f"{base}?{urlencode({'q': q})}" if q else base


def compare_href(before: str, after: str) -> str:
    return f"/compare/{quote(before)}/{quote(after)}"


def series_href(code: str) -> str:
    return f"/occupations/{quote(code)}"


def change(req: PageRequest) -> RenderedPage:
    before, after = req.path_params["from"], req.path_params["to"]
    answers = Answers(req.app, req.snapshot)
    pp = {"from": before, "to": after}
    base = f"/v1/compare/{quote(before)}/{quote(after)}"
    groups = answers.get("compare_categories", pp, "limit=1000", models.ComparePage)
    charts = [C.change_groups_chart(groups, base + "/categories")]
    try:
        modes = answers.get("compare_interaction_modes", pp, "", models.ComparePage)
        charts.append(C.change_modes_chart(modes, base + "/interaction-modes"))
    except ApiProblem:
        pass  # a release without interaction modes: the other charts still stand
    # What moved most: the compare endpoints sorted by absolute change (their default).
    for endpoint, what, key_name, suffix in (
        ("compare_occupations", "occupations", "O*NET-SOC code", "occupations"),
        ("compare_tasks", "tasks", "Task key", "tasks"),
    ):
        try:
            movers = answers.get(endpoint, pp, f"limit={MOVERS}", models.ComparePage)
        except ApiProblem:
            continue  # a release without the measure (the partial long-format rows)
        if movers.data:
            href = f"{base}/{suffix}?limit={MOVERS}"
            charts.append(C.movers_chart(movers, href, what, key_name))
    query = f"thresholds={DEPTH_CURVE}"
    try:
        depth = answers.get("compare_depth", pp, query, models.ComparePage)
        charts.append(C.change_depth_chart(depth, f"{base}/depth?{query}"))
    except ApiProblem as problem:
        # Depth does not compare across the change of format (GET /v1/comparability): no
        # chart rather than two curves on different bases.
        if problem.type != models.PROBLEM_INCOMPARABLE_RELEASES:
            raise
    a, b = groups.from_provenance.release_id, groups.to_provenance.release_id
    href = compare_href(before, after)
    cite = R.joint_cite(
        [groups.from_provenance, groups.to_provenance],
        req.base_url + href,
        f"Change between releases {a} and {b}",
    )
    html = R.charts_page(
        site_of(req.snapshot),
        f"Change from {a} to {b}",
        f"What changed from {a} to {b}",
        "Each chart compares the two releases on stable keys (SOC group code, interaction "
        "mode, O*NET-SOC code, task key, depth threshold): the change in percentage points, "
        f"the modes then and now, the {MOVERS} occupations and tasks that moved most, and the "
        "two depth curves where depth compares. Both packages are named below.",
        charts,
        cite,
        [
            {"href": release_href(a), "title": f"Release {a}"},
            {"href": release_href(b), "title": f"Release {b}"},
        ],
    )
    return RenderedPage(
        f"Change from {a} to {b}", html, {c.id: c.api_href for c in charts}, tuple(charts)
    )


def occupation_series(req: PageRequest) -> RenderedPage:
    code = req.path_params["code"]
    answers = Answers(req.app, req.snapshot)
    href = f"/v1/series/occupations/{quote(code)}"
    try:
        found = answers.get("series_occupations", {"code": code}, "", models.SeriesSet)
    except ApiProblem as problem:
        raise to_pages(problem, series_href) from None
    series = found.series[0]
    chart = series_charts.series_chart(series, href)
    cite = R.joint_cite(
        [p.provenance for p in series.data if p.present] or [series.data[-1].provenance],
        req.base_url + series_href(code),
        f"{series.title} across releases",
    )
    crumbs = [
        {"href": occupation_href(p.release_id, code), "title": f"{series.title} in {p.release_id}"}
        for p in series.data
        if p.present
    ]
    html = R.charts_page(
        site_of(req.snapshot),
        f"{series.title} across releases",
        f"{series.title} ({code}) across releases",
        "Its share of conversations in every dated release of the usage series, oldest "
        "first. A new release adds a point, so this page is cached for a minute only.",
        [chart],
        cite,
        crumbs,
    )
    return RenderedPage(f"{series.title} across releases", html, {"series": href}, (chart,))


def to_pages(problem: ApiProblem, page_of: Callable[[str], str]) -> ApiProblem:
    """``problem`` raised by the API under a page, its code suggestions linked to the pages
    of those codes (``page_of``) rather than to the API's JSON."""
    if problem.suggestions:
        problem.suggestions = [
            msgspec.structs.replace(s, href=page_of(s.code)) if s.code else s
            for s in problem.suggestions
        ]
    return problem


def _no_pages(state: ReleaseState, what: str) -> ApiProblem:
    return ApiProblem(
        404,
        models.PROBLEM_MEASURE_NOT_AVAILABLE,
        f"release {state.id!r} has no {what}; its measures are {', '.join(state.entry.measures)}",
        release=state.id,
    )


# --- serving ---


async def serve_page(
    call: Call,
    name: str,
    build: Callable[[PageRequest], RenderedPage],
    params: P.ParamSet = P.NO_PARAMS,
) -> Any:
    request = call.request
    html = wants_html(request.headers.get("accept"))
    # A chart of the page as an image (chart=<id>&image=svg|png): the rest is the page's query.
    image, query_string = split_image_query(request.scope["query_string"])
    values = params.parse(query_string)
    # What the page depends on, its key and its headers: the toolkit's (``page_answers``).
    scope = page_scope(call)
    key = scope.cache_key(name, params.canonical(values), html)
    state, requested, base_url = scope.state, scope.requested, scope.base_url
    req = PageRequest(
        call.app, scope.snapshot, state, requested, dict(call.path_params), values, base_url
    )
    path: str = request.scope["path"]
    other: list[Prepared] = []  # the other form, cached from the event loop below
    page_headers = scope.headers

    if image is not None:
        image_key = ("chart", *key[1:5], image.chart, image.image, base_url)

        def compute_image(_: Any) -> Prepared:
            page_url = base_url + path + (f"?{query_string.decode()}" if query_string else "")
            body = chart_image(build(req).charts, image, page_url)
            name = download_name(path, image.chart, image.image)
            headers = (*page_headers(), ("content-disposition", f'attachment; filename="{name}"'))
            # (a PNG is compressed already)
            media, etag = IMAGE_TYPES[image.image], etag_of(image_key)
            return prepare(body, media, etag, headers, compress=image.image == "svg")

        gzip = accepts_gzip(request.headers.get("accept-encoding", ""))
        prepared = call.app.cache.get(image_key)
        if prepared is None or (gzip and prepared.needs_gzip):
            prepared = await _build(call, image_key, prepared, compute_image, gzip)
        return send(call.method, request.headers, prepared)

    def compute(_: Any) -> Prepared:
        # One build gives both forms; the other is cached too (a JSON client after a
        # browser, or the reverse, costs nothing).
        page = build(req)
        headers = page_headers()
        forms = {
            True: (page.html.encode(), HTML),
            False: (
                msgspec.json.encode({"page": path, "title": page.title, "data": page.data}),
                JSON,
            ),
        }
        out = {}
        for form, (body, media) in forms.items():
            form_key = (*key[:5], form, base_url)
            out[form] = prepare(body, media, etag_of(form_key), tuple(headers))
        other.append(out[not html])
        return out[html]

    # The registry's steps: the cache, a miss built off the event loop, gzip on first demand
    # (``compute`` is only called on a miss). A miss is built in the pages' own pool and
    # queue, cancelled if every requester leaves (``drawing``).
    gzip = accepts_gzip(request.headers.get("accept-encoding", ""))
    prepared = call.app.cache.get(key)
    if prepared is None or (gzip and prepared.needs_gzip):
        prepared = await _build(call, key, prepared, compute, gzip)
    if other:
        call.app.cache.put((*key[:5], not html, base_url), other[0])
    return send(call.method, request.headers, prepared)


async def _build(
    call: Call,
    key: Any,
    cached: Prepared | None,
    compute: Callable[[Any], Prepared],
    gzip: bool,
) -> Prepared:
    """The page under ``key`` built (or gzipped) in the page pool, while watching whether the
    client goes away: if every requester of the build has, it is cancelled."""
    builds = call.app.page_builds
    for _ in range(3):  # a build cancelled just as another requester joined it: try again
        event = FLIGHTS.join(key)

        def run(ctx: Any, event: threading.Event = event) -> Prepared:
            with drawing.cancellable(event):
                return compute(ctx)

        answer = asyncio.ensure_future(builds.compute(key, None, run, gzip, cached))
        gone = asyncio.ensure_future(_disconnected(call.request.receive))
        abandoned = False
        try:
            await asyncio.wait((answer, gone), return_when=asyncio.FIRST_COMPLETED)
            abandoned = not answer.done()
            if abandoned:
                answer.cancel()  # our wait only: Misses shields the build itself
                raise ApiProblem(  # never sent: the client has gone
                    503, models.PROBLEM_OVERLOADED, "the client went away", headers={}
                )
            try:
                result: Prepared = answer.result()
                return result
            except drawing.Cancelled:
                continue
            except (TimeoutError, BrokenProcessPool):
                # A chart that took over drawing.RENDER_TIMEOUT_S, or a render process that died
                # twice: the service is overloaded, not broken (never a 500).
                raise ApiProblem(
                    503,
                    models.PROBLEM_OVERLOADED,
                    "the page's charts could not be drawn in time; retry shortly",
                    headers={"Retry-After": "5"},
                ) from None
        finally:
            gone.cancel()
            FLIGHTS.leave(key, event, abandoned)
    raise ApiProblem(
        503,
        models.PROBLEM_OVERLOADED,
        "the page's build was cancelled; retry shortly",
        headers={"Retry-After": "1"},
    )


async def _disconnected(receive: Any) -> None:
    """Returns when the client has disconnected (a GET has no body: anything else that
    ``receive`` gives before that is ignored)."""
    while (await receive())["type"] != "http.disconnect":
        pass


FLIGHTS = drawing.Flights()


async def index(call: Call) -> Any:
    """``/``: the home page for browsers; the API's links document for everyone else."""
    if not wants_html(call.request.headers.get("accept")):
        return await api_index(call)
    return await serve_page(call, "page_home", home)


_ASSET_CACHE: dict[str, Prepared] = {}


def _asset(name: str) -> Prepared | None:
    if name not in _ASSET_CACHE:
        path = ASSETS / name
        media = ASSET_TYPES.get(path.suffix)
        if media is None or "/" in name or not path.is_file():
            return None
        body = path.read_bytes()
        headers = (("cache-control", "public, max-age=31536000, immutable"),)
        _ASSET_CACHE[name] = prepare(body, media, hashlib.sha256(body).hexdigest()[:40], headers)
    return _ASSET_CACHE[name]


def _asset_href(name: str) -> str:
    # The content hash in the URL lets the stylesheet be cached as immutable.
    digest = hashlib.sha256((ASSETS / name).read_bytes()).hexdigest()[:12]
    return f"/assets/{name}?v={digest}"


ASSET_HREF = _asset_href("pages.css")


async def asset(call: Call) -> Any:
    P.parse_query(call.request.scope["query_string"], (P.ParamSpec("v", "text", "version"),))
    prepared = _asset(call.path_params["asset"])
    if prepared is None:
        raise ApiProblem(404, models.PROBLEM_NOT_FOUND, "no such asset")
    return send(call.method, call.request.headers, prepared)


async def release_route(call: Call) -> Any:
    return await serve_page(call, "page_release", release)


async def occupation_route(call: Call) -> Any:
    return await serve_page(call, "page_occupation", occupation)


async def change_route(call: Call) -> Any:
    return await serve_page(call, "page_compare", change)


async def series_route(call: Call) -> Any:
    return await serve_page(call, "page_series", occupation_series)


def replication(req: PageRequest) -> RenderedPage:
    table = Answers(req.app, req.snapshot).get("replication", {}, "", models.Replication)
    links = {"api": "/v1/replication", "csv": "/v1/replication?format=csv"}
    html = R.replication_page(site_of(req.snapshot), table, links)
    return RenderedPage("Replication", html, {"replication": links["api"]})


def comparability_page(req: PageRequest) -> RenderedPage:
    answers = Answers(req.app, req.snapshot)
    table = answers.get("comparability", {}, "", models.ComparabilityTable)
    links = {"api": "/v1/comparability", "csv": "/v1/comparability?format=csv"}
    html = R.comparability_page(site_of(req.snapshot), table, links)
    return RenderedPage("Comparability", html, {"comparability": links["api"]})


async def comparability_route(call: Call) -> Any:
    return await serve_page(call, "page_comparability", comparability_page)


async def replication_route(call: Call) -> Any:
    return await serve_page(call, "page_replication", replication)


CODE = PathParam("code", "O*NET-SOC code.", "15-1252.00")


def page_endpoint(
    name: str, path: str, summary: str, handler: Any, *path_params: PathParam
) -> Endpoint:
    """A page's declaration: a handler (``serve_page``), not in the OpenAPI."""
    return Endpoint(
        name=name,
        path=path,
        summary=summary,
        description="",
        tag="pages",
        kind="status",
        handler=handler,
        path_params=path_params,
        openapi=False,
    )


PAGES: tuple[Endpoint, ...] = (
    page_endpoint("index", "/", "Home page (HTML) or the API's links (JSON)", index),
    page_endpoint("page_asset", "/assets/{asset}", "Stylesheet", asset, PathParam("asset", "", "")),
    page_endpoint("page_release", "/releases/{release}", "Release page", release_route, RELEASE),
    page_endpoint(
        "page_occupation",
        "/releases/{release}/occupations/{code}",
        "Occupation page",
        occupation_route,
        RELEASE,
        CODE,
    ),
    page_endpoint(
        "page_compare",
        "/compare/{from}/{to}",
        "Change between two releases",
        change_route,
        PathParam("from", "", ""),
        PathParam("to", "", ""),
    ),
    page_endpoint(
        "page_series", "/occupations/{code}", "Occupation across releases", series_route, CODE
    ),
    page_endpoint(
        "page_replication", "/replication", "The reports' figures against ours", replication_route
    ),
    page_endpoint("page_comparability", "/comparability", "Comparability", comparability_route),
)
