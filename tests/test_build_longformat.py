"""The long-format releases (issue 20): real rows through the adapter, checked in plain Python.

The usage files of 2025-09-15 are not on this machine; its real partial rows are
(``../shared/aei-longformat/partial``): all 17,488 US-state rows of the Claude.ai file, 999
country rows and 499 API rows. They are copied under the upstream file names into a temporary
raw folder (never into the repository) and built with ``--unpinned``. The reference below
reads them with the csv module and shares no code with econindex_api.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from econindex_api.catalog import decode_catalog
from econindex_api.publishing.pipeline import build_all

REPO = Path(__file__).resolve().parent.parent
LONG = REPO.parent / "shared" / "aei-longformat"
PARTIAL = LONG / "partial" / "release_2025_09_15" / "data" / "intermediate"
STATE_ROWS = PARTIAL / "aei_raw_claude_ai_2025-08-04_to_2025-08-11.state_us-rows.csv"
COUNTRY_ROWS = PARTIAL / "aei_raw_claude_ai_2025-08-04_to_2025-08-11.sample-999-country-rows.csv"
API_ROWS = PARTIAL / "aei_raw_1p_api_2025-08-04_to_2025-08-11.sample-499-rows.csv"
CLAUDE_NAME = "aei_raw_claude_ai_2025-08-04_to_2025-08-11.csv"
API_NAME = "aei_raw_1p_api_2025-08-04_to_2025-08-11.csv"
UNPINNED = "releases/2025-09-15/1.0.0-unpinned"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def references(raw_root: Path) -> Path:
    return raw_root / "release_2025_09_15" / "data" / "intermediate"


def make_partial_raw(raw_root: Path, target: Path) -> Path:
    """A raw folder holding the real partial rows under the upstream file names."""
    if not STATE_ROWS.is_file():
        pytest.fail(f"real partial rows not found at {PARTIAL}")
    folder = target / "release_2025_09_15" / "data" / "intermediate"
    folder.mkdir(parents=True)
    for ref in references(raw_root).iterdir():
        shutil.copyfile(ref, folder / ref.name)
    # One Claude.ai file: the header once, then all state rows and the 999 country rows.
    with (folder / CLAUDE_NAME).open("w", encoding="utf-8", newline="") as out:
        out.write(STATE_ROWS.read_text(encoding="utf-8"))
        out.write(COUNTRY_ROWS.read_text(encoding="utf-8").split("\n", 1)[1])
    shutil.copyfile(API_ROWS, folder / API_NAME)
    copy_first_report_references(raw_root, target)
    return target


FIRST_REPORT_REFERENCES = ("wage_data.csv", "bls_employment_may_2023.csv")


def copy_first_report_references(raw_root: Path, target: Path) -> None:
    """2025-02-10's wage and BLS tables, reference inputs of every long-format recipe (its
    occupation tables take the first release's wages, as 2025-03-27 does)."""
    folder = target / "release_2025_02_10"
    folder.mkdir(parents=True, exist_ok=True)
    for name in FIRST_REPORT_REFERENCES:
        shutil.copyfile(raw_root / "release_2025_02_10" / name, folder / name)


@pytest.fixture(scope="module")
def unpinned_root(raw_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = make_partial_raw(raw_root, tmp_path_factory.mktemp("raw-long"))
    out = tmp_path_factory.mktemp("published-long")
    results = build_all(raw, out, release="2025-09-15", unpinned=True)
    assert [(r.release_id, r.version, r.outcome) for r in results] == [
        ("2025-09-15", "1.0.0-unpinned", "published")
    ]
    return out


def table(root: Path, name: str) -> list[dict[str, str]]:
    return rows(root / UNPINNED / "data" / f"{name}.csv")


def descriptor(root: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((root / UNPINNED / "datapackage.json").read_text(encoding="utf-8"))


def linear_quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def test_state_shares_aui_and_tiers_match_plain_python(unpinned_root: Path, raw_root: Path) -> None:
    raw = [r for r in rows(STATE_ROWS) if r["facet"] == "state_us"]
    count = {r["geo_id"]: float(r["value"]) for r in raw if r["variable"] == "usage_count"}
    share = {r["geo_id"]: float(r["value"]) for r in raw if r["variable"] == "usage_pct"}
    pop = {
        r["state_code"]: float(r["working_age_pop"])
        for r in rows(references(raw_root) / "working_age_pop_2024_us_state.csv")
    }
    # AUI, states: thresholded states (>= 100 conversations) with a population; not_classified
    # has none and drops out (FACTS §2).
    kept = [s for s in count if count[s] >= 100 and s in pop]
    usage_total = sum(count[s] for s in kept)
    pop_total = sum(pop[s] for s in kept)
    aui = {s: (count[s] / usage_total) / (pop[s] / pop_total) for s in count if s in pop}
    cuts = [linear_quantile([aui[s] for s in kept], q) for q in (0.25, 0.5, 0.75)]

    def tier(value: float) -> int:
        return next((k + 1 for k, cut in enumerate(cuts) if value <= cut), 4)

    published = {r["upstream_geo_id"]: r for r in table(unpinned_root, "geo_usage")}
    states = {k: v for k, v in published.items() if v["geo_level"] == "subregion"}
    assert set(states) == set(count)  # 51 states + not_classified, none dropped
    for code, row in states.items():
        assert row["geo_id"] == f"US-{code}"
        assert row["parent_geo_id"] == "USA"
        assert float(row["usage_count"]) == count[code]
        assert float(row["usage_pct"]) == pytest.approx(share[code], rel=1e-12)
        if code in aui:
            assert float(row["usage_per_capita_index"]) == pytest.approx(aui[code], rel=1e-12)
            assert int(row["usage_tier"]) == tier(aui[code])
            assert row["aui_convention"] == "symmetric"
            assert row["meets_threshold"] == ("true" if count[code] >= 100 else "false")
    nc = states["not_classified"]
    assert (nc["geo_id"], nc["geo_kind"], nc["usage_per_capita_index"]) == (
        "US-not_classified",
        "unclassified",
        "",
    )
    # The published report figures (FACTS §2), to the published digits.
    for code, figure in {
        "DC": 3.8195,
        "UT": 3.7827,
        "CA": 2.1267,
        "NY": 1.5760,
        "VA": 1.5698,
    }.items():
        assert round(float(states[code]["usage_per_capita_index"]), 4) == figure
    for code, figure in {"CA": 25.2723, "NY": 9.2574, "TX": 6.6744, "VA": 4.0442}.items():
        assert round(float(states[code]["usage_pct"]), 4) == figure
    tiers = [int(r["usage_tier"]) for r in states.values() if r["usage_tier"]]
    assert [tiers.count(t) for t in (1, 2, 3, 4)] == [13, 13, 12, 13]  # published quartiles


def test_country_rows_get_alpha3_ids_and_do_not_collide_with_states(unpinned_root: Path) -> None:
    raw = [r for r in rows(COUNTRY_ROWS) if r["variable"] == "usage_pct"]
    published = table(unpinned_root, "geo_usage")
    countries = {r["upstream_geo_id"]: r for r in published if r["geo_level"] == "country"}
    expected = {"AD": "AND", "AE": "ARE", "AL": "ALB", "AM": "ARM", "AO": "AGO", "AR": "ARG"}
    assert {k: v["geo_id"] for k, v in countries.items()} == expected
    for r in raw:
        assert float(countries[r["geo_id"]]["usage_pct"]) == float(r["value"])
    # AL and AR are both countries (Albania, Argentina) and US states (Alabama, Arkansas).
    by_id = {r["geo_id"]: r for r in published}
    assert by_id["ALB"]["name"] == "Albania" and by_id["US-AL"]["name"] == "Alabama"
    assert by_id["ARG"]["name"] == "Argentina" and by_id["US-AR"]["name"] == "Arkansas"


def test_observations_keep_every_upstream_row(unpinned_root: Path) -> None:
    upstream = rows(STATE_ROWS) + rows(COUNTRY_ROWS) + rows(API_ROWS)
    observed = table(unpinned_root, "observations")
    assert len(observed) == len(upstream)

    def key(r: dict[str, str]) -> tuple[str, ...]:
        return (
            r["upstream_geography"],
            r["upstream_geo_id"],
            r["category"],
            r["hierarchy_level"],
            r["metric"],
            r["cluster"],
        )

    for r in observed:
        r["cluster"] = f"{r['base_node']}::{r['node_name']}" if r["base_node"] else r["node_name"]
    ours = {key(r): float(r["value"]) for r in observed}
    for r in upstream:
        theirs = (
            r["geography"],
            r["geo_id"],
            r["facet"],
            r["level"],
            r["variable"],
            r["cluster_name"],
        )
        assert ours[theirs] == float(r["value"])


def test_api_rows_collaboration_on_both_bases(unpinned_root: Path) -> None:
    raw = {
        r["cluster_name"]: float(r["value"])
        for r in rows(API_ROWS)
        if r["facet"] == "collaboration" and r["variable"] == "collaboration_pct"
    }
    automation_all = raw["directive"] + raw["feedback loop"]
    augmentation_all = raw["task iteration"] + raw["learning"] + raw["validation"]
    api = next(r for r in table(unpinned_root, "geo_automation") if r["platform"] == "1p_api")
    assert float(api["automation_pct_of_all"]) == pytest.approx(automation_all, rel=1e-12)
    assert float(api["augmentation_pct_of_all"]) == pytest.approx(augmentation_all, rel=1e-12)
    classified = automation_all + augmentation_all
    assert float(api["automation_pct_of_classified"]) == pytest.approx(
        automation_all / classified * 100, rel=1e-12
    )
    # The report's API figures (all seven clusters as base): 77.37 / 12.41.
    assert (round(automation_all, 2), round(augmentation_all, 2)) == (77.37, 12.41)
    tasks = {
        r["cluster_name"]: float(r["value"])
        for r in rows(API_ROWS)
        if r["facet"] == "onet_task" and r["variable"] == "onet_task_pct"
    }
    published = {
        r["task_key"]: float(r["conversation_pct"])
        for r in table(unpinned_root, "global_task_usage")
        if r["platform"] == "1p_api"
    }
    assert published == tasks


def test_unpinned_build_records_inputs_and_completeness(unpinned_root: Path) -> None:
    data = descriptor(unpinned_root)
    assert data["version"] == "1.0.0-unpinned"
    assert data["econindex"]["unpinned"] is True
    claude = next(s for s in data["sources"] if s["path"].endswith(CLAUDE_NAME))
    assert claude["matches_pin"] is False
    assert "git blob sha1 cd3e8ff605949964d94ef3033f703d132bf26dba" in claude["pin"]
    content = STATE_ROWS.read_bytes() + COUNTRY_ROWS.read_bytes().split(b"\n", 1)[1]
    assert claude["hash"] == f"sha256:{hashlib.sha256(content).hexdigest()}"
    assert claude["bytes"] == len(content)
    references_listed = [s for s in data["sources"] if "working_age_pop" in s["path"]]
    assert all(s["matches_pin"] for s in references_listed)
    completeness = data["econindex"]["build_report"]["completeness"]
    assert completeness["subregion"]["status"] == "complete"
    assert completeness["subregion"]["parents"] == 1
    # Six countries of a partial extract do not sum to 100: recorded, not an error.
    assert completeness["country"]["status"] == "incomplete"
    catalog = decode_catalog((unpinned_root / "catalog.json").read_bytes())
    release = catalog.find("2025-09-15")
    assert release is not None and release.versions[0].unpinned
    assert catalog.latest_usage() is None  # an unpinned build is never latest


def test_unpinned_package_is_valid_for_the_stock_validator(unpinned_root: Path) -> None:
    frictionless = Path(sys.executable).parent / "frictionless"
    done = subprocess.run(
        [str(frictionless), "validate", "datapackage.json"],
        cwd=unpinned_root / UNPINNED,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "VALID" in done.stdout


def test_server_serves_a_catalog_with_an_unpinned_release(
    published_root: Path, unpinned_root: Path, tmp_path: Path
) -> None:
    """The real releases plus the unpinned build in one data root: the server loads every
    release (none unavailable), ``latest`` stays 2025-03-27, the unpinned one is listed with
    its pre-release version. Its new tables are not served by endpoints yet (issue 20 §3)."""
    import httpx

    from tests.conftest import start_server, stop_server

    root = tmp_path / "data"
    shutil.copytree(published_root, root)
    shutil.copytree(unpinned_root / "releases" / "2025-09-15", root / "releases" / "2025-09-15")
    combined = decode_catalog((root / "catalog.json").read_bytes())
    extra = decode_catalog((unpinned_root / "catalog.json").read_bytes())
    from econindex_api.catalog import Catalog, encode_catalog

    merged = Catalog(releases=(*combined.releases, *extra.releases))
    (root / "catalog.json").write_bytes(encode_catalog(merged))
    server = start_server(root)
    try:
        listing = httpx.get(server.url("/v1/releases"), timeout=30).json()
        assert listing["latest"] == "2025-03-27"
        by_id = {r["id"]: r for r in listing["data"]}
        assert listing["total"] == 4
        assert all(r["available"] for r in listing["data"])  # every release loaded
        assert by_id["2025-09-15"]["version"] == "1.0.0-unpinned"
        assert not by_id["2025-09-15"]["is_latest"]
        ready = httpx.get(server.url("/ready"), timeout=30)
        assert ready.status_code == 200, ready.text
        latest = httpx.get(server.url("/v1/releases/latest"), timeout=30).json()
        assert latest["release"]["id"] == "2025-03-27"
        unpinned = httpx.get(server.url("/v1/releases/2025-09-15"), timeout=30).json()
        assert unpinned["release"]["version"] == "1.0.0-unpinned"
    finally:
        stop_server(server)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "econindex_api.cli", *args], capture_output=True, text=True
    )


def test_replicate_matches_the_published_figures(unpinned_root: Path, published_root: Path) -> None:
    done = run_cli("replicate", "--data", str(unpinned_root))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    dc = next(line for line in lines if "AUI US-DC" in line).split()
    assert dc[:2] == ["2025-09-15", "1.0.0-unpinned"] and dc[4:7] == ["3.8195", "3.8195", "match"]
    assert "15 match, 0 mismatch, 23 absent" in lines[-1]  # countries are a partial extract
    first = run_cli("replicate", "--data", str(published_root), "--release", "2025-02-10")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "7 match, 0 mismatch, 0 absent" in first.stdout


def test_replicate_exits_1_on_a_mismatch(unpinned_root: Path, tmp_path: Path) -> None:
    import polars as pl

    root = tmp_path / "data"
    shutil.copytree(unpinned_root, root)
    parquet = root / UNPINNED / "data" / "geo_usage.parquet"
    frame = pl.read_parquet(parquet)
    frame = frame.with_columns(
        pl.when(pl.col("geo_id") == "US-CA")
        .then(pl.col("usage_pct") + 0.001)
        .otherwise(pl.col("usage_pct"))
        .alias("usage_pct")
    )
    parquet.chmod(0o644)
    frame.write_parquet(parquet)
    done = run_cli("replicate", "--data", str(root))
    assert done.returncode == 1
    california = next(line for line in done.stdout.splitlines() if "California" in line)
    assert "25.2733" in california and "MISMATCH" in california


def test_vectorised_validator_of_large_tables(unpinned_root: Path, tmp_path: Path) -> None:
    """The Polars checks that replace frictionless's row loop above LARGE_TABLE_ROWS rows:
    they accept the real build's observations and name the row of each kind of fault."""
    from econindex_api.publishing.validate import large_table_problems

    package = tmp_path / "package"
    shutil.copytree(unpinned_root / UNPINNED, package)
    resources = {r["name"]: r for r in descriptor(unpinned_root)["resources"]}
    csv_resource, twin = resources["observations"], resources["observations-parquet"]
    assert large_table_problems(package, csv_resource, twin, "x") == []
    path = package / csv_resource["path"]
    path.chmod(0o644)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")

    def broken(row: int, column: str, value: str) -> list[str]:
        cells = next(csv.reader([lines[row - 1]]))
        cells[header.index(column)] = value
        changed = [*lines]
        out = __import__("io").StringIO()
        csv.writer(out, lineterminator="\n").writerow(cells)
        changed[row - 1] = out.getvalue()
        path.write_text("".join(changed), encoding="utf-8")
        return large_table_problems(package, csv_resource, twin, "x")

    assert broken(5, "value", "lots") == ["x: resource observations row 5: type-error: field value"]
    assert broken(7, "platform", "claude") == [
        "x: resource observations row 7: constraint-error enum: field platform"
    ]
    assert broken(9, "hierarchy_level", "-1") == [
        "x: resource observations row 9: constraint-error minimum: field hierarchy_level"
    ]
    duplicate = [*lines[:3], lines[2], *lines[4:]]
    path.write_text("".join(duplicate), encoding="utf-8")
    problems = large_table_problems(package, csv_resource, twin, "x")
    assert problems == [
        "x: resource observations row 4: primary-key: ['platform', 'date_start', 'geo_level', "
        "'geo_id', 'category', 'hierarchy_level', 'metric', 'base_node', 'node_name', "
        "'node_id'] repeats"
    ]
    path.write_text("".join(lines[:-1]), encoding="utf-8")  # one row fewer than the twin
    assert large_table_problems(package, csv_resource, twin, "x") == [
        "x: resource observations-parquet: rows differ from observations"
    ]


def test_pinned_path_with_git_blob_pins(raw_root: Path, tmp_path: Path) -> None:
    """The pinned build of a long-format recipe, with pins made from the state rows (as
    PINS.tsv pins the real files): blob id and size are checked, the sha256 is recorded, the
    version has no tag; a file of another size is refused naming both. Temp folders only."""
    import dataclasses

    from econindex_api.publishing.errors import RawDataError
    from econindex_api.publishing.recipes import RELEASE_2025_09_15

    raw = tmp_path / "raw"
    folder = raw / "release_2025_09_15" / "data" / "intermediate"
    folder.mkdir(parents=True)
    for ref in references(raw_root).iterdir():
        shutil.copyfile(ref, folder / ref.name)
    shutil.copyfile(STATE_ROWS, folder / CLAUDE_NAME)
    shutil.copyfile(API_ROWS, folder / API_NAME)
    copy_first_report_references(raw_root, raw)

    def blob(path: Path) -> str:
        done = subprocess.run(["git", "hash-object", str(path)], capture_output=True, text=True)
        return done.stdout.strip()

    files = tuple(
        dataclasses.replace(
            source,
            git_blob_sha1=blob(folder / Path(source.name).name),
            bytes=(folder / Path(source.name).name).stat().st_size,
        )
        if not source.sha256
        else source
        for source in RELEASE_2025_09_15.files
    )
    recipe = dataclasses.replace(RELEASE_2025_09_15, files=files)
    out = tmp_path / "out"
    results = build_all(raw, out, recipes=[recipe])
    assert [(r.version, r.outcome) for r in results] == [("1.0.0", "published")]
    data = json.loads((out / "releases/2025-09-15/1.0.0/datapackage.json").read_text())
    claude = next(s for s in data["sources"] if s["path"].endswith(CLAUDE_NAME))
    assert claude["git_blob_sha1"] == blob(folder / CLAUDE_NAME)
    assert claude["hash"] == f"sha256:{hashlib.sha256(STATE_ROWS.read_bytes()).hexdigest()}"
    assert "unpinned" not in data["econindex"]
    completeness = data["econindex"]["build_report"]["completeness"]
    assert completeness["country"] == {"status": "absent"}
    assert completeness["subregion"]["status"] == "complete"
    with (folder / API_NAME).open("a", encoding="utf-8") as handle:
        handle.write("GLOBAL,global,2025-08-04,2025-08-11,1P API,onet_task,0,x,y,1.0\n")
    with pytest.raises(RawDataError, match=r"expects .* bytes, git blob sha1 .*--unpinned"):
        build_all(raw, tmp_path / "out2", recipes=[recipe])
    assert not (tmp_path / "out2" / "catalog.json").exists()  # a failed build publishes nothing
