"""File downloads of a release: ETag = the file's sha256, Content-Length, single byte ranges.

Range requests (RFC 9110 §14): one range ``bytes=a-b``, ``bytes=a-`` or ``bytes=-n`` gets
206 with Content-Range; an unsatisfiable one gets 416 with ``Content-Range: bytes */size``;
a malformed or multi-range header is ignored (200, the whole file), as the RFC allows.
``If-Range`` with another ETag also gets the whole file. Before serving, the file's current
state is compared with the verified one, so a file changed on disk is re-verified first and
never served under its old hash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import anyio.to_thread
from litestar.response.base import ASGIResponse
from litestar.types import Receive, Send

from econindex_api import models
from econindex_api.server.problems import ApiProblem, release_unavailable
from econindex_api.server.respond import media_type_header
from econindex_api.server.storage import DataSource
from econindex_api.server.store import ReleaseState, VerifiedFile, check_files

_RANGE = re.compile(r"^bytes=([0-9]*)-([0-9]*)\Z")
# \Z, not $: "$" also matches before a final newline ("tasks.csv\n" would pass).
_RESOURCE_FILE = re.compile(r"^([a-z0-9_]{1,64})\.(csv|parquet)\Z")
# Positions with more digits lie beyond any file; never int() them (Python refuses strings of
# over 4300 digits with ValueError, and converting long ones is slow).
_MAX_POSITION_DIGITS = 18


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
    """Streams ``start..end`` of a file from the data source, reading in a worker thread."""

    def __init__(
        self,
        *,
        source: DataSource,
        path: str,
        start: int,
        end: int,
        status_code: int,
        headers: list[tuple[str, str]],
        media_type: str,
        is_head: bool,
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
        self._source = source
        self._path = path
        self._start = start
        self._end = end

    async def send_body(self, send: Send, receive: Receive) -> None:
        if self._end < self._start:
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        chunks: Iterator[bytes] = self._source.iter_range(self._path, self._start, self._end)
        while True:
            chunk = await anyio.to_thread.run_sync(next, chunks, None)
            if chunk is None:
                break
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


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
    current = await anyio.to_thread.run_sync(source.stat, record.path)
    if current != record.stat:
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
    if wanted is None or isinstance(wanted, str):
        return FileStreamResponse(
            source=source,
            path=record.path,
            start=0,
            end=record.size - 1,
            status_code=200,
            headers=headers,
            media_type=record.media_type,
            is_head=is_head,
        )
    start, end = wanted
    headers.append(("content-range", f"bytes {start}-{end}/{record.size}"))
    return FileStreamResponse(
        source=source,
        path=record.path,
        start=start,
        end=end,
        status_code=206,
        headers=headers,
        media_type=record.media_type,
        is_head=is_head,
    )
