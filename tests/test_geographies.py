"""``/v1/releases/{release}/geographies`` on the real 2025-09-15 rows (issue 20 §3).

The server serves 2025-09-15 built ``--unpinned`` from the real partial rows (conftest
``long_root``). Expected values are read from the raw upstream rows with the csv module
(counts, shares, ids) and from the package's own CSV (the AUI and tiers, which
tests/test_build_longformat.py recomputes in plain Python from the raw rows), never from
the server's code.
"""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest

from econindex_api import AsyncClient, BadRequestError, Client, NotFoundError, models
from tests.conftest import LiveServer
from tests.test_build_longformat import COUNTRY_ROWS, STATE_ROWS, rows

RELEASE = "2025-09-15"
PACKAGE = "releases/2025-09-15/1.0.0-unpinned"


def raw_usage(path: Path, facet: str) -> dict[str, dict[str, float]]:
    """upstream geo_id -> {usage_count, usage_pct} from the raw rows of one facet."""
    out: dict[str, dict[str, float]] = {}
    for r in rows(path):
        if (
            r["facet"] == facet
            and r["level"] == "0"
            and r["variable"]
            in (
                "usage_count",
                "usage_pct",
            )
        ):
            out.setdefault(r["geo_id"], {})[r["variable"]] = float(r["value"])
    return out


def expected_states() -> list[tuple[str, str, float, float]]:
    """(geo_id, upstream id, usage_count, usage_pct) of every US state row, in the API's
    default order: usage_count descending, then geo_id."""
    states = raw_usage(STATE_ROWS, "state_us")
    out = [
        ("US-" + code, code, values["usage_count"], values["usage_pct"])
        for code, values in states.items()
    ]
    return sorted(out, key=lambda r: (-r[2], r[0]))


def package_rows(root: Path) -> dict[str, dict[str, str]]:
    with (root / PACKAGE / "data" / "geo_usage.csv").open(newline="", encoding="utf-8") as f:
        return {r["geo_id"]: r for r in csv.DictReader(f) if r["platform"] == "claude_ai"}


def test_states_of_the_usa_match_the_raw_rows(long_server: LiveServer, long_root: Path) -> None:
    expected = expected_states()
    table = package_rows(long_root)
    with Client(long_server.base_url) as client:
        first = client.geographies.list(RELEASE, level="subregion", country="USA", limit=10)
        every = list(client.geographies.iter(RELEASE, level="subregion", country="USA"))
    assert first.total == len(expected) == len(every) == 52  # 50 states, DC, not_classified
    assert [g.geo_id for g in every] == [e[0] for e in expected]
    for got, (geo_id, upstream, count, pct) in zip(every, expected, strict=True):
        assert (got.upstream_geo_id, got.level, got.parent_geo_id) == (upstream, "subregion", "USA")
        assert got.usage_count == count and got.usage_pct == pytest.approx(pct, rel=1e-12)
        row = table[geo_id]
        aui = row["usage_per_capita_index"]
        assert got.usage_per_capita_index == (pytest.approx(float(aui), rel=1e-12) if aui else None)
        assert got.tier == (int(row["usage_tier"]) if row["usage_tier"] else None)
        assert got.aui_convention == (row["aui_convention"] or None)
        assert got.meets_threshold is (count >= 100)
        assert (got.date_start, got.date_end, got.window_rule) == (
            "2025-08-04",
            "2025-08-11",
            "as_published",
        )
    assert [g.geo_id for g in first.data] == [e[0] for e in expected[:10]]
    assert first.data[0].name == "California"
    pseudo = next(g for g in every if g.upstream_geo_id == "not_classified")
    assert (pseudo.geo_id, pseudo.geo_kind, pseudo.usage_per_capita_index, pseudo.tier) == (
        "US-not_classified",
        "unclassified",
        None,
        None,
    )
    # The state AUI of the report (FACTS §7): both denominators over thresholded states.
    assert {g.aui_convention for g in every if g.geo_kind == "classified"} == {"symmetric"}


def test_countries_sorted_and_filtered(long_server: LiveServer) -> None:
    countries = raw_usage(COUNTRY_ROWS, "country")
    with Client(long_server.base_url) as client:
        listed = list(client.geographies.iter(RELEASE, sort="-usage_pct"))
        angola = client.geographies.list(RELEASE, country="AGO")
    # Every country whose usage the sample holds, by usage_pct descending.
    with_pct = {k: v for k, v in countries.items() if "usage_pct" in v}
    ranked = sorted(with_pct, key=lambda k: -with_pct[k]["usage_pct"])
    published = [g for g in listed if g.usage_pct is not None]
    assert [g.upstream_geo_id for g in published] == ranked
    assert all(g.level == "country" and g.parent_geo_id == "GLOBAL" for g in listed)
    assert [(g.geo_id, g.name, g.usage_count) for g in angola.data] == [("AGO", "Angola", 238.0)]


def test_async_client_and_csv_give_the_same_rows(long_server: LiveServer) -> None:
    async def fetch() -> list[str]:
        async with AsyncClient(long_server.base_url) as client:
            frame = await client.geographies.iter(
                RELEASE, level="subregion", country="USA", limit=7
            ).to_polars()
            return [str(x) for x in frame["geo_id"]]

    from_async = asyncio.run(fetch())
    assert from_async == [e[0] for e in expected_states()]
    answer = httpx.get(
        long_server.url(f"/v1/releases/{RELEASE}/geographies"),
        params={"level": "subregion", "country": "USA", "format": "csv"},
        timeout=30,
    )
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(answer.text)))
    assert [r["geo_id"] for r in table] == from_async
    assert table[0]["usage_count"] == str(expected_states()[0][2])


def test_api_platform_has_no_geographies_below_global(long_server: LiveServer) -> None:
    with Client(long_server.base_url) as client:
        page = client.geographies.list(RELEASE, platform="1p_api")
    assert (page.total, page.data) == (0, [])


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ({"country": "AO"}, "country", "'AGO'"),  # alpha-2 refused, the alpha-3 id suggested
        ({"country": "ZZZ"}, "country", "alpha-3"),
        ({"level": "state"}, "level", "subregion"),
        ({"platform": "api"}, "platform", "1p_api"),
        ({"sort": "aui"}, "sort", "usage_per_capita_index"),
    ],
)
def test_bad_parameters_are_named(
    long_server: LiveServer, query: dict[str, str], parameter: str, words: str
) -> None:
    answer = httpx.get(
        long_server.url(f"/v1/releases/{RELEASE}/geographies"), params=query, timeout=30
    )
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["parameter"] == parameter and words in problem["detail"]
    with Client(long_server.base_url) as client, pytest.raises(BadRequestError):
        client.geographies.list(RELEASE, **query)  # type: ignore[arg-type]


def test_releases_without_geographies_answer_measure_not_available(
    long_server: LiveServer,
) -> None:
    with Client(long_server.base_url) as client, pytest.raises(NotFoundError) as raised:
        client.geographies.list("2025-02-10")
    assert raised.value.status == 404
    assert raised.value.type == models.PROBLEM_MEASURE_NOT_AVAILABLE
    links = httpx.get(long_server.url(f"/v1/releases/{RELEASE}"), timeout=30).json()
    assert links["release"]["links"]["endpoints"]["geographies"] == (
        f"/v1/releases/{RELEASE}/geographies"
    )


# --- /observations ---

OBS_KEY = (
    "platform",
    "date_start",
    "geo_level",
    "geo_id",
    "category",
    "hierarchy_level",
    "metric",
    "base_node",
    "node_name",
    "node_id",
)


def package_observations(root: Path) -> list[dict[str, object]]:
    with (root / PACKAGE / "data" / "observations.csv").open(newline="", encoding="utf-8") as f:
        out: list[dict[str, object]] = []
        for r in csv.DictReader(f):
            row: dict[str, object] = dict(r)
            row["hierarchy_level"] = int(r["hierarchy_level"])
            row["value"] = float(r["value"])
            out.append(row)

    def key(r: dict[str, object]) -> tuple[object, ...]:
        return tuple(r[k] for k in OBS_KEY)

    return sorted(out, key=key)


def test_observations_of_a_state_are_its_raw_rows(long_server: LiveServer) -> None:
    """Every raw row of California, with the intersection facets split on the last '::'."""

    def split(r: dict[str, str]) -> tuple[str, str]:
        if "::" in r["facet"]:
            base, _, node = r["cluster_name"].rpartition("::")
            return base, node
        return "", r["cluster_name"]

    expected = sorted(
        (r["facet"], int(r["level"]), r["variable"], *split(r), float(r["value"]))
        for r in rows(STATE_ROWS)
        if r["geo_id"] == "CA"
    )
    with Client(long_server.base_url) as client:
        got = list(client.observations.iter(RELEASE, geo_id="US-CA", limit=1000))
    assert len(got) == len(expected) > 300
    assert (
        sorted(
            (o.category, o.hierarchy_level, o.metric, o.base_node, o.node_name, o.value)
            for o in got
        )
        == expected
    )
    assert {(o.upstream_geo_id, o.upstream_geography, o.geo_level) for o in got} == {
        ("CA", "state_us", "subregion")
    }


@pytest.mark.parametrize("seed", range(12))
def test_random_filters_match_plain_python(
    long_server: LiveServer, long_root: Path, seed: int
) -> None:
    import random

    table = package_observations(long_root)
    rng = random.Random(seed)
    anchor = rng.choice(table)
    # 1-4 filters taken from one real row, so most queries match something
    names = rng.sample(
        ["platform", "geo_level", "geo_id", "category", "hierarchy_level", "metric", "node"],
        rng.randint(1, 4),
    )
    column = {"node": "node_name"}
    query: dict[str, Any] = {n: anchor[column.get(n, n)] for n in names}
    if query.get("node") == "":
        del query["node"]  # an empty node is refused (allow_empty=False)
    wanted = [r for r in table if all(r[column.get(n, n)] == v for n, v in query.items())]
    descending = seed % 3 == 0
    if descending:
        wanted = sorted(wanted, key=lambda r: -float(r["value"]))  # type: ignore[arg-type]
        query["sort"] = "-value"
    answer = httpx.get(
        long_server.url(f"/v1/releases/{RELEASE}/observations"),
        params={**query, "limit": 50},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["total"] == len(wanted)
    assert body["data"] == wanted[:50]


def test_observations_csv_and_async_client(long_server: LiveServer, long_root: Path) -> None:
    table = package_observations(long_root)
    wanted = [r for r in table if r["geo_id"] == "GLOBAL" and r["category"] == "collaboration"]
    answer = httpx.get(
        long_server.url(f"/v1/releases/{RELEASE}/observations"),
        params={"geo_id": "GLOBAL", "category": "collaboration", "format": "csv"},
        timeout=30,
    )
    assert answer.status_code == 200
    got = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["platform"], r["metric"], r["node_name"], float(r["value"])) for r in got] == [
        (r["platform"], r["metric"], r["node_name"], r["value"]) for r in wanted
    ]

    async def fetch() -> int:
        async with AsyncClient(long_server.base_url) as client:
            frame = await client.observations.iter(
                RELEASE, geo_id="GLOBAL", category="collaboration", limit=9
            ).to_polars()
            return frame.height

    assert asyncio.run(fetch()) == len(wanted)


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ({"category": "onet_tsk"}, "category", "onet_task"),
        ({"geo_id": "CA"}, "geo_id", "US-CA"),
        ({"metric": "aui"}, "metric", "usage_count"),
        ({"hierarchy_level": "-1"}, "hierarchy_level", "0"),
        ({"geo_level": "state"}, "geo_level", "subregion"),
        ({"nodes": "x"}, "nodes", "node"),
    ],
)
def test_observation_filters_that_cannot_match_are_named(
    long_server: LiveServer, query: dict[str, str], parameter: str, words: str
) -> None:
    answer = httpx.get(
        long_server.url(f"/v1/releases/{RELEASE}/observations"), params=query, timeout=30
    )
    assert answer.status_code == 400, answer.text
    problem = answer.json()
    assert problem["parameter"] == parameter and words in problem["detail"]


# --- /geographies/{geo_id} ---

AUTOMATION = {"directive", "feedback loop"}
AUGMENTATION = {"learning", "task iteration", "validation"}


def raw_of(geo: str, facet: str, variable: str) -> dict[tuple[str, str], float]:
    """(level, cluster_name) -> value of one state's raw rows."""
    return {
        (r["level"], r["cluster_name"]): float(r["value"])
        for r in rows(STATE_ROWS)
        if r["geo_id"] == geo and r["facet"] == facet and r["variable"] == variable
    }


def test_profile_of_california_from_the_raw_rows(long_server: LiveServer) -> None:
    with Client(long_server.base_url) as client:
        ca = client.geographies.get(RELEASE, "US-CA")
    assert (ca.geo_id, ca.upstream_geo_id, ca.name, ca.level, ca.parent_geo_id) == (
        "US-CA",
        "CA",
        "California",
        "subregion",
        "USA",
    )
    (usage,) = ca.usage
    assert usage.usage_count == raw_of("CA", "state_us", "usage_count")[("0", "")]

    # Top tasks: the ten largest onet_task_pct, none / not_classified left out.
    tasks = raw_of("CA", "onet_task", "onet_task_pct")
    counts = raw_of("CA", "onet_task", "onet_task_count")
    ranked = sorted(
        ((-v, name) for (_, name), v in tasks.items() if name not in ("none", "not_classified"))
    )[:10]
    assert [(t.task, t.conversation_pct, t.conversation_count) for t in ca.top_tasks] == [
        (name, -v, counts[("0", name)]) for v, name in ranked
    ]

    # Collaboration on both bases, by hand from the pattern shares.
    shares = {
        name: v for (_, name), v in raw_of("CA", "collaboration", "collaboration_pct").items()
    }
    auto = sum(v for k, v in shares.items() if k in AUTOMATION)
    aug = sum(v for k, v in shares.items() if k in AUGMENTATION)
    (collab,) = ca.collaboration
    assert collab.automation_pct_of_classified == pytest.approx(100 * auto / (auto + aug))
    assert collab.augmentation_pct_of_classified == pytest.approx(100 * aug / (auto + aug))
    assert collab.automation_pct_of_all == pytest.approx(auto)
    assert collab.none_pct == pytest.approx(shares["none"])
    assert {p.pattern: p.conversation_pct for p in collab.patterns} == pytest.approx(shares)

    # Request clusters: the five largest per level, not_classified left out.
    clusters = raw_of("CA", "request", "request_pct")
    for level in ("0", "1", "2"):
        expected = sorted(
            (-v, name)
            for (lvl, name), v in clusters.items()
            if lvl == level and name != "not_classified"
        )[:5]
        got = [c for c in ca.request_clusters if c.hierarchy_level == int(level)]
        assert [(c.cluster_name, c.conversation_pct) for c in got] == [
            (name, -v) for v, name in expected
        ]
    assert ca.primitives == []  # 2025-09-15 publishes none
    assert ca.suppressed == []  # every facet of the level is published for California


def test_profile_of_a_small_country_says_what_is_suppressed(long_server: LiveServer) -> None:
    with Client(long_server.base_url) as client:
        andorra = client.geographies.get(RELEASE, "AND")
    assert andorra.usage[0].usage_count == 40.0 and andorra.usage[0].meets_threshold is False
    assert andorra.top_tasks == []
    assert any(
        "40 conversations, below the report's threshold of 200" in s for s in andorra.suppressed
    )
    assert any(s.startswith("onet_task: not published") for s in andorra.suppressed)


@pytest.mark.parametrize(
    ("geo_id", "words"),
    [("CA", "US-CA (state_us)"), ("AD", "AND (country)"), ("XX", "ISO 3166-2 such as US-CA")],
)
def test_unknown_geography_is_404_naming_the_canonical_id(
    long_server: LiveServer, geo_id: str, words: str
) -> None:
    with Client(long_server.base_url) as client, pytest.raises(NotFoundError) as raised:
        client.geographies.get(RELEASE, geo_id)
    assert raised.value.type == models.PROBLEM_UNKNOWN_GEOGRAPHY
    assert words in (raised.value.detail or "")


def test_async_profile_equals_sync(long_server: LiveServer) -> None:
    async def fetch() -> object:
        async with AsyncClient(long_server.base_url) as client:
            return await client.geographies.get(RELEASE, "GLOBAL")

    with Client(long_server.base_url) as client:
        assert asyncio.run(fetch()) == client.geographies.get(RELEASE, "GLOBAL")


def test_observation_order_is_the_package_key_order() -> None:
    """The observation index relies on the package's rows being in its key order (no sorted
    copy at load): the key it pages in must be the table's primary key."""
    from econindex_api.publishing.canonical import ALL_TABLES
    from econindex_api.server.areas.geographies import OBSERVATION_KEY

    assert ALL_TABLES["observations"].primary_key == OBSERVATION_KEY


def test_profile_soc_groups_are_the_packages(long_server: LiveServer, long_root: Path) -> None:
    """The profile's SOC groups are the package's geo_soc_groups rows (recomputed from the
    raw rows in plain Python by tests/test_long_usage.py), largest share first."""
    with (long_root / PACKAGE / "data" / "geo_soc_groups.csv").open(
        newline="", encoding="utf-8"
    ) as handle:
        table = [r for r in csv.DictReader(handle) if r["geo_id"] == "US-CA"]
    expected = sorted(
        ((r["major_group_code"], float(r["share_pct"])) for r in table),
        key=lambda r: (-r[1], r[0]),
    )
    with Client(long_server.base_url) as client:
        ca = client.geographies.get(RELEASE, "US-CA")
    assert len(expected) > 10
    assert [(g.major_group_code, g.share_pct) for g in ca.soc_groups] == expected
    assert {g.share_base for g in ca.soc_groups} == {"tasks_matched_to_statements"}
    assert sum(g.share_pct or 0 for g in ca.soc_groups) == pytest.approx(100.0)
