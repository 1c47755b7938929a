"""Every client method against the real server over both real releases.

Expected values are computed here, independently of the server, from the published package
files (Parquet, read with Polars) and the catalog on disk: a client result is right when it
equals what the published tables say.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from pathlib import Path

import httpx
import polars as pl
import pytest

from econindex_api import (
    BadRequestError,
    Client,
    MemoryCache,
    NotFoundError,
    PageIterator,
    SyncPage,
    models,
    to_polars,
)
from econindex_api.client.namespaces.occupations import OccupationRow
from tests.conftest import LiveServer

USAGE = "2025-02-10"
LATEST = "2025-03-27"  # what latest resolves to
EXPOSURE = "labor-market-impacts"


def _catalog(root: Path) -> dict[str, dict[str, object]]:
    catalog = json.loads((root / "catalog.json").read_text())
    return {r["id"]: r for r in catalog["releases"]}


def version_dir(root: Path, release: str) -> Path:
    entry = _catalog(root)[release]
    versions = entry["versions"]
    assert isinstance(versions, list)
    return root / versions[-1]["path"]


def table(root: Path, release: str, name: str) -> pl.DataFrame:
    return pl.read_parquet(version_dir(root, release) / "data" / f"{name}.parquet")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[Client]:
    with Client(live_server.base_url, max_retries=0) as c:
        yield c


@pytest.fixture(scope="module")
def occupation_frame(published_root: Path) -> pl.DataFrame:
    """occupation_usage with the occupations' attributes, as the test computes it."""
    usage = table(published_root, USAGE, "occupation_usage")
    occupations = table(published_root, USAGE, "occupations")
    return usage.join(occupations, on="onet_soc_code", how="left")


# ---------------------------------------------------------------------------------------------
# Service and releases
# ---------------------------------------------------------------------------------------------


def test_health(client: Client) -> None:
    from econindex_api import __version__

    health = client.health()
    assert health.status == "ok"
    assert health.version == __version__


def test_releases_list_is_the_catalog(client: Client, published_root: Path) -> None:
    catalog = _catalog(published_root)
    releases = client.releases.list()
    assert isinstance(releases, models.ReleaseList)
    assert {r.id for r in releases.data} == set(catalog) == {USAGE, LATEST, EXPOSURE}
    assert releases.total == 3
    assert releases.latest == LATEST
    for release in releases.data:
        descriptor = version_dir(published_root, release.id) / "datapackage.json"
        assert release.package_sha256 == sha256(descriptor)
        assert release.is_latest == (release.id == LATEST)
    by_id = {r.id: r for r in releases.data}
    assert by_id[USAGE].series == "usage" and by_id[EXPOSURE].series == "exposure"


def test_release_get_resolves_latest(client: Client, published_root: Path) -> None:
    latest = client.releases.get("latest")
    dated = client.releases.get(LATEST)
    assert latest.requested == "latest"
    assert latest.release.id == LATEST
    assert latest.provenance.release_id == LATEST
    assert latest.release == dated.release
    data = version_dir(published_root, LATEST) / "data"
    resources = {r.name: r for r in dated.resources}
    assert set(resources) == {p.stem for p in data.glob("*.parquet")}
    for name, info in resources.items():
        assert info.rows == pl.read_parquet(data / f"{name}.parquet").height
        assert info.parquet.sha256 == sha256(data / f"{name}.parquet")
        assert info.csv.bytes == (data / f"{name}.csv").stat().st_size


# ---------------------------------------------------------------------------------------------
# Occupations
# ---------------------------------------------------------------------------------------------


def test_occupations_of_a_major_group(client: Client, occupation_frame: pl.DataFrame) -> None:
    expected = occupation_frame.filter(pl.col("major_group_code") == "15-0000").sort(
        ["share_pct", "onet_soc_code"], descending=[True, False]
    )
    page = client.occupations.list(release=USAGE, major_group="15", limit=100)
    assert isinstance(page, SyncPage)
    assert page.total == expected.height
    assert page.provenance.release_id == USAGE
    assert [o.onet_soc_code for o in page] == expected["onet_soc_code"].to_list()[:100]
    first = page[0]
    assert isinstance(first, models.OccupationUsageRow)
    row = expected.row(0, named=True)
    assert first.share_pct == pytest.approx(row["share_pct"], abs=1e-9)
    assert first.tasks_total == row["tasks_total"]
    assert first.median_wage_usd == row["median_wage_usd"]

    frame = page.to_polars()
    assert frame.columns == [f for f in models.OccupationUsageRow.__struct_fields__]
    assert frame.schema["share_pct"] == pl.Float64
    assert frame.schema["job_zone"] == pl.Int64
    assert frame["onet_soc_code"].to_list() == expected["onet_soc_code"].to_list()[:100]


def test_occupations_pages_walk_the_whole_table(
    client: Client, occupation_frame: pl.DataFrame
) -> None:
    page: SyncPage[OccupationRow] | None = client.occupations.list(USAGE, limit=300)
    codes: list[str] = []
    pages = 0
    while page is not None:
        codes += [o.onet_soc_code for o in page if isinstance(o, models.OccupationUsageRow)]
        pages += 1
        page = page.next_page()
    assert pages == math.ceil(occupation_frame.height / 300)
    assert sorted(codes) == sorted(occupation_frame["onet_soc_code"].to_list())
    assert len(codes) == len(set(codes))


def test_occupations_iter_to_polars_equals_the_table(
    client: Client, occupation_frame: pl.DataFrame
) -> None:
    iterator = client.occupations.iter(USAGE, limit=250)
    assert isinstance(iterator, PageIterator)
    frame = iterator.to_polars().sort("onet_soc_code")
    expected = occupation_frame.sort("onet_soc_code")
    assert frame.height == expected.height == 974
    assert frame["onet_soc_code"].to_list() == expected["onet_soc_code"].to_list()
    assert frame["share_pct"].to_list() == pytest.approx(expected["share_pct"].to_list())
    assert frame["tasks_with_usage_fraction"].to_list() == pytest.approx(
        expected["tasks_with_usage_fraction"].to_list()
    )
    assert frame["share_pct"].sum() == pytest.approx(100.0, abs=1e-6)


def test_occupations_wage_filter_and_sort(client: Client, occupation_frame: pl.DataFrame) -> None:
    expected = occupation_frame.filter(pl.col("median_wage_usd").is_between(100_000, 150_000)).sort(
        ["median_wage_usd", "onet_soc_code"]
    )
    rows = list(
        client.occupations.iter(
            USAGE, min_wage_usd=100_000, max_wage_usd=150_000, sort="median_wage_usd", limit=1000
        )
    )
    assert [r.onet_soc_code for r in rows] == expected["onet_soc_code"].to_list()


def test_occupation_get_with_its_tasks(client: Client, published_root: Path) -> None:
    code = "15-1132.00"
    detail = client.occupations.get(USAGE, code)
    assert isinstance(detail, models.OccupationUsageDetail)
    usage = table(published_root, USAGE, "occupation_usage").filter(pl.col("onet_soc_code") == code)
    tasks = table(published_root, USAGE, "tasks").filter(pl.col("onet_soc_code") == code)
    assert detail.occupation.title == "Software Developers, Applications"
    assert detail.occupation.share_pct == pytest.approx(usage["share_pct"][0])
    assert sorted(t.task_id for t in detail.tasks) == sorted(tasks["task_id"].to_list())
    shares = table(published_root, USAGE, "task_occupation_shares").filter(
        pl.col("onet_soc_code") == code
    )
    attributed = dict(zip(shares["task_id"], shares["share_pct"], strict=True))
    for task in detail.tasks:
        assert task.attributed_share_pct == pytest.approx(attributed.get(task.task_id, 0.0))
    assert sum(t.attributed_share_pct for t in detail.tasks) == pytest.approx(usage["share_pct"][0])


def test_exposure_release_serves_its_own_measure(client: Client, published_root: Path) -> None:
    exposure = table(published_root, EXPOSURE, "job_exposure")
    frame = client.occupations.iter(EXPOSURE, limit=1000).to_polars()
    assert "observed_exposure_fraction" in frame.columns and "share_pct" not in frame.columns
    assert frame.height == exposure.height
    joined = frame.join(exposure, on="soc_2018_code", suffix="_published")
    assert joined["observed_exposure_fraction"].to_list() == pytest.approx(
        joined["observed_exposure_fraction_published"].to_list()
    )
    code = exposure["soc_2018_code"][0]
    detail = client.occupations.get(EXPOSURE, code)
    assert isinstance(detail, models.OccupationExposureDetail)
    assert detail.occupation.observed_exposure_fraction == pytest.approx(
        exposure["observed_exposure_fraction"][0]
    )
    penetration = client.tasks.list(EXPOSURE, limit=5)
    assert penetration.kind == "task_penetration"
    assert penetration.total == table(published_root, EXPOSURE, "task_penetration").height


# ---------------------------------------------------------------------------------------------
# Tasks
# ---------------------------------------------------------------------------------------------


def test_task_text_search_matches_the_statements(client: Client, published_root: Path) -> None:
    tasks = table(published_root, USAGE, "tasks")
    expected = tasks.filter(
        pl.col("statement").str.to_lowercase().str.contains("software", literal=True)
    )
    found = list(client.tasks.iter(release=USAGE, q="software", limit=100))
    assert len(found) == expected.height > 100  # several pages
    assert sorted(t.task_id for t in found) == sorted(expected["task_id"].to_list())
    assert all("software" in t.statement.lower() for t in found)


def test_tasks_walk_equals_the_task_table(client: Client, published_root: Path) -> None:
    tasks = table(published_root, USAGE, "tasks")
    usage = table(published_root, USAGE, "task_usage")
    frame = client.tasks.iter(USAGE, limit=1000).to_polars()
    assert frame.height == tasks.height
    assert frame["task_id"].n_unique() == tasks.height
    expected = tasks.join(usage, on="task_key", how="left").with_columns(
        pl.col("share_pct").fill_null(0.0)
    )
    joined = frame.join(expected, on="task_id", suffix="_published")
    assert joined["share_pct"].to_list() == pytest.approx(joined["share_pct_published"].to_list())
    # Attributed shares split each key over its occupations and sum to 100 (docs/methods.md).
    assert frame["attributed_share_pct"].sum() == pytest.approx(100.0, abs=1e-6)


def test_tasks_filters(client: Client, published_root: Path) -> None:
    tasks = table(published_root, USAGE, "tasks")
    usage = table(published_root, USAGE, "task_usage")
    of_occupation = list(client.tasks.iter(USAGE, occupation="15-1132.00"))
    assert sorted(t.task_id for t in of_occupation) == sorted(
        tasks.filter(pl.col("onet_soc_code") == "15-1132.00")["task_id"].to_list()
    )
    strong = client.tasks.list(USAGE, min_share_pct=0.2, limit=1000)
    expected = tasks.join(usage, on="task_key").filter(pl.col("share_pct") >= 0.2)
    assert strong.total == expected.height
    assert [t.share_pct for t in strong] == sorted((t.share_pct for t in strong), reverse=True)


def test_task_get(client: Client, published_root: Path) -> None:
    tasks = table(published_root, USAGE, "tasks")
    usage = table(published_root, USAGE, "task_usage")
    shared_key = (
        tasks.join(usage, on="task_key")
        .filter(pl.col("occupations_count") > 1)
        .sort("task_id")
        .row(0, named=True)
    )
    detail = client.tasks.get(USAGE, shared_key["task_id"])
    assert detail.task.statement == shared_key["statement"]
    assert detail.task.share_pct == pytest.approx(shared_key["share_pct"])
    same_key = tasks.filter(pl.col("task_key") == shared_key["task_key"])
    assert [o.onet_soc_code for o in detail.occupations] == sorted(
        same_key["onet_soc_code"].to_list()
    )


# ---------------------------------------------------------------------------------------------
# Categories, wage bands, depth, interaction modes
# ---------------------------------------------------------------------------------------------


def test_categories(client: Client, published_root: Path) -> None:
    expected = table(published_root, USAGE, "category_usage").sort("major_group_code")
    page = client.categories.list(USAGE)
    frame = page.to_polars().sort("major_group_code")
    assert frame["major_group_code"].to_list() == expected["major_group_code"].to_list()
    assert frame["share_pct"].to_list() == pytest.approx(expected["share_pct"].to_list())
    assert frame["workforce_pct"].to_list() == pytest.approx(expected["workforce_pct"].to_list())
    assert [c.share_pct for c in page] == sorted((c.share_pct for c in page), reverse=True)
    assert sum(c.share_pct for c in client.categories.iter(USAGE)) == pytest.approx(100.0)


def test_wage_bands_from_edges(client: Client, occupation_frame: pl.DataFrame) -> None:
    bands = client.wage_bands.get(USAGE, edges=[50_000, 100_000])
    assert bands.method == "edges"
    assert bands.edges_usd == [50_000, 100_000]
    wage = pl.col("median_wage_usd")
    groups = [
        occupation_frame.filter(wage < 50_000),
        occupation_frame.filter((wage >= 50_000) & (wage < 100_000)),
        occupation_frame.filter(wage >= 100_000),
        occupation_frame.filter(wage.is_null()),
    ]
    assert [b.occupations_count for b in bands.data] == [g.height for g in groups]
    assert [b.share_pct for b in bands.data] == pytest.approx(
        [g["share_pct"].sum() for g in groups]
    )
    assert [b.has_wage for b in bands.data] == [True, True, True, False]
    assert (bands.data[0].lower_usd, bands.data[0].upper_usd) == (None, 50_000)
    frame = to_polars(bands.data)
    assert frame.height == 4 and frame.schema["lower_usd"] == pl.Float64


def test_wage_bands_default_quartiles(client: Client, occupation_frame: pl.DataFrame) -> None:
    bands = client.wage_bands.get(USAGE)
    assert bands.method == "quantiles"
    assert bands.quantiles == [0.25, 0.5, 0.75]
    wages = occupation_frame["median_wage_usd"].drop_nulls()
    assert bands.edges_usd == pytest.approx(
        [wages.quantile(q, interpolation="linear") for q in (0.25, 0.5, 0.75)]
    )
    assert bands.occupations_total == occupation_frame.height
    with pytest.raises(ValueError, match="not both"):
        client.wage_bands.get(USAGE, edges=[1.0], quantiles=[0.5])


def test_depth(client: Client, occupation_frame: pl.DataFrame) -> None:
    depth = client.depth.get(USAGE, thresholds=[0.25, 0.5, 0.75], bins=4)
    fraction = occupation_frame["tasks_with_usage_fraction"]
    total = occupation_frame.height
    assert depth.occupations_total == total
    for row, t in zip(depth.data, (0.25, 0.5, 0.75), strict=True):
        count = int((fraction >= t).sum())
        assert (row.threshold, row.occupations_count) == (t, count)
        assert row.occupations_pct == pytest.approx(count / total * 100)
    assert len(depth.distribution) == 4
    assert sum(b.occupations_count for b in depth.distribution) == total
    assert depth.summary.median_fraction == pytest.approx(fraction.median())
    assert depth.summary.occupations_zero == int((fraction == 0).sum())


def test_interaction_modes(client: Client, published_root: Path) -> None:
    expected = table(published_root, USAGE, "interaction_modes")
    split = table(published_root, USAGE, "interaction_split")
    modes = client.interaction_modes.get(USAGE)
    got = {m.mode: m.share_pct for m in modes.data}
    assert got == pytest.approx(dict(zip(expected["mode"], expected["share_pct"], strict=True)))
    assert {s.category: s.share_pct for s in modes.split} == pytest.approx(
        dict(zip(split["category"], split["share_pct"], strict=True))
    )
    assert sum(s.share_pct for s in modes.split) == pytest.approx(100.0)


# ---------------------------------------------------------------------------------------------
# Errors from the real server
# ---------------------------------------------------------------------------------------------


def test_not_found_kinds(client: Client) -> None:
    cases = [
        (lambda: client.releases.get("1999-01-01"), models.PROBLEM_UNKNOWN_RELEASE),
        (lambda: client.tasks.get(USAGE, 999_999_999), models.PROBLEM_UNKNOWN_TASK),
        (lambda: client.occupations.get(USAGE, "99-9999.99"), models.PROBLEM_UNKNOWN_OCCUPATION),
        (lambda: client.wage_bands.get(EXPOSURE), models.PROBLEM_MEASURE_NOT_AVAILABLE),
    ]
    for call, problem_type in cases:
        with pytest.raises(NotFoundError) as info:
            call()
        err = info.value
        assert (err.status, err.type) == (404, problem_type)
        assert err.detail and err.url.startswith(client.base_url + "/v1/releases/")
    with pytest.raises(NotFoundError) as info:
        client.depth.get(EXPOSURE)
    assert info.value.problem["measures"]  # says which measures the release has


def test_bad_request_names_the_parameter(client: Client) -> None:
    with pytest.raises(BadRequestError) as info:
        client.occupations.list(USAGE, limit=0)
    assert info.value.status == 400
    assert info.value.type == models.PROBLEM_INVALID_PARAMETER
    assert info.value.problem["parameter"] == "limit"
    assert "limit" in str(info.value)
    with pytest.raises(BadRequestError) as info:
        client.tasks.list(USAGE, sort="nonsense")
    assert info.value.problem["parameter"] == "sort"
    with pytest.raises(BadRequestError):
        client.occupations.list(USAGE, major_group="ab")


# ---------------------------------------------------------------------------------------------
# Conditional requests against the real ETags
# ---------------------------------------------------------------------------------------------


def test_cache_sends_if_none_match_and_reuses_the_body(live_server: LiveServer) -> None:
    statuses: list[int] = []
    http = httpx.Client(event_hooks={"response": [lambda r: statuses.append(r.status_code)]})
    with Client(live_server.base_url, cache=MemoryCache(), http_client=http) as cached:
        first = cached.categories.list(USAGE)
        second = cached.categories.list(USAGE)
    http.close()
    assert statuses == [200, 304]
    assert second.data == first.data and second.total == first.total
