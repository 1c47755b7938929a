"""Every endpoint the app serves: the areas' lists joined, in order (the OpenAPI's order).

Each area module declares its own ``ENDPOINTS`` (or ``PAGES``) and imports only the HTTP
toolkit (``registry``, ``params``, ``respond``, ...), never this module; ``create_app`` and the
OpenAPI generator take this list as an argument. Nothing registers itself on import.
"""

from __future__ import annotations

from econindex_api.pages.map_pages import MAP_PAGES
from econindex_api.pages.routes import PAGES
from econindex_api.pages.search_pages import SEARCH_PAGES
from econindex_api.pages.series_pages import SERIES_PAGES
from econindex_api.pages.table_pages import TABLE_PAGES
from econindex_api.server.areas import (
    comparability,
    compare,
    geographies,
    geography_series,
    measures,
    occupations,
    primitives,
    problem_types,
    releases,
    replication,
    service,
    tables,
    tasks,
    usage_series,
)
from econindex_api.server.toolkit.registry import Endpoint, joined, linked_endpoints
from econindex_api.server.views import ReleaseViews

ENDPOINTS: tuple[Endpoint, ...] = joined(
    PAGES,
    SEARCH_PAGES,
    SERIES_PAGES,
    MAP_PAGES,
    TABLE_PAGES,
    releases.ENDPOINTS,
    tables.ENDPOINTS,
    tasks.ENDPOINTS,
    occupations.ENDPOINTS,
    measures.ENDPOINTS,
    geographies.ENDPOINTS,
    primitives.ENDPOINTS,
    replication.ENDPOINTS,
    service.ENDPOINTS,
    compare.ENDPOINTS,
    usage_series.ENDPOINTS,
    geography_series.ENDPOINTS,
    comparability.ENDPOINTS,
    problem_types.ENDPOINTS,
)


def all_endpoints() -> list[Endpoint]:
    """Every declared endpoint, in declaration order (the OpenAPI's order)."""
    return list(ENDPOINTS)


def linked_endpoint_names(views: ReleaseViews) -> list[str]:
    """Names of the endpoints listed in a release's links (keys of ReleaseLinks.endpoints):
    those with a variant that applies to these views."""
    return [e.name for e in linked_endpoints(ENDPOINTS, views)]
