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
Modes: none 20 dropped, the other 80 rescaled: directive 25, feedback loop 12.5, task
iteration 37.5, learning 18.75, validation 6.25; automation 37.5, augmentation 62.5.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from econindex_api.publishing.recipes import (
    LABOR_MARKET_IMPACTS,
    RELEASE_2025_02_10,
    RELEASE_2025_03_27,
    Recipe,
)

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


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_release(raw_root: Path, recipe: Recipe, files: dict[str, str]) -> Recipe:
    """Write ``files`` into raw_root/recipe.folder; return the recipe pinned to their hashes."""
    folder = raw_root / recipe.folder
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    pinned = tuple(
        dataclasses.replace(source, sha256=sha256(folder / source.name))
        for source in recipe.files
        if (folder / source.name).exists()
    )
    return dataclasses.replace(recipe, files=pinned)


def flat_task_release(raw_root: Path, **overrides: str) -> Recipe:
    """The hand-worked flat-task release; ``overrides`` replaces whole files by name."""
    return write_release(raw_root, RELEASE_2025_02_10, {**FLAT_TASK_FILES, **overrides})


def exposure_release(raw_root: Path, **overrides: str) -> Recipe:
    return write_release(raw_root, LABOR_MARKET_IMPACTS, {**EXPOSURE_FILES, **overrides})


# --- The March 2025 layout, worked by hand -------------------------------------------------
#
# Statements as in the February fixture. task_pct_v2.csv: write reports. 50 | write code. 20 |
# perform roles. 20 | sing loudly. 10. "write reports." has n = 2 (25 to Chief Executives, 25
# to Software Developers); "sing loudly." matches no statement. Matched weights 90, so a pair's
# share is weight / 0.9: CE 25/0.9, SD 45/0.9 = 50, Actors 20/0.9.
#
# Per-task modes (feedback_loop, directive, task_iteration, validation, learning, filtered):
#   write reports. 0.1 0.5 0.2 0 0 0.2 | write code. 0 0.5 0 0 0.5 0 | sing loudly. 0 0 0 0 0 1
#   ("sing loudly." has modes but no statement; "perform roles." has no row.)
# Occupations (weights 25 and 20 in pct units; the 1/0.9 cancels in a ratio):
#   CE: directive .5, feedback .1, iteration .2, filtered .2; automation .6, augmentation .2.
#   SD (covered 45): directive (12.5+10)/45 = .5, feedback 2.5/45, iteration 5/45,
#       learning 10/45, filtered 5/45; automation 25/45, augmentation 15/45.
#   Actors: no covered pair -> no row.
# Groups (filtered dropped, five modes rescaled): 11: unfiltered .8 -> directive .625,
#   feedback .125, iteration .25; automation .75. 15: unfiltered 40/45 -> directive 22.5/40,
#   feedback 2.5/40, iteration 5/40, learning 10/40; automation .625. 27: nothing covered.
# Thinking: write reports. 0.4 | write code. (blank: not published) | perform roles. 0.1 |
#   sing loudly. 0.9. CE 0.4 covering all; SD 0.4 covering 25/45 of its share; Actors 0.1.
# Aggregate modes v2: none 10 dropped, 90 left: automation 40/90, augmentation 50/90.
# Clusters: 4 level-0 ("Chat casually" has no O*NET task, "Sing along" maps to a task that
#   matches no statement), 3 level-1, 2 level-2.

MARCH_HAND_WORKED = {
    "occupation_share_pct": {
        "11-1011.00": 25 / 0.9,
        "15-1252.00": 50.0,
        "27-2011.00": 20 / 0.9,
    },
    "occupation_modes": {
        "11-1011.00": {
            "directive_fraction": 0.5,
            "feedback_loop_fraction": 0.1,
            "task_iteration_fraction": 0.2,
            "validation_fraction": 0.0,
            "learning_fraction": 0.0,
            "filtered_fraction": 0.2,
            "automation_fraction": 0.6,
            "augmentation_fraction": 0.2,
            "covered_share_pct": 25 / 0.9,
        },
        "15-1252.00": {
            "directive_fraction": 0.5,
            "feedback_loop_fraction": 2.5 / 45,
            "task_iteration_fraction": 5 / 45,
            "validation_fraction": 0.0,
            "learning_fraction": 10 / 45,
            "filtered_fraction": 5 / 45,
            "automation_fraction": 25 / 45,
            "augmentation_fraction": 15 / 45,
            "covered_share_pct": 50.0,
        },
    },
    "group_modes": {
        "11-0000": {
            "directive_fraction": 0.625,
            "feedback_loop_fraction": 0.125,
            "task_iteration_fraction": 0.25,
            "validation_fraction": 0.0,
            "learning_fraction": 0.0,
            "automation_fraction": 0.75,
            "augmentation_fraction": 0.25,
            "filtered_fraction": 0.2,
            "share_pct": 25 / 0.9,
        },
        "15-0000": {
            "directive_fraction": 22.5 / 40,
            "feedback_loop_fraction": 2.5 / 40,
            "task_iteration_fraction": 5 / 40,
            "validation_fraction": 0.0,
            "learning_fraction": 10 / 40,
            "automation_fraction": 0.625,
            "augmentation_fraction": 0.375,
            "filtered_fraction": 5 / 45,
            "share_pct": 50.0,
        },
    },
    "thinking": {
        "11-1011.00": (0.4, 1.0),
        "15-1252.00": (0.4, 25 / 45),
        "27-2011.00": (0.1, 1.0),
    },
    "split_pct": {"automation": 40 / 0.9, "augmentation": 50 / 0.9},
}

CLUSTER_HEADER = "\t".join(
    [
        "cluster_name_0",
        "cluster_description_0",
        "cluster_name_1",
        "cluster_description_1",
        "cluster_name_2",
        "cluster_description_2",
        "percent_records",
        "percent_users",
        "onet_task",
        "collaboration:directive_ratio",
        "collaboration:feedback loop_ratio",
        "collaboration:learning_ratio",
        "collaboration:none_ratio",
        "collaboration:task iteration_ratio",
        "collaboration:validation_ratio",
        "has_thinking_ratio",
    ]
)
CLUSTER_ROWS = [
    "Write quarterly reports\t Users asked for reports. \tWrite documents\tDocuments of all kinds.\tWriting\tAll writing.\t40.0\t30.0\tWrite reports.\t0.5\t0.1\t0.1\t0.1\t0.1\t0.1\t0.3",
    "Fix code\tUsers fixed code.\tWrite code\tCode of all kinds.\tSoftware\tAll software.\t30.0\t30.0\tWrite code.\t0.6\t\t0.4\t\t\t\t",
    "Chat casually\tSmall talk.\tSmall talk\tTalk.\tWriting\tAll writing.\t20.0\t25.0\t\t\t\t\t\t\t\t",
    "Sing along\tSinging.\tSmall talk\tTalk.\tWriting\tAll writing.\t10.0\t15.0\tSing loudly.\t\t\t\t1.0\t\t\t0.0",
]

MARCH_FILES = {
    "task_pct_v2.csv": """task_name,pct
write reports.,50
write code.,20
perform roles.,20
sing loudly.,10
""",
    "automation_vs_augmentation_v2.csv": """interaction_type,pct
directive,30
feedback loop,10
task iteration,20
learning,25
validation,5
none,10
""",
    "automation_vs_augmentation_by_task.csv": """task_name,feedback_loop,directive,task_iteration,validation,learning,filtered
write reports.,0.1,0.5,0.2,0.0,0.0,0.2
write code.,0.0,0.5,0.0,0.0,0.5,0.0
sing loudly.,0.0,0.0,0.0,0.0,0.0,1.0
""",
    "task_thinking_fractions.csv": """task_name,thinking_fraction
write reports.,0.4
write code.,
perform roles.,0.1
sing loudly.,0.9
""",
    "cluster_level_data/cluster_level_dataset.tsv": CLUSTER_HEADER
    + "\n"
    + "\n".join(CLUSTER_ROWS)
    + "\n",
    "onet_task_statements.csv": FLAT_TASK_FILES["onet_task_statements.csv"],
    "SOC_Structure.csv": FLAT_TASK_FILES["SOC_Structure.csv"],
    "task_pct_v1.csv": FLAT_TASK_FILES["onet_task_mappings.csv"],
    "automation_vs_augmentation_v1.csv": FLAT_TASK_FILES["automation_vs_augmentation.csv"],
}


def march_release(raw_root: Path, **overrides: str) -> list[Recipe]:
    """The hand-worked February and March releases (March reads February's wages and BLS
    and re-publishes its usage files as v1); ``overrides`` replaces March files by name
    (a slash in a file name is written as ``__``)."""
    february = flat_task_release(raw_root)
    files = {**MARCH_FILES, **{k.replace("__", "/"): v for k, v in overrides.items()}}
    march = write_release(raw_root, RELEASE_2025_03_27, files)
    feb_folder = raw_root / february.folder
    march = dataclasses.replace(
        march,
        references=tuple(
            dataclasses.replace(r, sha256=sha256(feb_folder / r.name)) for r in march.references
        ),
        republished=tuple(
            dataclasses.replace(r, sha256=sha256(feb_folder / r.same_as)) for r in march.republished
        ),
    )
    return [february, march]
