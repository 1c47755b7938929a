"""Croissant 1.0 JSON-LD (MLCommons) of one package version, from its descriptor.

Croissant is schema.org ``Dataset`` plus record sets, so one document serves both dataset
search engines (name, description, license, creator, datePublished, version, distribution
with sha256 are the properties they index) and ML loaders (``mlcroissant load`` reads the
records of a record set). One record set per table, read from the table's CSV file (the
tabular resource of the package, with the full schema); each field's source is its column.

The same pure function makes the two copies: ``croissant.json`` inside the package, whose
``contentUrl`` values are the package's relative paths (``data/<table>.csv``, resolved against
the directory the file sits in), and the API's ``/v1/releases/{release}/croissant.json``,
whose ``contentUrl`` values are absolute URLs of the release on the answering server.

A release page's schema.org ``Dataset`` JSON-LD (in its ``<head>``) is ``dataset_part`` of the
API's document: the same properties from the same function, so the page and the Croissant
metadata can never disagree. It leaves out what only ML loaders read (``conformsTo``, the
record sets) and sets ``url`` to the page itself (schema.org: "a page describing the
dataset"); it keeps the Croissant ``@context``, which defines the ``sc:``/``cr:`` terms.
"""

from __future__ import annotations

from typing import Any

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"

# The standard Croissant 1.0 @context (as in the specification's examples).
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

DATA_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
}


def croissant_for(
    descriptor: dict[str, Any],
    package_sha256: str,
    cite_as: str,
    base_url: str = "",
    url: str | None = None,
) -> dict[str, Any]:
    """Croissant metadata; ``base_url`` ('' or ending in '/') prefixes every file path."""
    meta = descriptor.get("econindex", {})
    license_ = descriptor["licenses"][0]
    creators = [
        {"@type": "sc:Organization", "name": c["title"]}
        for c in descriptor.get("contributors", [])
        if "creator" in c.get("roles", [])
    ]
    publishers = [
        {"@type": "sc:Organization", "name": c["title"]}
        for c in descriptor.get("contributors", [])
        if "publisher" in c.get("roles", [])
    ]
    distribution: list[dict[str, Any]] = []
    record_sets: list[dict[str, Any]] = []
    for resource in descriptor["resources"]:
        if resource.get("format") != "csv":
            continue  # the Parquet twins carry the same rows; one source per record set
        file_id = resource["path"].rsplit("/", 1)[-1]
        digest = str(resource["hash"]).removeprefix("sha256:")
        distribution.append(
            {
                "@type": "cr:FileObject",
                "@id": file_id,
                "name": file_id,
                "description": f"{resource['title']} (CSV, UTF-8, header row).",
                "contentUrl": base_url + resource["path"],
                "contentSize": f"{resource['bytes']} B",
                "encodingFormat": "text/csv",
                "sha256": digest,
            }
        )
        schema = resource["schema"]
        fields = []
        for field in schema["fields"]:
            fields.append(
                {
                    "@type": "cr:Field",
                    "@id": f"{resource['name']}/{field['name']}",
                    "name": field["name"],
                    "description": field.get("description", ""),
                    "dataType": DATA_TYPES[field["type"]],
                    "source": {
                        "fileObject": {"@id": file_id},
                        "extract": {"column": field["name"]},
                    },
                }
            )
        record_sets.append(
            {
                "@type": "cr:RecordSet",
                "@id": resource["name"],
                "name": resource["name"],
                "description": resource.get("description", resource["title"]),
                "key": [{"@id": f"{resource['name']}/{k}"} for k in schema["primaryKey"]],
                "field": fields,
            }
        )
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": descriptor["name"],
        "alternateName": descriptor["title"],
        "description": descriptor["description"],
        "license": license_.get("path", license_.get("name")),
        "url": url or descriptor.get("homepage", ""),
        "sameAs": descriptor.get("homepage", ""),
        "version": descriptor["version"],
        "datePublished": meta.get("release_date") or descriptor["created"][:10],
        "dateCreated": descriptor["created"],
        "keywords": descriptor.get("keywords", []),
        "creator": creators,
        "publisher": publishers,
        "citeAs": cite_as,
        "identifier": descriptor.get("id", ""),
        "isBasedOn": descriptor.get("homepage", ""),
        "sdLicense": license_.get("path", ""),
        "distribution": distribution,
        "recordSet": record_sets,
    }
    # The package hash ties this document to one immutable version.
    document["description"] += f" Package datapackage.json sha256: {package_sha256}."
    return document


# What only Croissant readers use: a web page's Dataset block leaves these out.
CROISSANT_ONLY = ("conformsTo", "recordSet")


def dataset_part(croissant: dict[str, Any], url: str) -> dict[str, Any]:
    """The schema.org ``Dataset`` of a Croissant document, as a web page at ``url`` embeds it."""
    part = {key: value for key, value in croissant.items() if key not in CROISSANT_ONLY}
    part["url"] = url
    return part
