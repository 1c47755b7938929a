"""``client.geographies``: usage per country and subregion (the long-format releases)."""

from __future__ import annotations

import msgspec

from econindex_api.client._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import (
    GeographyPage,
    GeographyProfile,
    GeographyRow,
    ObservationPage,
    ObservationRow,
)

__all__ = ["AsyncGeographies", "AsyncObservations", "Geographies", "Observations"]

_PAGE: msgspec.json.Decoder[GeographyPage] = msgspec.json.Decoder(GeographyPage)
_OBSERVATIONS: msgspec.json.Decoder[ObservationPage] = msgspec.json.Decoder(ObservationPage)
_PROFILE: msgspec.json.Decoder[GeographyProfile] = msgspec.json.Decoder(GeographyProfile)


def _params(
    level: str | None,
    country: str | None,
    platform: str | None,
    sort: str | None,
    limit: int | None,
    cursor: str | None = None,
    window: str | None = None,
) -> dict[str, str | int | float | None]:
    return {
        "level": level,
        "country": country,
        "platform": platform,
        "window": window,
        "sort": sort,
        "limit": limit,
        "cursor": cursor,
    }


class Geographies(SyncResource):
    """Usage per country and subregion, with the AUI (``GET
    /v1/releases/{release}/geographies``), on the long-format releases (2025-09-15 and later).

    ``level``: ``"country"`` (default) or ``"subregion"``; ``country``: ISO 3166-1 alpha-3
    (``"USA"``: that country's row, or with ``level="subregion"`` its states);
    ``platform``: ``"claude_ai"`` (default) or ``"1p_api"``; ``window``: ``"release"``
    (default: the release's own figure), ``"each"``, ``"all"`` or a window's first day;
    ``sort``: a field, ``-`` first for descending (default ``"-usage_count"``).

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
        window: str | None = None,
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
        params = _params(level, country, platform, sort, limit, cursor, window)
        return self._client._get_page(release_path(release, "geographies"), _PAGE, params)

    def iter(
        self,
        release: str = "latest",
        *,
        level: str | None = None,
        country: str | None = None,
        platform: str | None = None,
        window: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[GeographyRow]:
        """Every matching geography, page after page.

        Example::

            df = client.geographies.iter("2025-09-15", level="subregion",
                                         country="USA").to_polars()
        """
        params = _params(level, country, platform, sort, limit, window=window)
        return self._client._iter(release_path(release, "geographies"), _PAGE, params)

    def get(self, release: str, geo_id: str) -> GeographyProfile:
        """One geography's profile: usage and AUI, top tasks, collaboration on both bases,
        top request clusters against the parent, primitives, what is suppressed.

        Example::

            ca = client.geographies.get("2025-09-15", "US-CA")
            ca.usage[0].usage_per_capita_index, [t.task for t in ca.top_tasks[:3]]
        """
        return self._client._get(release_path(release, "geographies", geo_id), _PROFILE)


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
        window: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[GeographyRow]:
        """One page of geographies (see :meth:`Geographies.list`).

        Example::

            page = await client.geographies.list("2025-09-15", limit=10)
        """
        params = _params(level, country, platform, sort, limit, cursor, window)
        return await self._client._get_page(release_path(release, "geographies"), _PAGE, params)

    def iter(
        self,
        release: str = "latest",
        *,
        level: str | None = None,
        country: str | None = None,
        platform: str | None = None,
        window: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[GeographyRow]:
        """Every matching geography (see :meth:`Geographies.iter`); use with ``async for``.

        Example::

            rows = [g async for g in client.geographies.iter("2025-09-15")]
        """
        params = _params(level, country, platform, sort, limit, window=window)
        return self._client._iter(release_path(release, "geographies"), _PAGE, params)

    async def get(self, release: str, geo_id: str) -> GeographyProfile:
        """One geography's profile (see :meth:`Geographies.get`).

        Example::

            ca = await client.geographies.get("2025-09-15", "US-CA")
        """
        return await self._client._get(release_path(release, "geographies", geo_id), _PROFILE)


def _observation_params(
    platform: str | None,
    date_start: str | None,
    geo_level: str | None,
    geo_id: str | None,
    category: str | None,
    hierarchy_level: int | None,
    metric: str | None,
    node: str | None,
    base_node: str | None,
    sort: str | None,
    limit: int | None,
    cursor: str | None = None,
) -> dict[str, str | int | float | None]:
    return {
        "platform": platform,
        "date_start": date_start,
        "geo_level": geo_level,
        "geo_id": geo_id,
        "category": category,
        "hierarchy_level": hierarchy_level,
        "metric": metric,
        "node": node,
        "base_node": base_node,
        "sort": sort,
        "limit": limit,
        "cursor": cursor,
    }


class Observations(SyncResource):
    """Every value a long-format release publishes (``GET
    /v1/releases/{release}/observations``), one row per upstream row with canonical ids.

    Filters (optional, combined with AND, each an exact value): ``platform``
    (``"claude_ai"``, ``"1p_api"``), ``date_start`` (a window's first day), ``geo_level``
    (``"global"``, ``"country"``, ``"subregion"``), ``geo_id`` (canonical: ``"GLOBAL"``,
    ``"USA"``, ``"US-CA"``), ``category`` (upstream facet, e.g. ``"onet_task"``),
    ``hierarchy_level``, ``metric`` (e.g. ``"onet_task_pct"``), ``node`` (node_name),
    ``base_node``. ``sort``: ``"value"`` or ``"-value"`` (default: the key order).

    Example::

        df = client.observations.iter("2025-09-15", geo_id="US-CA",
                                      category="collaboration").to_polars()
    """

    def list(
        self,
        release: str = "latest",
        *,
        platform: str | None = None,
        date_start: str | None = None,
        geo_level: str | None = None,
        geo_id: str | None = None,
        category: str | None = None,
        hierarchy_level: int | None = None,
        metric: str | None = None,
        node: str | None = None,
        base_node: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[ObservationRow]:
        """One page of observations; ``.next_page()`` fetches the next.

        Example::

            page = client.observations.list("2025-09-15", geo_id="USA", metric="usage_pct")
        """
        params = _observation_params(
            platform,
            date_start,
            geo_level,
            geo_id,
            category,
            hierarchy_level,
            metric,
            node,
            base_node,
            sort,
            limit,
            cursor,
        )
        return self._client._get_page(release_path(release, "observations"), _OBSERVATIONS, params)

    def iter(
        self,
        release: str = "latest",
        *,
        platform: str | None = None,
        date_start: str | None = None,
        geo_level: str | None = None,
        geo_id: str | None = None,
        category: str | None = None,
        hierarchy_level: int | None = None,
        metric: str | None = None,
        node: str | None = None,
        base_node: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[ObservationRow]:
        """Every matching observation, page after page.

        Example::

            df = client.observations.iter("2025-09-15", geo_id="US-CA").to_polars()
        """
        params = _observation_params(
            platform,
            date_start,
            geo_level,
            geo_id,
            category,
            hierarchy_level,
            metric,
            node,
            base_node,
            sort,
            limit,
        )
        return self._client._iter(release_path(release, "observations"), _OBSERVATIONS, params)


class AsyncObservations(AsyncResource):
    """Every published value, for :class:`AsyncClient` (see :class:`Observations`).

    Example::

        df = await client.observations.iter("2025-09-15", geo_id="US-CA").to_polars()
    """

    async def list(
        self,
        release: str = "latest",
        *,
        platform: str | None = None,
        date_start: str | None = None,
        geo_level: str | None = None,
        geo_id: str | None = None,
        category: str | None = None,
        hierarchy_level: int | None = None,
        metric: str | None = None,
        node: str | None = None,
        base_node: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[ObservationRow]:
        """One page of observations (see :meth:`Observations.list`).

        Example::

            page = await client.observations.list("2025-09-15", geo_id="USA")
        """
        params = _observation_params(
            platform,
            date_start,
            geo_level,
            geo_id,
            category,
            hierarchy_level,
            metric,
            node,
            base_node,
            sort,
            limit,
            cursor,
        )
        path = release_path(release, "observations")
        return await self._client._get_page(path, _OBSERVATIONS, params)

    def iter(
        self,
        release: str = "latest",
        *,
        platform: str | None = None,
        date_start: str | None = None,
        geo_level: str | None = None,
        geo_id: str | None = None,
        category: str | None = None,
        hierarchy_level: int | None = None,
        metric: str | None = None,
        node: str | None = None,
        base_node: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[ObservationRow]:
        """Every matching observation (see :meth:`Observations.iter`); ``async for``.

        Example::

            rows = [o async for o in client.observations.iter("2025-09-15", geo_id="USA")]
        """
        params = _observation_params(
            platform,
            date_start,
            geo_level,
            geo_id,
            category,
            hierarchy_level,
            metric,
            node,
            base_node,
            sort,
            limit,
        )
        return self._client._iter(release_path(release, "observations"), _OBSERVATIONS, params)
