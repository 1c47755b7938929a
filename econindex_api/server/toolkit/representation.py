"""The representations of a table answer, and choosing one from ``format=`` or ``Accept``.

Every endpoint declared with ``tables=True`` (the list endpoints, and the few objects that
also have a table form) answers its rows as JSON (the default), CSV, NDJSON, xlsx or Parquet.
The choice is one :class:`Representation`, made once per request by the registry:

* ``format=<value>`` wins when given (an unknown value is a 400 naming the allowed values:
  the ``FORMAT`` choice parameter); the ``next`` link then repeats it.
* Otherwise ``Accept`` (:func:`negotiate`): the served media type with the highest weight;
  JSON wins ties and is the answer to no header, ``*/*`` and ``application/*``. The other
  types count only when named exactly, as CSV always did (``text/*`` does not make CSV
  preferred), so nothing that got JSON before gets another form now.
* A header that names media types, none of which we serve (``Accept: image/png``), is a 406
  problem listing the types we serve. Garbage that names no media type at all, or a served
  type with an unreadable weight, keeps JSON (as before: tests/test_hostile_input.py), and
  so does ``text/html`` alone (a browser following a link from the pages).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator

from econindex_api import models
from econindex_api.server.toolkit.problems import ApiProblem


class Representation(enum.Enum):
    """A representation of a table answer; the value is its ``format=`` name."""

    JSON = "json"
    CSV = "csv"
    NDJSON = "ndjson"
    XLSX = "xlsx"
    PARQUET = "parquet"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]

    @property
    def compressible(self) -> bool:
        """xlsx and Parquet bodies are compressed already: never gzipped again."""
        return self not in (Representation.XLSX, Representation.PARQUET)

    @property
    def attachment(self) -> bool:
        """Binary files: sent with ``Content-Disposition: attachment`` and a file name (a
        browser saves them instead of showing bytes). CSV, NDJSON and JSON are text and keep
        their headers of before (no Content-Disposition)."""
        return self in (Representation.XLSX, Representation.PARQUET)

    @property
    def legacy_token(self) -> str:
        """What the series ETags hashed when the representation was a bool ("False" for
        JSON, "True" for CSV): kept, so the ETags clients hold stay valid."""
        return {Representation.JSON: "False", Representation.CSV: "True"}.get(self, self.value)


XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARQUET_MEDIA = "application/vnd.apache.parquet"
NDJSON_MEDIA = "application/x-ndjson"

_MEDIA_TYPES = {
    Representation.JSON: "application/json",
    Representation.CSV: "text/csv",
    Representation.NDJSON: NDJSON_MEDIA,
    Representation.XLSX: XLSX_MEDIA,
    Representation.PARQUET: PARQUET_MEDIA,
}
FORMATS: tuple[str, ...] = tuple(r.value for r in Representation)
SERVED_MEDIA_TYPES: tuple[str, ...] = tuple(_MEDIA_TYPES.values())

# Media ranges that select a representation, and the weight each gives it. JSON also takes
# the wildcards; ``application/ndjson`` is the newer spelling of NDJSON.
_SELECTS: dict[str, Representation] = {
    **{m: r for r, m in _MEDIA_TYPES.items()},
    "application/ndjson": Representation.NDJSON,
    "*/*": Representation.JSON,
    "application/*": Representation.JSON,
}
# Ranges we can serve something for (the 406 test), besides the ones above. HTML too: a
# browser following a link from the pages (``Accept: text/html``) gets the JSON it can show,
# as before, not a 406 (RFC 9110 §12.5.1 lets a server disregard Accept and send its default).
_COVERED = frozenset({*_SELECTS, "text/*", "text/html", "application/xhtml+xml"})


def q_values(header: str) -> Iterator[tuple[str, float]]:
    """``(token, q)`` of each item of an Accept-style header (Accept, Accept-Encoding): the
    token lower-cased (media types and codings are case-insensitive), q 1 when absent and 0
    when unreadable or NaN (a malformed weight never wins). RFC 9110 §12.4.2 allows weights
    from 0 to 1 only; one outside is clamped into [0, 1] (``q=2`` and ``q=inf`` count as 1,
    ``q=-1`` as 0), so no item outranks one without a weight. The parameter name ``q`` is
    case-insensitive (``Q=0.5``)."""
    for item in header.split(","):
        token, _, params = item.partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
                q = 0.0 if q != q else min(1.0, max(0.0, q))  # q != q: NaN
        yield token.strip().lower(), q


@functools.lru_cache(maxsize=256)
def negotiate(accept: str | None) -> Representation | None:
    """The representation ``Accept`` asks for; None when it names only media types we do not
    serve (the caller answers 406 unless ``format=`` chose). Cached: clients send a handful
    of distinct headers, and this is on the hot path of every table request."""
    if not accept:
        return Representation.JSON
    weights: dict[Representation, float] = {}
    named = servable = False
    for media, q in q_values(accept):
        if "/" not in media:
            continue  # not a media range (garbage): names nothing
        named = True
        servable = servable or media in _COVERED
        chosen = _SELECTS.get(media)
        if chosen is not None:
            weights[chosen] = max(weights.get(chosen, 0.0), q)
    if named and not servable:
        return None
    best, best_q = Representation.JSON, weights.get(Representation.JSON, 0.0)
    for representation in Representation:  # declaration order: JSON first wins ties
        if weights.get(representation, 0.0) > best_q:
            best, best_q = representation, weights[representation]
    return best


def not_acceptable(accept: str) -> ApiProblem:
    return ApiProblem(
        406,
        models.PROBLEM_NOT_ACCEPTABLE,
        f"Accept {accept[:120]!r} names no media type this endpoint serves; it serves "
        f"{', '.join(SERVED_MEDIA_TYPES)} (or choose with format={'|'.join(FORMATS)})",
        allowed=list(SERVED_MEDIA_TYPES),
    )
