"""The fast path (registry.FastRoutes, issue 8 point 4) answers exactly as Litestar's route.

The same app is asked twice for each request: through ``Guard`` with its fast path, and
through the same Guard with the fast path switched off (every request through Litestar's
router, middleware and exception handlers, as before). Status, headers (but ``date``) and body
must be identical, and the fast path must really have answered the requests it is for.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from litestar.testing import TestClient

from econindex_api.server.app import create_app
from econindex_api.server.cache import KEY_OVERHEAD, Alias
from econindex_api.server.data_source import open_data_source
from econindex_api.server.declarations import all_endpoints
from econindex_api.server.guard import Guard
from econindex_api.server.params import MAX_QUERY_FIELDS, query_pairs
from econindex_api.server.registry import FastRoutes

USAGE = "2025-02-10"
TASKS = f"/v1/releases/{USAGE}/tasks"
OCCUPATIONS = f"/v1/releases/{USAGE}/occupations"

# (method, path with query, request headers, answered by the fast path?)
CASES: list[tuple[str, str, dict[str, str], bool]] = [
    ("GET", f"{TASKS}?q=data&min_share_pct=0.01", {}, True),
    ("GET", f"{TASKS}?min_share_pct=0.01&q=data", {}, True),  # same canonical answer
    ("HEAD", f"{TASKS}?q=data&min_share_pct=0.01", {}, True),
    ("GET", f"{TASKS}?q=data", {"accept-encoding": "gzip"}, True),
    ("GET", f"{TASKS}?q=data&format=csv", {}, True),
    ("GET", f"{TASKS}?q=report", {"accept": "text/csv"}, True),
    ("GET", f"{OCCUPATIONS}?min_wage_usd=40000&max_wage_usd=90000", {}, True),
    ("GET", "/v1/releases/latest/tasks?limit=3", {}, True),
    # errors: the fast path gives them to Litestar, which renders the problem
    ("GET", f"{TASKS}?min_share_pct=abc", {}, False),
    ("GET", f"{TASKS}?nope=1", {}, False),
    ("GET", "/v1/releases/1999-01-01/tasks", {}, False),
    # not for the fast path at all
    ("GET", f"{TASKS}/", {}, False),
    ("GET", f"{TASKS}?q=data", {"origin": "https://example.org"}, False),
    ("POST", f"{TASKS}?q=data", {}, False),
    ("GET", "/health", {}, False),
    ("GET", f"/v1/releases/{USAGE}/resources/tasks.csv", {"range": "bytes=0-9"}, False),
]


class CountingRoutes(FastRoutes):
    answered = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> bool:
        done = await super().__call__(scope, receive, send)
        CountingRoutes.answered += done
        return done


@pytest.fixture(scope="module")
def app(published_root: Path) -> Iterator[Guard]:
    os.environ["ECONINDEX_WATCH_INTERVAL"] = "0"
    try:
        guard = create_app(open_data_source(str(published_root)))
    finally:
        del os.environ["ECONINDEX_WATCH_INTERVAL"]
    assert isinstance(guard.fast, FastRoutes)
    guard.fast = CountingRoutes(all_endpoints(), guard.fast.app)
    yield guard


def _answer(client: TestClient[Any], method: str, path: str, headers: dict[str, str]) -> Any:
    response = client.request(method, path, headers=headers)
    kept = sorted((k, v) for k, v in response.headers.multi_items() if k != "date")
    return response.status_code, kept, response.content


@pytest.mark.parametrize(("method", "path", "headers", "fast"), CASES)
def test_fast_path_answers_as_litestar(
    app: Guard, method: str, path: str, headers: dict[str, str], fast: bool
) -> None:
    fast_routes = app.fast
    with TestClient(app, raise_server_exceptions=False) as client:
        before = CountingRoutes.answered
        via_fast = _answer(client, method, path, headers)
        assert CountingRoutes.answered - before == int(fast)
        app.fast = None
        try:
            via_litestar = _answer(client, method, path, headers)
        finally:
            app.fast = fast_routes
        # and once more through the fast path, now from the cache
        again = _answer(client, method, path, headers)
    assert via_fast == via_litestar
    assert again == via_litestar
    status = via_fast[0]
    if fast:
        assert status == 200
    elif "origin" in headers:
        assert ("access-control-allow-origin", "*") in via_fast[1]


def test_etag_revalidation_on_the_fast_path(app: Guard) -> None:
    with TestClient(app, raise_server_exceptions=False) as client:
        first = client.get(f"{TASKS}?q=data")
        etag = first.headers["etag"]
        before = CountingRoutes.answered
        again = client.get(f"{TASKS}?q=data", headers={"if-none-match": etag})
    assert CountingRoutes.answered == before + 1
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag


def test_path_matching() -> None:
    routes = FastRoutes(all_endpoints(), None)  # type: ignore[arg-type]
    found = routes.match(TASKS)
    assert found is not None and found[0].path == "/v1/releases/{release}/tasks"
    assert found[1] == {"release": USAGE}
    assert routes.match(TASKS + "/") is None
    assert routes.match("/v1/releases//tasks") is None  # empty parameter
    assert routes.match("/health") is None  # a handler endpoint: Litestar's
    assert routes.match("/nowhere") is None


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
