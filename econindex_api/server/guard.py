"""The outermost layer: limits and refusals that apply to every request, as problem+json.

Wraps the Litestar app (``create_app`` returns it), so it sees every request first, including
those to unknown paths, and answers before any routing or parsing:

* a query string over ``params.MAX_QUERY_BYTES`` (4096 bytes): 414 ``uri-too-long``;
* request headers over ``MAX_HEADER_BYTES`` in total (8 KiB, names and values): 431
  ``headers-too-large``; a path over ``MAX_PATH_BYTES`` (8 KiB): 414;
* a CORS preflight (``OPTIONS`` with ``Access-Control-Request-Method``) for a method the API
  does not serve: 405 ``method-not-allowed``; for request headers it does not allow: 400
  ``cors-rejected``. Litestar's CORS middleware would answer these in text/plain.

These limits sit below the HTTP servers' own (h11 in uvicorn refuses a request head over
64 KiB; granian/hyper over about 400 KiB): between the two the app answers with problem+json;
beyond the server's limit the server itself answers (400/431 without a problem body, or a
connection reset) before the app sees anything, which is documented in the README.

Per request this costs two length checks and, for OPTIONS only, a look at two headers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from econindex_api import models
from econindex_api.server.params import MAX_QUERY_BYTES
from econindex_api.server.problems import PROBLEM_MEDIA_TYPE, ApiProblem

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_HEADER_BYTES = 8 * 1024
MAX_PATH_BYTES = 8 * 1024
CORS_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = ("accept", "if-none-match", "if-range", "range")


def _problem_of(scope: Scope) -> ApiProblem | None:
    query_string: bytes = scope.get("query_string", b"")
    if len(query_string) > MAX_QUERY_BYTES:
        return ApiProblem(
            414,
            models.PROBLEM_URI_TOO_LONG,
            f"the query string has {len(query_string)} bytes; at most {MAX_QUERY_BYTES} are "
            "accepted",
        )
    raw_path: bytes = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "replace")
    if len(raw_path) > MAX_PATH_BYTES:
        return ApiProblem(
            414,
            models.PROBLEM_URI_TOO_LONG,
            f"the path has {len(raw_path)} bytes; at most {MAX_PATH_BYTES} are accepted",
        )
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    size = 0
    for name, value in headers:
        size += len(name) + len(value)
    if size > MAX_HEADER_BYTES:
        return ApiProblem(
            431,
            models.PROBLEM_HEADERS_TOO_LARGE,
            f"the request headers have {size} bytes; at most {MAX_HEADER_BYTES} are accepted",
        )
    if scope.get("method") == "OPTIONS":
        return _preflight_problem(headers)
    return None


def _preflight_problem(headers: list[tuple[bytes, bytes]]) -> ApiProblem | None:
    wanted_method = wanted_headers = None
    for name, value in headers:
        if name == b"access-control-request-method":
            wanted_method = value.decode("latin-1").strip()
        elif name == b"access-control-request-headers":
            wanted_headers = value.decode("latin-1")
    if wanted_method is None:
        return None  # not a preflight
    if wanted_method.upper() not in CORS_METHODS:
        return ApiProblem(
            405,
            models.PROBLEM_METHOD_NOT_ALLOWED,
            f"CORS preflight for {wanted_method[:20]!r}: the API is read-only (allowed: "
            f"{', '.join(CORS_METHODS)})",
            allowed=list(CORS_METHODS),
            headers={"allow": ", ".join(CORS_METHODS)},
        )
    if wanted_headers:
        asked = [h.strip().lower() for h in wanted_headers.split(",") if h.strip()]
        refused = [h for h in asked if h not in CORS_HEADERS]
        if refused:
            return ApiProblem(
                400,
                models.PROBLEM_CORS_REJECTED,
                f"CORS preflight: request header(s) {', '.join(refused)[:100]} not allowed "
                f"(allowed: {', '.join(CORS_HEADERS)})",
                allowed=list(CORS_HEADERS),
            )
    return None


class Guard:
    """ASGI wrapper applying the limits above before the wrapped app sees the request."""

    def __init__(self, app: Any, fast: Any = None) -> None:
        self.app: ASGIApp = app
        # registry.FastRoutes: answers the hot query endpoints without Litestar (its
        # docstring); returns False for any request it leaves to Litestar.
        self.fast: Callable[[Scope, Receive, Send], Awaitable[bool]] | None = fast

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)  # state, routes, ... of the wrapped Litestar app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            problem = _problem_of(scope)
            if problem is not None:
                await _send_problem(scope, send, problem)
                return
            if self.fast is not None and await self.fast(scope, receive, send):
                return
        await self.app(scope, receive, send)


async def _send_problem(scope: Scope, send: Send, problem: ApiProblem) -> None:
    body = problem.body(instance=scope.get("path", "")[:200])
    headers = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        (b"access-control-allow-origin", b"*"),
    ]
    headers += [(k.lower().encode(), v.encode("latin-1")) for k, v in problem.headers.items()]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send(
        {
            "type": "http.response.body",
            "body": b"" if scope.get("method") == "HEAD" else body,
            "more_body": False,
        }
    )
