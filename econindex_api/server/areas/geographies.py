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

import msgspec
import polars as pl

from econindex_api import models
from econindex_api.methods.windows import window_choice
from econindex_api.publishing.tables_long import OBSERVATIONS
from econindex_api.server.areas.common import LIST_PARAMS, and_masks
from econindex_api.server.rowindex import Mask, PostingIndex, RowIndex
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.cache import Prepared
from econindex_api.server.toolkit.problems import ApiProblem, invalid_parameter
from econindex_api.server.toolkit.registry import RELEASE, RELEASES, Endpoint, PathParam, Variant
from econindex_api.server.toolkit.respond import Context, object_answer, page_answer
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
    frame = tables["geo_usage"].filter(pl.col("geo_level") != "global")
    return as_geography_rows(frame).sort(list(GEOGRAPHY_KEY))


def as_geography_rows(usage: pl.DataFrame) -> pl.DataFrame:
    """``geo_usage`` rows under the API's names, in GeographyRow's field order."""
    renamed = usage.rename(
        {"geo_level": "level", "usage_tier": "tier", "usage_tier_label": "tier_label"}
    )
    return renamed.select(list(models.GeographyRow.__struct_fields__))


def geography_index(tables: Mapping[str, pl.DataFrame]) -> RowIndex:
    return RowIndex(
        geography_rows(tables),
        models.GeographyRow,
        key=GEOGRAPHY_KEY,
        codes=["platform", "level", "geo_id", "parent_geo_id", "window_rule", "date_start"],
    )


# The table's primary key: the package's rows are in this order (TableSpec.conform).
OBSERVATION_KEY = OBSERVATIONS.primary_key
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
    # The package's rows are already in primary-key order (TableSpec.conform sorts every
    # table by its key, and OBSERVATION_KEY is that key): no sorted copy of a table of up to
    # two million rows is made. Selecting the columns shares the table's buffers.
    frame = tables["observations"].select(list(models.ObservationRow.__struct_fields__))
    return PostingIndex(
        frame,
        models.ObservationRow,
        codes=list(OBSERVATION_FILTERS.values()),
        postings=OBSERVATION_POSTINGS,
        numeric=["value"],
    )


# --- answers ---


def country_ids(tables: Mapping[str, pl.DataFrame]) -> tuple[frozenset[str], dict[str, str]]:
    """The countries ``country=`` takes (a country row, or the parent of subregions), and
    upstream country ids to canonical ones (for the 400's hint), computed once."""
    rows = geography_rows(tables)
    countries = rows.filter(pl.col("level") == "country")
    known = set(countries["geo_id"].to_list()) | set(
        rows.filter(pl.col("level") == "subregion")["parent_geo_id"].to_list()
    )
    aliases = dict(countries.select("upstream_geo_id", "geo_id").rows())
    return frozenset(known), aliases


def _check_country(views: ReleaseViews, country: str) -> None:
    known, aliases = views.prepared("geography_countries", country_ids)
    if country in known:
        return
    hint = (
        f"; use its ISO 3166-1 alpha-3 id {aliases[country]!r}"
        if country in aliases
        else " (ids are ISO 3166-1 alpha-3, e.g. USA)"
    )
    raise invalid_parameter("country", f"{country!r} is not a country of this release{hint}")


def window_mask(index: RowIndex, window: str) -> Mask:
    """The rows of one window choice (``methods.windows.window_choice``) on the index."""
    try:
        rule, day = window_choice(
            window, index.values_of("window_rule"), index.values_of("date_start")
        )
    except ValueError as exc:
        raise invalid_parameter("window", str(exc)) from None
    mask = index.all() if rule is None else index.equals("window_rule", rule)
    return mask if day is None else mask & index.equals("date_start", day)


def answer_geographies(ctx: Context) -> Prepared:
    p = ctx.params_as(GeographiesParams)
    index = ctx.views.prepared("geographies", geography_index)
    mask = and_masks(index.equals("platform", p.platform), index.equals("level", p.level))
    mask = and_masks(mask, window_mask(index, p.window))
    country = p.country
    if country is not None:
        _check_country(ctx.views, country)
        column = "geo_id" if p.level == "country" else "parent_geo_id"
        mask = and_masks(mask, index.equals(column, country))
    return page_answer(
        ctx,
        params=p,
        build_page=models.GeographyPage,
        index=index,
        positions=index.select(mask, p.sort),
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
    p = ctx.params_as(ObservationsParams)
    index = ctx.views.prepared("observations", observation_index)
    for name in CHECKED_FILTERS:
        value = getattr(p, name)
        if value is not None and not index.has(OBSERVATION_FILTERS[name], value):
            raise invalid_parameter(name, _unknown_value(index, name, value))
    filters = {column: getattr(p, name) for name, column in OBSERVATION_FILTERS.items()}
    positions = index.positions(filters)
    if p.sort is not None:
        positions = index.sorted_by(positions, "value", descending=p.sort == "-value")
    return page_answer(
        ctx,
        params=p,
        build_page=models.ObservationPage,
        index=index,
        positions=positions,
    )


TOP_TASKS = 10
TOP_CLUSTERS = 5
UNPLACED_TASKS = ("none", "not_classified")  # in the base of onet_task_pct, not tasks
UNPLACED_CLUSTERS = ("not_classified",)  # in the base of request_pct, not a topic
WINDOW = ("platform", "date_start", "date_end")


def _rows(tables: Mapping[str, pl.DataFrame], name: str, geo_id: str) -> pl.DataFrame:
    frame = tables.get(name)
    if frame is None:
        return pl.DataFrame()
    return frame.filter(pl.col("geo_id") == geo_id)


def _identity(ctx: Context, geo_id: str) -> dict[str, object]:
    """Who the geography is, from the observations (every geography has rows there), or a
    404 naming the canonical id when ``geo_id`` is an upstream id."""
    index = ctx.views.prepared("observations", observation_index)
    if index.has("geo_id", geo_id):
        first = index.frame[index.positions({"geo_id": geo_id})[:1]].row(0, named=True)
        return first
    hint = _unknown_value(index, "geo_id", geo_id) if len(geo_id) <= 40 else ""
    raise ApiProblem(
        404,
        models.PROBLEM_UNKNOWN_GEOGRAPHY,
        f"no geography {geo_id[:40]!r} in release {ctx.release.id!r}"
        + (
            f": {hint}"
            if "upstream id" in hint
            else " (geo_id is canonical: GLOBAL, ISO "
            "3166-1 alpha-3 such as USA, ISO 3166-2 such as US-CA)"
        ),
        release=ctx.release.id,
    )


def top_tasks(index: PostingIndex, geo_id: str) -> list[models.ProfileTask]:
    frame = index.take(index.positions({"geo_id": geo_id, "category": "onet_task"}))
    pct = frame.filter(
        (pl.col("metric") == "onet_task_pct") & ~pl.col("node_name").is_in(UNPLACED_TASKS)
    )
    counts = frame.filter(pl.col("metric") == "onet_task_count").select(
        *WINDOW, "node_name", pl.col("value").alias("conversation_count")
    )
    ranked = (
        pct.select(*WINDOW, "node_name", pl.col("value").alias("conversation_pct"))
        .join(counts, on=[*WINDOW, "node_name"], how="left")
        .sort([*WINDOW, "conversation_pct", "node_name"], descending=[False] * 3 + [True, False])
        .group_by(WINDOW, maintain_order=True)
        .head(TOP_TASKS)
        .rename({"node_name": "task"})
    )
    return msgspec.convert(ranked.to_dicts(), list[models.ProfileTask])


def collaboration(
    tables: Mapping[str, pl.DataFrame], geo_id: str
) -> list[models.ProfileCollaboration]:
    bases = _rows(tables, "geo_automation", geo_id)
    patterns = _rows(tables, "geo_collaboration", geo_id)
    out = []
    for row in bases.sort(list(WINDOW)).to_dicts():
        own = patterns.filter(
            (pl.col("platform") == row["platform"]) & (pl.col("date_start") == row["date_start"])
        ).sort("conversation_pct", "pattern", descending=[True, False], nulls_last=True)
        out.append(
            models.ProfileCollaboration(
                **{k: row[k] for k in models.ProfileCollaboration.__struct_fields__ if k in row},
                patterns=msgspec.convert(
                    own.select("pattern", "mode", "conversation_pct").to_dicts(),
                    list[models.ProfilePattern],
                ),
            )
        )
    return out


def request_clusters(
    tables: Mapping[str, pl.DataFrame], geo_id: str
) -> list[models.ProfileCluster]:
    frame = _rows(tables, "geo_request_clusters", geo_id)
    if frame.is_empty():
        return []
    frame = frame.filter(~pl.col("cluster_name").is_in(UNPLACED_CLUSTERS))
    keys = [*WINDOW, "hierarchy_level"]
    top = (
        frame.sort(
            [*keys, "conversation_pct", "cluster_name"],
            descending=[False] * 4 + [True, False],
            nulls_last=True,
        )
        .group_by(keys, maintain_order=True)
        .head(TOP_CLUSTERS)
        .select(list(models.ProfileCluster.__struct_fields__))
    )
    return msgspec.convert(top.to_dicts(), list[models.ProfileCluster])


def soc_groups(tables: Mapping[str, pl.DataFrame], geo_id: str) -> list[models.ProfileSocGroup]:
    frame = _rows(tables, "geo_soc_groups", geo_id)
    if frame.is_empty():
        return []
    ordered = frame.sort(
        [*WINDOW, "share_pct", "major_group_code"],
        descending=[False] * 3 + [True, False],
        nulls_last=True,
    ).select(list(models.ProfileSocGroup.__struct_fields__))
    return msgspec.convert(ordered.to_dicts(), list[models.ProfileSocGroup])


def primitives(tables: Mapping[str, pl.DataFrame], geo_id: str) -> list[models.ProfilePrimitive]:
    frame = _rows(tables, "geo_primitives", geo_id)
    if frame.is_empty():
        return []
    fields = list(models.ProfilePrimitive.__struct_fields__)
    ordered = frame.select(fields).sort(
        ["platform", "date_start", "primitive", "statistic", "node_name"]
    )
    return msgspec.convert(ordered.to_dicts(), list[models.ProfilePrimitive])


def categories_by_level(tables: Mapping[str, pl.DataFrame]) -> dict[str, set[str]]:
    """The facets published at each geography level (for ``suppressed``), computed once."""
    grouped = tables["observations"].group_by("geo_level").agg(pl.col("category").unique())
    return {level: set(categories) for level, categories in grouped.iter_rows()}


def suppressed(
    ctx: Context, geo_id: str, level: str, usage: list[models.GeographyRow]
) -> list[str]:
    """What the release publishes at the geography's level but not for it, in words."""
    index = ctx.views.prepared("observations", observation_index)
    here = set(index.take(index.positions({"geo_id": geo_id}))["category"].unique().to_list())
    at_level = ctx.views.prepared("categories_by_level", categories_by_level).get(level, set())
    notes = [
        f"{category}: not published for this geography, published for others of its level "
        "(upstream leaves out cells below its privacy floor)"
        for category in sorted(at_level - here)
    ]
    for row in usage:
        if row.meets_threshold is False:
            notes.append(
                f"{row.platform} {row.date_start}: {row.usage_count:g} conversations, below the "
                f"report's threshold of {row.min_conversations} (flagged; the figures are shown)"
            )
        if row.usage_per_capita_index is None and row.geo_kind == "classified":
            notes.append(
                f"{row.platform} {row.date_start}: no AUI (no working-age population in the "
                "reference tables)"
            )
    return notes


def answer_geography(ctx: Context) -> Prepared:
    geo_id = ctx.path_params["geo_id"]
    identity = _identity(ctx, geo_id)
    tables = ctx.views.tables
    index = ctx.views.prepared("observations", observation_index)
    usage_rows = _rows(tables, "geo_usage", geo_id)
    usage = []
    if not usage_rows.is_empty():
        rows = as_geography_rows(usage_rows).sort(list(WINDOW))
        usage = msgspec.convert(rows.to_dicts(), list[models.GeographyRow])
    level = str(identity["geo_level"])
    profile = models.GeographyProfile(
        geo_id=geo_id,
        upstream_geo_id=str(identity["upstream_geo_id"]),
        name=usage[0].name if usage else ("Global" if geo_id == "GLOBAL" else None),
        level=level,
        geo_kind=str(identity["geo_kind"]),
        parent_geo_id=usage[0].parent_geo_id if usage else None,
        usage=usage,
        top_tasks=top_tasks(index, geo_id),
        collaboration=collaboration(tables, geo_id),
        request_clusters=request_clusters(tables, geo_id),
        primitives=primitives(tables, geo_id),
        suppressed=suppressed(ctx, geo_id, level, usage),
        provenance=ctx.provenance,
        soc_groups=soc_groups(tables, geo_id),
    )
    return object_answer(ctx, profile)


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


class GeographiesParams(P.ListParams, frozen=True):
    level: str = "country"
    country: str | None = None
    platform: str = "claude_ai"
    window: str = "release"
    sort: str = "-usage_count"


WINDOW_PARAM = P.ParamSpec(
    "window",
    "text",
    "`release` (default: the release's own figure: the single window of the first long "
    "format, the unweighted mean of the two months of 2026-06-26), `each` (each published "
    "window), `all`, or a window's first day (ISO date).",
    default="release",
    allow_empty=False,
)

GEOGRAPHIES_PARAMS = P.ParamSet.of(
    (
        LEVEL,
        COUNTRY,
        PLATFORM,
        WINDOW_PARAM,
        P.sort_param(GEOGRAPHY_SORT, "-usage_count"),
        *LIST_PARAMS,
    ),
    GeographiesParams,
)

GEO_ID = PathParam(
    "geo_id",
    "Canonical geography id: GLOBAL, ISO 3166-1 alpha-3 (USA), ISO 3166-2 (US-CA).",
    "US-CA",
)


class ObservationsParams(P.ListParams, frozen=True):
    platform: str | None = None
    date_start: str | None = None
    geo_level: str | None = None
    geo_id: str | None = None
    category: str | None = None
    hierarchy_level: int | None = None
    metric: str | None = None
    node: str | None = None
    base_node: str | None = None
    sort: str | None = None


OBSERVATIONS_SPECS = (
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
        example="onet_task_pct",
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
OBSERVATIONS_PARAMS = P.ParamSet.of(OBSERVATIONS_SPECS, ObservationsParams)

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
        tables=True,
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
        tables=True,
        link=True,
        # No warm-up: the index of a large release takes ~0.8 s to build, which would
        # delay the start of every server; the first /observations request builds it.
    ),
    Endpoint(
        name="geography",
        path=RELEASES + "/{release}/geographies/{geo_id}",
        operation_id="getGeography",
        summary="One geography's profile",
        description="Everything a long-format release publishes about one geography: its "
        "usage and AUI per platform and window, its top tasks, its SOC major groups, "
        "collaboration on both bases "
        "(of the classified patterns; of all conversations), its top request clusters per "
        "level with their index against the parent, the economic primitives where published, "
        "and, in words, what is suppressed. An upstream id (`CA`) answers 404 naming the "
        "canonical ids (`US-CA`, `CAN`).",
        tag="geography",
        kind="object",
        response=models.GeographyProfile,
        variants=(Variant(P.NO_PARAMS, answer_geography, applies=_has_observations),),
        path_params=(RELEASE, GEO_ID),
    ),
)
