"""The table browser's API (``/v1/releases/{release}/tables``, ``/tables/{table}``) and
client, on the real server over the real build.

Every expected value is computed here, independently of the code under test: the package's
own CSV files read with Python's ``csv`` module and its ``datapackage.json`` with ``json``;
filters, search and sort re-implemented in plain Python over those rows.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pyarrow.parquet as pq
import pytest

from econindex_api import AsyncClient, Client
from tests.conftest import LiveServer

RELEASES = ("2025-02-10", "2025-03-27", "labor-market-impacts")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def http(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=120) as c:
        yield c


def package_dir(root: Path, release: str) -> Path:
    (found,) = (root / "releases" / release).glob("*/datapackage.json")
    return found.parent


def descriptor(root: Path, release: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((package_dir(root, release) / "datapackage.json").read_text())
    return data


def csv_tables(root: Path, release: str) -> dict[str, dict[str, Any]]:
    """The package's CSV resources by name (those with a schema)."""
    return {r["name"]: r for r in descriptor(root, release)["resources"] if "schema" in r}


def read_csv(root: Path, release: str, table: str) -> tuple[list[str], list[list[str]]]:
    path = package_dir(root, release) / "data" / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, list(reader)


def types_of(root: Path, release: str, table: str) -> dict[str, str]:
    fields = csv_tables(root, release)[table]["schema"]["fields"]
    return {f["name"]: f["type"] for f in fields}


def typed(text: str, kind: str) -> Any:
    """A CSV cell as the JSON answer should carry it (the test's own reading)."""
    if text == "":
        return None
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return {"true": True, "false": False}[text]
    return text


def same(value: Any, text: str, kind: str) -> bool:
    expected = typed(text, kind)
    if isinstance(expected, float) and isinstance(value, int | float):
        return math.isclose(value, expected, rel_tol=1e-15, abs_tol=0) or value == expected
    return bool(value == expected)


def all_pages(http: httpx.Client, url: str, params: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Every row of a query, following ``next`` links (bounded)."""
    response = http.get(url, params=params)
    assert response.status_code == 200, response.text[:300]
    body = response.json()
    rows = list(body["data"])
    for _ in range(1000):
        if body["next"] is None:
            break
        response = http.get(body["next"])
        assert response.status_code == 200, response.text[:300]
        body = response.json()
        rows += body["data"]
    else:
        raise AssertionError("more than 1000 pages")
    return rows


def expected_view(
    header: list[str],
    rows: list[list[str]],
    keep: Callable[[dict[str, str]], bool],
    sort: tuple[str, bool, Callable[[str], Any]] | None = None,
) -> list[list[str]]:
    """The CSV rows kept by ``keep``, sorted as the API documents it: by the column, missing
    values last, ties in the table's order."""
    chosen = [r for r in rows if keep(dict(zip(header, r, strict=True)))]
    if sort is None:
        return chosen
    column, descending, key = sort
    i = header.index(column)
    present = [r for r in chosen if r[i] != ""]
    missing = [r for r in chosen if r[i] == ""]
    # Stable either way: reverse=True keeps equal rows in their original order too.
    present.sort(key=lambda r: key(r[i]), reverse=descending)
    return present + missing


# --- the list of tables ---


@pytest.mark.parametrize("release", RELEASES)
def test_tables_list_every_table_of_the_package(
    http: httpx.Client, published_root: Path, release: str
) -> None:
    body = http.get(f"/v1/releases/{release}/tables").json()
    resources = csv_tables(published_root, release)
    assert [t["name"] for t in body["data"]] == list(resources)
    assert body["total"] == len(resources)
    assert body["provenance"]["release_id"] == release
    for info in body["data"]:
        resource = resources[info["name"]]
        header, rows = read_csv(published_root, release, info["name"])
        assert info["rows"] == len(rows)
        assert info["title"] == resource["title"]
        assert info["description"] == resource.get("description")
        assert [f["name"] for f in info["fields"]] == header
        declared = {f["name"]: f for f in resource["schema"]["fields"]}
        for field in info["fields"]:
            assert field["type"] == declared[field["name"]]["type"]
            assert field.get("description") == declared[field["name"]].get("description")
        assert info["links"]["rows"] == f"/v1/releases/{release}/tables/{info['name']}"
        assert info["links"]["page"] == f"/releases/{release}/tables/{info['name']}"
        assert http.get(info["links"]["csv"]).status_code == 200
    # Linked from the release.
    links = http.get(f"/v1/releases/{release}").json()["release"]["links"]["endpoints"]
    assert links["tables"] == f"/v1/releases/{release}/tables"


# --- rows: every table equals its CSV, all pages concatenated ---


@pytest.mark.parametrize("release", RELEASES)
def test_every_table_pages_equal_the_package_csv(
    http: httpx.Client, published_root: Path, release: str
) -> None:
    for table in csv_tables(published_root, release):
        header, rows = read_csv(published_root, release, table)
        kinds = types_of(published_root, release, table)
        got = all_pages(http, f"/v1/releases/{release}/tables/{table}", [("limit", "1000")])
        assert len(got) == len(rows), table
        for row, expected in zip(got, rows, strict=True):
            assert list(row) == header, table
            for column, text in zip(header, expected, strict=True):
                assert same(row[column], text, kinds[column]), (table, column, row[column], text)


# --- filters, search, sort, paging ---

OCCUPATIONS = "/v1/releases/2025-02-10/tables/occupations"


def _number(text: str) -> float:
    return float(text)


def test_filters_and_sort_page_by_page_equal_the_independent_view(
    http: httpx.Client, published_root: Path
) -> None:
    header, rows = read_csv(published_root, "2025-02-10", "occupations")
    expected = expected_view(
        header,
        rows,
        lambda r: (
            r["major_group_code"] == "15-0000" and r["job_zone"] != "" and int(r["job_zone"]) >= 4
        ),
        ("median_wage_usd", True, _number),
    )
    assert len(expected) > 7  # several pages of 7
    params = [
        ("filter", "major_group_code:15-0000"),
        ("filter", "job_zone:>=4"),
        ("sort", "-median_wage_usd"),
        ("limit", "7"),
    ]
    got = all_pages(http, OCCUPATIONS, params)
    code = header.index("onet_soc_code")
    assert [r["onet_soc_code"] for r in got] == [r[code] for r in expected]
    first = http.get(OCCUPATIONS, params=params).json()
    assert first["total"] == len(expected)
    assert first["next"].startswith("http://127.0.0.1:")
    # The filters' order does not matter: one query, one answer.
    swapped = http.get(OCCUPATIONS, params=[params[1], params[0], *params[2:]])
    assert swapped.json() == first


def test_ascending_sort_puts_missing_values_last(http: httpx.Client, published_root: Path) -> None:
    header, rows = read_csv(published_root, "2025-02-10", "occupations")
    expected = expected_view(header, rows, lambda r: True, ("job_zone", False, int))
    got = all_pages(http, OCCUPATIONS, [("sort", "job_zone"), ("limit", "1000")])
    code = header.index("onet_soc_code")
    assert [r["onet_soc_code"] for r in got] == [r[code] for r in expected]
    assert got[-1]["job_zone"] is None and got[0]["job_zone"] == 1


def test_missing_boolean_text_and_comparison_filters(
    http: httpx.Client, published_root: Path
) -> None:
    header, rows = read_csv(published_root, "2025-02-10", "occupations")
    code = header.index("onet_soc_code")
    cases: list[tuple[list[tuple[str, str]], Callable[[dict[str, str]], bool]]] = [
        ([("filter", "job_zone:")], lambda r: r["job_zone"] == ""),
        ([("filter", "has_tasks:false")], lambda r: r["has_tasks"] == "false"),
        (
            [("filter", "wage_basis:hourly_annualized")],
            lambda r: r["wage_basis"] == "hourly_annualized",
        ),
        (
            [("filter", "median_wage_usd:<30000"), ("filter", "job_zone:2")],
            lambda r: (
                r["median_wage_usd"] != ""
                and float(r["median_wage_usd"]) < 30000
                and r["job_zone"] == "2"
            ),
        ),
        (
            [("filter", "median_wage_usd:>200000")],
            lambda r: r["median_wage_usd"] != "" and float(r["median_wage_usd"]) > 200000,
        ),
        ([("filter", "title:Actuaries")], lambda r: r["title"] == "Actuaries"),
    ]
    for params, keep in cases:
        expected = [r[code] for r in expected_view(header, rows, keep)]
        assert expected, params  # each case matches real rows
        got = all_pages(http, OCCUPATIONS, [*params, ("limit", "1000")])
        assert [r["onet_soc_code"] for r in got] == expected, params


def test_text_search_every_word_in_some_text_column(
    http: httpx.Client, published_root: Path
) -> None:
    header, rows = read_csv(published_root, "2025-02-10", "tasks")
    kinds = types_of(published_root, "2025-02-10", "tasks")
    text = [i for i, c in enumerate(header) if kinds[c] == "string"]
    words = ["software", "test"]

    def keep(r: dict[str, str]) -> bool:
        return all(any(w in r[header[i]].lower() for i in text) for w in words)

    expected = [r[header.index("task_id")] for r in expected_view(header, rows, keep)]
    assert expected
    url = "/v1/releases/2025-02-10/tables/tasks"
    got = all_pages(http, url, [("q", "Software  TEST"), ("limit", "1000")])
    assert [str(r["task_id"]) for r in got] == expected
    # A code is text too: the search finds it in any text column.
    by_code = all_pages(http, url, [("q", "15-1132.00"), ("limit", "1000")])
    assert by_code and {r["onet_soc_code"] for r in by_code} == {"15-1132.00"}


# --- every download form, same rows ---


def test_every_format_sends_the_filtered_sorted_rows(
    http: httpx.Client, published_root: Path
) -> None:
    header, rows = read_csv(published_root, "2025-02-10", "occupations")
    expected = expected_view(
        header, rows, lambda r: r["major_group_code"] == "15-0000", ("title", False, str)
    )
    query = [("filter", "major_group_code:15-0000"), ("sort", "title")]
    as_csv = http.get(OCCUPATIONS, params=[*query, ("format", "csv")])
    assert as_csv.headers["content-type"].startswith("text/csv")
    reader = csv.reader(io.StringIO(as_csv.text))
    assert next(reader) == header
    got_csv = list(reader)
    assert len(got_csv) == len(expected)
    kinds = types_of(published_root, "2025-02-10", "occupations")
    for got_row, want in zip(got_csv, expected, strict=True):
        for column, a, b in zip(header, got_row, want, strict=True):
            assert typed(a, kinds[column]) == typed(b, kinds[column]), column
    xlsx = http.get(OCCUPATIONS, params=[*query, ("format", "xlsx")])
    assert xlsx.headers["content-type"] == XLSX
    assert xlsx.headers["content-disposition"] == (
        'attachment; filename="table-occupations-2025-02-10.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    cells = [list(r) for r in book.worksheets[0].iter_rows()]
    assert [c.value for c in cells[0]] == header
    assert len(cells) - 1 == len(expected)
    for column in ("onet_soc_code", "major_group_code"):
        i = header.index(column)
        for row, want in zip(cells[1:], expected, strict=True):
            assert row[i].data_type == "s" and row[i].value == want[i], (column, row[i].value)
    about = {r[0].value: r[1].value for r in book["about"].iter_rows(min_row=2)}
    assert about["request"] == (
        "/v1/releases/2025-02-10/tables/occupations"
        "?filter=major_group_code%3A15-0000&format=xlsx&sort=title"
    )
    parquet = http.get(OCCUPATIONS, params=[*query, ("format", "parquet")])
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.column_names == header
    assert table.column("onet_soc_code").to_pylist() == [r[0] for r in expected]
    ndjson = http.get(OCCUPATIONS, params=[*query, ("format", "ndjson")])
    lines = [json.loads(x) for x in ndjson.text.splitlines()]
    assert lines == all_pages(http, OCCUPATIONS, [*query, ("limit", "1000")])


# --- bad requests: 4xx problems naming the parameter ---


@pytest.mark.parametrize(
    ("path", "status", "kind", "parameter"),
    [
        ("/v1/releases/2025-02-10/tables/occupatons", 404, "unknown-resource", None),
        (OCCUPATIONS + "?filter=nope:1", 400, "invalid-parameter", "filter"),
        (OCCUPATIONS + "?filter=job_zone:four", 400, "invalid-parameter", "filter"),
        (OCCUPATIONS + "?filter=job_zone:4.5", 400, "invalid-parameter", "filter"),
        (OCCUPATIONS + "?filter=has_tasks:maybe", 400, "invalid-parameter", "filter"),
        (OCCUPATIONS + "?filter=median_wage_usd:%3E%3Dlots", 400, "invalid-parameter", "filter"),
        (OCCUPATIONS + "?filter=major_group_code", 400, "invalid-parameter", "filter"),
        (OCCUPATIONS + "?sort=-nope", 400, "invalid-parameter", "sort"),
        (OCCUPATIONS + "?limit=0", 400, "invalid-parameter", "limit"),
        (OCCUPATIONS + "?cursor=abc", 400, "invalid-parameter", "cursor"),
        (OCCUPATIONS + "?format=docx", 400, "invalid-parameter", "format"),
        (OCCUPATIONS + "?colour=red", 400, "unknown-parameter", "colour"),
        (OCCUPATIONS + "?q=" + "+".join("abcdefghijk"), 400, "invalid-parameter", "q"),
    ],
)
def test_bad_requests_are_problems(
    http: httpx.Client, path: str, status: int, kind: str, parameter: str | None
) -> None:
    response = http.get(path)
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/" + kind)
    assert body.get("parameter") == parameter
    if kind == "unknown-resource":
        assert body["suggestions"][0]["href"] == "/v1/releases/2025-02-10/tables/occupations"
        assert "occupations" in body["allowed"]


def test_a_cursor_of_another_query_is_refused(http: httpx.Client) -> None:
    first = http.get(OCCUPATIONS, params={"limit": "5", "sort": "title"}).json()
    other = http.get(OCCUPATIONS, params={"limit": "5", "cursor": first["next_cursor"]})
    assert other.status_code == 400 and other.json()["parameter"] == "cursor"
    tasks = http.get(
        "/v1/releases/2025-02-10/tables/tasks",
        params={"limit": "5", "cursor": first["next_cursor"]},
    )
    assert tasks.status_code == 400 and tasks.json()["parameter"] == "cursor"


# --- the client ---


def test_client_rows_iter_and_polars_equal_the_independent_view(
    live_server: LiveServer, published_root: Path
) -> None:
    header, rows = read_csv(published_root, "2025-02-10", "occupations")
    code = header.index("onet_soc_code")
    with Client(live_server.base_url) as client:
        info = client.tables.get("2025-02-10", "occupations")
        assert [f.name for f in info.fields] == header
        filters = {"major_group_code": "15-0000"}
        all_15 = expected_view(header, rows, lambda r: r["major_group_code"] == "15-0000")
        page = client.tables.rows("2025-02-10", "occupations", filters=filters, limit=4)
        assert page.total == len(all_15) and len(page.data) == 4
        frame = client.tables.iter(
            "2025-02-10", "occupations", filters=filters, sort="-median_wage_usd", limit=9
        ).to_polars()
        want = expected_view(
            header,
            rows,
            lambda r: r["major_group_code"] == "15-0000",
            ("median_wage_usd", True, float),
        )
        assert frame["onet_soc_code"].to_list() == [r[code] for r in want]
        assert str(frame.schema["job_zone"]) == "Int64"
        assert str(frame.schema["has_tasks"]) == "Boolean"
        missing = client.tables.iter(
            "2025-02-10", "occupations", filters={"job_zone": None}
        ).to_polars()
        assert missing.height == sum(1 for r in rows if r[header.index("job_zone")] == "")

    async def run() -> tuple[int, list[str]]:
        async with AsyncClient(live_server.base_url) as client:
            listed = await client.tables.list("2025-02-10")
            frame = await client.tables.iter(
                "2025-02-10", "occupations", filters=["major_group_code:15-0000"], limit=10
            ).to_polars()
            return listed.total, frame["onet_soc_code"].to_list()

    total, codes = asyncio.run(run())
    assert total == len(csv_tables(published_root, "2025-02-10"))
    assert codes == [r[code] for r in all_15]


# --- a long-format table (Categorical text columns in the store) ---


def test_long_format_observations_filter_search_sort(
    long_server: LiveServer, long_root: Path
) -> None:
    """The partial real rows of 2025-09-15 (``observations``: held as Categorical strings,
    ``store.read_table``): filters, a comparison, a search and a sort equal the same view
    computed over the package's CSV."""
    release = "2025-09-15"
    header, rows = read_csv(long_root, release, "observations")
    url = f"/v1/releases/{release}/tables/observations"
    with httpx.Client(base_url=long_server.base_url, timeout=120) as http:
        params = [
            ("filter", "geo_id:US-CA"),
            ("filter", "metric:request_pct"),
            ("filter", "value:>=0.5"),
            ("sort", "-value"),
            ("limit", "25"),
        ]
        expected = expected_view(
            header,
            rows,
            lambda r: (
                r["geo_id"] == "US-CA" and r["metric"] == "request_pct" and float(r["value"]) >= 0.5
            ),
            ("value", True, float),
        )
        assert len(expected) > 25
        got = all_pages(http, url, params)
        keys = [(r["node_name"], r["value"]) for r in got]
        i, v = header.index("node_name"), header.index("value")
        assert keys == [(r[i], float(r[v])) for r in expected]
        # A search word in any text column (the node names, the geography...).
        words = ["software"]
        text = [c for c, t in types_of(long_root, release, "observations").items() if t == "string"]
        searched = expected_view(
            header,
            rows,
            lambda r: r["platform"] == "1p_api" and any(words[0] in r[c].lower() for c in text),
        )
        assert searched
        found = all_pages(
            http, url, [("filter", "platform:1p_api"), ("q", "SOFTWARE"), ("limit", "1000")]
        )
        assert [(r["node_name"], r["metric"]) for r in found] == [
            (r[i], r[header.index("metric")]) for r in searched
        ]
        # The CSV export of a Categorical table is text, like the package's.
        as_csv = http.get(url, params=[*params[:3], ("sort", "-value"), ("format", "csv")])
        lines = list(csv.reader(io.StringIO(as_csv.text)))
        assert lines[0] == header and len(lines) - 1 == len(expected)
        assert [r[i] for r in lines[1:]] == [r[i] for r in expected]


# --- the query's sort, as a pure function, on the column types the store holds ---


@pytest.mark.parametrize("categorical", [False, True])
def test_sort_orders_text_dates_and_numbers_with_missing_last(categorical: bool) -> None:
    """``table_query.select_positions`` against Python's own stable ``sorted`` on a small
    hand-made frame: text (String, or Categorical as the long tables hold it; categories
    created out of lexical order), dates and numbers, each with missing values."""
    import datetime

    import polars as pl

    from econindex_api.server import table_query as TQ

    words = ["pear", None, "apple", "fig", "apple", None, "banana", "fig"]
    days = [3, 1, None, 2, 2, 5, None, 1]
    numbers = [2.5, None, -1.0, 2.5, 0.0, 7.0, None, 2.5]
    text = pl.Series("w", words)
    frame = pl.DataFrame(
        {
            "w": text.cast(pl.Categorical) if categorical else text,
            "d": [None if d is None else datetime.date(2025, 1, d) for d in days],
            "x": numbers,
        }
    )
    kinds = TQ.column_kinds(frame)
    columns: dict[str, list[Any]] = {"w": words, "d": days, "x": numbers}
    for column, values in columns.items():
        for descending in (False, True):
            present = [i for i, v in enumerate(values) if v is not None]
            present.sort(key=lambda i: values[i], reverse=descending)  # (stable both ways)
            expected = present + [i for i, v in enumerate(values) if v is None]
            got = TQ.select_positions(frame, [], None, (column, descending), kinds)
            assert got.tolist() == expected, (column, descending)
    chosen = [TQ.parse_filter("d:>=2025-01-02", kinds), TQ.parse_filter("x:2.5", kinds)]
    assert TQ.select_positions(frame, chosen, None, None, kinds).tolist() == [0, 3]
    assert TQ.select_positions(frame, [], "APP", None, kinds).tolist() == [2, 4]
    missing = TQ.select_positions(frame, [TQ.parse_filter("w:", kinds)], None, None, kinds)
    assert missing.tolist() == [1, 5]
