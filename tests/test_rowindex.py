"""The fast list path (server/rowindex.py) answers exactly what the Polars queries answer.

Random queries over the real build: the rows and their order from ``RowIndex`` equal those of
``queries.filter_*`` + ``queries.sort_rows`` (the reference implementation), and the page
bytes equal msgspec's encoding of the rows converted one by one.
"""

from __future__ import annotations

import random
from pathlib import Path

import msgspec
import polars as pl
import pytest

from econindex_api import models
from econindex_api.server import queries
from econindex_api.server.areas.common import OCC_SORT_USAGE, TASK_SORT_USAGE
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


def _and(mask, other):  # type: ignore[no-untyped-def]
    return other if mask is None else mask & other


def test_task_pages_equal_the_polars_query(views: ReleaseViews) -> None:
    index, rows = views.task_index, views.task_rows
    assert index is not None and rows is not None
    rng = random.Random(8)
    groups = sorted(views.major_groups)
    codes = sorted(views.occupation_codes)
    for _ in range(120):
        q = " ".join(rng.sample(WORDS, rng.choice([0, 1, 1, 2])))
        min_share = rng.choice([None, 0.0, rng.random() / 50])
        group = rng.choice([None, None, rng.choice(groups)])
        occupation = rng.choice([None, None, None, rng.choice(codes)])
        sort = rng.choice([f for s in TASK_SORT_USAGE for f in (s, "-" + s)])
        expected = queries.sort_rows(
            queries.filter_task_usage(
                rows, q=q or None, occupation=occupation, major_group=group, min_share_pct=min_share
            ),
            sort,
            ["task_id"],
        )
        mask = index.contains_words("task_key", q)
        if occupation is not None:
            mask = _and(mask, index.equals("onet_soc_code", occupation))
        if group is not None:
            mask = _and(mask, index.equals("major_group_code", group))
        if min_share is not None:
            mask = _and(mask, index.at_least("share_pct", min_share))
        positions = index.select(mask, sort)
        got = index.take(positions)
        assert got["task_id"].to_list() == expected["task_id"].to_list(), (q, sort)
        page = positions[:50]
        reference = msgspec.json.encode(
            msgspec.convert(expected.head(50).to_dicts(), list[models.TaskUsageRow])
        )
        assert index.json_rows(page) == reference


def test_occupation_pages_equal_the_polars_query(views: ReleaseViews) -> None:
    index, rows = views.occupation_index, views.occupation_rows
    assert index is not None and rows is not None
    rng = random.Random(9)
    for _ in range(120):
        q = rng.choice([None, "manager", "Software dev", "15-11", "engineer", "a", "zzz"])
        low = rng.choice([None, rng.randint(20_000, 150_000)])
        high = rng.choice([None, (low or 20_000) + rng.randint(1, 100_000)])
        sort = rng.choice([f for s in OCC_SORT_USAGE for f in (s, "-" + s)])
        canonical_q = " ".join(q.split()).lower() if q else None
        expected = queries.sort_rows(
            queries.filter_occupation_usage(
                rows, q=canonical_q, min_wage_usd=low, max_wage_usd=high
            ),
            sort,
            ["onet_soc_code"],
        )
        mask = index.contains_words("title", canonical_q)
        if mask is not None and canonical_q:
            mask = mask | index.starts_with("onet_soc_code", canonical_q)
        if low is not None:
            mask = _and(mask, index.at_least("median_wage_usd", low))
        if high is not None:
            mask = _and(mask, index.at_most("median_wage_usd", high))
        got = index.take(index.select(mask, sort))
        assert got["onet_soc_code"].to_list() == expected["onet_soc_code"].to_list(), (q, sort)
        assert got.equals(expected.select(rows.columns)) or got.height == 0


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
