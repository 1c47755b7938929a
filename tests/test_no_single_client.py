"""Issue 18: no single client can take the service down (N2, N4-N8 here; N1 and N3 elsewhere).

Every test runs the real server (127.0.0.1) and the real HTTP stack; loops are bounded.

* N2: pages are cached under keys without client input (not the ``Host``), so distinct
  ``Host`` headers cause no new chart renders (``/ready`` counts them), and the absolute URLs
  in citations come from ``ECONINDEX_PUBLIC_URL`` or the listening address, never ``Host``;
  ``/health`` keeps answering while pages render (in a render process, not under the GIL).
* N4: a version that fails its first load is retried until it loads; meanwhile the last
  verified version of the release and ``latest`` keep answering, ``/ready`` says why.
* N5: a ``Host`` with a port that is not an integer is a 400 problem naming the header.
* N6: a compare or series answer is never served while one of its releases is unavailable.
* N7: security headers on every answer; the pages and ``/docs`` work in Chromium under the CSP.
* N8: q-values clamped to [0, 1], case-insensitive media types, ``Vary`` on ``/``, one
  ``Host`` only, empty identifier parameters refused, a control character in a path segment
  is 404.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from econindex_api import models
from tests.conftest import LiveServer, start_server, stop_server

USAGE = "2025-03-27"  # latest in the real build
OLDER = "2025-02-10"
EXPOSURE = "labor-market-impacts"
PROBLEM_JSON = "application/problem+json"


def problem(response: httpx.Response, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert body["type"] == models.PROBLEM_BASE + kind
    return body


def wait_for(check: Callable[[], Any], seconds: float = 30.0) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.1)


def raw_exchange(server: LiveServer, head: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send a request head byte for byte (httpx would merge or refuse what we send) and read
    the answer up to the connection's close."""
    host, port = server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(head)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
    data = b"".join(chunks)
    head_bytes, _, body = data.partition(b"\r\n\r\n")
    lines = head_bytes.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=60) as http:
        yield http


# --- N5: a Host whose port is not an integer -----------------------------------------------


BAD_HOSTS = ["x:+1", "x:abc", "x:65536", "abc:1:2", "x y"]
HOST_PATHS = [
    f"/releases/{OLDER}",  # a page (Litestar)
    f"/v1/releases/{OLDER}/citation",
    f"/v1/releases/{OLDER}/croissant.json",
    f"/v1/releases/{OLDER}/categories",  # the fast path
    "/health",
]


@pytest.mark.parametrize("host", BAD_HOSTS)
def test_a_host_with_a_bad_port_is_a_400_naming_the_header(client: httpx.Client, host: str) -> None:
    for path in HOST_PATHS:
        for accept in ("text/html", "application/json"):
            response = client.get(path, headers={"host": host, "accept": accept})
            body = problem(response, 400, "invalid-header")
            assert body["parameter"] == "host", path
            assert "Host" in body["detail"], path


def test_good_hosts_are_answered(client: httpx.Client) -> None:
    for host in ("example.org", "example.org:8080", "127.0.0.1:1", "[::1]:80", "x:"):
        response = client.get(f"/v1/releases/{OLDER}/citation", headers={"host": host})
        assert response.status_code == 200, host


# --- N8 ------------------------------------------------------------------------------------


def test_two_host_headers_are_refused(published_root: Path) -> None:
    """Under the production server (granian, which hands both headers to the app: the red team
    saw the first one win), the guard answers 400 problem+json. uvicorn with httptools (the
    tests' ``live_server``) refuses such a head itself, in plain text, before the app."""
    from tests.test_reliability import production_server

    with production_server(published_root, {}) as served:
        server = LiveServer(served.url(""), published_root, served.process)
        for path in (b"/health", f"/v1/releases/{OLDER}/categories".encode(), b"/"):
            status, headers, body = raw_exchange(
                server,
                b"GET " + path + b" HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n"
                b"Connection: close\r\n\r\n",
            )
            assert status == 400, path
            assert headers["content-type"] == PROBLEM_JSON
            answer = json.loads(body)
            assert answer["type"] == models.PROBLEM_INVALID_HEADER
            assert answer["parameter"] == "host"


@pytest.mark.parametrize("weight", ["2", "inf", "1.5", "1e9"])
def test_q_values_above_one_count_as_one(client: httpx.Client, weight: str) -> None:
    # text/csv;q=<over 1> against application/json (q=1): a tie after clamping, and a tie
    # goes to JSON. Unclamped, CSV would win.
    accept = f"text/csv;q={weight}, application/json"
    response = client.get(f"/v1/releases/{OLDER}/categories", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    page = client.get(f"/releases/{OLDER}", headers={"accept": f"text/html;q={weight}, */*"})
    assert page.headers["content-type"].startswith("application/json")
    # Clamping does not take away a real preference.
    csv = client.get(
        f"/v1/releases/{OLDER}/categories",
        headers={"accept": f"text/csv;q={weight}, application/json;q=0.5"},
    )
    assert csv.headers["content-type"].startswith("text/csv")


def test_media_types_are_case_insensitive_on_pages(client: httpx.Client) -> None:
    for accept in ("TEXT/HTML", "Text/Html,application/json;q=0.9"):
        for path in ("/", f"/releases/{OLDER}"):
            response = client.get(path, headers={"accept": accept})
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/html"), (accept, path)


def test_the_json_form_of_the_root_varies_on_accept(client: httpx.Client) -> None:
    response = client.get("/", headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    vary = [v.strip().lower() for v in response.headers["vary"].split(",")]
    assert "accept" in vary
    assert response.headers["cache-control"] == "public, max-age=60"


def test_empty_identifier_parameters_are_refused(client: httpx.Client) -> None:
    cases = [
        (f"/v1/releases/{USAGE}/occupations/exposure?exposure=", "exposure"),
        (f"/v1/releases/{USAGE}/clusters?parent=", "parent"),
    ]
    for url, name in cases:
        body = problem(client.get(url), 400, "invalid-parameter")
        assert body["parameter"] == name
        assert "empty" in body["detail"]
    # An empty search stays allowed (an empty search form is sent as q=).
    assert client.get(f"/releases/{USAGE}/tasks?q=", headers={"accept": "text/html"}).is_success


@pytest.mark.parametrize("origin", [None, "https://example.org"])  # fast path and Litestar
def test_a_control_character_in_a_path_segment_is_404(
    client: httpx.Client, origin: str | None
) -> None:
    headers = {"origin": origin} if origin else {}
    assert client.get("/v1/series/categories/15", headers=headers).status_code == 200
    for suffix in ("%0a", "%0d", "%09", "%20", "%00", "%7f"):
        for group in ("15", "15-0000"):
            response = client.get(f"/v1/series/categories/{group}{suffix}", headers=headers)
            problem(response, 404, "unknown-category")
    # Elsewhere identifiers are matched as sent; each answers its own 404.
    for path, kind in (
        (f"/v1/releases/{OLDER}%0a/categories", "unknown-release"),
        (f"/v1/releases/{OLDER}/resources/tasks.csv%0a", "unknown-resource"),
        (f"/v1/releases/{OLDER}/tasks/1%0a", "unknown-task"),
        ("/v1/series/occupations/15-1132.00%0a", "unknown-occupation"),
    ):
        problem(client.get(path, headers=headers), 404, kind)


# --- N7: security headers ------------------------------------------------------------------


def test_security_headers_on_every_kind_of_answer(client: httpx.Client) -> None:
    cases = [
        ("/", {"accept": "text/html"}),
        ("/", {}),
        (f"/releases/{OLDER}", {"accept": "text/html"}),
        (f"/v1/releases/{OLDER}/categories", {}),  # fast path
        (f"/v1/releases/{OLDER}/categories", {"origin": "https://example.org"}),  # Litestar
        (f"/v1/releases/{OLDER}/categories?format=csv", {}),
        (f"/v1/releases/{OLDER}/package.zip", {"range": "bytes=0-9"}),
        (f"/v1/releases/{OLDER}/data/category_usage.csv", {}),
        ("/v1/releases/nope/categories", {}),  # a problem
        ("/no/such/path", {}),  # Litestar's 404
        ("/v1/releases?" + "x" * 5000, {}),  # the guard's own 414
        ("/docs", {}),
        ("/docs/swagger-ui-bundle.js", {}),
        ("/openapi.json", {}),
        ("/health", {}),
        ("/ready", {}),
    ]
    for path, headers in cases:
        response = client.get(path, headers=headers)
        assert response.status_code < 500, path
        h = response.headers
        assert h["x-content-type-options"] == "nosniff", path
        assert h["x-frame-options"] == "DENY", path
        assert h["referrer-policy"] == "no-referrer", path
        csp = {d.split()[0]: d.split()[1:] for d in h["content-security-policy"].split("; ")}
        assert csp["frame-ancestors"] == ["'none'"], path
        assert csp["script-src"] == ["'self'"], path
        assert csp["default-src"] == ["'self'"], path
        assert h.get_list("content-security-policy") == [h["content-security-policy"]], path
    head = client.head(f"/v1/releases/{OLDER}/categories")
    assert head.headers["x-content-type-options"] == "nosniff"


def test_pages_and_docs_work_under_the_policy_in_chromium(live_server: LiveServer) -> None:
    from playwright import sync_api

    from tests.conftest import chromium_path

    base = live_server.base_url
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        try:
            context = browser.new_context()
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            for path in (f"/releases/{USAGE}", "/compare/2025-02-10/2025-03-27", "/"):
                response = page.goto(base + path)
                assert response is not None and response.status == 200
                assert "content-security-policy" in response.headers
                # The stylesheet applied (a CSP refusal would leave the default serif font).
                font = page.evaluate("getComputedStyle(document.body).fontFamily")
                assert font.strip().lower() != "serif", font
                assert page.locator("figure[data-chart] svg").count() >= 1 or path == "/"
            response = page.goto(base + "/docs")
            assert response is not None and response.status == 200
            # Swagger UI's script ran: it draws the operations of the OpenAPI document.
            page.wait_for_selector(".opblock", timeout=30_000)
            assert page.locator(".opblock").count() > 20
            assert not errors, errors
        finally:
            browser.close()


# --- N2: page renders -----------------------------------------------------------------------


def renders(server: LiveServer) -> int:
    count: int = httpx.get(server.url("/ready"), timeout=30).json()["renders"]
    return count


@pytest.fixture(scope="module")
def fresh_server(published_root: Path) -> Iterator[LiveServer]:
    """A server of its own: its render counter starts at 0."""
    live = start_server(published_root, {"ECONINDEX_WATCH_INTERVAL": "0"})
    yield live
    stop_server(live)


def test_distinct_host_headers_cause_no_new_renders(fresh_server: LiveServer) -> None:
    html = {"accept": "text/html"}
    path = f"/releases/{OLDER}"
    first = httpx.get(fresh_server.url(path), headers=html, timeout=120)
    assert first.status_code == 200
    drawn = renders(fresh_server)
    assert drawn >= 2  # wide and narrow of at least one chart
    etags = set()
    with httpx.Client(base_url=fresh_server.base_url, timeout=120) as http:
        for i in range(40):
            response = http.get(path, headers={**html, "host": f"h{i}.example:{1000 + i}"})
            assert response.status_code == 200
            etags.add(response.headers["etag"])
            # The citation names the server's own address, not the Host sent.
            assert f"h{i}.example" not in response.text
            assert fresh_server.base_url + f"/releases/{OLDER}" in response.text
        for i in range(10):  # and the machine-readable citations too
            bib = http.get(f"/v1/releases/{OLDER}/citation", headers={"host": f"c{i}.example"}).text
            assert f"url = {{{fresh_server.base_url}/v1/releases/{OLDER}}}" in bib
    assert etags == {first.headers["etag"]}
    assert renders(fresh_server) == drawn
    # The same chart on the `latest` page is not drawn again either (drawn once per spec).
    httpx.get(fresh_server.url(f"/releases/{USAGE}"), headers=html, timeout=120)
    after_usage = renders(fresh_server)
    httpx.get(fresh_server.url("/releases/latest"), headers=html, timeout=120)
    assert renders(fresh_server) == after_usage


def test_the_public_url_comes_from_configuration(published_root: Path) -> None:
    public = "https://econindex.example.org/api"
    live = start_server(
        published_root, {"ECONINDEX_WATCH_INTERVAL": "0", "ECONINDEX_PUBLIC_URL": public + "/"}
    )
    try:
        with httpx.Client(base_url=live.base_url, timeout=120) as http:
            for host in ("evil.example", "127.0.0.1"):
                bib = http.get(f"/v1/releases/{OLDER}/citation", headers={"host": host}).text
                assert f"url = {{{public}/v1/releases/{OLDER}}}" in bib
                croissant = http.get(f"/v1/releases/{OLDER}/croissant.json").json()
                assert croissant["url"] == f"{public}/v1/releases/{OLDER}"
                page = http.get(f"/releases/{OLDER}", headers={"accept": "text/html"}).text
                assert f"{public}/releases/{OLDER}" in page and "evil.example" not in page
    finally:
        stop_server(live)
    with pytest.raises(RuntimeError, match="exited"):  # refused at start, not per request
        start_server(published_root, {"ECONINDEX_PUBLIC_URL": "econindex.example.org"})


def test_health_answers_while_pages_render(fresh_server: LiveServer) -> None:
    """Pages that need renders are asked at once; /health is asked meanwhile, again and
    again: every /health is answered, and most of them before the pages are done."""
    codes = httpx.get(
        fresh_server.url(f"/v1/releases/{USAGE}/occupations?limit=6&sort=-share_pct"), timeout=60
    ).json()["data"]
    paths = [f"/occupations/{row['onet_soc_code']}" for row in codes]
    paths += [f"/releases/{USAGE}/occupations/{row['onet_soc_code']}" for row in codes]
    before = renders(fresh_server)
    results: dict[str, int] = {}

    def fetch(path: str) -> None:
        response = httpx.get(fresh_server.url(path), headers={"accept": "text/html"}, timeout=300)
        results[path] = response.status_code

    threads = [threading.Thread(target=fetch, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    health = []
    with httpx.Client(base_url=fresh_server.base_url, timeout=60) as http:
        while any(t.is_alive() for t in threads) and len(health) < 2000:
            health.append(http.get("/health").status_code)
    for thread in threads:
        thread.join(timeout=300)
    assert set(results.values()) <= {200, 503}, results  # 503: the page queue is full
    assert results and all(code in (200, 503) for code in results.values())
    assert health and set(health) == {200}
    assert renders(fresh_server) > before  # pages were drawn meanwhile
    # A page refused with 503 is built on a later request.
    for path, code in results.items():
        if code == 503:
            again = httpx.get(fresh_server.url(path), headers={"accept": "text/html"}, timeout=300)
            assert again.status_code in (200, 503)


def test_an_abandoned_page_build_is_cancelled(published_root: Path) -> None:
    """Clients that ask for pages and hang up at once leave no render backlog: a page asked
    afterwards is built with at most a few renders of the abandoned pages before it."""
    live = start_server(
        published_root, {"ECONINDEX_WATCH_INTERVAL": "0", "ECONINDEX_PAGE_WORKERS": "1"}
    )
    try:
        codes = httpx.get(
            live.url(f"/v1/releases/{USAGE}/occupations?limit=30&sort=-share_pct"), timeout=60
        ).json()["data"]
        host, port = live.base_url.removeprefix("http://").split(":")
        for row in codes[1:]:
            with socket.create_connection((host, int(port)), timeout=10) as sock:
                sock.sendall(
                    f"GET /occupations/{row['onet_soc_code']} HTTP/1.1\r\nHost: x\r\n"
                    "Accept: text/html\r\n\r\n".encode()
                )
                time.sleep(0.02)  # then hang up
        time.sleep(1.0)
        response = httpx.get(
            live.url(f"/occupations/{codes[0]['onet_soc_code']}"),
            headers={"accept": "text/html"},
            timeout=300,
        )
        assert response.status_code == 200
        # Each series page is one chart drawn twice; 29 abandoned pages would be 58 renders.
        assert renders(live) <= 2 + 2 * 4, renders(live)
    finally:
        stop_server(live)


# --- N4: a version that fails its first load -------------------------------------------------


def _stage_new_version(root: Path, release: str, staging: Path) -> tuple[dict[str, Any], Path]:
    """A new version of ``release`` (same tables, another descriptor: another package sha256),
    its files written under ``staging``; returns the catalog naming it and where its files
    belong."""
    catalog = json.loads((root / "catalog.json").read_text())
    entry = next(r for r in catalog["releases"] if r["id"] == release)
    current = entry["versions"][-1]
    new = json.loads(json.dumps(current))
    new["version"] = "9.0.0"
    new["path"] = current["path"].rsplit("/", 1)[0] + "/9.0.0"
    shutil.copytree(root / current["path"], staging)
    descriptor = json.loads((staging / "datapackage.json").read_text())
    descriptor["version"] = "9.0.0"
    data = json.dumps(descriptor, indent=2).encode()
    (staging / "datapackage.json").write_bytes(data)
    new["package_sha256"] = hashlib.sha256(data).hexdigest()
    new["package_bytes"] = len(data)
    entry["versions"].append(new)
    return catalog, root / new["path"]


def _write_catalog(root: Path, catalog: dict[str, Any]) -> None:
    staged = root / "catalog.json.tmp"
    staged.write_text(json.dumps(catalog, indent=2))
    os.replace(staged, root / "catalog.json")


def _status(server: LiveServer) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(server.url("/ready"), timeout=30).json()
    return body


def test_a_version_whose_files_come_after_its_catalog_is_retried(
    published_root: Path, tmp_path: Path
) -> None:
    root = tmp_path / "data"
    shutil.copytree(published_root, root)
    catalog, destination = _stage_new_version(root, USAGE, tmp_path / "staging")
    live = start_server(root, {"ECONINDEX_WATCH_INTERVAL": "0.2"})
    try:
        old = httpx.get(live.url(f"/v1/releases/{USAGE}/categories"))
        old_version = old.headers[models.HEADER_PACKAGE_VERSION]
        _write_catalog(root, catalog)  # the catalog first, its files not there yet

        def pending() -> dict[str, Any] | None:
            by_id = {r["id"]: r for r in _status(live)["releases"]}
            return by_id[USAGE] if by_id[USAGE].get("pending_version") == "9.0.0" else None

        status = wait_for(pending)
        assert status["available"] is True and status["version"] == old_version
        assert "datapackage.json" in status["pending_detail"]
        assert _status(live)["status"] == "degraded"
        for path in (f"/v1/releases/{USAGE}/categories", "/v1/releases/latest/categories"):
            response = httpx.get(live.url(path))
            assert response.status_code == 200, path
            assert response.headers[models.HEADER_RELEASE] == USAGE
            assert response.headers[models.HEADER_PACKAGE_VERSION] == old_version

        shutil.copytree(tmp_path / "staging", destination)  # the files arrive

        def loaded() -> bool:
            response = httpx.get(live.url("/v1/releases/latest/categories"))
            return response.headers.get(models.HEADER_PACKAGE_VERSION) == "9.0.0"

        wait_for(loaded, 90)  # backoff: 1, 2, 4, 8 ... s
        final = _status(live)
        assert final["status"] == "ready"
        assert all("pending_version" not in r for r in final["releases"])
        same = httpx.get(live.url(f"/v1/releases/{USAGE}/categories")).json()
        assert same["data"] == old.json()["data"]  # same tables, same answers
    finally:
        stop_server(live)


def test_a_file_missing_at_start_up_is_picked_up_when_it_arrives(
    published_root: Path, tmp_path: Path
) -> None:
    root = tmp_path / "data"
    shutil.copytree(published_root, root)
    catalog = json.loads((root / "catalog.json").read_text())
    entry = next(r for r in catalog["releases"] if r["id"] == USAGE)
    target = root / entry["versions"][-1]["path"] / "data" / "category_usage.parquet"
    kept = tmp_path / "kept.parquet"
    shutil.move(target, kept)
    live = start_server(root, {"ECONINDEX_WATCH_INTERVAL": "0.2"})
    try:
        assert httpx.get(live.url(f"/v1/releases/{USAGE}/categories")).status_code == 503
        # `latest` falls back to the newest usage release that is loaded.
        latest = httpx.get(live.url("/v1/releases/latest/categories"))
        assert latest.status_code == 200
        assert latest.headers[models.HEADER_RELEASE] == OLDER
        by_id = {r["id"]: r for r in _status(live)["releases"]}
        assert by_id[USAGE]["pending_version"] == entry["versions"][-1]["version"]
        assert "category_usage.parquet" in by_id[USAGE]["pending_detail"]
        shutil.move(kept, target)

        def recovered() -> bool:
            response = httpx.get(live.url("/v1/releases/latest/categories"))
            return response.headers.get(models.HEADER_RELEASE) == USAGE

        wait_for(recovered, 90)
        assert httpx.get(live.url(f"/v1/releases/{USAGE}/categories")).status_code == 200
        assert _status(live)["status"] == "ready"
    finally:
        stop_server(live)


# --- N6: compare and series answers while a release is down -----------------------------------


def test_compare_and_series_are_never_served_while_a_release_is_unavailable(
    published_root: Path, tmp_path: Path
) -> None:
    """Cycles of fault and repair of one usage release, with compare and series answers asked
    all along (a single miss worker, so that some are computed after the state they were asked
    in): whenever /ready says the release is down, none of them is a 200."""
    root = tmp_path / "data"
    shutil.copytree(published_root, root)
    catalog = json.loads((root / "catalog.json").read_text())
    entry = next(r for r in catalog["releases"] if r["id"] == OLDER)
    target = root / entry["versions"][-1]["path"] / "data" / "category_usage.csv"
    original = target.read_bytes()
    live = start_server(
        root,
        {
            "ECONINDEX_WATCH_INTERVAL": "0.1",
            "ECONINDEX_MISS_WORKERS": "1",
            "ECONINDEX_MISS_INLINE_US": "0",
        },
    )
    urls = [
        f"/v1/compare/{OLDER}/{USAGE}/categories",
        f"/v1/compare/{OLDER}/latest/categories?limit=5",
        "/v1/series/categories/15",
        "/v1/series/categories/43",
        "/v1/series/occupations/15-1252.00",
    ]
    stop = threading.Event()

    def ask_all_along() -> None:
        with httpx.Client(base_url=live.base_url, timeout=60) as http:
            while not stop.is_set():
                for url in urls:
                    http.get(url)
                # slow misses in the one worker, so that answers lag behind the state
                http.get(f"/v1/releases/{USAGE}/tasks?format=csv&limit=5000&q=data")

    asker = threading.Thread(target=ask_all_along)
    asker.start()
    served_while_down: list[str] = []
    try:
        with httpx.Client(base_url=live.base_url, timeout=60) as http:
            for cycle in range(6):
                target.write_bytes(bytes([original[0] ^ 0x01]) + original[1:])
                wait_for(lambda: not _available(http, OLDER), 30)
                for url in urls:
                    response = http.get(url)
                    if response.status_code == 200 and not _available(http, OLDER):
                        served_while_down.append(f"cycle {cycle}: {url}")
                    elif response.status_code != 200:
                        problem(response, 503, "release-unavailable")
                target.write_bytes(original)
                wait_for(lambda: _available(http, OLDER), 30)
                time.sleep(0.3)  # answers computed after the repair, asked during the fault
    finally:
        stop.set()
        asker.join(timeout=120)
        stop_server(live)
    assert not served_while_down, served_while_down


def _available(http: httpx.Client, release: str) -> bool:
    by_id = {r["id"]: r for r in http.get("/ready").json()["releases"]}
    return bool(by_id[release]["available"])


def test_serve_refuses_a_public_url_that_is_not_http(
    published_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from econindex_api import cli

    for bad in ("ftp://example.org", "example.org", "https://example.org/?x=1", "https://"):
        code = cli.main(["serve", "--data", str(published_root), "--public-url", bad])
        assert code == 2, bad
        assert "--public-url" in capsys.readouterr().err
