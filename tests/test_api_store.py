"""The server's store while running: a damaged file makes only its release unavailable, and a
new catalog is picked up without a restart. Each test runs its own server over a copy of the
published build, checking the data root every 0.2 s."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from econindex_api import models
from tests.conftest import LiveServer, start_server, stop_server

USAGE = "2025-03-27"  # what latest resolves to in the real build
NEWER = "2025-06-30"  # a copy published under a newer date by the tests below
EXPOSURE = "labor-market-impacts"


@pytest.fixture
def data_root(published_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(published_root, root)
    return root


@pytest.fixture
def server(data_root: Path) -> Iterator[LiveServer]:
    live = start_server(data_root, {"ECONINDEX_WATCH_INTERVAL": "0.2"})
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


def version_dir(root: Path, release: str) -> Path:
    catalog = json.loads((root / "catalog.json").read_text())
    entry = next(r for r in catalog["releases"] if r["id"] == release)
    return root / entry["versions"][-1]["path"]


def ready(server: LiveServer) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(server.url("/ready"), timeout=10).json()
    return body


def test_a_corrupted_file_takes_only_its_release_offline(
    server: LiveServer, data_root: Path
) -> None:
    target = version_dir(data_root, EXPOSURE) / "data" / "job_exposure.csv"
    original = target.read_bytes()
    flipped = bytes([original[0] ^ 0x01]) + original[1:]  # same size, other content
    target.write_bytes(flipped)

    wait_for(lambda: ready(server)["status"] == "degraded")
    status = {r["id"]: r for r in ready(server)["releases"]}
    assert status[USAGE]["available"] is True
    assert status[EXPOSURE]["available"] is False
    assert "job_exposure.csv" in status[EXPOSURE]["detail"]

    down = httpx.get(server.url(f"/v1/releases/{EXPOSURE}/occupations"))
    assert down.status_code == 503
    assert down.headers["content-type"] == "application/problem+json"
    assert down.json()["type"] == models.PROBLEM_RELEASE_UNAVAILABLE
    assert (
        httpx.get(server.url(f"/v1/releases/{EXPOSURE}/resources/job_exposure.csv")).status_code
        == 503
    )
    assert httpx.get(server.url(f"/v1/releases/{USAGE}/categories")).status_code == 200
    listing = httpx.get(server.url("/v1/releases")).json()
    assert {r["id"]: r["available"] for r in listing["data"]} == {
        "2025-02-10": True,
        USAGE: True,
        EXPOSURE: False,
    }

    target.write_bytes(original)  # repaired: verified again and served again
    wait_for(lambda: ready(server)["status"] == "ready")
    assert httpx.get(server.url(f"/v1/releases/{EXPOSURE}/occupations")).status_code == 200


def test_a_deleted_file_is_noticed_before_it_is_served(server: LiveServer, data_root: Path) -> None:
    target = version_dir(data_root, USAGE) / "data" / "tasks.parquet"
    target.unlink()
    # the download itself checks the file first, without waiting for the background check
    response = httpx.get(server.url(f"/v1/releases/{USAGE}/resources/tasks.parquet"))
    assert response.status_code == 503
    assert response.json()["release"] == USAGE
    wait_for(lambda: ready(server)["status"] == "degraded")
    assert httpx.get(server.url(f"/v1/releases/{EXPOSURE}/tasks")).status_code == 200
    assert httpx.get(server.url("/v1/releases/latest/depth")).status_code == 503


def test_a_new_release_in_the_catalog_is_served_without_restart(
    server: LiveServer, data_root: Path
) -> None:
    assert httpx.get(server.url("/v1/releases/latest")).json()["release"]["id"] == USAGE
    # Publish a copy of the usage release under a newer date, the way the publisher does:
    # files first, then catalog.json replaced in one rename.
    catalog = json.loads((data_root / "catalog.json").read_text())
    entry = next(r for r in catalog["releases"] if r["id"] == USAGE)
    newer = json.loads(json.dumps(entry))
    newer["id"] = newer["date"] = NEWER
    for version in newer["versions"]:
        old_path = version["path"]
        version["path"] = old_path.replace(USAGE, NEWER)
        shutil.copytree(data_root / old_path, data_root / version["path"])
    catalog["releases"].append(newer)
    staged = data_root / "catalog.json.tmp"
    staged.write_text(json.dumps(catalog, indent=2))
    os.replace(staged, data_root / "catalog.json")

    def latest_is_new() -> bool:
        body = httpx.get(server.url("/v1/releases/latest")).json()
        return bool(body.get("release", {}).get("id") == NEWER)

    wait_for(latest_is_new)
    listing = httpx.get(server.url("/v1/releases")).json()
    assert listing["latest"] == NEWER
    assert listing["total"] == 4
    depth = httpx.get(server.url("/v1/releases/latest/depth"))
    assert depth.headers[models.HEADER_RELEASE] == NEWER
    old = httpx.get(server.url(f"/v1/releases/{USAGE}/depth")).json()
    assert depth.json()["data"] == old["data"]  # same tables, same answers
    assert ready(server)["status"] == "ready"


def test_without_a_catalog_the_server_is_alive_but_not_ready(tmp_path: Path) -> None:
    live = start_server(tmp_path, {"ECONINDEX_WATCH_INTERVAL": "0"})
    try:
        assert httpx.get(live.url("/health")).status_code == 200
        response = httpx.get(live.url("/ready"))
        assert response.status_code == 503
        assert response.json()["status"] == "not_ready"
        assert httpx.get(live.url("/v1/releases/latest")).status_code == 404
        assert httpx.get(live.url("/v1/releases")).json()["total"] == 0
    finally:
        stop_server(live)


def test_publishing_under_load_fails_no_request(server: LiveServer, data_root: Path) -> None:
    """Four threads query `latest` without pause while a newer release is published; every
    answer is a 200 from one whole release (old or new), never an error or a mix."""
    import threading

    stop = threading.Event()
    outcomes: list[tuple[int, str]] = []
    lock = threading.Lock()

    def hammer() -> None:
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            while not stop.is_set():
                response = client.get("/v1/releases/latest/categories")
                release = response.headers.get(models.HEADER_RELEASE, "")
                body_release = response.json()["provenance"]["release_id"]
                with lock:
                    outcomes.append((response.status_code, f"{release}|{body_release}"))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.5)
        catalog = json.loads((data_root / "catalog.json").read_text())
        newer = json.loads(json.dumps(next(r for r in catalog["releases"] if r["id"] == USAGE)))
        newer["id"] = newer["date"] = NEWER
        for version in newer["versions"]:
            old_path = version["path"]
            version["path"] = old_path.replace(USAGE, NEWER)
            shutil.copytree(data_root / old_path, data_root / version["path"])
        catalog["releases"].append(newer)
        staged = data_root / "catalog.json.tmp"
        staged.write_text(json.dumps(catalog, indent=2))
        os.replace(staged, data_root / "catalog.json")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with lock:
                if any(seen == f"{NEWER}|{NEWER}" for _, seen in outcomes[-20:]):
                    break
            time.sleep(0.1)
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=20)
    statuses = {status for status, _ in outcomes}
    releases = {seen for _, seen in outcomes}
    assert statuses == {200}, statuses
    assert releases == {f"{USAGE}|{USAGE}", f"{NEWER}|{NEWER}"}, releases
    assert len(outcomes) > 50
