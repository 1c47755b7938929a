"""The outermost layer: limits and refusals that apply to every request, as problems.

Each refusal is answered by ``problem_answer`` like every other error: problem+json, or an
HTML page for a browser except for the types documented ``html=False`` (``headers-too-large``,
``cors-rejected``, ``invalid-header``: malformed requests, always problem+json).

Wraps the Litestar app (``create_app`` returns it), so it sees every request first, including
those to unknown paths, and answers before any routing or parsing:

* a query string over ``params.MAX_QUERY_BYTES`` (4096 bytes): 414 ``uri-too-long``;
* request headers over ``MAX_HEADER_BYTES`` in total (8 KiB, names and values): 431
  ``headers-too-large``; a path over ``MAX_PATH_BYTES`` (8 KiB): 414;
* a CORS preflight (``OPTIONS`` with ``Access-Control-Request-Method``) for a method the API
  does not serve: 405 ``method-not-allowed``; for request headers it does not allow: 400
  ``cors-rejected``. Litestar's CORS middleware would answer these in text/plain.
* more than one ``Host`` header, or a ``Host`` that is not ``host[:port]`` with a port of
  digits up to 65535 (``x:+1``, ``x:abc``, ``x:65536``): 400 ``invalid-header`` naming it
  (``parameter: "host"``). The app never builds a URL from ``Host`` (absolute URLs come from
  ``--public-url``/``ECONINDEX_PUBLIC_URL``, see ``public_url.public_base_url``); the check
  keeps a malformed one from reaching code that parses it (it gave 500s, issue 18 N5);

Every answer, from the app or from here, gets the security headers ``SECURITY_HEADERS``
(README, "Hardening"): a Content-Security-Policy under which the pages and ``/docs`` work
(scripts and styles from this origin only; Swagger UI needs inline styles and ``data:``
images), ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` with
``frame-ancestors 'none'``, and ``Referrer-Policy: no-referrer``.

These limits sit below the HTTP servers' own (h11 in uvicorn refuses a request head over
64 KiB; granian/hyper over about 400 KiB): between the two the app answers with problem+json;
beyond the server's limit the server itself answers (400/431 without a problem body, or a
connection reset) before the app sees anything, which is documented in the README.

Per request this costs two length checks, a look at the Host header and, for OPTIONS only, a
look at two headers.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from econindex_api import models
from econindex_api.server.problem_answer import problem_answer
from econindex_api.server.toolkit.params import MAX_QUERY_BYTES
from econindex_api.server.toolkit.problems import ApiProblem
from econindex_api.server.toolkit.respond import media_type_header

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_HEADER_BYTES = 8 * 1024
MAX_PATH_BYTES = 8 * 1024
CORS_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = ("accept", "if-none-match", "if-range", "range")
# One policy for every answer: the pages (server-drawn SVG, a stylesheet of ours, JSON-LD data
# blocks, no script) and /docs (Swagger UI from /docs/, which sets inline styles and draws
# data: images) are checked to work under it in Chromium (tests/test_guard_n.py).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
# RFC 9110 §7.2 / RFC 3986 §3.2.2: reg-name, IPv4 or [IPv6], then an optional port of digits.
_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]*)(?::(\d{0,5}))?\Z")


def _host_problem(headers: list[tuple[bytes, bytes]]) -> ApiProblem | None:
    hosts = [value for name, value in headers if name == b"host"]
    if not hosts:
        return None  # HTTP/1.0: no Host; nothing is built from it anyway
    if len(hosts) > 1:
        return _invalid_host(f"{len(hosts)} Host headers were sent; exactly one is allowed")
    text = hosts[0].decode("latin-1")
    match = _HOST.match(text)
    if match is None or (match.group(2) and int(match.group(2)) > 65535):
        return _invalid_host(
            f"Host {text[:60]!r} is not host[:port] with a port between 0 and 65535"
        )
    return None


def _invalid_host(detail: str) -> ApiProblem:
    return ApiProblem(400, models.PROBLEM_INVALID_HEADER, detail, parameter="host")


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
    host_problem = _host_problem(headers)
    if host_problem is not None:
        return host_problem
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

    def __init__(self, app: Any, routes: Any = None) -> None:
        self.app: ASGIApp = app
        # router.Router: answers every request to a declared path (its docstring); returns
        # False for any other, which the wrapped Litestar app answers (404).
        self.routes: Callable[[Scope, Receive, Send], Awaitable[bool]] | None = routes

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)  # state, routes, ... of the wrapped Litestar app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _secured(send)
        problem = _problem_of(scope)
        if problem is not None:
            await _send_problem(scope, send, problem, self.app)
            return
        if self.routes is not None and await self.routes(scope, receive, send):
            return
        await self.app(scope, receive, send)


def _secured(send: Send) -> Send:
    """``send`` with ``SECURITY_HEADERS`` added to the response's start."""

    async def secured(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            # A new message: a response object may hand out the same one on every request.
            headers = [*message.get("headers", ()), *SECURITY_HEADERS]
            message = {**message, "headers": headers}
        await send(message)

    return secured


async def _send_problem(scope: Scope, send: Send, problem: ApiProblem, app: Any) -> None:
    accept = next((v for k, v in scope.get("headers", []) if k == b"accept"), b"")
    state = getattr(app, "state", None)
    app_state = state.get("econindex") if state is not None else None
    body, media_type, extra = problem_answer(
        problem,
        instance=scope.get("path", "")[:200],
        accept=accept.decode("latin-1"),
        snapshot=app_state.store.current if app_state is not None else None,
    )
    headers = [
        (b"content-type", media_type_header(media_type).encode()),
        (b"content-length", str(len(body)).encode()),
        (b"access-control-allow-origin", b"*"),
    ]
    headers += [(k.lower().encode(), v.encode("latin-1")) for k, v in extra.items()]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send(
        {
            "type": "http.response.body",
            "body": b"" if scope.get("method") == "HEAD" else body,
            "more_body": False,
        }
    )
