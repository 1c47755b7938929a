"""``client.releases``: the catalog of published releases and one release in detail."""

from __future__ import annotations

import json
from typing import Any, Literal

import msgspec

from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import ReleaseDetail, ReleaseList

__all__ = ["AsyncReleases", "Releases"]

_LIST: msgspec.json.Decoder[ReleaseList] = msgspec.json.Decoder(ReleaseList)
_DETAIL: msgspec.json.Decoder[ReleaseDetail] = msgspec.json.Decoder(ReleaseDetail)

CitationFormat = Literal["bibtex", "ris", "csl-json"]
_CITATION_ACCEPT = {
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csl-json": "application/vnd.citationstyles.csl+json",
}


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

    def cite(self, release: str = "latest", format: CitationFormat = "bibtex") -> str:
        """The release's citation as text: BibTeX, RIS or CSL-JSON.

        It names the upstream creators, the upstream release and its date, the package
        version and its sha256, the license and the release's URL. ``latest`` is resolved:
        the citation names the dated release that answered.

        Example::

            print(client.releases.cite("2025-02-10"))               # @dataset{...}
            ris = client.releases.cite("latest", format="ris")
        """
        answer = self._client._fetch(
            release_path(release, "citation"),
            {"format": format},
            accept=_CITATION_ACCEPT.get(format, "*/*"),
        )
        return answer.body.decode("utf-8")

    def croissant(self, release: str = "latest") -> dict[str, Any]:
        """The release's Croissant 1.0 JSON-LD metadata (schema.org Dataset) as a dict.

        Example::

            meta = client.releases.croissant("2025-02-10")
            [rs["name"] for rs in meta["recordSet"]]
        """
        answer = self._client._fetch(
            release_path(release, "croissant.json"), accept="application/ld+json"
        )
        document: dict[str, Any] = json.loads(answer.body)
        return document


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

    async def cite(self, release: str = "latest", format: CitationFormat = "bibtex") -> str:
        """The release's citation (see :meth:`Releases.cite`).

        Example::

            bibtex = await client.releases.cite("2025-02-10")
        """
        answer = await self._client._fetch(
            release_path(release, "citation"),
            {"format": format},
            accept=_CITATION_ACCEPT.get(format, "*/*"),
        )
        return answer.body.decode("utf-8")

    async def croissant(self, release: str = "latest") -> dict[str, Any]:
        """The release's Croissant metadata (see :meth:`Releases.croissant`).

        Example::

            meta = await client.releases.croissant("2025-02-10")
        """
        answer = await self._client._fetch(
            release_path(release, "croissant.json"), accept="application/ld+json"
        )
        document: dict[str, Any] = json.loads(answer.body)
        return document
