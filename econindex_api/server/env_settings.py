"""Integer settings read from the environment (``ECONINDEX_*``), checked at start.

A leaf module on purpose: the render process (pages/drawing.py) imports it without loading the
server's models or caches.
"""

from __future__ import annotations

import os


def env_int(name: str, default: int, minimum: int) -> int:
    """An integer setting from the environment (``default`` when unset or blank); a value that
    is not an integer, or below ``minimum``, stops the server at start with a message."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, not {raw!r}") from None
    if value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}")
    return value
