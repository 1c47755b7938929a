"""Errors of the build: each names the file, and where it can the line and column."""

from __future__ import annotations


class BuildError(Exception):
    """A build that cannot go on; nothing is published when one is raised."""


class RawDataError(BuildError):
    """Raw input that does not match what the release's layout expects.

    ``file`` is the path relative to the raw root, ``line`` the 1-based physical line in the
    file (the header is line 1), ``column`` the upstream column name.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
        where = file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {problem}")


class PublishError(BuildError):
    """Publishing refused, e.g. different content under an existing release id and version."""
