"""The change methods (methods/change.py) on hand-worked fixtures.

Every expected number is worked out by hand in the comments, or recomputed with a plain-Python
implementation (:func:`plain_compare`), never with the functions under test.
"""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest

from econindex_api.methods import change

# Three groups before, three after; "11" only before, "17" only after; "15" rose from 10 to 12.5;
# "13" was 0 before (relative change undefined).
BEFORE = pl.DataFrame(
    {
        "major_group_code": ["11-0000", "13-0000", "15-0000"],
        "major_group_title": ["Management", "Business old title", "Computer"],
        "share_pct": [5.0, 0.0, 10.0],
    }
)
AFTER = pl.DataFrame(
    {
        "major_group_code": ["13-0000", "15-0000", "17-0000"],
        "major_group_title": ["Business", "Computer", "Architecture"],
        "share_pct": [2.0, 12.5, 4.0],
    }
)


def plain_compare(
    before: list[tuple[str, float]], after: list[tuple[str, float]]
) -> dict[str, tuple[float | None, float | None, float | None, float | None, bool, bool]]:
    """Plain-Python twin: key -> (from, to, change, relative, in_from, in_to)."""
    b = dict(before)
    a = dict(after)
    out = {}
    for key in set(b) | set(a):
        x = b.get(key)
        y = a.get(key)
        diff = None if x is None or y is None else y - x
        rel = None if diff is None or x == 0 else diff / x  # type: ignore[operator]
        out[key] = (x, y, diff, rel, key in b, key in a)
    return out


def test_compare_values_hand_worked() -> None:
    rows = change.compare_values(
        BEFORE,
        AFTER,
        keys=["major_group_code"],
        value="share_pct",
        labels=["major_group_title"],
    )
    got = {r["major_group_code"]: r for r in rows.to_dicts()}
    assert list(got) == ["11-0000", "13-0000", "15-0000", "17-0000"]  # key order
    # 11: only before -> to null, change null, never zero.
    assert got["11-0000"]["from_value"] == 5.0
    assert got["11-0000"]["to_value"] is None
    assert got["11-0000"]["change"] is None
    assert got["11-0000"]["relative_change"] is None
    assert (got["11-0000"]["in_from"], got["11-0000"]["in_to"]) == (True, False)
    assert got["11-0000"]["major_group_title"] == "Management"
    # 13: 0 -> 2: change +2 pp, relative undefined (from is 0); title from the newer release.
    assert got["13-0000"]["change"] == 2.0
    assert got["13-0000"]["relative_change"] is None
    assert got["13-0000"]["major_group_title"] == "Business"
    # 15: 10 -> 12.5: +2.5 pp, relative (12.5 - 10) / 10 = 0.25.
    assert got["15-0000"]["change"] == 2.5
    assert got["15-0000"]["relative_change"] == pytest.approx(0.25)
    assert (got["15-0000"]["in_from"], got["15-0000"]["in_to"]) == (True, True)
    # 17: only after -> from null.
    assert got["17-0000"]["from_value"] is None
    assert got["17-0000"]["to_value"] == 4.0
    assert got["17-0000"]["change"] is None
    assert (got["17-0000"]["in_from"], got["17-0000"]["in_to"]) == (False, True)


def test_compare_values_agrees_with_plain_python() -> None:
    before = [("a", 1.5), ("b", 0.0), ("c", 3.25), ("d", 7.0)]
    after = [("b", 0.5), ("c", 3.0), ("d", 7.0), ("e", 1.0)]
    rows = change.compare_values(
        pl.DataFrame(before, schema=["k", "v"], orient="row"),
        pl.DataFrame(after, schema=["k", "v"], orient="row"),
        keys=["k"],
        value="v",
    )
    expected = plain_compare(before, after)
    assert rows.height == len(expected)
    for r in rows.to_dicts():
        x, y, diff, rel, in_from, in_to = expected[r["k"]]
        assert (r["from_value"], r["to_value"]) == (x, y)
        assert r["change"] == (pytest.approx(diff) if diff is not None else None)
        assert r["relative_change"] == (pytest.approx(rel) if rel is not None else None)
        assert (r["in_from"], r["in_to"]) == (in_from, in_to)


def test_same_release_on_both_sides_changes_nothing() -> None:
    rows = change.compare_values(
        AFTER, AFTER, keys=["major_group_code"], value="share_pct", labels=["major_group_title"]
    )
    assert rows["change"].to_list() == [0.0, 0.0, 0.0]
    assert rows["relative_change"].to_list() == [0.0, 0.0, 0.0]
    assert rows["in_from"].all() and rows["in_to"].all()


def test_duplicate_keys_are_refused() -> None:
    twice = pl.concat([BEFORE, BEFORE.head(1)])
    with pytest.raises(ValueError, match="not unique"):
        change.compare_values(twice, AFTER, keys=["major_group_code"], value="share_pct")


def test_sort_by_absolute_change_and_filter() -> None:
    rows = change.compare_values(
        pl.DataFrame({"k": ["a", "b", "c", "d"], "v": [1.0, 5.0, 2.0, 4.0]}),
        pl.DataFrame({"k": ["a", "b", "c", "e"], "v": [4.0, 1.0, 2.5, 9.0]}),
        keys=["k"],
        value="v",
    )
    # changes: a +3, b -4, c +0.5, d null, e null
    by_abs = change.sort_changes(rows, "-abs_change", ["k"])
    assert by_abs["k"].to_list() == ["b", "a", "c", "d", "e"]  # nulls last, then by key
    assert change.sort_changes(rows, "change", ["k"])["k"].to_list() == ["b", "c", "a", "d", "e"]
    assert change.sort_changes(rows, "-to_value", ["k"])["k"].to_list() == [
        "e",
        "a",
        "c",
        "b",
        "d",
    ]
    kept = change.filter_min_abs_change(rows, 1.0)
    assert sorted(kept["k"].to_list()) == ["a", "b"]


def test_depth_comparison_same_thresholds() -> None:
    # before fractions 0/4, 1/4, 4/4 ; after 2/4, 3/4, 4/4, 0/2
    before = pl.DataFrame({"tasks_with_usage": [0, 1, 4], "tasks_total": [4, 4, 4]})
    after = pl.DataFrame({"tasks_with_usage": [2, 3, 4, 0], "tasks_total": [4, 4, 4, 2]})
    rows = change.depth_comparison(before, after, [0.25, 0.75])
    # t=0.25: before 2 of 3 = 66.67 %, after 3 of 4 = 75 % -> +8.33 pp
    # t=0.75: before 1 of 3 = 33.33 %, after 2 of 4 = 50 % -> +16.67 pp
    assert rows["threshold"].to_list() == [0.25, 0.75]
    assert rows["from_value"].to_list() == pytest.approx([200 / 3, 100 / 3])
    assert rows["to_value"].to_list() == pytest.approx([75.0, 50.0])
    assert rows["change"].to_list() == pytest.approx([75 - 200 / 3, 50 - 100 / 3])


def test_wage_band_comparison_fixed_edges() -> None:
    before = pl.DataFrame(
        {"median_wage_usd": [30_000.0, 70_000.0, None], "share_pct": [10.0, 60.0, 30.0]}
    )
    after = pl.DataFrame(
        {"median_wage_usd": [30_000.0, 45_000.0, 70_000.0], "share_pct": [5.0, 15.0, 80.0]}
    )
    rows = change.wage_band_comparison(before, after, [40_000, 60_000])
    # bands: [-inf, 40000), [40000, 60000), [60000, inf), no wage
    assert rows["label"].to_list() == ["[-inf, 40000)", "[40000, 60000)", "[60000, inf)", "no wage"]
    assert rows["from_value"].to_list() == [10.0, 0.0, 60.0, 30.0]
    assert rows["to_value"].to_list() == [5.0, 15.0, 80.0, 0.0]
    assert rows["change"].to_list() == [-5.0, 15.0, 20.0, -30.0]
    # relative: -0.5, undefined (from 0), 1/3, -1
    rel = rows["relative_change"].to_list()
    assert rel[0] == pytest.approx(-0.5) and rel[1] is None
    assert rel[2] == pytest.approx(1 / 3) and rel[3] == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        change.wage_band_comparison(before, after, [60_000, 40_000])
    with pytest.raises(ValueError):
        change.wage_band_comparison(before, after, [math.inf])


def test_order_series() -> None:
    points = [
        change.SeriesInput("2025-03-27", "2025-03-27", 2.0, True),
        change.SeriesInput("2025-02-10", "2025-02-10", None, False),
    ]
    assert [p.release_id for p in change.order_series(points)] == ["2025-02-10", "2025-03-27"]
    with pytest.raises(ValueError):
        change.order_series([*points, points[0]])


def test_compare_values_on_the_two_real_releases(published_root: Path) -> None:
    """Occupation shares of the oldest and newest usage releases, read with the csv module,
    compared by the method and by plain Python."""
    from tests.test_api_change import plain_change, usage_ids
    from tests.test_api_data import published

    ids = usage_ids(published_root)
    first, last = ids[0], ids[-1]
    sides = [
        {r["onet_soc_code"]: float(r["share_pct"]) for r in published(published_root, i, table)}
        for i, table in ((first, "occupation_usage"), (last, "occupation_usage"))
    ]
    frames = [
        pl.DataFrame(
            {"code": list(side), "share_pct": list(side.values())},
            schema={"code": pl.String, "share_pct": pl.Float64},
        )
        for side in sides
    ]
    rows = change.compare_values(frames[0], frames[1], keys=["code"], value="share_pct")
    expected = plain_change(sides[0], sides[1])
    assert rows.height == len(expected)
    for r in rows.to_dicts():
        x, y, diff, rel = expected[r["code"]]
        assert (r["from_value"], r["to_value"]) == (x, y)
        assert r["change"] == (pytest.approx(diff, abs=1e-12) if diff is not None else None)
        assert r["relative_change"] == (pytest.approx(rel) if rel is not None else None)
    if first != last:
        assert any(r["change"] for r in rows.to_dicts())  # the two reports differ
