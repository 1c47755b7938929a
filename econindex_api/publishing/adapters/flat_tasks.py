"""Adapter for the flat task-file layout (February 2025 release).

Reads onet_task_mappings.csv, onet_task_statements.csv, SOC_Structure.csv, wage_data.csv,
bls_employment_may_2023.csv and automation_vs_augmentation.csv and returns the canonical
usage tables. The March 2025 layout (``flat_tasks_march``) reuses ``build_usage`` and the
readers below with its v2 files. Inputs are located through the recipe, so a wage or BLS
file may come from another upstream folder (a reference input).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from econindex_api.methods.exact_sum import exact_sum
from econindex_api.methods.interaction_modes import (
    AUGMENTATION,
    AUTOMATION,
    NO_MODE,
    interaction_modes,
    interaction_split,
    mode_name,
)
from econindex_api.methods.shares import (
    category_shares,
    major_group_of,
    occupation_shares,
    occupations_per_key,
    task_occupation_shares,
    unmatched_usage,
)
from econindex_api.methods.task_coverage import task_coverage
from econindex_api.methods.task_key import task_key
from econindex_api.methods.wages import UNKNOWN_SENTINEL, annual_wage
from econindex_api.methods.workforce import workforce_shares
from econindex_api.publishing.adapters.base import AdapterResult
from econindex_api.publishing.errors import RawDataError
from econindex_api.publishing.raw_csv import (
    INTEGER,
    LINE,
    NUMBER,
    OPTIONAL_TEXT,
    TEXT,
    read_raw_csv,
    reject_rows,
    repeats,
)
from econindex_api.publishing.recipes import Recipe

USAGE_SUM_TOLERANCE_PCT = 0.01
"""How far the upstream pct column may sum from 100 (rounding), in percentage points."""

SOC_LEVEL_COLUMNS = (
    ("Major Group", "major_group"),
    ("Minor Group", "minor_group"),
    ("Broad Occupation", "broad_occupation"),
    ("Detailed Occupation", "detailed_occupation"),
    ("Detailed O*NET-SOC", "onet_occupation"),
)


def _name(recipe: Recipe, file: str) -> str:
    return f"{recipe.folder}/{file}"


def _locate(raw_dir: Path, recipe: Recipe, file: str) -> tuple[Path, str]:
    """Path and display name of an input: the release's own file or a reference input."""
    return recipe.locate(raw_dir, file)


def read_usage(raw_dir: Path, recipe: Recipe, file: str = "onet_task_mappings.csv") -> pl.DataFrame:
    """task_key, share_pct; checks keys are unique and the shares sum to about 100."""
    path, name = _locate(raw_dir, recipe, file)
    raw = read_raw_csv(path, name, {"task_name": TEXT, "pct": NUMBER})
    reject_rows(raw.filter(pl.col("pct") < 0), name, lambda _: "negative share", column="pct")
    usage = raw.select(
        task_key(pl.col("task_name")).alias("task_key"), pl.col("pct").alias("share_pct"), LINE
    )
    reject_rows(
        usage.filter(repeats("task_key")),
        name,
        lambda row: f"task {row['task_key']!r} appears more than once",
        column="task_name",
    )
    total = float(usage["share_pct"].sum())
    if abs(total - 100.0) > USAGE_SUM_TOLERANCE_PCT:
        raise RawDataError(
            name,
            f"usage shares sum to {total:.6f}, expected 100 ± {USAGE_SUM_TOLERANCE_PCT}",
            column="pct",
        )
    return usage.drop(LINE)


def read_statements(
    raw_dir: Path, recipe: Recipe, file: str = "onet_task_statements.csv"
) -> pl.DataFrame:
    """onet_soc_code, title, task_id, statement, task_type, task_key (one row per task id).

    ``file``: the input's name in the recipe (the long-format releases read 2025-09-15's
    ``data/intermediate/onet_task_statements.csv``, whose extra column is ignored)."""
    path, name = _locate(raw_dir, recipe, file)
    raw = read_raw_csv(
        path,
        name,
        {
            "O*NET-SOC Code": TEXT,
            "Title": TEXT,
            "Task ID": INTEGER,
            "Task": TEXT,
            "Task Type": OPTIONAL_TEXT,
        },
    )
    statements = raw.select(
        pl.col("O*NET-SOC Code").alias("onet_soc_code"),
        pl.col("Title").alias("title"),
        pl.col("Task ID").alias("task_id"),
        pl.col("Task").alias("statement"),
        pl.col("Task Type").alias("task_type"),
        task_key(pl.col("Task")).alias("task_key"),
        LINE,
    )
    _check_codes(statements, name, "O*NET-SOC Code", r"^\d{2}-\d{4}\.\d{2}$", "onet_soc_code")
    reject_rows(
        statements.filter(repeats("task_id")),
        name,
        lambda row: f"Task ID {row['task_id']} appears more than once",
        column="Task ID",
    )
    # n(key) counts distinct titles (docs/methods.md): that equals counting codes only when
    # titles and codes correspond one to one, so check it rather than assume it.
    for key, other in (("title", "onet_soc_code"), ("onet_soc_code", "title")):
        ambiguous = statements.group_by(key).agg(pl.col(other).n_unique()).filter(pl.col(other) > 1)
        if ambiguous.height:
            value = ambiguous.sort(key)[key][0]
            raise RawDataError(name, f"{key} {value!r} has several {other} values")
    bad_type = statements.filter(
        pl.col("task_type").is_not_null() & ~pl.col("task_type").is_in(["Core", "Supplemental"])
    )
    reject_rows(
        bad_type,
        name,
        lambda row: f"expected Core, Supplemental or empty, got {row['task_type']!r}",
        column="Task Type",
    )
    return statements.drop(LINE)


def _check_codes(frame: pl.DataFrame, file: str, upstream: str, pattern: str, column: str) -> None:
    reject_rows(
        frame.filter(~pl.col(column).str.contains(pattern)),
        file,
        lambda row: f"expected a code matching {pattern}, got {row[column]!r}",
        column=upstream,
    )


def read_soc_structure(
    raw_dir: Path, recipe: Recipe, file: str = "SOC_Structure.csv"
) -> pl.DataFrame:
    """code, level, title, parent_code, major_group_code.

    The upstream file is an indented hierarchy: each row fills exactly one of five code
    columns, and a row's parent is the nearest row above it at a higher level. ``file``: the
    input's name in the recipe (2025-09-15 calls it ``data/intermediate/soc_structure.csv``).
    """
    path, name = _locate(raw_dir, recipe, file)
    columns = {upstream: OPTIONAL_TEXT for upstream, _ in SOC_LEVEL_COLUMNS}
    columns["SOC or O*NET-SOC 2019 Title"] = TEXT
    raw = read_raw_csv(path, name, columns)
    rows: list[dict[str, Any]] = []
    stack: list[str | None] = [None] * len(SOC_LEVEL_COLUMNS)
    for record in raw.iter_rows(named=True):
        filled = [i for i, (upstream, _) in enumerate(SOC_LEVEL_COLUMNS) if record[upstream]]
        if len(filled) != 1:
            raise RawDataError(name, "expected exactly one code column filled", line=record[LINE])
        depth = filled[0]
        code = str(record[SOC_LEVEL_COLUMNS[depth][0]]).strip()
        parent = next((stack[i] for i in range(depth - 1, -1, -1) if stack[i]), None)
        if depth > 0 and parent is None:
            raise RawDataError(name, f"code {code} has no parent above it", line=record[LINE])
        stack[depth] = code
        for deeper in range(depth + 1, len(stack)):
            stack[deeper] = None
        rows.append(
            {
                "code": code,
                "level": SOC_LEVEL_COLUMNS[depth][1],
                "title": record["SOC or O*NET-SOC 2019 Title"],
                "parent_code": parent,
                "major_group_code": code[:2] + "-0000",
            }
        )
    structure = pl.DataFrame(rows)
    reject_rows(
        structure.filter(repeats("code")),
        name,
        lambda row: f"code {row['code']} appears more than once",
    )
    return structure


def read_wages(raw_dir: Path, recipe: Recipe) -> pl.DataFrame:
    """onet_soc_code, wage_title, median_wage_published, median_wage_usd, wage_basis, job_zone."""
    file = "wage_data.csv"
    path, name = _locate(raw_dir, recipe, file)
    raw = read_raw_csv(
        path,
        name,
        {"SOCcode": TEXT, "JobName": TEXT, "JobZone": INTEGER, "MedianSalary": NUMBER},
    )
    raw = raw.rename({"SOCcode": "onet_soc_code"})
    _check_codes(raw, name, "SOCcode", r"^\d{2}-\d{4}\.\d{2}$", "onet_soc_code")
    reject_rows(
        raw.filter((pl.col("MedianSalary") <= 0) & (pl.col("MedianSalary") != UNKNOWN_SENTINEL)),
        name,
        lambda row: f"expected a positive wage or -1 (unknown), got {row['MedianSalary']}",
        column="MedianSalary",
    )
    reject_rows(
        raw.filter(~pl.col("JobZone").is_in([-1, 1, 2, 3, 4, 5])),
        name,
        lambda row: f"expected a job zone 1-5 or -1, got {row['JobZone']}",
        column="JobZone",
    )
    reject_rows(
        raw.filter(repeats("onet_soc_code")),
        name,
        lambda row: f"code {row['onet_soc_code']} appears more than once",
        column="SOCcode",
    )
    wage, basis = annual_wage(pl.col("MedianSalary"))
    return raw.select(
        "onet_soc_code",
        pl.col("JobName").alias("wage_title"),
        pl.when(pl.col("MedianSalary") != UNKNOWN_SENTINEL)
        .then(pl.col("MedianSalary"))
        .alias("median_wage_published"),
        wage.alias("median_wage_usd"),
        basis.alias("wage_basis"),
        pl.when(pl.col("JobZone") != -1).then(pl.col("JobZone")).alias("job_zone"),
    )


def read_employment(raw_dir: Path, recipe: Recipe, structure: pl.DataFrame) -> pl.DataFrame:
    """major_group_code, major_group_title, employment; BLS rows are matched to codes by title."""
    file = "bls_employment_may_2023.csv"
    path, name = _locate(raw_dir, recipe, file)
    raw = read_raw_csv(
        path, name, {"SOC or O*NET-SOC 2019 Title": TEXT, "bls_distribution": INTEGER}
    )
    majors = structure.filter(pl.col("level") == "major_group").select(
        pl.col("code").alias("major_group_code"), pl.col("title").alias("major_group_title")
    )
    joined = raw.join(
        majors, left_on="SOC or O*NET-SOC 2019 Title", right_on="major_group_title", how="left"
    )
    reject_rows(
        joined.filter(pl.col("major_group_code").is_null()).sort(LINE),
        name,
        lambda row: f"{row['SOC or O*NET-SOC 2019 Title']!r} is not a SOC major group title",
        column="SOC or O*NET-SOC 2019 Title",
    )
    reject_rows(
        joined.filter(pl.col("bls_distribution") < 0).sort(LINE),
        name,
        lambda _: "negative employment",
        column="bls_distribution",
    )
    return joined.select(
        "major_group_code",
        pl.col("SOC or O*NET-SOC 2019 Title").alias("major_group_title"),
        pl.col("bls_distribution").alias("employment"),
    )


def read_interaction_modes(
    raw_dir: Path, recipe: Recipe, file: str = "automation_vs_augmentation.csv"
) -> pl.DataFrame:
    """mode, mode_label, share_pct for the six modes (five modes plus none)."""
    path, name = _locate(raw_dir, recipe, file)
    raw = read_raw_csv(path, name, {"interaction_type": TEXT, "pct": NUMBER})
    modes = raw.select(
        pl.col("interaction_type").map_elements(mode_name, return_dtype=pl.String).alias("mode"),
        pl.col("interaction_type").alias("mode_label"),
        pl.col("pct").alias("share_pct"),
        LINE,
    )
    expected = {*AUTOMATION, *AUGMENTATION, NO_MODE}
    reject_rows(
        modes.filter(~pl.col("mode").is_in(sorted(expected))),
        name,
        lambda row: (
            f"unknown interaction mode {row['mode_label']!r}; expected one of {sorted(expected)}"
        ),
        column="interaction_type",
    )
    missing = expected - set(modes["mode"].to_list())
    if missing:
        raise RawDataError(name, f"missing interaction mode(s) {sorted(missing)}")
    # Upstream mode shares do not sum to 100 (84.2 in February 2025: part of the conversations
    # carry no published mode). They are served as published; only a sum above 100 is an error.
    total = float(modes["share_pct"].sum())
    if total > 100.0 + USAGE_SUM_TOLERANCE_PCT:
        raise RawDataError(name, f"mode shares sum to {total:.6f}, more than 100", column="pct")
    return modes.drop(LINE)


def build_flat_tasks(raw_dir: Path, recipe: Recipe) -> AdapterResult:
    """The February 2025 layout: the usage tables of docs/methods.md."""
    return build_usage(raw_dir, recipe)


def build_usage(
    raw_dir: Path,
    recipe: Recipe,
    usage_file: str = "onet_task_mappings.csv",
    modes_file: str = "automation_vs_augmentation.csv",
) -> AdapterResult:
    """The canonical usage tables (docs/methods.md) from one usage file and one modes file.

    Shared by every flat-file layout (the March 2025 adapter calls it with its v2 files and
    adds its own tables); wages and BLS employment may be reference inputs of the recipe.
    """
    usage = read_usage(raw_dir, recipe, usage_file)
    statements = read_statements(raw_dir, recipe)
    structure = read_soc_structure(raw_dir, recipe)
    wages = read_wages(raw_dir, recipe)
    employment = read_employment(raw_dir, recipe, structure)
    raw_modes = read_interaction_modes(raw_dir, recipe, modes_file)
    return usage_tables(
        usage,
        statements,
        structure,
        wages,
        employment,
        raw_modes,
        _name(recipe, "SOC_Structure.csv"),
    )


def usage_tables(
    usage: pl.DataFrame,
    statements: pl.DataFrame,
    structure: pl.DataFrame,
    wages: pl.DataFrame,
    employment: pl.DataFrame,
    raw_modes: pl.DataFrame | None,
    structure_name: str,
) -> AdapterResult:
    """The usage tables of docs/methods.md from frames already read and checked.

    ``usage``: task_key, share_pct; ``raw_modes``: mode, mode_label, share_pct of the six
    modes, or None when the release publishes no complete set (no interaction tables then).
    ``structure_name`` names the SOC structure input in errors. Shared by the flat layouts
    and the long formats (``long_usage``), so every release computes them with one code path.
    """
    majors = structure.filter(pl.col("level") == "major_group").select(
        pl.col("code").alias("major_group_code"), pl.col("title").alias("major_group_title")
    )

    # Occupations: every code in the statements or the wage table.
    statement_occupations = statements.group_by("onet_soc_code").agg(pl.col("title").first())
    occupations = (
        statement_occupations.with_columns(has_tasks=pl.lit(True))
        .join(wages, on="onet_soc_code", how="full", coalesce=True)
        .with_columns(
            title=pl.coalesce("title", "wage_title"),
            has_tasks=pl.col("has_tasks").fill_null(False),
            wage_basis=pl.col("wage_basis").fill_null("no_wage_row"),
            soc_2010_code=pl.col("onet_soc_code").str.slice(0, 7),
            major_group_code=major_group_of(pl.col("onet_soc_code")),
        )
        .join(majors, on="major_group_code", how="left")
    )
    reject_rows(
        occupations.filter(pl.col("major_group_title").is_null()).sort("onet_soc_code"),
        structure_name,
        lambda row: (
            f"no major group {row['major_group_code']} for occupation {row['onet_soc_code']}"
        ),
    )

    pairs = task_occupation_shares(usage, statements)
    per_key = occupations_per_key(statements)
    task_usage = usage.join(per_key, on="task_key", how="left").with_columns(
        matched=pl.col("occupations_count").is_not_null(),
        occupations_count=pl.col("occupations_count").fill_null(0),
    )
    occupation_share = occupation_shares(pairs, statements["onet_soc_code"])
    occupation_usage = occupation_share.join(
        task_coverage(usage, statements), on="onet_soc_code", how="left"
    )
    workforce = workforce_shares(employment)
    category_usage = (
        majors.join(category_shares(occupation_share), on="major_group_code", how="left")
        .join(
            workforce.select("major_group_code", "workforce_pct"), on="major_group_code", how="left"
        )
        .with_columns(
            pl.col("share_pct").fill_null(0.0),
            pl.col("occupations_total").fill_null(0),
            pl.col("occupations_with_usage").fill_null(0),
        )
    )
    unmatched = unmatched_usage(usage, statements)

    tables = {
        "soc_structure": structure,
        "occupations": occupations,
        "tasks": statements,
        "task_usage": task_usage,
        "task_occupation_shares": pairs,
        "occupation_usage": occupation_usage,
        "category_usage": category_usage,
        "workforce": workforce,
    }
    if raw_modes is not None:
        modes = interaction_modes(raw_modes)
        tables["interaction_modes"] = modes
        tables["interaction_split"] = interaction_split(modes)
    report = {
        "unmatched_usage_tasks": unmatched.tasks,
        "unmatched_usage_share_pct": unmatched.share_pct,
        "shared_task_keys": int(per_key.filter(pl.col("occupations_count") > 1).height),
        "hourly_wages_annualized": int(
            occupations.filter(pl.col("wage_basis") == "hourly_annualized").height
        ),
        "unknown_wages": int(occupations.filter(pl.col("wage_basis") == "unknown").height),
        "occupations_without_wage_row": int(
            occupations.filter(pl.col("wage_basis") == "no_wage_row").height
        ),
        "occupations_without_tasks": int(occupations.filter(~pl.col("has_tasks")).height),
        "interaction_modes_raw_sum_pct": (
            exact_sum(raw_modes["share_pct"]) if raw_modes is not None else None
        ),
        "major_groups_without_employment": sorted(
            category_usage.filter(pl.col("workforce_pct").is_null())["major_group_code"].to_list()
        ),
    }
    return AdapterResult(tables=tables, report=report)
