"""Area: what the 2026 releases add per geography: artifacts (``/artifacts``, 2026-06-26),
use cases (``/use-cases``) and every economic primitive (``/primitives``, 2026-01-15 and
later).

Lists over the small per-geography tables (``geo_artifacts``, ``geo_primitives``), filtered
with Polars per request. Decisions:

* Every row names its window (``date_start``, ``date_end``, ``window_rule``). A release with
  two monthly windows (2026-06-26) lists both months and the release's own figure (the
  unweighted mean of the months, ``window_rule`` ``unweighted_mean_of_months``); ``window=``
  keeps one: ``release`` (the release's figure; the single week of the first long format),
  ``each`` (the published months only), or a window's first day.
* ``/use-cases`` is ``/primitives`` with ``primitive=use_case`` and ``statistic=pct``: the
  share of conversations per use case (work, personal, coursework).
* A release that does not publish the table answers 404 ``measure-not-available``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import polars as pl

from econindex_api import models
from econindex_api.methods.windows import AS_PUBLISHED, window_choice
from econindex_api.publishing.tables_long import PRIMITIVES
from econindex_api.server.areas.common import LIST_PARAMS
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.cache import Prepared
from econindex_api.server.toolkit.problems import invalid_parameter
from econindex_api.server.toolkit.registry import RELEASE, RELEASES, Endpoint, Variant
from econindex_api.server.toolkit.respond import Context, page_answer
from econindex_api.server.views import ReleaseViews


def window_filter(frame: pl.DataFrame, window: str) -> pl.DataFrame:
    """Rows of one window choice (``methods.windows.window_choice``); 400 for an unknown day."""
    try:
        rule, day = window_choice(
            window,
            frame["window_rule"].unique().to_list(),
            frame.filter(pl.col("window_rule") == AS_PUBLISHED)["date_start"].to_list(),
        )
    except ValueError as exc:
        raise invalid_parameter("window", str(exc)) from None
    if rule is not None:
        frame = frame.filter(pl.col("window_rule") == rule)
    if day is not None:
        frame = frame.filter(pl.col("date_start") == day)
    return frame


def _filtered(
    frame: pl.DataFrame, where: Mapping[str, object], window: str, key: list[str]
) -> pl.DataFrame:
    for column, value in where.items():
        if value is not None:
            frame = frame.filter(pl.col(column) == value)
    return window_filter(frame, window).sort(key)


class ArtifactParams(P.ListParams, frozen=True):
    platform: str | None = None
    geo_level: str | None = None
    geo_id: str | None = None
    window: str = "release"


class PrimitiveParams(P.ListParams, frozen=True):
    platform: str | None = None
    geo_level: str | None = None
    geo_id: str | None = None
    primitive: str | None = None
    statistic: str | None = None
    window: str = "release"


class UseCaseParams(P.ListParams, frozen=True):
    platform: str | None = None
    geo_level: str | None = None
    geo_id: str | None = None
    window: str = "release"


ARTIFACT_KEY = ["platform", "date_start", "date_end", "geo_level", "geo_id", "artifact"]
PRIMITIVE_KEY = [
    "platform",
    "date_start",
    "date_end",
    "geo_level",
    "geo_id",
    "primitive",
    "statistic",
    "node_name",
]


def answer_artifacts(ctx: Context) -> Prepared:
    p = ctx.params_as(ArtifactParams)
    where = {"platform": p.platform, "geo_level": p.geo_level, "geo_id": p.geo_id}
    frame = _filtered(ctx.views.tables["geo_artifacts"], where, p.window, ARTIFACT_KEY)
    frame = frame.select(list(models.ArtifactRow.__struct_fields__))
    return page_answer(
        ctx, params=p, build_page=models.ArtifactPage, row_type=models.ArtifactRow, frame=frame
    )


def _primitive_page(
    ctx: Context, p: PrimitiveParams | UseCaseParams, where: dict[str, object]
) -> Prepared:
    where = {"platform": p.platform, "geo_level": p.geo_level, "geo_id": p.geo_id, **where}
    frame = _filtered(ctx.views.tables["geo_primitives"], where, p.window, PRIMITIVE_KEY)
    frame = frame.select(list(models.PrimitiveRow.__struct_fields__))
    return page_answer(
        ctx, params=p, build_page=models.PrimitivePage, row_type=models.PrimitiveRow, frame=frame
    )


def answer_primitives(ctx: Context) -> Prepared:
    p = ctx.params_as(PrimitiveParams)
    return _primitive_page(ctx, p, {"primitive": p.primitive, "statistic": p.statistic})


def answer_use_cases(ctx: Context) -> Prepared:
    p = ctx.params_as(UseCaseParams)
    return _primitive_page(ctx, p, {"primitive": "use_case", "statistic": "pct"})


def _has(table: str) -> Callable[[ReleaseViews], bool]:
    def applies(v: ReleaseViews) -> bool:
        return table in v.tables

    return applies


PLATFORM = P.ParamSpec("platform", "choice", "Only this platform.", choices=("claude_ai", "1p_api"))
GEO_LEVEL = P.ParamSpec(
    "geo_level", "choice", "Only this level.", choices=("global", "country", "subregion")
)
GEO_ID = P.ParamSpec(
    "geo_id",
    "text",
    "Only this geography (canonical id: GLOBAL, ISO 3166-1 alpha-3, ISO 3166-2).",
    example="GLOBAL",
    allow_empty=False,
)
WINDOW = P.ParamSpec(
    "window",
    "text",
    "`release` (default: the release's own figure, the unweighted mean of the months where it "
    "holds two), `each` (each published window), `all`, or a window's first day.",
    default="release",
    allow_empty=False,
)
PRIMITIVE = P.ParamSpec(
    "primitive",
    "choice",
    "Only this primitive.",
    choices=PRIMITIVES,
)
STATISTIC = P.ParamSpec(
    "statistic", "text", "Only this statistic (pct, mean, median...).", allow_empty=False
)
ARTIFACT_PARAMS = P.ParamSet.of((PLATFORM, GEO_LEVEL, GEO_ID, WINDOW, *LIST_PARAMS), ArtifactParams)
PRIMITIVE_PARAMS = P.ParamSet.of(
    (PLATFORM, GEO_LEVEL, GEO_ID, PRIMITIVE, STATISTIC, WINDOW, *LIST_PARAMS), PrimitiveParams
)
USE_CASE_PARAMS = P.ParamSet.of((PLATFORM, GEO_LEVEL, GEO_ID, WINDOW, *LIST_PARAMS), UseCaseParams)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="artifacts",
        path=RELEASES + "/{release}/artifacts",
        operation_id="listArtifacts",
        summary="Artifacts per geography",
        description="2026-06-26: the share of a geography's conversations per artifact type "
        "(the most prominent concrete output Claude produced), per window.",
        tag="geography",
        kind="list",
        response=models.ArtifactPage,
        variants=(
            Variant(
                ARTIFACT_PARAMS,
                answer_artifacts,
                applies=_has("geo_artifacts"),
                serves="artifacts: conversation_pct per artifact type",
            ),
        ),
        path_params=(RELEASE,),
        tables=True,
        link=True,
    ),
    Endpoint(
        name="use_cases",
        path=RELEASES + "/{release}/use-cases",
        operation_id="listUseCases",
        summary="Use cases per geography",
        description="2026-01-15 and later: the share of a geography's conversations per use "
        "case (work, personal, coursework), per window (`primitive=use_case`, `statistic=pct` "
        "of `/primitives`).",
        tag="geography",
        kind="list",
        response=models.PrimitivePage,
        variants=(
            Variant(
                USE_CASE_PARAMS,
                answer_use_cases,
                applies=_has("geo_primitives"),
                serves="use-cases: share per use case",
            ),
        ),
        path_params=(RELEASE,),
        tables=True,
        link=True,
    ),
    Endpoint(
        name="primitives",
        path=RELEASES + "/{release}/primitives",
        operation_id="listPrimitives",
        summary="The economic primitives per geography",
        description="2026-01-15 and later: every published statistic of the economic "
        "primitives (use case, task success, multitasking, human-only ability, time with and "
        "without AI, autonomy, education years) per geography and window, with its unit "
        "(`human_only_time` in hours, `human_with_ai_time` in minutes).",
        tag="geography",
        kind="list",
        response=models.PrimitivePage,
        variants=(
            Variant(
                PRIMITIVE_PARAMS,
                answer_primitives,
                applies=_has("geo_primitives"),
                serves="primitives: every published statistic",
            ),
        ),
        path_params=(RELEASE,),
        tables=True,
        link=True,
    ),
)
