"""Property-based fuzzing of the API against its committed OpenAPI spec (issue 5, §2).

schemathesis reads ``openapi/openapi.json`` (the committed spec, which another test keeps
equal to what the server serves) and, for every operation, generates requests that fit the
spec and requests that break it, sends them to a real server on 127.0.0.1 and checks each
answer: never a 5xx; status code, content type, headers and body as the spec documents them;
invalid input rejected with a 4xx.

The release path parameter is a free string in the spec. Left alone, almost every generated
release would be unknown and the fuzzing would only ever see 404s, so the test's copy of the
spec offers the published ids (and ``latest``) as likely values *besides* any string; the same
for resource file names, task ids and occupation codes. The set of valid requests is
unchanged: only where the generator looks first.

Bounded for CI: ``MAX_EXAMPLES`` generated cases per operation in the fuzzing phase, plus
schemathesis's example and coverage phases (a few dozen deterministic cases each).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.core.result import Err

from econindex_api.catalog import CATALOG_FILE, decode_catalog
from tests.conftest import REPO, LiveServer

SPEC_PATH = REPO / "openapi" / "openapi.json"
MAX_EXAMPLES = 50

# Likely values of path parameters (see the module docstring). Release ids and file names are
# the ones the real build publishes; the test below checks they are exactly the catalog's.
RELEASE_IDS = ["2025-02-10", "2025-03-27", "labor-market-impacts", "latest"]
RESOURCE_NAMES = [
    "category_interaction_modes",
    "category_usage",
    "clusters",
    "interaction_modes",
    "interaction_split",
    "job_exposure",
    "occupation_interaction_modes",
    "occupation_thinking",
    "occupation_usage",
    "occupations",
    "soc_structure",
    "task_interaction_modes",
    "task_occupation_shares",
    "task_penetration",
    "task_thinking",
    "task_usage",
    "tasks",
    "workforce",
]
TASK_IDS = ["3445", "1267", "16184", "1", "0"]
OCCUPATION_CODES = ["15-1131.00", "15-1133.00", "27-2042.00", "11-1011.00", "15-1252.00"]

LIKELY_VALUES: dict[str, list[str]] = {
    "release": RELEASE_IDS,
    "resource": [f"{name}.{ext}" for name in RESOURCE_NAMES for ext in ("csv", "parquet")],
    "task_id": TASK_IDS,
    "code": OCCUPATION_CODES,
}


def spec_with_likely_path_values(raw: dict[str, Any]) -> dict[str, Any]:
    """A copy of the spec whose path parameters list likely values first (same valid set)."""
    spec = copy.deepcopy(raw)
    for operations in spec["paths"].values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                values = LIKELY_VALUES.get(parameter.get("name", ""))
                if parameter.get("in") == "path" and values is not None:
                    parameter["schema"] = {"anyOf": [{"enum": values}, parameter["schema"]]}
    return spec


# Every built-in check runs except positive_data_acceptance ("a request the schema allows gets
# a 2xx"): the API has documented rules a JSON schema cannot state (cursors are opaque tokens
# issued by the server; `edges` and `quantiles` exclude each other; parameters of one measure
# are refused on a release without it), so it rightly answers some schema-valid requests with
# a documented 400 problem. status_code_conformance still checks that 400 is documented there.
# A query string over the documented limit (4096 bytes) is refused with 414 (documented on
# every operation), so 414 is a valid rejection of negative data too.
REJECTIONS = [400, 401, 403, 404, 405, 406, 409, 414, 415, 422, 428, 429]
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"enabled": False},
            "negative_data_rejection": {
                "expected-statuses": [*REJECTIONS, "5XX"],
            },
        }
    }
)

RAW_SPEC: dict[str, Any] = json.loads(SPEC_PATH.read_text())
schema = schemathesis.openapi.from_dict(spec_with_likely_path_values(RAW_SPEC), config=CONFIG)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_conforms_to_its_spec(case: schemathesis.Case[Any], live_server: LiveServer) -> None:
    response = case.call(base_url=live_server.base_url, timeout=30)
    # Beyond schemathesis's checks: whatever the input, never a stack trace in a body.
    assert b"Traceback" not in response.content
    case.validate_response(response)


def test_every_spec_operation_is_fuzzed() -> None:
    """The fuzzed operations are exactly the spec's GET operations (none filtered out)."""
    expected = {
        f"GET {path}"
        for path, operations in RAW_SPEC["paths"].items()
        for method in operations
        if method == "get"
    }
    fuzzed = set()
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            pytest.fail(f"schemathesis cannot read an operation of the spec: {result.err()}")
        fuzzed.add(result.ok().label)
    assert fuzzed == expected
    assert len(expected) >= 15


def test_likely_values_are_the_published_ones(published_root: Path) -> None:
    """The hint lists match the real build, so the fuzzer really reaches the data."""
    catalog = decode_catalog((published_root / CATALOG_FILE).read_bytes())
    assert sorted(RELEASE_IDS) == sorted([r.id for r in catalog.releases] + ["latest"])
    published = sorted({r.name for rel in catalog.releases for r in rel.current.resources})
    assert published == sorted(RESOURCE_NAMES)
