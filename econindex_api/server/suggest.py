"""What to try instead of a request that failed: the ``suggestions`` of a problem.

Pure functions of the request and of what the server knows (endpoint paths, the codes of a
release, its 2018 SOC rows); the areas call them where they raise the problem, and
``problem_answer`` for problems that name no suggestions themselves (an unknown path, an
unknown release). The closeness is ``difflib``'s ratio (the share of matching characters),
with a cut-off of 0.6: below it a "did you mean" misleads more than it helps.

An error path must stay cheap whatever a client sends: every input is cut to a bounded length
first (``MAX_INPUT``), and the candidates are at most a few thousand codes or the ~80
declared paths.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import quote

from econindex_api import models

MAX_INPUT = 200
CUTOFF = 0.6
SOC_2018 = re.compile(r"\d\d-\d\d\d\d\Z")  # a 6-digit SOC code, no O*NET suffix

# Paths offered for nothing: the stylesheet and /docs assets are not something to go to.
_NOT_SUGGESTED = ("/assets/", "/docs/")


def close_paths(path: str, templates: Iterable[str], n: int = 3) -> list[str]:
    """The declared paths closest to ``path``: each template (``/v1/releases/{release}/...``)
    of the same number of segments or one less or more, its parameters filled with the
    request's segments at the same places (so ``/v1/releases/latest/occupatons`` is compared
    with ``/v1/releases/latest/occupations``, the release kept), then ranked by closeness."""
    path = path[:MAX_INPUT]
    parts = [p for p in path.split("/") if p]
    candidates: dict[str, None] = {}
    for template in templates:
        if template.startswith(_NOT_SUGGESTED):
            continue
        segments = [s for s in template.split("/") if s]
        if abs(len(segments) - len(parts)) > 1:
            continue
        filled = []
        for i, segment in enumerate(segments):
            if segment.startswith("{"):
                if i >= len(parts):
                    break  # a parameter the request has no segment for: no guess
                filled.append(quote(parts[i], safe="-._~:@"))
            else:
                filled.append(segment)
        else:
            candidates["/" + "/".join(filled)] = None
    candidates.pop("/" + "/".join(parts), None)  # the path itself (a known path, wrong method)
    return difflib.get_close_matches(path, list(candidates), n=n, cutoff=CUTOFF)


def close_codes(requested: str, codes: Sequence[str], n: int = 5) -> list[str]:
    """The codes closest to ``requested``: those it is the start of (``15-1132`` ->
    ``15-1132.00``, only those when there are any: the rest would be noise next to the
    obvious answer), else the closest by ``difflib``."""
    requested = requested.strip()[:MAX_INPUT]
    if not requested:
        return []
    prefixed = sorted(c for c in codes if c.startswith(requested) and c != requested)[:n]
    return prefixed or difflib.get_close_matches(requested, codes, n=n, cutoff=CUTOFF)


def close_releases(path: str, requested: str, known: Sequence[str], n: int = 3) -> list[str]:
    """``path`` with its ``requested`` release segment replaced by the closest known ids
    (``/v1/releases/2025-02-11/categories`` -> ``/v1/releases/2025-02-10/categories``)."""
    parts = path[: MAX_INPUT * 2].split("/")
    if requested not in parts:
        return []
    at = parts.index(requested)
    out = []
    for release in difflib.get_close_matches(requested[:MAX_INPUT], known, n=n, cutoff=0.5):
        out.append("/".join([*parts[:at], quote(release), *parts[at + 1 :]]))
    return out


def path_suggestions(path: str, templates: Iterable[str]) -> list[models.Suggestion]:
    """Suggestions for an unknown path: the closest declared paths."""
    return [models.Suggestion(label=p, href=p) for p in close_paths(path, templates)]


def release_suggestions(path: str, requested: str, known: Sequence[str]) -> list[models.Suggestion]:
    """Suggestions for an unknown release: the same path with the closest release ids."""
    return [models.Suggestion(label=p, href=p) for p in close_releases(path, requested, known)]


def occupation_suggestions(
    requested: str,
    codes: dict[str, str],
    soc2018: dict[str, tuple[str, list[str]]] | None,
    code_href: Callable[[str], str],
    crosswalk_href: Callable[[str], str] | None,
    release_id: str,
) -> list[models.Suggestion]:
    """Suggestions for an unknown occupation code.

    ``codes`` maps the codes of the release (or series) to their titles; ``code_href`` is the
    link of a code (the API's detail, a page). ``soc2018`` maps the 2018 SOC codes of a usage
    release to their title and the O*NET-SOC 2010 codes they are carried from (the release's
    ``occupation_usage_soc2018`` rows, built through the official O*NET crosswalks): a 2018
    code asked of a usage release is pointed at its crosswalk rows (``crosswalk_href``) and at
    each 2010 code it comes from. Then the closest codes of the release.
    """
    requested = requested.strip()[:MAX_INPUT]
    out: list[models.Suggestion] = []
    if soc2018 is not None and crosswalk_href is not None and SOC_2018.match(requested):
        found = soc2018.get(requested)
        if found is not None:
            title, sources = found
            known_sources = [c for c in sources if c in codes]
            out.append(
                models.Suggestion(
                    label=f"{requested} {title} is a 2018 SOC code: its row by 2018 SOC in "
                    f"release {release_id}, carried through the O*NET crosswalk from the "
                    f"O*NET-SOC 2010 code(s) {', '.join(sources)}",
                    href=crosswalk_href(requested),
                )
            )
            out += [
                models.Suggestion(
                    label=f"{code} {codes[code]} (O*NET-SOC 2010, mapped to {requested})",
                    href=code_href(code),
                    code=code,
                )
                for code in known_sources
            ]
    seen = {s.code for s in out}
    for code in close_codes(requested, list(codes)):
        if code not in seen:
            out.append(
                models.Suggestion(label=f"{code} {codes[code]}", href=code_href(code), code=code)
            )
    return out
