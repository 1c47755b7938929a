"""Bad input: a clear error naming the file, line and column; nothing published or changed.

Each test first publishes a good release into the data root, then builds bad input into the
same root and checks that the error is precise and that the root is exactly as before.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest

from econindex_api.publishing.errors import PublishError, RawDataError
from econindex_api.publishing.pipeline import build_all
from econindex_api.publishing.recipes import Recipe
from tests.raw_fixtures import FLAT_TASK_FILES, exposure_release, flat_task_release

FOLDER = "release_2025_02_10"


def snapshot(root: Path) -> dict[str, str]:
    """Every file under root with its sha256 (staging and lock files included)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A data root that already holds the good exposure release."""
    out = tmp_path / "out"
    build_all(tmp_path / "good", out, recipes=[exposure_release(tmp_path / "good")])
    return out


def build_bad(tmp_path: Path, out: Path, recipe: Recipe) -> RawDataError:
    before = snapshot(out)
    with pytest.raises(RawDataError) as caught:
        build_all(tmp_path / "bad", out, recipes=[exposure_release(tmp_path / "bad"), recipe])
    assert snapshot(out) == before, "a failed build changed the data root"
    assert not any((out / ".staging").iterdir()), "a failed build left staging files"
    return caught.value


def test_missing_file(tmp_path: Path, published: Path) -> None:
    recipe = flat_task_release(tmp_path / "bad")
    (tmp_path / "bad" / FOLDER / "wage_data.csv").unlink()
    error = build_bad(tmp_path, published, recipe)
    assert error.file == f"{FOLDER}/wage_data.csv"
    assert "file not found" in str(error)


def test_renamed_column(tmp_path: Path, published: Path) -> None:
    renamed = FLAT_TASK_FILES["wage_data.csv"].replace("MedianSalary", "Median_Salary")
    recipe = flat_task_release(tmp_path / "bad", **{"wage_data.csv": renamed})
    error = build_bad(tmp_path, published, recipe)
    assert error.file == f"{FOLDER}/wage_data.csv"
    assert error.line == 1
    assert "missing column(s) ['MedianSalary']" in str(error)


def test_non_numeric_value(tmp_path: Path, published: Path) -> None:
    text = FLAT_TASK_FILES["onet_task_mappings.csv"].replace("write code.,30", "write code.,3O")
    recipe = flat_task_release(tmp_path / "bad", **{"onet_task_mappings.csv": text})
    error = build_bad(tmp_path, published, recipe)
    assert (error.file, error.line, error.column) == (f"{FOLDER}/onet_task_mappings.csv", 3, "pct")
    assert "expected a number, got '3O'" in str(error)
    assert str(error).startswith(f"{FOLDER}/onet_task_mappings.csv, line 3, column 'pct'")


def test_truncated_csv(tmp_path: Path, published: Path) -> None:
    full = FLAT_TASK_FILES["onet_task_statements.csv"]
    truncated = full[: full.index("Perform roles.")]  # cut inside the last row
    recipe = flat_task_release(tmp_path / "bad", **{"onet_task_statements.csv": truncated})
    error = build_bad(tmp_path, published, recipe)
    assert error.file == f"{FOLDER}/onet_task_statements.csv"
    assert error.line == 6
    assert "expected 8 fields, found 4" in str(error)


def test_truncated_inside_quotes(tmp_path: Path, published: Path) -> None:
    full = FLAT_TASK_FILES["bls_employment_may_2023.csv"]
    truncated = full[: full.index("Sports")]  # ends inside a quoted title
    recipe = flat_task_release(tmp_path / "bad", **{"bls_employment_may_2023.csv": truncated})
    error = build_bad(tmp_path, published, recipe)
    assert error.file == f"{FOLDER}/bls_employment_may_2023.csv"
    assert "truncated" in str(error)


def test_usage_shares_not_summing_to_100(tmp_path: Path, published: Path) -> None:
    text = FLAT_TASK_FILES["onet_task_mappings.csv"].replace(
        "perform roles.,20", "perform roles.,2"
    )
    recipe = flat_task_release(tmp_path / "bad", **{"onet_task_mappings.csv": text})
    error = build_bad(tmp_path, published, recipe)
    assert (error.file, error.column) == (f"{FOLDER}/onet_task_mappings.csv", "pct")
    assert "usage shares sum to 82.000000, expected 100" in str(error)


def test_raw_file_hash_differs_from_recipe(tmp_path: Path, published: Path) -> None:
    recipe = flat_task_release(tmp_path / "bad")
    path = tmp_path / "bad" / FOLDER / "SOC_Structure.csv"
    path.write_text(path.read_text() + ",,,,,Extra\n")  # changed after the recipe was pinned
    error = build_bad(tmp_path, published, recipe)
    assert error.file == f"{FOLDER}/SOC_Structure.csv"
    assert f"recipe {recipe.release_id} {recipe.version} expects {recipe.files[2].sha256}" in str(
        error
    )


def test_conflicting_exposure_duplicates(tmp_path: Path) -> None:
    text = "task,penetration\nWrite code.,0.5\nWrite code.,0.25\n"
    recipe = exposure_release(tmp_path / "raw", **{"task_penetration.csv": text})
    with pytest.raises(RawDataError) as caught:
        build_all(tmp_path / "raw", tmp_path / "out", recipes=[recipe])
    assert caught.value.file == "labor_market_impacts/task_penetration.csv"
    assert caught.value.line == 3
    assert not (tmp_path / "out" / "catalog.json").exists()


def test_different_content_under_published_version_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = flat_task_release(tmp_path / "v1")
    build_all(tmp_path / "v1", out, recipes=[first])
    before = snapshot(out)
    text = FLAT_TASK_FILES["onet_task_mappings.csv"].replace("write code.,30", "write code.,29.5")
    text = text.replace("perform roles.,20", "perform roles.,20.5")
    changed = flat_task_release(tmp_path / "v2", **{"onet_task_mappings.csv": text})
    with pytest.raises(PublishError, match="already published with different content"):
        build_all(tmp_path / "v2", out, recipes=[changed])
    assert snapshot(out) == before
    # The correction as a new version is accepted, and the catalog keeps both.
    build_all(tmp_path / "v2", out, recipes=[dataclasses.replace(changed, version="9.9.9")])
    catalog = (out / "catalog.json").read_text()
    assert f'"version": "{first.version}"' in catalog and '"version": "9.9.9"' in catalog
    assert (
        snapshot(out)[f"releases/2025-02-10/{first.version}/datapackage.json"]
        == before[f"releases/2025-02-10/{first.version}/datapackage.json"]
    )
