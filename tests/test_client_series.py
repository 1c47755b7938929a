"""The client's part of issue 22 (part 8), against real servers over the session's real build.

- ``client.series`` mirrors ``client.compare``: the same names, the same parameter names,
  sync and async alike; the old singular names still answer, with a DeprecationWarning;
- a series answer is a tidy frame (``to_polars()``/``to_pandas()``): one row per entity and
  release, ``present`` false and a null value where the entity is absent, never 0;
- ``next`` links are absolute, on the public URL when one is configured (never the request's
  Host), and the client still walks every page;
- the ``[pandas]`` extra alone reads the published Parquet files (README).

Expected values come from the server's plain JSON (read with httpx) or the published CSV.
"""

from __future__ import annotations

import asyncio
import csv
import inspect
import os
import subprocess
import sys
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from econindex_api import AsyncClient, Client, SeriesResult, series_to_polars
from econindex_api.client.namespaces import (
    AsyncCompare,
    AsyncSeriesResource,
    Compare,
    SeriesResource,
)
from econindex_api.client.namespaces.series import RENAMED
from tests.conftest import REPO, LiveServer, start_server, stop_server
from tests.test_api_change import usage_ids

PUBLIC = "https://econindex.example.org/api"
NEW_NAMES = {"categories", "occupations", "tasks", "interaction_modes", "depth"}


def public_methods(cls: type) -> set[str]:
    return {n for n, v in vars(cls).items() if callable(v) and not n.startswith("_")}


def parameters(function: Any) -> list[tuple[str, Any, Any]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


# --- names ---------------------------------------------------------------------------------------


def test_series_names_mirror_compare_sync_and_async() -> None:
    compare = public_methods(Compare)
    series = public_methods(SeriesResource)
    # compare's per-measure names that are also series are spelled the same
    assert compare >= NEW_NAMES and series >= NEW_NAMES
    assert {"geographies", "primitives"} <= series
    # the same parameter names: the entity named as compare's filter and the path name it
    # (since/until: the run of releases, series only)
    range_ = ["since", "until"]
    assert [p[0] for p in parameters(SeriesResource.categories)] == ["self", "major_group", *range_]
    assert "major_group" in {p[0] for p in parameters(Compare.occupations)}
    assert [p[0] for p in parameters(SeriesResource.interaction_modes)] == [
        "self",
        "value",
        *range_,
    ]
    assert [p[0] for p in parameters(SeriesResource.depth)] == ["self", "thresholds", *range_]
    assert "value" in {p[0] for p in parameters(Compare.interaction_modes)}
    assert "thresholds" in {p[0] for p in parameters(Compare.depth)}
    # async is the same surface, the same signatures
    assert public_methods(AsyncSeriesResource) == series
    assert public_methods(AsyncCompare) == compare
    for name in series:
        assert parameters(getattr(AsyncSeriesResource, name)) == parameters(
            getattr(SeriesResource, name)
        ), name
    # every old name is an alias with the new name's signature
    for old, new in RENAMED.items():
        assert parameters(getattr(SeriesResource, old)) == parameters(getattr(SeriesResource, new))
        assert "Deprecated alias" in (getattr(SeriesResource, old).__doc__ or "")


def test_old_names_warn_and_answer_as_the_new_ones(live_server: LiveServer) -> None:
    calls = {
        "category": ("15",),
        "occupation": ("15-1132.00",),
        "task": (8823,),
    }
    with Client(live_server.base_url) as client:
        for old, args in calls.items():
            with pytest.warns(DeprecationWarning, match=rf"series\.{old}\(\) is deprecated") as w:
                before = getattr(client.series, old)(*args)
            assert f"client.series.{RENAMED[old]}()" in str(w[0].message)
            assert w[0].filename == __file__  # points at the caller, not the SDK
            assert before == getattr(client.series, RENAMED[old])(*args)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the new names warn about nothing
            client.series.categories("15")

    async def run() -> SeriesResult:
        async with AsyncClient(live_server.base_url) as client:
            with pytest.warns(DeprecationWarning, match=r"series\.occupation\(\)"):
                return await client.series.occupation(code="15-1132.00")

    assert asyncio.run(run()).series[0].key == "15-1132.00"


# --- tidy frames ---------------------------------------------------------------------------------


def test_series_to_polars_and_to_pandas_are_tidy(
    live_server: LiveServer, published_root: Path
) -> None:
    """One row per entity and release, as the JSON lists them. (Every occupation of the two
    usage releases is in both: the absent points, null and never 0, are asserted on the
    long-format fixtures, tests/test_geography_series.py, through the same methods.)"""
    code = "15-1132.00"
    raw = httpx.get(live_server.url(f"/v1/series/occupations/{code}"), timeout=30).json()
    modes_raw = httpx.get(live_server.url("/v1/series/interaction-modes"), timeout=30).json()
    expected = [
        (s["key"], p["release_id"], p["value"], p["present"])
        for s in raw["series"]
        for p in s["data"]
    ]
    with Client(live_server.base_url) as client:
        answer = client.series.occupations(code)
        modes = client.series.interaction_modes()
    assert isinstance(answer, SeriesResult)
    frame = answer.to_polars()
    assert list(frame.select("key", "release_id", "value", "present").iter_rows()) == expected
    assert frame["release_id"].to_list() == usage_ids(published_root)  # one row per release
    assert frame.equals(series_to_polars(answer))  # the function is kept and agrees
    assert frame["package_sha256"].to_list() == [
        p["provenance"]["package_sha256"] for p in raw["series"][0]["data"]
    ]
    table = answer.to_pandas()
    assert str(table["value"].dtype) == "Float64" and str(table["present"].dtype) == "boolean"
    assert table["value"].to_list() == [v for _, _, v, _ in expected]
    # several entities: one row per entity and release, in the answer's order
    grid = modes.to_polars()
    assert grid.height == sum(len(s["data"]) for s in modes_raw["series"])
    assert list(grid.select("key", "release_id", "value").iter_rows()) == [
        (s["key"], p["release_id"], p["value"]) for s in modes_raw["series"] for p in s["data"]
    ]


# --- absolute next links -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def public_server(published_root: Path) -> Iterator[LiveServer]:
    """A server configured with a public URL (as behind a proxy, under a path)."""
    server = start_server(published_root, extra_env={"ECONINDEX_PUBLIC_URL": PUBLIC + "/"})
    yield server
    stop_server(server)


def test_next_is_absolute_on_the_public_url_never_the_host_header(
    public_server: LiveServer, published_root: Path
) -> None:
    path = "/v1/releases/2025-02-10/tasks"
    plain = httpx.get(public_server.url(path), params={"limit": 7, "q": "data"}, timeout=30)
    spoofed = httpx.get(
        public_server.url(path),
        params={"limit": 7, "q": "data"},
        headers={"host": "evil.example"},
        timeout=30,
    )
    assert plain.status_code == spoofed.status_code == 200
    body = plain.json()
    assert body["next"] == (f"{PUBLIC}{path}?limit=7&q=data&cursor={body['next_cursor']}")
    assert plain.headers["link"] == f'<{body["next"]}>; rel="next"'
    assert spoofed.json()["next"] == body["next"]
    assert spoofed.headers["link"] == plain.headers["link"]
    # The link, moved onto the address this test reaches the server at, is the next page.
    parts = urlsplit(body["next"])
    local = public_server.base_url + parts.path.removeprefix(urlsplit(PUBLIC).path)
    second = httpx.get(f"{local}?{parts.query}", timeout=30).json()
    assert second["data"][0] != body["data"][0] and second["total"] == body["total"]
    # The client keeps to its own base URL: it walks every page (cursor by cursor) on the
    # server it talks to, whatever address the links name.
    with Client(public_server.base_url) as client:
        rows = list(client.tasks.iter(release="2025-02-10", q="data", limit=7))
    assert len(rows) == body["total"]
    assert len({(r.task_id, r.onet_soc_code) for r in rows}) == body["total"]


def test_next_links_differ_only_in_their_base_between_two_servers(
    public_server: LiveServer, live_server: LiveServer
) -> None:
    """The same query on a server with a public URL and one without: the same rows and
    cursor; the links differ in their base only (each server's own answer cache)."""
    path = "/v1/releases/2025-03-27/occupations?limit=3"
    a = httpx.get(public_server.url(path), timeout=30).json()
    b = httpx.get(live_server.url(path), timeout=30).json()
    assert a["data"] == b["data"] and a["next_cursor"] == b["next_cursor"]
    assert a["next"].removeprefix(PUBLIC) == b["next"].removeprefix(live_server.base_url)
    assert a["next"].startswith(PUBLIC + "/v1/") and b["next"].startswith(
        live_server.base_url + "/v1/"
    )


# --- the [pandas] extra --------------------------------------------------------------------------

README_PANDAS = REPO / "README.md"


def test_the_pandas_extra_alone_reads_the_published_parquet(
    live_server: LiveServer, published_root: Path, tmp_path: Path
) -> None:
    """A venv with the client's dependencies and the [pandas] extra, nothing else: the
    README's pandas block (pd.read_parquet from the resource URL) runs there."""
    uv = REPO / ".tools" / "uv" / "bin" / "uv"
    if not uv.is_file():
        pytest.fail(".tools/uv is missing: run scripts/install")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["pandas"]]
    venv = tmp_path / "venv"
    subprocess.run([str(uv), "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(uv), "pip", "install", "-q", "--python", str(python), *requirements],
        check=True,
        timeout=600,
    )
    readme = README_PANDAS.read_text(encoding="utf-8")
    start = readme.index("import pandas as pd\n")
    block = readme[start : readme.index("```", start)]
    assert "pd.read_parquet(" in block
    code = block.replace("http://127.0.0.1:8000", live_server.base_url)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    published = next((published_root / "releases" / "2025-02-10").glob("*/data"))
    with (published / "occupation_usage.csv").open(newline="") as a:
        occupations = sum(1 for _ in csv.DictReader(a))
    with (published / "tasks.csv").open(newline="") as b:
        tasks = sum(1 for _ in csv.DictReader(b))
    assert first == f"{occupations} {tasks}"
