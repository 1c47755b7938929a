"""The human-readable files of a package: README.md, CODEBOOK.md and METHODS.md.

A downloaded package must explain itself without our website: what it is, its files and how
to check them, every table and field with type, unit and constraints, the methods, the
license and how to cite it. All three are plain Markdown generated from the descriptor (and,
for METHODS.md, from ``docs/methods.md``, the repository's methods document), so they never
disagree with the data.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from econindex_api.publishing.table_spec import UNIT_SUFFIXES

_REPO_METHODS = Path(__file__).resolve().parents[2] / "docs" / "methods.md"


# Methods documents appended to docs/methods.md for one layout only. docs/methods.md goes
# byte for byte into every package, so editing it would change the bytes of every rebuilt
# earlier package (and a data root holding them refuses the rebuild: same version, different
# content). The second long format's methods therefore live in their own document, appended
# to METHODS.md only in the packages of that layout.
# The tasks, occupations and SOC groups of both long formats (methods-long-usage.md) follow.
LONG_USAGE_METHODS = "methods-long-usage.md"
LAYOUT_METHODS: dict[str, tuple[str, ...]] = {
    "long_v1": (LONG_USAGE_METHODS,),
    "long_v2": ("methods-long-format-2.md", LONG_USAGE_METHODS),
}


def _doc(name: str) -> str:
    path = _REPO_METHODS.parent / name
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return resources.files("econindex_api").joinpath(f"_docs/{name}").read_text("utf-8")


def methods_text(layout: str = "") -> str:
    """docs/methods.md from a checkout, or the copy the wheel carries (``_docs/methods.md``),
    followed by the layout's own methods document where it has one (``LAYOUT_METHODS``)."""
    text = _doc("methods.md")
    for extra in LAYOUT_METHODS.get(layout, ()):
        text += "\n" + _doc(extra)
    return text


def _unit(name: str) -> str:
    for suffix, unit in UNIT_SUFFIXES.items():
        if name.endswith(suffix):
            return unit
    return ""


def _constraints(field: dict[str, Any]) -> str:
    parts = []
    for key, value in field.get("constraints", {}).items():
        if key == "required":
            continue
        if key == "enum":
            parts.append("one of " + ", ".join(f"`{v}`" for v in value))
        elif key == "pattern":
            parts.append(f"pattern `{value}`")
        else:
            parts.append(f"{key} {value}")
    return "; ".join(parts)


def codebook_text(descriptor: dict[str, Any]) -> str:
    lines = [
        f"# Codebook: {descriptor['title']}",
        "",
        f"Package `{descriptor['name']}` version {descriptor['version']}. Every table is in "
        "`data/<table>.csv` (UTF-8, comma, header row, empty cell = missing) and "
        "`data/<table>.parquet` (same rows and columns).",
        "",
        "Units: "
        + "; ".join(f"fields ending `{s}` are {u}" for s, u in UNIT_SUFFIXES.items())
        + ". How each measure is computed: METHODS.md.",
        "",
    ]
    for resource in descriptor["resources"]:
        if resource.get("type") != "table":
            continue
        schema = resource["schema"]
        lines += [
            f"## {resource['name']}: {resource['title']}",
            "",
            resource.get("description", ""),
            "",
            f"Files: `{resource['path']}`, `data/{resource['name']}.parquet`. "
            f"Primary key: {', '.join(f'`{k}`' for k in schema['primaryKey'])}.",
        ]
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"] or resource["name"]
            lines.append(
                f"Foreign key: {', '.join(fk['fields'])} → "
                f"{target}({', '.join(fk['reference']['fields'])})."
            )
        lines += [
            "",
            "| field | type | unit | required | constraints | description |",
            "|---|---|---|---|---|---|",
        ]
        for field in schema["fields"]:
            required = "yes" if field.get("constraints", {}).get("required") else "no"
            description = str(field.get("description", "")).replace("|", "\\|")
            constraints = _constraints(field).replace("|", "\\|")
            lines.append(
                f"| `{field['name']}` | {field['type']} | {_unit(field['name'])} | {required} "
                f"| {constraints} | {description} |"
            )
        lines.append("")
    return "\n".join(lines)


def readme_text(descriptor: dict[str, Any], package_sha256: str) -> str:
    meta = descriptor.get("econindex", {})
    license_ = descriptor["licenses"][0]
    tables = [r for r in descriptor["resources"] if r.get("type") == "table"]
    lines = [
        f"# {descriptor['title']}",
        "",
        descriptor["description"],
        "",
        f"- Package: `{descriptor['name']}` version {descriptor['version']} "
        f"(created {descriptor['created']})",
        f"- Release: `{meta.get('release_id', '')}` (series `{meta.get('series', '')}`, "
        f"upstream date {meta.get('release_date') or 'none: undated upstream'})",
        f"- sha256 of `datapackage.json`: `{package_sha256}`",
        f"- Upstream data: {descriptor.get('homepage', '')}",
        f"- License: {license_.get('title', license_.get('name'))} "
        f"({license_.get('name')}, {license_.get('path')}); attribute the upstream creators "
        "and this package as in the citation below.",
        "",
        "## Files",
        "",
        "| file | what it holds |",
        "|---|---|",
        "| `datapackage.json` | Frictionless Data Package v2 descriptor: every file with bytes "
        "and sha256, table schemas, sources, license |",
        "| `README.md` | this file |",
        "| `CODEBOOK.md` | every table and field: type, unit, constraints, description |",
        "| `METHODS.md` | how every measure is computed from the upstream files |",
        "| `CITATION.bib`, `CITATION.ris`, `CITATION.json` | the citation as BibTeX, RIS and "
        "CSL-JSON |",
        "| `croissant.json` | Croissant 1.0 (schema.org Dataset) metadata |",
    ]
    for resource in tables:
        lines.append(f"| `data/{resource['name']}.csv`, `.parquet` | {resource['title']} |")
    lines += [
        "",
        "## Check it",
        "",
        "```sh",
        "pip install frictionless && frictionless validate datapackage.json   # bytes, sha256, "
        "schemas, keys",
        "sha256sum datapackage.json   # must equal the sha256 above",
        "```",
        "",
        "## Cite it",
        "",
        descriptor.get("citation", ""),
        "",
        "BibTeX, RIS and CSL-JSON forms: `CITATION.bib`, `CITATION.ris`, `CITATION.json`.",
        "",
    ]
    return "\n".join(lines)
