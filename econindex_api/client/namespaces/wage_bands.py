"""``client.wage_bands``: share of conversations by median-wage band."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from econindex_api.client.namespaces._base import AsyncResource, SyncResource, release_path
from econindex_api.models import WageBands

__all__ = ["AsyncWageBandsResource", "WageBandsResource"]

_BANDS: msgspec.json.Decoder[WageBands] = msgspec.json.Decoder(WageBands)


def _params(
    edges: Sequence[float] | None, quantiles: Sequence[float] | None
) -> dict[str, Sequence[float] | None]:
    if edges is not None and quantiles is not None:
        raise ValueError("give either edges or quantiles, not both")
    return {"edges": edges, "quantiles": quantiles}


class WageBandsResource(SyncResource):
    """Usage by wage band (``GET /v1/releases/{release}/wage-bands``).

    Bands come from ``edges`` (US dollars per year) or from ``quantiles`` (0-1) of the
    occupations' median wages; the server's default is ``quantiles=[0.25, 0.5, 0.75]``.
    Occupations without a known wage are counted in a last ``no wage`` band.

    Example::

        bands = client.wage_bands.get("2025-02-10", edges=[50_000, 100_000])
        [(b.label, b.share_pct) for b in bands.data]
    """

    def get(
        self,
        release: str = "latest",
        *,
        edges: Sequence[float] | None = None,
        quantiles: Sequence[float] | None = None,
    ) -> WageBands:
        """Share of conversations and occupation counts per wage band.

        Example::

            bands = client.wage_bands.get("latest", quantiles=[0.5])
            bands.edges_usd        # the median of median wages
        """
        return self._client._get(
            release_path(release, "wage-bands"), _BANDS, _params(edges, quantiles)
        )


class AsyncWageBandsResource(AsyncResource):
    """Usage by wage band, for :class:`AsyncClient` (see :class:`WageBandsResource`).

    Example::

        bands = await client.wage_bands.get("latest")
    """

    async def get(
        self,
        release: str = "latest",
        *,
        edges: Sequence[float] | None = None,
        quantiles: Sequence[float] | None = None,
    ) -> WageBands:
        """Usage per wage band (see :meth:`WageBandsResource.get`).

        Example::

            bands = await client.wage_bands.get("latest", edges=[60_000])
        """
        return await self._client._get(
            release_path(release, "wage-bands"), _BANDS, _params(edges, quantiles)
        )
