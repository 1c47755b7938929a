"""The API's answers equal the published derived tables (read here with the csv module).

Everything goes through the real server (``live_server``) over a real build of ../shared/aei.
Expected values are computed in this file from the published CSV files, independently of the
server's Polars queries.
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

USAGE = "2025-02-10"
EXPOSURE = "labor-market-impacts"


def published(root: Path, release: str, table: str) -> list[dict[str, str]]:
    catalog = json.loads((root / "catalog.json").read_text())
    entry = next(r for r in catalog["releases"] if r["id"] == release)
    version_dir = root / entry["versions"][-1]["path"]
    with open(version_dir / "data" / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(value: str) -> float | None:
    return float(value) if value != "" else None


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=30) as c:
        yield c


def get_json(client: httpx.Client, path: str, **params: Any) -> Any:
    # params=None keeps a query string already in path (httpx replaces it with params={}).
    response = client.get(path, params=params or None)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def walk(client: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of a list endpoint, following `next` links."""
    rows: list[dict[str, Any]] = []
    page = get_json(client, path, **params)
    total = page["total"]
    rows.extend(page["data"])
    pages = 1
    while page["next"] is not None:
        pages += 1
        assert pages <= total + 1, "next links do not end"
        # absolute, on the server's own address (tests run without --public-url)
        assert page["next"].startswith(f"{client.base_url}".rstrip("/") + "/v1/"), page["next"]
        page = get_json(client, page["next"])
        assert page["total"] == total
        rows.extend(page["data"])
    assert len(rows) == total
    return rows


def test_occupations_equal_the_published_occupation_usage(
    client: httpx.Client, published_root: Path
) -> None:
    usage = {r["onet_soc_code"]: r for r in published(published_root, USAGE, "occupation_usage")}
    occupations = {r["onet_soc_code"]: r for r in published(published_root, USAGE, "occupations")}
    rows = walk(client, f"/v1/releases/{USAGE}/occupations", limit=250)
    assert {r["onet_soc_code"] for r in rows} == set(usage)
    for row in rows:
        source = usage[row["onet_soc_code"]]
        meta = occupations[row["onet_soc_code"]]
        assert row["share_pct"] == pytest.approx(float(source["share_pct"]), abs=1e-12)
        assert row["tasks_total"] == int(source["tasks_total"])
        assert row["tasks_with_usage"] == int(source["tasks_with_usage"])
        assert row["tasks_with_usage_fraction"] == pytest.approx(
            int(source["tasks_with_usage"]) / int(source["tasks_total"])
        )
        assert row["title"] == meta["title"]
        assert row["major_group_code"] == meta["major_group_code"]
        assert row["median_wage_usd"] == number(meta["median_wage_usd"])
        assert row["wage_basis"] == meta["wage_basis"]
    # default order: share descending, then code ascending
    expected = sorted(usage.values(), key=lambda r: (-float(r["share_pct"]), r["onet_soc_code"]))
    assert [r["onet_soc_code"] for r in rows] == [r["onet_soc_code"] for r in expected]


def test_occupations_of_a_major_group_top_50(client: httpx.Client, published_root: Path) -> None:
    usage = {r["onet_soc_code"]: r for r in published(published_root, USAGE, "occupation_usage")}
    group = [
        r["onet_soc_code"]
        for r in published(published_root, USAGE, "occupations")
        if r["major_group_code"] == "15-0000" and r["onet_soc_code"] in usage
    ]
    expected = sorted(group, key=lambda c: (-float(usage[c]["share_pct"]), c))[:50]
    for form in ("15", "15-0000"):
        page = get_json(client, f"/v1/releases/{USAGE}/occupations", major_group=form, limit=50)
        assert page["kind"] == "occupation_usage"
        assert page["total"] == len(group)
        assert [r["onet_soc_code"] for r in page["data"]] == expected
    # the share of the group's occupations adds up to the group's published share
    categories = {
        r["major_group_code"]: r for r in published(published_root, USAGE, "category_usage")
    }
    total_share = sum(float(usage[c]["share_pct"]) for c in group)
    assert total_share == pytest.approx(float(categories["15-0000"]["share_pct"]))


def test_occupations_wage_range_and_text_search(client: httpx.Client, published_root: Path) -> None:
    usage = {r["onet_soc_code"] for r in published(published_root, USAGE, "occupation_usage")}
    occupations = [
        r for r in published(published_root, USAGE, "occupations") if r["onet_soc_code"] in usage
    ]
    in_range = {
        r["onet_soc_code"]
        for r in occupations
        if r["median_wage_usd"] and 50_000 <= float(r["median_wage_usd"]) <= 60_000
    }
    rows = walk(
        client,
        f"/v1/releases/{USAGE}/occupations",
        min_wage_usd=50000,
        max_wage_usd=60000,
        limit=1000,
    )
    assert {r["onet_soc_code"] for r in rows} == in_range
    teachers = {
        r["onet_soc_code"]
        for r in occupations
        if "teacher" in r["title"].lower() and "postsecondary" in r["title"].lower()
    }
    rows = walk(client, f"/v1/releases/{USAGE}/occupations", q="Postsecondary TEACHERS")
    assert {r["onet_soc_code"] for r in rows} == teachers
    assert len(teachers) > 10


def test_categories_equal_the_published_category_usage(
    client: httpx.Client, published_root: Path
) -> None:
    source = {r["major_group_code"]: r for r in published(published_root, USAGE, "category_usage")}
    workforce = {r["major_group_code"]: r for r in published(published_root, USAGE, "workforce")}
    rows = walk(client, f"/v1/releases/{USAGE}/categories")
    assert len(rows) == len(source)
    for row in rows:
        s = source[row["major_group_code"]]
        assert row["share_pct"] == pytest.approx(float(s["share_pct"]), abs=1e-12)
        assert row["workforce_pct"] == number(s["workforce_pct"])
        assert row["occupations_total"] == int(s["occupations_total"])
        w = workforce.get(row["major_group_code"])
        assert row["employment"] == (int(w["employment"]) if w else None)
    assert sum(r["share_pct"] for r in rows) == pytest.approx(100.0)
    shares = [r["share_pct"] for r in rows]
    assert shares == sorted(shares, reverse=True)
    assert rows[0]["major_group_code"] == "15-0000"  # computer and mathematical lead


def test_tasks_equal_the_published_tables(client: httpx.Client, published_root: Path) -> None:
    usage = {r["task_key"]: r for r in published(published_root, USAGE, "task_usage")}
    pairs = {
        int(r["task_id"]): r for r in published(published_root, USAGE, "task_occupation_shares")
    }
    tasks = published(published_root, USAGE, "tasks")
    rows = walk(client, f"/v1/releases/{USAGE}/tasks", limit=1000)
    assert len(rows) == len(tasks)
    by_id = {r["task_id"]: r for r in rows}
    for task in tasks:
        row = by_id[int(task["task_id"])]
        key_usage = usage.get(task["task_key"])
        assert row["statement"] == task["statement"]
        assert row["onet_soc_code"] == task["onet_soc_code"]
        assert row["share_pct"] == (float(key_usage["share_pct"]) if key_usage else 0.0)
        assert row["has_usage"] is (key_usage is not None)
        pair = pairs.get(int(task["task_id"]))
        assert row["attributed_share_pct"] == (float(pair["share_pct"]) if pair else 0.0)
    assert sum(r["attributed_share_pct"] for r in rows) == pytest.approx(100.0)


def test_task_search_and_filters(client: httpx.Client, published_root: Path) -> None:
    tasks = published(published_root, USAGE, "tasks")
    usage = {
        r["task_key"]: float(r["share_pct"]) for r in published(published_root, USAGE, "task_usage")
    }
    expected = [t for t in tasks if "software" in t["task_key"] and "modify" in t["task_key"]]
    expected.sort(key=lambda t: (-usage.get(t["task_key"], 0.0), int(t["task_id"])))
    rows = walk(client, f"/v1/releases/{USAGE}/tasks", q="Modify SOFTWARE")
    assert [r["task_id"] for r in rows] == [int(t["task_id"]) for t in expected]
    assert rows

    of_occupation = [int(t["task_id"]) for t in tasks if t["onet_soc_code"] == "15-1131.00"]
    rows = walk(client, f"/v1/releases/{USAGE}/tasks", occupation="15-1131.00", sort="task_id")
    assert [r["task_id"] for r in rows] == sorted(of_occupation)

    big = {t["task_id"] for t in tasks if usage.get(t["task_key"], 0.0) >= 0.2}
    rows = walk(client, f"/v1/releases/{USAGE}/tasks", min_share_pct=0.2, major_group="15")
    assert {str(r["task_id"]) for r in rows} == {
        t
        for t in big
        if next(x for x in tasks if x["task_id"] == t)["onet_soc_code"].startswith("15-")
    }


def test_task_detail_lists_every_occupation_of_its_key(
    client: httpx.Client, published_root: Path
) -> None:
    tasks = published(published_root, USAGE, "tasks")
    pairs = published(published_root, USAGE, "task_occupation_shares")
    # a key shared by several occupations
    counts: dict[str, int] = {}
    for p in pairs:
        counts[p["task_key"]] = counts.get(p["task_key"], 0) + 1
    key = max(counts, key=lambda k: (counts[k], k))
    task_id = min(int(t["task_id"]) for t in tasks if t["task_key"] == key)
    detail = get_json(client, f"/v1/releases/{USAGE}/tasks/{task_id}")
    assert detail["task"]["task_id"] == task_id
    assert detail["task"]["task_key"] == key
    shares = {p["onet_soc_code"]: float(p["share_pct"]) for p in pairs if p["task_key"] == key}
    assert {o["onet_soc_code"]: o["attributed_share_pct"] for o in detail["occupations"]} == (
        pytest.approx(shares)
    )
    assert detail["provenance"]["release_id"] == USAGE


def test_occupation_detail_has_its_tasks(client: httpx.Client, published_root: Path) -> None:
    tasks = [
        t for t in published(published_root, USAGE, "tasks") if t["onet_soc_code"] == "15-1131.00"
    ]
    detail = get_json(client, f"/v1/releases/{USAGE}/occupations/15-1131.00")
    assert detail["kind"] == "occupation_usage"
    assert detail["occupation"]["title"] == "Computer Programmers"
    assert sorted(t["task_id"] for t in detail["tasks"]) == sorted(int(t["task_id"]) for t in tasks)
    attributed = [t["attributed_share_pct"] for t in detail["tasks"]]
    assert attributed == sorted(attributed, reverse=True)
    assert sum(attributed) == pytest.approx(detail["occupation"]["share_pct"])


def test_interaction_modes_equal_the_published_tables(
    client: httpx.Client, published_root: Path
) -> None:
    modes = {r["mode"]: r for r in published(published_root, USAGE, "interaction_modes")}
    body = get_json(client, f"/v1/releases/{USAGE}/interaction-modes")
    assert {m["mode"]: m["share_pct"] for m in body["data"]} == pytest.approx(
        {k: float(v["share_pct"]) for k, v in modes.items()}
    )
    # headline split, recomputed: drop none, rescale to 100, sum by category
    with_mode = {k: float(v["share_pct"]) for k, v in modes.items() if k != "none"}
    total = sum(with_mode.values())
    automation = (with_mode["directive"] + with_mode["feedback_loop"]) * 100 / total
    split = {s["category"]: s for s in body["split"]}
    assert split["automation"]["share_pct"] == pytest.approx(automation)
    assert split["augmentation"]["share_pct"] == pytest.approx(100 - automation)
    assert split["automation"]["modes"] == ["directive", "feedback_loop"]


def test_depth_and_wage_bands(client: httpx.Client, published_root: Path) -> None:
    usage = published(published_root, USAGE, "occupation_usage")
    fractions = [int(r["tasks_with_usage"]) / int(r["tasks_total"]) for r in usage]
    body = get_json(client, f"/v1/releases/{USAGE}/depth", thresholds="0.25,0.75")
    assert [d["threshold"] for d in body["data"]] == [0.25, 0.75]
    assert [d["occupations_count"] for d in body["data"]] == [
        sum(f >= 0.25 for f in fractions),
        sum(f >= 0.75 for f in fractions),
    ]
    assert body["occupations_total"] == len(usage)
    assert sum(b["occupations_count"] for b in body["distribution"]) == len(usage)
    default = get_json(client, f"/v1/releases/{USAGE}/depth")
    assert [d["threshold"] for d in default["data"]] == [0.25, 0.5, 0.75]

    wages = {
        r["onet_soc_code"]: number(r["median_wage_usd"])
        for r in published(published_root, USAGE, "occupations")
    }
    bands = get_json(client, f"/v1/releases/{USAGE}/wage-bands", edges="40000,80000")
    expected_low = sum(
        float(r["share_pct"])
        for r in usage
        if (w := wages[r["onet_soc_code"]]) is not None and w < 40000
    )
    expected_high = sum(
        float(r["share_pct"])
        for r in usage
        if (w := wages[r["onet_soc_code"]]) is not None and w >= 80000
    )
    assert bands["method"] == "edges"
    assert [b["label"] for b in bands["data"]] == [
        "[-inf, 40000)",
        "[40000, 80000)",
        "[80000, inf)",
        "no wage",
    ]
    assert bands["data"][0]["share_pct"] == pytest.approx(expected_low)
    assert bands["data"][2]["share_pct"] == pytest.approx(expected_high)
    assert sum(b["share_pct"] for b in bands["data"]) == pytest.approx(100.0)
    assert sum(b["occupations_count"] for b in bands["data"]) == len(usage)
    quartiles = get_json(client, f"/v1/releases/{USAGE}/wage-bands")
    assert quartiles["method"] == "quantiles" and quartiles["quantiles"] == [0.25, 0.5, 0.75]
    counts = [b["occupations_count"] for b in quartiles["data"][:4]]
    assert max(counts) - min(counts) <= 2  # quartiles split occupations about evenly


def test_exposure_release_serves_its_own_measures(
    client: httpx.Client, published_root: Path
) -> None:
    exposure = {
        r["soc_2018_code"]: float(r["observed_exposure_fraction"])
        for r in published(published_root, EXPOSURE, "job_exposure")
    }
    rows = walk(client, f"/v1/releases/{EXPOSURE}/occupations", limit=1000)
    assert {r["soc_2018_code"]: r["observed_exposure_fraction"] for r in rows} == exposure
    assert all("share_pct" not in r for r in rows)
    values = [r["observed_exposure_fraction"] for r in rows]
    assert values == sorted(values, reverse=True)

    penetration = {
        r["statement"]: float(r["penetration_fraction"])
        for r in published(published_root, EXPOSURE, "task_penetration")
    }
    page = get_json(client, f"/v1/releases/{EXPOSURE}/tasks", limit=5)
    assert page["kind"] == "task_penetration"
    assert page["total"] == len(penetration)
    for row in page["data"]:
        assert row["penetration_fraction"] == penetration[row["statement"]]
    assert page["data"][0]["penetration_fraction"] == max(penetration.values())

    one = get_json(client, f"/v1/releases/{EXPOSURE}/occupations/15-1251")
    assert one["kind"] == "occupation_exposure"
    assert one["occupation"]["observed_exposure_fraction"] == exposure["15-1251"]


def test_csv_sends_every_row_and_equals_json(client: httpx.Client, published_root: Path) -> None:
    json_rows = walk(client, f"/v1/releases/{USAGE}/occupations", limit=1000)
    for kwargs in ({"headers": {"Accept": "text/csv"}}, {"params": {"format": "csv"}}):
        response = client.get(f"/v1/releases/{USAGE}/occupations", **kwargs)  # type: ignore[arg-type]
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        csv_rows = list(csv.DictReader(io.StringIO(response.text)))
        assert response.headers["x-total-count"] == str(len(json_rows))
        assert [r["onet_soc_code"] for r in csv_rows] == [r["onet_soc_code"] for r in json_rows]
        assert [float(r["share_pct"]) for r in csv_rows] == [r["share_pct"] for r in json_rows]
    tasks = client.get(f"/v1/releases/{USAGE}/tasks", params={"format": "csv"})
    assert len(list(csv.DictReader(io.StringIO(tasks.text)))) == len(
        published(published_root, USAGE, "tasks")
    )
    # CSV with a limit pages like JSON
    first = client.get(f"/v1/releases/{USAGE}/tasks", params={"format": "csv", "limit": 10})
    assert len(list(csv.DictReader(io.StringIO(first.text)))) == 10
    assert first.headers["link"].startswith(f"<{client.base_url}".rstrip("/") + "/v1/releases/")
    assert first.headers["link"].endswith('>; rel="next"')
    for path in ("categories", "interaction-modes", "depth", "wage-bands"):
        response = client.get(f"/v1/releases/{USAGE}/{path}", headers={"Accept": "text/csv"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert len(response.text.strip().splitlines()) >= 2


@pytest.mark.parametrize(
    ("path", "params", "key"),
    [
        ("tasks", {"sort": "task_id"}, "task_id"),
        ("tasks", {"q": "data", "sort": "-attributed_share_pct"}, "task_id"),
        ("occupations", {"sort": "-median_wage_usd"}, "onet_soc_code"),
        ("categories", {}, "major_group_code"),
    ],
)
def test_walking_all_pages_gives_exactly_the_full_table(
    client: httpx.Client, path: str, params: dict[str, Any], key: str
) -> None:
    full = client.get(f"/v1/releases/{USAGE}/{path}", params={**params, "format": "csv"})
    expected = [r[key] for r in csv.DictReader(io.StringIO(full.text))]
    rows = walk(client, f"/v1/releases/{USAGE}/{path}", **params, limit=7)
    assert [str(r[key]) for r in rows] == expected
    assert len(set(expected)) == len(expected)  # no row twice, none missing
