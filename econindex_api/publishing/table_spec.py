"""The building blocks of the canonical tables: ``Field``, ``ForeignKey``, ``TableSpec``.

A ``TableSpec`` is one published table: its fields in order, primary and foreign keys; the
packager turns it into a Frictionless Table Schema, Parquet metadata and the codebook. The
tables themselves are declared in ``tables_first`` (the first-generation releases) and
``tables_long`` (the long-format releases), and joined in ``canonical.ALL_TABLES``.

Unit scheme, everywhere: fields ending ``_pct`` are percentages 0-100 (``pct``), fields
ending ``_fraction`` are fractions 0-1 (``fraction``); ``UNIT_SUFFIXES`` says so once for the
codebook, the Parquet schema metadata and the API docs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl

FieldType = Literal["string", "integer", "number", "boolean"]

ONET_SOC_PATTERN = r"^\d{2}-\d{4}\.\d{2}$"
SOC_PATTERN = r"^\d{2}-\d{4}$"
MAJOR_GROUP_PATTERN = r"^\d{2}-0000$"

# Units follow from a field's name suffix; the codebook, the Parquet schema metadata and the
# API docs all state them from this one table.
UNIT_SUFFIXES = {
    "_pct": "percent (0-100)",
    "_fraction": "fraction (0-1)",
    "_usd": "US dollars per year",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    description: str
    required: bool = True
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    unit_text: str | None = None  # a unit the name suffix does not give (e.g. persons)

    @property
    def unit(self) -> str | None:
        """The unit, from the naming convention (documented in docs/methods.md)."""
        if self.unit_text is not None:
            return self.unit_text
        for suffix, unit in UNIT_SUFFIXES.items():
            if self.name.endswith(suffix):
                return unit
        return None

    def polars_dtype(self) -> pl.DataType:
        return {
            "string": pl.String(),
            "integer": pl.Int64(),
            "number": pl.Float64(),
            "boolean": pl.Boolean(),
        }[self.type]

    def to_table_schema(self) -> dict[str, Any]:
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
        }
        if self.type == "boolean":
            # Polars writes booleans as lower-case words; say so rather than rely on defaults.
            out["trueValues"] = ["true"]
            out["falseValues"] = ["false"]
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # table name; "" refers to the table itself
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)
    # Strings read as missing in the CSV. The long tables keep upstream's empty strings (an
    # empty cluster_name is a value there, and part of the key), so they declare none.
    missing_values: tuple[str, ...] = ("",)

    @property
    def column_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def polars_schema(self) -> dict[str, pl.DataType]:
        return {f.name: f.polars_dtype() for f in self.fields}

    def conform(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Select the spec's columns in order with the spec's dtypes, sorted by the key.

        Sorting by the primary key is what makes a rebuild byte-identical.
        """
        missing = [c for c in self.column_names if c not in frame.columns]
        if missing:
            raise ValueError(f"table {self.name}: adapter produced no column(s) {missing}")
        return frame.select(
            [pl.col(f.name).cast(f.polars_dtype(), strict=True) for f in self.fields]
        ).sort(list(self.primary_key))


def pct(name: str, description: str, required: bool = True) -> Field:
    return Field(name, "number", description, required=required, minimum=0, maximum=100)


def fraction(name: str, description: str, required: bool = True) -> Field:
    return Field(name, "number", description, required=required, minimum=0, maximum=1)


# Shared by both generations of tables.
TASK_KEY = Field(
    "task_key",
    "string",
    "Join key of a task: the O*NET statement lower-cased and stripped of surrounding white "
    "space (docs/methods.md, section Task key).",
)
