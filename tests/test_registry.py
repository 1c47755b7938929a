"""One declaration per endpoint (issue 8 §9) and canonical cache keys (§2).

The server's routes, OpenAPI operations and release links all come from the registry; a
declaration with path parameters beyond ``{release}``, or not under a release at all, works
through the same mechanism. Equivalent requests share one canonical answer: the same ETag,
the same body, canonical ``next`` links and cursors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from econindex_api import models
from econindex_api.server.data_source import LocalDataSource
from econindex_api.server.declarations import all_endpoints
from econindex_api.server.store import Store
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.cache import Prepared, prepare
from econindex_api.server.toolkit.problems import ApiProblem
from econindex_api.server.toolkit.registry import RELEASE, Endpoint, PathParam, Variant
from econindex_api.server.toolkit.respond import JSON, Context, object_answer, resolve
from tests.conftest import LiveServer

USAGE = "2025-02-10"
EXPOSURE = "labor-market-impacts"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.base_url, timeout=30) as c:
        yield c


# --- the declarations drive routes, OpenAPI and links ---


def test_every_declared_endpoint_is_served_and_documented(client: httpx.Client) -> None:
    spec = json.loads((REPO / "openapi" / "openapi.json").read_text())
    declared = [e for e in all_endpoints() if e.openapi]
    assert list(spec["paths"]) == [e.path for e in declared]
    for endpoint in declared:
        operation = spec["paths"][endpoint.path]["get"]
        documented = [p["name"] for p in operation["parameters"] if p["in"] == "query"]
        assert documented == [p.name for p in endpoint.all_params]
        example = {p.name: p.example for p in endpoint.path_params}
        path = endpoint.path.format(**{**example, "release": USAGE})
        response = client.get(path)
        # every declared path is routed: an answer, never Litestar's "no such path"
        assert response.status_code in (200, 404), (path, response.text[:200])
        if response.status_code == 404:
            assert response.json()["type"] != models.PROBLEM_NOT_FOUND, path


def test_release_links_are_the_linked_declarations(client: httpx.Client) -> None:
    usage = client.get(f"/v1/releases/{USAGE}").json()["release"]["links"]["endpoints"]
    assert usage == {
        "tasks": f"/v1/releases/{USAGE}/tasks",
        "occupations": f"/v1/releases/{USAGE}/occupations",
        "occupations_soc2018": f"/v1/releases/{USAGE}/occupations/soc2018",
        "occupations_exposure": f"/v1/releases/{USAGE}/occupations/exposure",
        "categories": f"/v1/releases/{USAGE}/categories",
        "wage_bands": f"/v1/releases/{USAGE}/wage-bands",
        "depth": f"/v1/releases/{USAGE}/depth",
        "interaction_modes": f"/v1/releases/{USAGE}/interaction-modes",
        "tables": f"/v1/releases/{USAGE}/tables",
    }
    exposure = client.get(f"/v1/releases/{EXPOSURE}").json()["release"]["links"]["endpoints"]
    assert exposure == {
        "tasks": f"/v1/releases/{EXPOSURE}/tasks",
        "occupations": f"/v1/releases/{EXPOSURE}/occupations",
        "tables": f"/v1/releases/{EXPOSURE}/tables",
    }


def test_a_declaration_can_take_any_path_parameters(published_root: Path) -> None:
    """An endpoint over two releases and a measure, not under /v1/releases/{release}, and a
    release endpoint with a second path parameter, answered by the registry's mechanism."""

    def compare(ctx: Context) -> Prepared:
        a = resolve(ctx.snapshot, ctx.path_params["from"])
        b = resolve(ctx.snapshot, ctx.path_params["to"])
        body = json.dumps([a.id, b.id, ctx.path_params["measure"], ctx.params["limit"]])
        return prepare(body.encode(), JSON, ctx.etag_hex("json"), tuple(ctx.base_headers()))

    compare_endpoint = Endpoint(
        name="compare_test",
        path="/v1/compare/{from}/{to}/{measure}",
        summary="s",
        description="d",
        tag="t",
        kind="object",
        variants=(Variant((P.LIMIT,), compare),),
        path_params=(
            PathParam("from", "a release", USAGE),
            PathParam("to", "a release", USAGE),
            PathParam("measure", "a measure", "share_pct"),
        ),
    )
    store = Store(LocalDataSource(published_root))
    snapshot = store.load()
    ctx, key = compare_endpoint.prepare_context(
        snapshot, {"from": "latest", "to": EXPOSURE, "measure": "m"}, b"limit=05", None
    )
    assert json.loads(compare(ctx).body) == ["2025-03-27", EXPOSURE, "m", 5]  # latest
    assert ctx.state is None and ("cache-control", "public, max-age=60") in ctx.base_headers()
    _, same = compare_endpoint.prepare_context(
        snapshot, {"from": "latest", "to": EXPOSURE, "measure": "m"}, b"limit=5", None
    )
    assert same == key

    def usage_only(ctx: Context) -> Prepared:
        return object_answer(ctx, {"code": ctx.path_params["code"]})

    series_endpoint = Endpoint(
        name="series_test",
        path="/v1/releases/{release}/series/{code}",
        summary="s",
        description="d",
        tag="t",
        kind="object",
        variants=(
            Variant((), usage_only, applies=lambda v: v.task_rows is not None, serves="x: y"),
        ),
        path_params=(RELEASE, PathParam("code", "c", "15-1131.00")),
    )
    ctx, _ = series_endpoint.prepare_context(
        snapshot, {"release": USAGE, "code": "15-1131.00"}, b"", None
    )
    assert json.loads(usage_only(ctx).body) == {"code": "15-1131.00"}
    with pytest.raises(ApiProblem) as info:
        series_endpoint.prepare_context(snapshot, {"release": EXPOSURE, "code": "x"}, b"", None)
    assert info.value.status == 404
    assert info.value.type == models.PROBLEM_MEASURE_NOT_AVAILABLE
    assert "/series/{code}" in info.value.detail


def test_a_declaration_must_declare_its_path_parameters() -> None:
    with pytest.raises(ValueError, match="path_params"):
        Endpoint(
            name="x",
            path="/v1/releases/{release}/x/{y}",
            summary="s",
            description="d",
            tag="t",
            kind="object",
            variants=(Variant((), lambda ctx: prepare(b"", JSON, "0", ())),),
            path_params=(RELEASE,),
        )


# --- canonical cache keys ---


def _etag_and_body(client: httpx.Client, path: str, **headers: str) -> tuple[str, bytes]:
    response = client.get(path, headers={"accept-encoding": "identity", **headers})
    assert response.status_code == 200, response.text
    return response.headers["etag"], response.content


@pytest.mark.parametrize(
    "variants",
    [
        # q: white space collapsed, case folded (the search ignores both)
        ["q=software%20engineer", "q=+Software++ENGINEER+", "q=software%09engineer"],
        # numbers normalized
        [
            "min_share_pct=0.01",
            "min_share_pct=.01",
            "min_share_pct=1e-2",
            "min_share_pct=0.010",
            "min_share_pct=%2B0.01",
        ],
        # defaults filled in, order of parameters irrelevant
        ["", "sort=-share_pct", "sort=-share_pct&q=", "q=&sort=-share_pct"],
        ["limit=5&q=data", "q=data&limit=5", "q=data&limit=05"],
    ],
)
def test_equivalent_task_queries_share_one_answer(
    client: httpx.Client, variants: list[str]
) -> None:
    answers = {_etag_and_body(client, f"/v1/releases/{USAGE}/tasks?{v}") for v in variants}
    assert len(answers) == 1, variants


def test_equivalent_number_lists_share_one_answer(client: httpx.Client) -> None:
    forms = ["edges=30000,60000", "edges=3e4,6e4", "edges=30000.0,60000.00"]
    answers = {_etag_and_body(client, f"/v1/releases/{USAGE}/wage-bands?{f}") for f in forms}
    assert len(answers) == 1


def test_next_links_and_cursors_are_canonical(
    client: httpx.Client, live_server: LiveServer
) -> None:
    a = client.get(f"/v1/releases/{USAGE}/tasks?sort=-share_pct&limit=05&q=+The++&min_share_pct=0")
    b = client.get(f"/v1/releases/{USAGE}/tasks?q=the&min_share_pct=0.0&limit=5")
    assert a.status_code == b.status_code == 200
    assert a.json()["next"] == b.json()["next"]
    assert a.json()["next_cursor"] == b.json()["next_cursor"]
    link = urlsplit(a.json()["next"])
    # absolute, on the address the server listens on (no --public-url here)
    assert f"{link.scheme}://{link.netloc}" == live_server.base_url
    assert link.path == f"/v1/releases/{USAGE}/tasks"
    pairs = parse_qsl(link.query)
    names = [k for k, _ in pairs]
    # sorted, default sort left out, numbers written canonically, cursor last
    assert names == ["limit", "min_share_pct", "q", "cursor"]
    assert dict(pairs)["min_share_pct"] == "0" and dict(pairs)["q"] == "the"
    assert a.headers["link"] == f'<{a.json()["next"]}>; rel="next"'
    cursor = a.json()["next_cursor"]
    assert re.fullmatch(r"[A-Za-z0-9_-]+", cursor)
    following = client.get(a.json()["next"])
    assert following.status_code == 200
    assert following.json()["data"][0] != a.json()["data"][0]


@pytest.mark.parametrize("spoil", ["%0A", "=", "==", "%20", "%3D%3D"])
def test_a_cursor_not_in_canonical_form_is_400(client: httpx.Client, spoil: str) -> None:
    page = client.get(f"/v1/releases/{USAGE}/tasks?limit=5").json()
    response = client.get(f"/v1/releases/{USAGE}/tasks?limit=5&cursor={page['next_cursor']}{spoil}")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["parameter"] == "cursor"


def test_csv_by_format_or_accept_keep_their_own_links(client: httpx.Client) -> None:
    by_format = client.get(f"/v1/releases/{USAGE}/categories?format=csv&limit=5")
    by_accept = client.get(
        f"/v1/releases/{USAGE}/categories?limit=5", headers={"accept": "text/csv"}
    )
    assert by_format.status_code == by_accept.status_code == 200
    assert by_format.headers["content-type"].startswith("text/csv")
    assert by_accept.headers["content-type"].startswith("text/csv")
    assert by_format.content == by_accept.content
    # the next link repeats format=csv only for the client that asked with format=csv
    assert "format=csv" in by_format.headers["link"]
    assert "format=csv" not in by_accept.headers["link"]
