"""The committed OpenAPI document passes the tools API users run on it.

- ``openapi-spec-validator`` (PyPI, its own CLI) accepts it;
- Spectral (npm ``@stoplight/spectral-cli``, installed by ``npm ci`` in scripts/test) lints it
  with its recommended OpenAPI ruleset and finds no warning;
- a client generated from it by ``openapi-python-client`` calls every operation on both kinds
  of release: with no query parameters (the spec's defaults must be valid for every release
  a path serves), and with every example the spec gives (what Swagger's "Try it out" sends),
  which must return data. Downloads come back as bytes (zip, Parquet) and equal the files.
"""

from __future__ import annotations

import builtins
import csv
import importlib
import json
import keyword
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, LiveServer

BIN = Path(sys.executable).parent
SPEC = REPO / "openapi" / "openapi.json"
USAGE = "2025-02-10"
SECOND = "2025-03-27"
EXPOSURE = "labor-market-impacts"
LONG = "2025-09-15"  # built --unpinned from the real partial rows (conftest long_root)
# Measures only the long-format releases publish; called on LONG, 404 on the others.
LONG_ONLY = {"listGeographies", "listObservations", "getGeography"}
V2 = "2026-06-26"  # the fixture of tests/longv2_fixture.py (conftest series_server)
V2_ONLY = {"listArtifacts", "listUseCases", "listPrimitives"}
# Compares of a measure only the long-format releases publish: between two of them.
LONG_PAIR: dict[str, dict[str, str]] = {
    "compareGeographies": {"from_": LONG, "to": V2},
    # Depth does not compare across the first and the long formats (methods/comparability.py):
    # over every release it is refused (test_api_change.py), so it is called on the first run.
    "seriesDepth": {"until": "2025-03-27"},
}
# Measures that only the second usage release publishes (modes per task, thinking, clusters).
SECOND_ONLY = {
    "listOccupationInteractionModes",
    "listCategoryInteractionModes",
    "listOccupationThinking",
    "listTaskThinking",
    "listClusters",
    "getCluster",
}
USAGE_ONLY = {
    "getTask",
    "listCategories",
    "getWageBands",
    "getDepth",
    "getInteractionModes",
    "listOccupationsSoc2018",
    "listOccupationsExposure",
}
# Operations a release does not serve answer 404 measure-not-available there (documented;
# the release's links list what it has).
NOT_SERVED = {
    USAGE: SECOND_ONLY | LONG_ONLY | V2_ONLY,
    SECOND: LONG_ONLY | V2_ONLY,
    EXPOSURE: USAGE_ONLY | SECOND_ONLY | LONG_ONLY | V2_ONLY,
}


def test_openapi_spec_validator_cli_accepts_the_spec() -> None:
    result = subprocess.run(
        [str(BIN / "openapi-spec-validator"), str(SPEC)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout


def test_spectral_finds_no_warning() -> None:
    spectral = REPO / "node_modules" / ".bin" / "spectral"
    if not spectral.is_file():
        pytest.fail("Spectral is not installed: run scripts/test (it runs `npm ci`)")
    result = subprocess.run(
        [str(spectral), "lint", str(SPEC), "--fail-severity=warn", "--ruleset", ".spectral.yaml"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No results with a severity of 'warn' or higher found" in result.stdout


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("generated")
    result = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(SPEC),
            "--meta",
            "none",
            "--output-path",
            str(out / "econindex_generated"),
        ],
        capture_output=True,
        text=True,
        cwd=out,
        env={"PATH": str(BIN)},  # its post-generation ruff from our venv
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("econindex_generated")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.startswith("econindex_generated")]:
            del sys.modules[name]


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    spec = json.loads(SPEC.read_text())
    out = []
    for path, item in spec["paths"].items():
        op = item["get"]
        out.append((op["operationId"], path, op))
    return out


def first_csv_value(root: Path, release: str, table: str, column: str) -> str:
    (path,) = (root / "releases" / release).glob(f"*/data/{table}.csv")
    with path.open(encoding="utf-8") as handle:
        return next(csv.DictReader(handle))[column]


def call(generated: Any, server: LiveServer, op_id: str, op: dict[str, Any], **kwargs: Any) -> Any:
    tag = op["tags"][0]
    # The generator splits digits off words its own way (soc2018 -> soc_2018): find the
    # module whose name equals the operation id once underscores and case are ignored.
    package = importlib.import_module(f"econindex_generated.api.{tag}")
    (name,) = (
        info.name
        for info in pkgutil.iter_modules(package.__path__)
        if info.name.replace("_", "") == op_id.lower()
    )
    module = importlib.import_module(f"econindex_generated.api.{tag}.{name}")
    client = generated.Client(base_url=server.base_url, raise_on_unexpected_status=True)
    return module.sync_detailed(client=client, **kwargs)


def python_name(name: str) -> str:
    """A query parameter's argument name in the generated client: openapi-python-client adds
    ``_`` to Python keywords and builtins (``filter`` -> ``filter_``) but for type and id."""
    reserved = keyword.iskeyword(name) or (name in dir(builtins) and name not in {"type", "id"})
    return f"{name}_" if reserved else name


def path_args(
    op: dict[str, Any], release: str, root: Path, examples: bool = True
) -> dict[str, Any]:
    args: dict[str, Any] = {}
    for parameter in op["parameters"]:
        if parameter["in"] != "path":
            continue
        name = parameter["name"]
        if name == "release":
            args[name] = release
        elif name == "code" and release == EXPOSURE:
            args[name] = first_csv_value(root, EXPOSURE, "job_exposure", "soc_2018_code")
        elif name == "table" and release == EXPOSURE:
            args[name] = "job_exposure"  # (the example, occupations, is a usage table)
        else:
            args[name] = parameter["example"]
    # The generator renames parameters that are Python keywords (from -> from_).
    return {f"{k}_" if keyword.iskeyword(k) else k: v for k, v in args.items()}


def test_generated_client_calls_every_operation_with_defaults(
    generated: Any, series_server: LiveServer
) -> None:
    live_server = series_server  # every release, the long-format ones included
    called = set()
    for op_id, path, op in operations():
        releases = [USAGE, SECOND, EXPOSURE] if "{release}" in path else [""]
        if op_id in LONG_ONLY:
            releases.append(LONG)
        if op_id in V2_ONLY:
            releases.append(V2)
        for release in releases:
            kwargs = path_args(op, release, live_server.data_root)
            kwargs.update(LONG_PAIR.get(op_id, {}))
            if "resource" in kwargs or "file" in kwargs:
                table = "job_exposure" if release == EXPOSURE else "category_usage"
                kwargs = {**kwargs, next(k for k in ("resource", "file") if k in kwargs): ""}
                key = "resource" if "resource" in kwargs else "file"
                for extension in ("csv", "parquet"):
                    kwargs[key] = f"{table}.{extension}"
                    response = call(generated, live_server, op_id, op, **kwargs)
                    assert response.status_code == 200, (op_id, release, response.content[:300])
                    on_disk = next(
                        (live_server.data_root / "releases" / release).glob(f"*/data/{kwargs[key]}")
                    )
                    # A Parquet file comes back as bytes, not text.
                    assert response.parsed.payload.read() == on_disk.read_bytes()
                called.add(op_id)
                continue
            response = call(generated, live_server, op_id, op, **kwargs)
            if op_id in NOT_SERVED.get(release, set()):
                assert response.status_code == 404, (op_id, response.content[:300])
                problem = json.loads(response.content)
                assert problem["type"].endswith("/measure-not-available")
                continue
            assert response.status_code == 200, (op_id, release, response.content[:300])
            assert response.parsed is not None, (op_id, release)
            called.add(op_id)
    assert called == {op_id for op_id, _, _ in operations()}


def test_generated_client_downloads_the_zip_as_bytes(
    generated: Any, live_server: LiveServer
) -> None:
    (op,) = (o for i, _, o in operations() if i == "getPackageZip")
    response = call(generated, live_server, "getPackageZip", op, release=USAGE)
    assert response.status_code == 200
    published = next((live_server.data_root / "releases" / USAGE).glob("*/package.zip"))
    assert response.parsed.payload.read() == published.read_bytes()


def test_swagger_examples_return_data(generated: Any, series_server: LiveServer) -> None:
    """Every operation with every example filled in (as Swagger's "Try it out" does) on the
    usage releases (and the compare and series paths) returns rows; on the exposure release,
    with the examples of the parameters it takes; the geography operations on the
    long-format release."""
    live_server = series_server
    exposure_takes = {"listTasks": {"q"}, "listOccupations": {"major_group", "q"}}
    for op_id, path, op in operations():
        if op_id in {"health", "ready", "listReleases"}:
            continue  # no parameters, nothing to fill in
        releases = (USAGE, SECOND, EXPOSURE) if "{release}" in path else ("",)
        extra = (LONG,) if op_id in LONG_ONLY else (V2,) if op_id in V2_ONLY else ()
        for release in (*releases, *extra):
            if op_id in NOT_SERVED.get(release, set()):
                continue
            kwargs = path_args(op, release, live_server.data_root)
            kwargs.update(LONG_PAIR.get(op_id, {}))
            if "resource" in kwargs or "file" in kwargs:
                continue  # covered above, with a table of each release
            for parameter in op["parameters"]:
                if parameter["in"] != "query" or "example" not in parameter:
                    continue
                if release == EXPOSURE and parameter["name"] not in exposure_takes.get(op_id, ()):
                    continue
                kwargs[python_name(parameter["name"])] = parameter["example"]
            response = call(generated, live_server, op_id, op, **kwargs)
            assert response.status_code == 200, (op_id, release, kwargs, response.content[:300])
            body = json.loads(response.content) if response.content[:1] in (b"{", b"[") else None
            # The real 2025-09-15 rows here are a sample of countries without the USA of the
            # `country` example (the upstream file has it): that one page may be empty.
            partial = release == LONG and op_id == "listGeographies"
            if isinstance(body, dict) and "total" in body and not partial:
                assert body["total"] > 0, (op_id, release, kwargs)
            if isinstance(body, dict) and "data" in body and not partial:
                assert body["data"], (op_id, release, kwargs)
