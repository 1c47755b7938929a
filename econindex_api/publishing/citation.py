"""Citations of one package version in BibTeX, RIS and CSL-JSON, from its descriptor.

One pure function of (descriptor, package sha256, URL), used twice: by the build, which
writes ``CITATION.bib``, ``CITATION.ris`` and ``CITATION.json`` beside ``datapackage.json``
(URL = the upstream dataset, the one address that exists before the package is served), and
by the API's ``/v1/releases/{release}/citation`` (URL = the release's own address on the
server that answers). Every form names the upstream creators, the upstream release and its
date, our package version and the sha256 of its ``datapackage.json``, the license and the URL.

Decisions: the creator is the upstream author (Anthropic); we are the publisher of this
derived package, named as such. The date is the upstream release date, or the package's
``created`` date for undated upstream releases (the exposure tables), which is then said in
the note. The key is ``econindex_<release>_<version>`` with non-alphanumerics as ``_``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

CitationFormat = Literal["bibtex", "ris", "csl-json"]
FORMATS: tuple[CitationFormat, ...] = ("bibtex", "ris", "csl-json")
MEDIA_TYPES: dict[CitationFormat, str] = {
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csl-json": "application/vnd.citationstyles.csl+json",
}
# File names inside a package (beside datapackage.json).
FILE_NAMES: dict[CitationFormat, str] = {
    "bibtex": "CITATION.bib",
    "ris": "CITATION.ris",
    "csl-json": "CITATION.json",
}


@dataclass(frozen=True)
class CitationFacts:
    """What every citation form states, taken from a package descriptor."""

    key: str
    title: str
    creators: tuple[str, ...]
    publisher: str
    release_id: str
    upstream_folder: str
    date: str  # YYYY-MM-DD
    dated_upstream: bool
    version: str
    package_sha256: str
    license_name: str
    license_url: str
    url: str
    upstream_url: str

    @property
    def note(self) -> str:
        when = (
            f"upstream release {self.release_id} (published {self.date})"
            if self.dated_upstream
            else f"upstream release {self.release_id} (undated upstream; date = package created)"
        )
        return (
            f"{when}, upstream folder {self.upstream_folder} of {self.upstream_url}; "
            f"econindex package version {self.version}, datapackage.json sha256 "
            f"{self.package_sha256}; license {self.license_name} ({self.license_url})"
        )


def _contributors(descriptor: dict[str, Any], role: str) -> tuple[str, ...]:
    return tuple(
        str(c["title"]) for c in descriptor.get("contributors", []) if role in c.get("roles", [])
    )


def facts_from_descriptor(
    descriptor: dict[str, Any], package_sha256: str, url: str
) -> CitationFacts:
    meta = descriptor.get("econindex", {})
    release_id = str(meta.get("release_id", descriptor["name"]))
    release_date = meta.get("release_date")
    license_ = descriptor["licenses"][0]
    sources = descriptor.get("sources", [])
    folder = str(sources[0]["path"]).split("/")[0] if sources else release_id
    creators = _contributors(descriptor, "creator") or ("Anthropic",)
    publishers = _contributors(descriptor, "publisher") or ("econindex maintainers",)
    return CitationFacts(
        key="econindex_" + re.sub(r"[^A-Za-z0-9]+", "_", f"{release_id}_{descriptor['version']}"),
        title=str(descriptor["title"]),
        creators=creators,
        publisher=publishers[0],
        release_id=release_id,
        upstream_folder=folder,
        date=str(release_date or descriptor["created"][:10]),
        dated_upstream=release_date is not None,
        version=str(descriptor["version"]),
        package_sha256=package_sha256,
        license_name=str(license_.get("name", "")),
        license_url=str(license_.get("path", "")),
        url=url,
        upstream_url=str(descriptor.get("homepage", "")),
    )


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def to_bibtex(facts: CitationFacts) -> str:
    # Corporate authors in double braces so BibTeX does not split them into first/last names.
    authors = " and ".join("{" + _bibtex_escape(c) + "}" for c in facts.creators)
    year, month, _ = facts.date.split("-")
    fields = [
        ("author", "{" + authors + "}"),
        ("title", "{" + _bibtex_escape(facts.title) + "}"),
        ("year", "{" + year + "}"),
        ("month", "{" + month + "}"),
        ("date", "{" + facts.date + "}"),
        ("version", "{" + facts.version + "}"),
        ("publisher", "{" + _bibtex_escape(facts.publisher) + "}"),
        ("url", "{" + facts.url + "}"),
        ("note", "{" + _bibtex_escape(facts.note) + "}"),
    ]
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@dataset{{{facts.key},\n{body}\n}}\n"


def to_ris(facts: CitationFacts) -> str:
    lines = [("TY", "DATA")]
    lines += [("AU", creator) for creator in facts.creators]
    lines += [
        ("TI", facts.title),
        ("PY", facts.date[:4]),
        ("DA", facts.date.replace("-", "/")),
        ("ET", facts.version),
        ("PB", facts.publisher),
        ("UR", facts.url),
        ("N1", facts.note),
        ("ID", facts.key),
        ("ER", ""),
    ]
    # RIS: "TAG  - value", CRLF line ends as the format's spec asks.
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def to_csl_json(facts: CitationFacts) -> str:
    year, month, day = (int(part) for part in facts.date.split("-"))
    item = {
        "id": facts.key,
        "type": "dataset",
        "title": facts.title,
        "author": [{"literal": creator} for creator in facts.creators],
        "issued": {"date-parts": [[year, month, day]]},
        "version": facts.version,
        "publisher": facts.publisher,
        "URL": facts.url,
        "note": facts.note,
        "license": facts.license_name,
    }
    return json.dumps([item], indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"bibtex": to_bibtex, "ris": to_ris, "csl-json": to_csl_json}


def render(facts: CitationFacts, format: CitationFormat) -> str:
    return RENDERERS[format](facts)
