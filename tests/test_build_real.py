"""The real releases: derived tables against a second, plain-Python implementation.

The reference below reads the raw CSV files with the csv module and follows docs/methods.md
with dictionaries and loops; it shares no code with econindex_api.
"""

from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from econindex_api.publishing.pipeline import build_all
from econindex_api.publishing.recipes import (
    LABOR_MARKET_IMPACTS,
    RELEASE_2025_02_10,
    RELEASE_2025_03_27,
)

RELEASE = f"releases/2025-02-10/{RELEASE_2025_02_10.version}"
EXPOSURE = f"releases/labor-market-impacts/{LABOR_MARKET_IMPACTS.version}"
MARCH = f"releases/2025-03-27/{RELEASE_2025_03_27.version}"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class Reference:
    """docs/methods.md, written out by hand."""

    def __init__(self, raw: Path) -> None:
        folder = raw / "release_2025_02_10"
        usage = {r["task_name"]: float(r["pct"]) for r in rows(folder / "onet_task_mappings.csv")}
        statements = rows(folder / "onet_task_statements.csv")
        titles_per_key: dict[str, set[str]] = defaultdict(set)
        codes_per_key: dict[str, set[str]] = defaultdict(set)
        keys_per_code: dict[str, set[str]] = defaultdict(set)
        for s in statements:
            key = s["Task"].lower().strip()
            titles_per_key[key].add(s["Title"])
            codes_per_key[key].add(s["O*NET-SOC Code"])
            keys_per_code[s["O*NET-SOC Code"]].add(key)
        weights: dict[str, float] = defaultdict(float)
        matched_total = 0.0
        self.unmatched = {k: v for k, v in usage.items() if k not in titles_per_key}
        for key, pct in usage.items():
            if key not in titles_per_key:
                continue
            for code in codes_per_key[key]:
                weight = pct / len(titles_per_key[key])
                weights[code] += weight
                matched_total += weight
        self.occupation_share = {
            code: weights.get(code, 0.0) * 100 / matched_total for code in keys_per_code
        }
        self.fraction = {
            code: sum(1 for k in keys if k in usage) / len(keys)
            for code, keys in keys_per_code.items()
        }
        self.category_share: dict[str, float] = defaultdict(float)
        for code, share in self.occupation_share.items():
            self.category_share[code[:2]] += share
        employment = {
            r["SOC or O*NET-SOC 2019 Title"]: int(r["bls_distribution"])
            for r in rows(folder / "bls_employment_may_2023.csv")
        }
        total = sum(employment.values())
        major_titles = {
            r["Major Group"][:2]: r["SOC or O*NET-SOC 2019 Title"]
            for r in rows(folder / "SOC_Structure.csv")
            if r["Major Group"]
        }
        self.workforce = {
            group: employment[title] * 100 / total
            for group, title in major_titles.items()
            if title in employment
        }
        modes = {
            r["interaction_type"]: float(r["pct"])
            for r in rows(folder / "automation_vs_augmentation.csv")
        }
        with_mode = sum(v for k, v in modes.items() if k != "none")
        self.automation = (modes["directive"] + modes["feedback loop"]) * 100 / with_mode
        self.augmentation = (
            (modes["task iteration"] + modes["learning"] + modes["validation"]) * 100 / with_mode
        )
        self.wages = {
            r["SOCcode"]: float(r["MedianSalary"]) for r in rows(folder / "wage_data.csv")
        }


@pytest.fixture(scope="module")
def reference(raw_root: Path) -> Reference:
    return Reference(raw_root)


def published(root: Path, release: str, name: str) -> pl.DataFrame:
    return pl.read_csv(root / release / "data" / f"{name}.csv", infer_schema_length=None)


def test_occupation_shares_match_reference(published_root: Path, reference: Reference) -> None:
    usage = published(published_root, RELEASE, "occupation_usage")
    assert usage.height == len(reference.occupation_share) == 974
    for code, share, fraction in usage.select(
        "onet_soc_code", "share_pct", "tasks_with_usage_fraction"
    ).iter_rows():
        assert share == pytest.approx(reference.occupation_share[code], abs=1e-9), code
        assert fraction == pytest.approx(reference.fraction[code], abs=1e-12), code
    assert math.fsum(usage["share_pct"].to_list()) == pytest.approx(100.0, abs=1e-9)


def test_category_and_workforce_shares_match_reference(
    published_root: Path, reference: Reference
) -> None:
    categories = published(published_root, RELEASE, "category_usage")
    for code, share, workforce in categories.select(
        "major_group_code", "share_pct", "workforce_pct"
    ).iter_rows():
        assert share == pytest.approx(reference.category_share.get(code[:2], 0.0), abs=1e-9)
        if code.startswith("55"):
            assert workforce is None  # BLS OEWS has no military employment
        else:
            assert workforce == pytest.approx(reference.workforce[code[:2]], abs=1e-9)
    # Computer and Mathematical Occupations: the headline figure of the first report (37.2%).
    computer = categories.filter(pl.col("major_group_code") == "15-0000")["share_pct"][0]
    assert round(computer, 1) == 37.2


def test_unmatched_usage_is_reported(published_root: Path, reference: Reference) -> None:
    descriptor = json.loads((published_root / RELEASE / "datapackage.json").read_text())
    report = descriptor["econindex"]["build_report"]
    assert report["unmatched_usage_tasks"] == len(reference.unmatched) == 1
    assert report["unmatched_usage_share_pct"] == pytest.approx(sum(reference.unmatched.values()))
    task_usage = published(published_root, RELEASE, "task_usage")
    assert task_usage.filter(~pl.col("matched"))["task_key"].to_list() == list(reference.unmatched)


def test_interaction_split_matches_reference(published_root: Path, reference: Reference) -> None:
    split = published(published_root, RELEASE, "interaction_split")
    values = dict(split.select("category", "share_pct").iter_rows())
    assert values["automation"] == pytest.approx(reference.automation, abs=1e-12)
    assert values["augmentation"] == pytest.approx(reference.augmentation, abs=1e-12)


def test_wages_match_reference(published_root: Path, reference: Reference) -> None:
    occupations = published(published_root, RELEASE, "occupations")
    hourly = occupations.filter(pl.col("wage_basis") == "hourly_annualized")
    assert hourly.height == 6
    for code, wage in hourly.select("onet_soc_code", "median_wage_usd").iter_rows():
        assert reference.wages[code] < 100
        assert wage == pytest.approx(reference.wages[code] * 2080)
    annual = occupations.filter(pl.col("wage_basis") == "annual")
    for code, wage in annual.select("onet_soc_code", "median_wage_usd").iter_rows():
        assert wage == reference.wages[code]


def test_exposure_tables(published_root: Path, raw_root: Path) -> None:
    raw_tasks = rows(raw_root / "labor_market_impacts" / "task_penetration.csv")
    distinct = {(r["task"], float(r["penetration"])) for r in raw_tasks}
    tasks = published(published_root, EXPOSURE, "task_penetration")
    assert tasks.height == len(distinct) == len(raw_tasks) - 6
    assert set(tasks.select("statement", "penetration_fraction").iter_rows()) == distinct
    jobs = published(published_root, EXPOSURE, "job_exposure")
    raw_jobs = rows(raw_root / "labor_market_impacts" / "job_exposure.csv")
    assert dict(jobs.select("soc_2018_code", "observed_exposure_fraction").iter_rows()) == {
        r["occ_code"]: float(r["observed_exposure"]) for r in raw_jobs
    }


def test_csv_and_parquet_hold_the_same_rows(published_root: Path) -> None:
    for release in (RELEASE, MARCH, EXPOSURE):
        for parquet in sorted((published_root / release / "data").glob("*.parquet")):
            from_parquet = pl.read_parquet(parquet)
            from_csv = pl.read_csv(parquet.with_suffix(".csv"), schema=from_parquet.schema)
            assert from_csv.equals(from_parquet, null_equal=True), parquet.name


def test_rebuild_gives_identical_hashes(
    raw_root: Path, published_root: Path, tmp_path: Path
) -> None:
    results = build_all(raw_root, tmp_path / "again")
    original = json.loads((published_root / "catalog.json").read_text())
    again = json.loads((tmp_path / "again" / "catalog.json").read_text())
    assert again == original
    for release in (RELEASE, MARCH, EXPOSURE):
        for name in ("datapackage.json", "package.zip"):
            assert (tmp_path / "again" / release / name).read_bytes() == (
                published_root / release / name
            ).read_bytes()
    assert {r.outcome for r in results} == {"published"}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "econindex_api.cli", *args], capture_output=True, text=True
    )


def test_cli_build_releases_validate(raw_root: Path, published_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    built = run_cli("build", "--raw", str(raw_root), "--out", str(out), "--release", "2025-02-10")
    assert built.returncode == 0, built.stderr
    assert "2025-02-10: validating with frictionless" in built.stdout
    assert f"2025-02-10 {RELEASE_2025_02_10.version}: published" in built.stdout
    listed = run_cli("releases", str(out))
    assert listed.returncode == 0
    assert "2025-02-10 (latest)" in listed.stdout and "labor-market" not in listed.stdout
    assert run_cli("validate", str(out)).returncode == 0


def test_validate_names_a_tampered_file(published_root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(published_root, copy)
    target = copy / RELEASE / "data" / "occupation_usage.csv"
    target.write_text(target.read_text().replace("15-1131.00", "15-1131.01", 1))
    removed = copy / EXPOSURE / "data" / "job_exposure.parquet"
    removed.unlink()
    result = run_cli("validate", str(copy))
    assert result.returncode == 1
    assert (
        f"2025-02-10 {RELEASE_2025_02_10.version}: data/occupation_usage.csv has sha256"
        in result.stderr
    )
    assert (
        f"labor-market-impacts {LABOR_MARKET_IMPACTS.version}: data/job_exposure.parquet is missing"
        in result.stderr
    )


def test_frictionless_catches_a_broken_foreign_key(published_root: Path, tmp_path: Path) -> None:
    """The validator really checks keys: a task pointing at an unknown occupation fails."""
    from econindex_api.publishing.validate import frictionless_problems

    copy = tmp_path / "package"
    shutil.copytree(published_root / RELEASE, copy)
    descriptor: dict[str, Any] = json.loads((copy / "datapackage.json").read_text())
    tasks = copy / "data" / "tasks.csv"
    tasks.write_text(tasks.read_text().replace(",11-1011.00,", ",11-1011.99,", 1))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["format"] == "csv"]
    for resource in descriptor["resources"]:
        resource.pop("hash")
        resource.pop("bytes")
    problems = frictionless_problems(copy, descriptor, "copy")
    assert any("foreign-key" in p and "tasks" in p for p in problems), problems
