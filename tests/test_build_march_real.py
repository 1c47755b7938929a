"""Release 2025-03-27 on the real files against a second, plain-Python implementation.

The reference reads the raw files with the csv module and follows docs/methods.md (the first
report's methods, and "Releases with two observation windows") with dictionaries and loops; it
shares no code with econindex_api. Its numbers are compared with the published tables and with what
the API serves.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import polars as pl
import pytest

from econindex_api.publishing.recipes import RELEASE_2025_03_27
from tests.conftest import LiveServer

RELEASE = f"releases/2025-03-27/{RELEASE_2025_03_27.version}"
MARCH = "2025-03-27"
MODES = ("directive", "feedback_loop", "task_iteration", "validation", "learning")


def rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


class MarchReference:
    """docs/methods.md for the v2 files, by hand."""

    def __init__(self, raw: Path) -> None:
        folder = raw / "release_2025_03_27"
        usage = {r["task_name"]: float(r["pct"]) for r in rows(folder / "task_pct_v2.csv")}
        titles: dict[str, set[str]] = defaultdict(set)
        codes: dict[str, set[str]] = defaultdict(set)
        keys_of: dict[str, set[str]] = defaultdict(set)
        for s in rows(folder / "onet_task_statements.csv"):
            key = s["Task"].lower().strip()
            titles[key].add(s["Title"])
            codes[key].add(s["O*NET-SOC Code"])
            keys_of[s["O*NET-SOC Code"]].add(key)
        # pair weight pct / n(key); shares rescale the matched weights to 100
        self.pairs: dict[tuple[str, str], float] = {}
        for key, pct in usage.items():
            for code in codes.get(key, ()):
                self.pairs[(key, code)] = pct / len(titles[key])
        total = sum(self.pairs.values())
        self.pairs = {k: v * 100 / total for k, v in self.pairs.items()}
        self.occupation: dict[str, float] = defaultdict(float)
        self.group: dict[str, float] = defaultdict(float)
        for (_, code), share in self.pairs.items():
            self.occupation[code] += share
            self.group[code[:2]] += share
        fractions = [sum(1 for k in keys if k in usage) / len(keys) for keys in keys_of.values()]
        self.depth = {
            t: 100 * sum(1 for f in fractions if f >= t) / len(fractions) for t in (0.25, 0.5, 0.75)
        }
        modes = {
            r["interaction_type"]: float(r["pct"])
            for r in rows(folder / "automation_vs_augmentation_v2.csv")
        }
        with_mode = sum(v for k, v in modes.items() if k != "none")
        self.automation = (modes["directive"] + modes["feedback loop"]) * 100 / with_mode
        self.augmentation = 100 - self.automation
        self.learning = modes["learning"] * 100 / with_mode
        by_task = {
            r["task_name"]: {m: float(r[m]) for m in (*MODES, "filtered")}
            for r in rows(folder / "automation_vs_augmentation_by_task.csv")
        }
        self.occupation_modes = self._ratios(by_task, lambda code: code)
        groups = self._ratios(by_task, lambda code: code[:2])
        self.group_modes = {}
        for group, ratio in groups.items():
            five = sum(ratio[m] for m in MODES)
            self.group_modes[group] = {m: ratio[m] / five for m in MODES}
        thinking = {
            r["task_name"]: float(r["thinking_fraction"])
            for r in rows(folder / "task_thinking_fractions.csv")
            if r["thinking_fraction"].strip()
        }
        self.thinking: dict[str, tuple[float | None, float]] = {}
        for code in self.occupation:
            mine = [(k, s) for (k, c), s in self.pairs.items() if c == code]
            covered = [(thinking[k], s) for k, s in mine if k in thinking]
            weight = sum(s for _, s in covered)
            mean = sum(f * s for f, s in covered) / weight if weight else None
            self.thinking[code] = (mean, weight / sum(s for _, s in mine))
        self.clusters = rows(folder / "cluster_level_data" / "cluster_level_dataset.tsv", "\t")

    def _ratios(
        self, by_task: dict[str, dict[str, float]], unit: Any
    ) -> dict[str, dict[str, float]]:
        sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        weights: dict[str, float] = defaultdict(float)
        for (key, code), share in self.pairs.items():
            if key in by_task:
                weights[unit(code)] += share
                for mode, value in by_task[key].items():
                    sums[unit(code)][mode] += value * share
        return {u: {m: v / weights[u] for m, v in s.items()} for u, s in sums.items()}


@pytest.fixture(scope="module")
def reference(raw_root: Path) -> MarchReference:
    return MarchReference(raw_root)


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=30) as c:
        yield c


def published(root: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(root / RELEASE / "data" / f"{name}.parquet")


def test_v2_occupation_and_group_shares(published_root: Path, reference: MarchReference) -> None:
    usage = published(published_root, "occupation_usage")
    assert usage.height == 974
    for code, share in usage.select("onet_soc_code", "share_pct").iter_rows():
        assert share == pytest.approx(reference.occupation.get(code, 0.0), abs=1e-9), code
    categories = published(published_root, "category_usage")
    for code, share in categories.select("major_group_code", "share_pct").iter_rows():
        assert share == pytest.approx(reference.group.get(code[:2], 0.0), abs=1e-9), code


def test_api_serves_v2_depth_split_and_top_groups(
    client: httpx.Client, reference: MarchReference
) -> None:
    depth = client.get(f"/v1/releases/{MARCH}/depth").json()
    served = {row["threshold"]: row["occupations_pct"] for row in depth["data"]}
    assert served == pytest.approx(reference.depth, abs=1e-9)
    modes = client.get("/v1/releases/latest/interaction-modes").json()
    assert modes["provenance"]["release_id"] == MARCH
    split = {row["category"]: row["share_pct"] for row in modes["split"]}
    assert split["automation"] == pytest.approx(reference.automation, abs=1e-9)
    assert split["augmentation"] == pytest.approx(reference.augmentation, abs=1e-9)
    learning = next(r for r in modes["data"] if r["mode"] == "learning")
    assert learning["headline_share_pct"] == pytest.approx(reference.learning, abs=1e-9)
    categories = client.get(f"/v1/releases/{MARCH}/categories", params={"limit": 5}).json()
    expected = sorted(reference.group.items(), key=lambda kv: -kv[1])[:5]
    assert [r["major_group_code"][:2] for r in categories["data"]] == [g for g, _ in expected]
    for row, (_, share) in zip(categories["data"], expected, strict=True):
        assert row["share_pct"] == pytest.approx(share, abs=1e-9)


@pytest.mark.parametrize("code", ["15-1131.00", "15-1133.00", "25-3099.02", "15-1121.00"])
def test_occupation_mode_ratios(published_root: Path, reference: MarchReference, code: str) -> None:
    table = published(published_root, "occupation_interaction_modes")
    row = table.filter(pl.col("onet_soc_code") == code).row(0, named=True)
    expected = reference.occupation_modes[code]
    for mode, value in expected.items():
        assert row[f"{mode}_fraction"] == pytest.approx(value, abs=1e-12), mode
    assert row["automation_fraction"] == pytest.approx(
        expected["directive"] + expected["feedback_loop"], abs=1e-12
    )


def test_every_occupation_and_group_mode_ratio(
    published_root: Path, reference: MarchReference
) -> None:
    table = published(published_root, "occupation_interaction_modes")
    assert table.height == len(reference.occupation_modes)
    for row in table.iter_rows(named=True):
        for mode, value in reference.occupation_modes[row["onet_soc_code"]].items():
            assert row[f"{mode}_fraction"] == pytest.approx(value, abs=1e-12)
    groups = published(published_root, "category_interaction_modes")
    for group in ("15", "27", "43", "25", "13"):
        row = groups.filter(pl.col("major_group_code") == f"{group}-0000").row(0, named=True)
        for mode, value in reference.group_modes[group].items():
            assert row[f"{mode}_fraction"] == pytest.approx(value, abs=1e-12), (group, mode)
        assert row["automation_fraction"] + row["augmentation_fraction"] == pytest.approx(1.0)
        assert row["share_pct"] == pytest.approx(reference.group[group], abs=1e-9)
        assert row["above_report_threshold"] == (reference.group[group] > 0.5)


def test_occupation_thinking(published_root: Path, reference: MarchReference) -> None:
    table = published(published_root, "occupation_thinking")
    assert table.height == len(reference.thinking)
    for row in table.iter_rows(named=True):
        mean, covered = reference.thinking[row["onet_soc_code"]]
        assert row["covered_fraction"] == pytest.approx(covered, abs=1e-12)
        if mean is None:
            assert row["thinking_fraction"] is None
        else:
            assert row["thinking_fraction"] == pytest.approx(mean, abs=1e-12)


def test_clusters(published_root: Path, reference: MarchReference) -> None:
    clusters = published(published_root, "clusters")
    raw = reference.clusters
    assert len(raw) == 630
    levels = {lv: clusters.filter(pl.col("level") == lv) for lv in (0, 1, 2)}
    assert [levels[lv].height for lv in (0, 1, 2)] == [630, 145, 30]
    names = {r["cluster_name_0"].strip(): r for r in raw}
    assert set(levels[0]["name"].to_list()) == set(names)
    for row in levels[0].iter_rows(named=True):
        source = names[row["name"]]
        expected_id = hashlib.sha256(f"0:{row['name']}".encode()).hexdigest()[:16]
        assert row["cluster_id"] == f"c0-{expected_id}"
        assert row["description"] == (source["cluster_description_0"].strip() or None)
        assert row["records_pct"] == float(source["percent_records"])
        assert row["task_key"] == (source["onet_task"].lower().strip() or None)
        ratio = source["collaboration:feedback loop_ratio"]
        assert row["feedback_loop_fraction"] == (float(ratio) if ratio else None)
    assert levels[0]["onet_task"].null_count() == 11
    assert not any(n != n.strip() for n in clusters["name"].to_list())
    assert math.fsum(levels[0]["records_pct"].to_list()) == pytest.approx(100.0, abs=1e-6)


def test_build_report_and_sources(published_root: Path) -> None:
    descriptor: dict[str, Any] = json.loads(
        (published_root / RELEASE / "datapackage.json").read_text()
    )
    report = descriptor["econindex"]["build_report"]
    assert report["unmatched_usage_share_pct"] == pytest.approx(1.78, abs=0.005)
    assert report["task_modes_entirely_filtered"] == 1066
    assert report["thinking_published"] == 415
    assert [r["file"] for r in report["republished_files"]] == [
        "release_2025_03_27/task_pct_v1.csv",
        "release_2025_03_27/automation_vs_augmentation_v1.csv",
    ]
    referenced = [s for s in descriptor["sources"] if "why" in s]
    assert {s["path"] for s in referenced} == {
        "release_2025_02_10/wage_data.csv",
        "release_2025_02_10/bls_employment_may_2023.csv",
    }
