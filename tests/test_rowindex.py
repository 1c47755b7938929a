"""The list filters that serve /tasks and /occupations (server/rowindex.py, through
``areas.tasks.task_usage_positions`` and ``areas.occupations.occupation_usage_positions``)
answer what the rules say.

Random queries over the real build: the rows and their order equal those of a plain-Python
reading of the rules (``expected_*`` below: every word of q, equality, inclusive bounds,
then the sort field with missing values last and the key as tiebreaker), and the page bytes
equal msgspec's encoding of the rows converted one by one.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import msgspec
import polars as pl
import pytest

from econindex_api import models
from econindex_api.server.areas.common import OCC_SORT_USAGE, TASK_SORT_USAGE
from econindex_api.server.areas.occupations import occupation_usage_positions
from econindex_api.server.areas.tasks import task_usage_positions
from econindex_api.server.data_source import LocalDataSource
from econindex_api.server.rowindex import RowIndex
from econindex_api.server.store import Store
from econindex_api.server.views import ReleaseViews

WORDS = ["data", "software", "patient", "the", "an", "repair", "x-ray", "zzz", "e", "sales"]


@pytest.fixture(scope="module")
def views(published_root: Path) -> ReleaseViews:
    state = Store(LocalDataSource(published_root)).load().releases["2025-02-10"]
    assert state.views is not None
    return state.views


def sorted_rows(rows: list[dict[str, Any]], sort: str, key: str) -> list[dict[str, Any]]:
    """``sort`` (``-field``: descending), then ``key`` ascending; missing values last."""
    field = sort.lstrip("-")
    by_key = sorted(rows, key=lambda r: r[key])
    present = [r for r in by_key if r[field] is not None]
    missing = [r for r in by_key if r[field] is None]
    # sorted() is stable, also with reverse=True: ties stay in key order.
    ordered = sorted(present, key=lambda r: r[field], reverse=sort.startswith("-"))
    return ordered + missing


def expected_tasks(
    rows: list[dict[str, Any]],
    q: str,
    occupation: str | None,
    group: str | None,
    min_share: float | None,
    sort: str,
) -> list[dict[str, Any]]:
    words = q.lower().split()
    kept = [
        r
        for r in rows
        if all(w in r["statement"].lower() for w in words)
        and (occupation is None or r["onet_soc_code"] == occupation)
        and (group is None or r["major_group_code"] == group)
        and (min_share is None or r["share_pct"] >= min_share)
    ]
    return sorted_rows(kept, sort, "task_id")


def expected_occupations(
    rows: list[dict[str, Any]], q: str | None, low: int | None, high: int | None, sort: str
) -> list[dict[str, Any]]:
    words = (q or "").lower().split()

    def matches(r: dict[str, Any]) -> bool:
        if not words:
            return True
        in_title = all(w in r["title"].lower() for w in words)
        return in_title or r["onet_soc_code"].startswith((q or "").strip())

    def in_range(r: dict[str, Any]) -> bool:
        wage = r["median_wage_usd"]
        if low is None and high is None:
            return True
        return wage is not None and (low is None or wage >= low) and (high is None or wage <= high)

    kept = [r for r in rows if matches(r) and in_range(r)]
    return sorted_rows(kept, sort, "onet_soc_code")


def test_task_pages_equal_the_rules(views: ReleaseViews) -> None:
    index, frame = views.task_index, views.task_rows
    assert index is not None and frame is not None
    rows = frame.to_dicts()
    rng = random.Random(8)
    groups = sorted(views.major_groups)
    codes = sorted(views.occupation_codes)
    nonempty = 0
    for _ in range(120):
        q = " ".join(rng.sample(WORDS, rng.choice([0, 1, 1, 2])))
        min_share = rng.choice([None, 0.0, rng.random() / 50])
        group = rng.choice([None, None, rng.choice(groups)])
        occupation = rng.choice([None, None, None, rng.choice(codes)])
        sort = rng.choice([f for s in TASK_SORT_USAGE for f in (s, "-" + s)])
        expected = expected_tasks(rows, q, occupation, group, min_share, sort)
        positions = task_usage_positions(
            index,
            q=q or None,
            occupation=occupation,
            major_group=group,
            min_share_pct=min_share,
            sort=sort,
        )
        got = index.take(positions)
        assert got["task_id"].to_list() == [r["task_id"] for r in expected], (q, sort)
        nonempty += bool(expected)
        page = positions[:50]
        reference = msgspec.json.encode(msgspec.convert(expected[:50], list[models.TaskUsageRow]))
        assert index.json_rows(page) == reference
    assert nonempty >= 30  # the random queries are not all empty answers


def test_occupation_pages_equal_the_rules(views: ReleaseViews) -> None:
    index, frame = views.occupation_index, views.occupation_rows
    assert index is not None and frame is not None
    rows = frame.to_dicts()
    rng = random.Random(9)
    nonempty = 0
    for _ in range(120):
        q = rng.choice([None, "manager", "Software dev", "15-11", "engineer", "a", "zzz"])
        low = rng.choice([None, rng.randint(20_000, 150_000)])
        high = rng.choice([None, (low or 20_000) + rng.randint(1, 100_000)])
        sort = rng.choice([f for s in OCC_SORT_USAGE for f in (s, "-" + s)])
        canonical_q = " ".join(q.split()).lower() if q else None
        expected = expected_occupations(rows, canonical_q, low, high, sort)
        positions = occupation_usage_positions(
            index,
            q=canonical_q,
            major_group=None,
            min_wage_usd=low,
            max_wage_usd=high,
            sort=sort,
        )
        got = index.take(positions)
        codes = [r["onet_soc_code"] for r in expected]
        assert got["onet_soc_code"].to_list() == codes, (q, sort)
        assert got.to_dicts() == expected
        nonempty += bool(expected)
    assert nonempty >= 30


class _Row(msgspec.Struct):
    code: str
    wage: float | None


def test_nulls_are_left_out_by_bounds_and_sorted_last() -> None:
    frame = pl.DataFrame(
        {"code": ["a", "b", "c", "d"], "wage": [50.0, None, 30.0, None]},
        schema={"code": pl.String, "wage": pl.Float64},
    )
    index = RowIndex(frame, _Row, key=["code"], numeric=["wage"])
    assert index.take(index.select(index.at_least("wage", 0), "code"))["code"].to_list() == [
        "a",
        "c",
    ]
    assert index.take(index.select(None, "-wage"))["code"].to_list() == ["a", "c", "b", "d"]
    assert index.take(index.select(None, "wage"))["code"].to_list() == ["c", "a", "b", "d"]
    assert (
        index.json_rows(index.order("code")[:2])
        == b'[{"code":"a","wage":50.0},{"code":"b","wage":null}]'
    )
