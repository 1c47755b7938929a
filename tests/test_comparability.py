"""``GET /v1/comparability`` and its page (issue 21 §2): the table as served, checked against
the facts it states (FACTS.md §6-7), written out here by hand."""

from __future__ import annotations

import csv
import io

import httpx

from tests.conftest import LiveServer

RELEASES = ["2025-02-10", "2025-03-27", "2025-09-15", "2026-01-15", "2026-03-24", "2026-06-26"]
# (measure, from, to) -> comparable, for the steps whose verdict the facts fix.
FACTS = {
    ("geo_usage_share", "2025-03-27", "2025-09-15"): False,  # no geography before 2025-09-15
    ("geo_usage_share", "2025-09-15", "2026-01-15"): True,
    ("aui_country", "2026-03-24", "2026-06-26"): False,  # no counts in 2026-06-26
    ("aui_us_state", "2026-03-24", "2026-06-26"): True,
    ("request_topics", "2026-03-24", "2026-06-26"): False,  # taxonomy rebuilt every release
    ("artifacts", "2026-03-24", "2026-06-26"): False,  # published only from 2026-06-26
}


def test_table_as_served(live_server: LiveServer) -> None:
    body = httpx.get(live_server.url("/v1/comparability"), timeout=30).json()
    assert body["releases"] == RELEASES
    rows = {(r["measure"], r["release_from"], r["release_to"]): r for r in body["data"]}
    measures = {r["measure"] for r in body["data"]}
    # every measure x every consecutive pair, once
    assert len(body["data"]) == len(measures) * 5 == len(rows)
    for key, comparable in FACTS.items():
        assert rows[key]["comparable"] is comparable, key
        assert (rows[key]["base"] is None) is (not comparable), key
        assert rows[key]["why"], key
    only = httpx.get(
        live_server.url("/v1/comparability"), params={"measure": "aui_country"}, timeout=30
    ).json()
    assert {r["measure"] for r in only["data"]} == {"aui_country"} and len(only["data"]) == 5
    table = list(
        csv.DictReader(io.StringIO(httpx.get(live_server.url("/v1/comparability?format=csv")).text))
    )
    assert len(table) == len(body["data"])
    assert table[0].keys() == {"measure", "release_from", "release_to", "comparable", "base", "why"}


def test_unknown_measure_is_named(live_server: LiveServer) -> None:
    answer = httpx.get(live_server.url("/v1/comparability?measure=aui"), timeout=30)
    assert answer.status_code == 400 and answer.json()["parameter"] == "measure"
    assert "aui_country" in answer.json()["detail"]


def test_comparability_page(live_server: LiveServer) -> None:
    page = httpx.get(live_server.url("/comparability"), headers={"accept": "text/html"}, timeout=30)
    assert page.status_code == 200
    assert '<th scope="col">2026-03-24 → 2026-06-26</th>' in page.text
    assert page.text.count("not comparable") >= 10
    assert '<h2 id="aui_country">aui_country</h2>' in page.text
