"""``client.series``: one measure across every usage release (``GET /v1/series/...``).

The method names mirror ``client.compare`` (and the URL paths): ``categories``,
``occupations``, ``tasks``, ``interaction_modes``, ``depth``, plus ``geographies`` and
``primitives``; the parameters are named as in ``client.compare`` and the path
(``major_group``, ``value``, ``thresholds``). Compare takes two releases first, a series takes
the entity first (it spans every release).

The singular names of the first SDK (``category``, ``occupation``, ``task``, ``geography``,
``primitive``) still work, with the same arguments, and emit a :class:`DeprecationWarning`
naming the new method: the client is published and notebooks call them.

Every method returns a :class:`~econindex_api.client._series.SeriesResult` (a
:class:`~econindex_api.models.SeriesSet` with ``.to_polars()`` and ``.to_pandas()``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import msgspec

from econindex_api.client._series import SeriesResult
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, segment

__all__ = ["AsyncSeriesResource", "SeriesResource"]

_SERIES: msgspec.json.Decoder[SeriesResult] = msgspec.json.Decoder(SeriesResult)

# Old name -> new name (README, "For researchers"; the aliases below).
RENAMED = {
    "category": "categories",
    "occupation": "occupations",
    "task": "tasks",
    "geography": "geographies",
    "primitive": "primitives",
}


def _filters(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _range(since: str | None, until: str | None) -> dict[str, Any]:
    """``since``/``until``: the first and last release of the series (inclusive), to stay
    inside a run of releases the measure compares across (``incomparable-releases``)."""
    return _filters(since=since, until=until)


def _deprecated(old: str) -> None:
    # stacklevel 3: the warning points at the caller of the alias (a notebook cell shows it).
    warnings.warn(
        f"client.series.{old}() is deprecated; use client.series.{RENAMED[old]}() (same "
        "arguments), named like client.compare",
        DeprecationWarning,
        stacklevel=3,
    )


def _geography_params(
    measure: str | None, platform: str | None, window: str | None
) -> dict[str, Any]:
    return _filters(measure=measure, platform=platform, window=window)


def _primitive_params(
    statistic: str | None,
    node: str | None,
    geo_id: str | None,
    platform: str | None,
    window: str | None,
) -> dict[str, Any]:
    return _filters(statistic=statistic, node=node, geo_id=geo_id, platform=platform, window=window)


class SeriesResource(SyncResource):
    """One measure across every dated usage release, oldest first (``GET /v1/series/...``).

    Each answer is a :class:`~econindex_api.client._series.SeriesResult`: ``series`` (one per
    entity or mode), each with ``data`` points (release id, date, observation window, value,
    present, provenance); ``.to_polars()`` gives one row per entity, release and window.

    Example::

        (coding,) = client.series.categories("15").series
        [(p.release_id, p.value) for p in coding.data]
        client.series.occupations("15-1132.00").to_polars()
    """

    def categories(
        self, major_group: str, *, since: str | None = None, until: str | None = None
    ) -> SeriesResult:
        """Share of conversations of a SOC major group (``"15"`` or ``"15-0000"``).

        Example::

            client.series.categories("15").series[0].data[-1].value
        """
        return self._client._get(
            f"/v1/series/categories/{segment(major_group)}", _SERIES, _range(since, until)
        )

    def occupations(
        self, code: str, *, since: str | None = None, until: str | None = None
    ) -> SeriesResult:
        """Share of conversations of an O*NET-SOC occupation.

        Example::

            client.series.occupations("15-1132.00").to_polars()
        """
        return self._client._get(
            f"/v1/series/occupations/{segment(code)}", _SERIES, _range(since, until)
        )

    def tasks(
        self, task_id: int | str, *, since: str | None = None, until: str | None = None
    ) -> SeriesResult:
        """Share of conversations of a task statement's key.

        Example::

            client.series.tasks(8823)
        """
        return self._client._get(
            f"/v1/series/tasks/{segment(task_id)}", _SERIES, _range(since, until)
        )

    def interaction_modes(
        self,
        *,
        value: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> SeriesResult:
        """The automation/augmentation split and each mode (``value`` as in
        :meth:`Compare.interaction_modes`).

        Example::

            {s.key: [p.value for p in s.data] for s in client.series.interaction_modes().series}
        """
        return self._client._get(
            "/v1/series/interaction-modes", _SERIES, _filters(value=value, since=since, until=until)
        )

    def depth(
        self,
        *,
        thresholds: Sequence[float] | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> SeriesResult:
        """Depth of use at each threshold.

        Example::

            client.series.depth(thresholds=[0.25])
        """
        return self._client._get(
            "/v1/series/depth", _SERIES, _filters(thresholds=thresholds, since=since, until=until)
        )

    def geographies(
        self,
        geo_id: str,
        *,
        measure: str | None = None,
        platform: str | None = None,
        window: str | None = None,
    ) -> SeriesResult:
        """A geography's ``usage_pct`` (default) or ``aui`` across the long-format releases;
        every point names its base and window (``window="each"``: one point per month).
        Releases that share no base raise :class:`BadRequestError`
        (``incomparable-releases``).

        Example::

            client.series.geographies("US-CA", measure="aui").to_polars()
        """
        path = f"/v1/series/geographies/{segment(geo_id)}"
        return self._client._get(path, _SERIES, _geography_params(measure, platform, window))

    def primitives(
        self,
        primitive: str,
        *,
        statistic: str | None = None,
        node: str | None = None,
        geo_id: str | None = None,
        platform: str | None = None,
        window: str | None = None,
    ) -> SeriesResult:
        """One statistic of an economic primitive (default ``mean`` at ``GLOBAL``) across the
        releases that publish the primitives (2026-01-15 and later).

        Example::

            client.series.primitives("human_only_time").series[0].data[-1].value   # hours
        """
        params = _primitive_params(statistic, node, geo_id, platform, window)
        path = f"/v1/series/primitives/{segment(primitive)}"
        return self._client._get(path, _SERIES, params)

    # Deprecated aliases (the first SDK's singular names): same arguments, a warning.

    def category(
        self, major_group: str, *, since: str | None = None, until: str | None = None
    ) -> SeriesResult:
        """Deprecated alias of :meth:`categories`."""
        _deprecated("category")
        return self.categories(major_group, since=since, until=until)

    def occupation(
        self, code: str, *, since: str | None = None, until: str | None = None
    ) -> SeriesResult:
        """Deprecated alias of :meth:`occupations`."""
        _deprecated("occupation")
        return self.occupations(code, since=since, until=until)

    def task(
        self, task_id: int | str, *, since: str | None = None, until: str | None = None
    ) -> SeriesResult:
        """Deprecated alias of :meth:`tasks`."""
        _deprecated("task")
        return self.tasks(task_id, since=since, until=until)

    def geography(
        self,
        geo_id: str,
        *,
        measure: str | None = None,
        platform: str | None = None,
        window: str | None = None,
    ) -> SeriesResult:
        """Deprecated alias of :meth:`geographies`."""
        _deprecated("geography")
        return self.geographies(geo_id, measure=measure, platform=platform, window=window)

    def primitive(
        self,
        primitive: str,
        *,
        statistic: str | None = None,
        node: str | None = None,
        geo_id: str | None = None,
        platform: str | None = None,
        window: str | None = None,
    ) -> SeriesResult:
        """Deprecated alias of :meth:`primitives`."""
        _deprecated("primitive")
        return self.primitives(
            primitive,
            statistic=statistic,
            node=node,
            geo_id=geo_id,
            platform=platform,
            window=window,
        )


class AsyncSeriesResource(AsyncResource):
    """Time series, for :class:`AsyncClient` (see :class:`SeriesResource`).

    Example::

        answer = await client.series.categories("15")
        answer.to_polars()
    """

    async def categories(
        self, major_group: str, *, since: str | None = None, until: str | None = None
    ) -> SeriesResult:
        """See :meth:`SeriesResource.categories`.

        Example::

            answer = await client.series.categories("15")
        """
        path = f"/v1/series/categories/{segment(major_group)}"
        return await self._client._get(path, _SERIES, _range(since, until))

    async def occupations(
        self, code: str, *, since: str | None = None, until: str | None = None
    ) -> SeriesResult:
        """See :meth:`SeriesResource.occupations`.

        Example::

            answer = await client.series.occupations("15-1132.00")
        """
        return await self._client._get(
            f"/v1/series/occupations/{segment(code)}", _SERIES, _range(since, until)
        )

    async def tasks(
        self, task_id: int | str, *, since: str | None = None, until: str | None = None
    ) -> SeriesResult:
        """See :meth:`SeriesResource.tasks`.

        Example::

            answer = await client.series.tasks(8823)
        """
        return await self._client._get(
            f"/v1/series/tasks/{segment(task_id)}", _SERIES, _range(since, until)
        )

    async def interaction_modes(
        self,
        *,
        value: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> SeriesResult:
        """See :meth:`SeriesResource.interaction_modes`.

        Example::

            answer = await client.series.interaction_modes()
        """
        return await self._client._get(
            "/v1/series/interaction-modes", _SERIES, _filters(value=value, since=since, until=until)
        )

    async def depth(
        self,
        *,
        thresholds: Sequence[float] | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> SeriesResult:
        """See :meth:`SeriesResource.depth`.

        Example::

            answer = await client.series.depth()
        """
        return await self._client._get(
            "/v1/series/depth", _SERIES, _filters(thresholds=thresholds, since=since, until=until)
        )

    async def geographies(
        self,
        geo_id: str,
        *,
        measure: str | None = None,
        platform: str | None = None,
        window: str | None = None,
    ) -> SeriesResult:
        """A geography across the long-format releases (see
        :meth:`SeriesResource.geographies`).

        Example::

            await client.series.geographies("US-CA", measure="aui")
        """
        path = f"/v1/series/geographies/{segment(geo_id)}"
        return await self._client._get(path, _SERIES, _geography_params(measure, platform, window))

    async def primitives(
        self,
        primitive: str,
        *,
        statistic: str | None = None,
        node: str | None = None,
        geo_id: str | None = None,
        platform: str | None = None,
        window: str | None = None,
    ) -> SeriesResult:
        """An economic primitive across releases (see :meth:`SeriesResource.primitives`).

        Example::

            await client.series.primitives("ai_autonomy")
        """
        params = _primitive_params(statistic, node, geo_id, platform, window)
        path = f"/v1/series/primitives/{segment(primitive)}"
        return await self._client._get(path, _SERIES, params)

    # Deprecated aliases (the first SDK's singular names): same arguments, a warning.

    async def category(
        self, major_group: str, *, since: str | None = None, until: str | None = None
    ) -> SeriesResult:
        """Deprecated alias of :meth:`categories`."""
        _deprecated("category")
        return await self.categories(major_group, since=since, until=until)

    async def occupation(
        self, code: str, *, since: str | None = None, until: str | None = None
    ) -> SeriesResult:
        """Deprecated alias of :meth:`occupations`."""
        _deprecated("occupation")
        return await self.occupations(code, since=since, until=until)

    async def task(
        self, task_id: int | str, *, since: str | None = None, until: str | None = None
    ) -> SeriesResult:
        """Deprecated alias of :meth:`tasks`."""
        _deprecated("task")
        return await self.tasks(task_id, since=since, until=until)

    async def geography(
        self,
        geo_id: str,
        *,
        measure: str | None = None,
        platform: str | None = None,
        window: str | None = None,
    ) -> SeriesResult:
        """Deprecated alias of :meth:`geographies`."""
        _deprecated("geography")
        return await self.geographies(geo_id, measure=measure, platform=platform, window=window)

    async def primitive(
        self,
        primitive: str,
        *,
        statistic: str | None = None,
        node: str | None = None,
        geo_id: str | None = None,
        platform: str | None = None,
        window: str | None = None,
    ) -> SeriesResult:
        """Deprecated alias of :meth:`primitives`."""
        _deprecated("primitive")
        return await self.primitives(
            primitive,
            statistic=statistic,
            node=node,
            geo_id=geo_id,
            platform=platform,
            window=window,
        )
