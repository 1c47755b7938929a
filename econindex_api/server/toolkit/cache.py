"""Prepared answers, kept per release.

A published package never changes, so the encoded answer to a given request never changes
either: it is computed once (body, ETag, headers; the gzip body when a client first accepts
it) and kept in one LRU per process, keyed on the canonical request (registry), which
includes the package sha256, so a new package version never meets the old answers (they age
out). The LRU's byte bound is what is left of the process's memory budget after the release
frames (``app.MemoryBudget``).
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field

# Bodies at least this large are also kept gzip-compressed (sent when the client accepts it).
COMPRESS_MIN_BYTES = 1024
LARGE_BODY_BYTES = 256 * 1024
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 100_000
# Never keep one answer larger than this share of the cache: a few huge exports must not
# evict everything else (they are computed again when asked for again).
MAX_ENTRY_SHARE = 8
KEY_OVERHEAD = 200  # the key tuple and its dict slot, beyond the characters of its repr


@dataclass(frozen=True)
class Prepared:
    """An encoded answer: identity and gzip bodies with their own strong ETags."""

    body: bytes
    media_type: str
    etag: str  # quoted strong ETag of the identity body
    headers: tuple[tuple[str, str], ...]
    gzip_body: bytes | None = None
    # True once gzip was tried (gzip_body stays None when it does not make the body smaller).
    gzip_tried: bool = False
    # The complete header block as sent, encoded once per (status, gzip) by respond.send:
    # re-encoding it on every request cost as much as the rest of a cached request.
    encoded_headers: dict[tuple[int, bool], tuple[tuple[bytes, bytes], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gz"'

    @property
    def needs_gzip(self) -> bool:
        """Large enough to compress and not compressed yet."""
        return not self.gzip_tried and len(self.body) >= COMPRESS_MIN_BYTES

    def gzipped(self) -> Prepared:
        """This answer with its gzip body (CPU-heavy for large bodies: call off the loop)."""
        if not self.needs_gzip:
            return self
        # Level 6 for ordinary answers; level 1 for large exports (about 4x faster, a little
        # larger): a multi-megabyte CSV at level 6 holds a worker for tens of milliseconds.
        level = 6 if len(self.body) < LARGE_BODY_BYTES else 1
        gz: bytes | None = gzip.compress(self.body, compresslevel=level, mtime=0)
        if gz is not None and len(gz) >= len(self.body):
            gz = None
        return Prepared(self.body, self.media_type, self.etag, self.headers, gz, True)

    @property
    def size(self) -> int:
        """Bytes kept for this answer: bodies, headers (as strings and as encoded once per
        status and encoding by respond.send, so counted three times), plus object overhead."""
        header_bytes = sum(len(k) + len(v) + 100 for k, v in self.headers)
        return len(self.body) + len(self.gzip_body or b"") + 3 * header_bytes + 600


def prepare(
    body: bytes,
    media_type: str,
    etag_hex: str,
    headers: tuple[tuple[str, str], ...],
    *,
    compress: bool = True,
) -> Prepared:
    """An answer without its gzip form: that is made only when a client accepts gzip.
    ``compress=False``: never gzipped (a body compressed already: xlsx, Parquet)."""
    return Prepared(body, media_type, f'"{etag_hex}"', headers, gzip_tried=not compress)


@dataclass(frozen=True)
class Alias:
    """A request as written (raw query string) pointing to its canonical key, so that a
    repeated request skips parsing (the hot path); counted by its key's size."""

    key: Hashable


class AnswerCache:
    """The process's one LRU of prepared answers, bounded in bytes: keys, bodies, gzip bodies
    and headers are all counted (``Prepared.size`` + the key's size).

    ``put`` is called from worker threads (misses, warm-up) and ``get`` from the event loop,
    so both take a lock (held for a few dict operations, never during computing). (The
    client's HTTP cache is another thing: ``econindex_api.ResponseCache``.)"""

    def __init__(
        self, max_entries: int = DEFAULT_MAX_ENTRIES, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[Prepared | Alias, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        return self._bytes

    def get(self, key: Hashable) -> Prepared | None:
        """The answer under a canonical key, or the one an alias points to."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            item = found[0]
            if isinstance(item, Alias):
                target = self._items.get(item.key)
                if target is None or isinstance(target[0], Alias):
                    return None
                self._items.move_to_end(item.key)
                return target[0]
            return item

    def alias(self, raw_key: Hashable, key: Hashable, key_bytes: int | None = None) -> None:
        """Point ``raw_key`` at ``key``. ``key_bytes``: the length of ``repr(raw_key)``
        when the caller can add it up more cheaply than ``repr`` (the hot path does)."""
        if key_bytes is None:
            key_bytes = len(repr(raw_key))
        self._put(raw_key, Alias(key), key_bytes + KEY_OVERHEAD)

    def put(self, key: Hashable, item: Prepared, key_bytes: int | None = None) -> None:
        """Keep ``item`` under ``key`` (``key_bytes`` as for ``alias``)."""
        if key_bytes is None:
            key_bytes = len(repr(key))
        self._put(key, item, item.size + key_bytes + KEY_OVERHEAD)

    def _put(self, key: Hashable, item: Prepared | Alias, size: int) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if size > self.max_bytes // MAX_ENTRY_SHARE:
                return
            self._items[key] = (item, size)
            self._bytes += size
            self._shrink()

    def resize(self, max_bytes: int) -> None:
        with self._lock:
            self.max_bytes = max_bytes
            self._shrink()

    def _shrink(self) -> None:
        while self._items and (len(self._items) > self.max_entries or self._bytes > self.max_bytes):
            _, (_, evicted) = self._items.popitem(last=False)
            self._bytes -= evicted

    def __len__(self) -> int:
        return len(self._items)
