"""Bad input gets an RFC 9457 problem with a stable type, never a 500 or a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import msgspec
import pytest

from econindex_api import models
from tests.conftest import LiveServer

USAGE = "2025-02-10"
EXPOSURE = "labor-market-impacts"


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=30) as c:
        yield c


def problem(response: httpx.Response, status: int, type_: str) -> models.Problem:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = msgspec.json.decode(response.content, type=models.Problem)
    assert body.status == status
    assert body.type == type_
    assert "Traceback" not in response.text
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/v1/releases/2099-01-01",
        "/v1/releases/nope/tasks",
        "/v1/releases/LATEST/depth",
        "/v1/releases/2099-01-01/package.zip",
    ],
)
def test_unknown_release_is_404_listing_the_releases(client: httpx.Client, path: str) -> None:
    body = problem(client.get(path), 404, models.PROBLEM_UNKNOWN_RELEASE)
    assert body.allowed == [USAGE, "2025-03-27", EXPOSURE, "latest"]
    assert USAGE in (body.detail or "")


def test_unknown_task_and_occupation_are_404(client: httpx.Client) -> None:
    for task in ("999999999", "abc", "-1", "1e3"):
        problem(client.get(f"/v1/releases/{USAGE}/tasks/{task}"), 404, models.PROBLEM_UNKNOWN_TASK)
    for code in ("99-9999.00", "15-1131", "x"):
        problem(
            client.get(f"/v1/releases/{USAGE}/occupations/{code}"),
            404,
            models.PROBLEM_UNKNOWN_OCCUPATION,
        )
    problem(
        client.get(f"/v1/releases/{EXPOSURE}/occupations/99-9999"),
        404,
        models.PROBLEM_UNKNOWN_OCCUPATION,
    )


@pytest.mark.parametrize(
    "path", ["depth", "wage-bands", "categories", "interaction-modes", "tasks/8823"]
)
def test_endpoints_that_do_not_apply_name_the_measures(client: httpx.Client, path: str) -> None:
    body = problem(
        client.get(f"/v1/releases/{EXPOSURE}/{path}"), 404, models.PROBLEM_MEASURE_NOT_AVAILABLE
    )
    assert body.measures == ["observed_exposure", "penetration"]
    assert "observed_exposure_fraction" in (body.detail or "")
    assert body.release == EXPOSURE


@pytest.mark.parametrize(
    ("path", "params", "parameter", "type_"),
    [
        ("tasks", {"limit": "-5"}, "limit", models.PROBLEM_INVALID_PARAMETER),
        ("tasks", {"limit": "0"}, "limit", models.PROBLEM_INVALID_PARAMETER),
        ("tasks", {"limit": "100000000000000000000000"}, "limit", models.PROBLEM_INVALID_PARAMETER),
        ("occupations", {"limit": "1001"}, "limit", models.PROBLEM_INVALID_PARAMETER),
        ("tasks", {"cursor": "garbage"}, "cursor", models.PROBLEM_INVALID_PARAMETER),
        ("tasks", {"sort": "password"}, "sort", models.PROBLEM_INVALID_PARAMETER),
        ("tasks", {"major_group": "1"}, "major_group", models.PROBLEM_INVALID_PARAMETER),
        ("tasks", {"major_group": "99"}, "major_group", models.PROBLEM_INVALID_PARAMETER),
        ("tasks", {"occupation": "15-1131"}, "occupation", models.PROBLEM_INVALID_PARAMETER),
        ("tasks", {"occupation": "99-9999.00"}, "occupation", models.PROBLEM_INVALID_PARAMETER),
        ("tasks", {"min_share_pct": "101"}, "min_share_pct", models.PROBLEM_INVALID_PARAMETER),
        ("tasks", {"format": "xml"}, "format", models.PROBLEM_INVALID_PARAMETER),
        (
            "occupations",
            {"min_wage_usd": "9", "max_wage_usd": "1"},
            "max_wage_usd",
            models.PROBLEM_INVALID_PARAMETER,
        ),
        ("wage-bands", {"edges": "50000,10000"}, "edges", models.PROBLEM_INVALID_PARAMETER),
        (
            "wage-bands",
            {"edges": "1", "quantiles": "0.5"},
            "quantiles",
            models.PROBLEM_INVALID_PARAMETER,
        ),
        ("wage-bands", {"quantiles": "0,0.5"}, "quantiles", models.PROBLEM_INVALID_PARAMETER),
        ("depth", {"thresholds": "0.5,inf"}, "thresholds", models.PROBLEM_INVALID_PARAMETER),
        ("depth", {"bins": "0"}, "bins", models.PROBLEM_INVALID_PARAMETER),
        ("tasks", {"unknown": "1"}, "unknown", models.PROBLEM_UNKNOWN_PARAMETER),
        ("depth", {"limit": "5"}, "limit", models.PROBLEM_UNKNOWN_PARAMETER),
        ("tasks/8823", {"q": "x"}, "q", models.PROBLEM_UNKNOWN_PARAMETER),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(
    client: httpx.Client, path: str, params: dict[str, Any], parameter: str, type_: str
) -> None:
    body = problem(client.get(f"/v1/releases/{USAGE}/{path}", params=params), 400, type_)
    assert body.parameter == parameter
    assert parameter in (body.detail or "")


def test_usage_parameters_on_the_exposure_release_name_its_measures(
    client: httpx.Client,
) -> None:
    response = client.get(f"/v1/releases/{EXPOSURE}/tasks", params={"min_share_pct": "1"})
    body = problem(response, 400, models.PROBLEM_INVALID_PARAMETER)
    assert body.parameter == "min_share_pct"
    assert body.measures == ["observed_exposure", "penetration"]


def test_a_cursor_from_another_query_is_refused(client: httpx.Client) -> None:
    first = client.get(f"/v1/releases/{USAGE}/tasks", params={"q": "data", "limit": 5}).json()
    cursor = first["next_cursor"]
    assert cursor is not None
    other = client.get(f"/v1/releases/{USAGE}/tasks", params={"q": "code", "cursor": cursor})
    body = problem(other, 400, models.PROBLEM_INVALID_PARAMETER)
    assert body.parameter == "cursor"
    tampered = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")
    problem(
        client.get(f"/v1/releases/{USAGE}/tasks", params={"q": "data", "cursor": tampered}),
        400,
        models.PROBLEM_INVALID_PARAMETER,
    )


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(client: httpx.Client, method: str) -> None:
    response = client.request(method, f"/v1/releases/{USAGE}/tasks")
    body = problem(response, 405, models.PROBLEM_METHOD_NOT_ALLOWED)
    assert "GET" in response.headers["allow"]
    assert body.allowed is not None and "GET" in body.allowed


@pytest.mark.parametrize(
    "resource",
    [
        "tasks.json",
        "..%2F..%2Fcatalog.json",
        "tasks",
        "TASKS.csv",
        "%2Fetc%2Fpasswd.csv",
        "nope.parquet",
    ],
)
def test_unknown_or_traversing_resource_names_are_404(client: httpx.Client, resource: str) -> None:
    response = client.get(f"/v1/releases/{USAGE}/resources/{resource}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert b"catalog_version" not in response.content


def test_unknown_paths_are_404_problems(client: httpx.Client) -> None:
    problem(client.get("/v2/releases"), 404, models.PROBLEM_NOT_FOUND)
    problem(client.get(f"/v1/releases/{USAGE}/tasks/1/2"), 404, models.PROBLEM_NOT_FOUND)


def test_unsatisfiable_range_is_416(client: httpx.Client) -> None:
    response = client.get(
        f"/v1/releases/{USAGE}/package.zip", headers={"Range": "bytes=999999999-"}
    )
    problem(response, 416, models.PROBLEM_RANGE_NOT_SATISFIABLE)
    assert response.headers["content-range"].startswith("bytes */")
