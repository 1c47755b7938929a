"""Pages as pure functions: wire models in, HTML out (Jinja2 templates, autoescaped).

Nothing here touches HTTP, the cache or the data root: ``routes`` fetches the typed answers
(the same ``econindex_api.models`` Structs the API encodes) and hands them here. The only
inputs besides those answers are the paths of links, which ``routes`` owns.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from econindex_api import models
from econindex_api._version import __version__
from econindex_api.pages.chart_base import Chart
from econindex_api.pages.chart_images import image_href, path_only

TEMPLATES = Path(__file__).parent / "templates"


def format_value(value: Any, kind: str) -> str:
    """How a table cell shows a number (the exact value goes to ``data-value``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "pct":
        return f"{value:.2f}" if abs(value) >= 0.01 or value == 0 else f"{value:.4f}"
    if kind == "fraction":
        return f"{value:.3f}"
    if kind == "usd":
        return f"{value:,.0f}"
    if kind == "int":
        return f"{value:,}" if isinstance(value, int) else str(value)
    return str(value)


def data_value(value: Any) -> str:
    """The exact value of a cell, as JSON (what the browser tests compare with the API)."""
    return json.dumps(value)


def code_ticks(text: str) -> Markup:
    """Text whose `backticked` parts are code (the problem types' documentation is written
    once, for the JSON and the pages): escaped, then each `x` as <code>x</code>."""
    escaped = str(Markup.escape(text))
    parts = escaped.split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: leave them as they are
        return Markup(escaped)
    return Markup("".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts)))


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fmt"] = format_value
    env.filters["dv"] = data_value
    env.filters["ticks"] = code_ticks
    env.filters["chart_image"] = image_href
    env.filters["path_only"] = path_only
    env.globals["version"] = __version__
    return env


ENV = _env()


@dataclass(frozen=True)
class Site:
    """What every page's frame needs: where the stylesheet is and the nav links."""

    css_href: str
    latest_href: str | None  # the newest usage release's page
    search_href: str | None


@dataclass(frozen=True)
class Cite:
    """Provenance of the numbers on a page, and how to cite them."""

    release_id: str
    version: str
    package_sha256: str
    title: str
    datapackage_href: str
    page_href: str
    upstream: str  # the package's own citation text

    @property
    def text(self) -> str:
        return (
            f"econindex, “{self.title}”, release {self.release_id}, package version "
            f"{self.version} (datapackage.json sha256 {self.package_sha256}). "
            f"Licence CC-BY-4.0. {self.upstream}"
        )


def cite_of(
    summary: models.ReleaseSummary, page_href: str, datapackage_href: str, upstream: str
) -> Cite:
    return Cite(
        release_id=summary.id,
        version=summary.version,
        package_sha256=summary.package_sha256,
        title=summary.title,
        datapackage_href=datapackage_href,
        page_href=page_href,
        upstream=upstream,
    )


def dataset_jsonld(dataset: dict[str, Any]) -> str:
    """The ``<script type="application/ld+json">`` text of a release's schema.org Dataset
    (``croissant.dataset_part`` of its served Croissant: search engines and reference
    managers read the same properties as ML loaders)."""
    # </script> must not end the block early: escape every "<" (valid JSON either way).
    return json.dumps(dataset, ensure_ascii=False, indent=1).replace("<", "\\u003c")


def _render(template: str, **context: Any) -> str:
    return ENV.get_template(template).render(**context)


@dataclass(frozen=True)
class ReleaseRow:
    summary: models.ReleaseSummary
    page_href: str


@dataclass(frozen=True)
class Headline:
    """Figures of the newest release shown on the home page."""

    release_id: str
    page_href: str
    top_groups: Sequence[models.CategoryRow]
    split: Sequence[models.InteractionSplit]
    depth: Sequence[models.DepthAtThreshold]
    occupations_total: int
    occupations_href: str | None = None  # the release's list of every occupation


@dataclass(frozen=True)
class Delta:
    """What changed between the two newest comparable releases (home page)."""

    release_from: str
    release_to: str
    page_href: str
    api_href: str
    groups: Sequence[models.ChangeRow]  # the SOC groups that moved most
    split: Sequence[models.ChangeRow]  # automation and augmentation, then and now
    base: str | None


def home_page(
    site: Site,
    releases: Sequence[ReleaseRow],
    headline: Headline | None,
    api: dict[str, str],
    changes: Sequence[dict[str, str]] = (),
    delta: Delta | None = None,
) -> str:
    return _render(
        "home.html",
        site=site,
        title="econindex: how conversations with AI map onto the economy",
        releases=releases,
        headline=headline,
        api=api,
        changes=changes,
        delta=delta,
    )


def release_page(
    site: Site,
    summary: models.ReleaseSummary,
    detail: models.ReleaseDetail,
    charts: Sequence[Chart],
    cite: Cite,
    jsonld: str,
    links: dict[str, str],
) -> str:
    return _render(
        "release.html",
        site=site,
        title=f"{summary.title}",
        summary=summary,
        detail=detail,
        charts=charts,
        cite=cite,
        jsonld=Markup(jsonld),  # safe: every "<" escaped (dataset_jsonld)
        links=links,
    )


def occupation_page(
    site: Site,
    detail: models.OccupationUsageDetail,
    chart: Chart | None,
    cite: Cite,
    links: dict[str, str],
    modes_note: str,
) -> str:
    return _render(
        "occupation.html",
        site=site,
        title=f"{detail.occupation.title} ({detail.occupation.onet_soc_code})",
        detail=detail,
        occ=detail.occupation,
        chart=chart,
        cite=cite,
        links=links,
        modes_note=modes_note,
        modes=[
            ("directive_fraction", "directive", "automation"),
            ("feedback_loop_fraction", "feedback loop", "automation"),
            ("task_iteration_fraction", "task iteration", "augmentation"),
            ("validation_fraction", "validation", "augmentation"),
            ("learning_fraction", "learning", "augmentation"),
            ("filtered_fraction", "filtered", "none"),
        ],
    )


def occupation_list_page(
    site: Site,
    rows: list[models.OccupationUsageRow],
    total: int,
    group_title: str,
    cite: Cite,
    links: dict[str, str | None],
    occupation_href: str,
    **listing: Any,
) -> str:
    """The occupations (all, a group's, a search's); ``listing``: the form's values (q,
    group, groups, sort) and the sortable headers (sorts)."""
    return _render(
        "occupations.html",
        site=site,
        title=f"Occupations: {group_title}",
        rows=rows,
        total=total,
        group_title=group_title,
        cite=cite,
        links=links,
        occupation_href=occupation_href,
        **listing,
    )


def task_search_page(
    site: Site,
    hits: dict[str, Any] | None,
    q: str,
    cite: Cite,
    links: dict[str, str],
    occupation_href: str,
    **listing: Any,
) -> str:
    """The task search: ``hits`` (statements, rows, shown, pager) when there are words."""
    return _render(
        "tasks.html",
        site=site,
        title=f"Task search: {q}" if q else "Task search",
        hits=hits,
        q=q,
        cite=cite,
        links=links,
        occupation_href=occupation_href,
        **listing,
    )


CLUSTER_MODES = (
    ("directive_fraction", "directive"),
    ("feedback_loop_fraction", "feedback loop"),
    ("task_iteration_fraction", "task iteration"),
    ("validation_fraction", "validation"),
    ("learning_fraction", "learning"),
    ("none_fraction", "none"),
)


def clusters_page(
    site: Site,
    rows: list[tuple[models.ClusterRow, float | None]],
    total: int,
    q: str,
    cite: Cite,
    links: dict[str, str],
    cluster_href: str,
    **listing: Any,
) -> str:
    """The clusters, each with its share of records (level 0 as published, levels 1 and 2
    the sum of their level-0 clusters)."""
    return _render(
        "clusters.html",
        site=site,
        title=f"Clusters: {q}" if q else "Conversation clusters",
        rows=rows,
        total=total,
        q=q,
        cite=cite,
        links=links,
        cluster_href=cluster_href,
        **listing,
    )


def cluster_page(
    site: Site,
    detail: models.ClusterDetail,
    cite: Cite,
    links: dict[str, str | None],
    cluster_href: str,
    share: float | None,
    children: list[tuple[models.ClusterRow, float | None]],
) -> str:
    """One cluster; ``share`` and the ``children``'s shares of records as published for
    level 0, summed from level 0 for levels 1 and 2 (``listing.cluster_shares``)."""
    return _render(
        "cluster.html",
        site=site,
        title=f"Cluster: {detail.cluster.name}",
        detail=detail,
        c=detail.cluster,
        cite=cite,
        links=links,
        cluster_href=cluster_href,
        modes=CLUSTER_MODES,
        share=share,
        children=children,
    )


def replication_page(site: Site, table: models.Replication, links: dict[str, str]) -> str:
    return _render(
        "replication.html",
        site=site,
        title="Replication",
        table=table,
        unpinned=any(r.unpinned for r in table.data),
        links=links,
    )


def comparability_page(site: Site, table: models.ComparabilityTable, links: dict[str, str]) -> str:
    pairs = list(zip(table.releases, table.releases[1:], strict=False))
    measures = list(dict.fromkeys(r.measure for r in table.data))
    cells = {(r.measure, r.release_from, r.release_to): r for r in table.data}
    return _render(
        "comparability.html",
        site=site,
        title="Comparability across releases",
        pairs=pairs,
        measures=measures,
        cells=cells,
        links=links,
    )


def charts_page(
    site: Site,
    title: str,
    heading: str,
    lead: str,
    charts: Sequence[Chart],
    cite: Cite,
    crumbs: Sequence[dict[str, str]] = (),
) -> str:
    """A page of charts over several releases (the change page, a series)."""
    return _render(
        "charts.html",
        site=site,
        title=title,
        heading=heading,
        lead=lead,
        charts=charts,
        cite=cite,
        crumbs=crumbs,
    )


def joint_cite(summaries: Sequence[models.Provenance], page_href: str, what: str) -> Cite:
    """Provenance of numbers drawn from several packages: every release, version and hash."""
    return Cite(
        release_id=" and ".join(p.release_id for p in summaries),
        version=" and ".join(p.version for p in summaries),
        package_sha256=" and ".join(p.package_sha256 for p in summaries),
        title=what,
        datapackage_href=f"/v1/releases/{summaries[-1].release_id}/datapackage.json",
        page_href=page_href,
        upstream="Anthropic Economic Index, republished by econindex; CC-BY-4.0.",
    )
