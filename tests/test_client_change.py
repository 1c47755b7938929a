"""client.compare and client.series (sync and async) against the real server on the real build.

Expected values: the server's plain JSON (read with httpx) and the published CSV files, through
the plain-Python helpers of test_api_change.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from econindex_api import AsyncClient, BadRequestError, Client, NotFoundError
from econindex_api.models import ChangeRow, SeriesSet
from tests.conftest import LiveServer
from tests.test_api_change import category_shares, plain_change, usage_ids


def test_compare_pages_iterators_and_polars(live_server: LiveServer, published_root: Path) -> None:
    ids = usage_ids(published_root)
    first, last = ids[0], ids[-1]
    expected = plain_change(
        category_shares(published_root, first), category_shares(published_root, last)
    )
    with Client(live_server.base_url) as client:
        page = client.compare.categories(first, last, limit=5)
        assert len(page) == 5 and page.total == len(expected)
        assert all(isinstance(r, ChangeRow) for r in page)
        for row in page:
            assert row.change == pytest.approx(expected[row.key][2], abs=1e-9)
        assert page.raw.from_provenance.release_id == first
        assert page.raw.to_provenance.release_id == last
        frame = client.compare.iter("categories", first, last, limit=4).to_polars()
        assert frame.height == len(expected)
        assert frame.columns[:2] == ["key", "title"]
        assert dict(zip(frame["key"], frame["to_value"], strict=True)) == {
            k: pytest.approx(v[1]) if v[1] is not None else None for k, v in expected.items()
        }
        tasks = client.compare.iter("tasks", first, last, limit=1000)
        assert sum(1 for _ in tasks) >= 19_530
        occupations = client.compare.occupations(first, last, major_group="15", sort="key")
        assert all(r.major_group_code == "15-0000" for r in occupations)
        modes = client.compare.interaction_modes(first, last)
        assert {r.key for r in modes if r.level == "split"} == {"automation", "augmentation"}
        assert len(client.compare.depth(first, last, thresholds=[0.25, 0.75])) == 2
        bands = client.compare.wage_bands(first, last, edges=[50_000], sort="key")
        assert [r.key for r in bands] == ["[-inf, 50000)", "[50000, inf)", "no wage"]
        with pytest.raises(BadRequestError) as err:
            client.compare.categories(first, "labor-market-impacts")
        assert err.value.type.endswith("/incomparable-releases")
        with pytest.raises(NotFoundError):
            client.compare.categories("1999-01-01", last)
        with pytest.raises(ValueError):
            client.compare.iter("nonsense", first, last)


def test_series_sync_equals_the_json_and_async_equals_sync(
    live_server: LiveServer, published_root: Path
) -> None:
    ids = usage_ids(published_root)
    with Client(live_server.base_url) as client:
        category = client.series.categories("15")
        assert isinstance(category, SeriesSet)
        raw = httpx.get(live_server.url("/v1/series/categories/15")).json()
        assert [p.value for p in category.series[0].data] == [
            p["value"] for p in raw["series"][0]["data"]
        ]
        assert [p.release_id for p in category.series[0].data] == ids
        sync = {
            "category": category,
            "occupation": client.series.occupations("15-1132.00"),
            "task": client.series.tasks(8823),
            "modes": client.series.interaction_modes(),
            "depth": client.series.depth(thresholds=[0.5]),
            "compare": client.compare.tasks(ids[0], ids[-1], q="debug").data,
        }
        with pytest.raises(NotFoundError):
            client.series.occupations("99-9999.99")

    async def run() -> dict[str, object]:
        async with AsyncClient(live_server.base_url) as client:
            page = await client.compare.tasks(ids[0], ids[-1], q="debug")
            rows = [r async for r in client.compare.iter("tasks", ids[0], ids[-1], q="debug")]
            assert rows == page.data
            return {
                "category": await client.series.categories("15"),
                "occupation": await client.series.occupations("15-1132.00"),
                "task": await client.series.tasks(8823),
                "modes": await client.series.interaction_modes(),
                "depth": await client.series.depth(thresholds=[0.5]),
                "compare": page.data,
            }

    assert asyncio.run(run()) == sync
