"""HTTP behaviour: ETag/304, gzip, HEAD, CORS, Range downloads, OpenAPI and the offline docs."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from econindex_api import models
from tests.conftest import REPO, LiveServer

USAGE = "2025-02-10"
LATEST = "2025-03-27"  # what latest resolves to


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=30) as c:
        yield c


def version_dir(root: Path, release: str) -> Path:
    catalog = json.loads((root / "catalog.json").read_text())
    entry = next(r for r in catalog["releases"] if r["id"] == release)
    return root / entry["versions"][-1]["path"]


@pytest.mark.parametrize(
    "path",
    [
        "/tasks?q=data",
        "/occupations?major_group=15&limit=50",
        "/categories",
        "/depth",
        "/wage-bands?edges=50000",
        "/interaction-modes",
        "/tasks/8823",
        "",
    ],
)
def test_etag_and_304(client: httpx.Client, path: str) -> None:
    first = client.get(f"/v1/releases/{USAGE}{path}")
    etag = first.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{40}(-gz)?"', etag)
    again = client.get(f"/v1/releases/{USAGE}{path}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers[models.HEADER_RELEASE] == USAGE
    other = client.get(f"/v1/releases/{USAGE}{path}", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200
    # another representation is another entity
    as_csv = client.get(f"/v1/releases/{USAGE}{path}", headers={"Accept": "text/csv"})
    if as_csv.headers["content-type"].startswith("text/csv"):
        assert as_csv.headers["etag"] != etag


def test_large_answers_are_gzipped_with_their_own_etag(live_server: LiveServer) -> None:
    url = live_server.url(f"/v1/releases/{USAGE}/tasks?limit=1000")
    plain = httpx.get(url, headers={"Accept-Encoding": "identity"})
    zipped = httpx.get(url, headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < int(plain.headers["content-length"]) / 3
    assert zipped.content == plain.content  # httpx decodes gzip
    assert zipped.headers["etag"] != plain.headers["etag"]
    assert "Accept-Encoding" in plain.headers["vary"]


def test_head_answers_headers_only(client: httpx.Client) -> None:
    get = client.get(f"/v1/releases/{USAGE}/categories", headers={"Accept-Encoding": "identity"})
    head = client.head(f"/v1/releases/{USAGE}/categories", headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]
    assert head.headers["etag"] == get.headers["etag"]
    zip_head = client.head(f"/v1/releases/{USAGE}/package.zip")
    assert zip_head.status_code == 200
    assert int(zip_head.headers["content-length"]) > 1000


def test_cors_for_get(client: httpx.Client) -> None:
    response = client.get(f"/v1/releases/{USAGE}/depth", headers={"Origin": "https://x.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    exposed = response.headers["access-control-expose-headers"].lower()
    assert "etag" in exposed and models.HEADER_PACKAGE_SHA256.lower() in exposed
    preflight = client.options(
        f"/v1/releases/{USAGE}/depth",
        headers={
            "Origin": "https://x.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code in (200, 204)
    assert "GET" in preflight.headers["access-control-allow-methods"]


def test_downloads_are_the_published_files(client: httpx.Client, published_root: Path) -> None:
    folder = version_dir(published_root, LATEST)
    for path, file in (
        ("datapackage.json", folder / "datapackage.json"),
        ("package.zip", folder / "package.zip"),
        ("resources/tasks.csv", folder / "data" / "tasks.csv"),
        ("resources/occupation_usage.parquet", folder / "data" / "occupation_usage.parquet"),
    ):
        data = file.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        response = client.get(f"/v1/releases/latest/{path}")
        assert response.status_code == 200
        assert response.content == data
        assert response.headers["etag"] == f'"{digest}"'
        assert response.headers["content-length"] == str(len(data))
        assert response.headers["accept-ranges"] == "bytes"
        not_modified = client.get(
            f"/v1/releases/latest/{path}", headers={"If-None-Match": f'"{digest}"'}
        )
        assert not_modified.status_code == 304
    descriptor = json.loads((folder / "datapackage.json").read_text())
    listed = {r["path"]: r["hash"] for r in descriptor["resources"]}
    tasks_csv = (folder / "data" / "tasks.csv").read_bytes()
    assert listed["data/tasks.csv"] == "sha256:" + hashlib.sha256(tasks_csv).hexdigest()


def test_range_downloads_reassemble_the_file(client: httpx.Client, published_root: Path) -> None:
    data = (version_dir(published_root, USAGE) / "package.zip").read_bytes()
    size = len(data)
    url = f"/v1/releases/{USAGE}/package.zip"
    parts = []
    step = size // 3 + 1
    for start in range(0, size, step):
        end = min(start + step, size) - 1
        response = client.get(url, headers={"Range": f"bytes={start}-{end}"})
        assert response.status_code == 206
        assert response.headers["content-range"] == f"bytes {start}-{end}/{size}"
        assert response.headers["content-length"] == str(end - start + 1)
        parts.append(response.content)
    assert b"".join(parts) == data
    tail = client.get(url, headers={"Range": "bytes=-100"})
    assert tail.status_code == 206 and tail.content == data[-100:]
    # If-Range with another ETag sends the whole file
    whole = client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"stale"'})
    assert whole.status_code == 200 and len(whole.content) == size


def test_openapi_is_served_and_equals_the_committed_copy(client: httpx.Client) -> None:
    served = client.get("/openapi.json")
    assert served.status_code == 200
    committed = (REPO / "openapi" / "openapi.json").read_bytes()
    assert served.content == committed, (
        "openapi/openapi.json is stale: regenerate it with "
        "`python -m econindex_api.server.toolkit.openapi > openapi/openapi.json`"
    )
    document = json.loads(committed)
    assert document["openapi"].startswith("3.1")
    tasks = document["paths"]["/v1/releases/{release}/tasks"]["get"]
    names = {p["name"] for p in tasks["parameters"]}
    assert {
        "release",
        "q",
        "occupation",
        "major_group",
        "min_share_pct",
        "sort",
        "limit",
        "cursor",
        "format",
    } <= names
    limit = next(p for p in tasks["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == models.MAX_LIMIT


def test_openapi_document_is_valid() -> None:
    from openapi_spec_validator import validate

    validate(json.loads((REPO / "openapi" / "openapi.json").read_text()))


def test_docs_page_works_offline(client: httpx.Client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources
    for source in sources:
        assert source.startswith("/docs/"), f"{source} is not served by us"
        asset = client.get(source)
        assert asset.status_code == 200, source
        assert len(asset.content) > 100
    bundle = client.get("/docs/swagger-ui-bundle.js", headers={"Accept-Encoding": "gzip"})
    assert bundle.headers["content-encoding"] == "gzip"
    init = client.get("/docs/init.js").text
    assert '"/openapi.json"' in init
    assert "http" not in init
    assert client.get("/docs/../catalog.json").status_code == 404
