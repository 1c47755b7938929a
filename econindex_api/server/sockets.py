"""Cut a connection whose client stopped reading: reset its socket (Linux).

Why this exists (issue 18, N3): when a download's client stops reading, the app's ``send``
waits, the stall timeout ends the response early, and granian 2.8 then waits for the socket
to become writable again before it notices, with no write timeout of its own. The connection
then holds its slot (``connections.py``) and the kernel's send buffer (up to
``net.ipv4.tcp_wmem``'s maximum, 4 MB by default) for as long as the client keeps it open:
measured, 100 such connections were still established 40 s after the cut.

ASGI has no "abort" message, so the app finds the connection's socket itself: the kernel's
table of TCP sockets (``/proc/net/tcp``, ``tcp6``) gives the inode of the socket with this
server port and this client address and port (unique while the connection is open), and
``/proc/self/fd`` gives the descriptor of this process that points at it. A duplicate of
that descriptor gets ``SO_LINGER`` 0 and ``shutdown``: the pending write fails at once, the
server drops the connection, and its close sends a reset, which frees the queued bytes. Only
a socket that this process holds and that matches the four values is touched; anything else
(another OS, an address not found) leaves the connection as it is and says so.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import struct
from pathlib import Path

_TABLES = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))
_ESTABLISHED = "01"


def _address(hex_address: str) -> tuple[str, int]:
    """``0100007F:1F90`` (the kernel's little-endian words) -> ("127.0.0.1", 8080)."""
    host_hex, port_hex = hex_address.split(":")
    raw = bytes.fromhex(host_hex)
    # Each 32-bit word is in host byte order (little-endian on the machines we run on).
    words = struct.unpack(f"<{len(raw) // 4}I", raw)
    packed = struct.pack(f">{len(words)}I", *words)
    address = ipaddress.ip_address(packed)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address), int(port_hex, 16)


def _tokens(address: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int) -> list[str]:
    """How the kernel's tables spell ``address:port``: each 32-bit word of the address as a
    host-order (little-endian) number in hex, then the port; an IPv4 address also as the
    IPv4-mapped IPv6 address of a dual-stack socket."""
    packed = [address.packed]
    if isinstance(address, ipaddress.IPv4Address):
        packed.append(b"\0" * 10 + b"\xff\xff" + address.packed)
    return [
        "".join(f"{int.from_bytes(raw[i : i + 4], 'little'):08X}" for i in range(0, len(raw), 4))
        + f":{port:04X}"
        for raw in packed
    ]


def socket_inode(
    server_port: int, client: tuple[str, int], tables: str | None = None
) -> int | None:
    """The inode of the established TCP socket from ``client`` to our ``server_port``.

    ``tables`` (the text of /proc/net/tcp[6]) is for tests; by default the kernel's are read.
    The tables list every socket (thousands under load): the client's spelling is searched for
    as a substring and only the lines holding it are split, which keeps the search cheap.
    """
    host, port = client
    try:
        parsed = ipaddress.ip_address(host)
    except ValueError:
        return None
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped  # the table's addresses are unmapped the same way
    tokens = _tokens(parsed, port)
    texts = [tables] if tables is not None else []
    if tables is None:
        for table in _TABLES:
            try:
                texts.append(table.read_text())
            except OSError:
                continue
    for text in texts:
        for token in tokens:
            found = text.find(token)
            while found != -1:
                start = text.rfind("\n", 0, found) + 1
                end = text.find("\n", found)
                fields = text[start : end if end != -1 else len(text)].split()
                found = text.find(token, found + len(token))
                if len(fields) < 10 or fields[2] != token or fields[3] != _ESTABLISHED:
                    continue
                try:
                    if _address(fields[1])[1] == server_port:
                        return int(fields[9])
                except ValueError:
                    continue
    return None


def descriptor_of(inode: int) -> int | None:
    """This process's descriptor for the socket with ``inode``."""
    target = f"socket:[{inode}]"
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return None
    for name in names:
        try:
            if os.readlink(f"/proc/self/fd/{name}") == target:
                return int(name)
        except OSError:  # closed meanwhile
            continue
    return None


def reset_connection(server_port: int, client: tuple[str, int]) -> bool:
    """Reset the connection from ``client`` to ``server_port``; False if it was not found."""
    inode = socket_inode(server_port, client)
    if inode is None:
        return False
    fd = descriptor_of(inode)
    if fd is None:
        return False
    try:
        # fromfd duplicates the descriptor: closing the duplicate leaves the server's own.
        with socket.fromfd(
            fd, socket.AF_INET6 if ":" in client[0] else socket.AF_INET, socket.SOCK_STREAM
        ) as dup:
            if os.fstat(dup.fileno()).st_ino != inode:
                return False  # the descriptor number was reused for another file meanwhile
            dup.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            dup.shutdown(socket.SHUT_RDWR)
    except OSError:
        return False
    return True
