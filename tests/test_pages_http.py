"""Pages over HTTP: content negotiation, caching, JSON-LD, errors (no browser needed).

The /v1 JSON contract is unchanged; ``/`` keeps its JSON for API clients. Expected values
come from the API's own JSON answers on the same real server.
"""

from __future__ import annotations

import hashlib
import json
import re

import httpx

from tests.conftest import LiveServer

# A page is drawn once, then cached; the first drawing may take seconds on a busy machine.
client = httpx.Client(timeout=120)

HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
RELEASE = "/releases/2025-02-10"


def test_root_keeps_json_for_api_clients(live_server: LiveServer) -> None:
    for headers in ({}, {"accept": "*/*"}, {"accept": "application/json"}):
        answer = client.get(live_server.url("/"), headers=headers)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/json")
        assert answer.json()["links"]["releases"] == "/v1/releases"


def test_root_is_a_page_for_browsers(live_server: LiveServer) -> None:
    answer = client.get(live_server.url("/"), headers=HTML)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert "<h1>" in answer.text
    assert "Accept" in answer.headers["vary"]
    latest = client.get(live_server.url("/v1/releases")).json()["latest"]
    assert f'href="/releases/{latest}"' in answer.text
    # the headline figures are the API's
    groups = client.get(live_server.url(f"/v1/releases/{latest}/categories")).json()["data"]
    shown = re.findall(r'data-headline="group-share" data-value="([^"]+)"', answer.text)
    assert [json.loads(v) for v in shown] == [g["share_pct"] for g in groups[:3]]


def test_page_routes_answer_json_naming_their_sources(live_server: LiveServer) -> None:
    answer = client.get(live_server.url(RELEASE))
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert body["page"] == RELEASE
    assert body["data"]["categories"] == "/v1/releases/2025-02-10/categories"
    for href in body["data"].values():
        assert client.get(live_server.url(href)).status_code == 200, href


def test_release_page_is_cached_like_an_api_answer(live_server: LiveServer) -> None:
    first = client.get(live_server.url(RELEASE), headers=HTML)
    assert first.status_code == 200
    assert first.headers["cache-control"] == "public, max-age=31536000, immutable"
    release = client.get(live_server.url("/v1/releases/2025-02-10")).json()["release"]
    assert first.headers["x-econindex-package-sha256"] == release["package_sha256"]
    etag = first.headers["etag"]
    again = client.get(live_server.url(RELEASE), headers={**HTML, "if-none-match": etag})
    assert again.status_code == 304
    # the JSON form has its own ETag
    other = client.get(live_server.url(RELEASE), headers={"accept": "application/json"})
    assert other.headers["etag"] != etag
    latest = client.get(live_server.url("/releases/latest"), headers=HTML)
    assert latest.headers["cache-control"] == "public, max-age=60"


def test_a_page_first_served_plain_is_gzipped_on_demand(live_server: LiveServer) -> None:
    # A query no other test asks for: the first answer is built without gzip, the second
    # finds it cached and gets its gzip body made then (the registry's lazy-gzip step).
    url = live_server.url(f"{RELEASE}/tasks?q=gzip%20on%20demand")
    plain = client.get(url, headers={**HTML, "accept-encoding": "identity"})
    zipped = client.get(url, headers={**HTML, "accept-encoding": "gzip"})
    assert plain.status_code == zipped.status_code == 200
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < int(plain.headers["content-length"])
    assert zipped.content == plain.content  # httpx decodes gzip
    assert zipped.headers["etag"] != plain.headers["etag"]


def test_release_page_has_a_dataset_jsonld(live_server: LiveServer) -> None:
    page = client.get(live_server.url(RELEASE), headers=HTML).text
    head = page.split("</head>")[0]
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert block is not None
    doc = json.loads(block.group(1))
    release = client.get(live_server.url("/v1/releases/2025-02-10")).json()
    croissant = client.get(live_server.url("/v1/releases/2025-02-10/croissant.json")).json()
    # One source: every schema.org Dataset property of the block is the served Croissant's,
    # except url (the page itself); what only ML loaders read is left out.
    assert doc["url"] == live_server.url(RELEASE)
    assert "recordSet" not in doc and "conformsTo" not in doc
    assert {k: v for k, v in doc.items() if k != "url"} == {
        k: v for k, v in croissant.items() if k not in ("url", "recordSet", "conformsTo")
    }
    for name in ("name", "description", "license", "creator", "datePublished", "version"):
        assert doc[name] == croissant[name], name
    assert doc["distribution"] == croissant["distribution"]
    # ... and those are the release's facts
    assert doc["@type"] == "sc:Dataset"
    assert doc["@context"]["@vocab"] == "https://schema.org/"
    assert doc["version"] == release["release"]["version"]
    assert release["release"]["package_sha256"] in doc["description"]
    assert doc["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert doc["datePublished"] == "2025-02-10"
    files = {d["name"]: d for d in doc["distribution"]}
    assert set(files) == {f"{r['name']}.csv" for r in release["resources"]}
    for resource in release["resources"]:
        assert files[f"{resource['name']}.csv"]["sha256"] == resource["csv"]["sha256"]
    download = client.get(files["workforce.csv"]["contentUrl"])
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == files["workforce.csv"]["sha256"]


def test_every_chart_has_provenance_csv_and_citation(live_server: LiveServer) -> None:
    page = client.get(live_server.url(RELEASE), headers=HTML).text
    release = client.get(live_server.url("/v1/releases/2025-02-10")).json()["release"]
    sections = re.findall(r'<section class="chart" id="([^"]+)"(.*?)</section>', page, re.S)
    assert [s[0] for s in sections] == ["categories", "depth", "modes", "wage-bands"]
    for chart_id, body in sections:
        assert f'data-provenance="sha256">{release["package_sha256"]}<' in body, chart_id
        assert f'data-provenance="version">{release["version"]}<' in body, chart_id
        csv = re.search(r'<a href="([^"]+)" download>CSV', body)
        assert csv is not None, chart_id
        answer = client.get(live_server.url(csv.group(1).replace("&amp;", "&")))
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
        assert "How to cite" in body and release["package_sha256"] in body


def test_page_errors_are_problems(live_server: LiveServer) -> None:
    cases = {
        "/releases/1999-01-01": 404,
        "/releases/2025-02-10/occupations/99-9999.99": 404,
        "/releases/2025-02-10/tasks?nope=1": 400,
        "/releases/2025-02-10/occupations?major_group=xx": 400,
        "/releases/labor-market-impacts/tasks": 404,
        "/assets/nothing.css": 404,
    }
    for path, status in cases.items():
        # Since issue 22: a browser gets the problem as a page (same status), others JSON.
        problem = client.get(live_server.url(path))
        assert problem.status_code == status, path
        assert problem.headers["content-type"].startswith("application/problem+json"), path
        answer = client.get(live_server.url(path), headers=HTML)
        assert answer.status_code == status, path
        assert answer.headers["content-type"].startswith("text/html"), path
        assert f"<h1>{problem.json()['title']}</h1>" in answer.text, path


def test_stylesheet_is_local_and_immutable(live_server: LiveServer) -> None:
    page = client.get(live_server.url("/"), headers=HTML).text
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert href is not None and href.group(1).startswith("/assets/")
    css = client.get(live_server.url(href.group(1).replace("&amp;", "&")))
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "immutable" in css.headers["cache-control"]
    assert "http" not in css.text  # no font or image from elsewhere


def test_march_release_page_has_modes_per_group(live_server: LiveServer) -> None:
    page = client.get(live_server.url("/releases/2025-03-27"), headers=HTML).text
    assert 'id="group-modes"' in page
    groups = client.get(
        live_server.url("/v1/releases/2025-03-27/interaction-modes/categories?limit=1000")
    ).json()["data"]
    drawn = [g for g in groups if g["above_report_threshold"]]
    body = page.split('id="group-modes"')[1].split("</section>")[0]
    shown = re.findall(r'data-field="directive_fraction" data-value="([^"]+)"', body)
    assert sorted(json.loads(v) for v in shown) == sorted(g["directive_fraction"] for g in drawn)
    assert 'href="/releases/2025-03-27/clusters"' in page


def test_occupation_page_shows_its_modes(live_server: LiveServer) -> None:
    api = client.get(live_server.url("/v1/releases/2025-03-27/occupations/15-1131.00")).json()
    page = client.get(
        live_server.url("/releases/2025-03-27/occupations/15-1131.00"), headers=HTML
    ).text
    modes = api["interaction_modes"]
    for field in ("automation_fraction", "augmentation_fraction"):
        value = re.search(rf'data-fact="{field}" data-value="([^"]+)"', page)
        assert value is not None and json.loads(value.group(1)) == modes[field]
    for field in ("directive_fraction", "learning_fraction", "filtered_fraction"):
        value = re.search(rf'data-field="{field}" data-value="([^"]+)"', page)
        assert value is not None and json.loads(value.group(1)) == modes[field]


def test_change_page_is_immutable_only_between_dated_releases(live_server: LiveServer) -> None:
    dated = client.get(live_server.url("/compare/2025-02-10/2025-03-27"), headers=HTML)
    assert dated.status_code == 200
    assert dated.headers["cache-control"] == "public, max-age=31536000, immutable"
    latest = client.get(live_server.url("/compare/2025-02-10/latest"), headers=HTML)
    assert latest.headers["cache-control"] == "public, max-age=60"
    api = client.get(
        live_server.url("/v1/compare/2025-02-10/2025-03-27/categories?limit=1000")
    ).json()
    body = dated.text.split('id="change-groups"')[1].split("</section>")[0]
    shown = re.findall(r'data-field="change_pp" data-value="([^"]+)"', body)
    assert sorted(json.loads(v) for v in shown) == sorted(r["change_pp"] for r in api["data"])
    for release in ("2025-02-10", "2025-03-27"):
        sha = client.get(live_server.url(f"/v1/releases/{release}")).json()["release"]
        assert sha["package_sha256"] in body


def test_occupation_series_page(live_server: LiveServer) -> None:
    page = client.get(live_server.url("/occupations/15-1131.00"), headers=HTML)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "public, max-age=60"
    series = client.get(live_server.url("/v1/series/occupations/15-1131.00")).json()
    points = series["series"][0]["data"]
    shown = re.findall(r'data-field="value" data-value="([^"]+)"', page.text)
    assert [json.loads(v) for v in shown] == [p["value"] for p in points]
    assert (
        'href="/occupations/15-1131.00"'
        in client.get(
            live_server.url("/releases/2025-02-10/occupations/15-1131.00"), headers=HTML
        ).text
    )


def test_modes_note_says_when_upstream_shares_do_not_sum_to_100(live_server: LiveServer) -> None:
    for release in ("2025-02-10", "2025-03-27"):
        page = client.get(live_server.url(f"/releases/{release}"), headers=HTML).text
        modes = client.get(live_server.url(f"/v1/releases/{release}/interaction-modes")).json()
        # plain-Python sum of the published shares, as the API serves them
        total = sum(row["share_pct"] for row in modes["data"])
        if abs(total - 100) > 0.01:  # the first release: 84.21
            assert f"sum to {total:.2f}, not 100" in page
        else:  # the second release sums to 100: nothing to say
            assert "not 100" not in page
