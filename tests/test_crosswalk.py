"""The crosswalk O*NET-SOC 2010 -> 2019 -> 2018 SOC: method, build, real data.

Numbers come from hand-worked fixtures (below and in raw_fixtures) or from a plain-Python
recomputation on the real files (``reference_soc2018``), never from the code under test.
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from pathlib import Path

import polars as pl
import pytest

from econindex_api.methods.crosswalk import crosswalk_links, soc2018_shares, usage_exposure
from econindex_api.publishing.errors import RawDataError
from econindex_api.publishing.pipeline import build_all
from econindex_api.publishing.recipes import (
    LABOR_MARKET_IMPACTS,
    ONET_CROSSWALKS,
    RELEASE_2025_02_10,
    RELEASE_2025_03_27,
)
from tests.raw_fixtures import CROSSWALK_FILES, HAND_WORKED, exposure_release, flat_task_release

RELEASE = f"releases/2025-02-10/{RELEASE_2025_02_10.version}"
EXPOSURE = f"releases/labor-market-impacts/{LABOR_MARKET_IMPACTS.version}"

# ---------------------------------------------------------------------------------------------
# The pure method on hand-worked frames.
#
# Split: 2010 A (share 60) -> 2019 A1 and A2 -> 2018 11-0001 and 11-0002: 30 each.
# Merge: 2010 B (30) and C (10) -> 2019 BC -> 2018 11-0003: 40.
# Merge at the second step: 2019 A2 and D1 both -> 2018 11-0002; 2010 D (0) -> D1.
#   11-0001 = 30; 11-0002 = 30 + 0 = 30; 11-0003 = 40. Sum 100.


def _links() -> pl.DataFrame:
    first = pl.DataFrame(
        {
            "onet_soc_2010_code": [
                "11-0000.01",
                "11-0000.01",
                "11-0000.02",
                "11-0000.03",
                "11-0000.04",
            ],
            "onet_soc_2010_title": ["A", "A", "B", "C", "D"],
            "onet_soc_2019_code": [
                "11-0001.00",
                "11-0002.00",
                "11-0003.00",
                "11-0003.00",
                "11-0002.01",
            ],
            "onet_soc_2019_title": ["A1", "A2", "BC", "BC", "D1"],
        }
    )
    second = pl.DataFrame(
        {
            "onet_soc_2019_code": ["11-0001.00", "11-0002.00", "11-0003.00", "11-0002.01"],
            "soc_2018_code": ["11-0001", "11-0002", "11-0003", "11-0002"],
            "soc_2018_title": ["One", "Two", "Three", "Two"],
        }
    )
    return crosswalk_links(first, second)


def test_split_divides_equally_and_merge_adds() -> None:
    links = _links()
    split = links.filter(pl.col("onet_soc_2010_code") == "11-0000.01")
    assert split["targets_2019_count"].to_list() == [2, 2]
    assert split["allocation_fraction"].to_list() == [0.5, 0.5]
    merged = links.filter(pl.col("onet_soc_2019_code") == "11-0003.00")
    assert merged["sources_2010_count"].to_list() == [2, 2]
    shares = pl.DataFrame(
        {
            "onet_soc_code": ["11-0000.01", "11-0000.02", "11-0000.03", "11-0000.04"],
            "share_pct": [60.0, 30.0, 10.0, 0.0],
        }
    )
    out = soc2018_shares(shares, links)
    assert out["soc_2018_code"].to_list() == ["11-0001", "11-0002", "11-0003"]
    assert out["share_pct"].to_list() == [30.0, 30.0, 40.0]
    assert math.fsum(out["share_pct"].to_list()) == 100.0
    assert out["onet_soc_2010_codes"].to_list() == [
        "11-0000.01",
        "11-0000.01,11-0000.04",
        "11-0000.02,11-0000.03",
    ]
    assert out["onet_soc_2019_codes"].to_list() == [
        "11-0001.00",
        "11-0002.00,11-0002.01",
        "11-0003.00",
    ]
    assert out["source_occupations"].to_list() == [1, 2, 2]
    assert out["split_source_occupations"].to_list() == [1, 1, 0]


def test_usage_next_to_exposure_keeps_both_sides_and_counts_the_unpartnered() -> None:
    usage = pl.DataFrame(
        {
            "soc_2018_code": ["11-0001", "11-0002", "11-0003"],
            "soc_2018_title": ["One", "Two", "Three"],
            "share_pct": [30.0, 30.0, 40.0],
            "onet_soc_2010_codes": ["a", "b", "c"],
        }
    )
    exposure = pl.DataFrame(
        {
            "soc_2018_code": ["11-0002", "11-0003", "11-0009"],
            "title": ["Two", "Three", "Nine"],
            "observed_exposure_fraction": [0.5, 0.25, 0.75],
        }
    )
    joined, coverage = usage_exposure(usage, exposure)
    assert joined["soc_2018_code"].to_list() == ["11-0001", "11-0002", "11-0003", "11-0009"]
    assert joined["share_pct"].to_list() == [30.0, 30.0, 40.0, None]
    assert joined["observed_exposure_fraction"].to_list() == [None, 0.5, 0.25, 0.75]
    assert joined["title"].to_list() == ["One", "Two", "Three", "Nine"]
    assert (coverage.usage.occupations, coverage.usage.unmatched_occupations) == (3, 1)
    assert coverage.usage.unmatched_codes == ("11-0001",)
    assert coverage.usage.unmatched_share_pct == 30.0
    assert (coverage.exposure.occupations, coverage.exposure.unmatched_occupations) == (3, 1)
    assert coverage.exposure.unmatched_codes == ("11-0009",)
    assert (coverage.matched_occupations, coverage.matched_share_pct) == (2, 70.0)
    assert coverage.matched_zero_share_occupations == 0


# ---------------------------------------------------------------------------------------------
# The build on the hand-worked raw fixture (raw_fixtures.CROSSWALK_FILES).


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("crosswalk-fixture")
    raw, out = base / "raw", base / "out"
    build_all(raw, out, recipes=[flat_task_release(raw), exposure_release(raw)])
    return out


def _table(root: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(root / RELEASE / "data" / f"{name}.parquet")


def test_fixture_build_rekeys_shares_to_2018_soc(fixture_root: Path) -> None:
    by_soc = _table(fixture_root, "occupation_usage_soc2018")
    shares = dict(zip(by_soc["soc_2018_code"], by_soc["share_pct"], strict=True))
    assert shares == pytest.approx(HAND_WORKED["soc2018_share_pct"], abs=1e-12)
    assert math.fsum(shares.values()) == pytest.approx(100.0, abs=1e-12)
    row = by_soc.filter(pl.col("soc_2018_code") == "15-1253").row(0, named=True)
    assert row["onet_soc_2010_codes"] == "15-1252.00"
    assert row["split_source_occupations"] == 1
    assert row["soc_2018_title"] == "Software Quality Assurance Analysts and Testers"


def test_fixture_crosswalk_table_keeps_every_link(fixture_root: Path) -> None:
    crosswalk = _table(fixture_root, "occupation_crosswalk")
    upstream = list(csv.reader(CROSSWALK_FILES["2010_to_2019_Crosswalk.csv"].splitlines()))[1:]
    assert crosswalk.height == len(upstream)
    merged = crosswalk.filter(pl.col("onet_soc_2019_code") == "11-1011.00")
    assert merged["onet_soc_2010_code"].to_list() == ["11-1011.00", "11-1011.03"]
    assert merged["sources_2010_count"].to_list() == [2, 2]
    assert merged["in_release"].to_list() == [True, False]  # 11-1011.03 has no tasks here


def test_fixture_descriptor_lists_the_pinned_crosswalks(fixture_root: Path) -> None:
    descriptor = json.loads((fixture_root / RELEASE / "datapackage.json").read_text())
    paths = [source["path"] for source in descriptor["sources"]]
    assert "onet/2010_to_2019_Crosswalk.csv" in paths
    assert "onet/2019_to_SOC_Crosswalk.csv" in paths
    fields = {
        resource["name"]: {f["name"]: f["description"] for f in resource["schema"]["fields"]}
        for resource in descriptor["resources"]
        if "schema" in resource  # the tables; their Parquet twins are files (schema inside)
    }
    assert "O*NET-SOC 2010" in fields["occupation_usage"]["onet_soc_code"]
    assert "2018 SOC" in fields["occupation_usage_soc2018"]["soc_2018_code"]


def test_usage_occupation_missing_from_the_crosswalk_stops_the_build(tmp_path: Path) -> None:
    lines = CROSSWALK_FILES["2010_to_2019_Crosswalk.csv"].splitlines(keepends=True)
    without_actors = "".join(line for line in lines if not line.startswith("27-2011.00"))
    recipe = flat_task_release(
        tmp_path / "raw", crosswalk={"2010_to_2019_Crosswalk.csv": without_actors}
    )
    with pytest.raises(RawDataError, match=r"27-2011\.00") as caught:
        build_all(tmp_path / "raw", tmp_path / "out", recipes=[recipe])
    assert caught.value.file == "onet/2010_to_2019_Crosswalk.csv"
    assert not (tmp_path / "out" / "catalog.json").exists()


def test_2019_code_without_2018_soc_code_stops_the_build(tmp_path: Path) -> None:
    lines = CROSSWALK_FILES["2019_to_SOC_Crosswalk.csv"].splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith("15-1253.00"))
    recipe = flat_task_release(tmp_path / "raw", crosswalk={"2019_to_SOC_Crosswalk.csv": text})
    with pytest.raises(RawDataError, match=r"15-1253\.00 .*has no 2018 SOC code"):
        build_all(tmp_path / "raw", tmp_path / "out", recipes=[recipe])


def test_missing_onet_folder_names_the_option(tmp_path: Path) -> None:
    recipe = flat_task_release(tmp_path / "raw")
    with pytest.raises(RawDataError, match="--onet DIR") as caught:
        build_all(tmp_path / "raw", tmp_path / "out", recipes=[recipe], onet_root=tmp_path / "none")
    assert caught.value.file == "onet/2010_to_2019_Crosswalk.csv"


def test_changed_crosswalk_file_is_refused_by_its_pin(tmp_path: Path) -> None:
    recipe = flat_task_release(tmp_path / "raw")
    target = tmp_path / "onet" / "2019_to_SOC_Crosswalk.csv"
    target.write_text(target.read_text() + "\n")
    with pytest.raises(RawDataError, match="sha256 is") as caught:
        build_all(tmp_path / "raw", tmp_path / "out", recipes=[recipe])
    assert caught.value.file == "onet/2019_to_SOC_Crosswalk.csv"


# ---------------------------------------------------------------------------------------------
# The real data: an independent plain-Python recomputation from the raw files.


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def reference_occupation_shares(raw_dir: Path, usage_file: str) -> dict[str, float]:
    """docs/methods.md (share of conversations) in plain Python: per O*NET-SOC 2010 code."""
    usage = {r["task_name"].strip().lower(): float(r["pct"]) for r in _rows(raw_dir / usage_file)}
    titles: dict[str, set[str]] = defaultdict(set)
    pairs: set[tuple[str, str]] = set()
    codes: set[str] = set()
    for row in _rows(raw_dir / "onet_task_statements.csv"):
        key = row["Task"].strip().lower()
        titles[key].add(row["Title"])
        pairs.add((key, row["O*NET-SOC Code"]))
        codes.add(row["O*NET-SOC Code"])
    weights: dict[str, list[float]] = defaultdict(list)
    for key, code in pairs:
        if key in usage:
            weights[code].append(usage[key] / len(titles[key]))
    total = math.fsum(w for ws in weights.values() for w in ws)
    return {code: math.fsum(weights.get(code, [])) * 100.0 / total for code in codes}


def reference_soc2018(onet_dir: Path, shares: dict[str, float]) -> dict[str, float]:
    """Equal split over the 2019 targets, then sum per 2018 SOC code, in plain Python."""
    targets: dict[str, list[str]] = defaultdict(list)
    for row in _rows(onet_dir / "2010_to_2019_Crosswalk.csv"):
        targets[row["O*NET-SOC 2010 Code"]].append(row["O*NET-SOC 2019 Code"])
    soc = {
        r["O*NET-SOC 2019 Code"]: r["2018 SOC Code"]
        for r in _rows(onet_dir / "2019_to_SOC_Crosswalk.csv")
    }
    parts: dict[str, list[float]] = defaultdict(list)
    for code, share in shares.items():
        for target in targets[code]:
            parts[soc[target]].append(share / len(targets[code]))
    return {code: math.fsum(values) for code, values in parts.items()}


@pytest.fixture(scope="module")
def onet_dir(raw_root: Path) -> Path:
    return raw_root.parent / "onet"


# Both usage releases of 2025 (same O*NET-SOC 2010 statements): raw folder, usage file.
USAGE_RELEASES = {
    "2025-02-10": ("release_2025_02_10", "onet_task_mappings.csv", RELEASE_2025_02_10.version),
    "2025-03-27": ("release_2025_03_27", "task_pct_v2.csv", RELEASE_2025_03_27.version),
}


@pytest.fixture(scope="module", params=sorted(USAGE_RELEASES))
def release(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


@pytest.fixture(scope="module")
def real_reference(raw_root: Path, onet_dir: Path, release: str) -> dict[str, float]:
    folder, usage_file, _ = USAGE_RELEASES[release]
    shares = reference_occupation_shares(raw_root / folder, usage_file)
    return reference_soc2018(onet_dir, shares)


def _release_table(root: Path, release: str, name: str) -> pl.DataFrame:
    version = USAGE_RELEASES[release][2]
    return pl.read_parquet(root / "releases" / release / version / "data" / f"{name}.parquet")


def test_real_known_cases(published_root: Path, release: str) -> None:
    crosswalk = _release_table(published_root, release, "occupation_crosswalk")

    def reached(code: str) -> list[str]:
        rows = crosswalk.filter(pl.col("onet_soc_2010_code") == code).sort("soc_2018_code")
        return rows["soc_2018_code"].to_list()

    assert reached("15-1132.00") == ["15-1252", "15-1253"]
    assert reached("15-1131.00") == ["15-1251"]
    occupations = _release_table(published_root, release, "occupations")
    title = occupations.filter(pl.col("onet_soc_code") == "15-1132.00")["title"].item()
    assert title == "Software Developers, Applications"  # the 2010 title, from the statements


def test_real_crosswalk_table_is_the_upstream_file(
    published_root: Path, raw_root: Path, onet_dir: Path
) -> None:
    crosswalk = _table(published_root, "occupation_crosswalk")
    upstream = _rows(onet_dir / "2010_to_2019_Crosswalk.csv")
    assert crosswalk.height == len(upstream) == 1164
    splits = defaultdict(set)
    for row in upstream:
        splits[row["O*NET-SOC 2010 Code"]].add(row["O*NET-SOC 2019 Code"])
    statement_codes = {
        r["O*NET-SOC Code"] for r in _rows(raw_root / "release_2025_02_10/onet_task_statements.csv")
    }
    used = crosswalk.filter(pl.col("in_release"))
    assert set(used["onet_soc_2010_code"].to_list()) == statement_codes
    split_in_release = {c for c in statement_codes if len(splits[c]) > 1}
    assert len(split_in_release) == 22  # ../shared/onet/README.md
    assert (
        set(used.filter(pl.col("targets_2019_count") > 1)["onet_soc_2010_code"].to_list())
        == split_in_release
    )


def test_real_soc2018_shares_match_plain_python(
    published_root: Path, release: str, real_reference: dict[str, float]
) -> None:
    by_soc = _release_table(published_root, release, "occupation_usage_soc2018")
    served = dict(zip(by_soc["soc_2018_code"], by_soc["share_pct"], strict=True))
    assert math.fsum(served.values()) == pytest.approx(100.0, abs=1e-9)
    assert set(served) == set(real_reference)
    for code in ("15-1252", "15-1253", "15-1251", "11-1011", "27-3043", "43-9111"):
        assert served[code] == pytest.approx(real_reference[code], abs=1e-9), code
    assert served == pytest.approx(real_reference, abs=1e-9)


def reference_coverage(raw_root: Path, soc_shares: dict[str, float]) -> dict[str, object]:
    exposure = {r["occ_code"] for r in _rows(raw_root / "labor_market_impacts/job_exposure.csv")}
    usage_only = sorted(set(soc_shares) - exposure)
    both = set(soc_shares) & exposure
    return {
        "usage_occupations": len(soc_shares),
        "usage_without_exposure": len(usage_only),
        "usage_without_exposure_share_pct": math.fsum(soc_shares[c] for c in usage_only),
        "exposure_occupations": len(exposure),
        "exposure_without_usage": len(exposure - set(soc_shares)),
        "matched_zero_share": sum(1 for c in both if soc_shares[c] == 0),
    }


def test_real_join_coverage_matches_plain_python(
    published_root: Path, raw_root: Path, release: str, real_reference: dict[str, float]
) -> None:
    expected = reference_coverage(raw_root, real_reference)
    usage = _release_table(published_root, release, "occupation_usage_soc2018")
    exposure = pl.read_parquet(published_root / EXPOSURE / "data" / "job_exposure.parquet")
    joined, coverage = usage_exposure(usage, exposure)
    assert coverage.usage.occupations == expected["usage_occupations"]
    assert coverage.usage.unmatched_occupations == expected["usage_without_exposure"]
    assert coverage.usage.unmatched_share_pct == pytest.approx(
        expected["usage_without_exposure_share_pct"], abs=1e-9
    )
    assert coverage.exposure.occupations == expected["exposure_occupations"] == 756
    assert coverage.exposure.unmatched_occupations == expected["exposure_without_usage"] == 0
    assert joined.height == coverage.usage.occupations + coverage.exposure.unmatched_occupations
    assert coverage.matched_zero_share_occupations == expected["matched_zero_share"]


def test_recipes_pin_the_files_of_the_onet_folder(onet_dir: Path) -> None:
    sums = dict(
        reversed(line.split()) for line in (onet_dir / "SHA256SUMS").read_text().splitlines()
    )
    assert {source.name: source.sha256 for source in ONET_CROSSWALKS} == sums
