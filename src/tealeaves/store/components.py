"""Connected components of the claim links, and the pruning of their members (the rule is
in :mod:`tealeaves.store.grouping`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, bindparam, select, update

from . import schema as s
from .claim_index import EMB_PRUNE, claim_key, split_key, to_vector

if TYPE_CHECKING:
    import numpy as np

class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, i: str) -> str:
        self.parent.setdefault(i, i)
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: str, j: str) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)

    def sets(self) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for i in list(self.parent):
            out[self.find(i)].append(i)
        return list(out.values())


def prune(vecs: np.ndarray) -> np.ndarray:
    """Which rows of a component's vectors stay: mean cosine with the other rows at least
    ``EMB_PRUNE`` (every row of a component of one or two). Uses Σ_j v_i·v_j = v_i·Σ_j v_j,
    so a component of k members costs k dot products, not k²."""
    import numpy as np

    k = len(vecs)
    if k < 3:
        return np.ones(k, dtype=bool)
    total = vecs.sum(axis=0)
    self_sim = np.einsum("ij,ij->i", vecs, vecs)
    mean = (vecs @ total - self_sim) / (k - 1)
    keep: np.ndarray = mean >= EMB_PRUNE
    return keep


def members(conn: Connection, components: Iterable[str]) -> dict[str, tuple[str | None, Any]]:
    """Key → (component, in_group) of every claim in *components* (ids), plus the claims
    whose own key is one of them (a singleton has no component of its own)."""
    comps = sorted(set(components))
    c = s.claims
    out: dict[str, tuple[str | None, Any]] = {}
    for lo in range(0, len(comps), 400):
        part = comps[lo:lo + 400]
        for aid, cid, comp, flag in conn.execute(
                select(c.c.article_id, c.c.claim_id, c.c.component, c.c.in_group)
                .where(c.c.component.in_(part))):
            out[claim_key(aid, cid)] = (comp, flag)
        for key in part:
            if key not in out:
                aid, cid = split_key(key)
                row = conn.execute(select(c.c.component, c.c.in_group).where(
                    c.c.article_id == aid, c.c.claim_id == cid)).first()
                if row is not None:
                    out[key] = (row[0], row[1])
    return out


_SET = (update(s.claims)
        .where(s.claims.c.article_id == bindparam("a"), s.claims.c.claim_id == bindparam("c"))
        .values(component=bindparam("comp"), in_group=bindparam("flag")))


def write_components(conn: Connection, parts: list[list[str]],
                      old: Mapping[str, tuple[str | None, Any]],
                      vector: Callable[[str], np.ndarray | None]) -> None:
    """Give each part (a list of member keys) its component id and pruned flags, writing
    only the rows that change."""
    import numpy as np

    other_lang = _not_english(conn, {split_key(k)[0] for p in parts if len(p) >= 3
                                     for k in p})
    rows = []
    for part in parts:
        comp_id: str | None
        flags: list[bool | None]
        if len(part) < 2:
            comp_id, flags = None, [None] * len(part)
        else:
            # keep the id most members already carry, so a merge rewrites the smaller side
            counts: dict[str, int] = defaultdict(int)
            inside = set(part)
            for k in part:
                if old.get(k, (None, None))[0] in inside:
                    counts[old[k][0]] += 1  # type: ignore[index]
            comp_id = max(counts, key=lambda x: (counts[x], x)) if counts else min(part)
            judged = [k for k in part if split_key(k)[0] not in other_lang]
            vecs = [vector(k) for k in judged]
            if any(v is None for v in vecs):  # cannot happen: links need vectors
                kept = set(part)
            else:
                keep = (prune(np.vstack([v for v in vecs if v is not None])) if vecs
                        else np.zeros(0, dtype=bool))
                kept = {k for k, x in zip(judged, keep, strict=True) if x}
            # a claim the encoder cannot read (not English) stays by its links
            flags = [k in kept or split_key(k)[0] in other_lang for k in part]
        for key, flag in zip(part, flags, strict=True):
            was = old.get(key, (None, None))
            if was[0] != comp_id or (was[1] is None) != (flag is None) or (
                    flag is not None and bool(was[1]) != flag):
                aid, cid = split_key(key)
                rows.append({"a": aid, "c": cid, "comp": comp_id, "flag": flag})
    if rows:
        conn.execute(_SET, rows)


def _not_english(conn: Connection, article_ids: set[str]) -> set[str]:
    """Those of *article_ids* whose article is not in English: the claim encoder
    (all-MiniLM-L6-v2) reads English only, so pruning by cosine does not judge their claims
    (they are linked across languages by :mod:`.crosslang`)."""
    ids, a = sorted(article_ids), s.articles
    out: set[str] = set()
    for lo in range(0, len(ids), 400):
        out.update(conn.execute(select(a.c.id).where(a.c.id.in_(ids[lo:lo + 400]),
                                                     a.c.language != "en")).scalars())
    return out


def links_within(conn: Connection, components: Iterable[str]) -> list[tuple[str, str]]:
    comps = sorted(set(components))
    lk, c = s.claim_links, s.claims
    out = []
    for lo in range(0, len(comps), 400):
        q = (select(lk.c.a_article, lk.c.a_claim, lk.c.b_article, lk.c.b_claim)
             .select_from(lk.join(c, and_(c.c.article_id == lk.c.a_article,
                                          c.c.claim_id == lk.c.a_claim)))
             .where(c.c.component.in_(comps[lo:lo + 400])))
        out += [(claim_key(a, b), claim_key(x, y)) for a, b, x, y in conn.execute(q)]
    return out


def vector_from_db(conn: Connection) -> Callable[[str], np.ndarray | None]:
    c = s.claims

    def get(key: str) -> np.ndarray | None:
        aid, cid = split_key(key)
        return to_vector(conn.execute(select(c.c.vector).where(
            c.c.article_id == aid, c.c.claim_id == cid)).scalar())
    return get

