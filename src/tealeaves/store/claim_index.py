"""The rule's constants and the in-memory index of stored claim vectors (see
:mod:`tealeaves.store.grouping` for the rule and how the groups are kept).

Also the ``store_meta`` generation number that tells an index whether another writer
changed the store since it was loaded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select, update

from . import schema as s

if TYPE_CHECKING:
    import numpy as np

EMB_SIMILAR = 0.70
#: Embedding cosine above which two claims are linked even without a shared entity.
EMB_NEAR_VERBATIM = 0.88
#: Members whose mean embedding cosine with the rest of their component is lower are pruned.
EMB_PRUNE = 0.45
#: Claims with fewer content words (after stop words) are too short to group ("Minimum Wage").
MIN_WORDS = 3

DIM = 384
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    text = resources.files("tealeaves").joinpath("resources/corpus_stopwords_en.txt")
    return frozenset(w.strip() for w in text.read_text("utf-8").splitlines()
                     if w.strip() and not w.startswith("#"))


def groupable(text: str) -> bool:
    """Whether a claim has at least ``MIN_WORDS`` content words."""
    stop = stop_words()
    return sum(1 for w in _TOKEN.findall(text.lower()) if w not in stop) >= MIN_WORDS


def claim_key(article_id: str, claim_id: str) -> str:
    return f"{article_id}:{claim_id}"


def split_key(key: str) -> tuple[str, str]:
    aid, _, cid = key.partition(":")
    return aid, cid


def to_vector(raw: bytes | None) -> np.ndarray | None:
    import numpy as np

    if raw is None:
        return None
    v = np.frombuffer(bytes(raw), dtype=np.float16)
    return v.astype(np.float32) if v.shape == (DIM,) else None


# -- the in-memory index of stored claim vectors -------------------------------------------

class ClaimIndex:
    """Every stored, groupable claim with a vector: key, article, entities and a float32
    matrix (about 1.5 KB a claim), grown by doubling. Rows of a re-analysed article are
    zeroed (they can never reach a threshold) and forgotten."""

    def __init__(self) -> None:
        self.generation: int | None = None
        self._reset()

    def _reset(self) -> None:
        self.keys: list[str] = []
        self.articles: list[str] = []
        self.entities: list[frozenset[str]] = []
        self.by_article: dict[str, list[int]] = defaultdict(list)
        self.row: dict[str, int] = {}
        self.vecs: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: str, article_id: str, entities: frozenset[str], vec: np.ndarray, *,
            conn: Connection | None = None) -> None:
        import numpy as np

        n = len(self.keys)
        if self.vecs is None or n >= len(self.vecs):
            grown = np.zeros((max(1024, 2 * n), DIM), dtype=np.float32)
            if self.vecs is not None:
                grown[:n] = self.vecs[:n]
            self.vecs = grown
        self.vecs[n] = vec
        self.keys.append(key)
        self.articles.append(article_id)
        self.entities.append(entities)
        self.by_article[article_id].append(n)
        self.row[key] = n

    def add_all(self, keys: Sequence[str], article_id: str, entities: Sequence[frozenset[str]],
                vecs: Sequence[np.ndarray], *, conn: Connection | None = None) -> None:
        """:meth:`add` for each of one article's claims."""
        for key, ents, vec in zip(keys, entities, vecs, strict=True):
            self.add(key, article_id, ents, vec)

    def prepare(self, conn: Connection) -> None:
        """Called at the start of each save (the on-disk index writes out its tail)."""

    def drop_article(self, article_id: str, *, conn: Connection | None = None) -> None:
        for i in self.by_article.pop(article_id, []):
            assert self.vecs is not None
            self.vecs[i] = 0.0
            self.entities[i] = frozenset()
            self.row.pop(self.keys[i], None)

    def vector(self, key: str) -> np.ndarray | None:
        i = self.row.get(key)
        return None if i is None or self.vecs is None else self.vecs[i]

    def matches(self, vecs: np.ndarray, ents: Sequence[frozenset[str]], article_id: str, *,
                conn: Connection | None = None) -> list[tuple[int, str, float]]:
        """``(new row, stored key, cosine)`` for the pairs passing the linking rule."""
        import numpy as np

        n = len(self.keys)
        if not n or not len(vecs) or self.vecs is None:
            return []
        sims = vecs @ self.vecs[:n].T
        out = []
        for i, j in zip(*np.nonzero(sims >= EMB_SIMILAR), strict=True):
            if self.articles[j] == article_id or self.keys[j] not in self.row:
                continue
            cos = float(sims[i, j])
            if cos >= EMB_NEAR_VERBATIM or ents[i] & self.entities[j]:
                out.append((int(i), self.keys[j], cos))
        return out

    def load(self, conn: Connection) -> None:
        """(Re)read every groupable claim with a vector from the store."""
        self._reset()
        ents = _entities_of(conn)
        c = s.claims
        q = (select(c.c.article_id, c.c.claim_id, c.c.text, c.c.vector)
             .where(c.c.vector.is_not(None)).order_by(c.c.article_id, c.c.claim_id))
        for aid, cid, text, raw in conn.execute(q):
            v = to_vector(raw)
            if v is not None and groupable(text):
                self.add(claim_key(aid, cid), aid, ents.get((aid, cid), frozenset()), v)


def _entities_of(conn: Connection, article_ids: Iterable[str] | None = None
                 ) -> dict[tuple[str, str], frozenset[str]]:
    e = s.claim_entities
    q = select(e.c.article_id, e.c.claim_id, e.c.key)
    if article_ids is not None:
        q = q.where(e.c.article_id.in_(list(article_ids)))
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for aid, cid, key in conn.execute(q):
        found[(aid, cid)].add(key)
    return {k: frozenset(v) for k, v in found.items()}


# -- generation (under the write lock) ---------------------------------------------------

def read_meta(conn: Connection, key: str, *, lock: bool = False) -> str | None:
    q = select(s.store_meta.c.value).where(s.store_meta.c.key == key)
    if lock:
        q = q.with_for_update()
    return conn.execute(q).scalar()


def write_meta(conn: Connection, key: str, value: str) -> None:
    done = conn.execute(update(s.store_meta).where(s.store_meta.c.key == key)
                        .values(value=value)).rowcount
    if not done:
        conn.execute(s.store_meta.insert().values(key=key, value=value))


def generation(conn: Connection, *, lock: bool = False) -> int:
    return int(read_meta(conn, "claims_generation", lock=lock) or 0)

