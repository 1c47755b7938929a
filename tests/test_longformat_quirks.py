"""Hand-written fixtures for every quirk of the first long format (issue 20, section 1).

Each fixture is a few rows whose expected result is worked out by hand in the test. The
reference tables are the real ones of 2025-09-15 (read from ../shared/aei, copied to a
temporary folder).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import msgspec
import polars as pl
import pytest

from econindex_api.catalog import Catalog, ReleaseEntry, VersionEntry, semver_key
from econindex_api.publishing.adapters.long_v1 import build_long_v1
from econindex_api.publishing.errors import BuildError, RawDataError
from econindex_api.publishing.pipeline import (
    as_unpinned,
    choose_revision,
    git_blob_sha1,
    recipes_in,
)
from econindex_api.publishing.recipes import (
    RELEASE_2025_09_15,
    RELEASE_2026_01_15,
    RELEASE_2026_03_24,
    RELEASE_2026_03_24_FIRST,
)
from tests.test_build_longformat import copy_first_report_references

HEADER = (
    "geo_id,geography,date_start,date_end,platform_and_product,facet,level,variable,"
    "cluster_name,value\n"
)
AUG = "2025-08-04,2025-08-11,Claude AI (Free and Pro)"
NOV = "2025-11-13,2025-11-20,Claude AI (Free and Pro)"
API_AUG = "2025-08-04,2025-08-11,1P API"
API_NOV = "2025-11-13,2025-11-20,1P API"

SPLIT = "fix a::b bug::directive"  # a base with '::' in it: split on the last one
SEPTEMBER_CLAUDE = f"""GLOBAL,global,{AUG},onet_task,0,onet_task_pct,write code.,60.0
GLOBAL,global,{AUG},onet_task,0,onet_task_pct,none,30.0
GLOBAL,global,{AUG},onet_task,0,onet_task_pct,not_classified,10.0
GLOBAL,global,{AUG},onet_task::collaboration,0,onet_task_collaboration_pct,{SPLIT},100.0
GLOBAL,global,{AUG},request,1,request_pct,coding,20.0
NA,country,{AUG},country,0,usage_count,,300.0
NA,country,{AUG},country,0,usage_pct,,30.0
CA,country,{AUG},country,0,usage_count,,500.0
CA,country,{AUG},country,0,usage_pct,,50.0
CA,country,{AUG},request,1,request_pct,coding,40.0
not_classified,country,{AUG},country,0,usage_count,,200.0
not_classified,country,{AUG},country,0,usage_pct,,20.0
CA,state_us,{AUG},state_us,0,usage_count,,150.0
CA,state_us,{AUG},state_us,0,usage_pct,,75.0
not_classified,state_us,{AUG},state_us,0,usage_count,,50.0
not_classified,state_us,{AUG},state_us,0,usage_pct,,25.0
"""
SEPTEMBER_API = f"""GLOBAL,global,{API_AUG},collaboration,0,collaboration_pct,directive,60.0
GLOBAL,global,{API_AUG},collaboration,0,collaboration_pct,feedback loop,10.0
GLOBAL,global,{API_AUG},collaboration,0,collaboration_pct,learning,20.0
GLOBAL,global,{API_AUG},collaboration,0,collaboration_pct,none,5.0
GLOBAL,global,{API_AUG},collaboration,0,collaboration_pct,not_classified,5.0
GLOBAL,global,{API_AUG},onet_task::cost,0,cost_index,write code.::index,1.25
GLOBAL,global,{API_AUG},onet_task::cost,0,cost_count,write code.::count,40.0
"""
JANUARY_CLAUDE = f"""GLOBAL,global,{NOV},human_only_time,0,human_only_time_mean,,3.0
GLOBAL,global,{NOV},human_with_ai_time,0,human_with_ai_time_mean,,15.0
GLOBAL,global,{NOV},use_case,0,use_case_pct,work,45.0
AO,country,{NOV},country,0,usage_count,,400.0
AO,country,{NOV},country,0,usage_pct,,40.0
ZZ,country,{NOV},country,0,usage_count,,100.0
ZZ,country,{NOV},country,0,usage_pct,,10.0
NONE,country,{NOV},country,0,usage_count,,500.0
NONE,country,{NOV},country,0,usage_pct,,50.0
AO-LUA,country-state,{NOV},country-state,0,usage_count,,300.0
AO-LUA,country-state,{NOV},country-state,0,usage_pct,,75.0
AO-not_classified,country-state,{NOV},country-state,0,usage_count,,100.0
AO-not_classified,country-state,{NOV},country-state,0,usage_pct,,25.0
"""
JANUARY_API = f"""GLOBAL,global,{API_NOV},collaboration,0,collaboration_pct,directive,100.0
"""


@pytest.fixture()
def raw(tmp_path: Path, raw_root: Path) -> Path:
    refs = tmp_path / "release_2025_09_15" / "data" / "intermediate"
    refs.mkdir(parents=True)
    for ref in (raw_root / "release_2025_09_15" / "data" / "intermediate").iterdir():
        shutil.copyfile(ref, refs / ref.name)
    copy_first_report_references(raw_root, tmp_path)
    return tmp_path


def write(raw: Path, recipe_folder: str, name: str, body: str) -> None:
    path = raw / recipe_folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body, encoding="utf-8")


def september(raw: Path, claude: str = SEPTEMBER_CLAUDE) -> dict[str, pl.DataFrame]:
    fmt = RELEASE_2025_09_15.long_format
    assert fmt is not None
    files = dict(fmt.usage)
    write(raw, "release_2025_09_15", files["claude_ai"], claude)
    write(raw, "release_2025_09_15", files["1p_api"], SEPTEMBER_API)
    return build_long_v1(raw / "release_2025_09_15", RELEASE_2025_09_15).tables


def population(raw: Path, code: str, file: str = "working_age_pop_2024_country.csv") -> float:
    frame = pl.read_csv(
        raw / "release_2025_09_15" / "data" / "intermediate" / file, infer_schema=False
    )
    key = "iso_alpha_3" if "country" in file else "state_code"
    return float(frame.filter(pl.col(key) == code)["working_age_pop"][0])


def test_namibia_is_not_missing_and_codes_that_equal_states_stay_apart(raw: Path) -> None:
    usage = september(raw)["geo_usage"]
    ids = dict(zip(usage["geo_id"], usage["upstream_geo_id"], strict=True))
    # NA = Namibia (read as text); CA the country and CA the state are two rows.
    assert ids == {
        "NAM": "NA",
        "CAN": "CA",
        "not_classified": "not_classified",
        "US-CA": "CA",
        "US-not_classified": "not_classified",
    }
    names = dict(zip(usage["geo_id"], usage["name"], strict=True))
    assert (names["NAM"], names["CAN"], names["US-CA"]) == ("Namibia", "Canada", "California")


def test_aui_conventions_worked_by_hand(raw: Path) -> None:
    usage = september(raw)["geo_usage"]
    row = {r["geo_id"]: r for r in usage.iter_rows(named=True)}
    nam, can = population(raw, "NAM"), population(raw, "CAN")
    # published_aug2025: usage over thresholded ids incl. not_classified (300+500+200 = 1000),
    # population over thresholded countries with one (NAM + CAN).
    assert row["NAM"]["usage_per_capita_index"] == pytest.approx(
        (300 / 1000) / (nam / (nam + can)), rel=1e-12
    )
    assert row["NAM"]["aui_convention"] == "published_aug2025"
    assert row["not_classified"]["usage_per_capita_index"] is None
    assert row["not_classified"]["geo_kind"] == "unclassified"
    # States: symmetric over thresholded states with a population: only CA, so AUI 1.
    assert row["US-CA"]["usage_per_capita_index"] == pytest.approx(1.0, rel=1e-12)
    assert row["US-CA"]["aui_convention"] == "symmetric"
    # Thresholds flag, never drop: not_classified has 50 < 100 conversations.
    assert row["US-not_classified"]["meets_threshold"] is False
    assert row["NAM"]["meets_threshold"] is True


def test_intersection_splits_on_the_last_double_colon(raw: Path) -> None:
    obs = september(raw)["observations"]
    hit = obs.filter(pl.col("category") == "onet_task::collaboration").row(0, named=True)
    assert (hit["base_node"], hit["node_name"]) == ("fix a::b bug", "directive")
    empty = obs.filter((pl.col("category") == "country") & (pl.col("geo_id") == "NAM"))
    assert set(empty["node_name"].to_list()) == {""}  # empty cluster_name kept as ""


def test_request_index_against_parent_and_api_costs(raw: Path) -> None:
    tables = september(raw)
    clusters = {r["geo_id"]: r for r in tables["geo_request_clusters"].iter_rows(named=True)}
    assert clusters["CAN"]["parent_pct"] == 20.0
    assert clusters["CAN"]["index_vs_parent"] == pytest.approx(2.0)
    assert clusters["CAN"]["meets_report_filter"] is True
    cost = tables["api_token_cost"].row(0, named=True)
    assert (cost["node_name"], cost["measure"], cost["index_value"], cost["record_count"]) == (
        "write code.",
        "cost",
        1.25,
        40.0,
    )
    auto = tables["geo_automation"].row(0, named=True)
    # all conversations: 60+10 = 70 automation, 20 augmentation; classified: 70/90.
    assert auto["automation_pct_of_all"] == pytest.approx(70.0)
    assert auto["augmentation_pct_of_all"] == pytest.approx(20.0)
    assert auto["automation_pct_of_classified"] == pytest.approx(70 / 90 * 100)
    tasks = dict(
        zip(
            tables["global_task_usage"]["task_key"],
            tables["global_task_usage"]["task_kind"],
            strict=True,
        )
    )
    assert tasks == {"write code.": "task", "none": "none", "not_classified": "not_classified"}


def january(raw: Path) -> dict[str, pl.DataFrame]:
    fmt = RELEASE_2026_01_15.long_format
    assert fmt is not None
    files = dict(fmt.usage)
    write(raw, "release_2026_01_15", files["claude_ai"], JANUARY_CLAUDE)
    write(raw, "release_2026_01_15", files["1p_api"], JANUARY_API)
    return build_long_v1(raw / "release_2026_01_15", RELEASE_2026_01_15).tables


def test_country_state_pseudo_geographies_none_and_unmatched(raw: Path) -> None:
    tables = january(raw)
    usage = {r["upstream_geo_id"]: r for r in tables["geo_usage"].iter_rows(named=True)}
    assert usage["AO"]["geo_id"] == "AGO" and usage["AO"]["geo_kind"] == "classified"
    assert usage["NONE"]["geo_kind"] == "unclassified"
    assert usage["ZZ"]["geo_id"] == "ZZ" and usage["ZZ"]["geo_kind"] == "unmatched"
    assert usage["AO-LUA"]["geo_id"] == "AO-LUA" and usage["AO-LUA"]["parent_geo_id"] == "AGO"
    assert usage["AO-not_classified"]["geo_kind"] == "unclassified"
    # Only AO is classified, thresholded and has a population; NONE (500) and ZZ (100 < 200)
    # enter the Aug-2025 usage denominator only when >= 200: U = 400 + 500.
    ago = population(raw, "AGO")
    assert usage["AO"]["usage_per_capita_index"] == pytest.approx((400 / 900) / (ago / ago))
    assert usage["ZZ"]["meets_threshold"] is False


def test_primitives_carry_units(raw: Path) -> None:
    primitives = january(raw)["geo_primitives"]
    units = {
        (r["primitive"], r["statistic"]): (r["value"], r["unit"])
        for r in primitives.iter_rows(named=True)
    }
    assert units[("human_only_time", "mean")] == (3.0, "hours")
    assert units[("human_with_ai_time", "mean")] == (15.0, "minutes")
    assert units[("use_case", "pct")] == (45.0, "percent (0-100)")


def test_level_is_read_as_text_and_must_be_an_integer(raw: Path) -> None:
    bad = SEPTEMBER_CLAUDE.replace(
        "request,1,request_pct,coding,20.0", "request,x,request_pct,coding,20.0"
    )
    with pytest.raises(RawDataError) as caught:
        september(raw, bad)
    assert caught.value.line == 6 and caught.value.column == "level"


def test_repeated_key_is_refused(raw: Path) -> None:
    repeated = SEPTEMBER_CLAUDE + f"NA,country,{AUG},country,0,usage_count,,301.0\n"
    with pytest.raises(RawDataError, match="same key appears twice"):
        september(raw, repeated)


def test_a_non_number_names_line_and_column(raw: Path) -> None:
    bad = SEPTEMBER_CLAUDE.replace("usage_count,,500.0", "usage_count,,lots")
    with pytest.raises(RawDataError) as caught:
        september(raw, bad)
    assert (caught.value.line, caught.value.column) == (9, "value")


def test_incomplete_level_is_refused_when_pinned(raw: Path) -> None:
    partial = SEPTEMBER_CLAUDE.replace(
        f"not_classified,country,{AUG},country,0,usage_pct,,20.0\n", ""
    )
    with pytest.raises(RawDataError, match=r"country usage_pct sums to 80\.0000"):
        september(raw, partial)
    result = build_long_v1(raw / "release_2025_09_15", as_unpinned(RELEASE_2025_09_15))
    assert result.report["completeness"]["country"]["status"] == "incomplete"


def test_absent_release_is_skipped_with_one_line(raw: Path) -> None:
    lines: list[str] = []
    shutil.rmtree(raw / "release_2025_02_10")  # only the wage references: a buildable release
    with pytest.raises(BuildError):  # no release at all can be built from this folder
        recipes_in(raw, None, lines.append)
    assert lines[0] == (
        "2025-09-15: skipped: release_2025_09_15/data/intermediate/"
        "aei_raw_claude_ai_2025-08-04_to_2025-08-11.csv not found (upstream file: "
        "18,894,517 bytes, git blob sha1 cd3e8ff605949964d94ef3033f703d132bf26dba)"
    )
    assert lines[1].startswith(
        "2026-01-15: skipped: release_2026_01_15/data/intermediate/aei_raw_claude_ai_"
        "2025-11-13_to_2025-11-20.csv not found (upstream file: 94,086,309 bytes, sha256 70dc"
    )
    assert len(lines) == 4  # one per long-format release (2026-03-24 once; 2026-06-26)
    with pytest.raises(BuildError, match="2026-01-15: release_2026_01_15/data/intermediate"):
        recipes_in(raw, "2026-01-15")


def test_march_revisions_are_recognised_by_size(raw: Path) -> None:
    folder = raw / "release_2026_03_24" / "data"
    folder.mkdir(parents=True)
    claude = folder / "aei_raw_claude_ai_2026-02-05_to_2026-02-12.csv"
    api = folder / "aei_raw_1p_api_2026-02-05_to_2026-02-12.csv"
    with api.open("wb") as handle:  # sparse files: sizes only, nothing to hash here
        handle.truncate(43957174)
    with claude.open("wb") as handle:
        handle.truncate(96018130)
    assert choose_revision(raw, "2026-03-24") is RELEASE_2026_03_24_FIRST
    with claude.open("wb") as handle:
        handle.truncate(103287181)
    assert choose_revision(raw, "2026-03-24") is RELEASE_2026_03_24
    assert (RELEASE_2026_03_24_FIRST.version, RELEASE_2026_03_24.version) == ("1.0.0", "1.1.0")


def test_git_blob_sha1_equals_git(tmp_path: Path) -> None:
    path = tmp_path / "blob.csv"
    path.write_bytes(b"geo_id,value\nNA,1\n")
    done = subprocess.run(
        ["git", "hash-object", str(path)], capture_output=True, text=True, check=True
    )
    assert git_blob_sha1(path) == done.stdout.strip()
    assert hashlib.sha1(b"blob 18\0geo_id,value\nNA,1\n").hexdigest() == done.stdout.strip()


def _version(version: str, unpinned: bool = False) -> VersionEntry:
    from econindex_api.catalog import FileEntry

    empty = FileEntry(path="package.zip", bytes=0, sha256="0" * 64)
    return VersionEntry(
        version=version,
        created="2026-12-06T00:00:00Z",
        path=f"releases/x/{version}",
        package_sha256="0" * 64,
        package_bytes=0,
        zip=empty,
        resources=(),
        unpinned=unpinned,
    )


def test_unpinned_versions_sort_first_and_are_never_latest() -> None:
    assert semver_key("1.0.0-unpinned") < semver_key("1.0.0") < semver_key("1.1.0-unpinned")
    pinned = ReleaseEntry(
        id="2025-03-27",
        series="usage",
        title="",
        description="",
        date="2025-03-27",
        measures=(),
        versions=(_version("1.0.1"),),
    )
    only_unpinned = ReleaseEntry(
        id="2025-09-15",
        series="usage",
        title="",
        description="",
        date="2025-09-15",
        measures=(),
        versions=(_version("1.0.0-unpinned", unpinned=True),),
    )
    catalog = Catalog(releases=(pinned, only_unpinned))
    latest = catalog.latest_usage()
    assert latest is not None and latest.id == "2025-03-27"
    mixed = ReleaseEntry(
        id="2026-03-24",
        series="usage",
        title="",
        description="",
        date="2026-03-24",
        measures=(),
        versions=(_version("1.0.0"), _version("1.1.0-unpinned", unpinned=True)),
    )
    assert mixed.current.version == "1.0.0"  # a pinned version is served first
    latest = Catalog(releases=(pinned, only_unpinned, mixed)).latest_usage()
    assert latest is not None and latest.id == "2026-03-24"
    assert b'"unpinned"' not in msgspec.json.encode(_version("1.0.0"))


def test_an_unpinned_build_keeps_the_pinned_release_metadata() -> None:
    from econindex_api.publishing.publish import with_version

    pinned = with_version(Catalog(), RELEASE_2026_03_24, _version("1.1.0"))
    both = with_version(
        pinned, as_unpinned(RELEASE_2026_03_24), _version("1.1.0-unpinned", unpinned=True)
    )
    release = both.find("2026-03-24")
    assert release is not None
    assert release.title == RELEASE_2026_03_24.title  # not "(UNPINNED build ...)"
    assert [v.version for v in release.versions] == ["1.1.0-unpinned", "1.1.0"]
    assert release.current.version == "1.1.0"
    alone = with_version(Catalog(), as_unpinned(RELEASE_2026_03_24), _version("1.1.0-unpinned"))
    only = alone.find("2026-03-24")
    assert only is not None and "UNPINNED" in only.title


def test_a_level_summing_above_100_is_recorded_not_refused(raw: Path) -> None:
    # Like 2026-03-24's US subregions (100.284): children overlap, nothing is missing.
    over = JANUARY_CLAUDE.replace("usage_pct,,25.0", "usage_pct,,26.0")
    fmt = RELEASE_2026_01_15.long_format
    assert fmt is not None
    write(raw, "release_2026_01_15", dict(fmt.usage)["claude_ai"], over)
    write(raw, "release_2026_01_15", dict(fmt.usage)["1p_api"], JANUARY_API)
    report = build_long_v1(raw / "release_2026_01_15", RELEASE_2026_01_15).report
    assert report["completeness"]["subregion"]["status"] == "exceeds_100"
    assert report["completeness"]["subregion"]["highest_sum"] == {"parent": "AGO", "pct_sum": 101.0}
    assert report["completeness"]["country"]["status"] == "complete"


def test_unpinned_with_nothing_to_build_is_an_error(raw: Path, tmp_path: Path) -> None:
    from econindex_api.publishing.pipeline import build_all

    (raw / "release_2025_02_10").mkdir(exist_ok=True)  # a flat release folder: not unpinned
    with pytest.raises(BuildError, match="--unpinned found no long-format release"):
        build_all(raw, tmp_path / "out", unpinned=True)
