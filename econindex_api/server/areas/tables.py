"""Area: the table browser (``/v1/releases/{release}/tables``, ``/tables/{table}``).

Every table of a release's data package, browsable by query (issue 22 §4): the list of tables
with their title, description, columns (Table Schema types and descriptions) and row count,
and each table's rows filtered, searched, sorted and paged (``table_query`` says how and
what it costs), in every form the list endpoints send (JSON pages, CSV, NDJSON, xlsx,
Parquet). The rows are the published ones, read from the release's verified Parquet files as
the store holds them (``store.read_table``); the titles and column documentation from its
verified ``datapackage.json``.

Walking the pages of one query would filter and sort the whole table once per page; the
positions of the matching rows (4 bytes a row) of the ``RECENT`` most recent queries of each
table are kept, at most ``RECENT_BYTES`` a table (``views.prepared``, counted in the
process's memory: 32 MiB holds the positions of a sort of all 2.1 million observations of
2026-06-26 four times over), so that it costs one filter and one sort however many pages are
read. A page then costs a gather of its rows. The table's own order unfiltered is not kept
(its positions are 0..n-1).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast
from urllib.parse import quote

import msgspec
import numpy as np
import polars as pl

from econindex_api import models
from econindex_api.server import table_query as TQ
from econindex_api.server.areas.common import LIST_COMMON
from econindex_api.server.rowindex import Indices
from econindex_api.server.store import ReleaseState
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.cache import Prepared
from econindex_api.server.toolkit.problems import ApiProblem
from econindex_api.server.toolkit.registry import RELEASE, RELEASES, Endpoint, PathParam, Variant
from econindex_api.server.toolkit.respond import Context, object_answer, page_answer

RECENT = 8  # queries per table whose matching positions are kept
RECENT_BYTES = 32 * 2**20  # and at most this many bytes of them per table
MAX_FILTERS = 20

TABLE_Q = P.ParamSpec(
    "q",
    "text",
    "Text search, case-insensitive: every word must appear in at least one of the row's text "
    "columns (at most 10 words).",
    example="software",
    fold_case=True,
)
TABLE_FILTER = P.ParamSpec(
    "filter",
    "text",
    "`<column>:<value>`, repeatable, ANDed: rows whose column equals the value, read as the "
    "column's type (text exactly, numbers as numbers, `true`/`false`, dates YYYY-MM-DD). On "
    "integer, number and date columns the value may start with `>=`, `<=`, `>` or `<` "
    "(`share_pct:>=1.5`). An empty value (`median_wage_usd:`) matches missing values. At "
    f"most {MAX_FILTERS}. An unknown column or a value of the wrong type is a 400 naming "
    "`filter`.",
    example="major_group_code:15-0000",
    repeatable=True,
    max_items=MAX_FILTERS,
    default=(),
)
TABLE_SORT = P.ParamSpec(
    "sort",
    "text",
    "A column of the table, `-` before it for descending (`-share_pct`); missing values "
    "last, ties in the table's own order. Default: the table's own order (as published, by "
    "its primary key).",
    example="title",
)


class TableRowsParams(P.ListParams, frozen=True):
    filter: tuple[str, ...] = ()
    q: str | None = None
    sort: str | None = None


TABLE_ROWS_PARAMS = P.ParamSet.of(
    (TABLE_FILTER, TABLE_Q, TABLE_SORT, *LIST_COMMON), TableRowsParams
)


# --- the tables of a release: names, documentation ---


def table_names(state: ReleaseState) -> list[str]:
    """The release's tables, in the package's order (the catalog's resources)."""
    return [r.name for r in state.version.resources]


def _resource_docs(state: ReleaseState) -> dict[str, dict[str, Any]]:
    """The descriptor's tabular resources (the CSV ones, with their schema) by name."""
    out = {}
    for resource in state.descriptor.get("resources", []):
        if isinstance(resource, dict) and isinstance(resource.get("schema"), dict):
            out[str(resource.get("name"))] = resource
    return out


def _fields(frame: pl.DataFrame, doc: Mapping[str, Any] | None) -> list[models.TableField]:
    """The columns of a table: the schema's type, description and enum; the frame's order."""
    declared = {}
    for f in (doc or {}).get("schema", {}).get("fields", []):
        declared[str(f.get("name"))] = f
    out = []
    for name, dtype in frame.schema.items():
        f = declared.get(name, {})
        enum = f.get("constraints", {}).get("enum")
        out.append(
            models.TableField(
                name=name,
                type=str(f.get("type") or _frictionless_type(dtype)),
                description=f.get("description"),
                enum=[str(v) for v in enum] if isinstance(enum, list) else None,
            )
        )
    return out


def table_fields(state: ReleaseState, name: str) -> list[models.TableField]:
    """The columns of a release's table, built once (``views.prepared``): they depend on the
    published descriptor and the frame only, so no answer walks the descriptor again."""
    assert state.views is not None
    frame = state.views.tables[name]
    return state.views.prepared(
        f"table-fields:{name}", lambda _: _fields(frame, _resource_docs(state).get(name))
    )


def _frictionless_type(dtype: pl.DataType) -> str:
    kind = TQ.column_kind(dtype)
    return {"text": "string", "other": "any"}.get(kind, kind)


def rows_href(release: str, table: str, query: str = "") -> str:
    href = f"{RELEASES}/{quote(release)}/tables/{quote(table)}"
    return f"{href}?{query}" if query else href


def page_href(release: str, table: str, query: str = "") -> str:
    """The table browser page (pages/table_pages.py) of the same query."""
    href = f"/releases/{quote(release)}/tables/{quote(table)}"
    return f"{href}?{query}" if query else href


def table_info(state: ReleaseState, requested: str, name: str) -> models.TableInfo:
    assert state.views is not None
    resource = next(r for r in state.version.resources if r.name == name)
    doc = _resource_docs(state).get(name)
    frame = state.views.tables[name]
    primary = (doc or {}).get("schema", {}).get("primaryKey") or []
    base = f"{RELEASES}/{quote(requested)}/resources/{quote(name)}"
    return models.TableInfo(
        name=name,
        title=resource.title,
        description=(doc or {}).get("description"),
        rows=frame.height,
        primary_key=[primary] if isinstance(primary, str) else [str(c) for c in primary],
        fields=table_fields(state, name),
        links=models.TableLinks(
            rows=rows_href(requested, name),
            page=page_href(requested, name),
            csv=f"{base}.csv",
            parquet=f"{base}.parquet",
        ),
    )


def unknown_table(
    state: ReleaseState, requested: str, name: str, href: Callable[[str, str], str] | None = None
) -> ApiProblem:
    """404 ``unknown-resource`` naming the tables, the closest as suggestions (linked to their
    rows in the API, or to ``href(release, table)``: a page)."""
    names = table_names(state)
    close = difflib.get_close_matches(name[:200], names, n=3, cutoff=0.6)
    return ApiProblem(
        404,
        models.PROBLEM_UNKNOWN_RESOURCE,
        f"no table {name[:80]!r} in release {state.id!r}; its tables are: {', '.join(names)}",
        release=state.id,
        allowed=names,
        suggestions=[
            models.Suggestion(label=f"{c} (API, JSON)", href=rows_href(requested, c))
            if href is None
            else models.Suggestion(label=c, href=href(requested, c))
            for c in close
        ],
    )


# --- answers ---


def answer_tables(ctx: Context) -> Prepared:
    state = ctx.release
    infos = [table_info(state, ctx.requested, n) for n in table_names(state)]
    return object_answer(
        ctx, models.TableList(data=infos, total=len(infos), provenance=ctx.provenance)
    )


class RecentQueries(OrderedDict[Any, pl.DataFrame]):
    """The matching positions of a table's most recent queries (a dict of frames, so that
    ``views.nbytes`` counts them)."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    @property
    def nbytes(self) -> int:
        return sum(int(f.estimated_size()) for f in self.values())


class TableRows:
    """A table's rows by position (``respond.RowSource``): the frame as published, its
    Categorical columns sent as text (the package's types in every export)."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame
        self._encoder = msgspec.json.Encoder()
        self._categorical = [c for c, t in frame.schema.items() if isinstance(t, pl.Categorical)]

    def take(self, positions: Indices) -> pl.DataFrame:
        n = len(positions)
        first = int(positions[0]) if n else 0
        if n and int(positions[-1]) - first == n - 1 and bool(np.all(np.diff(positions) == 1)):
            rows = self.frame.slice(first, n)  # one run in the table's order: no copy
        else:
            rows = self.frame[positions]
        if self._categorical:
            rows = rows.with_columns(pl.col(self._categorical).cast(pl.String))
        return rows

    def json_rows(self, positions: Indices) -> bytes:
        return self._encoder.encode(self.take(positions).to_dicts())


def matching_positions(
    state: ReleaseState, name: str, p: TableRowsParams
) -> tuple[Indices, list[TQ.Filter]]:
    """The positions of the rows of the query, in order (kept for the ``RECENT`` latest
    queries of the table); 400 naming ``filter`` or ``sort`` when they do not fit the table."""
    assert state.views is not None
    frame = state.views.tables[name]
    kinds = TQ.column_kinds(frame)
    filters = [TQ.parse_filter(raw, kinds) for raw in p.filter]
    sort = TQ.parse_sort(p.sort, kinds)
    if not filters and not p.q and sort is None:
        return np.arange(frame.height, dtype=np.int64), filters  # the table's order
    recent = state.views.prepared(f"table-queries:{name}", lambda _: RecentQueries())
    key = (p.filter, p.q, p.sort)
    with recent.lock:
        found = recent.get(key)
        if found is not None:
            recent.move_to_end(key)
    if found is None:
        positions = TQ.select_positions(frame, filters, p.q, sort, kinds)
        found = pl.DataFrame({"row": positions.astype(np.uint32)})  # 4 bytes a row
        if found.estimated_size() <= RECENT_BYTES:
            with recent.lock:
                recent[key] = found
                while len(recent) > RECENT or recent.nbytes > RECENT_BYTES:
                    recent.popitem(last=False)
    # (UInt32 without nulls: a view, not a copy; a page converts the rows it takes.)
    array = cast(Indices, found.get_column("row").to_numpy())
    return array, filters


def answer_table_rows(ctx: Context) -> Prepared:
    state, p = ctx.release, ctx.params_as(TableRowsParams)
    assert state.views is not None
    name = ctx.path_params["table"]
    if name not in table_names(state) or name not in state.views.tables:
        raise unknown_table(state, ctx.requested, name)
    frame = state.views.tables[name]
    positions, _ = matching_positions(state, name, p)
    fields = table_fields(state, name)
    # Files and sheets are named for the table (``table-occupations-2025-02-10.xlsx``).
    named = dataclasses.replace(ctx, endpoint=f"table-{name}")
    return page_answer(
        named,
        params=p,
        build_page=functools.partial(models.TableRowsPage, table=name, fields=fields),
        index=TableRows(frame),
        positions=positions,
        endpoint=f"table_rows/{name}",
    )


# --- the declarations ---


TABLE = PathParam("table", "A table of the release's data package (see `/tables`).", "occupations")


def _has_tables(views: Any) -> bool:
    return bool(views.tables)


ENDPOINTS: Sequence[Endpoint] = (
    Endpoint(
        name="tables",
        path=RELEASES + "/{release}/tables",
        operation_id="listTables",
        summary="Every table of the release, documented",
        description="Each table of the release's data package: name, title, description, "
        "row count, primary key, columns (Table Schema type, description, allowed values) "
        "and links: its rows by query (`/tables/{table}`), its browser page and the "
        "published CSV and Parquet files.",
        tag="tables",
        kind="object",
        response=models.TableList,
        variants=(Variant(P.NO_PARAMS, answer_tables, applies=_has_tables),),
        path_params=(RELEASE,),
        link=True,
    ),
    Endpoint(
        name="table_rows",
        path=RELEASES + "/{release}/tables/{table}",
        operation_id="listTableRows",
        summary="A table's rows: filter, search, sort, page, download",
        description="The rows of any published table, as published: `filter=<column>:<value>` "
        "(repeatable, ANDed; exact, or `>=`, `<=`, `>`, `<` on numbers and dates; empty "
        "value = missing), `q` (words in any text column), `sort=<column>` or "
        "`sort=-<column>`, cursor pages of `limit` rows. `format=csv|ndjson|xlsx|parquet` "
        "(or Accept) without `limit` sends every matching row (xlsx keeps codes as text). "
        "Each row is an object keyed by the columns listed in `fields`. An unknown table "
        "is a 404 `unknown-resource` with the closest names.",
        tag="tables",
        kind="list",
        response=models.TableRowsPage,
        variants=(Variant(TABLE_ROWS_PARAMS, answer_table_rows, applies=_has_tables),),
        path_params=(RELEASE, TABLE),
        tables=True,
    ),
)
