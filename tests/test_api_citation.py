"""The release URL as a researcher's tools use it: stock frictionless, mlcroissant, citations.

- ``frictionless validate http://HOST/v1/releases/<id>/datapackage.json`` (the stock CLI
  against the running server) reads and validates every resource of every release;
- ``GET /v1/releases/{release}/citation?format=bibtex|ris|csl-json`` and
  ``client.releases.cite`` name the upstream creators, release and date, the package version
  and sha256, the license and the URL;
- ``GET /v1/releases/{release}/croissant.json`` passes ``mlcroissant validate`` and
  ``mlcroissant load`` reads its records over HTTP from the local server.

Expected values come from the published files (catalog, descriptor, CSV) read directly.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from econindex_api import AsyncClient, BadRequestError, Client
from tests.conftest import LiveServer

BIN = Path(sys.executable).parent
RELEASES = ("2025-02-10", "labor-market-impacts")


def package_dir(root: Path, release: str) -> Path:
    catalog = json.loads((root / "catalog.json").read_text())
    (entry,) = (r for r in catalog["releases"] if r["id"] == release)
    return root / entry["versions"][-1]["path"]


def test_stock_frictionless_reads_every_resource_from_the_release_url(
    live_server: LiveServer, tmp_path: Path
) -> None:
    for release in RELEASES:
        url = live_server.url(f"/v1/releases/{release}/datapackage.json")
        result = subprocess.run(
            [str(BIN / "frictionless"), "validate", "--json", url],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
        )
        report = json.loads(result.stdout)
        assert result.returncode == 0, result.stdout[:3000]
        assert report["valid"] is True
        descriptor = httpx.get(url).json()
        assert {t["name"] for t in report["tasks"]} == {r["name"] for r in descriptor["resources"]}
        # Every task read its file from the server (relative to the descriptor URL; the working
        # directory has no data/): the rows of the CSV tables were counted.
        assert not (tmp_path / "data").exists()
        paths = {r["name"]: r["path"] for r in descriptor["resources"]}
        for task in report["tasks"]:
            assert task["valid"] is True
            assert task["place"] == paths[task["name"]]
        rows = {t["name"]: t["stats"]["rows"] for t in report["tasks"] if t["type"] == "table"}
        published = package_dir(live_server.data_root, release)
        for name, count in rows.items():
            with (published / "data" / f"{name}.csv").open(encoding="utf-8") as handle:
                assert count == sum(1 for _ in handle) - 1, name


def test_data_layout_serves_the_package_files(live_server: LiveServer) -> None:
    published = package_dir(live_server.data_root, "2025-03-27")  # what latest resolves to
    for name in ("category_usage.csv", "occupations.parquet"):
        response = httpx.get(live_server.url(f"/v1/releases/latest/data/{name}"))
        assert response.status_code == 200
        assert response.content == (published / "data" / name).read_bytes()
        digest = hashlib.sha256(response.content).hexdigest()
        assert response.headers["etag"] == f'"{digest}"'
    missing = httpx.get(live_server.url("/v1/releases/2025-02-10/data/nope.csv"))
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def _expected(live_server: LiveServer, release: str) -> dict[str, str]:
    published = package_dir(live_server.data_root, release)
    descriptor = json.loads((published / "datapackage.json").read_text())
    return {
        "sha256": hashlib.sha256((published / "datapackage.json").read_bytes()).hexdigest(),
        "version": descriptor["version"],
        "creator": next(c["title"] for c in descriptor["contributors"] if "creator" in c["roles"]),
        "date": descriptor["econindex"]["release_date"] or descriptor["created"][:10],
        "url": live_server.url(f"/v1/releases/{release}"),
    }


@pytest.mark.parametrize("release", RELEASES)
def test_citation_in_three_formats_names_everything(live_server: LiveServer, release: str) -> None:
    want = _expected(live_server, release)
    bib = httpx.get(live_server.url(f"/v1/releases/{release}/citation"))
    assert bib.status_code == 200
    assert bib.headers["content-type"].startswith("application/x-bibtex")
    text = bib.text
    assert text.startswith("@dataset{")
    assert "author = {{" + want["creator"] + "}}" in text
    assert "version = {" + want["version"] + "}" in text
    assert "url = {" + want["url"] + "}" in text
    assert want["sha256"] in text and "CC-BY-4.0" in text
    assert "date = {" + want["date"] + "}" in text
    assert release.replace("-", "\\_") in text or release in text

    ris = httpx.get(live_server.url(f"/v1/releases/{release}/citation?format=ris"))
    assert ris.headers["content-type"].startswith("application/x-research-info-systems")
    lines = ris.text.split("\r\n")
    assert lines[0] == "TY  - DATA" and "ER  - " in lines
    assert f"AU  - {want['creator']}" in lines
    assert f"ET  - {want['version']}" in lines
    assert f"UR  - {want['url']}" in lines
    assert f"DA  - {want['date'].replace('-', '/')}" in lines
    assert want["sha256"] in ris.text and "CC-BY-4.0" in ris.text

    csl = httpx.get(live_server.url(f"/v1/releases/{release}/citation?format=csl-json"))
    assert csl.headers["content-type"].startswith("application/vnd.citationstyles.csl+json")
    (item,) = csl.json()
    assert item["type"] == "dataset"
    assert item["author"] == [{"literal": want["creator"]}]
    assert item["version"] == want["version"] and item["URL"] == want["url"]
    assert item["issued"]["date-parts"] == [[int(p) for p in want["date"].split("-")]]
    assert item["license"] == "CC-BY-4.0" and want["sha256"] in item["note"]


def test_citation_bad_format_is_a_problem(live_server: LiveServer) -> None:
    response = httpx.get(live_server.url("/v1/releases/2025-02-10/citation?format=apa"))
    assert response.status_code == 400
    assert response.json()["parameter"] == "format"
    with Client(live_server.base_url, max_retries=0) as client, pytest.raises(BadRequestError):
        client.releases.cite("2025-02-10", format="apa")  # type: ignore[arg-type]


def test_package_citation_files_match_the_served_ones_but_for_the_url(
    live_server: LiveServer,
) -> None:
    published = package_dir(live_server.data_root, "2025-02-10")
    descriptor = json.loads((published / "datapackage.json").read_text())
    served = httpx.get(live_server.url("/v1/releases/2025-02-10/citation")).text
    in_package = (published / "CITATION.bib").read_text()
    assert in_package == served.replace(
        live_server.url("/v1/releases/2025-02-10"), descriptor["homepage"]
    )


def test_client_cite_sync_and_async(live_server: LiveServer) -> None:
    want = _expected(live_server, "2025-03-27")  # what latest resolves to
    with Client(live_server.base_url) as client:
        bib = client.releases.cite("latest")
        ris = client.releases.cite("2025-03-27", format="ris")
        csl = json.loads(client.releases.cite("2025-03-27", format="csl-json"))
        meta = client.releases.croissant("labor-market-impacts")
    assert want["sha256"] in bib and want["url"] in bib  # latest resolved to the dated URL
    assert ris.startswith("TY  - DATA")
    assert csl[0]["version"] == want["version"]
    assert [rs["name"] for rs in meta["recordSet"]] == ["job_exposure", "task_penetration"]

    async def main() -> tuple[str, dict[str, object]]:
        async with AsyncClient(live_server.base_url) as client:
            return (
                await client.releases.cite("2025-03-27", format="ris"),
                await client.releases.croissant("2025-03-27"),
            )

    async_ris, async_meta = asyncio.run(main())
    assert async_ris == ris
    assert async_meta["version"] == want["version"]


def test_served_croissant_validates_and_loads_over_http(
    live_server: LiveServer, tmp_path: Path
) -> None:
    env = {"CROISSANT_CACHE": str(tmp_path / "cache"), "PATH": str(BIN)}
    for release in RELEASES:
        url = live_server.url(f"/v1/releases/{release}/croissant.json")
        document = httpx.get(url)
        assert document.headers["content-type"].startswith("application/ld+json")
        meta = document.json()
        published = package_dir(live_server.data_root, release)
        descriptor = json.loads((published / "datapackage.json").read_text())
        # What dataset search engines index.
        assert meta["@type"] == "sc:Dataset"
        assert meta["conformsTo"] == "http://mlcommons.org/croissant/1.0"
        assert meta["version"] == descriptor["version"]
        assert meta["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert meta["creator"][0]["name"].startswith("Anthropic")
        csv_resources = [r for r in descriptor["resources"] if r["format"] == "csv"]
        assert [d["sha256"] for d in meta["distribution"]] == [
            r["hash"].removeprefix("sha256:") for r in csv_resources
        ]
        for item in meta["distribution"]:
            assert item["contentUrl"].startswith(live_server.url(f"/v1/releases/{release}/data/"))
        result = subprocess.run(
            [str(BIN / "mlcroissant"), "validate", "--jsonld", url],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert "error" not in result.stderr.lower() and "WARNING" not in result.stderr
    url = live_server.url("/v1/releases/2025-02-10/croissant.json")
    loaded = subprocess.run(
        [
            str(BIN / "mlcroissant"),
            "load",
            "--jsonld",
            url,
            "--record_set",
            "category_usage",
            "--num_records",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    published = package_dir(live_server.data_root, "2025-02-10")
    with (published / "data" / "category_usage.csv").open(encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    code = first["major_group_code"]
    assert f"'category_usage/major_group_code': b'{code}'" in loaded.stdout


def test_raw_bytes_on_request(live_server: LiveServer) -> None:
    """Accept: application/octet-stream (listed first for binary downloads in the OpenAPI)."""
    raw = {"accept": "application/octet-stream"}
    parquet = httpx.get(live_server.url("/v1/releases/2025-02-10/data/tasks.parquet"), headers=raw)
    assert parquet.headers["content-type"] == "application/octet-stream"
    own = httpx.get(live_server.url("/v1/releases/2025-02-10/data/tasks.parquet"))
    assert own.headers["content-type"] == "application/vnd.apache.parquet"
    assert parquet.content == own.content
    bib = httpx.get(live_server.url("/v1/releases/2025-02-10/citation"), headers=raw)
    plain = httpx.get(live_server.url("/v1/releases/2025-02-10/citation"))
    assert bib.headers["content-type"] == "application/octet-stream"
    assert bib.content == plain.content and bib.headers["etag"] != plain.headers["etag"]
