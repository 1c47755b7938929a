"""Connection limits of ``econindex serve``: what one client can hold, and when idle ends.

The HTTP layer (granian, a Rust server) accepts connections before the app sees anything, so
these limits are server settings, decided here and handed to granian by ``run.py``:

- **HTTP/1.1 only** (``http=1``). In granian's default ``auto`` mode a connection that sends
  no byte is never closed (the server waits for the first bytes to tell HTTP/1 from HTTP/2,
  with no timeout); in HTTP/1 mode the header-read timeout below covers it. HTTP/2 over
  cleartext is not used by browsers; a TLS proxy in front can still speak HTTP/2 to clients.
- **Idle timeout** (``ECONINDEX_IDLE_TIMEOUT``, seconds, default 10): granian's HTTP/1
  header-read timeout. It runs from the moment the server waits for a request head, so it
  closes a connection that sends nothing, one that sends a partial head (slowloris), and a
  keep-alive connection idle between requests. Measured with granian 2.8.9: all three are
  closed after the timeout (tests/test_reliability.py).
- **Connection cap** (``ECONINDEX_MAX_CONNECTIONS``, per worker, default 8192): granian's
  ``backpressure``, the number of connections a worker holds at once; beyond it new
  connections wait in the listen backlog. Granian's default (backlog / workers = 1024) was
  the defect of issue 18: 1,100 idle sockets of one client made every request wait. 8192
  leaves headroom over the 5,000 idle connections one client may hold without harming
  others (the target of issue 18), and it must fit the file descriptors: at start the soft
  ``RLIMIT_NOFILE`` is raised to the hard one, and the cap is lowered (with a warning) to
  what the descriptors allow, keeping ``FD_RESERVE`` for data files and the loop.
- **Request head buffer** (16 KiB, fixed): granian's HTTP/1 read buffer per connection
  (default 408 KiB). A connection sending a long partial head holds up to this much, so the
  cap times this is the worst case of slow heads: 8192 x 16 KiB = 128 MiB, inside the memory
  budget (README, "Connections, stalled downloads and the memory budget"). Every request the
  app's own limits accept (query 4 KiB, path 8 KiB, headers 8 KiB; ``guard.py``) fits; a head
  over 16 KiB is refused by granian with a plain 431.

More clients than the cap (or one client per address with fair shares) is a job for more
workers (each has its own cap) or a reverse proxy with a per-address limit in front; the
README gives the recipe.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass

IDLE_TIMEOUT_ENV = "ECONINDEX_IDLE_TIMEOUT"
MAX_CONNECTIONS_ENV = "ECONINDEX_MAX_CONNECTIONS"
DEFAULT_IDLE_TIMEOUT_S = 10.0
DEFAULT_MAX_CONNECTIONS = 8192
# granian accepts 1 ms to 60 s for its header-read timeout.
MIN_IDLE_TIMEOUT_S = 0.001
MAX_IDLE_TIMEOUT_S = 60.0
# Descriptors kept out of the cap: data files being read, the event loop, thread pools, logs.
FD_RESERVE = 256
HEAD_BUFFER_BYTES = 16 * 1024
# The kernel caps the listen backlog at net.core.somaxconn anyway; ask for a generous one so
# that a burst of new connections waits instead of being refused.
BACKLOG = 4096


class ConnectionSettingError(ValueError):
    """An environment variable of this module has a value out of range (named in the text)."""


@dataclass(frozen=True)
class ConnectionLimits:
    idle_timeout_s: float
    max_connections: int  # per worker, after the descriptor limit
    head_buffer_bytes: int = HEAD_BUFFER_BYTES
    backlog: int = BACKLOG

    @property
    def idle_timeout_ms(self) -> int:
        return max(1, round(self.idle_timeout_s * 1000))


def parse_idle_timeout(raw: str | None) -> float:
    """``ECONINDEX_IDLE_TIMEOUT`` in seconds (default 10, between 0.001 and 60)."""
    if raw is None or not raw.strip():
        return DEFAULT_IDLE_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        raise ConnectionSettingError(f"{IDLE_TIMEOUT_ENV} must be a number of seconds") from None
    if not MIN_IDLE_TIMEOUT_S <= value <= MAX_IDLE_TIMEOUT_S:
        raise ConnectionSettingError(
            f"{IDLE_TIMEOUT_ENV} must be between {MIN_IDLE_TIMEOUT_S} and {MAX_IDLE_TIMEOUT_S}"
        )
    return value


def parse_max_connections(raw: str | None) -> int:
    """``ECONINDEX_MAX_CONNECTIONS`` per worker (default 8192, at least 16)."""
    if raw is None or not raw.strip():
        return DEFAULT_MAX_CONNECTIONS
    try:
        value = int(raw)
    except ValueError:
        raise ConnectionSettingError(f"{MAX_CONNECTIONS_ENV} must be an integer") from None
    if value < 16:
        raise ConnectionSettingError(f"{MAX_CONNECTIONS_ENV} must be at least 16")
    return value


def connection_cap(wanted: int, fd_soft_limit: int) -> int:
    """The per-worker cap the descriptors allow: each connection is one descriptor of its
    worker (each worker is its own process with its own limit)."""
    return max(16, min(wanted, fd_soft_limit - FD_RESERVE))


def raise_fd_limit(wanted: int, warnings: list[str]) -> int:
    """Raise the soft RLIMIT_NOFILE towards the hard one (enough for ``wanted`` connections
    plus the reserve); returns the soft limit in force. Workers inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted + FD_RESERVE
    if hard != resource.RLIM_INFINITY:
        target = min(target, hard)
    if soft == resource.RLIM_INFINITY or soft >= target:
        return soft if soft != resource.RLIM_INFINITY else target
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ValueError, OSError) as exc:  # e.g. a sandbox refusing it: keep what we have
        warnings.append(f"cannot raise the open-file limit from {soft} to {target}: {exc}")
        return soft
    return target


def limits_from_environment() -> tuple[ConnectionLimits, list[str]]:
    """Read the two variables and raise the descriptor limit; also the warnings to print
    (the cap had to shrink to fit the descriptors)."""
    warnings: list[str] = []
    idle = parse_idle_timeout(os.environ.get(IDLE_TIMEOUT_ENV))
    wanted = parse_max_connections(os.environ.get(MAX_CONNECTIONS_ENV))
    soft = raise_fd_limit(wanted, warnings)
    cap = connection_cap(wanted, soft)
    if cap < wanted:
        warnings.append(
            f"open-file limit {soft} allows {cap} connections per worker, not {wanted} "
            f"({MAX_CONNECTIONS_ENV}); raise the hard limit (ulimit -Hn, LimitNOFILE=, "
            "docker --ulimit nofile=) to allow more"
        )
    return ConnectionLimits(idle_timeout_s=idle, max_connections=cap), warnings
