"""Verified, resumable file downloads.

A download streams into a partial file beside the destination (same directory, so the final
rename is atomic), hashing as it goes. The partial file's name carries the sha256 it must end
with, so an interrupted download is found again and resumed with a ``Range`` request, and a
partial of some other file is never mistaken for it. When all bytes are in, the size and
sha256 are checked against the published values; only then is the file renamed into place.
A mismatch deletes the partial file and raises :class:`IntegrityError`: the destination
never holds a corrupt file.

:class:`Transfer` holds the state of one download and does the file work; the two drivers
(:func:`download_sync`, :func:`download_async`) only move bytes and retry.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import anyio
import httpx

from econindex_api.client._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    EconindexError,
    IntegrityError,
)
from econindex_api.client._retry import RetryPolicy, is_retryable_status, parse_retry_after

__all__ = ["ProgressCallback", "Transfer", "download_async", "download_sync", "sha256_file"]

ProgressCallback = Callable[[int, int | None], None]
"""Called as ``progress(bytes_done, bytes_total)`` while a download runs (``bytes_total`` is
``None`` when unknown). ``bytes_done`` includes bytes resumed from an earlier attempt."""

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_from_etag(etag: str | None) -> str | None:
    """The sha256 an ETag stands for, if it is one (``"<hex>"``, ``"sha256:<hex>"``)."""
    if not etag:
        return None
    value = etag.strip()
    if value.startswith("W/"):
        return None  # a weak validator promises nothing about the bytes
    value = value.strip('"').lower().removeprefix("sha256:")
    return value if _SHA256_HEX.match(value) else None


def parse_content_range(value: str | None) -> tuple[int, int, int | None] | None:
    """``bytes 100-199/1000`` -> ``(100, 199, 1000)``; ``None`` when absent or unreadable."""
    match = _CONTENT_RANGE.match((value or "").strip())
    if not match:
        return None
    total = None if match.group(3) == "*" else int(match.group(3))
    return int(match.group(1)), int(match.group(2)), total


class RestartFromZero(Exception):
    """The partial file cannot be continued (the server sent other bytes): start over."""


@dataclass
class Transfer:
    """One file download: where its bytes go and what they must add up to.

    ``expected_sha256`` may be ``None`` when the publisher gives only the URL (then the
    server's ETag, which is the file's sha256, names the partial file and is checked at the
    end, and ``verify`` checks the content, e.g. a zip against its descriptor).
    """

    url: str
    dest: Path
    expected_size: int | None
    expected_sha256: str | None
    progress: ProgressCallback | None = None
    verify: Callable[[Path], None] | None = None

    def __post_init__(self) -> None:
        self._handle: BinaryIO | None = None
        self._digest = hashlib.sha256()
        self._done = 0
        self._total: int | None = self.expected_size
        self._sha256 = self.expected_sha256.lower() if self.expected_sha256 else None
        self._partial: Path | None = None
        self._resume: tuple[Path, str] | None = None
        self.resumed_from = 0

    # -- before a request ------------------------------------------------------------------

    def _partial_for(self, sha256: str | None) -> Path:
        return self.dest.with_name(f".{self.dest.name}.{sha256 or 'unknown'}.part")

    def existing_is_valid(self) -> bool:
        """Whether ``dest`` already holds the published file (then nothing is downloaded)."""
        if not self.dest.is_file():
            return False
        if self.expected_size is not None and self.dest.stat().st_size != self.expected_size:
            return False
        if self._sha256 is not None:
            if sha256_file(self.dest) != self._sha256:
                return False
        elif self.verify is None:
            return False  # nothing to check it against: fetch again
        if self.verify is not None:
            try:
                self.verify(self.dest)
            except IntegrityError:
                return False
        return True

    def _find_partial(self) -> tuple[Path, str] | None:
        """A partial file left by an earlier attempt, with the sha256 its name carries."""
        if self._sha256 is not None:
            candidate = self._partial_for(self._sha256)
            return (candidate, self._sha256) if candidate.is_file() else None
        # Unknown hash (the zip): take the newest partial of this file, drop older ones.
        found = sorted(
            self.dest.parent.glob(f".{glob_escape(self.dest.name)}.*.part"),
            key=lambda p: p.stat().st_mtime,
        )
        newest_sha = sha256_from_etag(found[-1].name.split(".")[-2]) if found else None
        for stale in found[:-1] if newest_sha else found:
            stale.unlink(missing_ok=True)
        return (found[-1], newest_sha) if newest_sha else None

    def request_headers(self) -> dict[str, str]:
        """Headers of the next request: a ``Range`` when a partial file can be continued."""
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        # Compressed transfer would make byte ranges refer to the compressed form.
        headers = {"Accept-Encoding": "identity"}
        self.resumed_from = 0
        self._resume = self._find_partial()
        if self._resume is not None:
            partial, sha = self._resume
            size = partial.stat().st_size
            if size == 0 or (self.expected_size is not None and size > self.expected_size):
                partial.unlink()
                self._resume = None
            else:
                headers["Range"] = f"bytes={size}-"
                # The server sends the whole file instead if it is no longer this one.
                headers["If-Range"] = f'"{sha}"'
                self.resumed_from = size
        return headers

    # -- while a response streams ----------------------------------------------------------

    def begin(self, response: httpx.Response) -> None:
        """Open the partial file for a 200 (from the start) or 206 (continue) response."""
        etag_sha = sha256_from_etag(response.headers.get("etag"))
        offset = 0
        if response.status_code == 206:
            content_range = parse_content_range(response.headers.get("content-range"))
            resume_sha = self._resume[1] if self._resume is not None else None
            if (
                resume_sha is None
                or content_range is None
                or content_range[0] != self.resumed_from
                or (etag_sha is not None and etag_sha != resume_sha)
            ):
                self._discard_partials()
                raise RestartFromZero(f"{self.url}: the server sent another range or file")
            if self._sha256 is None:
                self._sha256 = resume_sha
            offset = content_range[0]
            if content_range[2] is not None:
                self._check_size(content_range[2], "Content-Range total")
        else:
            if self._sha256 is None and etag_sha is not None:
                self._sha256 = etag_sha
            length = response.headers.get("content-length")
            if length is not None and length.isdigit():
                self._check_size(int(length), "Content-Length")
        if self._total is None:
            length = response.headers.get("content-length")
            if length is not None and length.isdigit():
                self._total = offset + int(length)
        partial = self._partial_for(self._sha256)
        self._digest = hashlib.sha256()
        if offset:
            with partial.open("rb") as existing:
                for chunk in iter(lambda: existing.read(1 << 20), b""):
                    self._digest.update(chunk)
            self._handle = partial.open("ab")
        else:
            self._discard_partials()
            self._handle = partial.open("wb")
        self._partial = partial
        self._done = offset
        self.resumed_from = offset
        self._report()

    def _check_size(self, announced: int, what: str) -> None:
        if self.expected_size is not None and announced != self.expected_size:
            self._discard_partials()
            raise IntegrityError(
                f"{self.url}: the server announces {announced} bytes ({what}) but the "
                f"published size is {self.expected_size}; nothing was saved",
                url=self.url,
                expected=self.expected_size,
                actual=announced,
            )

    def write(self, chunk: bytes) -> None:
        assert self._handle is not None, "begin() first"
        self._handle.write(chunk)
        self._digest.update(chunk)
        self._done += len(chunk)
        if self.expected_size is not None and self._done > self.expected_size:
            self.discard()
            raise IntegrityError(
                f"{self.url}: received more than the published {self.expected_size} bytes; "
                "nothing was saved",
                url=self.url,
                expected=self.expected_size,
                actual=self._done,
            )
        self._report()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self._done, self._total)

    # -- after a response ------------------------------------------------------------------

    def interrupted(self) -> None:
        """The connection broke: keep what arrived, the next attempt continues from there."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def discard(self) -> None:
        """Close and delete the partial file."""
        self.interrupted()
        self._discard_partials()

    def _discard_partials(self) -> None:
        if self._partial is not None:
            self._partial.unlink(missing_ok=True)
        if self._resume is not None:
            self._resume[0].unlink(missing_ok=True)
        if self._sha256 is not None:
            self._partial_for(self._sha256).unlink(missing_ok=True)
        self._partial_for(None).unlink(missing_ok=True)

    def complete(self) -> Path:
        """Check size and sha256, then move the file into place atomically."""
        assert self._handle is not None and self._partial is not None, "begin() first"
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        self._handle = None
        actual_sha = self._digest.hexdigest()
        expected_size = self.expected_size if self.expected_size is not None else self._total
        try:
            if expected_size is not None and self._done != expected_size:
                raise IntegrityError(
                    f"{self.url}: received {self._done} bytes, expected {expected_size}; "
                    "the file was deleted",
                    url=self.url,
                    expected=expected_size,
                    actual=self._done,
                )
            if self._sha256 is not None and actual_sha != self._sha256:
                raise IntegrityError(
                    f"{self.url}: sha256 {actual_sha} differs from the published "
                    f"{self._sha256}; the file was deleted",
                    url=self.url,
                    expected=self._sha256,
                    actual=actual_sha,
                )
            if self.verify is not None:
                self.verify(self._partial)
        except IntegrityError:
            self._discard_partials()
            raise
        os.replace(self._partial, self.dest)
        _fsync_directory(self.dest.parent)
        return self.dest


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _fsync_directory(directory: Path) -> None:
    # Make the rename itself durable where the platform allows it (not on Windows).
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


ErrorFactory = Callable[[httpx.Response], APIStatusError]


def _transport_error(exc: httpx.TransportError, url: str) -> APIConnectionError:
    kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    return kind(f"GET {url}: {type(exc).__name__}: {exc}", url=url, detail=str(exc) or None)


def download_sync(
    http: httpx.Client,
    transfer: Transfer,
    *,
    headers: dict[str, str],
    timeout: httpx.Timeout,
    policy: RetryPolicy,
    error_for: ErrorFactory,
    sleep: Callable[[float], None] = time.sleep,
) -> Path:
    """Run ``transfer`` with ``http``, retrying (and resuming) like any other request."""
    if transfer.existing_is_valid():
        return transfer.dest
    restarted = False
    attempt = 0
    while True:
        retry_after: float | None = None
        failure: EconindexError
        try:
            with http.stream(
                "GET",
                transfer.url,
                headers={**headers, **transfer.request_headers()},
                timeout=timeout,
                follow_redirects=True,
            ) as response:
                if response.status_code == 416:
                    transfer.discard()  # our partial is longer than the file: start over
                    raise RestartFromZero(transfer.url)
                if response.status_code >= 400:
                    response.read()
                    error = error_for(response)
                    if not is_retryable_status(response.status_code):
                        raise error
                    failure = error
                    retry_after = parse_retry_after(response.headers.get("retry-after"))
                else:
                    transfer.begin(response)
                    for chunk in response.iter_bytes():
                        transfer.write(chunk)
                    try:
                        return transfer.complete()
                    except IntegrityError:
                        if transfer.resumed_from == 0 or restarted:
                            raise
                        restarted = True  # the old partial may be the bad part: once more
                        continue
        except RestartFromZero:
            if restarted:
                raise IntegrityError(
                    f"{transfer.url}: the server keeps sending other bytes than requested",
                    url=transfer.url,
                    expected="a consistent file",
                    actual="changing ranges",
                ) from None
            restarted = True
            continue
        except httpx.TransportError as exc:
            transfer.interrupted()
            failure = _transport_error(exc, transfer.url)
        except BaseException:
            transfer.interrupted()
            raise
        if attempt >= policy.max_retries:
            raise failure
        sleep(policy.delay(attempt, retry_after))
        attempt += 1


async def download_async(
    http: httpx.AsyncClient,
    transfer: Transfer,
    *,
    headers: dict[str, str],
    timeout: httpx.Timeout,
    policy: RetryPolicy,
    error_for: ErrorFactory,
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
) -> Path:
    """The asynchronous twin of :func:`download_sync` (file work stays synchronous: chunks
    are small and local disks fast, as in httpx's own examples)."""
    if transfer.existing_is_valid():
        return transfer.dest
    restarted = False
    attempt = 0
    while True:
        retry_after: float | None = None
        failure: EconindexError
        try:
            async with http.stream(
                "GET",
                transfer.url,
                headers={**headers, **transfer.request_headers()},
                timeout=timeout,
                follow_redirects=True,
            ) as response:
                if response.status_code == 416:
                    transfer.discard()
                    raise RestartFromZero(transfer.url)
                if response.status_code >= 400:
                    await response.aread()
                    error = error_for(response)
                    if not is_retryable_status(response.status_code):
                        raise error
                    failure = error
                    retry_after = parse_retry_after(response.headers.get("retry-after"))
                else:
                    transfer.begin(response)
                    async for chunk in response.aiter_bytes():
                        transfer.write(chunk)
                    try:
                        return transfer.complete()
                    except IntegrityError:
                        if transfer.resumed_from == 0 or restarted:
                            raise
                        restarted = True
                        continue
        except RestartFromZero:
            if restarted:
                raise IntegrityError(
                    f"{transfer.url}: the server keeps sending other bytes than requested",
                    url=transfer.url,
                    expected="a consistent file",
                    actual="changing ranges",
                ) from None
            restarted = True
            continue
        except httpx.TransportError as exc:
            transfer.interrupted()
            failure = _transport_error(exc, transfer.url)
        except BaseException:
            transfer.interrupted()
            raise
        if attempt >= policy.max_retries:
            raise failure
        await sleep(policy.delay(attempt, retry_after))
        attempt += 1
