"""What the list pages compute from the API's rows: sortable headers, the pager, statements
grouped from (statement, occupation) rows, and the share of records of a cluster level.

Pure functions of the wire models and of the page's own query; no HTTP, no cache
(``search_pages`` fetches the rows and renders).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from econindex_api import models

# --- sortable columns ---


@dataclass(frozen=True)
class SortColumn:
    """A column a list page sorts on: its header, its ``sort=`` value (the API's where the
    API sorts on it) and the direction of a first click (text A-Z, numbers largest first)."""

    header: str
    field: str
    descending_first: bool = True
    # The cells' kind: text (sorted A to Z first), or pct / int / usd (numbers, the header
    # right-aligned with them), or list (a list of links, sorted by its length).
    kind: str = "text"


@dataclass(frozen=True)
class SortLink:
    header: str
    href: str
    kind: str
    aria_sort: str | None  # "ascending" / "descending" on the column the list is sorted by
    label: str  # what the link does, for its title and the phone's sort line


def sort_choices(columns: Sequence[SortColumn]) -> tuple[str, ...]:
    """Every ``sort=`` value of these columns, both directions."""
    return tuple(x for c in columns for x in (c.field, f"-{c.field}"))


def sort_links(
    columns: Sequence[SortColumn], current: str, href_of: Callable[[str], str]
) -> list[SortLink]:
    """One header link per column: on the column the list is sorted by, the link reverses
    the direction; elsewhere it sorts by the column in its first direction."""
    out = []
    for c in columns:
        if current == c.field:
            state, target = "ascending", f"-{c.field}"
        elif current == f"-{c.field}":
            state, target = "descending", c.field
        else:
            state, target = None, f"-{c.field}" if c.descending_first else c.field
        words = "largest first" if target.startswith("-") else "smallest first"
        if c.kind == "text":
            words = "Z to A" if target.startswith("-") else "A to Z"
        out.append(SortLink(c.header, href_of(target), c.kind, state, f"{c.header}, {words}"))
    return out


# --- the pager ---


@dataclass(frozen=True)
class Pager:
    """Where a page of ``size`` items starting at ``offset`` sits among ``total``."""

    offset: int
    size: int
    total: int
    shown: int
    previous_href: str | None
    next_href: str | None
    first_href: str | None

    @property
    def first(self) -> int:
        return self.offset + 1 if self.shown else 0

    @property
    def last(self) -> int:
        return self.offset + self.shown


def pager(offset: int, size: int, total: int, shown: int, href_at: Callable[[int], str]) -> Pager:
    """The links to the pages before and after ``offset`` (``href_at(offset)``)."""
    previous = href_at(max(offset - size, 0)) if offset > 0 else None
    following = href_at(offset + size) if offset + size < total else None
    first = href_at(0) if offset > size else None
    return Pager(offset, size, total, shown, previous, following, first)


# --- the task search: one entry per statement ---


@dataclass(frozen=True)
class Statement:
    """A task statement among the search's hits, with the occupations that carry it.

    The API's rows are (statement, occupation) pairs, each with its own task id: a statement
    three occupations carry is three rows with the same ``task_key`` (and ``share_pct``, the
    key's share)."""

    task_key: str
    statement: str
    share_pct: float
    rows: tuple[models.TaskUsageRow, ...]  # one per occupation, in the API's order

    @property
    def occupations(self) -> int:
        return len(self.rows)


def statements_of(rows: Iterable[models.TaskUsageRow]) -> list[Statement]:
    """The rows grouped by ``task_key``, each statement where its first row is: the API's
    order (by share or by statement, then task id) decides the statements' order."""
    groups: dict[str, list[models.TaskUsageRow]] = {}
    for row in rows:
        groups.setdefault(row.task_key, []).append(row)
    return [
        Statement(key, group[0].statement, group[0].share_pct, tuple(group))
        for key, group in groups.items()
    ]


def by_occupations(statements: Sequence[Statement], descending: bool) -> list[Statement]:
    """Statements by how many occupations carry them (a page-only sort: the API's rows have
    no such column), ties in the order given."""
    sign = -1 if descending else 1
    return sorted(statements, key=lambda s: sign * s.occupations)


# --- clusters: the share of records of levels 1 and 2 ---


def cluster_shares(level0: Iterable[models.ClusterRow]) -> dict[str, float]:
    """Share of records (%) of every level-1 and level-2 cluster: the sum of the
    ``records_pct`` of the level-0 clusters under it.

    Upstream publishes ``percent_records`` for level-0 clusters only (every record is in one
    level-0 cluster, so the level-0 shares sum to 100 and a parent's share is the sum of its
    children's). The values are bucket averages upstream, so a sum is as exact as they are.
    ``users_pct`` is not summed: a user can be in several clusters.
    """
    parts: dict[str, list[float]] = {}
    for row in level0:
        if row.level != 0 or row.records_pct is None:
            continue
        for parent in (row.level_1_id, row.level_2_id):
            if parent is not None:
                parts.setdefault(parent, []).append(row.records_pct)
    # fsum: the correctly rounded sum, whatever the order of the rows
    return {parent: math.fsum(values) for parent, values in parts.items()}


def cluster_share(row: models.ClusterRow, sums: dict[str, float]) -> float | None:
    """A cluster's share of records: as published for level 0, summed for levels 1 and 2."""
    return row.records_pct if row.level == 0 else sums.get(row.cluster_id)
