"""Series answers as tidy frames: one row per entity and point (release, window).

``client.series.*`` decode into :class:`SeriesResult`, the wire model
:class:`~econindex_api.models.SeriesSet` with ``to_polars()`` and ``to_pandas()`` (as the
pages have); the function :func:`series_to_polars` does the same for any ``SeriesSet``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

from econindex_api.client._pagination import rows_to_pandas, rows_to_polars
from econindex_api.models import SeriesSet

if TYPE_CHECKING:
    import polars as pl


class SeriesRow(msgspec.Struct, frozen=True, kw_only=True):
    """One point of one series, flattened: the columns of :meth:`SeriesResult.to_polars`.

    ``window_start``/``window_end`` are the point's observation window (``None`` where
    upstream states none); ``value`` is ``None`` and ``present`` false where the entity is
    not in that release (never 0)."""

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

    The same as ``answer.to_polars()`` for what ``client.series`` returns; kept for any
    ``SeriesSet`` (one decoded elsewhere, or from an older client).

    Example::

        from econindex_api import series_to_polars

        df = series_to_polars(client.series.geographies("US-CA"))
        df.select("release_id", "window_rule", "value", "present", "base")
    """
    return rows_to_polars(series_rows(answer), SeriesRow)


class SeriesResult(SeriesSet, kw_only=True):
    """What ``client.series.*`` return: the :class:`~econindex_api.models.SeriesSet` of the
    answer (``measure``, ``releases``, ``series``) with conversions to tidy frames.

    Example::

        answer = client.series.occupations("15-1132.00")
        answer.to_polars().select("release_id", "value", "present")
    """

    def rows(self) -> list[SeriesRow]:
        """One :class:`SeriesRow` per entity and point (release, and window where the series
        has one per month), in the answer's order: entities, then releases oldest first."""
        return series_rows(self)

    def to_polars(self) -> pl.DataFrame:
        """A tidy Polars frame: one row per entity, release and window (columns of
        :class:`SeriesRow`); ``value`` null and ``present`` false for an absent point.

        Example::

            client.series.categories("15").to_polars().select("release_id", "value")
        """
        return rows_to_polars(series_rows(self), SeriesRow)

    def to_pandas(self) -> Any:
        """The same rows as a pandas frame with nullable dtypes (``Float64``, ``boolean``,
        ``string``): an absent point's ``value`` is ``<NA>``.

        Example::

            client.series.categories("15").to_pandas()[["release_id", "value", "present"]]
        """
        return rows_to_pandas(series_rows(self), SeriesRow)
