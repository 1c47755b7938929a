"""The API's public address: the URL in citations, Croissant, the pages' JSON-LD and the
``next`` links of list pages.

``--public-url`` / $ECONINDEX_PUBLIC_URL (checked at start by ``create_app``), else the address
the server listens on; never the request's ``Host`` (README, "Hardening"). Used by the
release area (citations, Croissant), the pages and ``respond.page_answer`` alike.

Answers computed outside a request (the warm-up of a freshly loaded release) have no
connection to read the listening address from: they use ``unscoped_base_url()``, the public
URL, else the address ``econindex serve`` hands to the app in $ECONINDEX_LISTEN_URL (the one
a request on that address reads from its connection, so the warm answers are the ones asked
for), else ``http://127.0.0.1``.
"""

from __future__ import annotations

import functools
import os
from typing import Any, Protocol
from urllib.parse import urlsplit

PUBLIC_URL_ENV = "ECONINDEX_PUBLIC_URL"


class Call(Protocol):
    """What ``public_base_url`` reads of a ``registry.Call`` (not imported: the registry
    imports this module for the next links)."""

    @property
    def request(self) -> Any: ...


# Set by ``econindex serve`` for its workers (not a setting): the address it listens on.
LISTEN_URL_ENV = "ECONINDEX_LISTEN_URL"


def checked_public_url(value: str) -> str:
    """``--public-url`` / $ECONINDEX_PUBLIC_URL as used: an http(s) URL with a host and no
    query or fragment, without its trailing slash (ValueError otherwise)."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            f"the public URL must be http(s)://host[:port][/path], not {value.strip()[:80]!r}"
        )
    return value.strip().rstrip("/")


@functools.lru_cache(maxsize=4)
def _checked(value: str) -> str:
    return checked_public_url(value)


def configured_public_url() -> str | None:
    """$ECONINDEX_PUBLIC_URL as used (checked once per value), None when unset."""
    configured = os.environ.get(PUBLIC_URL_ENV, "").strip()
    return _checked(configured) if configured else None


@functools.lru_cache(maxsize=1)
def _public_url_of_process() -> str | None:
    # Read once: the environment is configuration, set before the server starts, and
    # reading os.environ on every list request cost about 5 µs (bench/asgi_cost.py).
    return configured_public_url()


def base_url_of(scope: Any) -> str:
    """``public_base_url`` from an ASGI scope (the router's hot path has no ``Call``)."""
    configured = _public_url_of_process()
    if configured:
        return configured
    server = scope.get("server")
    return _listening_url_cached(scope.get("scheme", "http"), tuple(server) if server else None)


@functools.lru_cache(maxsize=64)
def _listening_url_cached(scheme: str, server: tuple[str, int | None] | None) -> str:
    return listening_url(scheme, server)


def unscoped_base_url() -> str:
    """The base URL of answers computed without a request (see the module's docstring)."""
    return (
        configured_public_url()
        or os.environ.get(LISTEN_URL_ENV, "").strip()
        or listening_url("http", None)
    )


def public_base_url(call: Call) -> str:
    """The API's public address (citations, Croissant, the pages' JSON-LD and citations).

    ``--public-url`` / $ECONINDEX_PUBLIC_URL when the deployment sets it (it must, to be cited
    under its public name); else the address this server listens on, as the ASGI server
    reports it (``scope["server"]``; 0.0.0.0 and :: read as 127.0.0.1 and ::1). Never the
    request's ``Host``: a client must not choose the URLs in an answer, nor make a new cache
    entry per made-up host (issue 18, N2)."""
    return base_url_of(call.request.scope)


@functools.lru_cache(maxsize=16)
def listening_url(scheme: str, server: tuple[str, int | None] | None) -> str:
    if not server:
        return f"{scheme}://127.0.0.1"
    host, port = server[0], server[1]
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" if port is None or port == default else f"{scheme}://{host}:{port}"
