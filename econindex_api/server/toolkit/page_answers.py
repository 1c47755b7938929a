"""What the toolkit gives an area whose answers are built from other answers: the pages.

A page is drawn from the API's own answers and served with the API's rules. Both halves are
the toolkit's, not the page's:

* **Reading answers** (``Answers``): a declared endpoint run exactly as a request to its /v1
  URL would be, through the same answer cache (so a page and the API can never disagree), its
  JSON decoded into the wire model. Endpoints are named by their declared ``name`` (the
  OpenAPI ``operationId``); an unknown name is a programming error and says so.
* **Serving** (``PageScope``): which packages an answer depends on (the release of
  ``{release}``, the two of ``{from}``/``{to}``, else the catalog generation), its provenance
  and ``Cache-Control`` headers (immutable for a dated release id, a minute for ``latest`` and
  for pages over the catalog), its cache key and its ETag. The key holds the page's name, that
  identity, the path parameters, the canonical query, the representation and the public base
  URL (configuration, never ``Host``): nothing else a client sends makes a new key, so no
  client can force fresh builds (issue 18, N2). The ETag also holds this package's version
  (the templates are part of a page).

How a page is built (templates, charts, the render process) stays with the pages.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec

from econindex_api import models
from econindex_api._version import __version__
from econindex_api.server.store import ReleaseState, Snapshot
from econindex_api.server.toolkit.public_url import public_base_url
from econindex_api.server.toolkit.registry import Call, Endpoint, generation
from econindex_api.server.toolkit.respond import CATALOG_CACHE, VARY, Context, resolve

T = TypeVar("T")


class Answers:
    """The API's answers as the wire models, through the app's answer cache."""

    def __init__(self, app: Any, snapshot: Snapshot) -> None:
        self.app = app
        self.snapshot = snapshot

    def get(self, name: str, path_params: dict[str, str], query: str, type_: type[T]) -> T:
        """The answer of endpoint ``name`` to ``query`` (an encoded query string), decoded as
        ``type_``; a problem (a bad parameter, an unknown release) is raised as the API would
        answer it."""
        endpoints: tuple[Endpoint, ...] = self.app.endpoints
        endpoint = next((e for e in endpoints if e.name == name), None)
        if endpoint is None:
            raise LookupError(f"no endpoint is declared with the name {name!r}")
        ctx, key = endpoint.prepare_context(
            self.snapshot, path_params, query.encode(), None, endpoints
        )
        prepared = self.app.cache.get(key)
        if prepared is None:
            prepared = ctx.variant.answer(ctx)
            self.app.cache.put(key, prepared)
        return msgspec.json.decode(prepared.body, type=type_)


@dataclass(frozen=True)
class PageScope:
    """What one request for a page depends on, resolved once."""

    snapshot: Snapshot
    requested: str  # the ``{release}`` path parameter as given ("" for none)
    state: ReleaseState | None  # its release, resolved (``latest`` included)
    pair: tuple[str, ...]  # ``{from}``, ``{to}`` of a change page, as given
    identity: Any  # the package sha256 (or the two), else the catalog generation
    base_url: str  # the public base URL: --public-url / $ECONINDEX_PUBLIC_URL, else listening
    path_params: tuple[tuple[str, str], ...]

    def cache_key(self, name: str, canonical_query: Any, html: bool) -> tuple[Any, ...]:
        """The answer cache's key of this page in one representation."""
        return ("page", name, self.identity, self.path_params, canonical_query, html, self.base_url)

    def headers(self) -> list[tuple[str, str]]:
        """Provenance (a release page names its package) and caching headers."""
        headers: list[tuple[str, str]] = [("vary", VARY)]
        if self.state is not None:
            return [
                (models.HEADER_RELEASE, self.state.id),
                (models.HEADER_PACKAGE_VERSION, self.state.version.version),
                (models.HEADER_PACKAGE_SHA256, self.state.version.package_sha256),
                ("cache-control", Context.cache_control_for(self.requested)),
                *headers,
            ]
        if self.pair:
            dated = "latest" not in self.pair
            headers.append(("cache-control", Context.cache_control_for("" if dated else "latest")))
        else:
            headers.append(("cache-control", CATALOG_CACHE))
        return headers


def page_scope(call: Call) -> PageScope:
    """The scope of ``call``: an unknown or unavailable release is the API's problem (404,
    503), raised here before anything is built."""
    snapshot = call.app.store.current
    requested = call.path_params.get("release", "")
    state = resolve(snapshot, requested) if requested else None
    identity: Any = state.version.package_sha256 if state is not None else generation(snapshot)
    pair = tuple(call.path_params[n] for n in ("from", "to") if n in call.path_params)
    if pair:  # a change page depends on its two packages only
        identity = tuple(resolve(snapshot, r).version.package_sha256 for r in pair)
    return PageScope(
        snapshot=snapshot,
        requested=requested,
        state=state,
        pair=pair,
        identity=identity,
        # The absolute URLs (JSON-LD, citations) follow the API's rule, so that a release
        # page's Dataset block equals the served Croissant.
        base_url=public_base_url(call),
        path_params=tuple(sorted(call.path_params.items())),
    )


def etag_of(*parts: Any) -> str:
    """A strong ETag of an answer identified by ``parts`` (a cache key), for this version of
    the package."""
    return hashlib.sha256(repr((__version__, *parts)).encode()).hexdigest()[:40]
