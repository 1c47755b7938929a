"""A page's chart as an image: ``<page>?chart=<id>&image=svg|png`` (issue 22, §6).

Every chart on a page links its SVG and PNG, a permalink (the page with the chart's anchor:
the page's URL holds all of the chart's state, its release and query) and an embed snippet
(an ``<img>`` of the SVG). The image is the chart as drawn on the page at desktop width: the
same SVG (title, description and every mark's values inside), or that SVG as a PNG at twice
its size. It is answered by the page's own route (``routes.serve_page``), cached like the
page, and downloaded under ``<page>-<chart>.svg``.

The drawing (SVG and PNG) happens in the render process (``drawing``); the rest is pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from econindex_api import models
from econindex_api.pages import drawing
from econindex_api.pages.chart_base import Chart, to_svg
from econindex_api.server.toolkit.problems import ApiProblem, invalid_parameter

IMAGE_TYPES = {"svg": "image/svg+xml", "png": "image/png"}
_CHART_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")


@dataclass(frozen=True)
class ImageRequest:
    chart: str
    image: str  # svg | png


def split_image_query(query_string: bytes) -> tuple[ImageRequest | None, bytes]:
    """(the chart image asked for, the rest of the query for the page). ``chart`` and
    ``image`` come together or not at all (400 naming the one missing or wrong)."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    chart = [v for k, v in pairs if k == "chart"]
    image = [v for k, v in pairs if k == "image"]
    if not chart and not image:
        return None, query_string
    if len(image) != 1 or image[0] not in IMAGE_TYPES:
        raise invalid_parameter(
            "image", "with chart=, image= must be svg or png (once)", list(IMAGE_TYPES)
        )
    if len(chart) != 1 or not _CHART_ID.fullmatch(chart[0]):
        raise invalid_parameter("chart", "the id of a chart of this page (its anchor), once")
    rest = [(k, v) for k, v in pairs if k not in ("chart", "image")]
    return ImageRequest(chart[0], image[0]), urlencode(rest).encode()


def image_href(page_href: str, chart_id: str, image: str) -> str:
    """The URL of a chart's image: the page's URL (absolute or not) plus chart= and image=."""
    joiner = "&" if "?" in page_href else "?"
    return f"{page_href}{joiner}{urlencode({'chart': chart_id, 'image': image})}"


def path_only(url: str) -> str:
    """An absolute URL's path and query: the pages link path-absolute (they work behind any
    host name); only the embed snippet, meant for other sites, carries the public URL."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def unknown_chart(chart_id: str, known: list[str]) -> ApiProblem:
    return ApiProblem(
        404,
        models.PROBLEM_NOT_FOUND,
        f"this page has no chart {chart_id[:60]!r}; its charts: {', '.join(known) or 'none'}",
        parameter="chart",
        allowed=known,
    )


def download_name(page_path: str, chart_id: str, image: str) -> str:
    """``releases-2025-02-10-categories.svg``: the page's path and the chart, file-safe."""
    stem = re.sub(r"[^A-Za-z0-9.]+", "-", page_path).strip("-") or "home"
    return f"{stem}-{chart_id}.{image}"


def chart_image(charts: Sequence[Chart], image: ImageRequest, page_url: str) -> bytes:
    """The bytes of one of a page's charts as asked (404 naming the page's charts): its
    desktop drawing with its title and its source (the permalink) drawn in, since an image
    travels without the page around it; as SVG, or that SVG as PNG at twice its size."""
    found = {c.id: c for c in charts}
    chart = found.get(image.chart)
    if chart is None:
        raise unknown_chart(image.chart, list(found))
    spec = {
        **chart.specs["wide"],
        "title": {
            "text": chart.title,
            "subtitle": f"Source: econindex, {page_url}#{chart.id}",
            "anchor": "start",
            "subtitleColor": "#555555",
        },
    }
    svg = to_svg(spec, chart.id, "image", chart.title, chart.description)
    return svg.encode() if image.image == "svg" else drawing.RENDERER.png(svg)
