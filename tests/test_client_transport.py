"""The client's transport against small scripted HTTP servers on 127.0.0.1.

The real API never fails on purpose, so retries, rate limits, timeouts, dropped connections,
corrupted or interrupted downloads and malformed bodies are exercised here against a real
HTTP server (stdlib ``http.server`` in a thread, real sockets) that answers from a script:
each path has a list of steps, used in order, the last one repeating. The server records
every request so tests can count retries and look at the headers the client sent.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import random
import socket
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import msgspec
import pytest

from econindex_api import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncClient,
    BadRequestError,
    Client,
    EconindexError,
    FileCache,
    IntegrityError,
    MemoryCache,
    NotFoundError,
    RateLimitError,
    ResponseValidationError,
    RetryPolicy,
    ServerError,
    models,
)
from econindex_api.client._retry import backoff_delay, is_retryable_status, parse_retry_after

FAST = RetryPolicy(max_retries=3, initial_delay=0.01, max_delay=0.05)

Handler = BaseHTTPRequestHandler
Step = Callable[[Handler], None]


# ---------------------------------------------------------------------------------------------
# The scripted server
# ---------------------------------------------------------------------------------------------


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


@dataclass
class ScriptedServer:
    routes: dict[str, list[Step]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    base_url: str = ""

    def route(self, path: str, *steps: Step) -> None:
        self.routes[path] = list(steps)

    def hits(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path.split("?")[0] == path]


def _make_handler(script: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    lock = threading.Lock()

    class ScriptHandler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            with lock:
                script.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
                steps = script.routes.get(path)
                if not steps:
                    step: Step = problem(404, models.PROBLEM_NOT_FOUND, f"no route {path}")
                else:
                    step = steps.pop(0) if len(steps) > 1 else steps[0]
            step(self)

    return ScriptHandler


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    script = ScriptedServer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(script))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    script.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    yield script
    server.shutdown()
    server.server_close()


def send(
    status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
) -> Step:
    def step(handler: Handler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return step


def ok(model: msgspec.Struct, headers: dict[str, str] | None = None) -> Step:
    return send(200, msgspec.json.encode(model), "application/json", headers)


def problem(
    status: int, type_: str, detail: str, headers: dict[str, str] | None = None, **extra: object
) -> Step:
    body = json.dumps(
        {"type": type_, "title": f"title {status}", "status": status, "detail": detail, **extra}
    ).encode()
    return send(status, body, "application/problem+json", headers)


def drop() -> Step:
    """Close the connection without answering (a crashed or restarting server)."""

    def step(handler: Handler) -> None:
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    return step


def stall(seconds: float) -> Step:
    def step(handler: Handler) -> None:
        time.sleep(seconds)
        handler.close_connection = True

    return step


def serve_file(
    blob: bytes,
    *,
    etag: str | None = None,
    honour_range: bool = True,
    cut_after: int | None = None,
) -> Step:
    """Serve ``blob`` with Range support; ``cut_after`` closes the connection after that many
    body bytes (an interrupted transfer)."""

    def step(handler: Handler) -> None:
        start = 0
        status = 200
        range_header = handler.headers.get("Range")
        if range_header and honour_range:
            start = int(range_header.removeprefix("bytes=").split("-")[0])
            if start >= len(blob):
                problem(
                    416,
                    models.PROBLEM_RANGE_NOT_SATISFIABLE,
                    "past the end",
                    {"Content-Range": f"bytes */{len(blob)}"},
                )(handler)
                return
            status = 206
        body = blob[start:]
        handler.send_response(status)
        handler.send_header("Content-Type", "application/octet-stream")
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Accept-Ranges", "bytes")
        if etag is not None:
            handler.send_header("ETag", f'"{etag}"')
        if status == 206:
            handler.send_header("Content-Range", f"bytes {start}-{len(blob) - 1}/{len(blob)}")
        handler.end_headers()
        if cut_after is not None:
            handler.wfile.write(body[:cut_after])
            handler.wfile.flush()
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        handler.wfile.write(body)

    return step


HEALTH = models.Health(version="9.9.9")


# ---------------------------------------------------------------------------------------------
# Retry policy: pure functions
# ---------------------------------------------------------------------------------------------


def test_retry_after_parses_seconds_and_http_dates() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 0.5 ") == 0.5
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    now = datetime(2015, 10, 21, 7, 27, 50, tzinfo=UTC)
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=now) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now=now) == 0.0


def test_backoff_doubles_with_at_most_a_quarter_of_jitter() -> None:
    rng = random.Random(1)
    for attempt, base in enumerate([0.5, 1.0, 2.0, 4.0, 8.0, 8.0]):
        for _ in range(50):
            delay = backoff_delay(attempt, 0.5, 8.0, rng)
            assert base * 0.75 <= delay <= base
    delays = {backoff_delay(2, 0.5, 8.0, rng) for _ in range(20)}
    assert len(delays) > 1  # jittered, not a constant


def test_retry_after_wins_over_backoff_and_is_capped() -> None:
    policy = RetryPolicy(max_retries=2, initial_delay=5.0, max_retry_after=30.0)
    assert policy.delay(0, retry_after=1.5) == 1.5
    assert policy.delay(0, retry_after=3600.0) == 30.0
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)


def test_only_429_and_5xx_are_retryable() -> None:
    assert [
        s
        for s in (400, 401, 403, 404, 405, 408, 409, 422, 429, 500, 502, 503, 504)
        if is_retryable_status(s)
    ] == [429, 500, 502, 503, 504]


# ---------------------------------------------------------------------------------------------
# Retries against a server that fails a set number of times
# ---------------------------------------------------------------------------------------------


def test_retries_5xx_then_succeeds(scripted: ScriptedServer) -> None:
    scripted.route(
        "/health",
        problem(503, models.PROBLEM_NOT_READY, "warming up"),
        problem(500, models.PROBLEM_INTERNAL, "oops"),
        ok(HEALTH),
    )
    with Client(scripted.base_url, retry_policy=FAST) as client:
        assert client.health() == HEALTH
    assert len(scripted.hits("/health")) == 3


def test_retries_dropped_connections_then_succeeds(scripted: ScriptedServer) -> None:
    scripted.route("/health", drop(), drop(), ok(HEALTH))
    with Client(scripted.base_url, retry_policy=FAST) as client:
        assert client.health().version == "9.9.9"
    assert len(scripted.hits("/health")) == 3


def test_gives_up_after_max_retries_with_the_last_error(scripted: ScriptedServer) -> None:
    scripted.route("/health", problem(502, models.PROBLEM_INTERNAL, "bad gateway"))
    policy = RetryPolicy(max_retries=2, initial_delay=0.01)
    with (
        Client(scripted.base_url, retry_policy=policy) as client,
        pytest.raises(ServerError) as info,
    ):
        client.health()
    assert len(scripted.hits("/health")) == 3  # the first try and two retries
    err = info.value
    assert (err.status, err.type, err.detail) == (502, models.PROBLEM_INTERNAL, "bad gateway")
    assert err.url == scripted.base_url + "/health"


def test_max_retries_zero_sends_one_request(scripted: ScriptedServer) -> None:
    scripted.route("/health", problem(503, models.PROBLEM_NOT_READY, "later"), ok(HEALTH))
    with Client(scripted.base_url, max_retries=0) as client, pytest.raises(ServerError):
        client.health()
    assert len(scripted.hits("/health")) == 1


@pytest.mark.parametrize(
    ("status", "type_", "error"),
    [
        (400, models.PROBLEM_INVALID_PARAMETER, BadRequestError),
        (422, models.PROBLEM_INVALID_PARAMETER, BadRequestError),
        (404, models.PROBLEM_UNKNOWN_RELEASE, NotFoundError),
        (405, models.PROBLEM_METHOD_NOT_ALLOWED, APIStatusError),
        (406, models.PROBLEM_NOT_ACCEPTABLE, APIStatusError),
    ],
)
def test_other_4xx_are_never_retried(
    scripted: ScriptedServer, status: int, type_: str, error: type[APIStatusError]
) -> None:
    scripted.route("/health", problem(status, type_, "no", parameter="limit"), ok(HEALTH))
    with Client(scripted.base_url, retry_policy=FAST) as client, pytest.raises(error) as info:
        client.health()
    assert type(info.value) is error
    assert len(scripted.hits("/health")) == 1
    assert info.value.status == status
    assert info.value.type == type_
    assert info.value.problem["parameter"] == "limit"


def test_retry_after_is_honoured(scripted: ScriptedServer) -> None:
    scripted.route(
        "/health",
        problem(
            429,
            "https://econindex.invalid/problems/rate-limited",
            "slow down",
            {"Retry-After": "1"},
        ),
        ok(HEALTH),
    )
    # Backoff alone would wait 10 ms: the 1 s measured below can only come from Retry-After.
    with Client(scripted.base_url, retry_policy=FAST) as client:
        started = time.monotonic()
        assert client.health() == HEALTH
        waited = time.monotonic() - started
    assert waited >= 1.0
    assert len(scripted.hits("/health")) == 2


def test_rate_limit_error_after_retries_carries_retry_after(scripted: ScriptedServer) -> None:
    scripted.route(
        "/health",
        problem(
            429, "https://econindex.invalid/problems/rate-limited", "quota", {"Retry-After": "0"}
        ),
    )
    with (
        Client(scripted.base_url, retry_policy=FAST) as client,
        pytest.raises(RateLimitError) as info,
    ):
        client.health()
    assert info.value.retry_after == 0.0
    assert info.value.status == 429
    assert info.value.detail == "quota"
    assert len(scripted.hits("/health")) == 4


def test_timeouts_are_retried_then_raise_timeout_error(scripted: ScriptedServer) -> None:
    scripted.route("/health", stall(1.0))
    policy = RetryPolicy(max_retries=1, initial_delay=0.01)
    with (
        Client(scripted.base_url, timeout=0.2, retry_policy=policy) as client,
        pytest.raises(APITimeoutError) as info,
    ):
        client.health()
    assert len(scripted.hits("/health")) == 2
    assert info.value.status is None and info.value.type is None
    assert info.value.url == scripted.base_url + "/health"
    assert isinstance(info.value, APIConnectionError)


def test_connection_refused_raises_connection_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on the port any more.
    with (
        Client(f"http://127.0.0.1:{port}", retry_policy=FAST) as client,
        pytest.raises(APIConnectionError) as info,
    ):
        client.health()
    assert not isinstance(info.value, APITimeoutError)
    assert info.value.url == f"http://127.0.0.1:{port}/health"
    assert "ConnectError" in str(info.value)


def test_async_client_retries_the_same_way(scripted: ScriptedServer) -> None:
    scripted.route(
        "/health",
        drop(),
        problem(
            429, "https://econindex.invalid/problems/rate-limited", "wait", {"Retry-After": "0"}
        ),
        problem(503, models.PROBLEM_NOT_READY, "later"),
        ok(HEALTH),
    )

    async def main() -> models.Health:
        async with AsyncClient(scripted.base_url, retry_policy=FAST) as client:
            return await client.health()

    assert asyncio.run(main()) == HEALTH
    assert len(scripted.hits("/health")) == 4


def test_async_client_never_retries_404(scripted: ScriptedServer) -> None:
    scripted.route("/health", problem(404, models.PROBLEM_NOT_FOUND, "gone"))

    async def main() -> None:
        async with AsyncClient(scripted.base_url, retry_policy=FAST) as client:
            await client.health()

    with pytest.raises(NotFoundError, match="gone"):
        asyncio.run(main())
    assert len(scripted.hits("/health")) == 1


# ---------------------------------------------------------------------------------------------
# Bodies, headers, configuration
# ---------------------------------------------------------------------------------------------


def test_a_body_that_does_not_match_the_model_names_the_field(scripted: ScriptedServer) -> None:
    scripted.route("/health", send(200, b'{"status": "ok", "version": 3}', "application/json"))
    with Client(scripted.base_url) as client, pytest.raises(ResponseValidationError) as info:
        client.health()
    assert "$.version" in str(info.value)
    assert "Health" in str(info.value)
    assert isinstance(info.value, EconindexError)


def test_an_error_without_problem_json_still_maps_to_its_class(scripted: ScriptedServer) -> None:
    scripted.route("/health", send(404, b"<html>nope</html>", "text/html"))
    with Client(scripted.base_url) as client, pytest.raises(NotFoundError) as info:
        client.health()
    assert info.value.type is None
    assert info.value.detail == "<html>nope</html>"
    assert info.value.problem == {}


def test_user_agent_accept_and_custom_headers_are_sent(scripted: ScriptedServer) -> None:
    from econindex_api import __version__

    scripted.route("/health", ok(HEALTH))
    with Client(scripted.base_url, headers={"X-Team": "labour"}) as client:
        client.health()
    headers = scripted.seen[0].headers
    assert headers["user-agent"].startswith(f"econindex-api-python/{__version__} ")
    assert headers["accept"] == "application/json"
    assert headers["x-team"] == "labour"


def test_base_url_from_environment_and_v1_suffix(
    scripted: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripted.route("/health", ok(HEALTH))
    monkeypatch.setenv("ECONINDEX_API_URL", scripted.base_url + "/v1/")
    with Client() as client:
        assert client.base_url == scripted.base_url
        assert client.health() == HEALTH
    with Client("http://elsewhere.invalid") as client:
        assert client.base_url == "http://elsewhere.invalid"  # the argument wins
    with pytest.raises(ValueError, match="http://"):
        Client("127.0.0.1:8000")


def test_injected_http_client_is_used_and_left_open(scripted: ScriptedServer) -> None:
    scripted.route("/health", ok(HEALTH))
    statuses: list[int] = []
    http = httpx.Client(event_hooks={"response": [lambda r: statuses.append(r.status_code)]})
    with Client(scripted.base_url, http_client=http) as client:
        client.health()
    assert statuses == [200]
    assert not http.is_closed  # the caller owns it
    http.close()


def test_conditional_requests_reuse_the_cached_body(
    scripted: ScriptedServer, tmp_path: Path
) -> None:
    body = msgspec.json.encode(HEALTH)

    def conditional(handler: Handler) -> None:
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_response(304)
            handler.send_header("ETag", '"v1"')
            handler.end_headers()
        else:
            send(200, body, "application/json", {"ETag": '"v1"'})(handler)

    scripted.route("/health", conditional)
    for cache in (MemoryCache(), FileCache(tmp_path / "cache")):
        scripted.seen.clear()
        with Client(scripted.base_url, cache=cache) as client:
            assert client.health() == HEALTH
            assert client.health() == HEALTH
        assert [s.headers.get("if-none-match") for s in scripted.seen] == [None, '"v1"']
    # A second process (new client, same directory) starts with a warm cache.
    scripted.seen.clear()
    with Client(scripted.base_url, cache=FileCache(tmp_path / "cache")) as client:
        assert client.health() == HEALTH
    assert scripted.seen[0].headers.get("if-none-match") == '"v1"'


# ---------------------------------------------------------------------------------------------
# Downloads: a synthetic release served by the scripted server
# ---------------------------------------------------------------------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class SyntheticRelease:
    table: bytes
    descriptor: bytes
    zip: bytes
    detail: models.ReleaseDetail


def synthetic_release() -> SyntheticRelease:
    """A tiny package built here: one CSV table, its descriptor and the zip of both."""
    rows = "".join(f"{i},{i * i / 7:.6f}\n" for i in range(20_000))
    table = ("id,value_pct\n" + rows).encode()
    descriptor = json.dumps(
        {
            "name": "econindex-test",
            "version": "1.0.0",
            "resources": [
                {
                    "name": "values",
                    "path": "data/values.csv",
                    "bytes": len(table),
                    "hash": "sha256:" + _sha(table),
                }
            ],
        },
        indent=2,
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", descriptor)
        archive.writestr("data/values.csv", table)
    package = buffer.getvalue()
    base = "/v1/releases/2001-01-01"
    provenance = models.Provenance(
        release_id="2001-01-01",
        requested="2001-01-01",
        version="1.0.0",
        package_sha256=_sha(descriptor),
    )
    csv_link = models.FileLink(
        href=f"{base}/resources/values.csv",
        bytes=len(table),
        sha256=_sha(table),
        media_type="text/csv",
    )
    summary = models.ReleaseSummary(
        id="2001-01-01",
        series="usage",
        title="t",
        description="d",
        date="2001-01-01",
        version="1.0.0",
        versions=["1.0.0"],
        created="2001-01-02T00:00:00Z",
        measures=["share_pct"],
        package_sha256=_sha(descriptor),
        package_bytes=len(descriptor),
        is_latest=True,
        links=models.ReleaseLinks(
            self=base,
            datapackage=f"{base}/datapackage.json",
            package_zip=f"{base}/package.zip",
            endpoints={},
        ),
    )
    detail = models.ReleaseDetail(
        release=summary,
        requested="2001-01-01",
        resources=[
            models.ResourceInfo(
                name="values", title="Values", rows=20_000, csv=csv_link, parquet=csv_link
            )
        ],
        provenance=provenance,
    )
    return SyntheticRelease(table, descriptor, package, detail)


BASE = "/v1/releases/2001-01-01"


@pytest.fixture
def release(scripted: ScriptedServer) -> SyntheticRelease:
    synthetic = synthetic_release()
    scripted.route(BASE, ok(synthetic.detail))
    scripted.route(f"{BASE}/datapackage.json", send(200, synthetic.descriptor, "application/json"))
    return synthetic


def test_download_resource_is_verified_and_atomic(
    scripted: ScriptedServer, release: SyntheticRelease, tmp_path: Path
) -> None:
    scripted.route(
        f"{BASE}/resources/values.csv", serve_file(release.table, etag=_sha(release.table))
    )
    progress: list[tuple[int, int | None]] = []
    with Client(scripted.base_url, retry_policy=FAST) as client:
        path = client.packages.download_resource(
            "2001-01-01",
            "values",
            format="csv",
            dest=tmp_path,
            progress=lambda done, total: progress.append((done, total)),
        )
    assert path == tmp_path / "econindex-2001-01-01-1.0.0-values.csv"
    assert path.read_bytes() == release.table
    assert progress[0] == (0, len(release.table))
    assert progress[-1] == (len(release.table), len(release.table))
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no partial left
    assert scripted.hits(f"{BASE}/resources/values.csv")[0].headers["accept-encoding"] == "identity"


def test_corrupted_download_raises_and_leaves_nothing(
    scripted: ScriptedServer, release: SyntheticRelease, tmp_path: Path
) -> None:
    corrupt = bytearray(release.table)
    corrupt[1000] ^= 0xFF  # same size, one flipped byte
    scripted.route(f"{BASE}/resources/values.csv", serve_file(bytes(corrupt)))
    with (
        Client(scripted.base_url, retry_policy=FAST) as client,
        pytest.raises(IntegrityError) as info,
    ):
        client.packages.download_resource("2001-01-01", "values", format="csv", dest=tmp_path)
    assert info.value.expected == _sha(release.table)
    assert info.value.actual == _sha(bytes(corrupt))
    assert info.value.url == scripted.base_url + f"{BASE}/resources/values.csv"
    assert list(tmp_path.iterdir()) == []


def test_truncated_download_is_an_integrity_error(
    scripted: ScriptedServer, release: SyntheticRelease, tmp_path: Path
) -> None:
    scripted.route(f"{BASE}/resources/values.csv", serve_file(release.table[:-10]))
    with (
        Client(scripted.base_url, retry_policy=FAST) as client,
        pytest.raises(IntegrityError, match="announces"),
    ):
        client.packages.download_resource("2001-01-01", "values", format="csv", dest=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_interrupted_download_resumes_with_a_range_request(
    scripted: ScriptedServer, release: SyntheticRelease, tmp_path: Path
) -> None:
    etag = _sha(release.table)
    scripted.route(
        f"{BASE}/resources/values.csv",
        serve_file(release.table, etag=etag, cut_after=100_000),
        serve_file(release.table, etag=etag),
    )
    progress: list[int] = []
    with Client(scripted.base_url, retry_policy=FAST) as client:
        path = client.packages.download_resource(
            "2001-01-01",
            "values",
            format="csv",
            dest=tmp_path / "values.csv",
            progress=lambda done, total: progress.append(done),
        )
    assert path == tmp_path / "values.csv"
    assert path.read_bytes() == release.table
    hits = scripted.hits(f"{BASE}/resources/values.csv")
    assert "range" not in hits[0].headers
    assert hits[1].headers["range"] == "bytes=100000-"
    assert 100_000 in progress  # the second attempt started where the first stopped
    assert [p.name for p in tmp_path.iterdir()] == ["values.csv"]


def test_partial_file_from_an_earlier_session_is_resumed(
    scripted: ScriptedServer, release: SyntheticRelease, tmp_path: Path
) -> None:
    sha = _sha(release.table)
    target = tmp_path / "econindex-2001-01-01-1.0.0-values.csv"
    partial = tmp_path / f".{target.name}.{sha}.part"
    partial.write_bytes(release.table[:12_345])
    scripted.route(f"{BASE}/resources/values.csv", serve_file(release.table, etag=sha))
    with Client(scripted.base_url) as client:
        path = client.packages.download_resource(
            "2001-01-01", "values", format="csv", dest=tmp_path
        )
    assert path.read_bytes() == release.table
    assert scripted.hits(f"{BASE}/resources/values.csv")[0].headers["range"] == "bytes=12345-"
    assert not partial.exists()


def test_corrupt_partial_file_is_detected_and_downloaded_again(
    scripted: ScriptedServer, release: SyntheticRelease, tmp_path: Path
) -> None:
    sha = _sha(release.table)
    target = tmp_path / "econindex-2001-01-01-1.0.0-values.csv"
    (tmp_path / f".{target.name}.{sha}.part").write_bytes(b"X" * 5000)  # not the file's bytes
    scripted.route(f"{BASE}/resources/values.csv", serve_file(release.table, etag=sha))
    with Client(scripted.base_url) as client:
        path = client.packages.download_resource(
            "2001-01-01", "values", format="csv", dest=tmp_path
        )
    assert path.read_bytes() == release.table
    ranges = [h.headers.get("range") for h in scripted.hits(f"{BASE}/resources/values.csv")]
    assert ranges == ["bytes=5000-", None]  # resumed, failed the check, then from zero
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_server_ignoring_range_restarts_cleanly(
    scripted: ScriptedServer, release: SyntheticRelease, tmp_path: Path
) -> None:
    sha = _sha(release.table)
    target = tmp_path / "econindex-2001-01-01-1.0.0-values.csv"
    (tmp_path / f".{target.name}.{sha}.part").write_bytes(release.table[:777])
    scripted.route(f"{BASE}/resources/values.csv", serve_file(release.table, honour_range=False))
    with Client(scripted.base_url) as client:
        path = client.packages.download_resource(
            "2001-01-01", "values", format="csv", dest=tmp_path
        )
    assert path.read_bytes() == release.table


def test_valid_existing_file_is_not_downloaded_again(
    scripted: ScriptedServer, release: SyntheticRelease, tmp_path: Path
) -> None:
    scripted.route(f"{BASE}/resources/values.csv", serve_file(release.table))
    with Client(scripted.base_url) as client:
        first = client.packages.download_resource(
            "2001-01-01", "values", format="csv", dest=tmp_path
        )
        second = client.packages.download_resource(
            "2001-01-01", "values", format="csv", dest=tmp_path
        )
    assert first == second
    assert len(scripted.hits(f"{BASE}/resources/values.csv")) == 1


def test_package_zip_is_checked_against_the_descriptor(
    scripted: ScriptedServer, release: SyntheticRelease, tmp_path: Path
) -> None:
    scripted.route(f"{BASE}/package.zip", serve_file(release.zip, etag=_sha(release.zip)))
    with Client(scripted.base_url) as client:
        path = client.packages.download("2001-01-01", dest=tmp_path / "pkgs")
        assert client.packages.datapackage("2001-01-01")["resources"][0]["name"] == "values"
    assert path == tmp_path / "pkgs" / "econindex-2001-01-01-1.0.0.zip"
    assert path.read_bytes() == release.zip


def test_package_zip_with_a_wrong_member_is_rejected(
    scripted: ScriptedServer, release: SyntheticRelease, tmp_path: Path
) -> None:
    # A well-formed zip whose table differs from what the (genuine) descriptor lists; its
    # ETag matches its own bytes, so only the member check can catch it.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("datapackage.json", release.descriptor)
        archive.writestr("data/values.csv", release.table.replace(b"1,0.142857", b"1,0.142858"))
    bad = buffer.getvalue()
    scripted.route(f"{BASE}/package.zip", serve_file(bad, etag=_sha(bad)))
    with (
        Client(scripted.base_url) as client,
        pytest.raises(IntegrityError, match=r"data/values\.csv has the wrong sha256"),
    ):
        client.packages.download("2001-01-01", dest=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_tampered_descriptor_is_rejected(
    scripted: ScriptedServer, release: SyntheticRelease
) -> None:
    scripted.route(
        f"{BASE}/datapackage.json",
        send(200, release.descriptor.replace(b"1.0.0", b"1.0.1"), "application/json"),
    )
    with Client(scripted.base_url) as client, pytest.raises(IntegrityError) as info:
        client.packages.datapackage("2001-01-01")
    assert info.value.expected == _sha(release.descriptor)


def test_download_http_errors_map_to_exceptions(
    scripted: ScriptedServer, release: SyntheticRelease, tmp_path: Path
) -> None:
    scripted.route(
        f"{BASE}/resources/values.csv",
        problem(503, models.PROBLEM_RELEASE_UNAVAILABLE, "files failed checks"),
        serve_file(release.table),
    )
    with Client(scripted.base_url, retry_policy=FAST) as client:
        path = client.packages.download_resource(
            "2001-01-01", "values", format="csv", dest=tmp_path
        )
        assert path.read_bytes() == release.table
        with pytest.raises(ValueError, match="no resource 'nope'; it has: values"):
            client.packages.download_resource("2001-01-01", "nope", dest=tmp_path)
    scripted.route(f"{BASE}/package.zip", problem(404, models.PROBLEM_UNKNOWN_RESOURCE, "no zip"))
    with Client(scripted.base_url, retry_policy=FAST) as client, pytest.raises(NotFoundError):
        client.packages.download("2001-01-01", dest=tmp_path)
    assert len(scripted.hits(f"{BASE}/package.zip")) == 1


def test_async_download_resumes_and_verifies(
    scripted: ScriptedServer, release: SyntheticRelease, tmp_path: Path
) -> None:
    etag = _sha(release.table)
    scripted.route(
        f"{BASE}/resources/values.csv",
        serve_file(release.table, etag=etag, cut_after=50_000),
        serve_file(release.table, etag=etag),
    )
    scripted.route(f"{BASE}/package.zip", serve_file(release.zip, etag=_sha(release.zip)))

    async def main() -> tuple[Path, Path]:
        async with AsyncClient(scripted.base_url, retry_policy=FAST) as client:
            table = await client.packages.download_resource(
                "2001-01-01", "values", format="csv", dest=tmp_path
            )
            package = await client.packages.download("2001-01-01", dest=tmp_path)
            return table, package

    table, package = asyncio.run(main())
    assert table.read_bytes() == release.table
    assert package.read_bytes() == release.zip
    hits = scripted.hits(f"{BASE}/resources/values.csv")
    assert hits[1].headers["range"] == "bytes=50000-"


@pytest.mark.parametrize(
    "sent",
    [
        models.PROBLEM_UNKNOWN_OCCUPATION,  # this server
        "https://econindex.invalid/problems/unknown-occupation",  # servers before 2026-12
    ],
)
def test_both_spellings_of_a_type_map_to_the_constant(scripted: ScriptedServer, sent: str) -> None:
    suggestion = {"label": "15-1132.00 x", "href": "/v1/x", "code": "15-1132.00"}
    scripted.route("/health", problem(404, sent, "no", suggestions=[suggestion]))
    with (
        Client(scripted.base_url, retry_policy=FAST) as client,
        pytest.raises(NotFoundError) as info,
    ):
        client.health()
    assert info.value.type == models.PROBLEM_UNKNOWN_OCCUPATION
    assert info.value.kind == "unknown-occupation"
    assert info.value.problem["type"] == sent  # the body as sent
    assert info.value.suggestions == [suggestion]
