"""Area: replication (``/v1/replication``): each report's published figures next to the
values our published tables give, for every release the server has loaded.

The same figures and rules as ``econindex replicate`` (``publishing/replicate.py``), computed
from the tables in memory rather than read from a data root. Not under a release: the
answer depends on the catalog (which releases are loaded), so it is recomputed when the
catalog changes (the cache key carries the catalog generation).
"""

from __future__ import annotations

import msgspec
import polars as pl

from econindex_api import models
from econindex_api.publishing.replicate import UNPINNED_NOTE, has_figures, replicate_release
from econindex_api.server.areas.common import FORMAT_ONLY
from econindex_api.server.toolkit.cache import Prepared, prepare
from econindex_api.server.toolkit.registry import Endpoint, Variant
from econindex_api.server.toolkit.respond import JSON, Context, table_answer


def replication_rows(ctx: Context) -> list[models.ReplicationRow]:
    rows = []
    for release_id, state in sorted(ctx.snapshot.releases.items()):
        if not state.available or state.views is None or not has_figures(release_id):
            continue
        version = state.version.version
        for o in replicate_release(release_id, version, dict(state.views.tables)):
            rows.append(
                models.ReplicationRow(
                    release_id=o.release_id,
                    version=o.version,
                    unpinned=state.version.unpinned,
                    figure=o.label,
                    published=o.published,
                    ours=None if o.status == "absent" else o.ours,
                    status=o.status.lower(),
                    rule=o.rule,
                )
            )
    return rows


def answer_replication(ctx: Context) -> Prepared:
    rows = replication_rows(ctx)
    headers = (*ctx.base_headers(), (models.HEADER_TOTAL_COUNT, str(len(rows))))
    if ctx.tabular:
        frame = pl.DataFrame(
            [msgspec.structs.asdict(r) for r in rows],
            schema={f: pl.Boolean if f == "unpinned" else pl.String for f in FIELDS},
        )
        return table_answer(ctx, frame, headers=headers)
    body = models.Replication(
        data=rows,
        matches=sum(r.status == "match" for r in rows),
        mismatches=sum(r.status == "mismatch" for r in rows),
        absent=sum(r.status == "absent" for r in rows),
        note=UNPINNED_NOTE,
    )
    return prepare(msgspec.json.encode(body), JSON, ctx.etag_hex("json"), headers)


FIELDS = models.ReplicationRow.__struct_fields__

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="replication",
        path="/v1/replication",
        operation_id="getReplication",
        summary="The reports' figures against our tables",
        description="For every loaded release whose report publishes reproducible figures: "
        "each figure as printed, our value at the same precision, the rule used and whether "
        "they match (`match`, `mismatch`, or `absent` when the build lacks the rows). Rows "
        "of an unpinned build (`unpinned: true`) prove the rule's code path, not the "
        "release's figure. The same table as `econindex replicate`.",
        tag="releases",
        kind="object",
        response=models.Replication,
        variants=(Variant(FORMAT_ONLY, answer_replication),),
        tables=True,
    ),
)
