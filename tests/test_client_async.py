"""The asynchronous client gives exactly what the blocking client gives, method by method."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from econindex_api import AsyncClient, AsyncPage, AsyncPageIterator, Client, NotFoundError
from tests.conftest import LiveServer
from tests.test_client_api import EXPOSURE, USAGE


def _sync_results(client: Client, dest: Path) -> dict[str, Any]:
    page = client.occupations.list(USAGE, major_group="15", limit=20)
    second = page.next_page()
    assert second is not None
    return {
        "health": client.health(),
        "releases": client.releases.list(),
        "release": client.releases.get("latest"),
        "occupations": (page.data, page.total, page.next_cursor),
        "occupations_2": second.data,
        "occupations_frame": client.occupations.iter(USAGE, q="engineers", limit=50).to_polars(),
        "exposure": list(client.occupations.iter(EXPOSURE, major_group="15")),
        "occupation": client.occupations.get(USAGE, "15-1132.00"),
        "tasks": list(client.tasks.iter(USAGE, q="software", limit=200)),
        "task": client.tasks.get(USAGE, 16363),
        "categories": client.categories.list(USAGE).data,
        "wage_bands": client.wage_bands.get(USAGE, quantiles=[0.2, 0.8]),
        "depth": client.depth.get(USAGE, thresholds=[0.1, 0.9]),
        "modes": client.interaction_modes.get(USAGE),
        "datapackage": client.packages.datapackage(USAGE),
        "table": client.packages.download_resource(USAGE, "category_usage", dest=dest).read_bytes(),
    }


async def _async_results(client: AsyncClient, dest: Path) -> dict[str, Any]:
    page = await client.occupations.list(USAGE, major_group="15", limit=20)
    assert isinstance(page, AsyncPage)
    second = await page.next_page()
    assert second is not None
    iterator = client.occupations.iter(USAGE, q="engineers", limit=50)
    assert isinstance(iterator, AsyncPageIterator)
    table = await client.packages.download_resource(USAGE, "category_usage", dest=dest)
    return {
        "health": await client.health(),
        "releases": await client.releases.list(),
        "release": await client.releases.get("latest"),
        "occupations": (page.data, page.total, page.next_cursor),
        "occupations_2": second.data,
        "occupations_frame": await iterator.to_polars(),
        "exposure": [o async for o in client.occupations.iter(EXPOSURE, major_group="15")],
        "occupation": await client.occupations.get(USAGE, "15-1132.00"),
        "tasks": [t async for t in client.tasks.iter(USAGE, q="software", limit=200)],
        "task": await client.tasks.get(USAGE, 16363),
        "categories": (await client.categories.list(USAGE)).data,
        "wage_bands": await client.wage_bands.get(USAGE, quantiles=[0.2, 0.8]),
        "depth": await client.depth.get(USAGE, thresholds=[0.1, 0.9]),
        "modes": await client.interaction_modes.get(USAGE),
        "datapackage": await client.packages.datapackage(USAGE),
        "table": table.read_bytes(),
    }


def test_async_client_gives_the_same_results(live_server: LiveServer, tmp_path: Path) -> None:
    with Client(live_server.base_url) as client:
        expected = _sync_results(client, tmp_path / "sync")

    async def main() -> dict[str, Any]:
        async with AsyncClient(live_server.base_url) as client:
            return await _async_results(client, tmp_path / "async")

    got = asyncio.run(main())
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, pl.DataFrame):
            assert value.height > 0
            assert_frame_equal(got[key], value)
        else:
            assert got[key] == value, key
    assert len(expected["tasks"]) > 200  # more than one page was walked
    assert len(expected["exposure"]) > 0


def test_async_errors_map_like_the_sync_ones(live_server: LiveServer) -> None:
    async def main() -> None:
        async with AsyncClient(live_server.base_url) as client:
            await client.occupations.get(USAGE, "99-9999.99")

    with pytest.raises(NotFoundError) as info:
        asyncio.run(main())
    with Client(live_server.base_url) as client, pytest.raises(NotFoundError) as sync_info:
        client.occupations.get(USAGE, "99-9999.99")
    assert (info.value.status, info.value.type, info.value.detail, info.value.url) == (
        sync_info.value.status,
        sync_info.value.type,
        sync_info.value.detail,
        sync_info.value.url,
    )
