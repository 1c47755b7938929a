"""The Datasette peer's database: the published tables of a data root, loaded into SQLite.

    python bench/datasette_db.py DATA_ROOT OUT.db

Every table of the current version of every release is read from its published Parquet file
and inserted with its primary key (from ``datapackage.json``). So that Datasette answers the
same questions in one table lookup, as our API does from its prepared frames, three tables in
the API's row shape are then derived *inside SQLite with plain SQL* from the published tables
(an independent implementation of ``econindex_api.server.queries.*_rows``):

* ``occupation_rows``: occupation usage with title, major group and wage;
* ``task_rows``: one row per task statement with the usage of its key;
* ``category_rows``: usage per SOC major group with the workforce employment.

Datasette gets a fair chance: indexes that serve the benchmark queries in index order
(``major_group_code, share_pct DESC, onet_soc_code``; ``share_pct DESC, task_id``), a
trigram FTS5 index on ``task_rows.task_key`` for ``_search`` (substring semantics, like our
``q``), ``ANALYZE``, and the file is opened immutable by the runner.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import polars as pl
import sqlite_utils
from sqlite_utils.db import DescIndex, Table

from econindex_api.catalog import CATALOG_FILE, decode_catalog

_SQLITE_TYPES: dict[type[pl.DataType], type] = {
    pl.String: str,
    pl.Int64: int,
    pl.Int32: int,
    pl.Float64: float,
    pl.Boolean: int,
}

OCCUPATION_ROWS_SQL = """
INSERT INTO occupation_rows
SELECT u.onet_soc_code,
       coalesce(o.title, ''),
       coalesce(o.soc_2010_code, substr(u.onet_soc_code, 1, 7)),
       coalesce(o.major_group_code, substr(u.onet_soc_code, 1, 2) || '-0000'),
       coalesce(o.major_group_title, ''),
       u.share_pct, u.tasks_total, u.tasks_with_usage, u.tasks_with_usage_fraction,
       o.median_wage_usd,
       coalesce(o.wage_basis, 'no_wage_row'),
       o.job_zone
FROM occupation_usage AS u LEFT JOIN occupations AS o ON o.onet_soc_code = u.onet_soc_code
"""

# n(key): distinct occupation titles whose statements carry the key (docs/methods.md).
TASK_ROWS_SQL = """
WITH n_key AS (
    SELECT t.task_key, count(DISTINCT o.title) AS n
    FROM tasks AS t JOIN occupations AS o ON o.onet_soc_code = t.onet_soc_code
    GROUP BY t.task_key
)
INSERT INTO task_rows
SELECT t.task_id, t.statement, t.task_type, t.task_key, t.onet_soc_code,
       coalesce(o.title, ''),
       coalesce(o.major_group_code, substr(t.onet_soc_code, 1, 2) || '-0000'),
       coalesce(u.share_pct, 0.0),
       coalesce(p.share_pct, 0.0),
       coalesce(u.occupations_count, n.n, 1),
       u.share_pct IS NOT NULL
FROM tasks AS t
LEFT JOIN occupations AS o ON o.onet_soc_code = t.onet_soc_code
LEFT JOIN task_usage AS u ON u.task_key = t.task_key
LEFT JOIN task_occupation_shares AS p ON p.task_id = t.task_id
LEFT JOIN n_key AS n ON n.task_key = t.task_key
"""

CATEGORY_ROWS_SQL = """
INSERT INTO category_rows
SELECT c.major_group_code, c.major_group_title, c.share_pct, c.workforce_pct,
       w.employment, c.occupations_total, c.occupations_with_usage
FROM category_usage AS c LEFT JOIN workforce AS w ON w.major_group_code = c.major_group_code
"""

DERIVED: dict[str, tuple[dict[str, type], str, str]] = {
    "occupation_rows": (
        {
            "onet_soc_code": str,
            "title": str,
            "soc_2010_code": str,
            "major_group_code": str,
            "major_group_title": str,
            "share_pct": float,
            "tasks_total": int,
            "tasks_with_usage": int,
            "tasks_with_usage_fraction": float,
            "median_wage_usd": float,
            "wage_basis": str,
            "job_zone": int,
        },
        "onet_soc_code",
        OCCUPATION_ROWS_SQL,
    ),
    "task_rows": (
        {
            "task_id": int,
            "statement": str,
            "task_type": str,
            "task_key": str,
            "onet_soc_code": str,
            "occupation_title": str,
            "major_group_code": str,
            "share_pct": float,
            "attributed_share_pct": float,
            "occupations_count": int,
            "has_usage": int,
        },
        "task_id",
        TASK_ROWS_SQL,
    ),
    "category_rows": (
        {
            "major_group_code": str,
            "major_group_title": str,
            "share_pct": float,
            "workforce_pct": float,
            "employment": int,
            "occupations_total": int,
            "occupations_with_usage": int,
        },
        "major_group_code",
        CATEGORY_ROWS_SQL,
    ),
}


def _column_types(frame: pl.DataFrame) -> dict[str, type]:
    return {name: _SQLITE_TYPES.get(type(dtype), str) for name, dtype in frame.schema.items()}


def _table(db: sqlite_utils.Database, name: str) -> Table:
    table = db[name]
    assert isinstance(table, Table)
    return table


BENCH_RELEASE = "2025-02-10"
"""The usage release every benchmark queries (``RELEASE`` in run_api_bench and workloads)."""


def load_published(db: sqlite_utils.Database, data_root: Path) -> dict[str, int]:
    """Insert every Parquet table of the benchmarked usage release and of the exposure
    release (current versions); rows per table."""
    catalog = decode_catalog((data_root / CATALOG_FILE).read_bytes())
    counts: dict[str, int] = {}
    for release in catalog.releases:
        # One database answers for the benchmarked usage release and the exposure tables:
        # the usage releases share table names, so only the one the workloads query is loaded.
        if release.series == "usage" and release.id != BENCH_RELEASE:
            continue
        version_dir = data_root / release.current.path
        descriptor: dict[str, Any] = json.loads((version_dir / "datapackage.json").read_bytes())
        # The table schema (with its primary key) is on the CSV resource; the Parquet twin
        # is described as a file (see publishing/package.py).
        keys = {
            r["name"]: r["schema"]["primaryKey"] for r in descriptor["resources"] if "schema" in r
        }
        for resource in release.current.resources:
            frame = pl.read_parquet(version_dir / resource.parquet.path)
            primary_key = keys[resource.name]
            _table(db, resource.name).insert_all(
                frame.iter_rows(named=True),
                pk=tuple(primary_key) if len(primary_key) > 1 else primary_key[0],
                columns=_column_types(frame),
                batch_size=2000,
            )
            counts[resource.name] = frame.height
    return counts


def build(data_root: Path, db_path: Path) -> dict[str, int]:
    """Write the benchmark database; rows per table (published and derived)."""
    if db_path.exists():
        db_path.unlink()
    db = sqlite_utils.Database(db_path)
    counts = load_published(db, data_root)
    for name, (columns, pk, sql) in DERIVED.items():
        _table(db, name).create(columns, pk=pk)
        db.execute(sql)
        counts[name] = _table(db, name).count
    db.conn.commit()
    _table(db, "occupation_rows").create_index(
        ["major_group_code", DescIndex("share_pct"), "onet_soc_code"]
    )
    _table(db, "task_rows").create_index([DescIndex("share_pct"), "task_id"])
    _table(db, "category_rows").create_index([DescIndex("share_pct"), "major_group_code"])
    _table(db, "task_rows").enable_fts(["task_key"], fts_version="FTS5", tokenize="trigram")
    db.execute("ANALYZE")
    db.conn.commit()
    db.vacuum()
    db.conn.close()
    return counts


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    counts = build(Path(argv[0]), Path(argv[1]))
    for name, rows in counts.items():
        print(f"{name}: {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
