"""Change between releases and time series, through the real server over the real build.

Expected values come from the published CSV files of each release, read here with the csv
module and compared in plain Python (:func:`plain_change`), never from the server's Polars code.
``FIRST`` and ``LAST`` are the oldest and newest dated usage releases of the build.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import LiveServer
from tests.test_api_data import get_json, published, walk

EXPOSURE = "labor-market-impacts"


def usage_ids(root: Path) -> list[str]:
    catalog = json.loads((root / "catalog.json").read_text())
    dated = [r for r in catalog["releases"] if r["series"] == "usage" and r["date"]]
    return [r["id"] for r in sorted(dated, key=lambda r: r["date"])]


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def ids(published_root: Path) -> list[str]:
    return usage_ids(published_root)


def plain_change(
    before: dict[str, float], after: dict[str, float]
) -> dict[str, tuple[float | None, float | None, float | None, float | None]]:
    """key -> (from, to, change, relative change), the other side None when absent."""
    out = {}
    for key in set(before) | set(after):
        x, y = before.get(key), after.get(key)
        diff = None if x is None or y is None else y - x
        rel = None if diff is None or not x else diff / x
        out[key] = (x, y, diff, rel)
    return out


def catalog_window(root: Path, release: str) -> dict[str, Any] | None:
    catalog = json.loads((root / "catalog.json").read_text())
    entry = next(r for r in catalog["releases"] if r["id"] == release)
    window: dict[str, Any] | None = entry.get("observation_window")
    return window


def category_shares(root: Path, release: str) -> dict[str, float]:
    return {
        r["major_group_code"]: float(r["share_pct"])
        for r in published(root, release, "category_usage")
    }


def task_shares(root: Path, release: str) -> dict[str, float]:
    """task id -> share_pct of its key (0 when the usage does not list the key)."""
    usage = {r["task_key"]: float(r["share_pct"]) for r in published(root, release, "task_usage")}
    return {r["task_id"]: usage.get(r["task_key"], 0.0) for r in published(root, release, "tasks")}


def check_rows(rows: list[dict[str, Any]], expected: dict[str, tuple[Any, ...]]) -> None:
    assert {r["key"] for r in rows} == set(expected)
    for row in rows:
        x, y, diff, rel = expected[row["key"]]
        assert row["from_value"] == (pytest.approx(x, abs=1e-9) if x is not None else None)
        assert row["to_value"] == (pytest.approx(y, abs=1e-9) if y is not None else None)
        assert row["change"] == (pytest.approx(diff, abs=1e-9) if diff is not None else None)
        assert row["change_pp"] == row["change"]
        if rel is None:
            assert row["relative_change"] is None
        else:
            assert row["relative_change"] == pytest.approx(rel, rel=1e-9, abs=1e-12)
        assert row["in_from"] is (x is not None)
        assert row["in_to"] is (y is not None)


def test_compare_categories_first_to_last_equals_plain_python(
    client: httpx.Client, published_root: Path, ids: list[str]
) -> None:
    first, last = ids[0], ids[-1]
    page = get_json(client, f"/v1/compare/{first}/{last}/categories")
    expected = plain_change(
        category_shares(published_root, first), category_shares(published_root, last)
    )
    check_rows(page["data"], expected)
    # Default order: largest absolute change first.
    changes = [abs(r["change"]) for r in page["data"] if r["change"] is not None]
    assert changes == sorted(changes, reverse=True)
    assert page["measure"] == "categories" and page["value_field"] == "share_pct"
    assert page["unit"] == "percent"
    assert page["from_provenance"]["release_id"] == first
    assert page["to_provenance"]["release_id"] == last
    assert page["provenance"] == page["to_provenance"]


def test_compare_all_tasks_csv_equals_plain_python(
    client: httpx.Client, published_root: Path, ids: list[str]
) -> None:
    first, last = ids[0], ids[-1]
    response = client.get(f"/v1/compare/{first}/{last}/tasks", params={"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == int(response.headers["x-total-count"])
    expected = plain_change(task_shares(published_root, first), task_shares(published_root, last))
    assert len(rows) == len(expected) >= 19_530
    for row in rows[:2000]:
        x, y, diff, _ = expected[row["key"]]
        assert float(row["from_value"]) == pytest.approx(x, abs=1e-9)
        assert float(row["to_value"]) == pytest.approx(y, abs=1e-9)
        assert float(row["change"]) == pytest.approx(diff, abs=1e-9)
    moved = [abs(float(r["change"])) for r in rows if r["change"]]
    assert moved == sorted(moved, reverse=True)


def test_same_release_changes_nothing(client: httpx.Client, ids: list[str]) -> None:
    for measure in ("categories", "occupations", "interaction-modes", "depth", "wage-bands"):
        rows = walk(client, f"/v1/compare/{ids[-1]}/latest/{measure}")
        assert rows, measure
        assert all(r["change"] == 0.0 for r in rows), measure
        assert all(r["in_from"] and r["in_to"] for r in rows), measure
        assert all(r["relative_change"] in (0.0, None) for r in rows), measure
    tasks = client.get(f"/v1/compare/{ids[0]}/{ids[0]}/tasks", params={"format": "csv"})
    assert set(csv.DictReader(io.StringIO(tasks.text)).__next__()) >= {"change", "key"}
    assert {r["change"] for r in csv.DictReader(io.StringIO(tasks.text))} == {"0.0"}


def test_compare_filters_sort_and_pages(
    client: httpx.Client, published_root: Path, ids: list[str]
) -> None:
    first, last = ids[0], ids[-1]
    rows = walk(
        client, f"/v1/compare/{first}/{last}/occupations", major_group="15", limit=7, sort="key"
    )
    expected_codes = sorted(
        r["onet_soc_code"]
        for r in published(published_root, last, "occupation_usage")
        if r["onet_soc_code"].startswith("15-")
    )
    assert [r["key"] for r in rows] == expected_codes
    assert all(r["major_group_code"] == "15-0000" for r in rows)
    searched = get_json(client, f"/v1/compare/{first}/{last}/occupations", q="software developers")
    assert searched["data"] and all(
        "software developers" in r["title"].lower() for r in searched["data"]
    )
    big = get_json(client, f"/v1/compare/{first}/{last}/tasks", min_abs_change="0.05", limit=1000)
    assert all(abs(r["change"]) >= 0.05 for r in big["data"])
    by_to = get_json(client, f"/v1/compare/{first}/{last}/categories", sort="-to_value")
    to_values = [r["to_value"] for r in by_to["data"] if r["to_value"] is not None]
    assert to_values == sorted(to_values, reverse=True)


def test_compare_wage_bands_and_depth(
    client: httpx.Client, published_root: Path, ids: list[str]
) -> None:
    first, last = ids[0], ids[-1]
    bands = get_json(client, f"/v1/compare/{first}/{last}/wage-bands", edges="50000", sort="key")
    assert bands["edges_usd"] == [50000.0]
    # Recompute the first release's bands from the published CSV files.
    wages = {
        r["onet_soc_code"]: number
        for r in published(published_root, first, "occupations")
        if (number := r["median_wage_usd"]) != ""
    }
    low = high = none = 0.0
    for r in published(published_root, first, "occupation_usage"):
        wage = wages.get(r["onet_soc_code"])
        share = float(r["share_pct"])
        if wage is None:
            none += share
        elif float(wage) < 50000:
            low += share
        else:
            high += share
    got = {r["key"]: r["from_value"] for r in bands["data"]}
    assert got["[-inf, 50000)"] == pytest.approx(low)
    assert got["[50000, inf)"] == pytest.approx(high)
    assert got["no wage"] == pytest.approx(none)
    refused = client.get(f"/v1/compare/{first}/{last}/wage-bands", params={"quantiles": "0.5"})
    assert refused.status_code == 400
    assert refused.json()["parameter"] == "quantiles"
    assert "not comparable" in refused.json()["detail"]
    depth = get_json(client, f"/v1/compare/{first}/{last}/depth", thresholds="0.25,0.75")
    assert depth["thresholds"] == [0.25, 0.75]
    assert sorted(r["key"] for r in depth["data"]) == ["0.25", "0.75"]


def test_compare_errors_and_caching(client: httpx.Client, ids: list[str]) -> None:
    first, last = ids[0], ids[-1]
    cross = client.get(f"/v1/compare/{first}/{EXPOSURE}/categories")
    assert cross.status_code == 400
    assert cross.headers["content-type"] == "application/problem+json"
    assert cross.json()["type"].endswith("/incomparable-releases")
    assert client.get(f"/v1/compare/{EXPOSURE}/latest/tasks").status_code == 400
    unknown = client.get(f"/v1/compare/1999-01-01/{last}/categories")
    assert unknown.status_code == 404 and unknown.json()["type"].endswith("/unknown-release")
    assert client.get(f"/v1/compare/{first}/2999-01-01/categories").status_code == 404
    assert client.get(f"/v1/compare/{first}/{last}/nonsense").status_code == 404
    bad = client.get(f"/v1/compare/{first}/{last}/categories", params={"sort": "-oops"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "sort"
    bad = client.get(f"/v1/compare/{first}/{last}/depth", params={"major_group": "15"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "major_group"

    dated = client.get(f"/v1/compare/{first}/{last}/categories")
    assert dated.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert dated.headers["x-econindex-from-release"] == first
    assert dated.headers["x-econindex-release"] == last
    again = client.get(
        f"/v1/compare/{first}/{last}/categories",
        headers={"if-none-match": dated.headers["etag"]},
    )
    assert again.status_code == 304
    moving = client.get(f"/v1/compare/{first}/latest/categories")
    assert moving.headers["cache-control"] == "public, max-age=60"
    assert moving.json()["to_provenance"]["requested"] == "latest"
    assert moving.json()["to_provenance"]["release_id"] == last
    assert moving.headers["etag"] != dated.headers["etag"]
    other_from = client.get(f"/v1/compare/{last}/{last}/categories")
    assert other_from.headers["etag"] != dated.headers["etag"] or first == last


def test_series_category_and_modes(
    client: httpx.Client, published_root: Path, ids: list[str]
) -> None:
    answer = get_json(client, "/v1/series/categories/15")
    assert answer["releases"] == ids
    (series,) = answer["series"]
    assert series["key"] == "15-0000"
    assert [p["release_id"] for p in series["data"]] == ids
    for point in series["data"]:
        expected = category_shares(published_root, point["release_id"])["15-0000"]
        assert point["value"] == pytest.approx(expected)
        assert point["present"] is True
        assert point["provenance"]["release_id"] == point["release_id"]
        assert point["observation_window"] == catalog_window(published_root, point["release_id"])
    assert get_json(client, "/v1/series/categories/15-0000")["series"] == answer["series"]

    modes = get_json(client, "/v1/series/interaction-modes")
    by_key = {s["key"]: s for s in modes["series"]}
    for release in ids:
        split = {
            r["category"]: float(r["share_pct"])
            for r in published(published_root, release, "interaction_split")
        }
        for category in ("automation", "augmentation"):
            point = next(p for p in by_key[category]["data"] if p["release_id"] == release)
            assert point["value"] == pytest.approx(split[category])
    assert by_key["automation"]["level"] == "split"
    raw = get_json(client, "/v1/series/interaction-modes", value="share_pct")
    assert {s["key"] for s in raw["series"]} >= {"none", "directive"}

    csv_text = client.get("/v1/series/depth", params={"format": "csv"}).text
    depth_rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert len(depth_rows) == 3 * len(ids)


def test_series_occupation_task_and_errors(
    client: httpx.Client, published_root: Path, ids: list[str]
) -> None:
    occupation = get_json(client, "/v1/series/occupations/15-1132.00")["series"][0]
    for point in occupation["data"]:
        shares = {
            r["onet_soc_code"]: float(r["share_pct"])
            for r in published(published_root, point["release_id"], "occupation_usage")
        }
        assert point["value"] == pytest.approx(shares["15-1132.00"])
    task = get_json(client, "/v1/series/tasks/8823")["series"][0]
    for point in task["data"]:
        assert point["value"] == pytest.approx(
            task_shares(published_root, point["release_id"])["8823"]
        )
    for path, kind in (
        ("/v1/series/categories/98", "unknown-category"),
        ("/v1/series/occupations/99-9999.99", "unknown-occupation"),
        ("/v1/series/tasks/123456789", "unknown-task"),
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["type"].endswith(kind)
    assert client.get("/v1/series/categories/abc").status_code == 400
    assert client.get("/v1/series/depth", params={"thresholds": "2"}).status_code == 400


def has_table(root: Path, release: str, table: str) -> bool:
    catalog = json.loads((root / "catalog.json").read_text())
    entry = next(r for r in catalog["releases"] if r["id"] == release)
    return any(res["name"] == table for res in entry["versions"][-1]["resources"])


@pytest.mark.parametrize(
    ("measure", "table", "key"),
    [
        ("categories", "category_interaction_modes", "major_group_code"),
        ("occupations", "occupation_interaction_modes", "onet_soc_code"),
    ],
)
def test_compare_interaction_modes_by(
    client: httpx.Client, published_root: Path, ids: list[str], measure: str, table: str, key: str
) -> None:
    path = f"interaction-modes/{measure}"
    with_table = [i for i in ids if has_table(published_root, i, table)]
    without = [i for i in ids if i not in with_table]
    for release in without:
        # A release without interaction modes per task: measure-not-available naming it.
        other = with_table[-1] if with_table else release
        response = client.get(f"/v1/compare/{release}/{other}/{path}")
        assert response.status_code == 404
        assert response.json()["type"].endswith("/measure-not-available")
        assert response.json()["release"] == release
    if not with_table:
        return
    first, last = with_table[0], with_table[-1]
    rows = walk(client, f"/v1/compare/{first}/{last}/{path}", value="augmentation_fraction")
    expected = plain_change(
        *(
            {
                r[key]: float(r["augmentation_fraction"])
                for r in published(published_root, release, table)
                if r["augmentation_fraction"] != ""
            }
            for release in (first, last)
        )
    )
    present = [r for r in rows if r["from_value"] is not None]
    assert {r["key"] for r in present} == set(expected)
    for row in present:
        assert row["from_value"] == pytest.approx(expected[row["key"]][0])
        assert row["change_pp"] is None  # fractions, not percentages
    page = get_json(client, f"/v1/compare/{first}/{last}/{path}", limit=1)
    assert page["unit"] == "fraction" and page["value_field"] == "automation_fraction"


def test_compare_etag_depends_on_both_packages_and_the_query_only(
    published_root: Path, ids: list[str]
) -> None:
    """An immutable answer keeps its ETag when the rest of the catalog changes: the ETag is
    made of the two package hashes, the path and the canonical query, nothing else."""
    import dataclasses
    import hashlib

    from econindex_api.server.areas.compare import CompareContext
    from econindex_api.server.data_source import open_data_source
    from econindex_api.server.declarations import all_endpoints
    from econindex_api.server.store import Store

    snapshot = Store(open_data_source(str(published_root))).load()
    endpoint = next(e for e in all_endpoints() if e.name == "compare_categories")
    first, last = ids[0], ids[-1]
    ctx, _ = endpoint.prepare_context(snapshot, {"from": first, "to": last}, b"limit=5", None)
    before, after = snapshot.releases[first], snapshot.releases[last]
    compare = CompareContext.of(ctx, before, after, first, last)
    other_catalog = dataclasses.replace(snapshot, catalog_sha256="0" * 64, releases={})
    moved = CompareContext.of(
        dataclasses.replace(ctx, snapshot=other_catalog, identity="another generation"),
        before,
        after,
        first,
        last,
    )
    assert compare.etag_hex("json") == moved.etag_hex("json")
    expected = hashlib.sha256(
        "\n".join(
            (
                before.version.package_sha256,
                after.version.package_sha256,
                f"/v1/compare/{first}/{last}/categories",
                repr([("limit", "5")]),
                "json",
            )
        ).encode()
    ).hexdigest()[:40]
    assert compare.etag_hex("json") == expected
