"""Extended thinking per task rolled up to occupations.

Method: docs/methods.md, "Releases with two observation windows" (extended thinking).

Input frames:
- pairs: ``task_key``, ``onet_soc_code``, ``share_pct`` (task_occupation_shares);
- thinking: ``task_key``, ``thinking_fraction`` (0-1; null = not published upstream because
  the task had too few conversations, never zero).

Per occupation: the pair-share-weighted mean of thinking_fraction over the pairs whose key has
a value, and how much of the occupation's share that mean covers: ``covered_share_pct`` (sum of
those pairs' shares) and ``covered_fraction`` = covered_share_pct / share_pct. An occupation
whose pairs have no published value gets an empty mean and covered_fraction 0.
"""

from __future__ import annotations

import math

import polars as pl


def occupation_thinking(pairs: pl.DataFrame, thinking: pl.DataFrame) -> pl.DataFrame:
    """One row per occupation with pairs.

    Columns: onet_soc_code, share_pct, covered_share_pct, covered_fraction, thinking_fraction.
    """
    joined = pairs.select("onet_soc_code", "task_key", "share_pct").join(
        thinking.select("task_key", "thinking_fraction"), on="task_key", how="left"
    )
    has_value = pl.col("thinking_fraction").is_not_null()
    grouped = joined.group_by("onet_soc_code").agg(
        pl.col("share_pct").alias("_all"),
        pl.col("share_pct").filter(has_value).alias("_w"),
        pl.col("thinking_fraction").filter(has_value).alias("_f"),
    )
    rows = []
    for record in grouped.iter_rows(named=True):
        total = math.fsum(record["_all"])
        covered = math.fsum(record["_w"])
        mean = (
            math.fsum(w * f for w, f in zip(record["_w"], record["_f"], strict=True)) / covered
            if covered > 0
            else None
        )
        rows.append(
            {
                "onet_soc_code": record["onet_soc_code"],
                "share_pct": total,
                "covered_share_pct": covered,
                "covered_fraction": covered / total if total > 0 else 0.0,
                "thinking_fraction": mean,
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "onet_soc_code": pl.String(),
            "share_pct": pl.Float64(),
            "covered_share_pct": pl.Float64(),
            "covered_fraction": pl.Float64(),
            "thinking_fraction": pl.Float64(),
        },
        orient="row",
    )
