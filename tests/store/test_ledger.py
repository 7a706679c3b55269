"""The work ledger of ingest runs, on SQLite and PostgreSQL: failures by kind, and leases
that two runs take, renew, release and take over."""

from __future__ import annotations

from pathlib import Path

import pytest

from tealeaves.store import Store
from tests.store.store_factory import make_analysis

A, B, C = "a" * 64, "b" * 64, "c" * 64
T0 = 1_000_000.0  # a fixed clock: leases are compared with the `now` the caller passes


def test_article_failures_are_kept_by_kind_and_cleared_by_a_saved_analysis(store: Store) -> None:
    an = make_analysis()
    aid = an.article.id
    store.record_failure("in.jsonl:1", "worker died (signal SIGSEGV)", kind="crash",
                         article_id=aid)
    store.record_failure("in.jsonl:2", "timed out after 5 s", kind="timeout", article_id=B)
    store.record_failure("in.jsonl:3", "not valid JSON")
    with pytest.raises(ValueError, match="failure kind"):
        store.record_failure("x", "y", kind="oops")
    assert store.failed_article_ids() == {aid, B}
    st = store.stats()
    assert (st["failures"], st["failures_crash"], st["failures_timeout"],
            st["failures_input"], st["failures_error"]) == (3, 1, 1, 1, 0)
    kinds = {f["source"]: (f["kind"], f["article_id"]) for f in store.failures()}
    assert kinds["in.jsonl:1"] == ("crash", aid) and kinds["in.jsonl:3"] == ("input", None)
    store.save(an)  # analysed at last (a retry): its failure goes in the same transaction
    assert store.failed_article_ids() == {B}
    assert store.stats()["failures"] == 2


def test_a_lease_is_taken_once_until_released_or_expired(store: Store) -> None:
    got = store.claim_articles([A, B], "run-1", ttl=60, now=T0)
    assert (got.claimed, got.busy) == ([A, B], {})
    other = store.claim_articles([B, C], "run-2", ttl=60, now=T0 + 1)
    assert (other.claimed, other.busy) == ([C], {B: "run-1"})
    # run-1 renews; run-2 still cannot take B while the lease runs
    assert store.renew_leases("run-1", ttl=60, now=T0 + 50) == 2
    assert store.claim_articles([B], "run-2", ttl=60, now=T0 + 100).busy == {B: "run-1"}
    # past its expiry, or once run-1 is known dead, run-2 takes it over
    assert store.claim_articles([B], "run-2", ttl=60, now=T0 + 111).claimed == [B]
    assert store.claim_articles([A], "run-2", ttl=60, now=T0 + 2, dead={"run-1"}).claimed == [A]
    # asking again for one's own lease keeps it
    assert store.claim_articles([A], "run-2", ttl=60, now=T0 + 3).claimed == [A]
    store.release_leases("run-1")  # run-1 holds nothing any more: nothing to drop
    assert store.claim_articles([A, B, C], "run-1", ttl=60, now=T0 + 4).busy == {
        A: "run-2", B: "run-2", C: "run-2"}
    store.release_leases("run-2", [A])
    assert store.claim_articles([A], "run-1", ttl=60, now=T0 + 5).claimed == [A]
    assert store.stats()["leases"] == 0  # stats count by the real clock: all long expired
    store.claim_articles(["d" * 64], "run-3", ttl=600)
    assert store.stats()["leases"] == 1


def test_claims_skip_analysed_and_failed_articles_and_saving_releases(store: Store) -> None:
    done = make_analysis()
    store.save(done)
    store.record_failure("in.jsonl:7", "timed out", kind="timeout", article_id=B)
    got = store.claim_articles([done.article.id, B, C], "run-1", ttl=60, now=T0)
    assert (got.claimed, got.done, got.failed) == ([C], [done.article.id], [B])
    retry = store.claim_articles([B], "run-1", ttl=60, now=T0, retry_failed=True)
    assert retry.claimed == [B]
    # the leases of done and failed articles were given back at once
    assert store.claim_articles([done.article.id], "run-2", ttl=60, now=T0).done == [
        done.article.id]
    fresh = make_analysis("Senator Jane Roe said the talks had collapsed on Friday.")
    assert store.claim_articles([fresh.article.id], "run-1", ttl=60, now=T0).claimed
    store.save(fresh, lease_owner="run-1")
    store.record_failure("in.jsonl:9", "worker died", kind="crash", article_id=C,
                         lease_owner="run-1")
    assert store.renew_leases("run-1", ttl=60, now=T0) == 1  # only B is still leased


def test_two_runs_claiming_at_once_never_share_an_article(store: Store, tmp_path: Path
                                                          ) -> None:
    """Two runs (two Store objects, two connection pools) claim the same 40 ids at once,
    one at a time, in opposite orders: every id is leased to exactly one of them."""
    import threading

    from tealeaves.store import open_store
    from tests.store.store_factory import PG_URL

    ids = [f"{i:064x}" for i in range(40)]
    if store.dialect == "sqlite":
        other = open_store(tmp_path / "test.db")
    else:
        other = open_store(PG_URL, schema=_schema(store))
    got: dict[str, list[str]] = {"run-1": [], "run-2": []}
    start = threading.Barrier(2)

    def run(st: Store, owner: str, order: list[str]) -> None:
        start.wait()
        for aid in order:
            got[owner] += st.claim_articles([aid], owner, ttl=600).claimed

    threads = [threading.Thread(target=run, args=(store, "run-1", ids)),
               threading.Thread(target=run, args=(other, "run-2", ids[::-1]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert sorted(got["run-1"] + got["run-2"]) == ids  # each once, none lost


def _schema(store: Store) -> str:
    from sqlalchemy import text

    with store.engine.connect() as conn:
        return str(conn.execute(text("SELECT current_schema()")).scalar())
