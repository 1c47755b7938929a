"""Wire models of errors: RFC 9457 problem details, their suggestions and the documentation
of each problem type (``/problems/{kind}``).

Re-exported by ``econindex_api.models``; import them from there.

Problem ``type`` URIs. A type is the path-absolute reference ``/problems/<kind>`` (RFC 9457
§3.1.1 allows a relative reference; a client resolves it against the request's URL, so it
leads to the page of the server that answered, which documents the type). It names the kind,
not a host: the same constant on every deployment (local, behind a proxy, in tests), so a
client can compare ``type`` with ``models.PROBLEM_*`` whatever server answered. Until
2026-12 the types were ``https://econindex.invalid/problems/<kind>`` (``LEGACY_PROBLEM_BASE``),
which resolved nowhere; :func:`problem_kind` reads both spellings (and an absolute URL ending
in ``/problems/<kind>``), and the client reports both as the new constant (CHANGELOG).
"""

from __future__ import annotations

import msgspec

PROBLEM_BASE = "/problems/"
"""Prefix of every problem ``type``; the suffix names the kind (see ``PROBLEM_*``)."""
LEGACY_PROBLEM_BASE = "https://econindex.invalid/problems/"
"""The prefix every ``type`` had before the types resolved (read by :func:`problem_kind`)."""


def problem_kind(type_uri: str | None) -> str | None:
    """The kind (``unknown-occupation``) of a problem ``type`` in any of its spellings: the
    current ``/problems/<kind>``, that reference resolved (``https://host/problems/<kind>``)
    or the legacy ``https://econindex.invalid/problems/<kind>``; ``None`` for anything else."""
    if not type_uri:
        return None
    head, sep, kind = type_uri.rpartition(PROBLEM_BASE)
    if not sep or not kind or "/" in kind or "?" in kind or "#" in kind:
        return None
    if head and not head.startswith(("http://", "https://")):
        return None
    return kind


def current_type(type_uri: str | None) -> str | None:
    """``type_uri`` as the current constant (``/problems/<kind>``) when it names a kind in
    any spelling (:func:`problem_kind`); anything else unchanged."""
    kind = problem_kind(type_uri)
    return PROBLEM_BASE + kind if kind is not None else type_uri


class Suggestion(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What to try instead: a link with a label for people.

    ``href`` is a path-absolute URL on the server that answered (the corrected path, the
    closest occupation code, the crosswalk rows of a 2018 SOC code); ``code`` is the
    occupation code suggested, when the suggestion is one, so a program can retry with it.
    """

    label: str
    href: str
    code: str | None = None


class Problem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """RFC 9457 problem details (``application/problem+json``).

    ``type`` is one of the ``PROBLEM_*`` constants, a reference that resolves to the page of
    this API documenting the kind (``GET /problems/<kind>``). Extension members are present
    only when they apply: ``parameter`` (the offending query parameter), ``release`` (the
    release id of the request), ``measures`` (the measures the release has, for
    measure-not-available), ``allowed`` (allowed values or methods), ``suggestions`` (what to
    try instead: the closest paths, codes or releases; the crosswalk for a 2018 SOC code).
    """

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    parameter: str | None = None
    release: str | None = None
    measures: list[str] | None = None
    allowed: list[str] | None = None
    suggestions: list[Suggestion] | None = None


class ProblemType(msgspec.Struct, frozen=True, kw_only=True):
    """The documentation of one problem type (``GET /problems/{kind}``)."""

    type: str
    """The ``type`` member of the problems of this kind."""
    kind: str
    title: str
    statuses: list[int]
    """The HTTP statuses it comes with."""
    when: str
    """What causes it."""
    what_to_do: str
    """What a client or a person can do about it."""
    html: bool
    """Whether a browser (``Accept`` preferring text/html) gets it as an HTML page; false for
    refusals of malformed requests, which are problem+json whatever the request asks."""


class ProblemTypeList(msgspec.Struct, frozen=True, kw_only=True):
    """Every problem type of the API (``GET /problems``)."""

    data: list[ProblemType]
