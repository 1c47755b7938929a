"""Adapter for the March 2025 flat-file layout (release 2025-03-27).

Methods: docs/methods.md, "Releases with two observation windows" (the second report).

The usage tables come from the shared flat-file code (``flat_tasks.build_usage``) fed with
the v2 files (``task_pct_v2.csv``, ``automation_vs_augmentation_v2.csv``); wages and BLS
employment are reference inputs of the recipe (the February 2025 folder's). This module adds
what the layout has on top: interaction modes per task (rolled up to occupations and SOC
major groups), extended thinking per task (rolled up to occupations) and the bottom-up
clusters.

The v1 files are not read here: the pipeline checks them by sha256 against release
2025-02-10's and records that in the build report. Every other file of the folder
(notebooks, PNG charts, READMEs) is ignored.

Data decisions (checked, not assumed):
- A per-task row's six fractions must each be 0-1 and sum to 1 +/- 1e-6; every key of the
  per-task and thinking files must be a key of the usage file (so both tables have a
  foreign key to task_usage). Keys that match no O*NET statement are kept with
  ``matched = false`` and are left out of the roll-ups, as in the usage tables.
- An empty thinking fraction means "not published", never zero.
- Cluster names and descriptions are trimmed (488 upstream cells carry surrounding spaces);
  an empty description (two level-0 clusters upstream) is published empty, not invented;
  level-0 names must be unique, and each parent name must have one description and one
  parent. An empty onet_task means the cluster maps to no task (``task_matched = false``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from econindex_api.methods.clusters import cluster_nodes
from econindex_api.methods.mode_rollups import (
    TASK_MODES,
    fraction_column,
    group_mode_ratios,
    occupation_mode_ratios,
)
from econindex_api.methods.task_key import task_key
from econindex_api.methods.thinking import occupation_thinking
from econindex_api.publishing.adapters.base import AdapterResult
from econindex_api.publishing.adapters.flat_tasks import build_usage
from econindex_api.publishing.errors import BuildError
from econindex_api.publishing.raw_csv import (
    LINE,
    NUMBER,
    OPTIONAL_NUMBER,
    OPTIONAL_TEXT,
    TEXT,
    read_raw_csv,
    reject_rows,
    repeats,
)
from econindex_api.publishing.recipes import Recipe

USAGE_FILE = "task_pct_v2.csv"
MODES_FILE = "automation_vs_augmentation_v2.csv"
TASK_MODES_FILE = "automation_vs_augmentation_by_task.csv"
THINKING_FILE = "task_thinking_fractions.csv"
CLUSTERS_FILE = "cluster_level_data/cluster_level_dataset.tsv"

ROW_SUM_TOLERANCE = 1e-6
"""How far a per-task row's six fractions may sum from 1 (float rounding upstream)."""

COLLABORATION_COLUMNS = {
    "collaboration:directive_ratio": "directive_fraction",
    "collaboration:feedback loop_ratio": "feedback_loop_fraction",
    "collaboration:task iteration_ratio": "task_iteration_fraction",
    "collaboration:validation_ratio": "validation_fraction",
    "collaboration:learning_ratio": "learning_fraction",
    "collaboration:none_ratio": "none_fraction",
    "has_thinking_ratio": "thinking_fraction",
}


def _out_of_range(column: str, expected: str) -> Callable[[dict[str, Any]], str]:
    return lambda row: f"expected {expected}, got {row[column]}"


def _check_fractions(frame: pl.DataFrame, name: str, columns: list[str]) -> None:
    """Every non-empty value of ``columns`` is within 0-1; the error names line and column."""
    for column in columns:
        reject_rows(
            frame.filter((pl.col(column) < 0) | (pl.col(column) > 1)).sort(LINE),
            name,
            _out_of_range(column, "a fraction 0-1"),
            column=column,
        )


def _check_keys(frame: pl.DataFrame, name: str, usage_keys: pl.Series) -> None:
    reject_rows(
        frame.filter(repeats("task_key")),
        name,
        lambda row: f"task {row['task_key']!r} appears more than once",
        column="task_name",
    )
    reject_rows(
        frame.filter(~pl.col("task_key").is_in(usage_keys.implode())).sort(LINE),
        name,
        lambda row: f"task {row['task_key']!r} is not in the usage file {USAGE_FILE}",
        column="task_name",
    )


def read_task_modes(raw_dir: Path, recipe: Recipe, usage_keys: pl.Series) -> pl.DataFrame:
    """task_key plus the six ``<mode>_fraction`` columns, one row per key, checked."""
    path, name = recipe.locate(raw_dir, TASK_MODES_FILE)
    raw = read_raw_csv(path, name, {"task_name": TEXT, **{m: NUMBER for m in TASK_MODES}})
    _check_fractions(raw, name, list(TASK_MODES))
    total = pl.sum_horizontal([pl.col(m) for m in TASK_MODES])
    reject_rows(
        raw.with_columns(_sum=total).filter((pl.col("_sum") - 1.0).abs() > ROW_SUM_TOLERANCE),
        name,
        lambda row: (
            f"the six fractions ({', '.join(TASK_MODES)}) sum to {row['_sum']:.9f}, "
            f"expected 1 ± {ROW_SUM_TOLERANCE}"
        ),
        column=TASK_MODES[-1],
    )
    modes = raw.select(
        task_key(pl.col("task_name")).alias("task_key"),
        *[pl.col(m).alias(fraction_column(m)) for m in TASK_MODES],
        LINE,
    )
    _check_keys(modes, name, usage_keys)
    return modes.drop(LINE)


def read_thinking(raw_dir: Path, recipe: Recipe, usage_keys: pl.Series) -> pl.DataFrame:
    """task_key, thinking_fraction (null = not published), one row per key, checked."""
    path, name = recipe.locate(raw_dir, THINKING_FILE)
    raw = read_raw_csv(path, name, {"task_name": TEXT, "thinking_fraction": OPTIONAL_NUMBER})
    _check_fractions(raw, name, ["thinking_fraction"])
    thinking = raw.select(
        task_key(pl.col("task_name")).alias("task_key"), "thinking_fraction", LINE
    )
    _check_keys(thinking, name, usage_keys)
    return thinking.drop(LINE)


def _inconsistent_parent(level: int, key: str, other: str) -> Callable[[dict[str, Any]], str]:
    return lambda row: (
        f"level-{level} cluster {row[key]!r} has a different {other} than on an earlier row"
    )


def read_clusters(raw_dir: Path, recipe: Recipe) -> tuple[pl.DataFrame, int]:
    """Trimmed level-0 rows (name_0 .. description_2 and the measures); cells trimmed."""
    path, name = recipe.locate(raw_dir, CLUSTERS_FILE)
    text_columns = [
        f"cluster_{kind}_{level}" for level in (0, 1, 2) for kind in ("name", "description")
    ]
    raw = read_raw_csv(
        path,
        name,
        {
            **{c: (TEXT if "_name_" in c else OPTIONAL_TEXT) for c in text_columns},
            "percent_records": NUMBER,
            "percent_users": NUMBER,
            "onet_task": OPTIONAL_TEXT,
            **{c: OPTIONAL_NUMBER for c in COLLABORATION_COLUMNS},
        },
        delimiter="\t",
    )
    trimmed_cells = int(
        sum(
            raw.select((pl.col(c) != pl.col(c).str.strip_chars()).sum()).item()
            for c in [*text_columns, "onet_task"]
        )
    )
    raw = raw.with_columns(
        [
            pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c).str.strip_chars()).alias(c)
            for c in [*text_columns, "onet_task"]
        ]
    )
    names = [c for c in text_columns if "_name_" in c]
    for column in names:
        reject_rows(
            raw.filter(pl.col(column).is_null()),
            name,
            lambda _: "empty after trimming white space",
            column=column,
        )
    for column in ("percent_records", "percent_users"):
        reject_rows(
            raw.filter((pl.col(column) < 0) | (pl.col(column) > 100)).sort(LINE),
            name,
            _out_of_range(column, "a percentage 0-100"),
            column=column,
        )
    _check_fractions(raw, name, list(COLLABORATION_COLUMNS))
    reject_rows(
        raw.filter(repeats("cluster_name_0")),
        name,
        lambda row: f"level-0 cluster name {row['cluster_name_0']!r} appears more than once",
        column="cluster_name_0",
    )
    # A parent is named on every child row: its description and its own parent must agree.
    for level in (1, 2):
        key = f"cluster_name_{level}"
        for other in (
            f"cluster_description_{level}",
            *([f"cluster_name_{level + 1}"] if level < 2 else []),
        ):
            first = raw.unique(subset=[key], keep="first", maintain_order=True).select(
                key, pl.col(other).alias("_first")
            )
            reject_rows(
                raw.join(first, on=key).filter(pl.col(other) != pl.col("_first")).sort(LINE),
                name,
                _inconsistent_parent(level, key, other),
                column=other,
            )
    level0 = raw.select(
        *[
            pl.col(f"cluster_{kind}_{level}").alias(f"{kind}_{level}")
            for level in (0, 1, 2)
            for kind in ("name", "description")
        ],
        pl.col("percent_records").alias("records_pct"),
        pl.col("percent_users").alias("users_pct"),
        "onet_task",
        *[pl.col(c).alias(target) for c, target in COLLABORATION_COLUMNS.items()],
    )
    return level0, trimmed_cells


def build_flat_tasks_march(raw_dir: Path, recipe: Recipe) -> AdapterResult:
    base = build_usage(raw_dir, recipe, usage_file=USAGE_FILE, modes_file=MODES_FILE)
    tables = dict(base.tables)
    usage_keys = tables["task_usage"]["task_key"]
    statement_keys = tables["tasks"]["task_key"].unique()
    pairs = tables["task_occupation_shares"]

    task_modes = read_task_modes(raw_dir, recipe, usage_keys)
    thinking = read_thinking(raw_dir, recipe, usage_keys)
    level0, trimmed_cells = read_clusters(raw_dir, recipe)

    matched = pl.col("task_key").is_in(statement_keys.implode())
    majors = (
        tables["soc_structure"]
        .filter(pl.col("level") == "major_group")
        .select(
            pl.col("code").alias("major_group_code"), pl.col("title").alias("major_group_title")
        )
    )
    level0 = level0.with_columns(
        task_key=task_key(pl.col("onet_task")),
    ).with_columns(task_matched=pl.col("task_key").is_not_null() & matched.fill_null(False))
    clusters = cluster_nodes(level0)
    if clusters["cluster_id"].n_unique() != clusters.height:
        raise BuildError(f"{recipe.folder}/{CLUSTERS_FILE}: two clusters got the same id")

    tables["task_interaction_modes"] = task_modes.with_columns(matched=matched)
    tables["occupation_interaction_modes"] = occupation_mode_ratios(pairs, task_modes)
    tables["category_interaction_modes"] = group_mode_ratios(pairs, task_modes).join(
        majors, on="major_group_code", how="left"
    )
    tables["task_thinking"] = thinking.with_columns(matched=matched)
    tables["occupation_thinking"] = occupation_thinking(pairs, thinking)
    tables["clusters"] = clusters

    all_filtered = task_modes.filter(pl.col(fraction_column("filtered")) == 1.0).height
    report: dict[str, Any] = {
        **base.report,
        "usage_file": f"{recipe.folder}/{USAGE_FILE}",
        "interaction_modes_file": f"{recipe.folder}/{MODES_FILE}",
        "task_modes_rows": task_modes.height,
        "task_modes_unmatched_keys": int(task_modes.filter(~matched).height),
        "task_modes_entirely_filtered": all_filtered,
        "usage_keys_without_task_modes": int(
            tables["task_usage"]
            .filter(~pl.col("task_key").is_in(task_modes["task_key"].implode()))
            .height
        ),
        "thinking_rows": thinking.height,
        "thinking_published": int(thinking["thinking_fraction"].is_not_null().sum()),
        "clusters_per_level": {
            str(level): int(clusters.filter(pl.col("level") == level).height) for level in (0, 1, 2)
        },
        "clusters_without_task": int(level0.filter(pl.col("onet_task").is_null()).height),
        "clusters_task_unmatched": int(
            level0.filter(pl.col("onet_task").is_not_null() & ~pl.col("task_matched")).height
        ),
        "cluster_cells_trimmed": trimmed_cells,
        "clusters_without_description": int(clusters["description"].is_null().sum()),
        "reference_inputs": [f"{r.folder}/{r.name}" for r in recipe.references],
    }
    return AdapterResult(tables=tables, report=report)
