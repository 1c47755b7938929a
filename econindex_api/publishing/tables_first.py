"""The tables of the first-generation releases (2025-02-10, 2025-03-27: flat task and
occupation files) and of the exposure release (labor-market-impacts), with their shared
fields. The model as a whole: ``canonical``; the building blocks: ``table_spec``.
"""

from __future__ import annotations

from econindex_api.publishing.table_spec import (
    MAJOR_GROUP_PATTERN,
    ONET_SOC_PATTERN,
    SOC_PATTERN,
    TASK_KEY,
    Field,
    ForeignKey,
    TableSpec,
    fraction,
    pct,
)

MAJOR_GROUP_CODE = Field(
    "major_group_code",
    "string",
    "SOC major group code, e.g. 15-0000 (Computer and Mathematical Occupations): the first "
    "two digits of the occupation code, the same in SOC 2010 and 2018 SOC.",
    pattern=MAJOR_GROUP_PATTERN,
)
MAJOR_GROUP_TITLE = Field("major_group_title", "string", "SOC major group title.")
ONET_SOC_CODE = Field(
    "onet_soc_code",
    "string",
    "O*NET-SOC 2010 occupation code, e.g. 15-1132.00 (Software Developers, Applications), as "
    "in the release's O*NET task statements. Not a 2019 or 2018 SOC code: see "
    "occupation_crosswalk and occupation_usage_soc2018.",
    pattern=ONET_SOC_PATTERN,
)
SOC_LEVELS = (
    "major_group",
    "minor_group",
    "broad_occupation",
    "detailed_occupation",
    "onet_occupation",
)

SOC_STRUCTURE = TableSpec(
    name="soc_structure",
    title="SOC hierarchy",
    description="The Standard Occupational Classification 2018 hierarchy with O*NET-SOC 2019 "
    "detail, one row per code; parent_code links each code to the level above. Its codes are "
    "2018 SOC and O*NET-SOC 2019, not the O*NET-SOC 2010 codes of the usage tables.",
    fields=(
        Field(
            "code",
            "string",
            "2018 SOC code (levels major_group to detailed_occupation, e.g. 15-1252) or "
            "O*NET-SOC 2019 code (level onet_occupation, e.g. 15-1299.08).",
            unique=True,
        ),
        Field("level", "string", "Hierarchy level of the code.", enum=SOC_LEVELS),
        Field("title", "string", "2018 SOC or O*NET-SOC 2019 title."),
        Field(
            "parent_code",
            "string",
            "2018 SOC code of the level above; empty for major groups.",
            required=False,
        ),
        MAJOR_GROUP_CODE,
    ),
    primary_key=("code",),
    foreign_keys=(ForeignKey(("parent_code",), "", ("code",)),),
)

# Each 6-digit SOC column names its taxonomy: before 2.0.0 both of these were ``soc_code``
# (publishing/tables_legacy.py keeps the old specs), and joining them on that name kept 53 %
# of the share with no warning (issue 22).
SOC_2010_CODE = Field(
    "soc_2010_code",
    "string",
    "6-digit SOC 2010 code: the O*NET-SOC 2010 code without its suffix. Not a 2018 SOC code "
    "(some are not in soc_structure): use occupation_crosswalk to reach 2018 SOC. Named "
    "soc_code before version 2.0.0.",
    pattern=SOC_PATTERN,
)
EXPOSURE_SOC_2018_CODE = Field(
    "soc_2018_code",
    "string",
    "6-digit 2018 SOC code, e.g. 15-1252 (Software Developers). Named soc_code before "
    "version 2.0.0.",
    pattern=SOC_PATTERN,
)

WAGE_BASES = ("annual", "hourly_annualized", "unknown", "no_wage_row")

OCCUPATIONS = TableSpec(
    name="occupations",
    title="Occupations",
    description="O*NET-SOC 2010 occupations found in the task statements or the wage table, "
    "with their SOC major group, median annual wage and job zone.",
    fields=(
        ONET_SOC_CODE,
        Field(
            "title",
            "string",
            "O*NET-SOC 2010 occupation title (O*NET statements, else the wage table); never "
            "a 2018 SOC title.",
        ),
        SOC_2010_CODE,
        MAJOR_GROUP_CODE,
        MAJOR_GROUP_TITLE,
        Field(
            "median_wage_usd",
            "number",
            "Median annual wage in US dollars; hourly values are annualized at 2,080 hours "
            "(see wage_basis); empty when unknown.",
            required=False,
            minimum=0,
        ),
        Field(
            "wage_basis",
            "string",
            "How median_wage_usd was obtained: annual as published; hourly_annualized "
            "(published hourly wage x 2,080); unknown (published as -1); no_wage_row (the "
            "occupation has no row in the wage table).",
            enum=WAGE_BASES,
        ),
        Field(
            "median_wage_published",
            "number",
            "The MedianSalary value exactly as published upstream (hourly for "
            "hourly_annualized rows); empty when unknown or absent.",
            required=False,
        ),
        Field(
            "job_zone",
            "integer",
            "O*NET job zone 1-5; empty when unknown (-1 upstream).",
            required=False,
            minimum=1,
            maximum=5,
        ),
        Field("has_tasks", "boolean", "Whether the occupation has O*NET task statements."),
    ),
    primary_key=("onet_soc_code",),
    foreign_keys=(ForeignKey(("major_group_code",), "soc_structure", ("code",)),),
)

TASKS = TableSpec(
    name="tasks",
    title="O*NET task statements",
    description="O*NET task statements, one row per (task id, occupation); occupations are "
    "O*NET-SOC 2010 codes.",
    fields=(
        Field("task_id", "integer", "O*NET task id.", unique=True, minimum=0),
        ONET_SOC_CODE,
        Field("statement", "string", "Task statement as published by O*NET."),
        Field(
            "task_type",
            "string",
            "O*NET task type; empty when O*NET gives none.",
            required=False,
            enum=("Core", "Supplemental"),
        ),
        TASK_KEY,
    ),
    primary_key=("task_id",),
    foreign_keys=(ForeignKey(("onet_soc_code",), "occupations", ("onet_soc_code",)),),
)

TASK_USAGE = TableSpec(
    name="task_usage",
    title="Task usage",
    description="Share of sampled conversations per task key, as published upstream; matched "
    "tells whether the key matches an O*NET statement (unmatched rows are left out of every "
    "derived share).",
    fields=(
        TASK_KEY,
        pct("share_pct", "Share of conversations classified into this task, 0-100 (upstream pct)."),
        Field("matched", "boolean", "Whether the key matches at least one O*NET statement."),
        Field(
            "occupations_count",
            "integer",
            "n(key): distinct occupations whose statements carry the key; 0 when unmatched.",
            minimum=0,
        ),
    ),
    primary_key=("task_key",),
)

TASK_OCCUPATION_SHARES = TableSpec(
    name="task_occupation_shares",
    title="Task-occupation shares",
    description="Share of conversations steps 2-3 (docs/methods.md): each matched "
    "(task key, occupation) pair with its "
    "weight pct / n(key) and its share after rescaling all pairs to sum to 100.",
    fields=(
        TASK_KEY,
        ONET_SOC_CODE,
        Field("task_id", "integer", "O*NET task id of the statement under this occupation."),
        pct("weight_pct", "pct / n(key), before rescaling."),
        pct("share_pct", "Share of conversations attributed to this pair after rescaling."),
    ),
    primary_key=("task_key", "onet_soc_code"),
    foreign_keys=(
        ForeignKey(("task_key",), "task_usage", ("task_key",)),
        ForeignKey(("onet_soc_code",), "occupations", ("onet_soc_code",)),
        ForeignKey(("task_id",), "tasks", ("task_id",)),
    ),
)

OCCUPATION_USAGE = TableSpec(
    name="occupation_usage",
    title="Occupation usage",
    description="Per O*NET-SOC 2010 occupation with task statements: share of conversations "
    "(sum of its pairs) and depth of use (tasks_with_usage / tasks_total). The same shares "
    "keyed by 2018 SOC are in occupation_usage_soc2018.",
    fields=(
        ONET_SOC_CODE,
        pct("share_pct", "Share of conversations attributed to the occupation, 0-100."),
        Field(
            "tasks_total",
            "integer",
            "Distinct task keys among the occupation's statements.",
            minimum=1,
        ),
        Field(
            "tasks_with_usage",
            "integer",
            "How many of those keys appear in the usage file.",
            minimum=0,
        ),
        fraction("tasks_with_usage_fraction", "tasks_with_usage / tasks_total, 0-1."),
    ),
    primary_key=("onet_soc_code",),
    foreign_keys=(ForeignKey(("onet_soc_code",), "occupations", ("onet_soc_code",)),),
)

CATEGORY_USAGE = TableSpec(
    name="category_usage",
    title="Usage by SOC major group",
    description="Share of conversations per SOC major group next to the group's share of US "
    "employment (BLS OEWS).",
    fields=(
        MAJOR_GROUP_CODE,
        MAJOR_GROUP_TITLE,
        pct("share_pct", "Share of conversations attributed to the group's occupations, 0-100."),
        pct(
            "workforce_pct",
            "Group employment / total employment x 100; empty when BLS has no "
            "figure for the group.",
            required=False,
        ),
        Field(
            "occupations_total",
            "integer",
            "Occupations of the group with task statements.",
            minimum=0,
        ),
        Field(
            "occupations_with_usage",
            "integer",
            "Of those, occupations with a share above 0.",
            minimum=0,
        ),
    ),
    primary_key=("major_group_code",),
    foreign_keys=(ForeignKey(("major_group_code",), "soc_structure", ("code",)),),
)

WORKFORCE = TableSpec(
    name="workforce",
    title="Employment by SOC major group",
    description="BLS OEWS employment per SOC major group, matched to codes by title.",
    fields=(
        MAJOR_GROUP_CODE,
        MAJOR_GROUP_TITLE,
        Field("employment", "integer", "Employment (BLS OEWS).", minimum=0),
        pct("workforce_pct", "employment / total employment x 100."),
    ),
    primary_key=("major_group_code",),
    foreign_keys=(ForeignKey(("major_group_code",), "soc_structure", ("code",)),),
)

INTERACTION_MODES_LIST = (
    "directive",
    "feedback_loop",
    "task_iteration",
    "learning",
    "validation",
    "none",
)
INTERACTION_CATEGORIES = ("automation", "augmentation", "none")

INTERACTION_MODES = TableSpec(
    name="interaction_modes",
    title="Interaction modes",
    description="How people worked with the AI: raw shares as published and the headline "
    "shares with 'none' dropped and the rest rescaled to 100.",
    fields=(
        Field("mode", "string", "Interaction mode (snake_case).", enum=INTERACTION_MODES_LIST),
        Field("mode_label", "string", "The label exactly as published upstream."),
        Field(
            "category",
            "string",
            "automation (directive, feedback loop), augmentation "
            "(task iteration, learning, validation) or none.",
            enum=INTERACTION_CATEGORIES,
        ),
        pct("share_pct", "Raw share of conversations, 0-100, as published."),
        pct(
            "headline_share_pct",
            "Share among conversations with a mode (none dropped, "
            "rescaled to 100); empty for none.",
            required=False,
        ),
    ),
    primary_key=("mode",),
)

INTERACTION_SPLIT = TableSpec(
    name="interaction_split",
    title="Automation versus augmentation",
    description="The headline split: modes other than none rescaled to 100 and summed by category.",
    fields=(
        Field(
            "category", "string", "automation or augmentation.", enum=("automation", "augmentation")
        ),
        pct("share_pct", "Share among conversations with a mode, 0-100."),
        Field("modes", "string", "The modes summed, comma-separated."),
    ),
    primary_key=("category",),
)

JOB_EXPOSURE = TableSpec(
    name="job_exposure",
    title="Observed exposure per occupation",
    description="Observed AI exposure per 6-digit 2018 SOC occupation (labor_market_impacts). "
    "A different measure from the share of conversations.",
    fields=(
        EXPOSURE_SOC_2018_CODE,
        Field("title", "string", "2018 SOC occupation title as published."),
        MAJOR_GROUP_CODE,
        fraction(
            "observed_exposure_fraction", "Observed exposure, 0-1 (upstream observed_exposure)."
        ),
    ),
    primary_key=("soc_2018_code",),
)

TASK_PENETRATION = TableSpec(
    name="task_penetration",
    title="Penetration per task statement",
    description="AI penetration per task statement (labor_market_impacts), exact duplicate "
    "rows removed. A different measure from the share of conversations.",
    fields=(
        Field("statement", "string", "Task statement in its original case."),
        TASK_KEY,
        fraction("penetration_fraction", "Penetration, 0-1 (upstream penetration)."),
    ),
    primary_key=("statement",),
)

ONET_SOC_2010_CODE = Field(
    "onet_soc_2010_code",
    "string",
    "O*NET-SOC 2010 occupation code, e.g. 15-1132.00 (the codes of the usage tables' "
    "onet_soc_code).",
    pattern=ONET_SOC_PATTERN,
)
ONET_SOC_2019_CODE = Field(
    "onet_soc_2019_code",
    "string",
    "O*NET-SOC 2019 occupation code, e.g. 15-1252.00.",
    pattern=ONET_SOC_PATTERN,
)
SOC_2018_CODE = Field(
    "soc_2018_code",
    "string",
    "6-digit 2018 SOC code, e.g. 15-1252 (the codes of soc_structure and of the exposure "
    "release's job_exposure.soc_2018_code).",
    pattern=SOC_PATTERN,
)

OCCUPATION_CROSSWALK = TableSpec(
    name="occupation_crosswalk",
    title="Occupation crosswalk O*NET-SOC 2010 -> O*NET-SOC 2019 -> 2018 SOC",
    description="Every link of the official O*NET crosswalk O*NET-SOC 2010 -> 2019, each with "
    "the 2018 SOC code of its 2019 occupation (second official crosswalk). Splits (one 2010 "
    "code, several 2019 codes) and merges (several 2010 codes, one 2019 code) are kept as "
    "rows. allocation_fraction is the part of a 2010 occupation's share that the link "
    "carries in occupation_usage_soc2018: equal split across the 2019 targets.",
    fields=(
        ONET_SOC_2010_CODE,
        Field("onet_soc_2010_title", "string", "O*NET-SOC 2010 title, as in the crosswalk."),
        ONET_SOC_2019_CODE,
        Field("onet_soc_2019_title", "string", "O*NET-SOC 2019 title, as in the crosswalk."),
        SOC_2018_CODE,
        Field("soc_2018_title", "string", "2018 SOC title, as in the crosswalk."),
        Field(
            "targets_2019_count",
            "integer",
            "How many O*NET-SOC 2019 codes the 2010 code maps to (above 1: a split).",
            minimum=1,
        ),
        Field(
            "sources_2010_count",
            "integer",
            "How many O*NET-SOC 2010 codes map to the 2019 code (above 1: a merge).",
            minimum=1,
        ),
        Field(
            "allocation_fraction",
            "number",
            "1 / targets_2019_count: the fraction of the 2010 occupation's share carried by "
            "this link, 0-1 (equal split; the fractions of one 2010 code sum to 1).",
            minimum=0,
            maximum=1,
        ),
        Field(
            "in_release",
            "boolean",
            "Whether the 2010 code is an occupation of this release with task statements "
            "(so its share flows through this link).",
        ),
    ),
    primary_key=("onet_soc_2010_code", "onet_soc_2019_code"),
    foreign_keys=(ForeignKey(("soc_2018_code",), "soc_structure", ("code",)),),
)

OCCUPATION_USAGE_SOC2018 = TableSpec(
    name="occupation_usage_soc2018",
    title="Occupation usage by 2018 SOC code",
    description="Share of conversations per 6-digit 2018 SOC occupation: the O*NET-SOC 2010 "
    "occupation shares of occupation_usage carried through occupation_crosswalk (equal split "
    "across split targets, merges summed). The shares still sum to 100. Each row lists the "
    "source codes that fed it.",
    fields=(
        Field(
            "soc_2018_code",
            "string",
            SOC_2018_CODE.description,
            unique=True,
            pattern=SOC_PATTERN,
        ),
        Field("soc_2018_title", "string", "2018 SOC title, from the O*NET crosswalk."),
        MAJOR_GROUP_CODE,
        pct("share_pct", "Share of conversations attributed to the 2018 SOC occupation, 0-100."),
        Field(
            "onet_soc_2010_codes",
            "string",
            "The O*NET-SOC 2010 occupations whose shares fed this row, sorted, comma-separated.",
        ),
        Field(
            "onet_soc_2019_codes",
            "string",
            "The O*NET-SOC 2019 codes the shares passed through, sorted, comma-separated.",
        ),
        Field(
            "source_occupations",
            "integer",
            "How many O*NET-SOC 2010 occupations fed this row (above 1: a merge).",
            minimum=1,
        ),
        Field(
            "split_source_occupations",
            "integer",
            "How many of those were split across several 2019 codes, so gave only part of "
            "their share to this row.",
            minimum=0,
        ),
    ),
    primary_key=("soc_2018_code",),
    foreign_keys=(
        ForeignKey(("soc_2018_code",), "soc_structure", ("code",)),
        ForeignKey(("major_group_code",), "soc_structure", ("code",)),
    ),
)

TASK_MODE_NAMES = ("directive", "feedback_loop", "task_iteration", "validation", "learning")
_MODE_WORDS = {
    "directive": "directive (automation)",
    "feedback_loop": "feedback loop (automation)",
    "task_iteration": "task iteration (augmentation)",
    "validation": "validation (augmentation)",
    "learning": "learning (augmentation)",
}

TASK_INTERACTION_MODES = TableSpec(
    name="task_interaction_modes",
    title="Interaction modes per task",
    description="Per task key, the fraction of its conversations in each interaction mode and "
    "the filtered fraction (withheld for privacy or unclassifiable), as published upstream "
    "(automation_vs_augmentation_by_task.csv); the six fractions sum to 1 per row. matched "
    "tells whether the key matches an O*NET statement (unmatched keys are left out of the "
    "roll-ups).",
    fields=(
        TASK_KEY,
        *(
            fraction(f"{mode}_fraction", f"Fraction of the task's conversations in mode {word}.")
            for mode, word in _MODE_WORDS.items()
        ),
        fraction(
            "filtered_fraction",
            "Fraction of the task's conversations filtered out (privacy or unclassifiable).",
        ),
        Field("matched", "boolean", "Whether the key matches at least one O*NET statement."),
    ),
    primary_key=("task_key",),
    foreign_keys=(ForeignKey(("task_key",), "task_usage", ("task_key",)),),
)

OCCUPATION_INTERACTION_MODES = TableSpec(
    name="occupation_interaction_modes",
    title="Interaction modes per occupation",
    description="Per occupation (METHODS.md, section Releases with two observation "
    "windows), each mode's ratio is the mean of the "
    "per-task fractions weighted by the share of each (task key, occupation) pair, over the "
    "pairs whose key has a row in the per-task file. filtered stays in, so automation and "
    "augmentation are fractions of all the occupation's conversations. Occupations without a "
    "covered pair have no row.",
    fields=(
        ONET_SOC_CODE,
        pct("share_pct", "The occupation's share of conversations, 0-100."),
        pct(
            "covered_share_pct",
            "Sum of the shares of the pairs whose key has a row in the per-task file (the "
            "weights of the ratios), 0-100.",
        ),
        *(
            fraction(f"{mode}_fraction", f"Weighted ratio of mode {word}, 0-1.")
            for mode, word in _MODE_WORDS.items()
        ),
        fraction("filtered_fraction", "Weighted ratio of filtered conversations, 0-1."),
        fraction("automation_fraction", "directive + feedback_loop, of all conversations, 0-1."),
        fraction(
            "augmentation_fraction",
            "task_iteration + validation + learning, of all conversations, 0-1.",
        ),
    ),
    primary_key=("onet_soc_code",),
    foreign_keys=(ForeignKey(("onet_soc_code",), "occupations", ("onet_soc_code",)),),
)

CATEGORY_INTERACTION_MODES = TableSpec(
    name="category_interaction_modes",
    title="Interaction modes per SOC major group",
    description="Per SOC major group (METHODS.md, section Releases with two observation "
    "windows), the share-weighted ratios over the "
    "group's pairs, then filtered dropped and the five modes rescaled to sum to 1 (so "
    "automation + augmentation = 1). The second report shows only groups with more than "
    "0.5 % of conversations: share_pct and above_report_threshold say which.",
    fields=(
        MAJOR_GROUP_CODE,
        MAJOR_GROUP_TITLE,
        pct("share_pct", "The group's share of conversations, 0-100."),
        pct(
            "covered_share_pct",
            "Sum of the shares of the group's pairs whose key has a row in the per-task file.",
        ),
        fraction(
            "filtered_fraction",
            "Weighted ratio of filtered conversations before it is dropped, 0-1; empty when "
            "no pair of the group has a row in the per-task file.",
            required=False,
        ),
        *(
            fraction(
                f"{mode}_fraction",
                f"Ratio of mode {word} among the five modes (filtered dropped, rescaled to "
                "sum to 1); empty when nothing is covered or all of it is filtered.",
                required=False,
            )
            for mode, word in _MODE_WORDS.items()
        ),
        fraction(
            "automation_fraction",
            "directive + feedback_loop after rescaling, 0-1; empty as above.",
            required=False,
        ),
        fraction(
            "augmentation_fraction",
            "task_iteration + validation + learning after rescaling, 0-1 (1 - automation); "
            "empty as above.",
            required=False,
        ),
        Field(
            "above_report_threshold",
            "boolean",
            "Whether share_pct is above 0.5, the threshold of the groups the report shows.",
        ),
    ),
    primary_key=("major_group_code",),
    foreign_keys=(ForeignKey(("major_group_code",), "soc_structure", ("code",)),),
)

TASK_THINKING = TableSpec(
    name="task_thinking",
    title="Extended thinking per task",
    description="Per task key, the fraction of its conversations that used extended thinking "
    "(task_thinking_fractions.csv). Empty means not published upstream (too few "
    "conversations), never zero.",
    fields=(
        TASK_KEY,
        fraction(
            "thinking_fraction",
            "Fraction of the task's conversations with extended thinking, 0-1; empty when not "
            "published.",
            required=False,
        ),
        Field("matched", "boolean", "Whether the key matches at least one O*NET statement."),
    ),
    primary_key=("task_key",),
    foreign_keys=(ForeignKey(("task_key",), "task_usage", ("task_key",)),),
)

OCCUPATION_THINKING = TableSpec(
    name="occupation_thinking",
    title="Extended thinking per occupation",
    description="Per occupation with usage (METHODS.md, section Releases with two "
    "observation windows), the share-weighted mean "
    "thinking fraction over the pairs whose key has a published value, with how much of the "
    "occupation's share of conversations that mean covers.",
    fields=(
        ONET_SOC_CODE,
        pct("share_pct", "The occupation's share of conversations, 0-100."),
        pct(
            "covered_share_pct",
            "Sum of the shares of the pairs whose key has a published thinking fraction.",
        ),
        fraction("covered_fraction", "covered_share_pct / share_pct, 0-1."),
        fraction(
            "thinking_fraction",
            "Share-weighted mean thinking fraction over the covered pairs, 0-1; empty when no "
            "pair is covered.",
            required=False,
        ),
    ),
    primary_key=("onet_soc_code",),
    foreign_keys=(ForeignKey(("onet_soc_code",), "occupations", ("onet_soc_code",)),),
)

CLUSTER_ID_PATTERN = r"^c[012]-[0-9a-f]{16}$"
_COLLABORATION = {
    "directive": "directive",
    "feedback_loop": "feedback loop",
    "task_iteration": "task iteration",
    "validation": "validation",
    "learning": "learning",
    "none": "none (no collaboration pattern)",
}

CLUSTERS = TableSpec(
    name="clusters",
    title="Bottom-up conversation clusters",
    description="The 630 level-0 clusters of conversations (cluster_level_dataset.tsv) and "
    "their level-1 and level-2 parents, one row per cluster, linked by parent_id. Names and "
    "descriptions have surrounding white space trimmed. Measures are published for level-0 "
    "clusters only (empty on parents). cluster_id is 'c<level>-' plus the first 16 hex "
    "digits of sha256('<level>:<name>'): it depends only on the level and the trimmed name, "
    "so it does not change on rebuild.",
    fields=(
        Field(
            "cluster_id",
            "string",
            "Stable id (see the table description).",
            unique=True,
            pattern=CLUSTER_ID_PATTERN,
        ),
        Field("level", "integer", "0 (most granular), 1 or 2 (broadest).", minimum=0, maximum=2),
        Field("name", "string", "Cluster name, trimmed."),
        Field(
            "description",
            "string",
            "Cluster description, trimmed; empty where upstream gives none.",
            required=False,
        ),
        Field(
            "parent_id",
            "string",
            "The parent one level up; empty for level 2.",
            required=False,
            pattern=CLUSTER_ID_PATTERN,
        ),
        Field(
            "level_1_id",
            "string",
            "The level-1 ancestor; empty for levels 1 and 2.",
            required=False,
            pattern=CLUSTER_ID_PATTERN,
        ),
        Field(
            "level_2_id",
            "string",
            "The level-2 ancestor; empty for level 2.",
            required=False,
            pattern=CLUSTER_ID_PATTERN,
        ),
        Field("children_count", "integer", "Clusters one level down.", minimum=0),
        pct(
            "records_pct",
            "Share of records (conversations) in the cluster, 0-100 (upstream percent_records, "
            "a bucket average: equal values are expected); level 0 only.",
            required=False,
        ),
        pct(
            "users_pct",
            "Share of users with a conversation in the cluster, 0-100 (upstream percent_users, "
            "a bucket average); level 0 only.",
            required=False,
        ),
        Field(
            "onet_task",
            "string",
            "The O*NET task statement the cluster maps to, as published; empty when none.",
            required=False,
        ),
        Field(
            "task_key",
            "string",
            "Key of onet_task (lower-cased, trimmed); empty when none.",
            required=False,
        ),
        Field(
            "task_matched",
            "boolean",
            "Whether task_key matches an O*NET statement (false when the cluster has no "
            "task); empty for parents.",
            required=False,
        ),
        *(
            fraction(
                f"{mode}_fraction",
                f"Ratio of the cluster's conversations with collaboration pattern {word} "
                "(upstream collaboration:*_ratio); empty when not published.",
                required=False,
            )
            for mode, word in _COLLABORATION.items()
        ),
        fraction(
            "thinking_fraction",
            "Ratio of the cluster's conversations that used extended thinking (upstream "
            "has_thinking_ratio); empty when not published.",
            required=False,
        ),
    ),
    primary_key=("cluster_id",),
    foreign_keys=(
        ForeignKey(("parent_id",), "", ("cluster_id",)),
        ForeignKey(("level_1_id",), "", ("cluster_id",)),
        ForeignKey(("level_2_id",), "", ("cluster_id",)),
    ),
)

FIRST_TABLES = (
    SOC_STRUCTURE,
    OCCUPATIONS,
    TASKS,
    TASK_USAGE,
    TASK_OCCUPATION_SHARES,
    OCCUPATION_USAGE,
    CATEGORY_USAGE,
    WORKFORCE,
    INTERACTION_MODES,
    INTERACTION_SPLIT,
    JOB_EXPOSURE,
    TASK_PENETRATION,
    OCCUPATION_CROSSWALK,
    OCCUPATION_USAGE_SOC2018,
    TASK_INTERACTION_MODES,
    OCCUPATION_INTERACTION_MODES,
    CATEGORY_INTERACTION_MODES,
    TASK_THINKING,
    OCCUPATION_THINKING,
    CLUSTERS,
)
