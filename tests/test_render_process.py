"""The render process (pages/drawing.py) never outlives the server that started it.

A server stopped without its shutdown (SIGKILL, a crash) left its render process behind,
~150 MiB each, orphaned under PID 1: every test run and every killed worker added one.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx

from tests.conftest import start_server


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat[stat.rfind(")") + 2 :].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def is_render_process(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"spawn_main" in cmdline


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] != "Z"


def test_render_process_exits_when_its_server_is_killed(published_root: Path) -> None:
    server = start_server(published_root)
    try:
        page = httpx.get(
            server.url("/releases/2025-03-27"), headers={"accept": "text/html"}, timeout=120
        )
        assert page.status_code == 200
        assert "<svg" in page.text  # a chart was drawn, so the render process exists
        renders = [pid for pid in children_of(server.process.pid) if is_render_process(pid)]
        assert len(renders) == 1, renders
    finally:
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
    deadline = time.monotonic() + 15
    while alive(renders[0]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(renders[0]), "the render process outlived its killed server"
