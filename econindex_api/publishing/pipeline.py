"""Build releases from a raw directory and publish them: the one entry point of the build.

For each recipe whose upstream folder is in the raw root: check the upstream files' sha256
against the recipe, run the layout's adapter, write the package into a staging directory,
validate it (our checks and frictionless), then publish every staged release. Any failure
before publishing removes all staging directories: a failed build publishes nothing.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from econindex_api.catalog import VersionEntry
from econindex_api.publishing.adapters import ADAPTERS
from econindex_api.publishing.errors import BuildError, RawDataError
from econindex_api.publishing.package import (
    descriptor_for,
    set_modes,
    write_descriptor,
    write_extras,
    write_tables,
    write_zip,
)
from econindex_api.publishing.publish import (
    PublishResult,
    new_staging_dir,
    publish_lock,
    publish_staged,
    version_path,
)
from econindex_api.publishing.recipes import RECIPES, Recipe, recipe_for
from econindex_api.publishing.validate import validate_package_dir

Progress = Callable[[str], None]


def _silent(_: str) -> None:
    pass


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_sources(raw_dir: Path, recipe: Recipe) -> list[dict[str, Any]]:
    """Verify every upstream file against the recipe; return the descriptor's ``sources``."""
    sources = []
    for source in recipe.files:
        name = f"{recipe.folder}/{source.name}"
        path = raw_dir / source.name
        if not path.is_file():
            raise RawDataError(name, "file not found")
        actual = _sha256(path)
        if actual != source.sha256:
            raise RawDataError(
                name,
                f"sha256 is {actual}, but recipe {recipe.release_id} {recipe.version} expects "
                f"{source.sha256}; the upstream file changed: review it and publish a new "
                "version with an updated recipe",
            )
        sources.append(
            {
                "title": source.name,
                "path": name,
                "description": source.description,
                "bytes": path.stat().st_size,
                "hash": f"sha256:{actual}",
            }
        )
    return sources


def stage_release(
    raw_root: Path, out_root: Path, recipe: Recipe, progress: Progress
) -> tuple[Path, VersionEntry]:
    """Build one release into a fresh staging directory and validate it there."""
    raw_dir = raw_root / recipe.folder
    progress(f"{recipe.release_id}: checking upstream files in {raw_dir}")
    sources = check_sources(raw_dir, recipe)
    progress(f"{recipe.release_id}: reading {recipe.layout} layout")
    result = ADAPTERS[recipe.layout](raw_dir, recipe)
    staged = new_staging_dir(out_root, recipe.release_id)
    try:
        progress(f"{recipe.release_id}: writing {len(result.tables)} tables as Parquet and CSV")
        resources = write_tables(result.tables, staged)
        descriptor = descriptor_for(recipe, resources, sources, result.report)
        package = write_descriptor(descriptor, staged)
        extras = write_extras(descriptor, package, staged)
        archive = write_zip(staged, recipe.created)
        set_modes(staged)
        progress(f"{recipe.release_id}: validating with frictionless")
        problems = validate_package_dir(staged, f"{recipe.release_id} {recipe.version}")
        if problems:
            raise BuildError("package failed validation:\n  " + "\n  ".join(problems))
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    version = VersionEntry(
        version=recipe.version,
        created=recipe.created,
        path=version_path(recipe),
        package_sha256=package.sha256,
        package_bytes=package.bytes,
        zip=archive,
        resources=tuple(resources),
        files=tuple(extras),
    )
    return staged, version


def recipes_in(raw_root: Path, release: str | None) -> list[Recipe]:
    if release is not None:
        return [recipe_for(release)]
    found = [r for r in RECIPES if (raw_root / r.folder).is_dir()]
    if not found:
        folders = ", ".join(r.folder for r in RECIPES)
        raise BuildError(f"{raw_root}: no known release folder found (looked for {folders})")
    return found


def build_all(
    raw_root: Path,
    out_root: Path,
    release: str | None = None,
    progress: Progress = _silent,
    recipes: Sequence[Recipe] | None = None,
) -> list[PublishResult]:
    """Build and publish every known release found in raw_root (or only ``release``).

    ``recipes`` replaces the built-in recipes (tests use it for hand-made fixtures).
    """
    chosen = list(recipes) if recipes is not None else recipes_in(raw_root, release)
    out_root.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Recipe, Path, VersionEntry]] = []
    try:
        for recipe in chosen:
            path, version = stage_release(raw_root, out_root, recipe, progress)
            staged.append((recipe, path, version))
    except BaseException:
        for _, path, _ in staged:
            shutil.rmtree(path, ignore_errors=True)
        raise
    results = []
    with publish_lock(out_root):
        for index, (recipe, path, version) in enumerate(staged):
            try:
                results.append(publish_staged(out_root, path, recipe, version))
            except BaseException:
                for _, later, _ in staged[index + 1 :]:
                    shutil.rmtree(later, ignore_errors=True)
                raise
            progress(
                f"{recipe.release_id} {recipe.version}: {results[-1].outcome} "
                f"(package sha256 {version.package_sha256})"
            )
    return results
