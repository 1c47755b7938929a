"""A data root in an S3-compatible object store: publish to a bucket, serve from it.

The object store is moto's server mode, a real S3-compatible HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from econindex_api.publishing.recipes import RELEASE_2025_02_10
from econindex_api.server.object_store import ObjectStoreError, publish_tree
from tests.conftest import LiveServer, free_port, on_server, start_server, stop_server

BUCKET_ROOT = "s3://econindex-test/v1data"


@pytest.fixture(scope="module")
def s3_env() -> Iterator[dict[str, str]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(endpoint, timeout=1)
            break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("moto server did not start") from None
            time.sleep(0.1)
    env = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    yield env
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def s3_server(s3_env: dict[str, str], raw_root: Path) -> Iterator[LiveServer]:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "econindex_api.cli",
            "build",
            "--raw",
            str(raw_root),
            "--out",
            BUCKET_ROOT,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **s3_env},
    )
    assert built.returncode == 0, built.stderr
    assert (
        f"2025-02-10 {RELEASE_2025_02_10.version}: published in s3://econindex-test/v1data"
        in built.stdout
    )
    server = start_server(Path(BUCKET_ROOT), extra_env={**s3_env, "ECONINDEX_DATA": BUCKET_ROOT})
    yield server
    stop_server(server)


PATHS = [
    "/v1/releases",
    "/v1/releases/latest",
    "/v1/releases/2025-02-10/categories",
    "/v1/releases/2025-02-10/occupations?major_group=15&limit=50",
    "/v1/releases/2025-02-10/tasks?q=software",
    "/v1/releases/2025-02-10/wage-bands",
    "/v1/releases/2025-02-10/depth",
    "/v1/releases/2025-02-10/interaction-modes",
    "/v1/releases/labor-market-impacts/occupations?limit=20",
]


@pytest.mark.parametrize("path", PATHS)
def test_bucket_answers_equal_local_answers(
    path: str, s3_server: LiveServer, live_server: LiveServer
) -> None:
    from_bucket = httpx.get(s3_server.url(path), timeout=30)
    from_disk = httpx.get(live_server.url(path), timeout=30)
    assert from_bucket.status_code == from_disk.status_code == 200
    assert on_server(from_bucket.json(), s3_server) == on_server(from_disk.json(), live_server)
    assert from_bucket.headers["etag"] == from_disk.headers["etag"]


def test_download_from_bucket_is_byte_identical(
    s3_server: LiveServer, published_root: Path
) -> None:
    path = "/v1/releases/2025-02-10/resources/occupation_usage.parquet"
    expected = (
        published_root
        / f"releases/2025-02-10/{RELEASE_2025_02_10.version}/data/occupation_usage.parquet"
    )
    body = httpx.get(s3_server.url(path), timeout=30)
    assert body.status_code == 200
    assert body.content == expected.read_bytes()
    ranged = httpx.get(s3_server.url(path), headers={"Range": "bytes=4-15"}, timeout=30)
    assert ranged.status_code == 206
    assert ranged.content == expected.read_bytes()[4:16]


def test_bucket_refuses_different_content_under_a_published_version(
    s3_server: LiveServer, published_root: Path, tmp_path: Path
) -> None:
    import shutil

    copy = tmp_path / "tampered"
    shutil.copytree(published_root, copy)
    descriptor = copy / f"releases/2025-02-10/{RELEASE_2025_02_10.version}/datapackage.json"
    descriptor.write_text(descriptor.read_text().replace('"title"', '"title" ', 1))
    with pytest.raises(ObjectStoreError, match="already published with package sha256"):
        publish_tree(copy, BUCKET_ROOT)
    # The bucket still serves the original package.
    answer = httpx.get(s3_server.url("/v1/releases/2025-02-10"), timeout=30)
    assert (
        answer.headers["x-econindex-package-sha256"]
        == ((published_root / "catalog.json").read_text().split('"package_sha256": "')[1][:64])
    )
