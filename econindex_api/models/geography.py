"""Wire models of the geography area (the long-format releases, 2025-09-15 and later).

Re-exported by ``econindex_api.models``; import them from there.
"""

from __future__ import annotations

import msgspec

from econindex_api.models.envelope import Page, Provenance


class GeographyRow(msgspec.Struct, frozen=True, kw_only=True):
    """Usage of one country or subregion in one window of a platform (table ``geo_usage``).

    ``geo_id`` is canonical (``GLOBAL``; ISO 3166-1 alpha-3 for countries; ISO 3166-2 for
    subregions, e.g. ``US-CA``); ``upstream_geo_id`` is the release's own id (``US``,
    ``CA``). Pseudo-geographies (``not_classified``, ``<ISO2>-not_classified``, ``NONE``)
    are rows with ``geo_kind`` ``unclassified`` and no population, AUI or tier. ``None``
    means not published or not computable, never 0.
    """

    platform: str
    """``claude_ai`` or ``1p_api``."""
    geo_id: str
    upstream_geo_id: str
    name: str | None
    """From the release's reference tables; ``None`` when they name none."""
    level: str
    """``country`` or ``subregion``."""
    geo_kind: str
    """``classified``; ``unclassified`` for the pseudo-geographies (never on a map);
    ``unmatched`` for a country id missing from the release's ISO code table."""
    parent_geo_id: str
    """``GLOBAL`` for countries, the country (alpha-3) for subregions."""
    usage_count: float | None
    """Conversations in the sample (2026-03-24: on a 1,000,000 base)."""
    usage_pct: float | None
    """Share of the parent's conversations, percent (0-100)."""
    working_age_pop: float | None
    """Working-age (15-64) population, persons."""
    usage_per_capita: float | None
    """usage_count / working_age_pop."""
    usage_per_capita_index: float | None
    """The Anthropic AI Usage Index (AUI): share of usage / share of working-age population,
    under ``aui_convention`` (1 = usage in proportion to population)."""
    aui_convention: str | None
    """How the AUI's denominators are formed: ``published_aug2025``, ``symmetric``,
    ``states``, ``published_jun2026`` (docs/methods.md, AUI)."""
    tier: int | None
    """0 = Minimal, 1-4 = quartile of the AUI among thresholded geographies of the level."""
    tier_label: str | None
    """The tier's label, as upstream."""
    gdp_per_working_age_capita: float | None
    """US dollars per working-age person (GDP 2024 / working-age population)."""
    min_conversations: int | None
    """The report's threshold for the level: 200 (countries), 100 (subregions)."""
    meets_threshold: bool | None
    """usage_count >= min_conversations; flagged, never used to drop rows."""
    date_start: str
    """First day of the window (ISO date)."""
    date_end: str
    """End of the window as upstream writes it: exclusive in the second long format
    (2026-06-26); the first-generation files do not say (docs/methods.md, Windows)."""
    window_rule: str
    """``as_published`` (upstream's value for the window) or ``unweighted_mean_of_months``
    (the release's own figure over its two monthly windows)."""


class GeographyPage(Page[GeographyRow], tag="geography_usage", tag_field="kind"):
    """``GET /v1/releases/{release}/geographies``."""


class ObservationRow(msgspec.Struct, frozen=True, kw_only=True):
    """One value exactly as upstream publishes it, with canonical ids (table
    ``observations``). A value upstream did not publish has no row: never 0."""

    platform: str
    """``claude_ai`` or ``1p_api``."""
    platform_product: str
    """Upstream's product label, kept."""
    date_start: str
    date_end: str
    """End of the window as upstream writes it (docs/methods.md, Windows)."""
    geo_level: str
    """``global``, ``country`` or ``subregion``."""
    geo_id: str
    """Canonical id (``GLOBAL``, ISO 3166-1 alpha-3, ISO 3166-2)."""
    upstream_geo_id: str
    upstream_geography: str
    """Upstream's geography label (``country``, ``state_us``, ``country-state``...)."""
    geo_kind: str
    """``global``, ``classified``, ``unclassified`` (pseudo-geography) or ``unmatched``."""
    category: str
    """Upstream facet (``onet_task``, ``collaboration``, ``request``,
    ``onet_task::collaboration``...)."""
    hierarchy_level: int
    """0 = finest; request clusters 0-2."""
    metric: str
    """Upstream variable (``usage_count``, ``onet_task_pct``, ``cost_index``...)."""
    base_node: str | None
    """For an intersection facet, the base cluster (text before the last ``::``); ``""``
    otherwise."""
    node_name: str | None
    """The cluster (or the part after the last ``::``); ``""`` for geography usage rows."""
    node_id: str | None
    """External id of the node where upstream publishes one (2026-06-26); ``""`` in the
    first long format."""
    value: float
    """Upstream's value, unchanged (unit per metric)."""


class ObservationPage(Page[ObservationRow], tag="observations", tag_field="kind"):
    """``GET /v1/releases/{release}/observations``."""


class ProfileTask(msgspec.Struct, frozen=True, kw_only=True):
    """One of a geography's most used O*NET tasks (upstream ``onet_task`` facet)."""

    platform: str
    date_start: str
    date_end: str
    task: str
    """The task as upstream names it (lower-cased statement; the task key of
    docs/methods.md)."""
    conversation_pct: float
    """Share of the geography's conversations with this task, percent (upstream
    ``onet_task_pct``; the base includes ``none`` and ``not_classified``)."""
    conversation_count: float | None
    """Upstream ``onet_task_count``; ``None`` where not published (2026-06-26)."""


class ProfilePattern(msgspec.Struct, frozen=True, kw_only=True):
    """One collaboration pattern of a geography."""

    pattern: str
    """Upstream label (``directive``, ``feedback loop``, ``none``...)."""
    mode: str
    """``automation``, ``augmentation``, or the pattern itself for ``none`` /
    ``not_classified``."""
    conversation_pct: float | None


class ProfileCollaboration(msgspec.Struct, frozen=True, kw_only=True):
    """Automation and augmentation of a geography on both bases (docs/methods.md)."""

    platform: str
    date_start: str
    date_end: str
    window_rule: str
    automation_pct_of_classified: float | None
    """Automation share of the five classified patterns, percent."""
    augmentation_pct_of_classified: float | None
    automation_pct_of_all: float | None
    """Automation share of all conversations (``none`` and ``not_classified`` in the
    base), percent."""
    augmentation_pct_of_all: float | None
    none_pct: float | None
    not_classified_pct: float | None
    patterns: list[ProfilePattern]


class ProfileCluster(msgspec.Struct, frozen=True, kw_only=True):
    """One of a geography's top request clusters at one level, against its parent."""

    platform: str
    date_start: str
    date_end: str
    hierarchy_level: int
    """0 = finest, 2 = coarsest."""
    cluster_name: str
    cluster_id: str | None
    conversation_pct: float | None
    """Share of the geography's conversations, percent."""
    parent_pct: float | None
    """The same cluster's share in the parent geography, percent."""
    index_vs_parent: float | None
    """conversation_pct / parent_pct (1 = as in the parent)."""
    meets_report_filter: bool | None
    """Both shares at least 1 % (the Sept 2025 report's filter; flagged, not applied)."""


class ProfilePrimitive(msgspec.Struct, frozen=True, kw_only=True):
    """One published statistic of an economic primitive (2026-01-15 and later)."""

    platform: str
    date_start: str
    date_end: str
    primitive: str
    statistic: str
    node_name: str | None
    value: float
    unit: str
    """``hours`` (human_only_time), ``minutes`` (human_with_ai_time), ``percent``, ..."""


class ProfileSocGroup(msgspec.Struct, frozen=True, kw_only=True):
    """A SOC major group's share of a geography's conversations (table ``geo_soc_groups``:
    the published method of category_usage applied within the geography)."""

    platform: str
    date_start: str
    date_end: str
    window_rule: str
    major_group_code: str
    """2018 SOC major group (``15-0000``)."""
    major_group_title: str
    share_pct: float | None
    """Percent of the conversations attributed to a matched task (base in ``share_base``)."""
    share_base: str
    conversation_pct: float | None
    """The same attribution before rescaling: percent of all the geography's conversations."""
    published_pct: float | None
    """How much of the geography's conversations its published task rows cover (below 100
    where upstream suppressed tasks)."""


class GeographyProfile(msgspec.Struct, kw_only=True):
    """``GET /v1/releases/{release}/geographies/{geo_id}``: one geography of a long-format
    release, everything the release publishes about it.

    Lists hold one entry per platform and window the release publishes for the geography.
    ``top_tasks``: the 10 largest tasks per platform and window (``none`` and
    ``not_classified`` left out of the list, in the base); ``request_clusters``: the 5
    largest per level (``not_classified`` left out, in the base). ``suppressed`` says, in
    words, what the release does not publish for this geography (below the privacy floor
    or the report's threshold, facets absent), so that an empty list is never read as zero.
    """

    geo_id: str
    upstream_geo_id: str
    name: str | None
    level: str
    """``global``, ``country`` or ``subregion``."""
    geo_kind: str
    parent_geo_id: str | None
    usage: list[GeographyRow]
    top_tasks: list[ProfileTask]
    collaboration: list[ProfileCollaboration]
    request_clusters: list[ProfileCluster]
    primitives: list[ProfilePrimitive]
    suppressed: list[str]
    provenance: Provenance
    soc_groups: list[ProfileSocGroup] = []
    """SOC major groups by share, per platform and window, where the release's task rows for
    the geography map onto occupations (empty when none is published)."""
