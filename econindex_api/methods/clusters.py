"""Bottom-up conversation clusters as one hierarchical table.

Method: docs/methods.md, "Releases with two observation windows" (bottom-up clusters).

Upstream (``cluster_level_dataset.tsv``) has one row per level-0 cluster with its level-1 and
level-2 parents written out by name and description. Published here as one row per cluster
node: the level-0 clusters with their measures, and each distinct level-1 and level-2 parent
once, linked by ``parent_id``.

**Stable id.** ``cluster_id`` = ``c<level>-`` followed by the first 16 hex digits of
sha256("<level>:<trimmed name>") (UTF-8). It depends only on the level and the name, not on
row order, line numbers or other columns, so it never changes on rebuild. The level is part of
it because five names occur both as a level-0 cluster and as a level-1 parent. Names are
unique within a level (the build checks it), and a collision of ids stops the build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import polars as pl

LEVELS = (0, 1, 2)


def cluster_id(level: int, name: str) -> str:
    digest = hashlib.sha256(f"{level}:{name}".encode()).hexdigest()
    return f"c{level}-{digest[:16]}"


def _ids(level: int, column: str) -> pl.Expr:
    make: Callable[[str], str] = lambda name: cluster_id(level, name)  # noqa: E731
    return pl.col(column).map_elements(make, return_dtype=pl.String)


def cluster_nodes(level0: pl.DataFrame) -> pl.DataFrame:
    """One row per cluster node from the trimmed upstream rows.

    ``level0`` columns: name_0, description_0, name_1, description_1, name_2, description_2,
    plus the level-0 measures (kept on level-0 rows, empty on parents). Output columns:
    cluster_id, level, name, description, parent_id, level_1_id, level_2_id, children_count,
    then the measures. The caller has checked that each parent name has one description and
    one parent.
    """
    measures = [c for c in level0.columns if not c.startswith(("name_", "description_"))]
    frames = []
    for level in LEVELS:
        name, description = f"name_{level}", f"description_{level}"
        parent = f"name_{level + 1}" if level < 2 else None
        rows = level0 if level == 0 else level0.unique(subset=[name], keep="first")
        frame = rows.select(
            _ids(level, name).alias("cluster_id"),
            pl.lit(level, dtype=pl.Int64).alias("level"),
            pl.col(name).alias("name"),
            pl.col(description).alias("description"),
            (_ids(level + 1, parent) if parent else pl.lit(None, dtype=pl.String)).alias(
                "parent_id"
            ),
            *[
                (_ids(up, f"name_{up}") if up > level else pl.lit(None, dtype=pl.String)).alias(
                    f"level_{up}_id"
                )
                for up in (1, 2)
            ],
            *[
                (pl.col(m) if level == 0 else pl.lit(None, dtype=level0.schema[m])).alias(m)
                for m in measures
            ],
        )
        frames.append(frame)
    nodes = pl.concat(frames, how="vertical")
    children = (
        nodes.filter(pl.col("parent_id").is_not_null())
        .group_by("parent_id")
        .agg(pl.len().cast(pl.Int64).alias("children_count"))
        .rename({"parent_id": "cluster_id"})
    )
    return nodes.join(children, on="cluster_id", how="left").with_columns(
        pl.col("children_count").fill_null(0)
    )
