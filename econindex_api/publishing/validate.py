"""Re-check a published package or a whole data root: hashes, sizes, schemas, keys.

Two layers. Our own checks cover every file (the catalog's and the descriptor's sizes and
sha256, the zip, the package's README/codebook/citations/Croissant, Parquet column names and
types against the table schema). Then the frictionless validator checks every CSV resource's
rows against its table schema, primary keys and foreign keys, exactly as the stock
``frictionless validate datapackage.json`` does (the Parquet twins are ``type: file`` there,
checked for bytes and sha256). On top, the Parquet twins' rows go through frictionless too,
with the CSV twin's schema: frictionless's own Parquet reader goes through pandas, which turns
missing values into NaN, so they are given to it as the rows pyarrow reads, missing values
intact.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import frictionless
import pyarrow.parquet as pq

from econindex_api.catalog import CATALOG_FILE, decode_catalog
from econindex_api.publishing.package import DESCRIPTOR, PARQUET_SUFFIX, ZIP_NAME, sha256_file

ARROW_TYPES = {
    "string": {"string", "large_string"},
    "integer": {"int64"},
    "number": {"double"},
    "boolean": {"bool"},
}


def check_file(directory: Path, relative: str, size: int, sha256: str, label: str) -> list[str]:
    path = directory / relative
    if not path.is_file():
        return [f"{label}: {relative} is missing"]
    problems = []
    if path.stat().st_size != size:
        problems.append(f"{label}: {relative} has {path.stat().st_size} bytes, expected {size}")
    actual = sha256_file(path)
    if actual != sha256:
        problems.append(f"{label}: {relative} has sha256 {actual}, expected {sha256}")
    return problems


def twin_schema(descriptor: dict[str, Any], resource: dict[str, Any]) -> dict[str, Any]:
    """The table schema of a Parquet twin: its CSV resource's schema."""
    name = str(resource["name"]).removesuffix(PARQUET_SUFFIX)
    for candidate in descriptor.get("resources", []):
        if candidate.get("name") == name and "schema" in candidate:
            schema: dict[str, Any] = candidate["schema"]
            return schema
    raise KeyError(f"Parquet resource {resource['name']} has no CSV twin named {name}")


def check_parquet_schema(
    directory: Path, resource: dict[str, Any], schema: dict[str, Any], label: str
) -> list[str]:
    try:
        arrow_schema = pq.read_schema(directory / resource["path"])
    except Exception as exc:  # any unreadable file is a finding, not a crash
        return [f"{label}: {resource['path']} is not readable Parquet ({exc})"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    if arrow_schema.names != names:
        return [f"{label}: {resource['path']} has columns {arrow_schema.names}, expected {names}"]
    problems = []
    for field in fields:
        arrow_type = str(arrow_schema.field(field["name"]).type)
        if arrow_type not in ARROW_TYPES[field["type"]]:
            problems.append(
                f"{label}: {resource['path']} column {field['name']} is {arrow_type}, "
                f"expected {field['type']}"
            )
    return problems


def frictionless_problems(directory: Path, descriptor: dict[str, Any], label: str) -> list[str]:
    checked = json.loads(json.dumps(descriptor))
    for resource in checked["resources"]:
        if resource["format"] == "parquet":
            table = pq.read_table(directory / resource["path"])
            resource["data"] = [table.column_names] + [
                list(row.values()) for row in table.to_pylist()
            ]
            resource["type"] = "table"
            schema = json.loads(json.dumps(twin_schema(descriptor, resource)))
            for fk in schema.get("foreignKeys", []):
                # Parquet rows reference the Parquet twins (same rows as the CSV ones).
                if fk["reference"]["resource"]:
                    fk["reference"]["resource"] += PARQUET_SUFFIX
            resource["schema"] = schema
            for key in ("path", "bytes", "hash", "format", "mediatype"):
                resource.pop(key, None)
    package = frictionless.Package(checked, basepath=str(directory))
    report = package.validate()
    if report.valid:
        return []
    problems = []
    for task in report.tasks:
        for error in task.errors[:5]:
            where = f"row {error.row_number}" if getattr(error, "row_number", None) else ""
            problems.append(f"{label}: resource {task.name} {where}: {error.type}: {error.note}")
    for error in report.errors:
        problems.append(f"{label}: {error.type}: {error.note}")
    return problems


def validate_package_dir(directory: Path, label: str | None = None) -> list[str]:
    """Problems found in one package directory (empty list: valid)."""
    label = label or str(directory)
    descriptor_path = directory / DESCRIPTOR
    if not descriptor_path.is_file():
        return [f"{label}: {DESCRIPTOR} is missing"]
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return [f"{label}: {DESCRIPTOR} is not valid JSON ({exc})"]
    problems = []
    for resource in descriptor.get("resources", []):
        name = f"{label} resource {resource.get('name')}"
        digest = str(resource.get("hash", "")).removeprefix("sha256:")
        problems += check_file(directory, resource["path"], resource.get("bytes", -1), digest, name)
        if resource.get("format") == "parquet" and not problems:
            try:
                schema = twin_schema(descriptor, resource)
            except KeyError as exc:
                problems.append(f"{name}: {exc.args[0]}")
                continue
            problems += check_parquet_schema(directory, resource, schema, name)
    if problems:
        return problems  # rows of damaged files are not worth validating
    return frictionless_problems(directory, descriptor, label)


def validate_tree(root: Path) -> list[str]:
    """Problems found in a whole data root: the catalog and every version it lists."""
    catalog_path = root / CATALOG_FILE
    if not catalog_path.is_file():
        return [f"{catalog_path}: catalog is missing"]
    try:
        catalog = decode_catalog(catalog_path.read_bytes())
    except Exception as exc:
        return [f"{catalog_path}: not a valid catalog ({exc})"]
    problems: list[str] = []
    for release in catalog.releases:
        for version in release.versions:
            label = f"{release.id} {version.version}"
            directory = root / version.path
            found = check_file(
                directory, DESCRIPTOR, version.package_bytes, version.package_sha256, label
            )
            found += check_file(directory, ZIP_NAME, version.zip.bytes, version.zip.sha256, label)
            for resource in version.resources:
                for entry in (resource.csv, resource.parquet):
                    found += check_file(directory, entry.path, entry.bytes, entry.sha256, label)
            for entry in version.files:
                found += check_file(directory, entry.path, entry.bytes, entry.sha256, label)
            problems += found or validate_package_dir(directory, label)
    return problems
