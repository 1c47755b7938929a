"""``client.geographies``: usage per country and subregion (the long-format releases)."""

from __future__ import annotations

from econindex_api.client.namespaces._base import AsyncResource, SyncResource

__all__ = ["AsyncGeographies", "Geographies"]


class Geographies(SyncResource):
    """Usage per geography and every published value of the long-format releases
    (2025-09-15 and later)."""


class AsyncGeographies(AsyncResource):
    """Usage per geography, for :class:`AsyncClient` (see :class:`Geographies`)."""
