"""The Litestar application: ``create_app()`` reads the data root from ``ECONINDEX_DATA``.

Handlers are thin: resolve the release, look the prepared answer up in the release's cache,
compute it on a miss (``endpoints``), send it (``respond``). Every error becomes an RFC 9457
problem (``problems``), including Litestar's own 404/405 and any bug (500, no traceback).

Environment:
    ECONINDEX_DATA            data root: a directory (default ``datapackages``) or
                              ``s3://bucket/prefix`` (see econindex_api.object_store)
    ECONINDEX_WATCH_INTERVAL  seconds between checks of catalog.json and the release files
                              (default 1; 0 turns the background check off)
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
from collections.abc import AsyncIterator, Callable
from typing import Any, Literal

import anyio.to_thread
import msgspec
import polars as pl
from litestar import Litestar, Request, Response, route
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.enums import HttpMethod
from litestar.exceptions import HTTPException, MethodNotAllowedException, NotFoundException
from litestar.response.base import ASGIResponse

from econindex_api import models
from econindex_api._version import __version__
from econindex_api.server import change as C
from econindex_api.server import endpoints as E
from econindex_api.server.cache import Prepared, prepare
from econindex_api.server.docs import DocsAssets
from econindex_api.server.downloads import resource_key, serve_file
from econindex_api.server.openapi import openapi_bytes
from econindex_api.server.params import FORMAT, parse_query
from econindex_api.server.problems import PROBLEM_MEDIA_TYPE, ApiProblem
from econindex_api.server.respond import (
    CATALOG_CACHE,
    CSV,
    JSON,
    VARY,
    Context,
    object_answer,
    plain_response,
    prefers_csv,
    resolve,
    send,
)
from econindex_api.server.storage import DataSource, open_data_source
from econindex_api.server.store import ReleaseState, Snapshot, Store
from econindex_api.server.views import ENDPOINT_PATHS

log = logging.getLogger("econindex.server")

GET_HEAD = [HttpMethod.GET, HttpMethod.HEAD]
DEFAULT_DATA = "datapackages"
RELEASES = "/v1/releases"

Compute = Callable[[Context], Prepared]


class AppState:
    """What the handlers share: the store, prepared docs and the catalog answers."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.docs = DocsAssets()
        self.openapi = prepare(openapi_bytes(), JSON, _digest(openapi_bytes()), ())
        self.catalog_answers: dict[tuple[Any, ...], Prepared] = {}
        self.series = C.SeriesAnswers()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:40]


def _app_state(request: Request[Any, Any, Any]) -> AppState:
    state: AppState = request.app.state["econindex"]
    return state


# --- answering release endpoints ---


def release_answer(
    request: Request[Any, Any, Any], release: str, kind: str, compute: Compute, sub: str = ""
) -> ASGIResponse:
    scope = request.scope
    state = resolve(_app_state(request).store.current, release)
    headers = request.headers
    query_string: bytes = scope["query_string"]
    csv_accept = prefers_csv(headers.get("accept"))
    key = (kind, sub, release, query_string, csv_accept)
    prepared = state.cache.get(key)
    if prepared is None:
        ctx = Context(state, release, scope["path"], query_string, csv_accept)
        prepared = compute(ctx)
        state.cache.put(key, prepared)
    return send(scope["method"], headers, prepared)


def links_of(state: ReleaseState) -> models.ReleaseLinks:
    base = f"{RELEASES}/{state.id}"
    names = state.views.endpoints() if state.views is not None else []
    return models.ReleaseLinks(
        self=base,
        datapackage=f"{base}/datapackage.json",
        package_zip=f"{base}/package.zip",
        endpoints={name: f"{base}/{ENDPOINT_PATHS[name]}" for name in names},
    )


def summary_of(state: ReleaseState, latest_id: str | None) -> models.ReleaseSummary:
    entry, version = state.entry, state.version
    return models.ReleaseSummary(
        id=entry.id,
        series=entry.series,
        title=entry.title,
        description=entry.description,
        date=entry.date,
        version=version.version,
        versions=[v.version for v in entry.versions],
        created=version.created,
        measures=list(entry.measures),
        package_sha256=version.package_sha256,
        package_bytes=version.package_bytes,
        is_latest=entry.id == latest_id,
        available=state.available,
        links=links_of(state),
    )


def answer_release(ctx: Context, latest_id: str | None) -> Prepared:
    parse_query(ctx.query_string, ())
    base = f"{RELEASES}/{ctx.state.id}/resources"
    resources = [
        models.ResourceInfo(
            name=r.name,
            title=r.title,
            rows=r.rows,
            csv=models.FileLink(
                href=f"{base}/{r.name}.csv",
                bytes=r.csv.bytes,
                sha256=r.csv.sha256,
                media_type="text/csv",
            ),
            parquet=models.FileLink(
                href=f"{base}/{r.name}.parquet",
                bytes=r.parquet.bytes,
                sha256=r.parquet.sha256,
                media_type="application/vnd.apache.parquet",
            ),
        )
        for r in ctx.state.version.resources
    ]
    detail = models.ReleaseDetail(
        release=summary_of(ctx.state, latest_id),
        requested=ctx.requested,
        resources=resources,
        provenance=ctx.provenance,
    )
    return object_answer(ctx, detail)


def answer_catalog(snapshot: Snapshot, query_string: bytes, csv_accept: bool) -> Prepared:
    params = parse_query(query_string, (FORMAT,))
    summaries = [summary_of(s, snapshot.latest_id) for _, s in sorted(snapshot.releases.items())]
    etag = _digest(
        f"{snapshot.catalog_sha256}\n{[s.available for s in summaries]}\n"
        f"{query_string!r}\n{csv_accept}".encode()
    )
    headers = (
        ("cache-control", CATALOG_CACHE),
        ("vary", VARY),
        (models.HEADER_TOTAL_COUNT, str(len(summaries))),
    )
    csv = params["format"] == "csv" if params["format"] else csv_accept
    if csv:
        frame = pl.DataFrame(
            [
                {
                    "id": s.id,
                    "series": s.series,
                    "title": s.title,
                    "date": s.date,
                    "version": s.version,
                    "measures": ";".join(s.measures),
                    "package_sha256": s.package_sha256,
                    "package_bytes": s.package_bytes,
                    "is_latest": s.is_latest,
                    "available": s.available,
                }
                for s in summaries
            ],
            schema={
                "id": pl.String,
                "series": pl.String,
                "title": pl.String,
                "date": pl.String,
                "version": pl.String,
                "measures": pl.String,
                "package_sha256": pl.String,
                "package_bytes": pl.Int64,
                "is_latest": pl.Boolean,
                "available": pl.Boolean,
            },
        )
        return prepare(frame.write_csv().encode(), CSV, etag, headers)
    body = msgspec.json.encode(
        models.ReleaseList(data=summaries, total=len(summaries), latest=snapshot.latest_id)
    )
    return prepare(body, JSON, etag, headers)


# --- handlers ---


@route(RELEASES, http_method=GET_HEAD)
async def list_releases(request: Request[Any, Any, Any]) -> ASGIResponse:
    app_state = _app_state(request)
    snapshot = app_state.store.current
    query_string: bytes = request.scope["query_string"]
    csv_accept = prefers_csv(request.headers.get("accept"))
    availability = tuple(s.available for s in snapshot.releases.values())
    key = (snapshot.catalog_sha256, availability, query_string, csv_accept)
    prepared = app_state.catalog_answers.get(key)
    if prepared is None:
        prepared = answer_catalog(snapshot, query_string, csv_accept)
        if len(app_state.catalog_answers) > 256:
            app_state.catalog_answers.clear()
        app_state.catalog_answers[key] = prepared
    return send(request.scope["method"], request.headers, prepared)


@route(RELEASES + "/{release:str}", http_method=GET_HEAD)
async def get_release(request: Request[Any, Any, Any], release: str) -> ASGIResponse:
    latest_id = _app_state(request).store.current.latest_id
    return release_answer(request, release, "release", lambda ctx: answer_release(ctx, latest_id))


@route(RELEASES + "/{release:str}/tasks", http_method=GET_HEAD)
async def list_tasks(request: Request[Any, Any, Any], release: str) -> ASGIResponse:
    return release_answer(request, release, "tasks", E.answer_tasks)


@route(RELEASES + "/{release:str}/tasks/{task_id:str}", http_method=GET_HEAD)
async def get_task(request: Request[Any, Any, Any], release: str, task_id: str) -> ASGIResponse:
    return release_answer(
        request, release, "task", lambda ctx: E.answer_task(ctx, task_id), sub=task_id
    )


@route(RELEASES + "/{release:str}/occupations", http_method=GET_HEAD)
async def list_occupations(request: Request[Any, Any, Any], release: str) -> ASGIResponse:
    return release_answer(request, release, "occupations", E.answer_occupations)


@route(RELEASES + "/{release:str}/occupations/{code:str}", http_method=GET_HEAD)
async def get_occupation(request: Request[Any, Any, Any], release: str, code: str) -> ASGIResponse:
    return release_answer(
        request, release, "occupation", lambda ctx: E.answer_occupation(ctx, code), sub=code
    )


@route(RELEASES + "/{release:str}/categories", http_method=GET_HEAD)
async def list_categories(request: Request[Any, Any, Any], release: str) -> ASGIResponse:
    return release_answer(request, release, "categories", E.answer_categories)


@route(RELEASES + "/{release:str}/wage-bands", http_method=GET_HEAD)
async def get_wage_bands(request: Request[Any, Any, Any], release: str) -> ASGIResponse:
    return release_answer(request, release, "wage_bands", E.answer_wage_bands)


@route(RELEASES + "/{release:str}/depth", http_method=GET_HEAD)
async def get_depth(request: Request[Any, Any, Any], release: str) -> ASGIResponse:
    return release_answer(request, release, "depth", E.answer_depth)


@route(RELEASES + "/{release:str}/interaction-modes", http_method=GET_HEAD)
async def get_interaction_modes(request: Request[Any, Any, Any], release: str) -> ASGIResponse:
    return release_answer(request, release, "interaction_modes", E.answer_interaction_modes)


# --- change between releases, time series ---

COMPARE = "/v1/compare/{from_release:str}/{to_release:str}"


def compare_answer(
    request: Request[Any, Any, Any], from_release: str, to_release: str, measure: str
) -> ASGIResponse:
    scope = request.scope
    prepared = C.answer_compare(
        _app_state(request).store.current,
        from_release,
        to_release,
        measure,
        scope["path"],
        scope["query_string"],
        prefers_csv(request.headers.get("accept")),
    )
    return send(scope["method"], request.headers, prepared)


@route(COMPARE + "/{measure:path}", http_method=GET_HEAD)
async def get_compare(
    request: Request[Any, Any, Any], from_release: str, to_release: str, measure: str
) -> ASGIResponse:
    # A path parameter, because some measures have two segments (interaction-modes/categories).
    return compare_answer(request, from_release, to_release, measure.strip("/"))


def series_answer(request: Request[Any, Any, Any], kind: str, entity: str) -> ASGIResponse:
    scope = request.scope
    app_state = _app_state(request)
    prepared = app_state.series.answer(
        app_state.store.current,
        kind,
        entity,
        scope["path"],
        scope["query_string"],
        prefers_csv(request.headers.get("accept")),
    )
    return send(scope["method"], request.headers, prepared)


@route("/v1/series/categories/{major_group:str}", http_method=GET_HEAD)
async def get_series_category(request: Request[Any, Any, Any], major_group: str) -> ASGIResponse:
    return series_answer(request, "categories", major_group)


@route("/v1/series/occupations/{code:str}", http_method=GET_HEAD)
async def get_series_occupation(request: Request[Any, Any, Any], code: str) -> ASGIResponse:
    return series_answer(request, "occupations", code)


@route("/v1/series/tasks/{task_id:str}", http_method=GET_HEAD)
async def get_series_task(request: Request[Any, Any, Any], task_id: str) -> ASGIResponse:
    return series_answer(request, "tasks", task_id)


@route("/v1/series/interaction-modes", http_method=GET_HEAD)
async def get_series_modes(request: Request[Any, Any, Any]) -> ASGIResponse:
    return series_answer(request, "interaction-modes", "")


@route("/v1/series/depth", http_method=GET_HEAD)
async def get_series_depth(request: Request[Any, Any, Any]) -> ASGIResponse:
    return series_answer(request, "depth", "")


async def _download(
    request: Request[Any, Any, Any],
    release: str,
    key_of: Callable[[ReleaseState], str],
    filename_of: Callable[[ReleaseState], str],
) -> ASGIResponse:
    app_state = _app_state(request)
    state = resolve(app_state.store.current, release)
    parse_query(request.scope["query_string"], ())
    ctx = Context(state, release, request.scope["path"], b"", False)
    return await serve_file(
        source=app_state.store.source,
        state=state,
        key=key_of(state),
        method=request.scope["method"],
        request_headers=request.headers,
        base_headers=[h for h in ctx.base_headers() if h[0] != "vary"],
        filename=filename_of(state),
    )


@route(RELEASES + "/{release:str}/datapackage.json", http_method=GET_HEAD)
async def get_datapackage(request: Request[Any, Any, Any], release: str) -> ASGIResponse:
    return await _download(
        request, release, lambda s: "datapackage.json", lambda s: "datapackage.json"
    )


@route(RELEASES + "/{release:str}/package.zip", http_method=GET_HEAD)
async def get_package_zip(request: Request[Any, Any, Any], release: str) -> ASGIResponse:
    return await _download(
        request,
        release,
        lambda s: "package.zip",
        lambda s: f"econindex-{s.id}-{s.version.version}.zip",
    )


@route(RELEASES + "/{release:str}/resources/{resource:str}", http_method=GET_HEAD)
async def get_resource(
    request: Request[Any, Any, Any], release: str, resource: str
) -> ASGIResponse:
    return await _download(
        request,
        release,
        lambda s: resource_key(s, resource),
        lambda s: f"econindex-{s.id}-{s.version.version}-{resource}",
    )


@route("/health", http_method=GET_HEAD)
async def health(request: Request[Any, Any, Any]) -> ASGIResponse:
    body = msgspec.json.encode(models.Health(version=__version__))
    return plain_response(request.scope["method"], body, headers=[("cache-control", "no-store")])


@route("/ready", http_method=GET_HEAD)
async def ready(request: Request[Any, Any, Any]) -> ASGIResponse:
    store = _app_state(request).store
    snapshot = await anyio.to_thread.run_sync(store.refresh)
    releases = [
        models.ReleaseStatus(
            id=s.id,
            version=s.version.version,
            available=s.available,
            detail=s.unavailable_reason,
        )
        for _, s in sorted(snapshot.releases.items())
    ]
    available = sum(1 for r in releases if r.available)
    status: Literal["ready", "degraded", "not_ready"]
    if available and available == len(releases):
        status = "ready"
    elif available:
        status = "degraded"
    else:
        status = "not_ready"
    body = msgspec.json.encode(
        models.Ready(status=status, releases=releases, catalog_sha256=snapshot.catalog_sha256)
    )
    return plain_response(
        request.scope["method"],
        body,
        status=503 if status == "not_ready" else 200,
        headers=[("cache-control", "no-store")],
    )


@route("/openapi.json", http_method=GET_HEAD)
async def openapi_document(request: Request[Any, Any, Any]) -> ASGIResponse:
    return send(request.scope["method"], request.headers, _app_state(request).openapi)


@route("/docs", http_method=GET_HEAD)
async def docs_page(request: Request[Any, Any, Any]) -> ASGIResponse:
    return send(request.scope["method"], request.headers, _app_state(request).docs.page())


@route("/docs/{asset:str}", http_method=GET_HEAD)
async def docs_asset(request: Request[Any, Any, Any], asset: str) -> ASGIResponse:
    prepared = _app_state(request).docs.asset(asset)
    if prepared is None:
        raise ApiProblem(404, models.PROBLEM_NOT_FOUND, f"no docs asset {asset[:60]!r}")
    return send(request.scope["method"], request.headers, prepared)


@route("/", http_method=GET_HEAD)
async def index(request: Request[Any, Any, Any]) -> ASGIResponse:
    body = msgspec.json.encode(
        {
            "name": "econindex API",
            "version": __version__,
            "links": {
                "releases": RELEASES,
                "latest": f"{RELEASES}/latest",
                "openapi": "/openapi.json",
                "docs": "/docs",
                "health": "/health",
                "ready": "/ready",
            },
        }
    )
    return plain_response(request.scope["method"], body)


# --- errors ---


def _problem_response(request: Request[Any, Any, Any], problem: ApiProblem) -> Response[bytes]:
    headers = {"cache-control": "no-store", **problem.headers}
    return Response(
        content=problem.body(instance=request.scope.get("path")),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def handle_problem(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, ApiProblem)
    return _problem_response(request, exc)


def handle_http_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, MethodNotAllowedException):
        allow = (exc.headers or {}).get("allow", "GET, HEAD")
        problem = ApiProblem(
            405,
            models.PROBLEM_METHOD_NOT_ALLOWED,
            f"{request.method} is not allowed here; the API is read-only (allowed: {allow})",
            allowed=[m.strip() for m in allow.split(",")],
            headers={"allow": allow},
        )
    elif isinstance(exc, NotFoundException) or exc.status_code == 404:
        problem = ApiProblem(
            404,
            models.PROBLEM_NOT_FOUND,
            "no such path; see /openapi.json or /docs for the endpoints",
        )
    elif exc.status_code < 500:
        problem = ApiProblem(
            exc.status_code, models.PROBLEM_INVALID_PARAMETER, str(exc.detail)[:200]
        )
    else:
        problem = ApiProblem(exc.status_code, models.PROBLEM_INTERNAL, "internal error")
    return _problem_response(request, problem)


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    log.exception("unhandled error on %s", request.scope.get("path"), exc_info=exc)
    problem = ApiProblem(
        500, models.PROBLEM_INTERNAL, "internal error; it has been logged (no detail is given out)"
    )
    return _problem_response(request, problem)


# --- warm-up and watching ---

WARM_QUERIES: tuple[tuple[str, Compute, bytes], ...] = (
    ("categories", E.answer_categories, b""),
    ("occupations", E.answer_occupations, b""),
    ("tasks", E.answer_tasks, b""),
    ("depth", E.answer_depth, b""),
    ("wage_bands", E.answer_wage_bands, b""),
    ("interaction_modes", E.answer_interaction_modes, b""),
)


def warm(state: ReleaseState, is_latest: bool) -> None:
    """Compute the hot answers of a freshly loaded release before it is served."""
    if not state.available or state.views is None:
        return
    names = ["latest", state.id] if is_latest else [state.id]
    groups = sorted(state.views.major_groups)
    queries = list(WARM_QUERIES)
    for group in groups:
        for form in (group[:2], group):
            queries.append(
                ("occupations", E.answer_occupations, f"major_group={form}&limit=50".encode())
            )
    for requested in names:
        for kind, compute, query_string in queries:
            path = f"{RELEASES}/{requested}/{ENDPOINT_PATHS[kind]}"
            ctx = Context(state, requested, path, query_string, False)
            try:
                prepared = compute(ctx)
            except ApiProblem:
                continue  # endpoint does not apply to this release
            state.cache.put((kind, "", requested, query_string, False), prepared)


async def _watch(store: Store, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await anyio.to_thread.run_sync(store.refresh)
        except Exception:  # keep watching; a bad moment on disk must not stop the loop
            log.exception("refreshing the store failed")


@contextlib.asynccontextmanager
async def _lifespan(app: Litestar) -> AsyncIterator[None]:
    app_state: AppState = app.state["econindex"]
    interval = float(os.environ.get("ECONINDEX_WATCH_INTERVAL", "1") or 0)
    task = asyncio.create_task(_watch(app_state.store, interval)) if interval > 0 else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def create_app(source: DataSource | None = None) -> Litestar:
    """The app over ``source`` (default: the local directory ``$ECONINDEX_DATA``)."""
    if source is None:
        source = open_data_source(os.environ.get("ECONINDEX_DATA") or DEFAULT_DATA)
    store = Store(source, min_interval_s=1.0, on_new_state=warm)
    snapshot = store.load()
    if snapshot.error:
        log.error("%s: serving no releases until it appears", snapshot.error)
    app_state = AppState(store)
    return Litestar(
        route_handlers=[
            index,
            list_releases,
            get_release,
            get_datapackage,
            get_package_zip,
            get_resource,
            list_tasks,
            get_task,
            list_occupations,
            get_occupation,
            list_categories,
            get_wage_bands,
            get_depth,
            get_interaction_modes,
            get_compare,
            get_series_category,
            get_series_occupation,
            get_series_task,
            get_series_modes,
            get_series_depth,
            health,
            ready,
            openapi_document,
            docs_page,
            docs_asset,
        ],
        state=State({"econindex": app_state}),
        exception_handlers={
            ApiProblem: handle_problem,
            HTTPException: handle_http_exception,
            Exception: handle_unexpected,
        },
        cors_config=CORSConfig(
            allow_origins=["*"],
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["Accept", "If-None-Match", "If-Range", "Range"],
            expose_headers=[
                "ETag",
                "Link",
                "Content-Range",
                "Accept-Ranges",
                models.HEADER_RELEASE,
                models.HEADER_PACKAGE_VERSION,
                models.HEADER_PACKAGE_SHA256,
                models.HEADER_TOTAL_COUNT,
            ],
            max_age=86400,
        ),
        openapi_config=None,
        lifespan=[_lifespan],
        debug=False,
    )
