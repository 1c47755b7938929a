"""Pages of list endpoints, iterators over all their rows, and conversion to Polars.

A list method (``client.occupations.list(...)``) returns one page: a :class:`SyncPage` (or
:class:`AsyncPage`) holding the rows of that page and the way to fetch the next. An ``iter``
method returns a :class:`PageIterator` (or :class:`AsyncPageIterator`) that fetches the pages
one after the other, lazily, and yields every row. Both convert to a Polars DataFrame whose
columns and dtypes follow the wire model, so an empty result still has the right schema.

Polars is optional: it is imported only when ``to_polars()`` is called.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import msgspec

from econindex_api.models import Provenance

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "AsyncPage",
    "AsyncPageIterator",
    "PageIterator",
    "SyncPage",
    "rows_to_pandas",
    "rows_to_polars",
    "to_pandas",
    "to_polars",
]

T = TypeVar("T")

# econindex-api is not on a package index yet, so the message names the one command that works
# in any install: the library itself (the [polars]/[pandas] extras add exactly these).
POLARS_MISSING = (
    "to_polars() needs Polars, which the client does not install by default. "
    "Install it with: pip install 'polars>=1.20'"
)
PANDAS_MISSING = (
    "to_pandas() needs pandas, which the client does not install by default. "
    "Install it with: pip install 'pandas>=2.2'"
)


def _import_polars() -> Any:
    try:
        import polars
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(POLARS_MISSING, name="polars") from exc
    return polars


def _import_pandas() -> Any:
    try:
        import pandas
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(PANDAS_MISSING, name="pandas") from exc
    return pandas


def _pandas_dtype(info: msgspec.inspect.Type) -> str:
    """Nullable pandas dtypes, so a missing integer stays <NA> in an Int64 column instead of
    turning the column into float64 (and a missing bool does not make it object)."""
    mi = msgspec.inspect
    if isinstance(info, mi.UnionType):
        members = [t for t in info.types if not isinstance(t, mi.NoneType)]
        return _pandas_dtype(members[0]) if len(members) == 1 else "object"
    if isinstance(info, mi.BoolType):
        return "boolean"
    if isinstance(info, mi.IntType):
        return "Int64"
    if isinstance(info, mi.FloatType):
        return "Float64"
    if isinstance(info, mi.StrType):
        return "string"
    if isinstance(info, mi.LiteralType):
        kinds = {type(v) for v in info.values}
        return "string" if kinds == {str} else "Int64"
    return "object"


def rows_to_pandas(rows: Sequence[Any], row_type: type[msgspec.Struct]) -> Any:
    """A pandas DataFrame with one column per field, nullable dtypes (Int64, Float64, boolean,
    string), in the model's order; lists stay Python lists (object).

    Example::

        df = rows_to_pandas(page.data, OccupationUsageRow)
    """
    pandas = _import_pandas()
    fields = row_fields(row_type)
    columns = {
        f.name: pandas.array([getattr(row, f.name) for row in rows], dtype=_pandas_dtype(f.type))
        if _pandas_dtype(f.type) != "object"
        else pandas.Series([getattr(row, f.name) for row in rows], dtype="object")
        for f in fields
    }
    return pandas.DataFrame(columns)


def _polars_dtype(pl: Any, info: msgspec.inspect.Type) -> Any:
    """The Polars dtype of a wire-model field type (``Optional`` fields are nullable)."""
    mi = msgspec.inspect
    if isinstance(info, mi.UnionType):
        members = [t for t in info.types if not isinstance(t, mi.NoneType)]
        return _polars_dtype(pl, members[0]) if len(members) == 1 else pl.Object()
    if isinstance(info, mi.BoolType):
        return pl.Boolean()
    if isinstance(info, mi.IntType):
        return pl.Int64()
    if isinstance(info, mi.FloatType):
        return pl.Float64()
    if isinstance(info, mi.StrType):
        return pl.String()
    if isinstance(info, mi.LiteralType):
        kinds = {type(v) for v in info.values}
        return pl.String() if kinds == {str} else pl.Int64()
    if isinstance(info, mi.ListType | mi.VarTupleType):
        return pl.List(_polars_dtype(pl, info.item_type))
    return pl.Object()


def row_fields(row_type: type[msgspec.Struct]) -> tuple[msgspec.inspect.Field, ...]:
    info = msgspec.inspect.type_info(row_type)
    assert isinstance(info, msgspec.inspect.StructType), row_type
    return info.fields


def rows_to_polars(rows: Sequence[Any], row_type: type[msgspec.Struct]) -> pl.DataFrame:
    """A DataFrame with one column per field of ``row_type``, in the model's order and dtypes.

    Example::

        df = rows_to_polars(page.data, OccupationUsageRow)
    """
    polars = _import_polars()
    fields = row_fields(row_type)
    schema = {f.name: _polars_dtype(polars, f.type) for f in fields}
    columns = {f.name: [getattr(row, f.name) for row in rows] for f in fields}
    frame: pl.DataFrame = polars.DataFrame(columns, schema=schema)
    return frame


def row_type_of(page: msgspec.Struct) -> type[msgspec.Struct] | None:
    """The Struct of a decoded page's rows, read from the page model (``data: list[Row]``);
    None when the rows are plain objects (a table's rows, ``TableRowsPage``: their columns
    are the page's ``fields``)."""
    info = msgspec.inspect.type_info(type(page))
    assert isinstance(info, msgspec.inspect.StructType)
    for field in info.fields:
        if field.name == "data" and isinstance(field.type, msgspec.inspect.ListType):
            item = field.type.item_type
            if isinstance(item, msgspec.inspect.DictType):
                return None
            assert isinstance(item, msgspec.inspect.StructType)
            return item.cls
    raise TypeError(f"{type(page).__name__} is not a page model")


# A table's Table Schema types (``TableField.type``) as Polars and pandas dtypes.
_TABLE_POLARS = {"integer": "Int64", "number": "Float64", "boolean": "Boolean", "date": "Date"}
_TABLE_PANDAS = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string"}


def table_rows_to_polars(rows: Sequence[Any], fields: Sequence[Any]) -> pl.DataFrame:
    """A table's rows (objects keyed by column) as a DataFrame with one column per field,
    in order, typed by the field's Table Schema type (text for any other type)."""
    polars = _import_polars()
    columns = {}
    for f in fields:
        values = [row.get(f.name) for row in rows]
        kind = _TABLE_POLARS.get(f.type)
        if kind == "Date":
            columns[f.name] = polars.Series(f.name, values, dtype=polars.String).str.to_date()
        else:
            dtype = getattr(polars, kind) if kind else polars.String
            columns[f.name] = polars.Series(f.name, values, dtype=dtype)
    frame: pl.DataFrame = polars.DataFrame(columns)
    return frame


def table_rows_to_pandas(rows: Sequence[Any], fields: Sequence[Any]) -> Any:
    """A table's rows as a pandas DataFrame with nullable dtypes (dates stay ISO text)."""
    pandas = _import_pandas()
    return pandas.DataFrame(
        {
            f.name: pandas.array(
                [row.get(f.name) for row in rows], dtype=_TABLE_PANDAS.get(f.type, "object")
            )
            for f in fields
        }
    )


def _frame(rows: Sequence[Any], page: _PageBase[Any], pandas: bool = False) -> Any:
    """The rows as a DataFrame, by the page's row model, or by its ``fields`` (a table)."""
    if page.row_type is None:
        fields = page.raw.fields
        return table_rows_to_pandas(rows, fields) if pandas else table_rows_to_polars(rows, fields)
    return rows_to_pandas(rows, page.row_type) if pandas else rows_to_polars(rows, page.row_type)


class _PageBase(Generic[T]):
    def __init__(self, page: Any, *, url: str) -> None:
        self.raw = page
        """The decoded wire model (e.g. ``OccupationUsagePage``)."""
        self.data: list[T] = page.data
        """The rows of this page."""
        self.total: int = page.total
        """Rows matching the filters, over all pages."""
        self.limit: int = page.limit
        self.next_cursor: str | None = page.next_cursor
        """Cursor of the next page, ``None`` on the last page."""
        self.provenance: Provenance = page.provenance
        """Which release, package version and package hash answered."""
        self.row_type: type[msgspec.Struct] | None = row_type_of(page)
        """The rows' wire model; None for a table's rows (objects keyed by column)."""
        self.url = url
        """The URL this page was fetched from."""

    @property
    def kind(self) -> str:
        """The page's ``kind`` tag, e.g. ``occupation_usage`` or ``occupation_exposure``."""
        tag = msgspec.inspect.type_info(type(self.raw))
        assert isinstance(tag, msgspec.inspect.StructType)
        return str(tag.tag)

    def has_next_page(self) -> bool:
        """Whether another page follows this one.

        Example::

            page = client.categories.list("latest")
            page.has_next_page()   # False: all major groups fit on one page
        """
        return self.next_cursor is not None

    def __iter__(self) -> Iterator[T]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int) -> T:
        return self.data[index]

    def to_polars(self) -> pl.DataFrame:
        """This page's rows as a Polars DataFrame (columns and dtypes of the wire model).

        Example::

            page = client.occupations.list("latest", major_group="15", limit=100)
            page.to_polars().sort("share_pct", descending=True).head()
        """
        frame: pl.DataFrame = _frame(self.data, self)
        return frame

    def to_pandas(self) -> Any:
        """This page's rows as a pandas DataFrame with nullable dtypes (``Int64``,
        ``Float64``, ``boolean``, ``string``): a missing value is ``<NA>``, integers stay
        integers.

        Example::

            page = client.occupations.list("latest", major_group="15", limit=100)
            page.to_pandas()["median_wage_usd"].dtype   # Float64
        """
        return _frame(self.data, self, pandas=True)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} kind={self.kind} rows={len(self.data)} "
            f"total={self.total} release={self.provenance.release_id} "
            f"has_next={self.has_next_page()}>"
        )


class SyncPage(_PageBase[T]):
    """One page of a list endpoint: iterate it for its rows, ``next_page()`` for the next.

    Attributes: ``data`` (rows), ``total``, ``limit``, ``next_cursor``, ``provenance``,
    ``raw`` (the decoded wire model).

    Example::

        page = client.tasks.list("2025-02-10", q="software", limit=50)
        while page is not None:
            for task in page:
                print(task.task_id, task.share_pct)
            page = page.next_page()
    """

    def __init__(self, page: Any, *, url: str, fetch: Callable[[str], SyncPage[T]]) -> None:
        super().__init__(page, url=url)
        self._fetch = fetch

    def next_page(self) -> SyncPage[T] | None:
        """Fetch the next page (same filters), or ``None`` when this is the last one.

        Example::

            page = client.tasks.list("2025-02-10", limit=100)
            second = page.next_page()
        """
        if self.next_cursor is None:
            return None
        return self._fetch(self.next_cursor)

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """This page and every page after it.

        Example::

            sizes = [len(p) for p in client.tasks.list("latest", limit=1000).iter_pages()]
        """
        page: SyncPage[T] | None = self
        while page is not None:
            yield page
            page = page.next_page()


class AsyncPage(_PageBase[T]):
    """One page of a list endpoint, for :class:`AsyncClient`.

    Example::

        page = await client.tasks.list("2025-02-10", q="software")
        while page is not None:
            print([t.task_id for t in page])
            page = await page.next_page()
    """

    def __init__(
        self, page: Any, *, url: str, fetch: Callable[[str], Awaitable[AsyncPage[T]]]
    ) -> None:
        super().__init__(page, url=url)
        self._fetch = fetch

    async def next_page(self) -> AsyncPage[T] | None:
        """Fetch the next page (same filters), or ``None`` when this is the last one.

        Example::

            second = await page.next_page()
        """
        if self.next_cursor is None:
            return None
        return await self._fetch(self.next_cursor)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page and every page after it.

        Example::

            async for p in (await client.tasks.list("latest")).iter_pages():
                print(len(p))
        """
        page: AsyncPage[T] | None = self
        while page is not None:
            yield page
            page = await page.next_page()


class PageIterator(Generic[T]):
    """Every row of a list endpoint, fetching pages lazily as the loop goes on.

    Nothing is requested until the first row is needed.

    Example::

        for task in client.tasks.iter("2025-02-10", q="software"):
            print(task.statement)

        df = client.occupations.iter("latest", major_group="15").to_polars()
    """

    def __init__(self, first_page: Callable[[], SyncPage[T]]) -> None:
        self._first_page = first_page

    def pages(self) -> Iterator[SyncPage[T]]:
        """The pages themselves, first to last.

        Example::

            for page in client.tasks.iter("latest", limit=1000).pages():
                print(page.provenance.release_id, len(page))
        """
        yield from self._first_page().iter_pages()

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.data

    def to_polars(self) -> pl.DataFrame:
        """All rows of all pages as one Polars DataFrame.

        Example::

            df = client.tasks.iter("2025-02-10", limit=1000).to_polars()
        """
        _import_polars()  # fail before fetching anything
        rows, last = self._all_rows()
        frame: pl.DataFrame = _frame(rows, last)
        return frame

    def to_pandas(self) -> Any:
        """All rows of all pages as one pandas DataFrame with nullable dtypes.

        Example::

            df = client.tasks.iter("2025-02-10", limit=1000).to_pandas()
        """
        _import_pandas()  # fail before fetching anything
        rows, last = self._all_rows()
        return _frame(rows, last, pandas=True)

    def _all_rows(self) -> tuple[list[T], SyncPage[T]]:
        rows: list[T] = []
        last: SyncPage[T] | None = None
        for page in self.pages():
            last = page
            rows.extend(page.data)
        assert last is not None
        return rows, last


class AsyncPageIterator(Generic[T]):
    """Every row of a list endpoint, for :class:`AsyncClient` (``async for``).

    Example::

        async for task in client.tasks.iter("2025-02-10", q="software"):
            print(task.statement)

        df = await client.occupations.iter("latest", major_group="15").to_polars()
    """

    def __init__(self, first_page: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first_page = first_page

    async def pages(self) -> AsyncIterator[AsyncPage[T]]:
        """The pages themselves, first to last.

        Example::

            async for page in client.tasks.iter("latest").pages():
                print(len(page))
        """
        first = await self._first_page()
        async for page in first.iter_pages():
            yield page

    async def _rows(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for row in page.data:
                yield row

    def __aiter__(self) -> AsyncIterator[T]:
        return self._rows()

    async def to_polars(self) -> pl.DataFrame:
        """All rows of all pages as one Polars DataFrame.

        Example::

            df = await client.tasks.iter("2025-02-10", limit=1000).to_polars()
        """
        _import_polars()
        rows, last = await self._all_rows()
        frame: pl.DataFrame = _frame(rows, last)
        return frame

    async def to_pandas(self) -> Any:
        """All rows of all pages as one pandas DataFrame with nullable dtypes.

        Example::

            df = await client.tasks.iter("2025-02-10", limit=1000).to_pandas()
        """
        _import_pandas()
        rows, last = await self._all_rows()
        return _frame(rows, last, pandas=True)

    async def _all_rows(self) -> tuple[list[T], AsyncPage[T]]:
        rows: list[T] = []
        last: AsyncPage[T] | None = None
        async for page in self.pages():
            last = page
            rows.extend(page.data)
        assert last is not None
        return rows, last


def to_polars(
    rows: Sequence[msgspec.Struct], row_type: type[msgspec.Struct] | None = None
) -> pl.DataFrame:
    """Any list of wire-model rows as a Polars DataFrame (e.g. wage bands, depth, modes).

    ``row_type`` gives the columns when ``rows`` may be empty; otherwise it is read from the
    first row.

    Example::

        from econindex_api import to_polars

        to_polars(client.wage_bands.get("latest").data)
        to_polars(client.interaction_modes.get("latest").split)
    """
    if row_type is None:
        if not rows:
            raise ValueError("to_polars() of an empty list needs row_type= to know the columns")
        row_type = type(rows[0])
    return rows_to_polars(rows, row_type)


def to_pandas(rows: Sequence[msgspec.Struct], row_type: type[msgspec.Struct] | None = None) -> Any:
    """Any list of wire-model rows as a pandas DataFrame with nullable dtypes.

    Example::

        from econindex_api import to_pandas

        to_pandas(client.wage_bands.get("latest").data)
    """
    if row_type is None:
        if not rows:
            raise ValueError("to_pandas() of an empty list needs row_type= to know the columns")
        row_type = type(rows[0])
    return rows_to_pandas(rows, row_type)
