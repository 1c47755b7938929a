"""The endpoints: their parameters, how each answer is computed, and their declarations.

Each endpoint is one :class:`~econindex_api.server.registry.Endpoint` in ``ENDPOINTS`` at the
bottom of this module (see the registry's "How to add an endpoint"). Answer functions take a
:class:`Context` whose ``params`` were already parsed strictly against the endpoint's
parameters for that release (and canonicalized), run the pure queries (``queries``) and return
a prepared answer. Parameters that exist for another kind of release (e.g. ``min_share_pct``
on the exposure release) are refused naming the release's measures; endpoints that do not
apply answer 404 measure-not-available (both done by the registry from the variants).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Sequence
from typing import Any, Literal

import anyio.to_thread
import msgspec
import polars as pl

from econindex_api import models
from econindex_api._version import __version__
from econindex_api.catalog import EXPOSURE_SERIES
from econindex_api.methods import depth as depth_method
from econindex_api.methods.crosswalk import usage_exposure
from econindex_api.pages import drawing
from econindex_api.publishing import citation
from econindex_api.publishing.croissant import croissant_for
from econindex_api.server import params as P
from econindex_api.server import queries
from econindex_api.server.cache import Prepared, prepare
from econindex_api.server.downloads import (
    download_media_type,
    resource_key,
    serve_file,
)
from econindex_api.server.problems import ApiProblem, invalid_parameter, release_unavailable
from econindex_api.server.public_url import public_base_url
from econindex_api.server.registry import (
    RELEASE,
    RELEASES,
    Call,
    Endpoint,
    PathParam,
    Variant,
    linked_endpoints,
)
from econindex_api.server.respond import (
    CATALOG_CACHE,
    CSV,
    JSON,
    VARY,
    Context,
    csv_answer,
    object_answer,
    page_answer,
    plain_response,
    resolve,
    send,
)
from econindex_api.server.rowindex import Mask
from econindex_api.server.storage import DataSource
from econindex_api.server.store import ReleaseState
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
OCC_SORT_EXPOSURE = ("observed_exposure_fraction", "soc_code", "title")
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
    default=list(depth_method.DEFAULT_THRESHOLDS),
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

TASKS_USAGE_PARAMS = (
    P.Q,
    OCCUPATION,
    P.MAJOR_GROUP,
    MIN_SHARE,
    P.sort_param(TASK_SORT_USAGE, "-share_pct"),
    *LIST_COMMON,
)
TASKS_EXPOSURE_PARAMS = (
    P.Q,
    P.sort_param(TASK_SORT_EXPOSURE, "-penetration_fraction"),
    *LIST_COMMON,
)
OCC_USAGE_PARAMS = (
    P.MAJOR_GROUP,
    P.Q,
    MIN_WAGE,
    MAX_WAGE,
    P.sort_param(OCC_SORT_USAGE, "-share_pct"),
    *LIST_COMMON,
)
OCC_EXPOSURE_PARAMS = (
    P.MAJOR_GROUP,
    P.Q,
    P.sort_param(OCC_SORT_EXPOSURE, "-observed_exposure_fraction"),
    *LIST_COMMON,
)
CATEGORY_PARAMS = (P.sort_param(CATEGORY_SORT, "-share_pct"), *LIST_COMMON)
SOC2018_SORT = ("share_pct", "soc_2018_code", "title", "source_occupations")
SOC2018_PARAMS = (
    P.MAJOR_GROUP,
    P.Q,
    P.sort_param(SOC2018_SORT, "-share_pct"),
    *LIST_COMMON,
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
USAGE_EXPOSURE_PARAMS = (
    EXPOSURE_RELEASE,
    MATCH,
    P.MAJOR_GROUP,
    P.Q,
    P.sort_param(JOIN_SORT, "-share_pct"),
    *LIST_COMMON,
)
USAGE_ONLY_REASON = "the exposure release publishes no observed exposure for these 2018 SOC codes"
EXPOSURE_ONLY_REASON = (
    "no occupation of the usage release maps to these 2018 SOC codes through the O*NET crosswalks"
)
WAGE_BAND_PARAMS = (EDGES, QUANTILES, P.FORMAT)
DEPTH_PARAMS = (THRESHOLDS, BINS, P.FORMAT)
FORMAT_ONLY = (P.FORMAT,)
NO_PARAMS: tuple[P.ParamSpec, ...] = ()

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
MODES_OCC_PARAMS = (
    P.MAJOR_GROUP,
    P.Q,
    P.sort_param(MODES_OCC_SORT, "-share_pct"),
    *LIST_COMMON,
)
MODES_CAT_PARAMS = (MIN_GROUP_SHARE, P.sort_param(MODES_CAT_SORT, "-share_pct"), *LIST_COMMON)
THINKING_PARAMS = (P.MAJOR_GROUP, P.Q, P.sort_param(THINKING_SORT, "-share_pct"), *LIST_COMMON)
TASK_THINKING_PARAMS = (
    P.Q,
    PUBLISHED,
    P.sort_param(TASK_THINKING_SORT, "-share_pct"),
    *LIST_COMMON,
)
CLUSTER_PARAMS = (
    LEVEL,
    P.Q,
    PARENT,
    TASK_FILTER,
    P.sort_param(CLUSTER_SORT, "-records_pct"),
    *LIST_COMMON,
)


def _check_major_group(views: ReleaseViews, value: str | None) -> None:
    if value is not None and views.major_groups and value not in views.major_groups:
        raise invalid_parameter("major_group", f"{value} is not a SOC major group of this release")


# --- the catalog and one release ---


def links_of(state: ReleaseState, endpoints: Sequence[Endpoint]) -> models.ReleaseLinks:
    """The release's links; ``endpoints``: every endpoint the app serves (``ctx.endpoints``)."""
    base = f"{RELEASES}/{state.id}"
    linked = linked_endpoints(endpoints, state.views) if state.views is not None else []
    return models.ReleaseLinks(
        self=base,
        datapackage=f"{base}/datapackage.json",
        package_zip=f"{base}/package.zip",
        endpoints={e.name: f"{base}/{e.suffix}" for e in linked},
    )


def summary_of(
    state: ReleaseState, latest_id: str | None, endpoints: Sequence[Endpoint]
) -> models.ReleaseSummary:
    entry, version = state.entry, state.version
    return models.ReleaseSummary(
        id=entry.id,
        series=entry.series,
        title=entry.title,
        description=entry.description,
        date=entry.date,
        version=version.version,
        versions=[v.version for v in entry.versions],
        created=version.created,
        measures=list(entry.measures),
        package_sha256=version.package_sha256,
        package_bytes=version.package_bytes,
        is_latest=entry.id == latest_id,
        available=state.available,
        observation_window=(
            None
            if entry.observation_window is None
            else models.ObservationWindow(
                start=entry.observation_window.start,
                end=entry.observation_window.end,
                note=entry.observation_window.note,
            )
        ),
        links=links_of(state, endpoints),
    )


CATALOG_CSV_SCHEMA = {
    "id": pl.String,
    "series": pl.String,
    "title": pl.String,
    "date": pl.String,
    "observation_start": pl.String,
    "observation_end": pl.String,
    "version": pl.String,
    "measures": pl.String,
    "package_sha256": pl.String,
    "package_bytes": pl.Int64,
    "is_latest": pl.Boolean,
    "available": pl.Boolean,
}


def answer_catalog(ctx: Context) -> Prepared:
    snapshot = ctx.snapshot
    summaries = [
        summary_of(s, snapshot.latest_id, ctx.endpoints)
        for _, s in sorted(snapshot.releases.items())
    ]
    headers = (*ctx.base_headers(), (models.HEADER_TOTAL_COUNT, str(len(summaries))))
    if ctx.csv:
        frame = pl.DataFrame(
            [
                {
                    "id": s.id,
                    "series": s.series,
                    "title": s.title,
                    "date": s.date,
                    "observation_start": (
                        s.observation_window.start if s.observation_window else None
                    ),
                    "observation_end": s.observation_window.end if s.observation_window else None,
                    "version": s.version,
                    "measures": ";".join(s.measures),
                    "package_sha256": s.package_sha256,
                    "package_bytes": s.package_bytes,
                    "is_latest": s.is_latest,
                    "available": s.available,
                }
                for s in summaries
            ],
            schema=CATALOG_CSV_SCHEMA,
        )
        return prepare(frame.write_csv().encode(), CSV, ctx.etag_hex("csv"), headers)
    body = msgspec.json.encode(
        models.ReleaseList(data=summaries, total=len(summaries), latest=snapshot.latest_id)
    )
    return prepare(body, JSON, ctx.etag_hex("json"), headers)


def answer_release(ctx: Context) -> Prepared:
    state = ctx.release
    base = f"{RELEASES}/{state.id}/resources"
    resources = [
        models.ResourceInfo(
            name=r.name,
            title=r.title,
            rows=r.rows,
            csv=models.FileLink(
                href=f"{base}/{r.name}.csv",
                bytes=r.csv.bytes,
                sha256=r.csv.sha256,
                media_type="text/csv",
            ),
            parquet=models.FileLink(
                href=f"{base}/{r.name}.parquet",
                bytes=r.parquet.bytes,
                sha256=r.parquet.sha256,
                media_type="application/vnd.apache.parquet",
            ),
        )
        for r in state.version.resources
    ]
    detail = models.ReleaseDetail(
        release=summary_of(state, ctx.snapshot.latest_id, ctx.endpoints),
        requested=ctx.requested,
        resources=resources,
        provenance=ctx.provenance,
    )
    return object_answer(ctx, detail)


# --- tasks ---


def answer_task_usage(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params
    index = views.task_index
    assert index is not None
    _check_major_group(views, p["major_group"])
    if p["occupation"] is not None and p["occupation"] not in views.occupation_codes:
        raise invalid_parameter(
            "occupation", f"{p['occupation']} is not an occupation of this release"
        )
    # The filters of queries.filter_task_usage, on the prepared index (rowindex.py).
    mask = index.contains_words("task_key", p["q"])  # task_key is the lower-cased statement
    if p["occupation"] is not None:
        mask = _and(mask, index.equals("onet_soc_code", p["occupation"]))
    if p["major_group"] is not None:
        mask = _and(mask, index.equals("major_group_code", p["major_group"]))
    if p["min_share_pct"] is not None:
        mask = _and(mask, index.at_least("share_pct", p["min_share_pct"]))
    return page_answer(
        ctx,
        params=p,
        build_page=models.TaskUsagePage,
        index=index,
        positions=index.select(mask, p["sort"]),
    )


def _and(mask: Mask | None, other: Mask) -> Mask:
    return other if mask is None else mask & other


def answer_task_penetration(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params
    assert views.penetration_rows is not None
    frame = queries.filter_penetration(views.penetration_rows, q=p["q"])
    frame = queries.sort_rows(frame, p["sort"], ["statement"])
    return page_answer(
        ctx,
        frame=frame,
        params=p,
        build_page=models.TaskPenetrationPage,
        row_type=models.TaskPenetrationRow,
    )


def answer_task(ctx: Context) -> Prepared:
    views = ctx.views
    assert views.task_rows is not None and views.pair_rows is not None
    task_id = ctx.path_params["task_id"]
    found = None
    if task_id.isascii() and task_id.isdigit() and len(task_id) < 12:
        found = queries.task_detail(views.task_rows, views.pair_rows, int(task_id))
    if found is None:
        raise ApiProblem(
            404,
            models.PROBLEM_UNKNOWN_TASK,
            f"no task {task_id[:40]!r} in release {ctx.release.id!r} (task ids are O*NET task "
            "ids, integers)",
            release=ctx.release.id,
        )
    row, occupations = found
    detail = models.TaskDetail(
        task=msgspec.convert(row, models.TaskUsageRow),
        occupations=msgspec.convert(occupations, list[models.TaskOccupation]),
        provenance=ctx.provenance,
    )
    return object_answer(ctx, detail)


# --- occupations ---


def answer_occupation_usage(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params
    index = views.occupation_index
    assert index is not None
    _check_major_group(views, p["major_group"])
    low, high = p["min_wage_usd"], p["max_wage_usd"]
    if low is not None and high is not None and low > high:
        raise invalid_parameter("max_wage_usd", "must not be below min_wage_usd")
    # The filters of queries.filter_occupation_usage, on the prepared index (rowindex.py):
    # q matches the title (every word) or the start of the code.
    mask = index.contains_words("title", p["q"])
    if mask is not None:
        mask = mask | index.starts_with("onet_soc_code", p["q"].strip())
    if p["major_group"] is not None:
        mask = _and(mask, index.equals("major_group_code", p["major_group"]))
    if low is not None:
        mask = _and(mask, index.at_least("median_wage_usd", low))
    if high is not None:
        mask = _and(mask, index.at_most("median_wage_usd", high))
    return page_answer(
        ctx,
        params=p,
        build_page=models.OccupationUsagePage,
        index=index,
        positions=index.select(mask, p["sort"]),
    )


def answer_occupation_exposure(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params
    assert views.exposure_rows is not None
    _check_major_group(views, p["major_group"])
    frame = queries.filter_exposure_occupations(
        views.exposure_rows, q=p["q"], major_group=p["major_group"]
    )
    frame = queries.sort_rows(frame, p["sort"], ["soc_code"])
    return page_answer(
        ctx,
        frame=frame,
        params=p,
        build_page=models.OccupationExposurePage,
        row_type=models.OccupationExposureRow,
    )


def answer_occupation_soc2018(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params
    assert views.soc2018_rows is not None
    _check_major_group(views, p["major_group"])
    frame = queries.filter_soc_occupations(
        views.soc2018_rows, code="soc_2018_code", q=p["q"], major_group=p["major_group"]
    )
    frame = queries.sort_rows(frame, p["sort"], ["soc_2018_code"])
    return page_answer(
        ctx,
        frame=frame,
        params=p,
        build_page=models.OccupationSoc2018Page,
        row_type=models.OccupationSoc2018Row,
    )


def _exposure_release(ctx: Context) -> ReleaseState:
    """The exposure release named by ``exposure`` (default: the newest of the series)."""
    releases = ctx.snapshot.releases
    exposures = sorted(i for i, s in releases.items() if s.entry.series == EXPOSURE_SERIES)
    wanted: str | None = ctx.params["exposure"]
    if wanted is None:
        if not exposures:
            raise ApiProblem(
                404,
                models.PROBLEM_MEASURE_NOT_AVAILABLE,
                "no release of the exposure series is published",
                release=ctx.release.id,
            )
        # Undated upstream: the last in catalog order of ids is the newest we publish.
        wanted = exposures[-1]
    if wanted not in exposures:
        raise invalid_parameter(
            "exposure", f"{wanted[:80]!r} is not a release of the exposure series", exposures
        )
    state = resolve(ctx.snapshot, wanted)
    if state.views is None or state.views.exposure_rows is None:
        raise invalid_parameter("exposure", f"release {wanted!r} has no job exposure table")
    return state


def answer_usage_exposure(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params
    assert views.soc2018_rows is not None
    exposure = _exposure_release(ctx)
    assert exposure.views is not None and exposure.views.exposure_rows is not None
    _check_major_group(views, p["major_group"])
    joined, coverage = usage_exposure(
        views.soc2018_rows.rename({"title": "soc_2018_title"}), exposure.views.exposure_rows
    )
    match = p["match"]
    if match == "both":
        joined = joined.filter(pl.col("in_usage") & pl.col("in_exposure"))
    elif match == "usage_only":
        joined = joined.filter(~pl.col("in_exposure"))
    elif match == "exposure_only":
        joined = joined.filter(~pl.col("in_usage"))
    frame = queries.filter_soc_occupations(
        joined, code="soc_2018_code", q=p["q"], major_group=p["major_group"]
    )
    frame = queries.sort_rows(frame, p["sort"], ["soc_2018_code"])
    summary = models.UsageExposureCoverage(
        usage=models.JoinSide(
            release_id=ctx.release.id,
            occupations=coverage.usage.occupations,
            unmatched_occupations=coverage.usage.unmatched_occupations,
            unmatched_share_pct=coverage.usage.unmatched_share_pct,
            unmatched_codes=list(coverage.usage.unmatched_codes),
            reason=USAGE_ONLY_REASON,
        ),
        exposure=models.JoinSide(
            release_id=exposure.id,
            occupations=coverage.exposure.occupations,
            unmatched_occupations=coverage.exposure.unmatched_occupations,
            unmatched_share_pct=None,
            unmatched_codes=list(coverage.exposure.unmatched_codes),
            reason=EXPOSURE_ONLY_REASON,
        ),
        matched_occupations=coverage.matched_occupations,
        matched_share_pct=coverage.matched_share_pct,
        matched_zero_share_occupations=coverage.matched_zero_share_occupations,
    )
    exposure_provenance = models.Provenance(
        release_id=exposure.id,
        requested=p["exposure"] or exposure.id,
        version=exposure.version.version,
        package_sha256=exposure.version.package_sha256,
    )
    return page_answer(
        ctx,
        frame=frame,
        params=p,
        build_page=functools.partial(
            models.UsageExposurePage, exposure=exposure_provenance, coverage=summary
        ),
        row_type=models.UsageExposureRow,
    )


def _unknown_occupation(ctx: Context, code: str, form: str) -> ApiProblem:
    return ApiProblem(
        404,
        models.PROBLEM_UNKNOWN_OCCUPATION,
        f"no occupation {code[:40]!r} in release {ctx.release.id!r} (codes are {form})",
        release=ctx.release.id,
    )


def answer_occupation_usage_detail(ctx: Context) -> Prepared:
    views, code = ctx.views, ctx.path_params["code"]
    assert views.occupation_rows is not None and views.task_rows is not None
    found = queries.occupation_detail(views.occupation_rows, views.task_rows, code)
    if found is None:
        raise _unknown_occupation(ctx, code, "O*NET-SOC 2010 codes such as 15-1132.00")
    row, tasks = found
    detail = models.OccupationUsageDetail(
        occupation=msgspec.convert(row, models.OccupationUsageRow),
        tasks=msgspec.convert(tasks, list[models.OccupationTask]),
        interaction_modes=_one_row(views.occupation_modes, code, models.OccupationModesRow),
        thinking=_one_row(views.occupation_thinking, code, models.OccupationThinkingRow),
        provenance=ctx.provenance,
    )
    return object_answer(ctx, detail)


def answer_occupation_exposure_detail(ctx: Context) -> Prepared:
    views, code = ctx.views, ctx.path_params["code"]
    assert views.exposure_rows is not None
    exposure = queries.exposure_occupation_detail(views.exposure_rows, code)
    if exposure is None:
        raise _unknown_occupation(ctx, code, "6-digit 2018 SOC codes such as 15-1252")
    detail = models.OccupationExposureDetail(
        occupation=msgspec.convert(exposure, models.OccupationExposureRow),
        provenance=ctx.provenance,
    )
    return object_answer(ctx, detail)


# --- categories, wage bands, depth, interaction modes ---


def answer_categories(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params
    assert views.category_rows is not None
    frame = queries.sort_rows(views.category_rows, p["sort"], ["major_group_code"])
    return page_answer(
        ctx, frame=frame, params=p, build_page=models.CategoryPage, row_type=models.CategoryRow
    )


def _increasing(name: str, values: list[float]) -> None:
    if any(b <= a for a, b in itertools.pairwise(values)):
        raise invalid_parameter(name, "values must be strictly increasing")


def answer_wage_bands(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params
    assert views.occupation_rows is not None
    edges, quantile_list = p["edges"], p["quantiles"]
    if edges is not None and quantile_list is not None:
        raise invalid_parameter("quantiles", "give either edges or quantiles, not both")
    if edges is not None:
        _increasing("edges", edges)
    if quantile_list is not None:
        _increasing("quantiles", quantile_list)
        if any(q <= 0 or q >= 1 for q in quantile_list):
            raise invalid_parameter("quantiles", "values must lie strictly between 0 and 1")
    result = queries.wage_band_answer(views.occupation_rows, edges=edges, quantiles=quantile_list)
    table: pl.DataFrame = result["table"]
    if ctx.csv:
        return csv_answer(ctx, table)
    bands = models.WageBands(
        data=msgspec.convert(table.to_dicts(), list[models.WageBand]),
        method=result["method"],
        edges_usd=result["edges_usd"],
        quantiles=result["quantiles"],
        occupations_total=result["occupations_total"],
        occupations_without_wage=result["occupations_without_wage"],
        provenance=ctx.provenance,
    )
    return object_answer(ctx, bands)


def answer_depth(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params
    assert views.occupation_rows is not None
    result = queries.depth_answer(views.occupation_rows, p["thresholds"], p["bins"])
    table: pl.DataFrame = result["table"]
    if ctx.csv:
        return csv_answer(ctx, table)
    answer = models.Depth(
        data=msgspec.convert(table.to_dicts(), list[models.DepthAtThreshold]),
        distribution=msgspec.convert(result["distribution"].to_dicts(), list[models.DepthBin]),
        summary=msgspec.convert(result["summary"], models.DepthSummary),
        occupations_total=result["occupations_total"],
        provenance=ctx.provenance,
    )
    return object_answer(ctx, answer)


def answer_interaction_modes(ctx: Context) -> Prepared:
    views = ctx.views
    assert views.interaction_modes is not None and views.interaction_split is not None
    modes = views.interaction_modes
    if ctx.csv:
        return csv_answer(ctx, modes)
    split = [
        models.InteractionSplit(
            category=row["category"],
            share_pct=row["share_pct"],
            modes=[m for m in str(row["modes"]).split(",") if m],
        )
        for row in views.interaction_split.iter_rows(named=True)
    ]
    answer = models.InteractionModes(
        data=msgspec.convert(modes.to_dicts(), list[models.InteractionMode]),
        split=split,
        provenance=ctx.provenance,
    )
    return object_answer(ctx, answer)


# --- release 2025-03-27: modes per occupation and group, thinking, clusters ---


def _one_row(frame: pl.DataFrame | None, code: str, row_type: Any) -> Any:
    """The occupation's row of a per-occupation frame, or None (no frame or no row)."""
    if frame is None:
        return None
    found = frame.filter(pl.col("onet_soc_code") == code)
    return msgspec.convert(found.row(0, named=True), row_type) if found.height else None


def _columns(frame: pl.DataFrame, row_type: Any) -> pl.DataFrame:
    """The frame's columns in the order of the wire model (so CSV and JSON agree)."""
    return frame.select(list(row_type.__struct_fields__))


def answer_occupation_modes(ctx: Context) -> Prepared:
    assert ctx.views.occupation_modes is not None
    return _occupation_measure_page(
        ctx, ctx.views.occupation_modes, models.OccupationModesRow, models.OccupationModesPage
    )


def _occupation_measure_page(
    ctx: Context, rows: pl.DataFrame, row_type: Any, page_type: Any
) -> Prepared:
    """A page of a per-occupation measure table: filtered by ``q`` and ``major_group``,
    sorted by ``sort`` then code."""
    views, p = ctx.views, ctx.params
    _check_major_group(views, p["major_group"])
    frame = queries.filter_occupation_measure(rows, q=p["q"], major_group=p["major_group"])
    frame = queries.sort_rows(frame, p["sort"], ["onet_soc_code"])
    return page_answer(
        ctx,
        frame=_columns(frame, row_type),
        params=p,
        build_page=page_type,
        row_type=row_type,
    )


def answer_category_modes(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params
    assert views.category_modes is not None
    frame = views.category_modes
    if p["min_share_pct"] is not None:
        frame = frame.filter(pl.col("share_pct") >= p["min_share_pct"])
    frame = queries.sort_rows(frame, p["sort"], ["major_group_code"])
    return page_answer(
        ctx,
        frame=_columns(frame, models.CategoryModesRow),
        params=p,
        build_page=models.CategoryModesPage,
        row_type=models.CategoryModesRow,
    )


def answer_thinking(ctx: Context) -> Prepared:
    assert ctx.views.occupation_thinking is not None
    return _occupation_measure_page(
        ctx,
        ctx.views.occupation_thinking,
        models.OccupationThinkingRow,
        models.OccupationThinkingPage,
    )


def answer_task_thinking(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params
    assert views.task_thinking is not None
    frame = queries.filter_penetration(views.task_thinking, q=p["q"])  # words of task_key
    if p["published"] is not None:
        published = pl.col("thinking_fraction").is_not_null()
        frame = frame.filter(published if p["published"] == "true" else ~published)
    frame = queries.sort_rows(frame, p["sort"], ["task_key"])
    return page_answer(
        ctx,
        frame=_columns(frame, models.TaskThinkingRow),
        params=p,
        build_page=models.TaskThinkingPage,
        row_type=models.TaskThinkingRow,
    )


def answer_clusters(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params
    assert views.clusters is not None
    parent = p["parent"]
    if parent is not None and views.clusters.filter(pl.col("cluster_id") == parent).height == 0:
        raise invalid_parameter("parent", f"{parent[:40]!r} is not a cluster id of this release")
    task_keys = None
    if p["task"] is not None:
        tasks = views.tables["tasks"].filter(pl.col("task_id") == p["task"])
        if tasks.height == 0:
            raise invalid_parameter("task", f"{p['task']} is not an O*NET task id of this release")
        task_keys = tasks["task_key"].to_list()
    frame = queries.filter_clusters(
        views.clusters,
        level=None if p["level"] is None else int(p["level"]),
        q=p["q"],
        parent=parent,
        task_keys=task_keys,
    )
    frame = queries.sort_rows(frame, p["sort"], ["cluster_id"])
    return page_answer(
        ctx,
        frame=_columns(frame, models.ClusterRow),
        params=p,
        build_page=models.ClusterPage,
        row_type=models.ClusterRow,
    )


def answer_cluster(ctx: Context) -> Prepared:
    views = ctx.views
    assert views.clusters is not None
    cluster_id = ctx.path_params["cluster_id"]
    found = queries.cluster_detail(views.clusters, cluster_id)
    if found is None:
        raise ApiProblem(
            404,
            models.PROBLEM_UNKNOWN_CLUSTER,
            f"no cluster {cluster_id[:40]!r} in release {ctx.release.id!r} (ids look like "
            "c0-000b0a11cc3579b5; list them at /clusters)",
            release=ctx.release.id,
        )
    row, ancestors, children = found
    detail = models.ClusterDetail(
        cluster=msgspec.convert(row, models.ClusterRow),
        ancestors=msgspec.convert(ancestors, list[models.ClusterRow]),
        children=msgspec.convert(children, list[models.ClusterRow]),
        provenance=ctx.provenance,
    )
    return object_answer(ctx, detail)


# --- uncached handlers: downloads and service status ---


async def _download(call: Call, key: str, filename: str) -> Any:
    state = resolve(call.app.store.current, call.path_params["release"])
    P.parse_query(call.request.scope["query_string"], ())
    headers = [
        (models.HEADER_RELEASE, state.id),
        (models.HEADER_PACKAGE_VERSION, state.version.version),
        (models.HEADER_PACKAGE_SHA256, state.version.package_sha256),
        ("cache-control", Context.cache_control_for(call.path_params["release"])),
    ]
    return await serve_file(
        source=call.app.store.source,
        state=state,
        key=key,
        method=call.method,
        request_headers=call.request.headers,
        base_headers=headers,
        filename=filename.format(id=state.id, version=state.version.version),
    )


async def download_datapackage(call: Call) -> Any:
    return await _download(call, "datapackage.json", "datapackage.json")


async def download_zip(call: Call) -> Any:
    return await _download(call, "package.zip", "econindex-{id}-{version}.zip")


async def download_resource(call: Call) -> Any:
    state = resolve(call.app.store.current, call.path_params["release"])
    resource = call.path_params["resource"]
    key = resource_key(state, resource)
    return await _download(call, key, "econindex-{id}-{version}-" + resource)


async def download_data_file(call: Call) -> Any:
    """``data/<table>.csv|parquet``: the package's own layout under the release URL, so the
    descriptor's relative paths resolve against ``/v1/releases/{release}/datapackage.json``."""
    state = resolve(call.app.store.current, call.path_params["release"])
    name = call.path_params["file"]
    return await _download(call, resource_key(state, name), "econindex-{id}-{version}-" + name)


# --- citations and Croissant: built from the verified descriptor for the answering host ---

_DESCRIPTORS: dict[str, dict[str, Any]] = {}  # package sha256 -> descriptor (immutable)
CITATION_FORMAT = P.ParamSpec(
    "format",
    "choice",
    "Citation format: bibtex (default, application/x-bibtex), ris "
    "(application/x-research-info-systems) or csl-json "
    "(application/vnd.citationstyles.csl+json).",
    default="bibtex",
    choices=citation.FORMATS,
)


def release_descriptor(source: DataSource, state: ReleaseState) -> dict[str, Any]:
    """The release's datapackage.json, checked against its package sha256 (blocking I/O on
    the first call per package: call it off the event loop)."""
    digest = state.version.package_sha256
    if digest not in _DESCRIPTORS:
        data = source.read_bytes(state.files["datapackage.json"].path)
        if hashlib.sha256(data).hexdigest() != digest:
            raise release_unavailable(state.id, "datapackage.json changed since it was verified")
        _DESCRIPTORS[digest] = msgspec.json.decode(data)
    return _DESCRIPTORS[digest]


async def _release_descriptor(call: Call, state: ReleaseState) -> dict[str, Any]:
    if state.version.package_sha256 in _DESCRIPTORS:
        return _DESCRIPTORS[state.version.package_sha256]
    return await anyio.to_thread.run_sync(release_descriptor, call.app.store.source, state)


def release_croissant_document(
    descriptor: dict[str, Any], package_sha256: str, release_url: str
) -> dict[str, Any]:
    """The served Croissant of a release at ``release_url`` (absolute file URLs). The release
    page's Dataset JSON-LD is cut from this same document (``croissant.dataset_part``)."""
    facts = citation.facts_from_descriptor(descriptor, package_sha256, release_url)
    return croissant_for(
        descriptor,
        package_sha256,
        citation.to_bibtex(facts),
        base_url=release_url + "/",
        url=release_url,
    )


async def _metadata_answer(
    call: Call, state: ReleaseState, body: bytes, media_type: str, form: str
) -> Any:
    requested = call.path_params["release"]
    headers = (
        (models.HEADER_RELEASE, state.id),
        (models.HEADER_PACKAGE_VERSION, state.version.version),
        (models.HEADER_PACKAGE_SHA256, state.version.package_sha256),
        ("cache-control", Context.cache_control_for(requested)),
        ("vary", "Accept-Encoding"),
    )
    media_type = download_media_type(media_type, call.request.headers.get("accept"))
    identity = (state.version.package_sha256, public_base_url(call), form, media_type)
    etag = hashlib.sha256("\n".join(identity).encode()).hexdigest()[:40]
    return send(call.method, call.request.headers, prepare(body, media_type, etag, headers))


async def release_citation(call: Call) -> Any:
    state = resolve(call.app.store.current, call.path_params["release"])
    values = P.parse_query(call.request.scope["query_string"], (CITATION_FORMAT,))
    form: citation.CitationFormat = values["format"]
    descriptor = await _release_descriptor(call, state)
    url = f"{public_base_url(call)}{RELEASES}/{state.id}"
    facts = citation.facts_from_descriptor(descriptor, state.version.package_sha256, url)
    body = citation.render(facts, form).encode("utf-8")
    return await _metadata_answer(call, state, body, citation.MEDIA_TYPES[form], form)


async def release_croissant(call: Call) -> Any:
    state = resolve(call.app.store.current, call.path_params["release"])
    P.parse_query(call.request.scope["query_string"], ())
    descriptor = await _release_descriptor(call, state)
    release_url = f"{public_base_url(call)}{RELEASES}/{state.id}"
    document = release_croissant_document(descriptor, state.version.package_sha256, release_url)
    body = msgspec.json.format(msgspec.json.encode(document), indent=2)
    return await _metadata_answer(call, state, body, "application/ld+json", "croissant")


async def health(call: Call) -> Any:
    body = msgspec.json.encode(models.Health(version=__version__))
    return plain_response(call.method, body, headers=[("cache-control", "no-store")])


async def ready(call: Call) -> Any:
    store = call.app.store
    snapshot = await anyio.to_thread.run_sync(store.refresh)
    releases = []
    for rid, s in sorted(snapshot.releases.items()):
        pending = snapshot.pending.get(rid)
        releases.append(
            models.ReleaseStatus(
                id=s.id,
                version=s.version.version,
                available=s.available,
                detail=s.unavailable_reason,
                pending_version=pending.version if pending is not None else None,
                pending_detail=pending.reason if pending is not None else None,
                pending_attempts=pending.attempts if pending is not None else None,
            )
        )
    available = sum(1 for r in releases if r.available)
    problem = store.catalog_problem
    status: Literal["ready", "degraded", "not_ready"]
    if available and available == len(releases) and problem is None and not snapshot.pending:
        status = "ready"
    elif available:
        status = "degraded"
    else:
        status = "not_ready"
    body = msgspec.json.encode(
        models.Ready(
            status=status,
            releases=releases,
            catalog_sha256=snapshot.catalog_sha256,
            catalog_problem=problem,
            memory=call.app.memory_use(),
            renders=drawing.RENDERS,
        )
    )
    return plain_response(
        call.method,
        body,
        status=503 if status == "not_ready" else 200,
        headers=[("cache-control", "no-store")],
    )


async def openapi_document(call: Call) -> Any:
    return send(call.method, call.request.headers, call.app.openapi)


async def docs_page(call: Call) -> Any:
    return send(call.method, call.request.headers, call.app.docs.page())


async def docs_asset(call: Call) -> Any:
    asset = call.path_params["asset"]
    prepared = call.app.docs.asset(asset)
    if prepared is None:
        raise ApiProblem(404, models.PROBLEM_NOT_FOUND, f"no docs asset {asset[:60]!r}")
    return send(call.method, call.request.headers, prepared)


async def index(call: Call) -> Any:
    """``/`` for API clients (JSON links); browsers get the home page (econindex_api.pages)."""
    body = msgspec.json.encode(
        {
            "name": "econindex API",
            "version": __version__,
            "links": {
                "releases": RELEASES,
                "latest": f"{RELEASES}/latest",
                "openapi": "/openapi.json",
                "docs": "/docs",
                "health": "/health",
                "ready": "/ready",
            },
        }
    )
    # ``/`` negotiates (the home page for browsers): caches must key on Accept.
    headers = [("vary", VARY), ("cache-control", CATALOG_CACHE)]
    return plain_response(call.method, body, headers=headers)


# --- the declarations (order = order in the OpenAPI document) ---


def _has_usage_tasks(v: ReleaseViews) -> bool:
    return v.task_rows is not None and v.pair_rows is not None


def _warm_occupations(views: ReleaseViews) -> list[str]:
    """The default page and the top 50 of every major group in both spellings (the
    occupations page of a dashboard asks for these first)."""
    out = [""]
    for group in sorted(views.major_groups):
        out += [f"major_group={group[:2]}&limit=50", f"major_group={group}&limit=50"]
    return out


TASK_ID = PathParam("task_id", "O*NET task id.", "8823")
OCCUPATION_CODE = PathParam(
    "code",
    "O*NET-SOC 2010 code on usage releases (e.g. 15-1132.00), 6-digit 2018 SOC code on the "
    "exposure release (e.g. 15-1252).",
    "15-1132.00",
)
CLUSTER_ID = PathParam("cluster_id", "Stable cluster id.", "c0-000b0a11cc3579b5")
RESOURCE = PathParam(
    "resource", "Table file, `<name>.csv` or `<name>.parquet`.", "occupation_usage.csv"
)
DATA_FILE = PathParam(
    "file",
    "Table file as named in datapackage.json's `path` (`data/<name>.csv` or "
    "`data/<name>.parquet`), without `data/`.",
    "category_usage.csv",
)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="releases",
        path=RELEASES,
        operation_id="listReleases",
        summary="The catalog of published releases",
        description="Every release id with its current version, measures, package hash and "
        "links. `latest` names the newest dated release of the usage series.",
        tag="releases",
        kind="list",
        response=models.ReleaseList,
        variants=(Variant((P.FORMAT,), answer_catalog),),
        csv=True,
    ),
    Endpoint(
        name="release",
        path=RELEASES + "/{release}",
        operation_id="getRelease",
        summary="One release",
        description="The release, its resources (CSV and Parquet files with sizes and sha256) "
        "and the endpoints that apply to it. With `latest`, `release.id` is the dated id it "
        "resolved to.",
        tag="releases",
        kind="object",
        response=models.ReleaseDetail,
        variants=(Variant(NO_PARAMS, answer_release),),
        path_params=(RELEASE,),
        catalog_dependent=True,  # is_latest and availability come from the catalog
    ),
    Endpoint(
        name="datapackage",
        path=RELEASES + "/{release}/datapackage.json",
        operation_id="getDatapackage",
        summary="The Frictionless Data Package descriptor",
        description="The release's `datapackage.json` (its sha256 is the package hash). ETag = "
        "the file's sha256; Range requests are supported.",
        tag="downloads",
        kind="download",
        handler=download_datapackage,
        path_params=(RELEASE,),
        download_media=("application/json",),
    ),
    Endpoint(
        name="package_zip",
        path=RELEASES + "/{release}/package.zip",
        operation_id="getPackageZip",
        summary="The whole data package as a zip",
        description="`datapackage.json` and every resource, deterministic zip. ETag = the "
        "file's sha256; Range requests are supported.",
        tag="downloads",
        kind="download",
        handler=download_zip,
        path_params=(RELEASE,),
        download_media=("application/zip",),
    ),
    Endpoint(
        name="resource",
        path=RELEASES + "/{release}/resources/{resource}",
        operation_id="getResource",
        summary="One table as CSV or Parquet",
        description="`{name}.csv` or `{name}.parquet`, name one of the release's tables (see "
        "the release's resources). ETag = the file's sha256; Range requests are supported.",
        tag="downloads",
        kind="download",
        handler=download_resource,
        path_params=(RELEASE, RESOURCE),
        download_media=("text/csv", "application/vnd.apache.parquet"),
    ),
    Endpoint(
        name="data_file",
        path=RELEASES + "/{release}/data/{file}",
        operation_id="getDataFile",
        summary="One table file, at the path datapackage.json gives it",
        description="The package's own layout under the release URL: `datapackage.json` lists "
        "`data/<name>.csv` (the tabular resource) and `data/<name>.parquet`, relative paths "
        "that resolve here, so a Frictionless tool pointed at "
        "`/v1/releases/{release}/datapackage.json` reads every resource. Same bytes as "
        "`/resources/{resource}`. ETag = the file's sha256; Range requests are supported.",
        tag="downloads",
        kind="download",
        handler=download_data_file,
        path_params=(RELEASE, DATA_FILE),
        download_media=("text/csv", "application/vnd.apache.parquet"),
    ),
    Endpoint(
        name="citation",
        path=RELEASES + "/{release}/citation",
        operation_id="getCitation",
        summary="How to cite the release: BibTeX, RIS or CSL-JSON",
        description="Names the upstream creators, the upstream release and its date, the "
        "package version and the sha256 of its datapackage.json, the license and the URL of "
        "the release (on this server, or $ECONINDEX_PUBLIC_URL). The same citations are in "
        "every package (`CITATION.bib`, `CITATION.ris`, `CITATION.json`), with the upstream "
        "dataset's URL.",
        tag="releases",
        kind="download",
        handler=release_citation,
        path_params=(RELEASE,),
        handler_params=(CITATION_FORMAT,),
        download_media=tuple(citation.MEDIA_TYPES.values()),
    ),
    Endpoint(
        name="croissant",
        path=RELEASES + "/{release}/croissant.json",
        operation_id="getCroissant",
        summary="Croissant 1.0 JSON-LD metadata (schema.org Dataset) of the release",
        description="For dataset search engines and ML loaders (`mlcroissant load`): name, "
        "description, license, creator, datePublished, version, distribution (each CSV file "
        "with its sha256 and its URL on this server) and one record set per table. The "
        "package carries the same document as `croissant.json` with relative URLs.",
        tag="releases",
        kind="download",
        handler=release_croissant,
        path_params=(RELEASE,),
        download_media=("application/ld+json",),
    ),
    Endpoint(
        name="tasks",
        path=RELEASES + "/{release}/tasks",
        operation_id="listTasks",
        summary="Task usage",
        description="Usage releases: one row per O*NET task statement (task id under an "
        "occupation) with the share of conversations of its task key (`share_pct`) and the "
        "part attributed to this occupation (`attributed_share_pct`). The exposure release: "
        "one row per task statement with `penetration_fraction`. Pages are tagged by `kind`.",
        tag="tasks",
        kind="list",
        response=models.TaskUsagePage | models.TaskPenetrationPage,
        variants=(
            Variant(
                TASKS_USAGE_PARAMS,
                answer_task_usage,
                applies=lambda v: v.task_rows is not None,
                serves="tasks: share_pct (share of conversations per task)",
            ),
            Variant(
                TASKS_EXPOSURE_PARAMS,
                answer_task_penetration,
                applies=lambda v: v.penetration_rows is not None,
                serves="tasks: penetration_fraction",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
    Endpoint(
        name="task",
        path=RELEASES + "/{release}/tasks/{task_id}",
        operation_id="getTask",
        summary="One task",
        description="The task and every occupation whose statements carry its task key, with "
        "the share attributed to each (usage releases only).",
        tag="tasks",
        kind="object",
        response=models.TaskDetail,
        variants=(Variant(NO_PARAMS, answer_task, applies=_has_usage_tasks),),
        path_params=(RELEASE, TASK_ID),
    ),
    Endpoint(
        name="occupations",
        path=RELEASES + "/{release}/occupations",
        operation_id="listOccupations",
        summary="Occupation usage",
        description="Usage releases: one row per O*NET-SOC 2010 occupation (the taxonomy of "
        "the release's task statements, e.g. 15-1132.00) with task statements: share of "
        "conversations, tasks_total, tasks_with_usage, tasks_with_usage_fraction, median wage, "
        "major group; the same shares by 2018 SOC are at `/occupations/soc2018`. The exposure "
        "release: one row per 6-digit 2018 SOC occupation with `observed_exposure_fraction`. "
        "Pages are tagged by `kind`.",
        tag="occupations",
        kind="list",
        response=models.OccupationUsagePage | models.OccupationExposurePage,
        variants=(
            Variant(
                OCC_USAGE_PARAMS,
                answer_occupation_usage,
                applies=lambda v: v.occupation_rows is not None,
                serves="occupations: share_pct, tasks_with_usage_fraction, median_wage_usd",
            ),
            Variant(
                OCC_EXPOSURE_PARAMS,
                answer_occupation_exposure,
                applies=lambda v: v.exposure_rows is not None,
                serves="occupations: observed_exposure_fraction",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=_warm_occupations,
    ),
    Endpoint(
        name="occupations_soc2018",
        path=RELEASES + "/{release}/occupations/soc2018",
        operation_id="listOccupationsSoc2018",
        summary="Occupation usage by 2018 SOC code",
        description="Usage releases: one row per 6-digit 2018 SOC occupation, the O*NET-SOC "
        "2010 occupation shares carried through the official O*NET crosswalks (2010 -> 2019 "
        "-> 2018 SOC; a split 2010 occupation's share is divided equally among its 2019 "
        "targets, merges are summed; the shares sum to 100). Each row lists the source codes "
        "that fed it (`onet_soc_2010_codes`, `onet_soc_2019_codes`).",
        tag="occupations",
        kind="list",
        response=models.OccupationSoc2018Page,
        variants=(
            Variant(
                SOC2018_PARAMS,
                answer_occupation_soc2018,
                applies=lambda v: v.soc2018_rows is not None,
                serves="occupations/soc2018: share_pct by 2018 SOC code",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
    Endpoint(
        name="occupations_exposure",
        path=RELEASES + "/{release}/occupations/exposure",
        operation_id="listOccupationsExposure",
        summary="Usage next to exposure per 2018 SOC occupation",
        description="Usage releases: per 6-digit 2018 SOC occupation, this release's share of "
        "conversations (`share_pct`, from `/occupations/soc2018`) next to the exposure "
        "release's observed exposure (`observed_exposure_fraction`), in separate columns. A "
        "full join: a code on one side only has the other side's measure null, never zero. "
        "`coverage` counts, on each side, the occupations (and, for usage, the share) that "
        "found no partner, with the codes and why; it covers the whole join, whatever the "
        "filters. `exposure` is the exposure release's provenance.",
        tag="occupations",
        kind="list",
        response=models.UsageExposurePage,
        variants=(
            Variant(
                USAGE_EXPOSURE_PARAMS,
                answer_usage_exposure,
                applies=lambda v: v.soc2018_rows is not None,
                serves="occupations/exposure: share_pct next to observed_exposure_fraction",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        catalog_dependent=True,  # reads the exposure release too
    ),
    Endpoint(
        name="occupation",
        path=RELEASES + "/{release}/occupations/{code}",
        operation_id="getOccupation",
        summary="One occupation with its tasks",
        description="Usage releases: the occupation (O*NET-SOC 2010 code, e.g. 15-1132.00) and "
        "its task statements with their shares. The exposure release: the 6-digit 2018 SOC "
        "occupation (e.g. 15-1252) and its observed exposure.",
        tag="occupations",
        kind="object",
        response=models.OccupationUsageDetail | models.OccupationExposureDetail,
        variants=(
            Variant(
                NO_PARAMS,
                answer_occupation_usage_detail,
                applies=lambda v: v.occupation_rows is not None and v.task_rows is not None,
            ),
            Variant(
                NO_PARAMS,
                answer_occupation_exposure_detail,
                applies=lambda v: v.exposure_rows is not None,
            ),
        ),
        path_params=(RELEASE, OCCUPATION_CODE),
    ),
    Endpoint(
        name="categories",
        path=RELEASES + "/{release}/categories",
        operation_id="listCategories",
        summary="Usage by SOC major group",
        description="Per SOC major group: share of conversations next to the group's share of "
        "US employment (workforce_pct).",
        tag="categories",
        kind="list",
        response=models.CategoryPage,
        variants=(
            Variant(
                CATEGORY_PARAMS,
                answer_categories,
                applies=lambda v: v.category_rows is not None,
                serves="categories: share_pct, workforce_pct",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
    Endpoint(
        name="wage_bands",
        path=RELEASES + "/{release}/wage-bands",
        operation_id="getWageBands",
        summary="Usage by wage band",
        description="Sum of occupation shares per band of median annual wage, with the number "
        "of occupations per band and a final `no wage` row. Bands from `edges` (USD) or "
        "`quantiles` of occupations; default quartiles (`quantiles=0.25,0.5,0.75`). CSV gives "
        "the bands.",
        tag="methods",
        kind="object",
        response=models.WageBands,
        variants=(
            Variant(
                WAGE_BAND_PARAMS,
                answer_wage_bands,
                applies=lambda v: v.occupation_rows is not None,
                serves="wage-bands: share_pct by wage band",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
    Endpoint(
        name="depth",
        path=RELEASES + "/{release}/depth",
        operation_id="getDepth",
        summary="Depth of use within occupations",
        description="Share of occupations whose fraction of tasks with usage is at least each "
        "threshold (default 0.25,0.5,0.75), the distribution of the fractions and summary "
        "statistics. CSV gives the thresholds.",
        tag="methods",
        kind="object",
        response=models.Depth,
        variants=(
            Variant(
                DEPTH_PARAMS,
                answer_depth,
                applies=lambda v: v.occupation_rows is not None,
                serves="depth: occupations_pct",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
    Endpoint(
        name="interaction_modes",
        path=RELEASES + "/{release}/interaction-modes",
        operation_id="getInteractionModes",
        summary="Interaction modes and the automation/augmentation split",
        description="Raw shares per mode as published (including `none`) and the headline "
        "split: `none` dropped, the rest rescaled to 100; automation = directive + feedback "
        "loop, augmentation = task iteration + learning + validation. CSV gives the modes.",
        tag="methods",
        kind="object",
        response=models.InteractionModes,
        variants=(
            Variant(
                FORMAT_ONLY,
                answer_interaction_modes,
                applies=lambda v: (
                    v.interaction_modes is not None and v.interaction_split is not None
                ),
                serves="interaction-modes: share_pct by mode",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
    Endpoint(
        name="interaction_modes_occupations",
        path=RELEASES + "/{release}/interaction-modes/occupations",
        operation_id="listOccupationInteractionModes",
        summary="Interaction modes per occupation",
        description="Per occupation (docs/methods.md, section Releases with two observation "
        "windows): each mode's ratio is the mean of the per-task "
        "fractions weighted by the share of each (task key, occupation) pair, over the pairs "
        "whose key has a row in the per-task file (`covered_share_pct`). `filtered` stays in: "
        "automation + augmentation + filtered = 1. Releases with per-task modes only "
        "(2025-03-27 and later).",
        tag="methods",
        kind="list",
        response=models.OccupationModesPage,
        variants=(
            Variant(
                MODES_OCC_PARAMS,
                answer_occupation_modes,
                applies=lambda v: v.occupation_modes is not None,
                serves="interaction-modes/occupations: mode fractions per occupation",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
    Endpoint(
        name="interaction_modes_categories",
        path=RELEASES + "/{release}/interaction-modes/categories",
        operation_id="listCategoryInteractionModes",
        summary="Interaction modes per SOC major group",
        description="Per SOC major group (docs/methods.md, section Releases with two "
        "observation windows): the share-weighted ratios over the "
        "group's pairs, `filtered` dropped and the five modes rescaled to sum to 1 (automation "
        "+ augmentation = 1), next to the group's share of conversations; the report shows "
        "groups above 0.5 % (`above_report_threshold`, or `min_share_pct`).",
        tag="methods",
        kind="list",
        response=models.CategoryModesPage,
        variants=(
            Variant(
                MODES_CAT_PARAMS,
                answer_category_modes,
                applies=lambda v: v.category_modes is not None,
                serves="interaction-modes/categories: mode fractions per SOC major group",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
    Endpoint(
        name="thinking",
        path=RELEASES + "/{release}/thinking",
        operation_id="listOccupationThinking",
        summary="Extended thinking per occupation",
        description="Per occupation with usage: the share-weighted mean of the per-task "
        "extended-thinking fractions over the pairs whose key has a published value, and how "
        "much of the occupation's share that mean covers (`covered_fraction`). The per-task "
        "form is the sibling path `/thinking/tasks`.",
        tag="methods",
        kind="list",
        response=models.OccupationThinkingPage,
        variants=(
            Variant(
                THINKING_PARAMS,
                answer_thinking,
                applies=lambda v: v.occupation_thinking is not None,
                serves="thinking: thinking_fraction per occupation",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
    Endpoint(
        name="thinking_tasks",
        path=RELEASES + "/{release}/thinking/tasks",
        operation_id="listTaskThinking",
        summary="Extended thinking per task key",
        description="The per-task form of `/thinking`: the fraction of each task key's "
        "conversations that used extended thinking, as published; `null` means not published "
        "(too few conversations), never zero.",
        tag="methods",
        kind="list",
        response=models.TaskThinkingPage,
        variants=(
            Variant(
                TASK_THINKING_PARAMS,
                answer_task_thinking,
                applies=lambda v: v.task_thinking is not None,
                serves="thinking/tasks: thinking_fraction per task key",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
    Endpoint(
        name="clusters",
        path=RELEASES + "/{release}/clusters",
        operation_id="listClusters",
        summary="Bottom-up conversation clusters",
        description="The level-0 clusters and their level-1 and level-2 parents, one row per "
        "cluster with a stable `cluster_id` (`c<level>-` + 16 hex digits of "
        "sha256('<level>:<name>')). Filters: `level`, `q` (name and description), `parent`, "
        "`task` (O*NET task id). Measures are on level-0 rows only.",
        tag="clusters",
        kind="list",
        response=models.ClusterPage,
        variants=(
            Variant(
                CLUSTER_PARAMS,
                answer_clusters,
                applies=lambda v: v.clusters is not None,
                serves="clusters: records_pct, users_pct, collaboration and thinking ratios",
            ),
        ),
        path_params=(RELEASE,),
        csv=True,
        link=True,
        warm=("",),
    ),
    Endpoint(
        name="cluster",
        path=RELEASES + "/{release}/clusters/{cluster_id}",
        operation_id="getCluster",
        summary="One cluster with its ancestors and children",
        description="The cluster, its ancestors (parent first) and its children.",
        tag="clusters",
        kind="object",
        response=models.ClusterDetail,
        variants=(Variant(NO_PARAMS, answer_cluster, applies=lambda v: v.clusters is not None),),
        path_params=(RELEASE, CLUSTER_ID),
    ),
    Endpoint(
        name="health",
        path="/health",
        operation_id="health",
        summary="Liveness",
        description="200 while the process runs.",
        tag="service",
        kind="status",
        response=models.Health,
        handler=health,
    ),
    Endpoint(
        name="ready",
        path="/ready",
        operation_id="ready",
        summary="Readiness",
        description="`ready` (200) when every release in the catalog is loaded and verified; "
        "`degraded` (200) when some are unavailable; `not_ready` (503) when none is.",
        tag="service",
        kind="status",
        response=models.Ready,
        handler=ready,
        unavailable_503="No release is available.",
    ),
    Endpoint(
        name="openapi",
        path="/openapi.json",
        summary="This document",
        description="",
        tag="service",
        kind="status",
        handler=openapi_document,
        openapi=False,
    ),
    Endpoint(
        name="docs",
        path="/docs",
        summary="Docs page",
        description="",
        tag="service",
        kind="status",
        handler=docs_page,
        openapi=False,
    ),
    Endpoint(
        name="docs_asset",
        path="/docs/{asset}",
        summary="Docs assets",
        description="",
        tag="service",
        kind="status",
        handler=docs_asset,
        path_params=(PathParam("asset", "Docs asset file.", "init.js"),),
        openapi=False,
    ),
)

# The compare and series endpoints are declared in their own module (change.py); the pages in
# econindex_api.pages.routes; declarations.py joins the lists.
