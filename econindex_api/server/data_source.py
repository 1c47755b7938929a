"""File access of the server: the one place that touches the data root.

Everything the server reads (catalog.json, descriptors, tables, downloads) goes through the
small :class:`DataSource` interface, so the data root can also live in an S3-compatible
object store: ``object_store.ObjectStoreRoot`` (beside this module) has the same four methods
(``read_bytes`` = GetObject, ``stat`` = HeadObject, ``iter_range`` = ranged GetObject), and
the store and handlers do not know which one they use. ``open_data_source`` picks one from
the data root's location.

Paths are relative to the data root, with ``/`` separators; a path that would leave the root
(``..``, absolute paths) is refused.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

# Reads of a local file (downloads and hashing): small enough that a stalled download holds
# little (issue 18, N3; see downloads.PIECE_BYTES).
CHUNK_BYTES = 16 * 1024


@dataclass(frozen=True)
class FileStat:
    """What identifies one state of a file: its size and a fingerprint of its content or
    modification (mtime, ctime and inode locally, the object ETag in an object store)."""

    size: int
    fingerprint: str


class StatLike(Protocol):
    """What ``DataSource.stat`` returns: compared with ``==`` to notice a changed file."""

    @property
    def size(self) -> int: ...

    @property
    def fingerprint(self) -> str: ...


class UnsafePathError(ValueError):
    """A path that would escape the data root."""


class DataSource(Protocol):
    def read_bytes(self, path: str) -> bytes:
        """The whole file; FileNotFoundError if absent."""
        ...

    def stat(self, path: str) -> StatLike | None:
        """The file's current state (equal states compare equal), None if absent."""
        ...

    def iter_range(self, path: str, start: int, end: int) -> Iterator[bytes]:
        """Bytes ``start`` to ``end`` inclusive, in chunks."""
        ...

    def describe(self) -> str:
        """Where the data root is, for messages."""
        ...


def _checked(path: str) -> PurePosixPath:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or "\\" in path or "\x00" in path:
        raise UnsafePathError(f"refusing path outside the data root: {path!r}")
    return pure


class LocalDataSource:
    """A data root on the local file system."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, path: str) -> Path:
        return self.root.joinpath(*_checked(path).parts)

    def read_bytes(self, path: str) -> bytes:
        return self._path(path).read_bytes()

    def stat(self, path: str) -> FileStat | None:
        try:
            st = os.stat(self._path(path))
        except (FileNotFoundError, NotADirectoryError):
            return None
        # ctime too: every write and chmod sets it and no writer can set it back (unlike
        # mtime, which a writer may restore), so a rewrite of the same size is noticed.
        return FileStat(
            size=st.st_size, fingerprint=f"{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
        )

    def iter_range(self, path: str, start: int, end: int) -> Iterator[bytes]:
        remaining = end - start + 1
        with open(self._path(path), "rb") as handle:
            handle.seek(start)
            while remaining > 0:
                chunk = handle.read(min(CHUNK_BYTES, remaining))
                if not chunk:
                    return
                remaining -= len(chunk)
                yield chunk

    def describe(self) -> str:
        return str(self.root)


def open_data_source(location: str) -> DataSource:
    """``s3://bucket/prefix`` -> the object store; anything else -> a local directory."""
    if location.startswith("s3://"):
        from econindex_api.server.object_store import ObjectStoreRoot

        return ObjectStoreRoot(location)
    return LocalDataSource(Path(location))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
