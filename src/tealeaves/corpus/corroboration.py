"""Claims grouped across articles: which outlets carry the same proposition, on whose word.

Two claims are grouped when they mean the same (cosine of their all-MiniLM-L6-v2 sentence
embeddings, :mod:`tealeaves.embeddings`, at least ``EMB_SIMILAR``) **and** they share an
entity (an actor key mentioned in both claim spans, or the same named source); a very high
similarity alone (``EMB_NEAR_VERBATIM``) also suffices (a verbatim quote with no resolved
actor). Groups are the connected components of those pairs, less members linked only
through a chain.

The embeddings are computed at ingest (:func:`claim_vectors`, one batch per article) and
stored as float16 in ``claims.vector``, so this view never runs the model. Analyses stored
before that have no vectors: when any claim in view lacks one, the whole view falls back to
TF-IDF cosine (``SIMILAR`` / ``NEAR_VERBATIM``) with the same entity rule.

Thresholds were read off real PolNeAR claim pairs (4,000 newest claims of the 840 train
articles, cross-article pairs sampled per 0.05 cosine bin): with a shared entity, pairs at
0.70–0.75 state the same proposition (the Second Amendment remark, the border wall, the Khan
speech), while at 0.60–0.70 most share only a topic ("Clinton's private email account" vs
"hacking into Clinton's server"); without a shared entity, boilerplate ("spoke on condition
of anonymity") still reaches 0.87, so the entity-free threshold is 0.88.

Independence: members are collapsed by near-duplicate cluster (``articles.duplicate_of``:
a republished wire story counts once, under the outlet of its earliest copy), and
``independent_outlets`` counts the outlets left.
"""

from __future__ import annotations

import bisect
import copy
import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import and_, func, or_, select

from ..store import schema as s
from .actors import resolve_actor

if TYPE_CHECKING:
    from ..store import Store

#: Embedding cosine above which two claims sharing an entity state the same proposition.
EMB_SIMILAR = 0.70
#: Embedding cosine above which two claims are grouped even without a shared entity.
EMB_NEAR_VERBATIM = 0.88
#: Members whose mean embedding cosine with the rest of their group is lower are dropped.
EMB_PRUNE = 0.45
#: Fallback (analyses stored without vectors): TF-IDF cosine for claims sharing an entity.
SIMILAR = 0.6
#: Fallback: TF-IDF cosine above which two claims are grouped without a shared entity.
NEAR_VERBATIM = 0.75
#: Claims with fewer content words (after stop words) are too short to group ("Minimum Wage").
MIN_WORDS = 3
#: Terms in at most this many claims (or 0.2% of them, if more) propose candidate pairs.
BLOCK_DF = 50
#: Distinctive words two claims must share to be compared at all.
MIN_SHARED = 2
#: Most claims a grouping looks at (newest first), to keep the view interactive.
MAX_CLAIMS = 30_000

_KIND_WORDS = {
    "named_person": "named person", "named_organization": "named organisation",
    "anonymous": "anonymous source", "rumour": "rumour", "author": "author",
}
_PLURAL = {"named person": "named people"}


def _count(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else _PLURAL.get(word, word + 's')}"


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _load_claims(store: Store, key: str | None) -> list[dict[str, Any]]:
    c, ar, a, m = s.claims, s.articles, s.actors, s.mentions
    src = a.alias("src")
    cols = (c.c.article_id, c.c.claim_id, c.c.text, c.c.quote, c.c.source_kind,
            c.c.source_text, c.c.start_char, c.c.end_char, src.c.name.label("source_name"),
            src.c.key.label("source_key"), ar.c.outlet, ar.c.published, ar.c.title,
            ar.c.duplicate_of, c.c.vector)
    base = (c.join(ar, ar.c.id == c.c.article_id)
            .outerjoin(src, and_(src.c.article_id == c.c.article_id,
                                 src.c.actor_id == c.c.source_actor)))
    q = select(*cols).select_from(base)
    if key is not None:
        about = (select(m.c.article_id).select_from(
            m.join(a, and_(a.c.article_id == m.c.article_id, a.c.actor_id == m.c.actor_id)))
            .where(a.c.key == key, m.c.article_id == c.c.article_id,
                   m.c.start_char >= c.c.start_char, m.c.end_char <= c.c.end_char)
            .exists())
        q = q.where(or_(src.c.key == key, about))
    q = q.order_by(ar.c.published.desc(), c.c.article_id, c.c.start_char).limit(MAX_CLAIMS)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(q).mappings()]
        # Entities mentioned inside each claim span: mentions per article, matched in Python
        # (a range join in SQL costs seconds on a few thousand claims).
        spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        ids = sorted({r["article_id"] for r in rows})
        for i in range(0, len(ids), 400):
            mq = (select(m.c.article_id, m.c.start_char, m.c.end_char, a.c.key).select_from(
                m.join(a, and_(a.c.article_id == m.c.article_id, a.c.actor_id == m.c.actor_id)))
                .where(m.c.article_id.in_(ids[i:i + 400])))
            for aid, start, end, k in conn.execute(mq):
                spans[aid].append((start, end, k))
    for found in spans.values():
        found.sort()
    ents: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        found = spans.get(r["article_id"], [])
        lo = bisect.bisect_left(found, (r["start_char"], -1, ""))
        keys = set()
        for start, end, k in found[lo:]:
            if start >= r["end_char"]:
                break
            if end <= r["end_char"]:
                keys.add(k)
        ents[(r["article_id"], r["claim_id"])] = keys
    for r in rows:
        r["entities"] = ents.get((r["article_id"], r["claim_id"]), set())
        if r["source_key"]:
            r["entities"] = r["entities"] | {r["source_key"]}
    return rows


_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    text = resources.files("tealeaves").joinpath("resources/corpus_stopwords_en.txt")
    return frozenset(w.strip() for w in text.read_text("utf-8").splitlines()
                     if w.strip() and not w.startswith("#"))


def tfidf(texts: list[str]) -> Any:
    """L2-normalised TF-IDF rows (sublinear tf, smoothed idf, stop words dropped) as a
    ``scipy.sparse`` CSR matrix — scikit-learn's ``TfidfVectorizer`` defaults, without the
    seconds its import costs an interactive view."""
    from scipy.sparse import csr_matrix

    stop = _stop_words()
    vocab: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for text in texts:
        counts = Counter(w for w in (m.lower() for m in _TOKEN.findall(text)) if w not in stop)
        for word, c in counts.items():
            indices.append(vocab.setdefault(word, len(vocab)))
            data.append(1.0 + math.log(c))
        indptr.append(len(indices))
    n = len(texts)
    x = csr_matrix((np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32),
                    np.asarray(indptr, dtype=np.int64)), shape=(n, len(vocab)))
    df = np.bincount(x.indices, minlength=len(vocab))
    x.data *= (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)[x.indices]
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x.data /= np.repeat(norms, np.diff(x.indptr)).astype(np.float32)
    return x


def _similar_pairs(texts: list[str]) -> tuple[list[tuple[int, int, float]], Any]:
    """Pairs ``(i, j, cosine)`` with i < j and TF-IDF cosine ≥ SIMILAR, and the TF-IDF rows.

    Candidates are the pairs sharing at least ``MIN_SHARED`` *distinctive* words (document
    frequency at most ``BLOCK_DF``), so common words ("said", a front-runner's name) never
    make the work quadratic; the cosine is then computed on the full vectors of the
    candidates only.
    """
    n = len(texts)
    x = tfidf(texts)
    if n < 2 or x.shape[1] == 0:
        return [], x
    df = np.bincount(x.indices, minlength=x.shape[1])
    cols = np.flatnonzero((df >= 2) & (df <= max(BLOCK_DF, n // 500)))
    if not len(cols):
        return [], x
    block = x[:, cols]
    block.data[:] = 1.0
    cand = (block @ block.T).tocoo()
    keep = (cand.row < cand.col) & (cand.data >= MIN_SHARED)
    rows, cols_ = cand.row[keep], cand.col[keep]
    out: list[tuple[int, int, float]] = []
    for k in range(0, len(rows), 200_000):
        i, j = rows[k:k + 200_000], cols_[k:k + 200_000]
        cos = np.asarray(x[i].multiply(x[j]).sum(axis=1)).ravel()
        hit = cos >= SIMILAR
        out += zip(i[hit].tolist(), j[hit].tolist(), cos[hit].tolist(), strict=True)
    return out, x


def claim_vectors(analysis: Any, batch_size: int = 32) -> dict[str, bytes]:
    """Claim id → float16 embedding bytes for every claim of *analysis* (one model batch
    per article), as :meth:`Store.save` takes them in ``claim_vectors``."""
    from ..embeddings import embed

    claims = list(analysis.claims)
    if not claims:
        return {}
    vecs = embed([c.text for c in claims], batch_size=batch_size).astype(np.float16)
    return {c.id: v.tobytes() for c, v in zip(claims, vecs, strict=True)}


def _vectors(rows: list[dict[str, Any]]) -> np.ndarray | None:
    """The stored embeddings of *rows* as a float32 matrix, or None if any is missing."""
    if not rows or any(r["vector"] is None for r in rows):
        return None
    vecs = [np.frombuffer(r["vector"], dtype=np.float16) for r in rows]
    if len({v.shape for v in vecs}) != 1:
        return None
    return np.vstack(vecs).astype(np.float32)


def _embedding_pairs(v: np.ndarray, block: int = 1024) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, cosine)``, i < j, with embedding cosine ≥ EMB_SIMILAR (in row blocks,
    so memory stays at block × n)."""
    out: list[tuple[int, int, float]] = []
    n = len(v)
    for lo in range(0, n, block):
        sims = v[lo:lo + block] @ v.T
        ii, jj = np.nonzero(sims >= EMB_SIMILAR)
        ii = ii + lo
        keep = ii < jj
        ii, jj = ii[keep], jj[keep]
        out += zip(ii.tolist(), jj.tolist(), sims[ii - lo, jj].tolist(), strict=True)
    return out


def _source_label(r: dict[str, Any]) -> str:
    return str(r.get("source_name") or r.get("source_text") or _KIND_WORDS.get(
        r["source_kind"], r["source_kind"]))


def _summary(members: list[dict[str, Any]], n_outlets: int, independent: int) -> str:
    head = f"{n_outlets} outlet{'s' if n_outlets != 1 else ''}"
    if independent < n_outlets:
        head += f" ({independent} independent)"
    kinds = Counter(m["source_kind"] for m in members)
    if len(kinds) == 1:
        kind = next(iter(kinds))
        sources = {" ".join(str(m.get("source_name") or m.get("source_text") or "")
                            .casefold().split()) for m in members}
        if kind == "anonymous":
            one = len(sources) == 1 or independent == 1
            return f"{head}, all citing {'one anonymous source' if one else 'anonymous sources'}"
        if kind == "author":
            return f"{head}, each on its author's own word"
        if kind == "rumour":
            return f"{head}, all passing on a rumour"
        if len(sources) == 1 and "" not in sources:
            return f"{head}, all citing {_source_label(members[0])}"
        return f"{head}, all citing {_count(2, _KIND_WORDS.get(kind, kind)).split(' ', 1)[1]}"
    mix = ", ".join(_count(n, _KIND_WORDS.get(k, k)) for k, n in kinds.most_common())
    return f"{head}; sources: {mix}"


def group_claims(
    store: Store, *, actor: str | None = None, limit: int = 100, min_articles: int = 2,
) -> list[dict[str, Any]]:
    """Groups of claims stating the same proposition in at least *min_articles* articles.

    Each group: id, text (earliest member's), members (article_id, claim_id, text, outlet,
    published, title, source_kind, source, duplicate_of), outlets, n_outlets,
    independent_outlets, original_source (name, kind, article_id, outlet, published),
    source_kinds (kind → count), summary. Sorted by independent outlets, then members.
    """
    key = None
    if actor:
        key = resolve_actor(store, actor)
        if key is None:
            return []
    # the engine's identity tells apart stores that share a URL (PostgreSQL schemas)
    cache_key = (str(store.engine.url), id(store.engine), key, int(limit), int(min_articles),
                 _fingerprint(store))
    if cache_key in _CACHE:
        return copy.deepcopy(_CACHE[cache_key])
    groups = _group(store, key, limit, min_articles)
    if len(_CACHE) >= 16:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[cache_key] = copy.deepcopy(groups)
    return groups


_CACHE: dict[tuple[Any, ...], list[dict[str, Any]]] = {}


def _fingerprint(store: Store) -> tuple[Any, ...]:
    """Changes whenever an analysis is saved or replaced (count and latest save time) or
    claim vectors are added."""
    an = s.analyses
    with store.engine.connect() as conn:
        row = conn.execute(select(func.count(), func.max(an.c.analyzed_at),
                                  func.sum(an.c.n_claims))).first()
        dups = conn.execute(select(func.count()).select_from(s.articles)
                            .where(s.articles.c.duplicate_of.is_not(None))).scalar()
        vectors = conn.execute(select(func.count(s.claims.c.vector))).scalar()
    return (*(tuple(row) if row else ()), dups, vectors)


def _prune_chain(idx: list[int], x: Any, floor: float = SIMILAR / 2) -> list[int]:
    """Drop the members of a group that only a chain of pairs links to it: those whose mean
    cosine with the other members is under *floor* (``SIMILAR / 2`` for TF-IDF rows;
    single-link grouping otherwise lets A≈B≈C put unrelated A and C together). *x* is a
    sparse TF-IDF or a dense embedding matrix."""
    if len(idx) < 3:
        return idx
    sub = x[idx]
    sims = sub @ sub.T
    sims = sims.toarray() if hasattr(sims, "toarray") else np.asarray(sims)
    mean = (sims.sum(axis=1) - sims.diagonal()) / (len(idx) - 1)
    return [i for i, m in zip(idx, mean, strict=True) if m >= floor]


def _group(store: Store, key: str | None, limit: int, min_articles: int
           ) -> list[dict[str, Any]]:
    stop = _stop_words()
    rows = [r for r in _load_claims(store, key)
            if sum(1 for w in _TOKEN.findall(r["text"].lower()) if w not in stop) >= MIN_WORDS]
    uf = _UnionFind(len(rows))
    x: Any = _vectors(rows)
    if x is not None:
        pairs, verbatim, floor = _embedding_pairs(x), EMB_NEAR_VERBATIM, EMB_PRUNE
    else:  # analyses stored before claim embeddings
        (pairs, x), verbatim, floor = _similar_pairs([r["text"] for r in rows]), NEAR_VERBATIM, \
            SIMILAR / 2
    for i, j, cos in pairs:
        ri, rj = rows[i], rows[j]
        if ri["article_id"] == rj["article_id"]:
            continue
        if cos >= verbatim or (ri["entities"] & rj["entities"]):
            uf.union(i, j)
    comps: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        comps[uf.find(i)].append(i)
    groups = []
    for idx in comps.values():
        idx = _prune_chain(idx, x, floor)
        members = sorted((rows[i] for i in idx),
                         key=lambda r: (r["published"] or "9999", r["article_id"], r["start_char"]))
        if len({m["article_id"] for m in members}) < max(2, min_articles):
            continue
        outlets = sorted({m["outlet"] or "(unknown)" for m in members})
        first_by_root: dict[str, dict[str, Any]] = {}
        for m in members:
            first_by_root.setdefault(m["duplicate_of"] or m["article_id"], m)
        independent = len({m["outlet"] or "(unknown)" for m in first_by_root.values()})
        first = members[0]
        groups.append({
            "id": f"{first['article_id'][:12]}:{first['claim_id']}",
            "text": first["text"],
            "members": [{
                "article_id": m["article_id"], "claim_id": m["claim_id"], "text": m["text"],
                "outlet": m["outlet"], "published": m["published"], "title": m["title"],
                "source_kind": m["source_kind"], "source": m["source_name"] or m["source_text"],
                "duplicate_of": m["duplicate_of"],
            } for m in members],
            "outlets": outlets,
            "n_outlets": len(outlets),
            "independent_outlets": independent,
            "original_source": {
                "name": first["source_name"] or first["source_text"], "kind": first["source_kind"],
                "article_id": first["article_id"], "outlet": first["outlet"],
                "published": first["published"],
            },
            "source_kinds": dict(Counter(m["source_kind"] for m in members).most_common()),
            "summary": _summary(members, len(outlets), independent),
        })
    groups.sort(key=lambda g: (-g["independent_outlets"], -len(g["members"]), g["id"]))
    return groups[:max(0, int(limit))]


__all__ = ["claim_vectors", "group_claims"]
