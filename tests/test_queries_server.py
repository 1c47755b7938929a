"""The server's pure parts: row frames, filters, sorting, cursors, parameters, ranges.

A tiny hand-made release (canonical tables) whose every number is worked out in comments:

occupations  A 11-1011.00 (wage 100k), B 15-1131.00 (80k), C 27-2011.00 (41.6k), D 15-1199.00
             (no tasks, no usage row)
tasks        1 A "Plan budgets."   2 A "Write code."   3 B "Write code."
             4 B "Test programs."  5 C "Perform roles."
task_usage   "write code." 60 (n = 2), "test programs." 30 (n = 1), "unknown task" 10 (unmatched)
pairs        weights 30, 30, 30 over a total of 90 -> shares 33.33 each:
             (write code, A, task 2), (write code, B, task 3), (test programs, B, task 4)
occupation_usage  A 33.33 (1 of 2 tasks used), B 66.67 (2 of 2), C 0 (0 of 1)
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from econindex_api.publishing.canonical import ALL_TABLES
from econindex_api.server import queries
from econindex_api.server.areas.occupations import occupation_usage_positions
from econindex_api.server.areas.tasks import task_usage_positions
from econindex_api.server.declarations import linked_endpoint_names
from econindex_api.server.downloads import parse_range
from econindex_api.server.toolkit.pagination import decode_cursor, encode_cursor, query_fingerprint
from econindex_api.server.toolkit.params import LIMIT, MAJOR_GROUP, ParamSpec, parse_query
from econindex_api.server.toolkit.problems import ApiProblem
from econindex_api.server.toolkit.respond import prefers_csv
from econindex_api.server.views import ReleaseViews

THIRD = 100.0 / 3


def _table(name: str, rows: list[dict[str, object]]) -> pl.DataFrame:
    spec = ALL_TABLES[name]
    return spec.conform(pl.DataFrame(rows, schema=spec.polars_schema()))


def _occupation(
    code: str, title: str, group: str, wage: float | None, basis: str
) -> dict[str, object]:
    return {
        "onet_soc_code": code,
        "title": title,
        "soc_2010_code": code[:7],
        "major_group_code": group,
        "major_group_title": {"11-0000": "Management", "15-0000": "Computer", "27-0000": "Arts"}[
            group
        ],
        "median_wage_usd": wage,
        "wage_basis": basis,
        "median_wage_published": wage if basis == "annual" else 20.0,
        "job_zone": 3,
        "has_tasks": code != "15-1199.00",
    }


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return {
        "occupations": _table(
            "occupations",
            [
                _occupation("11-1011.00", "Chief Executives", "11-0000", 100_000.0, "annual"),
                _occupation("15-1131.00", "Computer Programmers", "15-0000", 80_000.0, "annual"),
                _occupation("27-2011.00", "Actors", "27-0000", 41_600.0, "hourly_annualized"),
                _occupation("15-1199.00", "Other Computer", "15-0000", None, "unknown"),
            ],
        ),
        "tasks": _table(
            "tasks",
            [
                {
                    "task_id": 1,
                    "onet_soc_code": "11-1011.00",
                    "statement": "Plan budgets.",
                    "task_type": "Core",
                    "task_key": "plan budgets.",
                },
                {
                    "task_id": 2,
                    "onet_soc_code": "11-1011.00",
                    "statement": "Write code.",
                    "task_type": None,
                    "task_key": "write code.",
                },
                {
                    "task_id": 3,
                    "onet_soc_code": "15-1131.00",
                    "statement": "Write code.",
                    "task_type": "Core",
                    "task_key": "write code.",
                },
                {
                    "task_id": 4,
                    "onet_soc_code": "15-1131.00",
                    "statement": "Test programs.",
                    "task_type": "Core",
                    "task_key": "test programs.",
                },
                {
                    "task_id": 5,
                    "onet_soc_code": "27-2011.00",
                    "statement": "Perform roles.",
                    "task_type": "Supplemental",
                    "task_key": "perform roles.",
                },
            ],
        ),
        "task_usage": _table(
            "task_usage",
            [
                {
                    "task_key": "write code.",
                    "share_pct": 60.0,
                    "matched": True,
                    "occupations_count": 2,
                },
                {
                    "task_key": "test programs.",
                    "share_pct": 30.0,
                    "matched": True,
                    "occupations_count": 1,
                },
                {
                    "task_key": "unknown task",
                    "share_pct": 10.0,
                    "matched": False,
                    "occupations_count": 0,
                },
            ],
        ),
        "task_occupation_shares": _table(
            "task_occupation_shares",
            [
                {
                    "task_key": "write code.",
                    "onet_soc_code": "11-1011.00",
                    "task_id": 2,
                    "weight_pct": 30.0,
                    "share_pct": THIRD,
                },
                {
                    "task_key": "write code.",
                    "onet_soc_code": "15-1131.00",
                    "task_id": 3,
                    "weight_pct": 30.0,
                    "share_pct": THIRD,
                },
                {
                    "task_key": "test programs.",
                    "onet_soc_code": "15-1131.00",
                    "task_id": 4,
                    "weight_pct": 30.0,
                    "share_pct": THIRD,
                },
            ],
        ),
        "occupation_usage": _table(
            "occupation_usage",
            [
                {
                    "onet_soc_code": "11-1011.00",
                    "share_pct": THIRD,
                    "tasks_total": 2,
                    "tasks_with_usage": 1,
                    "tasks_with_usage_fraction": 0.5,
                },
                {
                    "onet_soc_code": "15-1131.00",
                    "share_pct": 2 * THIRD,
                    "tasks_total": 2,
                    "tasks_with_usage": 2,
                    "tasks_with_usage_fraction": 1.0,
                },
                {
                    "onet_soc_code": "27-2011.00",
                    "share_pct": 0.0,
                    "tasks_total": 1,
                    "tasks_with_usage": 0,
                    "tasks_with_usage_fraction": 0.0,
                },
            ],
        ),
    }


def test_task_rows_carry_key_share_and_attributed_share(tables: dict[str, pl.DataFrame]) -> None:
    rows = queries.task_usage_rows(tables).sort("task_id")
    assert rows["task_id"].to_list() == [1, 2, 3, 4, 5]
    assert rows["share_pct"].to_list() == [0.0, 60.0, 60.0, 30.0, 0.0]
    assert rows["attributed_share_pct"].to_list() == pytest.approx([0, THIRD, THIRD, THIRD, 0])
    assert rows["occupations_count"].to_list() == [1, 2, 2, 1, 1]
    assert rows["has_usage"].to_list() == [False, True, True, True, False]
    assert rows["major_group_code"].to_list() == [
        "11-0000",
        "11-0000",
        "15-0000",
        "15-0000",
        "27-0000",
    ]
    assert rows["occupation_title"][4] == "Actors"
    assert sum(rows["attributed_share_pct"].to_list()) == pytest.approx(100.0)


def test_task_filters_and_stable_sort(tables: dict[str, pl.DataFrame]) -> None:
    """The serving filter of /tasks (a RowIndex, areas.tasks) against hand-worked answers."""
    rows = queries.task_usage_rows(tables)
    index = ReleaseViews.from_tables(tables).task_index
    assert index is not None

    def ids(sort: str = "-share_pct", **filters: Any) -> list[int]:
        given = {"q": None, "occupation": None, "major_group": None, "min_share_pct": None}
        positions = task_usage_positions(index, sort=sort, **{**given, **filters})
        return list(index.take(positions)["task_id"].to_list())

    assert queries.sort_rows(rows, "-share_pct", ["task_id"])["task_id"].to_list() == [
        2,
        3,
        4,
        1,
        5,
    ]
    assert ids() == [2, 3, 4, 1, 5]  # 60, 60 (tie -> task id), 30, 0, 0
    assert ids(q="WRITE") == [2, 3]
    assert ids(q="code write") == [2, 3]  # every word, any order
    assert ids(q="write programs") == []
    assert ids(occupation="15-1131.00") == [3, 4]
    assert ids(major_group="15-0000") == [3, 4]
    assert ids(min_share_pct=30) == [2, 3, 4]
    assert ids(q="write", major_group="15-0000") == [3]
    sorted_asc = queries.sort_rows(rows, "statement", ["task_id"])["task_id"].to_list()
    assert sorted_asc == [5, 1, 4, 2, 3]  # Perform, Plan, Test, Write(2), Write(3)
    assert ids("statement") == [5, 1, 4, 2, 3]


def test_occupation_rows_and_filters(tables: dict[str, pl.DataFrame]) -> None:
    """The rows, and the serving filter of /occupations (a RowIndex, areas.occupations)
    against hand-worked answers."""
    rows = queries.occupation_usage_rows(tables)
    assert rows["onet_soc_code"].to_list() == ["11-1011.00", "15-1131.00", "27-2011.00"]
    assert rows["major_group_title"].to_list() == ["Management", "Computer", "Arts"]
    index = ReleaseViews.from_tables(tables).occupation_index
    assert index is not None

    def codes(sort: str = "-share_pct", **filters: Any) -> list[str]:
        given = {"q": None, "major_group": None, "min_wage_usd": None, "max_wage_usd": None}
        positions = occupation_usage_positions(index, sort=sort, **{**given, **filters})
        return list(index.take(positions)["onet_soc_code"].to_list())

    assert codes() == ["15-1131.00", "11-1011.00", "27-2011.00"]
    assert codes(major_group="15-0000") == ["15-1131.00"]
    assert codes(q="chief") == ["11-1011.00"]
    assert codes(q="27-20") == ["27-2011.00"]
    in_range = codes("median_wage_usd", min_wage_usd=41_600, max_wage_usd=80_000)
    assert in_range == ["27-2011.00", "15-1131.00"]


def test_task_and_occupation_detail(tables: dict[str, pl.DataFrame]) -> None:
    views = ReleaseViews.from_tables(tables)
    assert views.task_rows is not None and views.pair_rows is not None
    assert views.occupation_rows is not None
    found = queries.task_detail(views.task_rows, views.pair_rows, 3)
    assert found is not None
    row, occupations = found
    assert row["statement"] == "Write code."
    assert [o["onet_soc_code"] for o in occupations] == ["11-1011.00", "15-1131.00"]
    assert [o["task_id"] for o in occupations] == [2, 3]
    assert [o["attributed_share_pct"] for o in occupations] == pytest.approx([THIRD, THIRD])
    assert queries.task_detail(views.task_rows, views.pair_rows, 99) is None

    detail = queries.occupation_detail(views.occupation_rows, views.task_rows, "15-1131.00")
    assert detail is not None
    occupation, tasks = detail
    assert occupation["share_pct"] == pytest.approx(2 * THIRD)
    assert [t["task_id"] for t in tasks] == [3, 4]  # equal attributed shares -> task id
    assert queries.occupation_detail(views.occupation_rows, views.task_rows, "15-1199.00") is None


def test_views_say_which_endpoints_apply(tables: dict[str, pl.DataFrame]) -> None:
    usage = ReleaseViews.from_tables(tables)
    # no category_usage or interaction tables in this fixture
    assert linked_endpoint_names(usage) == ["tables", "tasks", "occupations", "wage_bands", "depth"]
    exposure = ReleaseViews.from_tables(
        {
            "job_exposure": _table(
                "job_exposure",
                [
                    {
                        "soc_2018_code": "15-1251",
                        "title": "Computer Programmers",
                        "major_group_code": "15-0000",
                        "observed_exposure_fraction": 0.75,
                    }
                ],
            )
        }
    )
    assert linked_endpoint_names(exposure) == ["tables", "occupations"]
    assert exposure.exposure_rows is not None
    assert queries.exposure_occupation_detail(exposure.exposure_rows, "15-1251.00") is not None
    assert queries.exposure_occupation_detail(exposure.exposure_rows, "15-1251.01") is None


def test_wage_band_and_depth_answers(tables: dict[str, pl.DataFrame]) -> None:
    rows = queries.occupation_usage_rows(tables)
    # median of 41.6k, 80k, 100k is 80k: [-inf, 80k) holds C (share 0), [80k, inf) A and B.
    answer = queries.wage_band_answer(rows, edges=None, quantiles=[0.5])
    assert answer["edges_usd"] == [80_000.0]
    assert answer["table"]["occupations_count"].to_list() == [1, 2, 0]
    assert answer["table"]["share_pct"].to_list() == pytest.approx([0.0, 100.0, 0.0])
    default = queries.wage_band_answer(rows, edges=None, quantiles=None)
    assert default["quantiles"] == [0.25, 0.5, 0.75]
    assert default["method"] == "quantiles"
    depth = queries.depth_answer(rows, [0.5, 0.75], 2)
    # fractions 0.5, 1, 0 -> >= .5: 2 of 3; >= .75: 1 of 3
    assert depth["table"]["occupations_count"].to_list() == [2, 1]
    assert depth["distribution"]["occupations_count"].to_list() == [1, 2]


def test_cursor_round_trip_and_tampering() -> None:
    fp = query_fingerprint("abc", "tasks", {"q": "x", "limit": 5, "sort": "-share_pct"})
    # limit, cursor and format do not change the rows or their order
    assert fp == query_fingerprint(
        "abc",
        "tasks",
        {"q": "x", "limit": 50, "sort": "-share_pct", "format": "csv", "cursor": "zz"},
    )
    assert fp != query_fingerprint("abc", "tasks", {"q": "y", "sort": "-share_pct"})
    assert fp != query_fingerprint("abd", "tasks", {"q": "x", "sort": "-share_pct"})
    cursor = encode_cursor(40, fp)
    assert decode_cursor(cursor, fp, total=100) == 40
    for bad in (cursor[:-2] + "AA", "not a cursor!", "", "=" * 8, encode_cursor(40, "0" * 16)):
        with pytest.raises(ApiProblem) as info:
            decode_cursor(bad, fp, total=100)
        assert info.value.parameter == "cursor" and info.value.status == 400
    with pytest.raises(ApiProblem):
        decode_cursor(encode_cursor(101, fp), fp, total=100)


SPECS = (
    LIMIT,
    MAJOR_GROUP,
    ParamSpec("t", "number_list", "thresholds", minimum=0, maximum=1, max_items=3),
    ParamSpec("q", "text", "search"),
)


@pytest.mark.parametrize(
    ("query", "parameter", "fragment"),
    [
        (b"limit=-1", "limit", "out of range"),
        (b"limit=0", "limit", "out of range"),
        (b"limit=1001", "limit", "out of range"),
        (b"limit=99999999999999999999999999", "limit", "not an integer"),
        (b"limit=1.5", "limit", "not an integer"),
        (b"limit=", "limit", "must not be empty"),
        (b"limit=1&limit=2", "limit", "more than once"),
        (b"major_group=1", "major_group", "not a SOC major group"),
        (b"major_group=15-1000", "major_group", "not a SOC major group"),
        (b"t=0.5,nan", "t", "finite"),
        (b"t=0.5,2", "t", "out of range"),
        (b"t=a", "t", "not a number"),
        (b"t=0.1,0.2,0.3,0.4", "t", "at most 3"),
        (b"bogus=1", "bogus", "unknown query parameter"),
    ],
)
def test_bad_parameters_name_the_parameter(query: bytes, parameter: str, fragment: str) -> None:
    with pytest.raises(ApiProblem) as info:
        parse_query(query, SPECS)
    assert info.value.status == 400
    assert info.value.parameter == parameter
    assert fragment in info.value.detail


def test_bad_query_strings_are_400_not_crashes() -> None:
    for raw in (b"q=%ff%fe", b"q=\xff", b"&".join(b"a%d=1" % i for i in range(100))):
        with pytest.raises(ApiProblem) as info:
            parse_query(raw, SPECS)
        assert info.value.status == 400


def test_parameters_are_typed_and_normalized() -> None:
    values = parse_query(b"limit=25&major_group=15&t=0.25,0.5&q=%20data%20", SPECS)
    assert values == {"limit": 25, "major_group": "15-0000", "t": [0.25, 0.5], "q": "data"}
    assert parse_query(b"major_group=15-0000", SPECS)["major_group"] == "15-0000"
    assert parse_query(b"", SPECS)["limit"] is None


def test_accept_negotiation() -> None:
    assert prefers_csv("text/csv")
    assert prefers_csv("text/csv, application/json;q=0.5")
    assert not prefers_csv("application/json, text/csv")  # equal: JSON
    assert not prefers_csv("*/*")
    assert not prefers_csv(None)
    assert not prefers_csv("text/csv;q=0.2, */*")


def test_range_parsing() -> None:
    assert parse_range(None, 100) is None
    assert parse_range("bytes=0-9", 100) == (0, 9)
    assert parse_range("bytes=90-", 100) == (90, 99)
    assert parse_range("bytes=-10", 100) == (90, 99)
    assert parse_range("bytes=-1000", 100) == (0, 99)
    assert parse_range("bytes=50-5000", 100) == (50, 99)
    assert parse_range("bytes=100-", 100) == "unsatisfiable"
    assert parse_range("bytes=-0", 100) == "unsatisfiable"
    assert parse_range("bytes=9-1", 100) is None  # invalid: ignored
    assert parse_range("bytes=0-1,5-6", 100) is None  # several ranges: whole file
    assert parse_range("items=0-1", 100) is None
