"""A table answer's rows as file bytes: CSV, NDJSON, xlsx, Parquet (pure functions, no HTTP).

Every form is written from the one frame the CSV comes from (``respond.table_answer``), so
the columns, their order and the rows are the same in each. Decisions (README, "Downloads"):

* **xlsx** (xlsxwriter, called cell by cell rather than through ``DataFrame.write_excel``,
  so that nothing is guessed): sheet 1, named for the endpoint, is a header row and the rows;
  each cell is written by its *column's* type: text columns with ``write_string`` always
  (SOC codes ``15-1132.00``, task ids, major group ``15``, geo ids stay text, never numbers,
  dates or formulas, even when they start with ``=``), numbers as numbers (NaN as Excel's
  ``#NUM!``), booleans as booleans, null as an empty cell. Column widths follow the header
  only (no autofit from the data). Sheet 2, "about", holds the provenance: endpoint,
  release, package version and sha256, the request, the row count. The file is the same
  bytes for the same rows (a fixed creation date), so its ETag holds across processes.
* **Parquet** (pyarrow, zstd): the columns in the package's Arrow types (text as
  large_string, integers int64, numbers float64, booleans bool: ``publishing.package``), the
  provenance in the file's key-value metadata under ``econindex:provenance`` (JSON).
* **NDJSON**: one JSON object per line, each exactly a ``data`` item of the JSON page.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass

import msgspec
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter

XLSX_MAX_ROWS = 1_048_575  # Excel's sheet has 1,048,576 rows, one is the header
PROVENANCE_KEY = b"econindex:provenance"
# Fixed, so the same rows give the same bytes (xlsxwriter writes the creation date).
_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class About:
    """Where a download comes from: what the "about" sheet and the Parquet metadata say."""

    endpoint: str
    request: str  # the canonical request: path and query (relative to the API's address)
    rows: int
    release_id: str | None = None
    requested: str | None = None  # the release as written in the path (e.g. latest)
    package_version: str | None = None
    package_sha256: str | None = None
    api_version: str | None = None
    more: tuple[tuple[str, str], ...] = ()  # e.g. a compare answer's ``from`` release

    def pairs(self) -> list[tuple[str, str]]:
        fields = [
            ("endpoint", self.endpoint),
            ("request", self.request),
            ("rows", str(self.rows)),
            ("release_id", self.release_id),
            ("release_requested", self.requested),
            ("package_version", self.package_version),
            ("package_sha256", self.package_sha256),
            ("econindex_api_version", self.api_version),
        ]
        return [*((k, v) for k, v in fields if v is not None), *self.more]


def csv_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()  # bytes straight away: no intermediate str of the whole export
    frame.write_csv(buffer)
    return buffer.getvalue()


def ndjson_from_array(array: bytes) -> bytes:
    """The items of a JSON array, one per line, byte for byte as they were in the array."""
    items = msgspec.json.decode(array, type=list[msgspec.Raw])
    if not items:
        return b""
    return b"\n".join(bytes(item) for item in items) + b"\n"


def sheet_name(endpoint: str) -> str:
    """The endpoint's name as an Excel sheet name (31 characters, no ``[]:*?/\\``)."""
    name = endpoint.translate(_SHEET_FORBIDDEN)[:31]
    return "data" if not name or name.lower() == "about" else name


def xlsx_bytes(frame: pl.DataFrame, sheet: str, about: About) -> bytes:
    """The rows as an xlsx workbook: the rows sheet and the "about" sheet (module doc)."""
    if frame.height > XLSX_MAX_ROWS:
        raise ValueError(f"{frame.height} rows do not fit in one sheet ({XLSX_MAX_ROWS})")
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            # Never guess a type from a string: these are xlsxwriter's defaults, stated.
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "nan_inf_to_errors": True,
        },
    )
    workbook.set_properties({"created": _CREATED, "title": f"econindex {about.endpoint}"})
    bold = workbook.add_format({"bold": True})
    rows = workbook.add_worksheet(sheet)
    for col, name in enumerate(frame.columns):
        rows.write_string(0, col, name, bold)
        rows.set_column(col, col, min(max(len(name) + 2, 10), 50))
    rows.freeze_panes(1, 0)
    for col, series in enumerate(frame.get_columns()):
        _write_column(rows, col, series)
    info = workbook.add_worksheet("about")
    info.set_column(0, 0, 24)
    info.set_column(1, 1, 80)
    info.write_string(0, 0, "field", bold)
    info.write_string(0, 1, "value", bold)
    for row, (key, value) in enumerate(about.pairs(), start=1):
        info.write_string(row, 0, key)
        info.write_string(row, 1, value)
    workbook.close()
    return buffer.getvalue()


def _write_column(sheet: xlsxwriter.worksheet.Worksheet, col: int, series: pl.Series) -> None:
    """One column, every cell by the column's type (module doc); row 0 is the header."""
    dtype = series.dtype
    values = series.to_list()
    if dtype.is_numeric():
        for row, value in enumerate(values, start=1):
            if value is not None:
                sheet.write_number(row, col, value)
    elif dtype == pl.Boolean:
        for row, value in enumerate(values, start=1):
            if value is not None:
                sheet.write_boolean(row, col, value)
    else:
        # Text, and anything else written as the CSV writes it (dates as ISO text).
        text = values if dtype in (pl.String, pl.Categorical) else series.cast(pl.String)
        for row, value in enumerate(text, start=1):
            if value is not None and value != "":
                sheet.write_string(row, col, value)


def parquet_bytes(frame: pl.DataFrame, about: About) -> bytes:
    """The rows as Parquet in the package's Arrow types, the provenance in its metadata."""
    table = frame.to_arrow()
    table = table.cast(pa.schema([_package_field(f) for f in table.schema]))
    provenance = json.dumps(dict(about.pairs()), sort_keys=True).encode()
    table = table.replace_schema_metadata({PROVENANCE_KEY: provenance})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", write_statistics=True)
    return buffer.getvalue()


def _package_field(field: pa.Field) -> pa.Field:
    """The Arrow type ``publishing.package.arrow_schema`` gives a column of this kind."""
    kind = field.type
    if pa.types.is_integer(kind):
        kind = pa.int64()
    elif pa.types.is_floating(kind):
        kind = pa.float64()
    elif (
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    ):
        kind = pa.large_string()
    return pa.field(field.name, kind, nullable=True)
