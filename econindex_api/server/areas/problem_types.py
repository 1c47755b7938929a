"""Area: the problem types, documented where their ``type`` URIs lead.

``GET /problems`` lists every type; ``GET /problems/{kind}`` documents one (title, statuses,
when it happens, what to do). A browser (``Accept`` preferring HTML) gets a page, anything
else the JSON (``models.ProblemTypeList``, ``models.ProblemType``). The text is
``server/toolkit/problems.py``'s ``ProblemDoc`` of each type: one source for these pages, the titles
of the problems and the error pages' "what to do".
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import msgspec

from econindex_api import models
from econindex_api.pages import problem_pages
from econindex_api.pages.routes import site_of
from econindex_api.server.toolkit.problems import ApiProblem, problem_type, problem_types
from econindex_api.server.toolkit.registry import Call, Endpoint, PathParam
from econindex_api.server.toolkit.respond import CATALOG_CACHE, VARY, plain_response, prefers_html

HTML = "text/html"
LIST_PATH = models.PROBLEM_BASE.rstrip("/")


def _answer(call: Call, page: Any, model: msgspec.Struct) -> Any:
    # The text changes only with the software: cached like the catalog, varying on Accept.
    headers = [("vary", VARY), ("cache-control", CATALOG_CACHE)]
    if prefers_html(call.request.headers.get("accept")):
        html: str = page(site_of(call.app.store.current))
        return plain_response(call.method, html.encode(), HTML, headers=headers)
    return plain_response(call.method, msgspec.json.encode(model), headers=headers)


async def list_types(call: Call) -> Any:
    types = problem_types()
    return _answer(
        call,
        lambda site: problem_pages.problem_types_page(site, types, LIST_PATH),
        models.ProblemTypeList(data=types),
    )


async def one_type(call: Call) -> Any:
    kind = unquote(call.path_params["kind"])
    found = problem_type(models.PROBLEM_BASE + kind)
    if found is None:
        raise ApiProblem(
            404,
            models.PROBLEM_NOT_FOUND,
            f"no problem type {kind[:60]!r}; every type is listed at {LIST_PATH}",
            allowed=[t.kind for t in problem_types()],
        )
    return _answer(call, lambda site: problem_pages.problem_type_page(site, found), found)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="problem_types",
        path=LIST_PATH,
        operation_id="listProblemTypes",
        summary="Every problem type",
        description="The `type` of every error answer, with its title, the statuses it comes "
        "with, when it happens and what to do. An HTML page for a browser.",
        tag="service",
        kind="status",
        response=models.ProblemTypeList,
        handler=list_types,
    ),
    Endpoint(
        name="problem_type",
        path=models.PROBLEM_BASE + "{kind}",
        operation_id="getProblemType",
        summary="One problem type",
        description="What a problem `type` (`/problems/<kind>`, relative to the API's URL) "
        "means: where the `type` of an error answer leads. An HTML page for a browser; "
        "404 for a kind the API does not have.",
        tag="service",
        kind="status",
        response=models.ProblemType,
        handler=one_type,
        path_params=(PathParam("kind", "The kind: the last segment of a `type`.", "not-found"),),
    ),
)
