"""Area: the comparability table (``/v1/comparability``): for each measure and each pair of
consecutive usage releases, comparable or not, on which base, and why
(``methods/comparability.py``, a pure table of facts; docs/methods.md, Comparability).

The table describes the six usage releases whether or not this server has loaded them: it
is what a researcher reads before drawing a line through the points, and what the series
endpoints consult before serving one.
"""

from __future__ import annotations

import msgspec
import polars as pl

from econindex_api import models
from econindex_api.methods import comparability
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.cache import Prepared, prepare
from econindex_api.server.toolkit.problems import invalid_parameter
from econindex_api.server.toolkit.registry import Endpoint, Variant
from econindex_api.server.toolkit.respond import JSON, Context, table_answer


def comparability_rows(measure: str | None) -> list[models.ComparabilityRow]:
    return [
        models.ComparabilityRow(
            measure=row.measure,
            release_from=row.release_from,
            release_to=row.release_to,
            comparable=row.comparable,
            base=row.base or None,
            why=row.why,
        )
        for row in comparability.comparability_table()
        if measure is None or row.measure == measure
    ]


def answer_comparability(ctx: Context) -> Prepared:
    measure = ctx.params_as(ComparabilityParams).measure
    if measure is not None and measure not in comparability.MEASURES:
        raise invalid_parameter(
            "measure", f"{measure!r} is not a measure ({', '.join(comparability.MEASURES)})"
        )
    rows = comparability_rows(measure)
    headers = (*ctx.base_headers(), (models.HEADER_TOTAL_COUNT, str(len(rows))))
    if ctx.tabular:
        frame = pl.DataFrame(
            [msgspec.structs.asdict(r) for r in rows],
            schema={
                "measure": pl.String,
                "release_from": pl.String,
                "release_to": pl.String,
                "comparable": pl.Boolean,
                "base": pl.String,
                "why": pl.String,
            },
        )
        return table_answer(ctx, frame, headers=headers)
    table = models.ComparabilityTable(releases=list(comparability.RELEASES), data=rows)
    return prepare(msgspec.json.encode(table), JSON, ctx.etag_hex("json"), headers)


MEASURE = P.ParamSpec(
    "measure",
    "text",
    "Only this measure (task_share, soc_group_share, automation_split, geo_usage_share, "
    "aui_country, aui_us_state, primitives, use_case, request_topics, artifacts).",
    example="aui_country",
    allow_empty=False,
)


class ComparabilityParams(P.FormatParams, frozen=True):
    measure: str | None = None


COMPARABILITY_PARAMS = P.ParamSet.of((MEASURE, P.FORMAT), ComparabilityParams)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="comparability",
        path="/v1/comparability",
        operation_id="getComparability",
        summary="Which measures compare across releases, on which base, and why",
        description="For each measure and each pair of consecutive usage releases "
        "(2025-02-10, 2025-03-27, 2025-09-15, 2026-01-15, 2026-03-24, 2026-06-26): "
        "comparable or not, the base both are stated on, and the facts behind it. A measure "
        "compares across two releases only if every step between them compares on the same "
        "base; series answer 400 `incomparable-releases` otherwise.",
        tag="change",
        kind="object",
        response=models.ComparabilityTable,
        variants=(Variant(COMPARABILITY_PARAMS, answer_comparability),),
        tables=True,
    ),
)
