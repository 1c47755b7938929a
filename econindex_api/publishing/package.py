"""Write one release version as a Frictionless Data Package v2, byte for byte reproducibly.

Every table is written twice, as ``data/<table>.csv`` and ``data/<table>.parquet``, each a
resource of its own with ``bytes`` and a ``sha256:`` hash.

- The CSV resource (name ``<table>``) is THE tabular resource: ``type: table`` with the full
  table schema (types, descriptions, constraints, primary and foreign keys, missing values).
- The Parquet twin (name ``<table>-parquet``) is described as a file (``type: file``, no
  schema), because the stock ``frictionless validate`` reads Parquet through pandas, which
  cannot count or hash the bytes and turns missing values into NaN (so a valid file fails
  type and min/max checks). As a file it is still checked for ``bytes`` and ``sha256`` by
  the stock CLI, so a flipped byte makes the package INVALID. Its columns, descriptions,
  units and required flags travel inside the Parquet file itself (schema metadata and
  non-nullable columns), and our own validator (validate.py) checks its rows against the
  CSV resource's schema. DP v2's JSON Schema lists only ``table`` for ``type``; ``file`` is
  frictionless-py's own type for such resources (decision recorded in the README).

Beside ``datapackage.json`` each package carries files written after it (so they can quote
its sha256): README.md, CODEBOOK.md, METHODS.md, CITATION.bib/.ris/.json and croissant.json;
``package.zip`` holds all of them. Files are 0644 and directories 0755 so that the service
user and a web server can read them.

Determinism comes from: rows sorted by primary key, order-independent sums
(methods.exact_sum), a ``created`` time fixed by the recipe, descriptor keys in a fixed order,
and zip entries with fixed times and permissions.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from econindex_api.catalog import FileEntry, ResourceEntry
from econindex_api.publishing import citation
from econindex_api.publishing.canonical import ALL_TABLES, table_specs
from econindex_api.publishing.croissant import croissant_for
from econindex_api.publishing.package_docs import codebook_text, methods_text, readme_text
from econindex_api.publishing.recipes import UPSTREAM_DATASET, Recipe
from econindex_api.publishing.table_spec import TableSpec

DATAPACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
DESCRIPTOR = "datapackage.json"
ZIP_NAME = "package.zip"
PARQUET_SUFFIX = "-parquet"

LICENSES = [
    {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 International",
    }
]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_entry(root: Path, relative: str) -> FileEntry:
    path = root / relative
    return FileEntry(path=relative, bytes=path.stat().st_size, sha256=sha256_file(path))


CROISSANT = "croissant.json"
README = "README.md"
CODEBOOK = "CODEBOOK.md"
METHODS = "METHODS.md"
# Written after datapackage.json (they quote its sha256), in this order; all go in the zip.
EXTRA_FILES = (
    README,
    CODEBOOK,
    METHODS,
    *citation.FILE_NAMES.values(),
    CROISSANT,
)
FILE_MODE = 0o644
DIR_MODE = 0o755


def table_schema(spec: TableSpec) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "$schema": TABLE_SCHEMA_PROFILE,
        "fields": [f.to_table_schema() for f in spec.fields],
        "missingValues": list(spec.missing_values),
        "primaryKey": list(spec.primary_key),
    }
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(fk.fields),
                "reference": {
                    "resource": fk.resource,
                    "fields": list(fk.reference_fields),
                },
            }
            for fk in spec.foreign_keys
        ]
    return schema


@dataclass(frozen=True)
class WrittenPackage:
    directory: Path
    descriptor: dict[str, Any]
    resources: tuple[ResourceEntry, ...]
    zip: FileEntry


def arrow_schema(spec: TableSpec) -> pa.Schema:
    """The table schema as an Arrow schema: required columns non-nullable, and per column its
    description and unit; the whole Frictionless table schema in the schema metadata."""
    arrow_types = {
        "string": pa.large_string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
    }
    fields = []
    for f in spec.fields:
        metadata = {"description": f.description, "frictionless_type": f.type}
        if f.unit:
            metadata["unit"] = f.unit
        metadata["required"] = "true" if f.required else "false"
        fields.append(
            pa.field(f.name, arrow_types[f.type], nullable=not f.required, metadata=metadata)
        )
    table_meta = {
        "name": spec.name,
        "title": spec.title,
        "description": spec.description,
        "schema": table_schema(spec),
    }
    return pa.schema(
        fields,
        metadata={"frictionless:table": json.dumps(table_meta, sort_keys=True, ensure_ascii=False)},
    )


# pyarrow's default row group (rows): converting and writing a frame one row group at a time
# gives the same bytes as ``pq.write_table`` of the whole (checked on 2.1 million rows), while
# only one row group's Arrow copy is in memory (2026-06-26's observations: the whole copy
# was about 0.5 GiB of a build's 2 GiB peak).
ROW_GROUP_ROWS = 1024 * 1024


def write_parquet(frame: pl.DataFrame, spec: TableSpec, path: Path) -> None:
    schema = arrow_schema(spec)
    if frame.height == 0:
        empty = frame.to_arrow().cast(schema)
        pq.write_table(empty, path, compression="zstd", write_statistics=True)
        return
    with pq.ParquetWriter(path, schema, compression="zstd", write_statistics=True) as writer:
        for start in range(0, frame.height, ROW_GROUP_ROWS):
            part = frame.slice(start, ROW_GROUP_ROWS).to_arrow().cast(schema)
            writer.write_table(part, row_group_size=ROW_GROUP_ROWS)


def write_tables(
    tables: dict[str, pl.DataFrame], directory: Path, specs: dict[str, TableSpec] = ALL_TABLES
) -> list[ResourceEntry]:
    """Write each canonical table as Parquet and CSV under directory/data.

    Empties ``tables``: each frame is taken out once it is its turn, so a written table's
    memory is free for the next (2026-06-26: the build's peak stays under 2 GiB)."""
    (directory / "data").mkdir(parents=True, exist_ok=True)
    entries = []
    for name in sorted(tables):
        spec = specs[name]
        frame = spec.conform(tables.pop(name))
        csv_rel, parquet_rel = f"data/{name}.csv", f"data/{name}.parquet"
        frame.write_csv(directory / csv_rel, null_value="", include_header=True)
        write_parquet(frame, spec, directory / parquet_rel)
        entries.append(
            ResourceEntry(
                name=name,
                title=spec.title,
                rows=frame.height,
                csv=file_entry(directory, csv_rel),
                parquet=file_entry(directory, parquet_rel),
            )
        )
    return entries


def descriptor_for(
    recipe: Recipe,
    resources: list[ResourceEntry],
    sources: list[dict[str, Any]],
    report: dict[str, Any],
) -> dict[str, Any]:
    resource_descriptors: list[dict[str, Any]] = []
    specs = table_specs(recipe.legacy_soc_code)
    for entry in resources:
        spec = specs[entry.name]
        resource_descriptors.append(
            {
                "$schema": RESOURCE_PROFILE,
                "name": entry.name,
                "type": "table",
                "path": entry.csv.path,
                "title": spec.title,
                "description": spec.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": entry.csv.bytes,
                "hash": f"sha256:{entry.csv.sha256}",
                "dialect": {"delimiter": ",", "header": True, "quoteChar": '"'},
                "schema": table_schema(spec),
            }
        )
        resource_descriptors.append(
            {
                "$schema": RESOURCE_PROFILE,
                "name": entry.name + PARQUET_SUFFIX,
                "type": "file",
                "path": entry.parquet.path,
                "title": spec.title + " (Parquet)",
                "description": (
                    f"The rows of resource {entry.name} as Parquet (zstd); same columns and "
                    f"types as its table schema, which is also stored in the file's schema "
                    "metadata (key frictionless:table) with each column's description and unit."
                ),
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "bytes": entry.parquet.bytes,
                "hash": f"sha256:{entry.parquet.sha256}",
            }
        )
    version_label = f"{recipe.release_id} version {recipe.version}"
    return {
        "$schema": DATAPACKAGE_PROFILE,
        "name": recipe.package_name,
        "id": f"urn:econindex:{recipe.release_id}:{recipe.version}",
        "title": recipe.title,
        "description": recipe.description,
        "version": recipe.version,
        "created": recipe.created,
        "homepage": UPSTREAM_DATASET,
        "keywords": list(recipe.keywords),
        "licenses": LICENSES,
        "contributors": [{"title": title, "roles": [role]} for title, role in recipe.contributors],
        "sources": sources,
        "citation": (
            f"Anthropic Economic Index ({UPSTREAM_DATASET}), {recipe.folder}; "
            f"republished by econindex as package {recipe.package_name}, {version_label}. "
            "CC-BY-4.0. Cite the package version and its datapackage.json sha256 "
            "(in the catalog and in the API's provenance headers); ready-made citations are "
            "in CITATION.bib, CITATION.ris and CITATION.json beside this file."
        ),
        "econindex": {
            "release_id": recipe.release_id,
            "series": recipe.series,
            "release_date": recipe.date,
            "methods": (
                "METHODS.md beside this file (docs/methods.md in the econindex repository): "
                "how every measure is computed from the upstream files."
            ),
            "measures": list(recipe.measures),
            **(
                {
                    "unpinned": True,
                    "unpinned_note": "Built with --unpinned from inputs that do not match "
                    "the recipe's pins (see sources: matches_pin): not an upstream release; "
                    "never the target of latest.",
                }
                if recipe.unpinned
                else {}
            ),
            "units": "fields ending _pct are percentages 0-100; fields ending _fraction are "
            "fractions 0-1",
            "build_report": report,
        },
        "resources": resource_descriptors,
    }


def write_descriptor(descriptor: dict[str, Any], directory: Path) -> FileEntry:
    text = json.dumps(descriptor, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    (directory / DESCRIPTOR).write_text(text, encoding="utf-8")
    return file_entry(directory, DESCRIPTOR)


def write_extras(
    descriptor: dict[str, Any], package: FileEntry, directory: Path, layout: str = ""
) -> list[FileEntry]:
    """README, codebook, methods, citations and Croissant, written after the descriptor.

    ``layout``: the recipe's adapter; a layout with its own methods document gets it appended
    to METHODS.md (package_docs.LAYOUT_METHODS), the others get docs/methods.md unchanged."""
    facts = citation.facts_from_descriptor(descriptor, package.sha256, UPSTREAM_DATASET)
    texts = {
        README: readme_text(descriptor, package.sha256),
        CODEBOOK: codebook_text(descriptor),
        METHODS: methods_text(layout),
    }
    for form, name in citation.FILE_NAMES.items():
        texts[name] = citation.render(facts, form)
    croissant = croissant_for(descriptor, package.sha256, texts[citation.FILE_NAMES["bibtex"]])
    texts[CROISSANT] = json.dumps(croissant, indent=2, ensure_ascii=False) + "\n"
    entries = []
    for name in EXTRA_FILES:
        # newline="" keeps RIS's CRLF line ends as written
        with (directory / name).open("w", encoding="utf-8", newline="") as handle:
            handle.write(texts[name])
        entries.append(file_entry(directory, name))
    return entries


def set_modes(directory: Path) -> None:
    """0755 directories, 0644 files: readable by the service user and a web server."""
    directory.chmod(DIR_MODE)
    for path in directory.rglob("*"):
        path.chmod(DIR_MODE if path.is_dir() else FILE_MODE)


def write_zip(directory: Path, created: str, level: int | None = None) -> FileEntry:
    """package.zip: every file of the package, with fixed entry times, so it is reproducible.

    ``level`` is the deflate level: None (zlib's default, 6) for the flat releases, 1 for the
    long-format ones, whose CSV files are ~160 MB and take seconds at 6 (README, "Long-format
    releases"). Either way the same input gives the same bytes."""
    year, month, day = (int(part) for part in created[:10].split("-"))
    members = [
        DESCRIPTOR,
        *(name for name in EXTRA_FILES if (directory / name).is_file()),
        *sorted(str(p.relative_to(directory)) for p in (directory / "data").iterdir()),
    ]
    with zipfile.ZipFile(directory / ZIP_NAME, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            info = zipfile.ZipInfo(member, date_time=(year, month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (directory / member).read_bytes(), compresslevel=level)
    return file_entry(directory, ZIP_NAME)
