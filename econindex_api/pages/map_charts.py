"""The maps (issue 22, §5): a world map of the countries and a US map of the states, of the
usage share or of the AUI tier, drawn from the API's ``/geographies`` rows.

How a shape gets its colour (the legend says the same, the page's README section too):

- **Usage share** (``usage_pct``, percent of the parent's conversations: GLOBAL's for a
  country, the country's for a state) in six classes with fixed breaks at 0.1, 0.3, 1, 3 and
  10 % (a class holds its lower bound: 1 % is in "1 to 3 %"). Fixed breaks, not the data's
  quantiles, so that the same colour means the same share on every release and both maps.
  Colours: ColorBrewer YlGnBu (6 classes, colour-blind safe, sequential).
- **AUI** by the tier the API serves (``tier``/``tier_label``: Minimal and the four quartiles,
  ``methods/geography.py``), the tier labels as the legend. Colours: ColorBrewer Oranges (5).
- **Grey**: a shape with no row in the release (or no value: no AUI without a working-age
  population), and, in a second grey, a row below the report's threshold
  (``meets_threshold`` false: the API flags it; the maps, like the report's, do not colour
  it). Both greys are in the legend only when a shape is drawn in them.

The values are written into the shapes' ``properties`` of the shipped TopoJSON (``atlas``)
and the spec colours them with a nominal scale whose domain is the legend's labels: no
lookup in Vega, and the SVG's shape and legend colours come from one table. Each shape's
``description`` (its SVG ``aria-label``) starts with its geo_id, so a reader (and the
browser test) can tie a path to its row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from econindex_api import models
from econindex_api.methods.geography import TIER_LABELS
from econindex_api.pages import atlas as A
from econindex_api.pages.chart_base import (
    FONT,
    NARROW,
    PADDING,
    SCHEMA,
    WIDE,
    Chart,
    Column,
    Row,
    chart_config,
    to_svg,
)

METRICS = ("usage_share", "aui")
METRIC_TITLES = {"usage_share": "Usage share", "aui": "AUI tier"}
# The same in a heading after a colon ("US states: usage share").
METRIC_NAMES = {"usage_share": "usage share", "aui": "AUI tier"}

# Usage share: class k holds BREAKS[k-1] <= usage_pct < BREAKS[k] (percent).
SHARE_BREAKS = (0.1, 0.3, 1.0, 3.0, 10.0)
SHARE_LABELS = (
    "under 0.1 %",
    "0.1 to 0.3 %",
    "0.3 to 1 %",
    "1 to 3 %",
    "3 to 10 %",
    "10 % or more",
)
SHARE_COLOURS = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
TIER_COLOURS = ("#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603")
NO_DATA = "No data"
NO_DATA_COLOUR = "#e3e3e3"
BELOW_COLOUR = "#a9a9a9"
STROKE = "#ffffff"


BELOW = "Below threshold"  # the threshold itself is in the caption: a legend label stays short


def share_class(pct: float) -> int:
    """The class (0-5) of a usage share in percent."""
    return sum(1 for b in SHARE_BREAKS if pct >= b)


@dataclass(frozen=True)
class MapKind:
    """One of the two maps."""

    id: str  # the chart id
    atlas: str  # world | us
    title: str
    projection: str
    aspect: float  # height / width of the plot
    parent: str  # whose conversations a share is of
    rows: str  # what its rows are, in a sentence


WORLD = MapKind(
    "world-map", "world", "Countries", "equalEarth", 0.47, "all conversations", "country rows"
)
US = MapKind(
    "us-map",
    "us",
    "US states",
    "albersUsa",
    0.62,
    "the United States' conversations",
    "US-state rows",
)


def _atlas(kind: MapKind) -> A.Atlas:
    return A.world() if kind.atlas == "world" else A.us()


def classify(row: models.GeographyRow | None, metric: str) -> str:
    """The legend label a shape is drawn under."""
    if row is None:
        return NO_DATA
    if row.meets_threshold is False:
        return BELOW
    if metric == "aui":
        return row.tier_label if row.tier_label in TIER_LABELS else NO_DATA
    if row.usage_pct is None:
        return NO_DATA
    return SHARE_LABELS[share_class(row.usage_pct)]


def _value_text(row: models.GeographyRow | None, metric: str) -> str:
    if row is None:
        return "no row in this release"
    share = f"usage share {row.usage_pct:.4g} %" if row.usage_pct is not None else "no share"
    aui = f"AUI {row.usage_per_capita_index:.3g}" if row.usage_per_capita_index is not None else ""
    parts = [share, aui, row.tier_label or ""] if metric == "aui" else [share]
    if row.meets_threshold is False:
        parts.append(f"below the threshold of {row.min_conversations} conversations")
    return ", ".join(p for p in parts if p)


def legend(metric: str, used: set[str]) -> tuple[list[str], list[str]]:
    """(labels, colours) of the legend: every class of the metric, then the greys drawn."""
    labels = list(SHARE_LABELS if metric == "usage_share" else TIER_LABELS)
    colours = list(SHARE_COLOURS if metric == "usage_share" else TIER_COLOURS)
    for label in sorted(used - set(labels)):
        labels.append(label)
        colours.append(BELOW_COLOUR if label == BELOW else NO_DATA_COLOUR)
    return labels, colours


def map_topology(
    kind: MapKind, rows: Sequence[models.GeographyRow], metric: str
) -> tuple[dict[str, Any], set[str]]:
    """The atlas's topology with each shape's geo_id, legend class and description in its
    properties, and the set of classes drawn."""
    found = _atlas(kind)
    topology = found.fresh_topology()
    by_id = {r.geo_id: r for r in rows}
    used: set[str] = set()
    for shape in topology["objects"][found.feature]["geometries"]:
        geo_id = found.geo_ids.get(str(shape.get("id", "")), "")
        row = by_id.get(geo_id) if geo_id else None
        cls = classify(row, metric)
        used.add(cls)
        name = row.name if row is not None and row.name else shape["properties"]["name"]
        who = f"{geo_id} {name}" if geo_id else f"{name} (no ISO code)"
        shape["properties"] = {
            "geo_id": geo_id,
            "name": name,
            "cls": cls,
            "description": f"{who}: {_value_text(row, metric)}",
        }
    return topology, used


def map_body(
    kind: MapKind,
    topology: dict[str, Any],
    metric: str,
    labels: list[str],
    colours: list[str],
    width: int,
) -> dict[str, Any]:
    """The Vega-Lite spec of one map at ``width`` (its shapes' classes in ``topology``)."""
    narrow = width < 400
    return {
        "$schema": SCHEMA,
        "padding": PADDING,
        # The plot's width: the chart's less the padding and the shapes' outer stroke.
        "width": width - PADDING["left"] - PADDING["right"] - 2,
        "height": round((width - PADDING["left"] - PADDING["right"]) * kind.aspect),
        "autosize": {"type": "pad"},
        "config": chart_config(width),
        "data": {
            "values": topology,
            "format": {"type": "topojson", "feature": _atlas(kind).feature},
        },
        "projection": {"type": kind.projection},
        "mark": {"type": "geoshape", "stroke": STROKE, "strokeWidth": 0.5},
        "encoding": {
            "color": {
                "field": "properties.cls",
                "type": "nominal",
                "scale": {"domain": labels, "range": colours},
                "legend": {
                    "title": METRIC_TITLES[metric],
                    "orient": "bottom",
                    "direction": "horizontal",
                    # One row of classes on a desktop (the greys below), two columns on a phone.
                    # Vega aligns the entries in columns as wide as their widest label: on a
                    # desktop the six share classes in a row, the five long tier labels in
                    # rows of four; on a phone the classes in two columns, the tiers in one.
                    "columns": (2 if narrow else 6)
                    if metric == "usage_share"
                    else (1 if narrow else 4),
                    "symbolType": "square",
                    "symbolSize": 140,
                    "symbolStrokeColor": "#888888",
                    "symbolStrokeWidth": 0.5,
                    "labelFont": FONT,
                    "titleFont": FONT,
                },
            },
            "description": {"field": "properties.description"},
        },
    }


_PATH_DATA = re.compile(r' d="([^"]*)"')
_DECIMAL = re.compile(r"(-?\d+)\.(\d+)")


def _one_decimal(match: re.Match[str]) -> str:
    text = f"{float(match.group(0)):.1f}"
    return text[:-2] if text.endswith(".0") else text


def compact(svg: str) -> str:
    """The SVG with its path coordinates to a tenth of a pixel (Vega writes thousandths):
    the page's maps weigh about half as much, and no shape moves visibly."""
    return _PATH_DATA.sub(lambda m: f' d="{_DECIMAL.sub(_one_decimal, m.group(1))}"', svg)


COLUMNS = (
    Column("geo_id", "Geography"),
    Column("name", "Name"),
    Column("usage_count", "Conversations", "int"),
    Column("usage_pct", "Share of parent (%)", "pct"),
    Column("usage_per_capita_index", "AUI", "fraction"),
    Column("tier_label", "AUI tier"),
    Column("meets_threshold", "Meets threshold"),
    Column("drawn_as", "On the map"),
)


def map_chart(
    kind: MapKind,
    rows: Sequence[models.GeographyRow],
    metric: str,
    api_href: str,
    csv_href: str,
    what: str,
) -> Chart:
    """One map and its rows as a table. ``what`` names the rows (release, platform, window)."""
    topology, used = map_topology(kind, rows, metric)
    labels, colours = legend(metric, used)
    shapes = _atlas(kind).shape_of()
    table: list[Row] = []
    for r in rows:
        drawn = classify(r, metric) if r.geo_id in shapes else "not drawn: no shape in the atlas"
        table.append(
            {
                "geo_id": r.geo_id,
                "name": r.name,
                "usage_count": int(r.usage_count) if r.usage_count is not None else None,
                "usage_pct": r.usage_pct,
                "usage_per_capita_index": r.usage_per_capita_index,
                "tier_label": r.tier_label,
                "meets_threshold": r.meets_threshold,
                "drawn_as": drawn,
            }
        )
    unplaced = [r for r in rows if r.geo_id not in shapes]
    metric_text = (
        f"share of {kind.parent}, percent" if metric == "usage_share" else "AUI tier (quartiles)"
    )
    description = f"{kind.title}: {metric_text}, {what}. Grey: no data."
    floors = sorted(
        {
            r.min_conversations
            for r in rows
            if r.meets_threshold is False and r.min_conversations and r.geo_id in shapes
        }
    )
    if floors:
        description = description[:-1] + (
            f"; darker grey: below the report's threshold of "
            f"{' or '.join(f'{f:,}' for f in floors)} conversations."
        )
    note = (
        f"No {kind.rows} in this release for this choice: every shape is grey."
        if not rows
        else f"{len(rows) - len(unplaced)} of {len(rows)} rows drawn"
        + (
            f"; not drawn (no shape in the atlas, in the table): "
            f"{', '.join(r.geo_id for r in unplaced)}."
            if unplaced
            else "."
        )
    )
    chart = Chart(
        id=kind.id,
        title=f"{kind.title}: {METRIC_NAMES[metric]}",
        description=description,
        columns=COLUMNS,
        rows=tuple(table),
        csv_href=csv_href,
        api_href=api_href,
        note=note,
    )
    for form, width in (("wide", WIDE), ("narrow", NARROW)):
        spec = {
            "description": description,
            **map_body(kind, topology, metric, labels, colours, width),
        }
        chart.specs[form] = spec
        chart.svgs[form] = compact(to_svg(spec, chart.id, form, chart.title, description))
    return chart
