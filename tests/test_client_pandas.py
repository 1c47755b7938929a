"""``to_pandas()``: nullable dtypes, so integers with missing values stay integers.

Expected values come from the published CSV read with the csv module (empty cell = missing).
"""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

import pandas as pd

from econindex_api import AsyncClient, Client, to_pandas
from tests.conftest import LiveServer


def csv_rows(root: Path, release: str, table: str) -> list[dict[str, str]]:
    (path,) = (root / "releases" / release).glob(f"*/data/{table}.csv")
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_to_pandas_uses_nullable_dtypes(live_server: LiveServer, published_root: Path) -> None:
    occupations = {
        r["onet_soc_code"]: r for r in csv_rows(published_root, "2025-02-10", "occupations")
    }
    usage = csv_rows(published_root, "2025-02-10", "occupation_usage")
    with Client(live_server.base_url) as client:
        df = client.occupations.iter("2025-02-10", limit=1000).to_pandas()
        page = client.occupations.list("2025-02-10", limit=5).to_pandas()
        bands = to_pandas(client.wage_bands.get("2025-02-10").data)
    assert len(df) == len(usage)
    assert str(df["job_zone"].dtype) == "Int64"
    assert str(df["tasks_total"].dtype) == "Int64"
    assert str(df["median_wage_usd"].dtype) == "Float64"
    assert str(df["share_pct"].dtype) == "Float64"
    assert str(df["onet_soc_code"].dtype).startswith("string")
    missing_zone = sum(1 for r in usage if occupations[r["onet_soc_code"]]["job_zone"] == "")
    missing_wage = sum(1 for r in usage if occupations[r["onet_soc_code"]]["median_wage_usd"] == "")
    assert missing_zone > 0  # the case the nullable Int64 is for
    assert int(df["job_zone"].isna().sum()) == missing_zone
    assert int(df["median_wage_usd"].isna().sum()) == missing_wage
    by_code = df.set_index("onet_soc_code")
    for row in usage[:50]:
        zone = occupations[row["onet_soc_code"]]["job_zone"]
        value = by_code.loc[row["onet_soc_code"], "job_zone"]
        assert (value is pd.NA) if zone == "" else value == int(zone)
    assert len(page) == 5 and str(page["job_zone"].dtype) == "Int64"
    assert len(bands) > 0 and str(bands["occupations_count"].dtype) == "Int64"


def test_async_to_pandas(live_server: LiveServer, published_root: Path) -> None:
    expected = len(csv_rows(published_root, "2025-02-10", "category_usage"))

    async def main() -> pd.DataFrame:
        async with AsyncClient(live_server.base_url) as client:
            return await client.categories.iter("2025-02-10").to_pandas()

    df = asyncio.run(main())
    assert len(df) == expected
    assert str(df["share_pct"].dtype) == "Float64"
