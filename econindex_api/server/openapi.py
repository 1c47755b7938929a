"""The OpenAPI 3.1 document of the API, generated from the same declarations the server uses.

Operations are listed in :data:`OPERATIONS`; their query parameters are the ParamSpecs the
handlers parse with, their response schemas come from the msgspec models
(``msgspec.json.schema_components``: JSON Schema 2020-12, which OpenAPI 3.1 uses). So the
document cannot drift from the behaviour. The committed copy lives in ``openapi/openapi.json``;
regenerate it with ``python -m econindex_api.server.openapi > openapi/openapi.json``.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import msgspec

from econindex_api import models
from econindex_api._version import __version__
from econindex_api.server import change as C
from econindex_api.server import endpoints as E
from econindex_api.server.params import FORMAT, ParamSpec, openapi_parameter

Kind = Literal["data", "list", "download", "catalog", "status"]

RELEASE_PARAM = (
    "release",
    "A release id (e.g. 2025-02-10, labor-market-impacts) or `latest`, the newest dated "
    "release of the usage series.",
    "latest",
)


@dataclass(frozen=True)
class Operation:
    path: str
    operation_id: str
    summary: str
    description: str
    tag: str
    kind: Kind
    response: Any = None
    params: Sequence[ParamSpec] = ()
    path_params: Sequence[tuple[str, str, str]] = field(default_factory=tuple)
    download_media: Sequence[str] = ()


def _release_op(
    path: str,
    operation_id: str,
    summary: str,
    description: str,
    tag: str,
    kind: Kind,
    response: Any = None,
    params: Sequence[ParamSpec] = (),
    extra_path: Sequence[tuple[str, str, str]] = (),
    download_media: Sequence[str] = (),
) -> Operation:
    return Operation(
        path=f"/v1/releases/{{release}}{path}",
        operation_id=operation_id,
        summary=summary,
        description=description,
        tag=tag,
        kind=kind,
        response=response,
        params=params,
        path_params=(RELEASE_PARAM, *extra_path),
        download_media=download_media,
    )


COMPARE_PATH_PARAMS = (
    (
        "from",
        "The earlier release: a dated id or `latest`. Must be of the same series as `to`.",
        "2025-02-10",
    ),
    ("to", "The later release: a dated id or `latest`.", "latest"),
)
COMPARE_DESCRIPTION = (
    " Rows: key, title, from_value and to_value (null when the entity is not in that release, "
    "never 0), change (to - from) and change_pp (the same, in percentage points, for _pct "
    "measures), relative_change ((to - from) / from; null when from is 0 or missing), in_from "
    "and in_to. Default order: largest absolute change first. Releases of different series: "
    "400 incomparable-releases. The same release on both sides: every change is 0."
)


def _compare_ops() -> list[Operation]:
    ops = []
    for name in C.MEASURE_NAMES:
        if name in C.MEASURES:
            summary = C.MEASURES[name].summary
            description = C.MEASURES[name].description
        elif name == "depth":
            summary = "Change of depth of use within occupations"
            description = (
                "One row per threshold (same thresholds on both sides): occupations_pct, the "
                "share of occupations whose tasks_with_usage_fraction reaches it."
            )
        else:
            summary = "Change of usage by wage band"
            description = (
                "One row per band of median annual wage, fixed USD edges on both sides, and a "
                "`no wage` row: share_pct. `quantiles` is refused (400)."
            )
        op_id = "compare" + "".join(part.capitalize() for part in name.replace("/", "-").split("-"))
        ops.append(
            Operation(
                f"/v1/compare/{{from}}/{{to}}/{name}",
                op_id,
                summary,
                description + COMPARE_DESCRIPTION,
                "change",
                "list",
                models.ComparePage,
                params=C.params_of(name),
                path_params=COMPARE_PATH_PARAMS,
            )
        )
    return ops


SERIES_DESCRIPTION = (
    " One point per dated release of the usage series, oldest first: release id, date, "
    "observation window, value (null and present = false when the entity is not in that "
    "release) and the provenance of that point."
)


def _series_ops() -> list[Operation]:
    return [
        Operation(
            "/v1/series/categories/{major_group}",
            "seriesCategory",
            "Share of conversations of one SOC major group, release by release",
            "share_pct of the major group." + SERIES_DESCRIPTION,
            "change",
            "data",
            models.SeriesSet,
            params=C.SERIES_ENTITY_PARAMS,
            path_params=(("major_group", "SOC major group: '15' or '15-0000'.", "15"),),
        ),
        Operation(
            "/v1/series/occupations/{code}",
            "seriesOccupation",
            "Share of conversations of one occupation, release by release",
            "share_pct of the O*NET-SOC occupation." + SERIES_DESCRIPTION,
            "change",
            "data",
            models.SeriesSet,
            params=C.SERIES_ENTITY_PARAMS,
            path_params=(("code", "O*NET-SOC code.", "15-1132.00"),),
        ),
        Operation(
            "/v1/series/tasks/{task_id}",
            "seriesTask",
            "Share of conversations of one task statement, release by release",
            "share_pct of the statement's task key." + SERIES_DESCRIPTION,
            "change",
            "data",
            models.SeriesSet,
            params=C.SERIES_ENTITY_PARAMS,
            path_params=(("task_id", "O*NET task id.", "8823"),),
        ),
        Operation(
            "/v1/series/interaction-modes",
            "seriesInteractionModes",
            "The automation/augmentation split and each mode, release by release",
            "value=headline_share_pct (default): the split (level split) and the five modes "
            "without `none` (level mode); value=share_pct: the six modes as published."
            + SERIES_DESCRIPTION,
            "change",
            "data",
            models.SeriesSet,
            params=C.SERIES_INTERACTION_PARAMS,
        ),
        Operation(
            "/v1/series/depth",
            "seriesDepth",
            "Depth of use within occupations, release by release",
            "occupations_pct at each threshold (default 0.25,0.5,0.75)." + SERIES_DESCRIPTION,
            "change",
            "data",
            models.SeriesSet,
            params=C.SERIES_DEPTH_PARAMS,
        ),
    ]


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "/v1/releases",
        "listReleases",
        "The catalog of published releases",
        "Every release id with its current version, measures, package hash and links. "
        "`latest` names the newest dated release of the usage series.",
        "releases",
        "catalog",
        models.ReleaseList,
        params=(FORMAT,),
    ),
    _release_op(
        "",
        "getRelease",
        "One release",
        "The release, its resources (CSV and Parquet files with sizes and sha256) and the "
        "endpoints that apply to it. With `latest`, `release.id` is the dated id it resolved to.",
        "releases",
        "data",
        models.ReleaseDetail,
    ),
    _release_op(
        "/datapackage.json",
        "getDatapackage",
        "The Frictionless Data Package descriptor",
        "The release's `datapackage.json` (its sha256 is the package hash). ETag = the file's "
        "sha256; Range requests are supported.",
        "downloads",
        "download",
        download_media=("application/json",),
    ),
    _release_op(
        "/package.zip",
        "getPackageZip",
        "The whole data package as a zip",
        "`datapackage.json` and every resource, deterministic zip. ETag = the file's sha256; "
        "Range requests are supported.",
        "downloads",
        "download",
        download_media=("application/zip",),
    ),
    _release_op(
        "/resources/{resource}",
        "getResource",
        "One table as CSV or Parquet",
        "`{name}.csv` or `{name}.parquet`, name one of the release's tables (see the release's "
        "resources). ETag = the file's sha256; Range requests are supported.",
        "downloads",
        "download",
        extra_path=(
            ("resource", "Table file, `<name>.csv` or `<name>.parquet`.", "occupation_usage.csv"),
        ),
        download_media=("text/csv", "application/vnd.apache.parquet"),
    ),
    _release_op(
        "/tasks",
        "listTasks",
        "Task usage",
        "Usage releases: one row per O*NET task statement (task id under an occupation) with "
        "the share of conversations of its task key (`share_pct`) and the part attributed to "
        "this occupation (`attributed_share_pct`). The exposure release: one row per task "
        "statement with `penetration_fraction`. Pages are tagged by `kind`.",
        "tasks",
        "list",
        models.TaskUsagePage | models.TaskPenetrationPage,
        params=E.TASKS_ALL_PARAMS,
    ),
    _release_op(
        "/tasks/{task_id}",
        "getTask",
        "One task",
        "The task and every occupation whose statements carry its task key, with the share "
        "attributed to each (usage releases only).",
        "tasks",
        "data",
        models.TaskDetail,
        extra_path=(("task_id", "O*NET task id.", "8823"),),
    ),
    _release_op(
        "/occupations",
        "listOccupations",
        "Occupation usage",
        "Usage releases: one row per O*NET-SOC occupation with task statements: share of "
        "conversations, tasks_total, tasks_with_usage, tasks_with_usage_fraction, median wage, "
        "major group. The exposure release: one row per 6-digit SOC occupation with "
        "`observed_exposure_fraction`. Pages are tagged by `kind`.",
        "occupations",
        "list",
        models.OccupationUsagePage | models.OccupationExposurePage,
        params=E.OCC_ALL_PARAMS,
    ),
    _release_op(
        "/occupations/{code}",
        "getOccupation",
        "One occupation with its tasks",
        "Usage releases: the occupation (O*NET-SOC code, e.g. 15-1131.00) and its task "
        "statements with their shares. The exposure release: the 6-digit SOC occupation "
        "(e.g. 15-1252) and its observed exposure.",
        "occupations",
        "data",
        models.OccupationUsageDetail | models.OccupationExposureDetail,
        extra_path=(
            ("code", "O*NET-SOC code (usage) or 6-digit SOC code (exposure).", "15-1131.00"),
        ),
    ),
    _release_op(
        "/categories",
        "listCategories",
        "Usage by SOC major group",
        "Per SOC major group: share of conversations next to the group's share of US "
        "employment (workforce_pct).",
        "categories",
        "list",
        models.CategoryPage,
        params=E.CATEGORY_PARAMS,
    ),
    _release_op(
        "/wage-bands",
        "getWageBands",
        "Usage by wage band",
        "Sum of occupation shares per band of median annual wage, with the number of "
        "occupations per band and a final `no wage` row. Bands from `edges` (USD) or "
        "`quantiles` of occupations; default quartiles (`quantiles=0.25,0.5,0.75`). CSV gives "
        "the bands.",
        "methods",
        "data",
        models.WageBands,
        params=E.WAGE_BAND_PARAMS,
    ),
    _release_op(
        "/depth",
        "getDepth",
        "Depth of use within occupations",
        "Share of occupations whose fraction of tasks with usage is at least each threshold "
        "(default 0.25,0.5,0.75), the distribution of the fractions and summary statistics. "
        "CSV gives the thresholds.",
        "methods",
        "data",
        models.Depth,
        params=E.DEPTH_PARAMS,
    ),
    _release_op(
        "/interaction-modes",
        "getInteractionModes",
        "Interaction modes and the automation/augmentation split",
        "Raw shares per mode as published (including `none`) and the headline split: `none` "
        "dropped, the rest rescaled to 100; automation = directive + feedback loop, "
        "augmentation = task iteration + learning + validation. CSV gives the modes.",
        "methods",
        "data",
        models.InteractionModes,
        params=E.FORMAT_ONLY,
    ),
    Operation(
        "/health",
        "health",
        "Liveness",
        "200 while the process runs.",
        "service",
        "status",
        models.Health,
    ),
    Operation(
        "/ready",
        "ready",
        "Readiness",
        "`ready` (200) when every release in the catalog is loaded and verified; `degraded` "
        "(200) when some are unavailable; `not_ready` (503) when none is.",
        "service",
        "status",
        models.Ready,
    ),
    *_compare_ops(),
    *_series_ops(),
)

CSV_KINDS = {"list", "catalog"}
CSV_DATA_OPERATIONS = {
    "getWageBands",
    "getDepth",
    "getInteractionModes",
    "seriesCategory",
    "seriesOccupation",
    "seriesTask",
    "seriesInteractionModes",
    "seriesDepth",
}

DESCRIPTION = """\
Read-only API of the econindex releases: how conversations with an AI assistant map onto the
tasks, occupations and wages of the economy, republished as dated, immutable releases.

**Units.** Fields ending `_pct` are percentages 0-100; fields ending `_fraction` are fractions
0-1; `_usd` are US dollars per year. The share of conversations (`share_pct`) and the exposure
measures (`observed_exposure_fraction`, `penetration_fraction`) never share a field.

**Releases.** `{release}` is a dated id (`2025-02-10`), `labor-market-impacts` (the exposure
tables) or `latest` (the newest dated usage release). Dated answers are immutable
(`Cache-Control: public, max-age=31536000, immutable`); `latest` answers have a short max-age.

**Provenance.** Every data response names the release, package version and package sha256 in
the body (`provenance`) and in the headers `X-Econindex-Release`,
`X-Econindex-Package-Version`, `X-Econindex-Package-Sha256`.

**Lists.** JSON pages `{kind, data, total, limit, next_cursor, next, provenance}`; `limit`
default 100, maximum 1000; follow `next` (also in a `Link: <...>; rel="next"` header) until it
is null; the order is stable (sort field, then the table's key). CSV with `Accept: text/csv`
or `format=csv`: every matching row at once unless `limit` or `cursor` is given.

**Caching.** Strong ETags (package hash + request); send `If-None-Match` for a 304.

**Errors.** RFC 9457 `application/problem+json` with a stable `type`
(`https://econindex.invalid/problems/<kind>`): unknown-release, unknown-task,
unknown-occupation, unknown-category, unknown-resource, measure-not-available, not-found (404);
invalid-parameter, unknown-parameter (400, member `parameter` names it);
incomparable-releases (400: compare across series); method-not-allowed (405);
range-not-satisfiable (416); release-unavailable (503).

**Change.** `/v1/compare/{from}/{to}/{measure}` compares two releases of one series on stable
keys; `/v1/series/...` gives one measure across every usage release, oldest first.
"""


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


def _header_refs(names: Sequence[str]) -> dict[str, Any]:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


HEADERS = {
    "ETag": (
        "Strong entity tag: the file's sha256 for downloads, else package hash + request.",
        "string",
    ),
    "Cache-Control": ("Immutable for a dated release id, short max-age for latest.", "string"),
    models.HEADER_RELEASE: ("Dated release id that answered (latest resolved).", "string"),
    models.HEADER_PACKAGE_VERSION: ("Package version (semver).", "string"),
    models.HEADER_PACKAGE_SHA256: ("sha256 of the package's datapackage.json.", "string"),
    models.HEADER_TOTAL_COUNT: ("Rows matching the filters (list endpoints).", "integer"),
    "Link": ('`<next page>; rel="next"` while there are more pages.', "string"),
    "Content-Range": ("Byte range sent (206) or the file size (416).", "string"),
    C.HEADER_FROM_RELEASE: ("Compare: dated id of the `from` release.", "string"),
    C.HEADER_FROM_PACKAGE_VERSION: ("Compare: package version of `from`.", "string"),
    C.HEADER_FROM_PACKAGE_SHA256: ("Compare: package sha256 of `from`.", "string"),
}
DATA_HEADERS = (
    "ETag",
    "Cache-Control",
    models.HEADER_RELEASE,
    models.HEADER_PACKAGE_VERSION,
    models.HEADER_PACKAGE_SHA256,
)


def _download_schema(media_type: str) -> dict[str, Any]:
    """A JSON file is an object to a validator (a Data Package descriptor); others are bytes."""
    if media_type == "application/json":
        return {"schema": {"type": "object", "description": "Frictionless Data Package v2."}}
    return {"schema": {"type": "string", "contentMediaType": media_type}}


def _operation(op: Operation, schemas: dict[Any, Any]) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "description": description,
            "schema": {"type": "string"},
            "example": example,
        }
        for name, description, example in op.path_params
    ]
    parameters.extend(openapi_parameter(p) for p in op.params)
    responses: dict[str, Any] = {}
    if op.kind == "download":
        responses["200"] = {
            "description": "The file.",
            "headers": _header_refs(DATA_HEADERS),
            "content": {media: _download_schema(media) for media in op.download_media},
        }
        responses["206"] = {
            "description": "The requested byte range.",
            "headers": _header_refs([*DATA_HEADERS, "Content-Range"]),
        }
        responses["304"] = {"description": "Not modified (If-None-Match matched)."}
        responses["400"] = _problem_response("Unknown query parameter (downloads take none).")
        responses["404"] = _problem_response("Unknown release or resource.")
        responses["416"] = _problem_response("Range not satisfiable.")
        responses["503"] = _problem_response("Release unavailable (a file failed its check).")
    else:
        content: dict[str, Any] = {"application/json": {"schema": schemas[op.response]}}
        if op.kind in CSV_KINDS or op.operation_id in CSV_DATA_OPERATIONS:
            content["text/csv"] = {"schema": {"type": "string"}}
        names: list[str] = [] if op.kind == "status" else list(DATA_HEADERS)
        if op.kind == "catalog":
            names = ["ETag", "Cache-Control"]
        if op.kind == "list":
            names += [models.HEADER_TOTAL_COUNT, "Link"]
        if op.path.startswith("/v1/compare/"):
            names += [
                C.HEADER_FROM_RELEASE,
                C.HEADER_FROM_PACKAGE_VERSION,
                C.HEADER_FROM_PACKAGE_SHA256,
            ]
        ok: dict[str, Any] = {"description": "OK", "content": content}
        if names:
            ok["headers"] = _header_refs(names)
        responses["200"] = ok
        if op.operation_id == "ready":
            responses["503"] = {"description": "No release is available.", "content": content}
        if op.kind != "status":
            responses["304"] = {"description": "Not modified (If-None-Match matched)."}
            responses["400"] = _problem_response("Invalid or unknown query parameter.")
            if op.kind != "catalog":
                responses["404"] = _problem_response(
                    "Unknown release, task or occupation, or the endpoint does not apply to "
                    "the release (measure-not-available)."
                )
                responses["503"] = _problem_response("Release unavailable.")
    return {
        "operationId": op.operation_id,
        "summary": op.summary,
        "description": op.description,
        "tags": [op.tag],
        "parameters": parameters,
        "responses": responses,
    }


def field_docs() -> dict[str, dict[str, str]]:
    """Attribute docstrings of the wire models (``x: int`` followed by a string), by class.

    msgspec puts class docstrings into the schema but not attribute docstrings; reading them
    from the source keeps ``models.py`` the single place where fields are documented.
    """
    tree = ast.parse(inspect.getsource(models))
    docs: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        own: dict[str, str] = {}
        for stmt, following in itertools.pairwise(node.body):
            if (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                own[stmt.target.id] = inspect.cleandoc(following.value.value)
        docs[node.name] = own
    return docs


def _describe_fields(components: dict[str, Any]) -> None:
    docs = field_docs()
    for name, schema in components.items():
        cls = getattr(models, name, None)
        if cls is None or "properties" not in schema:
            continue
        for base in reversed(cls.__mro__):  # subclasses override their bases
            for field_name, doc in docs.get(base.__name__, {}).items():
                prop = schema["properties"].get(field_name)
                if prop is not None:
                    prop["description"] = doc


def build_openapi() -> dict[str, Any]:
    types = [op.response for op in OPERATIONS if op.response is not None]
    types.append(models.Problem)
    schema_list, components = msgspec.json.schema_components(
        types, ref_template="#/components/schemas/{name}"
    )
    _describe_fields(components)
    schemas = dict(zip(types, schema_list, strict=True))
    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})["get"] = _operation(op, schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "econindex API",
            "version": __version__,
            "summary": "Economic index of AI use: releases, tasks, occupations, wages.",
            "description": DESCRIPTION,
            "license": {"name": "Data: CC-BY-4.0; code: MIT", "identifier": "CC-BY-4.0"},
        },
        "tags": [
            {"name": "releases", "description": "The catalog and its releases."},
            {"name": "downloads", "description": "Data package files (verified, immutable)."},
            {"name": "tasks", "description": "O*NET task statements and their usage."},
            {"name": "occupations", "description": "Occupations and their usage."},
            {"name": "categories", "description": "SOC major groups."},
            {"name": "methods", "description": "Wage bands, depth, interaction modes."},
            {
                "name": "change",
                "description": "Change between two releases and time series over releases.",
            },
            {"name": "service", "description": "Liveness and readiness."},
        ],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(components.items())),
            "headers": {
                name: {"description": description, "schema": {"type": kind}}
                for name, (description, kind) in HEADERS.items()
            },
        },
    }


def openapi_bytes() -> bytes:
    """The document as served and committed: indented JSON, stable key order, final newline."""
    return msgspec.json.format(msgspec.json.encode(build_openapi()), indent=2) + b"\n"


if __name__ == "__main__":
    sys.stdout.buffer.write(openapi_bytes())
