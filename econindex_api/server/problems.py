"""RFC 9457 problem details: the one error shape of the API.

Handlers and queries raise :class:`ApiProblem`; the exception handlers in ``app.py`` turn it,
and every exception Litestar raises itself (unknown path, wrong method, a bug), into an
``application/problem+json`` response with a stable ``type`` (see ``econindex_api.models``).
Nothing else reaches the client: no stack traces, no framework error bodies.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from econindex_api import models

PROBLEM_MEDIA_TYPE = "application/problem+json"

_TITLES = {
    models.PROBLEM_UNKNOWN_RELEASE: "Unknown release",
    models.PROBLEM_UNKNOWN_TASK: "Unknown task",
    models.PROBLEM_UNKNOWN_OCCUPATION: "Unknown occupation",
    models.PROBLEM_UNKNOWN_CLUSTER: "Unknown cluster",
    models.PROBLEM_UNKNOWN_RESOURCE: "Unknown resource",
    models.PROBLEM_MEASURE_NOT_AVAILABLE: "Measure not available in this release",
    models.PROBLEM_NOT_FOUND: "Not found",
    models.PROBLEM_INVALID_PARAMETER: "Invalid parameter",
    models.PROBLEM_UNKNOWN_PARAMETER: "Unknown parameter",
    models.PROBLEM_METHOD_NOT_ALLOWED: "Method not allowed",
    models.PROBLEM_NOT_ACCEPTABLE: "Not acceptable",
    models.PROBLEM_URI_TOO_LONG: "URI too long",
    models.PROBLEM_HEADERS_TOO_LARGE: "Request header fields too large",
    models.PROBLEM_CORS_REJECTED: "CORS preflight rejected",
    models.PROBLEM_INVALID_HEADER: "Invalid request header",
    models.PROBLEM_RANGE_NOT_SATISFIABLE: "Range not satisfiable",
    models.PROBLEM_RELEASE_UNAVAILABLE: "Release unavailable",
    models.PROBLEM_NOT_READY: "Not ready",
    models.PROBLEM_OVERLOADED: "Overloaded",
    models.PROBLEM_INTERNAL: "Internal server error",
    models.PROBLEM_INCOMPARABLE_RELEASES: "Releases are not comparable",
    models.PROBLEM_UNKNOWN_CATEGORY: "Unknown category",
    models.PROBLEM_UNKNOWN_GEOGRAPHY: "Unknown geography",
}


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

    def to_model(self, instance: str | None = None) -> models.Problem:
        return models.Problem(
            type=self.type,
            title=_TITLES.get(self.type, "Error"),
            status=self.status,
            detail=self.detail,
            instance=instance,
            parameter=self.parameter,
            release=self.release,
            measures=self.measures,
            allowed=self.allowed,
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
