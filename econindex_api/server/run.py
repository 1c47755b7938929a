"""``econindex serve``: run the app under an ASGI server.

Two servers are supported: granian (default; Rust HTTP layer, the faster of the two in our
benchmark, see bench/) and uvicorn (pure Python, what the tests use). ``ECONINDEX_SERVER``
picks one. The data root is handed to the app through ``ECONINDEX_DATA`` so that every worker
process builds the same app with ``create_app()``.

Under granian the connection limits of ``connections.py`` apply (HTTP/1.1, idle timeout,
per-worker connection cap, open-file limit, head buffer); uvicorn gets the same idle timeout
and cap (``timeout_keep_alive``, ``limit_concurrency``) but is not the production server.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from econindex_api.catalog import CATALOG_FILE
from econindex_api.server.connections import ConnectionSettingError, limits_from_environment

APP = "econindex_api.server.app:create_app"
SERVERS = ("granian", "uvicorn")


def serve(
    data: Path | str,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    server: str | None = None,
) -> int:
    """Serve the releases under ``data`` until interrupted; returns an exit status."""
    if isinstance(data, str) and data.startswith("s3://"):
        location = data  # checked by the app at start-up (/ready reports a missing catalog)
    elif not (Path(data) / CATALOG_FILE).is_file():
        print(
            f"error: no {CATALOG_FILE} in {data}; publish releases first "
            "(econindex build --raw ../shared/aei)",
            file=sys.stderr,
        )
        return 2
    else:
        location = str(Path(data).resolve())
    choice = server or os.environ.get("ECONINDEX_SERVER") or "granian"
    if choice not in SERVERS:
        print(f"error: ECONINDEX_SERVER must be one of {', '.join(SERVERS)}", file=sys.stderr)
        return 2
    try:
        limits, warnings = limits_from_environment()
    except ConnectionSettingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    os.environ["ECONINDEX_DATA"] = location
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
