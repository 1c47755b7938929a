"""Area: a geography's usage share and AUI across the long-format releases
(``/v1/series/geographies/{geo_id}``).

Every point names its base (``SeriesPoint.base``), and a series is served only where the
comparability table (``methods/comparability.py``) says the releases it spans compare on one
base; otherwise 400 ``incomparable-releases`` naming the first step that does not (e.g. the
country AUI between 2026-03-24 and 2026-06-26). Decisions:

* ``measure=usage_pct`` (default): the geography's share of its parent's conversations, as
  each release publishes it (geography ids are canonical in every package: USPS ``CA`` is
  ``US-CA``, alpha-2 countries are alpha-3).
* ``measure=aui``: restated on the comparability table's base, never the reports' mixed
  conventions: countries on the ``symmetric`` convention from counts (both sums over the
  countries with at least 200 conversations and a population); US states (and DC) as
  published in ``geo_usage`` (already symmetric among states with at least 100
  conversations). Subregions outside the US have no cross-release base: 400.
* ``window=release`` (default): one point per release, the release's own figure
  (``unweighted_mean_of_months`` where a release holds two months, else ``as_published``);
  ``window=each``: one point per published window.
* Releases without geography (2025-02-10, 2025-03-27) are not points of this series; a
  long-format release that does not publish the geography gives ``present: false`` and
  ``value: null`` (absent is never 0).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import msgspec
import polars as pl

from econindex_api import models
from econindex_api.methods.geography import SYMMETRIC, usage_index
from econindex_api.methods.windows import AS_PUBLISHED, release_rule
from econindex_api.publishing.tables_long import PRIMITIVES
from econindex_api.server.comparable import comparable_base
from econindex_api.server.store import ReleaseState, Snapshot
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.cache import Prepared, prepare
from econindex_api.server.toolkit.problems import ApiProblem, invalid_parameter
from econindex_api.server.toolkit.registry import Endpoint, PathParam, Variant
from econindex_api.server.toolkit.respond import JSON, SHORT, VARY, Context, table_answer

MEASURES = ("usage_pct", "aui")
COUNTRY_THRESHOLD = 200
GEO_MEASURE = "geography_usage"  # the catalog measure of a release that publishes geo_usage


def geography_releases(snapshot: Snapshot) -> list[ReleaseState]:
    """Every release whose catalog entry publishes usage per geography, oldest first; 503 if
    one of them is not loaded (a series with a silent gap would mislead)."""
    states = [s for s in snapshot.releases.values() if GEO_MEASURE in s.entry.measures]
    states.sort(key=lambda s: (s.entry.date or "", s.id))
    for state in states:
        if not state.available or state.views is None:
            raise ApiProblem(
                503,
                models.PROBLEM_RELEASE_UNAVAILABLE,
                f"release {state.id!r} is not available: "
                f"{state.unavailable_reason or 'not loaded'}",
                release=state.id,
            )
    return states


def comparability_measure(measure: str, geo_id: str, level: str, parent: str | None) -> str:
    if measure == "usage_pct":
        return "geo_usage_share"
    if level == "country":
        return "aui_country"
    if level == "subregion" and parent == "USA":
        return "aui_us_state"
    raise invalid_parameter(
        "measure",
        f"the AUI of {geo_id} ({level}) has no base shared across releases (only countries "
        "and US states do; docs/methods.md, Comparability)",
    )


def aui_rows(usage: pl.DataFrame, level: str, platform: str) -> pl.DataFrame:
    """The release's AUI on the series' base, per geography and window of one level."""
    rows = usage.filter((pl.col("geo_level") == level) & (pl.col("platform") == platform))
    if level == "subregion":
        return rows  # states: symmetric among thresholded states, as built
    parts = []
    for _, window in rows.group_by(["date_start", "date_end", "window_rule"], maintain_order=True):
        parts.append(
            usage_index(window.drop("usage_per_capita_index", "aui_convention"), SYMMETRIC, 200)
        )
    return pl.concat(parts) if parts else rows


Window = tuple[str | None, str | None]


def window_points(
    table: pl.DataFrame, mine: pl.DataFrame, window: str, release_span: Window | None
) -> list[tuple[dict[str, object] | None, str, Window]]:
    """(row or None, window_rule, (date_start, date_end)) per point of one release.

    ``table``: the release's rows of the platform (which windows and rules it publishes);
    ``mine``: the entity's rows. ``release``: one point, the release's own figure, dated by
    ``release_span`` (or by the table's rows of that rule); ``each``: one point per published
    window, the entity's row or a gap."""
    if window == "release":
        rule = release_rule(table["window_rule"].unique().to_list())
        found = mine.filter(pl.col("window_rule") == rule).to_dicts()
        if release_span is None:
            dated = table.filter(pl.col("window_rule") == rule).select("date_start", "date_end")
            release_span = dated.row(0) if dated.height else (None, None)
        return [(found[0] if found else None, rule, release_span)]
    windows = (
        table.filter(pl.col("window_rule") == AS_PUBLISHED)
        .select("date_start", "date_end")
        .unique()
        .sort("date_start")
        .rows()
    )
    published = {
        (r["date_start"], r["date_end"]): r
        for r in mine.filter(pl.col("window_rule") == AS_PUBLISHED).to_dicts()
    }
    return [(published.get(w), AS_PUBLISHED, w) for w in windows]


def points_of(
    state: ReleaseState, geo_id: str, measure: str, platform: str, window: str, level: str
) -> list[tuple[dict[str, object] | None, str, Window]]:
    """The points of one release of a geography series (see ``window_points``)."""
    assert state.views is not None
    usage = state.views.tables["geo_usage"]
    frame = aui_rows(usage, level, platform) if measure == "aui" else usage
    mine = frame.filter((pl.col("geo_id") == geo_id) & (pl.col("platform") == platform))
    own = state.entry.observation_window
    span: Window = (own.start, own.end) if own is not None else (None, None)
    return window_points(usage.filter(pl.col("platform") == platform), mine, window, span)


def _point(
    state: ReleaseState,
    row: Mapping[str, object] | None,
    field: str,
    base: str,
    rule: str,
    span: Window,
) -> models.SeriesPoint:
    value = row.get(field) if row is not None else None
    start = row["date_start"] if row is not None else span[0]
    end = row["date_end"] if row is not None else span[1]
    return models.SeriesPoint(
        release_id=state.id,
        date=state.entry.date or "",
        observation_window=models.ObservationWindow(
            start=str(start) if start else None,
            end=str(end) if end else None,
            note=f"window_rule {rule}",
        ),
        value=None if value is None else float(value),  # type: ignore[arg-type]
        present=row is not None and value is not None,
        provenance=models.Provenance(
            release_id=state.id,
            requested=state.id,
            version=state.version.version,
            package_sha256=state.version.package_sha256,
        ),
        base=base,
        window_rule=rule,
    )


def series_etag(ctx: Context, states: list[ReleaseState]) -> str:
    """The packages a series reads, the path and the canonical query: a new release or
    version changes it."""
    parts = [*(s.version.package_sha256 for s in states), ctx.path, repr(ctx.link_query())]
    return hashlib.sha256(
        "\n".join([*parts, ctx.representation.legacy_token]).encode()
    ).hexdigest()[:40]


def answer_geography_series(ctx: Context) -> Prepared:
    geo_id = ctx.path_params["geo_id"]
    p = ctx.params_as(GeographySeriesParams)
    measure, platform, window = p.measure, p.platform, p.window
    states = geography_releases(ctx.snapshot)
    # Who the geography is: from the newest release that publishes it.
    known = [
        row
        for s in states
        if s.views is not None
        for row in s.views.tables["geo_usage"].filter(pl.col("geo_id") == geo_id).to_dicts()
    ]
    if not known:
        raise ApiProblem(
            404,
            models.PROBLEM_UNKNOWN_GEOGRAPHY,
            f"no geography {geo_id[:40]!r} in the releases that publish geographies "
            f"({', '.join(s.id for s in states) or 'none loaded'}); geo_id is canonical: "
            "ISO 3166-1 alpha-3 (USA) or ISO 3166-2 (US-CA)",
        )
    identity = known[-1]
    level, parent = str(identity["geo_level"]), identity.get("parent_geo_id")
    key = comparability_measure(measure, geo_id, level, str(parent) if parent else None)
    base = comparable_base(key, f"{measure} of {geo_id}", [s.id for s in states]) or ""
    field = "usage_pct" if measure == "usage_pct" else "usage_per_capita_index"
    if not base:
        base = (
            "share of the parent geography's usage"
            if measure == "usage_pct"
            else "AUI, convention symmetric"
        )
    data = [
        _point(state, row, field, base, rule, span)
        for state in states
        for row, rule, span in points_of(state, geo_id, measure, platform, window, level)
    ]
    series = models.Series(
        key=geo_id,
        title=str(identity.get("name") or geo_id),
        level=level,
        value_field=field,
        unit="percent" if measure == "usage_pct" else "ratio",
        data=data,
    )
    answer = models.SeriesSet(
        measure=f"geographies/{measure}", releases=[s.id for s in states], series=[series]
    )
    etag = series_etag(ctx, states)
    headers: list[tuple[str, str]] = [("cache-control", SHORT), ("vary", VARY)]
    if ctx.tabular:
        flat = pl.DataFrame(
            [
                {
                    "key": geo_id,
                    "release_id": pt.release_id,
                    "date_start": pt.observation_window.start if pt.observation_window else None,
                    "date_end": pt.observation_window.end if pt.observation_window else None,
                    "window_rule": pt.window_rule,
                    "value_field": field,
                    "value": pt.value,
                    "present": pt.present,
                    "base": pt.base,
                    "package_version": pt.provenance.version,
                    "package_sha256": pt.provenance.package_sha256,
                }
                for pt in data
            ],
            schema={
                "key": pl.String,
                "release_id": pl.String,
                "date_start": pl.String,
                "date_end": pl.String,
                "window_rule": pl.String,
                "value_field": pl.String,
                "value": pl.Float64,
                "present": pl.Boolean,
                "base": pl.String,
                "package_version": pl.String,
                "package_sha256": pl.String,
            },
        )
        return table_answer(ctx, flat, headers=headers, etag_hex=etag)
    return prepare(msgspec.json.encode(answer), JSON, etag, tuple(headers))


class GeographySeriesParams(P.FormatParams, frozen=True):
    measure: str = "usage_pct"
    platform: str = "claude_ai"
    window: str = "release"


# One platform parameter for both series.
PLATFORM = P.ParamSpec(
    "platform",
    "choice",
    "`claude_ai` or `1p_api`.",
    default="claude_ai",
    choices=("claude_ai", "1p_api"),
)
SERIES_SPECS = (
    P.ParamSpec(
        "measure",
        "choice",
        "`usage_pct` (share of the parent's conversations) or `aui` (the Anthropic AI Usage "
        "Index restated on the base shared across releases).",
        default="usage_pct",
        choices=MEASURES,
    ),
    PLATFORM,
    P.ParamSpec(
        "window",
        "choice",
        "`release`: one point per release (its own figure; the unweighted mean of the months "
        "where a release holds two); `each`: one point per published window.",
        default="release",
        choices=("release", "each"),
    ),
    P.FORMAT,
)
SERIES_PARAMS = P.ParamSet.of(SERIES_SPECS, GeographySeriesParams)


def _check(snapshot: Snapshot, path_params: Mapping[str, str]) -> None:
    geography_releases(snapshot)


# --- a primitive across releases ---


class PrimitiveSeriesParams(P.FormatParams, frozen=True):
    statistic: str = "mean"
    node: str | None = None
    geo_id: str = "GLOBAL"
    platform: str = "claude_ai"
    window: str = "release"


def primitive_points(
    state: ReleaseState, primitive: str, p: PrimitiveSeriesParams
) -> list[tuple[dict[str, object] | None, str, Window]]:
    """The points of one release that publishes primitives; a missing statistic is a gap
    (present false)."""
    assert state.views is not None
    table = state.views.tables["geo_primitives"].filter(pl.col("platform") == p.platform)
    mine = table.filter(
        (pl.col("geo_id") == p.geo_id)
        & (pl.col("primitive") == primitive)
        & (pl.col("statistic") == p.statistic)
        & (pl.col("node_name") == (p.node or ""))
    )
    return window_points(table, mine, p.window, None)


def answer_primitive_series(ctx: Context) -> Prepared:
    primitive = ctx.path_params["primitive"]
    p = ctx.params_as(PrimitiveSeriesParams)
    if primitive not in PRIMITIVES:
        raise ApiProblem(
            404,
            models.PROBLEM_NOT_FOUND,
            f"no primitive {primitive[:40]!r} (primitives: {', '.join(PRIMITIVES)})",
        )
    states = [
        s
        for s in geography_releases(ctx.snapshot)
        if s.views is not None and "geo_primitives" in s.views.tables
    ]
    base = comparable_base("primitives", primitive, [s.id for s in states]) or (
        "mean per conversation (time: hours / minutes as named); yes-share of conversations"
    )
    points = [(state, primitive_points(state, primitive, p)) for state in states]
    data = [
        _point(state, row, "value", base, rule, span)
        for state, found in points
        for row, rule, span in found
    ]
    units = {str(row["unit"]) for _, found in points for row, _, _ in found if row}
    key = f"{primitive}/{p.statistic}" + (f"/{p.node}" if p.node else "")
    series = models.Series(
        key=key,
        title=f"{primitive} {p.statistic}{' ' + p.node if p.node else ''} at {p.geo_id}"
        + (f" ({', '.join(sorted(units))})" if units else ""),
        level=None,
        value_field="value",
        unit="value",
        data=data,
    )
    answer = models.SeriesSet(
        measure=f"primitives/{primitive}", releases=[s.id for s in states], series=[series]
    )
    etag = series_etag(ctx, states)
    headers: list[tuple[str, str]] = [("cache-control", SHORT), ("vary", VARY)]
    return prepare(msgspec.json.encode(answer), JSON, etag, tuple(headers))


PRIMITIVE_SERIES_PARAMS = P.ParamSet.of(
    (
        P.ParamSpec(
            "statistic",
            "text",
            "The statistic (mean, median, pct, ...; default mean).",
            default="mean",
            allow_empty=False,
        ),
        P.ParamSpec(
            "node",
            "text",
            "The answer of a categorical primitive (yes, work, ...) or a histogram bin.",
            allow_empty=False,
        ),
        P.ParamSpec("geo_id", "text", "Canonical geography id (default GLOBAL).", default="GLOBAL"),
        PLATFORM,
        P.ParamSpec(
            "window",
            "choice",
            "`release` (one point per release) or `each` (one per published window).",
            default="release",
            choices=("release", "each"),
        ),
        P.FORMAT,
    ),
    PrimitiveSeriesParams,
)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="series_geographies",
        path="/v1/series/geographies/{geo_id}",
        operation_id="seriesGeography",
        summary="A geography's usage share or AUI, release by release",
        description="Across the releases that publish geographies (2025-09-15 and later), "
        "oldest first: the geography's share of its parent's conversations (`usage_pct`) or "
        "its AUI restated on one base (`aui`: countries on the symmetric convention from "
        "counts, US states as published). Every point names its base and window; a release "
        "without the geography gives `present: false` and `value: null`. Releases that do not "
        "compare on one base answer 400 `incomparable-releases` naming the step.",
        tag="change",
        kind="object",
        response=models.SeriesSet,
        variants=(Variant(SERIES_PARAMS, answer_geography_series),),
        path_params=(PathParam("geo_id", "Canonical geography id.", "US-CA"),),
        tables=True,
        precheck=_check,
    ),
    Endpoint(
        name="series_primitives",
        path="/v1/series/primitives/{primitive}",
        operation_id="seriesPrimitive",
        summary="An economic primitive, release by release",
        description="Across the releases that publish the economic primitives (2026-01-15 "
        "and later), oldest first: one statistic (`statistic`, default mean; `node` for a "
        "categorical answer) of one primitive at one geography (`geo_id`, default GLOBAL), "
        "each point naming its base and window; a statistic a release does not publish gives "
        "`present: false` and `value: null` (task_success is not published in 2026-06-26). "
        "The title names the unit (human_only_time in hours, human_with_ai_time in minutes).",
        tag="change",
        kind="object",
        response=models.SeriesSet,
        variants=(Variant(PRIMITIVE_SERIES_PARAMS, answer_primitive_series),),
        path_params=(PathParam("primitive", "An economic primitive.", "ai_autonomy"),),
        precheck=_check,
    ),
)
