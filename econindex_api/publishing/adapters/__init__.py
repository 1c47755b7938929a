"""One adapter per upstream layout (file family), looked up by the recipe's ``layout``.

The raw data quirks each adapter handles are listed in README.md, "Data decisions"; the
methods it applies are in docs/methods.md.

A new layout (March 2025 by-task files, the long formats of September 2025 and June 2026)
is a new module here and one line in ADAPTERS; existing adapters do not change.
"""

from __future__ import annotations

from econindex_api.publishing.adapters.base import Adapter, AdapterResult
from econindex_api.publishing.adapters.exposure_tables import build_exposure_tables
from econindex_api.publishing.adapters.flat_tasks import build_flat_tasks
from econindex_api.publishing.adapters.flat_tasks_march import build_flat_tasks_march
from econindex_api.publishing.adapters.long_v1 import build_long_v1
from econindex_api.publishing.adapters.long_v2 import build_long_v2

ADAPTERS: dict[str, Adapter] = {
    "flat_tasks": build_flat_tasks,
    "flat_tasks_march": build_flat_tasks_march,
    "exposure_tables": build_exposure_tables,
    "long_v1": build_long_v1,
    "long_v2": build_long_v2,
}

__all__ = ["ADAPTERS", "Adapter", "AdapterResult"]
