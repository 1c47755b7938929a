"""``client.compare``: change between two releases (``client.series``, one measure across every
usage release, is in ``series.py`` and mirrors these names).

Compare answers are pages of :class:`~econindex_api.models.ChangeRow` (``key``, ``title``,
``from_value``, ``to_value``, ``change``, ``change_pp``, ``relative_change``, ``in_from``,
``in_to``), largest absolute change first; ``page.raw.from_provenance`` and
``page.raw.to_provenance`` name both packages. An entity present on one side only has the
other side ``None``, never 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from econindex_api.client._pagination import AsyncPage, AsyncPageIterator, PageIterator, SyncPage
from econindex_api.client.namespaces._base import AsyncResource, SyncResource, segment
from econindex_api.models import ChangeRow, ComparePage

__all__ = ["AsyncCompare", "Compare"]

_PAGE: msgspec.json.Decoder[ComparePage] = msgspec.json.Decoder(ComparePage)

MEASURES = (
    "categories",
    "occupations",
    "tasks",
    "geographies",
    "interaction-modes",
    "interaction-modes/categories",
    "interaction-modes/occupations",
    "depth",
    "wage-bands",
)


def compare_path(from_release: str, to_release: str, measure: str) -> str:
    """``/v1/compare/<from>/<to>/<measure>`` with the release ids percent-encoded."""
    for name, value in (("from_release", from_release), ("to_release", to_release)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"{name} must be a release id or 'latest', got {value!r}")
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, got {measure!r}")
    return f"/v1/compare/{segment(from_release)}/{segment(to_release)}/{measure}"


def _filters(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


class Compare(SyncResource):
    """Change between two releases of one series (``GET /v1/compare/{from}/{to}/{measure}``).

    Every method returns one page (iterate it, ``.to_polars()``, ``.next_page()``,
    ``.iter_pages()``); :meth:`iter` walks every page of a measure.

    Example::

        page = client.compare.categories("2025-02-10", "2025-03-27", limit=5)
        for row in page:                       # largest absolute change first
            print(row.title, row.from_value, row.to_value, row.change_pp)
        df = client.compare.iter("tasks", "2025-02-10", "latest").to_polars()
    """

    def _page(
        self, measure: str, from_release: str, to_release: str, **params: Any
    ) -> SyncPage[ChangeRow]:
        return self._client._get_page(
            compare_path(from_release, to_release, measure), _PAGE, _filters(**params)
        )

    def categories(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        q: str | None = None,
        min_abs_change: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[ChangeRow]:
        """Share of conversations per SOC major group (``share_pct``, change in percentage
        points).

        Example::

            top = client.compare.categories("2025-02-10", "2025-03-27", limit=5)
            [(r.title, round(r.change_pp, 2)) for r in top]
        """
        return self._page(
            "categories",
            from_release,
            to_release,
            q=q,
            min_abs_change=min_abs_change,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )

    def occupations(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        q: str | None = None,
        major_group: str | None = None,
        min_abs_change: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[ChangeRow]:
        """Share of conversations per occupation (key: O*NET-SOC code).

        Example::

            client.compare.occupations("2025-02-10", "latest", major_group="15").to_polars()
        """
        return self._page(
            "occupations",
            from_release,
            to_release,
            q=q,
            major_group=major_group,
            min_abs_change=min_abs_change,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )

    def tasks(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        q: str | None = None,
        major_group: str | None = None,
        min_abs_change: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SyncPage[ChangeRow]:
        """Share of conversations per task statement (key: O*NET task id).

        Example::

            client.compare.tasks("2025-02-10", "latest", q="debug", min_abs_change=0.05)
        """
        return self._page(
            "tasks",
            from_release,
            to_release,
            q=q,
            major_group=major_group,
            min_abs_change=min_abs_change,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )

    def interaction_modes(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        value: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> SyncPage[ChangeRow]:
        """The automation/augmentation split (``level == "split"``) and each mode
        (``value="headline_share_pct"``, default) or the raw modes (``value="share_pct"``).

        Example::

            split = [r for r in client.compare.interaction_modes("2025-02-10", "latest")
                     if r.level == "split"]
        """
        return self._page(
            "interaction-modes", from_release, to_release, value=value, sort=sort, limit=limit
        )

    def interaction_modes_by_category(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        value: str | None = None,
        major_group: str | None = None,
        min_abs_change: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> SyncPage[ChangeRow]:
        """Interaction-mode ratios per SOC major group (fractions 0-1, ``change_pp`` is
        ``None``; ``value`` default ``automation_fraction``). Both releases must publish
        interaction modes per task (404 measure-not-available otherwise).

        Example::

            client.compare.interaction_modes_by_category("2025-03-27", "latest")
        """
        return self._page(
            "interaction-modes/categories",
            from_release,
            to_release,
            value=value,
            major_group=major_group,
            min_abs_change=min_abs_change,
            sort=sort,
            limit=limit,
        )

    def interaction_modes_by_occupation(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        value: str | None = None,
        major_group: str | None = None,
        min_abs_change: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> SyncPage[ChangeRow]:
        """Interaction-mode ratios per occupation (see :meth:`interaction_modes_by_category`).

        Example::

            client.compare.interaction_modes_by_occupation("2025-03-27", "latest", limit=10)
        """
        return self._page(
            "interaction-modes/occupations",
            from_release,
            to_release,
            value=value,
            major_group=major_group,
            min_abs_change=min_abs_change,
            sort=sort,
            limit=limit,
        )

    def depth(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        thresholds: Sequence[float] | None = None,
        sort: str | None = None,
    ) -> SyncPage[ChangeRow]:
        """Share of occupations whose fraction of tasks with usage reaches each threshold,
        the same thresholds on both sides (default 0.25, 0.5, 0.75).

        Example::

            client.compare.depth("2025-02-10", "latest", thresholds=[0.25, 0.75])
        """
        return self._page("depth", from_release, to_release, thresholds=thresholds, sort=sort)

    def wage_bands(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        edges: Sequence[float] | None = None,
        sort: str | None = None,
    ) -> SyncPage[ChangeRow]:
        """Usage by wage band with fixed USD ``edges`` on both sides (quantile bands are not
        comparable and the API refuses them).

        Example::

            client.compare.wage_bands("2025-02-10", "latest", edges=[40000, 80000], sort="key")
        """
        return self._page("wage-bands", from_release, to_release, edges=edges, sort=sort)

    def iter(
        self, measure: str, from_release: str, to_release: str = "latest", **filters: Any
    ) -> PageIterator[ChangeRow]:
        """Every row of a measure (``"tasks"``, ``"wage-bands"``...), page after page;
        ``filters`` are the measure's query parameters.

        Example::

            df = client.compare.iter("tasks", "2025-02-10", "latest", limit=1000).to_polars()
        """
        return self._client._iter(
            compare_path(from_release, to_release, measure), _PAGE, _filters(**filters)
        )


class AsyncCompare(AsyncResource):
    """Change between two releases, for :class:`AsyncClient` (see :class:`Compare`).

    Example::

        page = await client.compare.categories("2025-02-10", "latest")
        rows = [r async for r in client.compare.iter("tasks", "2025-02-10", "latest")]
    """

    async def _page(self, measure: str, from_release: str, to_release: str, **params: Any) -> Any:
        return await self._client._get_page(
            compare_path(from_release, to_release, measure), _PAGE, _filters(**params)
        )

    async def categories(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        q: str | None = None,
        min_abs_change: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[ChangeRow]:
        """See :meth:`Compare.categories`.

        Example::

            page = await client.compare.categories("2025-02-10", "latest", limit=5)
        """
        page: AsyncPage[ChangeRow] = await self._page(
            "categories",
            from_release,
            to_release,
            q=q,
            min_abs_change=min_abs_change,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )
        return page

    async def occupations(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        q: str | None = None,
        major_group: str | None = None,
        min_abs_change: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[ChangeRow]:
        """See :meth:`Compare.occupations`.

        Example::

            page = await client.compare.occupations("2025-02-10", "latest", major_group="15")
        """
        page: AsyncPage[ChangeRow] = await self._page(
            "occupations",
            from_release,
            to_release,
            q=q,
            major_group=major_group,
            min_abs_change=min_abs_change,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )
        return page

    async def tasks(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        q: str | None = None,
        major_group: str | None = None,
        min_abs_change: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> AsyncPage[ChangeRow]:
        """See :meth:`Compare.tasks`.

        Example::

            page = await client.compare.tasks("2025-02-10", "latest", q="debug")
        """
        page: AsyncPage[ChangeRow] = await self._page(
            "tasks",
            from_release,
            to_release,
            q=q,
            major_group=major_group,
            min_abs_change=min_abs_change,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )
        return page

    async def interaction_modes(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        value: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPage[ChangeRow]:
        """See :meth:`Compare.interaction_modes`.

        Example::

            page = await client.compare.interaction_modes("2025-02-10", "latest")
        """
        page: AsyncPage[ChangeRow] = await self._page(
            "interaction-modes", from_release, to_release, value=value, sort=sort, limit=limit
        )
        return page

    async def interaction_modes_by_category(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        value: str | None = None,
        major_group: str | None = None,
        min_abs_change: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPage[ChangeRow]:
        """See :meth:`Compare.interaction_modes_by_category`.

        Example::

            page = await client.compare.interaction_modes_by_category("2025-03-27", "latest")
        """
        page: AsyncPage[ChangeRow] = await self._page(
            "interaction-modes/categories",
            from_release,
            to_release,
            value=value,
            major_group=major_group,
            min_abs_change=min_abs_change,
            sort=sort,
            limit=limit,
        )
        return page

    async def interaction_modes_by_occupation(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        value: str | None = None,
        major_group: str | None = None,
        min_abs_change: float | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> AsyncPage[ChangeRow]:
        """See :meth:`Compare.interaction_modes_by_occupation`.

        Example::

            page = await client.compare.interaction_modes_by_occupation("2025-03-27", "latest")
        """
        page: AsyncPage[ChangeRow] = await self._page(
            "interaction-modes/occupations",
            from_release,
            to_release,
            value=value,
            major_group=major_group,
            min_abs_change=min_abs_change,
            sort=sort,
            limit=limit,
        )
        return page

    async def depth(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        thresholds: Sequence[float] | None = None,
        sort: str | None = None,
    ) -> AsyncPage[ChangeRow]:
        """See :meth:`Compare.depth`.

        Example::

            page = await client.compare.depth("2025-02-10", "latest")
        """
        page: AsyncPage[ChangeRow] = await self._page(
            "depth", from_release, to_release, thresholds=thresholds, sort=sort
        )
        return page

    async def wage_bands(
        self,
        from_release: str,
        to_release: str = "latest",
        *,
        edges: Sequence[float] | None = None,
        sort: str | None = None,
    ) -> AsyncPage[ChangeRow]:
        """See :meth:`Compare.wage_bands`.

        Example::

            page = await client.compare.wage_bands("2025-02-10", "latest", edges=[50000])
        """
        page: AsyncPage[ChangeRow] = await self._page(
            "wage-bands", from_release, to_release, edges=edges, sort=sort
        )
        return page

    def iter(
        self, measure: str, from_release: str, to_release: str = "latest", **filters: Any
    ) -> AsyncPageIterator[ChangeRow]:
        """See :meth:`Compare.iter`; use with ``async for``.

        Example::

            rows = [r async for r in client.compare.iter("occupations", "2025-02-10", "latest")]
        """
        return self._client._iter(
            compare_path(from_release, to_release, measure), _PAGE, _filters(**filters)
        )
