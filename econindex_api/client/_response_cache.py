"""An optional local cache of responses for conditional requests.

Every data response of the API carries a strong ``ETag``. With a cache, the client remembers
each response body under its URL; the next request for that URL sends ``If-None-Match`` with
the remembered ETag, and when the server answers ``304 Not Modified`` the client reuses the
remembered body instead of downloading it again. The server still decides: a changed answer
(e.g. ``latest`` moved to a new release) comes back as a fresh ``200``.

Two stores come with the client; anything with the same ``get``/``set`` methods works::

    from econindex_api import Client, FileCache, MemoryCache

    client = Client(cache=MemoryCache())                      # for one session
    client = Client(cache=FileCache(".econindex-cache"))      # kept across sessions
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Protocol, runtime_checkable

import msgspec

__all__ = ["CachedResponse", "FileCache", "MemoryCache", "ResponseCache", "cache_key"]


class CachedResponse(msgspec.Struct, frozen=True, kw_only=True):
    """A remembered response: its validator (ETag), body and headers.

    Example::

        CachedResponse(etag='"abc"', body=b"{}", headers={"content-type": "application/json"})
    """

    etag: str
    body: bytes
    headers: dict[str, str]


@runtime_checkable
class ResponseCache(Protocol):
    """What the client needs of a cache: look up and store a response by key.

    Example (a cache shared by threads)::

        class LockedCache:
            def __init__(self) -> None:
                self._lock, self._inner = threading.Lock(), MemoryCache()

            def get(self, key: str) -> CachedResponse | None:
                with self._lock:
                    return self._inner.get(key)

            def set(self, key: str, value: CachedResponse) -> None:
                with self._lock:
                    self._inner.set(key, value)
    """

    def get(self, key: str) -> CachedResponse | None:
        """The response stored under ``key``, or ``None``.

        Example::

            cache.get(cache_key(url, "application/json"))
        """
        ...

    def set(self, key: str, value: CachedResponse) -> None:
        """Store (or replace) the response under ``key``.

        Example::

            cache.set(key, CachedResponse(etag='"v1"', body=body, headers={}))
        """
        ...


def cache_key(url: str, accept: str) -> str:
    """The key of a response: its full URL (with the query) and the representation asked for."""
    return f"{accept} {url}"


class MemoryCache:
    """Responses kept in memory, the least recently used dropped past ``max_entries``.

    Example::

        cache = MemoryCache(max_entries=256)
        client = Client(cache=cache)
        client.categories.list("latest")   # 200, remembered
        client.categories.list("latest")   # 304, body reused
        len(cache)                         # 1
    """

    def __init__(self, max_entries: int = 1024) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be >= 1, got {max_entries}")
        self.max_entries = max_entries
        self._entries: OrderedDict[str, CachedResponse] = OrderedDict()

    def get(self, key: str) -> CachedResponse | None:
        """The response stored under ``key`` (now the most recently used), or ``None``.

        Example::

            MemoryCache().get("application/json http://host/v1/releases")   # None
        """
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def set(self, key: str, value: CachedResponse) -> None:
        """Store the response, dropping the least recently used past ``max_entries``.

        Example::

            cache.set(key, CachedResponse(etag='"v1"', body=b"{}", headers={}))
        """
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(CachedResponse)


class FileCache:
    """Responses kept as files in ``directory`` (one file per URL), across sessions.

    Files are written atomically, so two processes sharing the directory never read half an
    entry; an unreadable entry counts as a miss.

    Example::

        client = Client(cache=FileCache(Path.home() / ".cache" / "econindex"))
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / (hashlib.sha256(key.encode()).hexdigest() + ".msgpack")

    def get(self, key: str) -> CachedResponse | None:
        """The response stored under ``key``, or ``None`` (also for an unreadable file).

        Example::

            FileCache(".econindex-cache").get(key)
        """
        try:
            return _decoder.decode(self._path(key).read_bytes())
        except (OSError, msgspec.DecodeError):
            return None

    def set(self, key: str, value: CachedResponse) -> None:
        """Write the response to its file atomically (temporary file, then rename).

        Example::

            FileCache(".econindex-cache").set(key, CachedResponse(etag='"v1"', body=b"{}",
                                                                  headers={}))
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self._path(key)
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".msgpack")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_encoder.encode(value))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
