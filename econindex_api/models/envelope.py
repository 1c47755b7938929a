"""The envelopes every answer shares: provenance, and the page of a list endpoint."""

from __future__ import annotations

from typing import Generic, TypeVar

import msgspec


class Provenance(msgspec.Struct, frozen=True, kw_only=True):
    """Which published package produced a response."""

    release_id: str
    """Dated release id that answered (what ``latest`` resolved to)."""
    requested: str
    """The release as written in the request path (``latest`` or a dated id)."""
    version: str
    """Package version (semver)."""
    package_sha256: str
    """sha256 (hex) of the package's ``datapackage.json``."""


T = TypeVar("T")


class Page(msgspec.Struct, Generic[T], kw_only=True):
    """One page of a list endpoint.

    Walk pages by following ``next`` (an absolute URL with the same filters and the cursor,
    on the server's public address) until it is ``None``; the rows of all pages are exactly
    the filtered table, in a stable order (the sort key plus a unique tiebreaker). The same
    link is sent in a ``Link: <...>; rel="next"`` header.
    """

    data: list[T]
    total: int
    """Rows matching the filters, over all pages."""
    limit: int
    """Page size used (default ``DEFAULT_LIMIT``, maximum ``MAX_LIMIT``)."""
    next_cursor: str | None = None
    """Opaque cursor of the next page; ``None`` on the last page."""
    next: str | None = None
    """Absolute URL of the next page (same filters, the cursor), on the server's public
    address (``--public-url``, else the address it listens on; never the request's Host)."""
    provenance: Provenance
