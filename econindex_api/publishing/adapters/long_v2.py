"""Adapter for the second long format (release 2026-06-26).

One row per published value, columns ``date_start, date_end, geo_id, geo_level,
category_name, hierarchy_level, metric_id, value, node_name, node_external_id``; the source
(``claude_ai``, ``1p_api``) is the file. It maps onto the same canonical tables as the first
format (``long_v1``), plus ``node_usage`` (the O*NET ladder and occupations) and
``geo_artifacts``.

Data decisions (README, "Long-format releases"; methods in docs/methods.md):
- Every column is read as text with no NA parsing (``NA`` is Namibia's alpha-2 prefix of
  subregions such as ``NA-KH``; ``-`` is the node id of ``overall``); ``hierarchy_level`` is
  text upstream and published as an integer; a non-number stops the build naming the line.
- Upstream's key is (date_start, geo_id, category_name, hierarchy_level, metric_id,
  node_external_id). ``node_name`` is not part of it (one O*NET statement has two Task IDs),
  so ``node_id`` is part of ours. A repeated key is refused.
- Geography: country ids are already ISO 3166-1 alpha-3; subregion ids are ISO 3166-2 with an
  alpha-2 prefix, whose parent is the prefix mapped to alpha-3 (``US-CA`` under ``USA``;
  ``US-PR`` is a subregion of USA and ``PRI`` a country: both kept, as upstream). A country
  id the ISO table lacks is kept as ``unmatched``.
- A missing row means not published (thresholds are applied upstream): nothing is filled in,
  and nothing is zero. Usage shares therefore need not sum to 100 (country usage_pct sums
  82.03 / 87.49 upstream): completeness is recorded per window, never an error.
- Windows: a release holds two monthly windows; every derived row carries its window
  (``date_start``, ``date_end`` exclusive) and ``window_rule``. The release's own figure is a
  third row per cell, ``unweighted_mean_of_months`` (the report's rule, FACTS §5), written only
  where every month publishes the cell (never a one-month value under the release's name).
- The AUI is upstream's ``usage_per_capita_index``, served as published
  (``aui_convention = published_jun2026``); no threshold flag or tier can be derived (no counts).
- Tasks: level-0 ``onet`` nodes are O*NET 30.2 Task IDs, joined by Task ID to the statement
  table named by the recipe; ``task_match`` says whether it matched; coverage (ids and share)
  is in the build report. Never matched by text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from econindex_api.methods.exact_sum import exact_group_sum, exact_sum
from econindex_api.methods.geography import automation_shares, pattern_mode, share_sums
from econindex_api.methods.windows import AS_PUBLISHED, release_figures
from econindex_api.publishing.adapters.base import AdapterResult
from econindex_api.publishing.adapters.long_usage import (
    CLASSIC_PLATFORM,
    SOC_GROUPS_MEASURE,
    ClassicResult,
    TaskReferences,
    classic_usage,
    geo_soc_groups,
    read_task_references,
    v2_task_rows,
)
from econindex_api.publishing.adapters.long_v1 import read_long_csv, read_references
from econindex_api.publishing.errors import RawDataError
from econindex_api.publishing.recipes import Recipe
from econindex_api.publishing.tables_long import NODE_LEVELS

COLUMNS = (
    "date_start",
    "date_end",
    "geo_id",
    "geo_level",
    "category_name",
    "hierarchy_level",
    "metric_id",
    "value",
    "node_name",
    "node_external_id",
)
GEO_LEVELS = ("global", "country", "subregion")
CATEGORIES = ("overall", "onet", "request", "soc_occupation")
PUBLISHED_JUN2026 = "published_jun2026"
COLLABORATION_PATTERNS = (
    "directive",
    "feedback_loop",
    "task_iteration",
    "learning",
    "validation",
    "none",
)
PRIMITIVE_METRICS = {
    # metric_id -> (primitive, statistic, node_name, unit)
    "multitasking_pct": ("multitasking", "pct", "yes", "percent (0-100)"),
    "human_only_ability_pct": ("human_only_ability", "pct", "yes", "percent (0-100)"),
    "ai_autonomy_mean": ("ai_autonomy", "mean", "", "scale 1-5"),
    "ai_education_years_mean": ("ai_education_years", "mean", "", "years"),
    "human_education_years_mean": ("human_education_years", "mean", "", "years"),
    "human_only_time_mean": ("human_only_time", "mean", "", "hours"),
    "human_with_ai_time_mean": ("human_with_ai_time", "mean", "", "minutes"),
    "use_case_work_pct": ("use_case", "pct", "work", "percent (0-100)"),
    "use_case_personal_pct": ("use_case", "pct", "personal", "percent (0-100)"),
    "use_case_coursework_pct": ("use_case", "pct", "coursework", "percent (0-100)"),
}
WINDOW = ["date_start", "date_end", "window_rule"]


def read_v2_csv(path: Path, name: str) -> pl.DataFrame:
    """Read one usage file of the second long format (the first format's reader, this header)."""
    return read_long_csv(path, name, COLUMNS, "the second long format")


def _first_bad(frame: pl.DataFrame, bad: pl.Expr) -> int | None:
    found = frame.with_row_index("_row").filter(bad)
    return None if found.height == 0 else int(found["_row"][0]) + 2  # header is line 1


def observations(frame: pl.DataFrame, platform: str, name: str, iso: pl.DataFrame) -> pl.DataFrame:
    """The canonical ``observations`` rows of one usage file, with geography mapped."""
    level = pl.col("hierarchy_level").str.strip_chars().cast(pl.Int64, strict=False)
    value = pl.col("value").cast(pl.Float64, strict=False)
    for expr, column, what in (
        (level.is_null(), "hierarchy_level", "hierarchy_level is not an integer"),
        (value.is_null(), "value", "value is not a number"),
        (~pl.col("geo_level").is_in(GEO_LEVELS), "geo_level", "unknown geo_level"),
        (~pl.col("category_name").is_in(CATEGORIES), "category_name", "unknown category_name"),
    ):
        line = _first_bad(frame, expr)
        if line is not None:
            raise RawDataError(name, what, line=line, column=column)
    alpha3 = set(iso["iso_alpha_3"].to_list())
    to_alpha3 = dict(zip(iso["iso_alpha_2"], iso["iso_alpha_3"], strict=True))
    geos = frame.select("geo_level", "geo_id").unique()
    rows = []
    for geo_level, geo_id in geos.iter_rows():
        if geo_level == "global":
            kind, parent = "global", None
        elif geo_level == "country":
            kind, parent = ("classified" if geo_id in alpha3 else "unmatched"), "GLOBAL"
        else:
            prefix = geo_id.partition("-")[0]
            kind = "classified" if prefix in to_alpha3 else "unmatched"
            parent = to_alpha3.get(prefix, prefix)
        rows.append(
            {"geo_level": geo_level, "geo_id": geo_id, "geo_kind": kind, "parent_geo_id": parent}
        )
    mapping = pl.DataFrame(
        rows,
        schema={
            "geo_level": pl.String,
            "geo_id": pl.String,
            "geo_kind": pl.String,
            "parent_geo_id": pl.String,
        },
    )
    return frame.join(mapping, on=["geo_level", "geo_id"], how="left").select(
        pl.lit(platform).alias("platform"),
        pl.lit(platform).alias("platform_product"),  # the source id is the file
        "date_start",
        "date_end",
        "geo_level",
        "geo_id",
        pl.col("geo_id").alias("upstream_geo_id"),
        pl.col("geo_level").alias("upstream_geography"),
        "geo_kind",
        pl.col("category_name").alias("category"),
        level.alias("hierarchy_level"),
        pl.col("metric_id").alias("metric"),
        pl.lit("").alias("base_node"),
        "node_name",
        pl.col("node_external_id").alias("node_id"),
        value.alias("value"),
        "parent_geo_id",
    )


OBS_KEY = [
    "platform",
    "date_start",
    "geo_level",
    "geo_id",
    "category",
    "hierarchy_level",
    "metric",
    "node_id",
]
CELL = ["platform", "geo_level", "geo_id", "category", "hierarchy_level", "metric", "node_id"]


def geo_usage(derived: pl.DataFrame, refs: dict[str, pl.DataFrame]) -> pl.DataFrame:
    picked = derived.filter(
        (pl.col("geo_level") != "global")
        & (pl.col("category") == "overall")
        & pl.col("metric").is_in(["usage_pct", "usage_per_capita_index"])
    )
    keys = [
        "platform",
        *WINDOW,
        "geo_level",
        "geo_id",
        "upstream_geo_id",
        "geo_kind",
        "parent_geo_id",
    ]
    usage = picked.group_by(keys).agg(
        pl.col("value").filter(pl.col("metric") == "usage_pct").first().alias("usage_pct"),
        pl.col("value")
        .filter(pl.col("metric") == "usage_per_capita_index")
        .first()
        .alias("usage_per_capita_index"),
    )
    names = pl.concat(
        [
            refs["iso_codes"].select(
                pl.col("iso_alpha_3").alias("geo_id"), pl.col("country_name").alias("name")
            ),
            refs["state_pop"].select(
                ("US-" + pl.col("state_code")).alias("geo_id"), pl.col("state").alias("name")
            ),
        ]
    ).unique("geo_id", keep="first")
    pops = pl.concat(
        [
            refs["country_pop"].select(
                pl.col("iso_alpha_3").alias("geo_id"),
                pl.col("working_age_pop").cast(pl.Float64),
            ),
            refs["state_pop"].select(
                ("US-" + pl.col("state_code")).alias("geo_id"),
                pl.col("working_age_pop").cast(pl.Float64),
            ),
        ]
    ).unique("geo_id", keep="first")
    gdp = pl.concat(
        [
            refs["country_gdp"].select(
                pl.col("iso_alpha_3").alias("geo_id"), pl.col("gdp_total").cast(pl.Float64)
            ),
            refs["state_gdp"].select(
                ("US-" + pl.col("state_code")).alias("geo_id"),
                pl.col("gdp_total").cast(pl.Float64),
            ),
        ]
    ).unique("geo_id", keep="first")
    joined = (
        usage.join(names, on="geo_id", how="left")
        .join(pops, on="geo_id", how="left")
        .join(gdp, on="geo_id", how="left")
    )
    return joined.with_columns(
        pl.lit(None, dtype=pl.Float64).alias("usage_count"),  # no counts in this format
        pl.lit(None, dtype=pl.Float64).alias("usage_per_capita"),
        pl.when(pl.col("usage_per_capita_index").is_not_null())
        .then(pl.lit(PUBLISHED_JUN2026))
        .alias("aui_convention"),
        pl.lit(None, dtype=pl.Int64).alias("usage_tier"),
        pl.lit(None, dtype=pl.String).alias("usage_tier_label"),
        pl.when(pl.col("working_age_pop") > 0)
        .then(pl.col("gdp_total") / pl.col("working_age_pop"))
        .alias("gdp_per_working_age_capita"),
        pl.lit(None, dtype=pl.Int64).alias("min_conversations"),  # applied upstream, unstated
        pl.lit(None, dtype=pl.Boolean).alias("meets_threshold"),
    )


def completeness(usage: pl.DataFrame) -> dict[str, Any]:
    """Per level and window: the usage_pct sums within parents (recorded, never an error:
    thresholds are applied upstream, so a published level need not sum to 100)."""
    report: dict[str, Any] = {}
    as_published = usage.filter(pl.col("window_rule") == AS_PUBLISHED)
    for level in ("country", "subregion"):
        part = as_published.filter(pl.col("geo_level") == level)
        if part.height == 0:
            report[level] = {"status": "absent"}
            continue
        sums = share_sums(part, ["platform", "date_start", "parent_geo_id"]).sort(
            ["platform", "date_start", "parent_geo_id"]
        )
        report[level] = {
            "status": "thresholded_upstream",
            "sums": [
                {
                    "platform": p,
                    "date_start": d,
                    "parent": parent,
                    "pct_sum": round(total, 4),
                    "geographies": n,
                }
                for p, d, parent, total, n in sums.iter_rows()
            ][:300],
        }
    return report


def node_usage(derived: pl.DataFrame, statements: pl.DataFrame) -> pl.DataFrame:
    picked = derived.filter(
        pl.col("category").is_in(["onet", "soc_occupation"]) & (pl.col("metric") == "pct")
    )
    levels = pl.DataFrame(
        [
            {"category": c, "hierarchy_level": h, "level_name": n}
            for (c, h), n in NODE_LEVELS.items()
        ],
        schema={"category": pl.String, "hierarchy_level": pl.Int64, "level_name": pl.String},
    )
    keys = statements.select(
        pl.col("Task ID").str.strip_chars().alias("node_id"),
        pl.col("Task").str.strip_chars().str.to_lowercase().alias("task_key"),
    ).unique("node_id", keep="first")
    is_task = (pl.col("category") == "onet") & (pl.col("hierarchy_level") == 0)
    joined = (
        picked.join(levels, on=["category", "hierarchy_level"], how="left")
        .join(keys, on="node_id", how="left")
        .with_columns(
            pl.when(is_task).then(pl.col("task_key")).alias("task_key"),
            pl.when(~is_task)
            .then(pl.lit("not_a_task"))
            .when(pl.col("task_key").is_not_null())
            .then(pl.lit("matched"))
            .otherwise(pl.lit("unmatched"))
            .alias("task_match"),
        )
    )
    unknown = joined.filter(pl.col("level_name").is_null())
    if unknown.height:
        row = unknown.row(0, named=True)
        raise RawDataError(
            "node_usage",
            f"unknown hierarchy_level {row['hierarchy_level']} of category {row['category']}",
        )
    return joined.rename({"value": "conversation_pct"})


def task_coverage(nodes: pl.DataFrame) -> dict[str, Any]:
    """Task IDs at GLOBAL joined to statements: ids and share matched, per platform and month."""
    tasks = nodes.filter(
        (pl.col("task_match") != "not_a_task")
        & (pl.col("geo_level") == "global")
        & (pl.col("window_rule") == AS_PUBLISHED)
    )
    out: dict[str, Any] = {}
    for (platform, start), part in tasks.group_by(["platform", "date_start"], maintain_order=True):
        matched = part.filter(pl.col("task_match") == "matched")
        out[f"{platform} {start}"] = {
            "task_ids": part.height,
            "matched": matched.height,
            "pct_published": round(float(part["conversation_pct"].sum()), 4),
            "pct_matched": round(float(matched["conversation_pct"].sum()), 4),
        }
    return dict(sorted(out.items()))


def geo_request_clusters(derived: pl.DataFrame) -> pl.DataFrame:
    rows = derived.filter((pl.col("category") == "request") & (pl.col("metric") == "pct"))
    parents = rows.select(
        "platform",
        *WINDOW,
        pl.col("geo_id").alias("parent_geo_id"),
        "hierarchy_level",
        "node_id",
        pl.col("value").alias("parent_pct"),
    )
    joined = rows.join(
        parents,
        on=["platform", *WINDOW, "parent_geo_id", "hierarchy_level", "node_id"],
        how="left",
    )
    return joined.select(
        "platform",
        *WINDOW,
        "geo_level",
        "geo_id",
        "parent_geo_id",
        "hierarchy_level",
        pl.col("node_name").alias("cluster_name"),
        pl.col("node_id").alias("cluster_id"),
        pl.col("value").alias("conversation_pct"),
        pl.lit(None, dtype=pl.Float64).alias("conversation_count"),
        "parent_pct",
        pl.when(pl.col("parent_pct") > 0)
        .then(pl.col("value") / pl.col("parent_pct"))
        .alias("index_vs_parent"),
        pl.when(pl.col("parent_pct").is_not_null())
        .then((pl.col("value") >= 1) & (pl.col("parent_pct") >= 1))
        .alias("meets_report_filter"),
    )


def geo_collaboration(derived: pl.DataFrame) -> pl.DataFrame:
    metrics = {f"collaboration_{p}_pct": p for p in COLLABORATION_PATTERNS}
    rows = derived.filter((pl.col("category") == "overall") & pl.col("metric").is_in(list(metrics)))
    return rows.select(
        "platform",
        *WINDOW,
        "geo_level",
        "geo_id",
        pl.col("metric").replace_strict(metrics).alias("pattern"),
        pl.col("metric")
        .replace_strict({m: pattern_mode(p) for m, p in metrics.items()})
        .alias("mode"),
        pl.col("value").alias("conversation_pct"),
        pl.lit(None, dtype=pl.Float64).alias("conversation_count"),
    )


def geo_primitives(derived: pl.DataFrame) -> pl.DataFrame:
    rows = derived.filter(
        (pl.col("category") == "overall") & pl.col("metric").is_in(list(PRIMITIVE_METRICS))
    )

    def part(index: int) -> pl.Expr:
        return pl.col("metric").replace_strict(
            {m: spec[index] for m, spec in PRIMITIVE_METRICS.items()}
        )

    return rows.select(
        "platform",
        *WINDOW,
        "geo_level",
        "geo_id",
        part(0).alias("primitive"),
        part(1).alias("statistic"),
        part(2).alias("node_name"),
        "value",
        part(3).alias("unit"),
    )


def geo_artifacts(derived: pl.DataFrame) -> pl.DataFrame:
    label = pl.col("metric").str.extract(r"^artifact_(.+)_pct$", 1)
    return derived.filter((pl.col("category") == "overall") & label.is_not_null()).select(
        "platform",
        *WINDOW,
        "geo_level",
        "geo_id",
        label.alias("artifact"),
        pl.col("value").alias("conversation_pct"),
    )


def build_long_v2(raw_dir: Path, recipe: Recipe) -> AdapterResult:
    fmt = recipe.long_format
    if fmt is None:
        raise RawDataError(recipe.folder, "recipe has no long_format settings")
    refs = read_references(raw_dir, recipe)
    path, name = recipe.locate(raw_dir, dict(fmt.references)["onet_statements"])
    if not path.is_file():
        raise RawDataError(name, "file not found")
    statements = pl.read_csv(path, infer_schema=False, empty_string_is_null=False, null_values=None)
    frames = []
    report: dict[str, Any] = {"files": {}}
    for platform, file_name in fmt.usage:
        path, name = recipe.locate(raw_dir, file_name)
        raw = read_v2_csv(path, name)
        frames.append(observations(raw, platform, name, refs["iso_codes"]))
        report["files"][name] = {
            "rows": raw.height,
            "windows": dict(
                sorted(raw.group_by("date_start").len().iter_rows(), key=lambda r: str(r[0]))
            ),
            "geographies": dict(
                sorted(raw.group_by("geo_level").len().iter_rows(), key=lambda r: str(r[0]))
            ),
        }
    obs = pl.concat(frames)
    duplicated = obs.select(OBS_KEY).is_duplicated()
    if duplicated.any():
        row = obs.filter(duplicated).row(0, named=True)
        raise RawDataError(
            recipe.folder,
            "the same key appears twice (date_start, geo_id, category_name, hierarchy_level, "
            f"metric_id, node_external_id): {row['platform']}, {row['date_start']}, "
            f"{row['geo_id']}, {row['category']}, {row['hierarchy_level']}, {row['metric']}, "
            f"{row['node_id']}",
        )
    # The derived tables read the overall rows and the pct rows only; the 50 other metrics of
    # every taxonomy node stay in observations. Filtering first keeps the release-figure step
    # (a group-by over every cell) off about half the rows.
    needed = obs.filter((pl.col("category") == "overall") | (pl.col("metric") == "pct"))
    derived = release_figures(needed, CELL, fmt.release_window_rule)
    del needed
    usage = geo_usage(derived, refs)
    nodes = node_usage(derived, statements)
    report["completeness"] = completeness(usage)
    report["task_coverage"] = task_coverage(nodes)
    report["aui_convention"] = {"country": PUBLISHED_JUN2026, "subregion": PUBLISHED_JUN2026}
    report["window_rule"] = fmt.release_window_rule
    unmatched = obs.filter(pl.col("geo_kind") == "unmatched")["geo_id"].unique().sort()
    report["geographies"] = {"unmatched": unmatched.to_list()}
    collaboration = geo_collaboration(derived)
    tables = {
        "observations": obs,
        "node_usage": nodes,
        "geo_request_clusters": geo_request_clusters(derived),
        "geo_collaboration": collaboration,
        "geo_primitives": geo_primitives(derived),
        "geo_artifacts": geo_artifacts(derived),
    }
    if usage.height:
        tables["geo_usage"] = usage
    if collaboration.height:
        tables["geo_automation"] = automation_shares(
            collaboration, ["platform", *WINDOW, "geo_level", "geo_id"]
        )
    # SOC groups per geography and window, and the classic usage tables of the release's own
    # figure at GLOBAL Claude.ai (long_usage.py; docs/methods-long-usage.md).
    task_refs = read_task_references(raw_dir, recipe)
    tables["geo_soc_groups"] = geo_soc_groups(v2_task_rows(nodes), task_refs)
    classic = _classic(raw_dir, recipe, task_refs, nodes, collaboration)
    tables = {k: v for k, v in tables.items() if v.height}
    tables.update(classic.tables)
    report["classic_usage"] = classic.report
    report["tables"] = {k: frame.height for k, frame in sorted(tables.items())}
    measures = classic.measures + ((SOC_GROUPS_MEASURE,) if "geo_soc_groups" in tables else ())
    return AdapterResult(tables=tables, report=report, measures=measures)


def _classic(
    raw_dir: Path,
    recipe: Recipe,
    task_refs: TaskReferences,
    nodes: pl.DataFrame,
    collaboration: pl.DataFrame,
) -> ClassicResult:
    """The classic tables from the release's own figure (the recipe's window rule) of the
    GLOBAL Claude.ai task rows (joined by Task ID) and collaboration patterns."""
    assert recipe.long_format is not None
    rule = recipe.long_format.release_window_rule or AS_PUBLISHED
    here = (
        (pl.col("platform") == CLASSIC_PLATFORM)
        & (pl.col("geo_id") == "GLOBAL")
        & (pl.col("window_rule") == rule)
    )
    tasks = nodes.filter(here & (pl.col("task_match") != "not_a_task"))
    matched = tasks.filter(pl.col("task_match") == "matched")
    published = exact_sum(tasks["conversation_pct"])
    coverage = {
        "task_ids": tasks.height,
        "task_ids_matched": matched.height,
        "pct_published": published,
        "pct_matched": exact_sum(matched["conversation_pct"]),
        "matched_share_pct": (
            exact_sum(matched["conversation_pct"]) / published * 100 if published else None
        ),
        "unmatched_task_ids": sorted(
            tasks.filter(pl.col("task_match") == "unmatched")["node_id"].to_list()
        )[:50],
        "join": "by O*NET Task ID only (never by text); unmatched Task IDs take no part",
    }
    window = {
        "date_start": str(tasks["date_start"].min() or ""),
        "date_end": str(tasks["date_end"].max() or ""),
        "window_rule": rule,
    }
    # Two Task IDs of one statement share a key: the key's share is their sum.
    usage = exact_group_sum(matched, "task_key", "conversation_pct").rename(
        {"conversation_pct": "share_pct"}
    )
    patterns = collaboration.filter(here).select(
        pl.col("pattern").alias("mode_label"), pl.col("conversation_pct").alias("share_pct")
    )
    return classic_usage(
        raw_dir,
        recipe,
        task_refs,
        usage,
        patterns,
        window,
        {"task_id_coverage": coverage},
    )
