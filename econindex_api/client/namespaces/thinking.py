"""``client.thinking``: extended thinking per occupation and per task key (release 2025-03-27+)."""

from __future__ import annotations

import msgspec

from econindex_api.client._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import (
    OccupationThinkingPage,
    OccupationThinkingRow,
    TaskThinkingPage,
    TaskThinkingRow,
)

__all__ = ["AsyncThinkingResource", "ThinkingResource"]

_OCCUPATIONS: msgspec.json.Decoder[OccupationThinkingPage] = msgspec.json.Decoder(
    OccupationThinkingPage
)
_TASKS: msgspec.json.Decoder[TaskThinkingPage] = msgspec.json.Decoder(TaskThinkingPage)

Params = dict[str, str | int | float | None]


def _occupation_params(
    major_group: str | None, q: str | None, sort: str | None, limit: int | None, cursor: str | None
) -> Params:
    return {"major_group": major_group, "q": q, "sort": sort, "limit": limit, "cursor": cursor}


def _task_params(
    q: str | None, published: bool | None, sort: str | None, limit: int | None, cursor: str | None
) -> Params:
    flag = None if published is None else ("true" if published else "false")
    return {"q": q, "published": flag, "sort": sort, "limit": limit, "cursor": cursor}


class ThinkingResource(SyncResource):
    """Extended thinking (``GET /v1/releases/{release}/thinking`` per occupation and
    ``/thinking/tasks`` per task key). ``thinking_fraction`` is ``None`` where upstream
    publishes no value, never zero; ``covered_fraction`` says how much of an occupation's
    share of conversations its mean rests on. A release without thinking fractions (e.g.
    2025-02-10) raises :class:`NotFoundError` (``measure-not-available``).

    Example::

        df = client.thinking.iter("2025-03-27").to_polars()
        df.sort("thinking_fraction", descending=True, nulls_last=True).head()
    """

    def list(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[OccupationThinkingRow]:
        """One page of occupations with their thinking fraction.

        Example::

            page = client.thinking.list("latest", major_group="15", sort="-thinking_fraction")
        """
        return self._client._get_page(
            release_path(release, "thinking"),
            _OCCUPATIONS,
            _occupation_params(major_group, q, sort, limit, cursor),
        )

    def iter(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[OccupationThinkingRow]:
        """Every occupation, page after page (``.to_polars()`` for a DataFrame).

        Example::

            df = client.thinking.iter("latest").to_polars()
        """
        return self._client._iter(
            release_path(release, "thinking"),
            _OCCUPATIONS,
            _occupation_params(major_group, q, sort, limit, None),
        )

    def tasks(
        self,
        release: str = "latest",
        *,
        q: str | None = None,
        published: bool | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[TaskThinkingRow]:
        """One page of task keys with their thinking fraction (``published=True``: only keys
        with a value).

        Example::

            page = client.thinking.tasks("latest", published=True, sort="-thinking_fraction")
        """
        return self._client._get_page(
            release_path(release, "thinking", "tasks"),
            _TASKS,
            _task_params(q, published, sort, limit, cursor),
        )

    def iter_tasks(
        self,
        release: str = "latest",
        *,
        q: str | None = None,
        published: bool | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[TaskThinkingRow]:
        """Every task key, page after page.

        Example::

            df = client.thinking.iter_tasks("latest", published=True).to_polars()
        """
        return self._client._iter(
            release_path(release, "thinking", "tasks"),
            _TASKS,
            _task_params(q, published, sort, limit, None),
        )


class AsyncThinkingResource(AsyncResource):
    """Extended thinking, for :class:`AsyncClient` (see :class:`ThinkingResource`).

    Example::

        page = await client.thinking.list("latest")
        rows = [r async for r in client.thinking.iter_tasks("latest", published=True)]
    """

    async def list(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[OccupationThinkingRow]:
        """One page of occupations (see :meth:`ThinkingResource.list`).

        Example::

            df = (await client.thinking.list("latest")).to_polars()
        """
        return await self._client._get_page(
            release_path(release, "thinking"),
            _OCCUPATIONS,
            _occupation_params(major_group, q, sort, limit, cursor),
        )

    def iter(
        self,
        release: str = "latest",
        *,
        major_group: str | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[OccupationThinkingRow]:
        """Every occupation (see :meth:`ThinkingResource.iter`); use with ``async for``.

        Example::

            df = await client.thinking.iter("latest").to_polars()
        """
        return self._client._iter(
            release_path(release, "thinking"),
            _OCCUPATIONS,
            _occupation_params(major_group, q, sort, limit, None),
        )

    async def tasks(
        self,
        release: str = "latest",
        *,
        q: str | None = None,
        published: bool | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[TaskThinkingRow]:
        """One page of task keys (see :meth:`ThinkingResource.tasks`).

        Example::

            page = await client.thinking.tasks("latest", published=True)
        """
        return await self._client._get_page(
            release_path(release, "thinking", "tasks"),
            _TASKS,
            _task_params(q, published, sort, limit, cursor),
        )

    def iter_tasks(
        self,
        release: str = "latest",
        *,
        q: str | None = None,
        published: bool | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[TaskThinkingRow]:
        """Every task key (see :meth:`ThinkingResource.iter_tasks`).

        Example::

            rows = [r async for r in client.thinking.iter_tasks("latest")]
        """
        return self._client._iter(
            release_path(release, "thinking", "tasks"),
            _TASKS,
            _task_params(q, published, sort, limit, None),
        )
