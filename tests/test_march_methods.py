"""The second report's methods (docs/methods.md) as pure functions, on frames small enough to
check by hand."""

from __future__ import annotations

import hashlib

import polars as pl
import pytest

from econindex_api.methods.clusters import cluster_id, cluster_nodes
from econindex_api.methods.mode_rollups import group_mode_ratios, occupation_mode_ratios
from econindex_api.methods.thinking import occupation_thinking

# Two occupations in two groups: A (11-) has keys k1 (share 30) and k2 (10); B (15-) has k1
# (30) and k3 (30, no per-task row).
PAIRS = pl.DataFrame(
    {
        "task_key": ["k1", "k2", "k1", "k3"],
        "onet_soc_code": ["11-1011.00", "11-1011.00", "15-1252.00", "15-1252.00"],
        "share_pct": [30.0, 10.0, 30.0, 30.0],
    }
)
MODES = pl.DataFrame(
    {
        "task_key": ["k1", "k2"],
        "directive_fraction": [0.5, 0.0],
        "feedback_loop_fraction": [0.0, 0.0],
        "task_iteration_fraction": [0.25, 0.0],
        "validation_fraction": [0.0, 0.0],
        "learning_fraction": [0.0, 1.0],
        "filtered_fraction": [0.25, 0.0],
    }
)


def test_occupation_ratios_keep_filtered() -> None:
    rows = {r["onet_soc_code"]: r for r in occupation_mode_ratios(PAIRS, MODES).to_dicts()}
    a = rows["11-1011.00"]
    # weights 30 and 10: directive 15/40, iteration 7.5/40, learning 10/40, filtered 7.5/40
    assert a["directive_fraction"] == pytest.approx(0.375)
    assert a["learning_fraction"] == pytest.approx(0.25)
    assert a["filtered_fraction"] == pytest.approx(0.1875)
    assert a["automation_fraction"] == pytest.approx(0.375)
    assert a["augmentation_fraction"] == pytest.approx(0.4375)
    assert a["covered_share_pct"] == 40.0 and a["share_pct"] == 40.0
    b = rows["15-1252.00"]  # only k1 is covered: its fractions, over half the share
    assert b["directive_fraction"] == 0.5 and b["covered_share_pct"] == 30.0
    assert b["share_pct"] == 60.0


def test_group_ratios_drop_filtered_and_rescale() -> None:
    rows = {r["major_group_code"]: r for r in group_mode_ratios(PAIRS, MODES).to_dicts()}
    eleven = rows["11-0000"]
    # unfiltered part 0.8125: directive .375/.8125, iteration .1875/.8125, learning .25/.8125
    assert eleven["directive_fraction"] == pytest.approx(0.375 / 0.8125)
    assert eleven["automation_fraction"] + eleven["augmentation_fraction"] == pytest.approx(1)
    assert eleven["filtered_fraction"] == pytest.approx(0.1875)
    fifteen = rows["15-0000"]
    assert fifteen["directive_fraction"] == pytest.approx(0.5 / 0.75)
    assert fifteen["share_pct"] == 60.0 and fifteen["above_report_threshold"]


def test_thinking_blank_is_not_zero() -> None:
    thinking = pl.DataFrame(
        {"task_key": ["k1", "k2", "k3"], "thinking_fraction": [0.2, None, 0.6]},
        schema={"task_key": pl.String, "thinking_fraction": pl.Float64},
    )
    rows = {r["onet_soc_code"]: r for r in occupation_thinking(PAIRS, thinking).to_dicts()}
    assert rows["11-1011.00"]["thinking_fraction"] == pytest.approx(0.2)  # k2 left out
    assert rows["11-1011.00"]["covered_fraction"] == pytest.approx(0.75)
    assert rows["15-1252.00"]["thinking_fraction"] == pytest.approx(0.4)
    assert rows["15-1252.00"]["covered_fraction"] == 1.0


def test_cluster_ids_and_hierarchy() -> None:
    assert cluster_id(1, "x") == "c1-" + hashlib.sha256(b"1:x").hexdigest()[:16]
    level0 = pl.DataFrame(
        {
            "name_0": ["a", "b"],
            "description_0": ["da", None],
            "name_1": ["p", "p"],
            "description_1": ["dp", "dp"],
            "name_2": ["top", "top"],
            "description_2": ["dt", "dt"],
            "records_pct": [60.0, 40.0],
        }
    )
    nodes = cluster_nodes(level0)
    assert nodes.height == 4
    by_name = {(r["level"], r["name"]): r for r in nodes.to_dicts()}
    assert by_name[(1, "p")]["children_count"] == 2
    assert by_name[(1, "p")]["records_pct"] is None
    assert by_name[(0, "b")]["parent_id"] == cluster_id(1, "p")
    assert by_name[(0, "b")]["level_2_id"] == cluster_id(2, "top")
    assert by_name[(2, "top")]["parent_id"] is None
