"""Batch ingest on real PolNeAR articles: resume, near-duplicates, bad input, sources of
every kind, engines, PostgreSQL."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tealeaves.batch import BatchOptions, estimate_total, iter_sources, run_batch
from tealeaves.pipeline import Options
from tealeaves.store import open_store
from tealeaves.store import schema as s
from tests.batch.helpers import consistent, needs_polnear, records, write_jsonl

FAST = Options(stages=("actors",), check_language=True)

pytestmark = needs_polnear


def test_ingest_resume_dedup_and_bad_lines(tmp_path: Path) -> None:
    recs = records(3)
    copy = dict(recs[0], text="By Wire Staff\n\n" + recs[0]["text"] + "\n\nCopyright 2016 AP.",
                outlet="usatoday")
    lines = [json.dumps(r) for r in recs] + [
        "{not json", json.dumps(recs[1]), json.dumps(copy),
        json.dumps({"text": "", "outlet": "x"}),
        json.dumps({"text": "Der Bundestag hat am Donnerstag mit großer Mehrheit ein neues "
                            "Gesetz zur Förderung erneuerbarer Energien beschlossen, das "
                            "nach langen Verhandlungen zwischen den Parteien zustande kam."}),
    ]
    src = write_jsonl(tmp_path / "in.jsonl", lines)
    opts = BatchOptions(workers=1, pipeline=FAST)
    events: list[str] = []
    with open_store(tmp_path / "s.db") as store:
        rep = run_batch([src], store, opts, on_event=lambda e, _s: events.append(e))
        assert (rep.ingested, rep.duplicates, rep.skipped, len(rep.failed)) == (4, 1, 1, 3)
        reasons = " | ".join(r for _, r in rep.failed)
        assert "not valid JSON" in reasons and "no 'text'" in reasons and "German (de)" in reasons
        assert all(src_.startswith(str(src) + ":") for src_, _ in rep.failed)
        assert events.count("duplicate") == 1 and events.count("failed") == 3
        st = store.stats()
        assert st["articles"] == 4 and st["duplicates"] == 1 and st["failures"] == 3
        dup = [r for r in store.articles(limit=10) if r["duplicate_of"]]
        assert len(dup) == 1 and dup[0]["outlet"] == "usatoday"
        assert store.get(dup[0]["duplicate_of"]).article.outlet == recs[0]["outlet"]  # type: ignore[union-attr]
        consistent(store)
        again = run_batch([src], store, opts)
        assert (again.ingested, again.skipped, len(again.failed)) == (0, 5, 3)
        assert store.stats()["articles"] == 4
    assert estimate_total([src]) == len(lines)


def test_ingest_stores_claim_embeddings(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Budget talks stall\n\nSenator Jane Roe said on Monday that the budget "
                   "talks had collapsed after the Treasury refused to move on spending.\n",
                   encoding="utf-8")
    opts = BatchOptions(workers=1, pipeline=Options(stages=("actors", "sourcing")))
    with open_store(tmp_path / "s.db") as store:
        assert run_batch([src], store, opts).ingested == 1
        with store.engine.connect() as conn:
            vecs = conn.execute(select(s.claims.c.vector)).scalars().all()
    assert vecs and all(v is not None and len(v) == 384 * 2 for v in vecs)  # float16 × 384


def test_pool_workers_embed_the_claims_not_the_driver(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With a process pool the claim vectors come back from the workers: the driver's
    embedding model is broken here, and every claim still gets its vector and its group
    columns."""
    import tealeaves.embeddings

    def broken(*_a, **_k):  # type: ignore[no-untyped-def]
        raise AssertionError("the driver must not embed")

    monkeypatch.setattr(tealeaves.embeddings, "embed", broken)
    src = write_jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in records(2, offset=30)])
    opts = BatchOptions(workers=2, chunk_size=1,
                        pipeline=Options(stages=("actors", "sourcing"), check_language=True))
    with open_store(tmp_path / "s.db") as store:
        rep = run_batch([src], store, opts)
        assert rep.ingested == 2 and not rep.failed, rep.failed
        with store.engine.connect() as conn:
            vecs = conn.execute(select(s.claims.c.vector)).scalars().all()
            n_ents = conn.execute(select(func.count()).select_from(s.claim_entities)).scalar()
    assert vecs and all(v is not None and len(v) == 384 * 2 for v in vecs)
    assert n_ents


def test_sources_of_every_kind(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    rec = records(1, offset=5)[0]
    (tmp_path / "d" / "a.txt").write_text(rec["text"], encoding="utf-8")
    (tmp_path / "d" / "b.html").write_text(
        "<html><head><title>Vote</title></head><body><article><p>"
        + rec["text"][:1500].replace("\n\n", "</p><p>") + " Extra.</p></article></body></html>",
        encoding="utf-8")
    (tmp_path / "d" / "ignored.bin").write_bytes(b"\x00\x01")
    write_jsonl(tmp_path / "d" / "c.jsonl", [json.dumps(records(1, offset=6)[0])])
    got = list(iter_sources([tmp_path / "d", tmp_path / "missing.txt"]))
    assert len(got) == 4
    assert [type(x).__name__ for _, x in got] == ["Article", "Article", "Article", "InputError"]
    assert "no such file" in str(got[-1][1])


def _silent_server(conns: list[socket.socket]) -> tuple[socket.socket, str]:
    """A server that accepts connections and never answers (kept open in *conns*)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    threading.Thread(target=lambda: conns.append(srv.accept()[0]), daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.getsockname()[1]}/article"


def test_unreachable_url_times_out_and_batch_goes_on(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.ingest import fetch

    real = fetch.fetch_url
    monkeypatch.setattr(fetch, "fetch_url",
                        lambda url, **kw: real(url, **{**kw, "allow_private": True}))
    conns: list[socket.socket] = []
    srv, url = _silent_server(conns)
    src = write_jsonl(tmp_path / "one.jsonl", [json.dumps(records(1, offset=7)[0])])
    t0 = time.perf_counter()
    with open_store(tmp_path / "s.db") as store:
        rep = run_batch([url, src], store, BatchOptions(workers=1, timeout=1.0, pipeline=FAST))
    for c in [srv, *conns]:
        c.close()
    assert time.perf_counter() - t0 < 120  # a hang would never end; 1 s timeout + a worker
    assert rep.ingested == 1 and len(rep.failed) == 1
    assert rep.failed[0][0] == url and "time" in rep.failed[0][1].lower()


@pytest.mark.slow
def test_dask_gives_the_same_analyses(tmp_path: Path) -> None:
    """The same articles in-process and through a 2-worker Dask LocalCluster."""
    pytest.importorskip("dask.distributed")
    src = write_jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in records(2, offset=20)])
    stores = {}
    for name, opts in {
        "inline": BatchOptions(workers=1, pipeline=FAST),
        "dask": BatchOptions(workers=2, chunk_size=1, engine="dask", pipeline=FAST),
    }.items():
        t0 = time.perf_counter()
        with open_store(tmp_path / f"{name}.db") as store:
            rep = run_batch([src], store, opts)
            assert rep.ingested == 2 and not rep.failed, rep.failed
            stores[name] = {r["id"]: replace(store.get(r["id"]), timings={})  # type: ignore[arg-type]
                            for r in store.articles()}
        assert time.perf_counter() - t0 < 60
    assert stores["inline"] == stores["dask"]
    assert all(a.actors for a in stores["inline"].values())


def test_url_sources_page_and_feed(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A URL is read as a page, or as a feed when the server says it is one."""
    from tealeaves.ingest import fetch

    rec = records(2, offset=30)
    para = "".join(f"<p>{p}</p>" for p in rec[1]["text"].split("\n\n") if p.strip())
    rss = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item>"
           "<title>T</title><link>https://wire.example.org/1</link>"
           "<pubDate>Tue, 08 Mar 2016 14:00:00 GMT</pubDate><description><![CDATA["
           + para + "]]></description></item></channel></rss>")
    pages = {
        "https://news.example.org/story": ("text/html; charset=utf-8",
                                           f"<html><body><article>{''.join(f'<p>{p}</p>' for p in rec[0]['text'].split(chr(10) * 2))}</article></body></html>"),
        "https://wire.example.org/rss": ("application/rss+xml", rss),
    }

    class Page:
        def __init__(self, url: str) -> None:
            self.url = url
            self.content_type, body = pages[url]
            self.body = body.encode("utf-8")

    def fake_fetch(url: str, **_kw):  # type: ignore[no-untyped-def]
        if url not in pages:
            from tealeaves.errors import InputError
            raise InputError(url, "cannot fetch: HTTP 404")
        return Page(url)

    monkeypatch.setattr(fetch, "fetch_url", fake_fetch)
    got = list(iter_sources(["https://news.example.org/story", "https://wire.example.org/rss",
                             "https://news.example.org/gone"]))
    assert [type(x).__name__ for _, x in got] == ["Article", "Article", "InputError"]
    page, entry = got[0][1], got[1][1]
    assert page.url == "https://news.example.org/story"  # type: ignore[union-attr]
    assert (entry.outlet, entry.url) == ("Wire", "https://wire.example.org/1")  # type: ignore[union-attr]
    assert "404" in str(got[2][1])


@pytest.mark.postgres
def test_batch_into_postgres(tmp_path: Path) -> None:
    """The same batch, resume and dedup, writing to PostgreSQL."""
    from tests.store.store_factory import make_store

    rec = records(2, offset=40)
    copy = dict(rec[0], text=rec[0]["text"] + "\n\nThis story was republished.", outlet="x")
    src = write_jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in (*rec, copy)])
    gen = make_store("postgres", tmp_path)
    store = next(gen)
    try:
        rep = run_batch([src], store, BatchOptions(workers=1, pipeline=FAST))
        assert (rep.ingested, rep.duplicates, len(rep.failed)) == (3, 1, 0)
        again = run_batch([src], store, BatchOptions(workers=1, pipeline=FAST))
        assert (again.ingested, again.skipped) == (0, 3)
        assert store.stats()["duplicates"] == 1
        consistent(store)
    finally:
        for _ in gen:
            pass


def test_ingest_help_names_the_default_article_timeout() -> None:
    """The CLI states the default it does not import at start-up: it must stay the same."""
    from click.testing import CliRunner

    from tealeaves.batch import ARTICLE_TIMEOUT
    from tealeaves.cli import cli

    out = CliRunner().invoke(cli, ["ingest", "--help"], terminal_width=200).output
    assert f"(default: {ARTICLE_TIMEOUT:g};" in " ".join(out.split())
    assert "--retry-failed" in out
