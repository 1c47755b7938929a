"""The pages in a real headless browser (Debian's chromium driven by Playwright).

Each page is opened at desktop width and at 375 px against the real server over the real
build. For every page: no console error, no failed request, no request outside the app
(any is aborted and reported), nothing wider than the screen; every chart's table and every
number drawn in its SVG (Vega writes each mark's values into its aria-label) equal the API's
JSON answer fetched from the same server; every link leads to a working page. Screenshots
go to ``browser-screenshots/`` (git-ignored) for people to look at.

The browser is ``$ECONINDEX_CHROMIUM`` or ``chromium`` on PATH (``scripts/test`` installs the
Debian package); Playwright's own browser download is not used.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from tests.conftest import REPO, LiveServer, watched_page

# A page is drawn once, then cached; the first drawing may take seconds on a busy machine.
client = httpx.Client(timeout=120)

sync_api = pytest.importorskip("playwright.sync_api")

SHOTS = REPO / "browser-screenshots"
VIEWPORTS = {"desktop": (1280, 900), "phone": (375, 812)}

# What each chart draws, by chart id: the API rows' field that the marks show. This is the
# test's own knowledge of the report's figures, not read from the code under test.
DRAWN = {
    "categories": ("share_pct", "workforce_pct"),
    "depth": ("occupations_pct",),
    "modes": ("headline_share_pct",),
    "wage-bands": ("share_pct",),
    "tasks": ("attributed_share_pct",),
    "exposure": ("observed_exposure_fraction",),
    "change-groups": ("change_pp",),
    "change-modes": ("from_value", "to_value"),
    "change-depth": ("from_value", "to_value"),
    "movers-occupations": ("change_pp",),
    "movers-tasks": ("change_pp",),
    "series": ("value",),
    "group-modes": (
        "directive_fraction",
        "feedback_loop_fraction",
        "task_iteration_fraction",
        "validation_fraction",
        "learning_fraction",
    ),
}


def page_paths(server: LiveServer) -> list[str]:
    """The pages to visit: home, every release, an occupation, a group, a search."""
    catalog = client.get(server.url("/v1/releases")).json()
    paths = ["/", "/releases/latest"]
    paths += [f"/releases/{r['id']}" for r in catalog["data"]]
    top = client.get(server.url("/v1/releases/2025-02-10/occupations?limit=1")).json()
    code = top["data"][0]["onet_soc_code"]
    paths += [
        f"/releases/2025-02-10/occupations/{code}",
        "/releases/2025-02-10/occupations?major_group=15",
        "/releases/2025-02-10/tasks?q=software",
        "/releases/2025-02-10/tasks",
        f"/releases/2025-03-27/occupations/{code}",
        "/compare/2025-02-10/2025-03-27",
        "/compare/2025-02-10/latest",
        f"/occupations/{code}",
        "/releases/2025-03-27/clusters",
        "/releases/2025-03-27/clusters?q=poetry",
        "/replication",
        "/comparability",
        "/series/categories/15",
        f"/series/occupations/{code}",
        "/series/interaction-modes",
        "/series/depth",
        "/series/tasks/8823",
    ]
    for level in ("0", "2"):
        cluster = client.get(
            server.url(f"/v1/releases/2025-03-27/clusters?level={level}&limit=1")
        ).json()["data"][0]["cluster_id"]
        paths.append(f"/releases/2025-03-27/clusters/{cluster}")
    return paths


def _close(a: float, b: float) -> bool:
    # Vega writes numbers into aria-labels with 12 significant digits.
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _number(value: Any) -> float | None:
    """A number of an API row (compare keys such as depth thresholds are strings)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _numbers(label: str) -> list[float]:
    out = []
    for part in label.split("; "):
        _, _, value = part.rpartition(": ")
        value = value.strip().replace("\u2212", "-")  # Vega writes negatives with U+2212
        try:
            out.append(float(value[:-1]) / 100 if value.endswith("%") else float(value))
        except ValueError:
            continue
    return out


def api_rows(server: LiveServer, href: str) -> list[dict[str, Any]]:
    body = client.get(server.url(href), headers={"accept": "application/json"}).json()
    if "series" in body:  # every series' points, each with its series' key
        return [{**p, "key": s["key"]} for s in body["series"] for p in s["data"]]
    rows: list[dict[str, Any]] = body["tasks"] if "tasks" in body else body["data"]
    return rows


def check_chart(server: LiveServer, page: Any, chart_id: str, form: str) -> int:
    """The chart's table and drawn marks against the API's JSON; returns marks checked."""
    section = page.locator(f"section#{chart_id}")
    api_href = section.locator("a", has_text="the API answer (JSON)").get_attribute("href")
    rows = api_rows(server, api_href)
    if chart_id == "tasks":  # the occupation's most used tasks, as the API orders them
        rows = [r for r in rows if r["attributed_share_pct"] > 0][:15]
    if chart_id == "group-modes":  # the report draws groups above 0.5% of conversations
        rows = [r for r in rows if r["above_report_threshold"]]
    if chart_id == "change-modes":  # the five modes; the split is in the caption
        rows = [r for r in rows if r["level"] == "mode"]
    table = page.locator(f"table[data-chart-table='{chart_id}'] tbody tr")
    assert table.count() == len(rows), chart_id
    for i in range(table.count()):
        cells = table.nth(i).locator("td")
        shown = {
            cells.nth(j).get_attribute("data-field"): json.loads(
                cells.nth(j).get_attribute("data-value")
            )
            for j in range(cells.count())
        }
        matches = [r for r in rows if all(r[k] == v for k, v in shown.items() if k in r)]
        assert len(matches) == 1, f"{chart_id}: table row {shown} is not one API row"
    # The marks: every number drawn is an API number, every API measure value is drawn.
    labels = page.eval_on_selector_all(
        f"figure[data-chart='{chart_id}'] .svg.{form} [aria-roledescription=bar],"
        f"figure[data-chart='{chart_id}'] .svg.{form} [aria-roledescription=point]",
        "els => els.map(e => e.getAttribute('aria-label'))",
    )
    api_numbers = [float(v) for r in rows for v in r.values() if _number(v) is not None]
    drawn = [n for label in labels for n in _numbers(label)]
    for n in drawn:
        assert any(_close(n, a) for a in api_numbers), f"{chart_id}: {n} is not in the API"
    for field in DRAWN[chart_id]:
        for r in rows:
            if r[field] is not None and r[field] != 0:
                assert any(_close(r[field], n) for n in drawn), f"{chart_id}: {field} {r[field]}"
    return len(labels)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_in_a_browser(live_server: LiveServer, browser: Any, viewport: str) -> None:
    width, height = VIEWPORTS[viewport]
    SHOTS.mkdir(exist_ok=True)
    base = live_server.base_url
    context, page, errors, outside = watched_page(browser, base, width, height)
    links: set[str] = set()
    form = "wide" if viewport == "desktop" else "narrow"
    charts_checked = 0
    for path in page_paths(live_server):
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        assert response.headers["content-type"].startswith("text/html"), path
        name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"
        page.screenshot(path=str(SHOTS / f"{name}-{viewport}.png"), full_page=True)
        assert page.title(), path
        assert page.locator("h1").count() == 1, path
        # Nothing wider than the screen (tables scroll inside their own box).
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width, path
        for chart_id in page.eval_on_selector_all(
            "figure[data-chart]", "els => els.map(e => e.dataset.chart)"
        ):
            svg = page.locator(f"figure[data-chart='{chart_id}'] .svg.{form} svg")
            assert svg.is_visible(), (path, chart_id)
            assert svg.get_attribute("aria-labelledby"), chart_id
            # Not shrunk to fit: labels stay at their drawn size.
            box = svg.bounding_box()
            assert box is not None and box["width"] >= 0.95 * float(svg.get_attribute("width"))
            assert check_chart(live_server, page, chart_id, form) > 0, chart_id
            charts_checked += 1
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target, _, anchor = href.partition("#")
            if anchor and target.rstrip("/") == page.url.split("#")[0].rstrip("/"):
                assert page.locator(f"[id='{anchor}']").count() == 1, href
            elif viewport == "desktop":  # the same links at every width: follow them once
                links.add(target)
    assert charts_checked >= 15
    assert not errors, errors
    assert not outside, outside
    context.close()
    for href in sorted(links):
        assert urlsplit(href).netloc == urlsplit(base).netloc, f"link outside the app: {href}"
        answer = client.get(href, headers={"accept": "text/html"})
        assert answer.status_code == 200, href


def test_keyboard(live_server: LiveServer, browser: Any) -> None:
    """The skip link comes first; a chart's table opens from the keyboard."""
    page = browser.new_page(viewport={"width": 375, "height": 812})
    page.goto(live_server.url("/releases/2025-02-10"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    table = page.locator("table[data-chart-table='categories']")
    assert not table.is_visible()
    summary = page.locator("section#categories summary").first
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.textContent") == summary.text_content()
    page.keyboard.press("Enter")
    assert table.is_visible()
    page.close()


def test_links_resolve_relative(live_server: LiveServer) -> None:
    """Links in pages are path-absolute (they work behind any host name)."""
    html = client.get(live_server.url("/releases/2025-02-10"), headers={"accept": "text/html"}).text
    for href in re.findall(r'href="([^"]+)"', html):
        if href.startswith(("#", "data:")):
            continue
        assert href.startswith("/"), href
        assert urljoin(live_server.base_url, href).startswith(live_server.base_url)


def test_screenshots_are_ignored_by_git() -> None:
    assert "browser-screenshots/" in (REPO / ".gitignore").read_text().splitlines()
