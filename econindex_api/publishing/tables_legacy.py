"""The table specs of the versions published before 2.0.0, kept so they rebuild byte for byte.

Until 2.0.0 two published columns shared the name ``soc_code`` while holding different
taxonomies: ``occupations.soc_code`` (SOC 2010) and ``job_exposure.soc_code`` (2018 SOC).
Joining the two on that name kept 53 % of the share with no warning (issue 22). 2.0.0 (a
MAJOR version: a column renamed) calls them ``soc_2010_code`` and ``soc_2018_code``.

A published version never changes and the catalog keeps it; a recipe flagged
``legacy_soc_code`` (2025-02-10 1.1.0, 2025-03-27 1.0.1, labor-market-impacts 1.0.1) rebuilds
one of those versions. It is built from the same adapters, whose frames carry the new names:
``legacy_frames`` renames them back, and ``legacy_specs`` gives the specs with the old names
and the old descriptions word for word (a description is in the descriptor, whose sha256 is
the package's).
"""

from __future__ import annotations

import dataclasses

import polars as pl

from econindex_api.publishing.table_spec import SOC_PATTERN, Field, TableSpec
from econindex_api.publishing.tables_first import (
    JOB_EXPOSURE,
    OCCUPATION_CROSSWALK,
    OCCUPATION_USAGE_SOC2018,
    OCCUPATIONS,
)

# table -> (name since 2.0.0, name before 2.0.0)
LEGACY_RENAMES: dict[str, tuple[str, str]] = {
    "occupations": ("soc_2010_code", "soc_code"),
    "job_exposure": ("soc_2018_code", "soc_code"),
}

_OLD_SOC_2010 = Field(
    "soc_code",
    "string",
    "6-digit SOC 2010 code: the O*NET-SOC 2010 code without its suffix. Not a 2018 SOC "
    "code (some are not in soc_structure); use occupation_crosswalk to reach "
    "2018 SOC.",
    pattern=SOC_PATTERN,
)
_OLD_EXPOSURE_SOC = Field(
    "soc_code",
    "string",
    "6-digit 2018 SOC code, e.g. 15-1252 (Software Developers).",
    pattern=SOC_PATTERN,
)
# The crosswalk's 2018 SOC column kept its name; its description named job_exposure.soc_code.
_OLD_SOC_2018_DESCRIPTION = (
    "6-digit 2018 SOC code, e.g. 15-1252 (the codes of soc_structure and of the exposure "
    "release's job_exposure.soc_code)."
)


def _with_field(spec: TableSpec, name: str, replacement: Field) -> TableSpec:
    """``spec`` with its field ``name`` replaced (its key renamed with it)."""
    fields = tuple(replacement if f.name == name else f for f in spec.fields)
    key = tuple(replacement.name if k == name else k for k in spec.primary_key)
    return dataclasses.replace(spec, fields=fields, primary_key=key)


def _old_soc_2018(spec: TableSpec) -> TableSpec:
    field = next(f for f in spec.fields if f.name == "soc_2018_code")
    return _with_field(
        spec, "soc_2018_code", dataclasses.replace(field, description=_OLD_SOC_2018_DESCRIPTION)
    )


LEGACY_SPECS: dict[str, TableSpec] = {
    "occupations": _with_field(OCCUPATIONS, "soc_2010_code", _OLD_SOC_2010),
    "job_exposure": _with_field(JOB_EXPOSURE, "soc_2018_code", _OLD_EXPOSURE_SOC),
    "occupation_crosswalk": _old_soc_2018(OCCUPATION_CROSSWALK),
    "occupation_usage_soc2018": _old_soc_2018(OCCUPATION_USAGE_SOC2018),
}


def legacy_specs(specs: dict[str, TableSpec]) -> dict[str, TableSpec]:
    """``specs`` as the versions before 2.0.0 declared them."""
    return {**specs, **{n: s for n, s in LEGACY_SPECS.items() if n in specs}}


def legacy_frames(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The adapters' frames with the columns named as before 2.0.0."""
    renamed = dict(tables)
    for table, (new, old) in LEGACY_RENAMES.items():
        if table in renamed:
            renamed[table] = renamed[table].rename({new: old})
    return renamed
