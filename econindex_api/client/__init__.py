"""The client SDK: httpx + msgspec, nothing from the build or the server.

Import the public names from ``econindex_api`` (``from econindex_api import Client``); they
are the ones listed here. Inside this package, one module per job, each with its sync and async
twins next to each other (as httpx does):

- ``_client.py``: ``Client`` / ``AsyncClient``, requests, retries, conditional GETs.
- ``_transport.py``: the Protocols the namespaces are written against (no import back).
- ``namespaces/``: one module per API area (``client.tasks``, ``client.occupations``, ...).
- ``_pagination.py``: ``SyncPage`` / ``AsyncPage`` and their iterators, ``to_polars``.
- ``_series.py``: ``SeriesResult`` (what ``client.series`` returns, with ``to_polars()`` and
  ``to_pandas()``) and ``series_to_polars``.
- ``_download.py``: verified, resumable downloads.
- ``_retry.py``: the retry policy, ``Retry-After``.
- ``_response_cache.py``: the client's HTTP cache (``MemoryCache``, ``FileCache``), not the
  server's answer cache.
- ``_exceptions.py``: the error hierarchy.
"""

from econindex_api.client._client import DEFAULT_BASE_URL, ENV_BASE_URL, AsyncClient, Client
from econindex_api.client._download import ProgressCallback
from econindex_api.client._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    EconindexError,
    IntegrityError,
    NotFoundError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)
from econindex_api.client._pagination import (
    AsyncPage,
    AsyncPageIterator,
    PageIterator,
    SyncPage,
    to_pandas,
    to_polars,
)
from econindex_api.client._response_cache import (
    CachedResponse,
    FileCache,
    MemoryCache,
    ResponseCache,
)
from econindex_api.client._retry import RetryPolicy
from econindex_api.client._series import SeriesResult, SeriesRow, series_to_polars

__all__ = [
    "DEFAULT_BASE_URL",
    "ENV_BASE_URL",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AsyncPage",
    "AsyncPageIterator",
    "BadRequestError",
    "CachedResponse",
    "Client",
    "EconindexError",
    "FileCache",
    "IntegrityError",
    "MemoryCache",
    "NotFoundError",
    "PageIterator",
    "ProgressCallback",
    "RateLimitError",
    "ResponseCache",
    "ResponseValidationError",
    "RetryPolicy",
    "SeriesResult",
    "SeriesRow",
    "ServerError",
    "SyncPage",
    "series_to_polars",
    "to_pandas",
    "to_polars",
]
