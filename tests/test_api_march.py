"""Release 2025-03-27 through the real server and the real client: the new endpoints, the
occupation detail with modes and thinking, measure-not-available on 2025-02-10, and every
existing endpoint answering for the new release. Values are compared with the published
tables (themselves checked against plain Python in test_build_march_real)."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import polars as pl
import pytest

from econindex_api import AsyncClient, Client, NotFoundError, models
from econindex_api.publishing.recipes import RELEASE_2025_03_27
from tests.conftest import LiveServer
from tests.test_api_data import walk

MARCH = "2025-03-27"
FEB = "2025-02-10"
NEW_PATHS = [
    "/interaction-modes/occupations",
    "/interaction-modes/categories",
    "/thinking",
    "/thinking/tasks",
    "/clusters",
    "/clusters/c0-000b0a11cc3579b5",
]


@pytest.fixture(scope="module")
def http(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[Client]:
    with Client(live_server.base_url) as c:
        yield c


def table(root: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(
        root / "releases" / MARCH / RELEASE_2025_03_27.version / "data" / f"{name}.parquet"
    )


def by_code(root: Path, name: str) -> dict[str, dict[str, Any]]:
    return {r["onet_soc_code"]: r for r in table(root, name).to_dicts()}


@pytest.mark.parametrize(
    "path",
    [
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
        "/resources/clusters.csv",
        *NEW_PATHS,
    ],
)
def test_every_endpoint_answers_for_the_new_release_and_latest(
    http: httpx.Client, path: str
) -> None:
    for release in (MARCH, "latest"):
        response = http.get(f"/v1/releases/{release}{path}")
        assert response.status_code == 200, (release, path, response.text[:300])
        assert response.headers[models.HEADER_RELEASE] == MARCH


@pytest.mark.parametrize("path", NEW_PATHS)
def test_february_lacks_the_new_measures(http: httpx.Client, path: str) -> None:
    response = http.get(f"/v1/releases/{FEB}{path}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == models.PROBLEM_MEASURE_NOT_AVAILABLE
    assert body["measures"] == [
        "conversation_share",
        "depth",
        "wage_bands",
        "workforce_share",
        "interaction_modes",
    ]


def test_release_lists_its_endpoints_and_window(http: httpx.Client) -> None:
    release = http.get(f"/v1/releases/{MARCH}").json()["release"]
    assert {
        "interaction_modes_occupations",
        "interaction_modes_categories",
        "thinking",
        "thinking_tasks",
        "clusters",
    } <= set(release["links"]["endpoints"])
    assert release["date"] == MARCH
    window = release["observation_window"]
    assert window["start"] is None and window["end"] is None and "2025-02-24" in window["note"]
    listing = list(csv.DictReader(io.StringIO(http.get("/v1/releases?format=csv").text)))
    assert {r["id"]: r["observation_start"] for r in listing}[MARCH] == ""


def test_occupation_modes_equal_the_table(http: httpx.Client, published_root: Path) -> None:
    source = {
        r["onet_soc_code"]: r
        for r in table(published_root, "occupation_interaction_modes").to_dicts()
    }
    rows = walk(http, f"/v1/releases/{MARCH}/interaction-modes/occupations", limit=300)
    assert len(rows) == len(source) == 749
    for row in rows:
        expected = source[row["onet_soc_code"]]
        for field in (
            "share_pct",
            "automation_fraction",
            "augmentation_fraction",
            "filtered_fraction",
        ):
            assert row[field] == expected[field]
        total = row["automation_fraction"] + row["augmentation_fraction"] + row["filtered_fraction"]
        assert total == pytest.approx(1.0, abs=1e-9)
    shares = [r["share_pct"] for r in rows]
    assert shares == sorted(shares, reverse=True)
    group = walk(http, f"/v1/releases/{MARCH}/interaction-modes/occupations", major_group="15")
    assert group and all(r["major_group_code"] == "15-0000" for r in group)


def test_category_modes_report_view(http: httpx.Client, published_root: Path) -> None:
    everything = walk(http, f"/v1/releases/{MARCH}/interaction-modes/categories")
    shown = walk(http, f"/v1/releases/{MARCH}/interaction-modes/categories", min_share_pct=0.5)
    source = table(published_root, "category_interaction_modes")
    assert len(everything) == source.height
    assert {r["major_group_code"] for r in shown} == set(
        source.filter(pl.col("share_pct") >= 0.5)["major_group_code"].to_list()
    )
    for row in shown:
        assert row["automation_fraction"] + row["augmentation_fraction"] == pytest.approx(1.0)
    as_csv = http.get(
        f"/v1/releases/{MARCH}/interaction-modes/categories", params={"format": "csv"}
    )
    assert as_csv.headers["content-type"].startswith("text/csv")
    header = as_csv.text.splitlines()[0].split(",")
    assert header[:3] == ["major_group_code", "major_group_title", "share_pct"]


def test_thinking_per_occupation_and_per_task(http: httpx.Client, published_root: Path) -> None:
    rows = walk(http, f"/v1/releases/{MARCH}/thinking", limit=1000)
    source = {
        r["onet_soc_code"]: r for r in table(published_root, "occupation_thinking").to_dicts()
    }
    assert len(rows) == len(source)
    for row in rows:
        assert row["thinking_fraction"] == source[row["onet_soc_code"]]["thinking_fraction"]
        assert row["covered_fraction"] == source[row["onet_soc_code"]]["covered_fraction"]
    published = http.get(
        f"/v1/releases/{MARCH}/thinking/tasks", params={"published": "true"}
    ).json()
    assert published["total"] == 415
    unpublished = http.get(
        f"/v1/releases/{MARCH}/thinking/tasks", params={"published": "false", "limit": 5}
    ).json()
    assert unpublished["total"] == 3365 - 415
    assert all(r["thinking_fraction"] is None for r in unpublished["data"])
    bad = http.get(f"/v1/releases/{MARCH}/thinking/tasks", params={"published": "maybe"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "published"


def test_occupation_detail_has_modes_and_thinking(http: httpx.Client, published_root: Path) -> None:
    march = http.get(f"/v1/releases/{MARCH}/occupations/15-1131.00").json()
    modes = table(published_root, "occupation_interaction_modes").filter(
        pl.col("onet_soc_code") == "15-1131.00"
    )
    assert march["interaction_modes"]["directive_fraction"] == modes["directive_fraction"].item()
    assert march["interaction_modes"]["title"] == "Computer Programmers"
    assert 0 < march["thinking"]["thinking_fraction"] < 1
    february = http.get(f"/v1/releases/{FEB}/occupations/15-1131.00").json()
    assert february["interaction_modes"] is None and february["thinking"] is None


def test_clusters_filters_sort_and_detail(http: httpx.Client, published_root: Path) -> None:
    base = f"/v1/releases/{MARCH}/clusters"
    level0 = walk(http, base, level="0", limit=1000)
    assert len(level0) == 630
    records = [r["records_pct"] for r in level0]
    assert records == sorted(records, reverse=True)
    assert http.get(base, params={"level": "1"}).json()["total"] == 145
    assert http.get(base, params={"level": "2"}).json()["total"] == 30
    parent = level0[0]["parent_id"]
    children = walk(http, base, parent=parent)
    assert level0[0]["cluster_id"] in {c["cluster_id"] for c in children}
    assert all(c["parent_id"] == parent for c in children)
    translate = walk(http, base, q="TRANSLATE documents", level="0")
    assert translate and all(
        "translate" in (c["name"] + " " + (c["description"] or "")).lower() for c in translate
    )
    # task filter: clusters mapped to the key of an O*NET task id
    clusters = table(published_root, "clusters")
    tasks = table(published_root, "tasks")
    key = clusters.filter(pl.col("task_matched").fill_null(False))["task_key"][0]
    task_id = tasks.filter(pl.col("task_key") == key)["task_id"][0]
    mapped = walk(http, base, task=str(task_id))
    assert {c["cluster_id"] for c in mapped} == set(
        clusters.filter(pl.col("task_key") == key)["cluster_id"].to_list()
    )
    assert http.get(base, params={"parent": "c9-nope"}).json()["parameter"] == "parent"
    assert http.get(base, params={"level": "3"}).status_code == 400
    detail = http.get(f"{base}/{level0[0]['cluster_id']}").json()
    assert [a["level"] for a in detail["ancestors"]] == [1, 2]
    assert detail["ancestors"][0]["cluster_id"] == parent and detail["children"] == []
    top = http.get(f"{base}/{detail['ancestors'][1]['cluster_id']}").json()
    assert len(top["children"]) == top["cluster"]["children_count"] > 0
    missing = http.get(f"{base}/c0-0000000000000000")
    assert missing.status_code == 404
    assert missing.json()["type"] == models.PROBLEM_UNKNOWN_CLUSTER


def test_client_resources_sync(client: Client, published_root: Path) -> None:
    modes = client.interaction_modes.iter_occupations(MARCH).to_polars()
    assert modes.height == 749 and "automation_fraction" in modes.columns
    page = client.interaction_modes.occupations("latest", major_group="15", limit=5)
    assert isinstance(page[0], models.OccupationModesRow) and page.provenance.release_id == MARCH
    groups = client.interaction_modes.categories(MARCH, min_share_pct=0.5).to_polars()
    assert groups["above_report_threshold"].all()
    thinking = client.thinking.iter(MARCH).to_polars()
    assert thinking.height == table(published_root, "occupation_thinking").height
    tasks = client.thinking.iter_tasks(MARCH, published=True).to_polars()
    assert tasks.height == 415 and tasks["thinking_fraction"].null_count() == 0
    clusters = client.clusters.iter(MARCH, level=2).to_polars()
    assert clusters.height == 30
    detail = client.clusters.get(MARCH, clusters["cluster_id"][0])
    assert isinstance(detail, models.ClusterDetail) and detail.ancestors == []
    with pytest.raises(NotFoundError) as caught:
        client.clusters.list(FEB)
    assert caught.value.type == models.PROBLEM_MEASURE_NOT_AVAILABLE


def test_client_resources_async(live_server: LiveServer) -> None:
    async def run() -> dict[str, Any]:
        async with AsyncClient(live_server.base_url) as client:
            return {
                "modes": await client.interaction_modes.occupations(MARCH, limit=3),
                "groups": await client.interaction_modes.categories(MARCH),
                "thinking": await client.thinking.iter(MARCH).to_polars(),
                "tasks": await client.thinking.tasks(MARCH, published=False, limit=2),
                "clusters": [c async for c in client.clusters.iter(MARCH, level=1)],
                "detail": await client.clusters.get(MARCH, "c0-000b0a11cc3579b5"),
            }

    out = asyncio.run(run())
    assert len(out["modes"].data) == 3
    assert out["groups"].to_polars().height == out["groups"].total
    assert out["thinking"].height == 749
    assert all(t.thinking_fraction is None for t in out["tasks"])
    assert len(out["clusters"]) == 145
    assert out["detail"].cluster.level == 0
