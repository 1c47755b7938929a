"""The table browser's pages (issue 22 §4): every published table, searchable in the page.

``/releases/{release}/tables`` lists the release's tables (title, rows, description);
``/releases/{release}/tables/{table}`` shows one table as the API's
``/v1/releases/{release}/tables/{table}`` answers the same query (``Answers``: the page and
the API can never disagree): a GET form (search words, a column filter), column headers that
sort (links), a pager, the number of matching rows, the export links (CSV, xlsx, Parquet,
JSON: exactly the API's URL of the query, every matching row) and a permalink (the page
URL of the query under the dated release id). No JavaScript.

The "add a filter" form sends ``column``, ``op`` and ``value`` (an HTML form cannot write
``filter=<column>:<value>`` itself); the page answers 303 to its canonical URL with that
filter added, so that every view of the browser has one URL, the one its links and
permalink give.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qsl, quote, urlencode

import msgspec
from litestar.response.base import ASGIResponse

from econindex_api import models
from econindex_api.pages import render as R
from econindex_api.pages.routes import (
    PageRequest,
    RenderedPage,
    _cite,
    page_endpoint,
    release_href,
    serve_page,
    site_of,
)
from econindex_api.server import table_query as TQ
from econindex_api.server.areas import tables as T
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.page_answers import Answers
from econindex_api.server.toolkit.pagination import decode_cursor, encode_cursor, query_fingerprint
from econindex_api.server.toolkit.problems import invalid_parameter
from econindex_api.server.toolkit.registry import RELEASE, RELEASES, Call, Endpoint, PathParam
from econindex_api.server.toolkit.respond import XLSX_MAX_ROWS, resolve

PAGE_LIMIT = 50
EXPORTS = (("csv", "CSV"), ("xlsx", "Excel (xlsx)"), ("parquet", "Parquet"), ("json", "JSON"))
OPS: tuple[tuple[str, str], ...] = (
    ("eq", "="),
    ("ge", "≥"),
    ("le", "≤"),
    ("gt", ">"),
    ("lt", "<"),
    ("missing", "is missing"),
)
_OP_PREFIX = {"eq": "", "ge": ">=", "le": "<=", "gt": ">", "lt": "<"}

PAGE_LIMIT_SPEC = P.ParamSpec(
    "limit",
    "integer",
    f"Rows per page (default {PAGE_LIMIT}).",
    minimum=1,
    maximum=models.MAX_LIMIT,
)


class TablePageParams(P.Params, frozen=True):
    filter: tuple[str, ...] = ()
    q: str | None = None
    sort: str | None = None
    limit: int | None = None
    cursor: str | None = None


TABLE_PAGE_PARAMS = P.ParamSet.of(
    (T.TABLE_FILTER, T.TABLE_Q, T.TABLE_SORT, PAGE_LIMIT_SPEC, P.CURSOR), TablePageParams
)
# What the "add a filter" form sends besides the view's own parameters (a 303 follows).
FORM_FIELDS = ("column", "op", "value")


def tables_href(release: str) -> str:
    return f"/releases/{quote(release)}/tables"


def view_pairs(p: TablePageParams, *, cursor: bool = True) -> list[tuple[str, str]]:
    """The canonical query of a view: filters (sorted), q, sort, limit, cursor."""
    pairs = [("filter", f) for f in p.filter]
    pairs += [(k, v) for k, v in (("q", p.q), ("sort", p.sort)) if v]
    if p.limit is not None:
        pairs.append(("limit", str(p.limit)))
    if cursor and p.cursor:
        pairs.append(("cursor", p.cursor))
    return pairs


def with_changes(p: TablePageParams, **changes: Any) -> TablePageParams:
    """The view with some parameters changed; a new filter or sort starts at the first page
    (no cursor unless one is given)."""
    changed = msgspec.structs.replace(p, **{"cursor": None, **changes})
    return msgspec.structs.replace(changed, filter=tuple(sorted(set(changed.filter))))


def query_of(pairs: list[tuple[str, str]]) -> str:
    return urlencode(pairs)


@dataclass(frozen=True)
class Header:
    name: str
    type: str
    description: str
    href: str  # the view sorted by this column (toggling the direction when it is sorted)
    sorted: Literal["ascending", "descending", "none"]
    numeric: bool


@dataclass(frozen=True)
class ActiveFilter:
    text: str  # in words
    raw: str
    remove_href: str


def _tables(req: PageRequest) -> models.TableList:
    answers = Answers(req.app, req.snapshot)
    return answers.get("tables", {"release": req.requested}, "", models.TableList)


def tables_index(req: PageRequest) -> RenderedPage:
    rel = req.requested
    found = _tables(req)
    cite, _ = _cite(req, tables_href(rel))
    api = f"{RELEASES}/{quote(rel)}/tables"
    links = {"release": release_href(rel), "api": api}
    html = R.ENV.get_template("tables.html").render(
        site=site_of(req.snapshot),
        title=f"Tables of release {cite.release_id}",
        tables=found.data,
        cite=cite,
        links=links,
    )
    return RenderedPage(f"Tables of release {cite.release_id}", html, {"tables": api})


def _offset(req: PageRequest, name: str, p: TablePageParams, total: int) -> int:
    """Where the page starts (the cursor's offset; the API has checked the cursor)."""
    if not p.cursor or req.state is None:
        return 0
    fingerprint = _fingerprint(req, name, p)
    return decode_cursor(p.cursor, fingerprint, total)


def _fingerprint(req: PageRequest, name: str, p: TablePageParams) -> str:
    assert req.state is not None
    api = T.TABLE_ROWS_PARAMS.parse(query_of(view_pairs(p)).encode())
    return query_fingerprint(
        req.state.version.package_sha256, f"table_rows/{name}", P.as_mapping(api)
    )


def _headers(
    fields: list[models.TableField],
    p: TablePageParams,
    href: Callable[[TablePageParams], str],
) -> list[Header]:
    """The column headers: each a link sorting by its column, ascending first, then the
    other way round when the view is sorted by it already."""
    out = []
    for f in fields:
        current: Literal["ascending", "descending", "none"] = "none"
        if p.sort == f.name:
            current = "ascending"
        elif p.sort == f"-{f.name}":
            current = "descending"
        target = f"-{f.name}" if current == "ascending" else f.name
        out.append(
            Header(
                name=f.name,
                type=f.type,
                description=f.description or "",
                href=href(with_changes(p, sort=target)),
                sorted=current,
                numeric=f.type in ("integer", "number"),
            )
        )
    return out


def table_view(req: PageRequest) -> RenderedPage:
    rel, name = req.requested, req.path_params["table"]
    state = req.state
    assert state is not None
    p = req.params_as(TablePageParams)
    assert state.views is not None
    if name not in T.table_names(state) or name not in state.views.tables:
        raise T.unknown_table(state, rel, name, T.page_href)
    limit = p.limit or PAGE_LIMIT
    answers = Answers(req.app, req.snapshot)
    api_pairs = view_pairs(with_changes(p, limit=limit, cursor=p.cursor))
    api_query = query_of(api_pairs)
    rp = {"release": rel, "table": name}
    page = answers.get("table_rows", rp, api_query, models.TableRowsPage)
    info = next(t for t in _tables(req).data if t.name == name)
    offset = _offset(req, name, with_changes(p, limit=limit, cursor=p.cursor), page.total)
    base = f"/releases/{quote(rel)}/tables/{quote(name)}"

    def href(view: TablePageParams) -> str:
        query = query_of(view_pairs(view))
        return f"{base}?{query}" if query else base

    headers = _headers(page.fields, p, href)
    active = []
    column_kinds = TQ.column_kinds(state.views.tables[name])
    for raw in p.filter:
        parsed = TQ.parse_filter(raw, column_kinds)
        rest = tuple(f for f in p.filter if f != raw)
        active.append(ActiveFilter(parsed.describe(), raw, href(with_changes(p, filter=rest))))
    view = with_changes(p)  # the view's first page: filters, q, sort, limit
    export_pairs = [(k, v) for k, v in view_pairs(view) if k != "limit"]
    # Excel takes at most XLSX_MAX_ROWS at once (the API's 400 above that): no dead link.
    too_many = {"xlsx"} if page.total > XLSX_MAX_ROWS else set()
    exports = [
        (
            label,
            None
            if form in too_many
            else T.rows_href(rel, name, query_of([*export_pairs, ("format", form)])),
        )
        for form, label in EXPORTS
    ]
    previous = None
    if offset > 0:
        before = max(0, offset - limit)
        fingerprint = _fingerprint(req, name, with_changes(p, limit=limit))
        previous = with_changes(p, cursor=encode_cursor(before, fingerprint) if before else None)
    pager = {
        "first": href(view) if offset > 0 else None,
        "previous": href(previous) if previous is not None else None,
        "next": href(with_changes(p, cursor=page.next_cursor)) if page.next_cursor else None,
    }
    # Under the dated id: ``latest`` moves, a permalink must not.
    dated = href(p).replace(f"/releases/{quote(rel)}/", f"/releases/{quote(state.id)}/", 1)
    permalink = req.base_url + dated
    cite, _ = _cite(req, href(p))
    links = {
        "release": release_href(rel),
        "tables": tables_href(rel),
        "self": base,
        "api": T.rows_href(rel, name, api_query),
        "permalink": permalink,
        "csv_file": info.links.csv,
        "parquet_file": info.links.parquet,
    }
    hidden = [(k, v) for k, v in view_pairs(view) if k in ("filter", "sort", "limit")]
    html = R.ENV.get_template("table.html").render(
        site=site_of(req.snapshot),
        title=f"{info.title} · release {state.id}",
        info=info,
        page=page,
        headers=headers,
        active=active,
        q=p.q or "",
        hidden=hidden,
        hidden_add=[(k, v) for k, v in view_pairs(view) if k != "cursor"],
        ops=OPS,
        exports=exports,
        xlsx_max=XLSX_MAX_ROWS,
        pager=pager,
        first_row=offset + 1 if page.data else 0,
        last_row=offset + len(page.data),
        cite=cite,
        links=links,
    )
    return RenderedPage(info.title, html, {"rows": links["api"]})


def added_filter(query_string: bytes) -> str | None:
    """The canonical page query when the "add a filter" form was sent (``column``, ``op``,
    ``value``): the view's parameters plus ``filter=<column>:<op><value>``; None when not."""
    text = query_string.decode("ascii", errors="replace")
    pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=P.MAX_QUERY_FIELDS)
    form = {k: v for k, v in pairs if k in FORM_FIELDS}
    if not form:
        return None
    column = form.get("column", "").strip()
    op = form.get("op", "eq")
    value = " ".join(form.get("value", "").split())
    rest = [(k, v) for k, v in pairs if k not in FORM_FIELDS and k != "cursor"]
    if not column:
        return query_of(rest)  # nothing chosen: the view as it was
    if op not in dict(OPS):
        raise invalid_parameter("op", "one of " + ", ".join(dict(OPS)), list(dict(OPS)))
    if op == "missing":
        new = f"{column}:"
    elif not value:
        return query_of(rest)  # no value typed: nothing to add
    else:
        new = f"{column}:{_OP_PREFIX[op]}{value}"
    return query_of([*rest, ("filter", new)])


async def tables_route(call: Call) -> Any:
    return await serve_page(call, "page_tables", tables_index)


async def table_route(call: Call) -> Any:
    query_string: bytes = call.request.scope["query_string"]
    canonical = added_filter(query_string)
    if canonical is not None:
        # Refused before any redirect: an unknown release or table (404), a filter the
        # table cannot take (400), so that a redirect always leads to a working view.
        requested, name = call.path_params["release"], call.path_params["table"]
        state = resolve(call.app.store.current, requested)
        params = P.params_as(TABLE_PAGE_PARAMS.parse(canonical.encode()), TablePageParams)
        if state.views is None or name not in state.views.tables:
            raise T.unknown_table(state, requested, name, T.page_href)
        kinds = TQ.column_kinds(state.views.tables[name])
        for raw in params.filter:
            TQ.parse_filter(raw, kinds)
        TQ.parse_sort(params.sort, kinds)
        path = call.request.scope["path"]
        query = query_of(view_pairs(params))
        location = f"{quote(path)}?{query}" if query else quote(path)
        return ASGIResponse(status_code=303, headers=[("location", location)])
    return await serve_page(call, "page_table", table_view, TABLE_PAGE_PARAMS)


TABLE = PathParam("table", "A table of the release.", "occupations")

TABLE_PAGES: tuple[Endpoint, ...] = (
    page_endpoint(
        "page_tables", "/releases/{release}/tables", "Tables of a release", tables_route, RELEASE
    ),
    page_endpoint(
        "page_table",
        "/releases/{release}/tables/{table}",
        "Browse a table",
        table_route,
        RELEASE,
        TABLE,
    ),
)
