"""Publish staged packages into a data root: atomic, immutable, every version kept.

A version is written completely in a staging directory inside the data root (same file
system), validated, then moved into ``releases/<id>/<version>`` with one ``rename``; the
catalog is rewritten to a temporary file and ``replace``d. A reader therefore sees either the
old tree or the new one. An existing version is never touched: identical content is a no-op,
different content is refused (a correction is a new version).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import msgspec

from econindex_api.catalog import (
    CATALOG_FILE,
    RELEASES_DIR,
    Catalog,
    ObservationWindow,
    ReleaseEntry,
    VersionEntry,
    decode_catalog,
    encode_catalog,
    semver_key,
)
from econindex_api.publishing.errors import PublishError
from econindex_api.publishing.package import DESCRIPTOR, sha256_file
from econindex_api.publishing.recipes import Recipe

STAGING_DIR = ".staging"


@dataclass(frozen=True)
class PublishResult:
    release_id: str
    version: str
    outcome: Literal["published", "unchanged"]
    package_sha256: str
    path: Path


def read_catalog(root: Path) -> Catalog:
    path = root / CATALOG_FILE
    if not path.exists():
        return Catalog()
    return decode_catalog(path.read_bytes())


def write_catalog(root: Path, catalog: Catalog) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".catalog-", suffix=".json", dir=root)
    os.fchmod(fd, 0o644)  # mkstemp makes 0600; the catalog is public like every package file
    with os.fdopen(fd, "wb") as handle:
        handle.write(encode_catalog(catalog))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, root / CATALOG_FILE)


@contextlib.contextmanager
def publish_lock(root: Path) -> Iterator[None]:
    """Serialize publishers of one data root (two builds at once must not lose a version)."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".publish.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def new_staging_dir(root: Path, release_id: str) -> Path:
    staging = root / STAGING_DIR
    staging.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{release_id}-", dir=staging))


def with_version(catalog: Catalog, recipe: Recipe, version: VersionEntry) -> Catalog:
    existing = catalog.find(recipe.release_id)
    versions = (
        *tuple(v for v in (existing.versions if existing else ()) if v.version != version.version),
        version,
    )
    if recipe.unpinned and existing is not None and existing.pinned:
        # An unpinned build joins a release that has pinned versions: the release's metadata
        # stays the pinned recipe's (its title does not become "UNPINNED build").
        return Catalog(
            catalog_version=catalog.catalog_version,
            releases=(
                *tuple(r for r in catalog.releases if r.id != recipe.release_id),
                msgspec.structs.replace(
                    existing,
                    versions=tuple(sorted(versions, key=lambda v: semver_key(v.version))),
                ),
            ),
        )
    release = ReleaseEntry(
        id=recipe.release_id,
        series=recipe.series,
        title=recipe.title,
        description=recipe.description,
        date=recipe.date,
        measures=recipe.measures,
        versions=tuple(sorted(versions, key=lambda v: semver_key(v.version))),
        observation_window=window_of(recipe),
    )
    others = tuple(r for r in catalog.releases if r.id != recipe.release_id)
    return Catalog(catalog_version=catalog.catalog_version, releases=(*others, release))


def window_of(recipe: Recipe) -> ObservationWindow | None:
    """The catalog's observation window (release metadata, not package content)."""
    if recipe.window is None:
        return None
    return ObservationWindow(
        start=recipe.window.start, end=recipe.window.end, note=recipe.window.note
    )


def publish_staged(
    root: Path, staged: Path, recipe: Recipe, version: VersionEntry
) -> PublishResult:
    """Move a validated staged package into place and record it in the catalog.

    Must be called under ``publish_lock(root)``.
    """
    target = root / version.path
    if target.exists():
        existing_hash = sha256_file(target / DESCRIPTOR)
        shutil.rmtree(staged)
        if existing_hash != version.package_sha256:
            raise PublishError(
                f"release {recipe.release_id} version {recipe.version} is already published "
                f"with different content (package sha256 {existing_hash}, new build "
                f"{version.package_sha256}); published versions never change: publish the "
                "correction as a new version"
            )
        catalog = read_catalog(root)
        listed = catalog.find(recipe.release_id)
        if (
            listed is None
            or all(v.version != version.version for v in listed.versions)
            or listed.observation_window != window_of(recipe)
        ):
            # The files were published but the catalog write was interrupted (finish it), or
            # the catalog predates the release metadata the recipe now gives (the package
            # itself is unchanged, so only the catalog entry is refreshed).
            write_catalog(root, with_version(catalog, recipe, version))
        return PublishResult(
            recipe.release_id, recipe.version, "unchanged", version.package_sha256, target
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    for directory in (target.parent.parent, target.parent):  # releases/, releases/<id>/
        directory.chmod(0o755)  # readable by the service user and a web server
    os.rename(staged, target)
    write_catalog(root, with_version(read_catalog(root), recipe, version))
    return PublishResult(
        recipe.release_id, recipe.version, "published", version.package_sha256, target
    )


def version_path(recipe: Recipe) -> str:
    return f"{RELEASES_DIR}/{recipe.release_id}/{recipe.version}"
