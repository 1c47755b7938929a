"""Prepared answers, kept per release.

A published package never changes, so the encoded answer to a given request never changes
either: it is computed once (body, gzip body, ETag, headers) and kept in a bounded LRU per
release. A new package version is a new release state with an empty cache.
"""

from __future__ import annotations

import gzip
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field

# Bodies at least this large are also kept gzip-compressed (sent when the client accepts it).
COMPRESS_MIN_BYTES = 1024
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 4096


@dataclass(frozen=True)
class Prepared:
    """An encoded answer: identity and gzip bodies with their own strong ETags."""

    body: bytes
    media_type: str
    etag: str  # quoted strong ETag of the identity body
    headers: tuple[tuple[str, str], ...]
    gzip_body: bytes | None = None
    # The complete header block as sent, encoded once per (status, gzip) by respond.send:
    # re-encoding it on every request cost as much as the rest of a cached request.
    encoded_headers: dict[tuple[int, bool], tuple[tuple[bytes, bytes], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gz"'

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzip_body or b"")


def prepare(
    body: bytes, media_type: str, etag_hex: str, headers: tuple[tuple[str, str], ...]
) -> Prepared:
    gz = gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= COMPRESS_MIN_BYTES else None
    if gz is not None and len(gz) >= len(body):
        gz = None
    return Prepared(body, media_type, f'"{etag_hex}"', headers, gz)


class ResponseCache:
    """LRU of prepared answers bounded in entries and bytes (single event loop: no locking)."""

    def __init__(
        self, max_entries: int = DEFAULT_MAX_ENTRIES, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, Prepared] = OrderedDict()
        self._bytes = 0

    def get(self, key: Hashable) -> Prepared | None:
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def put(self, key: Hashable, item: Prepared) -> None:
        if item.size > self.max_bytes:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= old.size
        self._items[key] = item
        self._bytes += item.size
        while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
            _, evicted = self._items.popitem(last=False)
            self._bytes -= evicted.size

    def __len__(self) -> int:
        return len(self._items)
