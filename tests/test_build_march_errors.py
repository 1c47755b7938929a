"""Bad input of the March 2025 layout: each error names the file, line and column, and a
failed build leaves the data root exactly as it was (see test_build_errors for the pattern)."""

from __future__ import annotations

from pathlib import Path

import pytest

from econindex_api.publishing.errors import RawDataError
from econindex_api.publishing.pipeline import build_all
from tests.raw_fixtures import CLUSTER_HEADER, CLUSTER_ROWS, MARCH_FILES, march_release
from tests.test_build_errors import published, snapshot  # noqa: F401  (fixture)

FOLDER = "release_2025_03_27"
BY_TASK = "automation_vs_augmentation_by_task.csv"
TSV = "cluster_level_data/cluster_level_dataset.tsv"


def build_bad(tmp_path: Path, out: Path, **overrides: str) -> RawDataError:
    before = snapshot(out)
    with pytest.raises(RawDataError) as caught:
        build_all(tmp_path / "bad", out, recipes=march_release(tmp_path / "bad", **overrides))
    assert snapshot(out) == before, "a failed build changed the data root"
    assert not any((out / ".staging").iterdir()), "a failed build left staging files"
    return caught.value


def by_task(row_for_write_code: str) -> str:
    return MARCH_FILES[BY_TASK].replace(
        "write code.,0.0,0.5,0.0,0.0,0.5,0.0", f"write code.,{row_for_write_code}"
    )


def tsv(rows: list[str]) -> str:
    return CLUSTER_HEADER + "\n" + "\n".join(rows) + "\n"


def test_by_task_row_not_summing_to_one(tmp_path: Path, published: Path) -> None:  # noqa: F811
    error = build_bad(tmp_path, published, **{BY_TASK: by_task("0.0,0.5,0.0,0.0,0.4,0.0")})
    assert (error.file, error.line, error.column) == (f"{FOLDER}/{BY_TASK}", 3, "filtered")
    assert "sum to 0.900000000" in error.problem


def test_fraction_outside_zero_one(tmp_path: Path, published: Path) -> None:  # noqa: F811
    error = build_bad(tmp_path, published, **{BY_TASK: by_task("0.0,-0.5,0.0,0.0,1.5,0.0")})
    assert (error.file, error.line, error.column) == (f"{FOLDER}/{BY_TASK}", 3, "directive")
    assert "expected a fraction 0-1, got -0.5" in error.problem


def test_thinking_fraction_outside_zero_one(tmp_path: Path, published: Path) -> None:  # noqa: F811
    thinking = MARCH_FILES["task_thinking_fractions.csv"].replace(
        "perform roles.,0.1", "perform roles.,1.2"
    )
    error = build_bad(tmp_path, published, **{"task_thinking_fractions.csv": thinking})
    assert (error.line, error.column) == (4, "thinking_fraction")


def test_v1_file_that_differs_from_the_earlier_release(
    tmp_path: Path,
    published: Path,  # noqa: F811
) -> None:
    changed = MARCH_FILES["task_pct_v1.csv"].replace("write code.,30", "write code.,31")
    error = build_bad(tmp_path, published, **{"task_pct_v1.csv": changed})
    assert (error.file, error.line, error.column) == (f"{FOLDER}/task_pct_v1.csv", 3, "pct")
    assert "release_2025_02_10/onet_task_mappings.csv" in error.problem


def test_tsv_row_with_the_wrong_number_of_fields(tmp_path: Path, published: Path) -> None:  # noqa: F811
    short = CLUSTER_ROWS[1].rsplit("\t", 1)[0]  # drops has_thinking_ratio
    error = build_bad(
        tmp_path, published, **{TSV: tsv([CLUSTER_ROWS[0], short, *CLUSTER_ROWS[2:]])}
    )
    assert (error.file, error.line, error.column) == (f"{FOLDER}/{TSV}", 3, "has_thinking_ratio")
    assert "expected 16 fields, found 15" in error.problem


def test_duplicate_cluster_name(tmp_path: Path, published: Path) -> None:  # noqa: F811
    twin = CLUSTER_ROWS[3].replace("Sing along\t", " Fix code \t", 1)  # same name once trimmed
    error = build_bad(tmp_path, published, **{TSV: tsv([*CLUSTER_ROWS[:3], twin])})
    assert (error.file, error.line, error.column) == (f"{FOLDER}/{TSV}", 5, "cluster_name_0")
    assert "'Fix code' appears more than once" in error.problem


def test_parent_with_two_descriptions(tmp_path: Path, published: Path) -> None:  # noqa: F811
    other = CLUSTER_ROWS[3].replace("Small talk\tTalk.", "Small talk\tChat.", 1)
    error = build_bad(tmp_path, published, **{TSV: tsv([*CLUSTER_ROWS[:3], other])})
    assert (error.line, error.column) == (5, "cluster_description_1")


def test_by_task_key_missing_from_usage(tmp_path: Path, published: Path) -> None:  # noqa: F811
    extra = MARCH_FILES[BY_TASK] + "dance.,0.0,1.0,0.0,0.0,0.0,0.0\n"
    error = build_bad(tmp_path, published, **{BY_TASK: extra})
    assert (error.line, error.column) == (5, "task_name")
    assert "not in the usage file" in error.problem
