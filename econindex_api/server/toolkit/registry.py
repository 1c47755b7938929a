"""Every HTTP endpoint, declared once: path, parameters, model, the answer, docs.

How to add an endpoint
======================

1. **Query** (``queries.py``, pure Polars, no HTTP): the function that computes the rows or
   the object from a release's frames (``ctx.views``) or from several releases
   (``ctx.snapshot``). If it needs a frame built once per release, add it to ``views.py``.
2. **Model** (``econindex_api/models/``): the msgspec Struct of the answer (a ``Page[Row]``
   subclass with a ``tag`` for lists). The OpenAPI schema is generated from it.
3. **Declaration** (its area module, ``areas/<area>.py``; shared parameters in
   ``areas/common.py``): the parameters (``params.ParamSpec``: text, integer, number,
   number_list, choice, major_group, occupation, cursor; use ``LIST_PARAMS`` for
   pages/cursor/format) and, just above them, the frozen Struct of their parsed values, bound
   into one ``params.ParamSet``::

       class ThinkingParams(P.ListParams, frozen=True):   # limit, cursor, format inherited
           major_group: str | None = None
           q: str | None = None
           sort: str = "-share_pct"

       THINKING_PARAMS = P.ParamSet.of(
           (P.MAJOR_GROUP, P.Q, P.sort_param(THINKING_SORT, "-share_pct"), *LIST_COMMON),
           ThinkingParams,
       )

   then an ``answer(ctx) -> Prepared`` function (``p = ctx.params_as(ThinkingParams)``: the
   parsed, canonical values, typed; finish with ``page_answer`` for lists, ``object_answer``
   for one object, ``table_answer`` / ``prepare`` for anything else, e.g. HTML), and an
   :class:`Endpoint` appended to ``ENDPOINTS``::

       Endpoint(
           name="thinking",                            # stable: cache key, release links
           path="/v1/releases/{release}/thinking",     # {release}: resolved for you
           summary="...", description="...", tag="methods",
           kind="object",                              # list | object | download | status
           response=models.Thinking,                   # a Struct or a union of tagged ones
           variants=(
               Variant(THINKING_PARAMS, answer_thinking,
                       applies=lambda v: v.thinking is not None,
                       serves="thinking: share_pct by thinking mode"),
           ),
           tables=True,                                 # also CSV, NDJSON, xlsx, Parquet
           link=True,                                   # listed in the release's links
           warm=("",),                                  # query strings computed at load
       )

The area's ``ENDPOINTS`` tuple is joined with the others in ``declarations.py`` (a new area
module adds its list there); nothing registers itself when imported, and ``create_app`` /
``openapi_bytes`` take the joined list as an argument. Answers that need the whole list
(release links, the measure-not-available problem) read ``ctx.endpoints``.

That is all: the route, the OpenAPI operation (``python -m econindex_api.server.toolkit.openapi >
openapi/openapi.json`` regenerates the committed copy; a test compares them), the warm-up,
caching, ETags, 304, gzip, HEAD, CORS, the miss queue and the problem answers come from the
declaration. Then add the client resource (``econindex_api/client/namespaces/``, sync and async).

* **Path parameters** beyond ``{release}`` (``/v1/compare/{from}/{to}/{measure}``,
  ``/v1/series/occupations/{code}``): write them in ``path`` and declare each in
  ``path_params`` (``PathParam(name, description, example)``; ``RELEASE`` for
  ``{release}``). The answer reads ``ctx.path_params[name]`` (validate it there; an unknown
  value is a 404 ``ApiProblem``).
* **Not under a release** (no ``{release}`` in the path): the answer gets ``ctx.state =
  None`` and reads ``ctx.snapshot`` (every loaded release; ``resolve(ctx.snapshot, id)``
  gives one, with the 404/503 problems). The cache key then includes the catalog generation,
  so the answer is recomputed when a release is published or becomes unavailable.
  Release-scoped answers that read other releases than their own set
  ``catalog_dependent=True`` for the same effect.
* **Lists** (``kind="list"``): parameters include ``*LIST_PARAMS`` (limit, cursor, format);
  the answer filters and sorts a frame and returns ``page_answer(ctx, params=p,
  build_page=models.XPage, row_type=models.XRow, frame=frame)``, which pages with canonical
  cursors and ``next`` links, or sends every row in a table form (``format=csv|ndjson|xlsx|
  parquet`` or Accept: ``representation.py``). For a hot list, prepare a
  ``rowindex.RowIndex`` in ``views.py`` and pass ``index=``/``positions=`` instead of
  ``frame`` (rows encoded once; see ``answer_task_usage``). Not under a release, pages get
  ``provenance=None``: give such a page model ``provenance: Provenance | None = None``.
* **Single objects** (``kind="object"``): ``object_answer(ctx, struct)``; ``tables=True`` and
  ``table_answer(ctx, frame)`` when ``ctx.tabular`` if it also has a table form.
* **A measure a release lacks**: give the endpoint one :class:`Variant` per kind of release
  it applies to, each with ``applies(views)``. A release no variant applies to gets 404
  ``measure-not-available`` naming its measures and the endpoints it has; a query parameter
  that only another variant takes gets 400 naming the release's parameters. The OpenAPI
  operation documents the union of the variants' parameters.
* **Answers that are not cached** (downloads, status): give ``handler`` (an ``async``
  function of :class:`Call`) instead of ``variants``.
* **HTML pages**: an answer returning ``prepare(html, "text/html", ctx.etag_hex("html"),
  tuple(ctx.base_headers()))``; ``openapi=False`` keeps a page out of the API contract.
* **Warm-up** (``warm``): query strings answered when a release is loaded, before it is
  served; only for endpoints whose sole path parameter is ``{release}``.

Typed parameters (issue 19). Each variant's parsed query parameters are one frozen msgspec
Struct (a ``params.Params`` subclass) declared beside its ``ParamSpec`` list, and a
``ParamSet`` binds the two. Decisions:

* The specs stay the single source of parsing rules, defaults and the OpenAPI parameters;
  the Struct repeats names and defaults so that mypy can see them. ``ParamSet.of`` checks
  the Struct against the specs when the module is imported (same names, every field
  optional, defaults equal and of one type), and ``tests/test_params_structs.py`` checks
  every served variant again, with the field types each kind of spec parses to. Classes
  are written out, never generated: mypy cannot see a generated class. (Only a variant
  given bare specs, as tests do, gets a Struct made at run time, read by name.)
* One Struct per parameter set, shared where sets have the same names and defaults
  (``GroupSearchParams``) or extend one another (``ListParams``: limit, cursor, format, what
  ``page_answer`` and the registry read; the compare Structs). Choices used as flags are
  ``Literal`` s; sort fields stay ``str``. Number lists are tuples (frozen all through).
* Answers read ``ctx.params_as(TheirParams)``, an isinstance check rather than a generic
  ``Context[P]``: the answer functions keep one signature (``Answer``), and a variant wired
  to the wrong answer fails loudly on its first request (every variant is exercised by the
  tests).
* The cache key's parameter part is ``ParamSet.canonical(struct)``: the fields as
  ``(name, value)`` pairs sorted by name, defaults filled, lists as tuples, the same tuple
  the dict gave, because ETags hash its ``repr`` (they are byte-identical). The cursor
  fingerprint hashes the values with number lists written back as lists
  (``params.as_mapping``), so cursors and ``next`` links did not change either.
* Cost: a Struct per parsed request (a miss); the ``Alias`` path of a repeated request
  parses nothing, as before. Measured in bench/README.md ("Typed parameters").

Why a registry of ours rather than Litestar's handler signatures and OpenAPI generator: the
hot path (a cached answer) must stay off Litestar's per-request machinery (signature model,
parameter parsing and validation, response building cost as much as the whole rest of a
cached request, see ``bench/asgi_cost.py``), and our parameters are parsed strictly and
canonically (unknown, repeated, non-ASCII digits refused; release-dependent parameter sets)
before the cache is consulted, which Litestar's parsing cannot express. The declarations are
routed by ``router.Router``, the one door (its docstring says why not Litestar's router).

How a request is answered (``router.Router`` -> ``Endpoint.answer_scope``; a ``handler``
endpoint does its own): lengths checked (414/431, ``guard.py``) -> release resolved (404/503)
-> the request exactly as written seen before? its answer (an ``Alias`` in the cache: the
hot path parses nothing) -> else variant chosen (404
measure-not-available) -> parameters parsed and validated into the variant's Struct (400)
-> canonical cache key
(endpoint, release as requested, package sha256 or catalog generation, path parameters,
every parameter with defaults filled in, representation) -> cached answer, or a miss
(``misses``: off the event loop unless known to be cheap, single flight, bounded queue) ->
``respond.send`` (304, gzip, HEAD).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from litestar import Request
from litestar.response.base import ASGIResponse

from econindex_api import models
from econindex_api.server.app_state import AppState
from econindex_api.server.store import EMPTY, ReleaseState, Snapshot
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.cache import Prepared
from econindex_api.server.toolkit.problems import ApiProblem
from econindex_api.server.toolkit.public_url import base_url_of, unscoped_base_url
from econindex_api.server.toolkit.representation import Representation, negotiate, not_acceptable
from econindex_api.server.toolkit.respond import Context, accepts_gzip, resolve, send
from econindex_api.server.views import ReleaseViews

Kind = Literal["list", "object", "download", "status"]
Answer = Callable[[Context], Prepared]
RELEASES = "/v1/releases"
RELEASE_PREFIX = RELEASES + "/{release}"


@dataclass(frozen=True)
class PathParam:
    name: str
    description: str
    example: str


RELEASE = PathParam(
    "release",
    "A release id (e.g. 2025-02-10, labor-market-impacts) or `latest`, the newest dated "
    "release of the usage series.",
    "latest",
)


def _always(views: ReleaseViews) -> bool:
    return True


@dataclass(frozen=True)
class Variant:
    """One way an endpoint answers: for the releases whose views ``applies`` to."""

    # The variant's parameters: a ``ParamSet`` (specs and their Struct, declared in the area
    # module), or bare specs (a Struct made at run time: tests and experiments only).
    params: P.ParamSet | Sequence[P.ParamSpec]
    answer: Answer
    applies: Callable[[ReleaseViews], bool] = _always
    serves: str = ""  # "tasks: share_pct (...)", listed by measure-not-available problems
    # ``params`` as a ParamSet, its lookups made once (parsing and the cache key use it).
    param_set: P.ParamSet = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "param_set", P.ParamSet.of(self.params))


@dataclass(frozen=True)
class Call:
    """What an uncached handler gets: the request, the app's state, the path parameters."""

    request: Request[Any, Any, Any]
    app: AppState
    path_params: Mapping[str, str]

    @property
    def method(self) -> str:
        method: str = self.request.scope["method"]
        return method


Handler = Callable[[Call], Awaitable[ASGIResponse]]


@dataclass(frozen=True)
class Endpoint:
    name: str  # stable: part of cache keys; the key in ReleaseLinks.endpoints when link=True
    path: str  # OpenAPI template, e.g. /v1/releases/{release}/tasks/{task_id}
    summary: str
    description: str
    tag: str
    kind: Kind
    operation_id: str = ""
    response: Any = None  # msgspec type of the 200 JSON body (OpenAPI)
    variants: Sequence[Variant] = ()
    handler: Handler | None = None
    path_params: Sequence[PathParam] = ()
    # Has a table form: also answers CSV, NDJSON, xlsx and Parquet (format= or Accept, see
    # representation.py), and 406 to an Accept naming none of the types it serves.
    tables: bool = False
    link: bool = False  # listed in a release's links (release-scoped, no other path params)
    warm: Sequence[str] | Callable[[ReleaseViews], Sequence[str]] = ()
    catalog_dependent: bool = False
    openapi: bool = True
    download_media: Sequence[str] = ()
    unavailable_503: str | None = None  # a 503 answer with the 200 body (readiness)
    # Raises the 404/503 problem when a release the answers read is unknown or unavailable,
    # for endpoints not under /v1/releases/{release} (compare, series): checked before the
    # cache, so a cached answer is never served for a release that is unavailable now.
    precheck: Callable[[Snapshot, Mapping[str, str]], None] | None = None
    # Query parameters of a ``handler`` endpoint (it parses them itself), for the OpenAPI.
    handler_params: Sequence[P.ParamSpec] = ()
    all_params: tuple[P.ParamSpec, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        names = {p.name for p in self.path_params}
        written = set(_template_names(self.path))
        if names != written:
            raise ValueError(f"{self.path}: path_params {sorted(names)} != {sorted(written)}")
        if (self.handler is None) == (len(self.variants) == 0):
            raise ValueError(f"{self.path}: give either variants or handler")
        params = union_params([*(v.param_set.specs for v in self.variants), self.handler_params])
        object.__setattr__(self, "all_params", tuple(params))

    @property
    def release_scoped(self) -> bool:
        return self.path.startswith(RELEASE_PREFIX)

    @property
    def suffix(self) -> str:
        """The path below ``/v1/releases/{release}/`` (release links, problems)."""
        return self.path.removeprefix(RELEASE_PREFIX).lstrip("/")

    def variant_for(self, views: ReleaseViews) -> Variant | None:
        for variant in self.variants:
            if variant.applies(views):
                return variant
        return None

    async def answer_scope(
        self, scope: Any, app: AppState, path_params: dict[str, str]
    ) -> ASGIResponse:
        """The response of a ``variants`` endpoint from the ASGI scope alone (what
        ``router.Router`` calls)."""
        query_string: bytes = scope["query_string"]  # length already checked (guard.py)
        headers = request_headers(scope)
        snapshot = app.store.current
        requested, identity = self.identity(snapshot, path_params)
        # The hot path: this exact request seen before -> its canonical answer, no parsing.
        accept = headers.get("accept")
        # The form Accept asks for, by name ("": nothing we serve, 406 unless format=
        # chooses); a short string, so that the key's size is what the budget counts.
        accepted = _accepted_name(accept) if self.tables else "json"
        base_url = base_url_of(scope) if self.kind == "list" else ""
        raw_key = (
            self.name,
            requested,
            identity,
            *path_params.values(),
            query_string,
            accepted,
            base_url,
        )
        prepared = app.cache.get(raw_key)
        encodings = headers.get("accept-encoding", "")
        if prepared is None or (prepared.needs_gzip and accepts_gzip(encodings)):
            # Parsed only now: a miss, or the first client that wants this answer gzipped.
            ctx, key = self.prepare_context(
                snapshot, path_params, query_string, accept, app.endpoints, base_url
            )
            kind = (self.name, ctx.representation, P.limit_of(ctx.params))
            known = app.cache.get(key)
            prepared = await cached_answer(
                app,
                key,
                known,
                ctx,
                self._answer_of(ctx),
                accepts_gzip(encodings),
                kind,
                ctx.key_bytes,
            )
            if known is not None:
                # Asked for before: remember this spelling of the request, so that the next
                # one skips parsing. Not on a first request: most distinct queries are never
                # repeated, and an alias for each would take cache room and CPU for nothing.
                app.cache.alias(raw_key, key, self._raw_key_bytes(ctx, query_string, identity))
        return send(scope["method"], headers, prepared)

    @staticmethod
    def _raw_key_bytes(ctx: Context, query_string: bytes, identity: Any) -> int:
        """The size of ``repr`` of the raw key of ``answer_scope``, added up (cheaper)."""
        return (
            len(query_string)
            + sum(len(v) + 4 for v in ctx.path_params.values())
            + ctx.key_bytes  # counts the base URL (both keys hold it)
            - len(ctx.identity)
            + (len(identity) + 4 if isinstance(identity, str) else len(repr(identity)))
        )

    def identity(self, snapshot: Snapshot, path_params: Mapping[str, str]) -> tuple[str, Any]:
        """The release as requested and what the answers depend on: the resolved release id
        and its package sha256, or the catalog generation (not under a release, or
        ``catalog_dependent``); 404/503 for an unknown or unavailable release."""
        if not self.release_scoped:
            if self.precheck is not None:
                self.precheck(snapshot, path_params)
            return "", generation(snapshot)
        requested = path_params["release"]
        return requested, self._depends_on(snapshot, resolve(snapshot, requested))

    def _depends_on(self, snapshot: Snapshot, state: ReleaseState | None) -> Any:
        """What the answers depend on, for a resolved release (``identity``): its package
        and its id. The id too, as the answers name it (``provenance.release_id``): two ids
        serving the same package bytes (a release republished under a newer date) give two
        bodies, so ``latest`` moving from one to the other must not find the old answer.
        (That used to hold only because the warm-up overwrote the default queries' entries.)"""
        if state is None or self.catalog_dependent:
            return generation(snapshot)
        return f"{state.id} {state.version.package_sha256}"

    def _answer_of(self, ctx: Context) -> Answer:
        variant: Variant = ctx.variant
        return variant.answer

    def prepare_context(
        self,
        snapshot: Snapshot,
        path_params: Mapping[str, str],
        query_string: bytes,
        accept: str | None,
        endpoints: Sequence[Endpoint] = (),
        base_url: str = "",
    ) -> tuple[Context, tuple[Any, ...]]:
        """Resolve, choose the variant, parse: the context of the answer and its cache key.

        ``endpoints``: every endpoint the app serves (``AppState.endpoints``), for the release
        links and the measure-not-available problem that names the release's endpoints.
        ``base_url``: what the ``next`` links of a list start with (``public_url``: the
        public URL or the listening address, never the request's Host); part of the key, as
        two base URLs give two bodies. Empty: path-absolute links (the pages' own reads)."""
        state: ReleaseState | None = None
        requested = ""
        if self.release_scoped:
            requested = path_params["release"]
            state = resolve(snapshot, requested)
            assert state.views is not None  # resolve() hands out available releases only
            variant = self.variant_for(state.views)
            if variant is None:
                raise measure_not_available(state, self, endpoints)
        else:
            variant = self.variants[0]
        values = parse_params(query_string, variant.param_set, self.all_params, state)
        form = P.format_of(values)
        if form is not None:
            representation = Representation(form)
            by_accept = None  # format= wins; Accept is not read
        elif self.tables:
            negotiated = negotiate(accept)
            if negotiated is None:
                raise not_acceptable(accept or "")
            representation = by_accept = negotiated
        else:
            representation, by_accept = Representation.JSON, None
        canonical = variant.param_set.canonical(values)
        fixed = tuple(path_params.get(p.name, "") for p in self.path_params)
        identity = self._depends_on(snapshot, state)
        # The form Accept chose is part of the key (format= is in ``canonical`` already).
        form_key = by_accept.value if by_accept is not None else ""
        key = (self.name, requested, identity, fixed, canonical, form_key, base_url)
        identity_text = repr((identity, canonical))
        ctx = Context(
            endpoint=self.name,
            snapshot=snapshot,
            state=state,
            requested=requested,
            path=fill_path(self.path, path_params),
            path_params=dict(path_params),
            params=values,
            param_set=variant.param_set,
            representation=representation,
            variant=variant,
            identity=identity_text,
            # The key's size as repr(key) would count it (the cache's budget counts keys).
            key_bytes=len(identity_text)
            + len(self.name)
            + len(requested)
            + sum(len(f) + 4 for f in fixed)
            + len(base_url)
            + len(form_key)
            + 28,
            endpoints=endpoints,
            base_url=base_url,
        )
        return ctx, key


def _accepted_name(accept: str | None) -> str:
    negotiated = negotiate(accept)
    return negotiated.value if negotiated is not None else ""


_REQUEST_HEADERS = {b"accept": "accept", b"accept-encoding": "accept-encoding"}
_REQUEST_HEADERS[b"if-none-match"] = "if-none-match"


def request_headers(scope: Any) -> dict[str, str]:
    """The request headers the answer depends on, read straight from the ASGI scope (cheaper
    than building Litestar's Headers on the hot path)."""
    out: dict[str, str] = {}
    for name, value in scope["headers"]:
        wanted = _REQUEST_HEADERS.get(name)
        if wanted is not None:
            out[wanted] = value.decode("latin-1")
    return out


def _template_names(path: str) -> list[str]:
    names = []
    rest = path
    while "{" in rest:
        start = rest.index("{")
        end = rest.index("}", start)
        names.append(rest[start + 1 : end])
        rest = rest[end + 1 :]
    return names


def fill_path(template: str, path_params: Mapping[str, str]) -> str:
    """The canonical request path: the template with the path parameters filled in."""
    out = template
    for name, value in path_params.items():
        out = out.replace("{" + name + "}", value)
    return out


def generation(snapshot: Snapshot) -> tuple[Any, ...]:
    """What answers over the whole catalog depend on: its hash and the epoch of each release
    state (store.py: a number never reused, new whenever the release's availability changes).
    Not the availability flags themselves: those flip back to an earlier value, and an answer
    computed while they changed would then be served for a later state (issue 18, N6)."""
    return (snapshot.catalog_sha256, tuple(s.epoch for s in snapshot.releases.values()))


def union_params(groups: Iterable[Sequence[P.ParamSpec]]) -> list[P.ParamSpec]:
    """All parameters of an endpoint over its variants, for the OpenAPI (sort choices merged)."""
    out: dict[str, P.ParamSpec] = {}
    for group in groups:
        for spec in group:
            if spec.name in out and spec.kind == "choice":
                merged = out[spec.name].choices + tuple(
                    c for c in spec.choices if c not in out[spec.name].choices
                )
                default = out[spec.name].default
                description = out[spec.name].description
                if spec.default != default:
                    # A default the spec states must be valid for every release the path
                    # serves (generated clients send it): none in the document, each
                    # release's own default in the text.
                    description += f" On the exposure release the default is {spec.default}."
                    default = None
                out[spec.name] = P.ParamSpec(
                    spec.name, "choice", description, default=default, choices=merged
                )
            elif spec.name not in out:
                out[spec.name] = spec
    return list(out.values())


def parse_params(
    query_string: bytes,
    specs: P.ParamSet,
    all_specs: Sequence[P.ParamSpec],
    state: ReleaseState | None,
) -> P.Params:
    """Parse against the variant's parameters; one that only other variants take is named."""
    try:
        return specs.parse(query_string)
    except ApiProblem as problem:
        name = problem.parameter
        own = set(specs.by_name)
        if (
            state is not None
            and problem.type == models.PROBLEM_UNKNOWN_PARAMETER
            and name is not None
            and name not in own
            and name in {s.name for s in all_specs}
        ):
            raise ApiProblem(
                400,
                models.PROBLEM_INVALID_PARAMETER,
                f"query parameter {name!r} does not apply to release {state.id!r}, whose "
                f"measures are {', '.join(state.entry.measures)}; it accepts: "
                f"{', '.join(sorted(own))}",
                parameter=name,
                release=state.id,
                measures=list(state.entry.measures),
                allowed=sorted(own),
            ) from None
        raise


async def cached_answer(
    app: AppState,
    key: Hashable,
    prepared: Prepared | None,
    ctx: Any,
    answer: Callable[[Any], Prepared],
    gzip: bool,
    kind: Hashable = None,
    key_bytes: int | None = None,
) -> Prepared:
    """The answer under ``key``: ``prepared`` (what ``app.cache.get(key)`` gave the caller),
    else ``answer(ctx)`` computed off the event loop (``Misses``: one computation per key in
    flight, then cached); its gzip body made on first demand (``gzip``: the client accepts
    it), off the loop too. The steps of every cached answer: ``Endpoint.answer_scope`` and the
    pages' handler (``pages.routes``)."""
    if prepared is None:
        return await app.misses.compute(key, ctx, answer, gzip, None, kind, key_bytes)
    if gzip and prepared.needs_gzip:
        return await app.misses.compute(key, ctx, answer, True, prepared, None, key_bytes)
    return prepared


# --- a list of endpoints as a whole (declarations.py joins the areas' lists) ---


def joined(*lists: Sequence[Endpoint]) -> tuple[Endpoint, ...]:
    """The areas' lists as one, in order (the OpenAPI's order); a name or path declared twice
    is an error at import."""
    out: list[Endpoint] = []
    for endpoint in (e for endpoints in lists for e in endpoints):
        if any(e.name == endpoint.name or e.path == endpoint.path for e in out):
            raise ValueError(f"endpoint {endpoint.name} ({endpoint.path}) declared twice")
        out.append(endpoint)
    return tuple(out)


def linked_endpoints(endpoints: Sequence[Endpoint], views: ReleaseViews) -> list[Endpoint]:
    """The endpoints listed in a release's links: those with a variant for its views."""
    return [e for e in endpoints if e.link and e.variant_for(views) is not None]


def measure_not_available(
    state: ReleaseState, endpoint: Endpoint, endpoints: Sequence[Endpoint]
) -> ApiProblem:
    views = state.views
    assert views is not None
    serves = [v.serves for e in endpoints for v in e.variants if v.serves and v.applies(views)]
    return ApiProblem(
        404,
        models.PROBLEM_MEASURE_NOT_AVAILABLE,
        f"release {state.id!r} has no data for /{endpoint.suffix}; its measures are "
        f"{', '.join(state.entry.measures)} ({'; '.join(serves) or 'nothing'})",
        release=state.id,
        measures=list(state.entry.measures),
        allowed=[e.suffix for e in linked_endpoints(endpoints, views)],
    )


def warm_queries(endpoint: Endpoint, views: ReleaseViews) -> Sequence[str]:
    if callable(endpoint.warm):
        return endpoint.warm(views)
    return endpoint.warm


def warm(app: AppState, state: ReleaseState, is_latest: bool) -> None:
    """Compute the declared warm-up answers of a freshly loaded release before it is served
    (runs in the loading thread, so it never holds up requests)."""
    if not state.available or state.views is None:
        return
    names = ["latest", state.id] if is_latest else [state.id]
    # The snapshot being built is not published yet; release-scoped answers do not read it.
    snapshot = Snapshot(
        catalog=EMPTY.catalog,
        catalog_sha256=None,
        releases={state.id: state},
        latest_id=state.id if is_latest else None,
    )
    endpoints: Sequence[Endpoint] = app.endpoints
    for endpoint in endpoints:
        if not endpoint.release_scoped or endpoint.catalog_dependent or endpoint.handler:
            continue
        if len(endpoint.path_params) != 1 or endpoint.variant_for(state.views) is None:
            continue
        # A list's next links start with the base URL (part of the key): the one a request
        # will most likely carry (public_url.unscoped_base_url).
        base_url = unscoped_base_url() if endpoint.kind == "list" else ""
        for requested in names:
            for query in warm_queries(endpoint, state.views):
                try:
                    ctx, key = endpoint.prepare_context(
                        snapshot,
                        {"release": requested},
                        query.encode("ascii"),
                        None,
                        endpoints,
                        base_url,
                    )
                    app.cache.put(key, ctx.variant.answer(ctx).gzipped())
                except ApiProblem:
                    continue  # a declared warm query that this release refuses
