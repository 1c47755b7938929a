"""Re-check a published package or a whole data root: hashes, sizes, schemas, keys.

Two layers. Our own checks cover every file (the catalog's and the descriptor's sizes and
sha256, the zip, the package's README/codebook/citations/Croissant, Parquet column names and
types against the table schema). Then the frictionless validator checks every CSV resource's
rows against its table schema, primary keys and foreign keys, exactly as the stock
``frictionless validate datapackage.json`` does (the Parquet twins are ``type: file`` there,
checked for bytes and sha256). On top, each Parquet twin must hold exactly its CSV's rows,
typed by the CSV's schema (``twin_problems``), so every rule frictionless checked on the CSV
holds for the twin too. (The twins' rows used to go through frictionless as inline data;
frictionless deep-copies inline rows, which made that most of a large build's validation.)
A Parquet resource without a CSV twin still goes through frictionless as inline rows:
frictionless's own Parquet reader goes through pandas, which turns missing values into NaN.

Large tables (more than ``LARGE_TABLE_ROWS`` rows: the ``observations`` of the long-format
releases) are checked with the same Table Schema rules by a vectorised Polars implementation
(``large_table_problems``) instead of frictionless's row loop, which takes minutes and GiBs
for 700,000 rows. The rules checked are the ones our schemas use: header, types, required,
unique, minimum/maximum, pattern (anchored, as frictionless anchors it), enum, primary key;
and the Parquet twin must hold the same rows. The stock ``frictionless validate`` still
accepts these packages (tests/test_build_longformat.py runs it on a real build).

What can be checked (``validate_path``, what ``econindex validate PATH`` runs): a data root
(``catalog.json``: every version it lists, against the catalog's sizes and hashes too), one
package folder (``datapackage.json``: its resources against the descriptor), or a package zip
(``package.zip`` as downloaded: extracted into a temporary folder, then as a folder). The
checks report what they are doing through ``progress`` (one line per package, then one per
resource whose rows are checked: validating a release takes seconds).
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import frictionless
import polars as pl
import pyarrow.parquet as pq

from econindex_api.catalog import CATALOG_FILE, decode_catalog
from econindex_api.publishing.package import DESCRIPTOR, PARQUET_SUFFIX, ZIP_NAME, sha256_file

Progress = Callable[[str], None]


def no_progress(message: str) -> None:
    """The default ``progress``: say nothing."""


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


LARGE_TABLE_ROWS = 20_000
POLARS_TYPES: dict[str, pl.DataType] = {
    "string": pl.String(),
    "integer": pl.Int64(),
    "number": pl.Float64(),
    "boolean": pl.Boolean(),
}


def rows_of(directory: Path, resource: dict[str, Any], by_name: dict[str, Any]) -> int:
    """Rows of a CSV resource, from its Parquet twin's footer when it has one (the twin must
    hold the same rows: checked later), else by reading the CSV."""
    twin = by_name.get(resource["name"] + PARQUET_SUFFIX)
    if twin is not None:
        try:
            return int(pq.read_metadata(directory / twin["path"]).num_rows)
        except Exception:  # an unreadable twin is reported by its own check
            pass
    return csv_rows(directory, resource)


def csv_rows(directory: Path, resource: dict[str, Any]) -> int:
    return int(
        pl.scan_csv(directory / resource["path"], infer_schema=False)
        .select(pl.len())
        .collect()
        .item()
    )


def _evaluate(column: pl.Series, expr: pl.Expr, name: str) -> pl.Series:
    return pl.DataFrame({"v": column}).select(expr.alias(name)).to_series()


def large_table_problems(
    directory: Path, resource: dict[str, Any], parquet: dict[str, Any] | None, label: str
) -> list[str]:
    """Table Schema checks of one large CSV resource (and its Parquet twin), vectorised."""
    name = f"{label}: resource {resource['name']}"
    schema = resource["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    text = pl.read_csv(directory / resource["path"], infer_schema=False, empty_string_is_null=False)
    if text.columns != names:
        return [f"{name}: header is {text.columns}, expected {names}"]
    missing = pl.Series(schema.get("missingValues", [""]), dtype=pl.String)
    problems: list[str] = []
    typed: dict[str, pl.Series] = {}
    for field in fields:
        raw = text[field["name"]]
        is_missing = raw.is_in(missing.implode())
        value = _cast(_missing_as_null(raw, is_missing), field)
        typed[field["name"]] = value
        bad_type = (~is_missing) & value.is_null()
        constraints = field.get("constraints", {})
        checks = {"type-error": bad_type}
        if constraints.get("required"):
            checks["constraint-error required"] = is_missing
        if "minimum" in constraints:
            checks["constraint-error minimum"] = (value < constraints["minimum"]).fill_null(False)
        if "maximum" in constraints:
            checks["constraint-error maximum"] = (value > constraints["maximum"]).fill_null(False)
        if "pattern" in constraints:
            matched = value.str.contains(f"^(?:{constraints['pattern']})$")
            checks["constraint-error pattern"] = (~matched).fill_null(False)
        if "enum" in constraints:
            allowed = pl.Series(constraints["enum"]).cast(value.dtype, strict=False)
            checks["constraint-error enum"] = (~value.is_in(allowed.implode())).fill_null(False)
        if constraints.get("unique"):
            checks["unique-error"] = ~value.is_first_distinct() & value.is_not_null()
        for kind, mask in checks.items():
            if mask.any():
                row = int(mask.arg_true()[0]) + 2
                problems.append(f"{name} row {row}: {kind}: field {field['name']}")
    # The text is the largest copy (2026-06-26's observations: ~0.9 GiB): gone before the
    # key checks and the Parquet twin are read, which keeps a build's peak under 2 GiB.
    del text, raw, value, is_missing
    frame = pl.DataFrame(typed)
    key = list(schema.get("primaryKey", []))
    if key:
        # the second occurrence is the faulty row, as frictionless reports it
        repeat = first_repeat(frame, key)
        if repeat is not None:
            problems.append(f"{name} row {repeat + 2}: primary-key: {key} repeats")
        # As frictionless: a key is missing only when every one of its cells is (the first
        # long format's cluster_id is "" in every row, a missing value, inside the key).
        nulls = frame.select(pl.all_horizontal(pl.col(key).is_null())).to_series()
        if nulls.any():
            problems.append(f"{name} row {int(nulls.arg_true()[0]) + 2}: primary-key: null")
    if schema.get("foreignKeys"):
        problems.append(f"{name}: foreign keys are not checked for large tables (none expected)")
    if parquet is not None and not problems:
        problems += twin_problems(directory, resource, parquet, frame, label)
    return problems


def first_repeat(frame: pl.DataFrame, key: list[str]) -> int | None:
    """Index of the first row whose ``key`` equals an earlier row's, or None.

    One 64-bit hash per row, then an exact comparison only among the rows whose hash repeats
    (none, unless the key repeats or two keys collide): the struct ``is_first_distinct`` of
    every row took 0.9 GiB for 2026-06-26's observations (10 key columns, 2.1 million rows)."""
    hashes = frame.select(pl.struct(key).hash()).to_series()
    again = ~hashes.is_first_distinct()
    if not again.any():
        return None
    rows = hashes.is_in(hashes.filter(again).implode()).arg_true()
    exact = ~frame[rows].select(pl.struct(key).is_first_distinct()).to_series()
    return int(rows[exact.arg_true()[0]]) if exact.any() else None


def typed_rows(directory: Path, resource: dict[str, Any]) -> pl.DataFrame:
    """A CSV resource's rows typed by its table schema (missing values as null), the way
    ``large_table_problems`` reads them: what its Parquet twin must equal."""
    fields = resource["schema"]["fields"]
    missing = pl.Series(resource["schema"].get("missingValues", [""]), dtype=pl.String)
    text = pl.read_csv(directory / resource["path"], infer_schema=False, empty_string_is_null=False)
    typed = {}
    for field in fields:
        raw = text[field["name"]]
        typed[field["name"]] = _cast(_missing_as_null(raw, raw.is_in(missing.implode())), field)
    return pl.DataFrame(typed)


def twin_problems(
    directory: Path,
    resource: dict[str, Any],
    parquet: dict[str, Any],
    frame: pl.DataFrame,
    label: str,
) -> list[str]:
    """The Parquet twin must hold exactly the CSV's typed rows (``frame``), in order.

    Compared one column at a time (one twin column in memory, not the whole twin and its
    copies: 2026-06-26's observations took the validator to 1.7 GiB that way)."""
    schema = resource["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    differ = [f"{label}: resource {parquet['name']}: rows differ from {resource['name']}"]
    path = directory / parquet["path"]
    if pq.read_schema(path).names != names:
        return differ
    blank_is_missing = "" in schema.get("missingValues", [""])
    for field in fields:
        name = field["name"]
        twin = pl.read_parquet(path, columns=[name]).to_series()
        ours = frame[name]
        if field["type"] == "string":
            if blank_is_missing:
                # the CSV cannot tell "" from missing there: compare the twin the same way
                twin = twin.replace("", None)
            else:
                ours = ours.fill_null("")
        if twin.len() != ours.len() or not twin.equals(ours, check_names=False, null_equal=True):
            return differ
    return []


def _missing_as_null(raw: pl.Series, is_missing: pl.Series) -> pl.Series:
    """``raw`` with its missing values as null; ``raw`` itself (no copy) when it has none,
    which is most string columns: a copy of each was half the validator's memory."""
    if not is_missing.any():
        return raw
    return raw.set(is_missing, None)


def _cast(value: pl.Series, field: dict[str, Any]) -> pl.Series:
    kind = field["type"]
    if kind == "string":
        return value
    if kind == "boolean":
        true_values = field.get("trueValues", ["true"])
        false_values = field.get("falseValues", ["false"])
        return _evaluate(
            value,
            pl.when(pl.col("v").is_in(true_values))
            .then(pl.lit(True))
            .when(pl.col("v").is_in(false_values))
            .then(pl.lit(False))
            .otherwise(None),
            field["name"],
        )
    return value.str.strip_chars().cast(POLARS_TYPES[kind], strict=False)


def frictionless_problems(
    directory: Path, descriptor: dict[str, Any], label: str, progress: Progress = no_progress
) -> list[str]:
    checked = json.loads(json.dumps(descriptor))
    problems: list[str] = []
    twins = {r["name"]: r for r in checked["resources"]}
    large = {
        r["name"]
        for r in checked["resources"]
        if r.get("format") == "csv" and rows_of(directory, r, twins) > LARGE_TABLE_ROWS
    }
    if large:
        for table_name in sorted(large):
            progress(f"{label}: resource {table_name}: rows (large table)")
            problems += large_table_problems(
                directory, twins[table_name], twins.get(table_name + PARQUET_SUFFIX), label
            )
        checked["resources"] = [
            r
            for r in checked["resources"]
            if r["name"] not in large and r["name"].removesuffix(PARQUET_SUFFIX) not in large
        ]
    # A Parquet twin of a CSV resource must hold the CSV's typed rows (compared after
    # frictionless has validated the CSV): then every rule frictionless checked on the CSV
    # holds for it too. Giving frictionless the twin's rows as inline data instead cost most
    # of a build's validation (it deep-copies inline rows: 2026-06-26, 55 -> 21 s).
    paired = [
        r
        for r in checked["resources"]
        if r["format"] == "parquet" and r["name"].removesuffix(PARQUET_SUFFIX) in twins
    ]
    checked["resources"] = [r for r in checked["resources"] if r not in paired]
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
    # What package.validate() does, one resource at a time so that progress can name each:
    # the descriptor first, then every resource in order (foreign keys read the package).
    try:
        package.to_descriptor(validate=True)
    except frictionless.FrictionlessException as exc:
        return problems + [f"{label}: {error.type}: {error.note}" for error in exc.to_errors()]
    found: list[str] = []
    for resource in package.resources:
        progress(f"{label}: resource {resource.name}: rows and keys")
        report = resource.validate()
        for task in report.tasks:
            for error in task.errors[:5]:
                row = getattr(error, "row_number", None)
                where = f"row {row}" if row else ""
                found.append(f"{label}: resource {task.name} {where}: {error.type}: {error.note}")
        for error in report.errors:
            found.append(f"{label}: {error.type}: {error.note}")
    if found:
        return problems + found
    for parquet in paired:
        progress(f"{label}: resource {parquet['name']}: the same rows as its CSV")
        csv = twins[parquet["name"].removesuffix(PARQUET_SUFFIX)]
        problems += twin_problems(directory, csv, parquet, typed_rows(directory, csv), label)
    return problems


def validate_package_dir(
    directory: Path, label: str | None = None, progress: Progress = no_progress
) -> list[str]:
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
    resources = descriptor.get("resources", [])
    progress(f"{label}: sizes, sha256 and Parquet schemas of {len(resources)} resources")
    for resource in resources:
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
    return frictionless_problems(directory, descriptor, label, progress)


def validate_tree(root: Path, progress: Progress = no_progress) -> list[str]:
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
            progress(f"{label}: files against the catalog ({version.path})")
            found = check_file(
                directory, DESCRIPTOR, version.package_bytes, version.package_sha256, label
            )
            found += check_file(directory, ZIP_NAME, version.zip.bytes, version.zip.sha256, label)
            for resource in version.resources:
                for entry in (resource.csv, resource.parquet):
                    found += check_file(directory, entry.path, entry.bytes, entry.sha256, label)
            for entry in version.files:
                found += check_file(directory, entry.path, entry.bytes, entry.sha256, label)
            problems += found or validate_package_dir(directory, label, progress)
    return problems


def unpack_package_zip(archive: Path, into: Path) -> tuple[Path | None, list[str]]:
    """Extract a package zip into ``into``: the folder holding its ``datapackage.json`` (at
    the top of the zip, or in its one top-level folder), or None and the problems.

    Member names are checked before anything is written: an absolute name or one that climbs
    out (``../``) is refused, so a hostile zip cannot write outside ``into``."""
    label = str(archive)
    try:
        with zipfile.ZipFile(archive) as bundle:
            names = bundle.namelist()
            for name in names:
                parts = PurePosixPath(name).parts
                if name.startswith("/") or ".." in parts or "\\" in name:
                    return None, [f"{label}: member {name!r} would be written outside the package"]
            tops = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
            if DESCRIPTOR in names:
                prefix = ""
            elif len(tops) == 1 and f"{next(iter(tops))}/{DESCRIPTOR}" in names:
                prefix = next(iter(tops)) + "/"
            else:
                return None, [f"{label}: no {DESCRIPTOR} at the top of the zip (not a package zip)"]
            bundle.extractall(into)
    except (zipfile.BadZipFile, OSError) as exc:
        return None, [f"{label}: not a readable zip file ({exc})"]
    return into / prefix, []


def validate_path(path: Path, progress: Progress = no_progress) -> list[str]:
    """Problems found in ``path``: a data root (``catalog.json``), one package folder
    (``datapackage.json``) or a package zip; a path that is none of these is one problem."""
    if path.is_dir() and (path / CATALOG_FILE).is_file():
        return validate_tree(path, progress)
    if path.is_dir() and (path / DESCRIPTOR).is_file():
        return validate_package_dir(path, str(path), progress)
    if path.is_file() and (path.suffix.lower() == ".zip" or zipfile.is_zipfile(path)):
        with tempfile.TemporaryDirectory(prefix="econindex-validate-") as tmp:
            progress(f"{path}: extracting")
            directory, problems = unpack_package_zip(path, Path(tmp))
            if directory is None:
                return problems
            return validate_package_dir(directory, str(path), progress)
    if not path.exists():
        return [f"{path}: no such file or directory"]
    return [
        f"{path}: not a data root ({CATALOG_FILE}), a package folder ({DESCRIPTOR}) "
        "or a package zip"
    ]
