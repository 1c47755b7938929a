"""Build releases from a raw directory and publish them: the one entry point of the build.

For each recipe whose upstream folder is in the raw root: check the upstream files' sha256
against the recipe (and the pinned O*NET crosswalks in the O*NET folder, by default the
``onet`` folder beside the raw root), run the layout's adapter and the crosswalk step,
write the package into a staging directory, validate it (our checks and frictionless), then
publish every staged release. Any failure before publishing removes all staging
directories: a failed build publishes nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from econindex_api.catalog import VersionEntry
from econindex_api.publishing.adapters import ADAPTERS
from econindex_api.publishing.canonical import table_specs
from econindex_api.publishing.crosswalk import crosswalk_tables
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
from econindex_api.publishing.recipes import (
    ONET_FOLDER,
    RECIPES,
    Recipe,
    SourceFile,
    recipe_for,
    revisions_of,
)
from econindex_api.publishing.tables_legacy import legacy_frames
from econindex_api.publishing.validate import validate_package_dir

Progress = Callable[[str], None]


def _silent(_: str) -> None:
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_blob_sha1(path: Path) -> str:
    """The git blob id of a file (sha1 of ``blob <size>\0`` + content): the only hash
    upstream lists for the files of release 2025-09-15 (Git LFS on the hub)."""
    digest = hashlib.sha1(f"blob {path.stat().st_size}\0".encode(), usedforsecurity=False)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _matches_pin(path: Path, source: SourceFile) -> tuple[bool, str]:
    """Whether the file matches its pin, and its sha256 (computed in both cases)."""
    actual = _sha256(path)
    if source.sha256:
        return actual == source.sha256, actual
    size_ok = source.bytes is None or path.stat().st_size == source.bytes
    return size_ok and git_blob_sha1(path) == source.git_blob_sha1, actual


def default_onet_root(raw_root: Path) -> Path:
    """The O*NET folder beside the raw root: ``../shared/onet`` for ``../shared/aei``."""
    return raw_root.parent / ONET_FOLDER


def _pinned(path: Path, name: str, expected: str, recipe: Recipe, hint: str = "") -> str:
    if not path.is_file():
        raise RawDataError(name, "file not found" + hint)
    actual = _sha256(path)
    if actual != expected:
        raise RawDataError(
            name,
            f"sha256 is {actual}, but recipe {recipe.release_id} {recipe.version} expects "
            f"{expected}; the upstream file changed: review it and publish a new "
            "version with an updated recipe",
        )
    return actual


def _pinned_by_blob(path: Path, name: str, source: SourceFile, recipe: Recipe) -> str:
    if not path.is_file():
        raise RawDataError(name, "file not found")
    matches, actual = _matches_pin(path, source)
    if not matches:
        raise RawDataError(
            name,
            f"{path.stat().st_size:,} bytes, git blob sha1 {git_blob_sha1(path)}, but recipe "
            f"{recipe.release_id} {recipe.version} expects {source.pin_text()}; the upstream "
            "file changed (or is a partial extract: build it with --unpinned)",
        )
    return actual


def check_sources(
    raw_dir: Path, recipe: Recipe, onet_dir: Path | None = None
) -> list[dict[str, Any]]:
    if recipe.unpinned:
        return unpinned_sources(raw_dir, recipe)
    return _pinned_sources(raw_dir, recipe, onet_dir)


def unpinned_sources(raw_dir: Path, recipe: Recipe) -> list[dict[str, Any]]:
    """``sources`` of an unpinned build: every input's actual size and sha256, whether it
    matches the recipe's pin, and the pin it was compared with. Inputs must exist."""
    sources = []
    entries: list[tuple[SourceFile, Path, str, dict[str, Any]]] = [
        (source, raw_dir / source.name, f"{recipe.folder}/{source.name}", {})
        for source in recipe.files
    ]
    for reference in recipe.references:
        path, name = recipe.locate(raw_dir, reference.name)
        pin = SourceFile(reference.name, reference.sha256, reference.description)
        entries.append((pin, path, name, {"folder": reference.folder, "why": reference.why}))
    for source, path, name, extra in entries:
        if not path.is_file():
            raise RawDataError(name, "file not found")
        matches, actual = _matches_pin(path, source)
        sources.append(
            {
                "title": source.name,
                "path": name,
                **extra,
                "description": source.description,
                "bytes": path.stat().st_size,
                "hash": f"sha256:{actual}",
                "matches_pin": matches,
                "pin": source.pin_text(),
            }
        )
    return sources


def _pinned_sources(
    raw_dir: Path, recipe: Recipe, onet_dir: Path | None = None
) -> list[dict[str, Any]]:
    """Verify every upstream file against the recipe; return the descriptor's ``sources``.

    Four kinds of input: the release's own files; reference files from another upstream
    folder (listed with that folder and why they are read); files that re-publish an earlier
    release's file byte for byte (checked against the earlier release's pin, not published);
    the O*NET crosswalks, looked for in ``onet_dir`` and named ``onet/<file>``.
    """
    sources = []
    for source in recipe.files:
        name = f"{recipe.folder}/{source.name}"
        path = raw_dir / source.name
        if source.sha256:
            actual = _pinned(path, name, source.sha256, recipe)
        else:
            actual = _pinned_by_blob(path, name, source, recipe)
        entry = {
            "title": source.name,
            "path": name,
            "description": source.description,
            "bytes": path.stat().st_size,
            "hash": f"sha256:{actual}",
        }
        if source.git_blob_sha1:
            # upstream lists no sha256 for this file: the pin is the git blob id and size;
            # the sha256 above is computed by the build.
            entry["git_blob_sha1"] = source.git_blob_sha1
        sources.append(entry)
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
    folder = onet_dir if onet_dir is not None else default_onet_root(raw_dir.parent)
    for source in recipe.crosswalk_files:
        name = f"{ONET_FOLDER}/{source.name}"
        path = folder / source.name
        hint = f" (looked in {folder}; name the O*NET folder with --onet DIR)"
        actual = _pinned(path, name, source.sha256, recipe, hint)
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
    raw_root: Path,
    out_root: Path,
    recipe: Recipe,
    progress: Progress,
    onet_root: Path | None = None,
) -> tuple[Path, VersionEntry, Recipe]:
    """Build one release into a fresh staging directory and validate it there.

    Returns the recipe as built: its ``measures`` extended by those the adapter found data
    for (``AdapterResult.measures``), which the descriptor and the catalog list."""
    raw_dir = raw_root / recipe.folder
    onet_dir = onet_root if onet_root is not None else default_onet_root(raw_root)
    progress(f"{recipe.release_id}: checking upstream files in {raw_dir}")
    sources = check_sources(raw_dir, recipe, onet_dir)
    progress(f"{recipe.release_id}: reading {recipe.layout} layout")
    result = ADAPTERS[recipe.layout](raw_dir, recipe)
    found = tuple(m for m in result.measures if m not in recipe.measures)
    if found:
        recipe = dataclasses.replace(recipe, measures=(*recipe.measures, *found))
    report = dict(result.report)
    if recipe.republished:
        report["republished_files"] = republished_report(recipe)
    tables = dict(result.tables)
    del result  # ``tables`` is the one reference: write_tables frees each frame once written
    if recipe.crosswalk_files:
        progress(f"{recipe.release_id}: crosswalk O*NET-SOC 2010 -> 2018 SOC from {onet_dir}")
        crosswalked, crosswalk_report = crosswalk_tables(onet_dir, tables["occupation_usage"])
        tables.update(crosswalked)
        report.update(crosswalk_report)
    if recipe.legacy_soc_code:  # a version from before 2.0.0, rebuilt with its old names
        tables = legacy_frames(tables)
    staged = new_staging_dir(out_root, recipe.release_id)
    try:
        progress(f"{recipe.release_id}: writing {len(tables)} tables as Parquet and CSV")
        # write_tables empties ``tables`` as it goes: each frame is freed once on disk, before
        # zipping and validating read the files back (the second long format's tables hold
        # about 1.5 GiB; bench/README).
        resources = write_tables(tables, staged, table_specs(recipe.legacy_soc_code))
        descriptor = descriptor_for(recipe, resources, sources, report)
        package = write_descriptor(descriptor, staged)
        extras = write_extras(descriptor, package, staged, recipe.layout)
        # Zip and validate at once: zlib's deflate releases the GIL, so the zip (one core,
        # 8.6 s for 2026-06-26's half GB of CSV) runs beside the validation instead of
        # before it. Both only read the staged files; a failed validation still publishes
        # nothing (the zip is finished, then the staging folder removed).
        level = 1 if recipe.long_format else None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="zip") as zipper:
            zipping = zipper.submit(write_zip, staged, recipe.created, level)
            progress(f"{recipe.release_id}: validating with frictionless (zipping beside)")
            problems = validate_package_dir(staged, f"{recipe.release_id} {recipe.version}")
            archive = zipping.result()
        set_modes(staged)
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
        unpinned=recipe.unpinned,
    )
    return staged, version, recipe


def usage_files(recipe: Recipe) -> list[SourceFile]:
    """The files a long-format release cannot be built without (its usage files)."""
    if recipe.long_format is None:
        return []
    names = {name for _, name in recipe.long_format.usage}
    return [source for source in recipe.files if source.name in names]


def missing_usage(raw_root: Path, recipe: Recipe) -> SourceFile | None:
    """The first usage file of a long-format recipe absent from the raw root, if any."""
    for source in usage_files(recipe):
        if not (raw_root / recipe.folder / source.name).is_file():
            return source
    return None


def skip_line(recipe: Recipe, source: SourceFile) -> str:
    """The one line a skipped release prints: which upstream file it looked for."""
    return (
        f"{recipe.release_id}: skipped: {recipe.folder}/{source.name} not found "
        f"(upstream file: {source.pin_text()})"
    )


def choose_revision(raw_root: Path, release_id: str) -> Recipe:
    """The recipe whose usage files are on disk, by size (the build then checks the hash).

    Only 2026-03-24 has two: its Claude.ai file was revised upstream. When no revision's
    sizes match, the newest is returned and its pin check names the mismatch.
    """
    revisions = revisions_of(release_id)
    if not revisions:
        return recipe_for(release_id)  # raises KeyError naming the known releases
    for recipe in reversed(revisions):
        sizes = [
            (raw_root / recipe.folder / s.name).stat().st_size == s.bytes
            for s in usage_files(recipe)
            if s.bytes is not None and (raw_root / recipe.folder / s.name).is_file()
        ]
        if sizes and all(sizes) and len(sizes) == len(usage_files(recipe)):
            return recipe
    return revisions[-1]


def recipe_version(release_id: str, version: str) -> Recipe:
    """The recipe of one published version (``econindex build --version``): rebuilding an
    older version reproduces its package byte for byte."""
    revisions = revisions_of(release_id)
    if not revisions:
        return recipe_for(release_id)  # raises KeyError naming the known releases
    for recipe in revisions:
        if recipe.version == version:
            return recipe
    known = ", ".join(r.version for r in revisions)
    raise BuildError(f"release {release_id} has no version {version} (its versions: {known})")


def recipes_in(
    raw_root: Path, release: str | None, progress: Progress = _silent, version: str | None = None
) -> list[Recipe]:
    """The recipes to build. A long-format release whose usage files are not in the raw root
    is skipped with one line naming the file (all releases), or refused (``--release``).
    ``version`` (with ``release``) picks an older version's recipe instead of the newest."""
    if version is not None and release is None:
        raise BuildError("--version needs --release (a version is a version of one release)")
    ids = [release] if release is not None else list(dict.fromkeys(r.release_id for r in RECIPES))
    chosen = []
    for release_id in ids:
        recipe = (
            recipe_version(release_id, version)
            if version is not None
            else choose_revision(raw_root, release_id)
        )
        absent = missing_usage(raw_root, recipe)
        if absent is not None:
            if release is not None:
                raise BuildError(skip_line(recipe, absent).replace(": skipped:", ":"))
            progress(skip_line(recipe, absent))
            continue
        if release is not None or (raw_root / recipe.folder).is_dir():
            chosen.append(recipe)
    if not chosen and release is None:
        folders = ", ".join(dict.fromkeys(r.folder for r in RECIPES))
        raise BuildError(f"{raw_root}: no known release folder found (looked for {folders})")
    return chosen


def as_unpinned(recipe: Recipe) -> Recipe:
    """The recipe of an unpinned build: version ``X.Y.Z-unpinned``, marked in the title."""
    if recipe.long_format is None:
        raise BuildError(
            f"release {recipe.release_id}: --unpinned builds only the long-format releases "
            "(the others are complete in ../shared/aei and always pinned)"
        )
    return dataclasses.replace(
        recipe,
        version=f"{recipe.version}-unpinned",
        unpinned=True,
        title=f"{recipe.title} (UNPINNED build: inputs not the pinned upstream files)",
    )


def build_all(
    raw_root: Path,
    out_root: Path,
    release: str | None = None,
    progress: Progress = _silent,
    recipes: Sequence[Recipe] | None = None,
    onet_root: Path | None = None,
    unpinned: bool = False,
    older_version: str | None = None,
) -> list[PublishResult]:
    """Build and publish every known release found in raw_root (or only ``release``).

    ``recipes`` replaces the built-in recipes (tests use it for hand-made fixtures).
    ``onet_root`` is the folder with the O*NET crosswalks (default: ``raw_root/../onet``).
    ``unpinned`` builds the long-format releases from files that do not match the pins
    (README, "Long-format releases"): version ``X.Y.Z-unpinned``, never ``latest``.
    ``older_version`` rebuilds an older version of ``release`` (``recipe_version``).
    """
    chosen = (
        list(recipes)
        if recipes is not None
        else recipes_in(raw_root, release, progress, older_version)
    )
    if unpinned:
        if release is None and recipes is None:
            chosen = [r for r in chosen if r.long_format is not None]
        chosen = [as_unpinned(r) for r in chosen]
        if not chosen:
            raise BuildError(
                f"{raw_root}: --unpinned found no long-format release to build (each skipped "
                "release is named above with the file it looked for)"
            )
    out_root.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Recipe, Path, VersionEntry]] = []
    try:
        for recipe in chosen:
            path, version, built = stage_release(raw_root, out_root, recipe, progress, onet_root)
            staged.append((built, path, version))
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
