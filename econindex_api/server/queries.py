"""The queries of the API: pure Polars functions over a release's published tables.

Two kinds of function live here. ``*_rows`` build, once per release at load time, the frame
an endpoint serves (published tables joined into the row shape of ``econindex_api.models``).
``filter_*`` / ``sort_rows`` / ``*_detail`` answer one request from those frames. No I/O,
no HTTP: tests call them directly. The two hot lists (task and occupation usage) are not
filtered here but on a ``rowindex.RowIndex`` prepared once per release
(``areas.tasks.task_usage_positions``, ``areas.occupations.occupation_usage_positions``): one
implementation of each filter serves.

Text search ``q``: case-insensitive; every white-space separated word must appear.
Sorting: a field, ``-field`` for descending, then the table's key ascending as tiebreaker,
missing values last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from econindex_api.methods import depth, wage_bands

Tables = Mapping[str, pl.DataFrame]

TASK_USAGE_COLUMNS = (
    "task_id",
    "statement",
    "task_type",
    "task_key",
    "onet_soc_code",
    "occupation_title",
    "major_group_code",
    "share_pct",
    "attributed_share_pct",
    "occupations_count",
    "has_usage",
)
OCCUPATION_USAGE_COLUMNS = (
    "onet_soc_code",
    "title",
    "soc_2010_code",
    "major_group_code",
    "major_group_title",
    "share_pct",
    "tasks_total",
    "tasks_with_usage",
    "tasks_with_usage_fraction",
    "median_wage_usd",
    "wage_basis",
    "job_zone",
)
CATEGORY_COLUMNS = (
    "major_group_code",
    "major_group_title",
    "share_pct",
    "workforce_pct",
    "employment",
    "occupations_total",
    "occupations_with_usage",
)


# --- row frames, built once per release ---


def task_usage_rows(tables: Tables) -> pl.DataFrame:
    """One row per O*NET task statement (task id) with the usage of its key.

    share_pct: the key's upstream share (0 when unused); attributed_share_pct: the share of
    the (key, occupation) pair from task_occupation_shares, which names one task id per pair.
    """
    tasks = tables["tasks"]
    occupations = tables["occupations"].select(
        "onet_soc_code", pl.col("title").alias("occupation_title"), "major_group_code"
    )
    usage = tables["task_usage"].select(
        "task_key", "share_pct", pl.col("occupations_count").alias("usage_occupations_count")
    )
    pairs = tables["task_occupation_shares"].select(
        "task_id", pl.col("share_pct").alias("attributed_share_pct")
    )
    # n(key) for every key, used or not (distinct occupation titles carrying the key).
    n_key = (
        tasks.join(tables["occupations"].select("onet_soc_code", "title"), on="onet_soc_code")
        .group_by("task_key")
        .agg(pl.col("title").n_unique().cast(pl.Int64).alias("occupations_count"))
    )
    return (
        tasks.join(occupations, on="onet_soc_code", how="left")
        .join(usage, on="task_key", how="left")
        .join(pairs, on="task_id", how="left")
        .join(n_key, on="task_key", how="left")
        .with_columns(
            has_usage=pl.col("share_pct").is_not_null(),
            share_pct=pl.col("share_pct").fill_null(0.0),
            attributed_share_pct=pl.col("attributed_share_pct").fill_null(0.0),
            occupations_count=pl.coalesce("usage_occupations_count", "occupations_count")
            .fill_null(1)
            .cast(pl.Int64),
            occupation_title=pl.col("occupation_title").fill_null(""),
            major_group_code=pl.coalesce(
                "major_group_code", pl.col("onet_soc_code").str.slice(0, 2) + pl.lit("-0000")
            ),
        )
        .select(TASK_USAGE_COLUMNS)
        .sort("task_id")
    )


def occupation_usage_rows(tables: Tables) -> pl.DataFrame:
    """One row per occupation with task statements: usage, depth, wage, major group."""
    occupations = tables["occupations"].select(
        "onet_soc_code",
        "title",
        "soc_2010_code",
        "major_group_code",
        "major_group_title",
        "median_wage_usd",
        "wage_basis",
        "job_zone",
    )
    return (
        tables["occupation_usage"]
        .join(occupations, on="onet_soc_code", how="left")
        .with_columns(
            title=pl.col("title").fill_null(""),
            soc_2010_code=pl.coalesce("soc_2010_code", pl.col("onet_soc_code").str.slice(0, 7)),
            major_group_code=pl.coalesce(
                "major_group_code", pl.col("onet_soc_code").str.slice(0, 2) + pl.lit("-0000")
            ),
            major_group_title=pl.col("major_group_title").fill_null(""),
            wage_basis=pl.col("wage_basis").fill_null("no_wage_row"),
        )
        .select(OCCUPATION_USAGE_COLUMNS)
        .sort("onet_soc_code")
    )


SOC2018_COLUMNS = [
    "soc_2018_code",
    "title",
    "major_group_code",
    "major_group_title",
    "share_pct",
    "onet_soc_2010_codes",
    "onet_soc_2019_codes",
    "source_occupations",
    "split_source_occupations",
]


def soc2018_rows(tables: Tables) -> pl.DataFrame:
    """occupation_usage_soc2018 with the major group title (from soc_structure)."""
    groups = tables["soc_structure"].filter(pl.col("level") == "major_group")
    titles = groups.select(
        pl.col("code").alias("major_group_code"), pl.col("title").alias("major_group_title")
    )
    return (
        tables["occupation_usage_soc2018"]
        .rename({"soc_2018_title": "title"})
        .join(titles, on="major_group_code", how="left")
        .with_columns(pl.col("major_group_title").fill_null(""))
        .select(SOC2018_COLUMNS)
        .sort("soc_2018_code")
    )


def filter_soc_occupations(
    rows: pl.DataFrame, *, code: str, q: str | None = None, major_group: str | None = None
) -> pl.DataFrame:
    """q matches every word of the title, or a prefix of the code column ``code``."""
    condition = text_match("title", q) | (
        pl.lit(bool(q)) & pl.col(code).str.starts_with((q or "").strip())
    )
    if major_group is not None:
        condition = condition & (pl.col("major_group_code") == major_group)
    return rows.filter(condition)


def category_rows(tables: Tables) -> pl.DataFrame:
    """category_usage with the employment figure of the workforce table next to it."""
    categories = tables["category_usage"]
    if "workforce" in tables:
        employment = tables["workforce"].select("major_group_code", "employment")
        categories = categories.join(employment, on="major_group_code", how="left")
    else:
        categories = categories.with_columns(employment=pl.lit(None, dtype=pl.Int64))
    return categories.select(CATEGORY_COLUMNS).sort("major_group_code")


def exposure_occupation_rows(tables: Tables) -> pl.DataFrame:
    return (
        tables["job_exposure"]
        .select("soc_2018_code", "title", "major_group_code", "observed_exposure_fraction")
        .sort("soc_2018_code")
    )


def penetration_rows(tables: Tables) -> pl.DataFrame:
    return (
        tables["task_penetration"]
        .select("statement", "task_key", "penetration_fraction")
        .sort("statement")
    )


def task_occupation_rows(tables: Tables) -> pl.DataFrame:
    """Every (key, occupation) pair with its share, for task detail: task_key, onet_soc_code,
    title, task_id, attributed_share_pct."""
    titles = tables["occupations"].select("onet_soc_code", "title")
    return (
        tables["tasks"]
        .select("task_key", "onet_soc_code", "task_id")
        .group_by("task_key", "onet_soc_code")
        .agg(pl.col("task_id").min())
        .join(
            tables["task_occupation_shares"].select(
                "task_key", "onet_soc_code", pl.col("share_pct").alias("attributed_share_pct")
            ),
            on=["task_key", "onet_soc_code"],
            how="left",
        )
        .join(titles, on="onet_soc_code", how="left")
        .with_columns(pl.col("attributed_share_pct").fill_null(0.0), pl.col("title").fill_null(""))
        .select("task_key", "onet_soc_code", "title", "task_id", "attributed_share_pct")
        .sort("task_key", "onet_soc_code")
    )


# --- per-request functions ---


def _words(q: str) -> list[str]:
    return q.lower().split()


def text_match(column: str, q: str | None) -> pl.Expr:
    """Every word of q appears in the column, ignoring case (True when q is empty)."""
    condition = pl.lit(True)
    for word in _words(q or ""):
        condition = condition & pl.col(column).str.to_lowercase().str.contains(word, literal=True)
    return condition


def filter_exposure_occupations(
    rows: pl.DataFrame, *, q: str | None = None, major_group: str | None = None
) -> pl.DataFrame:
    condition = text_match("title", q) | (
        pl.lit(bool(q)) & pl.col("soc_2018_code").str.starts_with((q or "").strip())
    )
    if major_group is not None:
        condition = condition & (pl.col("major_group_code") == major_group)
    return rows.filter(condition)


def filter_penetration(rows: pl.DataFrame, *, q: str | None = None) -> pl.DataFrame:
    condition = pl.lit(True)
    for word in _words(q or ""):
        condition = condition & pl.col("task_key").str.contains(word, literal=True)
    return rows.filter(condition)


def sort_rows(rows: pl.DataFrame, sort: str, key: Sequence[str]) -> pl.DataFrame:
    """Sort by ``sort`` (``-field`` descending) then ``key`` ascending; nulls last."""
    descending = sort.startswith("-")
    field = sort.lstrip("-")
    by = [field, *[k for k in key if k != field]]
    return rows.sort(by, descending=[descending] + [False] * (len(by) - 1), nulls_last=True)


def task_detail(
    task_rows: pl.DataFrame, pair_rows: pl.DataFrame, task_id: int
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The task's row and every occupation carrying its key (by code), or None if unknown."""
    found = task_rows.filter(pl.col("task_id") == task_id)
    if found.height == 0:
        return None
    row = found.row(0, named=True)
    occupations = pair_rows.filter(pl.col("task_key") == row["task_key"]).select(
        "onet_soc_code", "title", "task_id", "attributed_share_pct"
    )
    return row, occupations.to_dicts()


def occupation_detail(
    occupation_rows: pl.DataFrame, task_rows: pl.DataFrame, code: str
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The occupation's row and its tasks by descending attributed share, then task id."""
    found = occupation_rows.filter(pl.col("onet_soc_code") == code)
    if found.height == 0:
        return None
    tasks = (
        task_rows.filter(pl.col("onet_soc_code") == code)
        .sort(["attributed_share_pct", "task_id"], descending=[True, False])
        .select(
            "task_id",
            "statement",
            "task_type",
            "task_key",
            "share_pct",
            "attributed_share_pct",
            "occupations_count",
            "has_usage",
        )
    )
    return found.row(0, named=True), tasks.to_dicts()


def exposure_occupation_detail(rows: pl.DataFrame, code: str) -> dict[str, Any] | None:
    """A 6-digit 2018 SOC code; the same code with a .00 suffix is accepted for it."""
    soc = code[:7] if code.endswith(".00") else code
    found = rows.filter(pl.col("soc_2018_code") == soc)
    return found.row(0, named=True) if found.height else None


def wage_band_answer(
    occupation_rows: pl.DataFrame,
    *,
    edges: Sequence[float] | None,
    quantiles: Sequence[float] | None,
) -> dict[str, Any]:
    """Bands from edges, else from quantiles (default quartiles); see methods.wage_bands."""
    if edges is not None:
        method = "edges"
        used_edges = list(edges)
        used_quantiles = None
    else:
        method = "quantiles"
        used_quantiles = list(quantiles if quantiles is not None else wage_bands.DEFAULT_QUANTILES)
        used_edges = wage_bands.quantile_edges(occupation_rows["median_wage_usd"], used_quantiles)
    table = wage_bands.usage_by_wage_band(occupation_rows, used_edges)
    return {
        "table": table,
        "method": method,
        "edges_usd": used_edges,
        "quantiles": used_quantiles,
        "occupations_total": occupation_rows.height,
        "occupations_without_wage": int(occupation_rows["median_wage_usd"].null_count()),
    }


def depth_answer(coverage: pl.DataFrame, thresholds: Sequence[float], bins: int) -> dict[str, Any]:
    return {
        "table": depth.depth_at_thresholds(coverage, thresholds),
        "distribution": depth.fraction_distribution(coverage, bins),
        "summary": depth.fraction_summary(coverage),
        "occupations_total": coverage.height,
    }


# --- release 2025-03-27: modes per occupation and group, thinking, clusters ---


def _with_occupation(frame: pl.DataFrame, tables: Tables) -> pl.DataFrame:
    """Put the occupation's title and major group next to its code."""
    occupations = tables["occupations"].select("onet_soc_code", "title", "major_group_code")
    return frame.join(occupations, on="onet_soc_code", how="left")


def occupation_mode_rows(tables: Tables) -> pl.DataFrame:
    return _with_occupation(tables["occupation_interaction_modes"], tables).sort("onet_soc_code")


def category_mode_rows(tables: Tables) -> pl.DataFrame:
    return tables["category_interaction_modes"].sort("major_group_code")


def occupation_thinking_rows(tables: Tables) -> pl.DataFrame:
    return _with_occupation(tables["occupation_thinking"], tables).sort("onet_soc_code")


def task_thinking_rows(tables: Tables) -> pl.DataFrame:
    shares = tables["task_usage"].select("task_key", "share_pct")
    return tables["task_thinking"].join(shares, on="task_key", how="left").sort("task_key")


def cluster_rows(tables: Tables) -> pl.DataFrame:
    return tables["clusters"].sort("cluster_id")


def filter_occupation_measure(
    rows: pl.DataFrame, *, q: str | None = None, major_group: str | None = None
) -> pl.DataFrame:
    """Occupation rows whose title has every word of q (or whose code starts with q), in the
    major group if given: the filters of the occupations endpoint."""
    condition = text_match("title", q) | (
        pl.lit(bool(q)) & pl.col("onet_soc_code").str.starts_with((q or "").strip())
    )
    if major_group is not None:
        condition = condition & (pl.col("major_group_code") == major_group)
    return rows.filter(condition)


def filter_clusters(
    rows: pl.DataFrame,
    *,
    level: int | None = None,
    q: str | None = None,
    parent: str | None = None,
    task_keys: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Clusters at ``level``, whose name or description has every word of q, whose parent is
    ``parent``, mapped to one of ``task_keys``."""
    condition = pl.lit(True)
    for word in _words(q or ""):
        text = pl.col("name").str.to_lowercase() + " " + pl.col("description").fill_null("")
        condition = condition & text.str.to_lowercase().str.contains(word, literal=True)
    if level is not None:
        condition = condition & (pl.col("level") == level)
    if parent is not None:
        condition = condition & (pl.col("parent_id") == parent)
    if task_keys is not None:
        condition = condition & pl.col("task_key").is_in(list(task_keys))
    return rows.filter(condition)


def cluster_detail(
    rows: pl.DataFrame, cluster_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]] | None:
    """The cluster, its ancestors (parent first) and its children (largest first)."""
    found = rows.filter(pl.col("cluster_id") == cluster_id)
    if found.height == 0:
        return None
    row = found.row(0, named=True)
    ancestors = []
    parent = row["parent_id"]
    while parent is not None:
        above = rows.filter(pl.col("cluster_id") == parent).row(0, named=True)
        ancestors.append(above)
        parent = above["parent_id"]
    children = (
        rows.filter(pl.col("parent_id") == cluster_id)
        .sort(["records_pct", "name"], descending=[True, False], nulls_last=True)
        .to_dicts()
    )
    return row, ancestors, children
