"""``client.packages``: download a release's data package or single tables, verified.

Every file is checked before it is put in place: a table against the size and sha256 the API
publishes for it, ``datapackage.json`` against the release's package hash, and
``package.zip`` member by member against that verified descriptor (and as a whole against its
ETag, the zip's sha256). An interrupted download resumes where it stopped; a file that fails
its check raises :class:`IntegrityError` and is deleted.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import msgspec

from econindex_api.client._download import ProgressCallback, Transfer
from econindex_api.client._exceptions import IntegrityError
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import ReleaseDetail, ResourceInfo

__all__ = ["AsyncPackages", "Packages", "verify_package_zip"]

Format = Literal["parquet", "csv"]
DESCRIPTOR = "datapackage.json"
_RELEASE_DETAIL: msgspec.json.Decoder[ReleaseDetail] = msgspec.json.Decoder(ReleaseDetail)


def _sha256_prefixed(value: object) -> str | None:
    """A descriptor ``hash`` as hex: ``sha256:<hex>`` (Data Package v2) or bare 64-hex."""
    if not isinstance(value, str):
        return None
    hex_digest = value.lower().removeprefix("sha256:")
    return hex_digest if len(hex_digest) == 64 else None


def verify_descriptor(body: bytes, package_sha256: str, url: str) -> dict[str, Any]:
    """Parse ``datapackage.json`` after checking it is the published one (its sha256 is the
    package hash)."""
    actual = hashlib.sha256(body).hexdigest()
    if actual != package_sha256.lower():
        raise IntegrityError(
            f"{url}: datapackage.json has sha256 {actual}, the release says {package_sha256}",
            url=url,
            expected=package_sha256,
            actual=actual,
        )
    descriptor = msgspec.json.decode(body)
    if not isinstance(descriptor, dict):
        raise IntegrityError(
            f"{url}: datapackage.json is not a JSON object",
            url=url,
            expected="object",
            actual=type(descriptor).__name__,
        )
    return descriptor


def verify_package_zip(path: Path, package_sha256: str, url: str) -> None:
    """Check a ``package.zip``: its ``datapackage.json`` is the published one and every
    resource file in it has the size and sha256 the descriptor lists.

    Raises :class:`IntegrityError` naming the first member that differs.
    """

    def fail(what: str, expected: str | int, actual: str | int) -> IntegrityError:
        return IntegrityError(
            f"{url}: {what} (expected {expected}, got {actual})",
            url=url,
            expected=expected,
            actual=actual,
        )

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            candidates = [n for n in names if n == DESCRIPTOR or n.endswith("/" + DESCRIPTOR)]
            if not candidates:
                raise fail("no datapackage.json in the zip", DESCRIPTOR, "absent")
            descriptor_name = min(candidates, key=len)
            prefix = descriptor_name[: -len(DESCRIPTOR)]
            descriptor = verify_descriptor(archive.read(descriptor_name), package_sha256, url)
            for resource in descriptor.get("resources", []):
                paths = resource.get("path")
                expected_sha = _sha256_prefixed(resource.get("hash"))
                if not isinstance(paths, str) or expected_sha is None:
                    continue  # multi-file or unhashed resources are not ours to check
                member = prefix + paths
                if member not in names:
                    raise fail(f"{paths} is missing from the zip", paths, "absent")
                digest = hashlib.sha256()
                size = 0
                with archive.open(member) as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(chunk)
                        size += len(chunk)
                expected_size = resource.get("bytes")
                if isinstance(expected_size, int) and size != expected_size:
                    raise fail(f"{paths} has the wrong size", expected_size, size)
                if digest.hexdigest() != expected_sha:
                    raise fail(f"{paths} has the wrong sha256", expected_sha, digest.hexdigest())
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise fail(f"not a valid zip file ({exc})", "a zip file", "unreadable") from exc


def _target(dest: str | os.PathLike[str], default_name: str) -> Path:
    """``dest`` is the file itself when it ends with the file's extension, else a directory."""
    path = Path(dest)
    suffix = Path(default_name).suffix
    if path.suffix == suffix and not path.is_dir():
        return path
    return path / default_name


def _stem(detail: ReleaseDetail) -> str:
    return f"econindex-{detail.release.id}-{detail.release.version}"


def _find_resource(detail: ReleaseDetail, resource: str) -> ResourceInfo:
    for info in detail.resources:
        if info.name == resource:
            return info
    names = ", ".join(sorted(r.name for r in detail.resources))
    raise ValueError(f"release {detail.release.id} has no resource {resource!r}; it has: {names}")


def _zip_transfer(
    url_of: Callable[[str], str],
    detail: ReleaseDetail,
    dest: str | os.PathLike[str],
    progress: ProgressCallback | None,
) -> Transfer:
    url = url_of(detail.release.links.package_zip)
    package_sha256 = detail.release.package_sha256
    return Transfer(
        url=url,
        dest=_target(dest, f"{_stem(detail)}.zip"),
        expected_size=None,
        expected_sha256=None,  # the zip's own hash is its ETag; its content is checked below
        progress=progress,
        verify=lambda path: verify_package_zip(path, package_sha256, url),
    )


def _resource_transfer(
    url_of: Callable[[str], str],
    detail: ReleaseDetail,
    resource: str,
    format: Format,
    dest: str | os.PathLike[str],
    progress: ProgressCallback | None,
) -> Transfer:
    if format not in ("parquet", "csv"):
        raise ValueError(f"format must be 'parquet' or 'csv', got {format!r}")
    info = _find_resource(detail, resource)
    link = info.parquet if format == "parquet" else info.csv
    return Transfer(
        url=url_of(link.href),
        dest=_target(dest, f"{_stem(detail)}-{info.name}.{format}"),
        expected_size=link.bytes,
        expected_sha256=link.sha256,
        progress=progress,
    )


class Packages(SyncResource):
    """Verified downloads of data packages and their tables.

    Example::

        path = client.packages.download("2025-02-10", dest="data/")
        table = client.packages.download_resource("2025-02-10", "occupation_usage",
                                                  dest="data/")
        import polars as pl
        pl.read_parquet(table)
    """

    def datapackage(self, release: str = "latest") -> dict[str, Any]:
        """The release's ``datapackage.json`` (Frictionless Data Package v2), checked
        against the release's package hash.

        Example::

            descriptor = client.packages.datapackage("2025-02-10")
            descriptor["version"], [r["name"] for r in descriptor["resources"]]
        """
        detail = self._client._get(release_path(release), _RELEASE_DETAIL)
        answer = self._client._fetch(detail.release.links.datapackage)
        return verify_descriptor(answer.body, detail.release.package_sha256, answer.url)

    def download(
        self,
        release: str = "latest",
        dest: str | os.PathLike[str] = ".",
        *,
        progress: ProgressCallback | None = None,
    ) -> Path:
        """Download the release's ``package.zip`` (descriptor and every table as CSV and
        Parquet), verify it and return its path.

        ``dest`` is a directory (the file is named ``econindex-<release>-<version>.zip``)
        or a path ending in ``.zip``. A file already there and valid is not downloaded
        again; an interrupted download resumes. ``progress(done, total)`` is called as
        bytes arrive.

        Example::

            path = client.packages.download("2025-02-10", dest="data/",
                                            progress=lambda done, total: print(done, total))
        """
        detail = self._client._get(release_path(release), _RELEASE_DETAIL)
        return self._client._download(_zip_transfer(self._client.url, detail, dest, progress))

    def download_resource(
        self,
        release: str,
        resource: str,
        *,
        format: Format = "parquet",
        dest: str | os.PathLike[str] = ".",
        progress: ProgressCallback | None = None,
    ) -> Path:
        """Download one table as Parquet or CSV, verify its size and sha256, return its path.

        ``dest`` is a directory (the file is named
        ``econindex-<release>-<version>-<resource>.<format>``) or a path ending in
        ``.<format>``. Resource names are listed by ``client.releases.get(release)``.

        Example::

            path = client.packages.download_resource("2025-02-10", "category_usage",
                                                     format="csv", dest="data/")
        """
        detail = self._client._get(release_path(release), _RELEASE_DETAIL)
        transfer = _resource_transfer(self._client.url, detail, resource, format, dest, progress)
        return self._client._download(transfer)


class AsyncPackages(AsyncResource):
    """Verified downloads, for :class:`AsyncClient` (see :class:`Packages`).

    Example::

        path = await client.packages.download("2025-02-10", dest="data/")
    """

    async def datapackage(self, release: str = "latest") -> dict[str, Any]:
        """The verified ``datapackage.json`` (see :meth:`Packages.datapackage`).

        Example::

            descriptor = await client.packages.datapackage("latest")
        """
        detail = await self._client._get(release_path(release), _RELEASE_DETAIL)
        answer = await self._client._fetch(detail.release.links.datapackage)
        return verify_descriptor(answer.body, detail.release.package_sha256, answer.url)

    async def download(
        self,
        release: str = "latest",
        dest: str | os.PathLike[str] = ".",
        *,
        progress: ProgressCallback | None = None,
    ) -> Path:
        """Download and verify ``package.zip`` (see :meth:`Packages.download`).

        Example::

            path = await client.packages.download("latest", dest="data/")
        """
        detail = await self._client._get(release_path(release), _RELEASE_DETAIL)
        transfer = _zip_transfer(self._client.url, detail, dest, progress)
        return await self._client._download(transfer)

    async def download_resource(
        self,
        release: str,
        resource: str,
        *,
        format: Format = "parquet",
        dest: str | os.PathLike[str] = ".",
        progress: ProgressCallback | None = None,
    ) -> Path:
        """Download and verify one table (see :meth:`Packages.download_resource`).

        Example::

            path = await client.packages.download_resource("latest", "occupation_usage")
        """
        detail = await self._client._get(release_path(release), _RELEASE_DETAIL)
        transfer = _resource_transfer(self._client.url, detail, resource, format, dest, progress)
        return await self._client._download(transfer)
