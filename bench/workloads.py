"""The two randomized workloads of issue 8, as wrk Lua scripts and as Python lists.

* ``tasks``: ``/v1/releases/2025-02-10/tasks?q=<word>&min_share_pct=<x>``, a random word
  from ``WORDS`` and a random ``x`` in [0, 0.05) with 6 decimals (3 million combinations:
  practically every request of a 10 s run is distinct, i.e. a cache miss);
* ``occupations``: ``/v1/releases/2025-02-10/occupations?min_wage_usd=<a>&max_wage_usd=<b>``,
  ``a`` a random integer in [20000, 150000], ``b = a + `` a random integer in [1, 100000].

Both return the default page (100 rows, sorted by share). Datasette answers the same random
queries through its SQL endpoint (``sql`` below: the same filters, order and limit) in its own
Lua script, so the two are compared on identical distributions. The words are a fixed hand-made
list of common task vocabulary (not taken from the data).

``python bench/workloads.py DIR`` writes the Lua scripts into DIR (run_query_bench.py does it).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from urllib.parse import quote

RELEASE = "2025-02-10"
WORDS = [
    "software",
    "data",
    "analyze",
    "customer",
    "equipment",
    "prepare",
    "records",
    "report",
    "review",
    "develop",
    "monitor",
    "maintain",
    "design",
    "test",
    "schedule",
    "inspect",
    "patient",
    "manage",
    "train",
    "safety",
    "plan",
    "repair",
    "install",
    "budget",
    "sales",
    "product",
    "market",
    "research",
    "write",
    "teach",
    "clean",
    "operate",
    "order",
    "coordinate",
    "document",
    "evaluate",
    "information",
    "system",
    "quality",
    "materials",
    "legal",
    "financial",
    "medical",
    "computer",
    "network",
    "student",
    "machine",
    "vehicle",
    "food",
    "water",
    "build",
    "compile",
    "measure",
    "estimate",
    "negotiate",
    "process",
]
TASKS_PATH = f"/v1/releases/{RELEASE}/tasks"
OCCUPATIONS_PATH = f"/v1/releases/{RELEASE}/occupations"
DB = "econindex"
TASK_COLUMNS = (
    "task_id, statement, task_type, task_key, onet_soc_code, occupation_title, "
    "major_group_code, share_pct, attributed_share_pct, occupations_count, has_usage"
)
OCC_COLUMNS = (
    "onet_soc_code, title, soc_code, major_group_code, major_group_title, share_pct, "
    "tasks_total, tasks_with_usage, tasks_with_usage_fraction, median_wage_usd, wage_basis, "
    "job_zone"
)


def task_query(rng: random.Random) -> tuple[str, float]:
    return rng.choice(WORDS), rng.randrange(50_000) / 1_000_000


def occupation_query(rng: random.Random) -> tuple[int, int]:
    low = rng.randint(20_000, 150_000)
    return low, low + rng.randint(1, 100_000)


def task_queries(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [f"q={w}&min_share_pct={m:.6f}" for w, m in (task_query(rng) for _ in range(n))]


def occupation_queries(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [
        f"min_wage_usd={a}&max_wage_usd={b}" for a, b in (occupation_query(rng) for _ in range(n))
    ]


def task_sql(word: str, min_share: float) -> str:
    return (
        f"select {TASK_COLUMNS} from task_rows where task_key like '%{word}%' and share_pct >= "
        f"{min_share:.6f} order by share_pct desc, task_id limit 100"
    )


def occupation_sql(low: int, high: int) -> str:
    return (
        f"select {OCC_COLUMNS} from occupation_rows where median_wage_usd >= {low} and "
        f"median_wage_usd <= {high} order by share_pct desc, onet_soc_code limit 100"
    )


def _lua_words() -> str:
    return "{" + ", ".join(f'"{w}"' for w in WORDS) + "}"


# Each wrk thread seeds its own generator (thread id + time), so threads do not repeat
# each other. string.format("%.6f") and math.random(a, b) match the Python generators' ranges.
LUA_COMMON = """
local counter = 0
local words = %(words)s
setup = function(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
init = function(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
end
"""

LUA_OURS = {
    "tasks": """
request = function()
  local w = words[math.random(#words)]
  local m = string.format("%%.6f", math.random(0, 49999) / 1000000)
  return wrk.format("GET", "%(tasks)s?q=" .. w .. "&min_share_pct=" .. m)
end
""",
    "occupations": """
request = function()
  local a = math.random(20000, 150000)
  local b = a + math.random(1, 100000)
  return wrk.format("GET", "%(occupations)s?min_wage_usd=" .. a .. "&max_wage_usd=" .. b)
end
""",
}


def _urlencode_lua(sql_template: str) -> str:
    """The SQL as a Lua expression: fixed parts URL-encoded here, variables spliced in."""
    parts = sql_template.split("\x00")
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append('"' + quote(part, safe="") + '"')
        else:
            out.append(part)
    return " .. ".join(out)


LUA_DATASETTE = {
    "tasks": """
request = function()
  local w = words[math.random(#words)]
  local m = string.format("%%.6f", math.random(0, 49999) / 1000000)
  return wrk.format("GET", "/%(db)s.json?sql=" .. %(sql)s)
end
""",
    "occupations": """
request = function()
  local a = math.random(20000, 150000)
  local b = a + math.random(1, 100000)
  return wrk.format("GET", "/%(db)s.json?sql=" .. %(sql)s)
end
""",
}


def write_scripts(folder: Path) -> dict[str, Path]:
    """The four Lua scripts: ``ours-tasks``, ``ours-occupations``, ``datasette-tasks``, …"""
    folder.mkdir(parents=True, exist_ok=True)
    common = LUA_COMMON % {"words": _lua_words()}
    task_sql_lua = _urlencode_lua(
        f"select {TASK_COLUMNS} from task_rows where task_key like '%\x00w\x00%' and share_pct "
        ">= \x00m\x00 order by share_pct desc, task_id limit 100"
    )
    occ_sql_lua = _urlencode_lua(
        f"select {OCC_COLUMNS} from occupation_rows where median_wage_usd >= \x00a\x00 and "
        "median_wage_usd <= \x00b\x00 order by share_pct desc, onet_soc_code limit 100"
    )
    sqls = {"tasks": task_sql_lua, "occupations": occ_sql_lua}
    out = {}
    for name in ("tasks", "occupations"):
        ours = folder / f"ours-{name}.lua"
        ours.write_text(
            common + LUA_OURS[name] % {"tasks": TASKS_PATH, "occupations": OCCUPATIONS_PATH}
        )
        theirs = folder / f"datasette-{name}.lua"
        theirs.write_text(common + LUA_DATASETTE[name] % {"db": DB, "sql": sqls[name]})
        out[f"ours-{name}"] = ours
        out[f"datasette-{name}"] = theirs
    return out


if __name__ == "__main__":
    for label, path in write_scripts(Path(sys.argv[1])).items():
        print(label, path)
