"""Change between two releases (``/v1/compare/...``) and time series (``/v1/series/...``).

Decisions (the issue is silent on these; written down here and in the README):

- **What is compared.** Each measure compares the value every release already serves on its own
  endpoint, on stable keys (docs/methods.md, "Change between releases"): categories and occupations
  ``share_pct`` by SOC major group code / O*NET-SOC code; tasks ``share_pct`` (the share of the
  statement's task key; 0 when a release's usage does not list the key, exactly as ``/tasks`` serves
  it) by O*NET task id; interaction modes by mode; depth ``occupations_pct`` by threshold; wage
  bands ``share_pct`` by band. So ``from_value`` equals what ``/v1/releases/{from}/...`` serves.
- **Absent entities.** An entity in one release only has the other side ``null`` (and
  ``in_from``/``in_to`` false), never 0; its change is null (it sorts last).
- **Interaction modes.** ``value=headline_share_pct`` (default): the five modes rescaled
  without ``none`` plus the automation/augmentation split (``level`` mode/split);
  ``value=share_pct``: the six raw modes as published.
- **Wage bands** use fixed USD ``edges`` on both sides (default
  ``methods.change.DEFAULT_COMPARE_EDGES_USD``); ``quantiles`` is refused, because each
  release's quantiles are different dollar ranges.
- **Headers and provenance.** The standard provenance headers and ``provenance`` name the
  ``to`` package; ``X-Econindex-From-*`` headers and ``from_provenance`` name the ``from``
  package. The ETag covers both package hashes; the answer is ``immutable`` only when both ids
  are dated (``latest`` on either side: ``max-age=60``).
- **Series** use every dated release of the ``usage`` series, oldest first; a release that is
  unavailable makes the series answer 503 (a series with a silent gap would mislead).
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Literal

import polars as pl

from econindex_api import models
from econindex_api.methods import change as change_method
from econindex_api.methods import depth as depth_method
from econindex_api.methods.windows import release_rule
from econindex_api.server import queries
from econindex_api.server.comparable import comparable_base
from econindex_api.server.store import ReleaseState, Snapshot
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.cache import Prepared
from econindex_api.server.toolkit.problems import ApiProblem, invalid_parameter
from econindex_api.server.toolkit.registry import Endpoint, PathParam, Variant
from econindex_api.server.toolkit.respond import (
    IMMUTABLE,
    SHORT,
    Context,
    page_answer,
    resolve,
)
from econindex_api.server.views import ReleaseViews

HEADER_FROM_RELEASE = models.HEADER_FROM_RELEASE
HEADER_FROM_PACKAGE_VERSION = models.HEADER_FROM_PACKAGE_VERSION
HEADER_FROM_PACKAGE_SHA256 = models.HEADER_FROM_PACKAGE_SHA256

Unit = Literal["percent", "fraction"]

# --- parameters ---

SORT_FIELDS = (
    "abs_change",
    "change",
    "change_pp",
    "relative_change",
    "from_value",
    "to_value",
    "key",
    "title",
)
SORT = P.sort_param(SORT_FIELDS, "-abs_change")
MIN_ABS_CHANGE = P.ParamSpec(
    "min_abs_change",
    "number",
    "Only rows whose absolute change is at least this, in the measure's unit (percentage "
    "points for _pct measures). Rows present on one side only have no change and drop out.",
    minimum=0,
)
INTERACTION_VALUE = P.ParamSpec(
    "value",
    "choice",
    "headline_share_pct (default): the five modes rescaled without `none`, and the "
    "automation/augmentation split; share_pct: the six modes as published.",
    default="headline_share_pct",
    choices=("headline_share_pct", "share_pct"),
)
COMPARE_EDGES = P.ParamSpec(
    "edges",
    "number_list",
    "Band edges in USD, comma-separated and increasing, applied to both releases (default "
    + ",".join(f"{e:.0f}" for e in change_method.DEFAULT_COMPARE_EDGES_USD)
    + "). Quantile bands are not comparable between releases and are refused.",
    default=change_method.DEFAULT_COMPARE_EDGES_USD,
    minimum=0,
    maximum=10_000_000,
    max_items=50,
    example="30000,50000,80000",
)
REFUSED_QUANTILES = P.ParamSpec(
    "quantiles",
    "number_list",
    "Refused (400): quantile edges differ between releases, so bands would not be comparable. "
    "Use edges.",
    max_items=50,
)
THRESHOLDS = P.ParamSpec(
    "thresholds",
    "number_list",
    "Thresholds t (0-1), comma-separated, applied to both releases: share of occupations "
    "whose tasks_with_usage_fraction is at least t. Default 0.25,0.5,0.75.",
    default=depth_method.DEFAULT_THRESHOLDS,
    minimum=0,
    maximum=1,
    max_items=50,
    example="0.25,0.75",
)

LIST = (P.LIMIT, P.CURSOR, P.FORMAT)
# Swagger's "Try it out" sends every example at once: each measure's `q` example finds rows
# among its own titles (with major_group=15 where the measure takes it).
Q_GROUPS = dataclasses.replace(P.Q, example="computer")
Q_MODES = dataclasses.replace(P.Q, example="automation")
Q_PLACES = dataclasses.replace(P.Q, example="california")


# The parsed parameters of each compare (one Struct per kind of measure; every compare is a
# list with a change filter and a sort).
class CompareParams(P.ListParams, frozen=True):
    min_abs_change: float | None = None
    sort: str = "-abs_change"


class CompareSearchParams(CompareParams, frozen=True):
    q: str | None = None


class CompareEntityParams(CompareSearchParams, frozen=True):
    """A measure with a major group per row: filtered by ``major_group`` too."""

    major_group: str | None = None


class CompareModesParams(CompareSearchParams, frozen=True):
    value: Literal["headline_share_pct", "share_pct"] = "headline_share_pct"


class CompareRatioParams(CompareEntityParams, frozen=True):
    value: str = "automation_fraction"  # one of MODE_FRACTIONS


class CompareDepthParams(CompareParams, frozen=True):
    thresholds: tuple[float, ...] = depth_method.DEFAULT_THRESHOLDS


class CompareWageParams(CompareParams, frozen=True):
    edges: tuple[float, ...] = change_method.DEFAULT_COMPARE_EDGES_USD
    quantiles: tuple[float, ...] | None = None


ENTITY_PARAMS = P.ParamSet.of(
    (P.Q, P.MAJOR_GROUP, MIN_ABS_CHANGE, SORT, *LIST), CompareEntityParams
)
GROUP_PARAMS = P.ParamSet.of(
    (Q_GROUPS, P.MAJOR_GROUP, MIN_ABS_CHANGE, SORT, *LIST), CompareEntityParams
)
PLAIN_PARAMS = P.ParamSet.of((P.Q, MIN_ABS_CHANGE, SORT, *LIST), CompareSearchParams)
PLACE_PARAMS = P.ParamSet.of((Q_PLACES, MIN_ABS_CHANGE, SORT, *LIST), CompareSearchParams)


def compared_value(p: CompareParams) -> str:
    """The column a measure compares: the ``value`` parameter of the interaction-mode
    measures, else share_pct (depth and wage bands name theirs in ``compute_compare``)."""
    if isinstance(p, CompareModesParams | CompareRatioParams):
        return p.value
    return "share_pct"


@dataclass(frozen=True)
class Measure:
    """One comparable measure: how to get its entities out of a release."""

    name: str  # path segment(s) after /v1/compare/{from}/{to}/
    summary: str
    description: str
    params: P.ParamSet
    # (views, the compared column: ``compared_value``) -> frame with key, title, [extras],
    # value; None = not available
    entities: Callable[[ReleaseViews, str], pl.DataFrame | None]
    extras: tuple[str, ...] = ()
    unit: Unit = "percent"


def _categories(views: ReleaseViews, value: str) -> pl.DataFrame | None:
    if views.category_rows is None:
        return None
    return views.category_rows.select(
        pl.col("major_group_code").alias("key"),
        pl.col("major_group_title").alias("title"),
        "major_group_code",
        pl.col("share_pct").alias("value"),
    )


def _occupations(views: ReleaseViews, value: str) -> pl.DataFrame | None:
    if views.occupation_rows is None:
        return None
    return views.occupation_rows.select(
        pl.col("onet_soc_code").alias("key"),
        "title",
        "major_group_code",
        pl.col("share_pct").alias("value"),
    )


def _tasks(views: ReleaseViews, value: str) -> pl.DataFrame | None:
    if views.task_rows is None:
        return None
    return views.task_rows.select(
        # The integer id: joins and sorts faster than its text (cast to text when served).
        pl.col("task_id").alias("key"),
        pl.col("statement").alias("title"),
        "major_group_code",
        "onet_soc_code",
        pl.col("share_pct").alias("value"),
    )


def _geographies(views: ReleaseViews, value: str) -> pl.DataFrame | None:
    """Claude.ai usage share per geography (key: canonical geo_id, so USPS CA of 2025-09-15
    meets ISO 3166-2 US-CA of later releases), the release's own figure (the mean of its
    months where it holds two); share of the parent (GLOBAL or the country)."""
    usage = views.tables.get("geo_usage")
    if usage is None:
        return None
    rows = usage.filter(pl.col("platform") == "claude_ai")
    rule = release_rule(rows["window_rule"].unique().to_list())
    return rows.filter(pl.col("window_rule") == rule).select(
        pl.col("geo_id").alias("key"),
        pl.coalesce("name", "geo_id").alias("title"),
        pl.col("geo_level").alias("level"),
        pl.col("usage_pct").alias("value"),
    )


def interaction_mode_entities(views: ReleaseViews, value: str) -> pl.DataFrame | None:
    """``value``: headline_share_pct (the split and the five modes without none) or
    share_pct (the six modes as published)."""
    modes, split = views.interaction_modes, views.interaction_split
    if modes is None or split is None:
        return None
    if value == "share_pct":
        return modes.select(
            pl.col("mode").alias("key"),
            pl.col("mode_label").alias("title"),
            pl.lit("mode").alias("level"),
            pl.col("share_pct").alias("value"),
        )
    with_mode = modes.filter(pl.col("headline_share_pct").is_not_null()).select(
        pl.col("mode").alias("key"),
        pl.col("mode_label").alias("title"),
        pl.lit("mode").alias("level"),
        pl.col("headline_share_pct").alias("value"),
    )
    categories = split.select(
        pl.col("category").alias("key"),
        pl.col("category").alias("title"),
        pl.lit("split").alias("level"),
        pl.col("share_pct").alias("value"),
    )
    return pl.concat([categories, with_mode])


MODE_FRACTIONS = (
    "automation_fraction",
    "augmentation_fraction",
    "directive_fraction",
    "feedback_loop_fraction",
    "task_iteration_fraction",
    "validation_fraction",
    "learning_fraction",
    "filtered_fraction",
)
MODE_FRACTION = P.ParamSpec(
    "value",
    "choice",
    "Which ratio to compare (a fraction 0-1; docs/methods.md, section Releases with two "
    "observation windows): automation_fraction (default), "
    "augmentation_fraction, one mode's fraction or filtered_fraction.",
    default="automation_fraction",
    choices=MODE_FRACTIONS,
)


def _modes_by(
    table: str, key: str, title: str | None
) -> Callable[[ReleaseViews, str], pl.DataFrame | None]:
    """Per-group or per-occupation interaction-mode ratios (tables of the releases that
    publish interaction modes per task, from 2025-03-27); ``value`` names the ratio."""

    def entities(views: ReleaseViews, value: str) -> pl.DataFrame | None:
        frame = views.tables.get(table)
        if frame is None:
            return None
        if title is None:  # occupation titles come from the occupations table
            titles = views.tables["occupations"].select("onet_soc_code", "title")
            frame = frame.join(titles, on="onet_soc_code", how="left")
        return frame.select(
            pl.col(key).alias("key"),
            pl.col(title or "title").fill_null("").alias("title"),
            pl.col(key).str.slice(0, 2).add(pl.lit("-0000")).alias("major_group_code"),
            pl.col(value).alias("value"),
        )

    return entities


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            "categories",
            "Change of the share of conversations per SOC major group",
            "One row per SOC major group (key: major group code): share_pct in each release.",
            GROUP_PARAMS,
            _categories,
            extras=("major_group_code",),
        ),
        Measure(
            "occupations",
            "Change of the share of conversations per occupation",
            "One row per O*NET-SOC occupation with task statements (key: O*NET-SOC code): "
            "share_pct in each release.",
            ENTITY_PARAMS,
            _occupations,
            extras=("major_group_code",),
        ),
        Measure(
            "tasks",
            "Change of the share of conversations per task statement",
            "One row per O*NET task statement (key: task id): the share_pct of its task key in "
            "each release (0 when the release's usage does not list the key, as /tasks serves "
            "it; null when the statement is not in the release).",
            ENTITY_PARAMS,
            _tasks,
            extras=("major_group_code", "onet_soc_code"),
        ),
        Measure(
            "geographies",
            "Change of the usage share per geography",
            "The long-format releases (2025-09-15 and later): one row per country or subregion "
            "(key: canonical geo_id; level: country or subregion): Claude.ai usage_pct, the "
            "share of the parent geography's conversations, the release's own figure (the "
            "unweighted mean of the months where it holds two).",
            PLACE_PARAMS,
            _geographies,
            extras=("level",),
        ),
        Measure(
            "interaction-modes",
            "Change of the interaction modes and of the automation/augmentation split",
            "value=headline_share_pct (default): the automation/augmentation split (level "
            "split) and the five modes rescaled without `none` (level mode); value=share_pct: "
            "the six modes as published (key: mode).",
            P.ParamSet.of(
                (INTERACTION_VALUE, Q_MODES, MIN_ABS_CHANGE, SORT, *LIST), CompareModesParams
            ),
            interaction_mode_entities,
            extras=("level",),
        ),
        Measure(
            "interaction-modes/categories",
            "Change of the interaction-mode ratios per SOC major group",
            "One row per SOC major group (key: major group code): the ratio named by `value` "
            "(default automation_fraction; filtered dropped and the five modes rescaled to 1). "
            "Only for releases that publish interaction modes per task (both sides).",
            P.ParamSet.of(
                (MODE_FRACTION, Q_GROUPS, P.MAJOR_GROUP, MIN_ABS_CHANGE, SORT, *LIST),
                CompareRatioParams,
            ),
            _modes_by("category_interaction_modes", "major_group_code", "major_group_title"),
            extras=("major_group_code",),
            unit="fraction",
        ),
        Measure(
            "interaction-modes/occupations",
            "Change of the interaction-mode ratios per occupation",
            "One row per O*NET-SOC occupation (key: code): the ratio named by `value` "
            "(default automation_fraction, of all the occupation's conversations, filtered "
            "kept). Only for releases that publish interaction modes per task (both sides).",
            P.ParamSet.of(
                (MODE_FRACTION, P.Q, P.MAJOR_GROUP, MIN_ABS_CHANGE, SORT, *LIST),
                CompareRatioParams,
            ),
            _modes_by("occupation_interaction_modes", "onet_soc_code", None),
            extras=("major_group_code",),
            unit="fraction",
        ),
    )
}
SPECIAL = ("depth", "wage-bands")
MEASURE_NAMES = (*MEASURES, *SPECIAL)
DEPTH_PARAMS = P.ParamSet.of((THRESHOLDS, MIN_ABS_CHANGE, SORT, *LIST), CompareDepthParams)
WAGE_PARAMS = P.ParamSet.of(
    (COMPARE_EDGES, REFUSED_QUANTILES, MIN_ABS_CHANGE, SORT, *LIST), CompareWageParams
)


def params_of(measure: str) -> P.ParamSet:
    if measure == "depth":
        return DEPTH_PARAMS
    if measure == "wage-bands":
        return WAGE_PARAMS
    return MEASURES[measure].params


# --- context: both packages ---


@dataclass(frozen=True)
class CompareContext(Context):
    """A compare request: ``state`` is the ``to`` release, ``from_state`` the ``from`` one."""

    from_state: ReleaseState
    from_requested: str

    @classmethod
    def of(
        cls, ctx: Context, before: ReleaseState, after: ReleaseState, from_req: str, to_req: str
    ) -> CompareContext:
        fields = {f.name: getattr(ctx, f.name) for f in dataclasses.fields(Context)}
        fields.update(state=after, requested=to_req)
        return cls(**fields, from_state=before, from_requested=from_req)

    @property
    def from_provenance(self) -> models.Provenance:
        return models.Provenance(
            release_id=self.from_state.id,
            requested=self.from_requested,
            version=self.from_state.version.version,
            package_sha256=self.from_state.version.package_sha256,
        )

    def base_headers(self) -> list[tuple[str, str]]:
        dated = "latest" not in (self.requested, self.from_requested)
        headers = [
            (k, v if k != "cache-control" else (IMMUTABLE if dated else SHORT))
            for k, v in super().base_headers()
        ]
        headers += [
            (HEADER_FROM_RELEASE, self.from_state.id),
            (HEADER_FROM_PACKAGE_VERSION, self.from_state.version.version),
            (HEADER_FROM_PACKAGE_SHA256, self.from_state.version.package_sha256),
        ]
        return headers

    def provenance_pairs(self) -> list[tuple[str, str]]:
        return [
            ("from_release_id", self.from_state.id),
            ("from_release_requested", self.from_requested),
            ("from_package_version", self.from_state.version.version),
            ("from_package_sha256", self.from_state.version.package_sha256),
        ]

    def etag_hex(self, representation: str) -> str:
        # Both packages and the canonical request only (not the catalog generation): an
        # immutable answer must keep its ETag when an unrelated release is published.
        key = "\n".join(
            (
                self.from_state.version.package_sha256,
                self.release.version.package_sha256,
                self.path,
                repr(self.link_query()),
                representation,
            )
        )
        return hashlib.sha256(key.encode()).hexdigest()[:40]


def _not_available(state: ReleaseState, measure: str) -> ApiProblem:
    return ApiProblem(
        404,
        models.PROBLEM_MEASURE_NOT_AVAILABLE,
        f"release {state.id!r} has no data for the measure {measure!r}; its measures are "
        f"{', '.join(state.entry.measures)}",
        release=state.id,
        measures=list(state.entry.measures),
    )


def _missing_side(ctx: CompareContext, measure: str) -> ApiProblem:
    """measure-not-available naming the side without occupation usage."""
    after_rows = ctx.state.views.occupation_rows if ctx.state and ctx.state.views else None
    return _not_available(ctx.from_state if after_rows is not None else ctx.release, measure)


def resolve_pair(
    snapshot: Snapshot, from_req: str, to_req: str
) -> tuple[ReleaseState, ReleaseState]:
    """Both releases (404 unknown, 503 unavailable), refusing releases of different series."""
    before = resolve(snapshot, from_req)
    after = resolve(snapshot, to_req)
    if before.entry.series != after.entry.series:
        raise ApiProblem(
            400,
            models.PROBLEM_INCOMPARABLE_RELEASES,
            f"release {before.id!r} (series {before.entry.series!r}) and {after.id!r} (series "
            f"{after.entry.series!r}) measure different things and cannot be compared; compare "
            "two releases of the same series",
            release=after.id,
            allowed=sorted(
                s.id for s in snapshot.releases.values() if s.entry.series == before.entry.series
            ),
        )
    return before, after


def answer_compare(ctx: Context, measure: str) -> Prepared:
    """The registry's answer of ``/v1/compare/{from}/{to}/<measure>`` (computed on a miss)."""
    from_req, to_req = ctx.path_params["from"], ctx.path_params["to"]
    before, after = resolve_pair(ctx.snapshot, from_req, to_req)
    return compute_compare(CompareContext.of(ctx, before, after, from_req, to_req), measure)


# The comparability table's row (methods/comparability.py) each measure is checked against;
# a measure not listed (modes per group or occupation, wage bands) has no cross-release row
# of its own yet and is served as before, releases side by side (noted in the issue tracker).
def comparability_row(measure: str, value: str) -> str | None:
    if measure == "interaction-modes":
        return "automation_split" if value == "headline_share_pct" else "interaction_modes_raw"
    return {
        "categories": "soc_group_share",
        "occupations": "occupation_share",
        "tasks": "task_share",
        "depth": "depth_of_use",
    }.get(measure)


def compute_compare(ctx: CompareContext, measure: str) -> Prepared:
    """Compare, filter, sort, page: the uncached work of one request."""
    before_views, after_views = ctx.from_state.views, ctx.views
    assert before_views is not None  # resolve() checked
    p = ctx.params_as(CompareParams)
    row = comparability_row(measure, compared_value(p))
    pair = sorted((ctx.from_state, ctx.release), key=lambda s: (s.entry.date or "", s.id))
    base = (
        comparable_base(row, f"{measure} ({compared_value(p)})", [s.id for s in pair])
        if row is not None and pair[0].id != pair[1].id
        else None
    )
    thresholds = edges = None
    extras: tuple[str, ...] = ()
    unit: Unit = "percent"
    if measure == "depth":
        value_field = "occupations_pct"
        if before_views.occupation_rows is None or after_views.occupation_rows is None:
            raise _missing_side(ctx, measure)
        thresholds = [float(t) for t in ctx.params_as(CompareDepthParams).thresholds]
        rows = change_method.depth_comparison(
            before_views.occupation_rows, after_views.occupation_rows, thresholds
        ).select(
            pl.col("threshold").map_elements(threshold_key, return_dtype=pl.String).alias("key"),
            pl.format("tasks_with_usage_fraction >= {}", "threshold").alias("title"),
            *change_method.CHANGE_COLUMNS,
        )
    elif measure == "wage-bands":
        value_field = "share_pct"
        wage = ctx.params_as(CompareWageParams)
        if wage.quantiles is not None:
            raise invalid_parameter(
                "quantiles",
                "quantile bands are not comparable between releases (each release's quantiles "
                "are different dollar ranges); give fixed edges in USD, e.g. "
                "edges=30000,50000,80000",
            )
        if before_views.occupation_rows is None or after_views.occupation_rows is None:
            raise _missing_side(ctx, measure)
        edges = [float(e) for e in wage.edges]
        if any(b <= a for a, b in itertools.pairwise(edges)):
            raise invalid_parameter("edges", "values must be strictly increasing")
        rows = change_method.wage_band_comparison(
            before_views.occupation_rows, after_views.occupation_rows, edges
        ).select(
            pl.col("label").alias("key"),
            pl.col("label").alias("title"),
            *change_method.CHANGE_COLUMNS,
        )
    else:
        spec = MEASURES[measure]
        value_field = compared_value(p)
        unit = spec.unit
        extras = spec.extras
        left = spec.entities(before_views, value_field)
        right = spec.entities(after_views, value_field)
        if left is None:
            raise _not_available(ctx.from_state, measure)
        if right is None:
            raise _not_available(ctx.release, measure)
        group = p.major_group if isinstance(p, CompareEntityParams) else None
        if group is not None:
            groups = before_views.major_groups | after_views.major_groups
            if group not in groups:
                raise invalid_parameter(
                    "major_group", f"{group} is not a SOC major group of either release"
                )
        rows = change_method.compare_values(
            left, right, keys=["key"], value="value", labels=["title", *extras]
        )
        if group is not None:
            rows = rows.filter(pl.col("major_group_code") == group)
    q = p.q if isinstance(p, CompareSearchParams) else None
    if q:
        rows = rows.filter(
            queries.text_match("title", q)
            | pl.col("key").cast(pl.String).str.starts_with(q.strip())
        )
    rows = change_method.filter_min_abs_change(rows, p.min_abs_change)
    sort = p.sort.replace("change_pp", "change")
    rows = change_method.sort_changes(rows, sort, ["key"])
    rows = rows.with_columns(
        (pl.col("change") if unit == "percent" else pl.lit(None, pl.Float64)).alias("change_pp")
    ).select(
        pl.col("key").cast(pl.String),
        "title",
        *extras,
        "from_value",
        "to_value",
        "change",
        "change_pp",
        "relative_change",
        "in_from",
        "in_to",
    )
    build_page = partial(
        models.ComparePage,
        measure=measure,
        value_field=value_field,
        unit=unit,
        from_provenance=ctx.from_provenance,
        to_provenance=ctx.provenance,
        thresholds=thresholds,
        edges_usd=edges,
        base=base,
    )
    return page_answer(
        ctx,
        endpoint=f"compare/{measure}/{ctx.from_state.version.package_sha256}",
        frame=rows,
        params=p,
        build_page=build_page,
        row_type=models.ChangeRow,
    )


def threshold_key(value: float) -> str:
    return P.format_value(float(value))


# --- declarations (registry) ---

FROM = PathParam(
    "from",
    "The earlier release: a dated id or `latest`. Must be of the same series as `to`.",
    "2025-02-10",
)
TO = PathParam("to", "The later release: a dated id or `latest`.", "latest")
COMPARE_DESCRIPTION = (
    " Rows: key, title, from_value and to_value (null when the entity is not in that release, "
    "never 0), change (to - from) and change_pp (the same, in percentage points, for _pct "
    "measures), relative_change ((to - from) / from; null when from is 0 or missing), in_from "
    "and in_to. Default order: largest absolute change first. Both packages are named "
    "(from_provenance, to_provenance; X-Econindex-From-* headers); immutable when both ids are "
    "dated. Releases of different series: 400 incomparable-releases. The same release on both "
    "sides: every change is 0. Unknown release: 404."
)
DEPTH_DESCRIPTION = (
    "One row per threshold (same thresholds on both sides): occupations_pct, the share of "
    "occupations whose tasks_with_usage_fraction reaches it."
)
WAGE_DESCRIPTION = (
    "One row per band of median annual wage, with fixed USD edges on both sides, and a `no "
    "wage` row: share_pct. `quantiles` is refused (400)."
)


# Modes per group or occupation exist only in releases with modes per task (2025-03-27 on):
# their example compares that release with `latest`, so that the example answers rows.
FROM_WITH_TASK_MODES = dataclasses.replace(FROM, example="2025-03-27")


def _compare_endpoint(name: str, summary: str, description: str) -> Endpoint:
    words = name.replace("/", "-").split("-")
    return Endpoint(
        name="compare_" + "_".join(words),
        path="/v1/compare/{from}/{to}/" + name,
        operation_id="compare" + "".join(w.capitalize() for w in words),
        summary=summary,
        description=description + COMPARE_DESCRIPTION,
        tag="change",
        kind="list",
        response=models.ComparePage,
        variants=(Variant(params_of(name), partial(answer_compare, measure=name)),),
        path_params=(
            FROM_WITH_TASK_MODES if name.startswith("interaction-modes/") else FROM,
            TO,
        ),
        tables=True,
        precheck=_check_pair,
    )


def _check_pair(snapshot: Snapshot, path_params: Mapping[str, str]) -> None:
    """Both releases of a compare known, available and of one series (else the problem)."""
    resolve_pair(snapshot, path_params["from"], path_params["to"])


ENDPOINTS: tuple[Endpoint, ...] = (
    *(_compare_endpoint(m.name, m.summary, m.description) for m in MEASURES.values()),
    _compare_endpoint("depth", "Change of depth of use within occupations", DEPTH_DESCRIPTION),
    _compare_endpoint("wage-bands", "Change of usage by wage band", WAGE_DESCRIPTION),
)
# Joined last in declarations.py, after the release endpoints (the OpenAPI keeps that order).
