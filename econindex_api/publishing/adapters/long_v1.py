"""Adapter for the first long format (releases 2025-09-15, 2026-01-15, 2026-03-24).

One row per published value, columns ``geo_id, geography, date_start, date_end,
platform_and_product, facet, level, variable, cluster_name, value``. The differences between
the three releases are data in the recipe (``LongFormat``), not code: the sub-national label
(``state_us`` / ``country-state``), how sub-national ids are written (USPS / ISO 3166-2), the
AUI convention of the report, where the reference tables are.

Data decisions (README, "Long-format releases"; methods in docs/methods.md):
- Every column is read as text with no NA parsing: ``NA`` is Namibia, ``NONE`` a
  pseudo-geography, and ``level`` is text in the 2026 files. Empty strings stay empty.
- Upstream's key is (geography, geo_id, facet, level, variable, cluster_name): 22 ISO-2
  country codes equal USPS state codes (CA = Canada or California), so a geography is always
  the pair, and ``geo_level`` is part of our key. A repeated key is refused.
- Countries: ISO-2 mapped to alpha-3 through the release's ``iso_country_codes.csv``; an id
  the table lacks is kept under its upstream id with ``geo_kind = unmatched`` (counted in the
  build report). Sub-national ids become ISO 3166-2 (``CA`` under ``state_us`` -> ``US-CA``).
- Pseudo-geographies (``not_classified``, ``<ISO2>-not_classified``, ``NONE``) are kept as
  ``unclassified`` rows, never dropped; a US state file's ``not_classified`` becomes
  ``US-not_classified`` (it is the US's unplaced usage, not the world's).
- Intersection facets (``a::b``) split ``cluster_name`` on the LAST ``::`` (task statements
  can contain ``::``; the category part never does).
- Completeness: within each parent, usage_pct of a geography level must sum to 100 (+/-
  0.5, because 2026-03-24's US subregions sum to 100.284 upstream). A sum below is
  ``incomplete`` (rows missing): a pinned build refuses it, an unpinned build (a partial
  extract) records it. A sum above is ``exceeds_100`` (children overlap, as PR, GU and VI are
  counted under US-* but not in the US row): recorded, not an error. A level absent from the
  input is recorded as ``absent``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from econindex_api.methods.clusters import cluster_id
from econindex_api.methods.geography import (
    SYMMETRIC,
    automation_shares,
    pattern_mode,
    share_sums,
    usage_index,
    usage_tiers,
)
from econindex_api.methods.task_key import task_key
from econindex_api.publishing.adapters.base import AdapterResult
from econindex_api.publishing.adapters.long_usage import (
    CLASSIC_PLATFORM,
    SOC_GROUPS_MEASURE,
    classic_usage,
    geo_soc_groups,
    read_task_references,
    v1_task_rows,
)
from econindex_api.publishing.errors import RawDataError
from econindex_api.publishing.recipes import LongFormat, Recipe
from econindex_api.publishing.tables_long import PRIMITIVES

COLUMNS = (
    "geo_id",
    "geography",
    "date_start",
    "date_end",
    "platform_and_product",
    "facet",
    "level",
    "variable",
    "cluster_name",
    "value",
)
THRESHOLDS = {"country": 200, "subregion": 100}
COMPLETENESS_TOLERANCE = 0.5  # percentage points
PSEUDO_COUNTRIES = ("not_classified", "NONE")
TOKEN_MEASURES = ("prompt_tokens", "completion_tokens", "cost")
PRIMITIVE_UNITS = {
    "human_only_time": "hours",
    "human_with_ai_time": "minutes",
    "ai_autonomy": "scale 1-5",
    "human_education_years": "years",
    "ai_education_years": "years",
}


def read_long_csv(
    path: Path,
    name: str,
    columns: tuple[str, ...] = COLUMNS,
    layout: str = "the first long format",
) -> pl.DataFrame:
    """Read one usage file of a long format (both generations): all text, no NA parsing (``NA``
    is Namibia), empty strings kept, header checked against ``columns``."""
    if not path.is_file():
        raise RawDataError(name, "file not found")
    frame = pl.read_csv(path, infer_schema=False, empty_string_is_null=False, null_values=None)
    if tuple(frame.columns) != columns:
        raise RawDataError(
            name,
            f"header is {','.join(frame.columns)}; {layout} has {','.join(columns)}",
            line=1,
        )
    return frame


def _first_bad(frame: pl.DataFrame, parsed: pl.Expr) -> int | None:
    """The file line (header = 1) of the first row whose parsed value is null."""
    bad = frame.with_row_index("_row").filter(parsed.is_null())
    return None if bad.height == 0 else int(bad["_row"][0]) + 2  # header is line 1


def _reference(raw_dir: Path, recipe: Recipe, role: str) -> tuple[Path, str]:
    assert recipe.long_format is not None
    name = dict(recipe.long_format.references)[role]
    return recipe.locate(raw_dir, name)


def read_references(raw_dir: Path, recipe: Recipe) -> dict[str, pl.DataFrame]:
    """The reference tables, every column as text (NA = Namibia), numbers cast where used."""
    out = {}
    for role in ("iso_codes", "country_pop", "state_pop", "country_gdp", "state_gdp"):
        path, name = _reference(raw_dir, recipe, role)
        if not path.is_file():
            raise RawDataError(name, "file not found")
        out[role] = pl.read_csv(
            path, infer_schema=False, empty_string_is_null=False, null_values=None
        )
    return out


def canonical_geography(frame: pl.DataFrame, fmt: LongFormat, iso: pl.DataFrame) -> pl.DataFrame:
    """Add ``geo_level``, ``geo_id`` (canonical), ``upstream_geo_id``, ``geo_kind`` and
    ``parent_geo_id``; upstream's ``geo_id`` is renamed ``upstream_geo_id``."""
    alpha3 = dict(zip(iso["iso_alpha_2"], iso["iso_alpha_3"], strict=True))
    pairs = frame.select("geography", "geo_id").unique()
    rows: list[dict[str, str]] = []
    for geography, upstream in pairs.iter_rows():
        rows.append(_one_geography(geography, upstream, fmt, alpha3))
    mapping = pl.DataFrame(
        rows,
        schema={
            "geography": pl.String,
            "upstream_geo_id": pl.String,
            "geo_level": pl.String,
            "geo_id": pl.String,
            "geo_kind": pl.String,
            "parent_geo_id": pl.String,
        },
    )
    return (
        frame.rename({"geo_id": "upstream_geo_id"})
        .join(mapping, on=["geography", "upstream_geo_id"], how="left")
        .with_columns(pl.col("parent_geo_id").replace("", None))  # GLOBAL has no parent
    )


def _one_geography(
    geography: str, upstream: str, fmt: LongFormat, alpha3: dict[str, str]
) -> dict[str, str]:
    row = {"geography": geography, "upstream_geo_id": upstream}
    if geography == "global":
        return {
            **row,
            "geo_level": "global",
            "geo_id": "GLOBAL",
            "geo_kind": "global",
            "parent_geo_id": "",
        }
    if geography == "country":
        if upstream in PSEUDO_COUNTRIES:
            kind, canonical = "unclassified", upstream
        elif upstream in alpha3:
            kind, canonical = "classified", alpha3[upstream]
        else:
            kind, canonical = "unmatched", upstream
        return {
            **row,
            "geo_level": "country",
            "geo_id": canonical,
            "geo_kind": kind,
            "parent_geo_id": "GLOBAL",
        }
    if geography == fmt.subregion_label:
        if fmt.subregion_ids == "usps":
            prefix, local = "US", upstream
        else:
            prefix, _, local = upstream.partition("-")
        canonical = f"{prefix}-{local}" if local else upstream
        kind = "unclassified" if local in ("not_classified", "") else "classified"
        parent = alpha3.get(prefix, prefix)
        return {
            **row,
            "geo_level": "subregion",
            "geo_id": canonical,
            "geo_kind": kind,
            "parent_geo_id": parent,
        }
    raise RawDataError(
        "geography",
        f"unknown geography label {geography!r} (this release's labels: global, country, "
        f"{fmt.subregion_label})",
    )


def observations(frame: pl.DataFrame, platform: str, name: str) -> pl.DataFrame:
    """The canonical ``observations`` rows of one usage file (already geo-mapped)."""
    level = pl.col("level").str.strip_chars().cast(pl.Int64, strict=False)
    line = _first_bad(frame, level)
    if line is not None:
        raise RawDataError(name, "level is not an integer", line=line, column="level")
    value = pl.col("value").cast(pl.Float64, strict=False)
    line = _first_bad(frame, value)
    if line is not None:
        raise RawDataError(name, "value is not a number", line=line, column="value")
    intersection = pl.col("facet").str.contains("::", literal=True)
    # Split on the LAST '::': the base (a task statement) may itself contain '::'.
    parts = pl.col("cluster_name").str.extract_groups(r"(?s)^(.*)::(.*)$")  # greedy: last
    with_parts = frame.with_columns(parts.alias("_parts"))
    bad = with_parts.with_row_index("_row").filter(
        pl.col("facet").str.contains("::", literal=True)
        & pl.col("_parts").struct.field("1").is_null()
    )
    if bad.height:
        raise RawDataError(
            name,
            "an intersection facet's cluster_name has no '::'",
            line=int(bad["_row"][0]) + 2,
            column="cluster_name",
        )
    return with_parts.select(
        pl.lit(platform).alias("platform"),
        pl.col("platform_and_product").alias("platform_product"),
        "date_start",
        "date_end",
        "geo_level",
        "geo_id",
        "upstream_geo_id",
        pl.col("geography").alias("upstream_geography"),
        "geo_kind",
        pl.col("facet").alias("category"),
        level.alias("hierarchy_level"),
        pl.col("variable").alias("metric"),
        pl.when(intersection)
        .then(pl.col("_parts").struct.field("1"))
        .otherwise(pl.lit(""))
        .alias("base_node"),
        pl.when(intersection)
        .then(pl.col("_parts").struct.field("2"))
        .otherwise(pl.col("cluster_name"))
        .alias("node_name"),
        pl.lit("").alias("node_id"),
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
    "base_node",
    "node_name",
]


def _pivot(obs: pl.DataFrame, keys: list[str], metrics: dict[str, str]) -> pl.DataFrame:
    """Rows of ``metrics`` (upstream variable -> our column) side by side per ``keys``."""
    picked = obs.filter(pl.col("metric").is_in(list(metrics)))
    return picked.group_by(keys).agg(
        *(
            pl.col("value").filter(pl.col("metric") == metric).first().alias(column)
            for metric, column in metrics.items()
        )
    )


def geo_usage(
    obs: pl.DataFrame, fmt: LongFormat, refs: dict[str, pl.DataFrame], country_aui: str
) -> pl.DataFrame:
    keys = ["platform", "geo_level", "geo_id", "upstream_geo_id", "geo_kind", "parent_geo_id"]
    usage = _pivot(
        obs.filter(pl.col("category").is_in(["country", fmt.subregion_label])),
        keys,
        {"usage_count": "usage_count", "usage_pct": "usage_pct"},
    )
    iso = refs["iso_codes"].select(
        pl.col("iso_alpha_3").alias("geo_id"), pl.col("country_name").alias("iso_name")
    )
    country_pop = refs["country_pop"].select(
        pl.col("iso_alpha_3").alias("geo_id"),
        pl.col("working_age_pop").cast(pl.Float64).alias("pop_c"),
    )
    state_pop = refs["state_pop"].select(
        ("US-" + pl.col("state_code")).alias("geo_id"),
        pl.col("working_age_pop").cast(pl.Float64).alias("pop_s"),
        pl.col("state").alias("state_name"),
    )
    country_gdp = refs["country_gdp"].select(
        pl.col("iso_alpha_3").alias("geo_id"), pl.col("gdp_total").cast(pl.Float64).alias("gdp_c")
    )
    state_gdp = refs["state_gdp"].select(
        ("US-" + pl.col("state_code")).alias("geo_id"),
        pl.col("gdp_total").cast(pl.Float64).alias("gdp_s"),
    )
    joined = (
        usage.join(iso, on="geo_id", how="left")
        .join(country_pop, on="geo_id", how="left")
        .join(state_pop, on="geo_id", how="left")
        .join(country_gdp, on="geo_id", how="left")
        .join(state_gdp, on="geo_id", how="left")
    )
    is_country = pl.col("geo_level") == "country"
    classified = pl.col("geo_kind") == "classified"
    joined = joined.with_columns(
        pl.when(is_country).then(pl.col("iso_name")).otherwise(pl.col("state_name")).alias("name"),
        pl.when(~classified)
        .then(None)
        .when(is_country)
        .then(pl.col("pop_c"))
        .otherwise(pl.col("pop_s"))
        .alias("working_age_pop"),
        pl.when(~classified)
        .then(None)
        .when(is_country)
        .then(pl.col("gdp_c"))
        .otherwise(pl.col("gdp_s"))
        .alias("gdp"),
        pl.when(is_country)
        .then(pl.lit(THRESHOLDS["country"]))
        .otherwise(pl.lit(THRESHOLDS["subregion"]))
        .cast(pl.Int64)
        .alias("min_conversations"),
    )
    # The AUI and the tiers are computed among siblings: one platform, one level, one parent
    # (all countries; the subregions of one country).
    parts = []
    for (_, level, _), part in joined.group_by(
        ["platform", "geo_level", "parent_geo_id"], maintain_order=True
    ):
        threshold = THRESHOLDS[str(level)]
        convention = country_aui if level == "country" else SYMMETRIC
        indexed = usage_index(part, convention, threshold)
        parts.append(usage_tiers(indexed, threshold))
    if not parts:
        return pl.DataFrame()
    out = pl.concat(parts, how="diagonal_relaxed")
    return out.with_columns(
        pl.when(pl.col("gdp").is_not_null() & (pl.col("working_age_pop") > 0))
        .then(pl.col("gdp") / pl.col("working_age_pop"))
        .alias("gdp_per_working_age_capita"),
        pl.when(pl.col("usage_count").is_not_null())
        .then(pl.col("usage_count") >= pl.col("min_conversations"))
        .alias("meets_threshold"),
    )


def completeness(
    usage: pl.DataFrame, levels_present: set[str], name: str, unpinned: bool
) -> dict[str, Any]:
    """Per geography level: absent, or the usage_pct sums within each parent."""
    report: dict[str, Any] = {}
    for level in ("country", "subregion"):
        if level not in levels_present or usage.height == 0:
            report[level] = {"status": "absent"}
            continue
        sums = share_sums(usage.filter(pl.col("geo_level") == level), ["parent_geo_id"])
        low = sums.sort("pct_sum").row(0, named=True)
        high = sums.sort("pct_sum", descending=True).row(0, named=True)
        if low["pct_sum"] < 100 - COMPLETENESS_TOLERANCE:
            status = "incomplete"  # rows are missing
        elif high["pct_sum"] > 100 + COMPLETENESS_TOLERANCE:
            status = "exceeds_100"  # children overlap (territories), nothing is missing
        else:
            status = "complete"
        report[level] = {
            "status": status,
            "parents": sums.height,
            "geographies": int(sums["geographies"].sum()),
            "lowest_sum": {"parent": low["parent_geo_id"], "pct_sum": round(low["pct_sum"], 6)},
            "highest_sum": {
                "parent": high["parent_geo_id"],
                "pct_sum": round(high["pct_sum"], 6),
            },
        }
        if status == "incomplete" and not unpinned:
            raise RawDataError(
                name,
                f"{level} usage_pct sums to {low['pct_sum']:.4f} within parent "
                f"{low['parent_geo_id']}, not 100 (- {COMPLETENESS_TOLERANCE}): rows "
                "are missing",
            )
    return report


def global_task_usage(obs: pl.DataFrame) -> pl.DataFrame:
    tasks = _pivot(
        obs.filter((pl.col("geo_level") == "global") & (pl.col("category") == "onet_task")),
        ["platform", "node_name"],
        {"onet_task_pct": "conversation_pct", "onet_task_count": "conversation_count"},
    ).filter(pl.col("conversation_pct").is_not_null())
    return tasks.select(
        "platform",
        pl.col("node_name").alias("task_key"),
        pl.when(pl.col("node_name").is_in(["none", "not_classified"]))
        .then(pl.col("node_name"))
        .otherwise(pl.lit("task"))
        .alias("task_kind"),
        "conversation_pct",
        "conversation_count",
    )


def geo_collaboration(obs: pl.DataFrame) -> pl.DataFrame:
    rows = _pivot(
        obs.filter(pl.col("category") == "collaboration"),
        ["platform", "geo_level", "geo_id", "node_name"],
        {"collaboration_pct": "conversation_pct", "collaboration_count": "conversation_count"},
    )
    return rows.rename({"node_name": "pattern"}).with_columns(
        pl.col("pattern").map_elements(pattern_mode, return_dtype=pl.String).alias("mode")
    )


def geo_request_clusters(obs: pl.DataFrame) -> pl.DataFrame:
    keys = ["platform", "geo_level", "geo_id", "parent_geo_id", "hierarchy_level", "node_name"]
    rows = _pivot(
        obs.filter(pl.col("category") == "request"),
        keys,
        {"request_pct": "conversation_pct", "request_count": "conversation_count"},
    )
    parents = rows.select(
        "platform",
        pl.col("geo_id").alias("parent_geo_id"),
        "hierarchy_level",
        "node_name",
        pl.col("conversation_pct").alias("parent_pct"),
    )
    joined = rows.join(
        parents, on=["platform", "parent_geo_id", "hierarchy_level", "node_name"], how="left"
    )
    return joined.select(
        "platform",
        "geo_level",
        "geo_id",
        "parent_geo_id",
        "hierarchy_level",
        pl.col("node_name").alias("cluster_name"),
        "conversation_pct",
        "conversation_count",
        "parent_pct",
        pl.when(pl.col("parent_pct") > 0)
        .then(pl.col("conversation_pct") / pl.col("parent_pct"))
        .alias("index_vs_parent"),
        pl.when(pl.col("parent_pct").is_not_null() & pl.col("conversation_pct").is_not_null())
        .then((pl.col("conversation_pct") >= 1) & (pl.col("parent_pct") >= 1))
        .alias("meets_report_filter"),
    )


def api_token_cost(obs: pl.DataFrame) -> pl.DataFrame:
    facets = [f"{base}::{m}" for base in ("onet_task", "request") for m in TOKEN_MEASURES]
    picked = obs.filter(pl.col("category").is_in(facets)).with_columns(
        pl.col("category").str.split("::").list.first().alias("base_category"),
        pl.col("category").str.split("::").list.last().alias("measure"),
    )
    kinds = picked.with_columns(
        pl.when(pl.col("metric").str.ends_with("_index"))
        .then(pl.lit("index_value"))
        .when(pl.col("metric").str.ends_with("_count"))
        .then(pl.lit("record_count"))
        .otherwise(pl.lit("other"))
        .alias("kind")
    ).filter(pl.col("kind") != "other")
    return (
        kinds.group_by(["platform", "base_category", "hierarchy_level", "base_node", "measure"])
        .agg(
            pl.col("value").filter(pl.col("kind") == "index_value").first().alias("index_value"),
            pl.col("value").filter(pl.col("kind") == "record_count").first().alias("record_count"),
        )
        .rename({"base_node": "node_name"})
    )


def geo_primitives(obs: pl.DataFrame) -> pl.DataFrame:
    picked = obs.filter(pl.col("category").is_in(list(PRIMITIVES)))
    statistic = pl.col("metric").str.strip_prefix(pl.col("category") + "_")
    unit_of_value = (
        pl.when(statistic.str.contains("count"))
        .then(pl.lit("conversations"))
        .when(statistic.str.contains("pct"))
        .then(pl.lit("percent (0-100)"))
        .otherwise(pl.col("category").replace_strict(PRIMITIVE_UNITS, default="value"))
    )
    return picked.select(
        "platform",
        "geo_level",
        "geo_id",
        pl.col("category").alias("primitive"),
        statistic.alias("statistic"),
        "node_name",
        "value",
        unit_of_value.alias("unit"),
    )


def build_long_v1(raw_dir: Path, recipe: Recipe) -> AdapterResult:
    fmt = recipe.long_format
    if fmt is None:
        raise RawDataError(recipe.folder, "recipe has no long_format settings")
    refs = read_references(raw_dir, recipe)
    frames = []
    report: dict[str, Any] = {"files": {}}
    for platform, file_name in fmt.usage:
        path, name = recipe.locate(raw_dir, file_name)
        raw = read_long_csv(path, name)
        mapped = canonical_geography(raw, fmt, refs["iso_codes"])
        obs = observations(mapped, platform, name)
        frames.append(obs)
        report["files"][name] = {
            "rows": raw.height,
            "platform_products": sorted(set(raw["platform_and_product"].to_list())),
            "geographies": dict(
                sorted(raw.group_by("geography").len().iter_rows(), key=lambda r: str(r[0]))
            ),
        }
    obs = pl.concat(frames)
    duplicated = obs.select(OBS_KEY).is_duplicated()
    if duplicated.any():
        row = obs.filter(duplicated).row(0, named=True)
        raise RawDataError(
            recipe.folder,
            "the same key appears twice (geography, geo_id, facet, level, variable, "
            f"cluster_name): {row['upstream_geography']}, {row['upstream_geo_id']}, "
            f"{row['category']}, {row['hierarchy_level']}, {row['metric']}, "
            f"{row['base_node']}::{row['node_name']}",
        )
    usage = geo_usage(obs, fmt, refs, fmt.country_aui)
    levels = set(obs["geo_level"].unique().to_list())
    report["completeness"] = completeness(usage, levels, recipe.folder, recipe.unpinned)
    kinds = (
        obs.filter(pl.col("geo_level") != "global")
        .group_by("geo_kind")
        .agg(pl.col("upstream_geo_id").unique().sort())
    )
    report["geographies"] = {
        str(kind): {"count": len(ids), "ids": ids if kind != "classified" else None}
        for kind, ids in kinds.iter_rows()
    }
    report["aui_convention"] = {"country": fmt.country_aui, "subregion": SYMMETRIC}
    tables = {
        "observations": obs,
        "global_task_usage": global_task_usage(obs),
        "geo_collaboration": geo_collaboration(obs),
        "geo_request_clusters": geo_request_clusters(obs),
    }
    collaboration = tables["geo_collaboration"]
    if collaboration.height:
        tables["geo_automation"] = automation_shares(
            collaboration, ["platform", "geo_level", "geo_id"]
        )
    if usage.height:
        tables["geo_usage"] = usage
    costs = api_token_cost(obs)
    if costs.height:
        tables["api_token_cost"] = costs
    primitives = geo_primitives(obs)
    if primitives.height:
        tables["geo_primitives"] = primitives
    if "geo_request_clusters" in tables:
        # The first format names clusters by text only. A key column may not be empty (an
        # empty CSV cell reads as missing), so the id is derived from level and name, as for
        # 2025-03-27's clusters: stable within a release, never comparable across releases.
        clusters = tables["geo_request_clusters"].drop("cluster_id", strict=False)
        names = clusters.select("hierarchy_level", "cluster_name").unique()
        ids = names.with_columns(
            pl.Series(
                "cluster_id",
                [cluster_id(level, name) for level, name in names.rows()],
                dtype=pl.String,
            )
        )
        tables["geo_request_clusters"] = clusters.join(
            ids, on=["hierarchy_level", "cluster_name"], how="left"
        )
    # Every derived row names its window (one week here, as published), as in the second
    # format, whose releases hold two monthly windows (docs/methods.md, Windows).
    start, end = str(obs["date_start"].min() or ""), str(obs["date_end"].max() or "")
    for name in list(tables):
        if name != "observations":
            tables[name] = with_window(tables[name], start, end, AS_PUBLISHED)
    # The SOC groups per geography and the classic usage tables (tasks, occupations, SOC
    # groups, depth, interaction modes) from the task and collaboration facets
    # (long_usage.py; docs/methods-long-usage.md).
    task_refs = read_task_references(raw_dir, recipe)
    soc_groups = geo_soc_groups(v1_task_rows(obs), task_refs)
    if soc_groups.height:
        tables["geo_soc_groups"] = soc_groups
    classic = classic_usage(
        raw_dir,
        recipe,
        task_refs,
        _global_claude(tables.get("global_task_usage")).select(
            task_key(pl.col("task_key")).alias("task_key"),
            pl.col("conversation_pct").alias("share_pct"),
        ),
        _global_claude(tables.get("geo_collaboration"))
        .filter(pl.col("conversation_pct").is_not_null())
        .select(
            pl.col("pattern").alias("mode_label"), pl.col("conversation_pct").alias("share_pct")
        ),
        {"date_start": start, "date_end": end, "window_rule": AS_PUBLISHED},
    )
    tables.update(classic.tables)
    report["classic_usage"] = classic.report
    report["tables"] = {name: frame.height for name, frame in sorted(tables.items())}
    measures = classic.measures + ((SOC_GROUPS_MEASURE,) if soc_groups.height else ())
    return AdapterResult(tables=tables, report=report, measures=measures)


def _global_claude(frame: pl.DataFrame | None) -> pl.DataFrame:
    """The GLOBAL Claude.ai rows of a derived table (none when the table is absent)."""
    if frame is None or frame.height == 0:
        return pl.DataFrame(
            schema={
                "task_key": pl.String,
                "conversation_pct": pl.Float64,
                "pattern": pl.String,
                "platform": pl.String,
            }
        )
    found = frame.filter(pl.col("platform") == CLASSIC_PLATFORM)
    if "geo_id" in found.columns:
        found = found.filter(pl.col("geo_id") == "GLOBAL")
    return found


AS_PUBLISHED = "as_published"


def with_window(frame: pl.DataFrame, start: str, end: str, rule: str) -> pl.DataFrame:
    """The window columns of a derived table (a release of the first format has one window)."""
    return frame.with_columns(
        pl.lit(start).alias("date_start"),
        pl.lit(end).alias("date_end"),
        pl.lit(rule).alias("window_rule"),
    )
