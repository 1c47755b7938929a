"""The release endpoints: their parameters and how each answer is computed.

Each ``answer_*`` function takes a :class:`Context` (the resolved release and the request),
parses the query strictly against the endpoint's parameters for that release, runs the pure
queries (``queries``) and returns a prepared answer. Parameters that exist for another kind of
release (e.g. ``min_share_pct`` on the exposure release) are refused naming the measures this
release has; endpoints that do not apply answer 404 measure-not-available.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import msgspec
import polars as pl

from econindex_api import models
from econindex_api.methods import depth as depth_method
from econindex_api.server import params as P
from econindex_api.server import queries
from econindex_api.server.cache import Prepared
from econindex_api.server.problems import ApiProblem, invalid_parameter
from econindex_api.server.respond import (
    Context,
    csv_answer,
    object_answer,
    page_answer,
    wants_csv,
)
from econindex_api.server.views import ENDPOINT_PATHS, ReleaseViews

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
    "Only tasks of this O*NET-SOC occupation.",
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
    example="0.2,0.4,0.6,0.8",
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

LIST_COMMON = (P.LIMIT, P.CURSOR, P.FORMAT)

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
WAGE_BAND_PARAMS = (EDGES, QUANTILES, P.FORMAT)
DEPTH_PARAMS = (THRESHOLDS, BINS, P.FORMAT)
FORMAT_ONLY = (P.FORMAT,)
NO_PARAMS: tuple[P.ParamSpec, ...] = ()


def union_params(*groups: Sequence[P.ParamSpec]) -> list[P.ParamSpec]:
    """All parameters of an endpoint over the kinds of release, for the OpenAPI (sort choices
    merged)."""
    out: dict[str, P.ParamSpec] = {}
    for group in groups:
        for spec in group:
            if spec.name in out and spec.kind == "choice":
                merged = out[spec.name].choices + tuple(
                    c for c in spec.choices if c not in out[spec.name].choices
                )
                default = out[spec.name].default
                description = out[spec.name].description
                if spec.default != default:
                    description += f" On the exposure release the default is {spec.default}."
                out[spec.name] = P.ParamSpec(
                    spec.name, "choice", description, default=default, choices=merged
                )
            elif spec.name not in out:
                out[spec.name] = spec
    return list(out.values())


# --- shared checks ---


def not_available(ctx: Context, endpoint: str) -> ApiProblem:
    views = _views(ctx)
    serves = "; ".join(views.serves()) or "nothing"
    return ApiProblem(
        404,
        models.PROBLEM_MEASURE_NOT_AVAILABLE,
        f"release {ctx.state.id!r} has no data for /{ENDPOINT_PATHS.get(endpoint, endpoint)}; "
        f"its measures are {', '.join(ctx.state.entry.measures)} ({serves})",
        release=ctx.state.id,
        measures=list(ctx.state.entry.measures),
        allowed=[ENDPOINT_PATHS[e] for e in views.endpoints()],
    )


def _views(ctx: Context) -> ReleaseViews:
    views = ctx.state.views
    assert views is not None  # resolve() only hands out available releases
    return views


def parse(
    ctx: Context, specs: Sequence[P.ParamSpec], all_specs: Sequence[P.ParamSpec]
) -> dict[str, Any]:
    """Parse against this release's parameters; one that only other releases take is named."""
    try:
        return P.parse_query(ctx.query_string, specs)
    except ApiProblem as problem:
        name = problem.parameter
        own = {s.name for s in specs}
        if (
            problem.type == models.PROBLEM_UNKNOWN_PARAMETER
            and name is not None
            and name not in own
            and name in {s.name for s in all_specs}
        ):
            raise ApiProblem(
                400,
                models.PROBLEM_INVALID_PARAMETER,
                f"query parameter {name!r} does not apply to release {ctx.state.id!r}, whose "
                f"measures are {', '.join(ctx.state.entry.measures)}; it accepts: "
                f"{', '.join(sorted(own))}",
                parameter=name,
                release=ctx.state.id,
                measures=list(ctx.state.entry.measures),
                allowed=sorted(own),
            ) from None
        raise


def _check_major_group(views: ReleaseViews, value: str | None) -> None:
    if value is not None and views.major_groups and value not in views.major_groups:
        raise invalid_parameter("major_group", f"{value} is not a SOC major group of this release")


# --- tasks ---

TASKS_ALL_PARAMS = union_params(TASKS_USAGE_PARAMS, TASKS_EXPOSURE_PARAMS)


def answer_tasks(ctx: Context) -> Prepared:
    views = _views(ctx)
    if views.task_rows is not None:
        p = parse(ctx, TASKS_USAGE_PARAMS, TASKS_ALL_PARAMS)
        _check_major_group(views, p["major_group"])
        if p["occupation"] is not None and p["occupation"] not in views.occupation_codes:
            raise invalid_parameter(
                "occupation", f"{p['occupation']} is not an occupation of this release"
            )
        frame = queries.filter_task_usage(
            views.task_rows,
            q=p["q"],
            occupation=p["occupation"],
            major_group=p["major_group"],
            min_share_pct=p["min_share_pct"],
        )
        frame = queries.sort_rows(frame, p["sort"], ["task_id"])
        return page_answer(
            ctx,
            endpoint="tasks",
            frame=frame,
            params=p,
            build_page=models.TaskUsagePage,
            row_type=models.TaskUsageRow,
        )
    if views.penetration_rows is not None:
        p = parse(ctx, TASKS_EXPOSURE_PARAMS, TASKS_ALL_PARAMS)
        frame = queries.filter_penetration(views.penetration_rows, q=p["q"])
        frame = queries.sort_rows(frame, p["sort"], ["statement"])
        return page_answer(
            ctx,
            endpoint="tasks",
            frame=frame,
            params=p,
            build_page=models.TaskPenetrationPage,
            row_type=models.TaskPenetrationRow,
        )
    raise not_available(ctx, "tasks")


def answer_task(ctx: Context, task_id: str) -> Prepared:
    views = _views(ctx)
    if views.task_rows is None or views.pair_rows is None:
        raise not_available(ctx, "tasks")
    P.parse_query(ctx.query_string, NO_PARAMS)
    found = None
    if task_id.isascii() and task_id.isdigit() and len(task_id) < 12:
        found = queries.task_detail(views.task_rows, views.pair_rows, int(task_id))
    if found is None:
        raise ApiProblem(
            404,
            models.PROBLEM_UNKNOWN_TASK,
            f"no task {task_id[:40]!r} in release {ctx.state.id!r} (task ids are O*NET task "
            "ids, integers)",
            release=ctx.state.id,
        )
    row, occupations = found
    detail = models.TaskDetail(
        task=msgspec.convert(row, models.TaskUsageRow),
        occupations=msgspec.convert(occupations, list[models.TaskOccupation]),
        provenance=ctx.provenance,
    )
    return object_answer(ctx, detail)


# --- occupations ---

OCC_ALL_PARAMS = union_params(OCC_USAGE_PARAMS, OCC_EXPOSURE_PARAMS)


def answer_occupations(ctx: Context) -> Prepared:
    views = _views(ctx)
    if views.occupation_rows is not None:
        p = parse(ctx, OCC_USAGE_PARAMS, OCC_ALL_PARAMS)
        _check_major_group(views, p["major_group"])
        low, high = p["min_wage_usd"], p["max_wage_usd"]
        if low is not None and high is not None and low > high:
            raise invalid_parameter("max_wage_usd", "must not be below min_wage_usd")
        frame = queries.filter_occupation_usage(
            views.occupation_rows,
            q=p["q"],
            major_group=p["major_group"],
            min_wage_usd=low,
            max_wage_usd=high,
        )
        frame = queries.sort_rows(frame, p["sort"], ["onet_soc_code"])
        return page_answer(
            ctx,
            endpoint="occupations",
            frame=frame,
            params=p,
            build_page=models.OccupationUsagePage,
            row_type=models.OccupationUsageRow,
        )
    if views.exposure_rows is not None:
        p = parse(ctx, OCC_EXPOSURE_PARAMS, OCC_ALL_PARAMS)
        _check_major_group(views, p["major_group"])
        frame = queries.filter_exposure_occupations(
            views.exposure_rows, q=p["q"], major_group=p["major_group"]
        )
        frame = queries.sort_rows(frame, p["sort"], ["soc_code"])
        return page_answer(
            ctx,
            endpoint="occupations",
            frame=frame,
            params=p,
            build_page=models.OccupationExposurePage,
            row_type=models.OccupationExposureRow,
        )
    raise not_available(ctx, "occupations")


def _unknown_occupation(ctx: Context, code: str, form: str) -> ApiProblem:
    return ApiProblem(
        404,
        models.PROBLEM_UNKNOWN_OCCUPATION,
        f"no occupation {code[:40]!r} in release {ctx.state.id!r} (codes are {form})",
        release=ctx.state.id,
    )


def answer_occupation(ctx: Context, code: str) -> Prepared:
    views = _views(ctx)
    P.parse_query(ctx.query_string, NO_PARAMS)
    if views.occupation_rows is not None and views.task_rows is not None:
        found = queries.occupation_detail(views.occupation_rows, views.task_rows, code)
        if found is None:
            raise _unknown_occupation(ctx, code, "O*NET-SOC codes such as 15-1131.00")
        row, tasks = found
        detail: Any = models.OccupationUsageDetail(
            occupation=msgspec.convert(row, models.OccupationUsageRow),
            tasks=msgspec.convert(tasks, list[models.OccupationTask]),
            provenance=ctx.provenance,
        )
        return object_answer(ctx, detail)
    if views.exposure_rows is not None:
        exposure = queries.exposure_occupation_detail(views.exposure_rows, code)
        if exposure is None:
            raise _unknown_occupation(ctx, code, "6-digit SOC codes such as 15-1252")
        detail = models.OccupationExposureDetail(
            occupation=msgspec.convert(exposure, models.OccupationExposureRow),
            provenance=ctx.provenance,
        )
        return object_answer(ctx, detail)
    raise not_available(ctx, "occupations")


# --- categories, wage bands, depth, interaction modes ---


def answer_categories(ctx: Context) -> Prepared:
    views = _views(ctx)
    if views.category_rows is None:
        raise not_available(ctx, "categories")
    p = parse(ctx, CATEGORY_PARAMS, CATEGORY_PARAMS)
    frame = queries.sort_rows(views.category_rows, p["sort"], ["major_group_code"])
    return page_answer(
        ctx,
        endpoint="categories",
        frame=frame,
        params=p,
        build_page=models.CategoryPage,
        row_type=models.CategoryRow,
    )


def _increasing(name: str, values: list[float]) -> None:
    if any(b <= a for a, b in itertools.pairwise(values)):
        raise invalid_parameter(name, "values must be strictly increasing")


def answer_wage_bands(ctx: Context) -> Prepared:
    views = _views(ctx)
    if views.occupation_rows is None:
        raise not_available(ctx, "wage_bands")
    p = parse(ctx, WAGE_BAND_PARAMS, WAGE_BAND_PARAMS)
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
    if wants_csv(ctx, p):
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
    views = _views(ctx)
    if views.occupation_rows is None:
        raise not_available(ctx, "depth")
    p = parse(ctx, DEPTH_PARAMS, DEPTH_PARAMS)
    result = queries.depth_answer(views.occupation_rows, p["thresholds"], p["bins"])
    table: pl.DataFrame = result["table"]
    if wants_csv(ctx, p):
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
    views = _views(ctx)
    if views.interaction_modes is None or views.interaction_split is None:
        raise not_available(ctx, "interaction_modes")
    p = parse(ctx, FORMAT_ONLY, FORMAT_ONLY)
    modes = views.interaction_modes
    if wants_csv(ctx, p):
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
