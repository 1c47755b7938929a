"""Area: tasks (``/v1/releases/{release}/tasks``, ``/tasks/{task_id}``)."""

from __future__ import annotations

import functools

import msgspec

from econindex_api import models
from econindex_api.server import queries
from econindex_api.server.areas.common import (
    NO_PARAMS,
    TASKS_EXPOSURE_PARAMS,
    TASKS_USAGE_PARAMS,
    TaskExposureParams,
    TaskUsageParams,
    and_masks,
    check_major_group,
)
from econindex_api.server.rowindex import Indices, RowIndex
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
)
from econindex_api.server.views import ReleaseViews

# --- tasks ---


def answer_task_usage(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params_as(TaskUsageParams)
    index = views.task_index
    assert index is not None
    check_major_group(views, p.major_group)
    if p.occupation is not None and p.occupation not in views.occupation_codes:
        raise invalid_parameter(
            "occupation", f"{p.occupation} is not an occupation of this release"
        )
    positions = task_usage_positions(
        index,
        q=p.q,
        occupation=p.occupation,
        major_group=p.major_group,
        min_share_pct=p.min_share_pct,
        sort=p.sort,
    )
    # total counts rows, one per (statement, occupation); statements_total the distinct
    # statements among them (the rows stay as they were: an added field, not a change).
    statements = index.distinct("task_key", positions)
    return page_answer(
        ctx,
        params=p,
        build_page=functools.partial(models.TaskUsagePage, statements_total=statements),
        index=index,
        positions=positions,
    )


def task_usage_positions(
    index: RowIndex,
    *,
    q: str | None,
    occupation: str | None,
    major_group: str | None,
    min_share_pct: float | None,
    sort: str,
) -> Indices:
    """The rows of a task usage list, in order (the one filter of ``/tasks``, on the index
    prepared per release, ``views.task_index``): every word of ``q`` in the statement, the
    occupation and major group if given, ``share_pct`` at least ``min_share_pct``; sorted by
    ``sort`` then task id."""
    mask = index.contains_words("task_key", q)  # task_key is the lower-cased statement
    if occupation is not None:
        mask = and_masks(mask, index.equals("onet_soc_code", occupation))
    if major_group is not None:
        mask = and_masks(mask, index.equals("major_group_code", major_group))
    if min_share_pct is not None:
        mask = and_masks(mask, index.at_least("share_pct", min_share_pct))
    return index.select(mask, sort)


def answer_task_penetration(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params_as(TaskExposureParams)
    assert views.penetration_rows is not None
    frame = queries.filter_penetration(views.penetration_rows, q=p.q)
    frame = queries.sort_rows(frame, p.sort, ["statement"])
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


# --- the declarations (order = order in the OpenAPI document) ---


def _has_usage_tasks(v: ReleaseViews) -> bool:
    return v.task_rows is not None and v.pair_rows is not None


TASK_ID = PathParam("task_id", "O*NET task id.", "8823")


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="tasks",
        path=RELEASES + "/{release}/tasks",
        operation_id="listTasks",
        summary="Task usage",
        description="Usage releases: one row per O*NET task statement (task id under an "
        "occupation) with the share of conversations of its task key (`share_pct`) and the "
        "part attributed to this occupation (`attributed_share_pct`). A statement carried by "
        "several occupations is one row per occupation: `total` counts these rows, "
        "`statements_total` the distinct statements (task keys) among them. The exposure "
        "release: one row per task statement with `penetration_fraction`. Pages are tagged "
        "by `kind`.",
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
        tables=True,
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
)
