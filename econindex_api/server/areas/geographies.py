"""Area: geographies and observations of the long-format releases (issue 20).

``/v1/releases/{release}/geographies`` (usage per country or subregion, with the AUI),
``/geographies/{geo_id}`` (one geography's profile) and ``/observations`` (every published
value). They answer for releases whose package has the long-format tables
(``geo_usage``, ``observations``, ...; ``publishing/canonical.py``); other releases get 404
``measure-not-available``. The row indexes are prepared per release through
``ReleaseViews.prepared``, so this module owns them.

Decisions (what a researcher gets without asking):

* ``level`` defaults to ``country``, ``platform`` to ``claude_ai`` (the only platform with
  geographies below GLOBAL), ``sort`` to ``-usage_count`` (ties by the key: platform, level,
  window, geo_id).
* Pseudo-geographies (``not_classified``...) are listed, marked ``geo_kind``
  ``unclassified``: real usage that could not be placed is never silently dropped.
* ``country`` takes the ISO 3166-1 alpha-3 id (``USA``): at ``level=country`` it keeps that
  country's row, at ``level=subregion`` its subregions. An alpha-2 id (``US``) is refused
  with the alpha-3 id to use, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from econindex_api import models
from econindex_api.server import params as P
from econindex_api.server.areas.common import LIST_PARAMS, and_masks
from econindex_api.server.cache import Prepared
from econindex_api.server.problems import invalid_parameter
from econindex_api.server.registry import RELEASE, RELEASES, Endpoint, Variant
from econindex_api.server.respond import Context, page_answer
from econindex_api.server.rowindex import PostingIndex, RowIndex
from econindex_api.server.views import ReleaseViews

PLATFORMS = ("claude_ai", "1p_api")
LEVELS = ("country", "subregion")
GEOGRAPHY_KEY = ("platform", "level", "date_start", "date_end", "geo_id")
GEOGRAPHY_SORT = (
    "usage_count",
    "usage_pct",
    "usage_per_capita_index",
    "working_age_pop",
    "gdp_per_working_age_capita",
    "geo_id",
    "name",
)

# --- prepared rows ---


def geography_rows(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """``geo_usage`` under the API's field names, GLOBAL left out (it has no parent share),
    in key order."""
    frame = (
        tables["geo_usage"]
        .filter(pl.col("geo_level") != "global")
        .rename({"geo_level": "level", "usage_tier": "tier", "usage_tier_label": "tier_label"})
    )
    fields = list(models.GeographyRow.__struct_fields__)
    return frame.select(fields).sort(list(GEOGRAPHY_KEY))


def geography_index(tables: Mapping[str, pl.DataFrame]) -> RowIndex:
    return RowIndex(
        geography_rows(tables),
        models.GeographyRow,
        key=GEOGRAPHY_KEY,
        codes=["platform", "level", "geo_id", "parent_geo_id"],
    )


OBSERVATION_KEY = (
    "platform",
    "date_start",
    "geo_level",
    "geo_id",
    "category",
    "hierarchy_level",
    "metric",
    "base_node",
    "node_name",
    "node_id",
)
# Filter parameter -> column. Columns with many values get posting lists (a query starts
# from the shortest); the others are narrowed by their codes.
OBSERVATION_FILTERS = {
    "platform": "platform",
    "date_start": "date_start",
    "geo_level": "geo_level",
    "geo_id": "geo_id",
    "category": "category",
    "hierarchy_level": "hierarchy_level",
    "metric": "metric",
    "base_node": "base_node",
    "node": "node_name",
}
OBSERVATION_POSTINGS = ("geo_id", "category", "metric", "base_node", "node_name")
# Filters whose value must be one the release publishes (a typo is a 400 naming the values,
# not an empty page); free text (node, base_node) may simply match nothing.
CHECKED_FILTERS = ("geo_id", "category", "metric", "date_start")


def observation_index(tables: Mapping[str, pl.DataFrame]) -> PostingIndex:
    frame = tables["observations"].select(list(models.ObservationRow.__struct_fields__))
    return PostingIndex(
        frame.sort(list(OBSERVATION_KEY)),
        models.ObservationRow,
        codes=list(OBSERVATION_FILTERS.values()),
        postings=OBSERVATION_POSTINGS,
        numeric=["value"],
    )


# --- answers ---


def _check_country(index: RowIndex, country: str) -> None:
    frame = index.frame
    known = frame.filter(
        ((pl.col("level") == "country") & (pl.col("geo_id") == country))
        | (pl.col("parent_geo_id") == country)
    )
    if known.height:
        return
    alias = frame.filter((pl.col("level") == "country") & (pl.col("upstream_geo_id") == country))
    hint = (
        f"; use its ISO 3166-1 alpha-3 id {alias['geo_id'][0]!r}"
        if alias.height
        else " (ids are ISO 3166-1 alpha-3, e.g. USA)"
    )
    raise invalid_parameter("country", f"{country!r} is not a country of this release{hint}")


def answer_geographies(ctx: Context) -> Prepared:
    p = ctx.params
    index = ctx.views.prepared("geographies", geography_index)
    mask = and_masks(index.equals("platform", p["platform"]), index.equals("level", p["level"]))
    country = p["country"]
    if country is not None:
        _check_country(index, country)
        column = "geo_id" if p["level"] == "country" else "parent_geo_id"
        mask = and_masks(mask, index.equals(column, country))
    return page_answer(
        ctx,
        params=p,
        build_page=models.GeographyPage,
        index=index,
        positions=index.select(mask, p["sort"]),
    )


def _unknown_value(index: PostingIndex, name: str, value: str) -> str:
    """The 400's detail: for a geo_id, the canonical ids of that upstream id (``CA`` is
    ``US-CA`` under state_us and ``CAN`` under country); otherwise some known values."""
    if name == "geo_id":
        frame = index.frame.filter(pl.col("upstream_geo_id") == value)
        pairs = frame.select("geo_id", "upstream_geography").unique().sort("geo_id").rows()
        if pairs:
            named = ", ".join(f"{geo_id} ({geography})" for geo_id, geography in pairs)
            return f"{value!r} is an upstream id; the canonical geo_id is {named}"
        return f"{value!r} is not a geo_id of this release (GLOBAL, ISO 3166-1 alpha-3, ISO 3166-2)"
    known = index.values(OBSERVATION_FILTERS[name])
    shown = ", ".join(str(v) for v in known[:12]) + (", ..." if len(known) > 12 else "")
    return f"{value!r} is not a {name} of this release ({shown})"


def answer_observations(ctx: Context) -> Prepared:
    p = ctx.params
    index = ctx.views.prepared("observations", observation_index)
    for name in CHECKED_FILTERS:
        value = p[name]
        if value is not None and not index.has(OBSERVATION_FILTERS[name], value):
            raise invalid_parameter(name, _unknown_value(index, name, value))
    positions = index.positions({column: p[name] for name, column in OBSERVATION_FILTERS.items()})
    if p["sort"] is not None:
        positions = index.sorted_by(positions, "value", descending=p["sort"] == "-value")
    return page_answer(
        ctx,
        params=p,
        build_page=models.ObservationPage,
        index=index,
        positions=positions,
    )


# --- the declarations (order = order in the OpenAPI document) ---


def _has_geographies(v: ReleaseViews) -> bool:
    return "geo_usage" in v.tables


def _has_observations(v: ReleaseViews) -> bool:
    return "observations" in v.tables


LEVEL = P.ParamSpec(
    "level",
    "choice",
    "Geography level: `country` (share of GLOBAL) or `subregion` (share of its country; US "
    "states and, from 2026-06-26, subregions worldwide).",
    default="country",
    choices=LEVELS,
)
COUNTRY = P.ParamSpec(
    "country",
    "text",
    "ISO 3166-1 alpha-3 country id: at `level=country` that country's row, at "
    "`level=subregion` its subregions.",
    example="USA",
    allow_empty=False,
)
PLATFORM = P.ParamSpec(
    "platform",
    "choice",
    "`claude_ai` (Claude.ai conversations) or `1p_api` (the first-party API, published at "
    "GLOBAL only in the first long format).",
    default="claude_ai",
    choices=PLATFORMS,
)
GEOGRAPHIES_PARAMS = (
    LEVEL,
    COUNTRY,
    PLATFORM,
    P.sort_param(GEOGRAPHY_SORT, "-usage_count"),
    *LIST_PARAMS,
)

OBSERVATIONS_PARAMS = (
    P.ParamSpec("platform", "choice", "Only this platform.", choices=PLATFORMS),
    P.ParamSpec(
        "date_start",
        "text",
        "Only this window (its first day, ISO date; releases with two monthly windows).",
        example="2025-08-04",
        allow_empty=False,
    ),
    P.ParamSpec(
        "geo_level",
        "choice",
        "Only this geography level.",
        choices=("global", "country", "subregion"),
    ),
    P.ParamSpec(
        "geo_id",
        "text",
        "Only this geography (canonical id: GLOBAL, ISO 3166-1 alpha-3, ISO 3166-2).",
        example="US-CA",
        allow_empty=False,
    ),
    P.ParamSpec(
        "category",
        "text",
        "Only this upstream facet (onet_task, collaboration, request, "
        "onet_task::collaboration...).",
        example="onet_task",
        allow_empty=False,
    ),
    P.ParamSpec(
        "hierarchy_level",
        "integer",
        "Only this level (0 = finest; request clusters 0-2).",
        minimum=0,
        maximum=9,
    ),
    P.ParamSpec(
        "metric",
        "text",
        "Only this upstream variable (usage_count, onet_task_pct, collaboration_pct...).",
        example="usage_count",
        allow_empty=False,
    ),
    P.ParamSpec(
        "node",
        "text",
        "Only this node (node_name exactly: a task key, request cluster, pattern...).",
        allow_empty=False,
    ),
    P.ParamSpec(
        "base_node",
        "text",
        "Only this base node of an intersection facet (the task of onet_task::collaboration).",
        allow_empty=False,
    ),
    P.ParamSpec(
        "sort",
        "choice",
        "`value` or `-value` (descending); default: the table's key order (platform, window, "
        "geography, category, level, metric, node). Ties keep the key order.",
        choices=("value", "-value"),
    ),
    *LIST_PARAMS,
)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="geographies",
        path=RELEASES + "/{release}/geographies",
        operation_id="listGeographies",
        summary="Usage per geography",
        description="The long-format releases (2025-09-15 and later): one row per country or "
        "subregion and window with its conversations, share of the parent, working-age "
        "population, usage per capita, the Anthropic AI Usage Index (AUI) under the "
        "convention named in `aui_convention`, its tier, GDP per working-age capita and "
        "whether it meets the report's threshold (flagged; no row is dropped). "
        "Pseudo-geographies are listed with `geo_kind` `unclassified`.",
        tag="geography",
        kind="list",
        response=models.GeographyPage,
        variants=(
            Variant(
                GEOGRAPHIES_PARAMS,
                answer_geographies,
                applies=_has_geographies,
                serves="geographies: usage_pct and the AUI per country and subregion",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
    Endpoint(
        name="observations",
        path=RELEASES + "/{release}/observations",
        operation_id="listObservations",
        summary="Every published value",
        description="The long-format releases: every value upstream publishes, one row per "
        "upstream row, with canonical geography ids and upstream's own ids beside them "
        "(table `observations`). Filters combine with AND; a value upstream did not publish "
        "has no row (never 0).",
        tag="geography",
        kind="list",
        response=models.ObservationPage,
        variants=(
            Variant(
                OBSERVATIONS_PARAMS,
                answer_observations,
                applies=_has_observations,
                serves="observations: every published value",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
)
