"""The :class:`Store`: articles, analyses and their findings in SQLite or PostgreSQL.

Everything that reads or writes the database goes through this package (DESIGN.md §7):
this module holds the :class:`Store` and :func:`open_store`; :mod:`.connect` opens the
engines, :mod:`.rows` writes one analysis's rows, :mod:`.search` is the full-text search,
:mod:`.ledger` keeps the failures and the leases of ingest runs, :mod:`.grouping` the
claim groups. ``save`` upserts by article id (the content hash) and rewrites the article's
findings in one transaction, so a re-analysis never leaves a mix of old and new rows, and a
crash loses at most the article being written.
"""

from __future__ import annotations

import json
import logging
import re
import time
import zlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, func, select, text
from sqlalchemy.engine import make_url

from ..model import Analysis
from . import ledger
from . import schema as s
from .connect import pg_engine, resolve_url, sqlite_engine
from .migrations import migrate
from .rows import actor_key, insert_findings, unique_ids, upsert_article
from .search import search_pg, search_sqlite
from .tx import write_tx

DateLike = str | date | datetime | None

log = logging.getLogger(__name__)

__all__ = ["DateLike", "Store", "actor_key", "article_filters", "open_store", "resolve_url"]


def _day(value: DateLike) -> str | None:
    """``YYYY-MM-DD`` of a date, datetime or ISO string (``None`` stays ``None``)."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    value = str(value).strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"expected a date as YYYY-MM-DD, not {value!r}")
    return value[:10]


class Store:
    """Articles and analyses in one database. Create with :func:`open_store`."""

    def __init__(self, engine: Engine, *, claim_index: str = "exact",
                 ann_dir: str | Path | None = None, open_segments: int | None = None) -> None:
        from .grouping import ClaimIndex

        self.engine = engine
        self.dialect = engine.dialect.name
        self.version = migrate(engine)
        #: Stored claim vectors in memory, for grouping new claims at write time (loaded
        #: on the first save, then extended by each save; see tealeaves.store.grouping).
        #: With ``claim_index="ann"``, an on-disk ANN index instead (tealeaves.store.ann_index).
        self.claim_index: Any = ClaimIndex()
        if claim_index == "ann":
            from .ann_index import AnnClaimIndex, ann_directory

            where = ann_dir or ann_directory(str(engine.url))
            if where is None:
                raise ValueError("claim_index='ann' needs a SQLite file store or ann_dir")
            self.claim_index = (AnnClaimIndex(where) if open_segments is None
                                else AnnClaimIndex(where, open_segments=open_segments))
        elif claim_index != "exact":
            raise ValueError(f"claim_index must be 'exact' or 'ann', not {claim_index!r}")

    # -- life cycle ---------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # -- writing ------------------------------------------------------------------------
    def save(
        self,
        analysis: Analysis,
        *,
        duplicate_of: str | None = None,
        signature: bytes | None = None,
        claim_vectors: Mapping[str, bytes] | None = None,
        lease_owner: str | None = None,
    ) -> None:
        """Upsert *analysis* by article id; its old findings are replaced in one transaction.

        ``duplicate_of`` links a near-duplicate to the article it copies; ``signature`` (a
        MinHash) is kept for dedup. ``claim_vectors`` (claim id → float16 embedding bytes,
        as :func:`tealeaves.store.grouping.claim_vectors` makes them) group the claims
        across articles in the same transaction (:mod:`tealeaves.store.grouping`); when
        ``None`` they are computed here (batch workers compute them instead, so the batch
        driver never runs the model); an empty mapping stores the claims ungrouped.
        ``lease_owner`` (an ingest run) drops that run's lease of the article (see
        :mod:`tealeaves.store.ledger`). A stored analysis clears the failures naming the
        article.
        """
        if not isinstance(analysis, Analysis):
            raise TypeError(f"expected an Analysis, not {type(analysis).__name__}")
        from . import grouping

        art = analysis.article
        if duplicate_of == art.id:
            duplicate_of = None
        if claim_vectors is None:
            try:
                claim_vectors = grouping.claim_vectors(analysis) if analysis.claims else {}
            except Exception as exc:  # noqa: BLE001 - a model failure must not lose the article
                log.warning("claim embeddings failed for %s: %s", art.id[:12], exc)
                claim_vectors = {}
        claim_ids = unique_ids(c.id for c in analysis.claims)
        entities = grouping.entity_rows(analysis, claim_ids)
        index = self.claim_index
        with write_tx(self.engine) as conn:
            gen = grouping.before_save(conn, index)
            grouping.before_replace(conn, index, art.id)
            upsert_article(conn, art, duplicate_of)
            for table in s.FINDING_TABLES:
                conn.execute(delete(table).where(table.c.article_id == art.id))
            conn.execute(delete(s.analyses).where(s.analyses.c.article_id == art.id))
            self._insert_findings(conn, analysis, claim_vectors)
            rows = [{"article_id": art.id, "claim_id": cid, "key": k}
                    for cid in claim_ids for k in sorted(entities.get(cid, ()))]
            if rows:
                conn.execute(s.claim_entities.insert(), rows)
            grouping.on_save(conn, index, analysis, claim_ids, claim_vectors, entities)
            new_gen = grouping.after_save(conn, gen)
            if signature is not None:
                conn.execute(delete(s.signatures).where(s.signatures.c.article_id == art.id))
                conn.execute(s.signatures.insert().values(article_id=art.id, minhash=signature))
            if self.dialect == "sqlite":
                conn.execute(text("DELETE FROM articles_fts WHERE article_id = :id"),
                             {"id": art.id})
                conn.execute(
                    text("INSERT INTO articles_fts (article_id, title, text) VALUES (:id, :t, :x)"),
                    {"id": art.id, "t": art.title or "", "x": art.text},
                )
            ledger.clear_failures(conn, article_id=art.id)
            if lease_owner is not None:
                ledger.release(conn, [art.id], lease_owner)
        index.generation = new_gen

    def _insert_findings(self, conn: Connection, a: Analysis, vectors: Mapping[str, bytes]
                         ) -> None:
        insert_findings(conn, a, vectors)

    # -- failures and leases (ingest runs; see tealeaves.store.ledger) -----------------------
    def record_failure(self, source: str, reason: str, *, kind: str = "input",
                       article_id: str | None = None, lease_owner: str | None = None) -> None:
        """Remember that *source* could not be ingested and why (a retry overwrites it).

        *kind* is ``input`` (the default), or ``error``, ``crash`` or ``timeout`` for an
        article (*article_id*) whose analysis failed: later runs skip it unless retried.
        ``lease_owner`` drops that run's lease of the article in the same transaction."""
        with write_tx(self.engine) as conn:
            ledger.record_failure(conn, source, reason, kind, article_id)
            if lease_owner is not None and article_id is not None:
                ledger.release(conn, [article_id], lease_owner)

    def clear_failure(self, source: str) -> None:
        """Forget an earlier failure of *source* (it has now been ingested)."""
        with write_tx(self.engine) as conn:
            ledger.clear_failures(conn, source=source)

    def failed_article_ids(self) -> set[str]:
        """Articles whose analysis failed (error, crash, timeout): ingest skips them."""
        return ledger.failed_articles(self.engine)

    def claim_articles(self, ids: Sequence[str], owner: str, *, ttl: float,
                       dead: Collection[str] = (), retry_failed: bool = False,
                       now: float | None = None) -> ledger.Claimed:
        """Lease *ids* to the ingest run *owner* for *ttl* seconds (see
        :func:`tealeaves.store.ledger.claim`)."""
        with write_tx(self.engine) as conn:
            return ledger.claim(conn, ids, owner, ttl, time.time() if now is None else now,
                                dead=dead, retry_failed=retry_failed)

    def renew_leases(self, owner: str, *, ttl: float, now: float | None = None) -> int:
        """Push back the expiry of *owner*'s leases by *ttl* from now; how many it holds."""
        with write_tx(self.engine) as conn:
            return ledger.renew(conn, owner, ttl, time.time() if now is None else now)

    def release_leases(self, owner: str, ids: Iterable[str] | None = None) -> None:
        """Drop *owner*'s leases of *ids* (all of them when ``None``)."""
        with write_tx(self.engine) as conn:
            if ids is None:
                ledger.release_all(conn, owner)
            else:
                ledger.release(conn, ids, owner)

    def set_claim_vectors(self, vectors: Iterable[tuple[str, str, bytes]]) -> None:
        """Store embeddings computed later: ``(article_id, claim_id, vector)`` triples."""
        with write_tx(self.engine) as conn:
            for aid, cid, vec in vectors:
                conn.execute(s.claims.update().where(and_(
                    s.claims.c.article_id == aid, s.claims.c.claim_id == cid)).values(vector=vec))

    # -- reading ------------------------------------------------------------------------
    def get(self, article_id: str) -> Analysis | None:
        """The stored Analysis of *article_id*, or ``None``."""
        q = (select(s.analyses.c.data, s.analyses.c.data_z, s.articles)
             .join(s.articles, s.articles.c.id == s.analyses.c.article_id)
             .where(s.analyses.c.article_id == article_id))
        with self.engine.connect() as conn:
            row = conn.execute(q).mappings().first()
        if row is None:
            return None
        raw = row["data_z"]
        data = json.loads(zlib.decompress(raw).decode("utf-8") if raw is not None else row["data"])
        article = dict(data.get("article") or {})
        for k in ("id", "url", "outlet", "published", "title", "language", "text"):
            article[k] = row[k]
        data["article"] = article
        return Analysis.from_dict(data)

    def duplicate_of(self, article_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(s.articles.c.duplicate_of)
                                .where(s.articles.c.id == article_id)).scalar()

    def has(self, article_id: str) -> bool:
        """Whether an analysis of *article_id* is stored."""
        return bool(self.known_ids([article_id]))

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of *ids* that already have a stored analysis (for resuming a batch)."""
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = list(ids[i:i + 500])
                found.update(conn.execute(select(s.analyses.c.article_id)
                                          .where(s.analyses.c.article_id.in_(chunk))).scalars())
        return found

    def iter_signatures(self) -> Iterable[tuple[str, str | None, bytes]]:
        """``(article_id, duplicate_of, minhash)`` for every stored article with a signature."""
        q = (select(s.signatures.c.article_id, s.articles.c.duplicate_of, s.signatures.c.minhash)
             .join(s.articles, s.articles.c.id == s.signatures.c.article_id))
        with self.engine.connect() as conn:
            for aid, dup, sig in conn.execute(q):
                yield aid, dup, bytes(sig)

    def articles(
        self, *, limit: int = 50, offset: int = 0, outlet: str | None = None,
        since: DateLike = None, until: DateLike = None,
    ) -> list[dict[str, Any]]:
        """Stored articles, newest first: id, title, outlet, published, url, counts."""
        a, an = s.articles, s.analyses
        q = (select(a.c.id, a.c.title, a.c.outlet, a.c.published, a.c.url, a.c.duplicate_of,
                    func.coalesce(an.c.n_actors, 0).label("n_actors"),
                    func.coalesce(an.c.n_claims, 0).label("n_claims"),
                    func.coalesce(an.c.n_techniques, 0).label("n_techniques"))
             .select_from(a.outerjoin(an, an.c.article_id == a.c.id)))
        q = q.where(*article_filters(outlet=outlet, since=since, until=until))
        q = (q.order_by(a.c.published.is_(None), a.c.published.desc(), a.c.id)
             .limit(max(0, int(limit))).offset(max(0, int(offset))))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def count_articles(self, *, outlet: str | None = None, since: DateLike = None,
                       until: DateLike = None) -> int:
        q = select(func.count()).select_from(s.articles).where(
            *article_filters(outlet=outlet, since=since, until=until))
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar() or 0)

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and texts, best first: id, title, outlet, published,
        url, snippet (matched words in [brackets]), score, n_actors, n_claims, n_techniques."""
        if not query or not query.strip():
            return []
        limit = max(1, int(limit))
        if self.dialect == "sqlite":
            return search_sqlite(self.engine, query, limit)
        return search_pg(self.engine, query, limit)

    def stats(self) -> dict[str, int]:
        """Counts: articles, analyses, actors (distinct name+kind), mentions, claims, events,
        techniques, duplicates (near-duplicates linked to another article) and failures;
        then the failures by kind (``failures_input``, ``failures_error``,
        ``failures_crash``, ``failures_timeout``) and the ``leases`` of running ingests."""
        with self.engine.connect() as conn:
            def count(q: Any) -> int:
                return int(conn.execute(q).scalar() or 0)

            return {
                "articles": count(select(func.count()).select_from(s.articles)),
                "analyses": count(select(func.count()).select_from(s.analyses)),
                "actors": count(select(func.count(func.distinct(s.actors.c.key)))),
                "mentions": count(select(func.count()).select_from(s.mentions)),
                "claims": count(select(func.count()).select_from(s.claims)),
                "events": count(select(func.count()).select_from(s.events)),
                "techniques": count(select(func.count()).select_from(s.techniques)),
                "duplicates": count(select(func.count()).select_from(s.articles)
                                    .where(s.articles.c.duplicate_of.is_not(None))),
                "failures": count(select(func.count()).select_from(s.failures)),
                **ledger.counts(conn, time.time()),
            }

    def failures(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """The latest failures: source, reason, at, kind and article_id (when one was read)."""
        return ledger.list_failures(self.engine, limit)


def article_filters(*, outlet: str | None = None, since: DateLike = None,
                    until: DateLike = None, include_duplicates: bool = True) -> list[Any]:
    """WHERE clauses on ``articles`` shared by the store and the corpus views."""
    a = s.articles
    out: list[Any] = []
    if outlet:
        out.append(func.lower(a.c.outlet) == outlet.lower())
    lo, hi = _day(since), _day(until)
    if lo:
        out.append(func.substr(a.c.published, 1, 10) >= lo)
    if hi:
        out.append(func.substr(a.c.published, 1, 10) <= hi)
    if not include_duplicates:
        out.append(a.c.duplicate_of.is_(None))
    return out


def open_store(target: str | Path = "tealeaves.db", *, schema: str | None = None,
               claim_index: str | None = None, ann_dir: str | Path | None = None,
               open_segments: int | None = None) -> Store:
    """Open (creating and migrating if needed) the store at *target*.

    *target* is a file path, ``sqlite:///path``, ``:memory:``, or ``postgresql://…`` /
    ``postgresql+psycopg://…``. ``schema`` (PostgreSQL only) keeps the tables in that schema.
    ``claim_index`` (default: env ``TEALEAVES_CLAIM_INDEX``, else ``exact``) is how new
    claims are grouped with stored ones: ``exact`` (every vector in memory) or ``ann`` (an
    on-disk approximate index, its vectors memory-mapped, in ``ann_dir``,
    by default beside the SQLite file; :mod:`tealeaves.store.ann_index`). ``open_segments``
    (``ann`` only) is how many sealed index segments stay open between searches (the rest are
    opened per search): fewer bounds memory, more saves re-opening them.
    """
    import os

    index = claim_index or os.environ.get("TEALEAVES_CLAIM_INDEX") or "exact"
    url = resolve_url(target)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        db = make_url(url).database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        return Store(sqlite_engine(url), claim_index=index, ann_dir=ann_dir,
                     open_segments=open_segments)
    if backend == "postgresql":
        return Store(pg_engine(url, schema), claim_index=index, ann_dir=ann_dir,
                     open_segments=open_segments)
    raise ValueError(f"unsupported database {target!r}: use a SQLite path or postgresql://")
