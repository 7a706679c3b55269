"""The :class:`Store`: articles, analyses and their findings in SQLite or PostgreSQL.

Everything that reads or writes the database goes through this module (DESIGN.md §7).
``save`` upserts by article id (the content hash) and rewrites the article's findings in one
transaction, so a re-analysis never leaves a mix of old and new rows, and a crash loses at
most the article being written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    create_engine,
    delete,
    event,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from ..model import Actor, Analysis, Article
from . import schema as s
from .migrations import migrate
from .tx import begin_statement, write_tx

DateLike = str | date | datetime | None

log = logging.getLogger(__name__)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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


def _unique_ids(ids: Iterable[str]) -> list[str]:
    """Ids made unique within one article: a repeat of ``x`` becomes ``x#2``, ``x#3``…
    (a stage that emits the same id twice must not cost the article its findings)."""
    seen: Counter[str] = Counter()
    out = []
    for i in ids:
        seen[i] += 1
        out.append(i if seen[i] == 1 else f"{i}#{seen[i]}")
    return out


def _polarity(actor: Actor) -> float | None:
    if actor.stance is None:
        return None
    sign = {"positive": 1.0, "negative": -1.0}.get(actor.stance.label, 0.0)
    return sign * float(actor.stance.score)


def actor_key(name: str, kind: str) -> str:
    """The cross-article identity of an actor: its canonical name (case- and space-folded) and kind."""
    return f"{' '.join(name.split()).casefold()}|{kind}"[:300]


def resolve_url(target: str | Path) -> str:
    """A SQLAlchemy URL for a path, ``sqlite:///…``, ``postgresql://…`` or ``:memory:``."""
    target = str(target)
    if target in (":memory:", "sqlite://", "sqlite:///:memory:"):
        return "sqlite://"
    if "://" not in target:
        return f"sqlite:///{Path(target).expanduser().resolve()}"
    if target.startswith("postgres://"):
        target = "postgresql://" + target[len("postgres://"):]
    if target.startswith("postgresql://"):  # psycopg 3 is the driver we install
        target = "postgresql+psycopg://" + target[len("postgresql://"):]
    return target


def _sqlite_engine(url: str) -> Engine:
    memory = url == "sqlite://"
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 60}}
    if memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions start (the documented
        # recipe), so DDL in a migration really runs inside the transaction.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin_statement(conn))

    return engine


def _pg_engine(url: str, schema: str | None) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)
    if schema:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", schema):
            raise ValueError(f"bad schema name {schema!r}")

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            cur.execute(f'SET search_path TO "{schema}"')
            cur.close()
            dbapi_conn.commit()

    return engine


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def _fts5_query(query: str) -> str:
    """User text to a safe FTS5 query: every word quoted, all required."""
    words = _FTS_WORD.findall(query)
    return " ".join(f'"{w}"' for w in words)


class Store:
    """Articles and analyses in one database. Create with :func:`open_store`."""

    def __init__(self, engine: Engine) -> None:
        from .grouping import ClaimIndex

        self.engine = engine
        self.dialect = engine.dialect.name
        self.version = migrate(engine)
        #: Stored claim vectors in memory, for grouping new claims at write time (loaded
        #: on the first save, then extended by each save; see tealeaves.store.grouping).
        self.claim_index = ClaimIndex()

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
    ) -> None:
        """Upsert *analysis* by article id; its old findings are replaced in one transaction.

        ``duplicate_of`` links a near-duplicate to the article it copies; ``signature`` (a
        MinHash) is kept for dedup. ``claim_vectors`` (claim id → float16 embedding bytes,
        as :func:`tealeaves.store.grouping.claim_vectors` makes them) group the claims
        across articles in the same transaction (:mod:`tealeaves.store.grouping`); when
        ``None`` they are computed here (batch workers compute them instead, so the batch
        driver never runs the model); an empty mapping stores the claims ungrouped.
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
        claim_ids = _unique_ids(c.id for c in analysis.claims)
        entities = grouping.entity_rows(analysis, claim_ids)
        index = self.claim_index
        with write_tx(self.engine) as conn:
            gen = grouping.before_save(conn, index)
            grouping.before_replace(conn, index, art.id)
            self._upsert_article(conn, art, duplicate_of)
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
                conn.execute(text("DELETE FROM articles_fts WHERE article_id = :id"), {"id": art.id})
                conn.execute(
                    text("INSERT INTO articles_fts (article_id, title, text) VALUES (:id, :t, :x)"),
                    {"id": art.id, "t": art.title or "", "x": art.text},
                )
        index.generation = new_gen

    def _upsert_article(self, conn: Connection, art: Article, duplicate_of: str | None) -> None:
        values = {
            "id": art.id, "url": art.url, "outlet": art.outlet, "published": art.published,
            "title": art.title, "language": art.language, "text": art.text,
            "duplicate_of": duplicate_of, "ingested_at": _now(),
        }
        insert: Any
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        stmt = insert(s.articles).values(**values)
        update = {k: stmt.excluded[k] for k in values if k not in ("id", "ingested_at")}
        conn.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=update))

    def _insert_findings(
        self, conn: Connection, a: Analysis, vectors: Mapping[str, bytes]
    ) -> None:
        aid = a.article.id
        data = a.to_dict()
        data["article"] = {k: v for k, v in data["article"].items() if k != "text"}
        conn.execute(s.analyses.insert().values(
            article_id=aid, schema_version=a.schema_version,
            data="", data_z=zlib.compress(
                json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6),
            genre=a.genre.label if a.genre else None,
            n_actors=len(a.actors), n_claims=len(a.claims), n_events=len(a.events),
            n_techniques=len(a.techniques), n_issues=len(a.issues), analyzed_at=_now(),
        ))
        actor_rows, name_rows, mention_rows, standing_rows = [], [], [], []
        actor_ids = _unique_ids(x.id for x in a.actors)
        for actor, actor_id in zip(a.actors, actor_ids, strict=True):
            actor_rows.append({
                "article_id": aid, "actor_id": actor_id, "key": actor_key(actor.name, actor.kind),
                "name": actor.name, "kind": actor.kind,
                "roles": json.dumps(list(actor.roles), ensure_ascii=False),
                "aliases": json.dumps(list(actor.aliases), ensure_ascii=False),
                "n_mentions": len(actor.mentions),
                "stance_label": actor.stance.label if actor.stance else None,
                "stance_score": actor.stance.score if actor.stance else None,
                "polarity": _polarity(actor),
                "rising": sum(1 for x in actor.standing if x.direction == "rising"),
                "falling": sum(1 for x in actor.standing if x.direction == "falling"),
            })
            names = {" ".join(n.split()).casefold() for n in (actor.name, *actor.aliases)}
            name_rows += [{"article_id": aid, "actor_id": actor_id, "name_lower": n[:300]}
                          for n in sorted(names) if n]
            mention_rows += [{"article_id": aid, "actor_id": actor_id, "start_char": m.start,
                              "end_char": m.end, "text": m.text, "form": m.form}
                             for m in actor.mentions]
            standing_rows += [{"article_id": aid, "actor_id": actor_id, "signal": x.signal,
                               "direction": x.direction, "start_char": x.start,
                               "end_char": x.end, "text": x.text} for x in actor.standing]
        claim_rows = [{
            "article_id": aid, "claim_id": cid, "start_char": c.start, "end_char": c.end,
            "text": c.text, "quote": bool(c.quote), "source_kind": c.source.kind,
            "source_actor": c.source.actor, "source_text": c.source.text,
            "cue": c.cue.text if c.cue else None, "via": c.via, "n_hedges": len(c.hedges),
            "vector": vectors.get(c.id),
        } for c, cid in zip(a.claims, _unique_ids(c.id for c in a.claims), strict=True)]
        event_rows = [{
            "article_id": aid, "event_id": eid, "category": e.category, "actor": e.actor,
            "target": e.target, "action": e.action.text, "start_char": e.start,
            "end_char": e.end, "negated": bool(e.negated),
        } for e, eid in zip(a.events, _unique_ids(e.id for e in a.events), strict=True)]
        technique_rows = [{
            "article_id": aid, "seq": i, "technique": t.technique, "start_char": t.start,
            "end_char": t.end, "text": t.text, "score": float(t.score),
        } for i, t in enumerate(a.techniques)]
        for table, rows in (
            (s.actors, actor_rows), (s.actor_names, name_rows), (s.mentions, mention_rows),
            (s.standing, standing_rows), (s.claims, claim_rows), (s.events, event_rows),
            (s.techniques, technique_rows),
        ):
            if rows:
                conn.execute(table.insert(), rows)

    def record_failure(self, source: str, reason: str) -> None:
        """Remember that *source* could not be ingested and why (a retry overwrites it)."""
        key = hashlib.sha1(source.encode("utf-8", "replace")).hexdigest()
        with write_tx(self.engine) as conn:
            conn.execute(delete(s.failures).where(s.failures.c.key == key))
            conn.execute(s.failures.insert().values(
                key=key, source=source, reason=reason[:2000], at=_now()))

    def clear_failure(self, source: str) -> None:
        """Forget an earlier failure of *source* (it has now been ingested)."""
        key = hashlib.sha1(source.encode("utf-8", "replace")).hexdigest()
        with write_tx(self.engine) as conn:
            conn.execute(delete(s.failures).where(s.failures.c.key == key))

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
            return self._search_sqlite(query, limit)
        return self._search_pg(query, limit)

    def _search_sqlite(self, query: str, limit: int) -> list[dict[str, Any]]:
        match = _fts5_query(query)
        if not match:
            return []
        sql = text(
            "SELECT f.article_id AS id, a.title AS title, a.outlet AS outlet, "
            "a.published AS published, a.url AS url, "
            "snippet(articles_fts, 2, '[', ']', '…', 16) AS snippet, "
            "bm25(articles_fts) AS score, coalesce(n.n_actors, 0) AS n_actors, "
            "coalesce(n.n_claims, 0) AS n_claims, coalesce(n.n_techniques, 0) AS n_techniques "
            "FROM articles_fts f JOIN articles a ON a.id = f.article_id "
            "LEFT JOIN analyses n ON n.article_id = a.id "
            "WHERE articles_fts MATCH :q ORDER BY score LIMIT :n"
        )
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(sql, {"q": match, "n": limit}).mappings()]
        for r in rows:  # bm25 is "smaller is better"; report a positive relevance
            r["score"] = round(-float(r["score"]), 4)
        return rows

    def _search_pg(self, query: str, limit: int) -> list[dict[str, Any]]:
        doc = "to_tsvector('english', coalesce(a.title, '') || ' ' || a.text)"
        sql = text(
            f"SELECT a.id, a.title, a.outlet, a.published, a.url, "
            f"ts_headline('english', a.text, q, 'StartSel=[,StopSel=],MaxWords=24,MinWords=10') "
            f"AS snippet, ts_rank({doc}, q) AS score, coalesce(n.n_actors, 0) AS n_actors, "
            f"coalesce(n.n_claims, 0) AS n_claims, coalesce(n.n_techniques, 0) AS n_techniques "
            f"FROM articles a LEFT JOIN analyses n ON n.article_id = a.id, "
            f"plainto_tsquery('english', :q) q "
            f"WHERE {doc} @@ q ORDER BY score DESC, a.id LIMIT :n"
        )
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(sql, {"q": query, "n": limit}).mappings()]
            if not rows:  # only stop words, or a partial word: fall back to ILIKE
                like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                a = s.articles
                an = s.analyses
                q = (select(a.c.id, a.c.title, a.c.outlet, a.c.published, a.c.url,
                            func.substr(a.c.text, 1, 200).label("snippet"),
                            func.coalesce(an.c.n_actors, 0).label("n_actors"),
                            func.coalesce(an.c.n_claims, 0).label("n_claims"),
                            func.coalesce(an.c.n_techniques, 0).label("n_techniques"))
                     .select_from(a.outerjoin(an, an.c.article_id == a.c.id))
                     .where(or_(a.c.title.ilike(like, escape="\\"), a.c.text.ilike(like, escape="\\")))
                     .order_by(a.c.id).limit(limit))
                rows = [dict(r) | {"score": 0.0} for r in conn.execute(q).mappings()]
        for r in rows:
            r["score"] = round(float(r["score"]), 4)
        return rows

    def stats(self) -> dict[str, int]:
        """Counts: articles, analyses, actors (distinct name+kind), mentions, claims, events,
        techniques, duplicates (near-duplicates linked to another article) and failures."""
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
            }

    def failures(self, *, limit: int = 100) -> list[dict[str, Any]]:
        q = select(s.failures.c.source, s.failures.c.reason, s.failures.c.at).order_by(
            s.failures.c.at.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]


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


def open_store(target: str | Path = "tealeaves.db", *, schema: str | None = None) -> Store:
    """Open (creating and migrating if needed) the store at *target*.

    *target* is a file path, ``sqlite:///path``, ``:memory:``, or ``postgresql://…`` /
    ``postgresql+psycopg://…``. ``schema`` (PostgreSQL only) keeps the tables in that schema.
    """
    url = resolve_url(target)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        db = make_url(url).database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        return Store(_sqlite_engine(url))
    if backend == "postgresql":
        return Store(_pg_engine(url, schema))
    raise ValueError(f"unsupported database {target!r}: use a SQLite path or postgresql://")
