"""The canonical model: every table a release can publish, with its documented fields.

Adapters (one per upstream layout) produce these tables; the packager turns each spec into a
Frictionless Table Schema and the server reads the tables back by these names. Adding an
upstream layout means writing an adapter that fills some of these tables, not changing them.

Taxonomies: every code column says which classification its codes are in. The 2025 usage
releases key occupations by **O*NET-SOC 2010** codes (``onet_soc_code``, e.g. ``15-1132.00``
"Software Developers, Applications"); the SOC structure is the **2018 SOC** with O*NET-SOC
2019 detail; the exposure release uses 6-digit **2018 SOC** codes. ``occupation_crosswalk``
links them and ``occupation_usage_soc2018`` re-keys usage to 2018 SOC. A 6-digit SOC column
names its taxonomy (``soc_2010_code``, ``soc_2018_code``); before 2.0.0 two of them were both
``soc_code`` (``tables_legacy`` keeps those specs, for rebuilding the old versions).

Unit scheme, everywhere: fields ending ``_pct`` are percentages 0-100, fields ending
``_fraction`` are fractions 0-1. Measures of different kinds (share of conversations versus
exposure) never share a column.

Where the tables are declared: ``table_spec`` (``Field``, ``ForeignKey``, ``TableSpec``, the
unit scheme and the fields both generations share), ``tables_first`` (the first-generation
and exposure releases), ``tables_long`` (the long-format releases). This module joins them.
"""

from __future__ import annotations

from econindex_api.publishing.table_spec import TableSpec
from econindex_api.publishing.tables_first import FIRST_TABLES
from econindex_api.publishing.tables_legacy import legacy_specs
from econindex_api.publishing.tables_long import LONG_TABLES

# Every table a release can publish, by name (the order of the first- then the long-format
# tables, as they were declared).
ALL_TABLES: dict[str, TableSpec] = {t.name: t for t in (*FIRST_TABLES, *LONG_TABLES)}


def table_specs(legacy_soc_code: bool = False) -> dict[str, TableSpec]:
    """The specs a version is built with: ``ALL_TABLES``, or for a version published before
    2.0.0 (``Recipe.legacy_soc_code``) the same with the old ``soc_code`` columns."""
    return legacy_specs(ALL_TABLES) if legacy_soc_code else ALL_TABLES
