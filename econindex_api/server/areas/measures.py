"""Area: the release-level measures: categories, wage bands, depth, interaction modes (per
release, per occupation, per group), thinking, clusters."""

from __future__ import annotations

import itertools
from typing import Any

import msgspec
import polars as pl

from econindex_api import models
from econindex_api.server import queries
from econindex_api.server.areas.common import (
    CATEGORY_PARAMS,
    CLUSTER_PARAMS,
    DEPTH_PARAMS,
    FORMAT_ONLY,
    MODES_CAT_PARAMS,
    MODES_OCC_PARAMS,
    NO_PARAMS,
    TASK_THINKING_PARAMS,
    THINKING_PARAMS,
    WAGE_BAND_PARAMS,
    CategoryModesParams,
    CategoryParams,
    ClusterParams,
    DepthParams,
    GroupSearchParams,
    TaskThinkingParams,
    WageBandParams,
    check_major_group,
)
from econindex_api.server.toolkit.cache import Prepared
from econindex_api.server.toolkit.problems import ApiProblem, invalid_parameter
from econindex_api.server.toolkit.registry import (
    RELEASE,
    RELEASES,
    Endpoint,
    PathParam,
    Variant,
)
from econindex_api.server.toolkit.respond import (
    Context,
    object_answer,
    page_answer,
    table_answer,
)

# --- categories, wage bands, depth, interaction modes ---


def answer_categories(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params_as(CategoryParams)
    assert views.category_rows is not None
    frame = queries.sort_rows(views.category_rows, p.sort, ["major_group_code"])
    return page_answer(
        ctx, frame=frame, params=p, build_page=models.CategoryPage, row_type=models.CategoryRow
    )


def _increasing(name: str, values: tuple[float, ...]) -> None:
    if any(b <= a for a, b in itertools.pairwise(values)):
        raise invalid_parameter(name, "values must be strictly increasing")


def answer_wage_bands(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params_as(WageBandParams)
    assert views.occupation_rows is not None
    edges, quantile_list = p.edges, p.quantiles
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
    if ctx.tabular:
        return table_answer(ctx, table)
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
    views, p = ctx.views, ctx.params_as(DepthParams)
    assert views.occupation_rows is not None
    result = queries.depth_answer(views.occupation_rows, p.thresholds, p.bins)
    table: pl.DataFrame = result["table"]
    if ctx.tabular:
        return table_answer(ctx, table)
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
    if ctx.tabular:
        return table_answer(ctx, modes)
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
    views, p = ctx.views, ctx.params_as(GroupSearchParams)
    check_major_group(views, p.major_group)
    frame = queries.filter_occupation_measure(rows, q=p.q, major_group=p.major_group)
    frame = queries.sort_rows(frame, p.sort, ["onet_soc_code"])
    return page_answer(
        ctx,
        frame=_columns(frame, row_type),
        params=p,
        build_page=page_type,
        row_type=row_type,
    )


def answer_category_modes(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params_as(CategoryModesParams)
    assert views.category_modes is not None
    frame = views.category_modes
    if p.min_share_pct is not None:
        frame = frame.filter(pl.col("share_pct") >= p.min_share_pct)
    frame = queries.sort_rows(frame, p.sort, ["major_group_code"])
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
    views, p = ctx.views, ctx.params_as(TaskThinkingParams)
    assert views.task_thinking is not None
    frame = queries.filter_penetration(views.task_thinking, q=p.q)  # words of task_key
    if p.published is not None:
        published = pl.col("thinking_fraction").is_not_null()
        frame = frame.filter(published if p.published == "true" else ~published)
    frame = queries.sort_rows(frame, p.sort, ["task_key"])
    return page_answer(
        ctx,
        frame=_columns(frame, models.TaskThinkingRow),
        params=p,
        build_page=models.TaskThinkingPage,
        row_type=models.TaskThinkingRow,
    )


def answer_clusters(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params_as(ClusterParams)
    assert views.clusters is not None
    parent = p.parent
    if parent is not None and views.clusters.filter(pl.col("cluster_id") == parent).height == 0:
        raise invalid_parameter("parent", f"{parent[:40]!r} is not a cluster id of this release")
    task_keys = None
    if p.task is not None:
        tasks = views.tables["tasks"].filter(pl.col("task_id") == p.task)
        if tasks.height == 0:
            raise invalid_parameter("task", f"{p.task} is not an O*NET task id of this release")
        task_keys = tasks["task_key"].to_list()
    frame = queries.filter_clusters(
        views.clusters,
        level=None if p.level is None else int(p.level),
        q=p.q,
        parent=parent,
        task_keys=task_keys,
    )
    frame = queries.sort_rows(frame, p.sort, ["cluster_id"])
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


CLUSTER_ID = PathParam("cluster_id", "Stable cluster id.", "c0-000b0a11cc3579b5")


ENDPOINTS: tuple[Endpoint, ...] = (
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
        tables=True,
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
        tables=True,
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
        tables=True,
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
        tables=True,
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
        tables=True,
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
        tables=True,
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
        tables=True,
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
        tables=True,
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
        tables=True,
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
)
