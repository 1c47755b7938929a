"""``client.interaction_modes``: how people work with the AI, and automation vs augmentation."""

from __future__ import annotations

import msgspec

from econindex_api.client._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import (
    CategoryModesPage,
    CategoryModesRow,
    InteractionModes,
    OccupationModesPage,
    OccupationModesRow,
)

__all__ = ["AsyncInteractionModesResource", "InteractionModesResource"]

_MODES: msgspec.json.Decoder[InteractionModes] = msgspec.json.Decoder(InteractionModes)
_OCCUPATIONS: msgspec.json.Decoder[OccupationModesPage] = msgspec.json.Decoder(OccupationModesPage)
_CATEGORIES: msgspec.json.Decoder[CategoryModesPage] = msgspec.json.Decoder(CategoryModesPage)

Params = dict[str, str | int | float | None]


def _occupation_params(
    major_group: str | None, q: str | None, sort: str | None, limit: int | None, cursor: str | None
) -> Params:
    return {"major_group": major_group, "q": q, "sort": sort, "limit": limit, "cursor": cursor}


def _category_params(
    min_share_pct: float | None, sort: str | None, limit: int | None, cursor: str | None
) -> Params:
    return {"min_share_pct": min_share_pct, "sort": sort, "limit": limit, "cursor": cursor}


class InteractionModesResource(SyncResource):
    """Interaction modes (``GET /v1/releases/{release}/interaction-modes``): raw shares as
    published and the headline automation/augmentation split (``none`` dropped).

    Example::

        modes = client.interaction_modes.get("2025-02-10")
        {s.category: s.share_pct for s in modes.split}
    """

    def get(self, release: str = "latest") -> InteractionModes:
        """The modes of a usage release.

        Example::

            [(m.mode, m.share_pct) for m in client.interaction_modes.get("latest").data]
        """
        return self._client._get(release_path(release, "interaction-modes"), _MODES)

    def occupations(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[OccupationModesRow]:
        """One page of occupations with their mode fractions (``GET .../interaction-modes/
        occupations``; releases with per-task modes, e.g. 2025-03-27). ``filtered`` stays in.

        Example::

            page = client.interaction_modes.occupations("latest", major_group="15")
            [(o.title, o.automation_fraction) for o in page]
        """
        return self._client._get_page(
            release_path(release, "interaction-modes", "occupations"),
            _OCCUPATIONS,
            _occupation_params(major_group, q, sort, limit, cursor),
        )

    def iter_occupations(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[OccupationModesRow]:
        """Every occupation's mode fractions, page after page.

        Example::

            df = client.interaction_modes.iter_occupations("latest").to_polars()
        """
        return self._client._iter(
            release_path(release, "interaction-modes", "occupations"),
            _OCCUPATIONS,
            _occupation_params(major_group, q, sort, limit, None),
        )

    def categories(
        self,
        release: str = "latest",
        *,
        min_share_pct: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[CategoryModesRow]:
        """Mode fractions per SOC major group, filtered dropped and rescaled to 1.

        Example::

            df = client.interaction_modes.categories("latest", min_share_pct=0.5).to_polars()
        """
        return self._client._get_page(
            release_path(release, "interaction-modes", "categories"),
            _CATEGORIES,
            _category_params(min_share_pct, sort, limit, cursor),
        )


class AsyncInteractionModesResource(AsyncResource):
    """Interaction modes, for :class:`AsyncClient` (see :class:`InteractionModesResource`).

    Example::

        modes = await client.interaction_modes.get("latest")
    """

    async def get(self, release: str = "latest") -> InteractionModes:
        """The modes of a usage release (see :meth:`InteractionModesResource.get`).

        Example::

            split = (await client.interaction_modes.get("latest")).split
        """
        return await self._client._get(release_path(release, "interaction-modes"), _MODES)

    async def occupations(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[OccupationModesRow]:
        """One page of occupations (see :meth:`InteractionModesResource.occupations`).

        Example::

            page = await client.interaction_modes.occupations("latest", major_group="15")
        """
        return await self._client._get_page(
            release_path(release, "interaction-modes", "occupations"),
            _OCCUPATIONS,
            _occupation_params(major_group, q, sort, limit, cursor),
        )

    def iter_occupations(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[OccupationModesRow]:
        """Every occupation (see :meth:`InteractionModesResource.iter_occupations`).

        Example::

            rows = [o async for o in client.interaction_modes.iter_occupations("latest")]
        """
        return self._client._iter(
            release_path(release, "interaction-modes", "occupations"),
            _OCCUPATIONS,
            _occupation_params(major_group, q, sort, limit, None),
        )

    async def categories(
        self,
        release: str = "latest",
        *,
        min_share_pct: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[CategoryModesRow]:
        """Mode fractions per SOC major group (see :meth:`InteractionModesResource.categories`).

        Example::

            df = (await client.interaction_modes.categories("latest")).to_polars()
        """
        return await self._client._get_page(
            release_path(release, "interaction-modes", "categories"),
            _CATEGORIES,
            _category_params(min_share_pct, sort, limit, cursor),
        )
