"""Stacked bar charts: one bar per row divided into parts that sum to the whole.

The interaction modes within each SOC major group (the release page of 2025-03-27) are the
pages' only stacked bars today. As in ``charts.py``: pure functions of the API's wire models
returning a :class:`Chart`, drawn by Vega-Lite on the server.
"""

from __future__ import annotations

from typing import Any

from econindex_api import models
from econindex_api.pages.chart_base import (
    MODE_STYLES,
    Chart,
    Column,
    Row,
    draw_chart,
    labels_above,
)

SHARE = "Share of conversations (%)"

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
        "in the report.",
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
        if width < 400:
            spec = labels_above(
                "major_group_title",
                order,
                {**x, "title": "Share with a mode"},
                color,
                step=14,
                transform=transform,
            )
            return spec
        return {
            "transform": transform,
            "height": {"step": 22},
            "mark": {"type": "bar"},
            "encoding": {
                "y": {
                    "field": "major_group_title",
                    "type": "nominal",
                    "title": None,
                    "sort": order,
                    "axis": {"labelLimit": 0},
                },
                "x": x,
                "color": color,  # stacked in the colour's sort order: the modes' order
            },
        }

    return draw_chart(chart, body)
