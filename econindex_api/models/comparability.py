"""Wire models of ``/v1/comparability``. Re-exported by ``econindex_api.models``."""

from __future__ import annotations

import msgspec


class ComparabilityRow(msgspec.Struct, frozen=True, kw_only=True):
    """Whether one measure compares between two consecutive usage releases."""

    measure: str
    """``task_share``, ``soc_group_share``, ``automation_split``, ``geo_usage_share``,
    ``aui_country``, ``aui_us_state``, ``primitives``, ``use_case``, ``request_topics``,
    ``artifacts``."""
    release_from: str
    release_to: str
    comparable: bool
    base: str | None
    """The base both releases are stated on (``None`` when not comparable)."""
    why: str
    """The facts behind the verdict: what changed, how it is restated."""


class ComparabilityTable(msgspec.Struct, kw_only=True):
    """``GET /v1/comparability``: each measure x each pair of consecutive usage releases.

    A measure compares across two non-consecutive releases only if every step between
    them compares on the same base; series and compare answer 400
    ``incomparable-releases`` otherwise."""

    releases: list[str]
    data: list[ComparabilityRow]
