"""The task key that joins usage to O*NET statements (docs/methods.md, "Task key")."""

from __future__ import annotations

import polars as pl


def task_key(statement: pl.Expr) -> pl.Expr:
    """Lower-case the statement and strip surrounding white space."""
    return statement.str.to_lowercase().str.strip_chars()
