"""What an adapter returns: canonical tables plus a report of the data decisions it made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from econindex_api.publishing.recipes import Recipe


@dataclass(frozen=True)
class AdapterResult:
    tables: dict[str, pl.DataFrame]  # canonical table name -> frame (extra columns ignored)
    report: dict[str, Any] = field(default_factory=dict)  # counts published in the descriptor
    # Measures the adapter found data for beyond the recipe's own list (the long formats'
    # classic usage tables exist only when the input has GLOBAL Claude.ai task rows).
    measures: tuple[str, ...] = ()


Adapter = Callable[[Path, Recipe], AdapterResult]
"""An adapter reads one release folder (raw_root / recipe.folder) of its upstream layout."""
