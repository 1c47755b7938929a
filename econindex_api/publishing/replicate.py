"""``econindex replicate``: each report's published figures next to the value our tables give.

For every release in a data root (its current version), every figure below whose release is
present is recomputed from the **published** tables (Parquet), with the rule written beside
it, and compared with the published value at the published precision (the number of
decimals the report or FACTS prints). Outcomes: ``match``, ``MISMATCH`` (exit 1), or
``absent`` when the build does not hold the rows the figure needs (an unpinned partial
build holds only some geographies). Figures and rules: ../shared/aei-longformat/FACTS.md
(tables "Published figures reproducible"), and for the first report the figures the tests
and README quote. Figures that need inputs we do not publish (SOC joins of the long formats,
the released regression helpers) are not listed; README says which.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from econindex_api.catalog import CATALOG_FILE, decode_catalog

Tables = dict[str, pl.DataFrame]
Compute = Callable[[Tables], float | None]


@dataclass(frozen=True)
class Figure:
    release_id: str
    label: str
    published: str  # as printed: its decimals are the precision compared
    rule: str
    compute: Compute


@dataclass(frozen=True)
class Outcome:
    release_id: str
    version: str
    label: str
    published: str
    ours: str
    rule: str
    status: str  # match, MISMATCH, absent


def decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


# --- helpers on published tables (None when the rows are not in this build) -----------------


def _value(frame: pl.DataFrame | None, column: str, **where: object) -> float | None:
    if frame is None:
        return None
    picked = frame
    for key, value in where.items():
        picked = picked.filter(pl.col(key) == value)
    if picked.height != 1 or picked[column][0] is None:
        return None
    return float(picked[column][0])


def soc_group(column: str, code: str, platform: str) -> Compute:
    """A SOC major group's global share (``geo_soc_groups``): ``share_pct`` on the classified
    base (tasks matched to statements), ``conversation_pct`` on all conversations."""
    return lambda t: _value(
        t.get("geo_soc_groups"),
        column,
        platform=platform,
        geo_level="global",
        geo_id="GLOBAL",
        major_group_code=code,
    )


def geo(column: str, geo_id: str, level: str, platform: str = "claude_ai") -> Compute:
    return lambda t: _value(
        t.get("geo_usage"), column, platform=platform, geo_level=level, geo_id=geo_id
    )


def automation(column: str, platform: str) -> Compute:
    return lambda t: _value(
        t.get("geo_automation"), column, platform=platform, geo_level="global", geo_id="GLOBAL"
    )


def pattern(name: str, platform: str) -> Compute:
    return lambda t: _value(
        t.get("geo_collaboration"),
        "conversation_pct",
        platform=platform,
        geo_level="global",
        geo_id="GLOBAL",
        pattern=name,
    )


def primitive(name: str, statistic: str, node: str, platform: str, scale: float = 1.0) -> Compute:
    def compute(t: Tables) -> float | None:
        where: dict[str, object] = {
            "platform": platform,
            "geo_level": "global",
            "geo_id": "GLOBAL",
            "primitive": name,
            "statistic": statistic,
        }
        if node:  # a statistic of the whole distribution: the one row, whatever its node
            where["node_name"] = node
        found = _value(t.get("geo_primitives"), "value", **where)
        return None if found is None else found * scale

    return compute


def top_tasks(platform: str, n: int = 10) -> Compute:
    """Sum of the n largest task shares, none and not_classified dropped, no renormalising."""

    def compute(t: Tables) -> float | None:
        tasks = t.get("global_task_usage")
        if tasks is None:
            return None
        shares = tasks.filter((pl.col("platform") == platform) & (pl.col("task_kind") == "task"))
        if shares.height < n:
            return None
        return float(shares["conversation_pct"].sort(descending=True).head(n).sum())

    return compute


def gini(values: list[float]) -> float:
    """Unweighted Gini: mean absolute difference over twice the mean."""
    n = len(values)
    mean = math.fsum(values) / n
    total = math.fsum(abs(a - b) for a in values for b in values)
    return total / (2 * n * n * mean)


def aui_gini(level: str, parent: str | None, minimum: int) -> Compute:
    def compute(t: Tables) -> float | None:
        usage = t.get("geo_usage")
        if usage is None:
            return None
        rows = usage.filter(
            (pl.col("geo_level") == level)
            & (pl.col("geo_kind") == "classified")
            & (pl.col("usage_count") >= minimum)
            & pl.col("usage_per_capita_index").is_not_null()
        )
        if parent is not None:
            rows = rows.filter(pl.col("parent_geo_id") == parent)
        values = rows["usage_per_capita_index"].to_list()
        return gini(values) if len(values) > 1 else None

    return compute


def slope(xs: list[float], ys: list[float]) -> float:
    mx, my = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    return sxy / sxx


def gdp_elasticity(exclude: tuple[str, ...] = ()) -> Compute:
    """OLS slope of ln AUI on ln GDP per working-age capita, countries >= 200 conversations."""

    def compute(t: Tables) -> float | None:
        usage = t.get("geo_usage")
        if usage is None:
            return None
        rows = usage.filter(
            (pl.col("geo_level") == "country")
            & (pl.col("geo_kind") == "classified")
            & (pl.col("usage_count") >= 200)
            & (pl.col("usage_per_capita_index") > 0)
            & (pl.col("gdp_per_working_age_capita") > 0)
            & ~pl.col("geo_id").is_in(list(exclude))
        )
        if rows.height < 30:  # a partial build: not the report's sample
            return None
        xs = [math.log(v) for v in rows["gdp_per_working_age_capita"]]
        ys = [math.log(v) for v in rows["usage_per_capita_index"]]
        return slope(xs, ys)

    return compute


def token_elasticity(t: Tables) -> float | None:
    """OLS slope of ln completion-token index on ln prompt-token index over API tasks."""
    costs = t.get("api_token_cost")
    if costs is None:
        return None
    tasks = costs.filter(pl.col("base_category") == "onet_task")
    wide = tasks.pivot(on="measure", index="node_name", values="index_value").drop_nulls()
    if "prompt_tokens" not in wide.columns or wide.height < 100:
        return None
    wide = wide.filter((pl.col("prompt_tokens") > 0) & (pl.col("completion_tokens") > 0))
    return slope(
        [math.log(v) for v in wide["prompt_tokens"]],
        [math.log(v) for v in wide["completion_tokens"]],
    )


def tier_count(tier: int, level: str) -> Compute:
    def compute(t: Tables) -> float | None:
        usage = t.get("geo_usage")
        if usage is None or usage.filter(pl.col("geo_level") == level).height == 0:
            return None
        return float(
            usage.filter((pl.col("geo_level") == level) & (pl.col("usage_tier") == tier)).height
        )

    return compute


def category_share(code: str) -> Compute:
    return lambda t: _value(t.get("category_usage"), "share_pct", major_group_code=code)


def split(category: str) -> Compute:
    return lambda t: _value(t.get("interaction_split"), "share_pct", category=category)


def depth_pct(threshold: float) -> Compute:
    def compute(t: Tables) -> float | None:
        occupations = t.get("occupation_usage")
        if occupations is None:
            return None
        reached = occupations.filter(
            pl.col("tasks_with_usage") / pl.col("tasks_total") >= threshold
        ).height
        return reached / occupations.height * 100

    return compute


# --- the figures --------------------------------------------------------------------------

SEP, JAN, MAR = "2025-09-15", "2026-01-15", "2026-03-24"
MATCHED_RULE = "rescaled to 100 over the tasks matched to a statement (FACTS §3)"
ALL_RULE = "share of all conversations, none and not_classified in the base (FACTS §3)"
AUG_AUI = "usage_per_capita_index (AUI), convention published_aug2025 (FACTS §2)"
STATE_AUI = "state usage_per_capita_index, thresholded states, not_classified excluded"
ALL_BASE = "global collaboration_pct summed over the mode's patterns; base all conversations"

FIGURES: tuple[Figure, ...] = (
    # First report (release 2025-02-10): the figures the tests and README quote.
    Figure(
        "2025-02-10",
        "Computer and Mathematical share of conversations",
        "37.2",
        "category_usage share_pct 15-0000 (docs/methods.md)",
        category_share("15-0000"),
    ),
    Figure(
        "2025-02-10",
        "Arts, design, entertainment, sports and media share",
        "10.3",
        "category_usage share_pct 27-0000",
        category_share("27-0000"),
    ),
    Figure(
        "2025-02-10",
        "Education and library share",
        "9.3",
        "category_usage share_pct 25-0000",
        category_share("25-0000"),
    ),
    Figure(
        "2025-02-10",
        "augmentation",
        "57",
        "interaction_split (none dropped, rescaled)",
        split("augmentation"),
    ),
    Figure(
        "2025-02-10",
        "automation",
        "43",
        "interaction_split (none dropped, rescaled)",
        split("automation"),
    ),
    Figure(
        "2025-02-10",
        "occupations using AI for >= 25% of their tasks",
        "36",
        "share of occupations with tasks_with_usage / tasks_total >= 0.25",
        depth_pct(0.25),
    ),
    Figure(
        "2025-02-10",
        "occupations using AI for >= 75% of their tasks",
        "4",
        "same, >= 0.75",
        depth_pct(0.75),
    ),
    # Third report (2025-09-15), FACTS §2.
    Figure(
        SEP,
        "US share of global usage",
        "21.5864",
        "country usage_pct USA",
        geo("usage_pct", "USA", "country"),
    ),
    Figure(
        SEP,
        "India share of global usage",
        "7.1503",
        "country usage_pct IND",
        geo("usage_pct", "IND", "country"),
    ),
    Figure(
        SEP,
        "Brazil share of global usage",
        "3.6788",
        "country usage_pct BRA",
        geo("usage_pct", "BRA", "country"),
    ),
    *(
        Figure(
            SEP,
            f"{name} share of US usage",
            value,
            f"subregion usage_pct {code}",
            geo("usage_pct", code, "subregion"),
        )
        for name, code, value in (
            ("California", "US-CA", "25.2723"),
            ("New York", "US-NY", "9.2574"),
            ("Texas", "US-TX", "6.6744"),
            ("Virginia", "US-VA", "4.0442"),
        )
    ),
    *(
        Figure(SEP, f"AUI {code}", value, AUG_AUI, geo("usage_per_capita_index", code, "country"))
        for code, value in (
            ("ISR", "7.0038"),
            ("SGP", "4.5717"),
            ("AUS", "4.1014"),
            ("NZL", "4.0485"),
            ("KOR", "3.7255"),
            ("USA", "3.6244"),
            ("CAN", "2.9136"),
            ("GBR", "2.6653"),
            ("FRA", "1.9438"),
            ("JPN", "1.8567"),
            ("DEU", "1.8351"),
            ("BOL", "0.4840"),
            ("IDN", "0.3579"),
            ("IND", "0.2670"),
            ("NGA", "0.2019"),
        )
    ),
    *(
        Figure(
            SEP, f"AUI {code}", value, STATE_AUI, geo("usage_per_capita_index", code, "subregion")
        )
        for code, value in (
            ("US-DC", "3.8195"),
            ("US-UT", "3.7827"),
            ("US-CA", "2.1267"),
            ("US-NY", "1.5760"),
            ("US-VA", "1.5698"),
        )
    ),
    *(
        Figure(
            SEP,
            f"US states in tier {tier}",
            value,
            "usage_tier: quartiles of thresholded state AUIs",
            tier_count(tier, "subregion"),
        )
        for tier, value in ((1, "13"), (2, "13"), (3, "12"), (4, "13"))
    ),
    Figure(
        SEP,
        "GDP elasticity of the AUI, countries",
        "0.6895",
        "OLS ln AUI on ln GDP per working-age capita, countries >= 200, with GDP",
        gdp_elasticity(),
    ),
    Figure(SEP, "API automation", "77.37", ALL_BASE, automation("automation_pct_of_all", "1p_api")),
    Figure(
        SEP, "API augmentation", "12.41", ALL_BASE, automation("augmentation_pct_of_all", "1p_api")
    ),
    Figure(
        SEP,
        "Claude.ai automation (headline)",
        "49.10",
        ALL_BASE,
        automation("automation_pct_of_all", "claude_ai"),
    ),
    Figure(
        SEP,
        "Claude.ai augmentation (headline)",
        "47.04",
        ALL_BASE,
        automation("augmentation_pct_of_all", "claude_ai"),
    ),
    Figure(
        SEP,
        "Claude.ai automation, five-pattern base",
        "51.0698",
        "automation / (five classified patterns)",
        automation("automation_pct_of_classified", "claude_ai"),
    ),
    Figure(
        SEP,
        "API input-to-output token elasticity",
        "0.3823",
        "OLS ln completion_tokens index on ln prompt_tokens index, API tasks",
        token_elasticity,
    ),
    # Fourth report (2026-01-15), FACTS §3.
    Figure(
        JAN,
        "Claude.ai augmentation",
        "51.68",
        ALL_BASE,
        automation("augmentation_pct_of_all", "claude_ai"),
    ),
    Figure(
        JAN,
        "Claude.ai automation",
        "45.36",
        ALL_BASE,
        automation("automation_pct_of_all", "claude_ai"),
    ),
    Figure(
        JAN,
        "Claude.ai no pattern (none)",
        "2.96",
        "global collaboration_pct none",
        pattern("none", "claude_ai"),
    ),
    Figure(
        JAN,
        "Claude.ai directive",
        "31.73",
        "global collaboration_pct directive",
        pattern("directive", "claude_ai"),
    ),
    Figure(
        JAN,
        "API directive",
        "63.58",
        "global collaboration_pct directive",
        pattern("directive", "1p_api"),
    ),
    Figure(JAN, "API automation", "74.61", ALL_BASE, automation("automation_pct_of_all", "1p_api")),
    *(
        Figure(
            JAN,
            f"computer & mathematical ({label}), {base_name}",
            value,
            f"geo_soc_groups GLOBAL 15-0000 {column}: task shares attributed through the "
            "2025-09-15 statements (n(key)), " + rule,
            soc_group(column, "15-0000", platform),
        )
        for label, platform, base_name, column, value, rule in (
            ("Claude.ai", "claude_ai", "classified base", "share_pct", "36.13", MATCHED_RULE),
            ("API", "1p_api", "classified base", "share_pct", "52.02", MATCHED_RULE),
            ("Claude.ai", "claude_ai", "all conversations", "conversation_pct", "33.78", ALL_RULE),
            ("API", "1p_api", "all conversations", "conversation_pct", "45.92", ALL_RULE),
        )
    ),
    *(
        Figure(
            JAN,
            f"use case {node} (Claude.ai)",
            value,
            "global use_case_pct",
            primitive("use_case", "pct", node, "claude_ai"),
        )
        for node, value in (("work", "46.03"), ("coursework", "19.27"), ("personal", "34.68"))
    ),
    Figure(
        JAN,
        "API work use",
        "73.89",
        "global use_case_pct work",
        primitive("use_case", "pct", "work", "1p_api"),
    ),
    Figure(
        JAN,
        "task success (Claude.ai)",
        "66.91",
        "global task_success_pct yes",
        primitive("task_success", "pct", "yes", "claude_ai"),
    ),
    Figure(
        JAN,
        "task success (API)",
        "49.36",
        "global task_success_pct yes",
        primitive("task_success", "pct", "yes", "1p_api"),
    ),
    Figure(
        JAN,
        "human-only ability yes (Claude.ai)",
        "87.91",
        "global human_only_ability_pct yes",
        primitive("human_only_ability", "pct", "yes", "claude_ai"),
    ),
    Figure(
        JAN,
        "multitasking yes (Claude.ai)",
        "9.32",
        "global multitasking_pct yes",
        primitive("multitasking", "pct", "yes", "claude_ai"),
    ),
    Figure(
        JAN,
        "human-only time, hours (Claude.ai)",
        "3.0922",
        "human_only_time_mean (hours)",
        primitive("human_only_time", "mean", "", "claude_ai"),
    ),
    Figure(
        JAN,
        "human-only time, hours (API)",
        "1.7293",
        "human_only_time_mean (hours)",
        primitive("human_only_time", "mean", "", "1p_api"),
    ),
    Figure(
        JAN,
        "human-with-AI time, minutes (Claude.ai)",
        "15.35",
        "human_with_ai_time_mean (minutes)",
        primitive("human_with_ai_time", "mean", "", "claude_ai"),
    ),
    Figure(
        JAN,
        "AI autonomy (Claude.ai)",
        "3.3818",
        "ai_autonomy_mean",
        primitive("ai_autonomy", "mean", "", "claude_ai"),
    ),
    Figure(
        JAN,
        "AI autonomy (API)",
        "2.8436",
        "ai_autonomy_mean",
        primitive("ai_autonomy", "mean", "", "1p_api"),
    ),
    Figure(
        JAN,
        "India share of usage",
        "5.81053",
        "country usage_pct IND",
        geo("usage_pct", "IND", "country"),
    ),
    Figure(JAN, "AUI Denmark", "2.1007", AUG_AUI, geo("usage_per_capita_index", "DNK", "country")),
    Figure(
        JAN,
        "state AUI Gini",
        "0.3184",
        "unweighted Gini of the 51 US state AUIs",
        aui_gini("subregion", "USA", 100),
    ),
    # Fifth report (2026-03-24), FACTS §4.
    Figure(
        MAR,
        "top-10 tasks, Claude.ai",
        "19.4410",
        "10 largest onet_task_pct, none and not_classified dropped, no renormalising",
        top_tasks("claude_ai"),
    ),
    Figure(MAR, "top-10 tasks, API", "32.5729", "same", top_tasks("1p_api")),
    *(
        Figure(
            MAR,
            f"use case {node}",
            value,
            "global use_case_pct",
            primitive("use_case", "pct", node, "claude_ai"),
        )
        for node, value in (("coursework", "12.4448"), ("personal", "42.2911"), ("work", "45.2343"))
    ),
    Figure(
        MAR,
        "Claude.ai automation",
        "44.1569",
        ALL_BASE,
        automation("automation_pct_of_all", "claude_ai"),
    ),
    Figure(
        MAR,
        "Claude.ai augmentation",
        "52.7941",
        ALL_BASE,
        automation("augmentation_pct_of_all", "claude_ai"),
    ),
    Figure(
        MAR, "API automation", "67.6292", ALL_BASE, automation("automation_pct_of_all", "1p_api")
    ),
    Figure(
        MAR,
        "human education years",
        "11.9187",
        "human_education_years_mean",
        primitive("human_education_years", "mean", "", "claude_ai"),
    ),
    Figure(
        MAR,
        "AI autonomy",
        "3.4067",
        "ai_autonomy_mean",
        primitive("ai_autonomy", "mean", "", "claude_ai"),
    ),
    Figure(
        MAR,
        "human-only time, minutes",
        "183.774",
        "human_only_time_mean (hours) x 60",
        primitive("human_only_time", "mean", "", "claude_ai", scale=60.0),
    ),
    Figure(
        MAR,
        "human-with-AI time, minutes",
        "14.3033",
        "human_with_ai_time_mean (minutes)",
        primitive("human_with_ai_time", "mean", "", "claude_ai"),
    ),
    Figure(
        MAR,
        "cannot do alone",
        "12.2401",
        "global human_only_ability_pct no",
        primitive("human_only_ability", "pct", "no", "claude_ai"),
    ),
    Figure(
        MAR,
        "state AUI Gini",
        "0.2859",
        "unweighted Gini of the US state AUIs",
        aui_gini("subregion", "USA", 100),
    ),
    Figure(
        MAR,
        "country AUI Gini",
        "0.5049",
        "unweighted Gini of country AUIs, >= 200",
        aui_gini("country", None, 200),
    ),
    *(
        Figure(
            MAR,
            f"{code} share of its country",
            value,
            "subregion usage_pct",
            geo("usage_pct", code, "subregion"),
        )
        for code, value in (
            ("AU-NSW", "37.1621"),
            ("AU-VIC", "30.8500"),
            ("AU-QLD", "17.6726"),
            ("AU-WA", "7.5820"),
            ("CA-ON", "43.9387"),
            ("CA-QC", "20.7667"),
            ("CA-BC", "18.8982"),
            ("CA-AB", "10.1961"),
        )
    ),
    Figure(
        MAR,
        "Canada share of usage",
        "2.5902",
        "country usage_pct CAN",
        geo("usage_pct", "CAN", "country"),
    ),
    Figure(
        MAR,
        "AUI Canada",
        "4.4430",
        "usage_per_capita_index, convention symmetric",
        geo("usage_per_capita_index", "CAN", "country"),
    ),
)


# --- release 2026-06-26: two monthly windows; every figure names its window -------------------

JUN = "2026-06-26"
APRIL = "2026-04-01"
MAY = "2026-05-01"
MEAN = "unweighted_mean_of_months"


def windowed(
    table: str, column: str, window: str, platform: str = "claude_ai", **where: object
) -> Compute:
    """A GLOBAL value of a windowed table: ``window`` is a month's date_start (as published)
    or ``MEAN`` (the release's own figure, the unweighted mean of the two months)."""

    def compute(t: Tables) -> float | None:
        rule = (
            {"window_rule": MEAN}
            if window == MEAN
            else {
                "window_rule": "as_published",
                "date_start": window,
            }
        )
        return _value(
            t.get(table),
            column,
            platform=platform,
            geo_level="global",
            geo_id="GLOBAL",
            **rule,
            **where,
        )

    return compute


def artifact(label: str, platform: str = "claude_ai", complement: bool = False) -> Compute:
    base = windowed("geo_artifacts", "conversation_pct", MEAN, platform, artifact=label)

    def compute(t: Tables) -> float | None:
        found = base(t)
        return None if found is None else (100 - found if complement else found)

    return compute


def published_metric(metric: str, month: str, platform: str = "claude_ai") -> Compute:
    """A GLOBAL ``overall`` value of one month straight from observations."""
    return lambda t: _value(
        t.get("observations"),
        "value",
        platform=platform,
        geo_level="global",
        geo_id="GLOBAL",
        category="overall",
        metric=metric,
        date_start=month,
    )


def education_gap(month: str, platform: str = "claude_ai") -> Compute:
    ai = published_metric("ai_education_years_mean", month, platform)
    human = published_metric("human_education_years_mean", month, platform)

    def compute(t: Tables) -> float | None:
        a, h = ai(t), human(t)
        return None if a is None or h is None else a - h

    return compute


def use_case(node: str, window: str, platform: str = "claude_ai") -> Compute:
    return windowed(
        "geo_primitives",
        "value",
        window,
        platform,
        primitive="use_case",
        statistic="pct",
        node_name=node,
    )


MEAN_RULE = "unweighted mean of April and May (window_rule unweighted_mean_of_months)"
JUNE_FIGURES = (
    Figure(
        JUN,
        "no artifact (93 % produce one)",
        "6.79",
        f"artifact_none_pct, {MEAN_RULE}",
        artifact("none"),
    ),
    Figure(
        JUN,
        "explanations",
        "16.66",
        f"artifact_explanation_or_answer_pct, {MEAN_RULE}",
        artifact("explanation_or_answer"),
    ),
    Figure(
        JUN,
        "documents",
        "14.67",
        f"artifact_document_or_report_pct, {MEAN_RULE}",
        artifact("document_or_report"),
    ),
    Figure(
        JUN,
        "guidance",
        "10.39",
        f"artifact_advice_or_recommendation_pct, {MEAN_RULE}",
        artifact("advice_or_recommendation"),
    ),
    Figure(
        JUN,
        "API no artifact",
        "15.86",
        f"1p_api artifact_none_pct, {MEAN_RULE}",
        artifact("none", "1p_api"),
    ),
    Figure(
        JUN,
        "API analysis",
        "21.61",
        f"1p_api artifact_analysis_or_summary_pct, {MEAN_RULE}",
        artifact("analysis_or_summary", "1p_api"),
    ),
    Figure(
        JUN,
        "API data (report: 14, 1 pp higher)",
        "12.99",
        f"1p_api artifact_data_or_spreadsheet_pct, {MEAN_RULE}",
        artifact("data_or_spreadsheet", "1p_api"),
    ),
    Figure(
        JUN,
        "API explanations",
        "8.09",
        f"1p_api artifact_explanation_or_answer_pct, {MEAN_RULE}",
        artifact("explanation_or_answer", "1p_api"),
    ),
    Figure(
        JUN,
        "automation bucket, April",
        "48.98",
        "collaboration_bucket_automation_pct, April",
        published_metric("collaboration_bucket_automation_pct", APRIL),
    ),
    Figure(
        JUN,
        "automation bucket, May",
        "48.62",
        "collaboration_bucket_automation_pct, May",
        published_metric("collaboration_bucket_automation_pct", MAY),
    ),
    Figure(
        JUN,
        "API automation bucket, April",
        "93.66",
        "1p_api collaboration_bucket_automation_pct, April",
        published_metric("collaboration_bucket_automation_pct", APRIL, "1p_api"),
    ),
    Figure(
        JUN,
        "API automation bucket, May",
        "94.22",
        "1p_api collaboration_bucket_automation_pct, May",
        published_metric("collaboration_bucket_automation_pct", MAY, "1p_api"),
    ),
    Figure(
        JUN,
        "reading-level gap, April",
        "0.80",
        "ai_education_years_mean - human_education_years_mean, April",
        education_gap(APRIL),
    ),
    Figure(
        JUN,
        "reading-level gap, May",
        "0.84",
        "ai_education_years_mean - human_education_years_mean, May",
        education_gap(MAY),
    ),
    *(
        Figure(
            JUN,
            f"use case {node}, {month_name}",
            value,
            f"use_case_{node}_pct, {month_name}",
            use_case(node, month),
        )
        for node, month, month_name, value in (
            ("work", APRIL, "April", "45.53"),
            ("work", MAY, "May", "43.36"),
            ("personal", APRIL, "April", "38.48"),
            ("personal", MAY, "May", "40.20"),
            ("coursework", APRIL, "April", "15.99"),
            ("coursework", MAY, "May", "16.45"),
        )
    ),
    *(
        Figure(
            JUN,
            f"API use case {node}",
            value,
            f"1p_api use_case_{node}_pct, {MEAN_RULE}",
            use_case(node, MEAN, "1p_api"),
        )
        for node, value in (("work", "83.11"), ("personal", "14.21"), ("coursework", "2.68"))
    ),
)
FIGURES = (*FIGURES, *JUNE_FIGURES)


def load_tables(root: Path, path: str) -> Tables:
    data = root / path / "data"
    return {p.stem: pl.read_parquet(p) for p in sorted(data.glob("*.parquet"))}


def replicate_release(release_id: str, version: str, tables: Tables) -> list[Outcome]:
    """Each figure the release's report publishes next to the value our tables give (pure:
    the CLI reads the tables from a data root, the server from the releases it serves)."""
    outcomes = []
    for figure in (f for f in FIGURES if f.release_id == release_id):
        ours = figure.compute(tables)
        places = decimals(figure.published)
        if ours is None:
            shown, status = "-", "absent"
        else:
            shown = f"{ours:.{places}f}"
            status = "match" if shown == f"{float(figure.published):.{places}f}" else "MISMATCH"
        outcomes.append(
            Outcome(release_id, version, figure.label, figure.published, shown, figure.rule, status)
        )
    return outcomes


def has_figures(release_id: str) -> bool:
    return any(f.release_id == release_id for f in FIGURES)


def replicate(root: Path, release: str | None = None) -> list[Outcome]:
    """Every figure of every release present in the data root (or only ``release``)."""
    catalog = decode_catalog((root / CATALOG_FILE).read_bytes())
    outcomes = []
    for entry in sorted(catalog.releases, key=lambda r: r.id):
        if release is not None and entry.id != release:
            continue
        if not has_figures(entry.id):
            continue
        version = entry.current
        outcomes.extend(
            replicate_release(entry.id, version.version, load_tables(root, version.path))
        )
    return outcomes


UNPINNED_NOTE = (
    "versions tagged -unpinned are built from files that are not the pinned upstream "
    "files (a partial extract or a test fixture): their rows prove the rule's code "
    "path, not the release's figures"
)


def render(outcomes: list[Outcome]) -> str:
    header = ("release", "version", "figure", "published", "ours", "status", "rule")
    rows = [header] + [
        (o.release_id, o.version, o.label, o.published, o.ours, o.status, o.rule) for o in outcomes
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(r[:-1], widths, strict=True))
        + "  "
        + r[-1]
        for r in rows
    ]
    if any(o.version.endswith("-unpinned") for o in outcomes):
        lines.append(UNPINNED_NOTE)
    return "\n".join(lines)
