"""A hand-written fixture of the second long format (release 2026-06-26), from its data
dictionary (``../shared/aei-longformat/release_2026_06_26/data_documentation.md``).

It is NOT the release: invented values in the real column layout, covering what the
dictionary describes: both files (``claude_ai``, ``1p_api``), both monthly windows, each
geography level, each category and hierarchy level, a metric published only at the top of a
ladder (country GWA), a missing row (DEU in April), the ``-`` node id of ``overall``,
duplicate ``node_name``s (one statement, two Task IDs), Namibia's ``NA`` prefix, ``US-PR`` beside
country ``PRI``. Written to a temporary folder by the tests, never committed as data.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

HEADER = (
    "date_start",
    "date_end",
    "geo_id",
    "geo_level",
    "category_name",
    "hierarchy_level",
    "metric_id",
    "value",
    "node_name",
    "node_external_id",
)
APRIL = ("2026-04-01", "2026-05-01")
MAY = ("2026-05-01", "2026-06-01")
CLAUDE_NAME = "aei_claude_ai_2026-06-26.csv"
API_NAME = "aei_1p_api_2026-06-26.csv"
FOLDER = "release_2026_06_26"
STATEMENT = "Appoint department heads or managers and assign or delegate responsibilities to them."

# (metric, April value, May value) at GLOBAL overall, Claude.ai.
GLOBAL_OVERALL = (
    ("usage_pct", "100.00", "100.00"),
    ("usage_per_capita_index", "1.00", "1.00"),
    ("artifact_none_pct", "6.80", "6.78"),
    ("artifact_explanation_or_answer_pct", "16.70", "16.62"),
    ("artifact_document_or_report_pct", "14.60", "14.74"),
    ("artifact_advice_or_recommendation_pct", "10.40", "10.38"),
    ("artifact_other_pct", "51.50", "51.48"),
    ("collaboration_directive_pct", "30.00", "31.00"),
    ("collaboration_feedback_loop_pct", "18.00", "16.50"),
    ("collaboration_task_iteration_pct", "25.00", "26.00"),
    ("collaboration_learning_pct", "15.00", "14.50"),
    ("collaboration_validation_pct", "8.00", "8.50"),
    ("collaboration_none_pct", "4.00", "3.50"),
    ("collaboration_bucket_automation_pct", "48.98", "48.62"),
    ("collaboration_bucket_augmentation_pct", "51.02", "51.38"),
    ("use_case_work_pct", "45.53", "43.36"),
    ("use_case_personal_pct", "38.48", "40.20"),
    ("use_case_coursework_pct", "15.99", "16.45"),
    ("ai_education_years_mean", "12.80", "12.90"),
    ("human_education_years_mean", "12.00", "12.06"),
    ("human_only_time_mean", "3.10", "3.00"),
    ("human_with_ai_time_mean", "15.20", "14.80"),
    ("ai_autonomy_mean", "3.40", "3.42"),
    ("multitasking_pct", "9.30", "9.10"),
    ("human_only_ability_pct", "88.00", "87.50"),
)
API_OVERALL = (
    ("usage_pct", "100.00", "100.00"),
    ("artifact_none_pct", "15.90", "15.82"),
    ("artifact_analysis_or_summary_pct", "21.60", "21.62"),
    ("artifact_data_or_spreadsheet_pct", "13.00", "12.98"),
    ("artifact_explanation_or_answer_pct", "8.10", "8.08"),
    ("artifact_other_pct", "41.40", "41.50"),
    ("use_case_work_pct", "83.00", "83.22"),
    ("use_case_personal_pct", "14.30", "14.12"),
    ("use_case_coursework_pct", "2.70", "2.66"),
    ("collaboration_bucket_automation_pct", "93.66", "94.22"),
)
# (geo_id, level, metric, April or None (missing row), May)
GEOGRAPHY = (
    ("USA", "country", "usage_pct", "20.10", "19.90"),
    ("USA", "country", "usage_per_capita_index", "3.50", "3.40"),
    ("PRI", "country", "usage_pct", "0.10", "0.12"),
    ("NAM", "country", "usage_pct", "0.05", "0.06"),
    ("DEU", "country", "usage_pct", None, "3.00"),  # missing row: not published in April
    ("DEU", "country", "usage_per_capita_index", None, "1.80"),
    ("US-CA", "subregion", "usage_pct", "25.00", "24.00"),
    ("US-CA", "subregion", "usage_per_capita_index", "2.10", "2.00"),
    ("US-PR", "subregion", "usage_pct", "0.37", "0.40"),  # no AUI: not a state
    ("NA-KH", "subregion", "usage_pct", "40.00", "41.00"),
)
# (category, level, node_name, node_external_id)
NODES = (
    ("onet", "0", STATEMENT, "8831"),  # matches 2025-09-15's statement table by Task ID
    ("onet", "0", STATEMENT, "99999901"),  # same node_name, another Task ID: unmatched
    ("onet", "1", "Assign work to staff", "4.A.4.b.4.I09.D02"),
    ("onet", "2", "Coordinate activities of others", "4.A.4.b.4.I09"),
    ("onet", "3", "Guiding, Directing, and Motivating Subordinates", "4.A.4.b.4"),
    ("request", "0", "Fix a failing test", "0b7a5c9e-1f3a-5d2b-9c4e-000000000001"),
    ("request", "1", "Software debugging", "0b7a5c9e-1f3a-5d2b-9c4e-000000000002"),
    ("request", "2", "Software", "0b7a5c9e-1f3a-5d2b-9c4e-000000000003"),
    ("soc_occupation", "0", "Software Developers", "15-1252.00"),
    ("soc_occupation", "1", "Computer and Mathematical", "15"),
)
NODE_PCT = {  # (category, level, node id) -> (GLOBAL April, GLOBAL May, USA April, USA May)
    ("onet", "0", "8831"): ("1.20", "1.30", "1.50", "1.10"),
    ("onet", "0", "99999901"): ("0.40", "0.50", "0.30", "0.20"),
    ("onet", "1", "4.A.4.b.4.I09.D02"): ("2.00", "2.20", "2.10", "2.30"),
    ("onet", "2", "4.A.4.b.4.I09"): ("3.00", "3.10", "3.20", "3.30"),
    ("onet", "3", "4.A.4.b.4"): ("9.00", "9.40", "8.80", "9.60"),
    ("request", "0", "0b7a5c9e-1f3a-5d2b-9c4e-000000000001"): ("0.90", "1.10", "1.20", "1.40"),
    ("request", "1", "0b7a5c9e-1f3a-5d2b-9c4e-000000000002"): ("4.00", "4.20", "5.00", "6.00"),
    ("request", "2", "0b7a5c9e-1f3a-5d2b-9c4e-000000000003"): ("30.00", "31.00", "35.00", "36.00"),
    ("soc_occupation", "0", "15-1252.00"): ("20.00", "21.00", "24.00", "25.00"),
    ("soc_occupation", "1", "15"): ("24.00", "23.76", "28.00", "29.00"),
}
# Published only at the top of the ladder (country, onet level 3): all metrics, e.g. this one.
TOP_ONLY = ("USA", "onet", "3", "collaboration_directive_pct", "4.A.4.b.4", "33.00", "35.00")


def _row(
    window: tuple[str, str],
    geo: str,
    level: str,
    cat: str,
    h: str,
    metric: str,
    value: str,
    node: str,
    node_id: str,
) -> tuple[str, ...]:
    return (window[0], window[1], geo, level, cat, h, metric, value, node, node_id)


def claude_rows() -> list[tuple[str, ...]]:
    out = []
    for index, window in enumerate((APRIL, MAY)):
        for metric, *values in GLOBAL_OVERALL:
            out.append(
                _row(
                    window,
                    "GLOBAL",
                    "global",
                    "overall",
                    "0",
                    metric,
                    values[index],
                    "Overall",
                    "-",
                )
            )
        for geo, level, metric, *values in GEOGRAPHY:
            if values[index] is not None:
                out.append(
                    _row(window, geo, level, "overall", "0", metric, values[index], "Overall", "-")
                )
        for cat, h, node, node_id in NODES:
            pct = NODE_PCT[(cat, h, node_id)]
            out.append(_row(window, "GLOBAL", "global", cat, h, "pct", pct[index], node, node_id))
            out.append(_row(window, "USA", "country", cat, h, "pct", pct[2 + index], node, node_id))
        geo, cat, h, metric, node_id, *values = TOP_ONLY
        out.append(
            _row(
                window,
                geo,
                "country",
                cat,
                h,
                metric,
                values[index],
                "Guiding, Directing, and Motivating Subordinates",
                node_id,
            )
        )
    return out


def api_rows() -> list[tuple[str, ...]]:
    out = []
    for index, window in enumerate((APRIL, MAY)):
        for metric, *values in API_OVERALL:
            out.append(
                _row(
                    window,
                    "GLOBAL",
                    "global",
                    "overall",
                    "0",
                    metric,
                    values[index],
                    "Overall",
                    "-",
                )
            )
        out.append(
            _row(
                window,
                "GLOBAL",
                "global",
                "onet",
                "0",
                "pct",
                ("5.00", "5.50")[index],
                STATEMENT,
                "8831",
            )
        )
    return out


def write(path: Path, rows: list[tuple[str, ...]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def make_raw(raw_root: Path, target: Path) -> Path:
    """A raw root with the fixture files under the upstream names, 2025-09-15's real
    reference tables and 2025-02-10's wage and BLS tables (the recipe reads them there)."""
    refs = target / "release_2025_09_15" / "data" / "intermediate"
    refs.mkdir(parents=True)
    for ref in (raw_root / "release_2025_09_15" / "data" / "intermediate").iterdir():
        shutil.copyfile(ref, refs / ref.name)
    wages = target / "release_2025_02_10"  # wages and BLS of the first report (recipe)
    wages.mkdir(parents=True, exist_ok=True)
    for name in ("wage_data.csv", "bls_employment_may_2023.csv"):
        shutil.copyfile(raw_root / "release_2025_02_10" / name, wages / name)
    write(target / FOLDER / "data" / CLAUDE_NAME, claude_rows())
    write(target / FOLDER / "data" / API_NAME, api_rows())
    return target
