"""The catalog of published releases: the one file that says what a data root holds.

A data root (``datapackages/`` by default) looks like this::

    catalog.json                                  # this model, rewritten atomically
    releases/<release id>/<version>/datapackage.json
    releases/<release id>/<version>/data/<table>.csv
    releases/<release id>/<version>/data/<table>.parquet
    releases/<release id>/<version>/package.zip   # datapackage.json + data/, deterministic

Release ids and series. Each upstream release is published under a release id. Dated
releases of conversation usage (series ``usage``) use the upstream date as id
(``2025-02-10``); ``latest`` always means the newest dated release of the ``usage`` series.
The exposure tables (``labor_market_impacts``, undated upstream) are their own series
``exposure`` with the release id ``labor-market-impacts``; they are never the target of
``latest``, so ``latest`` is never ambiguous.

A release id can have several versions (semver); a published version never changes, a
correction is a new version, and the catalog keeps every version. The package hash of a
version is the sha256 of its ``datapackage.json``, which itself lists the sha256 of every
resource file, so it identifies the whole package.

This module needs only msgspec so that both the server and the client can read catalogs.
"""

from __future__ import annotations

import msgspec

CATALOG_FILE = "catalog.json"
RELEASES_DIR = "releases"
USAGE_SERIES = "usage"
EXPOSURE_SERIES = "exposure"


class FileEntry(msgspec.Struct, frozen=True, kw_only=True):
    path: str  # relative to the version directory
    bytes: int
    sha256: str  # hex digest, no prefix


class ResourceEntry(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    title: str
    rows: int
    csv: FileEntry
    parquet: FileEntry


class VersionEntry(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    version: str  # MAJOR.MINOR.PATCH, or MAJOR.MINOR.PATCH-unpinned (see ``unpinned``)
    created: str  # ISO 8601, fixed by the recipe so rebuilds are byte-identical
    path: str  # relative to the data root: releases/<id>/<version>
    package_sha256: str
    package_bytes: int
    zip: FileEntry
    resources: tuple[ResourceEntry, ...]
    # README, codebook, methods, citations, Croissant: beside datapackage.json, not listed in
    # it (they quote its sha256), so their sizes and hashes are recorded here.
    files: tuple[FileEntry, ...] = ()
    # True for a build from inputs that do not match the recipe's pins (``econindex build
    # --unpinned``: another upstream revision, a partial extract). Its version carries the
    # pre-release tag ``-unpinned``; it is never served as a release's current version while a
    # pinned one exists, and a release with only unpinned versions is never ``latest``.
    # Omitted from catalog.json when false, so catalogs without unpinned builds are unchanged.
    unpinned: bool = False


class ObservationWindow(msgspec.Struct, frozen=True, kw_only=True):
    """When a usage release's conversations were sampled, as far as upstream documents it.

    ``start`` and ``end`` (ISO dates, inclusive) are set only when the upstream files state
    them; otherwise they are None and ``note`` says what upstream does say. Never guessed.
    """

    start: str | None
    end: str | None
    note: str


class ReleaseEntry(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    series: str
    title: str
    description: str
    date: str | None  # upstream publication date, None for undated series
    measures: tuple[str, ...]
    versions: tuple[VersionEntry, ...]  # oldest first
    observation_window: ObservationWindow | None = None  # usage releases only

    @property
    def current(self) -> VersionEntry:
        """The newest pinned version, which the API serves (the newest unpinned one when the
        release has no pinned version)."""
        pinned = [v for v in self.versions if not v.unpinned]
        return max(pinned or self.versions, key=lambda v: semver_key(v.version))

    @property
    def pinned(self) -> bool:
        """Whether at least one version was built from the pinned upstream files."""
        return any(not v.unpinned for v in self.versions)


class Catalog(msgspec.Struct, frozen=True, kw_only=True):
    catalog_version: int = 1
    releases: tuple[ReleaseEntry, ...] = ()

    def find(self, release_id: str) -> ReleaseEntry | None:
        for release in self.releases:
            if release.id == release_id:
                return release
        return None

    def latest_usage(self) -> ReleaseEntry | None:
        """The release that ``latest`` resolves to: the newest dated usage release with a
        pinned version (an unpinned build is never ``latest``)."""
        dated = [
            r for r in self.releases if r.series == USAGE_SERIES and r.date is not None and r.pinned
        ]
        return max(dated, key=lambda r: r.date or "", default=None)

    def resolve(self, release_id: str) -> ReleaseEntry | None:
        if release_id == "latest":
            return self.latest_usage()
        return self.find(release_id)


def semver_key(version: str) -> tuple[int, int, int, int, str]:
    """Sort key of a semver string: a pre-release (``1.0.0-unpinned``) sorts before its
    release (``1.0.0``), as semver 2.0.0 section 11 orders them."""
    core, _, pre = version.partition("-")
    major, minor, patch = (int(part) for part in core.split("."))
    return (major, minor, patch, 0 if pre else 1, pre)


def decode_catalog(data: bytes) -> Catalog:
    return msgspec.json.decode(data, type=Catalog)


def encode_catalog(catalog: Catalog) -> bytes:
    """Stable, human-readable JSON (sorted releases, indented) so diffs of a data root read well."""
    ordered = msgspec.structs.replace(
        catalog, releases=tuple(sorted(catalog.releases, key=lambda r: r.id))
    )
    return msgspec.json.format(msgspec.json.encode(ordered), indent=2) + b"\n"
