"""The crosswalk step of the build: O*NET-SOC 2010 usage re-keyed to 2018 SOC.

Runs after a usage release's adapter, for every recipe with ``crosswalk_files``: reads the two
official O*NET crosswalks (pinned by sha256 in the recipe, checked by the pipeline) from the
O*NET folder, and adds two tables to the release: ``occupation_crosswalk`` (every link, splits
and merges kept) and ``occupation_usage_soc2018`` (occupation shares by 2018 SOC code). The
method, and the allocation across split targets, is in econindex_api.methods.crosswalk.

Refused (the build stops naming the file): a code that is not O*NET-SOC or SOC shaped, a
repeated link, a 2019 code with two 2018 SOC codes or none, and a usage occupation that the
crosswalk does not know (its share would silently vanish from the 2018 SOC table).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from econindex_api.methods.crosswalk import codes_without_link, crosswalk_links, soc2018_shares
from econindex_api.methods.exact_sum import exact_sum
from econindex_api.publishing.errors import RawDataError
from econindex_api.publishing.raw_csv import TEXT, read_raw_csv, reject_rows, repeats
from econindex_api.publishing.recipes import (
    ONET_CROSSWALK_2010_2019,
    ONET_CROSSWALK_2019_SOC,
    ONET_FOLDER,
)

ONET_PATTERN = r"^\d{2}-\d{4}\.\d{2}$"
SOC_PATTERN = r"^\d{2}-\d{4}$"


def _name(file: str) -> str:
    return f"{ONET_FOLDER}/{file}"


def _check_pattern(frame: pl.DataFrame, name: str, column: str, pattern: str) -> None:
    reject_rows(
        frame.filter(~pl.col(column).str.contains(pattern)),
        name,
        lambda row: f"expected a code matching {pattern}, got {row[column]!r}",
        column=column,
    )


def read_crosswalk_2010_2019(onet_dir: Path) -> pl.DataFrame:
    name = _name(ONET_CROSSWALK_2010_2019)
    columns = (
        "O*NET-SOC 2010 Code",
        "O*NET-SOC 2010 Title",
        "O*NET-SOC 2019 Code",
        "O*NET-SOC 2019 Title",
    )
    raw = read_raw_csv(onet_dir / ONET_CROSSWALK_2010_2019, name, dict.fromkeys(columns, TEXT))
    for column in (columns[0], columns[2]):
        _check_pattern(raw, name, column, ONET_PATTERN)
    linked = raw.with_columns(link=pl.col(columns[0]) + " -> " + pl.col(columns[2]))
    reject_rows(
        linked.filter(repeats("link")),
        name,
        lambda row: f"link {row['link']} appears more than once",
    )
    return raw.select(
        pl.col(columns[0]).alias("onet_soc_2010_code"),
        pl.col(columns[1]).alias("onet_soc_2010_title"),
        pl.col(columns[2]).alias("onet_soc_2019_code"),
        pl.col(columns[3]).alias("onet_soc_2019_title"),
    )


def read_crosswalk_2019_soc(onet_dir: Path) -> pl.DataFrame:
    name = _name(ONET_CROSSWALK_2019_SOC)
    columns = ("O*NET-SOC 2019 Code", "O*NET-SOC 2019 Title", "2018 SOC Code", "2018 SOC Title")
    raw = read_raw_csv(onet_dir / ONET_CROSSWALK_2019_SOC, name, dict.fromkeys(columns, TEXT))
    _check_pattern(raw, name, columns[0], ONET_PATTERN)
    _check_pattern(raw, name, columns[2], SOC_PATTERN)
    # One 2018 SOC code per 2019 code is what makes the second step a plain re-keying.
    reject_rows(
        raw.filter(repeats(columns[0])),
        name,
        lambda row: f"O*NET-SOC 2019 code {row[columns[0]]} has more than one row",
        column=columns[0],
    )
    return raw.select(
        pl.col(columns[0]).alias("onet_soc_2019_code"),
        pl.col(columns[2]).alias("soc_2018_code"),
        pl.col(columns[3]).alias("soc_2018_title"),
    )


def crosswalk_tables(
    onet_dir: Path, occupation_usage: pl.DataFrame
) -> tuple[dict[str, pl.DataFrame], dict[str, Any]]:
    """The two crosswalk tables of a usage release and the build report's crosswalk counts.

    ``occupation_usage``: the release's ``onet_soc_code`` (O*NET-SOC 2010) and ``share_pct``.
    """
    links = crosswalk_links(read_crosswalk_2010_2019(onet_dir), read_crosswalk_2019_soc(onet_dir))
    reject_rows(
        links.filter(pl.col("soc_2018_code").is_null()),
        _name(ONET_CROSSWALK_2019_SOC),
        lambda row: (
            f"O*NET-SOC 2019 code {row['onet_soc_2019_code']} (reached from "
            f"{row['onet_soc_2010_code']} in {ONET_CROSSWALK_2010_2019}) has no 2018 SOC code"
        ),
    )
    unknown = codes_without_link(occupation_usage["onet_soc_code"], links)
    if unknown:
        raise RawDataError(
            _name(ONET_CROSSWALK_2010_2019),
            f"{len(unknown)} occupation(s) of the release are not in the crosswalk, so their "
            f"share cannot reach 2018 SOC: {', '.join(unknown[:10])}",
        )
    in_release = set(occupation_usage["onet_soc_code"].to_list())
    crosswalk = links.with_columns(
        in_release=pl.col("onet_soc_2010_code").is_in(sorted(in_release))
    )
    by_soc2018 = soc2018_shares(occupation_usage, links)
    used = crosswalk.filter(pl.col("in_release"))
    report = {
        "crosswalk_links": crosswalk.height,
        "occupations_split_across_2019_codes": int(
            used.filter(pl.col("targets_2019_count") > 1)["onet_soc_2010_code"].n_unique()
        ),
        "soc_2018_occupations_from_several_sources": int(
            by_soc2018.filter(pl.col("source_occupations") > 1).height
        ),
        "soc_2018_occupations": by_soc2018.height,
        "soc_2018_share_sum_pct": exact_sum(by_soc2018["share_pct"]),
        "crosswalk_allocation": "equal split of a 2010 occupation's share across its 2019 targets",
    }
    return {"occupation_crosswalk": crosswalk, "occupation_usage_soc2018": by_soc2018}, report
