"""Charts as Vega-Lite specifications, drawn to SVG on the server by ``vl-convert``.

One function per figure; what they share (``Chart``, the config, the palette, ``to_svg``,
the phone layouts) is in ``chart_base.py``; the stacked bars are in ``stacked_charts.py``.

Every function here is pure: it takes the wire models the API answers with
(``econindex_api.models``) and returns a :class:`Chart`: its title, a description (for
screen readers and the figure caption), the Vega-Lite specs, the SVGs, and the same
numbers as a table. Scales, axes, layout and text placement are Vega-Lite's: nothing here
computes a coordinate.

Why server-side SVG: pages must work with no internet for the reader (no CDN) and without
JavaScript; vl-convert bundles Vega, Vega-Lite and a JavaScript runtime in its wheel, so the
server needs no network either. Each chart is drawn twice, wide (desktop) and narrow (phones,
375 px), and the page shows one with a CSS media query: a wide SVG scaled down to a phone
makes its labels unreadably small. The drawing itself happens in a child process, once per
spec (``drawing``). Vega writes an ``aria-label`` on every mark naming its
values ("Share of conversations (%): 12.3; Group: ..."); the browser tests read those to check
that the drawn numbers are the API's.
"""

from __future__ import annotations

import math
from typing import Any

from econindex_api import models
from econindex_api.pages.chart_base import (
    BLUE,
    FACET_CELL,
    GREEN,
    GREY,
    MODE_COLORS,
    MODE_LABELS,
    ORANGE,
    Chart,
    Column,
    Row,
    draw_chart,
    labels_above,
    mode_rank,
    row_facet,
)

# --- the release page ---

SHARE = "Share of conversations (%)"
WORKFORCE = "Share of US workforce (%)"


def categories_chart(page: models.CategoryPage, api_href: str) -> Chart:
    """Share of conversations next to share of the workforce, per SOC major group."""
    rows: list[Row] = [
        {
            "major_group_code": r.major_group_code,
            "major_group_title": r.major_group_title,
            "share_pct": r.share_pct,
            "workforce_pct": r.workforce_pct,
            "occupations_with_usage": r.occupations_with_usage,
            "occupations_total": r.occupations_total,
        }
        for r in sorted(page.data, key=lambda r: (-r.share_pct, r.major_group_code))
    ]
    order = [r["major_group_title"] for r in rows]
    chart = Chart(
        id="categories",
        title="Conversations and workforce by occupation group",
        description=(
            "Horizontal bars for each of the "
            f"{len(rows)} SOC major groups: the share of conversations (blue) next to the "
            "group's share of US employment (orange), sorted by share of conversations. "
            + (
                f"Largest: {rows[0]['major_group_title']}, {rows[0]['share_pct']:.1f}% of "
                f"conversations and {_pct(rows[0]['workforce_pct'])} of the workforce."
                if rows
                else ""
            )
        ),
        columns=(
            Column("major_group_code", "SOC group"),
            Column("major_group_title", "Group"),
            Column("share_pct", SHARE, "pct"),
            Column("workforce_pct", WORKFORCE, "pct"),
            Column("occupations_with_usage", "Occupations with usage", "int"),
            Column("occupations_total", "Occupations", "int"),
        ),
        rows=tuple(rows),
        csv_href=api_href + "?format=csv",
        api_href=api_href,
        note="Military Specific Occupations are not in the BLS survey: no workforce share.",
    )

    fold = [
        {"fold": ["share_pct", "workforce_pct"], "as": ["measure_field", "value"]},
        {
            "calculate": f"datum.measure_field == 'share_pct' ? '{SHARE}' : '{WORKFORCE}'",
            "as": "measure",
        },
        {"filter": "isValid(datum.value)"},
    ]
    color = {
        "field": "measure",
        "type": "nominal",
        "title": None,
        "sort": [SHARE, WORKFORCE],
        "scale": {"range": [BLUE, ORANGE]},
    }
    x = {"field": "value", "type": "quantitative", "title": "Percent", "axis": {"tickCount": 8}}

    def body(width: int) -> dict[str, Any]:
        if width < 400:
            # Phones: each group's name on its own line above its two bars (a row facet),
            # so names are not cut to fit beside the bars.
            return {
                "transform": fold,
                "facet": {"row": row_facet("major_group_title", order)},
                "spacing": 6,
                "spec": {
                    "width": FACET_CELL,
                    "height": {"step": 9},
                    "mark": {"type": "bar"},
                    "encoding": {
                        "y": {
                            "field": "measure",
                            "type": "nominal",
                            "axis": None,
                            "sort": [SHARE, WORKFORCE],
                        },
                        "x": x,
                        "color": {**color, "legend": {"orient": "top", "direction": "vertical"}},
                    },
                },
                "resolve": {"scale": {"x": "shared"}},
            }
        return {
            "transform": fold,
            "mark": {"type": "bar"},
            "height": {"step": 11},
            "encoding": {
                "y": {
                    "field": "major_group_title",
                    "type": "nominal",
                    "sort": order,
                    "title": None,
                    "axis": {"labelLimit": 400},
                },
                "yOffset": {"field": "measure", "sort": [SHARE, WORKFORCE]},
                "x": x,
                "color": color,
            },
        }

    return draw_chart(chart, body)


def depth_chart(depth: models.Depth, api_href: str, query: str) -> Chart:
    """The depth curve: share of occupations using at least a fraction t of their tasks."""
    rows: list[Row] = [
        {
            "threshold": d.threshold,
            "occupations_count": d.occupations_count,
            "occupations_pct": d.occupations_pct,
        }
        for d in sorted(depth.data, key=lambda d: d.threshold)
    ]
    at = {round(d.threshold, 6): d.occupations_pct for d in depth.data}
    quarter = at.get(0.25)
    chart = Chart(
        id="depth",
        title="Depth of use: occupations by fraction of their tasks used",
        description=(
            "A line falling from left to right: for each fraction t of an occupation's tasks "
            "(horizontal axis, 0 to 1), the percentage of the "
            f"{depth.occupations_total} occupations with at least that fraction of their tasks "
            "appearing in conversations (vertical axis)."
            + (f" At t = 0.25 it is {quarter:.1f}%." if quarter is not None else "")
        ),
        columns=(
            Column("threshold", "Fraction of tasks used, at least", "fraction"),
            Column("occupations_count", "Occupations", "int"),
            Column("occupations_pct", "Share of occupations (%)", "pct"),
        ),
        rows=tuple(rows),
        csv_href=f"{api_href}?{query}&format=csv",
        api_href=f"{api_href}?{query}",
        note=(
            f"Mean fraction {depth.summary.mean_fraction:.3f}, median "
            f"{depth.summary.median_fraction:.3f}; {depth.summary.occupations_zero} "
            "occupations have no task in use."
        ),
    )

    def body(width: int) -> dict[str, Any]:
        return {
            "height": 220 if width < 400 else 280,
            "mark": {"type": "line", "point": True, "color": BLUE},
            "encoding": {
                "x": {
                    "field": "threshold",
                    "type": "quantitative",
                    "title": "Fraction of tasks used (at least)"
                    if width < 400
                    else "Fraction of the occupation's tasks used (at least)",
                    "scale": {"domain": [0, 1]},
                    "axis": {"labelExpr": "format(datum.value, '.0%')"},  # marks keep exact values
                },
                "y": {
                    "field": "occupations_pct",
                    "type": "quantitative",
                    "title": "Share of occupations (%)",
                    "scale": {"domain": [0, 100]},
                },
            },
        }

    return draw_chart(chart, body)


def _published_sum_note(rows: list[dict[str, Any]]) -> str:
    """Say so when the upstream mode shares do not sum to 100 (the first release's sum to
    84.21); a release whose shares do sum to 100 needs no note."""
    total = math.fsum(r["share_pct"] for r in rows)
    if abs(total - 100) <= 0.01:  # the build's own tolerance for shares summing to 100
        return ""
    return f"Upstream shares (with none) sum to {total:.2f}, not 100; served as published."


def modes_chart(modes: models.InteractionModes, api_href: str) -> Chart:
    """The five interaction modes (headline shares, ``none`` dropped), coloured by category."""
    split = {s.category: s.share_pct for s in modes.split}
    rows: list[Row] = [
        {
            "mode": m.mode,
            "mode_label": m.mode_label,
            "category": m.category,
            "share_pct": m.share_pct,
            "headline_share_pct": m.headline_share_pct,
        }
        for m in sorted(modes.data, key=lambda m: (mode_rank(m.mode), m.mode))
    ]
    drawn = [r for r in rows if r["headline_share_pct"] is not None]
    split_text = ", ".join(f"{k} {v:.1f}%" for k, v in sorted(split.items()))
    chart = Chart(
        id="modes",
        title="Automation and augmentation: the five interaction modes",
        description=(
            f"Horizontal bars for the {len(drawn)} interaction modes, as a share of "
            "conversations with a mode (conversations with none are left out and the rest "
            f"rescaled to 100), in the report's order, each mode in its own colour (the same on "
            f"every chart): automation modes in orange and yellow, augmentation in blues and "
            f"green. {split_text}."
        ),
        columns=(
            Column("mode_label", "Mode"),
            Column("category", "Category"),
            Column("headline_share_pct", "Share of conversations with a mode (%)", "pct"),
            Column("share_pct", "Share as published, incl. none (%)", "pct"),
        ),
        rows=tuple(rows),
        csv_href=api_href + "?format=csv",
        api_href=api_href,
        note=_published_sum_note(rows),
    )

    def body(width: int) -> dict[str, Any]:
        return {
            "transform": [{"filter": "isValid(datum.headline_share_pct)"}],
            "height": {"step": 26},
            "mark": {"type": "bar"},
            "encoding": {
                "y": {
                    "field": "mode_label",
                    "type": "nominal",
                    "title": None,
                    "sort": [r["mode_label"] for r in drawn],
                    "axis": {"labelLimit": 120 if width < 400 else 240},
                },
                "x": {
                    "field": "headline_share_pct",
                    "type": "quantitative",
                    "title": "Share with a mode (%)"
                    if width < 400
                    else "Share of conversations with a mode (%)",
                },
                "color": {
                    "field": "mode_label",
                    "type": "nominal",
                    "title": None,
                    "legend": None,
                    "scale": {"domain": list(MODE_LABELS), "range": list(MODE_COLORS)},
                },
            },
        }

    return draw_chart(chart, body)


def wage_bands_chart(bands: models.WageBands, api_href: str) -> Chart:
    """Share of conversations per band of median annual wage (quartiles by default)."""
    rows: list[Row] = [
        {
            "label": b.label,
            "band": _band_name(b),
            "lower_usd": b.lower_usd,
            "upper_usd": b.upper_usd,
            "occupations_count": b.occupations_count,
            "share_pct": b.share_pct,
            "has_wage": b.has_wage,
        }
        for b in bands.data
    ]
    # The band of occupations without a wage is drawn only when it holds conversations: an
    # always-empty bar looked like a finding (issue 22, §7); the table keeps its row.
    hidden = [r for r in rows if not r["has_wage"] and not r["share_pct"]]
    chart = Chart(
        id="wage-bands",
        title="Usage by wage band",
        description=(
            f"Vertical bars for {len(rows)} bands of median annual wage ("
            + ("quartiles of occupations" if bands.method == "quantiles" else "fixed edges")
            + ", plus occupations without a wage): the share of conversations of the "
            "occupations in each band."
        ),
        columns=(
            Column("band", "Wage band (per year)"),
            Column("label", "Band (API label)"),
            Column("occupations_count", "Occupations", "int"),
            Column("share_pct", SHARE, "pct"),
            Column("lower_usd", "From (USD)", "usd"),
            Column("upper_usd", "Below (USD)", "usd"),
        ),
        rows=tuple(rows),
        csv_href=api_href + "?format=csv",
        api_href=api_href,
        note=f"Edges (USD): {', '.join(f'{e:,.0f}' for e in bands.edges_usd)}; "
        f"{bands.occupations_without_wage} occupations have no wage"
        + (", and no share of conversations: no bar is drawn for them." if hidden else "."),
    )

    def body(width: int) -> dict[str, Any]:
        narrow = width < 400
        return {
            "transform": [{"filter": "datum.has_wage || datum.share_pct > 0"}],
            "height": 240,
            "mark": {"type": "bar", "color": BLUE},
            "encoding": {
                "x": {
                    "field": "band",
                    "type": "nominal",
                    "sort": [r["band"] for r in rows if r not in hidden],
                    "title": "Median annual wage (USD)",
                    "axis": {"labelAngle": -40 if narrow else 0, "labelLimit": 160},
                },
                "y": {"field": "share_pct", "type": "quantitative", "title": SHARE},
            },
        }

    return draw_chart(chart, body)


# --- occupation and exposure pages ---


def occupation_tasks_chart(
    detail: models.OccupationUsageDetail, api_href: str, top: int = 15
) -> Chart:
    """The occupation's tasks with the most conversations attributed to it."""
    used = [t for t in detail.tasks if t.attributed_share_pct > 0][:top]
    rows: list[Row] = [
        {
            "task_id": t.task_id,
            "statement": t.statement,
            # Cut here, not by Vega's labelLimit: vl-convert measures every glyph of a label
            # it has to shorten, which made an occupation page take a second to draw.
            # Numbered: two statements may start alike, and a label is the bar's identity.
            "label_wide": f"{i}. {_cut(t.statement, 52)}",
            "label_narrow": f"{i}. {_cut(t.statement, 38)}",
            "attributed_share_pct": t.attributed_share_pct,
            "share_pct": t.share_pct,
            "occupations_count": t.occupations_count,
        }
        for i, t in enumerate(used, start=1)
    ]
    chart = Chart(
        id="tasks",
        title=f"Tasks of {detail.occupation.title} most used in conversations",
        description=(
            f"Horizontal bars for the {len(rows)} tasks of this occupation with the largest "
            "share of conversations attributed to it (percent of all conversations), largest "
            "first."
        ),
        # Why two shares (issue 22, §7): a statement shared by several occupations splits its
        # conversations equally between them (GUIDE §2, n(key)).
        note="Attributed share: this occupation's part of the statement's share, which is "
        "split equally among the occupations whose task lists carry the statement (the "
        "'occupations sharing it' column); the statement's share is the whole.",
        columns=(
            Column("task_id", "Task id", "int"),
            Column("statement", "Task"),
            Column("attributed_share_pct", "Attributed share (%)", "pct"),
            Column("share_pct", "Share of the statement (%)", "pct"),
            Column("occupations_count", "Occupations sharing it", "int"),
        ),
        rows=tuple(rows),
        csv_href=f"/v1/releases/{detail.provenance.requested}/tasks?occupation="
        f"{detail.occupation.onet_soc_code}&format=csv",
        api_href=api_href,
    )

    def body(width: int) -> dict[str, Any]:
        x = {
            "field": "attributed_share_pct",
            "type": "quantitative",
            "title": "Attributed share of conversations (%)",
            "axis": {"tickCount": 6},
        }
        if width < 400:
            return labels_above(
                "label_narrow", [r["label_narrow"] for r in rows], {**x, "title": "Share (%)"}, BLUE
            )
        return {
            "height": {"step": 22},
            "mark": {"type": "bar", "color": BLUE},
            "encoding": {
                "y": {
                    "field": "label_wide",
                    "type": "nominal",
                    "title": None,
                    "sort": [r["label_wide"] for r in rows],
                    "axis": {"labelLimit": 0},
                },
                "x": x,
            },
        }

    return draw_chart(chart, body)


def exposure_chart(page: models.OccupationExposurePage, api_href: str, csv_href: str) -> Chart:
    """Exposure release: the occupations with the highest observed AI exposure."""
    rows: list[Row] = [
        {
            "soc_2018_code": r.soc_2018_code,
            "title": r.title,
            "observed_exposure_fraction": r.observed_exposure_fraction,
        }
        for r in page.data
    ]
    chart = Chart(
        id="exposure",
        title=f"The {len(rows)} occupations with the highest observed AI exposure",
        description=(
            f"Horizontal bars for {len(rows)} occupations, largest first: the observed "
            "exposure fraction (0 to 1) of each 6-digit SOC occupation."
        ),
        columns=(
            Column("soc_2018_code", "2018 SOC code"),
            Column("title", "Occupation"),
            Column("observed_exposure_fraction", "Observed exposure (fraction)", "fraction"),
        ),
        rows=tuple(rows),
        csv_href=csv_href,
        api_href=api_href,
    )

    def body(width: int) -> dict[str, Any]:
        return {
            "height": {"step": 18},
            "mark": {"type": "bar", "color": GREEN},
            "encoding": {
                "y": {
                    "field": "title",
                    "type": "nominal",
                    "title": None,
                    "sort": [r["title"] for r in rows],
                    "axis": {"labelLimit": 140 if width < 400 else 360},
                },
                "x": {
                    "field": "observed_exposure_fraction",
                    "type": "quantitative",
                    "title": "Observed exposure (fraction)",
                },
            },
        }

    return draw_chart(chart, body)


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _band_name(band: models.WageBand) -> str:
    """A wage band as people write it ("$38,145 to $53,440"), not as an interval."""
    if not band.has_wage:
        return "no wage published"
    lower, upper = band.lower_usd, band.upper_usd
    if lower is None and upper is None:
        return "all wages"
    if lower is None:
        return f"under ${upper:,.0f}"
    if upper is None:
        return f"${lower:,.0f} and over"
    return f"${lower:,.0f} to ${upper:,.0f}"


def _pct(value: float | None) -> str:
    return "no figure" if value is None else f"{value:.1f}%"


# --- change between two releases, and series ---


def _names(page: models.ComparePage) -> tuple[str, str]:
    return page.from_provenance.release_id, page.to_provenance.release_id


def change_groups_chart(page: models.ComparePage, api_href: str) -> Chart:
    """Change of each SOC group's share of conversations, in percentage points."""
    before, after = _names(page)
    return _change_bars(
        page,
        api_href,
        "change-groups",
        f"Change in share of conversations by occupation group, {before} to {after}",
        f"Horizontal bars for {len(page.data)} SOC major groups: the change in the group's "
        f"share of conversations from release {before} to {after}, in percentage points; "
        "increases to the right in blue, decreases to the left in orange, largest increase "
        "first.",
        "SOC group",
    )


def movers_chart(page: models.ComparePage, api_href: str, what: str, key_name: str) -> Chart:
    """The entities (occupations, tasks) whose share moved most between two releases: the
    compare endpoint's rows sorted by absolute change, as asked (``api_href``)."""
    before, after = _names(page)
    return _change_bars(
        page,
        api_href,
        f"movers-{what}",
        f"The {len(page.data)} {what} whose share moved most, {before} to {after}",
        f"Horizontal bars for the {len(page.data)} {what} with the largest absolute change "
        f"in share of conversations from release {before} to {after}, in percentage points "
        "(an entity in one release only counts from or to 0 here and is marked in the table); "
        "increases to the right in blue, decreases to the left in orange.",
        key_name,
        label_length=60,
    )


def _change_bars(
    page: models.ComparePage,
    api_href: str,
    chart_id: str,
    title: str,
    description: str,
    key_name: str,
    label_length: int = 0,
) -> Chart:
    before, after = _names(page)
    rows: list[Row] = [
        {
            "key": r.key,
            "title": r.title,
            "label": _cut(r.title, label_length) if label_length else r.title,
            "from_value": r.from_value,
            "to_value": r.to_value,
            "change_pp": r.change_pp,
            "direction": "up" if (r.change_pp or 0) >= 0 else "down",
        }
        for r in sorted(page.data, key=lambda r: (-(r.change_pp or 0), r.key))
    ]
    # Axis labels must be unique: a label shared by two keys gets its key.
    seen: dict[str, int] = {}
    for r in rows:
        seen[r["label"]] = seen.get(r["label"], 0) + 1
    for r in rows:
        if seen[r["label"]] > 1:
            r["label"] = f"{r['label']} ({r['key']})"
    order = [r["label"] for r in rows]
    chart = Chart(
        id=chart_id,
        title=title,
        description=description,
        columns=(
            Column("key", key_name),
            Column("title", "Name"),
            Column("from_value", f"{before} (%)", "pct"),
            Column("to_value", f"{after} (%)", "pct"),
            Column("change_pp", "Change (pp)", "pct"),
        ),
        rows=tuple(rows),
        csv_href=api_href + ("&" if "?" in api_href else "?") + "format=csv",
        api_href=api_href,
    )
    x = {
        "field": "change_pp",
        "type": "quantitative",
        "title": "Change (percentage points)",
        # 0 is where "no change" is: always on the axis, labelled.
        "scale": {"zero": True},
        "axis": {"labelExpr": "datum.value == 0 ? '0' : datum.label"},
    }
    color = {
        "field": "direction",
        "type": "nominal",
        "legend": None,
        "scale": {"domain": ["up", "down"], "range": [BLUE, ORANGE]},
    }

    def body(width: int) -> dict[str, Any]:
        if width < 400:
            return labels_above("label", order, x, color)
        return {
            "height": {"step": 18},
            "mark": {"type": "bar"},
            "encoding": {
                "y": {
                    "field": "label",
                    "type": "nominal",
                    "title": None,
                    "sort": order,
                    "axis": {"labelLimit": 0},
                },
                "x": x,
                "color": color,
            },
        }

    return draw_chart(chart, body)


def _then_now(before: str, after: str) -> list[dict[str, Any]]:
    return [
        {"fold": ["from_value", "to_value"], "as": ["side", "value"]},
        {
            "calculate": f"datum.side == 'from_value' ? '{before}' : '{after}'",
            "as": "release",
        },
        {"filter": "isValid(datum.value)"},
    ]


def change_modes_chart(page: models.ComparePage, api_href: str) -> Chart:
    """The five interaction modes in both releases (headline shares, none dropped)."""
    before, after = _names(page)
    modes = [r for r in page.data if r.level == "mode"]
    rows: list[Row] = [
        {
            "key": r.key,
            "title": r.title,
            "from_value": r.from_value,
            "to_value": r.to_value,
            "change_pp": r.change_pp,
        }
        for r in sorted(modes, key=lambda r: (mode_rank(r.key), r.key))
    ]
    split = ", ".join(
        f"{r.title}: {r.from_value:.1f}% then, {r.to_value:.1f}% now"
        for r in page.data
        if r.level == "split" and r.from_value is not None and r.to_value is not None
    )
    chart = Chart(
        id="change-modes",
        title=f"Interaction modes then ({before}) and now ({after})",
        description=(
            f"Pairs of horizontal bars for the {len(rows)} interaction modes: the share of "
            f"conversations with a mode in {before} (grey) and in {after} (blue)."
        ),
        columns=(
            Column("title", "Mode"),
            Column("from_value", f"{before} (%)", "pct"),
            Column("to_value", f"{after} (%)", "pct"),
            Column("change_pp", "Change (pp)", "pct"),
        ),
        rows=tuple(rows),
        csv_href=api_href + "?format=csv",
        api_href=api_href,
        note=f"Automation and augmentation: {split}." if split else "",
    )

    def body(width: int) -> dict[str, Any]:
        return {
            "transform": _then_now(before, after),
            "height": {"step": 13},
            "mark": {"type": "bar"},
            "encoding": {
                "y": {
                    "field": "title",
                    "type": "nominal",
                    "title": None,
                    "sort": [r["title"] for r in rows],  # the report's order, every release
                },
                "yOffset": {"field": "release", "sort": [before, after]},
                "x": {
                    "field": "value",
                    "type": "quantitative",
                    "title": "Share with a mode (%)"
                    if width < 400
                    else "Share of conversations with a mode (%)",
                },
                "color": {
                    "field": "release",
                    "type": "nominal",
                    "title": None,
                    "sort": [before, after],
                    "scale": {"domain": [before, after], "range": [GREY, BLUE]},
                },
            },
        }

    return draw_chart(chart, body)


def change_depth_chart(page: models.ComparePage, api_href: str) -> Chart:
    """The depth curves of both releases."""
    before, after = _names(page)
    rows: list[Row] = [
        {
            "key": r.key,
            "threshold": float(r.key),
            "from_value": r.from_value,
            "to_value": r.to_value,
            "change_pp": r.change_pp,
        }
        for r in sorted(page.data, key=lambda r: float(r.key))
    ]
    chart = Chart(
        id="change-depth",
        title=f"Depth of use in {before} and {after}",
        description=(
            "Two lines falling from left to right, one per release: for each fraction t of an "
            "occupation's tasks, the percentage of occupations with at least that fraction of "
            f"their tasks in use; {before} in grey, {after} in blue."
        ),
        columns=(
            Column("key", "Fraction of tasks used, at least"),
            Column("from_value", f"{before}: occupations (%)", "pct"),
            Column("to_value", f"{after}: occupations (%)", "pct"),
            Column("change_pp", "Change (pp)", "pct"),
        ),
        rows=tuple(rows),
        csv_href=api_href.replace("?", "?format=csv&", 1),
        api_href=api_href,
    )

    def body(width: int) -> dict[str, Any]:
        return {
            "transform": _then_now(before, after),
            "height": 220 if width < 400 else 280,
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {
                    "field": "threshold",
                    "type": "quantitative",
                    "title": "Fraction of tasks used (at least)"
                    if width < 400
                    else "Fraction of the occupation's tasks used (at least)",
                    "scale": {"domain": [0, 1]},
                    "axis": {"labelExpr": "format(datum.value, '.0%')"},
                },
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": "Share of occupations (%)",
                    "scale": {"domain": [0, 100]},
                },
                "color": {
                    "field": "release",
                    "type": "nominal",
                    "title": None,
                    "sort": [before, after],
                    "scale": {"domain": [before, after], "range": [GREY, BLUE]},
                },
            },
        }

    return draw_chart(chart, body)
