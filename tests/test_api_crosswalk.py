"""Occupation usage by 2018 SOC and usage next to exposure, through the real server and client.

Expected numbers come from the plain-Python recomputation on the raw files
(tests.test_crosswalk) and from the hand-worked fixture (tests.raw_fixtures), never from the
server's code.
"""

from __future__ import annotations

import asyncio
import csv
import io
import math
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from econindex_api import AsyncClient, BadRequestError, Client, NotFoundError
from econindex_api.publishing.pipeline import build_all
from tests.conftest import LiveServer, start_server, stop_server
from tests.raw_fixtures import HAND_WORKED, exposure_release, flat_task_release
from tests.test_crosswalk import (
    USAGE_RELEASES,
    _rows,
    reference_coverage,
    reference_occupation_shares,
    reference_soc2018,
)

USAGE = "2025-02-10"
EXPOSURE = "labor-market-impacts"


@pytest.fixture(scope="module")
def reference(raw_root: Path) -> dict[str, float]:
    shares = reference_occupation_shares(raw_root / "release_2025_02_10", "onet_task_mappings.csv")
    return reference_soc2018(raw_root.parent / "onet", shares)


@pytest.fixture(scope="module", params=sorted(USAGE_RELEASES))
def each_release(request: pytest.FixtureRequest, raw_root: Path) -> tuple[str, dict[str, float]]:
    """Each usage release with its plain-Python 2018 SOC shares."""
    folder, usage_file, _ = USAGE_RELEASES[request.param]
    shares = reference_occupation_shares(raw_root / folder, usage_file)
    return request.param, reference_soc2018(raw_root.parent / "onet", shares)


@pytest.fixture(scope="module")
def exposure_values(raw_root: Path) -> dict[str, float]:
    rows = _rows(raw_root / "labor_market_impacts/job_exposure.csv")
    return {r["occ_code"]: float(r["observed_exposure"]) for r in rows}


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[Client]:
    with Client(live_server.base_url, max_retries=0) as c:
        yield c


def test_soc2018_shares_equal_plain_python_and_sum_to_100(
    client: Client, reference: dict[str, float]
) -> None:
    frame = client.occupations.iter_soc2018(USAGE, limit=1000).to_polars()
    served = dict(zip(frame["soc_2018_code"], frame["share_pct"], strict=True))
    assert math.fsum(served.values()) == pytest.approx(100.0, abs=1e-9)
    assert served == pytest.approx(reference, abs=1e-9)
    page = client.occupations.soc2018(USAGE, q="15-125", sort="soc_2018_code")
    rows = {row.soc_2018_code: row for row in page}
    assert list(rows) == ["15-1251", "15-1252", "15-1253", "15-1254", "15-1255"]
    assert rows["15-1251"].onet_soc_2010_codes == "15-1131.00"
    assert "15-1132.00" in rows["15-1252"].onet_soc_2010_codes.split(",")
    assert "15-1132.00" in rows["15-1253"].onet_soc_2010_codes.split(",")
    assert rows["15-1252"].title == "Software Developers"
    assert rows["15-1252"].major_group_title == "Computer and Mathematical Occupations"


def test_usage_next_to_exposure_and_coverage(
    client: Client,
    raw_root: Path,
    each_release: tuple[str, dict[str, float]],
    exposure_values: dict[str, float],
) -> None:
    release, reference = each_release
    expected = reference_coverage(raw_root, reference)
    page = client.occupations.exposure(release, exposure=EXPOSURE, limit=1000)
    coverage = page.raw.coverage
    assert coverage.usage.release_id == release and coverage.exposure.release_id == EXPOSURE
    assert coverage.matched_zero_share_occupations == expected["matched_zero_share"]
    assert coverage.usage.occupations == expected["usage_occupations"]
    assert coverage.usage.unmatched_occupations == expected["usage_without_exposure"]
    assert coverage.usage.unmatched_share_pct == pytest.approx(
        expected["usage_without_exposure_share_pct"], abs=1e-9
    )
    assert coverage.exposure.occupations == expected["exposure_occupations"] == 756
    assert coverage.exposure.unmatched_occupations == 0
    assert coverage.usage.unmatched_codes == sorted(set(reference) - set(exposure_values))
    assert "no observed exposure" in coverage.usage.reason
    assert coverage.matched_share_pct == pytest.approx(
        100.0 - expected["usage_without_exposure_share_pct"], abs=1e-9
    )
    assert page.raw.exposure.release_id == EXPOSURE
    frame = page.to_polars()
    assert frame.height == page.total == len(set(reference) | set(exposure_values))
    by_code = {row["soc_2018_code"]: row for row in frame.to_dicts()}
    for code in ("15-1252", "15-1253", "15-1251", "43-9111"):
        assert by_code[code]["share_pct"] == pytest.approx(reference[code], abs=1e-9)
        assert by_code[code]["observed_exposure_fraction"] == exposure_values[code]
    missing = coverage.usage.unmatched_codes[0]
    assert by_code[missing]["observed_exposure_fraction"] is None
    assert by_code[missing]["in_exposure"] is False
    assert client.occupations.exposure_coverage(release) == coverage  # default: newest exposure


def test_match_filter_and_csv(client: Client) -> None:
    coverage = client.occupations.exposure_coverage(USAGE)
    only = client.occupations.exposure(USAGE, match="usage_only", limit=1000)
    assert {r.soc_2018_code for r in only} == set(coverage.usage.unmatched_codes)
    shares = [r.share_pct for r in only]
    assert shares == sorted(shares, reverse=True)  # default sort: -share_pct
    assert only.total == coverage.usage.unmatched_occupations
    text = client.occupations.exposure_csv(USAGE, match="both")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == coverage.matched_occupations
    assert set(rows[0]) == {
        "soc_2018_code",
        "title",
        "major_group_code",
        "share_pct",
        "observed_exposure_fraction",
        "onet_soc_2010_codes",
        "in_usage",
        "in_exposure",
    }
    assert math.fsum(float(r["share_pct"]) for r in rows) == pytest.approx(
        coverage.matched_share_pct, abs=1e-9
    )


def test_bad_requests_are_problems(client: Client, live_server: LiveServer) -> None:
    with pytest.raises(BadRequestError) as bad:
        client.occupations.exposure(USAGE, exposure="nope")
    assert bad.value.status == 400 and "exposure" in (bad.value.detail or "")
    with pytest.raises(BadRequestError):
        client.occupations.exposure(USAGE, match="some")
    with pytest.raises(NotFoundError) as missing:
        client.occupations.soc2018(EXPOSURE)
    assert missing.value.type is not None and missing.value.type.endswith("measure-not-available")
    # The occupation detail path still takes O*NET-SOC 2010 codes next to the fixed paths.
    detail = client.occupations.get(USAGE, "15-1132.00")
    assert detail.occupation.title == "Software Developers, Applications"
    with pytest.raises(NotFoundError) as unknown:
        client.occupations.get(USAGE, "15-1252.00")  # a 2019 code: not in this release
    assert "O*NET-SOC 2010" in (unknown.value.detail or "")
    links = httpx.get(live_server.url(f"/v1/releases/{USAGE}"), timeout=10).json()
    endpoints = links["release"]["links"]["endpoints"]
    assert endpoints["occupations_exposure"] == f"/v1/releases/{USAGE}/occupations/exposure"


def test_async_client_gives_the_same(client: Client, live_server: LiveServer) -> None:
    async def run() -> tuple[object, ...]:
        async with AsyncClient(live_server.base_url, max_retries=0) as aclient:
            soc = await aclient.occupations.iter_soc2018(USAGE).to_polars()
            page = await aclient.occupations.exposure(USAGE, limit=10)
            rows = await aclient.occupations.iter_exposure(USAGE, match="both").to_polars()
            coverage = await aclient.occupations.exposure_coverage(USAGE)
            text = await aclient.occupations.exposure_csv(USAGE, match="both")
            first = await aclient.occupations.soc2018(USAGE, limit=3)
            return soc, page.data, rows, coverage, text, first.data

    soc, data, rows, coverage, text, first = asyncio.run(run())
    assert soc.equals(client.occupations.iter_soc2018(USAGE).to_polars())
    assert data == client.occupations.exposure(USAGE, limit=10).data
    assert rows.equals(client.occupations.iter_exposure(USAGE, match="both").to_polars())
    assert coverage == client.occupations.exposure_coverage(USAGE)
    assert text == client.occupations.exposure_csv(USAGE, match="both")
    assert first == client.occupations.soc2018(USAGE, limit=3).data


def test_hand_worked_fixture_through_the_api(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    build_all(raw, out, recipes=[flat_task_release(raw), exposure_release(raw)])
    server = start_server(out)
    try:
        with Client(server.base_url, max_retries=0) as fixture_client:
            soc = fixture_client.occupations.iter_soc2018(USAGE).to_polars()
            shares = dict(zip(soc["soc_2018_code"], soc["share_pct"], strict=True))
            assert shares == pytest.approx(HAND_WORKED["soc2018_share_pct"], abs=1e-12)
            coverage = fixture_client.occupations.exposure_coverage(USAGE)
    finally:
        stop_server(server)
    # Exposure has 11-1011, 15-1252, 27-2011: 15-1253 (the split's second half) has none.
    assert coverage.usage.unmatched_codes == ["15-1253"]
    assert coverage.usage.unmatched_share_pct == pytest.approx(25 / 0.9, abs=1e-12)
    assert (coverage.exposure.occupations, coverage.exposure.unmatched_occupations) == (3, 0)
    assert coverage.matched_occupations == 3
    assert coverage.matched_share_pct == pytest.approx((20 + 25 + 20) / 0.9, abs=1e-12)
