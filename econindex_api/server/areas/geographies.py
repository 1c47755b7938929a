"""Area: geographies and observations of the long-format releases (issue 20).

``/v1/releases/{release}/geographies`` (usage per country or subregion, with the AUI),
``/geographies/{geo_id}`` (one geography's profile) and ``/observations`` (every published
value). They answer for releases whose package has the long-format tables
(``geo_usage``, ``observations``, ...; ``publishing/canonical.py``); other releases get 404
``measure-not-available``. The row indexes are prepared per release through
``ReleaseViews.prepared``, so this module owns them.
"""

from __future__ import annotations

from econindex_api.server.registry import Endpoint

ENDPOINTS: tuple[Endpoint, ...] = ()
