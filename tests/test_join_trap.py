"""No two published columns share a name while holding different taxonomies (issue 22 §2).

Until the data packages' 2.0.0, ``occupations.soc_code`` (SOC 2010) and
``job_exposure.soc_code`` (2018 SOC) shared a name, and a join on it kept 53 % of the share.
2.0.0 renamed them; the old versions stay buildable byte for byte. The checks read the
published descriptors and CSV files with the json and csv modules, and the expected package
hashes of the old versions are those published before the rename (built at commit 1c2dda2,
the last commit with the old specs, with ``econindex build --release R``).
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from econindex_api.publishing.publish import read_catalog
from econindex_api.server.data_source import open_data_source
from econindex_api.server.store import load_release
from tests.conftest import REPO

# The package sha256 of the versions published before 2.0.0 (their catalog entries).
OLD_VERSIONS = {
    ("2025-02-10", "1.1.0"): "e9081dd325655cf21ea82f4bb52baa21364fcbd63a5e77bce9a08070181b98b5",
    (
        "labor-market-impacts",
        "1.0.1",
    ): "2c55b650d60b9a36f1ee9a444cc8eb3003288035e7366dbc6c04441c733306e0",
}

# The taxonomies a code column can hold, as the descriptions name them.
TAXONOMY = re.compile(r"O\*NET-SOC 2010|O\*NET-SOC 2019|SOC 2010|2018 SOC")


def current_descriptors(root: Path) -> dict[str, dict[str, object]]:
    catalog = json.loads((root / "catalog.json").read_text())
    found = {}
    for release in catalog["releases"]:
        newest = release["versions"][-1]  # oldest first
        found[release["id"]] = json.loads((root / newest["path"] / "datapackage.json").read_text())
    return found


def code_columns(descriptors: dict[str, dict[str, object]]) -> dict[str, set[str]]:
    """Every published column whose name ends in ``code`` -> the taxonomies its descriptions
    name first, over every table of every release."""
    seen: dict[str, set[str]] = {}
    for descriptor in descriptors.values():
        for resource in descriptor["resources"]:  # type: ignore[attr-defined]
            for field in resource.get("schema", {}).get("fields", []):
                if not field["name"].endswith("code"):
                    continue
                named = TAXONOMY.search(field.get("description", ""))
                seen.setdefault(field["name"], set()).add(named.group(0) if named else "")
    return seen


def test_no_column_name_holds_two_taxonomies(published_root: Path) -> None:
    descriptors = current_descriptors(published_root)
    assert {"2025-02-10", "2025-03-27", "labor-market-impacts"} <= set(descriptors)
    columns = code_columns(descriptors)
    assert "soc_code" not in columns
    two = {name: names for name, names in columns.items() if len(names - {""}) > 1}
    assert two == {}
    assert columns["soc_2010_code"] == {"SOC 2010"}
    assert columns["soc_2018_code"] == {"2018 SOC"}

    # The trap itself: the usage occupations and the exposure occupations share no code column.
    def header(release: str, table: str) -> list[str]:
        path = published_root / f"releases/{release}/2.0.0/data/{table}.csv"
        with path.open(newline="") as handle:
            return next(csv.reader(handle))

    shared = set(header("2025-02-10", "occupations")) & set(
        header("labor-market-impacts", "job_exposure")
    )
    assert {c for c in shared if c.endswith("code")} == {"major_group_code"}


def build(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    raw = REPO.parent / "shared" / "aei"
    command = [sys.executable, "-m", "econindex_api.cli", "build", "--raw", str(raw)]
    return subprocess.run(
        [*command, "--out", str(out), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize(("release", "version"), sorted(OLD_VERSIONS))
def test_an_old_version_rebuilds_byte_for_byte_beside_2_0_0(
    release: str, version: str, tmp_path: Path, published_root: Path
) -> None:
    done = build(tmp_path, "--release", release, "--version", version)
    assert done.returncode == 0, done.stderr
    catalog = json.loads((tmp_path / "catalog.json").read_text())
    entry = next(r for r in catalog["releases"] if r["id"] == release)
    assert [v["version"] for v in entry["versions"]] == [version]
    assert entry["versions"][0]["package_sha256"] == OLD_VERSIONS[(release, version)]
    # Same rows and values as 2.0.0: only the one column's name differs.
    table, new = {
        "2025-02-10": ("occupations", "soc_2010_code"),
        "labor-market-impacts": ("job_exposure", "soc_2018_code"),
    }[release]
    old_rows = rows(tmp_path / f"releases/{release}/{version}/data/{table}.csv")
    new_rows = rows(published_root / f"releases/{release}/2.0.0/data/{table}.csv")
    assert old_rows[1:] == new_rows[1:]
    assert [c if c != "soc_code" else new for c in old_rows[0]] == new_rows[0]
    assert "soc_code" in old_rows[0]
    # A server over a data root holding only the old version says what to do (not a 500).
    state = load_release(open_data_source(str(tmp_path)), read_catalog(tmp_path).releases[0])
    assert state.views is None
    assert state.load_error == (
        f"version {version} names {table}.{new} 'soc_code', as builds did before the rename "
        "of data packages 2.0.0 (CHANGELOG); this server reads the new names: run 'econindex "
        "build' on this data root to add the current version"
    )


def test_build_version_errors_name_the_versions(tmp_path: Path) -> None:
    unknown = build(tmp_path, "--release", "labor-market-impacts", "--version", "9.9.9")
    assert unknown.returncode == 1
    assert "release labor-market-impacts has no version 9.9.9 (its versions: 1.0.1, 2.0.0)" in (
        unknown.stderr
    )
    alone = build(tmp_path, "--version", "1.0.1")
    assert alone.returncode == 1
    assert "--version needs --release" in alone.stderr
    assert not (tmp_path / "catalog.json").exists()
