"""Depth of use within each occupation, the input of the depth measure.

Method: docs/methods.md, "Depth of use within occupations".

tasks_total = distinct keys among the occupation's statements; tasks_with_usage = how many of
those keys appear in the usage file; fraction = with_usage / total. Depth at a threshold is
computed from these fractions at query time (econindex_api.methods.depth).
"""

from __future__ import annotations

import polars as pl


def task_coverage(usage: pl.DataFrame, statements: pl.DataFrame) -> pl.DataFrame:
    """Columns: onet_soc_code, tasks_total, tasks_with_usage, tasks_with_usage_fraction."""
    used = usage.select("task_key").unique().with_columns(used=pl.lit(True))
    return (
        statements.select("onet_soc_code", "task_key")
        .unique()
        .join(used, on="task_key", how="left")
        .group_by("onet_soc_code")
        .agg(
            pl.len().cast(pl.Int64).alias("tasks_total"),
            pl.col("used").fill_null(False).sum().cast(pl.Int64).alias("tasks_with_usage"),
        )
        .with_columns(tasks_with_usage_fraction=pl.col("tasks_with_usage") / pl.col("tasks_total"))
    )
