"""The list pages in a real headless Chromium (Playwright on Debian's chromium), at 1280 and
375 px, against the real server over the real build: the task search walked page by page
through its links, the occupation search through its form, a sort by a header (or, on a
phone, by the sort line), with no console error and no request outside the app.

Expected values come from the package's CSVs read with ``csv`` (tests/test_list_pages.py's
helpers). Screenshots go to ``browser-screenshots/`` (git-ignored) for people to look at.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import REPO, LiveServer, watched_page
from tests.test_list_pages import expected_statements, occupation_rows, words_in

pytest.importorskip("playwright.sync_api")

SHOTS = REPO / "browser-screenshots"
VIEWPORTS = {"desktop": (1280, 900), "phone": (375, 812)}


def shot(page: Any, name: str, viewport: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"list-{name}-{viewport}.png"), full_page=True)


def fits(page: Any, width: int) -> bool:
    return bool(page.evaluate("document.scrollingElement.scrollWidth") <= width)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_task_search_through_the_form_and_its_pages(
    live_server: LiveServer, browser: Any, viewport: str
) -> None:
    width, height = VIEWPORTS[viewport]
    expected = expected_statements(live_server, "2025-02-10", "software")
    context, page, errors, outside = watched_page(browser, live_server.base_url, width, height)
    page.goto(live_server.url("/releases/2025-02-10/tasks"))
    page.fill("input#q", "software")
    with page.expect_navigation():
        page.press("input#q", "Enter")
    assert "q=software" in page.url
    status = page.locator("p[role=status]")
    assert status.get_attribute("data-statements") == str(len(expected))
    shot(page, "tasks-software", viewport)
    keys: list[str] = []
    for _ in range(20):  # bounded: 248 statements are 5 pages
        assert fits(page, width), page.url
        keys += page.eval_on_selector_all(
            "table[data-table=tasks] tbody tr", "rows => rows.map(r => r.dataset.taskKey)"
        )
        following = page.locator("nav.pager a[rel=next]")
        if following.count() == 0:
            break
        with page.expect_navigation():
            following.click()
    assert len(keys) == len(set(keys)) == len(expected)
    assert set(keys) == set(expected)
    shot(page, "tasks-software-last", viewport)
    # Sort by statement: the header link on a desktop, the sort line on a phone (the table
    # is a list of cards there, its header hidden).
    where = "table[data-table=tasks] thead" if viewport == "desktop" else "p.sortby"
    with page.expect_navigation():
        page.locator(f"{where} a", has_text="Task").first.click()
    assert "sort=statement" in page.url
    statements = page.eval_on_selector_all(
        "table[data-table=tasks] tbody tr td:first-child", "cells => cells.map(c => c.textContent)"
    )
    assert statements == sorted(statements) and len(statements) == 50
    if viewport == "desktop":
        assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Task")
    shot(page, "tasks-by-statement", viewport)
    assert not errors, errors
    assert not outside, outside
    context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_occupation_search_through_the_form(
    live_server: LiveServer, browser: Any, viewport: str
) -> None:
    width, height = VIEWPORTS[viewport]
    rows = occupation_rows(live_server, "2025-03-27")
    context, page, errors, outside = watched_page(browser, live_server.base_url, width, height)
    # From the release page's link to every occupation.
    page.goto(live_server.url("/releases/2025-03-27"))
    with page.expect_navigation():
        page.locator("a[data-link=all-occupations]").click()
    assert page.url.endswith("/releases/2025-03-27/occupations")
    assert page.locator("p[role=status]").get_attribute("data-total") == str(len(rows))
    shot(page, "occupations-all", viewport)
    page.fill("input#q", "reporter")
    with page.expect_navigation():
        page.click("form[role=search] button[type=submit]")
    assert "q=reporter" in page.url
    codes = page.eval_on_selector_all(
        "table[data-table=occupations] tbody tr", "rows => rows.map(r => r.dataset.code)"
    )
    assert sorted(codes) == sorted(r["code"] for r in rows if words_in("reporter", r["title"]))
    assert codes and fits(page, width)
    shot(page, "occupations-reporter", viewport)
    # Words and a group together: the form keeps the words and adds the group.
    page.fill("input#q", "engineers")
    page.select_option("select#major_group", "17")
    with page.expect_navigation():
        page.click("form[role=search] button[type=submit]")
    assert re.search(r"major_group=17", page.url) and "q=engineers" in page.url
    codes = page.eval_on_selector_all(
        "table[data-table=occupations] tbody tr", "rows => rows.map(r => r.dataset.code)"
    )
    wanted = [r for r in rows if words_in("engineers", r["title"]) and r["group"] == "17-0000"]
    assert sorted(codes) == sorted(r["code"] for r in wanted) and codes
    shot(page, "occupations-engineers-17", viewport)
    assert not errors, errors
    assert not outside, outside
    context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_clusters_and_stacked_bars_look(
    live_server: LiveServer, browser: Any, viewport: str
) -> None:
    """The clusters page (shares, by share) and the release page's stacked bars: drawn with
    no error, nothing wider than the screen, and their labels in the visible SVG."""
    width, height = VIEWPORTS[viewport]
    context, page, errors, outside = watched_page(browser, live_server.base_url, width, height)
    page.goto(live_server.url("/releases/2025-03-27/clusters"))
    assert fits(page, width)
    shares = page.eval_on_selector_all(
        "table[data-table=clusters] tbody td.pct", "cells => cells.map(c => c.dataset.value)"
    )
    assert len(shares) == 30 and "null" not in shares
    shot(page, "clusters", viewport)
    page.goto(live_server.url("/releases/2025-03-27#group-modes"))
    form = "wide" if viewport == "desktop" else "narrow"
    labels = page.eval_on_selector_all(
        f"figure[data-chart=group-modes] .svg.{form} g.role-mark.mark-text text",
        "els => els.map(e => e.textContent)",
    )
    assert labels and all(re.fullmatch(r"\d{1,3}%", t) for t in labels)
    assert page.locator(f"figure[data-chart=group-modes] .svg.{form} svg").is_visible()
    page.locator("section#group-modes").screenshot(
        path=str(SHOTS / f"list-group-modes-{viewport}.png")
    )
    assert fits(page, width)
    assert not errors, errors
    assert not outside, outside
    context.close()
