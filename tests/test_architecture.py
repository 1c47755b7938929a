"""The shape of the package (issue 19): no import circle, no module too long to read.

The import graph is built from the source (``ast``), not from ``sys.modules``, so an import
written inside a function or under ``if TYPE_CHECKING:`` counts like one at the top: a
deferred import that breaks a circle at run time still makes the circle a reader has to hold
in their head. ``from package import name`` is an edge to ``package.name`` when that is a
module, else to the package. Importing a submodule also runs its parents' ``__init__``;
those implicit edges are not counted (every module would then depend on ``econindex_api``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "econindex_api"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE
MAX_LINES = 1000

# Modules over MAX_LINES today: each is marked xfail (strict) and is removed from here by the
# change that splits it (``publishing/canonical.py`` was the last one: issue 19).
OVERSIZE_TODAY: frozenset[str] = frozenset()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def imported_modules(name: str, source: str | None = None) -> set[str]:
    """The modules of this package that ``name`` imports anywhere in its source."""
    text = MODULES[name].read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = name.split(".") if is_package(name) else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target not in MODULES:
                continue
            for alias in node.names:
                child = f"{target}.{alias.name}"
                found.add(child if child in MODULES else target)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    return {name: imported_modules(name) for name in MODULES}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop(0)
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph[nxt])))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_reader_finds_a_known_edge_and_a_planted_circle() -> None:
    """The checker itself: a real edge is seen, and a circle of three is reported as one."""
    assert "econindex_api.models" in import_graph()["econindex_api"]
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from econindex_api.server.toolkit import params\n"
        "def f():\n    import econindex_api.cli\n    from . import problems\n"
    )
    assert imported_modules("econindex_api.server.toolkit.guard", source) == {
        "econindex_api.server.toolkit.params",
        "econindex_api.cli",
        "econindex_api.server.toolkit.problems",
    }
    planted = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(planted) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_has_no_circle() -> None:
    found = circles(import_graph())
    assert found == [], "import circles:\n" + "\n".join(" -> ".join(c) for c in found)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(strict=True, reason="over the limit today (issue 19)"),
        )
        if name in OVERSIZE_TODAY
        else name
        for name in MODULES
    ],
)
def test_no_module_is_over_a_thousand_lines(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT.parent)}: {lines} lines"


TOOLKIT = "econindex_api.server.toolkit"


def toolkit_imports(source: str) -> list[tuple[str, str]]:
    """Each (toolkit module, name) a source imports from the HTTP toolkit; a module imported
    whole (``from toolkit import params as P``) is (module, "*")."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == TOOLKIT:
            found += [(alias.name, "*") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(TOOLKIT + "."):
            module = (node.module or "").removeprefix(TOOLKIT + ".")
            found += [(module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [
                (a.name.removeprefix(TOOLKIT + "."), "*")
                for a in node.names
                if a.name.startswith(TOOLKIT + ".")
            ]
    return found


def test_the_pages_use_only_the_toolkits_public_interface() -> None:
    """Issue 19: the pages use the HTTP toolkit as any area does, through ``PUBLIC``; they
    never build a cache key, a header or a release lookup of their own."""
    from econindex_api.server.toolkit import PUBLIC

    outside = []
    for name, path in MODULES.items():
        if not name.startswith("econindex_api.pages"):
            continue
        for module, imported in toolkit_imports(path.read_text(encoding="utf-8")):
            allowed = PUBLIC.get(module, frozenset())
            if "*" not in allowed and imported not in allowed:
                outside.append(f"{name}: {module}.{imported}")
    assert outside == []


def test_the_public_interface_check_sees_an_internal_name() -> None:
    """The checker itself, on planted imports."""
    source = (
        f"from {TOOLKIT}.respond import VARY, send\n"
        f"from {TOOLKIT} import params as P\n"
        f"import {TOOLKIT}.registry\n"
    )
    assert toolkit_imports(source) == [
        ("respond", "VARY"),
        ("respond", "send"),
        ("params", "*"),
        ("registry", "*"),
    ]


def answer_names(source: str) -> list[str]:
    """The endpoint names a page reads through ``Answers.get(name, path_params, query, type)``:
    calls of ``.get`` with four arguments whose first is a string literal."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and len(node.args) == 4
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    return names


def test_every_endpoint_a_page_reads_is_declared() -> None:
    """A page names the endpoint it reads (its OpenAPI operationId); a name no endpoint has
    would fail only when that page is drawn, so it is checked here, for every page."""
    from econindex_api.server.declarations import ENDPOINTS

    declared = {e.name for e in ENDPOINTS}
    read = {
        (name, n)
        for name, path in MODULES.items()
        if name.startswith("econindex_api.pages")
        for n in answer_names(path.read_text(encoding="utf-8"))
    }
    assert len(read) >= 20  # the pages read about thirty answers
    assert sorted((m, n) for m, n in read if n not in declared) == []
    assert answer_names('a.get("tasks", {}, "q=x", T)\nb.get("x", 1)\n') == ["tasks"]
