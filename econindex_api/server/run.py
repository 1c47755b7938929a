"""``econindex serve``: run the app under an ASGI server.

Two servers are supported: granian (default; Rust HTTP layer, the faster of the two in our
benchmark, see bench/) and uvicorn (pure Python, what the tests use). ``ECONINDEX_SERVER``
picks one. The data root is handed to the app through ``ECONINDEX_DATA`` so that every worker
process builds the same app with ``create_app()``.

Under granian the connection limits of ``connections.py`` apply (HTTP/1.1, idle timeout,
per-worker connection cap, open-file limit, head buffer); uvicorn gets the same idle timeout
and cap (``timeout_keep_alive``, ``limit_concurrency``) but is not the production server.

A busy port is refused before either server starts (``port_in_use``): granian binds with
``SO_REUSEPORT``, so without the check a second ``econindex serve`` on the same port started
and the kernel split the connections between two servers, possibly over different data.
``reuse_port=True`` (``econindex serve --reuse-port``) skips the check for those who want
exactly that (several granian servers sharing one port); ``--workers N`` needs no sharing:
granian's workers share the one socket the main process binds.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

from econindex_api.catalog import CATALOG_FILE
from econindex_api.server.connections import ConnectionSettingError, limits_from_environment
from econindex_api.server.toolkit.public_url import LISTEN_URL_ENV, listening_url

APP = "econindex_api.server.app:create_app"
SERVERS = ("granian", "uvicorn")
# The exit status of a refused start: busy port, missing catalog, bad setting (as argparse).
USAGE_ERROR = 2


def port_in_use(host: str, port: int) -> bool:
    """Whether ``host:port`` is taken by a listening socket (of any process).

    A test bind without ``SO_REUSEPORT`` fails while anything listens there, even a server
    that set ``SO_REUSEPORT`` itself (Linux allows sharing only when every socket sets it).
    ``SO_REUSEADDR`` is set so that a port whose last connections are still in TIME_WAIT
    (a server just restarted) counts as free, as it does for the servers themselves. The
    probe socket is closed at once; a host that does not resolve is left to the server.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return False
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def busy_port_message(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return (
        f"error: {shown}:{port} is already in use (another process listens there); stop it, "
        "choose another --port, or pass --reuse-port to share the port on purpose"
    )


def serve(
    data: Path | str,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    server: str | None = None,
    reuse_port: bool = False,
) -> int:
    """Serve the releases under ``data`` until interrupted; returns an exit status
    (``USAGE_ERROR``, 2, when it cannot start: a busy port, no catalog, a bad setting)."""
    if not reuse_port and port_in_use(host, port):
        print(busy_port_message(host, port), file=sys.stderr)
        return USAGE_ERROR
    if isinstance(data, str) and data.startswith("s3://"):
        location = data  # checked by the app at start-up (/ready reports a missing catalog)
    elif not (Path(data) / CATALOG_FILE).is_file():
        print(
            f"error: no {CATALOG_FILE} in {data}; publish releases first "
            "(econindex build --raw ../shared/aei)",
            file=sys.stderr,
        )
        return USAGE_ERROR
    else:
        location = str(Path(data).resolve())
    choice = server or os.environ.get("ECONINDEX_SERVER") or "granian"
    if choice not in SERVERS:
        print(f"error: ECONINDEX_SERVER must be one of {', '.join(SERVERS)}", file=sys.stderr)
        return USAGE_ERROR
    try:
        limits, warnings = limits_from_environment()
    except ConnectionSettingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE_ERROR
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    os.environ["ECONINDEX_DATA"] = location
    # The warm-up's next links start with the address requests will come in on (public_url).
    os.environ[LISTEN_URL_ENV] = listening_url("http", (host, port))
    print(
        f"econindex: serving {data} on http://{host}:{port} ({choice}, {workers} worker(s); "
        f"at most {limits.max_connections} connections per worker, idle ones closed after "
        f"{limits.idle_timeout_s:g} s)",
        flush=True,
    )
    if choice == "uvicorn":
        import uvicorn

        uvicorn.run(
            APP,
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            timeout_keep_alive=max(1, round(limits.idle_timeout_s)),
            limit_concurrency=limits.max_connections,
            backlog=limits.backlog,
        )
        return 0
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings

    Granian(
        APP,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        workers=workers,
        factory=True,
        http=HTTPModes.http1,
        backlog=limits.backlog,
        backpressure=limits.max_connections,
        http1_settings=HTTP1Settings(
            header_read_timeout=limits.idle_timeout_ms,
            keep_alive=True,
            max_buffer_size=limits.head_buffer_bytes,
        ),
    ).serve()
    return 0
