"""Two ingests of the same sources into one store at once split the work: each article is
analysed exactly once (counted by the test hooks' log of analyses), and the store ends
consistent, with every lease given back. On SQLite, and on PostgreSQL when
TEALEAVES_TEST_PG is set."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tealeaves.store import Store
from tests.batch.helpers import (
    analysed_log,
    consistent,
    needs_polnear,
    records,
    start_cli,
    write_jsonl,
)
from tests.store.store_factory import PG_URL, make_store


@pytest.fixture(params=[pytest.param("sqlite", id="sqlite"),
                        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)])
def target(request, tmp_path: Path) -> Iterator[tuple[str, Store]]:  # type: ignore[no-untyped-def]
    """A fresh, migrated store and the --db value that reaches it from the CLI."""
    gen = make_store(request.param, tmp_path)
    store = next(gen)
    if request.param == "sqlite":
        url = str(tmp_path / "test.db")
    else:  # the schema make_store created, through libpq's options
        from sqlalchemy import text

        with store.engine.connect() as conn:
            schema = conn.execute(text("SELECT current_schema()")).scalar()
        assert PG_URL is not None
        url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options={quote(f'-csearch_path={schema}')}"
    yield url, store
    for _ in gen:
        pass


def _run_both(args: list[str], hooks: Path) -> list[dict[str, int]]:
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
    return [json.loads(out) for out, _ in outs]


@needs_polnear
def test_two_ingests_on_one_store_analyse_each_article_once(
        tmp_path: Path, target: tuple[str, Store]) -> None:
    n = 8
    url, store = target
    src = write_jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in records(n, offset=90)])
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    reps = _run_both(["ingest", str(src), "--db", url, "--workers", "1", "--chunk-size", "1",
                      "--stages", "actors", "--no-progress", "--format", "json"], hooks)
    assert sum(r["ingested"] for r in reps) == n
    assert all(r["ingested"] + r["skipped"] == n and r["failed"] == 0 for r in reps)
    started = Counter(analysed_log(hooks))
    assert len(started) == n and set(started.values()) == {1}, started
    st = store.stats()
    assert (st["articles"], st["analyses"], st["leases"], st["failures"]) == (n, n, 0, 0)
    consistent(store)
