"""A Parquet twin must hold exactly its CSV's rows (publishing/validate.py, ``twin_problems``).

The twins of small tables are no longer given to frictionless as inline rows; a damaged twin
must still be refused. Each case copies the real 2025-02-10 package, changes one Parquet twin
with pyarrow (and updates its bytes and sha256 in datapackage.json, so only the rows can
tell), and expects the validator to name the twin; the untouched copy validates clean.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from econindex_api.publishing.validate import validate_package_dir


def package_copy(published_root: Path, tmp_path: Path) -> Path:
    (source,) = (published_root / "releases" / "2025-02-10").iterdir()
    target = tmp_path / "package"
    shutil.copytree(source, target)
    return target


def rewrite_twin(package: Path, name: str, change: Callable[[pa.Table], pa.Table]) -> None:
    path = package / "data" / f"{name}.parquet"
    pq.write_table(change(pq.read_table(path)), path)
    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["path"] == f"data/{name}.parquet":
            resource["bytes"] = path.stat().st_size
            resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def one_value_changed(table: pa.Table) -> pa.Table:
    shares = table.column("share_pct").to_pylist()
    shares[3] = shares[3] + 0.001
    return table.set_column(
        table.schema.get_field_index("share_pct"), "share_pct", pa.array(shares, pa.float64())
    )


def last_row_dropped(table: pa.Table) -> pa.Table:
    return table.slice(0, table.num_rows - 1)


def rows_swapped(table: pa.Table) -> pa.Table:
    order = list(range(table.num_rows))
    order[0], order[1] = order[1], order[0]
    return table.take(pa.array(order))


def title_blanked(table: pa.Table) -> pa.Table:
    blank = pc.if_else(
        pc.equal(table.column("major_group_code"), "15-0000"),
        pa.scalar(None, pa.string()),
        table.column("major_group_title"),
    )
    return table.set_column(
        table.schema.get_field_index("major_group_title"), "major_group_title", blank
    )


def test_untouched_copy_is_valid(published_root: Path, tmp_path: Path) -> None:
    assert validate_package_dir(package_copy(published_root, tmp_path)) == []


@pytest.mark.parametrize(
    "change", [one_value_changed, last_row_dropped, rows_swapped, title_blanked]
)
def test_a_twin_that_differs_from_its_csv_is_refused(
    published_root: Path, tmp_path: Path, change: Callable[[pa.Table], pa.Table]
) -> None:
    package = package_copy(published_root, tmp_path)
    rewrite_twin(package, "category_usage", change)
    problems = validate_package_dir(package, "pkg")
    assert problems == ["pkg: resource category_usage-parquet: rows differ from category_usage"]


def test_first_repeat_equals_a_plain_python_scan() -> None:
    """The hashed primary-key check (``first_repeat``) against a set-based scan, on random
    keys from a small domain (many repeats, nulls included) and on unique keys."""
    import random

    import polars as pl

    from econindex_api.publishing.validate import first_repeat

    rng = random.Random(21)
    for trial in range(200):
        n = rng.randint(0, 30)
        a = [rng.choice([None, 1, 2, 3]) for _ in range(n)]
        b = [rng.choice([None, "x", "y"]) for _ in range(n)]
        if trial % 4 == 0:  # unique keys
            a, b = list(range(n)), ["k"] * n
        seen: set[tuple[object, object]] = set()
        expected = None
        for i, pair in enumerate(zip(a, b, strict=True)):
            if pair in seen:
                expected = i
                break
            seen.add(pair)
        frame = pl.DataFrame({"a": a, "b": b}, schema={"a": pl.Int64, "b": pl.String})
        assert first_repeat(frame, ["a", "b"]) == expected, (a, b)
