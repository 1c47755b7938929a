"""Wire models of the econindex REST API, shared by the server and the client.

Every JSON body the API sends is one of the Structs below; the client decodes with the same
classes (``msgspec.json.decode(body, type=TaskUsagePage)``). This package needs only msgspec.
The envelopes (:class:`Provenance`, :class:`Page`) live in ``models/envelope.py``, the
geography area's models in ``models/geography.py``; all are importable from here.

Conventions
-----------
Units, everywhere: fields ending ``_pct`` are percentages 0-100, fields ending ``_fraction``
are fractions 0-1, fields ending ``_usd`` are US dollars per year. Measures of different kinds
never share a field: the share of conversations (usage releases) is ``share_pct``; the
exposure release serves ``observed_exposure_fraction`` (occupations) and
``penetration_fraction`` (tasks) under those names.

Envelopes. A list endpoint answers a *page*: ``data`` (the rows), ``total`` (rows matching the
filters, all pages together), ``limit``, ``next_cursor`` / ``next`` (``None`` on the last page)
and ``provenance``. Pages carry a ``kind`` tag so a client can decode endpoints whose rows
depend on the release (``TaskUsagePage | TaskPenetrationPage``). A single-object endpoint
answers its object with a ``provenance`` member.

Provenance. Every data response names the release that answered (``release_id``, the dated id
when the path said ``latest``), the package version and the package sha256, in the body and
in the headers named by ``HEADER_*`` below.

Errors are RFC 9457 ``application/problem+json`` bodies (:class:`Problem`) whose ``type`` is
one of the ``PROBLEM_*`` constants below (``/problems/<kind>``, a page of the API documenting
it; see ``models/problems.py``); a type never changes meaning once published.

Compatibility. Fields are only ever added (with defaults), never renamed or removed, within
``/v1``; decoders should ignore unknown fields (msgspec does by default).
"""

from __future__ import annotations

from typing import Literal

import msgspec

# The areas' own model modules, re-exported here: ``models.GeographyRow`` as everywhere else.
from econindex_api.models.comparability import ComparabilityRow as ComparabilityRow
from econindex_api.models.comparability import ComparabilityTable as ComparabilityTable
from econindex_api.models.envelope import Page as Page
from econindex_api.models.envelope import Provenance as Provenance
from econindex_api.models.geography import GeographyPage as GeographyPage
from econindex_api.models.geography import GeographyProfile as GeographyProfile
from econindex_api.models.geography import GeographyRow as GeographyRow
from econindex_api.models.geography import ObservationPage as ObservationPage
from econindex_api.models.geography import ObservationRow as ObservationRow
from econindex_api.models.geography import ProfileCluster as ProfileCluster
from econindex_api.models.geography import ProfileCollaboration as ProfileCollaboration
from econindex_api.models.geography import ProfilePattern as ProfilePattern
from econindex_api.models.geography import ProfilePrimitive as ProfilePrimitive
from econindex_api.models.geography import ProfileSocGroup as ProfileSocGroup
from econindex_api.models.geography import ProfileTask as ProfileTask
from econindex_api.models.primitives import ArtifactPage as ArtifactPage
from econindex_api.models.primitives import ArtifactRow as ArtifactRow
from econindex_api.models.primitives import PrimitivePage as PrimitivePage
from econindex_api.models.primitives import PrimitiveRow as PrimitiveRow
from econindex_api.models.problems import LEGACY_PROBLEM_BASE as LEGACY_PROBLEM_BASE
from econindex_api.models.problems import PROBLEM_BASE as PROBLEM_BASE
from econindex_api.models.problems import Problem as Problem
from econindex_api.models.problems import ProblemType as ProblemType
from econindex_api.models.problems import ProblemTypeList as ProblemTypeList
from econindex_api.models.problems import Suggestion as Suggestion
from econindex_api.models.problems import current_type as current_type
from econindex_api.models.problems import problem_kind as problem_kind
from econindex_api.models.replication import Replication as Replication
from econindex_api.models.replication import ReplicationRow as ReplicationRow
from econindex_api.models.tables import TableField as TableField
from econindex_api.models.tables import TableInfo as TableInfo
from econindex_api.models.tables import TableLinks as TableLinks
from econindex_api.models.tables import TableList as TableList
from econindex_api.models.tables import TableRowsPage as TableRowsPage

# ---------------------------------------------------------------------------------------------
# Header names and problem types (part of the public contract)
# ---------------------------------------------------------------------------------------------

HEADER_RELEASE = "X-Econindex-Release"
"""Dated release id that produced the response (``latest`` resolved)."""
HEADER_PACKAGE_VERSION = "X-Econindex-Package-Version"
"""Semver of the data package that produced the response."""
HEADER_PACKAGE_SHA256 = "X-Econindex-Package-Sha256"
"""sha256 (hex) of the package's ``datapackage.json``; identifies the whole package."""
HEADER_FROM_RELEASE = "X-Econindex-From-Release"
"""Compare answers: dated id of the ``from`` release (the standard headers name ``to``)."""
HEADER_FROM_PACKAGE_VERSION = "X-Econindex-From-Package-Version"
"""Compare answers: package version of the ``from`` release."""
HEADER_FROM_PACKAGE_SHA256 = "X-Econindex-From-Package-Sha256"
"""Compare answers: package sha256 of the ``from`` release."""
HEADER_TOTAL_COUNT = "X-Total-Count"
"""Rows matching the filters on list endpoints (also sent with CSV bodies)."""

# PROBLEM_BASE is ``/problems/``: each type resolves to the page documenting it (its
# rationale and the legacy ``https://econindex.invalid/problems/`` spelling: models/problems.py).

PROBLEM_UNKNOWN_RELEASE = PROBLEM_BASE + "unknown-release"  # 404
PROBLEM_UNKNOWN_TASK = PROBLEM_BASE + "unknown-task"  # 404
PROBLEM_UNKNOWN_OCCUPATION = PROBLEM_BASE + "unknown-occupation"  # 404
PROBLEM_UNKNOWN_CLUSTER = PROBLEM_BASE + "unknown-cluster"  # 404
PROBLEM_UNKNOWN_RESOURCE = PROBLEM_BASE + "unknown-resource"  # 404: no such table/file
PROBLEM_MEASURE_NOT_AVAILABLE = PROBLEM_BASE + "measure-not-available"  # 404: endpoint n/a
PROBLEM_NOT_FOUND = PROBLEM_BASE + "not-found"  # 404: no such path
PROBLEM_INVALID_PARAMETER = PROBLEM_BASE + "invalid-parameter"  # 400: names `parameter`
PROBLEM_UNKNOWN_PARAMETER = PROBLEM_BASE + "unknown-parameter"  # 400: names `parameter`
PROBLEM_METHOD_NOT_ALLOWED = PROBLEM_BASE + "method-not-allowed"  # 405
PROBLEM_NOT_ACCEPTABLE = PROBLEM_BASE + "not-acceptable"  # 406
PROBLEM_URI_TOO_LONG = PROBLEM_BASE + "uri-too-long"  # 414: query string over the limit
PROBLEM_HEADERS_TOO_LARGE = PROBLEM_BASE + "headers-too-large"  # 431
PROBLEM_CORS_REJECTED = PROBLEM_BASE + "cors-rejected"  # 400: preflight asks for other headers
PROBLEM_INVALID_HEADER = PROBLEM_BASE + "invalid-header"  # 400: names the header in `parameter`
PROBLEM_RANGE_NOT_SATISFIABLE = PROBLEM_BASE + "range-not-satisfiable"  # 416
PROBLEM_RELEASE_UNAVAILABLE = PROBLEM_BASE + "release-unavailable"  # 503: files failed checks
PROBLEM_NOT_READY = PROBLEM_BASE + "not-ready"  # 503: /ready before releases are loaded
PROBLEM_OVERLOADED = PROBLEM_BASE + "overloaded"  # 503 + Retry-After: too many answers queued
PROBLEM_INTERNAL = PROBLEM_BASE + "internal-error"  # 500: a bug; never for bad input
PROBLEM_INCOMPARABLE_RELEASES = PROBLEM_BASE + "incomparable-releases"  # 400: other series
PROBLEM_UNKNOWN_CATEGORY = PROBLEM_BASE + "unknown-category"  # 404: no such SOC major group
PROBLEM_UNKNOWN_GEOGRAPHY = PROBLEM_BASE + "unknown-geography"  # 404: no such geo_id

# Pagination limits (documented in the OpenAPI description of `limit`).
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


# ---------------------------------------------------------------------------------------------
# Common pieces
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Releases
# ---------------------------------------------------------------------------------------------


class FileLink(msgspec.Struct, frozen=True, kw_only=True):
    """A downloadable file of a release, with its integrity data."""

    href: str
    """Path-absolute URL of the file on this API."""
    bytes: int
    sha256: str
    """Hex digest of the file (also its ETag)."""
    media_type: str


class ResourceInfo(msgspec.Struct, frozen=True, kw_only=True):
    """One table of a data package, available as CSV and Parquet."""

    name: str
    title: str
    rows: int
    csv: FileLink
    parquet: FileLink


class ReleaseLinks(msgspec.Struct, frozen=True, kw_only=True):
    """Where to go from a release."""

    self: str
    datapackage: str
    package_zip: str
    endpoints: dict[str, str]
    """Query endpoints that apply to this release, by name (``tasks``, ``occupations``...)."""


class ObservationWindow(msgspec.Struct, frozen=True, kw_only=True):
    """When a usage release's conversations were sampled, as far as upstream documents it."""

    start: str | None
    """First day sampled (ISO 8601), ``None`` when upstream does not state it."""
    end: str | None
    """Last day sampled (ISO 8601), ``None`` when upstream does not state it."""
    note: str
    """What upstream says about the window; dates are never guessed."""


class ReleaseSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A catalog entry: one release id with its current (served) version."""

    id: str
    series: str
    """``usage`` (dated releases of conversation usage) or ``exposure``."""
    title: str
    description: str
    date: str | None
    """Upstream publication date (ISO 8601), ``None`` for undated series."""
    version: str
    """Current package version, the one the API serves."""
    versions: list[str]
    """Every published version, oldest first."""
    created: str
    measures: list[str]
    """Measures the release publishes, as named in the catalog (e.g. ``conversation_share``,
    ``depth``; the exposure release: ``observed_exposure``, ``penetration``)."""
    package_sha256: str
    package_bytes: int
    is_latest: bool
    """Whether ``latest`` resolves to this release."""
    available: bool = True
    """False when the release's files failed verification (its endpoints answer 503)."""
    observation_window: ObservationWindow | None = None
    """Sampling window of a usage release (``None`` for the exposure series)."""
    links: ReleaseLinks


class ReleaseList(msgspec.Struct, kw_only=True):
    """``GET /v1/releases``: the catalog."""

    data: list[ReleaseSummary]
    total: int
    latest: str | None
    """Dated id that ``latest`` resolves to (``None`` if no usage release is published)."""


class ReleaseDetail(msgspec.Struct, kw_only=True):
    """``GET /v1/releases/{release}``: one release, its resources and endpoints."""

    release: ReleaseSummary
    requested: str
    """The id written in the path; ``latest`` here means ``release.id`` is what it resolved to."""
    resources: list[ResourceInfo]
    provenance: Provenance


# ---------------------------------------------------------------------------------------------
# Tasks
# ---------------------------------------------------------------------------------------------


class TaskUsageRow(msgspec.Struct, frozen=True, kw_only=True):
    """One O*NET task statement (task id under one occupation) with its usage.

    ``share_pct`` is the share of conversations of the task key as published upstream (0 when
    the key does not appear in the usage file); the same key under several occupations repeats
    it. ``attributed_share_pct`` is the part attributed to this task-occupation pair after
    splitting the key over its ``occupations_count`` occupations and rescaling (docs/methods.md);
    it sums to 100 over all rows.
    """

    task_id: int
    statement: str
    task_type: str | None
    task_key: str
    onet_soc_code: str
    """O*NET-SOC 2010 code of the statement's occupation (e.g. ``15-1132.00``)."""
    occupation_title: str
    major_group_code: str
    share_pct: float
    attributed_share_pct: float
    occupations_count: int
    """n(key): distinct occupations whose statements carry the key."""
    has_usage: bool


class TaskPenetrationRow(msgspec.Struct, frozen=True, kw_only=True):
    """Exposure release: AI penetration of one task statement."""

    statement: str
    task_key: str
    penetration_fraction: float


class TaskUsagePage(Page[TaskUsageRow], tag="task_usage", tag_field="kind"):
    """``GET /v1/releases/{release}/tasks`` on a usage release.

    A row is a statement under one occupation (its task id): a statement that three
    occupations carry is three rows, so ``total`` counts (statement, occupation) rows, as the
    pages of the list hold them. ``statements_total`` counts the distinct statements (task
    keys) among those rows: the number of matching tasks a reader means.
    """

    statements_total: int | None = None
    """Distinct task statements (``task_key``) among the rows matching the filters, over all
    pages; at most ``total``. ``None`` only from an older server, which did not count
    them."""


class TaskPenetrationPage(Page[TaskPenetrationRow], tag="task_penetration", tag_field="kind"):
    """``GET /v1/releases/{release}/tasks`` on the exposure release."""


class TaskOccupation(msgspec.Struct, frozen=True, kw_only=True):
    """An occupation whose statements carry a task key, with the share attributed to it."""

    onet_soc_code: str
    """O*NET-SOC 2010 code (e.g. ``15-1132.00``)."""
    title: str
    task_id: int
    attributed_share_pct: float


class TaskDetail(msgspec.Struct, kw_only=True):
    """``GET /v1/releases/{release}/tasks/{task_id}``: one task and every occupation sharing
    its key (``occupations``, including its own, sorted by code)."""

    task: TaskUsageRow
    occupations: list[TaskOccupation]
    provenance: Provenance


# ---------------------------------------------------------------------------------------------
# Occupations
# ---------------------------------------------------------------------------------------------


WageBasis = Literal["annual", "hourly_annualized", "unknown", "no_wage_row"]


class OccupationUsageRow(msgspec.Struct, frozen=True, kw_only=True):
    """One O*NET-SOC 2010 occupation (with task statements) and its usage."""

    onet_soc_code: str
    """O*NET-SOC 2010 code, e.g. ``15-1132.00`` (Software Developers, Applications)."""
    title: str
    """O*NET-SOC 2010 title, from the task statements."""
    soc_2010_code: str
    """6-digit SOC 2010 code (``onet_soc_code`` without its suffix), not 2018 SOC. Called
    ``soc_code`` until the data packages' 2.0.0 (CHANGELOG)."""
    major_group_code: str
    major_group_title: str
    share_pct: float
    """Share of conversations attributed to the occupation, 0-100."""
    tasks_total: int
    tasks_with_usage: int
    tasks_with_usage_fraction: float
    median_wage_usd: float | None
    """Median annual wage; ``None`` when unknown (see ``wage_basis``)."""
    wage_basis: WageBasis
    job_zone: int | None


class OccupationExposureRow(msgspec.Struct, frozen=True, kw_only=True):
    """Exposure release: observed AI exposure of one 6-digit 2018 SOC occupation."""

    soc_2018_code: str
    """6-digit 2018 SOC code, e.g. ``15-1252``. Called ``soc_code`` until the data
    packages' 2.0.0 (CHANGELOG)."""
    title: str
    major_group_code: str
    observed_exposure_fraction: float


class OccupationUsagePage(Page[OccupationUsageRow], tag="occupation_usage", tag_field="kind"):
    """``GET /v1/releases/{release}/occupations`` on a usage release."""


class OccupationExposurePage(
    Page[OccupationExposureRow], tag="occupation_exposure", tag_field="kind"
):
    """``GET /v1/releases/{release}/occupations`` on the exposure release."""


class OccupationSoc2018Row(msgspec.Struct, frozen=True, kw_only=True):
    """Usage of one 6-digit 2018 SOC occupation: O*NET-SOC 2010 shares carried through the
    official O*NET crosswalks (equal split across split targets, merges summed)."""

    soc_2018_code: str
    """6-digit 2018 SOC code, e.g. ``15-1252``."""
    title: str
    """2018 SOC title (from the O*NET crosswalk)."""
    major_group_code: str
    major_group_title: str
    share_pct: float
    """Share of conversations attributed to the 2018 SOC occupation, 0-100."""
    onet_soc_2010_codes: str
    """The O*NET-SOC 2010 occupations that fed this row, sorted, comma-separated."""
    onet_soc_2019_codes: str
    """The O*NET-SOC 2019 codes the shares passed through, sorted, comma-separated."""
    source_occupations: int
    """How many O*NET-SOC 2010 occupations fed this row (above 1: a merge)."""
    split_source_occupations: int
    """How many of those were split across several 2019 codes (gave only part of their share)."""


class OccupationSoc2018Page(
    Page[OccupationSoc2018Row], tag="occupation_usage_soc2018", tag_field="kind"
):
    """``GET /v1/releases/{release}/occupations/soc2018`` on a usage release."""


class UsageExposureRow(msgspec.Struct, frozen=True, kw_only=True):
    """One 6-digit 2018 SOC occupation: a usage release's share of conversations next to the
    exposure release's observed exposure. Two measures, two columns, never mixed; a side
    without a row for the code is ``None``, not zero."""

    soc_2018_code: str
    title: str
    """2018 SOC title (usage side's crosswalk title, else the exposure release's title)."""
    major_group_code: str
    share_pct: float | None
    """Usage release: share of conversations, 0-100; ``None`` when no usage occupation maps
    to this code."""
    observed_exposure_fraction: float | None
    """Exposure release: observed exposure, 0-1; ``None`` when it has no row for this code."""
    onet_soc_2010_codes: str | None
    """The O*NET-SOC 2010 occupations that fed ``share_pct``, comma-separated."""
    in_usage: bool
    in_exposure: bool


class JoinSide(msgspec.Struct, frozen=True, kw_only=True):
    """One side of the usage-exposure join: its occupations, those without a partner, why."""

    release_id: str
    occupations: int
    """2018 SOC occupations on this side."""
    unmatched_occupations: int
    """Of those, how many have no row on the other side."""
    unmatched_share_pct: float | None
    """Usage side: the share of conversations they carry (0-100); ``None`` on the exposure
    side, which has no share."""
    unmatched_codes: list[str]
    reason: str
    """Why they found no partner."""


class UsageExposureCoverage(msgspec.Struct, frozen=True, kw_only=True):
    """Coverage of the whole join (independent of the page's filters)."""

    usage: JoinSide
    exposure: JoinSide
    matched_occupations: int
    """2018 SOC occupations present on both sides."""
    matched_share_pct: float
    """Share of conversations carried by them, 0-100."""
    matched_zero_share_occupations: int
    """Of the matched occupations, how many have a usage share of exactly 0 (their O*NET-SOC
    2010 sources have statements but no conversations): paired, but with nothing to compare."""


class UsageExposurePage(Page[UsageExposureRow], tag="usage_exposure", tag_field="kind"):
    """``GET /v1/releases/{release}/occupations/exposure?exposure=...``: usage per 2018 SOC
    occupation next to exposure. ``provenance`` is the usage release; ``exposure`` the
    exposure release's provenance."""

    exposure: Provenance
    coverage: UsageExposureCoverage


class OccupationTask(msgspec.Struct, frozen=True, kw_only=True):
    """A task statement of an occupation and the usage of its key."""

    task_id: int
    statement: str
    task_type: str | None
    task_key: str
    share_pct: float
    """Share of conversations of the task key (upstream), 0 when unused."""
    attributed_share_pct: float
    """Part of the key's share attributed to this occupation (docs/methods.md)."""
    occupations_count: int
    has_usage: bool


class OccupationUsageDetail(msgspec.Struct, kw_only=True, tag="occupation_usage", tag_field="kind"):
    """``GET /v1/releases/{release}/occupations/{code}`` on a usage release: the occupation
    and its tasks, by descending ``attributed_share_pct`` then ``task_id``."""

    occupation: OccupationUsageRow
    tasks: list[OccupationTask]
    interaction_modes: OccupationModesRow | None = None
    """Interaction modes rolled up from the per-task fractions (docs/methods.md, "Releases
    with two observation windows"); ``None`` when the release publishes no per-task modes or
    none of the occupation's tasks has a row."""
    thinking: OccupationThinkingRow | None = None
    """Extended thinking rolled up from the per-task fractions; ``None`` when the release
    publishes no thinking fractions or the occupation has no usage."""
    provenance: Provenance


class OccupationExposureDetail(
    msgspec.Struct, kw_only=True, tag="occupation_exposure", tag_field="kind"
):
    """``GET /v1/releases/{release}/occupations/{code}`` on the exposure release."""

    occupation: OccupationExposureRow
    provenance: Provenance


# ---------------------------------------------------------------------------------------------
# Categories, wage bands, depth, interaction modes
# ---------------------------------------------------------------------------------------------


class CategoryRow(msgspec.Struct, frozen=True, kw_only=True):
    """One SOC major group: share of conversations next to its share of US employment."""

    major_group_code: str
    major_group_title: str
    share_pct: float
    workforce_pct: float | None
    employment: int | None
    occupations_total: int
    occupations_with_usage: int


class CategoryPage(Page[CategoryRow], tag="category_usage", tag_field="kind"):
    """``GET /v1/releases/{release}/categories``."""


class WageBand(msgspec.Struct, frozen=True, kw_only=True):
    """Usage of occupations whose median wage lies in ``[lower_usd, upper_usd)``.

    The first band has ``lower_usd = None`` (no lower bound), the last ``upper_usd = None``.
    The row with ``has_wage = False`` (label ``no wage``) counts occupations without a known
    wage; it is always last.
    """

    label: str
    lower_usd: float | None
    upper_usd: float | None
    has_wage: bool
    occupations_count: int
    share_pct: float
    """Sum of the occupations' shares of conversations, 0-100."""


class WageBands(msgspec.Struct, kw_only=True):
    """``GET /v1/releases/{release}/wage-bands``.

    ``method`` says how the bands were set: ``edges`` (``edges_usd`` as given) or
    ``quantiles`` (``quantiles`` of the median wages of occupations with a wage, linear
    interpolation, giving ``edges_usd``). Default: ``quantiles=0.25,0.5,0.75``.
    """

    data: list[WageBand]
    method: Literal["edges", "quantiles"]
    edges_usd: list[float]
    quantiles: list[float] | None
    occupations_total: int
    occupations_without_wage: int
    provenance: Provenance


class DepthAtThreshold(msgspec.Struct, frozen=True, kw_only=True):
    """Share of occupations whose ``tasks_with_usage_fraction`` is at least ``threshold``."""

    threshold: float
    """The threshold t, a fraction 0-1."""
    occupations_count: int
    occupations_pct: float
    """occupations_count / occupations_total x 100."""


class DepthBin(msgspec.Struct, frozen=True, kw_only=True):
    """Occupations whose fraction lies in ``[lower_fraction, upper_fraction)`` (the last bin
    includes 1)."""

    lower_fraction: float
    upper_fraction: float
    occupations_count: int
    occupations_pct: float


class DepthSummary(msgspec.Struct, frozen=True, kw_only=True):
    """Summary statistics of ``tasks_with_usage_fraction`` over all occupations."""

    mean_fraction: float
    median_fraction: float
    min_fraction: float
    max_fraction: float
    occupations_zero: int
    """Occupations with no used task at all."""


class Depth(msgspec.Struct, kw_only=True):
    """``GET /v1/releases/{release}/depth``: depth of use within occupations (docs/methods.md).

    ``data``: one row per requested threshold (default ``0.25,0.5,0.75``);
    ``distribution``: a histogram of the fractions in ``bins`` equal bins (default 10);
    ``occupations_total``: occupations with task statements (the denominator).
    """

    data: list[DepthAtThreshold]
    distribution: list[DepthBin]
    summary: DepthSummary
    occupations_total: int
    provenance: Provenance


class InteractionMode(msgspec.Struct, frozen=True, kw_only=True):
    """One interaction mode: raw share as published and headline share (``none`` dropped)."""

    mode: str
    mode_label: str
    category: str
    """``automation``, ``augmentation`` or ``none``."""
    share_pct: float
    headline_share_pct: float | None


class InteractionSplit(msgspec.Struct, frozen=True, kw_only=True):
    """Automation versus augmentation among conversations with a mode."""

    category: str
    share_pct: float
    modes: list[str]


class InteractionModes(msgspec.Struct, kw_only=True):
    """``GET /v1/releases/{release}/interaction-modes``: raw modes (``data``) and the
    headline automation/augmentation ``split``."""

    data: list[InteractionMode]
    split: list[InteractionSplit]
    provenance: Provenance


# ---------------------------------------------------------------------------------------------
# Interaction modes per occupation and SOC major group, extended thinking, clusters (2025-03-27)
# ---------------------------------------------------------------------------------------------


class OccupationModesRow(msgspec.Struct, frozen=True, kw_only=True):
    """Interaction modes of one occupation (docs/methods.md, "Releases with two observation
    windows"): each ratio is the mean of the per-task fractions weighted by the share of each (task
    key, occupation) pair, over the pairs whose key has a row in the per-task file.
    ``filtered_fraction`` stays in, so ``automation_fraction`` + ``augmentation_fraction`` +
    ``filtered_fraction`` = 1."""

    onet_soc_code: str
    title: str
    major_group_code: str
    share_pct: float
    """The occupation's share of conversations, 0-100."""
    covered_share_pct: float
    """Sum of the shares of the pairs the ratios are computed over, 0-100."""
    directive_fraction: float
    feedback_loop_fraction: float
    task_iteration_fraction: float
    validation_fraction: float
    learning_fraction: float
    filtered_fraction: float
    automation_fraction: float
    """directive + feedback_loop, of all the occupation's conversations, 0-1."""
    augmentation_fraction: float
    """task_iteration + validation + learning, of all the occupation's conversations, 0-1."""


class OccupationModesPage(
    Page[OccupationModesRow], tag="occupation_interaction_modes", tag_field="kind"
):
    """``GET /v1/releases/{release}/interaction-modes/occupations``."""


class CategoryModesRow(msgspec.Struct, frozen=True, kw_only=True):
    """Interaction modes of one SOC major group (docs/methods.md, "Releases with two observation
    windows"): the share-weighted ratios over the group's pairs, then ``filtered`` dropped and the
    five modes rescaled to sum to 1. The report shows only groups above 0.5 % of conversations
    (``above_report_threshold``). Ratios are ``None`` when none of the group's pairs has a per-task
    row."""

    major_group_code: str
    major_group_title: str
    share_pct: float
    """The group's share of conversations, 0-100."""
    covered_share_pct: float
    filtered_fraction: float | None
    """Weighted filtered ratio before it was dropped, 0-1."""
    directive_fraction: float | None
    feedback_loop_fraction: float | None
    task_iteration_fraction: float | None
    validation_fraction: float | None
    learning_fraction: float | None
    automation_fraction: float | None
    augmentation_fraction: float | None
    above_report_threshold: bool


class CategoryModesPage(Page[CategoryModesRow], tag="category_interaction_modes", tag_field="kind"):
    """``GET /v1/releases/{release}/interaction-modes/categories``."""


class OccupationThinkingRow(msgspec.Struct, frozen=True, kw_only=True):
    """Extended thinking of one occupation: the share-weighted mean of the per-task fractions
    over the pairs whose key has a published value, and how much of the occupation's share of
    conversations that mean covers."""

    onet_soc_code: str
    title: str
    major_group_code: str
    share_pct: float
    covered_share_pct: float
    covered_fraction: float
    """covered_share_pct / share_pct, 0-1."""
    thinking_fraction: float | None
    """``None`` when no task of the occupation has a published fraction."""


class OccupationThinkingPage(
    Page[OccupationThinkingRow], tag="occupation_thinking", tag_field="kind"
):
    """``GET /v1/releases/{release}/thinking``."""


class TaskThinkingRow(msgspec.Struct, frozen=True, kw_only=True):
    """Extended thinking of one task key as published; ``thinking_fraction`` ``None`` means
    not published (too few conversations), never zero."""

    task_key: str
    share_pct: float
    """Share of conversations of the task key, 0-100."""
    thinking_fraction: float | None
    matched: bool
    """Whether the key matches an O*NET statement (unmatched keys are left out of roll-ups)."""


class TaskThinkingPage(Page[TaskThinkingRow], tag="task_thinking", tag_field="kind"):
    """``GET /v1/releases/{release}/thinking/tasks``."""


class ClusterRow(msgspec.Struct, frozen=True, kw_only=True):
    """One bottom-up conversation cluster (level 0 most granular, 2 broadest).

    ``cluster_id`` is stable: ``c<level>-`` + the first 16 hex digits of
    sha256("<level>:<name>"). Measures (``records_pct`` ... ``thinking_fraction``) are
    published for level-0 clusters only; ``None`` elsewhere and where upstream publishes none.
    """

    cluster_id: str
    level: int
    name: str
    description: str | None
    parent_id: str | None
    level_1_id: str | None
    level_2_id: str | None
    children_count: int
    records_pct: float | None
    """Share of records, 0-100 (a bucket average upstream: equal values are expected)."""
    users_pct: float | None
    onet_task: str | None
    task_key: str | None
    task_matched: bool | None
    directive_fraction: float | None
    feedback_loop_fraction: float | None
    task_iteration_fraction: float | None
    validation_fraction: float | None
    learning_fraction: float | None
    none_fraction: float | None
    thinking_fraction: float | None


class ClusterPage(Page[ClusterRow], tag="clusters", tag_field="kind"):
    """``GET /v1/releases/{release}/clusters``."""


class ClusterDetail(msgspec.Struct, kw_only=True):
    """``GET /v1/releases/{release}/clusters/{cluster_id}``: the cluster, its ancestors
    (parent first) and its children (by descending ``records_pct``, then name)."""

    cluster: ClusterRow
    ancestors: list[ClusterRow]
    children: list[ClusterRow]
    provenance: Provenance


# Change between releases and time series (docs/methods.md, "Change between releases")
# ---------------------------------------------------------------------------------------------


class ChangeRow(msgspec.Struct, frozen=True, kw_only=True):
    """One entity compared between two releases of a series.

    ``key`` is the entity's stable key (major group code, O*NET-SOC code, task id, mode,
    threshold, wage band label). ``from_value`` / ``to_value`` are the measure in each
    release as that release serves it, ``None`` when the entity is not in that release
    (never 0). ``change`` = to - from in the measure's unit; ``change_pp`` is the same number
    for ``_pct`` measures (percentage points) and ``None`` otherwise; ``relative_change`` =
    (to - from) / from, a ratio (0.25 = +25 %), ``None`` when from is 0 or missing.
    """

    key: str
    title: str
    major_group_code: str | None = None
    """SOC major group of the entity (categories, occupations, tasks)."""
    onet_soc_code: str | None = None
    """Occupation of the task statement (tasks)."""
    level: str | None = None
    """interaction-modes: ``mode`` or ``split`` (automation / augmentation)."""
    from_value: float | None
    to_value: float | None
    change: float | None
    change_pp: float | None
    relative_change: float | None
    in_from: bool
    """Whether the entity is present in the ``from`` release."""
    in_to: bool
    """Whether the entity is present in the ``to`` release."""


class ComparePage(Page[ChangeRow], tag="compare", tag_field="kind"):
    """``GET /v1/compare/{from}/{to}/{measure}``: one page of changes.

    ``value_field`` names the measure compared (e.g. ``share_pct``) and ``unit`` its unit
    (``percent`` 0-100 or ``fraction`` 0-1). ``from_provenance`` and ``to_provenance`` name
    both packages; ``provenance`` (as on every page) is the ``to`` package. ``thresholds``
    (depth) and ``edges_usd`` (wage bands) are the parameters used on both sides. ``base``:
    what both sides are stated on, from the comparability table (``GET /v1/comparability``);
    ``None`` for the same release on both sides or a measure the table has no row for.
    """

    measure: str
    value_field: str
    unit: Literal["percent", "fraction"]
    from_provenance: Provenance
    to_provenance: Provenance
    thresholds: list[float] | None = None
    edges_usd: list[float] | None = None
    base: str | None = None


class SeriesPoint(msgspec.Struct, frozen=True, kw_only=True):
    """One release's value of the measure; ``value`` is ``None`` (and ``present`` false) when
    the entity is not in that release."""

    release_id: str
    date: str
    observation_window: ObservationWindow | None
    """When the release's conversations were sampled, as its catalog states it (start and
    end are ``None`` when upstream does not state them; ``note`` says what it does say)."""
    value: float | None
    present: bool
    provenance: Provenance
    base: str | None = None
    """What the value is a share or index of, from the comparability table
    (``GET /v1/comparability``): e.g. ``share of the parent geography's usage``, or the
    task key a task share is matched on across releases. ``None`` for a one-release series."""
    window_rule: str | None = None
    """Geography series: ``as_published`` (upstream's value for the window) or
    ``unweighted_mean_of_months`` (the release's own figure over its two months)."""


class Series(msgspec.Struct, frozen=True, kw_only=True):
    """One measure of one entity across every usage release, oldest first."""

    key: str
    title: str
    level: str | None = None
    value_field: str
    unit: Literal["percent", "fraction", "ratio", "value"]
    """``ratio``: an index (the AUI: 1 = usage in proportion to population); ``value``: the
    unit is named in ``title`` (the primitives: hours, minutes, years, percent...)."""
    data: list[SeriesPoint]


class SeriesSet(msgspec.Struct, kw_only=True):
    """``GET /v1/series/...``: one or more series (one per entity or mode) over the usage
    releases. ``releases`` lists the release ids used, in date order."""

    measure: str
    releases: list[str]
    series: list[Series]


# ---------------------------------------------------------------------------------------------
# Service status
# ---------------------------------------------------------------------------------------------


class Health(msgspec.Struct, kw_only=True):
    """``GET /health``: the process is alive."""

    status: Literal["ok"] = "ok"
    version: str
    """econindex-api package version of the server."""


class ReleaseStatus(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Load state of one release on ``/ready``."""

    id: str
    version: str
    available: bool
    detail: str | None = None
    """Why the release is unavailable (e.g. a file failed its sha256 check)."""
    pending_version: str | None = None
    """A version of the catalog that failed to load and is being tried again with backoff;
    ``version`` (the last verified one, if any) answers meanwhile."""
    pending_detail: str | None = None
    """Why ``pending_version`` failed its last load."""
    pending_attempts: int | None = None
    """Loads of ``pending_version`` tried so far."""


class Ready(msgspec.Struct, kw_only=True):
    """``GET /ready``: ``ready`` when every release in the catalog is loaded and verified;
    ``degraded`` when some are unavailable (status 200, other releases still served);
    ``not_ready`` (status 503) when none is."""

    status: Literal["ready", "degraded", "not_ready"]
    releases: list[ReleaseStatus]
    catalog_sha256: str | None
    """sha256 of the catalog.json currently served."""
    catalog_problem: str | None = None
    """Why the catalog.json on disk is not the one served (deleted, empty, malformed): the last
    good catalog is kept and the status is at best ``degraded``."""
    memory: MemoryUse | None = None
    """The process's memory budget and what is kept within it."""
    renders: int | None = None
    """Charts drawn by this process since it started (each is drawn once, then kept)."""


class MemoryUse(msgspec.Struct, kw_only=True):
    """What one server process keeps in memory, within ``ECONINDEX_MEMORY_BUDGET_MB``."""

    budget_bytes: int
    """The budget for everything kept: release frames and indexes plus cached answers."""
    frames_bytes: int
    """Loaded tables, the row frames built from them and their indexes."""
    cache_bytes: int
    """Cached answers: keys, bodies, gzip bodies, headers."""
    cache_limit_bytes: int
    """What the cache may use: the budget minus the frames (at least a floor of 16 MiB)."""
    cache_entries: int
