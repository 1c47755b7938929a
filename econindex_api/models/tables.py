"""Wire models of the table browser: every published table of a release, by query.

Re-exported by ``econindex_api.models``; import them from there.
"""

from __future__ import annotations

from typing import Any

import msgspec

from econindex_api.models.envelope import Page, Provenance


class TableField(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One column of a published table, as its Table Schema declares it."""

    name: str
    type: str
    """Frictionless type: ``string``, ``integer``, ``number``, ``boolean``, ``date``..."""
    description: str | None = None
    enum: list[str] | None = None
    """The values the column may take, when the schema lists them."""


class TableLinks(msgspec.Struct, frozen=True, kw_only=True):
    rows: str
    """The rows, by query (``/v1/releases/{release}/tables/{table}``)."""
    page: str
    """The table browser page (HTML)."""
    csv: str
    """The published CSV file, whole."""
    parquet: str
    """The published Parquet file, whole."""


class TableInfo(msgspec.Struct, frozen=True, kw_only=True):
    """One table of a release's data package."""

    name: str
    title: str
    description: str | None = None
    rows: int
    primary_key: list[str] = []
    """The columns that identify a row (the table's own order), when declared."""
    fields: list[TableField]
    links: TableLinks


class TableList(msgspec.Struct, frozen=True, kw_only=True):
    """Every table of a release, in the package's order."""

    data: list[TableInfo]
    total: int
    provenance: Provenance


class TableRowsPage(Page[dict[str, Any]], tag="table_rows", tag_field="kind"):
    """One page of a table's rows (the filtered, sorted view): each row an object keyed by
    the table's columns (``fields``, in order), values as JSON numbers, strings, booleans,
    dates as ``YYYY-MM-DD``, ``null`` when missing."""

    table: str
    fields: list[TableField]
