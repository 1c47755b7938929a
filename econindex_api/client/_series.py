"""Series answers as tidy frames: one row per entity and point (release, window)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from econindex_api.client._pagination import rows_to_polars
from econindex_api.models import SeriesSet

if TYPE_CHECKING:
    import polars as pl


class SeriesRow(msgspec.Struct, frozen=True, kw_only=True):
    """One point of one series, flattened (the columns of :func:`series_to_polars`)."""

    measure: str
    key: str
    title: str
    level: str | None
    value_field: str
    unit: str
    release_id: str
    date: str
    window_start: str | None
    window_end: str | None
    window_rule: str | None
    base: str | None
    value: float | None
    present: bool
    package_version: str
    package_sha256: str


def series_rows(answer: SeriesSet) -> list[SeriesRow]:
    return [
        SeriesRow(
            measure=answer.measure,
            key=series.key,
            title=series.title,
            level=series.level,
            value_field=series.value_field,
            unit=series.unit,
            release_id=point.release_id,
            date=point.date,
            window_start=point.observation_window.start if point.observation_window else None,
            window_end=point.observation_window.end if point.observation_window else None,
            window_rule=point.window_rule,
            base=point.base,
            value=point.value,
            present=point.present,
            package_version=point.provenance.version,
            package_sha256=point.provenance.package_sha256,
        )
        for series in answer.series
        for point in series.data
    ]


def series_to_polars(answer: SeriesSet) -> pl.DataFrame:
    """A series answer as a tidy Polars frame: one row per entity, release and window, with
    ``value`` null and ``present`` false where the entity is absent (never 0).

    Example::

        from econindex_api import series_to_polars

        df = series_to_polars(client.series.geography("US-CA"))
        df.select("release_id", "window_rule", "value", "present", "base")
    """
    return rows_to_polars(series_rows(answer), SeriesRow)
