"""Issue 18: can one client take the service down? N1, N2 and N3 at full size, in one run.

Starts ``econindex serve`` (granian, 1 worker, the production settings) over a data root and
runs one scenario at a time, each next to the same well-behaved client:

- ``idle``: nothing else (the baseline);
- ``N1``: one client holds 5,000 idle connections and another 500 connections that sent a
  partial request head; both reopen every connection the server closes (an attacker that
  keeps its slots);
- ``N3``: 500 downloads of ``package.zip`` (three pipelined on each connection) whose client
  never reads; each cut connection is reopened;
- ``N2`` last (its abandoned renders may outlive it): 70 clients each asking a release page
  with a random ``Host`` header, again and again.

The well-behaved client opens a new connection for each ``GET /health`` (it needs a
connection slot every time), one every 50 ms; a request that takes over 5 s counts as failed.
Reported per scenario: /health p50, p99 and max, how many took over 100 ms, failures, and the
worker's RSS (peak and at the end). Everything on 127.0.0.1; all sockets closed after each
scenario; the server stopped at the end.

    .venv/bin/python bench/run_reliability_bench.py --data DIR   # ~2 min
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import random
import resource
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    HOST,
    RESULTS,
    free_port,
    machine_note,
    process_tree,
    start,
    table,
    tool,
    wait_answered,
    write_json,
)

HEALTH_EVERY_S = 0.05
HEALTH_TIMEOUT_S = 5.0
PAGE = "/releases/2025-03-27"
PACKAGE = "/v1/releases/2025-03-27/package.zip"


@dataclass
class Measured:
    scenario: str
    latencies_ms: list[float] = field(default_factory=list)
    failures: int = 0
    rss_mib: list[float] = field(default_factory=list)
    load_note: str = ""

    def row(self) -> list[str]:
        ok = sorted(self.latencies_ms)
        p50 = statistics.median(ok) if ok else float("nan")
        p99 = ok[min(len(ok) - 1, round(0.99 * (len(ok) - 1)))] if ok else float("nan")
        slow = sum(1 for v in ok if v > 100)
        return [
            self.scenario,
            str(len(ok) + self.failures),
            f"{p50:.1f}",
            f"{p99:.1f}",
            f"{max(ok):.1f}" if ok else "-",
            str(slow),
            str(self.failures),
            f"{max(self.rss_mib):.0f}" if self.rss_mib else "-",
            f"{self.rss_mib[-1]:.0f}" if self.rss_mib else "-",
            self.load_note,
        ]


def worker_rss_mib(server_pid: int) -> float:
    """RSS of the largest process under the server (granian's one worker)."""
    best = 0
    for pid in process_tree(server_pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    best = max(best, int(line.split()[1]))
    return best / 1024


def probe(port: int, server_pid: int, seconds: float, out: Measured) -> None:
    """The well-behaved client: a fresh connection per GET /health; RSS sampled alongside."""
    end = time.monotonic() + seconds
    next_rss = 0.0
    while time.monotonic() < end:
        started = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, port, timeout=HEALTH_TIMEOUT_S)
        try:
            conn.request("GET", "/health")
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                out.failures += 1
            else:
                out.latencies_ms.append((time.perf_counter() - started) * 1000)
        except OSError:
            out.failures += 1
        finally:
            conn.close()
        if time.monotonic() >= next_rss:
            out.rss_mib.append(worker_rss_mib(server_pid))
            next_rss = time.monotonic() + 0.5
        time.sleep(max(0.0, HEALTH_EVERY_S - (time.perf_counter() - started)))
    out.rss_mib.append(worker_rss_mib(server_pid))


TCP_ESTABLISHED = 1  # tcpi_state, the first byte of struct tcp_info (linux/tcp.h)


def established(sock: socket.socket) -> bool:
    """Whether the connection is still open both ways (the server has neither closed nor
    reset it), read from the kernel without reading the socket (a download stays unread)."""
    try:
        return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)[0] == TCP_ESTABLISHED
    except OSError:
        return False


class Holder:
    """Keeps ``count`` connections open, each after sending ``payload``, never reading; every
    quarter of a second it reopens each one the server has closed or reset."""

    def __init__(self, port: int, count: int, payload: bytes, rcvbuf: int | None = None) -> None:
        self.port, self.count, self.payload, self.rcvbuf = port, count, payload, rcvbuf
        self.socks: list[socket.socket] = []
        self.stop = threading.Event()
        self.reopened = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _open(self) -> socket.socket | None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if self.rcvbuf is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.rcvbuf)
        sock.settimeout(10)
        try:
            sock.connect((HOST, self.port))
            if self.payload:
                sock.sendall(self.payload)
        except OSError:
            sock.close()
            return None
        return sock

    def _run(self) -> None:
        for _ in range(self.count):
            if self.stop.is_set():
                return
            sock = self._open()
            if sock is not None:
                self.socks.append(sock)
        while not self.stop.wait(0.25):
            for index, sock in enumerate(self.socks):
                if self.stop.is_set():
                    return
                if not established(sock):
                    sock.close()
                    fresh = self._open()
                    if fresh is not None:
                        self.socks[index] = fresh
                        self.reopened += 1

    def __enter__(self) -> Holder:
        self.thread.start()
        return self

    def open_now(self) -> int:
        return sum(1 for sock in list(self.socks) if established(sock))

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=30)
        for sock in self.socks:
            sock.close()


@contextlib.contextmanager
def page_clients(port: int, count: int) -> Iterator[Callable[[], str]]:
    """``count`` threads asking a release page with a random Host, each on its own connection."""
    stop = threading.Event()
    answered = [0]
    statuses: dict[int, int] = {}
    conns: list[http.client.HTTPConnection] = []

    def run() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        conns.append(conn)
        while not stop.is_set():
            host = f"h{random.randrange(10**9)}.example"
            try:
                conn.request("GET", PAGE, headers={"Host": host, "Accept": "text/html"})
                response = conn.getresponse()
                response.read()
                answered[0] += 1
                statuses[response.status] = statuses.get(response.status, 0) + 1
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
                conns.append(conn)
        conn.close()

    threads = [threading.Thread(target=run, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    try:
        yield lambda: f"{answered[0]} pages answered, statuses {dict(sorted(statuses.items()))}"
    finally:
        stop.set()
        for conn in list(conns):  # interrupt requests still waiting for a page
            if conn.sock is not None:
                with contextlib.suppress(OSError):
                    conn.sock.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + 30
        for thread in threads:
            thread.join(timeout=max(0.1, deadline - time.monotonic()))


def wait_quiet(port: int, limit_s: float = 180.0) -> float:
    """Seconds until ten /health in a row answer in under 50 ms (abandoned work finished)."""
    started = time.monotonic()
    fast = 0
    while time.monotonic() - started < limit_s and fast < 10:
        begun = time.perf_counter()
        fast += 1
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=HEALTH_TIMEOUT_S)
            conn.request("GET", "/health")
            conn.getresponse().read()
            conn.close()
        except OSError:
            fast = 0
        if time.perf_counter() - begun >= 0.05:
            fast = 0
        time.sleep(0.2)
    return time.monotonic() - started


def scenario(
    name: str, port: int, server_pid: int, seconds: float, settle_s: float = 2.0
) -> Measured:
    out = Measured(name)
    time.sleep(settle_s)
    probe(port, server_pid, seconds, out)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", help="a built data root (default: build ../shared/aei)")
    parser.add_argument("--seconds", type=float, default=15.0, help="per scenario")
    parser.add_argument(
        "--n3-seconds",
        type=float,
        default=45.0,
        help="N3 lasts longer: cuts come after the stall timeout (30 s) once buffers are full",
    )
    parser.add_argument("--idle", type=int, default=5000)
    parser.add_argument("--partial", type=int, default=500)
    parser.add_argument("--pages", type=int, default=70)
    parser.add_argument("--downloads", type=int, default=500)
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = args.idle + args.partial + args.downloads + 1000
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(needed, hard), hard))

    with contextlib.ExitStack() as stack:
        if args.data:
            data = Path(args.data)
        else:
            data = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "data"
            from econindex_api.publishing.pipeline import build_all

            build_all(Path(__file__).resolve().parents[2] / "shared" / "aei", data)
        port = free_port()
        server = start(
            "reliability-granian",
            [tool("econindex"), "serve", "--data", str(data), "--port", str(port)],
            port,
            env={"ECONINDEX_SERVER": "granian"},
        )
        stack.callback(server.stop)
        wait_answered(server, "/ready")
        # Warm: one page and one download, as a running server would have done.
        for path in (PAGE, PACKAGE):
            conn = http.client.HTTPConnection(HOST, port, timeout=120)
            conn.request("GET", path, headers={"Accept": "text/html"})
            conn.getresponse().read()
            conn.close()
        results: list[Measured] = []
        results.append(scenario("idle (baseline)", port, server.pid, args.seconds))

        head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a"
        with (
            Holder(port, args.idle, b"") as idle,
            Holder(port, args.partial, head) as partial,
        ):
            measured = scenario(
                f"N1: {args.idle:,} idle + {args.partial} partial-head connections",
                port,
                server.pid,
                args.seconds,
            )
            measured.load_note = (
                f"held at the end: {idle.open_now():,} idle, {partial.open_now()} partial; "
                f"reopened after the server closed them: {idle.reopened + partial.reopened:,}"
            )
            results.append(measured)
        time.sleep(3)

        request = f"GET {PACKAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode() * 3
        with Holder(port, args.downloads, request, rcvbuf=4096) as stalled:
            measured = scenario(
                f"N3: {args.downloads} stalled downloads",
                port,
                server.pid,
                args.n3_seconds,
                settle_s=5.0,
            )
            measured.load_note = (
                f"reopened after a cut: {stalled.reopened}; held at the end: {stalled.open_now()}"
            )
            results.append(measured)
        time.sleep(3)
        with page_clients(port, args.pages) as pages_note:
            measured = scenario(
                f"N2: {args.pages} page clients, random Host", port, server.pid, args.seconds
            )
            measured.load_note = pages_note()
            results.append(measured)
        quiet_s = wait_quiet(port)
        measured.load_note += f"; /health under 50 ms again {quiet_s:.0f} s after they left"

        results.append(scenario("idle again (after all)", port, server.pid, args.seconds / 3))

    stamp = time.strftime("%Y%m%d-%H%M%S")
    header = [
        "scenario",
        "/health requests",
        "p50 ms",
        "p99 ms",
        "max ms",
        "> 100 ms",
        "failed",
        "worker RSS peak MiB",
        "RSS end MiB",
        "load",
    ]
    text = (
        f"Run {stamp} on {machine_note()}; granian 1 worker, production settings "
        f"(econindex serve); {args.seconds:g} s per scenario; one fresh connection per "
        f"/health every {HEALTH_EVERY_S * 1000:.0f} ms.\n\n"
        + table(header, [m.row() for m in results])
    )
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"reliability-{stamp}.md").write_text(text + "\n")
    write_json(
        RESULTS / f"reliability-{stamp}.json",
        [{"scenario": m.scenario, "row": m.row(), "rss_mib": m.rss_mib} for m in results],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
