"""econindex: the economic index of AI use, as a typed Python client.

::

    from econindex_api import Client

    client = Client()                       # base URL: argument, else $ECONINDEX_API_URL
    client.releases.list()                  # typed objects
    page = client.occupations.list(release="latest", major_group="15", limit=100)
    df = page.to_polars()                   # or client.occupations.iter(...).to_polars()
    for task in client.tasks.iter(release="2025-02-10", q="software"):
        ...
    path = client.packages.download("2025-02-10", dest="data/")   # verified, resumable

The client needs only httpx and msgspec; Polars (``pip install 'polars>=1.20'``) is needed
for ``to_polars()`` only, pandas (``pip install 'pandas>=2.2'``) for ``to_pandas()`` only.
The wire models (``econindex_api.models``) are the same classes the server encodes with.
The client itself lives in ``econindex_api.client`` (sync and async twins side by side);
its public names are re-exported here. Nothing here imports the build or server subpackages.
"""

from econindex_api import models
from econindex_api._version import __version__
from econindex_api.client import (
    DEFAULT_BASE_URL,
    ENV_BASE_URL,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncClient,
    AsyncPage,
    AsyncPageIterator,
    BadRequestError,
    CachedResponse,
    Client,
    EconindexError,
    FileCache,
    IntegrityError,
    MemoryCache,
    NotFoundError,
    PageIterator,
    ProgressCallback,
    RateLimitError,
    ResponseCache,
    ResponseValidationError,
    RetryPolicy,
    SeriesResult,
    SeriesRow,
    ServerError,
    SyncPage,
    series_to_polars,
    to_pandas,
    to_polars,
)

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
    "__version__",
    "models",
    "series_to_polars",
    "to_pandas",
    "to_polars",
]
