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
from econindex_api.server.rowindex import RowIndex
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


# --- the declarations (order = order in the OpenAPI document) ---


def _has_geographies(v: ReleaseViews) -> bool:
    return "geo_usage" in v.tables


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
)
