"""In-process cost of one request through the ASGI app, without a server or a network.

    ECONINDEX_DATA=DIR .venv/bin/python bench/asgi_cost.py            # µs per request
    ECONINDEX_DATA=DIR .venv/bin/python bench/asgi_cost.py --profile  # plus cProfile's top

Calls the app's ASGI callable directly with a minimal GET scope (the headers wrk sends) in a
loop, for our hot endpoints and Litestar's hello-world. The numbers are CPU-bound and barely
affected by other load on the machine, so they show what the framework and our handlers cost
per request, apart from the ASGI server: the part of the hello-world ratio that is ours to fix.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from hello_app import app as hello_app
from workloads import OCCUPATIONS_PATH, TASKS_PATH, occupation_queries, task_queries

from econindex_api.server.app import create_app

Message = MutableMapping[str, Any]
ASGIApp = Callable[..., Awaitable[None]]  # Litestar's own signature is narrower

HOT = {
    "occupations": (
        "/v1/releases/2025-02-10/occupations",
        b"major_group=15&sort=-share_pct&limit=50",
    ),
    "task_search": ("/v1/releases/2025-02-10/tasks", b"q=software&sort=-share_pct&limit=50"),
    "categories": ("/v1/releases/2025-02-10/categories", b""),
}


def scope_for(app: Any, path: str, query_string: bytes) -> Message:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query_string,
        "headers": [(b"host", b"127.0.0.1:8000")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
        "app": app,
    }


async def _receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def call_many(app: ASGIApp, path: str, query_string: bytes, n: int) -> float:
    """CPU seconds per request over n requests (after the first, which may fill caches)."""
    status: list[int] = []

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope_for(app, path, query_string), _receive, send)
    if status[-1] != 200:
        raise SystemExit(f"{path}?{query_string.decode()} answered {status[-1]}")
    # CPU time of this process, not wall time: other load on the machine barely changes it.
    started = time.process_time()
    for _ in range(n):
        await app(scope_for(app, path, query_string), _receive, send)
    return (time.process_time() - started) / n


async def call_distinct(app: ASGIApp, path: str, query_strings: list[bytes]) -> float:
    """CPU seconds per request over distinct queries (each one a cache miss)."""
    status: list[int] = []

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    started = time.process_time()
    for query_string in query_strings:
        await app(scope_for(app, path, query_string), _receive, send)
    elapsed = time.process_time() - started
    if set(status) != {200}:
        raise SystemExit(f"{path}: statuses {sorted(set(status))}")
    return elapsed / len(query_strings)


async def lifespan_startup(app: ASGIApp) -> asyncio.Task[None]:
    """Run the lifespan startup so the app is in the state a server would leave it in."""
    messages = [{"type": "lifespan.startup"}]

    async def receive() -> Message:
        if messages:
            return messages.pop()
        await asyncio.sleep(3600)
        return {"type": "lifespan.shutdown"}

    started = asyncio.Event()

    async def send(message: Message) -> None:
        if message["type"] == "lifespan.startup.complete":
            started.set()

    async def serve_lifespan() -> None:
        await app({"type": "lifespan"}, receive, send)

    task = asyncio.get_running_loop().create_task(serve_lifespan())
    await started.wait()
    return task


async def main_async(n: int, profile: bool) -> None:
    ours: Any = create_app()
    lifespan = await lifespan_startup(ours)  # kept referenced while the app is used
    hello = await call_many(hello_app, "/", b"", n)
    print(f"{'hello-world':14} {hello * 1e6:7.1f} µs/request")
    for name, (path, query_string) in HOT.items():
        cost = await call_many(ours, path, query_string, n)
        print(f"{name:14} {cost * 1e6:7.1f} µs/request  ({hello / cost:.0%} of hello-world)")
    # The randomized workloads of issue 8 (workloads.py): distinct queries, i.e. misses, on
    # the path a server takes (Guard, then router.Router; Litestar is not on it).
    distinct = {
        "tasks, random": (TASKS_PATH, task_queries),
        "occupations, random": (OCCUPATIONS_PATH, occupation_queries),
    }
    for seed, (name, (path, make)) in enumerate(distinct.items(), start=1):
        queries = [q.encode() for q in make(n, seed)]
        cost = await call_distinct(ours, path, queries)
        print(f"{name:20} {cost * 1e6:7.1f} µs/request (distinct queries, uncached)")
    if profile:
        queries = [q.encode() for q in task_queries(n, 99)]
        profiler = cProfile.Profile()
        profiler.enable()
        await call_distinct(ours, TASKS_PATH, queries)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    lifespan.cancel()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20000, help="requests per endpoint")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    asyncio.run(main_async(args.n, args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
