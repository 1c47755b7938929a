"""Area: one usage measure across every dated usage release (``/v1/series/...``): SOC
groups, occupations, tasks, interaction modes, depth.

A series is served only where the comparability table says its measure compares across the
releases it spans (``server/comparable.py``): otherwise 400 ``incomparable-releases`` with the
comparable runs, which ``since``/``until`` select. Each point names its base and window rule;
a release without the entity gives ``present: false`` and ``value: null`` (never 0). The
entities come from the same per-release frames as the compares (``areas/compare.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Literal

import msgspec
import polars as pl

from econindex_api import models
from econindex_api.catalog import USAGE_SERIES
from econindex_api.methods import depth as depth_method
from econindex_api.methods.windows import AS_PUBLISHED, release_rule
from econindex_api.server.areas.compare import (
    INTERACTION_VALUE,
    MEASURES,
    THRESHOLDS,
    comparability_row,
    interaction_mode_entities,
    threshold_key,
)
from econindex_api.server.areas.occupations import series_suggestions
from econindex_api.server.comparable import comparable_base
from econindex_api.server.store import ReleaseState, Snapshot
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.cache import Prepared, prepare
from econindex_api.server.toolkit.problems import ApiProblem, invalid_parameter, release_unavailable
from econindex_api.server.toolkit.registry import Endpoint, PathParam, Variant
from econindex_api.server.toolkit.respond import JSON, SHORT, VARY, Context, table_answer

# --- series ---


SINCE = P.ParamSpec(
    "since",
    "text",
    "First release of the series (a dated usage release id, inclusive); default the oldest. "
    "With `until`, keeps the series inside a run of releases the measure compares across.",
    allow_empty=False,
)
UNTIL = P.ParamSpec(
    "until",
    "text",
    "Last release of the series (a dated usage release id, inclusive); default the newest.",
    allow_empty=False,
)


class SeriesParams(P.FormatParams, frozen=True):
    since: str | None = None
    until: str | None = None


class SeriesModesParams(SeriesParams, frozen=True):
    value: Literal["headline_share_pct", "share_pct"] = "headline_share_pct"


class SeriesDepthParams(SeriesParams, frozen=True):
    thresholds: tuple[float, ...] = depth_method.DEFAULT_THRESHOLDS


SERIES_INTERACTION_PARAMS = P.ParamSet.of(
    (INTERACTION_VALUE, SINCE, UNTIL, P.FORMAT), SeriesModesParams
)
SERIES_DEPTH_PARAMS = P.ParamSet.of((THRESHOLDS, SINCE, UNTIL, P.FORMAT), SeriesDepthParams)
SERIES_ENTITY_PARAMS = P.ParamSet.of((SINCE, UNTIL, P.FORMAT), SeriesParams)
SERIES_PATH_PARAM = {"categories": "major_group", "occupations": "code", "tasks": "task_id"}


def usage_releases(snapshot: Snapshot) -> list[ReleaseState]:
    """Every dated usage release, oldest first; 503 if one of them is unavailable."""
    states = [
        s
        for s in snapshot.releases.values()
        if s.entry.series == USAGE_SERIES and s.entry.date is not None
    ]
    states.sort(key=lambda s: (s.entry.date or "", s.id))
    for state in states:
        if not state.available:
            raise release_unavailable(state.id, state.unavailable_reason or "not loaded")
    return states


def observation_window(state: ReleaseState) -> models.ObservationWindow | None:
    """When the release's conversations were sampled, as its catalog entry states it."""
    window = state.entry.observation_window
    if window is None:
        return None
    return models.ObservationWindow(start=window.start, end=window.end, note=window.note)


def own_window_rule(state: ReleaseState) -> str:
    """How a usage release's classic tables are dated: the release's own figure over its
    months (``unweighted_mean_of_months``, adapters/long_usage.py) where it publishes more than
    one window, else its one window as published."""
    if state.views is None:
        return AS_PUBLISHED
    # Once per release, not per point: a modes series over six releases has 42 points.
    return state.views.prepared("own_window_rule", _window_rule_of)


def _window_rule_of(tables: Mapping[str, pl.DataFrame]) -> str:
    usage = tables.get("geo_usage")
    if usage is None or "window_rule" not in usage.columns:
        return AS_PUBLISHED
    return release_rule(usage["window_rule"].unique().to_list())


def _point(
    state: ReleaseState, value: float | None, present: bool, base: str | None = None
) -> models.SeriesPoint:
    return models.SeriesPoint(
        release_id=state.id,
        date=state.entry.date or "",
        observation_window=observation_window(state),
        value=value,
        present=present,
        provenance=models.Provenance(
            release_id=state.id,
            requested=state.id,
            version=state.version.version,
            package_sha256=state.version.package_sha256,
        ),
        base=base,
        window_rule=own_window_rule(state),
    )


def series_range(states: list[ReleaseState], p: SeriesParams) -> list[ReleaseState]:
    """The releases between ``since`` and ``until`` (inclusive); 400 naming the release ids
    for one that is not a usage release, or for an empty range."""
    ids = [s.id for s in states]
    for name, chosen in (("since", p.since), ("until", p.until)):
        if chosen is not None and chosen not in ids:
            raise invalid_parameter(name, f"{chosen[:40]!r} is not a usage release", ids)
    first = ids.index(p.since) if p.since is not None else 0
    last = ids.index(p.until) if p.until is not None else len(ids) - 1
    if first > last:
        raise invalid_parameter("until", f"{p.until} is older than since={p.since}", ids)
    return states[first : last + 1]


def _entity_series(
    states: Sequence[ReleaseState],
    frames: Sequence[pl.DataFrame | None],
    *,
    key: str | int,
    value_field: str,
    level: str | None = None,
    base: str | None = None,
) -> models.Series | None:
    """The series of one key over the releases' entity frames; None if it is in none."""
    points = []
    title = None
    for state, frame in zip(states, frames, strict=True):
        found = frame.filter(pl.col("key") == key) if frame is not None else None
        if found is not None and found.height:
            row = found.row(0, named=True)
            title = row["title"]
            value = row["value"]
            points.append(_point(state, None if value is None else float(value), True, base))
        else:
            points.append(_point(state, None, False, base))
    if title is None:
        return None
    return models.Series(
        key=str(key), title=title, level=level, value_field=value_field, unit="percent", data=points
    )


def answer_series(ctx: Context, kind: str) -> Prepared:
    """The registry's answer of ``/v1/series/...`` (computed on a miss)."""
    p = ctx.params_as(SeriesParams)
    states = series_range(usage_releases(ctx.snapshot), p)
    value_name = p.value if isinstance(p, SeriesModesParams) else "share_pct"
    row = comparability_row(kind, value_name)
    what = f"{kind} ({value_name})" if kind == "interaction-modes" else kind
    base = comparable_base(row, what, [s.id for s in states]) if row is not None else None
    series: list[models.Series] = []
    if kind in ("categories", "occupations", "tasks"):
        entity = ctx.path_params[SERIES_PATH_PARAM[kind]]
        spec = MEASURES[kind]
        key: str | int = entity
        if kind == "categories":
            # A path segment is taken as sent: the query parameter's parser forgives white
            # space around a value, which made ``15%0a`` the series of ``15`` (issue 18, N8).
            if entity != entity.strip() or not entity.isprintable():
                raise _unknown_entity(kind, entity, states)
            key = str(P.MAJOR_GROUP.parse(entity))
        elif kind == "tasks":
            if not (entity.isascii() and entity.isdigit() and len(entity) < 12):
                raise _unknown_entity(kind, entity, states)
            key = int(entity)
        frames = [spec.entities(s.views, "share_pct") if s.views else None for s in states]
        found = _entity_series(states, frames, key=key, value_field="share_pct", base=base)
        if found is None:
            raise _unknown_entity(kind, entity, states)
        series.append(found)
    elif kind == "interaction-modes":
        value = ctx.params_as(SeriesModesParams).value
        frames = [interaction_mode_entities(s.views, value) if s.views else None for s in states]
        keys: list[tuple[str, str]] = []
        for frame in frames:
            if frame is not None:
                for k, level in frame.select("key", "level").iter_rows():
                    if (k, level) not in keys:
                        keys.append((k, level))
        for k, level in keys:
            one = _entity_series(states, frames, key=k, value_field=value, level=level, base=base)
            if one is not None:
                series.append(one)
    else:  # depth
        thresholds = [float(t) for t in ctx.params_as(SeriesDepthParams).thresholds]
        frames = []
        for s in states:
            rows = s.views.occupation_rows if s.views else None
            if rows is None:
                frames.append(None)
                continue
            table = depth_method.depth_at_thresholds(rows, thresholds)
            frames.append(
                table.select(
                    pl.col("threshold")
                    .map_elements(threshold_key, return_dtype=pl.String)
                    .alias("key"),
                    pl.format("tasks_with_usage_fraction >= {}", "threshold").alias("title"),
                    pl.col("occupations_pct").alias("value"),
                ).unique("key", keep="first", maintain_order=True)
            )
        for t in dict.fromkeys(threshold_key(t) for t in thresholds):
            one = _entity_series(states, frames, key=t, value_field="occupations_pct", base=base)
            if one is not None:
                series.append(one)
    answer = models.SeriesSet(measure=kind, releases=[s.id for s in states], series=series)
    etag = hashlib.sha256(
        "\n".join(
            [
                *(s.version.package_sha256 for s in states),
                ctx.path,
                repr(ctx.link_query()),
                ctx.representation.legacy_token,
            ]
        ).encode()
    ).hexdigest()[:40]
    latest = states[-1] if states else None
    # A new release adds a point: a series is never immutable.
    headers: list[tuple[str, str]] = [("cache-control", SHORT), ("vary", VARY)]
    if latest is not None:
        headers += [
            (models.HEADER_RELEASE, latest.id),
            (models.HEADER_PACKAGE_VERSION, latest.version.version),
            (models.HEADER_PACKAGE_SHA256, latest.version.package_sha256),
        ]
    if ctx.tabular:
        flat = pl.DataFrame(
            [
                {
                    "key": s.key,
                    "title": s.title,
                    "level": s.level,
                    "value_field": s.value_field,
                    "release_id": pt.release_id,
                    "date": pt.date,
                    "observation_start": pt.observation_window.start
                    if pt.observation_window
                    else None,
                    "observation_end": pt.observation_window.end if pt.observation_window else None,
                    "value": pt.value,
                    "present": pt.present,
                    "base": pt.base,
                    "window_rule": pt.window_rule,
                    "package_version": pt.provenance.version,
                    "package_sha256": pt.provenance.package_sha256,
                }
                for s in series
                for pt in s.data
            ],
            schema={
                "key": pl.String,
                "title": pl.String,
                "level": pl.String,
                "value_field": pl.String,
                "release_id": pl.String,
                "date": pl.String,
                "observation_start": pl.String,
                "observation_end": pl.String,
                "value": pl.Float64,
                "present": pl.Boolean,
                "base": pl.String,
                "window_rule": pl.String,
                "package_version": pl.String,
                "package_sha256": pl.String,
            },
        )
        return table_answer(ctx, flat, headers=headers, etag_hex=etag)
    return prepare(msgspec.json.encode(answer), JSON, etag, tuple(headers))


def _unknown_entity(kind: str, entity: str, states: Sequence[ReleaseState]) -> ApiProblem:
    problem_type = {
        "categories": models.PROBLEM_UNKNOWN_CATEGORY,
        "occupations": models.PROBLEM_UNKNOWN_OCCUPATION,
        "tasks": models.PROBLEM_UNKNOWN_TASK,
    }[kind]
    return ApiProblem(
        404,
        problem_type,
        f"{entity[:40]!r} is in none of the usage releases ({', '.join(s.id for s in states)})",
        suggestions=series_suggestions(entity, states) if kind == "occupations" else None,
    )


# --- declarations (registry) ---

SERIES_DESCRIPTION = (
    " One point per dated release of the usage series, oldest first: release id, date, "
    "observation window, value (null and present = false when the entity is not in that "
    "release) and the provenance of that point."
)


def _series_endpoint(
    kind: str,
    path: str,
    operation_id: str,
    summary: str,
    description: str,
    params: P.ParamSet,
    path_params: tuple[PathParam, ...] = (),
) -> Endpoint:
    return Endpoint(
        name="series_" + kind.replace("-", "_"),
        path=path,
        operation_id=operation_id,
        summary=summary,
        description=description + SERIES_DESCRIPTION,
        tag="change",
        kind="object",
        response=models.SeriesSet,
        variants=(Variant(params, partial(answer_series, kind=kind)),),
        path_params=path_params,
        tables=True,
        precheck=_check_series,
    )


def _check_series(snapshot: Snapshot, path_params: Mapping[str, str]) -> None:
    """Every usage release available (a series with a silent gap would mislead)."""
    usage_releases(snapshot)


ENDPOINTS: tuple[Endpoint, ...] = (
    _series_endpoint(
        "categories",
        "/v1/series/categories/{major_group}",
        "seriesCategory",
        "Share of conversations of one SOC major group, release by release",
        "share_pct of the major group.",
        SERIES_ENTITY_PARAMS,
        (PathParam("major_group", "SOC major group: '15' or '15-0000'.", "15"),),
    ),
    _series_endpoint(
        "occupations",
        "/v1/series/occupations/{code}",
        "seriesOccupation",
        "Share of conversations of one occupation, release by release",
        "share_pct of the O*NET-SOC occupation.",
        SERIES_ENTITY_PARAMS,
        (PathParam("code", "O*NET-SOC code.", "15-1132.00"),),
    ),
    _series_endpoint(
        "tasks",
        "/v1/series/tasks/{task_id}",
        "seriesTask",
        "Share of conversations of one task statement, release by release",
        "share_pct of the statement's task key.",
        SERIES_ENTITY_PARAMS,
        (PathParam("task_id", "O*NET task id.", "8823"),),
    ),
    _series_endpoint(
        "interaction-modes",
        "/v1/series/interaction-modes",
        "seriesInteractionModes",
        "The automation/augmentation split and each mode, release by release",
        "value=headline_share_pct (default): the split (level split) and the five modes "
        "without `none` (level mode); value=share_pct: the six modes as published.",
        SERIES_INTERACTION_PARAMS,
    ),
    _series_endpoint(
        "depth",
        "/v1/series/depth",
        "seriesDepth",
        "Depth of use within occupations, release by release",
        "occupations_pct at each threshold (default 0.25,0.5,0.75).",
        SERIES_DEPTH_PARAMS,
    ),
)
