"""The Litestar application: ``create_app()`` reads the data root from ``ECONINDEX_DATA``.

The endpoint declarations (``declarations.ENDPOINTS``, the areas' lists joined, or the list
given to ``create_app``) are routed by ``router.Router``, in front of Litestar: resolve the
release, parse the parameters, look the canonical key up in the process's answer cache,
compute a miss off the event loop (``misses``), send it (``respond``). Every error becomes
an RFC 9457 problem (``problems``), including Litestar's own 404/405 and any bug (500, no
traceback).

Environment:
    ECONINDEX_MEMORY_BUDGET_MB  everything one process keeps: release frames and indexes plus
                              cached answers (default 192; the cache gets what the frames
                              leave, at least 16 MiB). With the default one worker stays under
                              512 MiB RSS whatever the request mix (README, "Hardening").
    ECONINDEX_MISS_WORKERS, ECONINDEX_MISS_QUEUE, ECONINDEX_MISS_INLINE_US  see ``misses``
    ECONINDEX_MALLOC_TRIM_S   seconds between malloc_trim calls (default 10; 0: never)
    ECONINDEX_DATA            data root: a directory (default ``datapackages``) or
                              ``s3://bucket/prefix`` (see server/object_store.py)
    ECONINDEX_WATCH_INTERVAL  seconds between checks of catalog.json and the release files
                              (default 1; 0 turns the background check off)
    ECONINDEX_DEFER_LOAD_MB   packages larger than this (package.zip, MB; default 16) load
                              right after the server starts, not before (``defer_large``)
    ECONINDEX_REHASH_INTERVAL seconds between full rehashes of every file, whatever its stat
                              (default 60; 0 turns it off); see store.py and downloads.py
    ECONINDEX_PUBLIC_URL      the API's public address (``econindex serve --public-url``):
                              the URL in citations, Croissant, the pages' JSON-LD and the
                              next links of list pages; default the address the server
                              listens on, never the request's Host
    ECONINDEX_LISTEN_URL      set by ``econindex serve`` for its workers (not a setting):
                              the listening address, for answers computed before any request
    ECONINDEX_RENDER_WORKERS, ECONINDEX_PAGE_WORKERS, ECONINDEX_PAGE_QUEUE  see
                              ``econindex_api.pages.drawing``
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

import anyio.to_thread
from litestar import Litestar, Request, Response
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.exceptions import HTTPException, MethodNotAllowedException, NotFoundException

from econindex_api import models
from econindex_api.catalog import ReleaseEntry
from econindex_api.pages import drawing
from econindex_api.server.app_state import (
    CACHE_FLOOR,
    DEFAULT_MEMORY_BUDGET_MB,
    MIB,
    AppState,
    memory_budget_bytes,
)
from econindex_api.server.data_source import DataSource, open_data_source
from econindex_api.server.declarations import ENDPOINTS
from econindex_api.server.env_settings import env_int
from econindex_api.server.problem_answer import problem_answer
from econindex_api.server.store import Snapshot, Store
from econindex_api.server.suggest import path_suggestions
from econindex_api.server.toolkit import openapi
from econindex_api.server.toolkit.cache import AnswerCache
from econindex_api.server.toolkit.guard import CORS_HEADERS, Guard
from econindex_api.server.toolkit.problems import ApiProblem, method_not_allowed
from econindex_api.server.toolkit.public_url import PUBLIC_URL_ENV, checked_public_url
from econindex_api.server.toolkit.registry import Endpoint, warm
from econindex_api.server.toolkit.router import Router

log = logging.getLogger("econindex.server")

DEFAULT_DATA = "datapackages"


def tune_malloc() -> None:
    """Make freed answer bodies go back to the system (glibc only; elsewhere a no-op).

    Without this, RSS grew far past the budget under a flood of large exports: glibc raises
    its mmap threshold after large frees, so later multi-megabyte bodies come from the heap
    and their memory stays with the process, and each miss thread gets an arena of its own.
    A fixed mmap threshold (large bodies always mmap'ed, unmapped when freed), two arenas,
    and a periodic ``malloc_trim`` (watch loop) keep RSS close to what the budget counts.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-8, 2)  # M_ARENA_MAX
        libc.mallopt(-3, 256 * 1024)  # M_MMAP_THRESHOLD (fixed: no dynamic raise)
        libc.mallopt(-1, 4 * MIB)  # M_TRIM_THRESHOLD
    except (OSError, AttributeError):
        return


def malloc_trim() -> None:
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return


# --- errors ---


def _problem_response(request: Request[Any, Any, Any], problem: ApiProblem) -> Response[bytes]:
    """The answer to ``problem``: problem+json, or a page for a browser (``problem_answer``)."""
    body, media_type, headers = problem_answer(
        problem,
        instance=request.scope.get("path"),
        accept=request.headers.get("accept"),
        snapshot=_snapshot(request),
    )
    return Response(
        content=body, status_code=problem.status, media_type=media_type, headers=headers
    )


APP_STATE_KEY = "econindex.app_state"  # the scope key ``error_renderer`` sets


def _app_state(request: Request[Any, Any, Any]) -> AppState | None:
    """The app's state: Litestar's ``app.state`` for the errors Litestar answers, the
    router's (set in the scope by ``error_renderer``) for those of a declared path."""
    found = request.scope.get(APP_STATE_KEY)
    if isinstance(found, AppState):
        return found
    litestar_app = request.scope.get("litestar_app")
    state = getattr(litestar_app, "state", None)
    found = state.get("econindex") if state is not None else None
    return found if isinstance(found, AppState) else None


def _snapshot(request: Request[Any, Any, Any]) -> Snapshot | None:
    """The releases in service (the error page's navigation); None before the store is set."""
    app_state = _app_state(request)
    return app_state.store.current if app_state is not None else None


def _endpoint_paths(request: Request[Any, Any, Any]) -> list[str]:
    app_state = _app_state(request)
    return [e.path for e in app_state.endpoints] if app_state is not None else []


def handle_problem(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, ApiProblem)
    return _problem_response(request, exc)


def handle_http_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, MethodNotAllowedException):
        problem = method_not_allowed(request.method, (exc.headers or {}).get("allow", "GET, HEAD"))
    elif isinstance(exc, NotFoundException) or exc.status_code == 404:
        path = str(request.scope.get("path", ""))
        problem = ApiProblem(
            404,
            models.PROBLEM_NOT_FOUND,
            "no such path; see /openapi.json or /docs for the endpoints",
            suggestions=path_suggestions(path, _endpoint_paths(request)),
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


def error_renderer(app_state: AppState) -> Callable[[Any, Any, Any, Exception], Awaitable[None]]:
    """How ``router.Router`` answers an error of a declared path: the exception handler
    Litestar's own exception middleware would choose (those given to ``Litestar`` below), its
    response sent as that middleware sends it."""

    async def render_error(scope: Any, receive: Any, send: Any, exc: Exception) -> None:
        scope[APP_STATE_KEY] = app_state
        request: Request[Any, Any, Any] = Request(scope, receive, send)
        if isinstance(exc, ApiProblem):
            response = handle_problem(request, exc)
        elif isinstance(exc, HTTPException):
            response = handle_http_exception(request, exc)
        else:
            response = handle_unexpected(request, exc)
        await response.to_asgi_response(app=None, request=request)(scope, receive, send)

    return render_error


CORS = CORSConfig(
    allow_origins=["*"],
    allow_methods=["GET", "HEAD", "OPTIONS"],  # = CORS_METHODS; the guard refuses others
    allow_headers=list(CORS_HEADERS),
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
)


# --- watching ---


TRIM_EVERY_S = float(os.environ.get("ECONINDEX_MALLOC_TRIM_S", "10") or 0)
FULL_GC_EVERY_S = 600.0


async def _watch(app_state: AppState, interval: float) -> None:
    last_trim = last_gc = time.monotonic()
    while True:
        await asyncio.sleep(interval)
        try:
            await anyio.to_thread.run_sync(app_state.store.refresh)
            app_state.memory_use()
            if TRIM_EVERY_S > 0 and time.monotonic() - last_trim >= TRIM_EVERY_S:
                last_trim = time.monotonic()
                await anyio.to_thread.run_sync(malloc_trim)
            if time.monotonic() - last_gc >= FULL_GC_EVERY_S:
                last_gc = time.monotonic()
                gc.collect()
        except Exception:  # keep watching; a bad moment on disk must not stop the loop
            log.exception("refreshing the store failed")


@contextlib.asynccontextmanager
async def _lifespan(app: Litestar) -> AsyncIterator[None]:
    app_state: AppState = app.state["econindex"]
    interval = float(os.environ.get("ECONINDEX_WATCH_INTERVAL", "1") or 0)
    task = asyncio.create_task(_watch(app_state, interval)) if interval > 0 else None
    try:
        yield
    finally:
        drawing.RENDERER.shutdown()
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


__all__ = [
    "CACHE_FLOOR",
    "DEFAULT_MEMORY_BUDGET_MB",
    "MIB",
    "AppState",
    "create_app",
    "memory_budget_bytes",
    "openapi_bytes",
]


def openapi_bytes(endpoints: Sequence[Endpoint] = ENDPOINTS) -> bytes:
    """The OpenAPI document of the app (``openapi.openapi_bytes`` of its endpoints)."""
    return openapi.openapi_bytes(endpoints)


def defer_large() -> Callable[[ReleaseEntry], bool] | None:
    """Which releases load after the server starts: those whose package.zip is over
    ``ECONINDEX_DEFER_LOAD_MB`` (default 16 MB: the long-format releases at their real size;
    the first-generation packages are 2-5 MB), so that a server holding them starts as fast
    as one without (bench/README.md, issues 20-21). 0 loads everything before serving, as
    does a server whose watch loop is off (``ECONINDEX_WATCH_INTERVAL=0``: nothing would load
    them later)."""
    limit_mb = env_int("ECONINDEX_DEFER_LOAD_MB", 16, 0)
    watching = float(os.environ.get("ECONINDEX_WATCH_INTERVAL", "1") or 0) > 0
    if limit_mb == 0 or not watching:
        return None
    return lambda entry: entry.current.zip.bytes > limit_mb * 1_000_000


def create_app(
    source: DataSource | None = None, endpoints: Sequence[Endpoint] = ENDPOINTS
) -> Guard:
    """The app over ``source`` (default: the local directory ``$ECONINDEX_DATA``), serving
    ``endpoints`` (default: every declared endpoint, ``declarations.ENDPOINTS``)."""
    if os.environ.get(PUBLIC_URL_ENV, "").strip():
        try:
            checked_public_url(os.environ[PUBLIC_URL_ENV])
        except ValueError as exc:
            raise SystemExit(f"{PUBLIC_URL_ENV}: {exc}") from None
    if source is None:
        source = open_data_source(os.environ.get("ECONINDEX_DATA") or DEFAULT_DATA)
    tune_malloc()
    app_state = AppState(AnswerCache(), endpoints, openapi.openapi_bytes(endpoints))
    store = Store(
        source,
        min_interval_s=1.0,
        on_new_state=lambda state, is_latest: warm(app_state, state, is_latest),
        rehash_interval_s=float(os.environ.get("ECONINDEX_REHASH_INTERVAL", "60") or 0),
        defer=defer_large(),
    )
    app_state.store = store
    store.load()  # logs a catalog problem itself; /ready reports it
    app_state.memory_use()
    # The cyclic GC walked every cached answer's objects on its full collections: 100 ms
    # pauses, the p99 of the randomized workloads (bench/README.md). The loaded releases are
    # moved out of its sight (freeze) and collections made rare; the watch loop runs a full
    # one every FULL_GC_EVERY_S so that rare garbage cycles are still freed. The youngest
    # generation is collected every 20,000 net allocations: while the cache fills (~25
    # objects per answer) that is a few pauses of 1-4 ms each, where 100,000 gave one pause of
    # 15-30 ms (measured in-process over 60,000 distinct queries); once the cache is full,
    # answers evicted free as many objects as new ones take and it hardly runs at all.
    gc.freeze()
    gc.set_threshold(20_000, 200, 1000)
    app = Litestar(
        # No routes: ``router.Router`` answers every declared path before Litestar sees it;
        # Litestar answers the others (404), runs the lifespan and renders errors.
        route_handlers=[],
        state=State({"econindex": app_state}),
        exception_handlers={
            ApiProblem: handle_problem,
            HTTPException: handle_http_exception,
            Exception: handle_unexpected,
        },
        cors_config=CORS,
        openapi_config=None,
        lifespan=[_lifespan],
        debug=False,
    )
    return Guard(app, Router(endpoints, app_state, error_renderer(app_state), CORS))
