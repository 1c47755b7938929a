"""The comparability table (``methods/comparability.py``) applied to a request.

A series or a compare spans releases; it is served only when the table says the measure
compares across all of them on one base, and every point then names that base. Otherwise the
answer is 400 ``incomparable-releases`` naming the first step that does not compare, and the
runs of releases that do (``allowed``, each as ``first..last``), so a researcher can ask for
one of them (``since``/``until`` on the usage series, or a compare inside one run).

A release the table does not know (a newer upstream release, before its rows are written) is
refused the same way: an unknown step is never assumed comparable.
"""

from __future__ import annotations

from collections.abc import Sequence

from econindex_api import models
from econindex_api.methods import comparability
from econindex_api.server.toolkit.problems import ApiProblem


def _compares(measure: str, first: str, release: str) -> bool:
    known = first in comparability.RELEASES and release in comparability.RELEASES
    return known and comparability.between(measure, first, release).comparable


def comparable_runs(measure: str, release_ids: Sequence[str]) -> list[list[str]]:
    """``release_ids`` (oldest first) cut into maximal runs that compare on one base."""
    runs: list[list[str]] = []
    for release in release_ids:
        if runs and _compares(measure, runs[-1][0], release):
            runs[-1].append(release)
            continue
        runs.append([release])
    return runs


def comparable_base(measure: str, what: str, release_ids: Sequence[str]) -> str | None:
    """The one base ``measure`` (a row name of the table) is stated on across ``release_ids``
    (oldest first); None for fewer than two releases. ``what`` names the measure in the
    problem's detail (e.g. "share_pct of SOC major group 15")."""
    if len(release_ids) < 2:
        return None
    unknown = [r for r in release_ids if r not in comparability.RELEASES]
    if unknown:
        why = f"release {unknown[0]} has no row in the comparability table yet"
    else:
        verdict = comparability.between(measure, release_ids[0], release_ids[-1])
        if verdict.comparable:
            return verdict.base
        why = verdict.why
    runs = comparable_runs(measure, release_ids)
    raise ApiProblem(
        400,
        models.PROBLEM_INCOMPARABLE_RELEASES,
        f"{what} is not comparable across {release_ids[0]} .. {release_ids[-1]}: {why} "
        f"(comparable runs: {'; '.join(' .. '.join((r[0], r[-1])) for r in runs)}; "
        "GET /v1/comparability lists every pair)",
        allowed=[f"{r[0]}..{r[-1]}" for r in runs],
    )
