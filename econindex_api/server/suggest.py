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
    """The declared paths closest to ``path``, best first.

    A template (``/v1/releases/{release}/occupations``) is a candidate when it lines up with
    the request segment by segment, a leading ``v1`` on either side aside (the API's path and
    its page's, ``/releases/...``): each parameter takes the request's segment at its place
    (the release, the code are kept) and each literal segment is the request's or close to
    it (a typo). So ``/v1/releases/latest/occupatons`` gets ``/v1/releases/latest/occupations``
    and the page ``/releases/latest/occupations``, never a path that would put the typo in a
    parameter (``/v1/releases/latest/data/occupatons``). Ranked by ``difflib``'s ratio."""
    path = path[:MAX_INPUT]
    parts = [p for p in path.split("/") if p]
    wanted = parts[1:] if parts[:1] == ["v1"] else parts
    candidates: dict[str, None] = {}
    for template in templates:
        if template.startswith(_NOT_SUGGESTED):
            continue
        segments = [s for s in template.split("/") if s]
        api = segments[:1] == ["v1"]
        rest = segments[1:] if api else segments
        if len(rest) != len(wanted):
            continue
        filled = ["v1"] if api else []
        for asked, segment in zip(wanted, rest, strict=True):
            if segment.startswith("{"):
                filled.append(quote(asked, safe="-._~:@"))
            elif segment == asked or _ratio(segment, asked) >= CUTOFF:
                filled.append(segment)
            else:
                break
        else:
            candidates["/" + "/".join(filled)] = None
    candidates.pop("/" + "/".join(parts), None)  # the path itself (a known path, wrong method)
    ranked = sorted(candidates, key=lambda c: -_ratio(c, path))
    return ranked[:n]


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


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
    return [models.Suggestion(label=_path_label(p), href=p) for p in close_paths(path, templates)]


def release_suggestions(path: str, requested: str, known: Sequence[str]) -> list[models.Suggestion]:
    """Suggestions for an unknown release: the same path with the closest release ids."""
    found = close_releases(path, requested, known)
    return [models.Suggestion(label=_path_label(p), href=p) for p in found]


def _path_label(path: str) -> str:
    """A path, marked as the API's JSON when it is (a person may prefer the page)."""
    return f"{path} (API, JSON)" if path.startswith("/v1/") else path


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
                    label=f"{requested} {title} is a 2018 SOC code: its O*NET crosswalk row "
                    f"in release {release_id}, from the 2010 code(s) {', '.join(sources)}",
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
