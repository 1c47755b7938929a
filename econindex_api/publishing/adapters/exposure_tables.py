"""Adapter for the exposure tables (labor_market_impacts; docs/methods.md, "Exposure tables").

job_exposure.csv: observed exposure per 6-digit SOC occupation; task_penetration.csv:
penetration per task statement. Exact duplicate rows are dropped and counted; the same
occupation or statement with two different values is an error.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from econindex_api.methods.shares import major_group_of
from econindex_api.methods.task_key import task_key
from econindex_api.publishing.adapters.base import AdapterResult
from econindex_api.publishing.raw_csv import NUMBER, TEXT, read_raw_csv, reject_rows, repeats
from econindex_api.publishing.recipes import Recipe


def _check_fraction(frame: pl.DataFrame, name: str, column: str) -> None:
    reject_rows(
        frame.filter((pl.col(column) < 0) | (pl.col(column) > 1)),
        name,
        lambda row: f"expected a fraction 0-1, got {row[column]}",
        column=column,
    )


def _drop_exact_duplicates(
    frame: pl.DataFrame, name: str, key: str, value: str
) -> tuple[pl.DataFrame, int]:
    deduplicated = frame.unique(subset=[key, value], keep="first", maintain_order=True)
    reject_rows(
        deduplicated.filter(repeats(key)),
        name,
        lambda row: f"{row[key]!r} appears with different {value} values",
        column=value,
    )
    return deduplicated, frame.height - deduplicated.height


def build_exposure_tables(raw_dir: Path, recipe: Recipe) -> AdapterResult:
    jobs_name = f"{recipe.folder}/job_exposure.csv"
    jobs = read_raw_csv(
        raw_dir / "job_exposure.csv",
        jobs_name,
        {"occ_code": TEXT, "title": TEXT, "observed_exposure": NUMBER},
    )
    reject_rows(
        jobs.filter(~pl.col("occ_code").str.contains(r"^\d{2}-\d{4}$")),
        jobs_name,
        lambda row: f"expected a 6-digit SOC code like 15-1252, got {row['occ_code']!r}",
        column="occ_code",
    )
    _check_fraction(jobs, jobs_name, "observed_exposure")
    jobs, job_duplicates = _drop_exact_duplicates(jobs, jobs_name, "occ_code", "observed_exposure")

    tasks_name = f"{recipe.folder}/task_penetration.csv"
    tasks = read_raw_csv(
        raw_dir / "task_penetration.csv", tasks_name, {"task": TEXT, "penetration": NUMBER}
    )
    _check_fraction(tasks, tasks_name, "penetration")
    tasks, task_duplicates = _drop_exact_duplicates(tasks, tasks_name, "task", "penetration")

    tables = {
        "job_exposure": jobs.select(
            pl.col("occ_code").alias("soc_2018_code"),
            "title",
            major_group_of(pl.col("occ_code")).alias("major_group_code"),
            pl.col("observed_exposure").alias("observed_exposure_fraction"),
        ),
        "task_penetration": tasks.select(
            pl.col("task").alias("statement"),
            task_key(pl.col("task")).alias("task_key"),
            pl.col("penetration").alias("penetration_fraction"),
        ),
    }
    report = {
        "job_exposure_duplicate_rows_dropped": job_duplicates,
        "task_penetration_duplicate_rows_dropped": task_duplicates,
        "task_keys_with_several_statements": int(
            tables["task_penetration"]
            .filter(pl.col("task_key").is_duplicated())["task_key"]
            .n_unique()
        ),
    }
    return AdapterResult(tables=tables, report=report)
