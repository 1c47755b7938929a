"""Helpers shared by the benchmark scripts: processes, ports, HTTP polling, wrk, memory.

Everything listens on 127.0.0.1 only. Server processes are started in their own process
group so that stopping one stops its workers too (granian forks workers), and nothing else.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
RESULTS = BENCH / "results"
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def tool(name: str) -> str:
    """A console script of the running interpreter's environment (the project venv)."""
    path = VENV_BIN / name
    if not path.exists():
        raise SystemExit(f"{name} not found next to {sys.executable}; install '.[dev,bench]'")
    return str(path)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def http_get(port: int, path: str, timeout: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    """One GET on 127.0.0.1 (no Accept-Encoding, like wrk): status, headers, body."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers, body
    finally:
        conn.close()


def get_json(port: int, path: str) -> Any:
    status, _, body = http_get(port, path)
    if status != 200:
        raise RuntimeError(f"GET {path} on port {port} answered {status}: {body[:300]!r}")
    return json.loads(body)


@dataclass
class Server:
    """A running server process (and its process group)."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    started_at: float  # time.perf_counter() just before the process was spawned
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


def start(
    name: str,
    argv: Sequence[str],
    port: int,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path = REPO,
    log_dir: Path = RESULTS,
) -> Server:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    log = log_path.open("ab")
    full_env = {**os.environ, **(env or {})}
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # own process group: stop() reaches forked workers too
    )
    log.close()
    return Server(name, port, process, started, log_path)


def wait_answered(server: Server, path: str, timeout: float = 120.0) -> float:
    """Poll ``path`` until it answers 200; seconds from process spawn to that first answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            tail = server.log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}:\n{tail}")
        try:
            status, _, _ = http_get(server.port, path, timeout=2.0)
        except OSError:
            status = 0
        if status == 200:
            return time.perf_counter() - server.started_at
        time.sleep(0.005)
    server.stop()
    raise RuntimeError(f"{server.name} did not answer {path} within {timeout:.0f} s")


# --- wrk -------------------------------------------------------------------------------------


@dataclass
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: int
    transfer_per_s: str
    # Filled in by measured_wrk: CPU the server spent per request (robust to other load on
    # the machine), and how many cores everything else (not the server, not wrk) kept busy.
    server_cpu_us_per_request: float = float("nan")
    other_cores: float = float("nan")
    busy_cores_before: float = float("nan")


_UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
_LATENCY = re.compile(r"^\s*(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.MULTILINE)


def parse_wrk(output: str) -> WrkResult:
    """Parse ``wrk --latency`` output (req/s, p50, p99, errors)."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    transfer = re.search(r"^Transfer/sec:\s+(\S+)", output, re.MULTILINE)
    if rps is None or total is None:
        raise ValueError(f"cannot parse wrk output:\n{output}")
    latencies = {
        m.group(1): float(m.group(2)) * _UNITS_MS[m.group(3)] for m in _LATENCY.finditer(output)
    }
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sock = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return WrkResult(
        requests_per_s=float(rps.group(1)),
        p50_ms=latencies["50"],
        p99_ms=latencies["99"],
        requests=int(total.group(1)),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(x) for x in sock.groups()) if sock else 0,
        transfer_per_s=transfer.group(1) if transfer else "",
    )


def wrk_argv(
    url: str, *, duration_s: float, connections: int, threads: int, script: Path | None = None
) -> list[str]:
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration_s:g}s", "--latency"]
    if script is not None:
        argv += ["-s", str(script)]
    return [*argv, url]


def run_wrk(
    url: str, *, duration_s: float, connections: int, threads: int, script: Path | None = None
) -> WrkResult:
    argv = wrk_argv(
        url, duration_s=duration_s, connections=connections, threads=threads, script=script
    )
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def measured_wrk(
    server_pid: int,
    url: str,
    *,
    duration_s: float,
    connections: int,
    threads: int,
    script: Path | None = None,
) -> WrkResult:
    """run_wrk, plus the server's CPU per request and the other load during the run."""
    import resource

    pids = process_tree(server_pid)
    server_before = process_cpu_s(pids)
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_before, wall_before = machine_busy_s(), time.monotonic()
    result = run_wrk(
        url, duration_s=duration_s, connections=connections, threads=threads, script=script
    )
    busy = machine_busy_s() - busy_before
    wall = time.monotonic() - wall_before
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server = process_cpu_s(pids) - server_before
    wrk = (wrk_after.ru_utime + wrk_after.ru_stime) - (wrk_before.ru_utime + wrk_before.ru_stime)
    result.server_cpu_us_per_request = server / max(result.requests, 1) * 1e6
    result.other_cores = max(busy - server - wrk, 0.0) / wall
    return result


# --- CPU accounting ----------------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_s(pids: Sequence[int]) -> float:
    """User + system CPU seconds used so far by these processes (exited ones count 0)."""
    total = 0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / CLOCK_TICKS


def machine_busy_s() -> float:
    """CPU seconds all cores have spent busy since boot (everything except idle and iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values[:8]
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def busy_cores(seconds: float) -> float:
    """Average number of busy cores over the next ``seconds`` (the whole machine)."""
    before = machine_busy_s()
    time.sleep(seconds)
    return (machine_busy_s() - before) / seconds


def wait_until_quiet(max_cores: float, max_wait_s: float) -> float:
    """Wait (up to max_wait_s) until other work on the machine uses at most max_cores, so a
    run is not measured while someone else's tests hold a core; the last measured load."""
    deadline = time.monotonic() + max_wait_s
    load = busy_cores(1.0)
    while load > max_cores and time.monotonic() < deadline:
        time.sleep(4.0)
        load = busy_cores(1.0)
    return load


# --- memory ----------------------------------------------------------------------------------


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants (from /proc/*/stat)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: parse after the last ')'.
        fields = text[text.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(children.get(current, []))
    return out


def rss_mib(pid: int) -> dict[str, float]:
    """VmRSS of the process and of its whole tree (granian: main process plus workers), MiB."""
    tree = process_tree(pid)
    per_process = {p: _status_kib(p, "VmRSS") for p in tree}
    return {
        "main_mib": per_process[pid] / 1024,
        "tree_mib": sum(per_process.values()) / 1024,
        "largest_mib": max(per_process.values()) / 1024,
        "processes": float(len(tree)),
    }


# --- small statistics and output ---------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, default=_default) + "\n")


def _default(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def machine_note() -> str:
    """CPU model, core count and load, for the results header."""
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return f"{model}, {os.cpu_count()} cores, load average {load}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
