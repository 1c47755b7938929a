"""What one loaded release can answer: its tables and the row frames built from them.

Which endpoints apply to a release follows from the tables its package has (not from its
series: each endpoint's variants say which frames they need, see ``registry``), so a future
layout that publishes only some tables gets exactly the endpoints those
tables support. Built once when the release is loaded; immutable afterwards.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import polars as pl

from econindex_api import models
from econindex_api.server import queries
from econindex_api.server.rowindex import RowIndex

# The tables each kind of row frame needs.
USAGE_TASK_TABLES = ("tasks", "occupations", "task_usage", "task_occupation_shares")
USAGE_OCCUPATION_TABLES = ("occupations", "occupation_usage")

Built = TypeVar("Built")


def _size(value: Any) -> int:
    """Bytes held by a prepared value: a frame, a row index, or a tuple/dict of them."""
    if isinstance(value, pl.DataFrame):
        return int(value.estimated_size())
    if isinstance(value, RowIndex):
        return value.nbytes
    if isinstance(value, (tuple, list)):
        return sum(_size(v) for v in value)
    if isinstance(value, dict):
        return sum(_size(v) for v in value.values())
    return 0


def _has(tables: Mapping[str, pl.DataFrame], names: tuple[str, ...]) -> bool:
    return all(n in tables for n in names)


@dataclass(frozen=True)
class ReleaseViews:
    tables: Mapping[str, pl.DataFrame]
    task_rows: pl.DataFrame | None = None
    pair_rows: pl.DataFrame | None = None
    penetration_rows: pl.DataFrame | None = None
    occupation_rows: pl.DataFrame | None = None
    exposure_rows: pl.DataFrame | None = None
    soc2018_rows: pl.DataFrame | None = None  # usage by 2018 SOC (occupation_usage_soc2018)
    category_rows: pl.DataFrame | None = None
    interaction_modes: pl.DataFrame | None = None
    interaction_split: pl.DataFrame | None = None
    occupation_modes: pl.DataFrame | None = None
    category_modes: pl.DataFrame | None = None
    occupation_thinking: pl.DataFrame | None = None
    task_thinking: pl.DataFrame | None = None
    clusters: pl.DataFrame | None = None
    task_index: RowIndex | None = None
    occupation_index: RowIndex | None = None
    major_groups: frozenset[str] = field(default_factory=frozenset)
    occupation_codes: frozenset[str] = field(default_factory=frozenset)
    # What an area prepares for itself from ``tables`` (see ``prepared``), by name.
    _prepared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _prepared_lock: threading.Lock = field(
        default_factory=threading.Lock, repr=False, compare=False
    )

    def prepared(self, name: str, build: Callable[[Mapping[str, pl.DataFrame]], Built]) -> Built:
        """A frame or row index an area builds from this release's tables, built once.

        Lets an area module own its prepared rows (e.g. ``areas/geographies.py``'s row
        indexes) without a field here: the first call builds (under a lock, so concurrent
        misses build once), later calls return the same object. Endpoints with ``warm``
        build theirs while the release is loaded, before it is served; others on their
        first request. ``nbytes`` counts whatever has been built so far.
        """
        found = self._prepared.get(name)
        if found is not None:
            return found  # type: ignore[no-any-return]
        with self._prepared_lock:
            found = self._prepared.get(name)
            if found is None:
                found = build(self.tables)
                self._prepared[name] = found
            return found

    @classmethod
    def from_tables(cls, tables: Mapping[str, pl.DataFrame]) -> ReleaseViews:
        task_rows = pair_rows = occupation_rows = category_rows = None
        penetration_rows = exposure_rows = modes = split = None
        if _has(tables, USAGE_TASK_TABLES):
            task_rows = queries.task_usage_rows(tables)
            pair_rows = queries.task_occupation_rows(tables)
        elif "task_penetration" in tables:
            penetration_rows = queries.penetration_rows(tables)
        if _has(tables, USAGE_OCCUPATION_TABLES):
            occupation_rows = queries.occupation_usage_rows(tables)
        elif "job_exposure" in tables:
            exposure_rows = queries.exposure_occupation_rows(tables)
        soc2018 = None
        if _has(tables, ("occupation_usage_soc2018", "soc_structure")):
            soc2018 = queries.soc2018_rows(tables)
        if "category_usage" in tables:
            category_rows = queries.category_rows(tables)
        if _has(tables, ("interaction_modes", "interaction_split")):
            modes = tables["interaction_modes"]
            split = tables["interaction_split"].sort("category")
        # Release 2025-03-27 and later: each frame exists when its tables do.
        occupation_modes = category_modes = occupation_thinking = task_thinking = None
        clusters = None
        if _has(tables, ("occupation_interaction_modes", "occupations")):
            occupation_modes = queries.occupation_mode_rows(tables)
        if "category_interaction_modes" in tables:
            category_modes = queries.category_mode_rows(tables)
        if _has(tables, ("occupation_thinking", "occupations")):
            occupation_thinking = queries.occupation_thinking_rows(tables)
        if _has(tables, ("task_thinking", "task_usage")):
            task_thinking = queries.task_thinking_rows(tables)
        if "clusters" in tables:
            clusters = queries.cluster_rows(tables)
        groups: set[str] = set()
        codes: set[str] = set()
        for frame in (occupation_rows, exposure_rows, category_rows):
            if frame is not None:
                groups.update(frame["major_group_code"].to_list())
        if "soc_structure" in tables:
            groups.update(tables["soc_structure"]["major_group_code"].to_list())
        if "occupations" in tables:
            codes.update(tables["occupations"]["onet_soc_code"].to_list())
        task_index = occupation_index = None
        if task_rows is not None:
            task_index = RowIndex(
                task_rows,
                models.TaskUsageRow,
                key=["task_id"],
                numeric=["share_pct"],
                # task_key: statements_total counts the distinct keys of a search
                codes=["onet_soc_code", "major_group_code", "task_key"],
            )
        if occupation_rows is not None:
            occupation_index = RowIndex(
                occupation_rows,
                models.OccupationUsageRow,
                key=["onet_soc_code"],
                numeric=["median_wage_usd"],
                codes=["major_group_code"],
                text=["title"],
            )
        return cls(
            tables=tables,
            task_index=task_index,
            occupation_index=occupation_index,
            task_rows=task_rows,
            pair_rows=pair_rows,
            penetration_rows=penetration_rows,
            occupation_rows=occupation_rows,
            exposure_rows=exposure_rows,
            soc2018_rows=soc2018,
            category_rows=category_rows,
            interaction_modes=modes,
            interaction_split=split,
            occupation_modes=occupation_modes,
            category_modes=category_modes,
            occupation_thinking=occupation_thinking,
            task_thinking=task_thinking,
            clusters=clusters,
            major_groups=frozenset(groups),
            occupation_codes=frozenset(codes),
        )

    @property
    def nbytes(self) -> int:
        """Memory held by the tables, the row frames and what areas prepared (counted in
        the process's budget)."""
        return self._fixed_nbytes + sum(_size(v) for v in list(self._prepared.values()))

    @functools.cached_property
    def _fixed_nbytes(self) -> int:
        frames = [
            *self.tables.values(),
            *(
                f
                for f in (
                    self.task_rows,
                    self.pair_rows,
                    self.penetration_rows,
                    self.occupation_rows,
                    self.exposure_rows,
                    self.category_rows,
                    self.interaction_split,
                    self.occupation_modes,
                    self.category_modes,
                    self.occupation_thinking,
                    self.task_thinking,
                    self.clusters,
                )
                if f is not None
            ),
        ]
        indexes = [i for i in (self.task_index, self.occupation_index) if i is not None]
        return int(sum(f.estimated_size() for f in frames)) + sum(i.nbytes for i in indexes)
