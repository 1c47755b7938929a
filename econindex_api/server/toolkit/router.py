"""The one door: every declared endpoint, routed and answered straight from the ASGI scope.

``Guard`` (the outermost layer) hands each request to :class:`Router` first. A path that
matches a declared endpoint is answered here, once, whatever happens; any other path (an
unknown one) goes on to Litestar, which answers it with the 404 problem. Litestar keeps what
it does for the whole app: the lifespan (the store's watch loop), CORS for the paths it
answers, and the exception handlers of ``app.py``, which render every error of this router
too (``ErrorRenderer``). Its router has no routes of ours.

What the router does for a declared path, as Litestar's router and middleware did:

* the path is normalised as Litestar does (``normalize_path``: slashes at both ends and
  repeated slashes dropped, so ``/v1/releases/`` is ``/v1/releases``) and matched
  segment by segment, a literal segment before a parameter, without backtracking (Litestar's
  route trie); ``scope["path"]`` becomes the normalised path (the problems' ``instance``);
* GET and HEAD: ``Endpoint.answer_scope`` for a ``variants`` endpoint (the cached path),
  the endpoint's ``handler`` otherwise. An exception before the response started becomes
  one problem answer (``ApiProblem``: its status; anything else: 500, logged); one
  after it started (a download whose bytes changed while it was sent) is raised to the
  server, which drops the connection. There is no second answer;
* OPTIONS: 204 with ``Allow``; with an ``Origin`` header, the CORS preflight answer
  (``Guard`` has already refused the preflights the API does not allow);
* any other method: 405 ``method-not-allowed``;
* a request with an ``Origin`` header gets the CORS response headers of Litestar's own
  middleware, computed from the same ``CORSConfig``.

Why one router of ours, and not Litestar's alone (issue 19, "one door"): both were measured
in one run of ``bench/run_query_bench.py`` on the same data (run 20261206-055354, granian 1
worker, ``wrk -t2 -c32 -d10s``, 2 shared cores with 0.3-1.0 of them busy with other work;
bench/README.md, "Issue 19: one door"). "Litestar alone" was this router's working tree
with a temporary switch (``ECONINDEX_ROUTER=litestar``) that gave Litestar one route per
declaration, as before, and no router; the switch went with the Litestar path::

    req/s, p50 / p99 ms, server CPU µs/req   this router              Litestar alone
    tasks, random (each a miss)       4,055  7.25 / 24.7  249    3,573  7.75 / 19.3  298
    tasks, one query (cached)        12,331  2.30 /  8.3   63    7,875  3.61 / 12.2  113
    occupations, random               2,372 13.32 / 26.8  404    1,678 18.40 / 37.9  567
    occupations, one query (cached)  11,982  2.22 / 42.4   69    5,964  4.74 / 16.1  141
    /health alone                    21,587  1.33 /  4.5    -    7,065  3.91 / 21.9    -

Litestar's per-request machinery (middleware stack, router, ``Request``, signature model,
exception middleware, response wrapper) costs ~50-70 µs of server CPU per request, about as
much as a whole cached answer: the router takes 1.6-2x the cached requests per second and
15-30 % less CPU per uncached one. The p99 of a single 10 s run moves with the other load
(the router's 42 ms on cached occupations is one such run; its other figures are lower).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from litestar import Request
from litestar.config.cors import CORSConfig
from litestar.datastructures import MutableScopeHeaders

from econindex_api.server.app_state import AppState
from econindex_api.server.toolkit.problems import method_not_allowed
from econindex_api.server.toolkit.registry import Call, Endpoint

# The ASGI callables as the servers hand them over; Litestar's TypedDicts would make every
# read of the scope a cast (registry.py reads it as Any as well).
Scope = Any
Message = Any
Receive = Any
Send = Callable[[Message], Awaitable[None]]
# Renders an exception raised while answering as the app's problem answer (app.py,
# ``error_renderer``: problem+json, or a page for a browser).
ErrorRenderer = Callable[[Scope, Receive, Send, Exception], Awaitable[None]]

# The methods of every declared path: OPTIONS's ``Allow`` and the 405's (Litestar's 405 gave
# them in an order that changed with the process's string hash seed).
ALLOW = "GET, HEAD, OPTIONS"


@dataclass
class _Node:
    """One segment level of the route trie (the shape of Litestar's)."""

    literals: dict[str, _Node] = field(default_factory=dict)
    parameter: _Node | None = None
    endpoint: Endpoint | None = None
    names: tuple[str, ...] = ()  # the endpoint's path parameter names, in path order


def _segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


class Router:
    """The declared endpoints behind one door (module docstring)."""

    MEMO_PATHS = 256
    MEMO_PATH_CHARS = 200

    def __init__(
        self,
        endpoints: Iterable[Endpoint],
        app: AppState,
        render_error: ErrorRenderer,
        cors: CORSConfig,
    ) -> None:
        self.app = app
        self.render_error = render_error
        self._root = _Node()
        for endpoint in endpoints:
            node = self._root
            names: list[str] = []
            for part in _segments(endpoint.path):
                if part.startswith("{"):
                    names.append(part[1:-1])
                    node.parameter = node.parameter or _Node()
                    node = node.parameter
                else:
                    node = node.literals.setdefault(part, _Node())
            if node.endpoint is not None:
                raise ValueError(f"{endpoint.path} and {node.endpoint.path} are the same route")
            node.endpoint, node.names = endpoint, tuple(names)
        self._memo: dict[str, tuple[Endpoint, dict[str, str], str]] = {}
        # CORS, as Litestar's middleware answers it (litestar/middleware/_internal/cors.py):
        # the same config gives the same headers.
        self._cors = cors
        self._cors_allow_headers = ", ".join(sorted(set(cors.allow_headers)))
        self._cors_allow_methods = ", ".join(sorted(set(cors.allow_methods)))
        self._preflight = _encoded(cors.preflight_headers.items())

    def match(self, path: str) -> tuple[Endpoint, dict[str, str], str] | None:
        """The endpoint, its path parameters and the normalised path; None if not declared."""
        parts = _segments(path)
        node = self._root
        values: list[str] = []
        for part in parts:
            child = node.literals.get(part)
            if child is None:
                if node.parameter is None:
                    return None
                child = node.parameter
                values.append(part)
            node = child
        if node.endpoint is None:
            return None
        return node.endpoint, dict(zip(node.names, values, strict=True)), "/" + "/".join(parts)

    def matched(self, path: str) -> tuple[Endpoint, dict[str, str], str] | None:
        """``match``, remembered per path (a handful of paths take most requests). The memo
        is kept out of the memory budget by its bounds: paths of at most ``MEMO_PATH_CHARS``
        characters that matched, at most ``MEMO_PATHS`` of them (cleared when full)."""
        found = self._memo.get(path)
        if found is not None:
            return found
        found = self.match(path)
        if found is not None and len(path) <= self.MEMO_PATH_CHARS:
            if len(self._memo) >= self.MEMO_PATHS:
                self._memo.clear()
            self._memo[path] = found
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer the request if its path is declared (True), else leave it untouched."""
        matched = self.matched(scope["path"])
        if matched is None:
            return False
        endpoint, path_params, path = matched
        scope["path"] = path
        scope["path_params"] = path_params = dict(path_params)
        method = scope["method"]
        for name, value in scope["headers"]:
            if name == b"origin":
                if method == "OPTIONS":
                    await _send_empty(send, 204, self._preflight)
                    return True
                send = self._with_cors(send, value.decode("latin-1"), scope["headers"])
                break
        if method == "GET" or method == "HEAD":
            await self._answer(endpoint, path_params, scope, receive, send)
        elif method == "OPTIONS":
            await _send_empty(send, 204, ((b"allow", ALLOW.encode()),))
        else:
            await self.render_error(scope, receive, send, method_not_allowed(method, ALLOW))
        return True

    async def _answer(
        self,
        endpoint: Endpoint,
        path_params: dict[str, str],
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> None:
        if endpoint.handler is None:
            # The cached path: the response is complete before anything is sent.
            try:
                response = await endpoint.answer_scope(scope, self.app, path_params)
            except Exception as exc:
                await self.render_error(scope, receive, send, exc)
                return
            await response(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            request: Request[Any, Any, Any] = Request(scope, receive, send)
            response = await endpoint.handler(Call(request, self.app, path_params))
            await response(scope, receive, tracked)
        except Exception as exc:
            if started:
                raise  # a response is under way: the server drops the connection
            await self.render_error(scope, receive, send, exc)

    def _with_cors(self, send: Send, origin: str, headers: Any) -> Send:
        """``send`` adding the CORS headers of Litestar's middleware to the response."""
        config = self._cors
        has_cookie = any(name == b"cookie" for name, _ in headers)

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                out = MutableScopeHeaders.from_message(message=message)
                out.update(config.simple_headers)
                if (config.is_allow_all_origins and has_cookie) or (
                    not config.is_allow_all_origins and config.is_origin_allowed(origin)
                ):
                    out["Access-Control-Allow-Origin"] = origin
                    out["Vary"] = "Origin"
                out["Access-Control-Allow-Headers"] = self._cors_allow_headers
                out["Access-Control-Allow-Methods"] = self._cors_allow_methods
            await send(message)

        return wrapped


def _encoded(headers: Iterable[tuple[str, str]]) -> tuple[tuple[bytes, bytes], ...]:
    return tuple((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers)


async def _send_empty(send: Send, status: int, headers: Iterable[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status, "headers": list(headers)})
    await send({"type": "http.response.body", "body": b"", "more_body": False})
