"""Turning answers into HTTP: representation, caching headers, ETags, 304, gzip, pages.

Every data response carries the provenance headers, a strong ETag (package hash + request),
``Cache-Control`` (immutable for dated release ids, short for ``latest``), ``Vary`` and, when
the body is large and the client accepts it, a gzip body prepared once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import msgspec
import polars as pl
from litestar.response.base import ASGIResponse

from econindex_api import models
from econindex_api._version import __version__
from econindex_api.server.rowindex import Indices, RowSource
from econindex_api.server.store import ReleaseState, Snapshot
from econindex_api.server.toolkit import exports
from econindex_api.server.toolkit.cache import Prepared, prepare
from econindex_api.server.toolkit.pagination import decode_cursor, encode_cursor, query_fingerprint
from econindex_api.server.toolkit.params import (
    ListParams,
    Params,
    ParamSet,
    S,
    as_mapping,
    params_as,
)
from econindex_api.server.toolkit.problems import ApiProblem, release_unavailable, unknown_release
from econindex_api.server.toolkit.representation import (
    Representation,
    negotiate,
    q_values,
)
from econindex_api.server.views import ReleaseViews

IMMUTABLE = "public, max-age=31536000, immutable"
LATEST_MAX_AGE = 60
SHORT = f"public, max-age={LATEST_MAX_AGE}"
CATALOG_CACHE = "public, max-age=60"
VARY = "Accept, Accept-Encoding"

JSON = "application/json"
CSV = "text/csv"

_encoder = msgspec.json.Encoder()


@dataclass(frozen=True)
class Context:
    """One request to a declared endpoint, as its answer function sees it (see registry)."""

    endpoint: str  # the endpoint's name
    snapshot: Snapshot  # every release (answers not under one release read it)
    state: ReleaseState | None  # the resolved release, None when the path has no {release}
    requested: str  # release as written in the path ("" when none)
    path: str  # canonical request path (template with the path parameters filled in)
    path_params: dict[str, str]
    # Parsed, canonical query parameters, defaults filled in: the variant's Struct (an
    # answer reads it with ``ctx.params_as(ItsParams)``, typed).
    params: Params
    param_set: ParamSet  # the variant's parameters (for canonical links)
    # The representation asked for: format=..., else Accept (representation.negotiate);
    # JSON for endpoints without a table form.
    representation: Representation
    variant: Any  # the registry.Variant answering
    identity: str  # what the answer depends on besides the path (for the ETag)
    key_bytes: int  # length of repr(cache key), added up (the cache's budget counts keys)
    # Every endpoint the app serves (``registry.Endpoint``s; typed Any because the registry
    # imports this module): release links and problems that name the other endpoints.
    endpoints: Sequence[Any]
    # What a list's ``next`` link starts with: the public URL or the listening address
    # (public_url.py), "" for a path-absolute link (the pages' own reads of an answer).
    base_url: str

    @property
    def tabular(self) -> bool:
        """A table form was asked for (anything but JSON): the answer sends its rows' frame
        through ``table_answer``."""
        return self.representation is not Representation.JSON

    def params_as(self, struct: type[S]) -> S:
        """The parameters as the Struct this answer's variant declares (TypeError if not)."""
        return params_as(self.params, struct)

    def link_query(self) -> list[tuple[str, str]]:
        """Canonical query pairs for links: sorted, defaults left out (made when needed)."""
        return self.param_set.link_query(self.params)

    @property
    def release(self) -> ReleaseState:
        assert self.state is not None, "not a release endpoint"
        return self.state

    @property
    def views(self) -> ReleaseViews:
        views = self.release.views
        assert views is not None  # resolve() hands out available releases only
        return views

    @property
    def provenance(self) -> models.Provenance:
        state = self.release
        return models.Provenance(
            release_id=state.id,
            requested=self.requested,
            version=state.version.version,
            package_sha256=state.version.package_sha256,
        )

    @staticmethod
    def cache_control_for(requested: str) -> str:
        """Dated ids never change meaning: immutable; ``latest`` moves: a short max-age."""
        return SHORT if requested == "latest" else IMMUTABLE

    def base_headers(self) -> list[tuple[str, str]]:
        if self.state is None:
            return [("cache-control", CATALOG_CACHE), ("vary", VARY)]
        return [
            (models.HEADER_RELEASE, self.state.id),
            (models.HEADER_PACKAGE_VERSION, self.state.version.version),
            (models.HEADER_PACKAGE_SHA256, self.state.version.package_sha256),
            ("cache-control", self.cache_control_for(self.requested)),
            ("vary", VARY),
        ]

    def provenance_pairs(self) -> list[tuple[str, str]]:
        """Provenance beyond the release's, for the xlsx "about" sheet and the Parquet
        metadata (a compare answer adds its ``from`` release)."""
        return []

    def download_name(self) -> str:
        """The file name of an xlsx or Parquet answer, without the extension: the endpoint
        and the release (both releases of a compare answer; ``all`` for series)."""
        release = self.state.id if self.state is not None else "all"
        earlier = dict(self.provenance_pairs()).get("from_release_id")
        return f"{self.endpoint}-{earlier}-{release}" if earlier else f"{self.endpoint}-{release}"

    def etag_hex(self, representation: str) -> str:
        """Strong ETag: the package (or catalog generation), path, canonical query, form."""
        key = "\n".join((self.identity, self.path, representation))
        return hashlib.sha256(key.encode()).hexdigest()[:40]


def prefers_html(accept: str | None) -> bool:
    """Whether ``Accept`` prefers HTML to JSON (JSON when equal, absent or ``*/*``): a
    browser's ``text/html,...,*/*;q=0.8`` does, an API client's ``application/json`` or
    ``*/*`` does not. Media types are case-insensitive (``TEXT/HTML`` is text/html). The
    rule of the pages (``pages.routes``) and of problems (``problem_answer``)."""
    if not accept:
        return False
    accept = accept.lower()
    if "html" not in accept:
        return False
    html_q = json_q = 0.0
    for media, q in q_values(accept):
        if media in ("text/html", "application/xhtml+xml", "text/*"):
            html_q = max(html_q, q)
        if media in ("application/json", "application/*", "*/*"):
            json_q = max(json_q, q)
    return html_q > json_q


def prefers_csv(accept: str | None) -> bool:
    """Whether the Accept header chooses text/csv (over JSON, which wins ties or when absent).

    Media types are case-insensitive (RFC 9110 §8.3.1): ``TEXT/CSV`` is text/csv."""
    return negotiate(accept) is Representation.CSV


def resolve(snapshot: Snapshot, requested: str) -> ReleaseState:
    state = snapshot.resolve(requested)
    if state is None:
        raise unknown_release(requested[:80], snapshot.known_ids())
    if not state.available:
        raise release_unavailable(state.id, state.unavailable_reason or "not loaded")
    return state


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether Accept-Encoding allows gzip: listed (or ``*``) with a q-value above 0.

    ``gzip;q=0`` means "not gzip" (RFC 9110 §12.5.3); an explicit ``gzip`` entry wins over
    ``*``. Tokens are case-insensitive."""
    if not accept_encoding:
        return False
    value = accept_encoding.lower()
    if "gzip" not in value and "*" not in value:
        return False
    gzip_q: float | None = None
    star_q: float | None = None
    for coding, q in q_values(value):
        if coding in ("gzip", "x-gzip"):
            gzip_q = q if gzip_q is None else max(gzip_q, q)
        elif coding == "*":
            star_q = q
    if gzip_q is not None:
        return gzip_q > 0
    return star_q is not None and star_q > 0


def send(
    scope_method: str,
    request_headers: Any,
    prepared: Prepared,
    status: int = 200,
) -> ASGIResponse:
    """The response for a prepared answer: 304 when If-None-Match matches, gzip if accepted."""
    accept_encoding = request_headers.get("accept-encoding", "")
    use_gzip = prepared.gzip_body is not None and accepts_gzip(accept_encoding)
    etag = prepared.gzip_etag if use_gzip else prepared.etag
    headers = [*prepared.headers, ("etag", etag)]
    if_none_match = request_headers.get("if-none-match")
    if if_none_match is not None and _etag_matches(if_none_match, prepared):
        return ASGIResponse(status_code=304, headers=headers)
    body = prepared.gzip_body if use_gzip and prepared.gzip_body is not None else prepared.body
    encoded = prepared.encoded_headers.get((status, use_gzip))
    if encoded is None:
        if use_gzip:
            headers.append(("content-encoding", "gzip"))
        headers.append(("content-type", media_type_header(prepared.media_type)))
        headers.append(("content-length", str(len(body))))
        encoded = tuple((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers)
        prepared.encoded_headers[(status, use_gzip)] = encoded
    return PreparedResponse(status, encoded, body, is_head_response=scope_method == "HEAD")


class PreparedResponse(ASGIResponse):
    """A prepared answer's response, its header block encoded once (the hot path).

    ``ASGIResponse.__init__`` adds, lower-cases, encodes and searches every header again on
    each request: for a cached answer that was as much CPU as all the rest of the request
    (bench/asgi_cost.py). A prepared answer's headers never change, so ``send`` encodes them
    once per answer and this class sends that block as is.
    """

    __slots__ = ("_encoded",)

    def __init__(
        self,
        status: int,
        encoded: tuple[tuple[bytes, bytes], ...],
        body: bytes,
        *,
        is_head_response: bool,
    ) -> None:
        # No headers and no body given to the base class: it sets up its other attributes
        # without any per-header work.
        super().__init__(status_code=status, is_head_response=True)
        self._encoded = encoded
        self.is_head_response = is_head_response
        self.body = b"" if is_head_response else body
        self.content_length = len(body)

    def encode_headers(self) -> list[tuple[bytes, bytes]]:
        # A fresh list each time: middleware (CORS) appends to the list it is sent.
        return list(self._encoded)


def plain_response(
    method: str,
    body: bytes,
    media_type: str = JSON,
    status: int = 200,
    headers: Sequence[tuple[str, str]] = (),
) -> ASGIResponse:
    """A small uncached response (status endpoints), HEAD-aware."""
    if method == "HEAD":
        extra = [
            ("content-type", media_type_header(media_type)),
            ("content-length", str(len(body))),
        ]
        return ASGIResponse(status_code=status, headers=[*headers, *extra], is_head_response=True)
    return ASGIResponse(body=body, status_code=status, headers=list(headers), media_type=media_type)


def media_type_header(media_type: str) -> str:
    """Content-Type as ASGIResponse writes it (charset for text types)."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def _etag_matches(if_none_match: str, prepared: Prepared) -> bool:
    """Weak comparison (RFC 9110 If-None-Match), either encoding's tag."""
    if if_none_match.strip() == "*":
        return True
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return prepared.etag in tags or prepared.gzip_etag in tags


# --- building prepared answers ---


def object_answer(ctx: Context, value: Any) -> Prepared:
    headers = ctx.base_headers()
    return prepare(_encoder.encode(value), JSON, ctx.etag_hex("json"), tuple(headers))


def table_answer(
    ctx: Context,
    frame: pl.DataFrame,
    extra: Sequence[tuple[str, str]] = (),
    *,
    json_rows: Callable[[], bytes] | None = None,
    headers: Sequence[tuple[str, str]] | None = None,
    etag_hex: str | None = None,
) -> Prepared:
    """The rows of ``frame`` in the table representation asked for (CSV, NDJSON, xlsx,
    Parquet; ``exports`` writes them), all from this one frame, so columns and order agree.

    ``json_rows``: the rows as the JSON page's ``data`` array (NDJSON lines are its items, so
    they equal the page's); without it the frame's rows are encoded as JSON objects.
    ``headers`` / ``etag_hex``: an answer's own (series over several releases), else the
    release's provenance headers plus ``extra`` and the context's ETag for this form."""
    form = ctx.representation
    assert form is not Representation.JSON, "JSON answers are built by their endpoint"
    sent = [*(ctx.base_headers() if headers is None else headers), *extra]
    tag = ctx.etag_hex(form.value) if etag_hex is None else etag_hex
    if form is Representation.CSV:
        return prepare(exports.csv_bytes(frame), CSV, tag, tuple(sent))
    if form is Representation.NDJSON:
        array = json_rows() if json_rows is not None else _encoder.encode(frame.to_dicts())
        return prepare(exports.ndjson_from_array(array), form.media_type, tag, tuple(sent))
    about = _about(ctx, frame.height)
    if form is Representation.XLSX:
        if frame.height > XLSX_MAX_ROWS:
            raise ApiProblem(
                400,
                models.PROBLEM_INVALID_PARAMETER,
                f"format=xlsx sends at most {XLSX_MAX_ROWS} rows at once and this query "
                f"matches {frame.height}: narrow it with filters, page it with limit and "
                "cursor, or ask for format=csv or format=parquet",
                parameter="format",
            )
        body = exports.xlsx_bytes(frame, exports.sheet_name(ctx.endpoint), about)
    else:
        body = exports.parquet_bytes(frame, about)
    filename = f"{ctx.download_name()}.{form.value}"
    sent.append(("content-disposition", f'attachment; filename="{filename}"'))
    # Already compressed (zip, zstd): never gzipped again.
    return prepare(body, form.media_type, tag, tuple(sent), compress=False)


# xlsx is written cell by cell in Python (~20 µs a cell on the test machine: every task of
# a usage release, 19,530 rows, took 4-6 s): a cap well below Excel's own
# (exports.XLSX_MAX_ROWS), above every usage table, keeps one export from holding a worker
# for minutes. Larger queries (the long format's observations) page with limit/cursor or
# take CSV or Parquet (written in Rust/C++).
XLSX_MAX_ROWS = 50_000  # in the OpenAPI text (openapi.py) and README too


def _about(ctx: Context, rows: int) -> exports.About:
    """The provenance written into xlsx ("about" sheet) and Parquet (metadata). The request
    names the format even when Accept chose it, so that it fetches this file again."""
    pairs = [(k, v) for k, v in ctx.link_query() if k != "format"]
    query = urlencode(sorted([*pairs, ("format", ctx.representation.value)]))
    request = f"{quote(ctx.path)}?{query}" if query else quote(ctx.path)
    state = ctx.state
    return exports.About(
        endpoint=ctx.endpoint,
        request=request,
        rows=rows,
        release_id=state.id if state is not None else None,
        requested=ctx.requested or None,
        package_version=state.version.version if state is not None else None,
        package_sha256=state.version.package_sha256 if state is not None else None,
        api_version=__version__,
        more=tuple(ctx.provenance_pairs()),
    )


def page_answer(
    ctx: Context,
    *,
    params: ListParams,
    build_page: Callable[..., Any],
    row_type: Any = None,
    frame: pl.DataFrame | None = None,
    index: RowSource | None = None,
    positions: Indices | None = None,
    endpoint: str | None = None,
) -> Prepared:
    """One page of the rows (already filtered and sorted), JSON or a table form.

    The rows are either ``frame`` (rows converted to ``row_type`` on the way out) or the
    ``positions`` of a :class:`RowIndex` (rows encoded once at load: the fast path) or of a
    :class:`PostingIndex` (long tables, rows encoded per page). A table form (CSV, NDJSON,
    xlsx, Parquet) without ``limit`` and ``cursor`` sends every row at once; otherwise pages
    of ``limit`` rows (default ``DEFAULT_LIMIT``) with a canonical ``next`` link: in the JSON
    page's ``next`` and, for every form, the ``Link: <...>; rel="next"`` header (a table form
    has no envelope to carry it).
    """
    if frame is not None:
        total = frame.height
    else:
        assert index is not None and positions is not None
        total = len(positions)
    tabular = ctx.tabular

    def fingerprint() -> str:
        # Only when a cursor is read or written: most pages have neither.
        return query_fingerprint(
            ctx.state.version.package_sha256 if ctx.state else ctx.identity,
            endpoint or ctx.endpoint,
            as_mapping(params),
        )

    cursor = params.cursor
    offset = decode_cursor(cursor, fingerprint(), total) if cursor else 0
    if tabular and params.limit is None and cursor is None:
        # Every row at once (what CSV always did), in every table form.
        everything = frame if frame is not None else index.take(positions)  # type: ignore[union-attr, arg-type]
        every_json = _rows_json(row_type, frame, index, positions)
        return table_answer(
            ctx, everything, [(models.HEADER_TOTAL_COUNT, str(total))], json_rows=every_json
        )
    limit = int(params.limit or models.DEFAULT_LIMIT)
    next_cursor = next_link = None
    extra = [(models.HEADER_TOTAL_COUNT, str(total))]
    if offset + limit < total:
        next_cursor = encode_cursor(offset + limit, fingerprint())
        next_link = _next_link(ctx, next_cursor)
        extra.append(("link", f'<{next_link}>; rel="next"'))
    data: Any
    if frame is not None:
        rows = frame.slice(offset, limit)
        if tabular:
            return table_answer(ctx, rows, extra, json_rows=_rows_json(row_type, rows, None, None))
        data = msgspec.convert(rows.to_dicts(), list[row_type])
    else:
        assert index is not None and positions is not None
        chosen = positions[offset : offset + limit]
        if tabular:
            return table_answer(
                ctx, index.take(chosen), extra, json_rows=_rows_json(None, None, index, chosen)
            )
        data = msgspec.Raw(index.json_rows(chosen))
    page = build_page(
        data=data,
        total=total,
        limit=limit,
        next_cursor=next_cursor,
        next=next_link,
        provenance=ctx.provenance if ctx.state is not None else None,
    )
    headers = (*ctx.base_headers(), *extra)
    return prepare(_encoder.encode(page), JSON, ctx.etag_hex("json"), headers)


def _rows_json(
    row_type: Any,
    frame: pl.DataFrame | None,
    index: RowSource | None,
    positions: Indices | None,
) -> Callable[[], bytes]:
    """The rows as the JSON page's ``data`` array, made only if NDJSON asks for it."""

    def encode() -> bytes:
        if frame is not None:
            return _encoder.encode(msgspec.convert(frame.to_dicts(), list[row_type]))
        assert index is not None and positions is not None
        return index.json_rows(positions)

    return encode


def _next_link(ctx: Context, cursor: str) -> str:
    """Canonical: sorted parameters, defaults left out, numbers and text normalized; absolute
    (``ctx.base_url``: the public URL, never the request's Host), so that a link pasted or
    followed outside a client that knows the host still works (R's httr2, a browser)."""
    pairs = [(k, v) for k, v in ctx.link_query() if k != "cursor"]
    pairs.append(("cursor", cursor))
    return f"{ctx.base_url}{quote(ctx.path)}?{urlencode(pairs)}"
