"""The list pages over the real build (issue 22): task search, occupations, clusters, and
the value labels of the stacked bars.

Every expected value is computed here with the plain ``csv`` module over the package's own
CSV files (the published tables), never by the code under test: which statements match a
search, which occupations, the clusters' shares of records, the modes' fractions.
"""

from __future__ import annotations

import csv
import html
import json
import math
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from econindex_api.pages.stacked_charts import MIN_LABEL_FRACTION
from tests.conftest import LiveServer

HTML = {"accept": "text/html"}
client = httpx.Client(timeout=120)


def table(server: LiveServer, release: str, name: str) -> list[dict[str, str]]:
    """A published table of the package served for ``release`` (its only version here)."""
    (folder,) = (server.data_root / "releases" / release).iterdir()
    with (Path(folder) / "data" / f"{name}.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def words_in(q: str, text: str) -> bool:
    """The API's rule for ``q``, written again: every white-space separated word, any case."""
    return all(w in text.lower() for w in q.lower().split())


def get_page(server: LiveServer, path: str) -> str:
    answer = client.get(server.url(path), headers=HTML)
    assert answer.status_code == 200, (path, answer.text[:300])
    assert answer.headers["content-type"].startswith("text/html")
    return answer.text


def one(pattern: str, text: str) -> str:
    """The first group of ``pattern``'s match in ``text``, which must match."""
    found = re.search(pattern, text)
    assert found is not None, (pattern, text[:200])
    return found.group(1)


def body_rows(page: str, table_name: str) -> list[str]:
    body = page.split(f'data-table="{table_name}"')[1].split("</table>")[0]
    return body.split("<tbody>")[1].split("<tr")[1:]


# --- task search ---


def expected_statements(server: LiveServer, release: str, q: str) -> dict[str, set[str]]:
    """Matching task keys with the occupation codes that carry each (tasks.csv)."""
    out: dict[str, set[str]] = {}
    for row in table(server, release, "tasks"):
        if words_in(q, row["statement"]):
            out.setdefault(row["task_key"], set()).add(row["onet_soc_code"])
    return out


def walk_search(server: LiveServer, path: str) -> list[tuple[str, list[str], float, int]]:
    """Every statement the search lists, page after page by its "next" link: (task key,
    occupation codes, share, occupations) in the order shown."""
    seen: list[tuple[str, list[str], float, int]] = []
    for _ in range(100):  # bounded: no search here has more than 100 pages
        page = get_page(server, path)
        for row in body_rows(page, "tasks"):
            key = html.unescape(one(r'data-task-key="([^"]*)"', row))
            codes = re.findall(r'data-code="([^"]+)"', row)
            share = json.loads(one(r'class="pct"[^>]*data-value="([^"]+)"', row))
            count = int(one(r'data-label="Occupations" data-value="(\d+)"', row))
            seen.append((key, codes, share, count))
        found = re.search(r'<a href="([^"]+)" rel="next" data-pager="next"', page)
        if found is None:
            return seen
        path = html.unescape(found.group(1))
    raise AssertionError("more than 100 pages")


@pytest.mark.parametrize(("release", "q"), [("2025-02-10", "software"), ("2025-03-27", "data")])
def test_task_search_pages_cover_every_statement_once(
    live_server: LiveServer, release: str, q: str
) -> None:
    expected = expected_statements(live_server, release, q)
    rows = sum(len(codes) for codes in expected.values())
    assert len(expected) < rows  # these searches do hit statements of several occupations
    first = get_page(live_server, f"/releases/{release}/tasks?{urlencode({'q': q})}")
    status = re.search(r'data-statements="(\d+)" data-rows="(\d+)"', first)
    assert status is not None
    assert (int(status.group(1)), int(status.group(2))) == (len(expected), rows)
    assert f"{len(expected)} tasks match" in first and f"({rows} rows in the API" in first
    seen = walk_search(live_server, f"/releases/{release}/tasks?{urlencode({'q': q})}")
    keys = [k for k, _, _, _ in seen]
    assert len(keys) == len(set(keys)) == len(expected)  # each statement exactly once
    assert {k: set(c) for k, c, _, _ in seen} == expected  # with all its occupations
    assert all(n == len(c) for _, c, _, n in seen)
    shares = [s for _, _, s, _ in seen]
    assert shares == sorted(shares, reverse=True)  # default: largest share first
    # The API counts the same: statements_total distinct keys, total rows (unchanged).
    api = client.get(live_server.url(f"/v1/releases/{release}/tasks?{urlencode({'q': q})}"))
    assert (api.json()["statements_total"], api.json()["total"]) == (len(expected), rows)


@pytest.mark.parametrize(
    ("sort", "field", "descending"),
    [("statement", 0, False), ("share_pct", 2, False), ("-occupations", 3, True)],
)
def test_task_search_sorts(
    live_server: LiveServer, sort: str, field: int, descending: bool
) -> None:
    q = "software"
    seen = walk_search(live_server, f"/releases/2025-02-10/tasks?q={q}&sort={sort}")
    assert {k for k, _, _, _ in seen} == set(expected_statements(live_server, "2025-02-10", q))
    if field == 0:  # by statement: the statements' texts, A to Z
        by_key = {r["task_key"]: r["statement"] for r in table(live_server, "2025-02-10", "tasks")}
        values: list[Any] = [by_key[k] for k, _, _, _ in seen]
    else:
        values = [row[field] for row in seen]
    assert values == sorted(values, reverse=descending)


def test_task_search_cursor_of_another_query_is_refused(live_server: LiveServer) -> None:
    page = get_page(live_server, "/releases/2025-02-10/tasks?q=software")
    cursor = re.search(r"cursor=([A-Za-z0-9_-]+)", page)
    assert cursor is not None
    for query in (f"q=data&cursor={cursor.group(1)}", "q=software&cursor=AAAA"):
        answer = client.get(live_server.url(f"/releases/2025-02-10/tasks?{query}"))
        assert answer.status_code == 400, query
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert "cursor" in answer.text
    # In a browser, the same status as an HTML page.
    answer = client.get(
        live_server.url(f"/releases/2025-02-10/tasks?q=data&cursor={cursor.group(1)}"),
        headers=HTML,
    )
    assert answer.status_code == 400 and answer.headers["content-type"].startswith("text/html")


# --- occupations ---


def occupation_rows(server: LiveServer, release: str) -> list[dict[str, Any]]:
    """The occupations the list shows: occupation_usage.csv with titles from occupations.csv."""
    titles = {r["onet_soc_code"]: r for r in table(server, release, "occupations")}
    out = []
    for row in table(server, release, "occupation_usage"):
        occ = titles.get(row["onet_soc_code"], {})
        wage = occ.get("median_wage_usd") or ""
        out.append(
            {
                "code": row["onet_soc_code"],
                "title": occ.get("title", ""),
                "group": occ.get("major_group_code", row["onet_soc_code"][:2] + "-0000"),
                "share": float(row["share_pct"]),
                "wage": float(wage) if wage else None,
            }
        )
    return out


def shown_codes(page: str) -> list[str]:
    return [one(r'data-code="([^"]+)"', r) for r in body_rows(page, "occupations")]


@pytest.mark.parametrize(
    ("query", "q", "group"),
    [
        ({"q": "reporter"}, "reporter", None),
        ({"q": "manager", "major_group": "11"}, "manager", "11-0000"),
        ({"q": "15-11"}, "15-11", None),
        ({"q": "", "major_group": ""}, "", None),  # the form's "all groups", no words
    ],
)
def test_occupation_search(
    live_server: LiveServer, query: dict[str, str], q: str, group: str | None
) -> None:
    expected = [
        r
        for r in occupation_rows(live_server, "2025-02-10")
        if (not q or words_in(q, r["title"]) or r["code"].startswith(q))
        and (group is None or r["group"] == group)
    ]
    assert expected
    page = get_page(live_server, f"/releases/2025-02-10/occupations?{urlencode(query)}")
    codes = shown_codes(page)
    assert sorted(codes) == sorted(r["code"] for r in expected)
    assert f'data-total="{len(expected)}"' in page
    # Default order: largest share first, then the code.
    assert codes == [r["code"] for r in sorted(expected, key=lambda r: (-r["share"], r["code"]))]


def test_occupation_list_sorts(live_server: LiveServer) -> None:
    rows = occupation_rows(live_server, "2025-03-27")
    by_title = get_page(live_server, "/releases/2025-03-27/occupations?sort=title")
    assert shown_codes(by_title) == [
        r["code"] for r in sorted(rows, key=lambda r: (r["title"], r["code"]))
    ]
    by_wage = get_page(live_server, "/releases/2025-03-27/occupations?sort=-median_wage_usd")
    with_wage = sorted(
        (r for r in rows if r["wage"] is not None), key=lambda r: (-r["wage"], r["code"])
    )
    without = sorted(r["code"] for r in rows if r["wage"] is None)
    assert shown_codes(by_wage) == [r["code"] for r in with_wage] + without  # no wage last
    # The header link of the sorted column reverses it; the page marks it for screen readers.
    assert 'aria-sort="descending"' in by_wage
    assert 'href="/releases/2025-03-27/occupations?sort=median_wage_usd"' in by_wage


def test_occupation_list_refuses_a_bad_group(live_server: LiveServer) -> None:
    answer = client.get(live_server.url("/releases/2025-02-10/occupations?major_group=9x"))
    assert answer.status_code == 400 and "major_group" in answer.text


def test_all_occupations_linked_from_home_and_release(live_server: LiveServer) -> None:
    latest = client.get(live_server.url("/v1/releases")).json()["latest"]
    home = get_page(live_server, "/")
    assert f'href="/releases/{latest}/occupations" data-link="all-occupations"' in home
    for release in ("2025-02-10", "2025-03-27"):
        page = get_page(live_server, f"/releases/{release}")
        assert f'href="/releases/{release}/occupations" data-link="all-occupations"' in page


# --- clusters ---


def test_clusters_show_level_2_shares_largest_first(live_server: LiveServer) -> None:
    rows = table(live_server, "2025-03-27", "clusters")
    parts: dict[str, list[float]] = {}
    for r in rows:
        if r["level"] == "0":
            parts.setdefault(r["level_2_id"], []).append(float(r["records_pct"]))
    sums = {k: math.fsum(v) for k, v in parts.items()}
    names = {r["cluster_id"]: r["name"] for r in rows if r["level"] == "2"}
    assert set(sums) == set(names)
    assert math.isclose(math.fsum(sums.values()), 100, abs_tol=1e-6)
    expected = sorted(names, key=lambda c: (-sums[c], names[c]))
    page = get_page(live_server, "/releases/2025-03-27/clusters")
    shown = [(one(r'data-cluster="([^"]+)"', r), r) for r in body_rows(page, "clusters")]
    assert [c for c, _ in shown] == expected
    for cluster, row in shown:
        assert json.loads(one(r'class="pct"[^>]*data-value="([^"]+)"', row)) == sums[cluster]
        assert "–" not in row
    by_name = get_page(live_server, "/releases/2025-03-27/clusters?sort=name")
    ids = [one(r'data-cluster="([^"]+)"', r) for r in body_rows(by_name, "clusters")]
    assert ids == sorted(names, key=lambda c: (names[c], c))


# --- value labels on stacked bars ---


def test_group_modes_bars_carry_their_values(live_server: LiveServer) -> None:
    modes = ("directive", "feedback_loop", "task_iteration", "validation", "learning")
    groups = [
        r
        for r in table(live_server, "2025-03-27", "category_interaction_modes")
        if r["above_report_threshold"] == "true" and r["automation_fraction"]
    ]
    page = get_page(live_server, "/releases/2025-03-27")
    section = page.split('id="group-modes"')[1].split("</section>")[0]
    for form in ("wide", "narrow"):
        svg = section.split(f'class="svg {form}"')[1].split("</svg>")[0]
        layer = re.findall(
            r'<g class="mark-text role-mark[^"]*"[^>]*>(.*?)</g>', svg, flags=re.DOTALL
        )
        drawn = sorted(t for g in layer for t in re.findall(r">([^<>]+)</text>", g))
        fractions = [float(g[f"{m}_fraction"]) for g in groups for m in modes if g[f"{m}_fraction"]]
        # Labelled: the segments at least MIN_LABEL_FRACTION wide; "23%" as Vega formats.
        wanted = sorted(
            f"{math.floor(f * 100 + 0.5):.0f}%" for f in fractions if f >= MIN_LABEL_FRACTION[form]
        )
        assert drawn == wanted, form
        assert wanted and len(wanted) < len(fractions)  # the narrow segments stay bare


def test_a_level_2_cluster_shows_its_share_and_its_childrens(live_server: LiveServer) -> None:
    rows = table(live_server, "2025-03-27", "clusters")
    by_level: dict[str, dict[str, list[float]]] = {"1": {}, "2": {}}
    for r in rows:
        if r["level"] == "0":
            for level in ("1", "2"):
                by_level[level].setdefault(r[f"level_{level}_id"], []).append(
                    float(r["records_pct"])
                )
    sums = {k: math.fsum(v) for level in by_level.values() for k, v in level.items()}
    top = max(by_level["2"], key=lambda k: sums[k])
    children = [r for r in rows if r["parent_id"] == top]
    expected = sorted(children, key=lambda r: (-sums[r["cluster_id"]], r["name"]))
    page = get_page(live_server, f"/releases/2025-03-27/clusters/{top}")
    assert json.loads(one(r'data-fact="records_pct" data-value="([^"]+)"', page)) == sums[top]
    shown = [(one(r'data-cluster="([^"]+)"', r), r) for r in body_rows(page, "cluster-children")]
    assert [c for c, _ in shown] == [r["cluster_id"] for r in expected]
    for cluster, row in shown:
        assert json.loads(one(r'class="pct"[^>]*data-value="([^"]+)"', row)) == sums[cluster]
