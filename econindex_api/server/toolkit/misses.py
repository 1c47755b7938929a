"""Cache misses, computed off the event loop: bounded, single flight, refused when full.

A miss (an answer not in the cache) runs in a worker thread, so the event loop keeps
answering cached requests, ``/health`` and downloads while it runs; Polars, gzip and the
CSV writer release the GIL for most of their work.

* At most ``workers`` misses compute at once (``ECONINDEX_MISS_WORKERS``, default 2: the
  machine's cores are shared with the event loop, more threads only add contention).
* Identical concurrent misses (same canonical cache key) are computed once: the first
  request starts the computation as its own task, every request with that key awaits it.
  A client that disconnects does not cancel it; the answer is still cached.
* Misses of a kind measured to take under a millisecond (``ECONINDEX_MISS_INLINE_US``,
  default 1000 µs; 0 sends every miss to the pool) are computed on the event loop: handing a
  100 µs page to a thread costs more than the page (thread hand-off and GIL switches), and
  blocks no one longer than an ordinary request does. The kind is (endpoint, representation,
  page size, gzip); its cost estimate rises at once to any slower sample and falls slowly, so
  a kind that turns out expensive (a full CSV export, a first search for a word) goes to the
  pool from then on, and an unknown kind always starts in the pool.
* At most ``queue`` misses may be running or waiting (``ECONINDEX_MISS_QUEUE``, default 64).
  Beyond that a request is refused at once with 503 problem+json ``overloaded`` and
  ``Retry-After: 1`` rather than queued without limit (which would only grow memory and
  latency for everyone).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from econindex_api import models
from econindex_api.server.env_settings import env_int
from econindex_api.server.toolkit.cache import AnswerCache, Prepared
from econindex_api.server.toolkit.problems import ApiProblem

DEFAULT_WORKERS = 2
DEFAULT_QUEUE = 64
DEFAULT_INLINE_US = 1000
RETRY_AFTER_S = 1


def overloaded(queue: int) -> ApiProblem:
    return ApiProblem(
        503,
        models.PROBLEM_OVERLOADED,
        f"too many uncached answers are being computed ({queue} queued); retry shortly",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


class Misses:
    """The miss queue of one process (one event loop)."""

    def __init__(self, cache: AnswerCache, workers: int | None = None, queue: int | None = None):
        self.cache = cache
        self.workers = workers or env_int("ECONINDEX_MISS_WORKERS", DEFAULT_WORKERS, 1)
        self.queue = queue or env_int("ECONINDEX_MISS_QUEUE", DEFAULT_QUEUE, 1)
        # A pool of its own: at most ``workers`` misses run at once, and downloads and the
        # store's checks (anyio's default pool) never wait behind them. run_in_executor is
        # also lighter per call than anyio's to_thread.
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="econindex-miss")
        self._inflight: dict[Hashable, asyncio.Future[Prepared]] = {}
        self._cost: dict[Hashable, float] = {}
        self.inline_below_s = env_int("ECONINDEX_MISS_INLINE_US", DEFAULT_INLINE_US, 0) / 1e6

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
        kind: Hashable = None,
        key_bytes: int | None = None,
    ) -> Prepared:
        """The answer for ``key`` (computed unless ``cached``), with its gzip body if ``gzip``;
        kept in the cache. ``kind`` groups answers of similar cost (see the module docstring)."""
        flight = (key, gzip)
        future = self._inflight.get(flight)
        if future is None:
            work = self._work(ctx, answer, gzip, cached, (kind, gzip))
            estimate = self._cost.get((kind, gzip)) if kind is not None else None
            if estimate is not None and estimate < self.inline_below_s:
                prepared = work()  # known to take well under a millisecond
                self.cache.put(key, prepared, key_bytes)
                return prepared
            if len(self._inflight) >= self.queue:
                raise overloaded(self.queue)
            future = asyncio.get_running_loop().run_in_executor(self._pool, work)
            self._inflight[flight] = future
            future.add_done_callback(lambda f: self._done(key, flight, f, key_bytes))
        # shield: a waiter that goes away (client disconnect) does not cancel the computation
        return await asyncio.shield(future)

    def _work(
        self,
        ctx: Any,
        answer: Callable[[Any], Prepared],
        gzip: bool,
        cached: Prepared | None,
        kind: Hashable,
    ) -> Callable[[], Prepared]:
        def work() -> Prepared:
            # CPU time of this thread, not wall time: on a busy machine a 100 µs answer can
            # take milliseconds of wall time while preempted, which says nothing about it.
            started = time.thread_time()
            prepared = cached if cached is not None else answer(ctx)
            if gzip:
                prepared = prepared.gzipped()
            self._learn(kind, time.thread_time() - started)
            return prepared

        return work

    def _learn(self, kind: Hashable, seconds: float) -> None:
        """Cost estimate per kind: up at once to a slower sample, down slowly."""
        old = self._cost.get(kind)
        self._cost[kind] = seconds if old is None or seconds > old else 0.9 * old + 0.1 * seconds

    def _done(
        self,
        key: Hashable,
        flight: Hashable,
        future: asyncio.Future[Prepared],
        key_bytes: int | None,
    ) -> None:
        if self._inflight.get(flight) is future:
            del self._inflight[flight]
        if future.cancelled():
            return
        if future.exception() is None:  # (retrieved: no "never retrieved" warning)
            self.cache.put(key, future.result(), key_bytes)
