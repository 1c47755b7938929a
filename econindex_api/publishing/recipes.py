"""Release recipes: what each published release is built from, and how.

A recipe pins the upstream files by sha256 (a changed upstream file stops the build instead of
silently changing published numbers), names the adapter for the upstream layout, and fixes
the package version and its ``created`` time, so the same raw input always gives a
byte-identical package. Usage releases whose occupations are O*NET-SOC 2010 codes also pin
the two official O*NET crosswalks (``crosswalk_files``), read from the O*NET folder that
``econindex build --onet DIR`` names (default: the ``onet`` folder beside the raw root).
Publishing a correction means adding a recipe version here: bump the
version (semver: MAJOR schema change, MINOR added data, PATCH corrected values) and the
``created`` time; the catalog keeps every version.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from econindex_api.catalog import EXPOSURE_SERIES, USAGE_SERIES

UPSTREAM_DATASET = "https://huggingface.co/datasets/Anthropic/EconomicIndex"


@dataclass(frozen=True)
class SourceFile:
    name: str  # file name (or path) inside the release folder
    sha256: str  # expected hex digest of the upstream file; "" when upstream publishes none
    description: str
    # Where upstream lists no sha256 (release 2025-09-15, Git LFS on the hub), the pin is the
    # git blob sha1 and the size from PINS.tsv; the build records the sha256 it computes.
    git_blob_sha1: str = ""
    bytes: int | None = None
    rows: int | None = None  # data rows upstream's file has (PINS.tsv); informative

    def pin_text(self) -> str:
        """How the file is pinned, for messages: name, bytes, hash."""
        size = f"{self.bytes:,} bytes, " if self.bytes is not None else ""
        digest = f"sha256 {self.sha256}" if self.sha256 else f"git blob sha1 {self.git_blob_sha1}"
        return f"{size}{digest}"


@dataclass(frozen=True)
class ReferenceFile:
    """An input taken from another upstream folder, because the release's own folder lacks it.

    Pinned by sha256 like every input, and listed in the descriptor's ``sources`` with its
    folder and ``why`` (a sentence saying why this release reads it).
    """

    folder: str  # upstream folder name inside the raw root
    name: str  # file name inside that folder
    sha256: str
    description: str
    why: str


@dataclass(frozen=True)
class RepublishedFile:
    """An upstream file that re-publishes an earlier release's file byte for byte.

    The build checks it by sha256 against the earlier file's pin, records the check in the
    build report, and does not publish it a second time (the earlier release serves it).
    """

    name: str  # file name inside the release folder
    sha256: str  # must equal the earlier release's pin of ``same_as``
    release_id: str  # the earlier release that publishes it
    same_as: str  # the file name inside the earlier release's folder


@dataclass(frozen=True)
class ObservationWindow:
    """When the conversations of a usage release were sampled, as upstream documents it.

    ``start`` and ``end`` are ISO dates only when the upstream files state them; otherwise
    they are None and ``note`` says what upstream does say. A date is never guessed.
    """

    start: str | None
    end: str | None
    note: str


@dataclass(frozen=True)
class LongFormat:
    """The per-release differences of the first long format, as data (one adapter reads all).

    ``usage`` maps each platform to its usage file (a name in the recipe's ``files``);
    ``subregion_label`` is upstream's geography label for sub-national rows and
    ``subregion_ids`` how they are written (``usps``: US state codes, ``iso3166_2``: ISO
    3166-2 with an alpha-2 prefix). ``references`` names the reference tables (keys
    iso_codes, country_pop, state_pop, country_gdp, state_gdp, onet_statements,
    soc_structure), read from the recipe's files
    or references. ``country_aui`` is the AUI convention that reproduces the release's
    report (docs/methods.md, AUI).
    """

    usage: tuple[tuple[str, str], ...]  # (platform, file name)
    subregion_label: str
    subregion_ids: str
    references: tuple[tuple[str, str], ...]  # (role, file name)
    country_aui: str
    # The second long format (2026-06-26) also names the O*NET statements its Task IDs are
    # joined to (role ``onet_statements`` in ``references``) and the rule that turns its two
    # monthly windows into the release's own figure (docs/methods.md, "Windows").
    release_window_rule: str = ""


@dataclass(frozen=True)
class Recipe:
    release_id: str
    series: str
    folder: str  # upstream folder name inside the raw root
    layout: str  # adapter name, see econindex_api.publishing.adapters
    version: str
    created: str  # ISO 8601 UTC; fixed so rebuilds are byte-identical
    date: str | None  # upstream publication date (None: undated upstream)
    title: str
    description: str
    measures: tuple[str, ...]
    files: tuple[SourceFile, ...]
    keywords: tuple[str, ...] = ()
    references: tuple[ReferenceFile, ...] = ()
    republished: tuple[RepublishedFile, ...] = ()
    window: ObservationWindow | None = None  # None: not a usage release (no window applies)
    crosswalk_files: tuple[SourceFile, ...] = ()  # inside the O*NET folder, see ONET_CROSSWALKS
    long_format: LongFormat | None = None  # layout long_v1 only
    # A build from files that do not match the pins (econindex build --unpinned): set by the
    # pipeline, never in a recipe below; the version then carries the -unpinned tag.
    unpinned: bool = False
    # The versions published before 2.0.0 named the 6-digit SOC columns ``soc_code`` in both
    # ``occupations`` (SOC 2010) and ``job_exposure`` (2018 SOC): one name, two taxonomies, a
    # join that silently kept 53 % of the share (issue 22). 2.0.0 renamed them
    # ``soc_2010_code`` and ``soc_2018_code``; a recipe with this flag rebuilds an old version
    # byte for byte (``publishing/tables_legacy.py``).
    legacy_soc_code: bool = False
    contributors: tuple[tuple[str, str], ...] = field(
        default=(
            ("Anthropic (Economic Index authors)", "creator"),
            (
                "U.S. Department of Labor, O*NET (task statements, occupations, taxonomy "
                "crosswalks)",
                "contributor",
            ),
            ("U.S. Bureau of Labor Statistics (OEWS May 2023 employment)", "contributor"),
            ("econindex maintainers", "publisher"),
        )
    )

    @property
    def package_name(self) -> str:
        return f"econindex-{self.release_id}"

    def file(self, name: str) -> SourceFile:
        for source in self.files:
            if source.name == name:
                return source
        raise KeyError(name)

    def locate(self, raw_dir: Path, name: str) -> tuple[Path, str]:
        """Path of input ``name`` and the name errors use (``folder/file``).

        ``raw_dir`` is the release's own folder; a reference input lives in a sibling folder.
        """
        for reference in self.references:
            if reference.name == name:
                return (
                    raw_dir.parent / reference.folder / name,
                    f"{reference.folder}/{name}",
                )
        return raw_dir / name, f"{self.folder}/{name}"


ONET_FOLDER = "onet"
"""Default O*NET folder: ``<raw root>/../onet`` (``../shared/aei`` beside ``../shared/onet``)."""

ONET_CROSSWALK_2010_2019 = "2010_to_2019_Crosswalk.csv"
ONET_CROSSWALK_2019_SOC = "2019_to_SOC_Crosswalk.csv"

ONET_CROSSWALKS = (
    SourceFile(
        ONET_CROSSWALK_2010_2019,
        "8f026a33134bfde5770308d1c6117cf70d9dd41c2b3467e6dd271d65bdeecc5a",
        "O*NET Resource Center crosswalk O*NET-SOC 2010 -> O*NET-SOC 2019 (U.S. Department of "
        "Labor, Employment and Training Administration; CC-BY-4.0).",
    ),
    SourceFile(
        ONET_CROSSWALK_2019_SOC,
        "506fff0a3ca0d26137b9389322413022a4348bead559c4dd24edeb2cea86aa89",
        "O*NET Resource Center crosswalk O*NET-SOC 2019 -> 2018 SOC (U.S. Department of "
        "Labor, Employment and Training Administration; CC-BY-4.0).",
    ),
)

RELEASE_2025_02_10_V1 = Recipe(
    release_id="2025-02-10",
    series=USAGE_SERIES,
    folder="release_2025_02_10",
    layout="flat_tasks",
    # 1.1.0 (MINOR, added data): the occupation_crosswalk and occupation_usage_soc2018 tables,
    # and descriptions naming the taxonomy of every code column (O*NET-SOC 2010, not 2019).
    # Column names, types and values of 1.0.0 are unchanged; the catalog keeps 1.0.0.
    version="1.1.0",
    created="2026-11-24T00:00:00Z",
    date="2025-02-10",
    title="Economic Index: AI usage by task and occupation, release 2025-02-10",
    description=(
        "Share of about one million Claude.ai Free and Pro conversations per O*NET task, "
        "rolled up to occupations and SOC major groups with the published methods (see "
        "METHODS.md in the package), with depth of use, wages, workforce shares and "
        "interaction modes."
    ),
    measures=(
        "conversation_share",
        "depth",
        "wage_bands",
        "workforce_share",
        "interaction_modes",
    ),
    files=(
        SourceFile(
            "onet_task_mappings.csv",
            "8de89c99f762146c9e46b2202c3501e2a14f11c5b44c61c8007021127b6c676e",
            "Share of conversations per O*NET task statement (task_name, pct).",
        ),
        SourceFile(
            "onet_task_statements.csv",
            "82e4c418dc08475ef1263ad1e8c66ffa3357291370cd35ee1065ecea590597ec",
            "O*NET task statements per occupation (O*NET-SOC 2010 codes).",
        ),
        SourceFile(
            "SOC_Structure.csv",
            "05eb5e689fb471b7a66962b57bba6666dee2c3e6a6854f0f84faf423af68dd17",
            "SOC 2018 hierarchy with O*NET-SOC 2019 detail.",
        ),
        SourceFile(
            "wage_data.csv",
            "4453fc56402c94306e4749ad62b6f7c313f63d884ca99bab767a52e7d627b15f",
            "Median wage and job zone per O*NET-SOC 2010 code.",
        ),
        SourceFile(
            "bls_employment_may_2023.csv",
            "4bbfd186cf0b87f6f57f7af86a9258ac457374440f32500b0a3515e64e35d51e",
            "BLS OEWS May 2023 employment per SOC major group (keyed by title).",
        ),
        SourceFile(
            "automation_vs_augmentation.csv",
            "d1e264882b17618db4f4a00b6f87f48134222bc5c15eefb3d46aae9519e89d11",
            "Share of conversations per interaction mode.",
        ),
    ),
    keywords=("AI usage", "O*NET", "SOC", "occupations", "tasks", "automation", "augmentation"),
    crosswalk_files=ONET_CROSSWALKS,
    window=ObservationWindow(
        start=None,
        end=None,
        note="The upstream folder does not state the sampling dates of its conversations "
        "(its report describes them as conversations of December 2024 and January 2025, "
        "without exact dates), so start and end are not published.",
    ),
    legacy_soc_code=True,
)

# 2.0.0 (MAJOR, renamed columns; issue 22 §2): the 6-digit SOC column of occupations is
# soc_2010_code (was soc_code), so that no two published columns share a name while
# holding different taxonomies. Same rows and values; the catalog keeps 1.1.0 and
# `econindex build --release 2025-02-10 --version 1.1.0` rebuilds it byte for byte.
RELEASE_2025_02_10 = dataclasses.replace(
    RELEASE_2025_02_10_V1, version="2.0.0", created="2026-12-06T00:00:00Z", legacy_soc_code=False
)

WAGES_FEB = "4453fc56402c94306e4749ad62b6f7c313f63d884ca99bab767a52e7d627b15f"
BLS_FEB = "4bbfd186cf0b87f6f57f7af86a9258ac457374440f32500b0a3515e64e35d51e"

RELEASE_2025_03_27_V1 = Recipe(
    release_id="2025-03-27",
    series=USAGE_SERIES,
    folder="release_2025_03_27",
    layout="flat_tasks_march",
    # 1.0.1 (PATCH, corrected metadata): descriptions cite the package's METHODS.md instead of
    # a document that is not published. Same rows, columns and values as 1.0.0.
    version="1.0.1",
    created="2026-11-24T00:00:00Z",
    date="2025-03-27",
    title="Economic Index: AI usage by task and occupation, release 2025-03-27",
    description=(
        "Share of Claude.ai conversations per O*NET task in the window after the launch of "
        "Claude 3.7 Sonnet (upstream v2 files), rolled up to occupations and SOC major groups "
        "with the published methods (METHODS.md in the package), with depth of use, wages, "
        "workforce "
        "shares, interaction modes overall, per task, per occupation and per SOC major group, "
        "extended thinking per task and occupation, and 630 bottom-up conversation clusters "
        "(METHODS.md, section Releases with two observation windows)."
    ),
    measures=(
        "conversation_share",
        "depth",
        "wage_bands",
        "workforce_share",
        "interaction_modes",
        "task_interaction_modes",
        "thinking",
        "clusters",
    ),
    files=(
        SourceFile(
            "task_pct_v2.csv",
            "0c20f184cd4a1e3d8ef3d77f500b32b62431ce61a3c2f133c3af7fa8429f97db",
            "Share of conversations per O*NET task key in the new window (task_name, pct).",
        ),
        SourceFile(
            "automation_vs_augmentation_v2.csv",
            "0d7d8b1666f3d942d728f9b2177681ca6756edfe01fb8fc130e29264d41a391e",
            "Share of conversations per interaction mode in the new window.",
        ),
        SourceFile(
            "automation_vs_augmentation_by_task.csv",
            "f6570714a9af31ae783fd91bd7ee3b2e9cfabcbf522a30ba1aa9b1f230665e79",
            "Fraction of each interaction mode (and filtered) per task key.",
        ),
        SourceFile(
            "task_thinking_fractions.csv",
            "35a78bc803b610e4dcc654391e87e33e124021115fce2ffa4b6488230e2be357",
            "Fraction of each task key's conversations that used extended thinking; empty "
            "means not published.",
        ),
        SourceFile(
            "cluster_level_data/cluster_level_dataset.tsv",
            "401e3f09d8bb209048502175f593a359b394c9db0a7131d052bedb2211ae2031",
            "630 bottom-up conversation clusters with their parents, prevalence, O*NET task, "
            "collaboration ratios and thinking ratio (tab-separated).",
        ),
        SourceFile(
            "onet_task_statements.csv",
            "82e4c418dc08475ef1263ad1e8c66ffa3357291370cd35ee1065ecea590597ec",
            "O*NET task statements per occupation (byte-identical to release 2025-02-10's).",
        ),
        SourceFile(
            "SOC_Structure.csv",
            "05eb5e689fb471b7a66962b57bba6666dee2c3e6a6854f0f84faf423af68dd17",
            "SOC 2018 hierarchy with O*NET-SOC 2019 detail (byte-identical to 2025-02-10's).",
        ),
    ),
    references=(
        ReferenceFile(
            "release_2025_02_10",
            "wage_data.csv",
            WAGES_FEB,
            "Median wage and job zone per O*NET-SOC 2010 code.",
            "The March 2025 upstream folder ships no wage file; the February 2025 one is the "
            "upstream wage table for the same O*NET-SOC 2010 codes, so wage bands exist for both "
            "releases.",
        ),
        ReferenceFile(
            "release_2025_02_10",
            "bls_employment_may_2023.csv",
            BLS_FEB,
            "BLS OEWS May 2023 employment per SOC major group (keyed by title).",
            "The March 2025 upstream folder ships no BLS file; employment of May 2023 is the "
            "same reference the first report used, so category-versus-workforce exists for "
            "both releases.",
        ),
    ),
    republished=(
        RepublishedFile(
            "task_pct_v1.csv",
            "8de89c99f762146c9e46b2202c3501e2a14f11c5b44c61c8007021127b6c676e",
            "2025-02-10",
            "onet_task_mappings.csv",
        ),
        RepublishedFile(
            "automation_vs_augmentation_v1.csv",
            "d1e264882b17618db4f4a00b6f87f48134222bc5c15eefb3d46aae9519e89d11",
            "2025-02-10",
            "automation_vs_augmentation.csv",
        ),
    ),
    keywords=(
        "AI usage",
        "O*NET",
        "SOC",
        "occupations",
        "tasks",
        "automation",
        "augmentation",
        "extended thinking",
        "clusters",
    ),
    window=ObservationWindow(
        start=None,
        end=None,
        note="The upstream folder does not state the sampling dates of the v2 window (its "
        "report describes conversations from the weeks after Claude 3.7 Sonnet's launch on "
        "2025-02-24, without exact dates), so start and end are not published.",
    ),
    # Same O*NET-SOC 2010 statements as 2025-02-10, so the same crosswalk treatment.
    crosswalk_files=ONET_CROSSWALKS,
    legacy_soc_code=True,
)

# 2.0.0 (MAJOR, renamed columns; issue 22 §2): the 6-digit SOC column of occupations is
# soc_2010_code (was soc_code), so that no two published columns share a name while
# holding different taxonomies. Same rows and values; the catalog keeps 1.0.1 and
# `econindex build --release 2025-03-27 --version 1.0.1` rebuilds it byte for byte.
RELEASE_2025_03_27 = dataclasses.replace(
    RELEASE_2025_03_27_V1, version="2.0.0", created="2026-12-06T00:00:00Z", legacy_soc_code=False
)

LABOR_MARKET_IMPACTS_V1 = Recipe(
    release_id="labor-market-impacts",
    series=EXPOSURE_SERIES,
    folder="labor_market_impacts",
    layout="exposure_tables",
    # 1.0.1 (PATCH, corrected metadata): descriptions say the codes are 2018 SOC. Same rows.
    version="1.0.1",
    created="2026-11-24T00:00:00Z",
    date=None,
    title="Economic Index: labor market impacts (observed exposure and task penetration)",
    description=(
        "Observed AI exposure per 6-digit 2018 SOC occupation and AI penetration per O*NET task "
        "statement, both fractions 0-1. A different measure from the share of conversations; "
        "published as its own series and never the target of 'latest'."
    ),
    measures=("observed_exposure", "penetration"),
    files=(
        SourceFile(
            "job_exposure.csv",
            "4f0a3adf5feeb2ec5f5d02ab18cc5e851a2a4b8470bde84c0c9335017be12d68",
            "Observed exposure per 6-digit 2018 SOC occupation (occ_code, title, "
            "observed_exposure).",
        ),
        SourceFile(
            "task_penetration.csv",
            "85bee872db1d55d3e9a7f4e89da5ae4a5d59aa8ec875d728fbf4b7d820984616",
            "Penetration per task statement (task, penetration).",
        ),
    ),
    keywords=("AI exposure", "O*NET", "SOC", "labor market"),
    legacy_soc_code=True,
)

# 2.0.0 (MAJOR, renamed columns; issue 22 §2): the 6-digit SOC column of job_exposure is
# soc_2018_code (was soc_code), so that no two published columns share a name while
# holding different taxonomies. Same rows and values; the catalog keeps 1.0.1 and
# `econindex build --release labor-market-impacts --version 1.0.1` rebuilds it byte for byte.
LABOR_MARKET_IMPACTS = dataclasses.replace(
    LABOR_MARKET_IMPACTS_V1, version="2.0.0", created="2026-12-06T00:00:00Z", legacy_soc_code=False
)

# ---------------------------------------------------------------------------------------------
# Long-format releases, first generation (layout long_v1). Pins from
# ../shared/aei-longformat/PINS.tsv; FACTS.md there describes every file.

LONG_CONTRIBUTORS = (
    ("Anthropic (Economic Index authors)", "creator"),
    (
        "World Bank (SP.POP.1564.TO), U.S. Census Bureau (SC-EST2024), IMF (NGDPD), BEA "
        "(SASUMMARY), GeoNames (reference tables of release 2025-09-15)",
        "contributor",
    ),
    ("econindex maintainers", "publisher"),
)

REF_FOLDER = "release_2025_09_15"
REF_DIR = "data/intermediate"
# (role, file, sha256, description): the real reference tables of 2025-09-15
# (../shared/aei/release_2025_09_15/data/intermediate), pinned by the sha256 of those copies.
REFERENCE_TABLES = (
    (
        "iso_codes",
        "iso_country_codes.csv",
        "eee318d4ab2c2c30f5a7da11f2bc7e0e36c246f6be5bb9b323fdb12b8e4809e0",
        "ISO 3166-1 alpha-2 / alpha-3 codes and names (GeoNames; NA = Namibia).",
    ),
    (
        "country_pop",
        "working_age_pop_2024_country.csv",
        "3a9e0edc0453702e8efb63d7cab57e5b1a689bc09e070626bbf513e37edd5dd3",
        "Working-age (15-64) population 2024 per country (World Bank SP.POP.1564.TO + Taiwan).",
    ),
    (
        "state_pop",
        "working_age_pop_2024_us_state.csv",
        "e2d0fb7239934f4f6d0ae3444ab12ad8ff1dd323b71ccfc4295d074b537f17ec",
        "Working-age population 2024 per US state and DC (Census SC-EST2024).",
    ),
    (
        "country_gdp",
        "gdp_2024_country.csv",
        "e0618d6ba634a612b97b1c82f521ab38a387216069818a86f50c9aaf8e2bda6c",
        "GDP 2024 per country, current USD (IMF NGDPD).",
    ),
    (
        "state_gdp",
        "gdp_2024_us_state.csv",
        "cb1573e8143bd407c2ea7c43f5a6822852568c596dbde843fc5d8692c9e967ec",
        "GDP 2024 per US state, current USD (BEA SASUMMARY).",
    ),
)
# The classic usage tables of the long-format releases (tasks, occupations, SOC major groups,
# depth, interaction modes: publishing/adapters/long_usage.py) join the GLOBAL task shares to
# 2025-09-15's O*NET statements and SOC structure, the only ones the long-format releases ship.
TASK_REFERENCE_TABLES = (
    (
        "onet_statements",
        "onet_task_statements.csv",
        "88427f8d2a9f37a7c08b5420c6c66a01cdae6467b716bbbd31989128504b8ebb",
        "O*NET task statements with Task IDs per O*NET-SOC 2010 occupation (the statements of "
        "2025-02-10 plus a soc_major_group column).",
    ),
    (
        "soc_structure",
        "soc_structure.csv",
        "97dee70470182ac642872839f71a4a938c03677829aadca9bfbf250cb4021863",
        "SOC 2018 hierarchy with O*NET-SOC 2019 detail (2025-02-10's SOC_Structure.csv plus a "
        "soc_major_group column).",
    ),
)
LONG_REFERENCE_ROLES = tuple(
    (role, f"{REF_DIR}/{name}") for role, name, _, _ in (*REFERENCE_TABLES, *TASK_REFERENCE_TABLES)
)


def _first_report_references(release: str) -> tuple[ReferenceFile, ...]:
    """Wages and BLS employment of 2025-02-10 for a long-format release, as 2025-03-27 reads
    them: the occupations of its classic usage tables are the O*NET-SOC 2010 codes of the
    2025-09-15 statements, the same codes as the first release's wage table."""
    return (
        ReferenceFile(
            "release_2025_02_10",
            "wage_data.csv",
            WAGES_FEB,
            "Median wage and job zone per O*NET-SOC 2010 code.",
            f"Release {release} ships no wage table; the occupations of its task, occupation "
            "and wage-band tables are the O*NET-SOC 2010 codes of the 2025-09-15 statements, "
            "the codes of the first release's wage table, which 2025-03-27 reads too.",
        ),
        ReferenceFile(
            "release_2025_02_10",
            "bls_employment_may_2023.csv",
            BLS_FEB,
            "BLS OEWS May 2023 employment per SOC major group (keyed by title).",
            f"Release {release} ships no employment table; May 2023 employment is the same "
            "reference the first two releases use, so category-versus-workforce exists for it.",
        ),
    )


LONG_MEASURES = (
    "observations",
    "geography_usage",
    "aui",
    "global_task_usage",
    "collaboration",
    "request_clusters",
)


def _long_window(start: str, end: str) -> ObservationWindow:
    return ObservationWindow(
        start=start,
        end=end,
        note="date_start and date_end of every row of the upstream usage files (one week).",
    )


CLAUDE_SEP = "data/intermediate/aei_raw_claude_ai_2025-08-04_to_2025-08-11.csv"
API_SEP = "data/intermediate/aei_raw_1p_api_2025-08-04_to_2025-08-11.csv"

RELEASE_2025_09_15 = Recipe(
    release_id="2025-09-15",
    series=USAGE_SERIES,
    folder="release_2025_09_15",
    layout="long_v1",
    version="1.0.0",
    created="2026-12-06T00:00:00Z",
    date="2025-09-15",
    title="Economic Index: AI usage by geography and task, release 2025-09-15",
    description=(
        "AI use per country and US state (usage share, the Anthropic AI Usage Index under the "
        "convention that reproduces the report, tiers), global task usage, collaboration "
        "patterns on both bases, request clusters and the first-party API's token and cost "
        "indices, from the raw long-format files of the third report (one week, "
        "2025-08-04 to 2025-08-11), with every upstream value kept in observations."
    ),
    measures=(*LONG_MEASURES, "api_token_cost"),
    files=(
        SourceFile(
            CLAUDE_SEP,
            "",
            "Raw Claude.ai (Free and Pro) long-format file: one row per published value.",
            git_blob_sha1="cd3e8ff605949964d94ef3033f703d132bf26dba",
            bytes=18894517,
            rows=100062,
        ),
        SourceFile(
            API_SEP,
            "",
            "Raw first-party API long-format file (GLOBAL only).",
            git_blob_sha1="fe5c0e240125901358a15475845405a07d9f4344",
            bytes=7027019,
            rows=33794,
        ),
        *(
            SourceFile(f"{REF_DIR}/{name}", digest, description)
            for _, name, digest, description in (*REFERENCE_TABLES, *TASK_REFERENCE_TABLES)
        ),
    ),
    references=_first_report_references("2025-09-15"),
    keywords=("AI usage", "AUI", "geography", "countries", "US states", "O*NET", "API"),
    window=_long_window("2025-08-04", "2025-08-11"),
    contributors=LONG_CONTRIBUTORS,
    long_format=LongFormat(
        usage=(("claude_ai", CLAUDE_SEP), ("1p_api", API_SEP)),
        subregion_label="state_us",
        subregion_ids="usps",
        references=LONG_REFERENCE_ROLES,
        country_aui="published_aug2025",
    ),
)


def _borrowed_references(release: str, statements: bool = True) -> tuple[ReferenceFile, ...]:
    """2025-09-15's reference tables for a later release, and (``statements``) its O*NET
    statements and SOC structure, plus 2025-02-10's wages and employment."""
    geography = tuple(
        ReferenceFile(
            REF_FOLDER,
            f"{REF_DIR}/{name}",
            digest,
            description,
            f"Release {release} ships no reference tables; its report uses the 2025-09-15 "
            "ones (ISO codes, working-age population, GDP), as 2025-03-27 uses 2025-02-10's "
            "wages.",
        )
        for _, name, digest, description in REFERENCE_TABLES
    )
    tasks = tuple(
        ReferenceFile(
            REF_FOLDER,
            f"{REF_DIR}/{name}",
            digest,
            description,
            f"Release {release} ships no O*NET statements or SOC structure; its task shares "
            "are joined to 2025-09-15's (the report's own O*NET-to-SOC join) for the task, "
            "occupation and SOC-group tables.",
        )
        for role, name, digest, description in TASK_REFERENCE_TABLES
        if statements or role != "onet_statements"
    )
    return (*geography, *tasks, *_first_report_references(release))


PRIMITIVE_MEASURES = (*LONG_MEASURES, "api_token_cost", "primitives")

CLAUDE_JAN = "data/intermediate/aei_raw_claude_ai_2025-11-13_to_2025-11-20.csv"
API_JAN = "data/intermediate/aei_raw_1p_api_2025-11-13_to_2025-11-20.csv"

RELEASE_2026_01_15 = Recipe(
    release_id="2026-01-15",
    series=USAGE_SERIES,
    folder="release_2026_01_15",
    layout="long_v1",
    version="1.0.0",
    created="2026-12-06T00:00:00Z",
    date="2026-01-15",
    title="Economic Index: AI usage by geography, task and economic primitives, release 2026-01-15",
    description=(
        "AI use per country and ISO 3166-2 subregion, the AUI, global task usage, "
        "collaboration on both bases, request clusters, API token and cost indices and the "
        "economic primitives (task success, autonomy, education years, time with and without "
        "AI), from the raw long-format files of the fourth report (2025-11-13 to 2025-11-20)."
    ),
    measures=PRIMITIVE_MEASURES,
    files=(
        SourceFile(
            CLAUDE_JAN,
            "70dc16780061b84d3f34ddf7fe5c978d65c99a5ef58afd78f9315f886a6a5873",
            "Raw Claude.ai long-format file.",
            bytes=94086309,
            rows=458778,
        ),
        SourceFile(
            API_JAN,
            "432f8d14348ba384dd9c659fa7fdc85754cbae3b5a480c14a344ac4823d0e861",
            "Raw first-party API long-format file (GLOBAL only).",
            bytes=41518256,
            rows=187772,
        ),
    ),
    references=_borrowed_references("2026-01-15"),
    keywords=("AI usage", "AUI", "geography", "economic primitives", "O*NET", "API"),
    window=_long_window("2025-11-13", "2025-11-20"),
    contributors=LONG_CONTRIBUTORS,
    long_format=LongFormat(
        usage=(("claude_ai", CLAUDE_JAN), ("1p_api", API_JAN)),
        subregion_label="country-state",
        subregion_ids="iso3166_2",
        references=LONG_REFERENCE_ROLES,
        country_aui="published_aug2025",
    ),
)

CLAUDE_MAR = "data/aei_raw_claude_ai_2026-02-05_to_2026-02-12.csv"
API_MAR = "data/aei_raw_1p_api_2026-02-05_to_2026-02-12.csv"
API_MAR_FILE = SourceFile(
    API_MAR,
    "b3bcd68e7f6d820ffbb50a3c53d71ec2a122556fc2a38226cd86951a054bd4c8",
    "Raw first-party API long-format file (GLOBAL only; the same at both upstream revisions).",
    bytes=43957174,
    rows=195156,
)
MARCH_FORMAT = LongFormat(
    usage=(("claude_ai", CLAUDE_MAR), ("1p_api", API_MAR)),
    subregion_label="country-state",
    subregion_ids="iso3166_2",
    references=LONG_REFERENCE_ROLES,
    country_aui="symmetric",
)
MARCH_DESCRIPTION = (
    "AI use per country and ISO 3166-2 subregion, the AUI, global task usage, collaboration "
    "on both bases, request clusters, API token and cost indices and the economic primitives, "
    "from the raw long-format files of the fifth report (2026-02-05 to 2026-02-12; counts on "
    "a 1,000,000 base)."
)

# Upstream revised the Claude.ai file of 2026-03-24 after publication (hub revision 7fc50b03:
# 96,018,130 bytes, 425,257 rows; revision 2ea58ff: 103,287,181 bytes, 477,717 rows). Both are
# recognised by their pins and published as two versions of one release: 1.0.0 = the first
# upstream revision, 1.1.0 = the revised file (MINOR: same schema, 52,460 more rows of data;
# the catalog keeps both and serves 1.1.0). See README, "Long-format releases".
RELEASE_2026_03_24_FIRST = Recipe(
    release_id="2026-03-24",
    series=USAGE_SERIES,
    folder="release_2026_03_24",
    layout="long_v1",
    version="1.0.0",
    created="2026-12-06T00:00:00Z",
    date="2026-03-24",
    title="Economic Index: AI usage by geography, task and economic primitives, release 2026-03-24",
    description=MARCH_DESCRIPTION
    + " Built from the first upstream revision of the Claude.ai file (hub revision 7fc50b03).",
    measures=PRIMITIVE_MEASURES,
    files=(
        SourceFile(
            CLAUDE_MAR,
            "9c53320b8732ac2e88fc2c95fbdefa02222f04333a41d4f4e947861409798cf1",
            "Raw Claude.ai long-format file, first upstream revision (hub revision 7fc50b03).",
            bytes=96018130,
            rows=425257,
        ),
        API_MAR_FILE,
    ),
    references=_borrowed_references("2026-03-24"),
    keywords=("AI usage", "AUI", "geography", "economic primitives", "O*NET", "API"),
    window=_long_window("2026-02-05", "2026-02-12"),
    contributors=LONG_CONTRIBUTORS,
    long_format=MARCH_FORMAT,
)
RELEASE_2026_03_24 = Recipe(
    release_id="2026-03-24",
    series=USAGE_SERIES,
    folder="release_2026_03_24",
    layout="long_v1",
    version="1.1.0",
    created="2026-12-06T00:00:00Z",
    date="2026-03-24",
    title=RELEASE_2026_03_24_FIRST.title,
    description=MARCH_DESCRIPTION
    + " Built from the revised upstream Claude.ai file (hub revision 2ea58ff).",
    measures=PRIMITIVE_MEASURES,
    files=(
        SourceFile(
            CLAUDE_MAR,
            "69ebf6f9afc1e3be45caab172a84ae09e78bf41b97e1c310100d81c8a35a7433",
            "Raw Claude.ai long-format file, revised upstream (hub revision 2ea58ff).",
            bytes=103287181,
            rows=477717,
        ),
        API_MAR_FILE,
    ),
    references=_borrowed_references("2026-03-24"),
    keywords=RELEASE_2026_03_24_FIRST.keywords,
    window=_long_window("2026-02-05", "2026-02-12"),
    contributors=LONG_CONTRIBUTORS,
    long_format=MARCH_FORMAT,
)

# ---------------------------------------------------------------------------------------------
# The second long format (layout long_v2): release 2026-06-26, two calendar months. Pins from
# PINS.tsv (upstream publishes sha256). It ships no reference tables: names, working-age
# population (informative; the AUI is served as published) and the O*NET statements its Task
# IDs are joined to come from 2025-09-15, as for 2026-01-15 and 2026-03-24.

CLAUDE_JUN = "data/aei_claude_ai_2026-06-26.csv"
API_JUN = "data/aei_1p_api_2026-06-26.csv"
ONET_STATEMENTS_SEP = (
    "onet_task_statements.csv",
    "88427f8d2a9f37a7c08b5420c6c66a01cdae6467b716bbbd31989128504b8ebb",
    "O*NET task statements with Task IDs (release 2025-09-15's reference table).",
)
UNWEIGHTED_MEAN_OF_MONTHS = "unweighted_mean_of_months"

RELEASE_2026_06_26 = Recipe(
    release_id="2026-06-26",
    series=USAGE_SERIES,
    folder="release_2026_06_26",
    layout="long_v2",
    version="1.0.0",
    created="2026-12-06T00:00:00Z",
    date="2026-06-26",
    title="Economic Index: AI usage by geography, task, occupation and artifact, "
    "release 2026-06-26",
    description=(
        "AI use per country and ISO 3166-2 subregion with the AUI as upstream publishes it, "
        "O*NET task usage (O*NET 30.2 Task IDs, joined to statements where they match) with "
        "the DWA/IWA/GWA ladder, occupations, request topics, artifacts, use case, "
        "collaboration and the economic primitives, from the second long format (two calendar "
        "months: 2026-04-01 to 2026-05-01 and 2026-05-01 to 2026-06-01, date_end exclusive). "
        "Every derived row names its window; the release's own figure is the unweighted mean "
        "of the two months (window_rule unweighted_mean_of_months)."
    ),
    measures=(
        "observations",
        "geography_usage",
        "aui",
        "node_usage",
        "collaboration",
        "request_clusters",
        "primitives",
        "artifacts",
    ),
    files=(
        SourceFile(
            CLAUDE_JUN,
            "f974b358bce0e5a8417510c61da4342234cd0de9d9d0b62acf4c6dbcf8ec7b68",
            "Claude.ai (chat and Cowork; Free, Pro, Max) long-format file, second format: "
            "global, country and subregion, two monthly windows.",
            bytes=219174671,
            rows=1636573,
        ),
        SourceFile(
            API_JUN,
            "62197f003e001945ad130c2f26f5e07f3fda45ff41644df91444b04fd524a19f",
            "First-party API long-format file, second format (GLOBAL only; excludes Claude Code).",
            bytes=77282477,
            rows=491705,
        ),
    ),
    references=(
        *_borrowed_references("2026-06-26", statements=False),
        ReferenceFile(
            REF_FOLDER,
            f"{REF_DIR}/{ONET_STATEMENTS_SEP[0]}",
            ONET_STATEMENTS_SEP[1],
            ONET_STATEMENTS_SEP[2],
            "Release 2026-06-26 keys tasks by O*NET 30.2 Task ID and ships no statements; its "
            "Task IDs are joined to 2025-09-15's statements by Task ID where they match "
            "(coverage in the build report), never by guess.",
        ),
    ),
    keywords=("AI usage", "AUI", "geography", "O*NET", "occupations", "artifacts", "API"),
    window=ObservationWindow(
        start="2026-04-01",
        end="2026-06-01",
        note="Two calendar months, 2026-04-01 to 2026-05-01 and 2026-05-01 to 2026-06-01 "
        "(date_end exclusive upstream); every derived row names its window, and the release's "
        "own figure is the unweighted mean of the two months (the report's rule).",
    ),
    contributors=LONG_CONTRIBUTORS,
    long_format=LongFormat(
        usage=(("claude_ai", CLAUDE_JUN), ("1p_api", API_JUN)),
        subregion_label="subregion",
        subregion_ids="iso3166_2",
        references=LONG_REFERENCE_ROLES,
        country_aui="published_jun2026",
        release_window_rule=UNWEIGHTED_MEAN_OF_MONTHS,
    ),
)

RECIPES: tuple[Recipe, ...] = (
    RELEASE_2025_02_10_V1,
    RELEASE_2025_02_10,
    RELEASE_2025_03_27_V1,
    RELEASE_2025_03_27,
    LABOR_MARKET_IMPACTS_V1,
    LABOR_MARKET_IMPACTS,
    RELEASE_2025_09_15,
    RELEASE_2026_01_15,
    RELEASE_2026_03_24_FIRST,
    RELEASE_2026_03_24,
    RELEASE_2026_06_26,
)


def revisions_of(release_id: str) -> list[Recipe]:
    """Every recipe of a release id, oldest version first (2026-03-24 has two)."""
    return [r for r in RECIPES if r.release_id == release_id]


def recipe_for(release_id: str) -> Recipe:
    """The newest recipe of a release id."""
    found = revisions_of(release_id)
    if found:
        return found[-1]
    known = ", ".join(dict.fromkeys(r.release_id for r in RECIPES))
    raise KeyError(f"no recipe for release {release_id!r}; known releases: {known}")
