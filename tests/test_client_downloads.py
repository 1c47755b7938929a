"""Verified downloads from the real server: package zip, tables, descriptor, resume.

Corruption on the wire cannot be produced by the real server (it re-verifies its files before
serving them); those cases run against a scripted server in test_client_transport.py.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import httpx
import polars as pl

from econindex_api import Client
from tests.conftest import LiveServer
from tests.test_client_api import USAGE, version_dir


def _recording_client(server: LiveServer) -> tuple[Client, list[tuple[str | None, int]]]:
    """A client whose httpx client records (Range header, status) of every response."""
    seen: list[tuple[str | None, int]] = []

    def record(response: httpx.Response) -> None:
        seen.append((response.request.headers.get("range"), response.status_code))

    http = httpx.Client(event_hooks={"response": [record]})
    return Client(server.base_url, http_client=http), seen


def test_package_download_equals_the_published_zip(
    live_server: LiveServer, published_root: Path, tmp_path: Path
) -> None:
    published = version_dir(published_root, USAGE) / "package.zip"
    done: list[tuple[int, int | None]] = []
    with Client(live_server.base_url) as client:
        path = client.packages.download(
            USAGE, dest=tmp_path / "data", progress=lambda d, t: done.append((d, t))
        )
    assert path == tmp_path / "data" / f"econindex-{USAGE}-1.0.0.zip"
    assert path.read_bytes() == published.read_bytes()
    size = published.stat().st_size
    assert done[-1] == (size, size)
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_resource_downloads_equal_the_published_files(
    live_server: LiveServer, published_root: Path, tmp_path: Path
) -> None:
    data = version_dir(published_root, USAGE) / "data"
    with Client(live_server.base_url) as client:
        parquet = client.packages.download_resource(USAGE, "occupation_usage", dest=tmp_path)
        csv = client.packages.download_resource(
            USAGE, "category_usage", format="csv", dest=tmp_path / "categories.csv"
        )
        descriptor = client.packages.datapackage(USAGE)
    assert parquet.name == f"econindex-{USAGE}-1.0.0-occupation_usage.parquet"
    assert parquet.read_bytes() == (data / "occupation_usage.parquet").read_bytes()
    assert pl.read_parquet(parquet).height == 974
    assert csv == tmp_path / "categories.csv"
    assert csv.read_bytes() == (data / "category_usage.csv").read_bytes()
    on_disk = version_dir(published_root, USAGE) / "datapackage.json"
    assert descriptor == json.loads(on_disk.read_bytes())


def test_partial_zip_is_resumed_with_a_range_request(
    live_server: LiveServer, published_root: Path, tmp_path: Path
) -> None:
    published = (version_dir(published_root, USAGE) / "package.zip").read_bytes()
    sha = hashlib.sha256(published).hexdigest()
    half = len(published) // 2
    target = tmp_path / f"econindex-{USAGE}-1.0.0.zip"
    # What an interrupted earlier session leaves behind: the first half, named by the hash.
    (tmp_path / f".{target.name}.{sha}.part").write_bytes(published[:half])
    client, seen = _recording_client(live_server)
    with client:
        path = client.packages.download(USAGE, dest=tmp_path)
    assert path.read_bytes() == published
    assert seen[-1] == (f"bytes={half}-", 206)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_existing_valid_zip_is_kept_and_a_damaged_one_replaced(
    live_server: LiveServer, published_root: Path, tmp_path: Path
) -> None:
    published = version_dir(published_root, USAGE) / "package.zip"
    target = tmp_path / f"econindex-{USAGE}-1.0.0.zip"
    shutil.copyfile(published, target)
    client, seen = _recording_client(live_server)
    with client:
        client.packages.download(USAGE, dest=tmp_path)
        assert [status for _, status in seen] == [200]  # the release only: no file transfer
        damaged = bytearray(target.read_bytes())
        damaged[len(damaged) // 3] ^= 0x01
        target.write_bytes(bytes(damaged))
        client.packages.download(USAGE, dest=tmp_path)
    assert target.read_bytes() == published.read_bytes()


def test_partial_of_another_file_version_is_not_continued(
    live_server: LiveServer, published_root: Path, tmp_path: Path
) -> None:
    published = (version_dir(published_root, USAGE) / "package.zip").read_bytes()
    target = tmp_path / f"econindex-{USAGE}-1.0.0.zip"
    stale = tmp_path / f".{target.name}.{'0' * 64}.part"  # left by a zip with another hash
    stale.write_bytes(published[:1000] + b"other bytes")
    client, seen = _recording_client(live_server)
    with client:
        path = client.packages.download(USAGE, dest=tmp_path)
    # If-Range names the old hash, so the server sends the whole current file (200).
    assert seen[-1] == (f"bytes={len(published[:1000]) + 11}-", 200)
    assert path.read_bytes() == published
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
