"""``client.primitives``: artifacts, use cases and the economic primitives per geography
(2026-01-15 and later)."""

from __future__ import annotations

from typing import Any

import msgspec

from econindex_api.client._pagination import AsyncPageIterator, PageIterator
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import ArtifactPage, ArtifactRow, PrimitivePage, PrimitiveRow

__all__ = ["AsyncPrimitives", "Primitives"]

_ARTIFACTS: msgspec.json.Decoder[ArtifactPage] = msgspec.json.Decoder(ArtifactPage)
_PRIMITIVES: msgspec.json.Decoder[PrimitivePage] = msgspec.json.Decoder(PrimitivePage)


def _params(**values: Any) -> dict[str, str | int | float | None]:
    return {k: v for k, v in values.items() if v is not None}


class Primitives(SyncResource):
    """What the 2026 releases add per geography and window. Filters (optional, exact):
    ``platform``, ``geo_level``, ``geo_id``; ``window``: ``"release"`` (default: the
    release's own figure, the unweighted mean where it holds two months), ``"each"``,
    ``"all"`` or a window's first day.

    Example::

        df = client.primitives.use_cases("2026-06-26", geo_id="USA").to_polars()
        art = client.primitives.artifacts("2026-06-26", geo_id="GLOBAL").to_polars()
        times = client.primitives.iter("2026-06-26", primitive="human_only_time").to_polars()
    """

    def iter(
        self,
        release: str = "latest",
        *,
        primitive: str | None = None,
        statistic: str | None = None,
        platform: str | None = None,
        geo_level: str | None = None,
        geo_id: str | None = None,
        window: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[PrimitiveRow]:
        """Every published statistic of the primitives (``GET .../primitives``)."""
        params = _params(
            primitive=primitive,
            statistic=statistic,
            platform=platform,
            geo_level=geo_level,
            geo_id=geo_id,
            window=window,
            limit=limit,
        )
        return self._client._iter(release_path(release, "primitives"), _PRIMITIVES, params)

    def use_cases(
        self,
        release: str = "latest",
        *,
        platform: str | None = None,
        geo_level: str | None = None,
        geo_id: str | None = None,
        window: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[PrimitiveRow]:
        """Share of conversations per use case (``GET .../use-cases``)."""
        params = _params(
            platform=platform, geo_level=geo_level, geo_id=geo_id, window=window, limit=limit
        )
        return self._client._iter(release_path(release, "use-cases"), _PRIMITIVES, params)

    def artifacts(
        self,
        release: str = "latest",
        *,
        platform: str | None = None,
        geo_level: str | None = None,
        geo_id: str | None = None,
        window: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[ArtifactRow]:
        """Share of conversations per artifact type (``GET .../artifacts``, 2026-06-26)."""
        params = _params(
            platform=platform, geo_level=geo_level, geo_id=geo_id, window=window, limit=limit
        )
        return self._client._iter(release_path(release, "artifacts"), _ARTIFACTS, params)


class AsyncPrimitives(AsyncResource):
    """The primitives, for :class:`AsyncClient` (see :class:`Primitives`).

    Example::

        df = await client.primitives.use_cases("2026-06-26").to_polars()
    """

    def iter(
        self,
        release: str = "latest",
        *,
        primitive: str | None = None,
        statistic: str | None = None,
        platform: str | None = None,
        geo_level: str | None = None,
        geo_id: str | None = None,
        window: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[PrimitiveRow]:
        """See :meth:`Primitives.iter`; use with ``async for``."""
        params = _params(
            primitive=primitive,
            statistic=statistic,
            platform=platform,
            geo_level=geo_level,
            geo_id=geo_id,
            window=window,
            limit=limit,
        )
        return self._client._iter(release_path(release, "primitives"), _PRIMITIVES, params)

    def use_cases(
        self,
        release: str = "latest",
        *,
        platform: str | None = None,
        geo_level: str | None = None,
        geo_id: str | None = None,
        window: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[PrimitiveRow]:
        """See :meth:`Primitives.use_cases`."""
        params = _params(
            platform=platform, geo_level=geo_level, geo_id=geo_id, window=window, limit=limit
        )
        return self._client._iter(release_path(release, "use-cases"), _PRIMITIVES, params)

    def artifacts(
        self,
        release: str = "latest",
        *,
        platform: str | None = None,
        geo_level: str | None = None,
        geo_id: str | None = None,
        window: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[ArtifactRow]:
        """See :meth:`Primitives.artifacts`."""
        params = _params(
            platform=platform, geo_level=geo_level, geo_id=geo_id, window=window, limit=limit
        )
        return self._client._iter(release_path(release, "artifacts"), _ARTIFACTS, params)
