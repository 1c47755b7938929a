"""``client.occupations``: occupations with their share of conversations (or exposure)."""

from __future__ import annotations

import msgspec

from econindex_api._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage
from econindex_api.models import (
    OccupationExposureDetail,
    OccupationExposurePage,
    OccupationExposureRow,
    OccupationUsageDetail,
    OccupationUsagePage,
    OccupationUsageRow,
)
from econindex_api.resources._base import AsyncResource, SyncResource, release_path

__all__ = ["AsyncOccupations", "OccupationDetail", "OccupationRow", "Occupations"]

OccupationRow = OccupationUsageRow | OccupationExposureRow
"""A row of ``occupations``: :class:`OccupationUsageRow` on usage releases,
:class:`OccupationExposureRow` on the exposure release."""
OccupationDetail = OccupationUsageDetail | OccupationExposureDetail

_PAGE: msgspec.json.Decoder[OccupationUsagePage | OccupationExposurePage] = msgspec.json.Decoder(
    OccupationUsagePage | OccupationExposurePage
)
_DETAIL: msgspec.json.Decoder[OccupationUsageDetail | OccupationExposureDetail] = (
    msgspec.json.Decoder(OccupationUsageDetail | OccupationExposureDetail)
)


def _params(
    major_group: str | None,
    q: str | None,
    min_wage_usd: float | None,
    max_wage_usd: float | None,
    sort: str | None,
    limit: int | None,
    cursor: str | None = None,
) -> dict[str, str | int | float | None]:
    return {
        "major_group": major_group,
        "q": q,
        "min_wage_usd": min_wage_usd,
        "max_wage_usd": max_wage_usd,
        "sort": sort,
        "limit": limit,
        "cursor": cursor,
    }


class Occupations(SyncResource):
    """Occupations and their usage (``GET /v1/releases/{release}/occupations``).

    Filters (optional, combined with AND): ``major_group`` (``"15"`` or ``"15-0000"``),
    ``q`` (case-insensitive text in the title), ``min_wage_usd`` / ``max_wage_usd`` (median
    annual wage range, US dollars). ``sort`` names a field, ``-`` first for descending.

    Example::

        page = client.occupations.list(release="latest", major_group="15", limit=100)
        df = page.to_polars()
    """

    def list(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        min_wage_usd: float | None = None,
        max_wage_usd: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[OccupationRow]:
        """One page of occupations; ``.next_page()`` fetches the next.

        Example::

            top = client.occupations.list("2025-02-10", sort="-share_pct", limit=10)
            [(o.title, o.share_pct) for o in top]
        """
        params = _params(major_group, q, min_wage_usd, max_wage_usd, sort, limit, cursor)
        return self._client._get_page(release_path(release, "occupations"), _PAGE, params)

    def iter(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        min_wage_usd: float | None = None,
        max_wage_usd: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[OccupationRow]:
        """Every matching occupation, page after page.

        Example::

            df = client.occupations.iter("latest", min_wage_usd=100_000).to_polars()
        """
        params = _params(major_group, q, min_wage_usd, max_wage_usd, sort, limit)
        return self._client._iter(release_path(release, "occupations"), _PAGE, params)

    def get(self, release: str, code: str) -> OccupationDetail:
        """One occupation with its tasks and their shares (usage releases), or its observed
        exposure (the exposure release, where ``code`` is a 6-digit SOC code).

        Example::

            detail = client.occupations.get("2025-02-10", "15-1132.00")
            detail.occupation.share_pct, len(detail.tasks)
        """
        return self._client._get(release_path(release, "occupations", code), _DETAIL)


class AsyncOccupations(AsyncResource):
    """Occupations and their usage, for :class:`AsyncClient` (see :class:`Occupations`).

    Example::

        page = await client.occupations.list("latest", major_group="15")
    """

    async def list(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        min_wage_usd: float | None = None,
        max_wage_usd: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[OccupationRow]:
        """One page of occupations (see :meth:`Occupations.list`).

        Example::

            page = await client.occupations.list("latest", limit=100)
        """
        params = _params(major_group, q, min_wage_usd, max_wage_usd, sort, limit, cursor)
        return await self._client._get_page(release_path(release, "occupations"), _PAGE, params)

    def iter(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        min_wage_usd: float | None = None,
        max_wage_usd: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[OccupationRow]:
        """Every matching occupation (see :meth:`Occupations.iter`); use with ``async for``.

        Example::

            df = await client.occupations.iter("latest", major_group="15").to_polars()
        """
        params = _params(major_group, q, min_wage_usd, max_wage_usd, sort, limit)
        return self._client._iter(release_path(release, "occupations"), _PAGE, params)

    async def get(self, release: str, code: str) -> OccupationDetail:
        """One occupation (see :meth:`Occupations.get`).

        Example::

            detail = await client.occupations.get("2025-02-10", "15-1132.00")
        """
        return await self._client._get(release_path(release, "occupations", code), _DETAIL)
