"""Outputs and the client under the newest releases of our dependencies, not only the locked ones.

The lock (uv.lock) makes our own installs reproducible, but researchers install the client into
their own environments, and the OpenAPI document must not change with a dependency's
formatting. ``scripts/test`` (README command 2) makes two venvs that are deliberately NOT
locked, refreshed from the package registry on every run:

- ``.tools/latest``: the newest release of every runtime dependency (the server extra);
- ``.tools/latest-client``: the newest httpx and msgspec only (the client's two).

Both hold the dependencies, not the project: the checkout is imported through PYTHONPATH.
A missing venv fails the test (never a skip): run ``scripts/test``.
"""

from __future__ import annotations

import json
import os
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.version import Version

from econindex_api.server.app import openapi_bytes
from econindex_api.server.toolkit.openapi import normalise
from tests.conftest import REPO, LiveServer
from tests.test_client_wheel import SCRIPT, assert_script_output

COMMITTED = REPO / "openapi" / "openapi.json"
LATEST = REPO / ".tools" / "latest"
LATEST_CLIENT = REPO / ".tools" / "latest-client"
LOWEST_CLIENT = REPO / ".tools" / "lowest-client"


def venv_python(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.is_file():
        pytest.fail(
            f"{venv.relative_to(REPO)} is missing: scripts/test makes it (the newest releases "
            "of our dependencies, from the package registry)"
        )
    return python


def checkout_env() -> dict[str, str]:
    """The environment for a venv that imports this checkout (not an installed copy)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONPATH"] = str(REPO)
    return env


def versions(python: Path, names: list[str]) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json, sys; "
        "print(json.dumps({n: m.version(n) for n in sys.argv[1:]}))"
    )
    out = subprocess.run(
        [str(python), "-c", code, *names], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    found: dict[str, str] = json.loads(out)
    return found


def locked_versions() -> dict[str, str]:
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    return {p["name"]: p["version"] for p in lock["package"] if "version" in p}


# --- the normalisation itself, on a hand-made document ------------------------------------------


def test_normalise_dedents_prose_and_puts_null_last_but_leaves_data_alone() -> None:
    document = {
        "description": "First line.\n\n    Second paragraph,\n    two lines.\n",
        "paths": {"/x": {"get": {"summary": "  One."}}},
        "schema": {
            "anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/A"}],
            "properties": {
                # a field named "description": its value is a schema, not prose
                "description": {"type": "string", "description": "A\n      B"},
            },
            "example": {"description": "  kept\n    as is  "},
            "default": "  kept  ",
        },
    }
    expected = {
        "description": "First line.\n\nSecond paragraph,\ntwo lines.",
        "paths": {"/x": {"get": {"summary": "One."}}},
        "schema": {
            "anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}],
            "properties": {"description": {"type": "string", "description": "A\nB"}},
            "example": {"description": "  kept\n    as is  "},
            "default": "  kept  ",
        },
    }
    assert normalise(document) == expected
    assert normalise(expected) == expected  # idempotent


# --- the OpenAPI document: locked and newest ----------------------------------------------------


def test_openapi_document_under_the_locked_versions_equals_the_committed_copy() -> None:
    assert openapi_bytes() == COMMITTED.read_bytes(), (
        "openapi/openapi.json is stale: regenerate it with "
        "`.venv/bin/python -m econindex_api.server.toolkit.openapi > openapi/openapi.json`"
    )


@pytest.mark.slow
def test_openapi_document_under_the_newest_versions_equals_the_committed_copy() -> None:
    python = venv_python(LATEST)
    used = versions(python, ["msgspec", "litestar", "polars", "pyarrow"])
    result = subprocess.run(
        [str(python), "-m", "econindex_api.server.toolkit.openapi"],
        capture_output=True,
        cwd=REPO,
        env=checkout_env(),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == COMMITTED.read_bytes(), (
        f"the OpenAPI document differs when rendered with the newest releases ({used}): "
        "normalise what changed in econindex_api/server/toolkit/openapi.py (normalise())"
    )


# --- the client with the newest httpx and msgspec ------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("which", ["newest", "lowest"])
def test_client_works_with_the_newest_and_the_lowest_httpx_and_msgspec(
    which: str, live_server: LiveServer, tmp_path: Path
) -> None:
    """The client (the package without extras) against the live server, in
    ``.tools/latest-client`` (newest httpx and msgspec) and ``.tools/lowest-client`` (the
    lower bounds ``pyproject.toml`` declares: they must be honest)."""
    locked = locked_versions()
    if which == "newest":
        python = venv_python(LATEST_CLIENT)
        used = versions(python, ["httpx", "msgspec"])
        # At least as new as the lock (a stale venv would test nothing new).
        for name, version in used.items():
            assert Version(version) >= Version(locked[name]), (name, version, locked[name])
    else:
        python = venv_python(LOWEST_CLIENT)
        used = versions(python, ["httpx", "msgspec"])
        project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
        bounds = dict(d.split(">=") for d in project["project"]["dependencies"])
        assert {n: Version(v) for n, v in used.items()} == {
            n: Version(v) for n, v in bounds.items()
        }, f"the venv should hold exactly the declared lower bounds {bounds}, not {used}"
    env = checkout_env()
    env["ECONINDEX_API_URL"] = live_server.base_url
    (tmp_path / "check.py").write_text(SCRIPT)
    result = subprocess.run(
        [str(python), str(tmp_path / "check.py"), str(tmp_path / "downloads")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, f"client with {used}:\n{result.stderr}"
    out = json.loads(result.stdout)
    assert out["file"] == str(REPO / "econindex_api" / "__init__.py")
    # Only the client's dependencies are there: no server stack came along.
    assert_script_output(out, live_server)
