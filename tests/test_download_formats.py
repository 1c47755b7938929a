"""The table downloads of the list endpoints: xlsx, Parquet, NDJSON, and Accept (issue 22 §6).

On the real builds (conftest ``live_server``: the raw upstream releases; ``long_server``:
2025-09-15 from the real partial rows). Expected values always come from another answer of
the API read with a stock reader (the CSV with the csv module, the JSON page with json), or
from the package's own files, never from the code under test: the xlsx is read with
openpyxl, the Parquet with pyarrow.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from typing import Any

import httpx
import openpyxl
import polars as pl
import pyarrow.parquet as pq
import pytest

from econindex_api.server.toolkit import exports
from tests.conftest import LiveServer

USAGE = "2025-02-10"
LONG = "2025-09-15"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARQUET = "application/vnd.apache.parquet"
NDJSON = "application/x-ndjson"

OCCUPATIONS = f"/v1/releases/{USAGE}/occupations"
TASKS = f"/v1/releases/{USAGE}/tasks"
GEOGRAPHIES = f"/v1/releases/{LONG}/geographies"


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def long_client(long_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=long_server.base_url, timeout=60) as c:
        yield c


def csv_rows(response: httpx.Response) -> tuple[list[str], list[list[str]]]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/csv")
    reader = csv.reader(io.StringIO(response.text))
    header = next(reader)
    return header, list(reader)


def xlsx_sheets(response: httpx.Response) -> openpyxl.Workbook:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.content))


def cell_text(value: Any) -> str:
    """A cell as the CSV writes it (numbers compared apart, see ``same_value``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def same_value(cell: Any, text: str, digits: int = 17) -> bool:
    """A cell equals the CSV's text: strings exactly, numbers as numbers (xlsx numbers carry
    16 significant digits, xlsxwriter's: ``digits=16``; Parquet is exact)."""
    if isinstance(cell, bool) or cell is None or isinstance(cell, str):
        return cell_text(cell) == text
    if digits >= 17:
        return float(cell) == float(text)
    return math.isclose(float(cell), float(text), rel_tol=10.0 ** (1 - digits), abs_tol=0)


def assert_sheet_equals_csv(
    sheet: Any, header: list[str], rows: list[list[str]], text_columns: list[str]
) -> None:
    cells = [list(r) for r in sheet.iter_rows()]
    assert [c.value for c in cells[0]] == header
    assert len(cells) - 1 == len(rows)
    for column in text_columns:
        i = header.index(column)
        for row, expected in zip(cells[1:], rows, strict=True):
            # Codes are text cells ("s": shared or inline string), never numbers or dates.
            assert row[i].data_type == "s", (column, row[i].value, row[i].data_type)
            assert row[i].value == expected[i]
    for row, expected in zip(cells[1:], rows, strict=True):
        values = [c.value for c in row] + [None] * (len(header) - len(row))
        for cell, text in zip(values, expected, strict=True):
            assert same_value(cell, text, digits=16), (cell, text, header)


def test_occupations_xlsx_keeps_codes_as_text_and_equals_the_csv(client: httpx.Client) -> None:
    header, rows = csv_rows(client.get(OCCUPATIONS, params={"format": "csv"}))
    codes = [r[header.index("soc_2010_code")] for r in rows]
    # The real data has the codes a spreadsheet would mangle: leading zeros, ".00".
    onet = [r[header.index("onet_soc_code")] for r in rows]
    assert any(c.startswith("11-") for c in codes) and any(c.endswith(".00") for c in onet)
    response = client.get(OCCUPATIONS, params={"format": "xlsx"})
    assert response.headers["content-disposition"] == (
        f'attachment; filename="occupations-{USAGE}.xlsx"'
    )
    assert "content-encoding" not in response.headers  # zip inside already: never gzipped
    assert response.headers["vary"] == "Accept, Accept-Encoding"
    assert response.headers["x-total-count"] == str(len(rows))
    book = xlsx_sheets(response)
    assert book.sheetnames == ["occupations", "about"]
    text_columns = ["onet_soc_code", "soc_2010_code", "major_group_code", "title"]
    assert_sheet_equals_csv(book["occupations"], header, rows, text_columns)
    about = {r[0]: r[1] for r in book["about"].iter_rows(min_row=2, values_only=True)}
    catalog = client.get("/v1/releases").json()["data"]
    listing = next(r for r in catalog if r["id"] == USAGE)
    assert about["release_id"] == USAGE
    assert about["package_sha256"] == response.headers["x-econindex-package-sha256"]
    assert about["package_version"] == response.headers["x-econindex-package-version"]
    assert about["package_sha256"] == listing["package_sha256"]
    assert about["request"] == f"{OCCUPATIONS}?format=xlsx"
    assert about["rows"] == str(len(rows))


def test_tasks_xlsx_parquet_and_ndjson_equal_the_csv_and_json(client: httpx.Client) -> None:
    query = {"q": "data", "sort": "task_id"}
    header, rows = csv_rows(client.get(TASKS, params={**query, "format": "csv"}))
    assert 10 < len(rows) < 5000
    book = xlsx_sheets(client.get(TASKS, params={**query, "format": "xlsx"}))
    assert book.sheetnames == ["tasks", "about"]
    assert_sheet_equals_csv(book["tasks"], header, rows, ["statement", "onet_soc_code"])

    parquet = client.get(TASKS, params={**query, "format": "parquet"})
    assert parquet.headers["content-type"] == PARQUET
    assert parquet.headers["content-disposition"] == f'attachment; filename="tasks-{USAGE}.parquet"'
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.column_names == header
    assert table.num_rows == len(rows)
    for name, values in table.to_pydict().items():
        i = header.index(name)
        for value, row in zip(values, rows, strict=True):
            assert same_value(value, row[i]), (name, value, row[i])
    provenance = json.loads(table.schema.metadata[b"econindex:provenance"])
    assert provenance["release_id"] == USAGE
    assert provenance["package_sha256"] == parquet.headers["x-econindex-package-sha256"]

    # NDJSON: every row at once without limit; a page with limit, its lines the page's items.
    everything = client.get(TASKS, params={**query, "format": "ndjson"})
    assert everything.headers["content-type"] == NDJSON
    lines = [json.loads(line) for line in everything.text.splitlines()]
    assert [str(r["task_id"]) for r in lines] == [r[header.index("task_id")] for r in rows]
    page = client.get(TASKS, params={**query, "limit": 7}).json()
    by_accept = client.get(TASKS, params={**query, "limit": 7}, headers={"accept": NDJSON})
    assert by_accept.headers["content-type"] == NDJSON
    assert [json.loads(line) for line in by_accept.text.splitlines()] == page["data"]
    # The next page is in the Link header, as for CSV (no envelope in a table form).
    assert by_accept.headers["link"] == f'<{page["next"]}>; rel="next"'


def test_a_filtered_sorted_query_keeps_its_filter_and_order_in_xlsx(
    client: httpx.Client,
) -> None:
    query = {"q": "engineers", "sort": "-share_pct"}
    header, rows = csv_rows(client.get(OCCUPATIONS, params={**query, "format": "csv"}))
    titles = [r[header.index("title")] for r in rows]
    assert rows and all("engineer" in t.lower() for t in titles)
    shares = [float(r[header.index("share_pct")]) for r in rows]
    assert shares == sorted(shares, reverse=True)
    response = client.get(OCCUPATIONS, params={**query}, headers={"accept": XLSX})
    assert response.headers["content-type"] == XLSX
    book = xlsx_sheets(response)
    about = dict(book["about"].iter_rows(min_row=2, values_only=True))
    # The request that gives this file again: the filter and the format (Accept chose it);
    # canonical, so the default sort (-share_pct) is left out.
    assert about["request"] == f"{OCCUPATIONS}?format=xlsx&q=engineers"
    sheet = book["occupations"]
    assert [r[header.index("title")] for r in sheet.iter_rows(min_row=2, values_only=True)] == (
        titles
    )
    assert_sheet_equals_csv(sheet, header, rows, ["soc_2010_code"])


def test_geographies_long_format_in_every_form(long_client: httpx.Client) -> None:
    query = {"level": "subregion", "country": "USA", "sort": "geo_id"}
    header, rows = csv_rows(long_client.get(GEOGRAPHIES, params={**query, "format": "csv"}))
    assert len(rows) > 10
    ids = [r[header.index("geo_id")] for r in rows]
    assert all(i.startswith("US-") for i in ids) and ids == sorted(ids)
    book = xlsx_sheets(long_client.get(GEOGRAPHIES, params={**query, "format": "xlsx"}))
    text = ["platform", "geo_id", "upstream_geo_id", "level"]
    assert_sheet_equals_csv(book["geographies"], header, rows, text)
    parquet = long_client.get(GEOGRAPHIES, params={**query, "format": "parquet"})
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.column_names == header
    assert table.column("geo_id").to_pylist() == ids
    page = long_client.get(GEOGRAPHIES, params={**query, "limit": 5}).json()
    lines = long_client.get(GEOGRAPHIES, params={**query, "limit": 5, "format": "ndjson"}).text
    assert [json.loads(line) for line in lines.splitlines()] == page["data"]


def test_accept_negotiation_and_406(client: httpx.Client) -> None:
    by_accept = client.get(OCCUPATIONS, params={"limit": 5}, headers={"accept": PARQUET})
    assert by_accept.headers["content-type"] == PARQUET
    assert pq.read_table(io.BytesIO(by_accept.content)).num_rows == 5
    # JSON wins ties; the weights decide otherwise.
    tie = client.get(
        OCCUPATIONS, params={"limit": 5}, headers={"accept": f"{XLSX}, application/json"}
    )
    assert tie.headers["content-type"].startswith("application/json")
    weighted = f"application/json;q=0.5, {XLSX};q=0.9"
    assert client.get(OCCUPATIONS, headers={"accept": weighted}).headers["content-type"] == XLSX
    # format= wins over Accept, even over one we cannot serve.
    chosen = client.get(OCCUPATIONS, params={"format": "csv"}, headers={"accept": "image/png"})
    assert chosen.headers["content-type"].startswith("text/csv")
    # A browser following a link from the pages (text/html alone) gets JSON, not a 406.
    html = client.get(OCCUPATIONS, params={"limit": 1}, headers={"accept": "text/html"})
    assert html.headers["content-type"].startswith("application/json")
    refused = client.get(OCCUPATIONS, headers={"accept": "image/png"})
    assert refused.status_code == 406
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["type"].endswith("not-acceptable")
    assert set(problem["allowed"]) == {"application/json", "text/csv", NDJSON, XLSX, PARQUET}
    assert "text/csv" in problem["detail"]
    # An unknown format is a 400 naming the allowed values.
    bad = client.get(OCCUPATIONS, params={"format": "xls"})
    assert bad.status_code == 400
    assert bad.json()["parameter"] == "format"
    assert set(bad.json()["allowed"]) >= {"json", "csv", "ndjson", "xlsx", "parquet"}


def test_etags_differ_per_form_and_304_holds(client: httpx.Client) -> None:
    tags = {}
    for form in ("json", "csv", "ndjson", "xlsx", "parquet"):
        response = client.get(TASKS, params={"limit": 3, "format": form})
        assert response.status_code == 200
        tags[form] = response.headers["etag"]
        again = client.get(
            TASKS, params={"limit": 3, "format": form}, headers={"if-none-match": tags[form]}
        )
        assert again.status_code == 304
    assert len(set(tags.values())) == 5
    # gzip for the text forms only.
    big = {"accept-encoding": "gzip"}
    assert (
        client.get(TASKS, params={"format": "csv", "limit": 1000}, headers=big).headers[
            "content-encoding"
        ]
        == "gzip"
    )
    assert (
        "content-encoding"
        not in client.get(TASKS, params={"format": "xlsx", "limit": 1000}, headers=big).headers
    )


def test_parquet_columns_have_the_package_types(client: httpx.Client, published_root: Any) -> None:
    """Where a list mirrors a package table, its Parquet has the package's column types."""
    parquet = client.get(OCCUPATIONS, params={"format": "parquet"})
    served = pq.read_schema(io.BytesIO(parquet.content))
    files = sorted(published_root.glob(f"releases/{USAGE}/*/data/occupation_usage.parquet"))
    assert files, "the package's occupation table"
    package = pq.read_schema(files[-1])
    shared = [n for n in served.names if n in package.names]
    assert len(shared) >= 3
    for name in shared:
        assert served.field(name).type == package.field(name).type, name


def test_xlsx_writer_never_guesses_a_cell_type() -> None:
    """The writer alone, on hand-made rows: strings that look like numbers, dates or formulas
    stay text (never a formula); null is an empty cell; NaN is Excel's #NUM! error; the file
    is the same bytes twice (its ETag holds across processes)."""
    frame = pl.DataFrame(
        {
            "code": ["15-1132.00", "0015", "=1+1", "2024-01-02", None],
            "value": [1.5, None, float("nan"), 3.0, 0.1],
            "flag": [True, False, None, True, False],
        }
    )
    about = exports.About(endpoint="x", request="/v1/x?format=xlsx", rows=5, release_id="r")
    body = exports.xlsx_bytes(frame, exports.sheet_name("a/b:c"), about)
    assert body == exports.xlsx_bytes(frame, exports.sheet_name("a/b:c"), about)
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["a_b_c", "about"]
    cells = list(book["a_b_c"].iter_rows(min_row=2))
    assert [(c[0].value, c[0].data_type) for c in cells[:4]] == [
        ("15-1132.00", "s"),
        ("0015", "s"),
        ("=1+1", "s"),
        ("2024-01-02", "s"),
    ]
    assert cells[4][0].value is None
    # NaN: xlsxwriter writes the error as a formula (openpyxl reads "=#NUM!").
    assert [r[1].value for r in cells] == [1.5, None, "=#NUM!", 3.0, 0.1]
    assert [r[2].value for r in cells] == [True, False, None, True, False]
    assert ("release_id", "r") in list(book["about"].iter_rows(values_only=True))


def test_compare_xlsx_names_both_releases(client: httpx.Client) -> None:
    """A compare answer's file names both releases; its "about" sheet both packages."""
    path = "/v1/compare/2025-02-10/2025-03-27/categories"
    header, rows = csv_rows(client.get(path, params={"format": "csv"}))
    response = client.get(path, params={"format": "xlsx"})
    assert response.headers["content-disposition"] == (
        'attachment; filename="compare_categories-2025-02-10-2025-03-27.xlsx"'
    )
    book = xlsx_sheets(response)
    assert_sheet_equals_csv(book[book.sheetnames[0]], header, rows, ["major_group_code"])
    about = dict(book["about"].iter_rows(min_row=2, values_only=True))
    assert about["release_id"] == "2025-03-27"
    assert about["from_release_id"] == "2025-02-10"
    assert about["from_package_sha256"] == response.headers["x-econindex-from-package-sha256"]
