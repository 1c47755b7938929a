"""Windows inside a release: the release's own figure from its monthly windows.

Release 2026-06-26 holds two calendar months. Every derived row names its window
(``date_start``, ``date_end`` exclusive) and a ``window_rule``:

- ``as_published``: upstream's value for that window.
- ``unweighted_mean_of_months``: the release's own figure, the unweighted mean of the months'
  published values (the report's rule: its window is 10 April to 10 June, and its figures are
  reproduced by the plain mean of April and May, FACTS §5). Written only where **every** month
  of the release publishes the cell: a cell suppressed in one month has no release figure, so a
  one-month value is never presented under the release's name. Its ``date_start`` is the first
  month's start and ``date_end`` the last month's end. Means of values rounded to 2 decimals
  upstream are not rounded again.

Pure functions on Polars frames; docs/methods.md, "Windows".
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

AS_PUBLISHED = "as_published"
UNWEIGHTED_MEAN_OF_MONTHS = "unweighted_mean_of_months"
WINDOW_RULES = (AS_PUBLISHED, UNWEIGHTED_MEAN_OF_MONTHS)


def release_rule(rules: Iterable[str]) -> str:
    """The ``window_rule`` of a release's own figure, given the rules its rows carry: the
    mean of its months where it publishes one, else its single published window."""
    return UNWEIGHTED_MEAN_OF_MONTHS if UNWEIGHTED_MEAN_OF_MONTHS in set(rules) else AS_PUBLISHED


def window_choice(
    window: str, rules: Iterable[str], days: Iterable[str]
) -> tuple[str | None, str | None]:
    """The rows a ``window=`` parameter keeps, as (window_rule, date_start), None = any:
    ``all``; ``release`` (the release's own figure, ``release_rule``); ``each`` (every
    published window); or a published window's first day. ``days``: the first days of the
    release's windows. ValueError naming the choices for anything else."""
    if window == "all":
        return None, None
    if window == "release":
        return release_rule(rules), None
    if window == "each":
        return AS_PUBLISHED, None
    published = sorted(set(days))
    if window not in published:
        raise ValueError(
            f"{window!r} is not a window of this release (release, each, all, or a first day: "
            f"{', '.join(published)})"
        )
    return AS_PUBLISHED, window


def release_figures(obs: pl.DataFrame, cell: list[str], rule: str) -> pl.DataFrame:
    """``obs`` with ``window_rule`` = as_published, plus one release-figure row per cell.

    ``obs`` has ``date_start``, ``date_end``, ``value`` and the ``cell`` columns (a cell is
    one value in every window); other columns are carried from the first window. ``rule`` is
    the recipe's rule ("" for a one-window release: no release-figure rows).
    """
    published = obs.with_columns(pl.lit(AS_PUBLISHED).alias("window_rule"))
    if not rule:
        return published
    if rule != UNWEIGHTED_MEAN_OF_MONTHS:
        raise ValueError(f"unknown window rule {rule!r}")
    # The months of a platform are the windows its file holds (the API file holds the same).
    months = obs.group_by("platform").agg(
        pl.col("date_start").n_unique().alias("_months"),
        pl.col("date_start").min().alias("_start"),
        pl.col("date_end").max().alias("_end"),
    )
    carried = [c for c in obs.columns if c not in (*cell, "date_start", "date_end", "value")]
    means = (
        obs.sort("date_start")
        .group_by(cell)
        .agg(
            pl.col("value").mean().alias("value"),
            pl.col("date_start").n_unique().alias("_present"),
            *(pl.col(c).first() for c in carried),
        )
        .join(months, on="platform", how="left")
        .filter((pl.col("_months") > 1) & (pl.col("_present") == pl.col("_months")))
        .with_columns(
            pl.col("_start").alias("date_start"),
            pl.col("_end").alias("date_end"),
            pl.lit(UNWEIGHTED_MEAN_OF_MONTHS).alias("window_rule"),
        )
        .select(published.columns)
    )
    return pl.concat([published, means])
