"""Pages of the usage series: one line chart per ``/v1/series/...`` endpoint (issue 22, §3).

``/series/categories/{major_group}``, ``/series/occupations/{code}``, ``/series/tasks/{task_id}``,
``/series/interaction-modes``, ``/series/depth`` and ``/series/geographies/{geo_id}`` draw the
API's series answer (through ``routes.Answers``, as every page) as lines over every release.

``since`` and ``until`` pass on to the API. A measure that does not compare across every
release (depth, across the change of format) is answered 400 ``incomparable-releases`` by the
API; its page then shows the **newest comparable run** the problem names, says so in words,
and links the other runs: a page never mixes bases and never leaves a reader with a bare error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from econindex_api import models
from econindex_api.pages import render as R
from econindex_api.pages import series_charts
from econindex_api.pages.routes import (
    PageRequest,
    RenderedPage,
    page_endpoint,
    serve_page,
    site_of,
)
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.page_answers import Answers
from econindex_api.server.toolkit.problems import ApiProblem
from econindex_api.server.toolkit.registry import Call, Endpoint, PathParam

SINCE_PAGE = P.ParamSpec("since", "text", "First release (inclusive).", allow_empty=False)
UNTIL_PAGE = P.ParamSpec("until", "text", "Last release (inclusive).", allow_empty=False)


class SeriesPageParams(P.Params, frozen=True):
    since: str | None = None
    until: str | None = None


SERIES_PAGE_PARAMS = P.ParamSet.of((SINCE_PAGE, UNTIL_PAGE), SeriesPageParams)


@dataclass(frozen=True)
class SeriesKind:
    """One series endpoint and how its page names it."""

    kind: str  # path segment after /v1/series/ (and /series/)
    endpoint: str  # the API endpoint's name
    path_param: PathParam | None
    what: str  # what the series is, for a title without an entity
    intro: str  # one sentence on what the lines are


KINDS = (
    SeriesKind(
        "categories",
        "series_categories",
        PathParam("major_group", "SOC major group: '15'.", "15"),
        "SOC major group",
        "The group's share of conversations (tasks attributed to occupations, GUIDE §2).",
    ),
    SeriesKind(
        "occupations",
        "series_occupations",
        PathParam("code", "O*NET-SOC code.", "15-1132.00"),
        "Occupation",
        "The occupation's share of conversations.",
    ),
    SeriesKind(
        "tasks",
        "series_tasks",
        PathParam("task_id", "O*NET task id.", "8823"),
        "Task",
        "The task statement's share of conversations (statements matched by their key).",
    ),
    SeriesKind(
        "interaction-modes",
        "series_interaction_modes",
        None,
        "Interaction modes",
        "The automation/augmentation split (dashed) and the five modes, none left out.",
    ),
    SeriesKind(
        "depth",
        "series_depth",
        None,
        "Depth of use",
        "The share of occupations with at least a given fraction of their tasks in use.",
    ),
    SeriesKind(
        "geographies",
        "series_geographies",
        PathParam("geo_id", "Canonical geography id: 'USA', 'US-CA'.", "USA"),
        "Geography",
        "The geography's share of its parent's conversations (long-format releases only).",
    ),
)


def series_page_href(kind: str, entity: str | None = None, query: str = "") -> str:
    href = f"/series/{kind}" + (f"/{quote(entity, safe='')}" if entity else "")
    return f"{href}?{query}" if query else href


def runs_to_try(runs: list[str]) -> list[str]:
    """The comparable runs (``first..last``, oldest first) in the order a page tries them:
    those spanning more than one release, newest first, then the single releases (a
    one-point line says little). The first with data is shown."""
    longer = [r for r in runs if r.split("..")[0] != r.split("..")[1]]
    single = [r for r in runs if r not in longer]
    return [*reversed(longer), *reversed(single)]


def reason(detail: str) -> str:
    """The step and its reason out of an ``incomparable-releases`` detail (``comparable.py``
    writes "<what> is not comparable across A .. B: <step>: <why> (comparable runs: ...)")."""
    _, _, rest = detail.partition(": ")
    return rest.split(" (comparable runs:")[0].rstrip(".") or detail


def build_series_page(spec: SeriesKind) -> Callable[[PageRequest], RenderedPage]:
    def build(req: PageRequest) -> RenderedPage:
        p = req.params_as(SeriesPageParams)
        entity = req.path_params[spec.path_param.name] if spec.path_param else None
        path_params = {spec.path_param.name: entity} if spec.path_param and entity else {}
        chosen = [(k, v) for k, v in (("since", p.since), ("until", p.until)) if v]
        query = urlencode(chosen)
        answers = Answers(req.app, req.snapshot)
        note = ""
        runs: list[dict[str, str]] = []
        try:
            found = answers.get(spec.endpoint, path_params, query, models.SeriesSet)
        except ApiProblem as problem:
            # No range chosen and the measure does not compare across every release: the
            # newest comparable run, named, with links to the others.
            if problem.type != models.PROBLEM_INCOMPARABLE_RELEASES or chosen:
                raise
            if not problem.allowed:
                raise
            shown, found = "", models.SeriesSet(measure=spec.kind, releases=[], series=[])
            for run in runs_to_try(problem.allowed):
                first, last = run.split("..")
                query = urlencode({"since": first, "until": last})
                found = answers.get(spec.endpoint, path_params, query, models.SeriesSet)
                if found.series:
                    shown = run
                    break
            if not shown:
                raise
            since, until = shown.split("..")
            note = (
                f"{spec.what} does not compare across every release ({reason(problem.detail)}). "
                f"Shown: the comparable run {since} to "
                f"{until} (the newest with data); the other runs are linked above."
            )
            for run in (r for r in problem.allowed if r != shown):
                first, last = run.split("..")
                runs.append(
                    {
                        "href": series_page_href(
                            spec.kind, entity, urlencode({"since": first, "until": last})
                        ),
                        "title": f"The comparable run {first} to {last}",
                    }
                )
        if not found.series:
            raise ApiProblem(
                404,
                models.PROBLEM_MEASURE_NOT_AVAILABLE,
                f"no release from {p.since or 'the first'} to {p.until or 'the last'} "
                f"publishes {spec.what.lower()}",
            )
        api = "/v1" + series_page_href(spec.kind, entity, query)
        title = found.series[0].title if entity and found.series else spec.what
        chart = series_charts.series_lines_chart(found, api, title)
        provenance = [pt.provenance for s in found.series for pt in s.data if pt.present]
        page_href = series_page_href(spec.kind, entity, query)
        cite = R.joint_cite(
            list({pv.release_id: pv for pv in provenance}.values())
            or [found.series[0].data[-1].provenance],
            req.base_url + page_href,
            f"{title} across releases",
        )
        bases = sorted({pt.base for s in found.series for pt in s.data if pt.base})
        intro = " ".join(
            x
            for x in (
                spec.intro,
                f"Base: {bases[0]}." if len(bases) == 1 else "",
                note,
                "A new release adds a point, so this page is cached for a minute only.",
            )
            if x
        )
        links = [
            *runs,
            {"href": "/comparability", "title": "Which measures compare across which releases"},
        ]
        html = R.charts_page(
            site_of(req.snapshot),
            f"{title} across releases",
            f"{title} across releases",
            intro,
            [chart],
            cite,
            links,
        )
        return RenderedPage(f"{title} across releases", html, {"series": api}, (chart,))

    return build


def _route(spec: SeriesKind) -> Callable[[Call], Any]:
    build = build_series_page(spec)
    name = f"page_series_{spec.kind.replace('-', '_')}"

    async def route(call: Call) -> Any:
        return await serve_page(call, name, build, SERIES_PAGE_PARAMS)

    return route


SERIES_PAGES: tuple[Endpoint, ...] = tuple(
    page_endpoint(
        f"page_series_{spec.kind.replace('-', '_')}",
        f"/series/{spec.kind}" + (f"/{{{spec.path_param.name}}}" if spec.path_param else ""),
        f"{spec.what} across releases",
        _route(spec),
        *((spec.path_param,) if spec.path_param else ()),
    )
    for spec in KINDS
)
