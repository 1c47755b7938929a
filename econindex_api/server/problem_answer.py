"""The one place a problem becomes an answer: problem+json, or an HTML page for a browser.

Every error answer goes through :func:`problem_answer`: the exception handlers of ``app.py``
(Litestar's 404/405, any bug, every ``ApiProblem`` of a declared path through
``router.Router``'s ``render_error``) and the guard's own refusals (``guard.py``).

The choice: ``Accept`` preferring ``text/html`` over JSON (``respond.prefers_html``, the rule
of the pages: a browser's ``text/html,...,*/*;q=0.8``) gets the problem rendered as a page
(``pages.problem_pages``), with the same status and headers; anything else (``application/
json``, ``*/*``, no ``Accept``) gets ``application/problem+json`` exactly as before. Both are
renderings of one ``models.Problem``, suggestions included. The types documented as
``html=False`` (refusals of malformed requests: two Host headers, oversized headers, a CORS
preflight; no browser navigation produces them) are problem+json whatever ``Accept`` says.
Error answers vary on ``Accept`` (``Vary: Accept``) and are never cached (``no-store``).
"""

from __future__ import annotations

import msgspec

from econindex_api import models
from econindex_api.pages import problem_pages
from econindex_api.pages.routes import site_of
from econindex_api.server.store import Snapshot
from econindex_api.server.suggest import release_suggestions
from econindex_api.server.toolkit.problems import (
    PROBLEM_MEDIA_TYPE,
    ApiProblem,
    problem_doc,
    problem_type,
)
from econindex_api.server.toolkit.respond import prefers_html

HTML_MEDIA_TYPE = "text/html"  # Litestar (and the guard) add "; charset=utf-8"


def problem_model(problem: ApiProblem, instance: str | None) -> models.Problem:
    """The wire model of ``problem`` answering a request for ``instance``; an unknown release
    without suggestions of its own gets the same path with the closest release ids."""
    model = problem.to_model(instance)
    if (
        model.suggestions is None
        and model.type == models.PROBLEM_UNKNOWN_RELEASE
        and model.release
        and model.allowed
        and instance
    ):
        found = release_suggestions(instance, model.release, model.allowed)
        model.suggestions = found or None
    return model


def wants_page(problem: ApiProblem, accept: str | None) -> bool:
    doc = problem_doc(problem.type)
    return prefers_html(accept) and (doc is None or doc.html)


def problem_answer(
    problem: ApiProblem,
    *,
    instance: str | None,
    accept: str | None,
    snapshot: Snapshot | None,
) -> tuple[bytes, str, dict[str, str]]:
    """The body, media type and headers of the answer to ``problem`` (status: ``problem.
    status``). ``snapshot`` gives the page's navigation (None: a page without release links)."""
    model = problem_model(problem, instance)
    headers = {"cache-control": "no-store", "vary": "Accept", **problem.headers}
    if wants_page(problem, accept):
        doc = problem_type(model.type)
        html = problem_pages.problem_page(site_of(snapshot), model, doc)
        return html.encode(), HTML_MEDIA_TYPE, headers
    return msgspec.json.encode(model), PROBLEM_MEDIA_TYPE, headers
