"""What every resource holds: its client, and the path of a release."""

from __future__ import annotations

from urllib.parse import quote

from econindex_api.client._transport import AsyncTransport, SyncTransport


def segment(value: str | int) -> str:
    """One path segment, percent-encoded (a release id or code can never change the path)."""
    return quote(str(value), safe="")


def release_path(release: str, *parts: str | int) -> str:
    """``/v1/releases/<release>/<parts...>`` with every segment percent-encoded."""
    if not isinstance(release, str) or not release:
        raise ValueError(f"release must be a release id or 'latest', got {release!r}")
    return "/".join(["/v1/releases", segment(release), *(segment(p) for p in parts)])


class SyncResource:
    def __init__(self, client: SyncTransport) -> None:
        self._client = client


class AsyncResource:
    def __init__(self, client: AsyncTransport) -> None:
        self._client = client
