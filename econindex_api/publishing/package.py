"""Write one release version as a Frictionless Data Package v2, byte for byte reproducibly.

Every table is written twice, as ``data/<table>.parquet`` and ``data/<table>.csv``, each a
resource of its own with ``bytes`` and a ``sha256:`` hash (resource names ``<table>`` for CSV
and ``<table>-parquet`` for Parquet; both carry the same table schema). Determinism comes from:
rows sorted by primary key, order-independent sums (methods.exact_sum), a ``created`` time
fixed by the recipe, descriptor keys in a fixed order, and zip entries with fixed times and
permissions.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from econindex_api.catalog import FileEntry, ResourceEntry
from econindex_api.publishing.canonical import ALL_TABLES, TableSpec
from econindex_api.publishing.recipes import UPSTREAM_DATASET, Recipe

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


def table_schema(spec: TableSpec, parquet: bool) -> dict[str, Any]:
    suffix = PARQUET_SUFFIX if parquet else ""
    schema: dict[str, Any] = {
        "$schema": TABLE_SCHEMA_PROFILE,
        "fields": [f.to_table_schema() for f in spec.fields],
        "missingValues": [""],
        "primaryKey": list(spec.primary_key),
    }
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(fk.fields),
                "reference": {
                    "resource": (fk.resource + suffix) if fk.resource else "",
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


def write_tables(tables: dict[str, pl.DataFrame], directory: Path) -> list[ResourceEntry]:
    """Write each canonical table as Parquet and CSV under directory/data."""
    (directory / "data").mkdir(parents=True, exist_ok=True)
    entries = []
    for name in sorted(tables):
        spec = ALL_TABLES[name]
        frame = spec.conform(tables[name])
        csv_rel, parquet_rel = f"data/{name}.csv", f"data/{name}.parquet"
        frame.write_csv(directory / csv_rel, null_value="", include_header=True)
        frame.write_parquet(directory / parquet_rel, compression="zstd", statistics=True)
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
    for entry in resources:
        spec = ALL_TABLES[entry.name]
        for parquet, file in ((False, entry.csv), (True, entry.parquet)):
            resource: dict[str, Any] = {
                "$schema": RESOURCE_PROFILE,
                "name": entry.name + (PARQUET_SUFFIX if parquet else ""),
                "type": "table",
                "path": file.path,
                "title": spec.title + (" (Parquet)" if parquet else ""),
                "description": spec.description,
                "format": "parquet" if parquet else "csv",
                "mediatype": "application/vnd.apache.parquet" if parquet else "text/csv",
                "bytes": file.bytes,
                "hash": f"sha256:{file.sha256}",
            }
            if not parquet:
                resource["encoding"] = "utf-8"
                resource["dialect"] = {"delimiter": ",", "header": True, "quoteChar": '"'}
            resource["schema"] = table_schema(spec, parquet)
            resource_descriptors.append(resource)
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
            "(in the catalog and in the API's provenance headers)."
        ),
        "econindex": {
            "release_id": recipe.release_id,
            "series": recipe.series,
            "release_date": recipe.date,
            "measures": list(recipe.measures),
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


def write_zip(directory: Path, created: str) -> FileEntry:
    """package.zip: datapackage.json and data/ with fixed entry times, so it is reproducible."""
    year, month, day = (int(part) for part in created[:10].split("-"))
    members = [
        DESCRIPTOR,
        *sorted(str(p.relative_to(directory)) for p in (directory / "data").iterdir()),
    ]
    with zipfile.ZipFile(directory / ZIP_NAME, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            info = zipfile.ZipInfo(member, date_time=(year, month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (directory / member).read_bytes())
    return file_entry(directory, ZIP_NAME)
