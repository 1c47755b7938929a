"""Area: occupations (list, SOC 2018 rollup, usage x exposure join, one occupation)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from urllib.parse import quote, urlencode

import msgspec
import polars as pl

from econindex_api import models
from econindex_api.catalog import EXPOSURE_SERIES
from econindex_api.methods.crosswalk import usage_exposure
from econindex_api.server import queries
from econindex_api.server.areas.common import (
    EXPOSURE_ONLY_REASON,
    NO_PARAMS,
    OCC_EXPOSURE_PARAMS,
    OCC_USAGE_PARAMS,
    SOC2018_PARAMS,
    USAGE_EXPOSURE_PARAMS,
    USAGE_ONLY_REASON,
    GroupSearchParams,
    OccupationExposureParams,
    OccupationUsageParams,
    UsageExposureParams,
    and_masks,
    check_major_group,
    one_row,
)
from econindex_api.server.rowindex import Indices, RowIndex
from econindex_api.server.store import ReleaseState
from econindex_api.server.suggest import occupation_suggestions
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
    resolve,
)
from econindex_api.server.views import ReleaseViews

# --- occupations ---


def answer_occupation_usage(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params_as(OccupationUsageParams)
    index = views.occupation_index
    assert index is not None
    check_major_group(views, p.major_group)
    low, high = p.min_wage_usd, p.max_wage_usd
    if low is not None and high is not None and low > high:
        raise invalid_parameter("max_wage_usd", "must not be below min_wage_usd")
    positions = occupation_usage_positions(
        index,
        q=p.q,
        major_group=p.major_group,
        min_wage_usd=low,
        max_wage_usd=high,
        sort=p.sort,
    )
    return page_answer(
        ctx, params=p, build_page=models.OccupationUsagePage, index=index, positions=positions
    )


def occupation_usage_positions(
    index: RowIndex,
    *,
    q: str | None,
    major_group: str | None,
    min_wage_usd: float | None,
    max_wage_usd: float | None,
    sort: str,
) -> Indices:
    """The rows of an occupation usage list, in order (the one filter of ``/occupations``, on
    the index prepared per release, ``views.occupation_index``): ``q`` matches the title
    (every word, any case) or the start of the code; the wage range is inclusive and leaves
    out occupations without a wage when either bound is given; sorted by ``sort`` then
    code."""
    mask = index.contains_words("title", q)
    if mask is not None and q is not None:
        mask = mask | index.starts_with("onet_soc_code", q.strip())
    if major_group is not None:
        mask = and_masks(mask, index.equals("major_group_code", major_group))
    if min_wage_usd is not None:
        mask = and_masks(mask, index.at_least("median_wage_usd", min_wage_usd))
    if max_wage_usd is not None:
        mask = and_masks(mask, index.at_most("median_wage_usd", max_wage_usd))
    return index.select(mask, sort)


def answer_occupation_exposure(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params_as(OccupationExposureParams)
    assert views.exposure_rows is not None
    check_major_group(views, p.major_group)
    frame = queries.filter_exposure_occupations(
        views.exposure_rows, q=p.q, major_group=p.major_group
    )
    frame = queries.sort_rows(frame, p.sort, ["soc_2018_code"])
    return page_answer(
        ctx,
        frame=frame,
        params=p,
        build_page=models.OccupationExposurePage,
        row_type=models.OccupationExposureRow,
    )


def answer_occupation_soc2018(ctx: Context) -> Prepared:
    views, p = ctx.views, ctx.params_as(GroupSearchParams)
    assert views.soc2018_rows is not None
    check_major_group(views, p.major_group)
    frame = queries.filter_soc_occupations(
        views.soc2018_rows, code="soc_2018_code", q=p.q, major_group=p.major_group
    )
    frame = queries.sort_rows(frame, p.sort, ["soc_2018_code"])
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
    wanted = ctx.params_as(UsageExposureParams).exposure
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
    views, p = ctx.views, ctx.params_as(UsageExposureParams)
    assert views.soc2018_rows is not None
    exposure = _exposure_release(ctx)
    assert exposure.views is not None and exposure.views.exposure_rows is not None
    check_major_group(views, p.major_group)
    joined, coverage = usage_exposure(
        views.soc2018_rows.rename({"title": "soc_2018_title"}), exposure.views.exposure_rows
    )
    match = p.match
    if match == "both":
        joined = joined.filter(pl.col("in_usage") & pl.col("in_exposure"))
    elif match == "usage_only":
        joined = joined.filter(~pl.col("in_exposure"))
    elif match == "exposure_only":
        joined = joined.filter(~pl.col("in_usage"))
    frame = queries.filter_soc_occupations(
        joined, code="soc_2018_code", q=p.q, major_group=p.major_group
    )
    frame = queries.sort_rows(frame, p.sort, ["soc_2018_code"])
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
        requested=p.exposure or exposure.id,
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


def occupation_titles(views: ReleaseViews) -> dict[str, str]:
    """Every occupation code of a release with its title (O*NET-SOC 2010 codes for a usage
    release, 2018 SOC codes for the exposure release): the candidates of a "did you mean"."""
    for frame, code in (
        (views.occupation_rows, "onet_soc_code"),
        (views.exposure_rows, "soc_2018_code"),
    ):
        if frame is not None:
            return dict(zip(frame[code].to_list(), frame["title"].to_list(), strict=True))
    return {}


def soc2018_sources(views: ReleaseViews) -> dict[str, tuple[str, list[str]]] | None:
    """A usage release's 2018 SOC codes with their title and the O*NET-SOC 2010 codes each
    is carried from (``occupation_usage_soc2018``, built through the O*NET crosswalks)."""
    frame = views.soc2018_rows
    if frame is None:
        return None
    return {
        code: (title, [c for c in (sources or "").split(",") if c])
        for code, title, sources in zip(
            frame["soc_2018_code"].to_list(),
            frame["title"].to_list(),
            frame["onet_soc_2010_codes"].to_list(),
            strict=True,
        )
    }


def code_suggestions(
    state: ReleaseState, release: str, code: str, code_href: Callable[[str], str]
) -> list[models.Suggestion]:
    """``suggest.occupation_suggestions`` over a release's codes; ``release`` as the path
    spells it (``latest`` stays ``latest`` in the links)."""
    assert state.views is not None
    return occupation_suggestions(
        code,
        occupation_titles(state.views),
        soc2018_sources(state.views),
        code_href,
        lambda soc: api_href(release, "occupations/soc2018", urlencode({"q": soc})),
        state.id,
    )


def _unknown_occupation(ctx: Context, code: str, form: str) -> ApiProblem:
    release = ctx.requested
    return ApiProblem(
        404,
        models.PROBLEM_UNKNOWN_OCCUPATION,
        f"no occupation {code[:40]!r} in release {ctx.release.id!r} (codes are {form})",
        release=ctx.release.id,
        suggestions=code_suggestions(
            ctx.release, release, code, lambda c: api_href(release, f"occupations/{quote(c)}")
        ),
    )


def series_suggestions(code: str, states: Sequence[ReleaseState]) -> list[models.Suggestion]:
    """Suggestions for a code in no usage release (``/v1/series/occupations/{code}``): the
    closest codes and the crosswalk of the newest usage release, linked to their series."""
    if not states or states[-1].views is None:
        return []
    return code_suggestions(
        states[-1], states[-1].id, code, lambda c: f"/v1/series/occupations/{quote(c)}"
    )


def api_href(release: str, suffix: str, query: str = "") -> str:
    href = f"{RELEASES}/{quote(release)}/{suffix}"
    return f"{href}?{query}" if query else href


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
        interaction_modes=one_row(views.occupation_modes, code, models.OccupationModesRow),
        thinking=one_row(views.occupation_thinking, code, models.OccupationThinkingRow),
        provenance=ctx.provenance,
    )
    return object_answer(ctx, detail)


def _soc2018_of(ctx: Context, code: str) -> list[models.Suggestion]:
    """For an O*NET-SOC 2010 code asked of the exposure release (2018 SOC): the 2018 codes
    the newest usage release carries it to through the O*NET crosswalk."""
    usage = [
        s for s in ctx.snapshot.releases.values() if s.views and s.views.soc2018_rows is not None
    ]
    if not usage or "." not in code:
        return []
    newest = max(usage, key=lambda s: (s.entry.date or "", s.id))
    assert newest.views is not None
    sources = soc2018_sources(newest.views) or {}
    exposure = occupation_titles(ctx.views)
    release = ctx.requested
    return [
        models.Suggestion(
            label=f"{soc} {exposure[soc]}: the 2018 SOC code of {code} through the O*NET "
            f"crosswalk (release {newest.id})",
            href=api_href(release, f"occupations/{quote(soc)}"),
            code=soc,
        )
        for soc, (_, codes) in sorted(sources.items())
        if code in codes and soc in exposure
    ]


def answer_occupation_exposure_detail(ctx: Context) -> Prepared:
    views, code = ctx.views, ctx.path_params["code"]
    assert views.exposure_rows is not None
    exposure = queries.exposure_occupation_detail(views.exposure_rows, code)
    if exposure is None:
        problem = _unknown_occupation(ctx, code, "6-digit 2018 SOC codes such as 15-1252")
        problem.suggestions = [*_soc2018_of(ctx, code), *(problem.suggestions or [])] or None
        raise problem
    detail = models.OccupationExposureDetail(
        occupation=msgspec.convert(exposure, models.OccupationExposureRow),
        provenance=ctx.provenance,
    )
    return object_answer(ctx, detail)


def _warm_occupations(views: ReleaseViews) -> list[str]:
    """The default page and the top 50 of every major group in both spellings (the
    occupations page of a dashboard asks for these first)."""
    out = [""]
    for group in sorted(views.major_groups):
        out += [f"major_group={group[:2]}&limit=50", f"major_group={group}&limit=50"]
    return out


OCCUPATION_CODE = PathParam(
    "code",
    "O*NET-SOC 2010 code on usage releases (e.g. 15-1132.00), 6-digit 2018 SOC code on the "
    "exposure release (e.g. 15-1252).",
    "15-1132.00",
)


ENDPOINTS: tuple[Endpoint, ...] = (
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
        tables=True,
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
        tables=True,
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
        tables=True,
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
)
