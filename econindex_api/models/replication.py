"""Wire models of ``/v1/replication``: each report's published figures against our tables.

Re-exported by ``econindex_api.models``; import them from there.
"""

from __future__ import annotations

import msgspec


class ReplicationRow(msgspec.Struct, frozen=True, kw_only=True):
    """One figure a release's report publishes, next to the value our published tables give."""

    release_id: str
    version: str
    """The package version the figure was computed from."""
    unpinned: bool
    """Built from files that are not the pinned upstream files (``--unpinned``): the row
    proves the rule's code path, not the release's figure."""
    figure: str
    """What the report publishes, in words."""
    published: str
    """As printed in the report: its decimals are the precision compared."""
    ours: str | None
    """Our value at the published precision; ``None`` when the tables lack its rows."""
    status: str
    """``match``, ``mismatch`` or ``absent`` (rows not in this build)."""
    rule: str
    """How the value is computed from our tables (docs/methods.md)."""


class Replication(msgspec.Struct, kw_only=True):
    """``GET /v1/replication``: every reproducible figure of every loaded release."""

    data: list[ReplicationRow]
    matches: int
    mismatches: int
    absent: int
    note: str
    """How to read unpinned rows."""
