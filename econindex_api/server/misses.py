"""Cache misses, computed off the event loop: bounded, single flight, refused when full.

A miss (an answer not in the cache) runs in a worker thread, so the event loop keeps
answering cached requests, ``/health`` and downloads while it runs; Polars, gzip and the
CSV writer release the GIL for most of their work.

* At most ``workers`` misses compute at once (``ECONINDEX_MISS_WORKERS``, default 2: the
  machine's cores are shared with the event loop, more threads only add contention).
* Identical concurrent misses (same canonical cache key) are computed once: the first
  request starts the computation as its own task, every request with that key awaits it.
  A client that disconnects does not cancel it; the answer is still cached.
* At most ``queue`` misses may be running or waiting (``ECONINDEX_MISS_QUEUE``, default 64).
  Beyond that a request is refused at once with 503 problem+json ``overloaded`` and
  ``Retry-After: 1`` rather than queued without limit (which would only grow memory and
  latency for everyone).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from econindex_api import models
from econindex_api.server.cache import Prepared, ResponseCache
from econindex_api.server.problems import ApiProblem

DEFAULT_WORKERS = 2
DEFAULT_QUEUE = 64
RETRY_AFTER_S = 1


def _env_int(name: str, default: int, minimum: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, not {raw!r}") from None
    if value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}")
    return value


def overloaded(queue: int) -> ApiProblem:
    return ApiProblem(
        503,
        models.PROBLEM_OVERLOADED,
        f"too many uncached answers are being computed ({queue} queued); retry shortly",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


class Misses:
    """The miss queue of one process (one event loop)."""

    def __init__(self, cache: ResponseCache, workers: int | None = None, queue: int | None = None):
        self.cache = cache
        self.workers = workers or _env_int("ECONINDEX_MISS_WORKERS", DEFAULT_WORKERS, 1)
        self.queue = queue or _env_int("ECONINDEX_MISS_QUEUE", DEFAULT_QUEUE, 1)
        # A pool of its own: at most ``workers`` misses run at once, and downloads and the
        # store's checks (anyio's default pool) never wait behind them. run_in_executor is
        # also lighter per call than anyio's to_thread.
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="econindex-miss")
        self._inflight: dict[Hashable, asyncio.Task[Prepared]] = {}

    @property
    def pending(self) -> int:
        return len(self._inflight)

    async def compute(
        self,
        key: Hashable,
        ctx: Any,
        answer: Callable[[Any], Prepared],
        gzip: bool,
        cached: Prepared | None,
    ) -> Prepared:
        """The answer for ``key`` (computed unless ``cached``), with its gzip body if ``gzip``;
        kept in the cache."""
        flight = (key, gzip)
        task = self._inflight.get(flight)
        if task is None:
            if len(self._inflight) >= self.queue:
                raise overloaded(self.queue)
            task = asyncio.ensure_future(self._run(key, ctx, answer, gzip, cached))
            self._inflight[flight] = task
            task.add_done_callback(lambda t: self._done(flight, t))
        # shield: a waiter that goes away (client disconnect) does not cancel the computation
        return await asyncio.shield(task)

    def _done(self, key: Hashable, task: asyncio.Task[Prepared]) -> None:
        if self._inflight.get(key) is task:
            del self._inflight[key]
        if not task.cancelled():
            task.exception()  # retrieved: no "never retrieved" warning when nobody waited

    async def _run(
        self,
        key: Hashable,
        ctx: Any,
        answer: Callable[[Any], Prepared],
        gzip: bool,
        cached: Prepared | None,
    ) -> Prepared:
        def work() -> Prepared:
            prepared = cached if cached is not None else answer(ctx)
            return prepared.gzipped() if gzip else prepared

        prepared = await asyncio.get_running_loop().run_in_executor(self._pool, work)
        self.cache.put(key, prepared)
        return prepared
