"""The wheel installs the client alone (httpx + msgspec) and works against a running server.

Builds the wheel from this checkout, installs it into a fresh virtual environment without any
extra, checks that the server stack (Polars, Litestar, pyarrow, uvicorn) did not come along,
and runs a researcher's script there against the session's real server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, LiveServer

SCRIPT = textwrap.dedent(
    """
    import importlib.util, json, sys
    from pathlib import Path

    import econindex_api
    from econindex_api import Client, NotFoundError

    absent = [m for m in ("polars", "litestar", "pyarrow", "uvicorn", "pandas")
              if importlib.util.find_spec(m) is not None]
    client = Client()  # base URL from ECONINDEX_API_URL
    releases = client.releases.list()
    page = client.occupations.list(release="latest", major_group="15", limit=5)
    tasks = list(client.tasks.iter(release="2025-02-10", q="software", limit=100))
    try:
        client.occupations.get("latest", "99-9999.99")
        not_found = None
    except NotFoundError as err:
        not_found = err.type
    try:
        page.to_polars()
        polars_message = None
    except ModuleNotFoundError as err:
        polars_message = str(err)
    path = client.packages.download_resource("2025-02-10", "category_usage", format="csv",
                                             dest=Path(sys.argv[1]))
    print(json.dumps({
        "file": econindex_api.__file__,
        "installed_but_should_not_be": absent,
        "latest": releases.latest,
        "total": page.total,
        "first": page.data[0].onet_soc_code,
        "tasks": len(tasks),
        "not_found": not_found,
        "polars_message": polars_message,
        "download": str(path),
    }))
    """
)


def assert_script_output(out: dict[str, Any], live_server: LiveServer) -> None:
    """What SCRIPT printed, in a client-only install, against the session's real server."""
    assert out["installed_but_should_not_be"] == []
    assert out["latest"] == "2025-03-27"
    assert out["total"] > 5 and out["first"].startswith("15-")
    assert out["tasks"] > 100
    assert out["not_found"] == "/problems/unknown-occupation"
    assert "pip install 'polars>=1.20'" in out["polars_message"]
    published = next((live_server.data_root / "releases" / "2025-02-10").glob("*/data"))
    assert Path(out["download"]).read_bytes() == (published / "category_usage.csv").read_bytes()


README_BUILD = "python -m build --wheel"
README_INSTALL = "pip install dist/econindex_api-{version}-py3-none-any.whl"


@pytest.mark.slow
def test_wheel_installs_client_only_and_talks_to_the_server(
    live_server: LiveServer, tmp_path: Path
) -> None:
    # The README's install lines, run as written (the build in a copy of the checkout).
    from econindex_api import __version__

    readme = (REPO / "README.md").read_text()
    assert README_BUILD in readme
    assert README_INSTALL.format(version=__version__) in readme
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = dist.glob("econindex_api-*.whl")
    assert wheel.name == f"econindex_api-{__version__}-py3-none-any.whl"
    # The pages' data files ship in the wheel: the maps' shapes and licences (pages/maps/).
    with zipfile.ZipFile(wheel) as built:
        for shipped in (REPO / "econindex_api" / "pages" / "maps").iterdir():
            inside = f"econindex_api/pages/maps/{shipped.name}"
            assert built.read(inside) == shipped.read_bytes(), inside
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    # The wheel by path (never a same-named project from the index); its two dependencies
    # from the package index as a researcher would get them.
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        timeout=600,
    )
    (tmp_path / "check.py").write_text(SCRIPT)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["ECONINDEX_API_URL"] = live_server.base_url
    result = subprocess.run(
        [str(python), str(tmp_path / "check.py"), str(tmp_path / "downloads")],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,  # not the checkout: the installed package must be the one imported
        env=env,
        timeout=300,
    )
    out = json.loads(result.stdout)
    assert out["file"].startswith(str(venv))
    assert_script_output(out, live_server)

    # Server commands in a client-only install name the extra to install, no traceback.
    for command in (["serve", "--port", "1"], ["validate", str(live_server.data_root)]):
        cli = subprocess.run(
            [str(venv / "bin" / "econindex"), *command],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=120,
        )
        assert cli.returncode == 2, cli.stderr
        assert "Traceback" not in cli.stderr
        assert f"`econindex {command[0]}` needs the server extra" in cli.stderr
        assert "pip install '.[server]'" in cli.stderr

    # The command the to_polars() message gives works, and then to_polars() does.
    command = out["polars_message"].split("Install it with: ", 1)[1]
    assert command == "pip install 'polars>=1.20'"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "polars>=1.20",
        ],
        check=True,
        timeout=600,
    )
    frame = subprocess.run(
        [
            str(python),
            "-c",
            "from econindex_api import Client; "
            "print(Client().categories.list('2025-02-10').to_polars().height)",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert int(frame.stdout) == 23
