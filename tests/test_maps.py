"""The maps (issue 22, §5): the shipped TopoJSON and its id mapping, and the maps page in
Chromium, where every shape's colour must encode the value the API serves for it.

The colour checks never ask the map code: the test reads the legend drawn in the SVG (each
entry's swatch and label), works out from the API's row which entry a geography belongs to
(its own copy of the documented classes: fixed breaks for the usage share, the served
``tier_label`` for the AUI, the two greys), and compares that swatch with the fill of the
shape whose ``aria-label`` starts with the geography's id.

Real data: the unpinned 2025-09-15 build from the real partial rows (``long_server``: 51 US
states and DC, 6 countries). The world map is also checked on a hand-made release (2026-01-15
under the first long format) with a few countries chosen to fall in every class, one below
the threshold and one without a shape at 1:110m.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from econindex_api.pages import atlas
from tests.conftest import REPO, LiveServer, start_server, stop_server, watched_page

client = httpx.Client(timeout=120)
SHOTS = REPO / "browser-screenshots"
MAPS = REPO / "econindex_api" / "pages" / "maps"

# The documented classes (README, the page's lead): [lower, upper) in percent.
SHARE_CLASSES = (
    ("under 0.1 %", 0.0, 0.1),
    ("0.1 to 0.3 %", 0.1, 0.3),
    ("0.3 to 1 %", 0.3, 1.0),
    ("1 to 3 %", 1.0, 3.0),
    ("3 to 10 %", 3.0, 10.0),
    ("10 % or more", 10.0, float("inf")),
)
# The 50 states and DC by USPS code (the test's own list).
STATES = [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
]


# --- the shipped files and the id mapping ---


def test_the_shipped_topojson_matches_its_pinned_hashes() -> None:
    readme = (MAPS / "README.md").read_text()
    script = (REPO / "scripts" / "fetch-atlas").read_text()
    for name in ("countries-110m.json", "states-10m.json", "LICENSE-world-atlas"):
        digest = hashlib.sha256((MAPS / name).read_bytes()).hexdigest()
        assert digest in readme, name
        assert f"{name} {digest}" in script, name
    assert "ISC" in (REPO / "README.md").read_text()


def test_every_state_and_dc_maps_to_its_shape() -> None:
    us = atlas.us()
    assert set(us.shape_of()) == {f"US-{s}" for s in STATES}
    assert len(us.geo_ids) == 51  # the territories are not drawn
    # FIPS codes (Census) of a few states, known independently.
    fips = {"06": "US-CA", "36": "US-NY", "11": "US-DC", "02": "US-AK", "15": "US-HI"}
    for code, geo_id in fips.items():
        assert us.geo_ids[code] == geo_id


def test_every_country_shape_maps_to_an_alpha3_of_the_release_table() -> None:
    """Each shape with an ISO numeric id maps to one alpha-3 of upstream's ISO table (and no
    two shapes to the same); where upstream's name is the atlas's name, the alpha-3 of that
    row is the one its shape got (an independent join, by name)."""
    table = REPO.parent / "shared/aei/release_2025_09_15/data/intermediate/iso_country_codes.csv"
    if not table.is_file():
        pytest.fail(f"upstream ISO table not found at {table}")
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    alpha3 = {r["iso_alpha_3"] for r in rows}
    world = atlas.world()
    mapped = [g for g in world.geo_ids.values() if g]
    assert len(mapped) == len(set(mapped)) == 173  # 177 shapes - Antarctica - 3 without ISO
    assert set(mapped) <= alpha3
    by_name = {world.names[s]: g for s, g in world.geo_ids.items() if g}
    same_name = [
        (r["iso_alpha_3"], by_name[r["country_name"]]) for r in rows if r["country_name"] in by_name
    ]
    assert len(same_name) > 120
    assert all(a == b for a, b in same_name), [p for p in same_name if p[0] != p[1]]
    # Known ISO 3166-1 numeric codes.
    for numeric, geo_id in {"840": "USA", "076": "BRA", "356": "IND", "250": "FRA"}.items():
        assert world.geo_ids[numeric] == geo_id


def test_every_map_fits_its_width_with_every_legend_entry() -> None:
    """Both maps, both metrics, a row below the threshold and shapes without rows: the
    drawing is no wider than the page's column (880) or the phone's (340)."""
    from econindex_api import models
    from econindex_api.pages import map_charts

    def row(geo_id: str, count: float, pct: float, tier: int, meets: bool) -> Any:
        labels = ("Minimal", "Emerging (bottom 25%)", "Lower middle (25-50%)")
        return models.GeographyRow(
            platform="claude_ai", geo_id=geo_id, upstream_geo_id=geo_id, name=geo_id,
            level="subregion", geo_kind="classified", parent_geo_id="USA", usage_count=count,
            usage_pct=pct, working_age_pop=1e6, usage_per_capita=1e-4,
            usage_per_capita_index=1.0, aui_convention="symmetric", tier=tier,
            tier_label=labels[tier], gdp_per_working_age_capita=None, min_conversations=100,
            meets_threshold=meets, date_start="2025-08-04", date_end="2025-08-11",
            window_rule="as_published",
        )  # fmt: skip

    for kind, ids in ((map_charts.WORLD, ("USA", "CAN")), (map_charts.US, ("US-CA", "US-WY"))):
        rows = [row(ids[0], 900, 90.0, 2, True), row(ids[1], 50, 5.0, 1, False)]
        for metric in map_charts.METRICS:
            chart = map_charts.map_chart(kind, rows, metric, "/v1/x", "/v1/x.csv", "test")
            for form, limit in (("wide", 880), ("narrow", 340)):
                width = re.search(r'<svg[^>]* width="(\d+)"', chart.svgs[form])
                assert width is not None and int(width.group(1)) <= limit, (kind, metric, form)
                assert "Below threshold" in chart.svgs[form] and "No data" in chart.svgs[form]


# --- the page in Chromium ---


def legend_of(page: Any, chart: str) -> dict[str, str]:
    """Legend label -> swatch fill, as drawn in the chart's desktop SVG."""
    entries = page.eval_on_selector_all(
        f"figure[data-chart='{chart}'] .svg.wide g.role-legend g.role-scope > g",
        """els => els.filter(e => e.querySelector('.role-legend-label text')).map(e => [
            e.querySelector('.role-legend-label text').textContent,
            e.querySelector('.role-legend-symbol path').getAttribute('fill')])""",
    )
    return dict(entries)


def shapes_of(page: Any, chart: str, form: str = "wide") -> dict[str, str]:
    """geo_id (or the shape's name) -> fill of every shape drawn."""
    pairs = page.eval_on_selector_all(
        f"figure[data-chart='{chart}'] .svg.{form} [aria-roledescription=geoshape]",
        "els => els.map(e => [e.getAttribute('aria-label'), e.getAttribute('fill')])",
    )
    return {label.split(":")[0].split(" ")[0]: fill for label, fill in pairs}


def expected_entry(row: dict[str, Any] | None, metric: str) -> str:
    """The legend entry of a geography, from its API row (the test's own reading)."""
    if row is None:
        return "No data"
    if row["meets_threshold"] is False:
        return "Below threshold"
    if metric == "aui":
        return row["tier_label"] or "No data"
    pct = row["usage_pct"]
    return next(label for label, low, high in SHARE_CLASSES if low <= pct < high)


def check_map(
    page: Any, chart: str, rows: list[dict[str, Any]], metric: str, ids: set[str]
) -> dict[str, int]:
    """Every shape's fill is the legend's swatch for its API row; returns entries used."""
    legend = legend_of(page, chart)
    assert len(legend) >= (6 if metric == "usage_share" else 5), legend
    shapes = shapes_of(page, chart)
    assert ids <= set(shapes), ids - set(shapes)
    by_id = {r["geo_id"]: r for r in rows}
    used: dict[str, int] = {}
    for geo_id, fill in shapes.items():
        entry = expected_entry(by_id.get(geo_id), metric)
        assert entry in legend, (geo_id, entry, legend)
        assert fill == legend[entry], (geo_id, entry, fill, legend[entry])
        used[entry] = used.get(entry, 0) + 1
    # The same fills in the phone's drawing.
    assert shapes_of(page, chart, "narrow") == shapes
    # Distinct swatches: a colour names one entry only.
    assert len(set(legend.values())) == len(legend)
    return used


def rows_of(server: LiveServer, query: str, release: str = "2025-09-15") -> list[dict[str, Any]]:
    answer = client.get(server.url(f"/v1/releases/{release}/geographies?{query}&limit=1000"))
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()["data"]
    return rows


def open_page(browser: Any, server: LiveServer, path: str, width: int = 1280) -> Any:
    context, page, errors, outside = watched_page(browser, server.base_url, width, 900)
    response = page.goto(server.url(path))
    assert response is not None and response.status == 200, path
    return context, page, errors, outside


@pytest.mark.parametrize("metric", ["usage_share", "aui"])
def test_state_colours_encode_the_served_values(
    long_server: LiveServer, browser: Any, metric: str
) -> None:
    path = "/releases/2025-09-15/maps" + ("?metric=aui" if metric == "aui" else "")
    context, page, errors, outside = open_page(browser, long_server, path)
    states = rows_of(long_server, "level=subregion&country=USA")
    assert len(states) == 52  # 50 states, DC and US-not_classified (real partial rows)
    used = check_map(page, "us-map", states, metric, {f"US-{s}" for s in STATES})
    assert sum(used.values()) == 51 and "No data" not in used  # every state has its row
    if metric == "aui":  # every tier of the real rows is drawn (Minimal has no state)
        assert set(used) == {r["tier_label"] for r in states if r["tier_label"]}
    else:
        assert len(used) >= 4
    countries = rows_of(long_server, "level=country")
    world = check_map(page, "world-map", countries, metric, {"USA", "FRA", "ARG"})
    assert world["No data"] >= 160
    # The table lists every row, the one with no shape said so.
    table = page.locator("table[data-chart-table='us-map'] tbody tr")
    assert table.count() == 52
    caption = page.locator("section#us-map figcaption").text_content()
    assert "US-not_classified" in caption
    assert "darker grey" not in caption  # below the threshold, but not drawn (no shape)
    # The release page links the maps; the page names its shapes' source.
    assert "world-atlas 2.0.2" in page.locator("[data-map-shapes]").text_content()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"maps-2025-09-15-{metric}-desktop.png"), full_page=True)
    assert not errors, errors
    assert not outside, outside
    context.close()


def test_no_rows_draw_every_shape_grey_and_say_so(long_server: LiveServer, browser: Any) -> None:
    """The first-party API is published at GLOBAL only: no country or state row."""
    assert rows_of(long_server, "level=country&platform=1p_api") == []
    context, page, errors, outside = open_page(
        browser, long_server, "/releases/2025-09-15/maps?platform=1p_api"
    )
    for chart in ("world-map", "us-map"):
        legend = legend_of(page, chart)
        fills = set(shapes_of(page, chart).values())
        assert fills == {legend["No data"]}, chart
        assert (
            "rows in this release for this choice"
            in page.locator(f"section#{chart} figcaption").text_content()
        )
    assert not errors and not outside
    context.close()


def test_release_page_links_the_maps_and_others_do_not_have_them(long_server: LiveServer) -> None:
    html = client.get(long_server.url("/releases/2025-09-15"), headers={"accept": "text/html"})
    assert 'href="/releases/2025-09-15/maps"' in html.text
    other = client.get(long_server.url("/releases/2025-02-10"), headers={"accept": "text/html"})
    assert "/maps" not in other.text
    missing = client.get(long_server.url("/releases/2025-02-10/maps"))
    assert missing.status_code == 404
    assert missing.json()["type"] == "/problems/measure-not-available"
    bad = client.get(long_server.url("/releases/2025-09-15/maps?metric=colour"))
    assert bad.status_code == 400 and bad.json()["parameter"] == "metric"
    maps = client.get(long_server.url("/releases/2025-09-15/maps"), headers={"accept": "text/html"})
    assert 'href="/releases/2025-09-15/maps?metric=aui"' in maps.text  # the metric switch
    assert 'data-switch="platform"' not in maps.text  # claude_ai only has rows
    one = client.get(long_server.url("/releases/2025-09-15/maps?window=2025-08-04"))
    assert one.status_code == 200  # the release's one published window, by its first day
    for window in ("each", "2025-01-01"):  # one row per geography, a published window
        wrong = client.get(long_server.url(f"/releases/2025-09-15/maps?window={window}"))
        assert wrong.status_code == 400 and wrong.json()["parameter"] == "window", window


def test_map_images_carry_the_map_and_its_source(long_server: LiveServer) -> None:
    page = "/releases/2025-09-15/maps?metric=aui"
    svg = client.get(long_server.url(page + "&chart=us-map&image=svg"))
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    text = svg.text
    assert "Source: econindex, " in text and "/releases/2025-09-15/maps?metric=aui#us-map" in text
    assert 'aria-label="US-CA California' in text
    png = client.get(long_server.url(page + "&chart=world-map&image=png"))
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"


# --- the world map on a hand-made release ---

NOV = "2025-11-13,2025-11-20,Claude AI (Free and Pro)"
API_NOV = "2025-11-13,2025-11-20,1P API"
HEADER = (
    "geo_id,geography,date_start,date_end,platform_and_product,facet,level,variable,"
    "cluster_name,value\n"
)
# Conversations per country: one in each usage class, CH below the threshold of 200 (a shape,
# darker grey), SG without a shape at 1:110m (in the table only).
COUNTS = {
    "US": 300000,
    "GB": 30000,
    "DE": 8000,
    "FR": 4000,
    "BR": 1500,
    "IN": 700,
    "JP": 250,
    "SG": 300,
    "CH": 150,
}


def claude_rows() -> str:
    total = sum(COUNTS.values())
    lines = [
        f"GLOBAL,global,{NOV},onet_task,0,onet_task_pct,write code.,100.0",
        f"GLOBAL,global,{NOV},human_only_time,0,human_only_time_mean,,2.75",
    ]
    for geo, count in COUNTS.items():
        lines.append(f"{geo},country,{NOV},country,0,usage_count,,{count}.0")
        lines.append(f"{geo},country,{NOV},country,0,usage_pct,,{count / total * 100!r}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def world_server(raw_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from econindex_api.publishing.pipeline import build_all
    from econindex_api.publishing.recipes import RELEASE_2026_01_15

    raw = tmp_path_factory.mktemp("raw-maps")
    refs = raw / "release_2025_09_15" / "data" / "intermediate"
    refs.mkdir(parents=True)
    for ref in (raw_root / "release_2025_09_15" / "data" / "intermediate").iterdir():
        shutil.copyfile(ref, refs / ref.name)
    wages = raw / "release_2025_02_10"
    wages.mkdir()
    for name in ("wage_data.csv", "bls_employment_may_2023.csv"):
        shutil.copyfile(raw_root / "release_2025_02_10" / name, wages / name)
    fmt = RELEASE_2026_01_15.long_format
    assert fmt is not None
    api = f"GLOBAL,global,{API_NOV},collaboration,0,collaboration_pct,directive,100.0\n"
    for platform, body in (("claude_ai", claude_rows()), ("1p_api", api)):
        path = raw / "release_2026_01_15" / dict(fmt.usage)[platform]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER + body, encoding="utf-8")
    built = tmp_path_factory.mktemp("built-maps")
    results = build_all(raw, built, release="2026-01-15", unpinned=True)
    assert [r.outcome for r in results] == ["published"], results
    server = start_server(built)
    yield server
    stop_server(server)


@pytest.mark.parametrize("metric", ["usage_share", "aui"])
def test_country_colours_encode_the_served_values(
    world_server: LiveServer, browser: Any, metric: str
) -> None:
    rows = rows_of(world_server, "level=country", "2026-01-15")
    assert {r["geo_id"] for r in rows} == {
        "USA",
        "GBR",
        "DEU",
        "FRA",
        "BRA",
        "IND",
        "JPN",
        "SGP",
        "CHE",
    }
    query = "?metric=aui" if metric == "aui" else ""
    context, page, errors, outside = open_page(
        browser, world_server, f"/releases/2026-01-15/maps{query}"
    )
    drawn = {"USA", "GBR", "DEU", "FRA", "BRA", "IND", "JPN", "CHE"}
    used = check_map(page, "world-map", rows, metric, drawn)
    assert used["Below threshold"] == 1  # Switzerland
    assert (
        "below the report's threshold of 200 conversations"
        in page.locator("section#world-map figcaption").text_content()
    )
    assert "SGP" not in shapes_of(page, "world-map")
    if metric == "usage_share":  # one country in every class (the fixture's design)
        assert all(used[label] >= 1 for label, _, _ in SHARE_CLASSES)
    caption = page.locator("section#world-map figcaption").text_content()
    assert re.search(r"8 of 9 rows drawn; not drawn .*: SGP", caption), caption
    SHOTS.mkdir(exist_ok=True)
    page.locator("section#world-map").screenshot(path=str(SHOTS / f"maps-fixture-{metric}.png"))
    assert not errors, errors
    assert not outside, outside
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots_of_the_maps_page(long_server: LiveServer, browser: Any, width: int) -> None:
    """For people to look at (browser-screenshots/, git-ignored); nothing wider than the
    screen."""
    context, page, errors, outside = open_page(
        browser, long_server, "/releases/2025-09-15/maps", width
    )
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"maps-2025-09-15-{width}.png"), full_page=True)
    assert not errors and not outside
    context.close()
