"""Every built package passes the tools researchers already have, run the way they run them.

- the stock ``frictionless validate datapackage.json`` (frictionless-py from PyPI, its own CLI,
  run inside the package directory) says VALID for every resource of every package, and
  INVALID once one byte of a Parquet file is flipped;
- each package carries README.md, CODEBOOK.md, METHODS.md, CITATION.* and croissant.json
  beside datapackage.json, and package.zip holds every file of the package;
- ``mlcroissant validate`` reports no error and ``mlcroissant load`` reads records;
- ``cffconvert --validate`` accepts the repository's CITATION.cff;
- version directories are 0755 and files 0644;
- the Parquet files carry the table schema (descriptions, units, required) in their metadata.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from econindex_api.publishing.recipes import recipe_for
from tests.conftest import REPO

BIN = Path(sys.executable).parent
EXTRAS = (
    "README.md",
    "CODEBOOK.md",
    "METHODS.md",
    "CITATION.bib",
    "CITATION.ris",
    "CITATION.json",
    "croissant.json",
)


def version_dir(root: Path, release: str) -> Path:
    """The published directory of a release's version as its recipe names it."""
    return root / "releases" / release / recipe_for(release).version


def package_dirs(root: Path) -> list[Path]:
    found = sorted(p.parent for p in (root / "releases").glob("*/*/datapackage.json"))
    assert found, f"no package under {root}"
    return found


def stock_frictionless(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "frictionless"), "validate", "--json", "datapackage.json"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_stock_frictionless_cli_says_valid_for_every_package(published_root: Path) -> None:
    for directory in package_dirs(published_root):
        result = stock_frictionless(directory)
        report = json.loads(result.stdout)
        assert result.returncode == 0, (directory, result.stdout[:3000])
        assert report["valid"] is True
        descriptor = json.loads((directory / "datapackage.json").read_text())
        # Every resource was checked (the tasks), CSV as tables, Parquet as files.
        tasks = {task["name"]: task for task in report["tasks"]}
        assert set(tasks) == {r["name"] for r in descriptor["resources"]}
        for resource in descriptor["resources"]:
            task = tasks[resource["name"]]
            assert task["valid"] is True
            assert task["type"] == ("table" if resource["format"] == "csv" else "file")
        # The plain (human) output says VALID on every line and never INVALID.
        plain = subprocess.run(
            [str(BIN / "frictionless"), "validate", "datapackage.json"],
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert plain.returncode == 0
        assert "INVALID" not in plain.stdout
        assert plain.stdout.count("VALID") == len(descriptor["resources"])


def test_stock_frictionless_cli_catches_a_flipped_parquet_byte(
    published_root: Path, tmp_path: Path
) -> None:
    source = version_dir(published_root, "labor-market-impacts")
    copy = tmp_path / "package"
    shutil.copytree(source, copy)
    target = copy / "data" / "job_exposure.parquet"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    result = stock_frictionless(copy)
    report = json.loads(result.stdout)
    assert result.returncode != 0
    assert report["valid"] is False
    failed = {t["name"]: t for t in report["tasks"] if not t["valid"]}
    assert list(failed) == ["job_exposure-parquet"]
    assert [e["type"] for e in failed["job_exposure-parquet"]["errors"]] == ["hash-count"]


def test_stock_frictionless_cli_catches_a_changed_csv_value(
    published_root: Path, tmp_path: Path
) -> None:
    source = version_dir(published_root, "labor-market-impacts")
    copy = tmp_path / "package"
    shutil.copytree(source, copy)
    descriptor = json.loads((copy / "datapackage.json").read_text())
    # A value out of range, with bytes and hash updated: only the schema check can catch it.
    path = copy / "data" / "job_exposure.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[1][rows[0].index("observed_exposure_fraction")] = "1.5"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    import hashlib

    for resource in descriptor["resources"]:
        if resource["name"] == "job_exposure":
            resource["bytes"] = path.stat().st_size
            resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    (copy / "datapackage.json").write_text(json.dumps(descriptor))
    report = json.loads(stock_frictionless(copy).stdout)
    errors = [e["type"] for t in report["tasks"] for e in t["errors"]]
    assert errors == ["constraint-error"]


def test_package_files_modes_and_zip(published_root: Path) -> None:
    for directory in package_dirs(published_root):
        for name in EXTRAS:
            assert (directory / name).is_file(), (directory, name)
        for level in (directory, directory.parent, directory.parent.parent):  # version, id
            assert stat.S_IMODE(level.stat().st_mode) == 0o755, level
        assert stat.S_IMODE((directory / "data").stat().st_mode) == 0o755
        for path in directory.rglob("*"):
            if path.is_file():
                assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
        on_disk = sorted(
            str(p.relative_to(directory))
            for p in directory.rglob("*")
            if p.is_file() and p.name != "package.zip"
        )
        with zipfile.ZipFile(directory / "package.zip") as archive:
            assert sorted(archive.namelist()) == on_disk
            for name in on_disk:
                assert archive.read(name) == (directory / name).read_bytes(), name
    catalog = published_root / "catalog.json"
    assert stat.S_IMODE(catalog.stat().st_mode) == 0o644


def test_readme_codebook_and_methods_describe_the_package(published_root: Path) -> None:
    directory = version_dir(published_root, "2025-02-10")
    package_sha = __import__("hashlib").sha256((directory / "datapackage.json").read_bytes())
    readme = (directory / "README.md").read_text()
    assert package_sha.hexdigest() in readme
    assert "CC-BY-4.0" in readme and "frictionless validate datapackage.json" in readme
    codebook = (directory / "CODEBOOK.md").read_text()
    assert "## occupation_usage" in codebook
    assert "| `share_pct` | number | percent (0-100) | yes |" in codebook
    methods = (directory / "METHODS.md").read_text()
    assert methods == (REPO / "docs" / "methods.md").read_text()
    descriptor_text = (directory / "datapackage.json").read_text()
    assert "GUIDE" not in descriptor_text
    assert "METHODS.md" in descriptor_text


def test_parquet_schema_metadata_carries_descriptions_units_required(
    published_root: Path,
) -> None:
    path = version_dir(published_root, "2025-02-10") / "data" / "occupations.parquet"
    schema = pq.read_schema(path)
    wage = schema.field("median_wage_usd")
    assert wage.metadata[b"unit"] == b"US dollars per year"
    assert wage.metadata[b"required"] == b"false" and wage.nullable
    code = schema.field("onet_soc_code")
    assert code.metadata[b"required"] == b"true" and not code.nullable
    assert b"O*NET-SOC" in code.metadata[b"description"]
    table = json.loads(schema.metadata[b"frictionless:table"])
    descriptor = json.loads((path.parent.parent / "datapackage.json").read_text())
    (csv_resource,) = (r for r in descriptor["resources"] if r["name"] == "occupations")
    assert table["schema"] == csv_resource["schema"]


def test_mlcroissant_validates_and_loads_the_package_croissant(
    published_root: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "CROISSANT_CACHE": str(tmp_path / "cache")}
    for directory in package_dirs(published_root):
        result = subprocess.run(
            [str(BIN / "mlcroissant"), "validate", "--jsonld", "croissant.json"],
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert "error" not in result.stderr.lower(), result.stderr[-3000:]
        assert "WARNING" not in result.stderr, result.stderr[-3000:]
    directory = version_dir(published_root, "labor-market-impacts")
    loaded = subprocess.run(
        [
            str(BIN / "mlcroissant"),
            "load",
            "--jsonld",
            "croissant.json",
            "--record_set",
            "job_exposure",
            "--num_records",
            "2",
        ],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    first = next(csv.DictReader((directory / "data" / "job_exposure.csv").open()))
    assert f"'job_exposure/soc_2018_code': b'{first['soc_2018_code']}'" in loaded.stdout


def cffconvert() -> str:
    """cffconvert pins jsonschema<4 (frictionless needs >=4), so it lives in its own venv,
    made by scripts/test at .tools/cffconvert; ECONINDEX_CFFCONVERT or PATH also work."""
    candidates = [
        os.environ.get("ECONINDEX_CFFCONVERT", ""),
        str(REPO / ".tools" / "cffconvert" / "bin" / "cffconvert"),
        shutil.which("cffconvert") or "",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail("cffconvert not found: run scripts/test (it makes .tools/cffconvert)")


def test_citation_cff_is_valid() -> None:
    result = subprocess.run(
        [cffconvert(), "--validate", "--infile", str(REPO / "CITATION.cff")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in (result.stdout + result.stderr).lower()
