"""Problems as pages: a problem (``models.Problem``) and the documentation of the problem
types (``models.ProblemType``) rendered to HTML in the site's frame.

Pure functions like ``render``: the server decides when a problem becomes a page
(``server/problem_answer.py``: ``Accept`` preferring HTML) and serves ``/problems``
(``server/areas/problem_types.py``). The page is a rendering of the same model as the
problem+json answer, suggestions included, so the two can never say different things. No
script (the pages' Content-Security-Policy allows none inline, and none is needed).
"""

from __future__ import annotations

from collections.abc import Sequence

from econindex_api import models
from econindex_api.pages.render import ENV, Site


def problem_page(site: Site, problem: models.Problem, doc: models.ProblemType | None) -> str:
    return ENV.get_template("problem.html").render(
        site=site,
        title=f"{problem.title} ({problem.status})",
        p=problem,
        doc=doc,
        kind=models.problem_kind(problem.type),
    )


def problem_types_page(site: Site, types: Sequence[models.ProblemType], api: str) -> str:
    return ENV.get_template("problem_types.html").render(
        site=site, title="Errors of the API", types=types, api=api
    )


def problem_type_page(site: Site, problem_type: models.ProblemType) -> str:
    return ENV.get_template("problem_type.html").render(
        site=site, title=f"Error: {problem_type.title}", t=problem_type
    )
