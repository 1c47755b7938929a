"""RFC 9457 problem details: the one error shape of the API.

Handlers and queries raise :class:`ApiProblem`; the exception handlers in ``app.py`` turn it,
and every exception Litestar raises itself (unknown path, wrong method, a bug), into an
``application/problem+json`` response with a stable ``type`` (see ``econindex_api.models``),
or, for a browser, the same problem as an HTML page (``problem_answer``). Nothing else reaches
the client: no stack traces, no framework error bodies.

Each type is documented here (``ProblemDoc``: title, statuses, when it happens, what to do),
and served at the type's own URL, ``/problems/<kind>`` (``areas/problem_types``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import msgspec

from econindex_api import models

PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemDoc:
    """What ``/problems/<kind>`` says about a type (``models.ProblemType``)."""

    title: str
    statuses: tuple[int, ...]
    when: str
    what_to_do: str
    html: bool = True  # False: always problem+json (a malformed request, never a browser's)


_DOCS: dict[str, ProblemDoc] = {
    models.PROBLEM_UNKNOWN_RELEASE: ProblemDoc(
        "Unknown release",
        (404,),
        "The release id in the path is not a published release (nor `latest`).",
        "Use one of the ids in `allowed` (or listed at /v1/releases), or `latest`; the "
        "suggestions give the same path with the closest ids.",
    ),
    models.PROBLEM_UNKNOWN_TASK: ProblemDoc(
        "Unknown task",
        (404,),
        "The task id is not a task statement of the release (or not in any usage release, "
        "for a series).",
        "Find the task's id with the task search: /v1/releases/{release}/tasks?q=words.",
    ),
    models.PROBLEM_UNKNOWN_OCCUPATION: ProblemDoc(
        "Unknown occupation",
        (404,),
        "The occupation code is not in the release. Usage releases key occupations by "
        "O*NET-SOC 2010 codes with a suffix (15-1132.00); the exposure release by 6-digit 2018 "
        "SOC codes (15-1252). A 2018 code asked of a usage release, or a code without its "
        "suffix, is not found.",
        "Follow a suggestion: the closest codes of the release and, for a 2018 SOC code, the "
        "O*NET crosswalk rows that name the 2010 codes it comes from "
        "(/v1/releases/{release}/occupations/soc2018?q=<code>).",
    ),
    models.PROBLEM_UNKNOWN_CLUSTER: ProblemDoc(
        "Unknown cluster",
        (404,),
        "The cluster id is not a conversation cluster of the release.",
        "List the clusters with /v1/releases/{release}/clusters (search with q=).",
    ),
    models.PROBLEM_UNKNOWN_RESOURCE: ProblemDoc(
        "Unknown resource",
        (404,),
        "No table or file of that name in the release's data package.",
        "The release's tables are listed at /v1/releases/{release} (`resources`) and in its "
        "datapackage.json.",
    ),
    models.PROBLEM_MEASURE_NOT_AVAILABLE: ProblemDoc(
        "Measure not available in this release",
        (404,),
        "The release does not publish this measure (e.g. wage bands of the exposure release, "
        "interaction modes per occupation of the first release).",
        "`measures` lists what the release has and `allowed` the endpoints that answer for it; "
        "ask another release of the series.",
    ),
    models.PROBLEM_NOT_FOUND: ProblemDoc(
        "Not found",
        (404,),
        "No endpoint or page has this path (a typo, or a path of another API).",
        "Follow a suggestion (the closest paths this server knows) or see /docs and "
        "/openapi.json for every endpoint.",
    ),
    models.PROBLEM_INVALID_PARAMETER: ProblemDoc(
        "Invalid parameter",
        (400,),
        "A query parameter has a value the endpoint cannot take (a number out of range, an "
        "unknown sort field, a parameter that does not apply to this release); `parameter` "
        "names it.",
        "Correct the parameter named in `parameter`; `allowed` lists the accepted values when "
        "they are few.",
    ),
    models.PROBLEM_UNKNOWN_PARAMETER: ProblemDoc(
        "Unknown parameter",
        (400,),
        "The endpoint takes no query parameter of that name (a typo is not ignored, so that a "
        "misspelt filter never returns unfiltered rows).",
        "Use one of the parameters in `allowed`.",
    ),
    models.PROBLEM_METHOD_NOT_ALLOWED: ProblemDoc(
        "Method not allowed",
        (405,),
        "The API is read-only: only GET, HEAD and OPTIONS are served.",
        "Use GET; the `Allow` header lists the methods.",
    ),
    models.PROBLEM_NOT_ACCEPTABLE: ProblemDoc(
        "Not acceptable",
        (406,),
        "The `Accept` header asks for no representation the endpoint can send.",
        "Accept application/json (or text/csv on list endpoints).",
    ),
    models.PROBLEM_URI_TOO_LONG: ProblemDoc(
        "URI too long",
        (414,),
        "The query string is over 4096 bytes, or the path over 8 KiB.",
        "Ask for fewer values at once (split the request), or download the table whole.",
    ),
    models.PROBLEM_HEADERS_TOO_LARGE: ProblemDoc(
        "Request header fields too large",
        (431,),
        "The request's headers add up to more than 8 KiB.",
        "Send fewer or shorter headers.",
        html=False,
    ),
    models.PROBLEM_CORS_REJECTED: ProblemDoc(
        "CORS preflight rejected",
        (400,),
        "A CORS preflight asked for request headers the API does not allow (a preflight for "
        "another method is a 405 method-not-allowed).",
        "Only GET, HEAD and OPTIONS with the headers Accept, If-None-Match, If-Range and "
        "Range are allowed from other origins.",
        html=False,
    ),
    models.PROBLEM_INVALID_HEADER: ProblemDoc(
        "Invalid request header",
        (400,),
        "A request header is malformed: two `Host` headers, or a `Host` that is not "
        "host[:port]; `parameter` names the header.",
        "Send one well-formed Host header (HTTP clients do this themselves).",
        html=False,
    ),
    models.PROBLEM_RANGE_NOT_SATISFIABLE: ProblemDoc(
        "Range not satisfiable",
        (416,),
        "A `Range` header asks for bytes beyond the end of the file.",
        "`Content-Range` gives the file's size; ask for a range inside it.",
    ),
    models.PROBLEM_RELEASE_UNAVAILABLE: ProblemDoc(
        "Release unavailable",
        (503,),
        "The release's files failed their integrity checks (sha256, size) or are being "
        "replaced; nothing unverified is served.",
        "Retry after the `Retry-After` seconds; /ready shows each release's state.",
    ),
    models.PROBLEM_NOT_READY: ProblemDoc(
        "Not ready",
        (503,),
        "The server has started but no release is loaded and verified yet.",
        "Retry shortly; /ready reports when releases are available.",
    ),
    models.PROBLEM_OVERLOADED: ProblemDoc(
        "Overloaded",
        (503,),
        "Too many answers are being computed at once (or a page's charts could not be drawn "
        "in time); the request was refused rather than queued without end.",
        "Retry after the `Retry-After` seconds.",
    ),
    models.PROBLEM_INTERNAL: ProblemDoc(
        "Internal server error",
        (500,),
        "A bug of the server. It is logged; no detail is given out.",
        "Retry later; if it persists, report the URL and the time of the request.",
    ),
    models.PROBLEM_INCOMPARABLE_RELEASES: ProblemDoc(
        "Releases are not comparable",
        (400,),
        "A compare between releases of different series (usage against exposure): they "
        "measure different things.",
        "Compare two releases of the same series; `allowed` lists them.",
    ),
    models.PROBLEM_UNKNOWN_CATEGORY: ProblemDoc(
        "Unknown category",
        (404,),
        "The SOC major group is not in any usage release (major groups are 2 digits such as "
        "15, or 15-0000).",
        "List the groups with /v1/releases/{release}/categories.",
    ),
    models.PROBLEM_UNKNOWN_GEOGRAPHY: ProblemDoc(
        "Unknown geography",
        (404,),
        "No country or subregion with that id in the release (ids are GLOBAL, ISO 3166-1 "
        "alpha-3 such as USA, or ISO 3166-2 such as US-CA).",
        "List the geographies with /v1/releases/{release}/geographies.",
    ),
}


def problem_doc(type_: str) -> ProblemDoc | None:
    """The documentation of a problem type (None for a type this server does not send)."""
    return _DOCS.get(type_)


def problem_type(type_: str) -> models.ProblemType | None:
    """The wire model of a type's documentation (``/problems/<kind>``); None if unknown."""
    doc = _DOCS.get(type_)
    if doc is None:
        return None
    return models.ProblemType(
        type=type_,
        kind=type_.removeprefix(models.PROBLEM_BASE),
        title=doc.title,
        statuses=list(doc.statuses),
        when=doc.when,
        what_to_do=doc.what_to_do,
        html=doc.html,
    )


def problem_types() -> list[models.ProblemType]:
    """Every problem type with its documentation, in the order of ``models.PROBLEM_*``."""
    return [t for t in map(problem_type, _DOCS) if t is not None]


class ApiProblem(Exception):
    """An error answer. ``headers`` are added to the response (e.g. Allow, Content-Range)."""

    def __init__(
        self,
        status: int,
        type_: str,
        detail: str,
        *,
        parameter: str | None = None,
        release: str | None = None,
        measures: Sequence[str] | None = None,
        allowed: Sequence[str] | None = None,
        headers: dict[str, str] | None = None,
        suggestions: Sequence[models.Suggestion] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.type = type_
        self.detail = detail
        self.parameter = parameter
        self.release = release
        self.measures = list(measures) if measures is not None else None
        self.allowed = list(allowed) if allowed is not None else None
        self.headers = headers or {}
        # What to try instead (server/suggest.py); None when nothing close is known.
        self.suggestions = list(suggestions) if suggestions else None

    def to_model(self, instance: str | None = None) -> models.Problem:
        return models.Problem(
            type=self.type,
            title=doc.title if (doc := _DOCS.get(self.type)) else "Error",
            status=self.status,
            detail=self.detail,
            instance=instance,
            parameter=self.parameter,
            release=self.release,
            measures=self.measures,
            allowed=self.allowed,
            suggestions=self.suggestions,
        )

    def body(self, instance: str | None = None) -> bytes:
        return msgspec.json.encode(self.to_model(instance))


def invalid_parameter(name: str, detail: str, allowed: Sequence[str] | None = None) -> ApiProblem:
    return ApiProblem(
        400,
        models.PROBLEM_INVALID_PARAMETER,
        f"query parameter {name!r}: {detail}",
        parameter=name,
        allowed=allowed,
    )


def unknown_parameter(name: str, allowed: Sequence[str]) -> ApiProblem:
    known = ", ".join(allowed) if allowed else "none"
    return ApiProblem(
        400,
        models.PROBLEM_UNKNOWN_PARAMETER,
        f"unknown query parameter {name!r}; this endpoint accepts: {known}",
        parameter=name,
        allowed=allowed,
    )


def unknown_release(requested: str, known: Sequence[str]) -> ApiProblem:
    return ApiProblem(
        404,
        models.PROBLEM_UNKNOWN_RELEASE,
        f"no release {requested!r}; published releases: {', '.join(known) or 'none'} (or 'latest')",
        release=requested,
        allowed=[*known, "latest"],
    )


def release_unavailable(release_id: str, why: str) -> ApiProblem:
    return ApiProblem(
        503,
        models.PROBLEM_RELEASE_UNAVAILABLE,
        f"release {release_id!r} is temporarily unavailable: {why}",
        release=release_id,
        headers={"Retry-After": "60"},
    )


def method_not_allowed(method: str, allow: str) -> ApiProblem:
    """405 for a method other than ``allow`` (a comma-separated list) on a known path."""
    return ApiProblem(
        405,
        models.PROBLEM_METHOD_NOT_ALLOWED,
        f"{method} is not allowed here; the API is read-only (allowed: {allow})",
        allowed=[m.strip() for m in allow.split(",")],
        headers={"allow": allow},
    )
