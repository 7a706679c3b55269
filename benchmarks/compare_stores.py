"""Compare two SQLite stores written by ingest from the same articles: table by table, with
write times and stage timings left out, and each claim component named by its smallest
member (the stored name is whichever member was written first, so it depends on the order
in which results arrived). Prints one line per table and the claim groups of each store;
exits 1 when anything differs.

Usage: ``python benchmarks/compare_stores.py OLD.db NEW.db``
"""

from __future__ import annotations

import json
import sqlite3
import sys
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any

#: Columns that record when a row was written, not what was found.
TIME_COLUMNS = {"ingested_at", "analyzed_at", "applied_at", "created_at", "taken_at", "at",
                "expires"}
#: Tables compared (FTS shadow tables follow ``articles``; leases and meta are run state).
TABLES = ("articles", "analyses", "actors", "actor_names", "mentions", "claims",
          "claim_entities", "claim_links", "events", "standing", "techniques", "signatures",
          "failures")


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')
            if r[1] not in TIME_COLUMNS]


def _analysis(raw_z: bytes | None, raw: str) -> str:
    data = json.loads(zlib.decompress(raw_z).decode("utf-8") if raw_z is not None else raw)
    data.pop("timings", None)
    return json.dumps(data, sort_keys=True)


def _component_names(con: sqlite3.Connection) -> dict[str, str]:
    """Stored component name → its smallest member's key (``article_id:claim_id``)."""
    members: dict[str, list[str]] = defaultdict(list)
    for aid, cid, comp in con.execute(
            "SELECT article_id, claim_id, component FROM claims WHERE component IS NOT NULL"):
        members[comp].append(f"{aid}:{cid}")
    return {comp: min(keys) for comp, keys in members.items()}


def rows(con: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    cols = _columns(con, table)
    out = []
    names = _component_names(con) if table == "claims" else {}
    for row in con.execute(f'SELECT {", ".join(cols)} FROM "{table}"'):
        rec = dict(zip(cols, row, strict=True))
        if table == "analyses":
            rec["data"] = _analysis(rec.pop("data_z"), rec["data"])
        if table == "claims" and rec["component"] is not None:
            rec["component"] = names[rec["component"]]
        out.append(tuple(rec.values()))
    return sorted(out, key=repr)


def groups(con: sqlite3.Connection) -> dict[str, int]:
    """Claim groups as the ``claims`` view counts them: components with two or more members
    in the group, and the claims in them."""
    sizes = [n for (n,) in con.execute(
        "SELECT COUNT(*) FROM claims WHERE component IS NOT NULL AND in_group "
        "GROUP BY component HAVING COUNT(*) >= 2")]
    links = con.execute("SELECT COUNT(*) FROM claim_links").fetchone()[0]
    return {"groups": len(sizes), "claims_in_groups": sum(sizes), "links": links}


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    old, new = (sqlite3.connect(f"file:{Path(p)}?mode=ro", uri=True) for p in sys.argv[1:])
    same = True
    for table in TABLES:
        a, b = rows(old, table), rows(new, table)
        diff = len(set(a) ^ set(b))
        same &= diff == 0 and len(a) == len(b)
        print(f"{table:15} {len(a):7} / {len(b):7} rows  "
              f"{'identical' if diff == 0 and len(a) == len(b) else f'{diff} rows differ'}")
    print("claim groups", json.dumps(groups(old)), "/", json.dumps(groups(new)))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
