"""Two ingests of the same sources into one store at once split the work: each article is
analysed exactly once (counted by the test hooks' log of analyses), and the store ends
consistent, with every lease given back."""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path

from tealeaves.store import open_store
from tests.batch.helpers import (
    analysed_log,
    consistent,
    needs_polnear,
    records,
    start_cli,
    write_jsonl,
)


@needs_polnear
def test_two_ingests_on_one_store_analyse_each_article_once(tmp_path: Path) -> None:
    n = 8
    src = write_jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in records(n, offset=90)])
    db, hooks = tmp_path / "s.db", tmp_path / "hooks"
    hooks.mkdir()
    args = ["ingest", str(src), "--db", str(db), "--workers", "1", "--chunk-size", "1",
            "--stages", "actors", "--no-progress", "--format", "json"]
    open_store(db).close()  # created and migrated before both runs open it
    procs = [start_cli(args, hooks) for _ in range(2)]
    outs: list[tuple[str, str]] = [("", "")] * 2

    def collect(i: int) -> None:
        outs[i] = procs[i].communicate(timeout=900)

    threads = [threading.Thread(target=collect, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    reps = [json.loads(out) for out, _ in outs]
    assert sum(r["ingested"] for r in reps) == n
    assert all(r["ingested"] + r["skipped"] == n and r["failed"] == 0 for r in reps)
    started = Counter(analysed_log(hooks))
    assert len(started) == n and set(started.values()) == {1}, started
    with open_store(db) as store:
        st = store.stats()
        assert (st["articles"], st["analyses"], st["leases"], st["failures"]) == (n, n, 0, 0)
        consistent(store)
