"""Which measures are comparable across the six usage releases, on which base, and why.

A pure table (no I/O), one row per measure and pair of consecutive releases among
2025-02-10, 2025-03-27, 2025-09-15, 2026-01-15, 2026-03-24 and 2026-06-26. No upstream
publishes this; researchers need it before they draw a line through six points. The facts
behind each row: ../shared/aei-longformat/FACTS.md §6-7 and GUIDE §2b-2c (cited as "FACTS §6").

``comparable`` is True only when both releases publish the measure and there is one base on
which both can be stated (``base`` names it; the restatement, if any, is in ``why``). A
measure is comparable across two non-consecutive releases only if every consecutive step
between them is comparable on the **same** base (``between``). Series and compare endpoints
use this table to answer ``incomparable-releases`` instead of a line that mixes bases.

Geography ids are crosswalked to one scheme before any comparison (``canonical_geo_id``):
USPS ``CA`` (2025-09-15 ``state_us``) = ISO 3166-2 ``US-CA``; ISO alpha-2 countries
(2025-09-15 to 2026-03-24) = alpha-3 (2026-06-26) through the ISO code table.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

RELEASES = ("2025-02-10", "2025-03-27", "2025-09-15", "2026-01-15", "2026-03-24", "2026-06-26")
PAIRS = tuple(itertools.pairwise(RELEASES))

MEASURES = (
    "task_share",
    "soc_group_share",
    "occupation_share",
    "automation_split",
    "interaction_modes_raw",
    "depth_of_use",
    "geo_usage_share",
    "aui_country",
    "aui_us_state",
    "primitives",
    "use_case",
    "request_topics",
    "artifacts",
)

TASK_KEY = "task key (lower-cased, stripped O*NET statement)"
FIVE = "five classified collaboration patterns (automation + augmentation = 100)"
LABELS = (
    "Pattern labels are spelled with spaces (2025-02-10, the first long format: 'feedback "
    "loop') or underscores (2025-03-27, 2026-06-26: 'feedback_loop'); mapped to one mode "
    "before comparing."
)
ONE_WEEK_VS_MONTHS = (
    "2026-06-26 holds two calendar months (release figure: unweighted mean of April and May); "
    "2026-03-24 holds one week."
)


@dataclass(frozen=True)
class Comparability:
    measure: str
    release_from: str
    release_to: str
    comparable: bool
    base: str  # the base both are stated on; "" when not comparable
    why: str


def _row(
    measure: str, pair: tuple[str, str], comparable: bool, base: str, why: str
) -> Comparability:
    return Comparability(measure, pair[0], pair[1], comparable, base if comparable else "", why)


def _task_share() -> list[Comparability]:
    p = PAIRS
    return [
        _row("task_share", p[0], True, TASK_KEY, "Both flat task files keyed by statement text."),
        _row(
            "task_share",
            p[1],
            True,
            TASK_KEY,
            "From 2025-09-15 the onet_task facet is keyed by lower-cased statement text and its "
            "base includes none and not_classified: drop both and rescale to restate on tasks.",
        ),
        _row(
            "task_share",
            p[2],
            True,
            TASK_KEY,
            "Same facet and key (statement text); the request and task classifier model "
            "changed (FACTS §1).",
        ),
        _row("task_share", p[3], True, TASK_KEY, "Same facet and key (statement text)."),
        _row(
            "task_share",
            p[4],
            True,
            TASK_KEY,
            "Keyed by statement text until 2026-03-24 and by O*NET 30.2 Task ID from "
            "2026-06-26: Task IDs are joined to 2025-09-15's statements by ID, coverage "
            "reported (2,258 of 2,861 ids upstream, FACTS §5); unmatched ids stay out, never "
            "guessed. " + ONE_WEEK_VS_MONTHS,
        ),
    ]


def _soc() -> list[Comparability]:
    p = PAIRS
    derived = "SOC major group share derived from task shares by the published methods"
    return [
        _row("soc_group_share", p[0], True, derived, "Same statements and SOC structure."),
        _row(
            "soc_group_share",
            p[1],
            True,
            derived,
            "2025-09-15 restated from its onet_task shares through its statement table "
            "(none and not_classified dropped); its enriched soc_pct is another base.",
        ),
        _row("soc_group_share", p[2], True, derived, "Both restated from task shares."),
        _row("soc_group_share", p[3], True, derived, "Both restated from task shares."),
        _row(
            "soc_group_share",
            p[4],
            True,
            derived,
            "2026-06-26 publishes soc_occupation from its own classifier (another base, not "
            "comparable as published); restated from its task shares through the Task ID "
            "join, with coverage. " + ONE_WEEK_VS_MONTHS,
        ),
    ]


def _occupation() -> list[Comparability]:
    """An occupation's share is attributed from task shares by the same method as a SOC
    group's (GUIDE §2): it compares wherever the task shares do, on the same restatement."""
    derived = "occupation share derived from task shares by the published methods"
    return [
        _row("occupation_share", (r.release_from, r.release_to), r.comparable, derived, r.why)
        for r in _soc()
    ]


def _depth() -> list[Comparability]:
    p = PAIRS
    base = "occupations whose share of tasks with any usage is at least t (GUIDE §2)"
    floor = (
        "'With usage' means 'published in the release': the first-format flat task files list "
        "the tasks their own aggregation kept, while from 2025-09-15 a task is published only "
        "above a privacy floor on its count (minimum global onet_task_count 15, FACTS §2-3). "
        "The number of tasks with usage, and so depth, has no common base across that change."
    )
    return [
        _row(
            "depth_of_use",
            p[0],
            True,
            base,
            "Same O*NET statements (byte-identical) and the same publication rule.",
        ),
        *(_row("depth_of_use", pair, False, "", floor) for pair in p[1:2]),
        _row(
            "depth_of_use",
            p[2],
            True,
            base,
            "Same facet and the same privacy floor on published task counts (FACTS §2-3).",
        ),
        _row("depth_of_use", p[3], True, base, "Same facet and task-count floor (FACTS §3-4)."),
        _row(
            "depth_of_use",
            p[4],
            False,
            "",
            "2026-06-26 publishes tasks by O*NET 30.2 Task ID (only the ids matching the "
            "2025-09-15 statements count) under an unstated threshold (FACTS §5): no common "
            "base for 'tasks with usage'.",
        ),
    ]


def _modes_raw() -> list[Comparability]:
    p = PAIRS
    six = "all six modes (five patterns and none) as published, summing to 100"
    return [
        _row(
            "interaction_modes_raw",
            p[0],
            True,
            six,
            "Both first-format releases publish the six modes on all conversations. " + LABELS,
        ),
        _row(
            "interaction_modes_raw",
            p[1],
            False,
            "",
            "From 2025-09-15 the collaboration facet's base also holds not_classified "
            "(conversations the classifier could not place), which the earlier releases do "
            "not publish: the six raw shares are of different bases. Use the headline split "
            "(five patterns rescaled to 100).",
        ),
        _row(
            "interaction_modes_raw",
            p[2],
            True,
            "six modes of the collaboration facet, not_classified in the base",
            "Same collaboration facet.",
        ),
        _row(
            "interaction_modes_raw",
            p[3],
            True,
            "six modes of the collaboration facet, not_classified in the base",
            "Same collaboration facet.",
        ),
        _row(
            "interaction_modes_raw",
            p[4],
            False,
            "",
            "2026-06-26's patterns have no not_classified node (FACTS §5): the base changed "
            "without a way to restate it. Use the headline split.",
        ),
    ]


def _automation() -> list[Comparability]:
    p = PAIRS
    return [
        _row("automation_split", p[0], True, FIVE, LABELS),
        _row(
            "automation_split",
            p[1],
            True,
            FIVE,
            "The report headlines of 2025-09-15 to 2026-03-24 use all conversations as base; "
            "the five-pattern base exists in every release. " + LABELS,
        ),
        _row("automation_split", p[2], True, FIVE, "Same collaboration facet."),
        _row("automation_split", p[3], True, FIVE, "Same collaboration facet."),
        _row(
            "automation_split",
            p[4],
            True,
            FIVE,
            "2026-06-26's bucket metric is the five-pattern base; its patterns have no "
            "not_classified. " + LABELS + " " + ONE_WEEK_VS_MONTHS,
        ),
    ]


def _geo(measure: str) -> list[Comparability]:
    p = PAIRS
    none = "2025-02-10 and 2025-03-27 publish no geography."
    out = [_row(measure, p[0], False, "", none), _row(measure, p[1], False, "", none)]
    if measure == "geo_usage_share":
        base = "share of the parent geography's usage (canonical geo_id)"
        out += [
            _row(
                measure,
                p[2],
                True,
                base,
                "Ids crosswalked: USPS CA (state_us) = ISO 3166-2 US-CA; alpha-2 countries "
                "mapped to alpha-3. Week windows.",
            ),
            _row(
                measure,
                p[3],
                True,
                base,
                "Same ids; 2026-03-24 adds the pseudo-geography NONE and US-* sums to 100.284 "
                "(PR, GU, VI counted under US-* only).",
            ),
            _row(
                measure,
                p[4],
                True,
                base,
                "Alpha-2 = alpha-3 crosswalk; 2026-06-26 applies thresholds upstream (a "
                "missing geography is not published, not zero; country shares sum 82-87). "
                + ONE_WEEK_VS_MONTHS,
            ),
        ]
    elif measure == "aui_country":
        out += [
            _row(
                measure,
                p[2],
                True,
                "AUI, convention symmetric restated from counts",
                "Both reports use the published_aug2025 convention; both publish counts, so "
                "both restate on symmetric (one constant factor per wave from the reports').",
            ),
            _row(
                measure,
                p[3],
                True,
                "AUI, convention symmetric restated from counts",
                "The reports' conventions differ (published_aug2025 vs symmetric: one constant "
                "factor per wave); both releases publish counts, so both restate on symmetric.",
            ),
            _row(
                measure,
                p[4],
                False,
                "",
                "2026-06-26 publishes no counts and its AUI uses an unpublished population "
                "vintage (level about 1 % off, FACTS §5): no common base to restate levels.",
            ),
        ]
    else:  # aui_us_state
        base = "AUI among thresholded US states + DC, population 2025-09-15 (Census 2024)"
        out += [
            _row(measure, p[2], True, base, "USPS CA = US-CA; same state rule in every wave."),
            _row(measure, p[3], True, base, "Same state rule."),
            _row(
                measure,
                p[4],
                True,
                base,
                "2026-06-26's published state AUI reproduces on the same population (mean abs. "
                "error 0.0045, FACTS §5); PR has none. " + ONE_WEEK_VS_MONTHS,
            ),
        ]
    return out


def _primitives() -> list[Comparability]:
    p = PAIRS
    before = "The economic primitives start with 2026-01-15."
    return [
        _row("primitives", p[0], False, "", before),
        _row("primitives", p[1], False, "", before),
        _row("primitives", p[2], False, "", before),
        _row(
            "primitives",
            p[3],
            True,
            "mean per conversation (time: hours / minutes as named); yes-share of conversations",
            "Same facets and statistics.",
        ),
        _row(
            "primitives",
            p[4],
            True,
            "mean per conversation (time: hours / minutes as named); yes-share of conversations",
            "Means of autonomy, education years and times, and the multitasking and human-only "
            "ability shares exist in both; task_success is not published in 2026-06-26. "
            + ONE_WEEK_VS_MONTHS,
        ),
    ]


def _use_case() -> list[Comparability]:
    p = PAIRS
    base = "work, personal, coursework rescaled to 100 (none, not_classified dropped)"
    before = "use_case starts with 2026-01-15."
    return [
        _row("use_case", p[0], False, "", before),
        _row("use_case", p[1], False, "", before),
        _row("use_case", p[2], False, "", before),
        _row(
            "use_case",
            p[3],
            True,
            base,
            "2026-03-24 writes none where 2026-01-15 writes not_classified at GLOBAL.",
        ),
        _row(
            "use_case",
            p[4],
            True,
            base,
            "2026-06-26's three use cases sum to 100 (no none/not_classified). "
            + ONE_WEEK_VS_MONTHS,
        ),
    ]


def _never(measure: str, why: str) -> list[Comparability]:
    return [_row(measure, pair, False, "", why) for pair in PAIRS]


TABLE: tuple[Comparability, ...] = (
    *_task_share(),
    *_soc(),
    *_occupation(),
    *_automation(),
    *_modes_raw(),
    *_depth(),
    *_geo("geo_usage_share"),
    *_geo("aui_country"),
    *_geo("aui_us_state"),
    *_primitives(),
    *_use_case(),
    *_never(
        "request_topics",
        "Request topics are re-clustered every release (588/108/26, 618/112/24, 621/104/26, "
        "then 1,012/196/20 with release-specific UUIDs); 2025-02-10 has none and 2025-03-27's "
        "630 bottom-up clusters are another taxonomy: never comparable.",
    ),
    *_never("artifacts", "Artifacts are published only from 2026-06-26."),
)


def comparability_table() -> tuple[Comparability, ...]:
    """Every row: each measure x each pair of consecutive releases."""
    return TABLE


def lookup(measure: str, release_from: str, release_to: str) -> Comparability:
    for row in TABLE:
        if (row.measure, row.release_from, row.release_to) == (measure, release_from, release_to):
            return row
    raise KeyError(f"no comparability row for {measure} {release_from} -> {release_to}")


def between(measure: str, release_a: str, release_b: str) -> Comparability:
    """Whether ``measure`` compares across any two releases: every consecutive step between
    them must be comparable, on one base. The first failing step's reason is returned."""
    if measure not in MEASURES:
        raise KeyError(f"unknown measure {measure!r}; known: {', '.join(MEASURES)}")
    i, j = sorted((RELEASES.index(release_a), RELEASES.index(release_b)))
    if i == j:
        return Comparability(measure, release_a, release_b, True, "same release", "")
    steps = [lookup(measure, RELEASES[k], RELEASES[k + 1]) for k in range(i, j)]
    for step in steps:
        if not step.comparable:
            return Comparability(
                measure,
                RELEASES[i],
                RELEASES[j],
                False,
                "",
                f"{step.release_from} -> {step.release_to}: {step.why}",
            )
    bases = {step.base for step in steps}
    if len(bases) > 1:
        return Comparability(
            measure,
            RELEASES[i],
            RELEASES[j],
            False,
            "",
            "the steps between them are comparable on different bases: " + "; ".join(sorted(bases)),
        )
    return Comparability(
        measure, RELEASES[i], RELEASES[j], True, bases.pop(), " | ".join(s.why for s in steps)
    )


def canonical_geo_id(upstream_id: str, level: str, alpha3: dict[str, str]) -> str:
    """One geography id scheme across releases: USPS CA (state_us) -> US-CA; alpha-2 -> alpha-3.

    ``level``: ``state_us`` (2025-09-15), ``country``, ``subregion`` / ``country-state``
    (ISO 3166-2, kept), ``global``. ``alpha3``: the ISO table's alpha-2 -> alpha-3. An id
    the table lacks is returned unchanged (a pseudo-geography or an unmatched code).
    """
    if level == "global":
        return "GLOBAL"
    if level == "state_us":
        return upstream_id if "-" in upstream_id else f"US-{upstream_id}"
    if level == "country":
        return alpha3.get(upstream_id, upstream_id)
    return upstream_id
