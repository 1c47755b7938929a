"""``client.tasks``: task statements with their share of conversations (or penetration)."""

from __future__ import annotations

import msgspec

from econindex_api.client._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import (
    TaskDetail,
    TaskPenetrationPage,
    TaskPenetrationRow,
    TaskUsagePage,
    TaskUsageRow,
)

__all__ = ["AsyncTasks", "TaskRow", "Tasks"]

TaskRow = TaskUsageRow | TaskPenetrationRow
"""A row of ``tasks``: :class:`TaskUsageRow` on usage releases, :class:`TaskPenetrationRow`
on the exposure release (``labor-market-impacts``)."""

_PAGE: msgspec.json.Decoder[TaskUsagePage | TaskPenetrationPage] = msgspec.json.Decoder(
    TaskUsagePage | TaskPenetrationPage
)
_DETAIL: msgspec.json.Decoder[TaskDetail] = msgspec.json.Decoder(TaskDetail)


def _params(
    q: str | None,
    occupation: str | None,
    major_group: str | None,
    min_share_pct: float | None,
    sort: str | None,
    limit: int | None,
    cursor: str | None = None,
) -> dict[str, str | int | float | None]:
    return {
        "q": q,
        "occupation": occupation,
        "major_group": major_group,
        "min_share_pct": min_share_pct,
        "sort": sort,
        "limit": limit,
        "cursor": cursor,
    }


class Tasks(SyncResource):
    """O*NET task statements and their usage (``GET /v1/releases/{release}/tasks``).

    Filters (all optional, combined with AND): ``q`` (case-insensitive text in the
    statement), ``occupation`` (O*NET-SOC 2010 code, e.g. ``"15-1132.00"``), ``major_group``
    (``"15"`` or ``"15-0000"``), ``min_share_pct`` (0-100). ``sort`` names a field, ``-``
    first for descending (e.g. ``"-share_pct"``). ``limit``: rows per page.

    Example::

        for task in client.tasks.iter("2025-02-10", q="software"):
            print(task.task_id, task.share_pct, task.statement)
    """

    def list(
        self,
        release: str = "latest",
        *,
        q: str | None = None,
        occupation: str | None = None,
        major_group: str | None = None,
        min_share_pct: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[TaskRow]:
        """One page of tasks; ``.next_page()`` fetches the next.

        Example::

            page = client.tasks.list("2025-02-10", major_group="15", sort="-share_pct",
                                     limit=10)
            page.to_polars()
        """
        params = _params(q, occupation, major_group, min_share_pct, sort, limit, cursor)
        return self._client._get_page(release_path(release, "tasks"), _PAGE, params)

    def iter(
        self,
        release: str = "latest",
        *,
        q: str | None = None,
        occupation: str | None = None,
        major_group: str | None = None,
        min_share_pct: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[TaskRow]:
        """Every matching task, page after page (``limit`` sets the page size).

        Example::

            df = client.tasks.iter("2025-02-10", occupation="15-1132.00").to_polars()
        """
        params = _params(q, occupation, major_group, min_share_pct, sort, limit)
        return self._client._iter(release_path(release, "tasks"), _PAGE, params)

    def get(self, release: str, task_id: int) -> TaskDetail:
        """One task and every occupation whose statements share its key.

        Example::

            detail = client.tasks.get("2025-02-10", 16363)
            detail.task.statement, [o.onet_soc_code for o in detail.occupations]
        """
        return self._client._get(release_path(release, "tasks", int(task_id)), _DETAIL)


class AsyncTasks(AsyncResource):
    """Task statements and their usage, for :class:`AsyncClient` (see :class:`Tasks`).

    Example::

        async for task in client.tasks.iter("2025-02-10", q="software"):
            print(task.task_id)
    """

    async def list(
        self,
        release: str = "latest",
        *,
        q: str | None = None,
        occupation: str | None = None,
        major_group: str | None = None,
        min_share_pct: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[TaskRow]:
        """One page of tasks (see :meth:`Tasks.list`).

        Example::

            page = await client.tasks.list("2025-02-10", q="software")
        """
        params = _params(q, occupation, major_group, min_share_pct, sort, limit, cursor)
        return await self._client._get_page(release_path(release, "tasks"), _PAGE, params)

    def iter(
        self,
        release: str = "latest",
        *,
        q: str | None = None,
        occupation: str | None = None,
        major_group: str | None = None,
        min_share_pct: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[TaskRow]:
        """Every matching task (see :meth:`Tasks.iter`); use with ``async for``.

        Example::

            df = await client.tasks.iter("2025-02-10", q="software").to_polars()
        """
        params = _params(q, occupation, major_group, min_share_pct, sort, limit)
        return self._client._iter(release_path(release, "tasks"), _PAGE, params)

    async def get(self, release: str, task_id: int) -> TaskDetail:
        """One task (see :meth:`Tasks.get`).

        Example::

            detail = await client.tasks.get("2025-02-10", 16363)
        """
        return await self._client._get(release_path(release, "tasks", int(task_id)), _DETAIL)
