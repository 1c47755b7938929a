"""File downloads of a release: ETag = the file's sha256, Content-Length, single byte ranges.

Range requests (RFC 9110 §14): one range ``bytes=a-b``, ``bytes=a-`` or ``bytes=-n`` gets
206 with Content-Range; an unsatisfiable one gets 416 with ``Content-Range: bytes */size``;
a malformed or multi-range header is ignored (200, the whole file), as the RFC allows.
``If-Range`` with another ETag also gets the whole file.

Integrity (the guarantee, see also store.py): a download is never served complete under a
sha256 its bytes do not have. Before serving, the file's stat (size, mtime, ctime, inode) is
compared with the verified one, so a rewritten file is re-verified first; a whole-file
download is hashed while it streams and aborted before its last chunk if the hash differs
(bytes changed with no metadata change: bit rot); and the background check rehashes every
file every ``ECONINDEX_REHASH_INTERVAL`` seconds, which is the longest a ranged (206) read of
silently changed bytes can go unnoticed.

Bounded memory per download (issue 18, N3): the body goes out in pieces of ``PIECE_BYTES``
(16 KiB), one ``send`` at a time, and each ``send`` waits until the HTTP server has taken the
piece, so a client that reads slowly holds this worker's memory to about one read chunk, one
held-back piece, and what the server buffers for the connection. 16 KiB, not 64 or 256: with
500 stalled downloads of a 4 MB file the worker's RSS grew in 9 s by 31 MiB with 16 KiB pieces
and by 300 MiB with 64 KiB ones, the larger blocks fragmenting the heap while the kernel's
socket buffers (up to ``net.ipv4.tcp_wmem``'s maximum per connection, outside RSS) fill; once
they are full and every download waits, about 0.2 MiB each (README, "Connections").

A client that takes no piece for ``ECONINDEX_STALL_TIMEOUT`` seconds (default 30; nginx's
``send_timeout`` has the same meaning) is cut: the response ends short of its Content-Length,
so the client can tell its copy is incomplete, and its connection is reset (``sockets.py``:
granian alone would keep it, and its slot, open while the client does). The file is closed
however the body ends.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import anyio.to_thread
from litestar.response.base import ASGIResponse
from litestar.types import Receive, Scope, Send

from econindex_api import models
from econindex_api.server.data_source import DataSource, UnsafePathError
from econindex_api.server.sockets import reset_connection
from econindex_api.server.store import ReleaseState, VerifiedFile, check_files
from econindex_api.server.toolkit.problems import ApiProblem, release_unavailable
from econindex_api.server.toolkit.respond import media_type_header

log = logging.getLogger("econindex.server")

_RANGE = re.compile(r"^bytes=([0-9]*)-([0-9]*)\Z")
# \Z, not $: "$" also matches before a final newline ("tasks.csv\n" would pass).
_RESOURCE_FILE = re.compile(r"^([a-z0-9_]{1,64})\.(csv|parquet)\Z")
# Positions with more digits lie beyond any file; never int() them (Python refuses strings of
# over 4300 digits with ValueError, and converting long ones is slow).
_MAX_POSITION_DIGITS = 18

STALL_TIMEOUT_ENV = "ECONINDEX_STALL_TIMEOUT"
DEFAULT_STALL_TIMEOUT_S = 30.0
PIECE_BYTES = 16 * 1024


def stall_timeout_s(raw: str | None) -> float:
    """``ECONINDEX_STALL_TIMEOUT``: seconds a download may wait for its client (default 30;
    an unreadable value falls back to the default, a value under 0.1 is raised to 0.1)."""
    try:
        value = float(raw) if raw and raw.strip() else DEFAULT_STALL_TIMEOUT_S
    except ValueError:
        value = DEFAULT_STALL_TIMEOUT_S
    return max(0.1, value) if value == value else DEFAULT_STALL_TIMEOUT_S  # NaN: default


def split(chunk: bytes, size: int = PIECE_BYTES) -> list[bytes]:
    """``chunk`` in pieces of at most ``size`` bytes (a chunk read from an object store may be
    larger; a local file is read in pieces of this size already, see data_source.CHUNK_BYTES)."""
    if len(chunk) <= size:
        return [chunk]
    return [chunk[offset : offset + size] for offset in range(0, len(chunk), size)]


def _position(digits: str) -> int:
    return int(digits) if len(digits) <= _MAX_POSITION_DIGITS else 10**_MAX_POSITION_DIGITS


def parse_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """(start, end) inclusive, None to send everything, or "unsatisfiable"."""
    if header is None:
        return None
    match = _RANGE.match(header.strip().replace(" ", ""))
    if not match:
        return None  # malformed or several ranges: ignore the header
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        suffix = _position(last)
        if suffix == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - suffix), size - 1
    start = _position(first)
    if start >= size:
        return "unsatisfiable"
    end = _position(last) if last != "" else size - 1
    if end < start:
        return None  # invalid range spec: ignore
    return start, min(end, size - 1)


class FileStreamResponse(ASGIResponse):
    """Streams ``start..end`` of a file from the data source, reading in a worker thread.

    ``first`` is the first chunk, already read by ``serve_file`` (so a file that cannot be
    opened is a 503 before any header is sent). For a whole file (``verify``), the bytes sent
    are hashed on the way and the last chunk is held back until the hash is known: if it is
    not the file's recorded sha256, the release is marked unavailable and the connection is
    aborted before the body completes, so a client never receives a complete body under the
    old ETag (its Content-Length is not met).
    """

    def __init__(
        self,
        *,
        chunks: Iterator[bytes],
        first: bytes | None,
        start: int,
        end: int,
        status_code: int,
        headers: list[tuple[str, str]],
        media_type: str,
        is_head: bool,
        verify: Callable[[str], None] | None,
        stall_s: float = DEFAULT_STALL_TIMEOUT_S,
    ) -> None:
        length = end - start + 1
        if is_head:  # ASGIResponse leaves both out of HEAD responses; HEAD must announce them
            headers = [
                *headers,
                ("content-type", media_type_header(media_type)),
                ("content-length", str(length)),
            ]
        super().__init__(
            status_code=status_code,
            headers=headers,
            media_type=media_type,
            content_length=length,
            is_head_response=is_head,
        )
        self._chunks = chunks
        self._first = first
        self._verify = verify
        self._stall_s = stall_s
        self._where: tuple[Any, Any] = (None, None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._where = (scope.get("server"), scope.get("client"))  # for _cut
        await super().__call__(scope, receive, send)

    async def _cut(self) -> None:
        """End a stalled download: reset its connection (``sockets.py`` says why), so that
        neither the connection slot nor the kernel's buffer stays held by the client."""
        server, client = self._where
        reset = False
        if server is not None and client is not None:
            reset = await anyio.to_thread.run_sync(
                reset_connection, int(server[1]), (str(client[0]), int(client[1]))
            )
        log.info(
            "download cut: the client took nothing for %g s (%s)",
            self._stall_s,
            "connection reset" if reset else "connection not found; left to the server",
        )

    async def send_body(self, send: Send, receive: Receive) -> None:
        """Send the pieces, hashing them and holding the last one back (see the module
        docstring); a piece the client does not take within the stall timeout ends it."""
        digest = hashlib.sha256() if self._verify is not None else None
        ready: deque[bytes] = deque(split(self._first) if self._first is not None else ())

        async def next_piece() -> bytes | None:
            if not ready:  # read the next chunk of the file in a thread, off the loop
                chunk = await anyio.to_thread.run_sync(next, self._chunks, None)
                if chunk is None:
                    return None
                ready.extend(split(chunk))
            return ready.popleft()

        try:
            await self._send_pieces(send, digest, next_piece)
        finally:
            # Close the file now, however the body ended (cut, client gone, changed bytes):
            # left to the garbage collector, which runs rarely here, a download that ended
            # with an exception kept its file open (measured: 500 descriptors after 500
            # stalled clients left).
            close = getattr(self._chunks, "close", None)
            if close is not None:
                close()

    async def _send_pieces(
        self,
        send: Send,
        digest: Any,
        next_piece: Callable[[], Awaitable[bytes | None]],
    ) -> None:
        held = await next_piece()
        while held is not None:
            piece = await next_piece()
            if digest is not None:
                digest.update(held)
            if piece is None and digest is not None and self._verify is not None:
                self._verify(digest.hexdigest())  # raises before the last piece goes out
            try:
                with anyio.fail_after(self._stall_s):
                    await send({"type": "http.response.body", "body": held, "more_body": True})
            except TimeoutError:
                await self._cut()
                return
            held = piece
        await send({"type": "http.response.body", "body": b"", "more_body": False})


OCTET_STREAM = "application/octet-stream"


def download_media_type(own: str, accept: str | None) -> str:
    """The file's own media type, or application/octet-stream when the client asks for raw
    bytes and not for the file's type (the OpenAPI lists both for every binary download, so
    generated clients read the body as bytes)."""
    if accept and OCTET_STREAM in accept and own not in accept:
        return OCTET_STREAM
    return own


class ChangedWhileServing(Exception):
    """The bytes streamed do not hash to the recorded sha256: the download is aborted."""


def resource_key(state: ReleaseState, filename: str) -> str:
    """``data/<table>.<ext>`` for a resources/<filename> request, or 404 naming the tables."""
    match = _RESOURCE_FILE.match(filename)
    names = sorted(r.name for r in state.version.resources)
    if match is None or match.group(1) not in names:
        raise ApiProblem(
            404,
            models.PROBLEM_UNKNOWN_RESOURCE,
            f"no resource {filename[:80]!r} in release {state.id!r}; resources are "
            f"<name>.csv or <name>.parquet with name one of: {', '.join(names)}",
            release=state.id,
            allowed=names,
        )
    for resource in state.version.resources:
        if resource.name == match.group(1):
            return resource.csv.path if match.group(2) == "csv" else resource.parquet.path
    raise AssertionError("unreachable")


async def serve_file(
    *,
    source: DataSource,
    state: ReleaseState,
    key: str,
    method: str,
    request_headers: Any,
    base_headers: list[tuple[str, str]],
    filename: str,
) -> ASGIResponse:
    record: VerifiedFile | None = state.file(key)
    if record is None:
        raise ApiProblem(
            404, models.PROBLEM_UNKNOWN_RESOURCE, f"release {state.id!r} has no file {key!r}"
        )
    try:
        current = await anyio.to_thread.run_sync(source.stat, record.path)
    except (OSError, UnsafePathError):
        current = None
    if current is None or current != record.stat:
        await anyio.to_thread.run_sync(check_files, source, state)
    if not state.available:
        raise release_unavailable(state.id, state.unavailable_reason or "a file failed its check")
    etag = f'"{record.sha256}"'
    headers = [
        *base_headers,
        ("etag", etag),
        ("accept-ranges", "bytes"),
        ("content-disposition", f'attachment; filename="{filename}"'),
    ]
    if_none_match = request_headers.get("if-none-match")
    if if_none_match is not None and (
        if_none_match.strip() == "*"
        or etag in {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    ):
        return ASGIResponse(status_code=304, headers=headers)
    wanted = parse_range(request_headers.get("range"), record.size)
    if_range = request_headers.get("if-range")
    if if_range is not None and if_range.strip() != etag:
        wanted = None
    if wanted == "unsatisfiable":
        raise ApiProblem(
            416,
            models.PROBLEM_RANGE_NOT_SATISFIABLE,
            f"the file has {record.size} bytes; the requested range is outside it",
            headers={"content-range": f"bytes */{record.size}"},
        )
    is_head = method == "HEAD"
    media_type = download_media_type(record.media_type, request_headers.get("accept"))
    whole = not isinstance(wanted, tuple)
    start, end = wanted if isinstance(wanted, tuple) else (0, record.size - 1)
    status = 200 if whole else 206
    if not whole:
        headers.append(("content-range", f"bytes {start}-{end}/{record.size}"))
    first: bytes | None = None
    chunks: Iterator[bytes] = iter(())
    if not is_head and end >= start:
        # Open and read the first chunk now: an unreadable file is a 503, not a broken body.
        chunks = source.iter_range(record.path, start, end)
        try:
            first = await anyio.to_thread.run_sync(next, chunks, None)
        except (OSError, UnsafePathError) as exc:
            await anyio.to_thread.run_sync(check_files, source, state)
            state.file_errors.setdefault(
                key, f"{record.path}: cannot be read ({exc.__class__.__name__})"
            )
            raise release_unavailable(state.id, state.unavailable_reason or "unreadable") from None

    def verify(actual: str) -> None:
        if actual != record.sha256:
            message = f"{record.path}: changed while served (sha256 {actual})"
            state.file_errors[key] = message
            log.error("release %s unavailable: %s; download aborted", state.id, message)
            raise ChangedWhileServing(message)

    return FileStreamResponse(
        chunks=chunks,
        first=first,
        start=start,
        end=end,
        status_code=status,
        headers=headers,
        media_type=media_type,
        is_head=is_head,
        verify=verify if whole else None,
        stall_s=stall_timeout_s(os.environ.get(STALL_TIMEOUT_ENV)),
    )
