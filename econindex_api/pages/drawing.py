"""Drawing charts without stopping the server: a render process, a memo, cancellable builds.

vl-convert holds the GIL for the whole of a render (about 100 ms a chart here, measured with
a 1 ms ticker thread that stalled for 100 ms per render). Drawn in a thread of the server,
every render stopped the event loop: one client asking a page under ever new ``Host``
headers took ``/health`` from 2 ms to 316 ms (issue 18, N2). So:

* **A render process.** SVGs are drawn in a child process pool (``ECONINDEX_RENDER_WORKERS``,
  default 1; ``spawn``ed on first need, so the server's threads and memory are not copied).
  The thread that builds the page waits for it without the GIL. A pool that breaks (its
  child killed) is replaced on the next render.
* **Drawn once.** Each SVG is kept by the sha256 of its Vega-Lite spec: the spec holds the
  chart's numbers, and the charts of a dated release never change, so the same chart on the
  ``latest`` and the dated page, in the other form, or after its page left the answer cache,
  is not drawn again. At most ``MEMO_BYTES`` (16 MiB) of SVG are kept, oldest dropped.
* **Bounded.** Page builds have a pool and queue of their own (``page_builds``:
  ``ECONINDEX_PAGE_WORKERS``, default 2; ``ECONINDEX_PAGE_QUEUE``, default 16; beyond it 503
  ``overloaded`` with ``Retry-After``), so pages waiting on renders never hold the API's miss
  workers; at most ``ECONINDEX_PAGE_WORKERS`` renders are waiting or running at once.
* **Cancelled when abandoned.** A build all of whose requesters have gone (disconnected) is
  cancelled (``Flights``): a render of it not yet started is dropped, and it stops before
  its next chart. A build that completes is cached (the page key holds no client input
  beyond the canonical query: ``routes.serve_page``).
* ``RENDERS`` counts the SVGs drawn by this process (``/ready`` shows it as ``renders``).
"""

from __future__ import annotations

import collections
import hashlib
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from econindex_api.server.env_settings import env_int

DEFAULT_RENDER_WORKERS = 1
DEFAULT_PAGE_WORKERS = 2
DEFAULT_PAGE_QUEUE = 16
MEMO_BYTES = 16 * 1024 * 1024
POLL_S = 0.05  # how often a waiting build looks whether it was cancelled
RENDER_TIMEOUT_S = 120.0  # a render that takes longer is abandoned (the page is a 503)

PARENT_CHECK_S = 1.0  # how often the render process looks whether its server is still there

RENDERS = 0  # SVGs drawn by this process's render pool (read by /ready)


class Cancelled(Exception):
    """The build was abandoned by all its requesters."""


def exit_with_parent(parent_pid: int) -> None:
    """Runs first in the render process: a thread that ends it when the server process that
    started it is gone. A server killed (SIGKILL, a crash) or stopped without running its
    shutdown left the render process behind, holding ~150 MiB, orphaned under PID 1."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def render_in_child(spec_json: str) -> str:
    """Runs in the render process: one Vega-Lite spec to SVG, no data from anywhere."""
    import vl_convert

    return str(vl_convert.vegalite_to_svg(spec_json, allowed_base_urls=[]))


def png_in_child(svg: str) -> bytes:
    """Runs in the render process: an SVG drawn here to PNG at twice its size (print and
    high-density screens), fonts as in the SVG."""
    import vl_convert

    return bytes(vl_convert.svg_to_png(svg, scale=2.0))


def page_workers() -> int:
    return env_int("ECONINDEX_PAGE_WORKERS", DEFAULT_PAGE_WORKERS, 1)


def page_queue() -> int:
    return env_int("ECONINDEX_PAGE_QUEUE", DEFAULT_PAGE_QUEUE, 1)


class _Renderer:
    """The render pool and the SVG memo of this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._memo: collections.OrderedDict[str, str] = collections.OrderedDict()
        self._memo_bytes = 0

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                workers = env_int("ECONINDEX_RENDER_WORKERS", DEFAULT_RENDER_WORKERS, 1)
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(
                    workers,
                    mp_context=context,
                    initializer=exit_with_parent,
                    initargs=(os.getpid(),),
                )
            return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def svg(self, spec: dict[str, Any]) -> str:
        """The SVG of ``spec``: from the memo, else drawn in the render process (blocking the
        calling thread, not the GIL)."""
        spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256(spec_json.encode()).hexdigest()
        with self._lock:
            found = self._memo.get(digest)
            if found is not None:
                self._memo.move_to_end(digest)
                return found
        svg = self._draw(spec_json)
        with self._lock:
            if digest not in self._memo:
                self._memo[digest] = svg
                self._memo_bytes += len(svg)
                while self._memo_bytes > MEMO_BYTES and len(self._memo) > 1:
                    _, old = self._memo.popitem(last=False)
                    self._memo_bytes -= len(old)
        return svg

    def png(self, svg: str) -> bytes:
        """The PNG of an SVG this process drew (a chart download), in the render process; not
        memoized (the answer cache keeps the image answer)."""
        png: bytes = self._in_child(png_in_child, svg)
        return png

    def _draw(self, spec_json: str) -> str:
        svg: str = self._in_child(render_in_child, spec_json)
        return svg

    def _in_child(self, work: Callable[[str], Any], argument: str) -> Any:
        global RENDERS
        for attempt in (1, 2):
            _check_cancelled()
            pool = self._executor()
            try:
                future = pool.submit(work, argument)
                done = _wait(future)
            except BrokenProcessPool:
                self._discard(pool)  # its child died (killed, out of memory): a new one
                if attempt == 2:
                    raise
                continue
            RENDERS += 1
            return done
        raise AssertionError("unreachable")


def _wait(future: Future[Any]) -> Any:
    waited = 0.0
    while True:
        try:
            return future.result(timeout=POLL_S)
        except FutureTimeout:
            waited += POLL_S
            cancelled = _cancel_event()
            if (cancelled is not None and cancelled.is_set()) or waited > RENDER_TIMEOUT_S:
                future.cancel()  # dropped if not started; a started render finishes unused
                if waited > RENDER_TIMEOUT_S:
                    raise TimeoutError("chart render took too long") from None
                raise Cancelled from None


RENDERER = _Renderer()


# --- cancellation of abandoned builds ---

_local = threading.local()


def _cancel_event() -> threading.Event | None:
    event: threading.Event | None = getattr(_local, "cancelled", None)
    return event


def _check_cancelled() -> None:
    event = _cancel_event()
    if event is not None and event.is_set():
        raise Cancelled


@contextmanager
def cancellable(event: threading.Event) -> Iterator[None]:
    """Within this block (in a build's thread), renders stop once ``event`` is set."""
    _local.cancelled = event
    try:
        yield
    finally:
        _local.cancelled = None


class Flights:
    """Requesters per page build in flight: when the last one leaves before the build is
    done, its event is set and the build stops (``cancellable``)."""

    def __init__(self) -> None:
        self._flights: dict[Any, list[Any]] = {}  # key -> [event, requesters]

    def join(self, key: Any) -> threading.Event:
        flight = self._flights.get(key)
        if flight is None or flight[0].is_set():
            flight = self._flights[key] = [threading.Event(), 0]
        flight[1] += 1
        event: threading.Event = flight[0]
        return event

    def leave(self, key: Any, event: threading.Event, abandoned: bool) -> None:
        flight = self._flights.get(key)
        if flight is None or flight[0] is not event:
            return
        flight[1] -= 1
        if flight[1] <= 0:
            del self._flights[key]
            if abandoned:
                event.set()
