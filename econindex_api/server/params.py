"""Query parameters: declared once, parsed strictly, documented in the OpenAPI from the same specs.

Each endpoint lists its :class:`ParamSpec` s. :func:`parse_query` turns the raw query string
into typed values or raises a 400 problem naming the parameter: unknown names, repeated
names, malformed or out-of-range values, undecodable bytes. The OpenAPI parameters of every
operation are generated from the same specs (``openapi_parameter``), so what is documented is
what is accepted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qsl

from econindex_api import models
from econindex_api.server.problems import ApiProblem, invalid_parameter, unknown_parameter

ParamKind = Literal[
    "text", "integer", "number", "number_list", "choice", "major_group", "occupation", "cursor"
]

MAX_QUERY_FIELDS = 40
MAX_TEXT_LENGTH = 200
# Longest query string accepted (bytes, as sent): 40 parameters of ordinary length fit with
# room to spare; anything longer is refused with 414 before it is parsed or kept anywhere.
MAX_QUERY_BYTES = 4096

# re.ASCII: \d means 0-9 only, as in the OpenAPI patterns (ECMA-262); Python's default would
# also accept other scripts' digits (e.g. fullwidth "１０").
_INTEGER = re.compile(r"^[+-]?\d{1,18}\Z", re.ASCII)
# The decimal forms of JSON and the OpenAPI ``number``, ASCII digits only: no ``1_000``
# (Python's float() takes it), no other scripts' digits, no inf/nan, no hex.
_NUMBER = re.compile(r"^[+-]?(\d{1,30}(\.\d{0,30})?|\.\d{1,30})([eE][+-]?\d{1,4})?\Z", re.ASCII)
_CURSOR = re.compile(r"^[A-Za-z0-9_-]{1,200}\Z", re.ASCII)
_MAJOR_GROUP = re.compile(r"^(\d{2})(-0000)?$", re.ASCII)
_ONET_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$", re.ASCII)


@dataclass(frozen=True)
class ParamSpec:
    name: str
    kind: ParamKind
    description: str
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    max_items: int = 50
    example: str | None = None
    fold_case: bool = False  # text compared case-insensitively: the canonical form is lower case
    # A text parameter naming something (a release id, a cluster id) refuses ``name=``: an empty
    # value is a mistake, not "the default" (a search ``q=`` stays allowed: an empty form).
    allow_empty: bool = True

    def parse(self, raw: str) -> Any:
        """Typed value of one raw string, or ApiProblem naming this parameter."""
        if self.kind == "text":
            if len(raw) > MAX_TEXT_LENGTH:
                raise invalid_parameter(self.name, f"at most {MAX_TEXT_LENGTH} characters")
            if not self.allow_empty and not raw.strip():
                raise invalid_parameter(self.name, "must not be empty")
            # Canonical: runs of white space collapsed (the search splits on them anyway).
            text = " ".join(raw.split())
            return (text.lower() if self.fold_case else text) or None
        if raw.strip() == "":
            raise invalid_parameter(self.name, "must not be empty")
        if self.kind == "integer":
            return self._check_range(self._integer(raw))
        if self.kind == "number":
            return self._check_range(self._number(raw))
        if self.kind == "number_list":
            parts = raw.split(",")
            if len(parts) > self.max_items:
                raise invalid_parameter(self.name, f"at most {self.max_items} values")
            return [self._check_range(self._number(p)) for p in parts]
        if self.kind == "choice":
            if raw not in self.choices:
                raise invalid_parameter(
                    self.name, f"must be one of {', '.join(self.choices)}", self.choices
                )
            return raw
        if self.kind == "major_group":
            match = _MAJOR_GROUP.match(raw.strip())
            if not match:
                raise invalid_parameter(
                    self.name, f"{raw!r} is not a SOC major group (use '15' or '15-0000')"
                )
            return f"{match.group(1)}-0000"
        if self.kind == "occupation":
            if not _ONET_SOC.match(raw.strip()):
                raise invalid_parameter(
                    self.name, f"{raw!r} is not an O*NET-SOC 2010 code (e.g. 15-1132.00)"
                )
            return raw.strip()
        if self.kind == "cursor":
            # Only the exact form the API issues (unpadded base64url): a padded or otherwise
            # re-spelled cursor would be a second cache key for the same page.
            if not _CURSOR.match(raw):
                raise invalid_parameter(self.name, "not a cursor issued by this API")
            return raw
        raise AssertionError(f"unhandled parameter kind {self.kind}")

    def _integer(self, raw: str) -> int:
        if not _INTEGER.match(raw.strip()):
            raise invalid_parameter(self.name, f"{raw[:40]!r} is not an integer{self._bounds()}")
        return int(raw)

    def _number(self, raw: str) -> float:
        text = raw.strip()
        if not _NUMBER.match(text):
            if text.lower().lstrip("+-") in ("inf", "infinity", "nan"):
                raise invalid_parameter(self.name, "must be a finite number")
            raise invalid_parameter(self.name, f"{raw[:40]!r} is not a number")
        value = float(text)
        if not math.isfinite(value):  # 1e999
            raise invalid_parameter(self.name, "must be a finite number")
        return value

    def _bounds(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f" between {_fmt(self.minimum)} and {_fmt(self.maximum)}"
        if self.minimum is not None:
            return f" of at least {_fmt(self.minimum)}"
        if self.maximum is not None:
            return f" of at most {_fmt(self.maximum)}"
        return ""

    def _check_range(self, value: float) -> Any:
        too_low = self.minimum is not None and value < self.minimum
        too_high = self.maximum is not None and value > self.maximum
        if too_low or too_high:
            raise invalid_parameter(
                self.name, f"{_fmt(value)} is out of range: must be{self._bounds()}"
            )
        return value


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e18 else repr(value)


@dataclass(frozen=True)
class ParamSet:
    """An endpoint's parameters with what parsing them needs looked up once (per-request
    parsing is on the hot path of every uncached query): by name, defaults, canonical order."""

    specs: tuple[ParamSpec, ...]
    by_name: dict[str, ParamSpec]
    defaults: dict[str, Any]
    canonical_order: tuple[str, ...]  # names sorted: the order of the canonical cache key

    @classmethod
    def of(cls, specs: Sequence[ParamSpec] | ParamSet) -> ParamSet:
        if isinstance(specs, ParamSet):
            return specs
        return cls(
            specs=tuple(specs),
            by_name={s.name: s for s in specs},
            defaults={s.name: s.default for s in specs},
            canonical_order=tuple(sorted(s.name for s in specs)),
        )


def query_pairs(text: str) -> list[tuple[str, str]]:
    """``(name, value)`` pairs of a query string, as ``parse_qsl`` with blank values kept and
    strict percent-decoding gives them (ValueError over ``MAX_QUERY_FIELDS`` fields,
    UnicodeDecodeError for escapes that are not UTF-8). Without ``%`` or ``+`` there is
    nothing to decode, and splitting by hand is several times cheaper than ``parse_qsl``."""
    if "%" in text or "+" in text:
        return parse_qsl(
            text, keep_blank_values=True, errors="strict", max_num_fields=MAX_QUERY_FIELDS
        )
    if not text:
        return []
    pieces = text.split("&")
    if len(pieces) > MAX_QUERY_FIELDS:
        raise ValueError("Max number of fields exceeded")
    pairs = []
    for piece in pieces:
        if piece:  # parse_qsl skips empty fields ("a=1&&b=2")
            name, _, value = piece.partition("=")
            pairs.append((name, value))
    return pairs


def parse_query(query_string: bytes, specs: Sequence[ParamSpec] | ParamSet) -> dict[str, Any]:
    """Typed values of all ``specs`` (defaults for absent ones), from the raw query string."""
    param_set = ParamSet.of(specs)
    by_name = param_set.by_name
    try:
        text = query_string.decode("ascii")
        pairs = query_pairs(text)
    except UnicodeDecodeError:
        raise ApiProblem(
            400, models.PROBLEM_INVALID_PARAMETER, "the query string is not valid UTF-8"
        ) from None
    except ValueError:
        raise ApiProblem(
            400,
            models.PROBLEM_INVALID_PARAMETER,
            f"too many query parameters (at most {MAX_QUERY_FIELDS})",
        ) from None
    values: dict[str, Any] = dict(param_set.defaults)
    seen: set[str] = set()
    for name, raw in pairs:
        spec = by_name.get(name)
        if spec is None:
            raise unknown_parameter(name[:60], sorted(by_name))
        if name in seen:
            raise invalid_parameter(name, "given more than once")
        seen.add(name)
        values[name] = spec.parse(raw)
    return values


def _canonical_value(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_canonical_value(v) for v in value)
    if isinstance(value, float) and value == 0:
        return 0.0  # -0.0 and 0.0 are one value
    return value


def canonical_items(
    specs: Sequence[ParamSpec] | ParamSet, values: dict[str, Any]
) -> tuple[Any, ...]:
    """Hashable canonical form of parsed values: sorted by name, defaults filled in,
    numbers as numbers (so 1, 1.0, 01 and 1e0 are one key), lists as tuples."""
    names = ParamSet.of(specs).canonical_order
    return tuple((name, _canonical_value(values[name])) for name in names)


def format_value(value: Any) -> str:
    """A parsed value written back canonically (links)."""
    if isinstance(value, list | tuple):
        return ",".join(format_value(v) for v in value)
    if isinstance(value, float):
        return _fmt(value)
    return str(value)


def link_query(specs: Sequence[ParamSpec], values: dict[str, Any]) -> list[tuple[str, str]]:
    """Canonical query pairs for links: sorted by name, values at their default left out."""
    return [
        (s.name, format_value(values[s.name]))
        for s in sorted(specs, key=lambda spec: spec.name)
        if values[s.name] is not None and values[s.name] != s.default
    ]


def given(query_string: bytes) -> set[str]:
    """Names present in a query string (for parameters that apply only to some releases)."""
    try:
        return {name for name, _ in parse_qsl(query_string.decode("ascii"), keep_blank_values=True)}
    except (UnicodeDecodeError, ValueError):
        return set()


def openapi_parameter(spec: ParamSpec) -> dict[str, Any]:
    """The OpenAPI 3.1 Parameter Object of one spec."""
    schema: dict[str, Any]
    if spec.kind == "integer":
        schema = {"type": "integer"}
    elif spec.kind == "number":
        schema = {"type": "number"}
    elif spec.kind == "choice":
        schema = {"type": "string", "enum": list(spec.choices)}
    elif spec.kind == "number_list":
        schema = {"type": "string", "pattern": r"^[-+0-9.eE]+(,[-+0-9.eE]+)*$"}
    elif spec.kind == "major_group":
        schema = {"type": "string", "pattern": _MAJOR_GROUP.pattern}
    elif spec.kind == "occupation":
        schema = {"type": "string", "pattern": _ONET_SOC.pattern}
    else:
        schema = {"type": "string", "maxLength": MAX_TEXT_LENGTH}
        if not spec.allow_empty:
            schema |= {"minLength": 1, "pattern": r"\S"}
    if spec.minimum is not None and spec.kind in ("integer", "number"):
        schema["minimum"] = spec.minimum
    if spec.maximum is not None and spec.kind in ("integer", "number"):
        schema["maximum"] = spec.maximum
    if spec.default is not None:
        schema["default"] = (
            ",".join(_fmt(v) for v in spec.default)
            if isinstance(spec.default, list | tuple)
            else spec.default
        )
    out: dict[str, Any] = {
        "name": spec.name,
        "in": "query",
        "required": False,
        "description": spec.description,
        "schema": schema,
    }
    if spec.example is not None:
        # The example has the schema's type (an integer parameter's example is a number).
        out["example"] = (
            int(spec.example)
            if spec.kind == "integer"
            else float(spec.example)
            if spec.kind == "number"
            else spec.example
        )
    return out


# --- the parameters shared by list endpoints ---

LIMIT = ParamSpec(
    "limit",
    "integer",
    f"Rows per page, 1-{models.MAX_LIMIT} (default {models.DEFAULT_LIMIT}). With CSV and no "
    "limit, all rows are sent at once.",
    minimum=1,
    maximum=models.MAX_LIMIT,
)
CURSOR = ParamSpec(
    "cursor",
    "cursor",
    "Opaque cursor from the previous page's next_cursor (or follow the next link). Only valid "
    "with the same filters and sort.",
)
FORMAT = ParamSpec(
    "format",
    "choice",
    "Representation: json (default) or csv (same as Accept: text/csv).",
    choices=("json", "csv"),
)
Q = ParamSpec(
    "q",
    "text",
    "Text search, case-insensitive: every word must appear.",
    # An example that finds rows in every release and with the other examples filled in
    # (Swagger's "Try it out" sends them all): tasks of 15-1131.00 and group 15 titles.
    example="software",
    fold_case=True,
)
MAJOR_GROUP = ParamSpec(
    "major_group",
    "major_group",
    "SOC major group, as two digits or the full code: '15' or '15-0000'.",
    example="15",
)


def sort_param(fields: Sequence[str], default: str) -> ParamSpec:
    choices = tuple(x for f in fields for x in (f, f"-{f}"))
    return ParamSpec(
        "sort",
        "choice",
        f"Sort field; prefix '-' for descending (default {default}). Ties are broken by the "
        "table's key, ascending, so the order is stable.",
        default=default,
        choices=choices,
    )
