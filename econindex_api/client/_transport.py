"""What a resource needs from a client: the narrow request surface, as Protocols.

The namespaces (``namespaces/``, one resource class pair per API area) are written against
these Protocols, not against ``Client``, so that ``_client.py`` imports ``namespaces/`` and
nothing imports back: there is no import circle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import msgspec

from econindex_api.client._download import Transfer
from econindex_api.client._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage

T = TypeVar("T")

JSON = "application/json"
CSV = "text/csv"


class Repeated(tuple[str, ...]):
    """A parameter sent once per value (``filter=a:1&filter=b:2``), not joined by ``,``."""


ParamValue = str | int | float | bool | Sequence[float] | Sequence[str] | Repeated | None
#: Query parameters as resources pass them: ``None`` values are dropped, sequences joined by
#: ``,``, a :class:`Repeated` sent once per value.
Params = Mapping[str, ParamValue]


@dataclass(frozen=True)
class Answer:
    """A successful response body with its headers (possibly taken from the cache)."""

    url: str
    body: bytes
    headers: Mapping[str, str]


class SyncTransport(Protocol):
    """The requests a synchronous resource may make (implemented by ``Client``)."""

    def url(self, path: str) -> str: ...

    def _fetch(self, path: str, params: Params | None = None, accept: str = JSON) -> Answer: ...

    def _get(
        self, path: str, decoder: msgspec.json.Decoder[T], params: Params | None = None
    ) -> T: ...

    def _get_page(
        self, path: str, decoder: msgspec.json.Decoder[Any], params: Params
    ) -> SyncPage[Any]: ...

    def _iter(
        self, path: str, decoder: msgspec.json.Decoder[Any], params: Params
    ) -> PageIterator[Any]: ...

    def _download(self, transfer: Transfer) -> Path: ...


class AsyncTransport(Protocol):
    """The requests an asynchronous resource may make (implemented by ``AsyncClient``)."""

    def url(self, path: str) -> str: ...

    async def _fetch(
        self, path: str, params: Params | None = None, accept: str = JSON
    ) -> Answer: ...

    async def _get(
        self, path: str, decoder: msgspec.json.Decoder[T], params: Params | None = None
    ) -> T: ...

    async def _get_page(
        self, path: str, decoder: msgspec.json.Decoder[Any], params: Params
    ) -> AsyncPage[Any]: ...

    def _iter(
        self, path: str, decoder: msgspec.json.Decoder[Any], params: Params
    ) -> AsyncPageIterator[Any]: ...

    async def _download(self, transfer: Transfer) -> Path: ...
