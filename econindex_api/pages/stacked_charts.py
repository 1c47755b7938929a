"""Stacked bar charts: one bar per row divided into parts that sum to the whole.

The interaction modes within each SOC major group (the release page of 2025-03-27) are the
pages' only stacked bars today. As in ``charts.py``: pure functions of the API's wire models
returning a :class:`Chart`, drawn by Vega-Lite on the server.
"""

from __future__ import annotations

from typing import Any

from econindex_api import models
from econindex_api.pages.chart_base import (
    FACET_CELL,
    MODE_STYLES,
    Chart,
    Column,
    Row,
    draw_chart,
    row_facet,
)

SHARE = "Share of conversations (%)"

# A segment carries its value as a label ("23%") only when the label fits inside it: at
# least this fraction of the axis (0 to 1). Wide: the plot is about 450 px beside the group
# names, a label about 24 px; narrow: the phone's plot is FACET_CELL (290) px.
MIN_LABEL_FRACTION = {"wide": 0.06, "narrow": 0.09}
# The label is dark (#111) on every mode colour but the dark blue, where white reads better
# (contrast 5.2:1 against 4.0:1 for dark text).
LIGHT_TEXT_ON = ("#0072B2",)

MODES = tuple(
    (f"{key}_fraction", label, category, colour) for key, label, category, colour in MODE_STYLES
)


def group_modes_chart(page: models.CategoryModesPage, api_href: str) -> Chart:
    """The five interaction modes within each SOC major group (report's groups only)."""
    shown = [r for r in page.data if r.above_report_threshold and r.automation_fraction is not None]
    shown.sort(key=lambda r: (-(r.automation_fraction or 0), r.major_group_code))
    rows: list[Row] = [
        {
            "major_group_code": r.major_group_code,
            "major_group_title": r.major_group_title,
            "share_pct": r.share_pct,
            **{f: getattr(r, f) for f, _, _, _ in MODES},
            "automation_fraction": r.automation_fraction,
            "augmentation_fraction": r.augmentation_fraction,
        }
        for r in shown
    ]
    order = [r["major_group_title"] for r in rows]
    names = {f: name for f, name, _, _ in MODES}
    chart = Chart(
        id="group-modes",
        title="Interaction modes by occupation group",
        description=(
            f"One bar per SOC major group above 0.5% of conversations ({len(rows)} groups), "
            "divided into the five modes (filtered conversations left out, the rest rescaled "
            "to 1): automation modes (directive, feedback loop) in orange and yellow on the "
            "left, augmentation modes (task iteration, validation, learning) in blues and "
            "green; groups with the most automation first."
        ),
        columns=(
            Column("major_group_title", "Group"),
            Column("share_pct", SHARE, "pct"),
            *(Column(f, name.capitalize(), "fraction") for f, name, _, _ in MODES),
            Column("automation_fraction", "Automation", "fraction"),
            Column("augmentation_fraction", "Augmentation", "fraction"),
        ),
        rows=tuple(rows),
        csv_href=api_href + "?format=csv",
        api_href=api_href,
        note="Groups below 0.5% of conversations are in the API answer but not drawn, as "
        "in the report. A segment carries its value where the label fits (at least "
        f"{MIN_LABEL_FRACTION['wide']:.0%} of the bar; {MIN_LABEL_FRACTION['narrow']:.0%} on a "
        "phone); the table has every value.",
    )
    transform: list[dict[str, Any]] = [
        {"fold": [f for f, _, _, _ in MODES], "as": ["mode_field", "fraction"]},
        {
            "calculate": " : ".join(
                f"datum.mode_field == '{f}' ? '{names[f]}'" for f, _, _, _ in MODES[:-1]
            )
            + f" : '{MODES[-1][1]}'",
            "as": "mode",
        },
    ]
    color = {
        "field": "mode",
        "type": "nominal",
        "title": None,
        "sort": [name for _, name, _, _ in MODES],
        "scale": {
            "domain": [name for _, name, _, _ in MODES],
            "range": [c for _, _, _, c in MODES],
        },
        "legend": {"orient": "top", "columns": 3},
    }
    x = {
        "field": "fraction",
        "type": "quantitative",
        "title": "Share of the group's conversations with a mode",
        "stack": "zero",
        "scale": {"domain": [0, 1]},
        "axis": {"labelExpr": "format(datum.value, '.0%')"},  # marks keep exact values
    }

    def body(width: int) -> dict[str, Any]:
        narrow = width < 400
        bars: dict[str, Any] = {
            "mark": {"type": "bar"},
            "encoding": {
                "x": {**x, "title": "Share with a mode"} if narrow else x,
                "color": color,  # stacked in the colour's sort order: the modes' order
            },
        }
        labels = segment_labels(
            "major_group_title",
            "mode",
            [name for _, name, _, _ in MODES],
            MIN_LABEL_FRACTION["narrow" if narrow else "wide"],
            light_text=[name for _, name, _, c in MODES if c in LIGHT_TEXT_ON],
        )
        if narrow:
            # Phones: each group's name on its own line above its bar (chart_base.labels_above's
            # layout, with the label layer).
            return {
                "transform": transform,
                "facet": {"row": row_facet("major_group_title", order)},
                "spacing": 6,
                "spec": {"width": FACET_CELL, "height": 14, "layer": [bars, labels]},
            }
        y = {
            "field": "major_group_title",
            "type": "nominal",
            "title": None,
            "sort": order,
            "axis": {"labelLimit": 0},
        }
        for layer in (bars, labels):
            layer["encoding"]["y"] = y
        return {"transform": transform, "height": {"step": 22}, "layer": [bars, labels]}

    return draw_chart(chart, body)


def segment_labels(
    group: str, part: str, parts: list[str], min_fraction: float, light_text: list[str]
) -> dict[str, Any]:
    """A text layer over bars stacked from 0 to 1: each segment's value ("23%") in its
    middle, where the segment is at least ``min_fraction`` wide (smaller ones stay bare: no
    label overlaps another or spills out of its segment).

    The layer stacks the rows again itself (Vega-Lite's ``stack`` transform, per ``group``,
    in the order of ``parts``: the bars' colour order), so the filter that drops the small
    segments' labels runs after the positions are known and moves no label. Labels are
    hidden from screen readers: the bars' own labels and the table carry the numbers.
    """
    rank = " : ".join(f"datum.{part} == '{p}' ? {i}" for i, p in enumerate(parts))
    light = " || ".join(f"datum.{part} == '{p}'" for p in light_text) or "false"
    return {
        "transform": [
            {"calculate": f"{rank} : {len(parts)}", "as": "part_rank"},
            {
                "stack": "fraction",
                "groupby": [group],
                "sort": [{"field": "part_rank"}],
                "as": ["label_x0", "label_x1"],
                "offset": "zero",
            },
            {"filter": f"datum.fraction >= {min_fraction}"},
            {"calculate": "(datum.label_x0 + datum.label_x1) / 2", "as": "label_x"},
            {"calculate": "format(datum.fraction, '.0%')", "as": "label"},
        ],
        "mark": {"type": "text", "fontSize": 11, "aria": False, "baseline": "middle"},
        "encoding": {
            "x": {"field": "label_x", "type": "quantitative"},
            "text": {"field": "label", "type": "nominal"},
            "color": {"condition": {"test": light, "value": "#ffffff"}, "value": "#111111"},
        },
    }
