"""Query parameters: declared once, parsed strictly, documented in the OpenAPI from the same specs.

Each endpoint lists its :class:`ParamSpec` s. :func:`parse_query` turns the raw query string
into typed values or raises a 400 problem naming the parameter: unknown names, repeated
names, malformed or out-of-range values, undecodable bytes. The OpenAPI parameters of every
operation are generated from the same specs (``openapi_parameter``), so what is documented is
what is accepted.

Typed parameters (issue 19): an endpoint's parsed values are one frozen msgspec Struct, a
subclass of :class:`Params` declared beside its spec list (``TaskUsageParams`` beside
``TASKS_USAGE_PARAMS``), so that ``mypy --strict`` checks every use (``p.major_group``, not
``p["major_group"]``). :class:`ParamSet` binds the two: the specs stay the single source of
parsing rules, defaults and OpenAPI text; the Struct is checked against them when the set is
made (same names, every field optional, the same defaults, compared with ``==`` and by type),
so a mismatch fails at import. :meth:`ParamSet.parse` gives the Struct (absent parameters take
the Struct's defaults, equal to the specs'); :meth:`ParamSet.canonical` gives the cache key's
parameter part from it, the same ``(name, value)`` pairs sorted by name as before the Structs
(ETags hash that tuple's ``repr``, so they did not change). Number lists are tuples in a
Struct (immutable); :func:`as_mapping` writes them back as lists where the ``repr`` of the
values is hashed (the cursor fingerprint), so cursors stayed valid too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast
from urllib.parse import parse_qsl

import msgspec

from econindex_api import models
from econindex_api.server.toolkit.problems import ApiProblem, invalid_parameter, unknown_parameter
from econindex_api.server.toolkit.representation import FORMATS

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
    # May be given more than once (``filter=a:1&filter=b:2``, only for ``text``): the values
    # are a tuple, sorted and without repeats (the parameter's meaning must not depend on
    # the order, e.g. filters that are ANDed), so that one query is one cache key. Default
    # ``()``. At most ``max_items`` values.
    repeatable: bool = False

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
        # -0.0 + 0.0 is 0.0. "-0" and "0" were always one cache key, but the answer kept the
        # sign of whichever came first (echoed edges) and the cursor fingerprint hashed it, so
        # the next link of "min_share_pct=-0" (written "=0") was refused as another query.
        return value + 0.0

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


class Params(msgspec.Struct, frozen=True, gc=False):
    """The parsed query parameters of one request: the base of every endpoint's Struct.

    A subclass declares one field per :class:`ParamSpec` of its set, each with the spec's
    default (every query parameter is optional), typed as the spec parses it: ``str`` for
    text, choice (or a ``Literal`` of the choices), major_group, occupation and cursor;
    ``int`` for integer; ``float`` for number; ``tuple[float, ...]`` for number_list;
    ``| None`` when the default is None. Frozen: an answer cannot change what the cache key
    was made from. ``gc=False``: the values are strings, numbers and tuples of numbers, which
    cannot form reference cycles, so the collector need not track one per request.
    """


class NoParams(Params, frozen=True):
    """An endpoint without query parameters (any parameter given is a 400)."""


class FormatParams(Params, frozen=True):
    """``format``: the representation (``representation.Representation``), read by the
    registry for every endpoint that has it (``format_of``)."""

    format: Literal["json", "csv", "ndjson", "xlsx", "parquet"] | None = None


class ListParams(FormatParams, frozen=True):
    """The parameters of every list (``LIMIT``, ``CURSOR``, ``FORMAT``): what ``page_answer``
    reads besides the filters."""

    limit: int | None = None
    cursor: str | None = None


S = TypeVar("S", bound=Params)


def params_as(values: Params, struct: type[S]) -> S:
    """``values`` as the Struct an answer expects (a variant and its answer agree by
    declaration; a mismatch is a bug, not a client error)."""
    if not isinstance(values, struct):
        raise TypeError(f"parameters are {type(values).__name__}, not {struct.__name__}")
    return values


def format_of(values: Params) -> str | None:
    return values.format if isinstance(values, FormatParams) else None


def limit_of(values: Params) -> int | None:
    return values.limit if isinstance(values, ListParams) else None


def as_mapping(values: Params) -> dict[str, Any]:
    """The values by parameter name, number lists as lists: the form whose ``repr`` the
    cursor fingerprint hashes (``pagination.query_fingerprint``), as when parameters were a
    dict, so cursors issued before the Structs stay valid."""
    row = msgspec.structs.astuple(values)
    names = type(values).__struct_encode_fields__
    return {n: list(v) if isinstance(v, tuple) else v for n, v in zip(names, row, strict=True)}


def _by_name(self: Any, name: str) -> Any:
    return getattr(self, name)


def _ad_hoc_struct(specs: tuple[ParamSpec, ...]) -> type[Params]:
    """A Struct for a spec list declared without one (a test's or an experiment's endpoint):
    made at run time, so mypy cannot see its fields; it answers ``values["name"]`` instead.
    Every endpoint the app serves declares its own Struct (tests/test_params_structs.py)."""
    names = {s.name for s in specs}
    defaults = {s.name: s.default for s in specs}
    base: type[Params] = Params
    for candidate in (ListParams, FormatParams):
        inherited = candidate.__struct_fields__
        if set(inherited) <= names and all(defaults[n] is None for n in inherited):
            base = candidate
            break
    fields = [
        (s.name, Any, _immutable(s.default)) for s in specs if s.name not in base.__struct_fields__
    ]
    struct = msgspec.defstruct(
        "AdHocParams", fields, bases=(base,), namespace={"__getitem__": _by_name}
    )
    return cast(type[Params], struct)


def _immutable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def check_struct(struct: type[Params], specs: Sequence[ParamSpec]) -> None:
    """``struct`` declares exactly ``specs``, each optional with the spec's default (equal and
    of the same type: a list default where the Struct has a tuple would change links)."""
    fields = {f.encode_name: f for f in msgspec.structs.fields(struct)}
    names = [s.name for s in specs]
    if set(fields) != set(names) or len(names) != len(set(names)):
        raise ValueError(
            f"{struct.__name__}: fields {sorted(fields)} != parameters {sorted(names)}"
        )
    for spec in specs:
        info = fields[spec.name]
        if info.required:
            raise ValueError(f"{struct.__name__}.{info.name}: a query parameter needs a default")
        default = info.default
        if type(default) is not type(spec.default) or default != spec.default:
            raise ValueError(
                f"{struct.__name__}.{info.name}: default {default!r} != the spec's {spec.default!r}"
            )


@dataclass(frozen=True)
class ParamSet:
    """An endpoint's parameters: the specs, the Struct of their parsed values, and what
    parsing needs looked up once (per-request parsing is on the hot path of every uncached
    query): by name, defaults, canonical order."""

    specs: tuple[ParamSpec, ...]
    struct: type[Params]
    by_name: dict[str, ParamSpec]
    defaults: dict[str, Any]
    canonical_order: tuple[str, ...]  # names sorted: the order of the canonical cache key
    # (name, position of its field in the Struct), in canonical order
    positions: tuple[tuple[str, int], ...]
    # parameter name -> Struct attribute, when one differs (a field renamed because the
    # parameter's name is a Python keyword, ``from_: str = msgspec.field(name="from")``)
    renamed: dict[str, str]
    lists: frozenset[str]  # number_list parameters: parsed as lists, kept as tuples
    repeated: frozenset[str]  # repeatable parameters: one link pair per value

    @classmethod
    def of(
        cls, specs: Sequence[ParamSpec] | ParamSet, struct: type[Params] | None = None
    ) -> ParamSet:
        """The set of ``specs`` with ``struct`` (checked against them; without one, a Struct
        made at run time, see ``_ad_hoc_struct``)."""
        if isinstance(specs, ParamSet):
            if struct is not None and struct is not specs.struct:
                raise ValueError(f"{specs.struct.__name__} is not {struct.__name__}")
            return specs
        specs = tuple(specs)
        if struct is None:
            struct = NoParams if not specs else _ad_hoc_struct(specs)
        else:
            check_struct(struct, specs)
        fields = msgspec.structs.fields(struct)
        index = {f.encode_name: i for i, f in enumerate(fields)}
        order = tuple(sorted(s.name for s in specs))
        return cls(
            specs=specs,
            struct=struct,
            by_name={s.name: s for s in specs},
            # (a list default is a tuple in the Struct: links compare values with these)
            defaults={s.name: _immutable(s.default) for s in specs},
            canonical_order=order,
            positions=tuple((name, index[name]) for name in order),
            renamed={f.encode_name: f.name for f in fields if f.name != f.encode_name},
            lists=frozenset(s.name for s in specs if s.kind == "number_list"),
            repeated=frozenset(s.name for s in specs if s.repeatable),
        )

    def parse(self, query_string: bytes) -> Params:
        """The Struct of the raw query string (400 problems as ``parse_query``)."""
        given = parse_given(query_string, self.by_name)
        if self.lists:
            for name in self.lists & given.keys():
                given[name] = tuple(given[name])
        if self.renamed:
            renamed = self.renamed
            given = {renamed.get(name, name): value for name, value in given.items()}
        return self.struct(**given)

    def canonical(self, values: Params) -> tuple[Any, ...]:
        """Hashable canonical form of parsed values: sorted by name, defaults filled in,
        numbers as numbers (so 1, 1.0, 01 and 1e0 are one key), lists as tuples.

        The values of a Struct that ``parse`` made are canonical already (``ParamSpec.parse``:
        numbers as floats, -0 as 0, number lists as tuples; the defaults equal the specs'),
        so this only orders them: on the path of every uncached request."""
        row = msgspec.structs.astuple(values)
        return tuple([(name, row[i]) for name, i in self.positions])

    def link_query(self, values: Params) -> list[tuple[str, str]]:
        """Canonical query pairs for links: sorted by name, values at their default left out."""
        row = msgspec.structs.astuple(values)
        defaults = self.defaults
        pairs: list[tuple[str, str]] = []
        for name, i in self.positions:
            if row[i] is None or row[i] == defaults[name]:
                continue
            if name in self.repeated:
                pairs.extend((name, str(v)) for v in row[i])
            else:
                pairs.append((name, format_value(row[i])))
        return pairs


NO_PARAMS = ParamSet.of((), NoParams)


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


def parse_given(query_string: bytes, by_name: dict[str, ParamSpec]) -> dict[str, Any]:
    """Typed values of the parameters present in the raw query string, by name."""
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
    values: dict[str, Any] = {}
    repeated: dict[str, set[str]] = {}
    for name, raw in pairs:
        spec = by_name.get(name)
        if spec is None:
            raise unknown_parameter(name[:60], sorted(by_name))
        if spec.repeatable:
            value = spec.parse(raw)
            seen = repeated.setdefault(name, set())
            if value is not None:  # an empty form field (``filter=``) adds nothing
                seen.add(value)
            if len(seen) > spec.max_items:
                raise invalid_parameter(name, f"at most {spec.max_items} values")
            continue
        if name in values:
            raise invalid_parameter(name, "given more than once")
        values[name] = spec.parse(raw)
    for name, seen in repeated.items():
        values[name] = tuple(sorted(seen))
    return values


def parse_query(query_string: bytes, specs: Sequence[ParamSpec] | ParamSet) -> dict[str, Any]:
    """Typed values of all ``specs`` (defaults for absent ones) by name, from the raw query
    string: the untyped form, for handlers that only validate (``NoParams`` would do) and
    tests. Endpoints get their Struct from ``ParamSet.parse``."""
    if isinstance(specs, ParamSet):
        return {**specs.defaults, **parse_given(query_string, specs.by_name)}
    given = parse_given(query_string, {s.name: s for s in specs})
    return {**{s.name: s.default for s in specs}, **given}


def format_value(value: Any) -> str:
    """A parsed value written back canonically (links)."""
    if isinstance(value, list | tuple):
        return ",".join(format_value(v) for v in value)
    if isinstance(value, float):
        return _fmt(value)
    return str(value)


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
    if spec.repeatable:
        schema = {"type": "array", "items": schema, "maxItems": spec.max_items}
    if spec.minimum is not None and spec.kind in ("integer", "number"):
        schema["minimum"] = spec.minimum
    if spec.maximum is not None and spec.kind in ("integer", "number"):
        schema["maximum"] = spec.maximum
    if spec.default is not None and not spec.repeatable:
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
    if spec.repeatable:  # filter=a&filter=b (OpenAPI's default for arrays in the query)
        out |= {"style": "form", "explode": True}
    if spec.example is not None and spec.repeatable:
        out["example"] = [spec.example]
    elif spec.example is not None:
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
    f"Rows per page, 1-{models.MAX_LIMIT} (default {models.DEFAULT_LIMIT}). With a table "
    "format (csv, ndjson, xlsx, parquet) and no limit, all rows are sent at once.",
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
    "Representation: json (default), csv, ndjson, xlsx or parquet; the same as Accept: "
    "text/csv, application/x-ndjson, application/vnd.openxmlformats-officedocument."
    "spreadsheetml.sheet or application/vnd.apache.parquet. Wins over Accept when given.",
    choices=FORMATS,
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
