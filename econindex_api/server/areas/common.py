"""What the API's areas share: query parameters (sort fields, filters, the parameter tuple
of each endpoint) and small helpers over row indexes and frames.

One ``params.ParamSpec`` per parameter. An endpoint's own parameters may as well live in its
area module; the ones here are used by several areas or by tests. Each parameter tuple is a
``params.ParamSet``: the specs and, declared just above them, the frozen Struct of their parsed
values that the answer reads (``ctx.params_as(TaskUsageParams).major_group``); the set checks
at import that the Struct's fields and defaults are the specs'.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec
import polars as pl

from econindex_api.methods import depth as depth_method
from econindex_api.server.rowindex import Mask
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.problems import invalid_parameter
from econindex_api.server.views import ReleaseViews

# --- parameters ---

TASK_SORT_USAGE = ("share_pct", "attributed_share_pct", "task_id", "statement", "onet_soc_code")
TASK_SORT_EXPOSURE = ("penetration_fraction", "statement")
OCC_SORT_USAGE = (
    "share_pct",
    "tasks_with_usage_fraction",
    "tasks_with_usage",
    "tasks_total",
    "median_wage_usd",
    "onet_soc_code",
    "title",
)
OCC_SORT_EXPOSURE = ("observed_exposure_fraction", "soc_2018_code", "title")
CATEGORY_SORT = ("share_pct", "workforce_pct", "major_group_code", "occupations_total")

OCCUPATION = P.ParamSpec(
    "occupation",
    "occupation",
    "Only tasks of this O*NET-SOC 2010 occupation (the code of `/occupations`).",
    example="15-1131.00",
)
MIN_SHARE = P.ParamSpec(
    "min_share_pct",
    "number",
    "Only tasks whose share_pct (share of conversations of the task, 0-100) is at least this.",
    minimum=0,
    maximum=100,
)
MIN_WAGE = P.ParamSpec(
    "min_wage_usd",
    "number",
    "Only occupations with a median annual wage of at least this (USD); leaves out "
    "occupations without a wage.",
    minimum=0,
)
MAX_WAGE = P.ParamSpec(
    "max_wage_usd",
    "number",
    "Only occupations with a median annual wage of at most this (USD); leaves out "
    "occupations without a wage.",
    minimum=0,
)
EDGES = P.ParamSpec(
    "edges",
    "number_list",
    "Band edges in USD, comma-separated and increasing, e.g. 30000,50000,80000: bands "
    "(-inf, 30000), [30000, 50000), [50000, 80000), [80000, inf). Not with quantiles.",
    minimum=0,
    maximum=10_000_000,
    max_items=50,
    example="30000,50000,80000",
)
QUANTILES = P.ParamSpec(
    "quantiles",
    "number_list",
    "Band edges as quantiles (0-1, exclusive) of the median wages of occupations with a wage, "
    "comma-separated and increasing (linear interpolation). Default when neither edges nor "
    "quantiles is given: 0.25,0.5,0.75 (quartiles).",
    minimum=0,
    maximum=1,
    max_items=50,
    # No example: Swagger's "Try it out" would send it with the edges example, which is a 400.
)
THRESHOLDS = P.ParamSpec(
    "thresholds",
    "number_list",
    "Thresholds t (0-1), comma-separated: share of occupations whose "
    "tasks_with_usage_fraction is at least t. Default 0.25,0.5,0.75.",
    default=depth_method.DEFAULT_THRESHOLDS,
    minimum=0,
    maximum=1,
    max_items=50,
    example="0.25,0.75",
)
BINS = P.ParamSpec(
    "bins",
    "integer",
    f"Number of equal bins over [0, 1] for the distribution of fractions (default "
    f"{depth_method.DEFAULT_BINS}, 1-100).",
    default=depth_method.DEFAULT_BINS,
    minimum=1,
    maximum=100,
)

LIST_PARAMS = (P.LIMIT, P.CURSOR, P.FORMAT)
LIST_COMMON = LIST_PARAMS


class TaskUsageParams(P.ListParams, frozen=True):
    q: str | None = None
    occupation: str | None = None
    major_group: str | None = None
    min_share_pct: float | None = None
    sort: str = "-share_pct"


TASKS_USAGE_PARAMS = P.ParamSet.of(
    (
        P.Q,
        OCCUPATION,
        P.MAJOR_GROUP,
        MIN_SHARE,
        P.sort_param(TASK_SORT_USAGE, "-share_pct"),
        *LIST_COMMON,
    ),
    TaskUsageParams,
)


class TaskExposureParams(P.ListParams, frozen=True):
    q: str | None = None
    sort: str = "-penetration_fraction"


TASKS_EXPOSURE_PARAMS = P.ParamSet.of(
    (
        P.Q,
        P.sort_param(TASK_SORT_EXPOSURE, "-penetration_fraction"),
        *LIST_COMMON,
    ),
    TaskExposureParams,
)


class OccupationUsageParams(P.ListParams, frozen=True):
    major_group: str | None = None
    q: str | None = None
    min_wage_usd: float | None = None
    max_wage_usd: float | None = None
    sort: str = "-share_pct"


OCC_USAGE_PARAMS = P.ParamSet.of(
    (
        P.MAJOR_GROUP,
        P.Q,
        MIN_WAGE,
        MAX_WAGE,
        P.sort_param(OCC_SORT_USAGE, "-share_pct"),
        *LIST_COMMON,
    ),
    OccupationUsageParams,
)


class GroupSearchParams(P.ListParams, frozen=True):
    """A per-occupation list filtered by major group and words (several endpoints)."""

    major_group: str | None = None
    q: str | None = None
    sort: str = "-share_pct"


class OccupationExposureParams(GroupSearchParams, frozen=True):
    sort: str = "-observed_exposure_fraction"


OCC_EXPOSURE_PARAMS = P.ParamSet.of(
    (
        P.MAJOR_GROUP,
        P.Q,
        P.sort_param(OCC_SORT_EXPOSURE, "-observed_exposure_fraction"),
        *LIST_COMMON,
    ),
    OccupationExposureParams,
)


class CategoryParams(P.ListParams, frozen=True):
    sort: str = "-share_pct"


CATEGORY_PARAMS = P.ParamSet.of(
    (P.sort_param(CATEGORY_SORT, "-share_pct"), *LIST_COMMON), CategoryParams
)
SOC2018_SORT = ("share_pct", "soc_2018_code", "title", "source_occupations")
SOC2018_PARAMS = P.ParamSet.of(
    (
        P.MAJOR_GROUP,
        P.Q,
        P.sort_param(SOC2018_SORT, "-share_pct"),
        *LIST_COMMON,
    ),
    GroupSearchParams,
)
EXPOSURE_RELEASE = P.ParamSpec(
    "exposure",
    "text",
    "Release id of the exposure series to join (default: the newest published one, today "
    "labor-market-impacts).",
    example="labor-market-impacts",
    allow_empty=False,
)
MATCH = P.ParamSpec(
    "match",
    "choice",
    "Which rows: all (default), both (code on both sides), usage_only (no exposure row), "
    "exposure_only (no usage occupation maps to the code).",
    default="all",
    choices=("all", "both", "usage_only", "exposure_only"),
)
JOIN_SORT = ("share_pct", "observed_exposure_fraction", "soc_2018_code", "title")


class UsageExposureParams(P.ListParams, frozen=True):
    exposure: str | None = None
    match: Literal["all", "both", "usage_only", "exposure_only"] = "all"
    major_group: str | None = None
    q: str | None = None
    sort: str = "-share_pct"


USAGE_EXPOSURE_PARAMS = P.ParamSet.of(
    (
        EXPOSURE_RELEASE,
        MATCH,
        P.MAJOR_GROUP,
        P.Q,
        P.sort_param(JOIN_SORT, "-share_pct"),
        *LIST_COMMON,
    ),
    UsageExposureParams,
)
USAGE_ONLY_REASON = "the exposure release publishes no observed exposure for these 2018 SOC codes"
EXPOSURE_ONLY_REASON = (
    "no occupation of the usage release maps to these 2018 SOC codes through the O*NET crosswalks"
)


class WageBandParams(P.FormatParams, frozen=True):
    edges: tuple[float, ...] | None = None
    quantiles: tuple[float, ...] | None = None


WAGE_BAND_PARAMS = P.ParamSet.of((EDGES, QUANTILES, P.FORMAT), WageBandParams)


class DepthParams(P.FormatParams, frozen=True):
    thresholds: tuple[float, ...] = depth_method.DEFAULT_THRESHOLDS
    bins: int = depth_method.DEFAULT_BINS


DEPTH_PARAMS = P.ParamSet.of((THRESHOLDS, BINS, P.FORMAT), DepthParams)
FORMAT_ONLY = P.ParamSet.of((P.FORMAT,), P.FormatParams)
NO_PARAMS = P.NO_PARAMS

# Release 2025-03-27: modes per occupation and group, thinking, clusters.
MODE_FIELDS = tuple(
    f"{m}_fraction"
    for m in ("directive", "feedback_loop", "task_iteration", "validation", "learning")
)
MODES_OCC_SORT = (
    "share_pct",
    "covered_share_pct",
    "automation_fraction",
    "augmentation_fraction",
    "filtered_fraction",
    *MODE_FIELDS,
    "onet_soc_code",
    "title",
)
MODES_CAT_SORT = (
    "share_pct",
    "automation_fraction",
    "augmentation_fraction",
    "filtered_fraction",
    *MODE_FIELDS,
    "major_group_code",
)
THINKING_SORT = (
    "share_pct",
    "thinking_fraction",
    "covered_fraction",
    "covered_share_pct",
    "onet_soc_code",
    "title",
)
TASK_THINKING_SORT = ("share_pct", "thinking_fraction", "task_key")
CLUSTER_SORT = ("records_pct", "users_pct", "thinking_fraction", "name", "level", "cluster_id")
MIN_GROUP_SHARE = P.ParamSpec(
    "min_share_pct",
    "number",
    "Only groups whose share of conversations (share_pct, 0-100) is at least this. The "
    "report shows groups above 0.5 (see above_report_threshold).",
    minimum=0,
    maximum=100,
)
PUBLISHED = P.ParamSpec(
    "published",
    "choice",
    "true: only keys with a published thinking fraction; false: only keys without one.",
    choices=("true", "false"),
)
LEVEL = P.ParamSpec(
    "level",
    "choice",
    "Cluster level: 0 (most granular, 630 clusters), 1 or 2 (broadest).",
    choices=("0", "1", "2"),
)
PARENT = P.ParamSpec(
    "parent",
    "text",
    "Only the children of this cluster id (e.g. the level-0 clusters of a level-1 cluster).",
    example="c1-3014805b97716db7",
    allow_empty=False,
)
TASK_FILTER = P.ParamSpec(
    "task",
    "integer",
    "Only clusters mapped to the task key of this O*NET task id.",
    minimum=0,
    maximum=10**9,
    example="1269",
)
MODES_OCC_PARAMS = P.ParamSet.of(
    (
        P.MAJOR_GROUP,
        P.Q,
        P.sort_param(MODES_OCC_SORT, "-share_pct"),
        *LIST_COMMON,
    ),
    GroupSearchParams,
)


class CategoryModesParams(P.ListParams, frozen=True):
    min_share_pct: float | None = None
    sort: str = "-share_pct"


MODES_CAT_PARAMS = P.ParamSet.of(
    (MIN_GROUP_SHARE, P.sort_param(MODES_CAT_SORT, "-share_pct"), *LIST_COMMON),
    CategoryModesParams,
)
THINKING_PARAMS = P.ParamSet.of(
    (P.MAJOR_GROUP, P.Q, P.sort_param(THINKING_SORT, "-share_pct"), *LIST_COMMON),
    GroupSearchParams,
)


class TaskThinkingParams(P.ListParams, frozen=True):
    q: str | None = None
    published: Literal["true", "false"] | None = None
    sort: str = "-share_pct"


TASK_THINKING_PARAMS = P.ParamSet.of(
    (
        P.Q,
        PUBLISHED,
        P.sort_param(TASK_THINKING_SORT, "-share_pct"),
        *LIST_COMMON,
    ),
    TaskThinkingParams,
)


class ClusterParams(P.ListParams, frozen=True):
    level: Literal["0", "1", "2"] | None = None
    q: str | None = None
    parent: str | None = None
    task: int | None = None
    sort: str = "-records_pct"


CLUSTER_PARAMS = P.ParamSet.of(
    (
        LEVEL,
        P.Q,
        PARENT,
        TASK_FILTER,
        P.sort_param(CLUSTER_SORT, "-records_pct"),
        *LIST_COMMON,
    ),
    ClusterParams,
)


def check_major_group(views: ReleaseViews, value: str | None) -> None:
    if value is not None and views.major_groups and value not in views.major_groups:
        raise invalid_parameter("major_group", f"{value} is not a SOC major group of this release")


def and_masks(mask: Mask | None, other: Mask) -> Mask:
    return other if mask is None else mask & other


# --- helpers over frames ---


def one_row(frame: pl.DataFrame | None, code: str, row_type: Any) -> Any:
    """The occupation's row of a per-occupation frame, or None (no frame or no row)."""
    if frame is None:
        return None
    found = frame.filter(pl.col("onet_soc_code") == code)
    return msgspec.convert(found.row(0, named=True), row_type) if found.height else None
