"""``client.releases``: the catalog of published releases and one release in detail."""

from __future__ import annotations

import msgspec

from econindex_api.models import ReleaseDetail, ReleaseList
from econindex_api.resources._base import AsyncResource, SyncResource, release_path

__all__ = ["AsyncReleases", "Releases"]

_LIST: msgspec.json.Decoder[ReleaseList] = msgspec.json.Decoder(ReleaseList)
_DETAIL: msgspec.json.Decoder[ReleaseDetail] = msgspec.json.Decoder(ReleaseDetail)


class Releases(SyncResource):
    """The published releases (``GET /v1/releases``, ``GET /v1/releases/{release}``).

    Example::

        catalog = client.releases.list()
        print(catalog.latest)                       # e.g. "2025-02-10"
        for release in catalog.data:
            print(release.id, release.version, release.measures)
    """

    def list(self) -> ReleaseList:
        """Every release with its current version, measures, package hash and links.

        Example::

            [r.id for r in client.releases.list().data]   # ["2025-02-10", ...]
        """
        return self._client._get("/v1/releases", _LIST)

    def get(self, release: str = "latest") -> ReleaseDetail:
        """One release, its resources (tables, with file sizes and sha256) and endpoints.

        ``latest`` resolves to the newest dated release; ``.release.id`` says which.

        Example::

            detail = client.releases.get("latest")
            detail.release.id, [r.name for r in detail.resources]
        """
        return self._client._get(release_path(release), _DETAIL)


class AsyncReleases(AsyncResource):
    """The published releases, for :class:`AsyncClient` (see :class:`Releases`).

    Example::

        catalog = await client.releases.list()
    """

    async def list(self) -> ReleaseList:
        """Every release (see :meth:`Releases.list`).

        Example::

            catalog = await client.releases.list()
        """
        return await self._client._get("/v1/releases", _LIST)

    async def get(self, release: str = "latest") -> ReleaseDetail:
        """One release in detail (see :meth:`Releases.get`).

        Example::

            detail = await client.releases.get("2025-02-10")
        """
        return await self._client._get(release_path(release), _DETAIL)
