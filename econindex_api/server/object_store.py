"""Data roots in an S3-compatible object store (``s3://bucket/prefix``), through pyarrow.

The service is stateless over immutable packages, so replicas can share one data root in an
object store. pyarrow's S3 filesystem (already a server dependency) reads, stats and writes
objects; no other S3 library is needed.

Configuration comes from the standard AWS environment variables: ``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION`` (default ``us-east-1``) and, for
S3-compatible servers (MinIO, Ceph, moto, ...), ``AWS_ENDPOINT_URL`` such as
``http://127.0.0.1:9000``.

Publishing to a bucket (:func:`publish_tree`) uploads a locally built and validated data root:
each version's data files first, its ``datapackage.json`` after them, and ``catalog.json``
last, as one PUT (atomic in S3), so readers never see a catalog entry whose files are not all
there. Existing versions are never overwritten: same package hash is a no-op, a different one
is refused. One publisher at a time per bucket prefix (S3 offers no lock; run publishing from
one CI job).

It lives beside ``data_source.py`` on the server's data side: the server reads a data root
through :class:`ObjectStoreRoot` (``data_source.open_data_source``), and ``econindex build
--out s3://...`` (``cli.py``) publishes one with :func:`publish_tree`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pyarrow.fs as pafs

from econindex_api.catalog import (
    CATALOG_FILE,
    Catalog,
    ReleaseEntry,
    decode_catalog,
    encode_catalog,
    semver_key,
)

SCHEME = "s3://"
CHUNK_BYTES = 256 * 1024


class ObjectStoreError(Exception):
    """The object store refused, or publishing would change a published version."""


def is_object_store(location: str) -> bool:
    return location.startswith(SCHEME)


def open_bucket(location: str) -> tuple[pafs.S3FileSystem, str]:
    """(filesystem, base path ``bucket/prefix``) for ``s3://bucket/prefix``."""
    parts = urlsplit(location)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError(f"expected s3://bucket[/prefix], got {location!r}")
    base = parts.netloc + ("/" + parts.path.strip("/") if parts.path.strip("/") else "")
    options: dict[str, object] = {
        "region": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        "allow_bucket_creation": True,
    }
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        endpoint_parts = urlsplit(endpoint)
        options["endpoint_override"] = endpoint_parts.netloc or endpoint
        options["scheme"] = endpoint_parts.scheme or "https"
    return pafs.S3FileSystem(**options), base


def _checked(path: str) -> PurePosixPath:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or "\\" in path or "\x00" in path:
        raise ValueError(f"refusing path outside the data root: {path!r}")
    return pure


@dataclass(frozen=True)
class ObjectStat:
    size: int
    fingerprint: str


class ObjectStoreRoot:
    """Read access to a data root in a bucket: the server's DataSource for ``s3://`` roots.

    ``stat`` fingerprints an object by size and modification time (what S3 HEAD gives
    through pyarrow), so a replaced object is noticed and re-verified by its sha256.
    """

    def __init__(self, location: str) -> None:
        self.location = location.rstrip("/")
        self.fs, self.base = open_bucket(location)

    def _key(self, path: str) -> str:
        return f"{self.base}/{_checked(path).as_posix()}"

    def read_bytes(self, path: str) -> bytes:
        info = self.fs.get_file_info(self._key(path))
        if info.type != pafs.FileType.File:
            raise FileNotFoundError(f"{self.location}/{path}")
        with self.fs.open_input_stream(self._key(path)) as handle:
            data: bytes = handle.read()
            return data

    def stat(self, path: str) -> ObjectStat | None:
        info = self.fs.get_file_info(self._key(path))
        if info.type != pafs.FileType.File:
            return None
        mtime = info.mtime.isoformat() if info.mtime is not None else ""
        return ObjectStat(size=int(info.size), fingerprint=f"{mtime}:{info.size}")

    def iter_range(self, path: str, start: int, end: int) -> Iterator[bytes]:
        remaining = end - start + 1
        with self.fs.open_input_file(self._key(path)) as handle:
            handle.seek(start)
            while remaining > 0:
                chunk: bytes = handle.read(min(CHUNK_BYTES, remaining))
                if not chunk:
                    return
                remaining -= len(chunk)
                yield chunk

    def describe(self) -> str:
        return self.location


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _put(fs: pafs.S3FileSystem, key: str, data: bytes) -> None:
    with fs.open_output_stream(key) as handle:
        handle.write(data)


def publish_tree(local_root: Path, location: str) -> list[tuple[str, str, str]]:
    """Upload every version of a local data root to ``s3://bucket/prefix``.

    Returns (release id, version, ``published`` or ``unchanged``) per version. Raises
    ObjectStoreError, before anything is written, if a version already in the bucket has a
    different package hash.
    """
    fs, base = open_bucket(location)
    fs.create_dir(base.split("/")[0], recursive=True)
    local = decode_catalog((local_root / CATALOG_FILE).read_bytes())
    remote_catalog_key = f"{base}/{CATALOG_FILE}"
    remote = Catalog()
    if fs.get_file_info(remote_catalog_key).type == pafs.FileType.File:
        with fs.open_input_stream(remote_catalog_key) as handle:
            remote = decode_catalog(handle.read())

    plan: list[tuple[ReleaseEntry, str, bool]] = []  # (release, version, needs upload)
    for release in local.releases:
        for version in release.versions:
            descriptor_key = f"{base}/{version.path}/datapackage.json"
            # Hash what would be uploaded, not what the local catalog claims about it.
            local_hash = _sha256((local_root / version.path / "datapackage.json").read_bytes())
            if fs.get_file_info(descriptor_key).type == pafs.FileType.File:
                with fs.open_input_stream(descriptor_key) as handle:
                    existing = _sha256(handle.read())
                if existing != local_hash:
                    raise ObjectStoreError(
                        f"{location}: {release.id} {version.version} is already published with "
                        f"package sha256 {existing}, not {local_hash}; published versions "
                        "never change"
                    )
                plan.append((release, version.version, False))
            elif local_hash != version.package_sha256:
                raise ObjectStoreError(
                    f"{local_root}: {version.path}/datapackage.json has sha256 {local_hash}, "
                    f"but the catalog records {version.package_sha256}; run econindex validate"
                )
            else:
                plan.append((release, version.version, True))

    results = []
    merged = {r.id: r for r in remote.releases}
    for release, version_id, upload in plan:
        version = next(v for v in release.versions if v.version == version_id)
        if upload:
            files = [r.csv.path for r in version.resources]
            files += [r.parquet.path for r in version.resources]
            files += [f.path for f in version.files]
            files += [version.zip.path, "datapackage.json"]  # descriptor last
            for relative in files:
                data = (local_root / version.path / relative).read_bytes()
                _put(fs, f"{base}/{version.path}/{relative}", data)
        results.append((release.id, version_id, "published" if upload else "unchanged"))
        known = merged.get(release.id)
        versions = {v.version: v for v in (known.versions if known else ())}
        versions[version.version] = version
        merged[release.id] = ReleaseEntry(
            id=release.id,
            series=release.series,
            title=release.title,
            description=release.description,
            date=release.date,
            measures=release.measures,
            versions=tuple(versions[k] for k in sorted(versions, key=semver_key)),
            observation_window=release.observation_window,
        )
    catalog = Catalog(catalog_version=local.catalog_version, releases=tuple(merged.values()))
    _put(fs, remote_catalog_key, encode_catalog(catalog))  # last: one atomic PUT
    return results
