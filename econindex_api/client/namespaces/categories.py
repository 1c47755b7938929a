"""``client.categories``: share of conversations per SOC major group next to its workforce."""

from __future__ import annotations

import msgspec

from econindex_api.client._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import CategoryPage, CategoryRow

__all__ = ["AsyncCategories", "Categories"]

_PAGE: msgspec.json.Decoder[CategoryPage] = msgspec.json.Decoder(CategoryPage)


def _params(
    sort: str | None, limit: int | None, cursor: str | None = None
) -> dict[str, str | int | None]:
    return {"sort": sort, "limit": limit, "cursor": cursor}


class Categories(SyncResource):
    """SOC major groups: share of conversations and share of US employment
    (``GET /v1/releases/{release}/categories``).

    Example::

        df = client.categories.list("2025-02-10").to_polars()
        df.select("major_group_title", "share_pct", "workforce_pct")
    """

    def list(
        self,
        release: str = "latest",
        *,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[CategoryRow]:
        """One page of major groups (there are fewer than the default page size).

        Example::

            page = client.categories.list("latest", sort="-share_pct")
            page[0].major_group_title
        """
        return self._client._get_page(
            release_path(release, "categories"), _PAGE, _params(sort, limit, cursor)
        )

    def iter(
        self, release: str = "latest", *, sort: str | None = None, limit: int | None = None
    ) -> PageIterator[CategoryRow]:
        """Every major group, page after page.

        Example::

            sum(c.share_pct for c in client.categories.iter("latest"))   # 100.0
        """
        return self._client._iter(release_path(release, "categories"), _PAGE, _params(sort, limit))


class AsyncCategories(AsyncResource):
    """SOC major groups, for :class:`AsyncClient` (see :class:`Categories`).

    Example::

        page = await client.categories.list("latest")
    """

    async def list(
        self,
        release: str = "latest",
        *,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[CategoryRow]:
        """One page of major groups (see :meth:`Categories.list`).

        Example::

            df = (await client.categories.list("latest")).to_polars()
        """
        return await self._client._get_page(
            release_path(release, "categories"), _PAGE, _params(sort, limit, cursor)
        )

    def iter(
        self, release: str = "latest", *, sort: str | None = None, limit: int | None = None
    ) -> AsyncPageIterator[CategoryRow]:
        """Every major group (see :meth:`Categories.iter`); use with ``async for``.

        Example::

            rows = [c async for c in client.categories.iter("latest")]
        """
        return self._client._iter(release_path(release, "categories"), _PAGE, _params(sort, limit))
