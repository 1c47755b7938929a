"""Issue 8 §5 (integrity) and §6 (degrade, never break), against real servers over copies of
the real build (and, for bytes that change under an unchanged stat, the app in-process over a
data source that changes them)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from econindex_api import models
from econindex_api.server.app import create_app
from econindex_api.server.data_source import FileStat, LocalDataSource
from tests.conftest import LiveServer, start_server, stop_server

USAGE = "2025-02-10"
EXPOSURE = "labor-market-impacts"


@pytest.fixture
def data_root(published_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(published_root, root)
    return root


@pytest.fixture
def server_log(tmp_path: Path) -> Path:
    return tmp_path / "server.log"


@pytest.fixture
def server(data_root: Path, server_log: Path) -> Iterator[LiveServer]:
    live = start_server(data_root, {"ECONINDEX_WATCH_INTERVAL": "0.2"}, log=server_log)
    yield live
    stop_server(live)


def wait_for(check: Callable[[], Any], seconds: float = 15.0) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.1)


def ready(server: LiveServer) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(server.url("/ready"), timeout=10).json()
    return body


def version_dir(root: Path, release: str) -> Path:
    catalog = json.loads((root / "catalog.json").read_text())
    entry = next(r for r in catalog["releases"] if r["id"] == release)
    return root / entry["versions"][-1]["path"]


def problem(response: httpx.Response, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["type"] == models.PROBLEM_BASE + kind
    return body


# --- §6: an unreadable file or directory ---


def test_a_file_that_cannot_be_read_takes_its_release_to_503(
    server: LiveServer, data_root: Path
) -> None:
    """Replaced by a directory (reading it fails with an OSError even as root)."""
    target = version_dir(data_root, EXPOSURE) / "data" / "job_exposure.csv"
    target.unlink()
    target.mkdir()
    url = server.url(f"/v1/releases/{EXPOSURE}/resources/job_exposure.csv")
    body = problem(httpx.get(url), 503, "release-unavailable")
    assert body["release"] == EXPOSURE
    wait_for(lambda: ready(server)["status"] == "degraded")
    status = {r["id"]: r for r in ready(server)["releases"]}
    assert status[EXPOSURE]["available"] is False
    assert "job_exposure.csv" in status[EXPOSURE]["detail"]
    occupations = httpx.get(server.url(f"/v1/releases/{EXPOSURE}/occupations"))
    problem(occupations, 503, "release-unavailable")
    assert httpx.get(server.url(f"/v1/releases/{USAGE}/tasks")).status_code == 200


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_directory_takes_its_release_to_503(
    server: LiveServer, data_root: Path
) -> None:
    folder = version_dir(data_root, EXPOSURE) / "data"
    folder.chmod(0)
    try:
        wait_for(lambda: ready(server)["status"] == "degraded")
        url = server.url(f"/v1/releases/{EXPOSURE}/resources/job_exposure.csv")
        problem(httpx.get(url), 503, "release-unavailable")
    finally:
        folder.chmod(0o755)
    wait_for(lambda: ready(server)["status"] == "ready")


# --- §6: catalog.json deleted, empty or malformed ---


@pytest.fixture(scope="module")
def catalog_server(
    published_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, Path, Path]]:
    """One server for the catalog cases (each restores the catalog before it ends)."""
    root = tmp_path_factory.mktemp("catalog-cases") / "data"
    shutil.copytree(published_root, root)
    log = root.parent / "server.log"
    live = start_server(root, {"ECONINDEX_WATCH_INTERVAL": "0.2"}, log=log)
    yield live, root, log
    stop_server(live)


def _catalog_cases(root: Path) -> dict[str, Callable[[], None]]:
    path = root / "catalog.json"
    good = json.loads(path.read_text())

    def write(value: Any) -> None:
        staged = root / "catalog.json.tmp"
        staged.write_text(json.dumps(value))
        os.replace(staged, path)

    def version_10() -> None:
        bad = json.loads(json.dumps(good))
        bad["releases"][0]["versions"][0]["version"] = "1.0"
        write(bad)

    def no_versions() -> None:
        bad = json.loads(json.dumps(good))
        bad["releases"][0]["versions"] = []
        write(bad)

    return {
        "deleted": path.unlink,
        "empty object": lambda: write({}),
        "version 1.0": version_10,
        "empty version list": no_versions,
        "not JSON": lambda: path.write_text("{"),
    }


@pytest.mark.parametrize(
    ("case", "fragment"),
    [
        ("deleted", "no catalog.json"),
        ("empty object", "lists no releases"),
        ("version 1.0", "'1.0'"),
        ("empty version list", "has no versions"),
        ("not JSON", "not a valid catalog"),
    ],
)
def test_a_bad_catalog_keeps_the_last_good_one(
    catalog_server: tuple[LiveServer, Path, Path], case: str, fragment: str
) -> None:
    server, data_root, server_log = catalog_server
    original = (data_root / "catalog.json").read_bytes()
    wait_for(lambda: ready(server)["status"] == "ready")
    before = ready(server)
    assert before["status"] == "ready"
    _catalog_cases(data_root)[case]()
    after = wait_for(lambda: (r := ready(server))["catalog_problem"] and r)
    assert fragment in after["catalog_problem"]
    assert after["status"] == "degraded"
    assert after["catalog_sha256"] == before["catalog_sha256"]  # the last good one
    # every release is still served
    assert httpx.get(server.url("/v1/releases")).json()["total"] == 3
    assert httpx.get(server.url(f"/v1/releases/{USAGE}/categories")).status_code == 200
    assert httpx.get(server.url(f"/v1/releases/{EXPOSURE}/occupations")).status_code == 200
    time.sleep(1.0)  # about five more checks of the bad catalog
    log = server_log.read_text(errors="replace")
    assert log.count(fragment) == 1, log[-2000:]  # logged once, not on every check
    server_log.write_bytes(b"")  # (the server appends; the next case counts afresh)
    assert "Traceback" not in log
    # repaired: served and ready again
    (data_root / "catalog.json").write_bytes(original)
    wait_for(lambda: ready(server)["status"] == "ready")
    assert ready(server)["catalog_problem"] is None


# --- §5: integrity ---


def test_bytes_changed_under_the_same_size_mtime_and_inode_are_not_served(
    server: LiveServer, data_root: Path
) -> None:
    """Rewritten in place (same inode), same size, mtime restored: ctime still moves."""
    target = version_dir(data_root, USAGE) / "data" / "category_usage.csv"
    url = server.url(f"/v1/releases/{USAGE}/resources/category_usage.csv")
    first = httpx.get(url)
    assert first.status_code == 200
    old_etag = first.headers["etag"]
    before = target.stat()
    data = bytearray(target.read_bytes())
    data[-2] = ord("7") if data[-2] != ord("7") else ord("8")
    with target.open("r+b") as handle:  # same inode
        handle.write(bytes(data))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    response = httpx.get(url)
    assert not (response.status_code == 200 and response.headers.get("etag") == old_etag)
    problem(response, 503, "release-unavailable")


class RottingSource(LocalDataSource):
    """A local data root whose file bytes can rot while stat reports nothing new."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.rotten = False
        self.stats: dict[str, FileStat | None] = {}

    def stat(self, path: str) -> FileStat | None:
        if path not in self.stats:
            self.stats[path] = super().stat(path)
        return self.stats[path]  # frozen: what the disk reports after bit rot

    def iter_range(self, path: str, start: int, end: int) -> Iterator[bytes]:
        for chunk in super().iter_range(path, start, end):
            yield bytes([chunk[0] ^ 1]) + chunk[1:] if self.rotten else chunk


def test_bit_rot_is_never_served_complete_under_the_old_etag(data_root: Path) -> None:
    source = RottingSource(data_root)
    os.environ["ECONINDEX_WATCH_INTERVAL"] = "0"
    try:
        app = create_app(source)
    finally:
        del os.environ["ECONINDEX_WATCH_INTERVAL"]
    path = f"/v1/releases/{USAGE}/resources/tasks.csv"
    on_disk = (version_dir(data_root, USAGE) / "data" / "tasks.csv").read_bytes()
    with TestClient(app, raise_server_exceptions=False) as client:
        good = client.get(path)
        assert good.status_code == 200 and good.content == on_disk
        assert good.headers["etag"] == f'"{hashlib.sha256(on_disk).hexdigest()}"'
        source.rotten = True
        try:
            rotten = client.get(path)
            complete = rotten.status_code == 200 and len(rotten.content) == len(on_disk)
        except Exception:  # the transport saw the body aborted
            complete = False
        assert not complete, "a complete body of changed bytes was sent under the old ETag"
        problem(client.get(path), 503, "release-unavailable")  # type: ignore[arg-type]
        status = client.get("/ready").json()
        assert status["status"] == "degraded"
        assert "changed while served" in json.dumps(status)


def test_background_rehash_catches_bit_rot(data_root: Path) -> None:
    from econindex_api.server.store import Store

    source = RottingSource(data_root)
    store = Store(source, min_interval_s=0, rehash_interval_s=0.01)
    store.load()
    assert store.current.releases[USAGE].available
    source.rotten = True
    store.refresh(force=True)  # stats unchanged: only the rehash can see it
    time.sleep(0.02)
    store.refresh(force=True)
    assert not store.current.releases[USAGE].available
    assert "sha256" in (store.current.releases[USAGE].unavailable_reason or "")
