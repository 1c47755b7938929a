# ruff: noqa: E501  (raw CSV text is kept verbatim, one record per line)
"""Small hand-made raw releases for edge cases, written by the tests themselves.

The flat-task fixture is worked by hand (numbers in HAND_WORKED below):

usage (pct):    write reports. 40 | write code. 30 | perform roles. 20 | sing loudly. 10
statements:     Chief Executives (11-1011.00): Direct budgets. / Write reports.
                Software Developers (15-1252.00): Write code. / Write reports.
                Actors (27-2011.00): Perform roles.
"write reports." sits under two occupations: n = 2, weight 20 each. "sing loudly." matches
no statement (left out, 10 pct). Matched weights: 20 + 20 + 30 + 20 = 90, rescaled x 100/90:
    Chief Executives    20 / 0.9 = 22.2222...
    Software Developers 50 / 0.9 = 55.5555...
    Actors              20 / 0.9 = 22.2222...
Depth: Chief Executives 1 of 2 keys used = 0.5; Software Developers 2/2 = 1; Actors 1/1 = 1.
Wages: Actors publish 17.54 (hourly) -> 17.54 x 2080 = 36,483.2; 15-1299.09 publishes -1
(unknown) and has no tasks. Workforce: 600 / 300 / 100 of 1,000 -> 60 / 30 / 10 %.
Crosswalk (CROSSWALK_FILES, written beside the raw root as onet/): 15-1252.00 splits into
2019 codes 15-1252.00 and 15-1253.00 (equal split, 1/2 each), the others map one to one, and
2010 codes 11-1011.00 and 11-1011.03 merge into 2019 11-1011.00 (11-1011.03 has no tasks here).
2018 SOC shares: 11-1011 20/0.9; 15-1252 and 15-1253 25/0.9 each; 27-2011 20/0.9 (sum 100).
Exposure covers 11-1011, 15-1252, 27-2011: 15-1253 (25/0.9 = 27.78 %) finds no exposure row.
Modes: none 20 dropped, the other 80 rescaled: directive 25, feedback loop 12.5, task
iteration 37.5, learning 18.75, validation 6.25; automation 37.5, augmentation 62.5.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from econindex_api.publishing.recipes import LABOR_MARKET_IMPACTS, RELEASE_2025_02_10, Recipe

HAND_WORKED = {
    "occupation_share_pct": {
        "11-1011.00": 20 / 0.9,
        "15-1252.00": 50 / 0.9,
        "27-2011.00": 20 / 0.9,
    },
    "category_share_pct": {"11-0000": 20 / 0.9, "15-0000": 50 / 0.9, "27-0000": 20 / 0.9},
    "fraction": {"11-1011.00": 0.5, "15-1252.00": 1.0, "27-2011.00": 1.0},
    "workforce_pct": {"11-0000": 60.0, "15-0000": 30.0, "27-0000": 10.0},
    "headline_pct": {
        "directive": 25.0,
        "feedback_loop": 12.5,
        "task_iteration": 37.5,
        "learning": 18.75,
        "validation": 6.25,
    },
    "split_pct": {"automation": 37.5, "augmentation": 62.5},
    "soc2018_share_pct": {
        "11-1011": 20 / 0.9,
        "15-1252": 25 / 0.9,
        "15-1253": 25 / 0.9,
        "27-2011": 20 / 0.9,
    },
}

FLAT_TASK_FILES = {
    "onet_task_mappings.csv": """task_name,pct
write reports.,40
write code.,30
perform roles.,20
sing loudly.,10
""",
    "onet_task_statements.csv": """O*NET-SOC Code,Title,Task ID,Task,Task Type,Incumbents Responding,Date,Domain Source
11-1011.00,Chief Executives,1,Direct budgets.,Core,87.0,07/2014,Incumbent
11-1011.00,Chief Executives,2,Write reports.,Supplemental,87.0,07/2014,Incumbent
15-1252.00,Software Developers,3,Write code.,Core,12.0,07/2014,Incumbent
15-1252.00,Software Developers,4,  Write Reports.  ,Core,12.0,07/2014,Incumbent
27-2011.00,Actors,5,Perform roles.,,,06/2006,Analyst
""",
    "SOC_Structure.csv": """Major Group,Minor Group,Broad Occupation,Detailed Occupation,Detailed O*NET-SOC,SOC or O*NET-SOC 2019 Title
11-0000,,,,,Management Occupations
,11-1000,,,,Top Executives
,,11-1010,,,Chief Executives
,,,11-1011,,Chief Executives
15-0000,,,,,Computer and Mathematical Occupations
,15-1200,,,,Computer Occupations
,,15-1250,,,Software and Web Developers
,,,15-1252,,Software Developers
,,,15-1253,,Software Quality Assurance Analysts and Testers
,,15-1290,,,Miscellaneous Computer Occupations
,,,15-1299,,"Computer Occupations, All Other"
,,,,15-1299.09,Information Technology Project Managers
27-0000,,,,,"Arts, Design, Entertainment, Sports, and Media Occupations"
,27-2000,,,,"Entertainers and Performers, Sports and Related Workers"
,,27-2010,,,"Actors, Producers, and Directors"
,,,27-2011,,Actors
""",
    "wage_data.csv": """SOCcode,JobName,JobFamily,isBright,isGreen,JobZone,MedianSalary,JobForecast,ChanceAuto,WageGroup
11-1011.00,Chief Executives,Management,True,False,5,206680.0,1,-1.0,
15-1252.00,Software Developers,Computer and Mathematical,True,False,4,132270.0,1,4.0,
27-2011.00,Actors,"Arts, Design, Entertainment, Sports, and Media",False,False,-1,17.54,7700,37.0,
15-1299.09,Information Technology Project Managers,Computer and Mathematical,True,False,4,-1,1,-1.0,
""",
    "bls_employment_may_2023.csv": """SOC or O*NET-SOC 2019 Title,bls_distribution
Management Occupations,600
Computer and Mathematical Occupations,300
"Arts, Design, Entertainment, Sports, and Media Occupations",100
""",
    "automation_vs_augmentation.csv": """interaction_type,pct
directive,20
feedback loop,10
task iteration,30
learning,15
validation,5
none,20
""",
}

EXPOSURE_FILES = {
    "job_exposure.csv": """occ_code,title,observed_exposure
11-1011,Chief Executives,0.0333
15-1252,Software Developers,0.7451
15-1252,Software Developers,0.7451
27-2011,Actors,0.0
""",
    "task_penetration.csv": """task,penetration
Write code.,0.5
Write code.,0.5
Write Code.,0.5
Perform roles.,0.0
""",
}


CROSSWALK_FILES = {
    "2010_to_2019_Crosswalk.csv": """O*NET-SOC 2010 Code,O*NET-SOC 2010 Title,O*NET-SOC 2019 Code,O*NET-SOC 2019 Title
11-1011.00,Chief Executives,11-1011.00,Chief Executives
11-1011.03,Chief Sustainability Officers,11-1011.00,Chief Executives
15-1252.00,Software Developers,15-1252.00,Software Developers
15-1252.00,Software Developers,15-1253.00,Software Quality Assurance Analysts and Testers
15-1299.09,Information Technology Project Managers,15-1299.09,Information Technology Project Managers
27-2011.00,Actors,27-2011.00,Actors
""",
    "2019_to_SOC_Crosswalk.csv": """O*NET-SOC 2019 Code,O*NET-SOC 2019 Title,2018 SOC Code,2018 SOC Title
11-1011.00,Chief Executives,11-1011,Chief Executives
15-1252.00,Software Developers,15-1252,Software Developers
15-1253.00,Software Quality Assurance Analysts and Testers,15-1253,Software Quality Assurance Analysts and Testers
15-1299.09,Information Technology Project Managers,15-1299,"Computer Occupations, All Other"
27-2011.00,Actors,27-2011,Actors
""",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_release(
    raw_root: Path,
    recipe: Recipe,
    files: dict[str, str],
    crosswalk: dict[str, str] | None = None,
) -> Recipe:
    """Write ``files`` into raw_root/recipe.folder; return the recipe pinned to their hashes.

    A recipe with crosswalk files also gets CROSSWALK_FILES (``crosswalk`` replaces some)
    written into raw_root/../onet and pinned.
    """
    folder = raw_root / recipe.folder
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    pinned = tuple(
        dataclasses.replace(source, sha256=sha256(folder / source.name))
        for source in recipe.files
        if (folder / source.name).exists()
    )
    crosswalks = ()
    if recipe.crosswalk_files:
        # The default O*NET folder is the one beside the raw root (as ../shared/onet).
        onet = raw_root.parent / "onet"
        onet.mkdir(parents=True, exist_ok=True)
        for name, text in {**CROSSWALK_FILES, **(crosswalk or {})}.items():
            (onet / name).write_text(text, encoding="utf-8")
        crosswalks = tuple(
            dataclasses.replace(source, sha256=sha256(onet / source.name))
            for source in recipe.crosswalk_files
        )
    return dataclasses.replace(recipe, files=pinned, crosswalk_files=crosswalks)


def flat_task_release(
    raw_root: Path, crosswalk: dict[str, str] | None = None, **overrides: str
) -> Recipe:
    """The hand-worked flat-task release; ``overrides`` replaces whole files by name."""
    return write_release(raw_root, RELEASE_2025_02_10, {**FLAT_TASK_FILES, **overrides}, crosswalk)


def exposure_release(raw_root: Path, **overrides: str) -> Recipe:
    return write_release(raw_root, LABOR_MARKET_IMPACTS, {**EXPOSURE_FILES, **overrides})
