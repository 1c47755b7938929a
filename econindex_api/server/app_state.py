"""What the handlers share (``AppState``): the store, the answer cache and its miss queues,
the docs, the OpenAPI document, and the list of endpoints the app serves.

Its own module, below the registry (which hands it to every handler as ``Call.app``) and
below ``app.py`` (which builds it), so that neither imports the other.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import Any

from econindex_api import models
from econindex_api.pages import drawing
from econindex_api.server.docs import DocsAssets
from econindex_api.server.store import Store
from econindex_api.server.toolkit.cache import AnswerCache, Prepared, prepare
from econindex_api.server.toolkit.misses import Misses
from econindex_api.server.toolkit.respond import JSON

MIB = 1024 * 1024
DEFAULT_MEMORY_BUDGET_MB = 192
CACHE_FLOOR = 16 * MIB


def memory_budget_bytes() -> int:
    """``ECONINDEX_MEMORY_BUDGET_MB`` (default 192): everything one process keeps."""
    raw = os.environ.get("ECONINDEX_MEMORY_BUDGET_MB", "").strip()
    try:
        value = int(raw) if raw else DEFAULT_MEMORY_BUDGET_MB
    except ValueError:
        raise SystemExit(f"ECONINDEX_MEMORY_BUDGET_MB must be an integer, not {raw!r}") from None
    if value < 32:
        raise SystemExit("ECONINDEX_MEMORY_BUDGET_MB must be at least 32")
    return value * MIB


class AppState:
    """What the handlers share: the store, the answer cache and its miss queue, the docs."""

    def __init__(
        self, cache: AnswerCache, endpoints: Sequence[Any], openapi_document: bytes
    ) -> None:
        self.cache = cache
        # Every declared endpoint (``declarations.ENDPOINTS`` unless a test gives others): the
        # routes, the warm-up, the release links and the measure-not-available problems.
        # Typed Any: they are ``registry.Endpoint``s, and the registry imports this module.
        self.endpoints: tuple[Any, ...] = tuple(endpoints)
        self.budget = memory_budget_bytes()
        self.misses = Misses(cache)
        # Pages have a pool and queue of their own: a page waiting on chart renders must not
        # hold a worker the API's misses need (econindex_api.pages.drawing).
        self.page_builds = Misses(cache, drawing.page_workers(), drawing.page_queue())
        self.docs = DocsAssets()
        body = openapi_document
        digest = hashlib.sha256(body).hexdigest()[:40]
        self.openapi: Prepared = prepare(body, JSON, digest, ()).gzipped()
        self.store: Store  # set by create_app once the releases are loaded

    def memory_use(self) -> models.MemoryUse:
        """Fit the cache into what the releases' frames leave of the budget (run after each
        refresh: a new or removed release changes it) and report the figures."""
        frames = sum(
            s.views.nbytes for s in self.store.current.releases.values() if s.views is not None
        )
        limit = max(CACHE_FLOOR, self.budget - frames)
        if limit != self.cache.max_bytes:
            self.cache.resize(limit)
        return models.MemoryUse(
            budget_bytes=self.budget,
            frames_bytes=frames,
            cache_bytes=self.cache.bytes,
            cache_limit_bytes=limit,
            cache_entries=len(self.cache),
        )
