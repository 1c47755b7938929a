"""The OpenAPI 3.1 document of the API, generated from the same declarations the server uses.

Operations are the endpoints it is given (the app's: ``declarations.ENDPOINTS``, the areas'
lists joined); their query parameters are the ParamSpecs the handlers parse with (the
union over an endpoint's variants), their response schemas come from the msgspec models
(``msgspec.json.schema_components``: JSON Schema 2020-12, which OpenAPI 3.1 uses). So the
document cannot drift from the behaviour. The committed copy lives in ``openapi/openapi.json``;
regenerate it with ``python -m econindex_api.server.toolkit.openapi > openapi/openapi.json``.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import pkgutil
import sys
from collections.abc import Sequence
from typing import Any

import msgspec

from econindex_api import models
from econindex_api._version import __version__
from econindex_api.server.downloads import OCTET_STREAM
from econindex_api.server.toolkit.params import MAX_QUERY_BYTES, openapi_parameter
from econindex_api.server.toolkit.registry import Endpoint
from econindex_api.server.toolkit.representation import NDJSON_MEDIA, PARQUET_MEDIA, XLSX_MEDIA

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
is null. `next` is an absolute URL on the server's public address (`--public-url`, else the
address it listens on; never taken from the request's `Host`). The order is stable (sort
field, then the table's key).

**Downloads.** Every list (and the few objects with a table form) also answers CSV, NDJSON,
xlsx and Parquet: `format=csv|ndjson|xlsx|parquet`, or `Accept: text/csv`,
`application/x-ndjson`, `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`,
`application/vnd.apache.parquet` (`format` wins; JSON wins ties). Every matching row at once
unless `limit` or `cursor` is given; a page's next page is in the `Link: <...>; rel="next"`
header. Same columns and order in every form; xlsx keeps codes as text and carries the
provenance in an "about" sheet, Parquet in its key-value metadata; xlsx sends at most
50000 rows at once. An `Accept` naming only types we do not serve gets 406.

**Methods.** How every measure is computed from the upstream files: `docs/methods.md` in the
econindex repository, carried by every data package as `METHODS.md` (in `package.zip`), with
`README.md` and `CODEBOOK.md` (every table and field with its unit).

**Citing.** `/v1/releases/{release}/citation?format=bibtex|ris|csl-json`; Croissant 1.0
metadata at `/v1/releases/{release}/croissant.json`. The package's own layout is served under
the release URL (`datapackage.json`, `data/<table>.csv|parquet`), so Frictionless tools
pointed at the descriptor URL read every resource.

**Caching.** Strong ETags (package hash + request); send `If-None-Match` for a 304.

**Errors.** RFC 9457 `application/problem+json` with a stable `type`: `/problems/<kind>`, a
reference relative to the API's URL that leads to the documentation of the kind
(`GET /problems/{kind}`; before 2026-12 `https://econindex.invalid/problems/<kind>`). Member
`suggestions` (`[{label, href, code?}]`) lists what to try instead when something close is
known: the closest paths, occupation codes or releases; for a 2018 SOC code asked of a usage
release, its O*NET crosswalk row. A browser (`Accept` preferring `text/html`) gets the same
problem as an HTML page with the same status. Kinds: unknown-release, unknown-task,
unknown-occupation, unknown-category, unknown-geography, unknown-resource,
measure-not-available, not-found (404); invalid-parameter, unknown-parameter (400, member
`parameter` names it);
invalid-header (400: two `Host` headers, or a `Host` that is not host[:port]; `parameter` is
`host`);
incomparable-releases (400: a compare across series); method-not-allowed (405);
uri-too-long (414: a query string over 4096 bytes);
range-not-satisfiable (416); release-unavailable, overloaded (503, with `Retry-After`).

**Security headers.** Every answer carries `Content-Security-Policy` (scripts and styles
from this origin only, `frame-ancestors 'none'`), `X-Content-Type-Options: nosniff`,
`X-Frame-Options: DENY` and `Referrer-Policy: no-referrer`. Absolute URLs in answers
(citations, Croissant) come from the server's configured public URL, never from `Host`.
Weights in `Accept` are read per RFC 9110: media types case-insensitive, `q` clamped to
[0, 1] (`q=2` counts as 1).

**Change.** `/v1/compare/{from}/{to}/{measure}` compares two releases of one series on stable
keys (`from_provenance` and `X-Econindex-From-*` name the `from` package);
`/v1/series/...` gives one measure across every usage release, oldest first.
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


TOO_LONG = _problem_response(f"Query string longer than {MAX_QUERY_BYTES} bytes (`uri-too-long`).")

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
    "Link": (
        '`<next page>; rel="next"` (absolute URL, as `next`) while there are more pages.',
        "string",
    ),
    "Content-Range": ("Byte range sent (206) or the file size (416).", "string"),
    models.HEADER_FROM_RELEASE: ("Compare: dated id of the `from` release.", "string"),
    models.HEADER_FROM_PACKAGE_VERSION: ("Compare: package version of `from`.", "string"),
    models.HEADER_FROM_PACKAGE_SHA256: ("Compare: package sha256 of `from`.", "string"),
}
DATA_HEADERS = (
    "ETag",
    "Cache-Control",
    models.HEADER_RELEASE,
    models.HEADER_PACKAGE_VERSION,
    models.HEADER_PACKAGE_SHA256,
)


def _download_schema(media_type: str) -> dict[str, Any]:
    """A JSON file is an object to a validator (a Data Package descriptor); text is a string;
    anything else is binary (``format: binary``, which generated clients read as bytes, and
    ``contentMediaType``, the OpenAPI 3.1 way of saying the same)."""
    if media_type == "application/json":
        return {"schema": {"type": "object", "description": "Frictionless Data Package v2."}}
    if media_type == "application/ld+json":
        return {"schema": {"type": "object", "description": "Croissant 1.0 JSON-LD."}}
    if media_type == "application/vnd.citationstyles.csl+json":
        return {"schema": {"type": "array", "items": {"type": "object"}}}
    if media_type.startswith("text/") or media_type in TEXT_MEDIA:
        return {"schema": {"type": "string"}}
    return {"schema": {"type": "string", "format": "binary", "contentMediaType": media_type}}


def _download_content(media_types: Sequence[str]) -> dict[str, Any]:
    """Every file's own media types; binary and text downloads also list
    application/octet-stream first (sent with ``Accept: application/octet-stream``), because
    generated clients (openapi-python-client) read only that as bytes: with text/csv first,
    a Parquet file would come back as text, and application/zip would be dropped."""
    content = {media: _download_schema(media) for media in media_types}
    if any(m not in ("application/json", "application/ld+json") for m in media_types):
        raw = {
            "schema": {
                "type": "string",
                "format": "binary",
                "description": "The file's bytes, whatever its type.",
            }
        }
        content = {OCTET_STREAM: raw, **content}
    return content


# Citation formats: text bodies (BibTeX, RIS) and a JSON array (CSL-JSON).
TEXT_MEDIA = ("application/x-bibtex", "application/x-research-info-systems")


def _operation(op: Endpoint, schemas: dict[Any, Any]) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {
            "name": p.name,
            "in": "path",
            "required": True,
            "description": p.description,
            "schema": {"type": "string"},
            "example": p.example,
        }
        for p in op.path_params
    ]
    parameters.extend(openapi_parameter(p) for p in op.all_params)
    responses: dict[str, Any] = {}
    if op.kind == "download":
        responses["200"] = {
            "description": "The file.",
            "headers": _header_refs(DATA_HEADERS),
            "content": _download_content(op.download_media),
        }
        responses["206"] = {
            "description": "The requested byte range.",
            "headers": _header_refs([*DATA_HEADERS, "Content-Range"]),
        }
        responses["304"] = {"description": "Not modified (If-None-Match matched)."}
        responses["400"] = _problem_response("Unknown query parameter (downloads take none).")
        responses["404"] = _problem_response("Unknown release or resource.")
        responses["414"] = TOO_LONG
        responses["416"] = _problem_response("Range not satisfiable.")
        responses["503"] = _problem_response("Release unavailable (a file failed its check).")
    else:
        content: dict[str, Any] = {"application/json": {"schema": schemas[op.response]}}
        if op.tables:
            # The table forms (representation.py): text bodies as strings, the binary files
            # (xlsx, Parquet) as bytes of their media type.
            content["text/csv"] = {"schema": {"type": "string"}}
            content[NDJSON_MEDIA] = {"schema": {"type": "string"}}
            content[XLSX_MEDIA] = _download_schema(XLSX_MEDIA)
            content[PARQUET_MEDIA] = _download_schema(PARQUET_MEDIA)
        names: list[str] = []
        if op.kind != "status":
            names = list(DATA_HEADERS) if op.release_scoped else ["ETag", "Cache-Control"]
        if op.path.startswith("/v1/compare/"):
            names = [
                *DATA_HEADERS,
                models.HEADER_FROM_RELEASE,
                models.HEADER_FROM_PACKAGE_VERSION,
                models.HEADER_FROM_PACKAGE_SHA256,
            ]
        elif op.path.startswith("/v1/series/"):
            names = list(DATA_HEADERS)
        if op.kind == "list" and any(p.name == "cursor" for p in op.all_params):
            names += [models.HEADER_TOTAL_COUNT, "Link"]
        ok: dict[str, Any] = {"description": "OK", "content": content}
        if names:
            ok["headers"] = _header_refs(names)
        responses["200"] = ok
        if op.unavailable_503 is not None:
            responses["503"] = {"description": op.unavailable_503, "content": content}
        if op.kind != "status":
            responses["304"] = {"description": "Not modified (If-None-Match matched)."}
            responses["400"] = _problem_response("Invalid or unknown query parameter.")
            if op.tables:
                responses["406"] = _problem_response(
                    "Accept names only media types this endpoint does not serve (the "
                    "problem's `allowed` lists the ones it does)."
                )
            if op.path_params:
                responses["404"] = _problem_response(
                    "Unknown release, task or occupation, or the endpoint does not apply to "
                    "the release (measure-not-available)."
                )
        if op.kind == "status" and op.path_params:
            responses["404"] = _problem_response("No such " + op.path_params[0].name + ".")
        responses["414"] = TOO_LONG
        if op.kind != "status":
            responses["503"] = _problem_response(
                ("Release unavailable, or " if op.path_params else "")
                + "too many uncached answers being computed (`overloaded`, with Retry-After)."
            )
    return {
        "operationId": op.operation_id or op.name,
        "summary": op.summary,
        "description": op.description,
        "tags": [op.tag],
        "parameters": parameters,
        "responses": responses,
    }


def field_docs() -> dict[str, dict[str, str]]:
    """Attribute docstrings of the wire models (``x: int`` followed by a string), by class.

    msgspec puts class docstrings into the schema but not attribute docstrings; reading them
    from the source keeps the ``models`` package the single place where fields are
    documented.
    """
    modules = [
        models,
        *(
            importlib.import_module(f"{models.__name__}.{m.name}")
            for m in pkgutil.iter_modules(models.__path__)
        ),
    ]
    nodes = [n for module in modules for n in ast.parse(inspect.getsource(module)).body]
    docs: dict[str, dict[str, str]] = {}
    for node in nodes:
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


# Keys whose values are data, not prose or schema: a "description" inside an example is kept.
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})
_NULL = {"type": "null"}


def normalise(node: Any) -> Any:
    """``node`` in the one form we publish, whatever msgspec version made its schemas:

    - every ``description`` and ``summary`` string goes through ``inspect.cleandoc``
      (continuation lines dedented, leading and trailing blank lines dropped): msgspec 0.23
      dedents class docstrings, older versions kept the source indentation;
    - in an ``anyOf``, ``{"type": "null"}`` comes last (``X | None``): msgspec 0.19 put it
      first, later versions last. The order of ``anyOf`` means nothing to a validator.

    So the document is byte-identical whichever msgspec or Litestar version renders it
    (tests/test_latest_deps.py generates it under the locked and under the newest versions).
    Idempotent: a normalised document stays as it is.
    """
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DATA_KEYS:
                out[key] = value
            elif key in ("description", "summary") and isinstance(value, str):
                out[key] = inspect.cleandoc(value)
            elif key == "anyOf" and isinstance(value, list):
                members = [normalise(member) for member in value]
                out[key] = sorted(members, key=lambda member: member == _NULL)  # stable
            else:
                out[key] = normalise(value)
        return out
    if isinstance(node, list):
        return [normalise(item) for item in node]
    return node


def build_openapi(endpoints: Sequence[Endpoint]) -> dict[str, Any]:
    operations = [e for e in endpoints if e.openapi]
    types = [op.response for op in operations if op.response is not None]
    types.append(models.Problem)
    schema_list, components = msgspec.json.schema_components(
        types, ref_template="#/components/schemas/{name}"
    )
    _describe_fields(components)
    schemas = dict(zip(types, schema_list, strict=True))
    paths: dict[str, Any] = {}
    for op in operations:
        paths.setdefault(op.path, {})["get"] = _operation(op, schemas)
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "econindex API",
            "version": __version__,
            "summary": "Economic index of AI use: releases, tasks, occupations, wages.",
            "description": DESCRIPTION,
            "license": {"name": "Data: CC-BY-4.0; code: MIT", "identifier": "CC-BY-4.0"},
            "contact": {"name": "econindex maintainers"},
        },
        # Relative: the document describes the server that serves it (any host or port).
        "servers": [{"url": "/", "description": "The server that serves this document."}],
        "tags": [
            {"name": "releases", "description": "The catalog and its releases."},
            {"name": "downloads", "description": "Data package files (verified, immutable)."},
            {"name": "tasks", "description": "O*NET task statements and their usage."},
            {"name": "occupations", "description": "Occupations and their usage."},
            {"name": "categories", "description": "SOC major groups."},
            {"name": "methods", "description": "Wage bands, depth, interaction modes."},
            {"name": "clusters", "description": "Bottom-up conversation clusters (2025-03-27)."},
            {
                "name": "tables",
                "description": "Every published table of a release, by query: filter, "
                "search, sort, page, download.",
            },
            {
                "name": "geography",
                "description": "Usage per country and subregion, and every published value "
                "(the long-format releases, 2025-09-15 and later).",
            },
            {
                "name": "change",
                "description": "Change between two releases; time series over releases.",
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
    cleaned: dict[str, Any] = normalise(document)
    return cleaned


def openapi_bytes(endpoints: Sequence[Endpoint]) -> bytes:
    """The document as served and committed: indented JSON, stable key order, final newline."""
    return msgspec.json.format(msgspec.json.encode(build_openapi(endpoints)), indent=2) + b"\n"


if __name__ == "__main__":
    # The command line only: the document of every declared endpoint. (declarations imports
    # the areas, none of which imports this module: no circle.)
    from econindex_api.server.declarations import ENDPOINTS

    sys.stdout.buffer.write(openapi_bytes(ENDPOINTS))
