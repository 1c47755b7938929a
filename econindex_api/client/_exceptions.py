"""Exceptions raised by the client: one base class and one class per kind of failure.

The server answers errors as RFC 9457 problem+json (``type``, ``title``, ``status``,
``detail``); every exception carries those fields (``None`` where the failure never reached
the server) and the URL of the request, so a notebook can branch on the kind and print the
reason::

    from econindex_api import Client, NotFoundError

    try:
        Client().releases.get("1999-01-01")
    except NotFoundError as err:
        print(err.status, err.type, err.detail, err.url)

Hierarchy::

    EconindexError
    ├── APIStatusError            any HTTP error status without a class of its own (e.g. 405)
    │   ├── BadRequestError       400 and 422: a parameter the server rejected
    │   ├── NotFoundError         404: unknown release, task, occupation or measure
    │   ├── RateLimitError        429, after the retries ran out
    │   └── ServerError           5xx, after the retries ran out
    ├── APIConnectionError        the server could not be reached or dropped the connection
    │   └── APITimeoutError       connect, read or write timed out
    ├── ResponseValidationError   a response that does not match its wire model
    └── IntegrityError            a download whose size or sha256 is not the published one
"""

from __future__ import annotations

from typing import Any

from econindex_api.models.problems import problem_kind

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "BadRequestError",
    "EconindexError",
    "IntegrityError",
    "NotFoundError",
    "RateLimitError",
    "ResponseValidationError",
    "ServerError",
]


class EconindexError(Exception):
    """Base class of every error the client raises.

    Attributes:
        message: the full human-readable message (also ``str(err)``).
        status: the HTTP status, or ``None`` when no response was received.
        type: the problem ``type`` from the problem+json body, or ``None``: one of the
            ``econindex_api.models.PROBLEM_*`` constants (``/problems/<kind>``) whichever
            spelling the server sent (servers before 2026-12 sent
            ``https://econindex.invalid/problems/<kind>``; both map to the constant).
        kind: the last segment of ``type`` (``unknown-occupation``), or ``None``.
        title: the problem ``title``, or ``None``.
        detail: the problem ``detail`` (or a description of the local failure).
        url: the URL of the request that failed.
        problem: the whole problem+json body as a dict (empty when there was none), including
            extension members such as the parameter at fault and ``suggestions`` (what to
            try instead: ``[{"label", "href", "code"?}]``).

    Example::

        try:
            client.tasks.get("latest", 0)
        except EconindexError as err:
            print(f"{err.url}: {err.detail}")
    """

    def __init__(
        self,
        message: str,
        *,
        url: str,
        status: int | None = None,
        type: str | None = None,
        title: str | None = None,
        detail: str | None = None,
        problem: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail if detail is not None else message
        self.problem: dict[str, Any] = problem or {}

    @property
    def kind(self) -> str | None:
        """The problem's kind (``unknown-occupation``): ``type`` without ``/problems/``."""
        return problem_kind(self.type)

    @property
    def suggestions(self) -> list[dict[str, Any]]:
        """What the server suggests trying instead (the problem's ``suggestions`` member:
        ``label``, ``href`` path on the server, ``code`` when an occupation code), or []."""
        found = self.problem.get("suggestions")
        return [s for s in found if isinstance(s, dict)] if isinstance(found, list) else []


class APIStatusError(EconindexError):
    """The server answered with an error status (4xx or 5xx).

    Subclasses name the common kinds; this class itself is raised for the others (405, 406...).

    Example::

        except APIStatusError as err:
            print(err.status, err.problem.get("title"))
    """


class BadRequestError(APIStatusError):
    """400 or 422: the server rejected a parameter; ``detail`` names it. Never retried.

    Example::

        try:
            client.occupations.list("latest", limit=-1)
        except BadRequestError as err:
            print(err.detail)   # names the parameter `limit`
    """


class NotFoundError(APIStatusError):
    """404: unknown release, task or occupation, or a measure the release does not have.

    Example::

        try:
            client.occupations.get("latest", "99-9999.99")
        except NotFoundError as err:
            print(err.type, err.detail)
    """


class RateLimitError(APIStatusError):
    """429: still rate limited after ``max_retries`` retries (each honouring ``Retry-After``).

    ``retry_after`` is the server's last ``Retry-After`` in seconds, when it sent one.

    Example::

        except RateLimitError as err:
            time.sleep(err.retry_after or 60)
    """

    retry_after: float | None = None


class ServerError(APIStatusError):
    """5xx: the server failed, still after ``max_retries`` retries.

    Example::

        except ServerError as err:
            print("server failed:", err.status, err.detail)
    """


class APIConnectionError(EconindexError):
    """The request never got an answer: connection refused, reset or closed early.

    Raised after ``max_retries`` retries; ``status`` and ``type`` are ``None``.

    Example::

        except APIConnectionError as err:
            print("is the server running at", err.url, "?")
    """


class APITimeoutError(APIConnectionError):
    """The request timed out (after retries). Raise the ``timeout`` of the client if needed.

    Example::

        client = Client(timeout=120)
    """


class ResponseValidationError(EconindexError):
    """A response body does not match its wire model; the message names the field.

    This means client and server disagree on the API (e.g. an old client against a newer,
    incompatible server): upgrade ``econindex-api``.

    Example::

        except ResponseValidationError as err:
            print(err.detail)   # e.g. "Expected `float`, got `str` - at `$.data[0].share_pct`"
    """


class IntegrityError(EconindexError):
    """A downloaded file's size or sha256 differs from the published one.

    The corrupt file has been deleted; nothing is left at the destination. ``expected`` and
    ``actual`` hold the two values that differ.

    Example::

        try:
            client.packages.download("2025-02-10", dest="data/")
        except IntegrityError as err:
            print(err.detail, err.expected, err.actual)
    """

    def __init__(
        self,
        message: str,
        *,
        url: str,
        expected: str | int,
        actual: str | int,
        status: int | None = None,
    ) -> None:
        super().__init__(message, url=url, status=status, detail=message)
        self.expected = expected
        self.actual = actual


def error_class_for_status(status: int) -> type[APIStatusError]:
    """The exception class for an HTTP error status."""
    if status in (400, 422):
        return BadRequestError
    if status == 404:
        return NotFoundError
    if status == 429:
        return RateLimitError
    if status >= 500:
        return ServerError
    return APIStatusError
