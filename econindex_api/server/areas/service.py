"""Area: the service itself: ``/`` (links), ``/health``, ``/ready``, ``/openapi.json``,
``/docs``."""

from __future__ import annotations

from typing import Any, Literal

import anyio.to_thread
import msgspec

from econindex_api import models
from econindex_api._version import __version__
from econindex_api.pages import drawing
from econindex_api.server.toolkit.problems import ApiProblem
from econindex_api.server.toolkit.registry import (
    RELEASES,
    Call,
    Endpoint,
    PathParam,
)
from econindex_api.server.toolkit.respond import (
    CATALOG_CACHE,
    VARY,
    plain_response,
    send,
)


async def health(call: Call) -> Any:
    body = msgspec.json.encode(models.Health(version=__version__))
    return plain_response(call.method, body, headers=[("cache-control", "no-store")])


async def ready(call: Call) -> Any:
    store = call.app.store
    snapshot = await anyio.to_thread.run_sync(store.refresh)
    releases = []
    for rid, s in sorted(snapshot.releases.items()):
        pending = snapshot.pending.get(rid)
        releases.append(
            models.ReleaseStatus(
                id=s.id,
                version=s.version.version,
                available=s.available,
                detail=s.unavailable_reason,
                pending_version=pending.version if pending is not None else None,
                pending_detail=pending.reason if pending is not None else None,
                pending_attempts=pending.attempts if pending is not None else None,
            )
        )
    available = sum(1 for r in releases if r.available)
    problem = store.catalog_problem
    status: Literal["ready", "degraded", "not_ready"]
    if available and available == len(releases) and problem is None and not snapshot.pending:
        status = "ready"
    elif available:
        status = "degraded"
    else:
        status = "not_ready"
    body = msgspec.json.encode(
        models.Ready(
            status=status,
            releases=releases,
            catalog_sha256=snapshot.catalog_sha256,
            catalog_problem=problem,
            memory=call.app.memory_use(),
            renders=drawing.RENDERS,
        )
    )
    return plain_response(
        call.method,
        body,
        status=503 if status == "not_ready" else 200,
        headers=[("cache-control", "no-store")],
    )


async def openapi_document(call: Call) -> Any:
    return send(call.method, call.request.headers, call.app.openapi)


async def docs_page(call: Call) -> Any:
    return send(call.method, call.request.headers, call.app.docs.page())


async def docs_asset(call: Call) -> Any:
    asset = call.path_params["asset"]
    prepared = call.app.docs.asset(asset)
    if prepared is None:
        raise ApiProblem(404, models.PROBLEM_NOT_FOUND, f"no docs asset {asset[:60]!r}")
    return send(call.method, call.request.headers, prepared)


async def index(call: Call) -> Any:
    """``/`` for API clients (JSON links); browsers get the home page (econindex_api.pages)."""
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
    # ``/`` negotiates (the home page for browsers): caches must key on Accept.
    headers = [("vary", VARY), ("cache-control", CATALOG_CACHE)]
    return plain_response(call.method, body, headers=headers)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="health",
        path="/health",
        operation_id="health",
        summary="Liveness",
        description="200 while the process runs.",
        tag="service",
        kind="status",
        response=models.Health,
        handler=health,
    ),
    Endpoint(
        name="ready",
        path="/ready",
        operation_id="ready",
        summary="Readiness",
        description="`ready` (200) when every release in the catalog is loaded and verified; "
        "`degraded` (200) when some are unavailable; `not_ready` (503) when none is.",
        tag="service",
        kind="status",
        response=models.Ready,
        handler=ready,
        unavailable_503="No release is available.",
    ),
    Endpoint(
        name="openapi",
        path="/openapi.json",
        summary="This document",
        description="",
        tag="service",
        kind="status",
        handler=openapi_document,
        openapi=False,
    ),
    Endpoint(
        name="docs",
        path="/docs",
        summary="Docs page",
        description="",
        tag="service",
        kind="status",
        handler=docs_page,
        openapi=False,
    ),
    Endpoint(
        name="docs_asset",
        path="/docs/{asset}",
        summary="Docs assets",
        description="",
        tag="service",
        kind="status",
        handler=docs_asset,
        path_params=(PathParam("asset", "Docs asset file.", "init.js"),),
        openapi=False,
    ),
)
