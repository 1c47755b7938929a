"""Release recipes: what each published release is built from, and how.

A recipe pins the upstream files by sha256 (a changed upstream file stops the build instead of
silently changing published numbers), names the adapter for the upstream layout, and fixes
the package version and its ``created`` time, so the same raw input always gives a
byte-identical package. Publishing a correction means adding a recipe version here: bump the
version (semver: MAJOR schema change, MINOR added data, PATCH corrected values) and the
``created`` time; the catalog keeps every version.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from econindex_api.catalog import EXPOSURE_SERIES, USAGE_SERIES

UPSTREAM_DATASET = "https://huggingface.co/datasets/Anthropic/EconomicIndex"


@dataclass(frozen=True)
class SourceFile:
    name: str  # file name inside the release folder
    sha256: str  # expected hex digest of the upstream file
    description: str


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
    contributors: tuple[tuple[str, str], ...] = field(
        default=(
            ("Anthropic (Economic Index authors)", "creator"),
            ("U.S. Department of Labor, O*NET (task statements, occupations)", "contributor"),
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


RELEASE_2025_02_10 = Recipe(
    release_id="2025-02-10",
    series=USAGE_SERIES,
    folder="release_2025_02_10",
    layout="flat_tasks",
    version="1.0.0",
    created="2026-11-23T00:00:00Z",
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
            "O*NET task statements per occupation.",
        ),
        SourceFile(
            "SOC_Structure.csv",
            "05eb5e689fb471b7a66962b57bba6666dee2c3e6a6854f0f84faf423af68dd17",
            "SOC 2018 hierarchy with O*NET-SOC 2019 detail.",
        ),
        SourceFile(
            "wage_data.csv",
            "4453fc56402c94306e4749ad62b6f7c313f63d884ca99bab767a52e7d627b15f",
            "Median wage and job zone per O*NET-SOC code.",
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
)

LABOR_MARKET_IMPACTS = Recipe(
    release_id="labor-market-impacts",
    series=EXPOSURE_SERIES,
    folder="labor_market_impacts",
    layout="exposure_tables",
    version="1.0.0",
    created="2026-11-23T00:00:00Z",
    date=None,
    title="Economic Index: labor market impacts (observed exposure and task penetration)",
    description=(
        "Observed AI exposure per 6-digit SOC occupation and AI penetration per O*NET task "
        "statement, both fractions 0-1. A different measure from the share of conversations; "
        "published as its own series and never the target of 'latest'."
    ),
    measures=("observed_exposure", "penetration"),
    files=(
        SourceFile(
            "job_exposure.csv",
            "4f0a3adf5feeb2ec5f5d02ab18cc5e851a2a4b8470bde84c0c9335017be12d68",
            "Observed exposure per 6-digit SOC occupation (occ_code, title, observed_exposure).",
        ),
        SourceFile(
            "task_penetration.csv",
            "85bee872db1d55d3e9a7f4e89da5ae4a5d59aa8ec875d728fbf4b7d820984616",
            "Penetration per task statement (task, penetration).",
        ),
    ),
    keywords=("AI exposure", "O*NET", "SOC", "labor market"),
)

RECIPES: tuple[Recipe, ...] = (RELEASE_2025_02_10, LABOR_MARKET_IMPACTS)


def recipe_for(release_id: str) -> Recipe:
    for recipe in RECIPES:
        if recipe.release_id == release_id:
            return recipe
    known = ", ".join(r.release_id for r in RECIPES)
    raise KeyError(f"no recipe for release {release_id!r}; known releases: {known}")
