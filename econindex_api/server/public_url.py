"""The API's public address: the URL in citations, Croissant and the pages' JSON-LD.

``--public-url`` / $ECONINDEX_PUBLIC_URL (checked at start by ``create_app``), else the address
the server listens on; never the request's ``Host`` (README, "Hardening"). Used by the
release area (citations, Croissant) and by the pages alike.
"""

from __future__ import annotations

import functools
import os
from urllib.parse import urlsplit

from econindex_api.server.registry import Call

PUBLIC_URL_ENV = "ECONINDEX_PUBLIC_URL"


def checked_public_url(value: str) -> str:
    """``--public-url`` / $ECONINDEX_PUBLIC_URL as used: an http(s) URL with a host and no
    query or fragment, without its trailing slash (ValueError otherwise)."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            f"the public URL must be http(s)://host[:port][/path], not {value.strip()[:80]!r}"
        )
    return value.strip().rstrip("/")


def public_base_url(call: Call) -> str:
    """The API's public address (citations, Croissant, the pages' JSON-LD and citations).

    ``--public-url`` / $ECONINDEX_PUBLIC_URL when the deployment sets it (it must, to be cited
    under its public name); else the address this server listens on, as the ASGI server
    reports it (``scope["server"]``; 0.0.0.0 and :: read as 127.0.0.1 and ::1). Never the
    request's ``Host``: a client must not choose the URLs in an answer, nor make a new cache
    entry per made-up host (issue 18, N2)."""
    configured = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if configured:
        return checked_public_url(configured)
    scope = call.request.scope
    server = scope.get("server")
    return listening_url(scope.get("scheme", "http"), tuple(server) if server else None)


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
