"""One door (issue 19): every declared path is routed and answered by ``router.Router``, once.

The router answers every request to a declared path itself; Litestar (behind it) sees only
undeclared paths. What it must do as Litestar's router did: normalise the path (slashes),
prefer a literal segment to a parameter, answer OPTIONS and CORS, refuse other methods with a
405 problem; and an exception while answering must become exactly one problem+json answer
(the old fast path answered such a request a second time through Litestar).
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from litestar.testing import TestClient

from econindex_api import models
from econindex_api.server.app import CORS, create_app
from econindex_api.server.data_source import open_data_source
from econindex_api.server.declarations import all_endpoints
from econindex_api.server.toolkit.cache import KEY_OVERHEAD, Alias
from econindex_api.server.toolkit.guard import Guard
from econindex_api.server.toolkit.params import MAX_QUERY_FIELDS, query_pairs
from econindex_api.server.toolkit.problems import ApiProblem
from econindex_api.server.toolkit.registry import Call, Endpoint, Variant
from econindex_api.server.toolkit.respond import Context
from econindex_api.server.toolkit.router import Router

USAGE = "2025-02-10"
TASKS = f"/v1/releases/{USAGE}/tasks"
OCCUPATIONS = f"/v1/releases/{USAGE}/occupations"

# Answers that fail, counted: each must be asked once per request and answered once.
CALLS = {"boom": 0, "problem": 0, "late": 0}


def _boom(ctx: Context) -> Any:
    CALLS["boom"] += 1
    raise RuntimeError("a bug in an answer")


def _problem(ctx: Context) -> Any:
    CALLS["problem"] += 1
    raise ApiProblem(409, models.PROBLEM_INVALID_PARAMETER, "refused on purpose")


class _FailsAfterStart:
    """A streaming response that fails after its first message (a download whose bytes
    changed while it was sent)."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"part", "more_body": True})
        raise RuntimeError("the file changed while it was sent")


async def _late(call: Call) -> Any:
    CALLS["late"] += 1
    return _FailsAfterStart()


TEST_ENDPOINTS = (
    Endpoint(
        name="test_boom",
        path="/v1/test/boom",
        summary="",
        description="",
        tag="service",
        kind="object",
        variants=(Variant((), _boom),),
        openapi=False,
    ),
    Endpoint(
        name="test_problem",
        path="/v1/test/problem",
        summary="",
        description="",
        tag="service",
        kind="object",
        variants=(Variant((), _problem),),
        openapi=False,
    ),
    Endpoint(
        name="test_late",
        path="/v1/test/late",
        summary="",
        description="",
        tag="service",
        kind="download",
        handler=_late,
        openapi=False,
    ),
)


@pytest.fixture(scope="module")
def app(published_root: Path) -> Iterator[Guard]:
    os.environ["ECONINDEX_WATCH_INTERVAL"] = "0"
    try:
        guard = create_app(
            open_data_source(str(published_root)), (*all_endpoints(), *TEST_ENDPOINTS)
        )
    finally:
        del os.environ["ECONINDEX_WATCH_INTERVAL"]
    assert isinstance(guard.routes, Router)
    yield guard


def _problem_body(response: Any, status: int, type_: str) -> dict[str, Any]:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = json.loads(response.content)
    assert body["type"] == type_ and body["status"] == status
    return body


# --- an exception while answering: one problem answer, never a second answer ---


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_bug_in_an_answer_is_one_500_problem(app: Guard, method: str) -> None:
    before = CALLS["boom"]
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.request(method, "/v1/test/boom")
    assert CALLS["boom"] == before + 1  # asked once: no second answer through another router
    assert response.status_code == 500
    assert response.headers["cache-control"] == "no-store"
    if method == "GET":
        body = _problem_body(response, 500, models.PROBLEM_INTERNAL)
        assert "a bug" not in response.text  # no detail given out
        assert body["instance"] == "/v1/test/boom"


def test_a_problem_raised_by_an_answer_keeps_its_status(app: Guard) -> None:
    before = CALLS["problem"]
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/v1/test/problem", headers={"origin": "https://x.example"})
    assert CALLS["problem"] == before + 1
    body = _problem_body(response, 409, models.PROBLEM_INVALID_PARAMETER)
    assert body["detail"] == "refused on purpose"
    assert response.headers["access-control-allow-origin"] == "*"  # CORS on errors too


def test_an_exception_after_the_response_started_sends_no_second_answer(app: Guard) -> None:
    """At the ASGI level: one ``http.response.start``, then the exception goes to the server
    (which drops the connection), as Litestar's exception middleware did."""
    messages: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/v1/test/late",
        "raw_path": b"/v1/test/late",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        messages.append(dict(message))

    with pytest.raises(RuntimeError, match="changed while it was sent"):
        asyncio.run(app(scope, receive, send))
    starts = [m for m in messages if m["type"] == "http.response.start"]
    assert len(starts) == 1 and starts[0]["status"] == 200
    assert [m.get("body") for m in messages if m["type"] == "http.response.body"] == [b"part"]


# --- routing as Litestar routed ---


def test_path_matching() -> None:
    routes = Router(all_endpoints(), None, None, CORS)  # type: ignore[arg-type]
    found = routes.match(TASKS)
    assert found is not None
    endpoint, params, path = found
    assert endpoint.path == "/v1/releases/{release}/tasks"
    assert params == {"release": USAGE} and path == TASKS
    # slashes at the ends and repeated ones are dropped (Litestar's normalize_path)
    for spelling in (TASKS + "/", "/v1//releases/" + USAGE + "//tasks", "//" + TASKS[1:]):
        again = routes.match(spelling)
        assert again is not None and again[0] is endpoint and again[2] == TASKS
    # a literal segment wins over a parameter
    soc = routes.match(f"/v1/releases/{USAGE}/occupations/soc2018")
    assert soc is not None and soc[0].name == "occupations_soc2018"
    code = routes.match(f"/v1/releases/{USAGE}/occupations/15-1132.00")
    assert code is not None and code[0].name == "occupation"
    assert code[1] == {"release": USAGE, "code": "15-1132.00"}
    # every kind of endpoint: handlers (status, downloads, pages) too
    health = routes.match("/health")
    assert health is not None and health[0].name == "health"
    index = routes.match("/")
    assert index is not None and index[0].name == "index"
    assert routes.match("/nowhere") is None
    assert routes.match(TASKS + "/extra/segments") is None
    assert routes.match("/V1/releases") is None  # case matters


def test_the_same_route_declared_twice_is_refused() -> None:
    endpoint = all_endpoints()[0]
    with pytest.raises(ValueError, match="same route"):
        Router([endpoint, endpoint], None, None, CORS)  # type: ignore[arg-type]


def test_a_trailing_slash_is_the_same_answer_and_instance(app: Guard) -> None:
    with TestClient(app, raise_server_exceptions=False) as client:
        plain = client.get(f"{TASKS}?q=data")
        slashed = client.get(f"{TASKS}/?q=data")
        problem = client.get(f"{TASKS}/?nope=1")
    assert slashed.status_code == plain.status_code == 200
    assert slashed.content == plain.content and slashed.headers["etag"] == plain.headers["etag"]
    body = _problem_body(problem, 400, models.PROBLEM_UNKNOWN_PARAMETER)
    assert body["instance"] == TASKS  # the normalised path


def test_methods_options_and_cors_on_a_declared_path(app: Guard) -> None:
    with TestClient(app, raise_server_exceptions=False) as client:
        options = client.options(TASKS)
        preflight = client.options(
            TASKS,
            headers={"origin": "https://x.example", "access-control-request-method": "GET"},
        )
        post = client.post(TASKS, headers={"origin": "https://x.example"})
        unknown = client.get("/nowhere", headers={"origin": "https://x.example"})
        health = client.get("/health", headers={"origin": "https://x.example"})
    assert options.status_code == 204 and options.headers["allow"] == "GET, HEAD, OPTIONS"
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert preflight.headers["access-control-max-age"] == "86400"
    assert preflight.headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"
    body = _problem_body(post, 405, models.PROBLEM_METHOD_NOT_ALLOWED)
    assert body["allowed"] == ["GET", "HEAD", "OPTIONS"]
    assert post.headers["allow"] == "GET, HEAD, OPTIONS"
    # CORS headers alike on the router's answers and on Litestar's (an undeclared path)
    _problem_body(unknown, 404, models.PROBLEM_NOT_FOUND)
    for response in (post, unknown, health):
        assert response.headers["access-control-allow-origin"] == "*"
        exposed = response.headers["access-control-expose-headers"]
        assert "ETag" in exposed and models.HEADER_TOTAL_COUNT in exposed
        assert response.headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"
    assert health.json()["status"] == "ok"


def test_etag_revalidation(app: Guard) -> None:
    with TestClient(app, raise_server_exceptions=False) as client:
        first = client.get(f"{TASKS}?q=data")
        etag = first.headers["etag"]
        again = client.get(f"{TASKS}?q=data", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag


# --- the query string split by hand (params.query_pairs) ---

# Query strings of every shape: plain, percent-escaped, '+', blanks, empty fields, odd names.
QUERY_STRINGS = [
    "",
    "q=data",
    "q=data&min_share_pct=0.01",
    "q=data+entry&limit=5",
    "q=caf%C3%A9&limit=5",
    "q=&limit=5",
    "q",
    "a=1&&b=2&",
    "=x",
    "a==b",
    "&",
    "q=a%2Bb&x=%20",
]


@pytest.mark.parametrize("text", QUERY_STRINGS)
def test_query_pairs_split_as_parse_qsl_does(text: str) -> None:
    expected = parse_qsl(
        text, keep_blank_values=True, errors="strict", max_num_fields=MAX_QUERY_FIELDS
    )
    assert query_pairs(text) == expected


def test_query_pairs_refuse_too_many_fields_as_parse_qsl_does() -> None:
    with pytest.raises(ValueError):
        query_pairs("&".join(["a=1"] * (MAX_QUERY_FIELDS + 1)))
    assert len(query_pairs("&".join(["a=1"] * MAX_QUERY_FIELDS))) == MAX_QUERY_FIELDS


# --- the cache's byte counts of the hot path ---


def test_cached_keys_are_counted_at_their_repr_size(app: Guard) -> None:
    """The memory budget counts every key at about ``len(repr(key))`` (cache.py). The hot path
    adds the size up instead of calling repr: it must stay within a few bytes of it."""
    cache = app.app.state["econindex"].cache
    paths = [
        f"{TASKS}?q=software%20dev&limit=5",
        f"{TASKS}?min_share_pct=0.0123&q=data",
        f"{OCCUPATIONS}?min_wage_usd=40000&max_wage_usd=90001",
        "/v1/releases/latest/categories",
        "/v1/releases/labor-market-impacts/occupations?limit=7",
    ]
    with TestClient(app, raise_server_exceptions=False) as client:
        for path in paths:  # twice: the second request remembers its raw form (an alias)
            assert client.get(path).status_code == 200
            assert client.get(path).status_code == 200
    checked = 0
    for key, (item, size) in list(cache._items.items()):
        if not isinstance(key, tuple) or key[0] in ("page",):
            continue
        prepared_bytes = 0 if isinstance(item, Alias) else item.size
        counted = size - prepared_bytes - KEY_OVERHEAD
        assert len(repr(key)) - 8 <= counted <= len(repr(key)) + 64, (key, counted)
        checked += 1
    assert checked >= 2 * len(paths)  # an alias and an answer for each path at least


def test_a_request_spelling_is_remembered_from_its_second_time(app: Guard) -> None:
    """The first request of a spelling keeps only the canonical answer; a second one also
    keeps the raw spelling (an alias), so that later ones skip parsing."""
    cache = app.app.state["econindex"].cache
    query = b"q=budget&min_share_pct=0.004321"

    def aliases() -> list[Any]:
        return [k for k, (item, _) in cache._items.items() if isinstance(item, Alias)]

    def raw_aliases() -> list[Any]:
        return [k for k in aliases() if query in k]

    with TestClient(app, raise_server_exceptions=False) as client:
        first = client.get(f"{TASKS}?{query.decode()}")
        assert raw_aliases() == []
        second = client.get(f"{TASKS}?{query.decode()}")
        assert len(raw_aliases()) == 1
        third = client.get(f"{TASKS}?{query.decode()}")
    assert first.content == second.content == third.content
    assert first.headers["etag"] == third.headers["etag"]
