"""Typed parameters (issue 19): every endpoint variant's parsed query parameters are a frozen
msgspec Struct declared beside its ParamSpec list, and the two agree.

The specs are the single source of parsing rules, defaults and the OpenAPI parameters; the
Struct is what answers read and what mypy checks. These tests restate the agreement on their
own (field names, optional fields, defaults, the type each kind of spec parses to) for every
served variant and page, check that the Struct gives the same cache key as the untyped parse
(a second implementation: ``parse_query``'s dict, sorted by hand), and that a Struct that
disagrees with its specs is refused when the set is made.
"""

from __future__ import annotations

import importlib
import itertools
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import msgspec
import msgspec.inspect as mi
import pytest

from econindex_api import models
from econindex_api.pages import search_pages as page_routes
from econindex_api.pages import table_pages
from econindex_api.server.areas import releases as release_area
from econindex_api.server.areas.common import WAGE_BAND_PARAMS, TaskUsageParams, WageBandParams
from econindex_api.server.data_source import LocalDataSource
from econindex_api.server.declarations import all_endpoints
from econindex_api.server.store import Store
from econindex_api.server.toolkit import params as P
from econindex_api.server.toolkit.problems import ApiProblem
from econindex_api.server.toolkit.registry import Variant
from tests.conftest import LiveServer


def _served_sets() -> Iterator[tuple[str, P.ParamSet]]:
    """Every ParamSet the app parses requests with: each variant of each declared endpoint,
    the pages' and the citation handler's."""
    for endpoint in all_endpoints():
        for i, variant in enumerate(endpoint.variants):
            yield f"{endpoint.name}[{i}]", variant.param_set
    yield "page_occupations", page_routes.GROUP_PAGE_PARAMS
    yield "page_tasks", page_routes.TASK_SEARCH_PARAMS
    yield "page_clusters", page_routes.CLUSTER_SEARCH_PARAMS
    yield "release_citation", release_area.CITATION_PARAMS
    yield "page_table", table_pages.TABLE_PAGE_PARAMS


SERVED = list(_served_sets())


def _types(info: mi.Type) -> list[mi.Type]:
    return list(info.types) if isinstance(info, mi.UnionType) else [info]


def _expected_type(spec: P.ParamSpec, info: mi.Type) -> bool:
    """Whether a field's type is what ``spec.parse`` returns, ``| None`` exactly when the
    default is None."""
    types = _types(info)
    nullable = any(isinstance(t, mi.NoneType) for t in types)
    if nullable != (spec.default is None):
        return False
    (value,) = [t for t in types if not isinstance(t, mi.NoneType)]
    if spec.repeatable:  # a tuple of the kind's values (text only, so far)
        return isinstance(value, mi.VarTupleType) and isinstance(value.item_type, mi.StrType)
    if spec.kind in ("text", "major_group", "occupation", "cursor"):
        return isinstance(value, mi.StrType)
    if spec.kind == "choice":
        if isinstance(value, mi.LiteralType):
            return set(value.values) == set(spec.choices)
        return isinstance(value, mi.StrType)
    if spec.kind == "integer":
        return isinstance(value, mi.IntType)
    if spec.kind == "number":
        return isinstance(value, mi.FloatType)
    if spec.kind == "number_list":
        return isinstance(value, mi.VarTupleType) and isinstance(value.item_type, mi.FloatType)
    raise AssertionError(spec.kind)


@pytest.mark.parametrize(("where", "param_set"), SERVED, ids=[w for w, _ in SERVED])
def test_each_struct_declares_exactly_its_specs(where: str, param_set: P.ParamSet) -> None:
    struct = param_set.struct
    # A class written in the source (mypy sees it), not one made at run time.
    module = importlib.import_module(struct.__module__)
    assert getattr(module, struct.__name__, None) is struct, where
    assert issubclass(struct, P.Params) and struct.__struct_config__.frozen
    info = mi.type_info(struct)
    assert isinstance(info, mi.StructType)
    fields = {f.encode_name: f for f in info.fields}
    specs = {s.name: s for s in param_set.specs}
    assert sorted(fields) == sorted(specs), where
    for name, spec in specs.items():
        field = fields[name]
        assert not field.required, f"{where}: {name} has no default"
        assert field.default == spec.default, f"{where}: {name}"
        assert type(field.default) is type(spec.default), f"{where}: {name}"
        assert _expected_type(spec, field.type), f"{where}: {name} is {field.type}"
    # The fields the registry and page_answer read through the base classes.
    names = set(specs)
    assert issubclass(struct, P.ListParams) == ({"limit", "cursor", "format"} <= names)
    if issubclass(struct, P.FormatParams):
        assert specs["format"].default is None


def _examples(spec: P.ParamSpec) -> list[str]:
    """A few valid raw values of a spec, in several spellings."""
    if spec.kind == "choice":
        return list(spec.choices[:2])
    if spec.kind == "integer":
        low = int(spec.minimum or 0)
        return [str(low + 1), f"0{low + 1}"]
    if spec.kind == "number":
        return ["1", "1.0", "1e0"]
    if spec.kind == "number_list":
        return ["0.25,0.5", "0.5"]
    if spec.kind == "major_group":
        return ["15", "15-0000"]
    if spec.kind == "occupation":
        return ["15-1131.00"]
    if spec.kind == "cursor":
        return ["MTAuYWJj"]
    return ["Software  Engineer", "data"]


def _by_hand(param_set: P.ParamSet, query: bytes) -> tuple[Any, ...]:
    """The canonical key as it was made from the dict form: sorted names, defaults filled,
    lists as tuples, -0.0 as 0.0."""
    values = P.parse_query(query, param_set.specs)

    def canon(v: Any) -> Any:
        if isinstance(v, list | tuple):
            return tuple(canon(x) for x in v)
        return 0.0 if isinstance(v, float) and v == 0 else v

    return tuple((name, canon(values[name])) for name in sorted(values))


@pytest.mark.parametrize(("where", "param_set"), SERVED, ids=[w for w, _ in SERVED])
def test_the_struct_gives_the_canonical_key_of_the_untyped_parse(
    where: str, param_set: P.ParamSet
) -> None:
    queries = [b""]
    for spec in param_set.specs:
        queries += [f"{spec.name}={raw}".encode() for raw in _examples(spec)]
    for a, b in itertools.combinations(param_set.specs[:4], 2):
        queries.append(f"{b.name}={_examples(b)[0]}&{a.name}={_examples(a)[-1]}".encode())
    for query in queries:
        values = param_set.parse(query)
        assert type(values) is param_set.struct
        assert param_set.canonical(values) == _by_hand(param_set, query), (where, query)
        # links: sorted, defaults and None left out, written back canonically
        expected = [
            (name, P.format_value(value))
            for name, value in param_set.canonical(values)
            if value is not None and value != param_set.by_name[name].default
        ]
        assert param_set.link_query(values) == expected


def test_a_number_list_is_a_tuple_and_the_fingerprint_sees_a_list() -> None:
    from econindex_api.server.areas.common import DEPTH_PARAMS, DepthParams

    values = DEPTH_PARAMS.parse(b"thresholds=0.5,0.25&bins=04")
    assert values == DepthParams(thresholds=(0.5, 0.25), bins=4, format=None)
    assert DEPTH_PARAMS.parse(b"") == DepthParams()
    assert DepthParams().thresholds == (0.25, 0.5, 0.75)
    # The cursor fingerprint hashes repr of the values as the dict form had them.
    assert P.as_mapping(values) == {"format": None, "thresholds": [0.5, 0.25], "bins": 4}
    assert repr(P.as_mapping(values)["thresholds"]) == "[0.5, 0.25]"
    with pytest.raises((AttributeError, TypeError)):
        values.bins = 5  # type: ignore[misc]  # frozen: answers cannot alter the key's source


class _Good(P.ListParams, frozen=True):
    q: str | None = None
    edges: tuple[float, ...] = (1.0, 2.0)


class _Missing(P.ListParams, frozen=True):
    q: str | None = None


class _Extra(_Good, frozen=True):
    other: int | None = None


class _OtherDefault(P.ListParams, frozen=True):
    q: str | None = "x"
    edges: tuple[float, ...] = (1.0, 2.0)


class _Required(P.Params, frozen=True):
    q: str | None
    edges: tuple[float, ...] = (1.0, 2.0)


EDGES = P.ParamSpec("edges", "number_list", "edges", default=(1.0, 2.0))
SPECS = (P.Q, EDGES, P.LIMIT, P.CURSOR, P.FORMAT)


def test_a_struct_that_disagrees_with_its_specs_is_refused_at_import() -> None:
    assert P.ParamSet.of(SPECS, _Good).struct is _Good
    for struct, message in (
        (_Missing, "fields"),
        (_Extra, "fields"),
        (_OtherDefault, "default"),
    ):
        with pytest.raises(ValueError, match=message):
            P.ParamSet.of(SPECS, struct)
    with pytest.raises(ValueError, match="needs a default"):
        P.ParamSet.of((P.Q, EDGES), _Required)
    # a list default in the spec where the Struct has a tuple: links would differ
    listed = P.ParamSpec("edges", "number_list", "edges", default=[1.0, 2.0])
    with pytest.raises(ValueError, match="default"):
        P.ParamSet.of((P.Q, listed, P.LIMIT, P.CURSOR, P.FORMAT), _Good)


def test_params_as_refuses_another_struct() -> None:
    values = P.ParamSet.of(SPECS, _Good).parse(b"q=x")
    assert P.params_as(values, _Good).q == "x"
    assert P.params_as(values, P.ListParams).limit is None  # a base class is fine
    with pytest.raises(TypeError, match="_Good, not _Missing"):
        P.params_as(values, _Missing)


def test_specs_without_a_struct_get_one_made_at_run_time_with_lookups_by_name() -> None:
    """For declarations outside the served list (tests, experiments): the fields typed Any,
    read by name; every served endpoint declares its own (the tests above)."""
    variant = Variant((P.LIMIT, P.FORMAT, EDGES), lambda ctx: None)  # type: ignore[arg-type, return-value]
    values = variant.param_set.parse(b"limit=05&edges=3,4")
    assert values["limit"] == 5 and values["edges"] == (3.0, 4.0)  # type: ignore[index]
    assert P.format_of(values) is None and P.limit_of(values) is None  # not a ListParams
    assert P.format_of(Variant((P.FORMAT,), print).param_set.parse(b"format=csv")) == "csv"  # type: ignore[arg-type]
    assert Variant((), print).param_set.struct is P.NoParams  # type: ignore[arg-type]


def test_literal_choices_parse_to_their_values() -> None:
    from econindex_api.server.areas.common import USAGE_EXPOSURE_PARAMS, UsageExposureParams

    value = P.params_as(USAGE_EXPOSURE_PARAMS.parse(b"match=both"), UsageExposureParams)
    match: Literal["all", "both", "usage_only", "exposure_only"] = value.match
    assert match == "both"
    assert msgspec.structs.replace(value, match="all") == UsageExposureParams()


def test_minus_zero_is_zero_so_its_next_link_works(published_root: Path) -> None:
    """ "-0" and "0" share a cache key; the parsed value is 0.0 either way, so the answer does
    not depend on which spelling came first, and the next link (written ``=0``) carries a
    cursor made for the same values."""
    snapshot = Store(LocalDataSource(published_root)).load()
    tasks = next(e for e in all_endpoints() if e.name == "tasks")
    release = {"release": "2025-02-10"}
    ctx, key = tasks.prepare_context(snapshot, release, b"min_share_pct=-0&limit=1", None)
    _, same = tasks.prepare_context(snapshot, release, b"min_share_pct=0&limit=1", None)
    assert key == same
    value = ctx.params_as(TaskUsageParams).min_share_pct
    assert value == 0.0 and math.copysign(1.0, value or 0.0) == 1.0
    first = json.loads(ctx.variant.answer(ctx).body)
    assert first["next"] is not None and "min_share_pct=0&" in first["next"]
    query = urlsplit(first["next"]).query.encode()
    ctx, _ = tasks.prepare_context(snapshot, release, query, None)
    second = json.loads(ctx.variant.answer(ctx).body)  # was a 400 "another query"
    assert second["data"] and second["data"] != first["data"]
    edges = WAGE_BAND_PARAMS.parse(b"edges=-0,50000")
    assert [math.copysign(1.0, e) for e in P.params_as(edges, WageBandParams).edges or ()] == [
        1.0,
        1.0,
    ]


def test_every_variant_answers_with_its_own_struct(series_server: LiveServer) -> None:
    """Each answer reads ``ctx.params_as(ItsStruct)``: a variant wired to an answer that
    expects another Struct raises TypeError. Every variant of every declared endpoint is
    answered once here (release, or from/to, set to each fixture release it applies to; other
    path parameters at their documented example), so such a mismatch cannot ship. The data
    root holds the long-format releases too (conftest ``series_server``)."""
    snapshot = Store(LocalDataSource(series_server.data_root)).load()
    answered: set[tuple[str, int]] = set()
    ids = sorted(snapshot.releases)
    for endpoint in all_endpoints():
        if not endpoint.variants:
            continue  # a handler (downloads, status): parses its own parameters
        for release in ids:
            path_params = {p.name: p.example for p in endpoint.path_params}
            for name in ("release", "from", "to"):
                if name in path_params:
                    path_params[name] = release
            state = snapshot.releases[release]
            assert state.views is not None
            exposure = state.views.exposure_rows
            if "code" in path_params and exposure is not None:  # 2018 SOC codes there
                path_params["code"] = str(exposure["soc_2018_code"][0])
            variant = endpoint.variant_for(state.views) if endpoint.release_scoped else None
            if endpoint.release_scoped and variant is None:
                continue
            try:
                ctx, _ = endpoint.prepare_context(snapshot, path_params, b"", None, all_endpoints())
                try:
                    prepared = ctx.variant.answer(ctx)
                except ApiProblem as problem:
                    if problem.type != models.PROBLEM_INCOMPARABLE_RELEASES:
                        raise
                    # Depth does not compare across all the releases: the first run of
                    # releases that does (the problem's ``allowed``) answers.
                    assert problem.allowed
                    since, until = problem.allowed[0].split("..")
                    query = f"since={since}&until={until}".encode()
                    ctx, _ = endpoint.prepare_context(
                        snapshot, path_params, query, None, all_endpoints()
                    )
                    prepared = ctx.variant.answer(ctx)
            except ApiProblem:  # an example path parameter this release lacks
                continue
            assert prepared.body is not None
            answered.add((endpoint.name, endpoint.variants.index(ctx.variant)))
    expected = {(e.name, i) for e in all_endpoints() for i in range(len(e.variants))}
    assert expected - answered == set()
