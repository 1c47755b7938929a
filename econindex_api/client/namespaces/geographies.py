"""``client.geographies``: usage per country and subregion (the long-format releases)."""

from __future__ import annotations

import msgspec

from econindex_api.client._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import GeographyPage, GeographyRow

__all__ = ["AsyncGeographies", "Geographies"]

_PAGE: msgspec.json.Decoder[GeographyPage] = msgspec.json.Decoder(GeographyPage)


def _params(
    level: str | None,
    country: str | None,
    platform: str | None,
    sort: str | None,
    limit: int | None,
    cursor: str | None = None,
) -> dict[str, str | int | float | None]:
    return {
        "level": level,
        "country": country,
        "platform": platform,
        "sort": sort,
        "limit": limit,
        "cursor": cursor,
    }


class Geographies(SyncResource):
    """Usage per country and subregion, with the AUI (``GET
    /v1/releases/{release}/geographies``), on the long-format releases (2025-09-15 and later).

    ``level``: ``"country"`` (default) or ``"subregion"``; ``country``: ISO 3166-1 alpha-3
    (``"USA"``: that country's row, or with ``level="subregion"`` its states);
    ``platform``: ``"claude_ai"`` (default) or ``"1p_api"``; ``sort``: a field, ``-`` first
    for descending (default ``"-usage_count"``).

    Example::

        states = client.geographies.iter("2025-09-15", level="subregion", country="USA")
        df = states.to_polars()   # geo_id US-CA..., usage_pct, usage_per_capita_index, tier
    """

    def list(
        self,
        release: str = "latest",
        *,
        level: str | None = None,
        country: str | None = None,
        platform: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[GeographyRow]:
        """One page of geographies; ``.next_page()`` fetches the next.

        Example::

            page = client.geographies.list("2025-09-15", sort="-usage_per_capita_index",
                                           limit=10)
            [(g.geo_id, g.usage_per_capita_index) for g in page.data]
        """
        params = _params(level, country, platform, sort, limit, cursor)
        return self._client._get_page(release_path(release, "geographies"), _PAGE, params)

    def iter(
        self,
        release: str = "latest",
        *,
        level: str | None = None,
        country: str | None = None,
        platform: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[GeographyRow]:
        """Every matching geography, page after page.

        Example::

            df = client.geographies.iter("2025-09-15", level="subregion",
                                         country="USA").to_polars()
        """
        params = _params(level, country, platform, sort, limit)
        return self._client._iter(release_path(release, "geographies"), _PAGE, params)


class AsyncGeographies(AsyncResource):
    """Usage per geography, for :class:`AsyncClient` (see :class:`Geographies`).

    Example::

        df = await client.geographies.iter("2025-09-15", level="subregion",
                                           country="USA").to_polars()
    """

    async def list(
        self,
        release: str = "latest",
        *,
        level: str | None = None,
        country: str | None = None,
        platform: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[GeographyRow]:
        """One page of geographies (see :meth:`Geographies.list`).

        Example::

            page = await client.geographies.list("2025-09-15", limit=10)
        """
        params = _params(level, country, platform, sort, limit, cursor)
        return await self._client._get_page(release_path(release, "geographies"), _PAGE, params)

    def iter(
        self,
        release: str = "latest",
        *,
        level: str | None = None,
        country: str | None = None,
        platform: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[GeographyRow]:
        """Every matching geography (see :meth:`Geographies.iter`); use with ``async for``.

        Example::

            rows = [g async for g in client.geographies.iter("2025-09-15")]
        """
        params = _params(level, country, platform, sort, limit)
        return self._client._iter(release_path(release, "geographies"), _PAGE, params)
