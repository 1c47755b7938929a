"""Interaction modes and the automation/augmentation split (docs/methods.md, "Interaction modes").

Headline split: drop "none", rescale the rest to 100; automation = directive + feedback loop;
augmentation = task iteration + learning + validation. The raw values are served too.
"""

from __future__ import annotations

import polars as pl

from econindex_api.methods.exact_sum import exact_sum

AUTOMATION = ("directive", "feedback_loop")
AUGMENTATION = ("task_iteration", "learning", "validation")
NO_MODE = "none"


def mode_name(label: str) -> str:
    """Upstream labels use spaces (Feb 2025) or underscores (Mar 2025): one snake_case name."""
    return "_".join(label.strip().lower().replace("_", " ").split())


def category_of(mode: str) -> str:
    if mode in AUTOMATION:
        return "automation"
    if mode in AUGMENTATION:
        return "augmentation"
    return "none"


def interaction_modes(raw: pl.DataFrame) -> pl.DataFrame:
    """raw: mode, mode_label, share_pct -> adds category and headline_share_pct."""
    with_mode_total = exact_sum(raw.filter(pl.col("mode") != NO_MODE)["share_pct"])
    return raw.with_columns(
        category=pl.col("mode").map_elements(category_of, return_dtype=pl.String),
        headline_share_pct=pl.when(pl.col("mode") != NO_MODE).then(
            pl.col("share_pct") * (100.0 / with_mode_total)
        ),
    )


def interaction_split(modes: pl.DataFrame) -> pl.DataFrame:
    """Automation versus augmentation from the output of ``interaction_modes``."""
    rows = []
    for category, members in (("automation", AUTOMATION), ("augmentation", AUGMENTATION)):
        share = exact_sum(modes.filter(pl.col("mode").is_in(members))["headline_share_pct"])
        rows.append({"category": category, "share_pct": share, "modes": ",".join(members)})
    return pl.DataFrame(rows)
