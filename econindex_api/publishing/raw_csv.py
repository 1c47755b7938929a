"""Strict reading of upstream CSV files, with errors that point at the line and column.

The upstream files are small (at most a few MB), so they are read with the standard csv
module, which knows physical line numbers, and every value is checked before it becomes a
Polars column. Everything is read as text first: a reader that guesses types would turn
Namibia's ISO code ``NA`` into a missing value.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import polars as pl

from econindex_api.publishing.errors import RawDataError

Kind = Literal["text", "number", "integer"]

LINE = "_line"
"""Extra column: the physical line each row starts on, so later checks can name it."""


@dataclass(frozen=True)
class Column:
    """What one upstream column must hold. ``optional`` columns may have empty cells."""

    kind: Kind = "text"
    optional: bool = False


TEXT = Column("text")
OPTIONAL_TEXT = Column("text", optional=True)
NUMBER = Column("number")
OPTIONAL_NUMBER = Column("number", optional=True)
INTEGER = Column("integer")


def _parse_number(text: str) -> float:
    value = float(text)
    if math.isnan(value) or math.isinf(value):
        raise ValueError(text)
    return value


def _parse_integer(text: str) -> int:
    value = float(text)  # upstream writes some integers as "87.0"
    if not value.is_integer():
        raise ValueError(text)
    return int(value)


def read_raw_csv(
    path: Path, display_name: str, columns: Mapping[str, Column], *, delimiter: str = ","
) -> pl.DataFrame:
    """Read ``path`` and return ``columns`` (upstream names) with checked types, plus LINE.

    Text stays text (empty cells of optional columns become null), numbers become Float64,
    integers Int64. Extra upstream columns are ignored. Raises RawDataError naming
    ``display_name``, the line and the column for: a missing file, a missing column, a row
    with the wrong number of fields (a truncated file), an unterminated quote, an empty
    required cell, a value that is not a number. ``delimiter="\t"`` reads tab-separated files
    (same quoting rules).
    """
    if not path.is_file():
        raise RawDataError(display_name, "file not found")
    values: dict[str, list[str | float | int | None]] = {name: [] for name in columns}
    lines: list[int] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True, delimiter=delimiter)
            try:
                header = next(reader)
            except StopIteration:
                raise RawDataError(display_name, "file is empty (expected a header line)") from None
            missing = [name for name in columns if name not in header]
            if missing:
                raise RawDataError(
                    display_name,
                    f"missing column(s) {missing}; the header has {header}",
                    line=1,
                )
            index = {name: header.index(name) for name in columns}
            last_line = reader.line_num
            for row in reader:
                line = last_line + 1  # first physical line of this record
                last_line = reader.line_num
                if not row:
                    continue  # blank line
                if len(row) != len(header):
                    # Name the first column the row lacks (or the last one it overruns).
                    raise RawDataError(
                        display_name,
                        f"expected {len(header)} fields, found {len(row)} "
                        "(truncated or malformed row)",
                        line=line,
                        column=header[len(row)] if len(row) < len(header) else header[-1],
                    )
                lines.append(line)
                for name, spec in columns.items():
                    values[name].append(_cell(row[index[name]], spec, display_name, line, name))
    except csv.Error as exc:
        raise RawDataError(
            display_name, f"malformed CSV ({exc}); the file may be truncated", line=reader.line_num
        ) from None
    except UnicodeDecodeError as exc:
        raise RawDataError(display_name, f"not valid UTF-8 ({exc.reason})") from None
    dtypes = {"text": pl.String(), "number": pl.Float64(), "integer": pl.Int64()}
    frame = pl.DataFrame(
        {
            name: pl.Series(name, values[name], dtype=dtypes[spec.kind])
            for name, spec in columns.items()
        }
    )
    return frame.with_columns(pl.Series(LINE, lines, dtype=pl.Int64))


def _cell(raw: str, spec: Column, file: str, line: int, column: str) -> str | float | int | None:
    text = raw.strip() if spec.kind != "text" else raw
    if text == "":
        if spec.optional:
            return None
        raise RawDataError(
            file, f"empty value; expected {_expected(spec)}", line=line, column=column
        )
    if spec.kind == "text":
        return raw
    try:
        return _parse_number(text) if spec.kind == "number" else _parse_integer(text)
    except ValueError:
        raise RawDataError(
            file, f"expected {_expected(spec)}, got {raw!r}", line=line, column=column
        ) from None


def _expected(spec: Column) -> str:
    return {"text": "a text value", "number": "a number", "integer": "an integer"}[spec.kind]


def reject_rows(
    bad: pl.DataFrame,
    file: str,
    problem: Callable[[dict[str, Any]], str],
    *,
    column: str | None = None,
) -> None:
    """Raise RawDataError for the first row of ``bad``, at its line, if there is any.

    ``problem`` words the error from that row; the line comes from its LINE column when the
    frame still has one.
    """
    if bad.height == 0:
        return
    row = bad.row(0, named=True)
    raise RawDataError(file, problem(row), line=row.get(LINE), column=column)


def repeats(column: str) -> pl.Expr:
    """Rows whose ``column`` value already appeared on an earlier row (the duplicates)."""
    return ~pl.col(column).is_first_distinct()
