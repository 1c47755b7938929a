"""Wire models of the primitives area (2026-01-15 and later): artifacts, use cases, the
economic primitives per geography. Re-exported by ``econindex_api.models``."""

from __future__ import annotations

import msgspec

from econindex_api.models.envelope import Page


class ArtifactRow(msgspec.Struct, frozen=True, kw_only=True):
    """Share of a geography's conversations per artifact type in one window (2026-06-26)."""

    platform: str
    date_start: str
    date_end: str
    window_rule: str
    """``as_published`` (one month) or ``unweighted_mean_of_months`` (the release's figure)."""
    geo_level: str
    geo_id: str
    artifact: str
    """Upstream label (``explanation_or_answer``, ``code``, ``none`` = no artifact...)."""
    conversation_pct: float
    """Percent of the geography's conversations; the labels of a cell sum to 100."""


class ArtifactPage(Page[ArtifactRow], tag="artifacts", tag_field="kind"):
    """``GET /v1/releases/{release}/artifacts``."""


class PrimitiveRow(msgspec.Struct, frozen=True, kw_only=True):
    """One published statistic of an economic primitive for a geography and window."""

    platform: str
    date_start: str
    date_end: str
    window_rule: str
    geo_level: str
    geo_id: str
    primitive: str
    """``use_case``, ``task_success``, ``multitasking``, ``human_only_ability``,
    ``human_only_time``, ``human_with_ai_time``, ``ai_autonomy``, ``human_education_years``,
    ``ai_education_years``."""
    statistic: str
    """``pct``, ``count``, ``mean``, ``median``, ``stdev``, ``mean_ci_lower``...,
    ``histogram_pct``."""
    node_name: str | None
    """The answer (``work``, ``yes``...) or histogram bin; empty for a statistic of the whole
    distribution."""
    value: float
    unit: str
    """``percent (0-100)``, ``conversations``, ``hours`` (human_only_time), ``minutes``
    (human_with_ai_time), ``years``..."""


class PrimitivePage(Page[PrimitiveRow], tag="primitives", tag_field="kind"):
    """``GET /v1/releases/{release}/primitives`` and ``/use-cases``."""
