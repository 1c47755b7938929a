"""Errors for people (issue 22, part 1), against the real server over the real build.

A browser (``Accept`` preferring text/html) gets an HTML page with the same status, saying
what went wrong and what to try: the closest paths for a typo, ``15-1132.00`` for ``15-1132``,
the O*NET crosswalk row for a 2018 SOC code. API clients keep problem+json, with the same
suggestions as an extension member. Every problem ``type`` resolves to a page of the server
that documents it.

The expected suggestions are worked out here independently: by hand (the typo's fix), from
the API's own listing of the release's codes, and from the raw O*NET crosswalk files
(``../shared/onet``) read with the csv module.
"""

from __future__ import annotations

import csv
import os
import re
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest

from econindex_api import Client, NotFoundError, models
from tests.conftest import REPO, LiveServer, watched_page

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PROBLEM_JSON = "application/problem+json"
TYPO = "/v1/releases/latest/occupatons"
ONET = REPO.parent / "shared" / "onet"

http = httpx.Client(timeout=120)


def suggestion_links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every suggestion link of an error page."""
    found = re.findall(r'<a href="([^"]+)" data-suggestion="[^"]*">([^<]*)</a>', html)
    return [(unescape(href), unescape(text)) for href, text in found]


def all_rows(server: LiveServer, path: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    url: str | None = server.url(path)
    for _ in range(50):  # bounded: a release has at most a few thousand rows
        if url is None:
            break
        page = http.get(url).json()
        rows += page["data"]
        url = urljoin(server.base_url, page["next"]) if page["next"] else None
    return rows


# --- a typo in the path ---


def test_a_typo_gets_an_html_page_whose_suggestion_works(live_server: LiveServer) -> None:
    answer = http.get(live_server.url(TYPO), headers=BROWSER)
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert answer.headers["vary"] == "Accept" and answer.headers["cache-control"] == "no-store"
    assert "<h1>Not found</h1>" in answer.text
    links = suggestion_links(answer.text)
    hrefs = [href for href, _ in links]
    # The fix by hand: the missing "i"; the API path first, then its page.
    assert hrefs == ["/v1/releases/latest/occupations", "/releases/latest/occupations"]
    for href in hrefs:
        assert http.get(live_server.url(href), headers=BROWSER).status_code == 200, href
    # The type links to its documentation, which answers.
    assert '<a href="/problems/not-found">' in answer.text
    # The JSON form says the same: the page is a rendering of the one problem.
    body = http.get(live_server.url(TYPO)).json()
    assert [s["href"] for s in body["suggestions"]] == hrefs
    assert [s["label"] for s in body["suggestions"]] == [text for _, text in links]


def test_a_release_typo_suggests_the_same_path_with_a_real_release(
    live_server: LiveServer,
) -> None:
    answer = http.get(live_server.url("/v1/releases/2025-02-11/categories"))
    assert answer.status_code == 404
    body = answer.json()
    assert body["type"] == models.PROBLEM_UNKNOWN_RELEASE
    first = body["suggestions"][0]["href"]
    assert first == "/v1/releases/2025-02-10/categories"
    assert http.get(live_server.url(first)).status_code == 200


# --- occupation codes ---


def test_a_code_without_its_suffix_suggests_the_onet_code(live_server: LiveServer) -> None:
    codes = [
        r["onet_soc_code"]
        for r in all_rows(live_server, "/v1/releases/latest/occupations?limit=1000")
    ]
    expected = sorted(c for c in codes if c.startswith("15-1132"))
    assert expected == ["15-1132.00"]
    # API clients: problem+json with the suggestion, a code to retry with.
    answer = http.get(live_server.url("/v1/releases/latest/occupations/15-1132"))
    assert answer.status_code == 404
    assert answer.headers["content-type"] == PROBLEM_JSON
    body = answer.json()
    assert body["type"] == models.PROBLEM_UNKNOWN_OCCUPATION
    assert [s["code"] for s in body["suggestions"]] == expected
    retried = http.get(live_server.url(body["suggestions"][0]["href"])).json()
    assert retried["occupation"]["onet_soc_code"] == "15-1132.00"
    # A browser on the occupation page: the suggestion is the page of that code.
    page = http.get(live_server.url("/releases/latest/occupations/15-1132"), headers=BROWSER)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    links = suggestion_links(page.text)
    assert links[0][0] == "/releases/latest/occupations/15-1132.00"
    assert "Software Developers, Applications" in links[0][1]
    target = http.get(live_server.url(links[0][0]), headers=BROWSER)
    assert target.status_code == 200 and "15-1132.00" in target.text


def crosswalk_sources(soc_2018: str, release_codes: set[str]) -> list[str]:
    """The O*NET-SOC 2010 codes of the release that the official crosswalks carry to a 2018
    SOC code (2010 -> 2019 -> 2018), read from the raw files."""
    with (ONET / "2019_to_SOC_Crosswalk.csv").open(newline="", encoding="utf-8-sig") as f:
        to_2018 = {r["O*NET-SOC 2019 Code"]: r["2018 SOC Code"] for r in csv.DictReader(f)}
    with (ONET / "2010_to_2019_Crosswalk.csv").open(newline="", encoding="utf-8-sig") as f:
        links = [(r["O*NET-SOC 2010 Code"], r["O*NET-SOC 2019 Code"]) for r in csv.DictReader(f)]
    found = {a for a, b in links if to_2018.get(b) == soc_2018 and a in release_codes}
    return sorted(found)


def test_a_2018_soc_code_points_at_the_crosswalk(live_server: LiveServer) -> None:
    codes = {
        r["onet_soc_code"]
        for r in all_rows(live_server, "/v1/releases/latest/occupations?limit=1000")
    }
    sources = crosswalk_sources("15-1252", codes)
    assert sources == ["15-1132.00", "15-1133.00"]
    body = http.get(live_server.url("/v1/releases/latest/occupations/15-1252")).json()
    first, *rest = body["suggestions"]
    assert first["href"] == "/v1/releases/latest/occupations/soc2018?q=15-1252"
    assert "2018 SOC" in first["label"] and "crosswalk" in first["label"]
    assert [s["code"] for s in rest[: len(sources)]] == sources
    row = http.get(live_server.url(first["href"])).json()["data"]
    assert [r["soc_2018_code"] for r in row] == ["15-1252"]
    assert sorted(row[0]["onet_soc_2010_codes"].split(",")) == sources
    # The issue's own case: the series page of a 2018 code, in a browser.
    page = http.get(live_server.url("/occupations/15-1252"), headers=BROWSER)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    links = suggestion_links(page.text)
    assert "occupations/soc2018?q=15-1252" in links[0][0]
    assert [href for href, _ in links[1:3]] == [f"/occupations/{c}" for c in sources]
    for href, _ in links[:3]:
        assert http.get(live_server.url(href), headers=BROWSER).status_code == 200, href


def test_a_2010_code_asked_of_the_exposure_release_gets_its_2018_code(
    live_server: LiveServer,
) -> None:
    with (ONET / "2010_to_2019_Crosswalk.csv").open(newline="", encoding="utf-8-sig") as f:
        to_2019 = {
            r["O*NET-SOC 2019 Code"]
            for r in csv.DictReader(f)
            if r["O*NET-SOC 2010 Code"] == "15-1132.00"
        }
    with (ONET / "2019_to_SOC_Crosswalk.csv").open(newline="", encoding="utf-8-sig") as f:
        expected = sorted(
            {r["2018 SOC Code"] for r in csv.DictReader(f) if r["O*NET-SOC 2019 Code"] in to_2019}
        )
    assert expected == ["15-1252", "15-1253"]  # a split: applications developers and testers
    path = "/v1/releases/labor-market-impacts/occupations/15-1132.00"
    body = http.get(live_server.url(path)).json()
    assert body["type"] == models.PROBLEM_UNKNOWN_OCCUPATION
    crosswalked = [s for s in body["suggestions"] if "crosswalk" in s["label"]]
    assert [s["code"] for s in crosswalked] == expected
    assert body["suggestions"][: len(expected)] == crosswalked  # first
    for suggestion in crosswalked:
        found = http.get(live_server.url(suggestion["href"])).json()
        assert found["occupation"]["soc_2018_code"] == suggestion["code"]


def test_the_client_carries_kind_and_suggestions(live_server: LiveServer) -> None:
    with Client(live_server.base_url) as client, pytest.raises(NotFoundError) as raised:
        client.occupations.get("latest", "15-1132")
    assert raised.value.type == models.PROBLEM_UNKNOWN_OCCUPATION
    assert raised.value.kind == "unknown-occupation"
    assert [s["code"] for s in raised.value.suggestions] == ["15-1132.00"]


# --- API clients unchanged ---


@pytest.mark.parametrize(
    "headers", [{}, {"accept": "application/json"}, {"accept": "*/*"}, {"accept": PROBLEM_JSON}]
)
def test_api_clients_keep_problem_json(live_server: LiveServer, headers: dict[str, str]) -> None:
    cases = [
        (TYPO, 404, models.PROBLEM_NOT_FOUND),
        ("/v1/releases/latest/occupations/15-1132", 404, models.PROBLEM_UNKNOWN_OCCUPATION),
        ("/v1/releases/latest/occupations?limit=0", 400, models.PROBLEM_INVALID_PARAMETER),
        ("/v1/releases?" + "x" * 5000, 414, models.PROBLEM_URI_TOO_LONG),
    ]
    for path, status, type_ in cases:
        answer = http.get(live_server.url(path), headers=headers)
        assert answer.status_code == status, path
        assert answer.headers["content-type"] == PROBLEM_JSON, path
        body = answer.json()
        assert body["type"] == type_ and body["status"] == status, path
    post = http.post(live_server.url("/v1/releases"), headers=headers)
    assert post.status_code == 405 and post.headers["content-type"] == PROBLEM_JSON


def test_a_malformed_request_is_problem_json_even_for_a_browser(live_server: LiveServer) -> None:
    """Types documented ``html: false`` (a bad Host: no browser sends one) stay JSON."""
    answer = http.get(live_server.url("/v1/releases"), headers={**BROWSER, "host": "x:abc"})
    assert answer.status_code == 400 and answer.headers["content-type"] == PROBLEM_JSON
    doc = http.get(live_server.url("/problems/invalid-header")).json()
    assert doc["html"] is False
    # The guard's other refusals do become pages: a URI too long from a browser.
    long = http.get(live_server.url("/v1/releases?" + "x" * 5000), headers=BROWSER)
    assert long.status_code == 414 and long.headers["content-type"].startswith("text/html")


# --- problem types resolve ---


PROBLEM_TYPES = sorted(
    getattr(models, name)
    for name in dir(models)
    if name.startswith("PROBLEM_") and name != "PROBLEM_BASE"
)


def test_every_problem_type_resolves_to_its_documentation(live_server: LiveServer) -> None:
    assert len(PROBLEM_TYPES) == 23
    listing = http.get(live_server.url("/problems")).json()
    assert sorted(t["type"] for t in listing["data"]) == PROBLEM_TYPES
    index = http.get(live_server.url("/problems/"), headers=BROWSER)
    assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
    for type_ in PROBLEM_TYPES:
        kind = type_.rsplit("/", 1)[1]
        url = urljoin(live_server.url("/v1/releases/latest/x"), type_)  # RFC 3986 resolution
        assert url == live_server.url(f"/problems/{kind}")
        assert f'href="{type_}"' in index.text, kind
        page = http.get(url, headers=BROWSER)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        doc = http.get(url).json()
        assert doc["type"] == type_ and doc["kind"] == kind and doc["statuses"], kind
        assert f"<h1>{doc['title']}</h1>" in unescape(page.text), kind
        text = unescape(re.sub(r"<[^>]+>", "", page.text))
        for field in ("when", "what_to_do"):  # `code` is drawn as <code>code</code>
            assert doc[field].replace("`", "") in text, (kind, field)
    unknown = http.get(live_server.url("/problems/no-such-kind"))
    assert unknown.status_code == 404 and unknown.json()["type"] == models.PROBLEM_NOT_FOUND


def test_suggestion_functions_by_hand() -> None:
    from econindex_api.server.suggest import close_codes, close_paths, close_releases

    templates = [
        "/v1/releases/{release}/occupations",
        "/v1/releases/{release}/occupations/{code}",
        "/v1/releases/{release}/data/{file}",
        "/releases/{release}/occupations",
        "/assets/{asset}",
    ]
    assert close_paths("/v1/releases/2025-02-10/occupatons", templates) == [
        "/v1/releases/2025-02-10/occupations",
        "/releases/2025-02-10/occupations",
    ]
    # The typo never lands in a parameter; a known path is not its own suggestion.
    assert close_paths("/v1/releases/x/data/occupations", templates) == []
    assert close_paths("/v1/releases/x/occupations", templates) == ["/releases/x/occupations"]
    assert close_paths("/assets/pages.cs", templates) == []
    codes = ["15-1132.00", "15-1133.00", "15-1131.00", "11-1011.00"]
    assert close_codes("15-1132", codes) == ["15-1132.00"]  # the prefix, alone
    assert close_codes("15-1132.01", codes)[0] == "15-1132.00"
    assert close_codes("", codes) == [] and close_codes("zzzz", codes) == []
    assert close_releases("/v1/releases/2025-02-11/depth", "2025-02-11", ["2025-02-10"]) == [
        "/v1/releases/2025-02-10/depth"
    ]
    long = "x" * 10_000  # cut before matching: bounded work
    assert close_codes(long, codes) == [] and close_paths("/" + long, templates) == []


def test_problem_kind_reads_both_spellings() -> None:
    assert models.problem_kind("/problems/unknown-task") == "unknown-task"
    assert models.problem_kind("https://econindex.invalid/problems/unknown-task") == "unknown-task"
    assert models.problem_kind("http://127.0.0.1:8000/problems/unknown-task") == "unknown-task"
    assert models.problem_kind("about:blank") is None
    assert models.problem_kind("/problems/a/b") is None
    legacy = models.LEGACY_PROBLEM_BASE + "not-found"
    assert models.current_type(legacy) == models.PROBLEM_NOT_FOUND


def test_backticks_of_the_documentation_become_code() -> None:
    from econindex_api.pages.render import code_ticks

    assert code_ticks("use `latest` <b>") == "use <code>latest</code> &lt;b&gt;"
    assert code_ticks("one ` tick") == "one ` tick"


# --- in Chromium ---


def shots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go: ``$ECONINDEX_ERROR_SHOTS`` (to look at them), else pytest's
    temporary directory; never the repository."""
    env = os.environ.get("ECONINDEX_ERROR_SHOTS")
    path = Path(env) if env else tmp_path_factory.mktemp("error-shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("width", [1280, 375])
def test_the_typo_page_in_chromium(
    live_server: LiveServer, browser: Any, width: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = live_server.base_url
    shots = shots_dir(tmp_path_factory)
    context, page, errors, outside = watched_page(browser, base, width, 900)
    response = page.goto(base + "/releases/latest/occupatons")
    assert response is not None and response.status == 404
    assert response.headers["content-type"].startswith("text/html")
    # The document's own 404 is the answer under test, not an error of the page.
    expected = f"404: {base}/releases/latest/occupatons"
    assert expected in errors
    errors[:] = [e for e in errors if e != expected and "status of 404" not in e]
    page.screenshot(path=str(shots / f"error-typo-{width}.png"), full_page=True)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    suggestion = page.locator("a[data-suggestion]").first
    assert suggestion.is_visible()
    assert suggestion.text_content() == "/releases/latest/occupations"
    with page.expect_navigation() as navigation:
        suggestion.click()
    landed = navigation.value
    assert landed is not None and landed.status == 200
    assert page.url == base + "/releases/latest/occupations"
    assert page.locator("h1").count() == 1
    # The problem type's page, linked from the error page.
    listing = page.goto(base + "/problems")
    assert listing is not None and listing.status == 200
    page.screenshot(path=str(shots / f"problem-types-{width}.png"), full_page=True)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    doc = page.goto(base + "/problems/not-found")
    assert doc is not None and doc.status == 200
    page.screenshot(path=str(shots / f"problem-type-{width}.png"), full_page=True)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    page.goto(base + "/occupations/15-1252")
    page.screenshot(path=str(shots / f"error-soc2018-{width}.png"), full_page=True)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    errors[:] = [e for e in errors if not e.startswith(f"404: {base}/occupations/15-1252")]
    errors[:] = [e for e in errors if "status of 404" not in e]
    context.close()
    assert not errors, errors
    assert not outside, outside
