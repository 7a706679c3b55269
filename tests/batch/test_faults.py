"""An article that crashes or hangs its worker costs only itself: the other articles of its
chunk are analysed again alone and stored; the culprit is recorded by kind, skipped by later
runs, and analysed again on request. Faults come from the test hooks of
tealeaves.batch.hooks (a marker in the article's text, active only under
TEALEAVES_TEST_HOOKS)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tealeaves.batch import BatchOptions, run_batch
from tealeaves.batch.hooks import ENV as HOOKS_ENV
from tealeaves.batch.pool import describe_exit
from tealeaves.model import Article
from tealeaves.pipeline import Options
from tealeaves.store import open_store
from tests.batch.helpers import (
    analysed_log,
    consistent,
    needs_polnear,
    records,
    with_marker,
    write_jsonl,
)

FAST = Options(stages=("actors",), check_language=True)


def test_exit_codes_read_as_words() -> None:
    assert describe_exit(-11) == "killed by signal SIGSEGV"
    assert describe_exit(-9) == "killed by signal SIGKILL (out of memory?)"
    assert describe_exit(3) == "exited with status 3"


def test_hooks_do_nothing_unless_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Outside tests a marker is just text: no log is written, nothing crashes."""
    from tealeaves.batch import hooks

    monkeypatch.delenv(HOOKS_ENV, raising=False)
    article = Article.from_text("The minister resigned. " + hooks.MARKER.format("exit"))
    hooks.before_chunk([article])  # would end this very process if it obeyed
    monkeypatch.setenv(HOOKS_ENV, str(tmp_path))
    hooks.before_chunk([Article.from_text("The minister resigned on Monday.")])
    assert len(analysed_log(tmp_path)) == 1


@needs_polnear
def test_a_crashing_or_hanging_article_costs_only_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    monkeypatch.setenv(HOOKS_ENV, str(hooks))
    good = records(3, offset=60)
    bad = records(3, offset=70)
    # two chunks of three: [good, SIGSEGV, good] and [hang, good, os._exit]; the hang
    # overruns the chunk's budget, then its own alone
    recs = [good[0], with_marker(bad[0], "segv"), good[1],
            with_marker(bad[1], "hang"), good[2], with_marker(bad[2], "exit")]
    src = write_jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in recs])
    opts = BatchOptions(workers=1, chunk_size=3, article_timeout=20, pipeline=FAST)
    with open_store(tmp_path / "s.db") as store:
        rep = run_batch([src], store, opts)
        assert rep.ingested == 3, rep.failed
        failed = {s.rsplit(":", 1)[1]: r for s, r in rep.failed}
        assert sorted(failed) == ["2", "4", "6"]
        assert "crashed" in failed["2"] and "SIGSEGV" in failed["2"]
        assert "timed out" in failed["4"] and "20 s" in failed["4"]
        assert "crashed" in failed["6"] and "status 3" in failed["6"]
        assert rep.retried == 6  # both chunks, article by article
        d = rep.to_dict()
        assert (d["crashed"], d["timed_out"], d["failed"]) == (2, 1, 3)
        st = store.stats()
        assert (st["analyses"], st["failures_crash"], st["failures_timeout"]) == (3, 2, 1)
        consistent(store)
        starts = Counter(analysed_log(hooks))
        assert all(n == 2 for n in starts.values()) and len(starts) == 6  # chunk, then alone

        # A rerun skips the stored articles and the failed ones, and starts no worker.
        again = run_batch([src], store, opts)
        assert (again.ingested, again.skipped, again.skipped_failed, len(again.failed)) == (
            0, 3, 3, 0)
        assert len(analysed_log(hooks)) == 12

        # Asked to retry (and with the hooks off, so the markers are only text), the three
        # are analysed and stored, and their failures are cleared.
        monkeypatch.delenv(HOOKS_ENV)
        retry = run_batch([src], store, BatchOptions(
            workers=1, chunk_size=3, article_timeout=600, retry_failed=True, pipeline=FAST))
        assert (retry.ingested, retry.skipped, len(retry.failed)) == (3, 3, 0), retry.failed
        assert store.stats()["failures"] == 0 and store.failed_article_ids() == set()
        consistent(store)


@needs_polnear
def test_a_chunk_of_one_is_not_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With chunks of one article there is nothing to split: the crash is recorded at once
    and the next article goes to a fresh worker."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    monkeypatch.setenv(HOOKS_ENV, str(hooks))
    recs = [with_marker(records(1, offset=80)[0], "segv"), records(1, offset=81)[0]]
    src = write_jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in recs])
    with open_store(tmp_path / "s.db") as store:
        rep = run_batch([src], store, BatchOptions(workers=1, chunk_size=1, pipeline=FAST))
        assert rep.ingested == 1 and rep.retried == 0
        assert rep.failed_kinds == ["crash"]
        assert len(analysed_log(hooks)) == 2


def test_unknown_engine_is_refused_and_the_lease_given_back(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [json.dumps(
        {"text": "The minister resigned on Monday after a week of protests in the capital "
                 "over the new tax on fuel, officials said."})])
    with open_store(tmp_path / "s.db") as store, pytest.raises(ValueError, match="engine"):
        run_batch([src], store, BatchOptions(engine="nope", pipeline=FAST))
    with open_store(tmp_path / "s.db") as store:
        assert store.stats()["leases"] == 0  # the run gave its lease back
