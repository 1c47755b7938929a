"""Build releases from a raw directory and publish them: the one entry point of the build.

For each recipe whose upstream folder is in the raw root: check the upstream files' sha256
against the recipe, run the layout's adapter, write the package into a staging directory,
validate it (our checks and frictionless), then publish every staged release. Any failure
before publishing removes all staging directories: a failed build publishes nothing.
"""

from __future__ import annotations

import csv
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
    write_descriptor,
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


def _pinned(path: Path, name: str, expected: str, recipe: Recipe) -> str:
    if not path.is_file():
        raise RawDataError(name, "file not found")
    actual = _sha256(path)
    if actual != expected:
        raise RawDataError(
            name,
            f"sha256 is {actual}, but recipe {recipe.release_id} {recipe.version} expects "
            f"{expected}; the upstream file changed: review it and publish a new "
            "version with an updated recipe",
        )
    return actual


def check_sources(raw_dir: Path, recipe: Recipe) -> list[dict[str, Any]]:
    """Verify every upstream file against the recipe; return the descriptor's ``sources``.

    Three kinds of input: the release's own files; reference files from another upstream
    folder (listed with that folder and why they are read); files that re-publish an earlier
    release's file byte for byte (checked against the earlier release's pin, not published).
    """
    sources = []
    for source in recipe.files:
        name = f"{recipe.folder}/{source.name}"
        path = raw_dir / source.name
        actual = _pinned(path, name, source.sha256, recipe)
        sources.append(
            {
                "title": source.name,
                "path": name,
                "description": source.description,
                "bytes": path.stat().st_size,
                "hash": f"sha256:{actual}",
            }
        )
    for reference in recipe.references:
        path, name = recipe.locate(raw_dir, reference.name)
        actual = _pinned(path, name, reference.sha256, recipe)
        sources.append(
            {
                "title": reference.name,
                "path": name,
                "folder": reference.folder,
                "description": reference.description,
                "why": reference.why,
                "bytes": path.stat().st_size,
                "hash": f"sha256:{actual}",
            }
        )
    for copy in recipe.republished:
        name = f"{recipe.folder}/{copy.name}"
        earlier = recipe_for(copy.release_id)
        path = raw_dir / copy.name
        earlier_path = raw_dir.parent / earlier.folder / copy.same_as
        earlier_name = f"{earlier.folder}/{copy.same_as}"
        if not path.is_file():
            raise RawDataError(name, "file not found")
        if not earlier_path.is_file():
            raise RawDataError(earlier_name, f"file not found (needed to check {name} against it)")
        actual = _sha256(path)
        if actual != _sha256(earlier_path):
            line, column = _first_difference(path, earlier_path)
            raise RawDataError(
                name,
                f"must re-publish release {copy.release_id}'s {earlier_name} byte for byte, "
                f"but differs from it (sha256 {actual}); the release cannot claim it is the "
                "same window: review the upstream files",
                line=line,
                column=column,
            )
        _pinned(path, name, copy.sha256, recipe)
        sources.append(
            {
                "title": copy.name,
                "path": name,
                "description": (
                    f"Byte-identical re-publication of release {copy.release_id}'s "
                    f"{earlier_name}; checked by sha256 and not published "
                    "a second time (see build_report.republished_files)."
                ),
                "bytes": path.stat().st_size,
                "hash": f"sha256:{actual}",
            }
        )
    return sources


def republished_report(recipe: Recipe) -> list[dict[str, str]]:
    """Build-report entries for the byte-identity checks that ``check_sources`` passed."""
    return [
        {
            "file": f"{recipe.folder}/{copy.name}",
            "sha256": copy.sha256,
            "identical_to": f"{recipe_for(copy.release_id).folder}/{copy.same_as}",
            "release_id": copy.release_id,
            "published": "no: served by the earlier release",
        }
        for copy in recipe.republished
    ]


def _first_difference(path: Path, earlier: Path) -> tuple[int | None, str | None]:
    """Line (1-based) and column name of the first difference between two CSV files."""
    if not earlier.is_file():
        return None, None
    ours = path.read_text(encoding="utf-8", errors="replace").splitlines()
    theirs = earlier.read_text(encoding="utf-8", errors="replace").splitlines()
    header = next(csv.reader(ours[:1]), [])
    for number, (a, b) in enumerate(zip(ours, theirs, strict=False), start=1):
        if a != b:
            cells_a, cells_b = next(csv.reader([a]), []), next(csv.reader([b]), [])
            for index, (x, y) in enumerate(zip(cells_a, cells_b, strict=False)):
                if x != y:
                    return number, header[index] if index < len(header) else None
            return number, None
    return min(len(ours), len(theirs)) + 1, None


def stage_release(
    raw_root: Path, out_root: Path, recipe: Recipe, progress: Progress
) -> tuple[Path, VersionEntry]:
    """Build one release into a fresh staging directory and validate it there."""
    raw_dir = raw_root / recipe.folder
    progress(f"{recipe.release_id}: checking upstream files in {raw_dir}")
    sources = check_sources(raw_dir, recipe)
    progress(f"{recipe.release_id}: reading {recipe.layout} layout")
    result = ADAPTERS[recipe.layout](raw_dir, recipe)
    report = dict(result.report)
    if recipe.republished:
        report["republished_files"] = republished_report(recipe)
    staged = new_staging_dir(out_root, recipe.release_id)
    try:
        progress(f"{recipe.release_id}: writing {len(result.tables)} tables as Parquet and CSV")
        resources = write_tables(result.tables, staged)
        descriptor = descriptor_for(recipe, resources, sources, report)
        package = write_descriptor(descriptor, staged)
        archive = write_zip(staged, recipe.created)
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
