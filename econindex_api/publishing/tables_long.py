"""The tables of the long-format releases (2025-09-15, 2026-01-15, 2026-03-24): one canonical
model for every long layout. ``observations`` keeps every upstream value with canonical ids;
the other tables are derived from it by econindex_api.methods.geography (docs/methods.md,
"Long-format releases"). Geography ids: GLOBAL, ISO 3166-1 alpha-3 for countries, ISO 3166-2
(alpha-2 prefix) for subregions; pseudo-geographies keep upstream's id and are marked
unclassified.

The model as a whole: ``canonical``; the building blocks: ``table_spec``.
"""

from __future__ import annotations

from econindex_api.publishing.table_spec import (
    TASK_KEY,
    Field,
    TableSpec,
    pct,
)
from econindex_api.publishing.tables_first import MAJOR_GROUP_CODE, MAJOR_GROUP_TITLE

PLATFORMS = ("claude_ai", "1p_api")
GEO_LEVELS = ("global", "country", "subregion")
GEO_KINDS = ("global", "classified", "unclassified", "unmatched")

PLATFORM = Field(
    "platform",
    "string",
    "Platform the conversations come from: claude_ai (Claude.ai chat) or 1p_api (Anthropic's "
    "first-party API), from the upstream file.",
    enum=PLATFORMS,
)
GEO_LEVEL = Field(
    "geo_level",
    "string",
    "Geography level: global, country, or subregion (upstream state_us and country-state).",
    enum=GEO_LEVELS,
)
GEO_ID = Field(
    "geo_id",
    "string",
    "Canonical geography id: GLOBAL; ISO 3166-1 alpha-3 for countries (NAM = Namibia, upstream "
    "NA); ISO 3166-2 with the alpha-2 country prefix for subregions (US-CA). Pseudo-"
    "geographies keep upstream's id (not_classified, NONE, AO-not_classified; a US state "
    "file's not_classified becomes US-not_classified); see geo_kind.",
)
UPSTREAM_GEO_ID = Field(
    "upstream_geo_id",
    "string",
    "The geography id exactly as upstream publishes it (ISO-2 country, USPS state code, "
    "ISO 3166-2, GLOBAL or a pseudo-geography); with upstream_geography it is upstream's key.",
)
GEO_KIND = Field(
    "geo_kind",
    "string",
    "global; classified (a real country or subregion); unclassified (a pseudo-geography: "
    "not_classified, <ISO2>-not_classified, NONE: real usage that could not be placed, never "
    "drawn on a map); unmatched (a country id missing from the release's ISO code table, kept "
    "under its upstream id).",
    enum=GEO_KINDS,
)
DATE_START = Field(
    "date_start",
    "string",
    "First day of the sampled window (ISO date, inclusive).",
    pattern=r"^\d{4}-\d{2}-\d{2}$",
)
DATE_END = Field(
    "date_end",
    "string",
    "End of the sampled window as upstream writes it (ISO date): exclusive in the second "
    "long format (2026-06-26: 2026-04-01 to 2026-05-01 is April); the first-generation files "
    "do not say whether it is inclusive.",
    pattern=r"^\d{4}-\d{2}-\d{2}$",
)
WINDOW_RULES = ("as_published", "unweighted_mean_of_months")
WINDOW_RULE = Field(
    "window_rule",
    "string",
    "Which figure this row is: as_published (upstream's value for the window date_start to "
    "date_end); unweighted_mean_of_months (the release's own figure for a release holding "
    "two monthly windows: the unweighted mean of the two months' published values, only "
    "where both months publish it; date_start to date_end then spans both months). Never an "
    "unnamed mix (docs/methods.md, Windows).",
    enum=WINDOW_RULES,
)
WINDOW_FIELDS = (DATE_START, DATE_END, WINDOW_RULE)
WINDOW_KEY = ("date_start", "date_end")

OBSERVATIONS = TableSpec(
    name="observations",
    title="Every published value, with canonical ids",
    description="One row per upstream row of the long-format usage files: nothing upstream "
    "publishes is left out, and nothing is added. Upstream's key (geo_id, geography, facet, "
    "level, variable, cluster_name) maps one to one onto this table's key. Intersection "
    "clusters (facets with '::', e.g. onet_task::collaboration) are split on the last '::' "
    "into base_node and node_name. A missing row means upstream did not publish the value "
    "(privacy floor), never zero. Empty strings are values here (upstream's empty "
    "cluster_name), not missing.",
    fields=(
        PLATFORM,
        Field("platform_product", "string", "Upstream platform_and_product label, kept."),
        DATE_START,
        DATE_END,
        GEO_LEVEL,
        GEO_ID,
        UPSTREAM_GEO_ID,
        Field(
            "upstream_geography",
            "string",
            "Upstream geography label (global, country, state_us, country-state).",
        ),
        GEO_KIND,
        Field(
            "category",
            "string",
            "Upstream facet, e.g. onet_task, collaboration, request, country, state_us, "
            "onet_task::collaboration, onet_task::cost, human_only_time.",
        ),
        Field(
            "hierarchy_level",
            "integer",
            "Upstream level (read as text, published as an integer): 0 = finest; meaningful "
            "for request clusters (0-2), 0 elsewhere.",
            minimum=0,
        ),
        Field(
            "metric",
            "string",
            "Upstream variable, e.g. usage_count, onet_task_pct, collaboration_pct, "
            "cost_index, human_only_time_mean.",
        ),
        Field(
            "base_node",
            "string",
            "For an intersection facet: the base cluster (text before the last '::' of "
            "cluster_name, e.g. the task); empty otherwise.",
            required=False,
        ),
        Field(
            "node_name",
            "string",
            "The cluster: upstream cluster_name, or for an intersection the part after its "
            "last '::' (e.g. the collaboration pattern, index, count or value). Empty where "
            "upstream's cluster_name is empty (geography usage rows).",
            required=False,
        ),
        Field(
            "node_id",
            "string",
            "External id of the node where upstream publishes one (2026-06-26: O*NET Task ID "
            "or element id, SOC code, request-topic UUID, '-' for overall); empty in the "
            "first-generation files, which name tasks and clusters by text only. Part of the "
            "key: node names repeat in 2026-06-26 (one statement, two Task IDs).",
            required=False,
        ),
        Field("value", "number", "The upstream value, unchanged (unit per metric name)."),
    ),
    primary_key=(
        "platform",
        "date_start",
        "geo_level",
        "geo_id",
        "category",
        "hierarchy_level",
        "metric",
        "base_node",
        "node_name",
        "node_id",
    ),
    missing_values=(),
)

GEO_USAGE = TableSpec(
    name="geo_usage",
    title="Usage per geography, with the AUI",
    description="Conversations per country and subregion, their share of the parent "
    "(GLOBAL for countries, the country for subregions), working-age population, usage per "
    "capita, the Anthropic AI Usage Index (AUI) under the convention named in aui_convention, "
    "the usage tier and GDP per working-age capita. Thresholds (200 conversations per "
    "country, 100 per subregion) are flagged, never used to drop rows. Pseudo-geographies are "
    "kept (geo_kind unclassified) without population or AUI.",
    fields=(
        PLATFORM,
        *WINDOW_FIELDS,
        GEO_LEVEL,
        GEO_ID,
        UPSTREAM_GEO_ID,
        GEO_KIND,
        Field(
            "name",
            "string",
            "Name from the release's reference tables (ISO code table, US state population "
            "table); empty when they name none.",
            required=False,
        ),
        Field("parent_geo_id", "string", "Canonical id of the parent (GLOBAL for countries)."),
        Field(
            "usage_count",
            "number",
            "Conversations in the sample (upstream usage_count; 2026-03-24 counts are on a "
            "1,000,000 base); empty when not published.",
            required=False,
            minimum=0,
            unit_text="conversations",
        ),
        pct(
            "usage_pct",
            "Share of the parent's conversations (upstream usage_pct); empty when not published.",
            required=False,
        ),
        Field(
            "working_age_pop",
            "number",
            "Working-age (15-64) population 2024 from the reference tables (World Bank / "
            "Census via 2025-09-15); empty when they have none (pseudo-geographies, non-US "
            "subregions, some territories).",
            required=False,
            minimum=0,
            unit_text="persons",
        ),
        Field(
            "usage_per_capita",
            "number",
            "usage_count / working_age_pop.",
            required=False,
            minimum=0,
            unit_text="conversations per working-age person",
        ),
        Field(
            "usage_per_capita_index",
            "number",
            "AUI: share of usage / share of working-age population, under aui_convention "
            "(2026-06-26: upstream's published value, convention published_jun2026); empty "
            "without population or usage.",
            required=False,
            minimum=0,
            unit_text="ratio (1 = usage in proportion to population)",
        ),
        Field(
            "aui_convention",
            "string",
            "How the AUI denominators are formed (docs/methods.md, AUI): "
            "published_aug2025 (usage over thresholded countries plus not_classified, "
            "population over thresholded countries); symmetric (both over thresholded "
            "geographies); states (thresholded subregions of the country, not_classified "
            "excluded); published_jun2026 (upstream's usage_per_capita_index served as "
            "published: usage_pct and population renormalised over the published set; under "
            "window_rule unweighted_mean_of_months, the mean of the two months' published "
            "values); empty when no AUI.",
            required=False,
        ),
        Field(
            "usage_tier",
            "integer",
            "0 = Minimal (zero usage), 1-4 = quartile of the AUI among thresholded "
            "geographies of the level (cut points applied to all); empty without AUI.",
            required=False,
            minimum=0,
            maximum=4,
        ),
        Field("usage_tier_label", "string", "Label of usage_tier, as upstream.", required=False),
        Field(
            "gdp_per_working_age_capita",
            "number",
            "GDP 2024 (IMF / BEA, current USD) / working-age population; empty without both.",
            required=False,
            minimum=0,
            unit_text="US dollars per working-age person",
        ),
        Field(
            "min_conversations",
            "integer",
            "The report's threshold for this level: 200 (countries), 100 (subregions).",
            required=False,
        ),
        Field(
            "meets_threshold",
            "boolean",
            "usage_count >= min_conversations (the reports' filter; no row is dropped).",
            required=False,
        ),
    ),
    primary_key=("platform", "date_start", "date_end", "geo_level", "geo_id"),
)

GLOBAL_TASK_USAGE = TableSpec(
    name="global_task_usage",
    title="Global usage per O*NET task",
    description="Share of each platform's conversations per O*NET task at GLOBAL (upstream "
    "onet_task facet), keyed by the task key of the published methods, so occupations, SOC "
    "groups and depth follow from docs/methods.md. The base includes none and "
    "not_classified (task_kind).",
    fields=(
        PLATFORM,
        *WINDOW_FIELDS,
        TASK_KEY,
        Field(
            "task_kind",
            "string",
            "task; none (no task applies); not_classified (privacy-filtered or unclassifiable).",
            enum=("task", "none", "not_classified"),
        ),
        pct("conversation_pct", "Share of the platform's conversations (onet_task_pct)."),
        Field(
            "conversation_count",
            "number",
            "Conversations (onet_task_count); empty when not published.",
            required=False,
            minimum=0,
            unit_text="conversations",
        ),
    ),
    primary_key=("platform", "date_start", "date_end", "task_key"),
)

COLLABORATION_MODES = ("automation", "augmentation", "none", "not_classified")

GEO_COLLABORATION = TableSpec(
    name="geo_collaboration",
    title="Collaboration patterns per geography",
    description="Share of each geography's conversations per collaboration pattern (upstream "
    "collaboration facet; base = all conversations, including none and not_classified), "
    "with the mode each pattern belongs to.",
    fields=(
        PLATFORM,
        *WINDOW_FIELDS,
        GEO_LEVEL,
        GEO_ID,
        Field("pattern", "string", "Upstream pattern label (with spaces: feedback loop)."),
        Field(
            "mode",
            "string",
            "automation, augmentation, none or not_classified.",
            enum=COLLABORATION_MODES,
        ),
        pct("conversation_pct", "Upstream collaboration_pct.", required=False),
        Field(
            "conversation_count",
            "number",
            "Upstream collaboration_count; empty when not published.",
            required=False,
            minimum=0,
            unit_text="conversations",
        ),
    ),
    primary_key=("platform", "date_start", "date_end", "geo_level", "geo_id", "pattern"),
)

GEO_AUTOMATION = TableSpec(
    name="geo_automation",
    title="Automation and augmentation per geography, on both bases",
    description="Automation (directive + feedback loop) and augmentation (task iteration + "
    "learning + validation) per geography on two named bases: the five classified patterns "
    "(the 2025-09-15 enriched variable, the 2026-06-26 bucket metric) and all conversations "
    "including none and not_classified (the report headlines of Aug 2025 prose, Nov 2025 and "
    "Feb 2026).",
    fields=(
        PLATFORM,
        *WINDOW_FIELDS,
        GEO_LEVEL,
        GEO_ID,
        pct("automation_pct_of_classified", "Automation share of the five classified patterns."),
        pct(
            "augmentation_pct_of_classified", "Augmentation share of the five classified patterns."
        ),
        pct("automation_pct_of_all", "Automation share of all conversations."),
        pct("augmentation_pct_of_all", "Augmentation share of all conversations."),
        pct("none_pct", "Share with no pattern (none); 0 when not published.", required=False),
        pct(
            "not_classified_pct", "Share not classified; empty when not published.", required=False
        ),
    ),
    primary_key=("platform", "date_start", "date_end", "geo_level", "geo_id"),
)

GEO_REQUEST_CLUSTERS = TableSpec(
    name="geo_request_clusters",
    title="Request clusters per level and geography, with their index against the parent",
    description="Share of a geography's conversations per request cluster (bottom-up topics, "
    "re-clustered every release: never comparable across releases), per hierarchy level "
    "(0 = finest), with the same cluster's share in the parent geography and the index "
    "share / parent share (upstream's request_pct_index rule: no renormalisation).",
    fields=(
        PLATFORM,
        *WINDOW_FIELDS,
        GEO_LEVEL,
        GEO_ID,
        Field(
            "parent_geo_id",
            "string",
            "Canonical id of the parent; empty for GLOBAL.",
            required=False,
        ),
        Field("hierarchy_level", "integer", "0 = finest, 2 = coarsest.", minimum=0),
        Field("cluster_name", "string", "Request cluster name as upstream."),
        Field(
            "cluster_id",
            "string",
            "Upstream topic id (2026-06-26: a release-specific UUID, never comparable across "
            "releases); in the first long format, which names clusters by text only, "
            "'c<level>-' plus the first 16 hex digits of sha256('<level>:<name>') (as for "
            "2025-03-27's clusters), stable within a release.",
            required=False,
        ),
        pct("conversation_pct", "Upstream request_pct.", required=False),
        Field(
            "conversation_count",
            "number",
            "Upstream request_count; empty when not published.",
            required=False,
            minimum=0,
            unit_text="conversations",
        ),
        pct(
            "parent_pct",
            "The cluster's request_pct in the parent; empty when not published.",
            required=False,
        ),
        Field(
            "index_vs_parent",
            "number",
            "conversation_pct / parent_pct; empty when either is missing or parent_pct is 0.",
            required=False,
            minimum=0,
            unit_text="ratio (1 = as in the parent)",
        ),
        Field(
            "meets_report_filter",
            "boolean",
            "Both conversation_pct and parent_pct >= 1 (the Sept 2025 report's figure filter).",
            required=False,
        ),
    ),
    primary_key=(
        "platform",
        "date_start",
        "date_end",
        "geo_level",
        "geo_id",
        "hierarchy_level",
        "cluster_name",
        "cluster_id",
    ),
)

API_TOKEN_COST = TableSpec(
    name="api_token_cost",
    title="API token and cost indices per task and request cluster",
    description="Mean prompt tokens, completion tokens and cost per O*NET task (and, from "
    "2026-01-15, per request cluster) of first-party API traffic, re-based so the unweighted "
    "mean over tasks is 1.0 (upstream onet_task::{prompt_tokens,completion_tokens,cost} "
    "facets). No absolute levels are published.",
    fields=(
        PLATFORM,
        *WINDOW_FIELDS,
        Field("base_category", "string", "onet_task or request.", enum=("onet_task", "request")),
        Field("hierarchy_level", "integer", "Upstream level (request clusters).", minimum=0),
        Field("node_name", "string", "The task key or request cluster name."),
        Field(
            "measure",
            "string",
            "prompt_tokens, completion_tokens or cost.",
            enum=("prompt_tokens", "completion_tokens", "cost"),
        ),
        Field(
            "index_value",
            "number",
            "Mean re-based to 1.0 over tasks; empty when not published.",
            required=False,
            unit_text="ratio (1 = mean over tasks)",
        ),
        Field(
            "record_count",
            "number",
            "Records behind the mean (2025-09-15 only); empty when not published.",
            required=False,
            minimum=0,
            unit_text="records",
        ),
    ),
    primary_key=(
        "platform",
        "date_start",
        "date_end",
        "base_category",
        "hierarchy_level",
        "node_name",
        "measure",
    ),
)

PRIMITIVES = (
    "use_case",
    "task_success",
    "multitasking",
    "human_only_ability",
    "human_only_time",
    "human_with_ai_time",
    "ai_autonomy",
    "human_education_years",
    "ai_education_years",
)

GEO_PRIMITIVES = TableSpec(
    name="geo_primitives",
    title="Economic primitives per geography",
    description="The economic primitives (2026-01-15 and later) per geography: categorical "
    "ones (use case, task success, multitasking, human-only ability) as count and share per "
    "answer, numeric ones (times, autonomy, education years) as distribution statistics. "
    "Units in the unit field: human_only_time in hours, human_with_ai_time in minutes "
    "(multiply hours by 60 to compare).",
    fields=(
        PLATFORM,
        *WINDOW_FIELDS,
        GEO_LEVEL,
        GEO_ID,
        Field("primitive", "string", "Upstream facet.", enum=PRIMITIVES),
        Field(
            "statistic",
            "string",
            "Upstream variable without the facet prefix: pct, count, mean, median, stdev, "
            "mean_ci_lower, ..., histogram_pct.",
        ),
        Field(
            "node_name",
            "string",
            "The answer (categorical: work, yes, ...) or histogram bin; empty for a "
            "statistic of the whole distribution.",
            required=False,
        ),
        Field("value", "number", "The upstream value, unchanged."),
        Field("unit", "string", "Unit of value."),
    ),
    primary_key=(
        "platform",
        "date_start",
        "date_end",
        "geo_level",
        "geo_id",
        "primitive",
        "statistic",
        "node_name",
    ),
    missing_values=(),
)

NODE_LEVELS = {
    ("onet", 0): "task",
    ("onet", 1): "dwa",
    ("onet", 2): "iwa",
    ("onet", 3): "gwa",
    ("soc_occupation", 0): "detailed_occupation",
    ("soc_occupation", 1): "major_group",
}
TASK_MATCHES = ("matched", "unmatched", "not_a_task")

NODE_USAGE = TableSpec(
    name="node_usage",
    title="Usage per O*NET ladder node and occupation, per geography and window",
    description="Share of a geography's conversations per node of the O*NET ladder (task, "
    "DWA, IWA, GWA) and per occupation (detailed occupation, SOC major group), upstream "
    "metric pct of the categories onet and soc_occupation (second long format). Tasks carry "
    "O*NET 30.2 Task IDs; task_key is the key of the matching statement of the release's "
    "statement table joined by Task ID (task_match says whether it matched; never guessed). "
    "A missing row means not published (thresholds applied upstream), never zero.",
    fields=(
        PLATFORM,
        *WINDOW_FIELDS,
        GEO_LEVEL,
        GEO_ID,
        Field(
            "category",
            "string",
            "onet or soc_occupation (upstream category_name).",
            enum=("onet", "soc_occupation"),
        ),
        Field("hierarchy_level", "integer", "Upstream level, 0 = leaf.", minimum=0, maximum=3),
        Field(
            "level_name",
            "string",
            "task, dwa, iwa, gwa (onet 0-3); detailed_occupation, major_group "
            "(soc_occupation 0-1).",
            enum=tuple(NODE_LEVELS.values()),
        ),
        Field(
            "node_id",
            "string",
            "Upstream node_external_id: O*NET Task ID, O*NET element id (4.A....), O*NET-SOC "
            "code or 2-digit SOC major group.",
        ),
        Field("node_name", "string", "Upstream node_name (not unique: see node_id)."),
        pct("conversation_pct", "Upstream pct: share of the geography's conversations."),
        Field(
            "task_key",
            "string",
            "For a task: the lower-cased, stripped statement of the same Task ID in the "
            "statement table (the task key of the published methods); empty otherwise.",
            required=False,
        ),
        Field(
            "task_match",
            "string",
            "matched / unmatched (a task whose Task ID the statement table lacks) / "
            "not_a_task (every other level).",
            enum=TASK_MATCHES,
        ),
    ),
    primary_key=(
        "platform",
        "date_start",
        "date_end",
        "geo_level",
        "geo_id",
        "category",
        "hierarchy_level",
        "node_id",
    ),
)

GEO_ARTIFACTS = TableSpec(
    name="geo_artifacts",
    title="Artifacts per geography and window",
    description="Share of a geography's conversations per artifact type (the most prominent "
    "concrete output Claude produced; upstream artifact_<label>_pct at category overall, "
    "2026-06-26). The labels of a cell sum to 100 (none = no artifact).",
    fields=(
        PLATFORM,
        *WINDOW_FIELDS,
        GEO_LEVEL,
        GEO_ID,
        Field("artifact", "string", "Artifact label as upstream (e.g. explanation_or_answer)."),
        pct("conversation_pct", "Upstream artifact_<label>_pct."),
    ),
    primary_key=("platform", "date_start", "date_end", "geo_level", "geo_id", "artifact"),
)

# --- geo_soc_groups (self-contained block; publishing/adapters/long_usage.py) ---------------
SOC_SHARE_BASES = ("tasks_matched_to_statements",)

GEO_SOC_GROUPS = TableSpec(
    name="geo_soc_groups",
    title="SOC major groups per geography and window",
    description="Share of a geography's conversations per SOC major group, by the published "
    "method of category_usage applied within each platform, window and geography: each "
    "published task share split over the occupations whose statements carry the task key "
    "(n(key)), rescaled to 100 over the matched pairs, summed per major group "
    "(docs/methods-long-usage.md). Task shares: onet_task_pct (first long format) or the "
    "pct of O*NET Task IDs joined by Task ID to the 2025-09-15 statements (second format). "
    "A major group with no published matched task in a geography has no row (absent, not "
    "zero); tasks suppressed upstream cannot be attributed (published_pct says how much of "
    "the geography's conversations its published task rows cover).",
    fields=(
        PLATFORM,
        *WINDOW_FIELDS,
        GEO_LEVEL,
        GEO_ID,
        MAJOR_GROUP_CODE,
        MAJOR_GROUP_TITLE,
        Field(
            "share_pct",
            "number",
            "Share of the conversations named by share_base attributed to the group, 0-100 "
            "(the groups of a geography sum to 100 up to rounding).",
            minimum=0,
        ),
        Field(
            "share_base",
            "string",
            "The base of share_pct: tasks_matched_to_statements = the geography's "
            "conversations in published tasks whose key matches an O*NET statement (none, "
            "not_classified, unmatched and unpublished tasks left out), as category_usage.",
            enum=SOC_SHARE_BASES,
        ),
        Field(
            "conversation_pct",
            "number",
            "The same attribution not rescaled: the group's share of all the geography's "
            "conversations (base of upstream's task shares, including none and "
            "not_classified); the groups sum to attributed_pct.",
            minimum=0,
        ),
        Field(
            "attributed_pct",
            "number",
            "Share of the geography's conversations in published tasks matched to a "
            "statement: the base of share_pct as a share of all conversations.",
            minimum=0,
        ),
        Field(
            "unattributed_pct",
            "number",
            "Published task share that could not be attributed to an occupation: "
            "none_pct + not_classified_pct + unmatched_pct (missing parts count 0).",
            minimum=0,
        ),
        Field(
            "none_pct",
            "number",
            "Share of the task none (no task applies); empty when not published (always "
            "empty in the second long format, which has no such node).",
            required=False,
            minimum=0,
        ),
        Field(
            "not_classified_pct",
            "number",
            "Share of the task not_classified (privacy-filtered or unclassifiable); empty "
            "when not published (always in the second long format).",
            required=False,
            minimum=0,
        ),
        Field(
            "unmatched_pct",
            "number",
            "Share of published task keys (first format) or Task IDs (second format) that "
            "match no statement of the statement table; 0 when every one matches.",
            minimum=0,
        ),
        Field(
            "published_pct",
            "number",
            "Sum of the geography's published task shares (every task row, including none "
            "and not_classified); below 100 where upstream suppressed tasks.",
            minimum=0,
        ),
    ),
    primary_key=(
        "platform",
        "date_start",
        "date_end",
        "geo_level",
        "geo_id",
        "major_group_code",
    ),
)

LONG_TABLES = (
    OBSERVATIONS,
    GEO_USAGE,
    GLOBAL_TASK_USAGE,
    GEO_COLLABORATION,
    GEO_AUTOMATION,
    GEO_REQUEST_CLUSTERS,
    API_TOKEN_COST,
    GEO_PRIMITIVES,
    NODE_USAGE,
    GEO_ARTIFACTS,
    GEO_SOC_GROUPS,
)
