"""Render time of every page, uncached (first request after start) and cached.

Starts the app under uvicorn on 127.0.0.1 over a built data root (``--data``; default:
``../shared/aei`` built into a temporary directory), requests each page as a browser does
(``Accept: text/html``, gzip), once uncached and then ``--rounds`` times cached, and prints a
Markdown table of wall times measured by the client (median of the cached rounds).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8", "accept-encoding": "gzip"}


def pages(base: str) -> list[str]:
    first = httpx.get(f"{base}/v1/releases/2025-02-10/occupations?limit=1").json()
    code = first["data"][0]["onet_soc_code"]
    cluster = httpx.get(f"{base}/v1/releases/2025-03-27/clusters?level=2&limit=1").json()
    cluster_id = cluster["data"][0]["cluster_id"]
    return [
        "/",
        "/releases/2025-02-10",
        "/releases/2025-03-27",
        "/releases/labor-market-impacts",
        f"/releases/2025-02-10/occupations/{code}",
        "/releases/2025-02-10/occupations?major_group=15",
        "/releases/2025-02-10/tasks?q=software",
        "/releases/2025-03-27/clusters",
        f"/releases/2025-03-27/clusters/{cluster_id}",
        "/compare/2025-02-10/2025-03-27",
        f"/occupations/{code}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="a built data root")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    data = args.data
    if data is None:
        from econindex_api.publishing.pipeline import build_all

        data = Path(tempfile.mkdtemp(prefix="econindex-pages-bench-"))
        build_all(REPO.parent / "shared" / "aei", data)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "ECONINDEX_DATA": str(data), "ECONINDEX_WATCH_INTERVAL": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "econindex_api.server.app:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        print("| page | bytes (gzip) | uncached ms | cached ms (median) |")
        print("|---|---:|---:|---:|")
        with httpx.Client(base_url=base, timeout=120) as client:
            for path in pages(base):
                start = time.perf_counter()
                first = client.get(path, headers=HTML)
                uncached = (time.perf_counter() - start) * 1000
                assert first.status_code == 200, (path, first.status_code)
                cached = []
                for _ in range(args.rounds):
                    start = time.perf_counter()
                    client.get(path, headers=HTML)
                    cached.append((time.perf_counter() - start) * 1000)
                size = first.headers.get("content-length", "?")
                print(f"| `{path}` | {size} | {uncached:.0f} | {statistics.median(cached):.2f} |")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
