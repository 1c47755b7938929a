"""Hostile input against the real server (issue 5, §3): every answer is a 4xx problem, never a
5xx, never a stack trace, never a file from outside the published packages.

Requests whose exact bytes matter (``../`` segments, backslashes, ``%00``) are sent with
httpcore, httpx's own transport, because httpx normalizes dot segments out of URLs before
sending them. A few byte sequences that are not valid HTTP at all (a raw NUL or 0xFF byte in
the request line) never reach the application: uvicorn's HTTP parser answers them with a plain
400 itself, which is checked separately.
"""

from __future__ import annotations

import base64
import functools
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpcore
import httpx
import polars as pl
import pytest

from econindex_api import models
from econindex_api.catalog import CATALOG_FILE, decode_catalog
from tests.conftest import LiveServer

USAGE = "2025-02-10"
EXPOSURE = "labor-market-impacts"
PROBLEM_JSON = "application/problem+json"

# Bytes that must never appear in an answer: the data root's catalog (outside every package)
# and the first line of /etc/passwd (outside the data root).
CATALOG_MARKER = b'"catalog_version"'
PASSWD_MARKER = b"root:x:0:0"


# --- helpers -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        yield http


def raw_get(
    server: LiveServer, target: bytes, method: bytes = b"GET", headers: dict[str, str] | None = None
) -> httpx.Response:
    """Send ``target`` exactly as given (no dot-segment normalization), as an httpx.Response."""
    host, port = server.base_url.removeprefix("http://").split(":")
    url = httpcore.URL(scheme=b"http", host=host.encode(), port=int(port), target=target)
    answer = httpcore.request(method, url, headers=list((headers or {}).items()))
    return httpx.Response(answer.status, headers=answer.headers, content=answer.content)


def raw_socket_request(server: LiveServer, request_line_target: bytes) -> bytes:
    """Bytes the server sends back for a request line that no HTTP client would send."""
    host, port = server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            b"GET " + request_line_target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            # h11 (uvicorn without httptools) may reset after or instead of its 400.
            pass
    return b"".join(chunks)


def assert_problem(
    response: httpx.Response,
    status: int,
    kind: str | tuple[str, ...],
    *,
    parameter: str | None = None,
) -> dict[str, Any]:
    """``response`` is an RFC 9457 problem of type ``kind`` (one of them, if several) with
    ``status``; returns its body."""
    assert response.status_code == status, (response.status_code, response.text[:400])
    assert response.headers["content-type"].split(";")[0] == PROBLEM_JSON
    assert_no_leak(response)
    body: dict[str, Any] = response.json()
    kinds = (kind,) if isinstance(kind, str) else kind
    assert body["type"] in [models.PROBLEM_BASE + k for k in kinds], body
    assert body["status"] == status
    assert body["title"]
    assert body.get("detail")
    if parameter is not None:
        assert body.get("parameter") == parameter, body
    return body


def assert_no_leak(response: httpx.Response) -> None:
    content = response.content
    assert CATALOG_MARKER not in content
    assert PASSWD_MARKER not in content
    assert b"Traceback" not in content
    assert b'File "' not in content


# --- path traversal ---------------------------------------------------------------------------

# Resource names that try to leave data/ of the package; ".csv" is appended to each as well,
# since the route's file name must end in .csv or .parquet.
TRAVERSAL_NAMES = [
    "../../../../catalog.json",
    "../../../../../../../../etc/passwd",
    "..%2f..%2f..%2f..%2fcatalog.json",
    "..%2F..%2F..%2F..%2Fcatalog.json",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fcatalog.json",
    "%2E%2E/%2E%2E/%2E%2E/%2E%2E/catalog.json",
    "%252e%252e%252f%252e%252e%252f%252e%252e%252f%252e%252e%252fcatalog.json",
    "..%252f..%252f..%252f..%252fcatalog.json",
    "..\\..\\..\\..\\catalog.json",
    "..%5c..%5c..%5c..%5ccatalog.json",
    "%2fetc%2fpasswd",
    "/etc/passwd",
    "%2F%2Fetc%2Fpasswd",
    "file:%2f%2f%2fetc%2fpasswd",
    "C:%5cWindows%5cwin.ini",
    "....//....//....//....//catalog.json",
    "..;/..;/..;/..;/catalog.json",
    "%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afcatalog.json",
    "task_usage%00",
    "task_usage.csv%00",
    "..%00/..%00/catalog.json",
    ".",
    "..",
    "%2e",
    "%2e%2e",
    # Real files of the data root, reached through a relative path from data/:
    "../datapackage.json",
    "..%2fdatapackage.json",
    "..%2f..%2f..%2flabor-market-impacts%2f2.0.0%2fdata%2fjob_exposure",
    "..%2f..%2f..%2f..%2freleases%2flabor-market-impacts%2f2.0.0%2fdata%2fjob_exposure",
]


def traversal_targets() -> list[str]:
    targets = []
    for name in TRAVERSAL_NAMES:
        targets.append(f"/v1/releases/{USAGE}/resources/{name}")
        targets.append(f"/v1/releases/{USAGE}/resources/{name}.csv")
    return targets


@pytest.mark.parametrize("target", traversal_targets())
def test_traversal_in_resource_names_is_404(live_server: LiveServer, target: str) -> None:
    # A name that reaches the resource handler is refused as an unknown resource naming the
    # real ones; one that decodes to more path segments matches no route at all.
    response = raw_get(live_server, target.encode())
    assert_problem(response, 404, ("unknown-resource", "not-found"))


@pytest.mark.parametrize(
    "release",
    [
        "..",
        "%2e%2e",
        "%252e%252e",
        "..%2f..%2f..",
        "..%2f..%2fetc%2fpasswd%00",
        "..%5c..%5c..",
        "%2fetc",
        "releases%2f2025-02-10%2f2.0.0",
        "2025-02-10%00",
        "2025-02-10%2f..",
        ".%2e",
    ],
)
@pytest.mark.parametrize("download", ["datapackage.json", "package.zip", "resources/tasks.csv"])
def test_traversal_in_release_ids_is_404(
    live_server: LiveServer, release: str, download: str
) -> None:
    response = raw_get(live_server, f"/v1/releases/{release}/{download}".encode())
    assert_problem(response, 404, ("unknown-release", "not-found"))


@pytest.mark.parametrize(
    "target",
    [
        "/v1/../../../../etc/passwd",
        "/v1/releases/../../catalog.json",
        "/v1/releases/%2e%2e/%2e%2e/catalog.json",
        "/docs/../../../../etc/passwd",
        "/docs/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/docs/%2e%2e%2f%2e%2e%2fcatalog.json",
        "/docs/..%5c..%5cpyproject.toml",
        "/docs/swagger-ui.css%00.js",
        "/docs/index.html",
        "/catalog.json",
        "/releases/2025-02-10/2.0.0/datapackage.json",
        "//etc/passwd",
    ],
)
def test_traversal_elsewhere_is_404_not_found(live_server: LiveServer, target: str) -> None:
    response = raw_get(live_server, target.encode())
    assert_problem(response, 404, "not-found")


def test_unknown_resource_names_the_published_ones(
    client: httpx.Client, published_root: Path
) -> None:
    catalog = decode_catalog((published_root / CATALOG_FILE).read_bytes())
    release = catalog.find(USAGE)
    assert release is not None
    expected = sorted(r.name for r in release.current.resources)
    body = assert_problem(
        client.get(f"/v1/releases/{USAGE}/resources/..%5cdatapackage.json"),
        404,
        "unknown-resource",
    )
    assert body["allowed"] == expected
    # The refused name is echoed in the detail, truncated: never a wall of attacker text.
    long_name = "a" * 5000 + ".csv"
    body = assert_problem(
        client.get(f"/v1/releases/{USAGE}/resources/{long_name}"), 404, "unknown-resource"
    )
    assert len(body["detail"]) < 1000


def test_a_real_resource_still_downloads(client: httpx.Client, published_root: Path) -> None:
    """The refusals above are not a download endpoint that refuses everything."""
    catalog = decode_catalog((published_root / CATALOG_FILE).read_bytes())
    release = catalog.find(USAGE)
    assert release is not None
    version = release.current
    entry = next(r for r in version.resources if r.name == "category_usage")
    on_disk = (published_root / version.path / entry.csv.path).read_bytes()
    response = client.get(f"/v1/releases/{USAGE}/resources/category_usage.csv")
    assert response.status_code == 200
    assert response.content == on_disk
    assert response.headers["etag"] == f'"{entry.csv.sha256}"'


def test_bytes_that_are_not_http_are_refused_by_the_http_layer(live_server: LiveServer) -> None:
    """A raw NUL or 0xFF in the request line, or a request line of 300 kB, never reaches the
    application: uvicorn's parser answers 400 (or, h11 on the oversized line, resets the
    connection); no 5xx."""
    for target in (
        f"/v1/releases/{USAGE}/resources/task_usage\x00.csv".encode(),
        f"/v1/releases/{USAGE}/tasks?q=".encode() + b"\xff\xfe",
        f"/v1/releases/{USAGE}/tasks?q=".encode() + b"a" * 300_000,
    ):
        answer = raw_socket_request(live_server, target)
        # Refused by the HTTP layer: a 400, or (h11 on an oversized line) a reset with no
        # answer at all; never anything from the application.
        assert answer == b"" or answer.startswith(b"HTTP/1.1 400 "), answer[:200]
        assert CATALOG_MARKER not in answer
        assert PASSWD_MARKER not in answer
    # The server is still answering normally afterwards.
    assert httpx.get(live_server.url("/health")).status_code == 200


# --- absurd query strings -----------------------------------------------------------------------


@pytest.mark.parametrize("length", [201, 4_000])
def test_overlong_text_parameter_is_400_naming_it(client: httpx.Client, length: int) -> None:
    body = assert_problem(
        client.get(f"/v1/releases/{USAGE}/tasks", params={"q": "a" * length}),
        400,
        "invalid-parameter",
        parameter="q",
    )
    assert len(body["detail"]) < 300  # the value is not echoed back


@pytest.mark.parametrize("length", [4_097, 5_000, 60_000])
@pytest.mark.parametrize(
    "path", ["/v1/releases/{r}/tasks", "/v1/releases/{r}/package.zip", "/health"]
)
def test_query_string_over_the_limit_is_414(client: httpx.Client, length: int, path: str) -> None:
    # MAX_QUERY_BYTES = 4096 bytes of query string, as sent (after "?")
    query = "q=" + "a" * (length - 2)
    body = assert_problem(client.get(path.format(r=USAGE) + "?" + query), 414, "uri-too-long")
    assert "4096" in body["detail"]


def test_overlong_cursor_is_400(client: httpx.Client) -> None:
    assert_problem(
        client.get(f"/v1/releases/{USAGE}/tasks", params={"cursor": "A" * 3_000}),
        400,
        "invalid-parameter",
        parameter="cursor",
    )


@pytest.mark.parametrize("count", [41, 500])
def test_too_many_parameters_are_400(live_server: LiveServer, count: int) -> None:
    query = "&".join(f"p{i}=1" for i in range(count))
    assert len(query) <= 4096
    response = raw_get(live_server, f"/v1/releases/{USAGE}/occupations?{query}".encode())
    body = assert_problem(response, 400, "invalid-parameter")
    assert "too many query parameters" in body["detail"]


@pytest.mark.parametrize("count", [2_000, 8_000])
def test_thousands_of_parameters_are_414(live_server: LiveServer, count: int) -> None:
    query = "&".join(f"p{i}=1" for i in range(count))
    response = raw_get(live_server, f"/v1/releases/{USAGE}/occupations?{query}".encode())
    assert_problem(response, 414, "uri-too-long")


def test_many_copies_of_one_parameter_are_400(client: httpx.Client) -> None:
    response = client.get(f"/v1/releases/{USAGE}/tasks?" + "&".join(["limit=5"] * 30))
    assert_problem(response, 400, "invalid-parameter", parameter="limit")


@pytest.mark.parametrize(
    "query",
    [
        "q=%ff%fe",
        "q=%c0%ae%c0%ae",  # overlong UTF-8 for '.'
        "q=%ed%a0%80",  # a UTF-16 surrogate, not valid UTF-8
        "q=abc%e2%82",  # truncated multi-byte sequence
        "%ff=1",  # in the parameter name
        "limit=%80",
        "cursor=%fe%ff",
    ],
)
def test_invalid_utf8_percent_escapes_are_400(live_server: LiveServer, query: str) -> None:
    response = raw_get(live_server, f"/v1/releases/{USAGE}/tasks?{query}".encode())
    assert_problem(response, 400, "invalid-parameter")


@pytest.mark.parametrize(
    "text",
    ["(", "[", "*", "+", "?", "\\", ".*", "a|b", "^$", "{1,3}", "%", "_", "' OR 1=1 --", "\x00"],
)
def test_text_search_is_literal_not_a_pattern(
    client: httpx.Client, published_root: Path, text: str
) -> None:
    """Regex and SQL metacharacters in ``q`` are searched for literally (200, never 5xx): the
    count equals a plain count over the published task table of the statements containing
    every word of ``q``, ignoring case."""
    response = client.get(f"/v1/releases/{USAGE}/tasks", params={"q": text, "limit": 1000})
    assert response.status_code == 200, response.text[:400]
    page = response.json()
    words = text.lower().split()
    keys = _published_task_keys(published_root)
    assert page["total"] == sum(1 for key in keys if all(w in key for w in words))
    for row in page["data"]:
        assert all(w in row["statement"].lower() for w in words)


@functools.cache
def _published_task_keys(published_root: Path) -> list[str]:
    """The search key (statement lower-cased) of every task, read straight from the package."""
    catalog = decode_catalog((published_root / CATALOG_FILE).read_bytes())
    release = catalog.find(USAGE)
    assert release is not None
    tasks = next(r for r in release.current.resources if r.name == "tasks")
    keys: list[str] = pl.read_parquet(published_root / release.current.path / tasks.parquet.path)[
        "task_key"
    ].to_list()
    return keys


# --- cursors ------------------------------------------------------------------------------------


def _first_cursor(client: httpx.Client, path: str, **params: Any) -> str:
    page = client.get(path, params={"limit": 5, **params}).json()
    cursor: str = page["next_cursor"]
    assert cursor
    return cursor


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "====",
        "%%%%",
        _b64(b"\x00\x01\x02\xff" * 8),
        _b64(b"5"),
        _b64(b"-5.0123456789abcdef"),
        _b64(b"5.0123456789abcdef"),
        _b64(b"99999999999999999999.0123456789abcdef"),
        _b64("٥.0123456789abcdef".encode()),  # an Arabic-Indic digit five
        "8J-YgA",  # base64 of an emoji
    ],
)
def test_random_cursors_are_400_naming_cursor(client: httpx.Client, cursor: str) -> None:
    assert_problem(
        client.get(f"/v1/releases/{USAGE}/tasks", params={"cursor": cursor}),
        400,
        "invalid-parameter",
        parameter="cursor",
    )


def test_a_cursor_with_any_byte_flipped_is_400(client: httpx.Client) -> None:
    """Flip each byte of a real cursor's payload in turn: every variant is refused (none
    silently points at another position of the result)."""
    path = f"/v1/releases/{USAGE}/tasks"
    cursor = _first_cursor(client, path)
    payload = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    accepted = []
    for index in range(len(payload)):
        for bit in (0x01, 0x02):
            tampered = bytearray(payload)
            tampered[index] ^= bit
            response = client.get(path, params={"limit": 5, "cursor": _b64(bytes(tampered))})
            if response.status_code != 400:
                accepted.append((bytes(tampered), response.status_code))
                continue
            assert_problem(response, 400, "invalid-parameter", parameter="cursor")
    assert accepted == []
    # And the untampered cursor is accepted.
    assert client.get(path, params={"limit": 5, "cursor": cursor}).status_code == 200


def test_a_cursor_with_a_character_changed_is_400(client: httpx.Client) -> None:
    path = f"/v1/releases/{USAGE}/occupations"
    cursor = _first_cursor(client, path)
    for index, char in enumerate(cursor):
        replacement = "B" if char == "A" else "A"
        tampered = cursor[:index] + replacement + cursor[index + 1 :]
        assert_problem(
            client.get(path, params={"limit": 5, "cursor": tampered}),
            400,
            "invalid-parameter",
            parameter="cursor",
        )


@pytest.mark.parametrize(
    ("issued_by", "used_on"),
    [
        # another endpoint of the same release
        ((f"/v1/releases/{USAGE}/tasks", {}), (f"/v1/releases/{USAGE}/occupations", {})),
        ((f"/v1/releases/{USAGE}/occupations", {}), (f"/v1/releases/{USAGE}/tasks", {})),
        # the same endpoint of another release
        ((f"/v1/releases/{USAGE}/tasks", {}), (f"/v1/releases/{EXPOSURE}/tasks", {})),
        ((f"/v1/releases/{EXPOSURE}/occupations", {}), (f"/v1/releases/{USAGE}/occupations", {})),
        # the same endpoint with other filters or another sort
        (
            (f"/v1/releases/{USAGE}/occupations", {"major_group": "15"}),
            (f"/v1/releases/{USAGE}/occupations", {"major_group": "43"}),
        ),
        (
            (f"/v1/releases/{USAGE}/tasks", {"sort": "share_pct"}),
            (f"/v1/releases/{USAGE}/tasks", {"sort": "-share_pct"}),
        ),
    ],
)
def test_a_cursor_from_another_query_is_400(
    client: httpx.Client,
    issued_by: tuple[str, dict[str, str]],
    used_on: tuple[str, dict[str, str]],
) -> None:
    cursor = _first_cursor(client, issued_by[0], **issued_by[1])
    response = client.get(used_on[0], params={**used_on[1], "limit": 5, "cursor": cursor})
    body = assert_problem(response, 400, "invalid-parameter", parameter="cursor")
    assert "another query" in body["detail"]


def test_a_cursor_survives_only_its_own_query(client: httpx.Client) -> None:
    """Control for the refusals above: the cursor works where it was issued, with or without a
    different page size (limit is not part of the query's identity)."""
    path = f"/v1/releases/{USAGE}/occupations"
    cursor = _first_cursor(client, path, major_group="15")
    for limit in (5, 7):
        response = client.get(path, params={"major_group": "15", "limit": limit, "cursor": cursor})
        assert response.status_code == 200
        assert len(response.json()["data"]) == limit


# --- limits and unknown parameters --------------------------------------------------------------


@pytest.mark.parametrize(
    "limit",
    [
        "0",
        "-1",
        "-9223372036854775808",
        "1001",
        "9223372036854775808",
        "99999999999999999999999999999999",
        "1e3",
        "1.5",
        "0x10",
        "ten",
        "",
        " ",
        "NaN",
        "inf",
        "１０",  # fullwidth digits: not an ASCII integer
        "1_000",
    ],
)
@pytest.mark.parametrize("endpoint", ["tasks", "occupations", "categories"])
def test_bad_limits_are_400_naming_limit(client: httpx.Client, endpoint: str, limit: str) -> None:
    body = assert_problem(
        client.get(f"/v1/releases/{USAGE}/{endpoint}", params={"limit": limit}),
        400,
        "invalid-parameter",
        parameter="limit",
    )
    assert "limit" in body["detail"]


@pytest.mark.parametrize(("limit", "rows"), [("1", 1), ("1000", 1000), ("+7", 7), ("007", 7)])
def test_limits_at_the_bounds_are_served(client: httpx.Client, limit: str, rows: int) -> None:
    page = client.get(f"/v1/releases/{USAGE}/tasks", params={"limit": limit}).json()
    assert page["limit"] == rows
    assert len(page["data"]) == rows


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/v1/releases", "foo"),
        (f"/v1/releases/{USAGE}", "expand"),
        (f"/v1/releases/{USAGE}/tasks", "page"),
        (f"/v1/releases/{USAGE}/tasks", "Limit"),  # names are case-sensitive
        (f"/v1/releases/{USAGE}/tasks", "offset"),
        (f"/v1/releases/{USAGE}/occupations", "__proto__"),
        (f"/v1/releases/{USAGE}/categories", "q"),
        (f"/v1/releases/{USAGE}/wage-bands", "limit"),
        (f"/v1/releases/{USAGE}/depth", "x" * 500),
        (f"/v1/releases/{USAGE}/interaction-modes", "sort"),
        (f"/v1/releases/{USAGE}/tasks/3445", "fields"),
        (f"/v1/releases/{USAGE}/datapackage.json", "download"),
        (f"/v1/releases/{USAGE}/package.zip", "v"),
        (f"/v1/releases/{USAGE}/resources/tasks.csv", "raw"),
    ],
)
def test_unknown_parameters_are_400_naming_them(client: httpx.Client, path: str, name: str) -> None:
    body = assert_problem(
        client.get(path, params={name: "1"}), 400, "unknown-parameter", parameter=name[:60]
    )
    assert isinstance(body["allowed"], list)


# --- methods --------------------------------------------------------------------------------------

GET_PATHS = [
    "/",
    "/health",
    "/ready",
    "/openapi.json",
    "/docs",
    "/v1/releases",
    f"/v1/releases/{USAGE}",
    f"/v1/releases/{USAGE}/tasks",
    f"/v1/releases/{USAGE}/tasks/3445",
    f"/v1/releases/{USAGE}/occupations",
    f"/v1/releases/{USAGE}/occupations/15-1132.00",
    f"/v1/releases/{USAGE}/categories",
    f"/v1/releases/{USAGE}/wage-bands",
    f"/v1/releases/{USAGE}/depth",
    f"/v1/releases/{USAGE}/interaction-modes",
    f"/v1/releases/{USAGE}/datapackage.json",
    f"/v1/releases/{USAGE}/package.zip",
    f"/v1/releases/{USAGE}/resources/tasks.csv",
    f"/v1/releases/{USAGE}/resources/tasks.parquet",
]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", GET_PATHS)
def test_other_methods_are_405_problems(client: httpx.Client, path: str, method: str) -> None:
    response = client.request(method, path, content=b'{"x": 1}')
    body = assert_problem(response, 405, "method-not-allowed")
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "HEAD"} <= allowed
    assert method not in allowed
    assert set(body["allowed"]) == allowed


def test_unknown_method_is_405(client: httpx.Client) -> None:
    assert_problem(client.request("PROPFIND", "/v1/releases"), 405, "method-not-allowed")


# --- hostile headers on downloads -----------------------------------------------------------------


def _csv_entry(published_root: Path) -> tuple[str, bytes]:
    catalog = decode_catalog((published_root / CATALOG_FILE).read_bytes())
    release = catalog.find(USAGE)
    assert release is not None
    entry = next(r for r in release.current.resources if r.name == "category_usage")
    path = f"/v1/releases/{USAGE}/resources/category_usage.csv"
    return path, (published_root / release.current.path / entry.csv.path).read_bytes()


@pytest.mark.parametrize("size", [8_200, 12_000, 15_000])
def test_request_headers_over_the_limit_are_431(client: httpx.Client, size: int) -> None:
    # MAX_HEADER_BYTES = 8 KiB of names and values, below uvicorn/h11's 16 KiB request head
    path, _ = _csv_entry_path()
    response = client.get(path, headers={"range": "bytes=0-0," * (size // 10)})
    body = assert_problem(response, 431, "headers-too-large")
    assert "8192" in body["detail"]


def _csv_entry_path() -> tuple[str, None]:
    return f"/v1/releases/{USAGE}/resources/category_usage.csv", None


@pytest.mark.parametrize(
    "range_header",
    [
        "bytes=abc",
        "bytes=5-1",
        "bytes=--1",
        "items=0-10",
        "bytes=0-0," * 700 + "0-0",  # 7 KB: under the 8 KiB header limit
        "bytes=" + "9" * 5000 + "-",
        "bytes=-",
    ],
)
def test_malformed_ranges_are_ignored(
    client: httpx.Client, published_root: Path, range_header: str
) -> None:
    """Documented: a malformed or multi-range header is ignored (200 with the whole file)...
    except a start beyond the end, which is unsatisfiable (416)."""
    path, on_disk = _csv_entry(published_root)
    response = client.get(path, headers={"range": range_header})
    if range_header.startswith("bytes=9"):
        assert_problem(response, 416, "range-not-satisfiable")
        assert response.headers["content-range"] == f"bytes */{len(on_disk)}"
        return
    assert response.status_code == 200
    assert response.content == on_disk


@pytest.mark.parametrize("range_header", ["bytes=-" + "9" * 40, "bytes=0-" + "9" * 5000])
def test_huge_range_ends_are_the_whole_file(
    client: httpx.Client, published_root: Path, range_header: str
) -> None:
    """Positions of thousands of digits (beyond Python's int() limit) are just large."""
    path, on_disk = _csv_entry(published_root)
    response = client.get(path, headers={"range": range_header})
    assert response.status_code == 206
    assert response.content == on_disk
    assert response.headers["content-range"] == f"bytes 0-{len(on_disk) - 1}/{len(on_disk)}"


@pytest.mark.parametrize(
    "headers",
    [
        {"accept": "text/csv;q=abc, application/json;q=nan"},
        {"accept": "*/*;q=inf"},
        {"accept": ",,,;;;===" * 500},
        {"if-none-match": ", ".join(['"x"'] * 1500)},  # 7.5 KB, under 8 KiB
        {"if-none-match": "W/"},
        {"if-range": "not-an-etag"},
        {"accept-encoding": ", ".join(["gzip;q=0", "br"] * 500)},
    ],
)
def test_garbage_headers_do_not_break_answers(
    client: httpx.Client, headers: dict[str, str]
) -> None:
    for path in (f"/v1/releases/{USAGE}/categories", f"/v1/releases/{USAGE}/datapackage.json"):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.text[:300])
        assert_no_leak(response)


@pytest.mark.parametrize(
    "release",
    ["<script>alert(1)", "x" * 4000, "latest%00", "LATEST", "2025-02-10 ", "2025-2-10"],
)
def test_odd_release_ids_are_404_unknown_release(client: httpx.Client, release: str) -> None:
    """Echoed (in JSON, never HTML) only as a short prefix."""
    body = assert_problem(client.get(f"/v1/releases/{release}/categories"), 404, "unknown-release")
    assert len(body["detail"]) < 400
    assert body["allowed"] == [USAGE, "2025-03-27", EXPOSURE, "latest"]
