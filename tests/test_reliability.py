"""Issue 18, N1 and N3: one client must not take the service down with connections it holds.

These tests start the production server (``econindex serve``, granian) over the session's
published releases, with small timeouts so that they run in seconds, and hold many sockets
from this process (127.0.0.1 only, bounded counts, all closed in ``finally``).

- N1: idle sockets, sockets with a partial request head and an idle keep-alive connection do
  not stop a fresh client from getting /health, and the server closes all of them after the
  idle timeout (on main, granian accepted 1,024 connections per worker and closed none).
- N3: downloads whose client stops reading keep the worker's RSS bounded and are cut after
  the stall timeout (on main each held ~1.8 MB and none was cut).
"""

from __future__ import annotations

import contextlib
import os
import resource
import selectors
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from econindex_api.publishing.recipes import RELEASE_2025_03_27
from econindex_api.server.connections import (
    DEFAULT_IDLE_TIMEOUT_S,
    DEFAULT_MAX_CONNECTIONS,
    FD_RESERVE,
    ConnectionSettingError,
    connection_cap,
    parse_idle_timeout,
    parse_max_connections,
)
from econindex_api.server.downloads import PIECE_BYTES, split, stall_timeout_s
from econindex_api.server.sockets import descriptor_of, reset_connection, socket_inode
from tests.conftest import REPO, free_port

HOST = "127.0.0.1"
IDLE_SOCKETS = 1500  # more than granian's old default of 1,024 connections per worker
PARTIAL_SOCKETS = 100
STALLED_DOWNLOADS = 100
PACKAGE = "/v1/releases/2025-03-27/package.zip"
REQUEST = f"GET {PACKAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
PIPELINED = 3
SERVE = [sys.executable, "-m", "econindex_api.cli", "serve"]


# --- pure parts ---------------------------------------------------------------------------


def test_connection_settings_parse_and_refuse_out_of_range() -> None:
    assert parse_idle_timeout(None) == DEFAULT_IDLE_TIMEOUT_S == 10.0
    assert parse_idle_timeout(" 2.5 ") == 2.5
    assert parse_max_connections("") == DEFAULT_MAX_CONNECTIONS == 8192
    assert parse_max_connections("100") == 100
    for bad in ("0", "61", "abc", "nan"):
        with pytest.raises(ConnectionSettingError, match="ECONINDEX_IDLE_TIMEOUT"):
            parse_idle_timeout(bad)
    for bad in ("15", "1.5", "x"):
        with pytest.raises(ConnectionSettingError, match="ECONINDEX_MAX_CONNECTIONS"):
            parse_max_connections(bad)


def test_connection_cap_fits_the_descriptor_limit() -> None:
    assert connection_cap(8192, 1_048_576) == 8192
    assert connection_cap(8192, 4096) == 4096 - FD_RESERVE
    assert connection_cap(8192, 100) == 16  # never below 16


def test_stall_timeout_and_pieces() -> None:
    assert stall_timeout_s(None) == 30.0
    assert stall_timeout_s("2") == 2.0
    assert stall_timeout_s("0") == 0.1
    assert stall_timeout_s("nope") == 30.0
    assert stall_timeout_s("nan") == 30.0
    data = bytes(range(256)) * 300  # 76,800 bytes: 4 full pieces and a rest
    parts = split(data)
    assert [len(p) for p in parts] == [PIECE_BYTES] * 4 + [76_800 - 4 * PIECE_BYTES]
    assert b"".join(parts) == data
    assert split(b"abc") == [b"abc"]


def test_serve_refuses_a_bad_idle_timeout(published_root: Path) -> None:
    env = {**os.environ, "ECONINDEX_IDLE_TIMEOUT": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "econindex_api.cli", "serve", "--data", str(published_root)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "ECONINDEX_IDLE_TIMEOUT must be between" in done.stderr


# --- the production server ------------------------------------------------------------------


@dataclass
class Served:
    port: int
    process: subprocess.Popen[bytes]

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def worker_pid(self) -> int:
        """granian's one worker: the child of the serving process."""
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat[stat.rfind(")") + 2 :].split()[1]) == self.process.pid:
                    return int(entry.name)
        raise AssertionError("granian worker not found")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@contextlib.contextmanager
def production_server(data_root: Path, env: dict[str, str]) -> Iterator[Served]:
    """``econindex serve`` (granian, one worker) in its own process group; stopped after."""
    port = free_port()
    process = subprocess.Popen(
        [*SERVE, "--data", str(data_root), "--port", str(port)],
        env={**os.environ, "ECONINDEX_SERVER": "granian", **env},
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    served = Served(port, process)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"server exited with {process.returncode}"
            assert time.monotonic() < deadline, "server not healthy within 60 s"
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(served.url("/health"), timeout=1).status_code == 200:
                    break
            time.sleep(0.2)
        yield served
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def enough_descriptors(wanted: int) -> None:
    """Raise this process's soft open-file limit for the sockets it holds (or skip)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted + 200
    if soft < target:
        if hard != resource.RLIM_INFINITY and hard < target:
            pytest.skip(f"the hard open-file limit {hard} is below the {target} needed")
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def established_server_sockets(port: int) -> int:
    """Connections whose server end (local port ``port``) is ESTABLISHED (/proc/net/tcp)."""
    suffix = f":{port:04X}"
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(suffix) and fields[3] == "01":
            count += 1
    return count


def read_until_closed(socks: list[socket.socket], within_s: float) -> tuple[int, list[int]]:
    """Read (and count) what each socket receives until it reaches EOF or ``within_s`` passes;
    returns how many are still open and the bytes each received. Reading keeps a download's
    connection moving to its end or its cut. epoll, not select: descriptors pass 1024."""
    received = [0] * len(socks)
    selector = selectors.DefaultSelector()
    for index, sock in enumerate(socks):
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ, index)
    open_count = len(socks)
    deadline = time.monotonic() + within_s
    try:
        while open_count and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=0.2):
                sock, index = key.fileobj, key.data
                assert isinstance(sock, socket.socket)
                try:
                    data = sock.recv(1 << 20)
                except BlockingIOError:
                    continue
                except OSError:  # reset by the server: closed as well
                    data = b""
                received[index] += len(data)
                if not data:
                    selector.unregister(sock)
                    open_count -= 1
    finally:
        selector.close()
    return open_count, received


def test_idle_and_slow_head_connections_do_not_lock_out_others_and_are_closed(
    published_root: Path,
) -> None:
    idle_timeout = 3.0
    enough_descriptors(IDLE_SOCKETS + PARTIAL_SOCKETS + 10)
    held: list[socket.socket] = []
    with production_server(published_root, {"ECONINDEX_IDLE_TIMEOUT": str(idle_timeout)}) as srv:
        try:
            for _ in range(IDLE_SOCKETS):
                held.append(socket.create_connection((HOST, srv.port), timeout=5))
            for _ in range(PARTIAL_SOCKETS):
                sock = socket.create_connection((HOST, srv.port), timeout=5)
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
                held.append(sock)
            keep_alive = socket.create_connection((HOST, srv.port), timeout=5)
            keep_alive.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert keep_alive.recv(4096).startswith(b"HTTP/1.1 200")
            held.append(keep_alive)
            opened = time.monotonic()
            # A fresh client is answered while all of them are still open (a client timeout
            # under the idle timeout: on main it waited for a connection slot forever).
            answer = httpx.get(srv.url("/health"), timeout=idle_timeout / 2)
            assert time.monotonic() - opened < idle_timeout
            assert answer.status_code == 200
            assert answer.json()["status"] == "ok"
            # Then the server closes every idle, half-sent and keep-alive connection.
            still_open, _ = read_until_closed(held, within_s=idle_timeout + 10)
            assert still_open == 0, f"{still_open} of {len(held)} connections still open"
            assert httpx.get(srv.url("/health"), timeout=5).status_code == 200
        finally:
            for sock in held:
                sock.close()


def test_stalled_downloads_keep_rss_bounded_and_are_cut(published_root: Path) -> None:
    stall = 2.0
    package_zip = published_root / f"releases/2025-03-27/{RELEASE_2025_03_27.version}/package.zip"
    size = package_zip.stat().st_size
    enough_descriptors(STALLED_DOWNLOADS + 10)
    held: list[socket.socket] = []
    with production_server(
        published_root, {"ECONINDEX_STALL_TIMEOUT": str(stall), "ECONINDEX_IDLE_TIMEOUT": "5"}
    ) as srv:
        worker = srv.worker_pid()
        # One complete download first: the same bytes as the file (and warm allocations).
        whole = httpx.get(srv.url(PACKAGE), timeout=30)
        assert whole.status_code == 200
        assert whole.content == package_zip.read_bytes()
        before = rss_mib(worker)
        try:
            for _ in range(STALLED_DOWNLOADS):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                sock.settimeout(5)
                sock.connect((HOST, srv.port))
                # Three requests pipelined: on loopback the kernel's socket buffers can take a
                # whole 4 MB file (outside RSS), so only a longer answer makes the server wait.
                sock.sendall(REQUEST * PIPELINED)
                held.append(sock)
            # The kernel takes data into a stalled socket's buffer for a while (its send
            # buffer grows to net.ipv4.tcp_wmem's maximum, 4 MB by default) before a send
            # waits; then the stall timeout cuts it and the server closes its end, which the
            # kernel shows as the server's socket leaving ESTABLISHED (FIN_WAIT1: data and a
            # FIN still queued for a client that does not read).
            peak = before
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                time.sleep(0.5)
                peak = max(peak, rss_mib(worker))
                if established_server_sockets(srv.port) == 0:
                    break
            assert established_server_sockets(srv.port) == 0, "stalled downloads not cut"
            # Bounded: on main 200 such clients added ~330 MiB (256 KiB chunks); 16 KiB
            # pieces add about 0.2 MiB each once all wait (measured: +96 MiB for 500).
            assert peak - before < 48, f"RSS {before:.0f} -> {peak:.0f} MiB"
            still_open, received = read_until_closed(held, within_s=60)
            assert still_open == 0, f"{still_open} stalled downloads never closed"
            # Each was cut: it received less than the three answers (head ~0.5 KB each).
            full = PIPELINED * size
            cut = [r for r in received if r < full]
            assert len(cut) == len(held), f"{len(held) - len(cut)} got all {PIPELINED} answers"
        finally:
            for sock in held:
                sock.close()
        assert httpx.get(srv.url("/health"), timeout=5).status_code == 200
        # Every download closed its file (they stayed open, one per stalled client, until a
        # rare garbage collection; a worker holding them also refused to stop).
        deadline = time.monotonic() + 10
        while open_files(worker, "package.zip") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert open_files(worker, "package.zip") == 0


def open_files(pid: int, name: str) -> int:
    """How many of the process's descriptors point at a file called ``name``."""
    count = 0
    for entry in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            if os.readlink(entry).endswith("/" + name):
                count += 1
    return count


def tcp_row(local: str, remote: str, state: str, inode: int) -> str:
    """One line of /proc/net/tcp[6] (the fields socket_inode reads, the rest zeros)."""
    return f"   0: {local} {remote} {state} 00000000:00000000 00:00000000 00000000  0  0 {inode} 1"


HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid ..."
# Written by hand: 127.0.0.1:8080 is 0100007F:1F90 (little-endian words), client
# 127.0.0.1:51234 is 0100007F:C822; state 01 = ESTABLISHED, 0A = LISTEN.
TCP_TABLE = "\n".join(
    [
        HEADER,
        tcp_row("0100007F:1F90", "00000000:0000", "0A", 111),
        tcp_row("0100007F:1F90", "0100007F:C822", "01", 222),
        tcp_row("0100007F:1F91", "0100007F:C822", "01", 333),
    ]
)
# ::ffff:127.0.0.1 (IPv4-mapped) port 8080 <- ::ffff:127.0.0.1 port 40000 (0x9C40).
MAPPED = "0000000000000000FFFF00000100007F"
TCP6_TABLE = "\n".join([HEADER, tcp_row(f"{MAPPED}:1F90", f"{MAPPED}:9C40", "01", 444)])


def test_socket_inode_reads_the_kernel_table() -> None:
    assert socket_inode(8080, ("127.0.0.1", 51234), TCP_TABLE) == 222
    assert socket_inode(8081, ("127.0.0.1", 51234), TCP_TABLE) == 333
    assert socket_inode(8080, ("127.0.0.2", 51234), TCP_TABLE) is None
    assert socket_inode(8080, ("127.0.0.1", 1), TCP_TABLE) is None
    assert socket_inode(8080, ("not an address", 51234), TCP_TABLE) is None
    assert socket_inode(8080, ("127.0.0.1", 40000), TCP6_TABLE) == 444
    assert socket_inode(8080, ("::ffff:127.0.0.1", 40000), TCP6_TABLE) == 444


def test_socket_inode_finds_a_real_connection() -> None:
    with socket.create_server((HOST, 0)) as listener:
        port = listener.getsockname()[1]
        with socket.create_connection((HOST, port)) as client:
            accepted, peer = listener.accept()
            with accepted:
                inode = socket_inode(port, (peer[0], peer[1]))
                assert inode == os.fstat(accepted.fileno()).st_ino
                assert descriptor_of(inode) == accepted.fileno()
                assert reset_connection(port, (peer[0], peer[1]))
                # The server's socket is shut down (the client reads EOF) and set to reset
                # when its last descriptor closes (linger on, 0 s).
                client.settimeout(5)
                assert client.recv(1) == b""
                linger = accepted.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)
                assert struct.unpack("ii", linger) == (1, 0)
