"""The catalog endpoints, `latest`, provenance headers and caching headers, on the real build."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import msgspec
import pytest

from econindex_api import models
from tests.conftest import LiveServer

USAGE = "2025-02-10"
LATEST = "2025-03-27"  # the newest dated usage release: what latest resolves to
EXPOSURE = "labor-market-impacts"


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def catalog(published_root: Path) -> dict[str, dict[str, object]]:
    data = json.loads((published_root / "catalog.json").read_text())
    return {r["id"]: r for r in data["releases"]}


def test_release_list_is_the_catalog(
    client: httpx.Client, catalog: dict[str, dict[str, object]], published_root: Path
) -> None:
    response = client.get("/v1/releases")
    assert response.status_code == 200
    body = msgspec.json.decode(response.content, type=models.ReleaseList)
    assert body.total == len(catalog) == 3
    assert body.latest == LATEST
    for release in body.data:
        entry = catalog[release.id]
        version = entry["versions"][-1]  # type: ignore[index]
        descriptor = published_root / version["path"] / "datapackage.json"
        assert release.package_sha256 == hashlib.sha256(descriptor.read_bytes()).hexdigest()
        assert release.version == version["version"]
        assert release.measures == entry["measures"]
        assert release.available
        assert release.links.self == f"/v1/releases/{release.id}"
    by_id = {r.id: r for r in body.data}
    assert by_id[LATEST].is_latest and not by_id[USAGE].is_latest
    assert not by_id[EXPOSURE].is_latest
    assert set(by_id[USAGE].links.endpoints) == {
        "tasks",
        "occupations",
        "occupations_soc2018",
        "occupations_exposure",
        "categories",
        "wage_bands",
        "depth",
        "interaction_modes",
        "tables",
    }
    assert set(by_id[EXPOSURE].links.endpoints) == {"tasks", "occupations", "tables"}
    as_csv = client.get("/v1/releases", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [r["id"] for r in rows] == sorted(catalog)
    assert rows[0]["package_sha256"] == by_id[rows[0]["id"]].package_sha256


def test_latest_resolves_and_says_to_what(client: httpx.Client) -> None:
    latest = client.get("/v1/releases/latest")
    dated = client.get(f"/v1/releases/{LATEST}")
    assert latest.status_code == dated.status_code == 200
    body = msgspec.json.decode(latest.content, type=models.ReleaseDetail)
    assert body.requested == "latest"
    assert body.release.id == LATEST
    assert body.provenance.release_id == LATEST
    assert body.provenance.requested == "latest"
    assert latest.headers[models.HEADER_RELEASE] == LATEST
    # latest: short max-age; a dated id: immutable for a year
    assert latest.headers["cache-control"] == "public, max-age=60"
    assert dated.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert latest.headers["etag"] != dated.headers["etag"]
    names = {r.name for r in body.resources}
    assert {"tasks", "occupation_usage", "category_usage"} <= names
    tasks = next(r for r in body.resources if r.name == "tasks")
    assert tasks.csv.href == f"/v1/releases/{LATEST}/resources/tasks.csv"
    assert tasks.rows > 19_000


@pytest.mark.parametrize("dated", [USAGE, LATEST])
def test_every_data_response_carries_provenance(
    client: httpx.Client, catalog: dict[str, dict[str, object]], dated: str
) -> None:
    version = catalog[dated]["versions"][-1]  # type: ignore[index]
    paths = [
        "",
        "/tasks",
        "/tasks/8823",
        "/occupations",
        "/occupations/15-1131.00",
        "/categories",
        "/wage-bands",
        "/depth",
        "/interaction-modes",
        "/datapackage.json",
        "/resources/workforce.csv",
    ]
    for path in paths:
        for release in (dated, "latest") if dated == LATEST else (dated,):
            response = client.get(f"/v1/releases/{release}{path}")
            assert response.status_code == 200, path
            assert response.headers[models.HEADER_RELEASE] == dated
            assert response.headers[models.HEADER_PACKAGE_VERSION] == version["version"]
            assert response.headers[models.HEADER_PACKAGE_SHA256] == version["package_sha256"]
            assert response.headers["etag"].startswith('"')
    exposure = client.get(f"/v1/releases/{EXPOSURE}/occupations")
    assert exposure.headers[models.HEADER_RELEASE] == EXPOSURE
    assert exposure.json()["provenance"]["release_id"] == EXPOSURE


def test_health_and_ready(client: httpx.Client) -> None:
    health = client.get("/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    ready = msgspec.json.decode(client.get("/ready").content, type=models.Ready)
    assert ready.status == "ready"
    assert {r.id for r in ready.releases} == {USAGE, LATEST, EXPOSURE}
    assert all(r.available for r in ready.releases)
