"""Charts of one measure across releases (the series pages and the occupation page's series).

One function per figure, like ``charts.py``: a ``Chart`` (title, description, table columns,
rows, CSV and API links) and its Vega-Lite body at each width, drawn by ``draw_chart``.
"""

from __future__ import annotations

from typing import Any

from econindex_api import models
from econindex_api.pages.chart_base import (
    BLUE,
    MODE_STYLES,
    ORANGE,
    Chart,
    Column,
    Row,
    draw_chart,
    mode_rank,
)

SPLIT_COLOURS = {"automation": ORANGE, "augmentation": BLUE}


def _mode_place(key: str) -> int:
    return {"automation": 0, "augmentation": 1}.get(key, mode_rank(key))


def _label(series: models.Series) -> str:
    """A series' name in a legend: a mode by its label (the releases spell them with spaces
    or underscores), else its title."""
    labels = {k: label for k, label, _, _ in MODE_STYLES}
    return labels.get(series.key, series.title)


def _mode_colours(series: list[models.Series]) -> list[str] | None:
    """The colour of each series when they are the interaction modes (and the split), else
    None (other series: Vega's palette)."""
    by_key = {k: colour for k, _, _, colour in MODE_STYLES} | SPLIT_COLOURS
    if not series or any(s.key not in by_key for s in series):
        return None
    return [by_key[s.key] for s in series]


FIELD_NAMES = {
    "share_pct": "Share of conversations",
    "headline_share_pct": "Share of conversations with a mode",
    "occupations_pct": "Share of occupations",
    "usage_pct": "Share of the parent's conversations",
    "usage_per_capita_index": "Usage per capita index (AUI)",
}


def series_chart(series: models.Series, api_href: str) -> Chart:
    """One measure of one entity, release by release."""
    rows: list[Row] = [
        {"release_id": p.release_id, "date": p.date, "value": p.value, "present": p.present}
        for p in series.data
    ]
    unit = "%" if series.unit == "percent" else "fraction"
    measure = FIELD_NAMES.get(series.value_field, series.value_field)
    chart = Chart(
        id="series",
        title=f"{series.title}: {measure.lower()}, release by release",
        description=(
            f"One bar per release of the usage series ({len(rows)}), oldest first: the "
            f"{measure.lower()} of {series.title} ({unit}); a release without it has no bar."
        ),
        columns=(
            Column("release_id", "Release"),
            Column("date", "Date"),
            Column("value", f"{measure} ({unit})", "pct"),
            Column("present", "In the release"),
        ),
        rows=tuple(rows),
        csv_href=api_href + "?format=csv",
        api_href=api_href,
    )

    def body(width: int) -> dict[str, Any]:
        return {
            "height": 220,
            "transform": [{"filter": "isValid(datum.value)"}],
            "mark": {"type": "bar", "color": BLUE, "width": {"band": 0.5}},
            "encoding": {
                "x": {
                    "field": "release_id",
                    "type": "nominal",
                    "title": "Release",
                    "sort": [r["release_id"] for r in rows],
                    "axis": {"labelAngle": 0},
                },
                "y": {"field": "value", "type": "quantitative", "title": f"{measure} ({unit})"},
            },
        }

    return draw_chart(chart, body)


def series_lines_chart(found: models.SeriesSet, api_href: str, what: str) -> Chart:
    """Every series of a ``/v1/series/...`` answer as lines over its releases, oldest first:
    one line per entity, mode or threshold; a release without the value has no point (absent
    is never drawn as 0). The points name their base and window in the table."""
    rows: list[Row] = [
        {
            "series": _label(s) if len(found.series) > 1 else what,
            "key": s.key,
            "level": s.level or "",
            "release_id": p.release_id,
            "value": p.value,
            "present": p.present,
            "base": p.base or "",
            "window_rule": p.window_rule or "",
        }
        for s in found.series
        for p in s.data
    ]
    units = {s.unit for s in found.series}
    unit = {"percent": "%", "fraction": "fraction", "ratio": "index"}.get(
        units.pop() if len(units) == 1 else "", "value"
    )
    field = found.series[0].value_field if found.series else "value"
    measure = FIELD_NAMES.get(field, field)
    releases = list(found.releases)
    chart = Chart(
        id="series",
        title=f"{what}: {measure.lower()}, release by release",
        description=(
            f"Lines over {len(releases)} releases of the usage series, oldest first "
            f"({', '.join(releases)}): the {measure.lower()} ({unit}) of "
            f"{len(found.series)} series; a release without the value has no point."
        ),
        columns=(
            Column("key", "Key"),
            Column("series", "Series"),
            Column("release_id", "Release"),
            Column("value", f"{measure} ({unit})", "pct" if unit == "%" else "fraction"),
            Column("present", "In the release"),
            Column("base", "Base"),
            Column("window_rule", "Window"),
        ),
        rows=tuple(rows),
        csv_href=api_href + ("&" if "?" in api_href else "?") + "format=csv",
        api_href=api_href,
    )
    many = len(found.series) > 1
    # The interaction modes in the report's order and colours (chart_base.MODE_STYLES); the
    # automation/augmentation split dashed, in the colour of its first mode.
    ordered = sorted(found.series, key=lambda s: (s.level != "split", _mode_place(s.key)))
    colours = _mode_colours(ordered)
    titles = [_label(s) for s in (ordered if colours is not None else found.series)]

    def body(width: int) -> dict[str, Any]:
        encoding: dict[str, Any] = {
            "x": {
                "field": "release_id",
                "type": "ordinal",
                "title": "Release",
                "sort": releases,
                "axis": {"labelAngle": 0 if width >= 400 else -45},
            },
            "y": {"field": "value", "type": "quantitative", "title": f"{measure} ({unit})"},
        }
        # "break-paths-filter-domains" breaks a line where a release has no value (no point,
        # not 0), instead of a segment across the gap as if the value had moved straight.
        mark: dict[str, Any] = {
            "type": "line",
            "point": True,
            "invalid": "break-paths-filter-domains",
        }
        if many:
            encoding["color"] = {
                "field": "series",
                "type": "nominal",
                "title": None,
                "sort": titles,
                "legend": {"orient": "bottom", "columns": 1 if width < 400 else 2},
            }
            if colours is not None:  # the interaction modes: each in its colour everywhere
                encoding["color"]["scale"] = {"domain": titles, "range": colours}
                encoding["strokeDash"] = {
                    "field": "level",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": ["split", "mode"], "range": [[6, 3], [1, 0]]},
                    "legend": None,
                }
        else:
            mark["color"] = BLUE
        return {
            "height": 260,
            "mark": mark,
            "encoding": encoding,
        }

    return draw_chart(chart, body)
