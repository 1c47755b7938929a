"""The README's "Use the data from…" section runs as written, against a real server.

Every fenced block of the section is run in order in one scratch directory (``python``
blocks with this interpreter, ``sh`` blocks with bash, the venv first on PATH), with the
README's ``http://127.0.0.1:8000`` replaced by the live server. The printed values are
checked against the published CSV files read with the csv module.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, LiveServer

README_URL = "http://127.0.0.1:8000"


def section_blocks() -> list[tuple[str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## Use the data from…")
    end = text.index("\n## ", start + 1)
    return re.findall(r"```(python|sh)\n(.*?)```", text[start:end], flags=re.S)


def csv_rows(root: Path, table: str) -> list[dict[str, str]]:
    (path,) = (root / "releases" / "2025-02-10").glob(f"*/data/{table}.csv")
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_use_the_data_from_snippets_run(live_server: LiveServer, tmp_path: Path) -> None:
    blocks = section_blocks()
    assert [kind for kind, _ in blocks] == ["python", "python", "sh", "python", "sh"]
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    outputs = []
    for kind, code in blocks:
        code = code.replace(README_URL, live_server.base_url)
        command = (
            [sys.executable, "-c", code]
            if kind == "python"
            else ["bash", "-euo", "pipefail", "-c", code]
        )
        result = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, (code, result.stdout, result.stderr)
        outputs.append(result.stdout)
    pandas_out, polars_out, _, duckdb_out, sha_out = outputs
    root = live_server.data_root
    occupations, tasks = csv_rows(root, "occupation_usage"), csv_rows(root, "tasks")
    categories, occ_table = csv_rows(root, "category_usage"), csv_rows(root, "occupations")
    assert pandas_out.splitlines()[0] == f"{len(occupations)} {len(tasks)}"
    top = max(occupations, key=lambda r: float(r["share_pct"]))
    assert top["onet_soc_code"] in pandas_out.splitlines()[2]
    assert polars_out.splitlines()[0] == f"{len(categories)} {len(occ_table)}"
    top_group = max(categories, key=lambda r: float(r["share_pct"]))
    assert top_group["major_group_title"][:20] in polars_out
    assert duckdb_out.strip() == top_group["major_group_title"]
    assert sha_out.strip() == "occupation_usage.csv: OK"
    # The downloaded package is complete: the extracted tree has the documented files.
    extracted = tmp_path / "econindex-2025-02-10"
    for name in ("datapackage.json", "README.md", "CODEBOOK.md", "METHODS.md", "CITATION.bib"):
        assert (extracted / name).is_file(), name
