"""The HTTP clients: :class:`Client` (blocking) and :class:`AsyncClient` (asyncio), one surface.

Both hold the connection settings (base URL, timeouts, retries, cache) and one resource object
per API area (``client.releases``, ``client.tasks``...), which build the requests. This module
does the transport work every request shares: URLs and query parameters, headers, retries,
conditional requests, mapping error answers to exceptions and strict decoding of bodies into
the wire models of :mod:`econindex_api.models`.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import anyio
import httpx
import msgspec

from econindex_api._version import __version__
from econindex_api.client._download import Transfer, download_async, download_sync
from econindex_api.client._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    EconindexError,
    RateLimitError,
    ResponseValidationError,
    error_class_for_status,
)
from econindex_api.client._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage
from econindex_api.client._response_cache import CachedResponse, ResponseCache, cache_key
from econindex_api.client._retry import RetryPolicy, is_retryable_status, parse_retry_after
from econindex_api.client._transport import JSON, Answer, Params, Repeated
from econindex_api.client.namespaces.categories import AsyncCategories, Categories
from econindex_api.client.namespaces.clusters import AsyncClusters, Clusters
from econindex_api.client.namespaces.compare import AsyncCompare, Compare
from econindex_api.client.namespaces.depth import AsyncDepthResource, DepthResource
from econindex_api.client.namespaces.geographies import (
    AsyncGeographies,
    AsyncObservations,
    Geographies,
    Observations,
)
from econindex_api.client.namespaces.interaction_modes import (
    AsyncInteractionModesResource,
    InteractionModesResource,
)
from econindex_api.client.namespaces.occupations import AsyncOccupations, Occupations
from econindex_api.client.namespaces.packages import AsyncPackages, Packages
from econindex_api.client.namespaces.primitives import AsyncPrimitives, Primitives
from econindex_api.client.namespaces.releases import AsyncReleases, Releases
from econindex_api.client.namespaces.series import AsyncSeriesResource, SeriesResource
from econindex_api.client.namespaces.tables import AsyncTables, Tables
from econindex_api.client.namespaces.tasks import AsyncTasks, Tasks
from econindex_api.client.namespaces.thinking import AsyncThinkingResource, ThinkingResource
from econindex_api.client.namespaces.wage_bands import AsyncWageBandsResource, WageBandsResource
from econindex_api.models import Health, current_type

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "ENV_BASE_URL", "AsyncClient", "Client"]

T = TypeVar("T")

ENV_BASE_URL = "ECONINDEX_API_URL"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
"""Where ``econindex serve`` listens by default; used when neither argument nor env is set."""
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2


def resolve_base_url(base_url: str | None) -> str:
    """The API root: the argument, else ``$ECONINDEX_API_URL``, else :data:`DEFAULT_BASE_URL`.

    A trailing ``/v1`` is dropped (paths carry their version), so both
    ``http://host:8000`` and ``http://host:8000/v1`` work.
    """
    url = base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValueError(
            f"base_url must start with http:// or https://, got {url!r} "
            f"(from {'the argument' if base_url else ENV_BASE_URL})"
        )
    return url.removesuffix("/v1")


def user_agent() -> str:
    """``econindex-api-python/<version> httpx/<version> python/<version>``."""
    return (
        f"econindex-api-python/{__version__} httpx/{httpx.__version__} "
        f"python/{platform.python_version()}"
    )


def _format_param(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def encode_params(params: Params | None) -> list[tuple[str, str]]:
    """Query parameters as string pairs; ``None`` means "not given"; sequences are
    comma-joined, except a ``Repeated``: one pair per value (``filter=a:1&filter=b:2``)."""
    out: list[tuple[str, str]] = []
    for name, value in (params or {}).items():
        if value is None:
            continue
        if isinstance(value, str | int | float | bool):
            out.append((name, _format_param(value)))
        elif isinstance(value, Repeated):
            out.extend((name, v) for v in value)
        else:
            out.append((name, ",".join(_format_param(v) for v in value)))
    return out


class _BaseClient:
    """Settings and the request/response work shared by both clients."""

    def __init__(
        self,
        base_url: str | None,
        *,
        timeout: float | httpx.Timeout | None,
        injected_timeout: httpx.Timeout | None,
        max_retries: int,
        retry_policy: RetryPolicy | None,
        headers: Mapping[str, str] | None,
        cache: ResponseCache | None,
    ) -> None:
        self.base_url = resolve_base_url(base_url)
        if timeout is None:
            self.timeout = injected_timeout or DEFAULT_TIMEOUT
        else:
            self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self.retry_policy = retry_policy or RetryPolicy(max_retries=max_retries)
        self.cache = cache
        self._headers = {"User-Agent": user_agent(), **(headers or {})}

    @property
    def max_retries(self) -> int:
        """Retries after the first try (from ``max_retries`` or ``retry_policy``)."""
        return self.retry_policy.max_retries

    def url(self, path: str) -> str:
        """The absolute URL of an API path (``/v1/...``) or a path-absolute link.

        Example::

            Client("http://127.0.0.1:8000").url("/v1/releases")
            # 'http://127.0.0.1:8000/v1/releases'
        """
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url + ("" if path.startswith("/") else "/") + path

    def _request_headers(self, accept: str, etag: str | None = None) -> dict[str, str]:
        headers = {**self._headers, "Accept": accept}
        if etag is not None:
            headers["If-None-Match"] = etag
        return headers

    def _error_for(self, response: httpx.Response) -> APIStatusError:
        """The exception for an error answer, filled from its problem+json body."""
        problem: dict[str, Any] = {}
        try:
            parsed = msgspec.json.decode(response.content)
        except msgspec.DecodeError:
            parsed = None
        if isinstance(parsed, dict):
            problem = parsed
        status = response.status_code
        # Both spellings of a type (``/problems/<kind>`` and, from servers before 2026-12,
        # ``https://econindex.invalid/problems/<kind>``) become the current constant, so
        # ``err.type == models.PROBLEM_*`` holds whichever server answered; the body as sent
        # stays in ``err.problem``.
        type_ = current_type(problem.get("type")) if isinstance(problem.get("type"), str) else None
        title = problem.get("title") if isinstance(problem.get("title"), str) else None
        title = title or response.reason_phrase or f"HTTP {status}"
        detail = problem.get("detail") if isinstance(problem.get("detail"), str) else None
        if detail is None and not problem:
            detail = response.text[:300].strip() or None
        url = str(response.request.url)
        message = f"{status} {title}: {detail or '(no detail)'} [GET {url}]"
        if type_:
            message += f" ({type_})"
        error = error_class_for_status(status)(
            message,
            url=url,
            status=status,
            type=type_,
            title=title,
            detail=detail,
            problem=problem,
        )
        if isinstance(error, RateLimitError):
            error.retry_after = parse_retry_after(response.headers.get("retry-after"))
        return error

    @staticmethod
    def _transport_error(exc: httpx.TransportError, url: str) -> APIConnectionError:
        kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        what = "timed out" if kind is APITimeoutError else "failed"
        return kind(
            f"GET {url} {what}: {type(exc).__name__}: {exc}", url=url, detail=str(exc) or None
        )

    @staticmethod
    def _decode(decoder: msgspec.json.Decoder[T], answer: Answer) -> T:
        try:
            return decoder.decode(answer.body)
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            raise ResponseValidationError(
                f"GET {answer.url}: the response does not match the wire model "
                f"{getattr(decoder.type, '__name__', decoder.type)}: {exc}",
                url=answer.url,
                detail=str(exc),
            ) from exc

    def _prepare(
        self, path: str, params: Params | None, accept: str
    ) -> tuple[str, str, CachedResponse | None]:
        url = str(httpx.URL(self.url(path), params=encode_params(params) or None))
        key = cache_key(url, accept)
        cached = self.cache.get(key) if self.cache is not None else None
        return url, key, cached

    def _answer(
        self, response: httpx.Response, url: str, key: str, cached: CachedResponse | None
    ) -> Answer:
        if response.status_code == 304 and cached is not None:
            return Answer(url, cached.body, cached.headers)
        if response.status_code != 200:
            raise self._error_for(response)
        etag = response.headers.get("etag")
        if self.cache is not None and etag:
            entry = CachedResponse(etag=etag, body=response.content, headers=dict(response.headers))
            self.cache.set(key, entry)
        return Answer(url, response.content, response.headers)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={self.base_url!r}>"


class Client(_BaseClient):
    """Blocking client of the econindex API.

    Args:
        base_url: API root, e.g. ``"https://api.example.org"``; default ``$ECONINDEX_API_URL``,
            else ``http://127.0.0.1:8000`` (``econindex serve``).
        timeout: seconds (or an ``httpx.Timeout``) per request; default 30 s, 5 s to connect.
        max_retries: retries of a request that failed with a connection error, a timeout,
            429 or 5xx (exponential backoff with jitter, honouring ``Retry-After``); default 2.
            Other 4xx are never retried.
        retry_policy: full control over the backoff (overrides ``max_retries``).
        headers: extra headers sent with every request.
        cache: a :class:`MemoryCache`, :class:`FileCache` or any ``ResponseCache``: requests
            then send ``If-None-Match`` and reuse the stored body on ``304``.
        http_client: an ``httpx.Client`` to send requests with (proxies, certificates,
            transports); the caller keeps ownership and closes it.

    Resources: ``releases``, ``tasks``, ``occupations``, ``categories``, ``wage_bands``,
    ``depth``, ``interaction_modes``, ``thinking``, ``clusters``, ``packages``, ``compare``
    (change between two releases), ``series`` (one measure across releases),
    ``geographies`` (usage per country and subregion), ``observations`` (every
    published value) and ``primitives`` (artifacts, use cases, the economic primitives) of
    the long-format releases; ``tables`` (every published table of a release, by query).

    Example::

        from econindex_api import Client

        with Client("http://127.0.0.1:8000") as client:
            print(client.releases.list().latest)
            df = client.occupations.iter("latest", major_group="15").to_polars()
            path = client.packages.download("2025-02-10", dest="data/")
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        cache: ResponseCache | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            base_url,
            timeout=timeout,
            injected_timeout=http_client.timeout if http_client is not None else None,
            max_retries=max_retries,
            retry_policy=retry_policy,
            headers=headers,
            cache=cache,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self.timeout, follow_redirects=True)
        self.releases = Releases(self)
        self.tasks = Tasks(self)
        self.occupations = Occupations(self)
        self.categories = Categories(self)
        self.wage_bands = WageBandsResource(self)
        self.depth = DepthResource(self)
        self.interaction_modes = InteractionModesResource(self)
        self.thinking = ThinkingResource(self)
        self.clusters = Clusters(self)
        self.packages = Packages(self)
        self.compare = Compare(self)
        self.series = SeriesResource(self)
        self.geographies = Geographies(self)
        self.observations = Observations(self)
        self.primitives = Primitives(self)
        self.tables = Tables(self)

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connections (not those of an injected ``http_client``).

        Example::

            client = Client()
            try:
                client.releases.list()
            finally:
                client.close()     # or use ``with Client() as client:``
        """
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- service ---------------------------------------------------------------------------

    def health(self) -> Health:
        """``GET /health``: whether the server is up, and its version.

        Example::

            client.health().status   # "ok"
        """
        return self._get("/health", _HEALTH)

    # -- transport used by the resources ---------------------------------------------------

    def _send(self, url: str, headers: dict[str, str]) -> httpx.Response:
        """One GET with retries; returns the final response (2xx, 304 or a final error)."""
        policy = self.retry_policy
        attempt = 0
        while True:
            retry_after: float | None = None
            failure: EconindexError
            try:
                response = self._http.get(
                    url, headers=headers, timeout=self.timeout, follow_redirects=True
                )
            except httpx.TransportError as exc:
                failure = self._transport_error(exc, url)
            else:
                if not is_retryable_status(response.status_code):
                    return response
                failure = self._error_for(response)
                retry_after = parse_retry_after(response.headers.get("retry-after"))
            if attempt >= policy.max_retries:
                raise failure
            time.sleep(policy.delay(attempt, retry_after))
            attempt += 1

    def _fetch(self, path: str, params: Params | None = None, accept: str = JSON) -> Answer:
        url, key, cached = self._prepare(path, params, accept)
        headers = self._request_headers(accept, cached.etag if cached else None)
        response = self._send(url, headers)
        return self._answer(response, url, key, cached)

    def _get(self, path: str, decoder: msgspec.json.Decoder[T], params: Params | None = None) -> T:
        return self._decode(decoder, self._fetch(path, params))

    def _get_page(
        self, path: str, decoder: msgspec.json.Decoder[Any], params: Params
    ) -> SyncPage[Any]:
        answer = self._fetch(path, params)
        page = self._decode(decoder, answer)

        def fetch_next(cursor: str) -> SyncPage[Any]:
            return self._get_page(path, decoder, {**params, "cursor": cursor})

        return SyncPage(page, url=answer.url, fetch=fetch_next)

    def _iter(
        self, path: str, decoder: msgspec.json.Decoder[Any], params: Params
    ) -> PageIterator[Any]:
        return PageIterator(lambda: self._get_page(path, decoder, params))

    def _download(self, transfer: Transfer) -> Path:
        return download_sync(
            self._http,
            transfer,
            headers=self._request_headers("*/*"),
            timeout=self.timeout,
            policy=self.retry_policy,
            error_for=self._error_for,
        )


class AsyncClient(_BaseClient):
    """Asynchronous client of the econindex API: the surface of :class:`Client`, awaited.

    Takes the same arguments as :class:`Client` (``http_client`` is an
    ``httpx.AsyncClient``). ``list``/``get`` methods are coroutines; ``iter`` returns an
    async iterator.

    Example::

        import asyncio
        from econindex_api import AsyncClient

        async def main() -> None:
            async with AsyncClient() as client:
                releases = await client.releases.list()
                async for task in client.tasks.iter("latest", q="software"):
                    print(task.task_id, task.share_pct)
                df = await client.occupations.iter("latest").to_polars()

        asyncio.run(main())
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        cache: ResponseCache | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            base_url,
            timeout=timeout,
            injected_timeout=http_client.timeout if http_client is not None else None,
            max_retries=max_retries,
            retry_policy=retry_policy,
            headers=headers,
            cache=cache,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=self.timeout, follow_redirects=True)
        self.releases = AsyncReleases(self)
        self.tasks = AsyncTasks(self)
        self.occupations = AsyncOccupations(self)
        self.categories = AsyncCategories(self)
        self.wage_bands = AsyncWageBandsResource(self)
        self.depth = AsyncDepthResource(self)
        self.interaction_modes = AsyncInteractionModesResource(self)
        self.thinking = AsyncThinkingResource(self)
        self.clusters = AsyncClusters(self)
        self.packages = AsyncPackages(self)
        self.compare = AsyncCompare(self)
        self.series = AsyncSeriesResource(self)
        self.geographies = AsyncGeographies(self)
        self.observations = AsyncObservations(self)
        self.primitives = AsyncPrimitives(self)
        self.tables = AsyncTables(self)

    async def close(self) -> None:
        """Close the connections (not those of an injected ``http_client``).

        Example::

            client = AsyncClient()
            await client.releases.list()
            await client.close()   # or use ``async with AsyncClient() as client:``
        """
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def health(self) -> Health:
        """``GET /health``: whether the server is up, and its version.

        Example::

            (await client.health()).status   # "ok"
        """
        return await self._get("/health", _HEALTH)

    async def _send(self, url: str, headers: dict[str, str]) -> httpx.Response:
        policy = self.retry_policy
        attempt = 0
        while True:
            retry_after: float | None = None
            failure: EconindexError
            try:
                response = await self._http.get(
                    url, headers=headers, timeout=self.timeout, follow_redirects=True
                )
            except httpx.TransportError as exc:
                failure = self._transport_error(exc, url)
            else:
                if not is_retryable_status(response.status_code):
                    return response
                failure = self._error_for(response)
                retry_after = parse_retry_after(response.headers.get("retry-after"))
            if attempt >= policy.max_retries:
                raise failure
            await anyio.sleep(policy.delay(attempt, retry_after))
            attempt += 1

    async def _fetch(self, path: str, params: Params | None = None, accept: str = JSON) -> Answer:
        url, key, cached = self._prepare(path, params, accept)
        headers = self._request_headers(accept, cached.etag if cached else None)
        response = await self._send(url, headers)
        return self._answer(response, url, key, cached)

    async def _get(
        self, path: str, decoder: msgspec.json.Decoder[T], params: Params | None = None
    ) -> T:
        return self._decode(decoder, await self._fetch(path, params))

    async def _get_page(
        self, path: str, decoder: msgspec.json.Decoder[Any], params: Params
    ) -> AsyncPage[Any]:
        answer = await self._fetch(path, params)
        page = self._decode(decoder, answer)

        async def fetch_next(cursor: str) -> AsyncPage[Any]:
            return await self._get_page(path, decoder, {**params, "cursor": cursor})

        return AsyncPage(page, url=answer.url, fetch=fetch_next)

    def _iter(
        self, path: str, decoder: msgspec.json.Decoder[Any], params: Params
    ) -> AsyncPageIterator[Any]:
        return AsyncPageIterator(lambda: self._get_page(path, decoder, params))

    async def _download(self, transfer: Transfer) -> Path:
        return await download_async(
            self._http,
            transfer,
            headers=self._request_headers("*/*"),
            timeout=self.timeout,
            policy=self.retry_policy,
            error_for=self._error_for,
        )


_HEALTH: msgspec.json.Decoder[Health] = msgspec.json.Decoder(Health)
