"""``client.tables``: every published table of a release, by query (the table browser)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from econindex_api.client._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage
from econindex_api.client._transport import Params, Repeated
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import TableInfo, TableList, TableRowsPage

__all__ = ["AsyncTables", "Filters", "Tables", "filter_params"]

_LIST: msgspec.json.Decoder[TableList] = msgspec.json.Decoder(TableList)
_PAGE: msgspec.json.Decoder[TableRowsPage] = msgspec.json.Decoder(TableRowsPage)

#: Filters as ``{"major_group_code": "15-0000", "share_pct": ">=1.5", "median_wage_usd":
#: None}`` (None: the missing values; a comparison written before the number), or as the
#: API's own ``["major_group_code:15-0000", ...]``.
Filters = Mapping[str, str | int | float | bool | None] | Sequence[str]


def _value(value: str | int | float | bool | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def filter_params(filters: Filters | None) -> Repeated | None:
    """``filter=<column>:<value>`` values of the API from a mapping or a list of them.

    Example::

        filter_params({"major_group_code": "15-0000", "job_zone": ">=4"})
        # ('job_zone:>=4', 'major_group_code:15-0000')
    """
    if not filters:
        return None
    if isinstance(filters, Mapping):
        raw = [f"{column}:{_value(v)}" for column, v in filters.items()]
    elif isinstance(filters, str):
        raise TypeError("filters: a mapping or a list of '<column>:<value>' strings, not a str")
    else:
        raw = list(filters)
    return Repeated(sorted(raw))


def _params(
    filters: Filters | None,
    q: str | None,
    sort: str | None,
    limit: int | None,
    cursor: str | None = None,
) -> Params:
    return {
        "filter": filter_params(filters),
        "q": q,
        "sort": sort,
        "limit": limit,
        "cursor": cursor,
    }


class Tables(SyncResource):
    """Every table of a release's data package (``GET /v1/releases/{release}/tables``) and
    each table's rows by query (``/tables/{table}``): ``filters`` (exact values, or
    ``>=``/``<=``/``>``/``<`` before a number or date, None for missing values), ``q`` (words
    in any text column), ``sort`` (a column, ``-`` for descending).

    Rows are dicts keyed by column; ``to_polars()`` types the columns by the table's schema.

    Example::

        info = client.tables.get("latest", "occupations")
        df = client.tables.iter(
            "latest", "occupations", filters={"major_group_code": "15-0000"}, sort="title"
        ).to_polars()
    """

    def list(self, release: str = "latest") -> TableList:
        """Every table of the release: name, title, description, rows, columns, links.

        Example::

            [t.name for t in client.tables.list("2025-02-10").data]
        """
        return self._client._get(release_path(release, "tables"), _LIST)

    def get(self, release: str, table: str) -> TableInfo:
        """One table's documentation (``KeyError`` if the release has no such table).

        Example::

            [f.name for f in client.tables.get("latest", "tasks").fields]
        """
        for info in self.list(release).data:
            if info.name == table:
                return info
        raise KeyError(f"release {release!r} has no table {table!r}")

    def rows(
        self,
        release: str,
        table: str,
        *,
        filters: Filters | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[dict[str, Any]]:
        """One page of the table's matching rows (``.total``: all pages together).

        Example::

            page = client.tables.rows("latest", "occupations", filters={"job_zone": ">=4"})
            page.total, page.data[0]["onet_soc_code"]
        """
        return self._client._get_page(
            release_path(release, "tables", table),
            _PAGE,
            _params(filters, q, sort, limit, cursor),
        )

    def iter(
        self,
        release: str,
        table: str,
        *,
        filters: Filters | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> PageIterator[dict[str, Any]]:
        """Every matching row, page after page; ``.to_polars()`` for a typed DataFrame.

        Example::

            df = client.tables.iter("latest", "tasks", q="software").to_polars()
        """
        return self._client._iter(
            release_path(release, "tables", table), _PAGE, _params(filters, q, sort, limit)
        )


class AsyncTables(AsyncResource):
    """Every table of a release, for :class:`AsyncClient` (see :class:`Tables`).

    Example::

        page = await client.tables.rows("latest", "occupations", sort="-median_wage_usd")
    """

    async def list(self, release: str = "latest") -> TableList:
        """Every table of the release (see :meth:`Tables.list`).

        Example::

            tables = (await client.tables.list("latest")).data
        """
        return await self._client._get(release_path(release, "tables"), _LIST)

    async def get(self, release: str, table: str) -> TableInfo:
        """One table's documentation (see :meth:`Tables.get`).

        Example::

            info = await client.tables.get("latest", "tasks")
        """
        for info in (await self.list(release)).data:
            if info.name == table:
                return info
        raise KeyError(f"release {release!r} has no table {table!r}")

    async def rows(
        self,
        release: str,
        table: str,
        *,
        filters: Filters | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[dict[str, Any]]:
        """One page of the table's matching rows (see :meth:`Tables.rows`).

        Example::

            page = await client.tables.rows("latest", "tasks", q="debug")
        """
        return await self._client._get_page(
            release_path(release, "tables", table),
            _PAGE,
            _params(filters, q, sort, limit, cursor),
        )

    def iter(
        self,
        release: str,
        table: str,
        *,
        filters: Filters | None = None,
        q: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPageIterator[dict[str, Any]]:
        """Every matching row (see :meth:`Tables.iter`); ``async for`` or ``await
        .to_polars()``.

        Example::

            df = await client.tables.iter("latest", "occupations").to_polars()
        """
        return self._client._iter(
            release_path(release, "tables", table), _PAGE, _params(filters, q, sort, limit)
        )
