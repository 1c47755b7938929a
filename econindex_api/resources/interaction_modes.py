"""``client.interaction_modes``: how people work with the AI, and automation vs augmentation."""

from __future__ import annotations

import msgspec

from econindex_api.models import InteractionModes
from econindex_api.resources._base import AsyncResource, SyncResource, release_path

__all__ = ["AsyncInteractionModesResource", "InteractionModesResource"]

_MODES: msgspec.json.Decoder[InteractionModes] = msgspec.json.Decoder(InteractionModes)


class InteractionModesResource(SyncResource):
    """Interaction modes (``GET /v1/releases/{release}/interaction-modes``): raw shares as
    published and the headline automation/augmentation split (``none`` dropped).

    Example::

        modes = client.interaction_modes.get("2025-02-10")
        {s.category: s.share_pct for s in modes.split}
    """

    def get(self, release: str = "latest") -> InteractionModes:
        """The modes of a usage release.

        Example::

            [(m.mode, m.share_pct) for m in client.interaction_modes.get("latest").data]
        """
        return self._client._get(release_path(release, "interaction-modes"), _MODES)


class AsyncInteractionModesResource(AsyncResource):
    """Interaction modes, for :class:`AsyncClient` (see :class:`InteractionModesResource`).

    Example::

        modes = await client.interaction_modes.get("latest")
    """

    async def get(self, release: str = "latest") -> InteractionModes:
        """The modes of a usage release (see :meth:`InteractionModesResource.get`).

        Example::

            split = (await client.interaction_modes.get("latest")).split
        """
        return await self._client._get(release_path(release, "interaction-modes"), _MODES)
