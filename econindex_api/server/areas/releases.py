"""Area: the catalog, one release, and its downloads, citation and Croissant.

``/v1/releases``, ``/v1/releases/{release}``, the package files (``datapackage.json``,
``package.zip``, ``resources/...``, ``data/...``), ``citation`` and ``croissant.json``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import anyio.to_thread
import msgspec
import polars as pl

from econindex_api import models
from econindex_api.publishing import citation
from econindex_api.publishing.croissant import croissant_for
from econindex_api.server.areas.common import (
    FORMAT_ONLY,
    NO_PARAMS,
)
from econindex_api.server.data_source import DataSource
from econindex_api.server.downloads import (
    download_media_type,
    resource_key,
    serve_file,
)
from econindex_api.server.store import ReleaseState
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.cache import Prepared, prepare
from econindex_api.server.toolkit.problems import release_unavailable
from econindex_api.server.toolkit.public_url import public_base_url
from econindex_api.server.toolkit.registry import (
    RELEASE,
    RELEASES,
    Call,
    Endpoint,
    PathParam,
    Variant,
    linked_endpoints,
)
from econindex_api.server.toolkit.respond import (
    JSON,
    Context,
    object_answer,
    resolve,
    send,
    table_answer,
)

# --- the catalog and one release ---


def links_of(state: ReleaseState, endpoints: Sequence[Endpoint]) -> models.ReleaseLinks:
    """The release's links; ``endpoints``: every endpoint the app serves (``ctx.endpoints``)."""
    base = f"{RELEASES}/{state.id}"
    linked = linked_endpoints(endpoints, state.views) if state.views is not None else []
    return models.ReleaseLinks(
        self=base,
        datapackage=f"{base}/datapackage.json",
        package_zip=f"{base}/package.zip",
        endpoints={e.name: f"{base}/{e.suffix}" for e in linked},
    )


def summary_of(
    state: ReleaseState, latest_id: str | None, endpoints: Sequence[Endpoint]
) -> models.ReleaseSummary:
    entry, version = state.entry, state.version
    return models.ReleaseSummary(
        id=entry.id,
        series=entry.series,
        title=entry.title,
        description=entry.description,
        date=entry.date,
        version=version.version,
        versions=[v.version for v in entry.versions],
        created=version.created,
        measures=list(entry.measures),
        package_sha256=version.package_sha256,
        package_bytes=version.package_bytes,
        is_latest=entry.id == latest_id,
        available=state.available,
        observation_window=(
            None
            if entry.observation_window is None
            else models.ObservationWindow(
                start=entry.observation_window.start,
                end=entry.observation_window.end,
                note=entry.observation_window.note,
            )
        ),
        links=links_of(state, endpoints),
    )


CATALOG_CSV_SCHEMA = {
    "id": pl.String,
    "series": pl.String,
    "title": pl.String,
    "date": pl.String,
    "observation_start": pl.String,
    "observation_end": pl.String,
    "version": pl.String,
    "measures": pl.String,
    "package_sha256": pl.String,
    "package_bytes": pl.Int64,
    "is_latest": pl.Boolean,
    "available": pl.Boolean,
}


def answer_catalog(ctx: Context) -> Prepared:
    snapshot = ctx.snapshot
    summaries = [
        summary_of(s, snapshot.latest_id, ctx.endpoints)
        for _, s in sorted(snapshot.releases.items())
    ]
    headers = (*ctx.base_headers(), (models.HEADER_TOTAL_COUNT, str(len(summaries))))
    if ctx.tabular:
        frame = pl.DataFrame(
            [
                {
                    "id": s.id,
                    "series": s.series,
                    "title": s.title,
                    "date": s.date,
                    "observation_start": (
                        s.observation_window.start if s.observation_window else None
                    ),
                    "observation_end": s.observation_window.end if s.observation_window else None,
                    "version": s.version,
                    "measures": ";".join(s.measures),
                    "package_sha256": s.package_sha256,
                    "package_bytes": s.package_bytes,
                    "is_latest": s.is_latest,
                    "available": s.available,
                }
                for s in summaries
            ],
            schema=CATALOG_CSV_SCHEMA,
        )
        return table_answer(ctx, frame, headers=headers)
    body = msgspec.json.encode(
        models.ReleaseList(data=summaries, total=len(summaries), latest=snapshot.latest_id)
    )
    return prepare(body, JSON, ctx.etag_hex("json"), headers)


def answer_release(ctx: Context) -> Prepared:
    state = ctx.release
    base = f"{RELEASES}/{state.id}/resources"
    resources = [
        models.ResourceInfo(
            name=r.name,
            title=r.title,
            rows=r.rows,
            csv=models.FileLink(
                href=f"{base}/{r.name}.csv",
                bytes=r.csv.bytes,
                sha256=r.csv.sha256,
                media_type="text/csv",
            ),
            parquet=models.FileLink(
                href=f"{base}/{r.name}.parquet",
                bytes=r.parquet.bytes,
                sha256=r.parquet.sha256,
                media_type="application/vnd.apache.parquet",
            ),
        )
        for r in state.version.resources
    ]
    detail = models.ReleaseDetail(
        release=summary_of(state, ctx.snapshot.latest_id, ctx.endpoints),
        requested=ctx.requested,
        resources=resources,
        provenance=ctx.provenance,
    )
    return object_answer(ctx, detail)


# --- downloads (uncached handlers) ---


async def _download(call: Call, key: str, filename: str) -> Any:
    state = resolve(call.app.store.current, call.path_params["release"])
    P.parse_query(call.request.scope["query_string"], ())
    headers = [
        (models.HEADER_RELEASE, state.id),
        (models.HEADER_PACKAGE_VERSION, state.version.version),
        (models.HEADER_PACKAGE_SHA256, state.version.package_sha256),
        ("cache-control", Context.cache_control_for(call.path_params["release"])),
    ]
    return await serve_file(
        source=call.app.store.source,
        state=state,
        key=key,
        method=call.method,
        request_headers=call.request.headers,
        base_headers=headers,
        filename=filename.format(id=state.id, version=state.version.version),
    )


async def download_datapackage(call: Call) -> Any:
    return await _download(call, "datapackage.json", "datapackage.json")


async def download_zip(call: Call) -> Any:
    return await _download(call, "package.zip", "econindex-{id}-{version}.zip")


async def download_resource(call: Call) -> Any:
    state = resolve(call.app.store.current, call.path_params["release"])
    resource = call.path_params["resource"]
    key = resource_key(state, resource)
    return await _download(call, key, "econindex-{id}-{version}-" + resource)


async def download_data_file(call: Call) -> Any:
    """``data/<table>.csv|parquet``: the package's own layout under the release URL, so the
    descriptor's relative paths resolve against ``/v1/releases/{release}/datapackage.json``."""
    state = resolve(call.app.store.current, call.path_params["release"])
    name = call.path_params["file"]
    return await _download(call, resource_key(state, name), "econindex-{id}-{version}-" + name)


# --- citations and Croissant: built from the verified descriptor for the answering host ---

_DESCRIPTORS: dict[str, dict[str, Any]] = {}  # package sha256 -> descriptor (immutable)
CITATION_FORMAT = P.ParamSpec(
    "format",
    "choice",
    "Citation format: bibtex (default, application/x-bibtex), ris "
    "(application/x-research-info-systems) or csl-json "
    "(application/vnd.citationstyles.csl+json).",
    default="bibtex",
    choices=citation.FORMATS,
)


class CitationParams(P.Params, frozen=True):
    format: citation.CitationFormat = "bibtex"


CITATION_PARAMS = P.ParamSet.of((CITATION_FORMAT,), CitationParams)


def release_descriptor(source: DataSource, state: ReleaseState) -> dict[str, Any]:
    """The release's datapackage.json, checked against its package sha256 (blocking I/O on
    the first call per package: call it off the event loop)."""
    digest = state.version.package_sha256
    if digest not in _DESCRIPTORS:
        data = source.read_bytes(state.files["datapackage.json"].path)
        if hashlib.sha256(data).hexdigest() != digest:
            raise release_unavailable(state.id, "datapackage.json changed since it was verified")
        _DESCRIPTORS[digest] = msgspec.json.decode(data)
    return _DESCRIPTORS[digest]


async def _release_descriptor(call: Call, state: ReleaseState) -> dict[str, Any]:
    if state.version.package_sha256 in _DESCRIPTORS:
        return _DESCRIPTORS[state.version.package_sha256]
    return await anyio.to_thread.run_sync(release_descriptor, call.app.store.source, state)


def release_croissant_document(
    descriptor: dict[str, Any], package_sha256: str, release_url: str
) -> dict[str, Any]:
    """The served Croissant of a release at ``release_url`` (absolute file URLs). The release
    page's Dataset JSON-LD is cut from this same document (``croissant.dataset_part``)."""
    facts = citation.facts_from_descriptor(descriptor, package_sha256, release_url)
    return croissant_for(
        descriptor,
        package_sha256,
        citation.to_bibtex(facts),
        base_url=release_url + "/",
        url=release_url,
    )


async def _metadata_answer(
    call: Call, state: ReleaseState, body: bytes, media_type: str, form: str
) -> Any:
    requested = call.path_params["release"]
    headers = (
        (models.HEADER_RELEASE, state.id),
        (models.HEADER_PACKAGE_VERSION, state.version.version),
        (models.HEADER_PACKAGE_SHA256, state.version.package_sha256),
        ("cache-control", Context.cache_control_for(requested)),
        ("vary", "Accept-Encoding"),
    )
    media_type = download_media_type(media_type, call.request.headers.get("accept"))
    identity = (state.version.package_sha256, public_base_url(call), form, media_type)
    etag = hashlib.sha256("\n".join(identity).encode()).hexdigest()[:40]
    return send(call.method, call.request.headers, prepare(body, media_type, etag, headers))


async def release_citation(call: Call) -> Any:
    state = resolve(call.app.store.current, call.path_params["release"])
    values = CITATION_PARAMS.parse(call.request.scope["query_string"])
    form = P.params_as(values, CitationParams).format
    descriptor = await _release_descriptor(call, state)
    url = f"{public_base_url(call)}{RELEASES}/{state.id}"
    facts = citation.facts_from_descriptor(descriptor, state.version.package_sha256, url)
    body = citation.render(facts, form).encode("utf-8")
    return await _metadata_answer(call, state, body, citation.MEDIA_TYPES[form], form)


async def release_croissant(call: Call) -> Any:
    state = resolve(call.app.store.current, call.path_params["release"])
    P.parse_query(call.request.scope["query_string"], ())
    descriptor = await _release_descriptor(call, state)
    release_url = f"{public_base_url(call)}{RELEASES}/{state.id}"
    document = release_croissant_document(descriptor, state.version.package_sha256, release_url)
    body = msgspec.json.format(msgspec.json.encode(document), indent=2)
    return await _metadata_answer(call, state, body, "application/ld+json", "croissant")


RESOURCE = PathParam(
    "resource", "Table file, `<name>.csv` or `<name>.parquet`.", "occupation_usage.csv"
)
DATA_FILE = PathParam(
    "file",
    "Table file as named in datapackage.json's `path` (`data/<name>.csv` or "
    "`data/<name>.parquet`), without `data/`.",
    "category_usage.csv",
)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="releases",
        path=RELEASES,
        operation_id="listReleases",
        summary="The catalog of published releases",
        description="Every release id with its current version, measures, package hash and "
        "links. `latest` names the newest dated release of the usage series.",
        tag="releases",
        kind="list",
        response=models.ReleaseList,
        variants=(Variant(FORMAT_ONLY, answer_catalog),),
        tables=True,
    ),
    Endpoint(
        name="release",
        path=RELEASES + "/{release}",
        operation_id="getRelease",
        summary="One release",
        description="The release, its resources (CSV and Parquet files with sizes and sha256) "
        "and the endpoints that apply to it. With `latest`, `release.id` is the dated id it "
        "resolved to.",
        tag="releases",
        kind="object",
        response=models.ReleaseDetail,
        variants=(Variant(NO_PARAMS, answer_release),),
        path_params=(RELEASE,),
        catalog_dependent=True,  # is_latest and availability come from the catalog
    ),
    Endpoint(
        name="datapackage",
        path=RELEASES + "/{release}/datapackage.json",
        operation_id="getDatapackage",
        summary="The Frictionless Data Package descriptor",
        description="The release's `datapackage.json` (its sha256 is the package hash). ETag = "
        "the file's sha256; Range requests are supported.",
        tag="downloads",
        kind="download",
        handler=download_datapackage,
        path_params=(RELEASE,),
        download_media=("application/json",),
    ),
    Endpoint(
        name="package_zip",
        path=RELEASES + "/{release}/package.zip",
        operation_id="getPackageZip",
        summary="The whole data package as a zip",
        description="`datapackage.json` and every resource, deterministic zip. ETag = the "
        "file's sha256; Range requests are supported.",
        tag="downloads",
        kind="download",
        handler=download_zip,
        path_params=(RELEASE,),
        download_media=("application/zip",),
    ),
    Endpoint(
        name="resource",
        path=RELEASES + "/{release}/resources/{resource}",
        operation_id="getResource",
        summary="One table as CSV or Parquet",
        description="`{name}.csv` or `{name}.parquet`, name one of the release's tables (see "
        "the release's resources). ETag = the file's sha256; Range requests are supported.",
        tag="downloads",
        kind="download",
        handler=download_resource,
        path_params=(RELEASE, RESOURCE),
        download_media=("text/csv", "application/vnd.apache.parquet"),
    ),
    Endpoint(
        name="data_file",
        path=RELEASES + "/{release}/data/{file}",
        operation_id="getDataFile",
        summary="One table file, at the path datapackage.json gives it",
        description="The package's own layout under the release URL: `datapackage.json` lists "
        "`data/<name>.csv` (the tabular resource) and `data/<name>.parquet`, relative paths "
        "that resolve here, so a Frictionless tool pointed at "
        "`/v1/releases/{release}/datapackage.json` reads every resource. Same bytes as "
        "`/resources/{resource}`. ETag = the file's sha256; Range requests are supported.",
        tag="downloads",
        kind="download",
        handler=download_data_file,
        path_params=(RELEASE, DATA_FILE),
        download_media=("text/csv", "application/vnd.apache.parquet"),
    ),
    Endpoint(
        name="citation",
        path=RELEASES + "/{release}/citation",
        operation_id="getCitation",
        summary="How to cite the release: BibTeX, RIS or CSL-JSON",
        description="Names the upstream creators, the upstream release and its date, the "
        "package version and the sha256 of its datapackage.json, the license and the URL of "
        "the release (on this server, or $ECONINDEX_PUBLIC_URL). The same citations are in "
        "every package (`CITATION.bib`, `CITATION.ris`, `CITATION.json`), with the upstream "
        "dataset's URL.",
        tag="releases",
        kind="download",
        handler=release_citation,
        path_params=(RELEASE,),
        handler_params=(CITATION_FORMAT,),
        download_media=tuple(citation.MEDIA_TYPES.values()),
    ),
    Endpoint(
        name="croissant",
        path=RELEASES + "/{release}/croissant.json",
        operation_id="getCroissant",
        summary="Croissant 1.0 JSON-LD metadata (schema.org Dataset) of the release",
        description="For dataset search engines and ML loaders (`mlcroissant load`): name, "
        "description, license, creator, datePublished, version, distribution (each CSV file "
        "with its sha256 and its URL on this server) and one record set per table. The "
        "package carries the same document as `croissant.json` with relative URLs.",
        tag="releases",
        kind="download",
        handler=release_croissant,
        path_params=(RELEASE,),
        download_media=("application/ld+json",),
    ),
)
