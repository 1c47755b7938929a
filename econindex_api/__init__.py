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
Nothing here imports the build or server subpackages.
"""

from econindex_api import models
from econindex_api._cache import CachedResponse, FileCache, MemoryCache, ResponseCache
from econindex_api._client import DEFAULT_BASE_URL, ENV_BASE_URL, AsyncClient, Client
from econindex_api._download import ProgressCallback
from econindex_api._exceptions import (
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
from econindex_api._pagination import (
    AsyncPage,
    AsyncPageIterator,
    PageIterator,
    SyncPage,
    to_pandas,
    to_polars,
)
from econindex_api._retry import RetryPolicy
from econindex_api._version import __version__

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
    "ServerError",
    "SyncPage",
    "__version__",
    "models",
    "to_pandas",
    "to_polars",
]
