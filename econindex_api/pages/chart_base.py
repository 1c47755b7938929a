"""What every chart shares: the ``Chart`` it returns, the Vega-Lite config and spec
skeleton, the palette and sizes, and drawing a spec to an accessible SVG (``to_svg``).

The charts themselves, one function per figure, are in ``charts.py``, ``stacked_charts.py``
and ``series_charts.py``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from econindex_api.pages.drawing import RENDERER

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# Whole-chart widths (axes and labels included, Vega-Lite's "fit-x"): the page's column on
# a desktop, and a 375 px phone less the page's margins.
WIDE = 880
NARROW = 340
FACET_CELL = 290  # the plot of the phone's faceted group chart (labels sit above, not beside)
# The font the labels are measured in (vl-convert lays text out with real font metrics) must
# be the font the browser draws them in, or long labels overflow the SVG's edge: DejaVu Sans
# (Debian's default sans), then Verdana, which is about as wide; PADDING absorbs the rest.
FONT = "'DejaVu Sans', Verdana, sans-serif"
PADDING = {"left": 24, "right": 12, "top": 6, "bottom": 6}
# Colour-blind-safe pair (Okabe-Ito blue and orange) for two-series charts.
BLUE = "#0072B2"
ORANGE = "#D55E00"
GREEN = "#009E73"
GREY = "#999999"

# One order and one colour per interaction mode on every chart and release (issue 22, §7):
# (key as the API writes it, label, category, Okabe-Ito colour). Automation in the oranges,
# augmentation in the blues and green; the order is the report's, never the data's.
MODE_STYLES = (
    ("directive", "directive", "automation", "#D55E00"),
    ("feedback_loop", "feedback loop", "automation", "#E69F00"),
    ("task_iteration", "task iteration", "augmentation", "#0072B2"),
    ("validation", "validation", "augmentation", "#56B4E9"),
    ("learning", "learning", "augmentation", "#009E73"),
)
MODE_LABELS = tuple(label for _, label, _, _ in MODE_STYLES)
MODE_COLORS = tuple(colour for _, _, _, colour in MODE_STYLES)


def mode_rank(key: str) -> int:
    """A mode's place in ``MODE_STYLES`` (keys with spaces or underscores alike); unknown
    keys last."""
    wanted = key.replace(" ", "_").lower()
    for i, (k, _, _, _) in enumerate(MODE_STYLES):
        if k == wanted:
            return i
    return len(MODE_STYLES)


Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """A column of a chart's table: the field in the rows, its header, how to show it."""

    field: str
    header: str
    kind: str = "text"  # text | pct | fraction | usd | int | link


@dataclass(frozen=True)
class Chart:
    """One chart: what it shows, how it is drawn, and its numbers as a table."""

    id: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    csv_href: str  # the API's CSV of these numbers
    api_href: str  # the API's JSON answer the chart is drawn from
    specs: dict[str, dict[str, Any]] = field(default_factory=dict)  # "wide"/"narrow"
    svgs: dict[str, str] = field(default_factory=dict)
    note: str = ""


def chart_config(width: int) -> dict[str, Any]:
    small = width < 400
    size = 12 if small else 13
    return {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None},
        "axis": {
            "labelFontSize": size,
            "titleFontSize": size,
            "labelColor": "#222",
            "titleColor": "#222",
            "gridColor": "#e4e4e4",
        },
        "legend": {
            "labelFontSize": size,
            "titleFontSize": size,
            "orient": "top",
            "labelLimit": 0,  # legend labels in full
        },
        "title": {"fontSize": size + 2, "anchor": "start", "color": "#111"},
        "aria": True,
    }


def chart_spec(
    title: str, description: str, width: int, values: Sequence[Row], body: dict[str, Any]
) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        # No title inside the SVG: the page's heading names the chart (and the SVG's <title>).
        "description": description,
        "padding": PADDING,
        "data": {"values": list(values)},
        "config": chart_config(width),
        # A faceted chart sets the width of its cells inside "spec"; others fit the width.
        **(
            {}
            if "facet" in body
            else {"width": width, "autosize": {"type": "fit-x", "contains": "padding"}}
        ),
        **body,
    }


_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")


def to_svg(spec: dict[str, Any], chart_id: str, form: str, title: str, description: str) -> str:
    """Draw ``spec`` and give the SVG its accessible name and description."""
    # Drawn in the render process, once per spec (drawing.py: vl-convert holds the GIL).
    svg = RENDERER.svg(spec)
    # Vega's root <svg> has no name: add <title>/<desc> and point aria-labelledby at them,
    # so a screen reader announces the chart before reading its marks.
    tid, did = f"{chart_id}-{form}-title", f"{chart_id}-{form}-desc"
    attrs = (
        f' role="graphics-document document" aria-labelledby="{tid}" aria-describedby="{did}"'
        f' focusable="false" preserveAspectRatio="xMinYMin meet"'
    )
    head = (
        f'<title id="{tid}">{html.escape(title)}</title>'
        f'<desc id="{did}">{html.escape(description)}</desc>'
    )
    return _SVG_OPEN.sub(lambda m: f"<svg{m.group(1)}{attrs}>{head}", svg, count=1)


def draw_chart(chart: Chart, body_for: Any) -> Chart:
    for form, width in (("wide", WIDE), ("narrow", NARROW)):
        spec = chart_spec(chart.title, chart.description, width, chart.rows, body_for(width))
        chart.specs[form] = spec
        chart.svgs[form] = to_svg(spec, chart.id, form, chart.title, chart.description)
    return chart


# --- layouts several charts share ---


def labels_above(
    label: str,
    order: list[str],
    x: dict[str, Any],
    color: str | dict[str, Any],
    step: int = 12,
    transform: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Phones: one bar per row with its label on its own line above it (a row facet), so
    long names are not squeezed beside the bars. ``color``: one colour, or an encoding."""
    encoding: dict[str, Any] = {"x": x}
    mark: dict[str, Any] = {"type": "bar"}
    if isinstance(color, str):
        mark["color"] = color
    else:
        encoding["color"] = color
    return {
        **({"transform": transform} if transform else {}),
        "facet": {"row": row_facet(label, order)},
        "spacing": 6,
        "spec": {"width": FACET_CELL, "height": step, "mark": mark, "encoding": encoding},
    }


def row_facet(field: str, order: Any) -> dict[str, Any]:
    """A row facet for phones: each row's name on its own line above its bars, left-aligned,
    so long names are not cut to fit beside them."""
    return {
        "field": field,
        "type": "nominal",
        "sort": order,
        "title": None,
        "header": {
            "labelAngle": 0,
            "labelOrient": "top",
            "labelAnchor": "start",
            "labelAlign": "left",
            "labelFontSize": 12,
            "labelLimit": FACET_CELL,
            "labelPadding": 2,
        },
    }
