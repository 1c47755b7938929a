"""The canonical model: every table a release can publish, with its documented fields.

Adapters (one per upstream layout) produce these tables; the packager turns each spec into a
Frictionless Table Schema and the server reads the tables back by these names. Adding an
upstream layout means writing an adapter that fills some of these tables, not changing them.

Taxonomies: every code column says which classification its codes are in. The 2025 usage
releases key occupations by **O*NET-SOC 2010** codes (``onet_soc_code``, e.g. ``15-1132.00``
"Software Developers, Applications"); the SOC structure is the **2018 SOC** with O*NET-SOC
2019 detail; the exposure release uses 6-digit **2018 SOC** codes. ``occupation_crosswalk``
links them and ``occupation_usage_soc2018`` re-keys usage to 2018 SOC. Column names were kept
in 1.1.0 (renaming is a MAJOR change); the descriptions carry the taxonomy.

Unit scheme, everywhere: fields ending ``_pct`` are percentages 0-100, fields ending
``_fraction`` are fractions 0-1. Measures of different kinds (share of conversations versus
exposure) never share a column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl

FieldType = Literal["string", "integer", "number", "boolean"]

ONET_SOC_PATTERN = r"^\d{2}-\d{4}\.\d{2}$"
SOC_PATTERN = r"^\d{2}-\d{4}$"
MAJOR_GROUP_PATTERN = r"^\d{2}-0000$"

# Units follow from a field's name suffix; the codebook, the Parquet schema metadata and the
# API docs all state them from this one table.
UNIT_SUFFIXES = {
    "_pct": "percent (0-100)",
    "_fraction": "fraction (0-1)",
    "_usd": "US dollars per year",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    description: str
    required: bool = True
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    unit_text: str | None = None  # a unit the name suffix does not give (e.g. persons)

    @property
    def unit(self) -> str | None:
        """The unit, from the naming convention (documented in docs/methods.md)."""
        if self.unit_text is not None:
            return self.unit_text
        for suffix, unit in UNIT_SUFFIXES.items():
            if self.name.endswith(suffix):
                return unit
        return None

    def polars_dtype(self) -> pl.DataType:
        return {
            "string": pl.String(),
            "integer": pl.Int64(),
            "number": pl.Float64(),
            "boolean": pl.Boolean(),
        }[self.type]

    def to_table_schema(self) -> dict[str, Any]:
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
        }
        if self.type == "boolean":
            # Polars writes booleans as lower-case words; say so rather than rely on defaults.
            out["trueValues"] = ["true"]
            out["falseValues"] = ["false"]
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # table name; "" refers to the table itself
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)
    # Strings read as missing in the CSV. The long tables keep upstream's empty strings (an
    # empty cluster_name is a value there, and part of the key), so they declare none.
    missing_values: tuple[str, ...] = ("",)

    @property
    def column_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def polars_schema(self) -> dict[str, pl.DataType]:
        return {f.name: f.polars_dtype() for f in self.fields}

    def conform(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Select the spec's columns in order with the spec's dtypes, sorted by the key.

        Sorting by the primary key is what makes a rebuild byte-identical.
        """
        missing = [c for c in self.column_names if c not in frame.columns]
        if missing:
            raise ValueError(f"table {self.name}: adapter produced no column(s) {missing}")
        return frame.select(
            [pl.col(f.name).cast(f.polars_dtype(), strict=True) for f in self.fields]
        ).sort(list(self.primary_key))


def _pct(name: str, description: str, required: bool = True) -> Field:
    return Field(name, "number", description, required=required, minimum=0, maximum=100)


def _fraction(name: str, description: str, required: bool = True) -> Field:
    return Field(name, "number", description, required=required, minimum=0, maximum=1)


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
TASK_KEY = Field(
    "task_key",
    "string",
    "Join key of a task: the O*NET statement lower-cased and stripped of surrounding white "
    "space (docs/methods.md, section Task key).",
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
        Field(
            "soc_code",
            "string",
            "6-digit SOC 2010 code: the O*NET-SOC 2010 code without its suffix. Not a 2018 SOC "
            "code (some are not in soc_structure); use occupation_crosswalk to reach "
            "2018 SOC.",
            pattern=SOC_PATTERN,
        ),
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
        _pct(
            "share_pct", "Share of conversations classified into this task, 0-100 (upstream pct)."
        ),
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
        _pct("weight_pct", "pct / n(key), before rescaling."),
        _pct("share_pct", "Share of conversations attributed to this pair after rescaling."),
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
        _pct("share_pct", "Share of conversations attributed to the occupation, 0-100."),
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
        _fraction("tasks_with_usage_fraction", "tasks_with_usage / tasks_total, 0-1."),
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
        _pct("share_pct", "Share of conversations attributed to the group's occupations, 0-100."),
        _pct(
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
        _pct("workforce_pct", "employment / total employment x 100."),
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
        _pct("share_pct", "Raw share of conversations, 0-100, as published."),
        _pct(
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
        _pct("share_pct", "Share among conversations with a mode, 0-100."),
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
        Field(
            "soc_code",
            "string",
            "6-digit 2018 SOC code, e.g. 15-1252 (Software Developers).",
            pattern=SOC_PATTERN,
        ),
        Field("title", "string", "2018 SOC occupation title as published."),
        MAJOR_GROUP_CODE,
        _fraction(
            "observed_exposure_fraction", "Observed exposure, 0-1 (upstream observed_exposure)."
        ),
    ),
    primary_key=("soc_code",),
)

TASK_PENETRATION = TableSpec(
    name="task_penetration",
    title="Penetration per task statement",
    description="AI penetration per task statement (labor_market_impacts), exact duplicate "
    "rows removed. A different measure from the share of conversations.",
    fields=(
        Field("statement", "string", "Task statement in its original case."),
        TASK_KEY,
        _fraction("penetration_fraction", "Penetration, 0-1 (upstream penetration)."),
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
    "release's job_exposure.soc_code).",
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
        _pct("share_pct", "Share of conversations attributed to the 2018 SOC occupation, 0-100."),
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
            _fraction(f"{mode}_fraction", f"Fraction of the task's conversations in mode {word}.")
            for mode, word in _MODE_WORDS.items()
        ),
        _fraction(
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
        _pct("share_pct", "The occupation's share of conversations, 0-100."),
        _pct(
            "covered_share_pct",
            "Sum of the shares of the pairs whose key has a row in the per-task file (the "
            "weights of the ratios), 0-100.",
        ),
        *(
            _fraction(f"{mode}_fraction", f"Weighted ratio of mode {word}, 0-1.")
            for mode, word in _MODE_WORDS.items()
        ),
        _fraction("filtered_fraction", "Weighted ratio of filtered conversations, 0-1."),
        _fraction("automation_fraction", "directive + feedback_loop, of all conversations, 0-1."),
        _fraction(
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
        _pct("share_pct", "The group's share of conversations, 0-100."),
        _pct(
            "covered_share_pct",
            "Sum of the shares of the group's pairs whose key has a row in the per-task file.",
        ),
        _fraction(
            "filtered_fraction",
            "Weighted ratio of filtered conversations before it is dropped, 0-1; empty when "
            "no pair of the group has a row in the per-task file.",
            required=False,
        ),
        *(
            _fraction(
                f"{mode}_fraction",
                f"Ratio of mode {word} among the five modes (filtered dropped, rescaled to "
                "sum to 1); empty when nothing is covered or all of it is filtered.",
                required=False,
            )
            for mode, word in _MODE_WORDS.items()
        ),
        _fraction(
            "automation_fraction",
            "directive + feedback_loop after rescaling, 0-1; empty as above.",
            required=False,
        ),
        _fraction(
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
        _fraction(
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
        _pct("share_pct", "The occupation's share of conversations, 0-100."),
        _pct(
            "covered_share_pct",
            "Sum of the shares of the pairs whose key has a published thinking fraction.",
        ),
        _fraction("covered_fraction", "covered_share_pct / share_pct, 0-1."),
        _fraction(
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
        _pct(
            "records_pct",
            "Share of records (conversations) in the cluster, 0-100 (upstream percent_records, "
            "a bucket average: equal values are expected); level 0 only.",
            required=False,
        ),
        _pct(
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
            _fraction(
                f"{mode}_fraction",
                f"Ratio of the cluster's conversations with collaboration pattern {word} "
                "(upstream collaboration:*_ratio); empty when not published.",
                required=False,
            )
            for mode, word in _COLLABORATION.items()
        ),
        _fraction(
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

# ---------------------------------------------------------------------------------------------
# Long-format releases (2025-09-15, 2026-01-15, 2026-03-24): one canonical model for every
# long layout. ``observations`` keeps every upstream value with canonical ids; the other tables
# are derived from it by econindex_api.methods.geography (docs/methods.md, "Long-format
# releases"). Geography ids: GLOBAL, ISO 3166-1 alpha-3 for countries, ISO 3166-2 (alpha-2
# prefix) for subregions; pseudo-geographies keep upstream's id and are marked unclassified.

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
        _pct(
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
        _pct("conversation_pct", "Share of the platform's conversations (onet_task_pct)."),
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
        _pct("conversation_pct", "Upstream collaboration_pct.", required=False),
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
        _pct("automation_pct_of_classified", "Automation share of the five classified patterns."),
        _pct(
            "augmentation_pct_of_classified", "Augmentation share of the five classified patterns."
        ),
        _pct("automation_pct_of_all", "Automation share of all conversations."),
        _pct("augmentation_pct_of_all", "Augmentation share of all conversations."),
        _pct("none_pct", "Share with no pattern (none); 0 when not published.", required=False),
        _pct(
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
            "releases); empty in the first long format, which names clusters by text only.",
            required=False,
        ),
        _pct("conversation_pct", "Upstream request_pct.", required=False),
        Field(
            "conversation_count",
            "number",
            "Upstream request_count; empty when not published.",
            required=False,
            minimum=0,
            unit_text="conversations",
        ),
        _pct(
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
        _pct("conversation_pct", "Upstream pct: share of the geography's conversations."),
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
        _pct("conversation_pct", "Upstream artifact_<label>_pct."),
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

ALL_TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
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
        *LONG_TABLES,
    )
}
