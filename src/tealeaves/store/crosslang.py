"""Claim links the English encoder cannot judge: a Russian claim and an English one, or
two Russian claims.

The claim vectors come from all-MiniLM-L6-v2, an English-only encoder: the cosine of a
Russian and an English claim says nothing, and on Russian text it gives unrelated claims
0.70–0.90. No multilingual sentence encoder ships its weights inside a PyPI package within
the project's model budget (checked 2026-12-03: the English–Russian encoders are hub
downloads of 0.5–2 GB), so for a pair with a claim not in English:

- the embedding rule of :mod:`tealeaves.store.grouping` links it only at a cosine of
  ``VERBATIM`` (0.95) or above: the same sentence reprinted (:func:`readable`);
- otherwise it is **linked** when

  1. both claims have at least ``MIN_WORDS`` content words and a stored vector (as any
     link);
  2. they have **the same named source** (of any kind) and share **one** date or quantity,
     or they both mention **a person** (inside the span, or as source) and share **two**,
     or one quantity of a thousand or more ("$300 billion" = "300 миллиардов долларов");
     a Russian mention that resolves to the knowledge base carries the English key,
     "Лавров" and "Lavrov" are both ``sergey lavrov|person``. A place or an organisation
     merely mentioned ("ЕС", "the EU") ties nothing: too common (on the SemEval-2023
     training articles, ru × en, it made all 11 cross-language links false ones), and a
     person mentioned with one shared fact made 3 false Russian pairs of 4 (the same
     "24 февраля" in war coverage, a namesake and "20 лет" against "1 час 20 минут");
  3. dates and quantities are normalised across the two languages by
     :func:`tealeaves.lang.quantities.quantities` ("15 октября" = "October 15", "3,5 млрд"
     = "3.5 billion", "12 процентов" = "12%"; plain numbers of 10 or more that are not
     years; a day given with different years in the two is no match).

The link's stored ``score`` is the two vectors' cosine, as for any link. Two English claims
are linked by the embedding rule alone, unchanged. A component's pruning judges only its
English members by their vectors (:func:`tealeaves.store.components.write_components`); a
claim in another language stays in by its links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, and_, or_, select

from . import schema as s
from .claim_index import claim_key, groupable, split_key, to_vector

if TYPE_CHECKING:
    import numpy as np

Link = tuple[str, str, float]

#: The one language the claim encoder reads.
ENCODER_LANGUAGE = "en"
#: A pair with a claim in another language passes the embedding rule only at this cosine or
#: above: on Russian text MiniLM gives unrelated claims 0.70–0.90 (the SemEval-2023 Russian
#: training articles: 41,214 Russian–Russian links among 3,689 claims, of 0.70–0.95, mixed;
#: the 10 pairs at 0.95 or above were all the same sentence reprinted).
VERBATIM = 0.95


@dataclass
class _Claim:
    text: str
    language: str
    keys: set[str]  # the claim's actor keys (among those asked for)
    vector: bytes
    source: str | None  # the actor key of its named source


def claim_facts(text: str, language: str) -> frozenset[str]:
    """The normalised dates and quantities of a claim (see the module docstring)."""
    from ..lang.quantities import quantities

    return quantities(text, language)


def anchors(keys: Iterable[str], source: str | None) -> set[str]:
    """What can tie two claims across languages: the people they mention (actor keys of
    kind ``person``) and their named source (``source:`` + its key, of any kind). A place or
    an organisation merely mentioned ("the EU", "Russia") is too common to count."""
    out = {k for k in keys if k.endswith("|person")}
    if source:
        out.add(f"source:{source}")
    return out


def _large(fact: str) -> bool:
    """A quantity of a thousand or more ("$300 billion", "1,200"): specific enough that
    two claims about one person giving it are likely one claim; a bare day or a small count
    is not ("24 февраля" in war coverage, "20 лет")."""
    return fact.startswith("num:") and float(fact[4:]) >= 1000


def tied(a: _Claim | tuple[set[str], str | None], b: _Claim | tuple[set[str], str | None],
         facts: frozenset[str]) -> bool:
    """The rule's condition on what ties two claims and the facts they share: the same
    named source and one shared fact; or a person in both and two shared facts, or one
    quantity of a thousand or more."""
    ka, sa = (a.keys, a.source) if isinstance(a, _Claim) else a
    kb, sb = (b.keys, b.source) if isinstance(b, _Claim) else b
    if not facts:
        return False
    if sa and sa == sb:
        return True
    persons = {k for k in ka if k.endswith("|person")} & kb
    return bool(persons) and (len(facts) >= 2 or any(_large(f) for f in facts))


def _stored(conn: Connection, keys: Sequence[str], *, article_id: str | None = None,
            language: str | None = None) -> dict[str, _Claim]:
    """Claim key → :class:`_Claim` for the stored claims with a vector that mention one of
    *keys* (all claims when *keys* is empty), outside *article_id* and of a language other
    than *language*."""
    e, c, a = s.claim_entities, s.claims, s.articles
    src = s.actors.alias("src")
    q = (select(e.c.article_id, e.c.claim_id, e.c.key, c.c.text, a.c.language, c.c.vector,
                src.c.key)
         .select_from(e.join(c, and_(c.c.article_id == e.c.article_id,
                                     c.c.claim_id == e.c.claim_id))
                      .join(a, a.c.id == e.c.article_id)
                      .outerjoin(src, and_(src.c.article_id == c.c.article_id,
                                           src.c.actor_id == c.c.source_actor)))
         .where(c.c.vector.is_not(None)))
    if article_id is not None:
        q = q.where(e.c.article_id != article_id)
    if language is not None:
        q = q.where(a.c.language != language)
    out: dict[str, _Claim] = {}
    chunks = [list(keys[lo:lo + 400]) for lo in range(0, len(keys), 400)] if keys else [[]]
    for part in chunks:
        for aid, cid, key, text, lang, vec, skey in conn.execute(
                q.where(e.c.key.in_(part)) if part else q):
            k = claim_key(aid, cid)
            if k not in out:
                out[k] = _Claim(text, lang, set(), vec, skey)
            out[k].keys.add(key)
    return out


def other_language(conn: Connection, language: str) -> bool:
    """Whether the store holds an article in a language other than *language* (two range
    scans of ``ix_articles_language``, so an English-only store pays next to nothing)."""
    a = s.articles
    return conn.execute(select(a.c.id).where(
        or_(a.c.language < language, a.c.language > language)).limit(1)).first() is not None


def _languages(conn: Connection, article_ids: Iterable[str]) -> dict[str, str]:
    ids, a = sorted(set(article_ids)), s.articles
    out: dict[str, str] = {}
    for lo in range(0, len(ids), 400):
        out.update(conn.execute(select(a.c.id, a.c.language)
                                .where(a.c.id.in_(ids[lo:lo + 400]))).all())
    return out


def _readable(lang_a: str, lang_b: str, cos: float) -> bool:
    return (lang_a == ENCODER_LANGUAGE and lang_b == ENCODER_LANGUAGE) or cos >= VERBATIM


def readable(conn: Connection, language: str, pairs: list[tuple[int, str, float]]
             ) -> list[tuple[int, str, float]]:
    """The embedding rule's *pairs* (new row, stored key, cosine) for a new article in
    *language*, less those the encoder cannot judge: a pair with a claim not in English
    stays only at ``VERBATIM`` or above."""
    if not pairs:
        return pairs
    if language == ENCODER_LANGUAGE and not other_language(conn, ENCODER_LANGUAGE):
        return pairs
    langs = _languages(conn, (split_key(k)[0] for _, k, _ in pairs))
    return [p for p in pairs
            if _readable(language, langs.get(split_key(p[1])[0], ENCODER_LANGUAGE), p[2])]


def readable_links(conn: Connection, links: list[Link]) -> list[Link]:
    """:func:`readable` for a rebuild's links (key, key, cosine)."""
    if not links or not other_language(conn, ENCODER_LANGUAGE):
        return links
    langs = _languages(conn, (split_key(k)[0] for a, b, _ in links for k in (a, b)))
    return [x for x in links if _readable(langs.get(split_key(x[0])[0], ENCODER_LANGUAGE),
                                          langs.get(split_key(x[1])[0], ENCODER_LANGUAGE),
                                          x[2])]


def _cos(a: np.ndarray, raw: bytes) -> float | None:
    v = to_vector(raw)
    return None if v is None else float(a @ v)


def matches(conn: Connection, article_id: str, language: str, texts: Sequence[str],
            ents: Sequence[frozenset[str]], sources: Sequence[str | None],
            vecs: Sequence[np.ndarray]) -> list[tuple[int, str, float]]:
    """``(new row, stored key, cosine)`` for the new claims of one article (*texts*, their
    actor keys *ents*, named sources' keys *sources* and vectors *vecs*) linked across
    languages to stored claims."""
    from ..lang.quantities import shared

    ties = [anchors(e, src) for e, src in zip(ents, sources, strict=True)]
    facts = [claim_facts(t, language) if tie else frozenset()
             for t, tie in zip(texts, ties, strict=True)]
    wanted = sorted({k for f, e in zip(facts, ents, strict=True) if f for k in e})
    if not wanted or (language == ENCODER_LANGUAGE
                      and not other_language(conn, ENCODER_LANGUAGE)):
        return []
    out: list[tuple[int, str, float]] = []
    only = ENCODER_LANGUAGE if language == ENCODER_LANGUAGE else None
    for key, other in sorted(_stored(conn, wanted, article_id=article_id,
                                     language=only).items()):
        if not groupable(other.text):
            continue
        theirs = claim_facts(other.text, other.language)
        their_ties = anchors(other.keys, other.source)
        for i, (f, tie) in enumerate(zip(facts, ties, strict=True)):
            if tie & their_ties and tied((set(ents[i]), sources[i]), other,
                                         shared(f, theirs)):
                cos = _cos(vecs[i], other.vector)
                if cos is not None:
                    out.append((i, key, cos))
    return out


def all_links(conn: Connection, known: Iterable[tuple[str, str]] = ()) -> list[Link]:
    """Every cross-language link among the stored claims (for a rebuild), leaving out the
    pairs in *known* (already linked by the embedding rule). Claims are bucketed by (tie,
    date or quantity), so only claims that share both are compared."""
    import numpy as np

    from ..lang.quantities import shared

    if not other_language(conn, ENCODER_LANGUAGE):
        return []  # English only: the embedding rule is enough
    claims = _stored(conn, [])
    facts: dict[str, frozenset[str]] = {}
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, cl in claims.items():
        if not groupable(cl.text):
            continue
        facts[key] = claim_facts(cl.text, cl.language)
        for fact in facts[key]:
            for tie in anchors(cl.keys, cl.source):
                buckets[(tie, fact)].append(key)
    done = {tuple(sorted(p)) for p in known}
    links: list[Link] = []
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pair = (min(a, b), max(a, b))
                if (claims[a].language == claims[b].language == ENCODER_LANGUAGE
                        or pair in done
                        or a.partition(":")[0] == b.partition(":")[0]
                        or not tied(claims[a], claims[b], shared(facts[a], facts[b]))):
                    continue
                done.add(pair)
                va, vb = to_vector(claims[a].vector), to_vector(claims[b].vector)
                if va is not None and vb is not None:
                    links.append((pair[0], pair[1], float(np.dot(va, vb))))
    return sorted(links)
