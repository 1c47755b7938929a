"""``client.occupations``: occupations with their share of conversations (or exposure).

Taxonomies: ``list``/``iter``/``get`` on a usage release key occupations by **O*NET-SOC
2010** codes (``15-1132.00``, as in the release's task statements); on the exposure release
by 6-digit **2018 SOC** codes (``15-1252``). ``soc2018``/``iter_soc2018`` give a usage
release's shares by 2018 SOC code (through the official O*NET crosswalks), and
``exposure``/``iter_exposure``/``exposure_csv`` put them next to observed exposure.
"""

from __future__ import annotations

import msgspec

from econindex_api.client._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage
from econindex_api.client._transport import CSV
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import (
    OccupationExposureDetail,
    OccupationExposurePage,
    OccupationExposureRow,
    OccupationSoc2018Page,
    OccupationSoc2018Row,
    OccupationUsageDetail,
    OccupationUsagePage,
    OccupationUsageRow,
    UsageExposureCoverage,
    UsageExposurePage,
    UsageExposureRow,
)

__all__ = ["AsyncOccupations", "OccupationDetail", "OccupationRow", "Occupations"]

OccupationRow = OccupationUsageRow | OccupationExposureRow
"""A row of ``occupations``: :class:`OccupationUsageRow` on usage releases,
:class:`OccupationExposureRow` on the exposure release."""
OccupationDetail = OccupationUsageDetail | OccupationExposureDetail

_PAGE: msgspec.json.Decoder[OccupationUsagePage | OccupationExposurePage] = msgspec.json.Decoder(
    OccupationUsagePage | OccupationExposurePage
)
_SOC2018_PAGE = msgspec.json.Decoder(OccupationSoc2018Page)
_EXPOSURE_PAGE = msgspec.json.Decoder(UsageExposurePage)
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


def _soc2018_params(
    major_group: str | None,
    q: str | None,
    sort: str | None,
    limit: int | None,
    cursor: str | None = None,
) -> dict[str, str | int | float | None]:
    return {"major_group": major_group, "q": q, "sort": sort, "limit": limit, "cursor": cursor}


def _exposure_params(
    exposure: str | None,
    match: str | None,
    major_group: str | None,
    q: str | None,
    sort: str | None,
    limit: int | None,
    cursor: str | None = None,
) -> dict[str, str | int | float | None]:
    return {
        "exposure": exposure,
        "match": match,
        **_soc2018_params(major_group, q, sort, limit, cursor),
    }


class Occupations(SyncResource):
    """Occupations and their usage (``GET /v1/releases/{release}/occupations``).

    Codes: O*NET-SOC 2010 on usage releases (``15-1132.00``), 6-digit 2018 SOC on the
    exposure release (``15-1252``); 2018 SOC views of usage: :meth:`soc2018`, :meth:`exposure`.

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
        """One occupation with its tasks and their shares (usage releases, where ``code`` is
        an O*NET-SOC 2010 code), or its observed exposure (the exposure release, where
        ``code`` is a 6-digit 2018 SOC code).

        Example::

            detail = client.occupations.get("2025-02-10", "15-1132.00")
            detail.occupation.share_pct, len(detail.tasks)
        """
        return self._client._get(release_path(release, "occupations", code), _DETAIL)

    def soc2018(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[OccupationSoc2018Row]:
        """One page of a usage release's occupation shares keyed by 6-digit 2018 SOC code
        (``GET .../occupations/soc2018``), each row naming the O*NET-SOC 2010 codes that fed it.

        Example::

            page = client.occupations.soc2018("2025-02-10", major_group="15", limit=5)
            [(o.soc_2018_code, o.share_pct, o.onet_soc_2010_codes) for o in page]
        """
        params = _soc2018_params(major_group, q, sort, limit, cursor)
        return self._client._get_page(
            release_path(release, "occupations", "soc2018"), _SOC2018_PAGE, params
        )

    def iter_soc2018(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[OccupationSoc2018Row]:
        """Every 2018 SOC occupation of a usage release, page after page.

        Example::

            df = client.occupations.iter_soc2018("latest").to_polars()
            df["share_pct"].sum()   # 100
        """
        params = _soc2018_params(major_group, q, sort, limit)
        return self._client._iter(
            release_path(release, "occupations", "soc2018"), _SOC2018_PAGE, params
        )

    def exposure(
        self,
        release: str = "latest",
        *,
        exposure: str | None = None,
        match: str | None = None,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[UsageExposureRow]:
        """One page of usage next to exposure per 2018 SOC occupation
        (``GET .../occupations/exposure``). ``exposure`` names the exposure release (default:
        the newest); ``match`` is ``all``, ``both``, ``usage_only`` or ``exposure_only``.
        ``page.raw.coverage`` has the coverage of the whole join; ``page.raw.exposure`` the
        exposure release's provenance.

        Example::

            page = client.occupations.exposure("2025-02-10", exposure="labor-market-impacts")
            cov = page.raw.coverage
            cov.usage.unmatched_occupations, cov.usage.unmatched_share_pct, cov.usage.reason
        """
        params = _exposure_params(exposure, match, major_group, q, sort, limit, cursor)
        return self._client._get_page(
            release_path(release, "occupations", "exposure"), _EXPOSURE_PAGE, params
        )

    def iter_exposure(
        self,
        release: str = "latest",
        *,
        exposure: str | None = None,
        match: str | None = None,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[UsageExposureRow]:
        """Every row of usage next to exposure, page after page.

        Example::

            df = client.occupations.iter_exposure("latest", match="both").to_polars()
            df.filter(pl.col("in_exposure")).height
        """
        params = _exposure_params(exposure, match, major_group, q, sort, limit)
        return self._client._iter(
            release_path(release, "occupations", "exposure"), _EXPOSURE_PAGE, params
        )

    def exposure_coverage(
        self, release: str = "latest", *, exposure: str | None = None
    ) -> UsageExposureCoverage:
        """Coverage of the usage-exposure join: occupations and share on each side without a
        partner, their codes and why.

        Example::

            cov = client.occupations.exposure_coverage("2025-02-10")
            cov.matched_share_pct, cov.exposure.unmatched_occupations
        """
        page = self.exposure(release, exposure=exposure, limit=1)
        coverage: UsageExposureCoverage = page.raw.coverage
        return coverage

    def exposure_csv(
        self,
        release: str = "latest",
        *,
        exposure: str | None = None,
        match: str | None = None,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
    ) -> str:
        """Every row of usage next to exposure as CSV text (``format=csv``).

        Example::

            text = client.occupations.exposure_csv("2025-02-10", match="both")
            Path("usage_exposure.csv").write_text(text)
        """
        params = _exposure_params(exposure, match, major_group, q, sort, None)
        answer = self._client._fetch(
            release_path(release, "occupations", "exposure"), params, accept=CSV
        )
        return answer.body.decode("utf-8")


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

    async def soc2018(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[OccupationSoc2018Row]:
        """One page of occupation shares by 2018 SOC code (see :meth:`Occupations.soc2018`).

        Example::

            page = await client.occupations.soc2018("2025-02-10", limit=5)
        """
        params = _soc2018_params(major_group, q, sort, limit, cursor)
        return await self._client._get_page(
            release_path(release, "occupations", "soc2018"), _SOC2018_PAGE, params
        )

    def iter_soc2018(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[OccupationSoc2018Row]:
        """Every 2018 SOC occupation (see :meth:`Occupations.iter_soc2018`).

        Example::

            df = await client.occupations.iter_soc2018("latest").to_polars()
        """
        params = _soc2018_params(major_group, q, sort, limit)
        return self._client._iter(
            release_path(release, "occupations", "soc2018"), _SOC2018_PAGE, params
        )

    async def exposure(
        self,
        release: str = "latest",
        *,
        exposure: str | None = None,
        match: str | None = None,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[UsageExposureRow]:
        """One page of usage next to exposure (see :meth:`Occupations.exposure`).

        Example::

            page = await client.occupations.exposure("latest", exposure="labor-market-impacts")
            page.raw.coverage.usage.unmatched_share_pct
        """
        params = _exposure_params(exposure, match, major_group, q, sort, limit, cursor)
        return await self._client._get_page(
            release_path(release, "occupations", "exposure"), _EXPOSURE_PAGE, params
        )

    def iter_exposure(
        self,
        release: str = "latest",
        *,
        exposure: str | None = None,
        match: str | None = None,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[UsageExposureRow]:
        """Every row of usage next to exposure (see :meth:`Occupations.iter_exposure`).

        Example::

            df = await client.occupations.iter_exposure("latest").to_polars()
        """
        params = _exposure_params(exposure, match, major_group, q, sort, limit)
        return self._client._iter(
            release_path(release, "occupations", "exposure"), _EXPOSURE_PAGE, params
        )

    async def exposure_coverage(
        self, release: str = "latest", *, exposure: str | None = None
    ) -> UsageExposureCoverage:
        """Coverage of the usage-exposure join (see :meth:`Occupations.exposure_coverage`).

        Example::

            cov = await client.occupations.exposure_coverage("2025-02-10")
        """
        page = await self.exposure(release, exposure=exposure, limit=1)
        coverage: UsageExposureCoverage = page.raw.coverage
        return coverage

    async def exposure_csv(
        self,
        release: str = "latest",
        *,
        exposure: str | None = None,
        match: str | None = None,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
    ) -> str:
        """Every row of usage next to exposure as CSV text (see
        :meth:`Occupations.exposure_csv`).

        Example::

            text = await client.occupations.exposure_csv("2025-02-10")
        """
        params = _exposure_params(exposure, match, major_group, q, sort, None)
        answer = await self._client._fetch(
            release_path(release, "occupations", "exposure"), params, accept=CSV
        )
        return answer.body.decode("utf-8")
