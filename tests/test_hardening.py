"""Issue 8 against real servers: memory budget (§1), no stalls (§3), edge cases (§7), server
limits (§8). Canonical keys and the registry (§2, §9) are in test_registry.py; degrading and
integrity (§5, §6) in test_degrade.py. No timed assertions: only what is answered.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from econindex_api import models
from econindex_api.server.toolkit.cache import AnswerCache, prepare
from econindex_api.server.toolkit.misses import Misses
from econindex_api.server.toolkit.problems import ApiProblem
from econindex_api.server.toolkit.respond import JSON, accepts_gzip, prefers_csv
from tests.conftest import LiveServer, start_server, stop_server

USAGE = "2025-02-10"
TASKS = f"/v1/releases/{USAGE}/tasks"


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=30) as c:
        yield c


def problem(response: httpx.Response, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["type"] == models.PROBLEM_BASE + kind
    assert body["status"] == status
    return body


# --- §7 edge cases ---


def test_resource_name_with_a_trailing_newline_is_404(client: httpx.Client) -> None:
    for name in ("tasks.csv%0a", "tasks.csv%0A", "tasks.parquet%0d%0a", "tasks.csv%00"):
        problem(client.get(f"/v1/releases/{USAGE}/resources/{name}"), 404, "unknown-resource")


@pytest.mark.parametrize(
    ("accept_encoding", "gzipped"),
    [
        ("gzip;q=0", False),
        ("gzip; q=0.0", False),
        ("GZIP", True),
        ("gzip;q=0.5", True),
        ("*", True),
        ("*;q=0", False),
        ("gzip;q=0, *", False),  # the explicit entry wins over *
        ("br, deflate", False),
        ("identity", False),
    ],
)
def test_accept_encoding_q_values(
    client: httpx.Client, accept_encoding: str, gzipped: bool
) -> None:
    response = client.get(TASKS, headers={"accept-encoding": accept_encoding})
    assert response.status_code == 200
    assert (response.headers.get("content-encoding") == "gzip") is gzipped
    assert response.json()["total"] > 1000  # httpx decodes either way
    assert accepts_gzip(accept_encoding) is gzipped  # the same rule, unit-level


@pytest.mark.parametrize(
    "accept", ["TEXT/CSV", "Text/Csv", "text/CSV;q=0.9, application/json;q=0.5", "TEXT/csv; Q=1"]
)
def test_accept_media_types_are_case_insensitive(client: httpx.Client, accept: str) -> None:
    response = client.get(f"/v1/releases/{USAGE}/categories", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert prefers_csv(accept)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("min_share_pct=1_0", "min_share_pct"),
        ("min_share_pct=%EF%BC%91", "min_share_pct"),  # fullwidth 1
        ("min_share_pct=%D9%A1", "min_share_pct"),  # Arabic-Indic 1
        ("min_share_pct=0x1", "min_share_pct"),
        ("min_share_pct=inf", "min_share_pct"),
        ("min_share_pct=1e", "min_share_pct"),
        ("min_share_pct=1.5.", "min_share_pct"),
        ("limit=1_0", "limit"),
        ("limit=%EF%BC%91%EF%BC%90", "limit"),
    ],
)
def test_numbers_accept_only_ascii_digit_forms(
    client: httpx.Client, query: str, parameter: str
) -> None:
    body = problem(client.get(f"{TASKS}?{query}"), 400, "invalid-parameter")
    assert body["parameter"] == parameter


@pytest.mark.parametrize("value", ["1", "1.0", "%2B1", "1e0", "1E%2B0", ".5", "5.", "0.000001"])
def test_numbers_in_every_json_decimal_form_are_accepted(client: httpx.Client, value: str) -> None:
    assert client.get(f"{TASKS}?min_share_pct={value}&limit=1").status_code == 200


@pytest.mark.parametrize("method", ["DELETE", "PUT", "POST", "PATCH", "delete"])
def test_cors_preflight_for_a_method_we_do_not_serve_is_a_problem(
    client: httpx.Client, method: str
) -> None:
    response = client.options(
        TASKS,
        headers={"origin": "https://x.example", "access-control-request-method": method},
    )
    body = problem(response, 405, "method-not-allowed")
    assert body["allowed"] == ["GET", "HEAD", "OPTIONS"]
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"


def test_cors_preflight_for_other_headers_is_a_problem(client: httpx.Client) -> None:
    response = client.options(
        TASKS,
        headers={
            "origin": "https://x.example",
            "access-control-request-method": "GET",
            "access-control-request-headers": "Range, X-Secret",
        },
    )
    body = problem(response, 400, "cors-rejected")
    assert "x-secret" in body["detail"]


def test_cors_preflight_for_get_still_succeeds(client: httpx.Client) -> None:
    response = client.options(
        TASKS,
        headers={
            "origin": "https://x.example",
            "access-control-request-method": "GET",
            "access-control-request-headers": "Range, If-None-Match",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"


# --- §8 limits set below the server's own ---


def test_long_paths_and_unknown_paths_get_414_before_routing(client: httpx.Client) -> None:
    problem(client.get("/no/such/path?" + "x=1&" * 1100), 414, "uri-too-long")
    problem(client.get("/" + "a" * 9000), 414, "uri-too-long")


# --- §3 no stalls: misses off the loop, single flight, bounded queue ---


def test_identical_concurrent_misses_are_computed_once() -> None:
    calls = []
    release = threading.Event()

    def answer(ctx: object) -> Any:
        calls.append(ctx)
        release.wait(timeout=10)
        return prepare(b"x" * 2000, JSON, "e", ())

    async def scenario() -> list[Any]:
        misses = Misses(AnswerCache(), workers=2, queue=4)
        waiters = [
            asyncio.ensure_future(misses.compute("k", "ctx", answer, False, None))
            for _ in range(10)
        ]
        await asyncio.sleep(0.2)
        assert misses.pending == 1  # one flight for ten requests
        release.set()
        return list(await asyncio.gather(*waiters))

    results = asyncio.run(scenario())
    assert len(calls) == 1
    assert all(r is results[0] for r in results)


def test_a_full_miss_queue_answers_503_with_retry_after() -> None:
    release = threading.Event()

    def slow(ctx: object) -> Any:
        release.wait(timeout=10)
        return prepare(b"{}", JSON, "e", ())

    async def scenario() -> None:
        misses = Misses(AnswerCache(), workers=1, queue=2)
        first = [asyncio.ensure_future(misses.compute(k, None, slow, False, None)) for k in "ab"]
        await asyncio.sleep(0.1)
        with pytest.raises(ApiProblem) as info:
            await misses.compute("c", None, slow, False, None)
        assert info.value.status == 503
        assert info.value.type == models.PROBLEM_OVERLOADED
        assert info.value.headers["Retry-After"] == "1"
        release.set()
        await asyncio.gather(*first)
        # the queue drains: the next miss is accepted again
        assert (await misses.compute("c", None, slow, False, None)).body == b"{}"

    asyncio.run(scenario())


@pytest.fixture(scope="module")
def small_server(published_root: Path) -> Iterator[LiveServer]:
    """A server with one miss worker, a queue of 2 and the smallest memory budget."""
    server = start_server(
        published_root,
        {
            "ECONINDEX_MISS_WORKERS": "1",
            "ECONINDEX_MISS_QUEUE": "2",
            "ECONINDEX_MEMORY_BUDGET_MB": "32",
        },
    )
    yield server
    stop_server(server)


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_flood_of_distinct_exports_is_refused_not_queued(small_server: LiveServer) -> None:
    """40 distinct full CSV exports at once against a queue of 2: some are refused with 503
    overloaded + Retry-After, the rest are answered, and /health answers throughout."""

    async def scenario() -> tuple[list[httpx.Response], list[int]]:
        limits = httpx.Limits(max_connections=60)
        async with httpx.AsyncClient(
            base_url=small_server.base_url, timeout=60, limits=limits
        ) as client:
            exports = [
                asyncio.ensure_future(
                    client.get(f"{TASKS}?format=csv&min_share_pct=0.{i:06d}", params=None)
                )
                for i in range(1, 41)
            ]
            health = []
            while not all(e.done() for e in exports):
                health.append((await client.get("/health")).status_code)
            return list(await asyncio.gather(*exports)), health

    responses, health = asyncio.run(scenario())
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {200, 503}, statuses
    refused = [r for r in responses if r.status_code == 503]
    assert refused, "a queue of 2 took 40 simultaneous misses"
    for response in refused:
        body = problem(response, 503, "overloaded")
        assert response.headers["retry-after"] == "1"
        assert "retry" in body["detail"]
    assert any(r.status_code == 200 for r in responses)
    assert health and set(health) == {200}


def test_memory_budget_bounds_the_cache(small_server: LiveServer) -> None:
    """Distinct full exports (about 2.5 MB each) far beyond the budget: the cache stays
    within what the budget leaves, /ready reports it, and the process stays small."""
    with httpx.Client(base_url=small_server.base_url, timeout=60) as client:
        for i in range(60):
            response = client.get(
                f"{TASKS}?format=csv&min_share_pct=0.0000{i:02d}1",
                headers={"accept-encoding": "gzip"},
            )
            assert response.status_code in (200, 503)
        ready = client.get("/ready").json()
    memory = ready["memory"]
    assert memory["budget_bytes"] == 32 * 1024 * 1024
    assert memory["frames_bytes"] > 1_000_000
    assert memory["cache_limit_bytes"] == max(
        16 * 1024 * 1024, memory["budget_bytes"] - memory["frames_bytes"]
    )
    assert 0 < memory["cache_bytes"] <= memory["cache_limit_bytes"]
    assert _rss_mib(small_server.process.pid) < 512


def test_ready_reports_the_default_budget(client: httpx.Client) -> None:
    memory = client.get("/ready").json()["memory"]
    assert memory["budget_bytes"] == 192 * 1024 * 1024
    assert memory["cache_bytes"] <= memory["cache_limit_bytes"]
    assert memory["cache_entries"] > 0  # the warm-up answers


def test_cheap_kinds_run_inline_and_expensive_ones_in_the_pool() -> None:
    threads: list[str] = []

    def cheap(ctx: object) -> Any:
        threads.append(threading.current_thread().name)
        return prepare(b"{}", JSON, "e", ())

    def slow(ctx: object) -> Any:
        threads.append(threading.current_thread().name)
        started = time.thread_time()
        while time.thread_time() - started < 0.005:  # 5 ms of CPU: over the 1 ms bound
            pass
        return prepare(b"{}", JSON, "e", ())

    async def scenario() -> None:
        misses = Misses(AnswerCache(), workers=1, queue=4)
        for i in range(3):
            await misses.compute(f"cheap{i}", None, cheap, False, None, kind="page")
        for i in range(3):
            await misses.compute(f"slow{i}", None, slow, False, None, kind="export")

    asyncio.run(scenario())
    pool = [name.startswith("econindex-miss") for name in threads]
    # an unknown kind starts in the pool; a cheap one then runs on the loop; a slow one stays
    assert pool == [True, False, False, True, True, True]
