"""``client.clusters``: the bottom-up conversation clusters (release 2025-03-27+)."""

from __future__ import annotations

import msgspec

from econindex_api.client._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import ClusterDetail, ClusterPage, ClusterRow

__all__ = ["AsyncClusters", "Clusters"]

_PAGE: msgspec.json.Decoder[ClusterPage] = msgspec.json.Decoder(ClusterPage)
_DETAIL: msgspec.json.Decoder[ClusterDetail] = msgspec.json.Decoder(ClusterDetail)


def _params(
    level: int | None,
    q: str | None,
    parent: str | None,
    task: int | None,
    sort: str | None,
    limit: int | None,
    cursor: str | None = None,
) -> dict[str, str | int | None]:
    return {
        "level": level,
        "q": q,
        "parent": parent,
        "task": task,
        "sort": sort,
        "limit": limit,
        "cursor": cursor,
    }


class Clusters(SyncResource):
    """Conversation clusters (``GET /v1/releases/{release}/clusters``): 630 level-0 clusters
    and their level-1 and level-2 parents, each with a stable ``cluster_id``.

    Filters: ``level`` (0, 1, 2), ``q`` (words of name and description), ``parent`` (a
    cluster id: its children), ``task`` (an O*NET task id: clusters mapped to its task key).

    Example::

        df = client.clusters.iter("2025-03-27", level=0).to_polars()
        df.sort("records_pct", descending=True).select("name", "records_pct").head()
    """

    def list(
        self,
        release: str = "latest",
        *,
        level: int | None = None,
        q: str | None = None,
        parent: str | None = None,
        task: int | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[ClusterRow]:
        """One page of clusters (default: largest ``records_pct`` first).

        Example::

            top = client.clusters.list("latest", level=2, sort="name")
        """
        return self._client._get_page(
            release_path(release, "clusters"),
            _PAGE,
            _params(level, q, parent, task, sort, limit, cursor),
        )

    def iter(
        self,
        release: str = "latest",
        *,
        level: int | None = None,
        q: str | None = None,
        parent: str | None = None,
        task: int | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[ClusterRow]:
        """Every matching cluster, page after page.

        Example::

            children = list(client.clusters.iter("latest", parent="c1-3014805b97716db7"))
        """
        return self._client._iter(
            release_path(release, "clusters"), _PAGE, _params(level, q, parent, task, sort, limit)
        )

    def get(self, release: str, cluster_id: str) -> ClusterDetail:
        """One cluster with its ancestors (parent first) and children.

        Example::

            detail = client.clusters.get("latest", "c0-000b0a11cc3579b5")
            [a.name for a in detail.ancestors]
        """
        return self._client._get(release_path(release, "clusters", cluster_id), _DETAIL)


class AsyncClusters(AsyncResource):
    """Conversation clusters, for :class:`AsyncClient` (see :class:`Clusters`).

    Example::

        page = await client.clusters.list("latest", level=1)
    """

    async def list(
        self,
        release: str = "latest",
        *,
        level: int | None = None,
        q: str | None = None,
        parent: str | None = None,
        task: int | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[ClusterRow]:
        """One page of clusters (see :meth:`Clusters.list`).

        Example::

            df = (await client.clusters.list("latest", level=0)).to_polars()
        """
        return await self._client._get_page(
            release_path(release, "clusters"),
            _PAGE,
            _params(level, q, parent, task, sort, limit, cursor),
        )

    def iter(
        self,
        release: str = "latest",
        *,
        level: int | None = None,
        q: str | None = None,
        parent: str | None = None,
        task: int | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[ClusterRow]:
        """Every matching cluster (see :meth:`Clusters.iter`); use with ``async for``.

        Example::

            rows = [c async for c in client.clusters.iter("latest", level=2)]
        """
        return self._client._iter(
            release_path(release, "clusters"), _PAGE, _params(level, q, parent, task, sort, limit)
        )

    async def get(self, release: str, cluster_id: str) -> ClusterDetail:
        """One cluster with its ancestors and children (see :meth:`Clusters.get`).

        Example::

            detail = await client.clusters.get("latest", "c0-000b0a11cc3579b5")
        """
        return await self._client._get(release_path(release, "clusters", cluster_id), _DETAIL)
