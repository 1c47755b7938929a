"""``client.depth``: how deeply occupations use AI (share of their tasks with usage)."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import Depth

__all__ = ["AsyncDepthResource", "DepthResource"]

_DEPTH: msgspec.json.Decoder[Depth] = msgspec.json.Decoder(Depth)


def _params(
    thresholds: Sequence[float] | None, bins: int | None
) -> dict[str, Sequence[float] | int | None]:
    return {"thresholds": thresholds, "bins": bins}


class DepthResource(SyncResource):
    """Depth of use (``GET /v1/releases/{release}/depth``): the share of occupations whose
    fraction of tasks with usage reaches each threshold, and the distribution of fractions.

    Example::

        depth = client.depth.get("2025-02-10", thresholds=[0.25, 0.75])
        [(d.threshold, d.occupations_pct) for d in depth.data]
    """

    def get(
        self,
        release: str = "latest",
        *,
        thresholds: Sequence[float] | None = None,
        bins: int | None = None,
    ) -> Depth:
        """Depth at ``thresholds`` (fractions 0-1; default 0.25, 0.5, 0.75) and a histogram
        of the fractions in ``bins`` equal bins (default 10).

        Example::

            client.depth.get("latest").summary.median_fraction
        """
        return self._client._get(release_path(release, "depth"), _DEPTH, _params(thresholds, bins))


class AsyncDepthResource(AsyncResource):
    """Depth of use, for :class:`AsyncClient` (see :class:`DepthResource`).

    Example::

        depth = await client.depth.get("latest")
    """

    async def get(
        self,
        release: str = "latest",
        *,
        thresholds: Sequence[float] | None = None,
        bins: int | None = None,
    ) -> Depth:
        """Depth of use (see :meth:`DepthResource.get`).

        Example::

            depth = await client.depth.get("latest", thresholds=[0.5])
        """
        return await self._client._get(
            release_path(release, "depth"), _DEPTH, _params(thresholds, bins)
        )
