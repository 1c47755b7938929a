"""The map shapes shipped with the package (``pages/maps/``, README there) and how our
geography ids meet theirs.

- ``world``: world-atlas ``countries-110m.json``, shapes keyed by ISO 3166-1 numeric.
- ``us``: us-atlas ``states-10m.json``, shapes keyed by 2-digit state FIPS, named by the
  Census.

Our ids are ISO 3166-1 alpha-3 (``USA``) and ISO 3166-2 (``US-CA``). The mapping is derived,
never written by hand: alpha-3 -> numeric from ``pycountry`` (the iso-codes database); FIPS ->
``US-XX`` by the Census name of the shape, which is ``pycountry``'s ISO 3166-2 name for the 50
states and DC. The territories in the US file are left out (``albersUsa`` cannot place them).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

MAPS = Path(__file__).parent / "maps"
# The FIPS codes of the territories in states-10m.json (not drawn: see the docstring).
US_TERRITORIES = ("60", "66", "69", "72", "78")
# Antarctica (ISO 3166-1 numeric 010): no usage, and a third of an equal-area world map.
WORLD_LEFT_OUT = ("010",)


@dataclass(frozen=True)
class Atlas:
    """One topology and the geo_id of each of its shapes."""

    name: str  # world | us
    feature: str  # the TopoJSON object drawn (countries | states)
    topology: dict[str, Any]  # the file, with that object only
    geo_ids: dict[str, str]  # shape id -> our geo_id ("" when the shape has no ISO code)
    names: dict[str, str]  # shape id -> the atlas's name of the shape

    def shape_of(self) -> dict[str, str]:
        """Our geo_id -> shape id."""
        return {g: s for s, g in self.geo_ids.items() if g}

    def fresh_topology(self) -> dict[str, Any]:
        """A deep copy of the topology, to write values into its shapes' properties."""
        return copy.deepcopy(self.topology)


def _load(file: str, feature: str) -> dict[str, Any]:
    topology: dict[str, Any] = json.loads((MAPS / file).read_text(encoding="utf-8"))
    # Only the object drawn: the arcs are shared, the other objects (land, nation) unused.
    topology["objects"] = {feature: topology["objects"][feature]}
    return topology


def _shapes(topology: dict[str, Any], feature: str) -> list[dict[str, Any]]:
    shapes: list[dict[str, Any]] = topology["objects"][feature]["geometries"]
    return shapes


def country_geo_id(numeric: str | None) -> str:
    """ISO 3166-1 numeric -> alpha-3 ("" when there is none: N. Cyprus, Somaliland, Kosovo)."""
    if not numeric:
        return ""
    country = pycountry.countries.get(numeric=numeric)
    return str(country.alpha_3) if country is not None else ""


def us_state_ids() -> dict[str, str]:
    """ISO 3166-2 name -> code of the US states and DC (``pycountry``)."""
    return {
        str(s.name): str(s.code)
        for s in pycountry.subdivisions
        if s.country_code == "US" and s.type in ("State", "District")
    }


@cache
def world() -> Atlas:
    topology = _load("countries-110m.json", "countries")
    shapes = [s for s in _shapes(topology, "countries") if s.get("id") not in WORLD_LEFT_OUT]
    topology["objects"]["countries"]["geometries"] = shapes
    return Atlas(
        "world",
        "countries",
        topology,
        {str(s.get("id", "")): country_geo_id(s.get("id")) for s in shapes},
        {str(s.get("id", "")): str(s["properties"]["name"]) for s in shapes},
    )


@cache
def us() -> Atlas:
    topology = _load("states-10m.json", "states")
    states = _shapes(topology, "states")
    kept = [s for s in states if s["id"] not in US_TERRITORIES]
    topology["objects"]["states"]["geometries"] = kept
    by_name = us_state_ids()
    return Atlas(
        "us",
        "states",
        topology,
        {str(s["id"]): by_name.get(str(s["properties"]["name"]), "") for s in kept},
        {str(s["id"]): str(s["properties"]["name"]) for s in kept},
    )
