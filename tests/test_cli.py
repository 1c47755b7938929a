"""The ``econindex`` command as a user meets it (issue 22, part 8).

- ``--help`` of the command and of every subcommand is plain text (no reStructuredText), each
  command has a one-line summary in the list and every option has a help text;
- ``econindex serve`` refuses a port another process listens on (exit 2, one line naming
  host:port), also when that process shares ports (SO_REUSEPORT, what granian does), unless
  ``--reuse-port``;
- ``econindex validate`` takes one package folder or a package zip as well as a data root,
  says what it checks as it goes (stderr), and names the broken file.

Every command runs as a subprocess of this checkout, on the session's real build.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from econindex_api import cli
from econindex_api.publishing.recipes import LABOR_MARKET_IMPACTS
from tests.conftest import REPO

COMMANDS = ["build", "validate", "releases", "replicate", "serve"]
MARKUP = ("``", ":func:", ":class:", ":meth:", ":mod:", ":attr:", "::\n")
DIRECTIVE = re.compile(r"^\s*\.\. \w", flags=re.MULTILINE)  # ".. note::" and the like
EXPOSURE = f"releases/labor-market-impacts/{LABOR_MARKET_IMPACTS.version}"


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "econindex_api.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
    )


# --- help -------------------------------------------------------------------------------------


def help_entries(text: str) -> dict[str, str]:
    """Each entry of argparse's "positional arguments"/"options" lists -> its help text.

    An entry starts on a line indented by two spaces; its help follows after two or more
    spaces on that line, or on the next lines, indented deeper (a long invocation)."""
    entries: dict[str, str] = {}
    lines = text.splitlines()
    in_list = False
    current: str | None = None
    for line in lines:
        if line in ("positional arguments:", "options:"):
            in_list, current = True, None
            continue
        if not line.strip() or not line.startswith(" "):
            in_list = in_list and bool(line.strip() == "")
            current = None
            continue
        if not in_list:
            continue
        if re.match(r"^ {2}\S", line):
            invocation, _, help_text = line.strip().partition("  ")
            current = invocation
            entries[current] = help_text.strip()
        elif current is not None and line.startswith("    "):
            entries[current] = (entries[current] + " " + line.strip()).strip()
    return entries


def test_help_is_plain_text_and_names_every_command_with_a_summary() -> None:
    main = run_cli("--help")
    assert main.returncode == 0, main.stderr
    for markup in MARKUP:
        assert markup not in main.stdout, markup
    assert not DIRECTIVE.search(main.stdout)
    # every command on one line of the list: name, then its summary
    for name in COMMANDS:
        (line,) = [x for x in main.stdout.splitlines() if re.match(rf"^ {{4}}{name}\s", x)]
        summary = line.strip().removeprefix(name).strip()
        assert summary == cli.COMMANDS[name][0], line
        assert len(summary) > 20
    # the list is the parser's: no command without a summary, none missing
    listed = re.findall(r"^ {4}(\w+)\s{2,}\S", main.stdout, flags=re.MULTILINE)
    assert listed == COMMANDS
    assert "COMMAND" in help_entries(main.stdout)
    assert help_entries(main.stdout)["COMMAND"], "the command list needs a help text"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_has_a_description_and_every_option_a_help_text(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    for markup in MARKUP:
        assert markup not in text, (command, markup)
    assert not DIRECTIVE.search(text)
    assert cli.COMMANDS[command][1].split()[0] in text  # the description is shown
    entries = help_entries(text)
    # the entries are exactly the parser's arguments (so none was missed by the parsing)
    subparsers = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    declared = subparsers.choices[command]._actions
    assert len(entries) == len(declared), (entries, [a.option_strings for a in declared])
    for invocation, help_text in entries.items():
        assert len(help_text) >= 10, f"econindex {command}: {invocation!r} has no help text"


# --- serve: a busy port -----------------------------------------------------------------------


def occupied_port(share: bool) -> socket.socket:
    """A listening socket on a free port; ``share``: with SO_REUSEPORT, as granian binds."""
    sock = socket.socket()
    if share:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def run_serve(*args: str, timeout: float = 60) -> tuple[int | None, str]:
    """``econindex serve`` in its own process group: (exit status, stderr); a server that
    does not exit within ``timeout`` is killed with its workers (status None)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "econindex_api.cli", "serve", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        start_new_session=True,
        env={**os.environ, "ECONINDEX_SERVER": "granian"},
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
        return process.returncode, stderr
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        return None, stderr


@pytest.mark.parametrize("share", [False, True], ids=["plain", "reuseport"])
def test_serve_refuses_a_busy_port_with_one_line_and_exit_2(
    share: bool, published_root: Path
) -> None:
    with occupied_port(share) as busy:
        port = busy.getsockname()[1]
        status, stderr = run_serve("--data", str(published_root), "--port", str(port))
        # nothing else listens there now: the occupant is the only one
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) == 0
    assert status == 2, stderr
    assert stderr.strip().splitlines() == [
        f"error: 127.0.0.1:{port} is already in use (another process listens there); stop it, "
        "choose another --port, or pass --reuse-port to share the port on purpose"
    ]
    # the check is the first thing serve does: nothing was started or printed before it
    assert "serving" not in stderr


def test_reuse_port_skips_the_check(tmp_path: Path) -> None:
    """``--reuse-port`` goes past the port check (here to the next check: no catalog, exit 2
    with that message, so no server is started by the test)."""
    with occupied_port(share=True) as busy:
        port = busy.getsockname()[1]
        status, stderr = run_serve("--data", str(tmp_path), "--port", str(port), "--reuse-port")
    assert status == 2
    assert "already in use" not in stderr
    assert f"no catalog.json in {tmp_path}" in stderr


# --- validate: a package folder, a zip, progress ----------------------------------------------


def progress_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("validate: ")]


def resource_names(package: Path) -> list[str]:
    descriptor = json.loads((package / "datapackage.json").read_text())
    return [r["name"] for r in descriptor["resources"]]


def test_validate_a_package_folder_and_a_package_zip(published_root: Path, tmp_path: Path) -> None:
    folder = tmp_path / "labor-market-impacts"
    shutil.copytree(published_root / EXPOSURE, folder)
    names = resource_names(folder)
    archive = folder / "package.zip"
    for target in (folder, archive):
        result = run_cli("validate", str(target))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"{target}: valid"
        lines = progress_lines(result.stderr)
        assert lines == progress_lines(result.stderr.strip()), "only progress on stderr"
        # one line per resource whose rows are checked: the CSVs in the descriptor's order,
        # then their Parquet twins (each compared with its validated CSV's rows)
        checked = [
            m.group(1)
            for line in lines
            if (m := re.fullmatch(rf"validate: {re.escape(str(target))}: resource (\S+): .*", line))
        ]
        twins = [n for n in names if n.endswith("-parquet")]
        assert checked == [n for n in names if n not in twins] + twins
        assert (
            f"sizes, sha256 and Parquet schemas of {len(names)} resources"
            in lines[1 if target == archive else 0]
        )


def test_validate_names_the_broken_file_of_a_folder_and_of_a_zip(
    published_root: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(published_root / EXPOSURE, folder)
    csv = folder / "data" / "job_exposure.csv"
    text = csv.read_text()
    assert "11-1011,Chief Executives,11-0000,0.0333\n" in text
    csv.write_text(text.replace(",0.0333\n", ",1.0333\n", 1))  # same size, other bytes
    archive = tmp_path / "broken.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                bundle.write(path, path.relative_to(folder).as_posix())
    for target in (folder, archive):
        result = run_cli("validate", str(target))
        assert result.returncode == 1
        problems = [x for x in result.stderr.splitlines() if not x.startswith("validate: ")]
        assert problems[0].startswith(f"{target} resource job_exposure: data/job_exposure.csv ")
        assert "has sha256 " in problems[0]
        assert problems[-1] == f"{target}: 1 problem(s)"

    # The descriptor made to agree with the edited bytes: then the row itself is refused.
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        if resource["name"] == "job_exposure":
            resource["hash"] = "sha256:" + hashlib.sha256(csv.read_bytes()).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    result = run_cli("validate", str(folder))
    assert result.returncode == 1
    assert f"{folder}: resource job_exposure row 2: constraint-error: " in result.stderr.replace(
        "\n", " "
    ), result.stderr


def test_validate_refuses_what_is_not_a_package(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    climbing = tmp_path / "climbing.zip"
    with zipfile.ZipFile(climbing, "w") as bundle:
        bundle.writestr("datapackage.json", "{}")
        bundle.writestr("../outside.txt", "x")
    no_descriptor = tmp_path / "nothing.zip"
    with zipfile.ZipFile(no_descriptor, "w") as bundle:
        bundle.writestr("README.md", "x")
    empty = tmp_path / "empty"
    empty.mkdir()
    expected = {
        corrupt: f"{corrupt}: not a readable zip file",
        climbing: f"{climbing}: member '../outside.txt' would be written outside the package",
        no_descriptor: f"{no_descriptor}: no datapackage.json at the top of the zip",
        empty: f"{empty}: not a data root (catalog.json), a package folder (datapackage.json) "
        "or a package zip",
        tmp_path / "missing": f"{tmp_path / 'missing'}: no such file or directory",
    }
    for target, message in expected.items():
        result = run_cli("validate", str(target))
        assert result.returncode == 1, target
        assert message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path.parent / "outside.txt").exists()
