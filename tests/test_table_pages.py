"""The table browser's pages: over HTTP (the form's redirect, links, pager) and in Chromium
(filter and sort through the form, export to xlsx, read it back with openpyxl).

Expected rows come from the package's CSV read with Python's ``csv`` module
(``tests/test_tables_api.py`` helpers), never from the code under test.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import openpyxl
import pytest

from tests.conftest import REPO, LiveServer, watched_page
from tests.test_tables_api import expected_view, read_csv

HTML = {"accept": "text/html"}
PAGE = "/releases/2025-02-10/tables/occupations"
SHOTS = REPO / "browser-screenshots"


@pytest.fixture(scope="module")
def http(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=120, headers=HTML) as c:
        yield c


def test_tables_index_lists_every_table_and_the_release_links_it(
    http: httpx.Client, published_root: Path
) -> None:
    page = http.get("/releases/2025-02-10/tables")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    names = re.findall(r'<tr data-name="([a-z0-9_]+)">', page.text)
    api = httpx.get(http.base_url.join("/v1/releases/2025-02-10/tables")).json()
    assert names == [t["name"] for t in api["data"]]
    for name in names:
        _, rows = read_csv(published_root, "2025-02-10", name)
        assert f'href="/releases/2025-02-10/tables/{name}"' in page.text
        assert f'data-value="{len(rows)}"' in page.text
    release = http.get("/releases/2025-02-10").text
    assert 'href="/releases/2025-02-10/tables"' in release
    assert 'href="/releases/2025-02-10/tables/occupations"' in release


def test_the_add_filter_form_redirects_to_the_canonical_view(http: httpx.Client) -> None:
    sent = http.get(
        PAGE,
        params=[("sort", "title"), ("column", "job_zone"), ("op", "ge"), ("value", " 4 ")],
    )
    assert sent.status_code == 303
    want = urlencode([("filter", "job_zone:>=4"), ("sort", "title")])
    assert sent.headers["location"] == f"{PAGE}?{want}"
    missing = http.get(PAGE, params=[("column", "job_zone"), ("op", "missing"), ("value", "")])
    assert missing.headers["location"] == f"{PAGE}?{urlencode([('filter', 'job_zone:')])}"
    # A filter the table cannot take is refused before any redirect (a page for a browser).
    bad = http.get(PAGE, params=[("column", "job_zone"), ("op", "eq"), ("value", "four")])
    assert bad.status_code == 400 and "job_zone" in bad.text
    unknown = http.get("/releases/2025-02-10/tables/occupatons")
    assert unknown.status_code == 404
    assert 'href="/releases/2025-02-10/tables/occupations"' in unknown.text


def test_pager_links_walk_the_view_and_count_its_rows(
    http: httpx.Client, published_root: Path
) -> None:
    header, rows = read_csv(published_root, "2025-02-10", "occupations")
    code = header.index("onet_soc_code")
    expected = expected_view(header, rows, lambda r: r["major_group_code"] == "29-0000")
    limit = 20
    assert len(expected) > 2 * limit
    url: str | None = (
        PAGE + "?" + urlencode([("filter", "major_group_code:29-0000"), ("limit", limit)])
    )
    seen: list[str] = []
    pages: list[str] = []
    for _ in range(50):
        assert url is not None
        text = http.get(url.replace("&amp;", "&")).text
        pages.append(url)
        assert f'data-total="{len(expected)}"' in text
        # occupations has ten columns (header of the package CSV): wider than a screen.
        assert f"{len(header)} columns: the rows scroll sideways." in text
        seen += re.findall(r'<td data-field="onet_soc_code" data-value="&#34;([^&]+)&#34;"', text)
        found = re.search(r'<a href="([^"]+)" rel="next">', text)
        url = found.group(1) if found else None
        if url is None:
            break
    assert seen == [r[code] for r in expected]
    # "Previous" of the third page is the second page.
    third = http.get(pages[2].replace("&amp;", "&")).text
    previous = re.search(r'<a href="([^"]+)" rel="prev">', third)
    assert previous is not None and previous.group(1) == pages[1]


def test_export_links_are_the_api_urls_of_the_view(
    http: httpx.Client, live_server: LiveServer
) -> None:
    query = [("filter", "major_group_code:15-0000"), ("q", "software"), ("sort", "-title")]
    text = http.get(f"/releases/latest/tables/occupations?{urlencode(query)}").text
    api = "/v1/releases/latest/tables/occupations?" + urlencode(query)
    for form in ("csv", "xlsx", "parquet", "json"):
        href = f"{api}&format={form}".replace("&", "&amp;")  # as HTML writes it
        assert f'href="{href}"' in text, form
    dated = f"{live_server.base_url}/releases/2025-03-27/tables/occupations?{urlencode(query)}"
    assert f"data-permalink>{dated.replace('&', '&amp;')}</a>" in text


# --- in Chromium ---


def _expected_filtered(published_root: Path) -> tuple[list[str], list[list[str]]]:
    """What the browser test asks for: group 15, job zone at least 4, by wage descending."""
    header, rows = read_csv(published_root, "2025-02-10", "occupations")
    view = expected_view(
        header,
        rows,
        lambda r: (
            r["major_group_code"] == "15-0000" and r["job_zone"] != "" and int(r["job_zone"]) >= 4
        ),
        ("median_wage_usd", True, float),
    )
    return header, view


def _add_filter(page: Any, column: str, op: str, value: str) -> None:
    page.select_option("#f-column", column)
    page.select_option("#f-op", op)
    page.fill("#f-value", value)
    page.click("form.add-filter button[type=submit]")
    page.wait_for_load_state()


def test_browse_filter_sort_and_export_xlsx_in_chromium(
    live_server: LiveServer, browser: Any, published_root: Path
) -> None:
    base = live_server.base_url
    SHOTS.mkdir(exist_ok=True)
    header, expected = _expected_filtered(published_root)
    code = header.index("onet_soc_code")
    group = header.index("major_group_code")
    for width, height in ((1280, 900), (375, 812)):
        context, page, errors, outside = watched_page(browser, base, width, height)
        page.goto(base + "/releases/2025-02-10")
        page.click("a[data-link=tables]")
        assert page.url == base + "/releases/2025-02-10/tables"
        page.screenshot(path=str(SHOTS / f"tables-index-{width}.png"), full_page=True)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        page.click("tr[data-name=occupations] a")
        _add_filter(page, "major_group_code", "eq", "15-0000")
        _add_filter(page, "job_zone", "ge", "4")
        # Sort by the wage: once ascending, once more descending (the header links).
        page.click("th[data-field=median_wage_usd] a")
        page.click("th[data-field=median_wage_usd] a")
        assert page.get_attribute("th[data-field=median_wage_usd]", "aria-sort") == "descending"
        assert page.get_attribute("p.count", "data-total") == str(len(expected))
        shown = page.eval_on_selector_all(
            "td[data-field=onet_soc_code]", "els => els.map(e => e.textContent)"
        )
        assert shown == [r[code] for r in expected][:50]
        page.screenshot(path=str(SHOTS / f"table-occupations-{width}.png"), full_page=True)
        # Nothing wider than the screen: the rows scroll inside their own box.
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        query = urlencode(
            [
                ("filter", "job_zone:>=4"),
                ("filter", "major_group_code:15-0000"),
                ("sort", "-median_wage_usd"),
            ]
        )
        assert page.url == f"{base}/releases/2025-02-10/tables/occupations?{query}"
        assert page.get_attribute("a[data-permalink]", "href") == page.url
        link = page.locator("a[data-export='Excel (xlsx)']")
        assert link.get_attribute("href") == (
            f"/v1/releases/2025-02-10/tables/occupations?{query}&format=xlsx"
        )
        with page.expect_download() as download:
            link.click()
        book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        cells = [list(r) for r in book.worksheets[0].iter_rows()]
        assert [c.value for c in cells[0]] == header
        assert len(cells) - 1 == len(expected)
        for row, want in zip(cells[1:], expected, strict=True):
            # Codes intact, as text: 15-1111.00 and 15-0000, never numbers or dates.
            assert row[code].data_type == "s" and row[code].value == want[code]
            assert row[group].data_type == "s" and row[group].value == "15-0000"
            wage = header.index("median_wage_usd")
            assert row[wage].value == float(want[wage])
        assert any(r[code].value.endswith(".00") for r in cells[1:])
        assert errors == [] and outside == [], (errors, outside)
        context.close()


def test_a_long_format_table_page(long_server: LiveServer, long_root: Path) -> None:
    """The observations of 2025-09-15 (Categorical text in the store) as a page: the count
    and the first rows of a filtered, sorted view equal the package's CSV."""
    header, rows = read_csv(long_root, "2025-09-15", "observations")
    expected = expected_view(header, rows, lambda r: r["geo_id"] == "US-NY", ("value", True, float))
    query = urlencode([("filter", "geo_id:US-NY"), ("sort", "-value"), ("limit", "10")])
    page = httpx.get(
        f"{long_server.base_url}/releases/2025-09-15/tables/observations?{query}",
        headers=HTML,
        timeout=120,
    )
    assert page.status_code == 200
    assert f'data-total="{len(expected)}"' in page.text
    shown = re.findall(r'<td data-field="value" data-value="([^"]+)"', page.text)
    assert [float(v) for v in shown] == [float(r[header.index("value")]) for r in expected[:10]]
    assert 'data-export="Excel (xlsx)"' in page.text  # under the xlsx cap: a link
