"""Shared fixtures: the real raw data, a real build of it, and a real server over that build.

The raw releases are read from ``../shared/aei`` (beside the repository), or from
``ECONINDEX_RAW`` when set. Nothing derived from them is written inside the repository: the
build goes to pytest's temporary directory.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parent.parent


def _raw_root() -> Path:
    env = os.environ.get("ECONINDEX_RAW")
    return Path(env) if env else REPO.parent / "shared" / "aei"


@pytest.fixture(scope="session")
def raw_root() -> Path:
    root = _raw_root()
    if not (root / "release_2025_02_10").is_dir():
        pytest.fail(f"real raw data not found at {root} (set ECONINDEX_RAW)")
    return root


@pytest.fixture(scope="session")
def published_root(raw_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both real releases built and published once for the whole session (read-only)."""
    from econindex_api.publishing.pipeline import build_all

    out = tmp_path_factory.mktemp("published")
    build_all(raw_root, out)
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class LiveServer:
    base_url: str
    data_root: Path
    process: subprocess.Popen[bytes]

    def url(self, path: str) -> str:
        return self.base_url + path


def on_server(body: Any, server: LiveServer) -> Any:
    """A list page's JSON with its absolute ``next`` link (which names ``server``'s address)
    made path-absolute, so that the answers of two servers compare equal."""
    link = body.get("next") if isinstance(body, dict) else None
    if link is not None:
        assert link.startswith(server.base_url + "/v1/"), link
        body = {**body, "next": link.removeprefix(server.base_url)}
    return body


def start_server(
    data_root: Path, extra_env: dict[str, str] | None = None, log: Path | None = None
) -> LiveServer:
    """Start ``econindex serve``'s app under uvicorn on 127.0.0.1 and wait until /health answers
    (its stderr goes to ``log`` when given)."""
    port = free_port()
    env = {**os.environ, "ECONINDEX_DATA": str(data_root), **(extra_env or {})}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "econindex_api.server.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=REPO,
        stderr=log.open("wb") if log is not None else None,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        try:
            if httpx.get(base_url + "/health", timeout=1).status_code == 200:
                return LiveServer(base_url, data_root, process)
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not become healthy within 60 s")


def stop_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def live_server(published_root: Path) -> Iterator[LiveServer]:
    """One real server over the session's published releases."""
    server = start_server(published_root)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def long_root(published_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real releases plus 2025-09-15 built ``--unpinned`` from its real partial rows (all
    US-state rows, 999 country rows, 499 API rows; tests/test_build_longformat.py), in one
    data root with one catalog."""
    import shutil

    from econindex_api.catalog import Catalog, decode_catalog, encode_catalog
    from econindex_api.publishing.pipeline import build_all
    from tests.test_build_longformat import make_partial_raw

    raw = make_partial_raw(_raw_root(), tmp_path_factory.mktemp("raw-long-shared"))
    built = tmp_path_factory.mktemp("published-long-shared")
    build_all(raw, built, release="2025-09-15", unpinned=True)
    root = tmp_path_factory.mktemp("long-root") / "data"
    shutil.copytree(published_root, root)
    shutil.copytree(built / "releases" / "2025-09-15", root / "releases" / "2025-09-15")
    first = decode_catalog((root / "catalog.json").read_bytes())
    extra = decode_catalog((built / "catalog.json").read_bytes())
    merged = Catalog(releases=(*first.releases, *extra.releases))
    (root / "catalog.json").write_bytes(encode_catalog(merged))
    return root


@pytest.fixture(scope="session")
def long_server(long_root: Path) -> Iterator[LiveServer]:
    """One real server over the real releases and the unpinned 2025-09-15 build."""
    server = start_server(long_root)
    yield server
    stop_server(server)


NOV = "2025-11-13,2025-11-20,Claude AI (Free and Pro)"
API_NOV = "2025-11-13,2025-11-20,1P API"
HEADER = (
    "geo_id,geography,date_start,date_end,platform_and_product,facet,level,variable,"
    "cluster_name,value\n"
)
# US-CA and US-NY only: US-TX (in 2025-09-15) is absent from this release.
JANUARY_CLAUDE = f"""GLOBAL,global,{NOV},onet_task,0,onet_task_pct,write code.,100.0
GLOBAL,global,{NOV},human_only_time,0,human_only_time_mean,,2.75
US,country,{NOV},country,0,usage_count,,900.0
US,country,{NOV},country,0,usage_pct,,90.0
AO,country,{NOV},country,0,usage_count,,100.0
AO,country,{NOV},country,0,usage_pct,,10.0
US-CA,country-state,{NOV},country-state,0,usage_count,,300.0
US-CA,country-state,{NOV},country-state,0,usage_pct,,60.0
US-NY,country-state,{NOV},country-state,0,usage_count,,200.0
US-NY,country-state,{NOV},country-state,0,usage_pct,,40.0
"""
JANUARY_API = f"GLOBAL,global,{API_NOV},collaboration,0,collaboration_pct,directive,100.0\n"


@pytest.fixture(scope="session")
def series_server(
    long_root: Path, raw_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A server over ``long_root`` plus two fixtures built ``--unpinned``: 2026-01-15
    (``JANUARY_CLAUDE``, first format) and 2026-06-26 (tests/longv2_fixture.py, two months)."""
    import shutil

    from econindex_api.catalog import Catalog, decode_catalog, encode_catalog
    from econindex_api.publishing.pipeline import build_all
    from econindex_api.publishing.recipes import RELEASE_2026_01_15
    from tests import longv2_fixture

    raw = tmp_path_factory.mktemp("raw-series")
    longv2_fixture.make_raw(raw_root, raw)
    fmt = RELEASE_2026_01_15.long_format
    assert fmt is not None
    for platform, body in (("claude_ai", JANUARY_CLAUDE), ("1p_api", JANUARY_API)):
        path = raw / "release_2026_01_15" / dict(fmt.usage)[platform]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER + body, encoding="utf-8")
    root = tmp_path_factory.mktemp("series-root") / "data"
    shutil.copytree(long_root, root)
    for release in ("2026-01-15", "2026-06-26"):
        built = tmp_path_factory.mktemp(f"built-{release}")
        results = build_all(raw, built, release=release, unpinned=True)
        assert [r.outcome for r in results] == ["published"], results
        shutil.copytree(built / "releases" / release, root / "releases" / release)
        first = decode_catalog((root / "catalog.json").read_bytes())
        extra = decode_catalog((built / "catalog.json").read_bytes())
        (root / "catalog.json").write_bytes(
            encode_catalog(Catalog(releases=(*first.releases, *extra.releases)))
        )
    server = start_server(root)
    yield server
    stop_server(server)


def chromium_path() -> str:
    """Debian's chromium (``scripts/test`` installs it) or ``$ECONINDEX_CHROMIUM``."""
    import shutil

    path = os.environ.get("ECONINDEX_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("chromium not found: apt-get install chromium, or set ECONINDEX_CHROMIUM")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium driven by Playwright (the browser tests of the pages)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield b
        b.close()


def watched_page(
    browser: Any, base: str, width: int, height: int
) -> tuple[Any, Any, list[str], list[str]]:
    """A new context and page at ``width`` x ``height`` that record every console error,
    page error, failed request and answer of status 400 or more (``errors``), and abort and
    record every request outside ``base`` (``outside``). Close the context when done."""
    context = browser.new_context(viewport={"width": width, "height": height})
    outside: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(base + "/") or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url} {r.failure}"))
    page.on(
        "response", lambda r: errors.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    return context, page, errors, outside
