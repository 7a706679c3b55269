"""Claims linked across languages (:mod:`tealeaves.store.crosslang`): a Russian and an
English claim group when they share an actor and a date or a quantity; English grouping is
unchanged. Invented sentences; vectors are set by hand (orthogonal, so the embedding rule
alone never links them)."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select

from tealeaves.model import Actor, Analysis, Article, Claim, Mention, Source, Span
from tealeaves.store import Store, grouping
from tealeaves.store import schema as s

LAVROV = ("sergey-lavrov", "Sergey Lavrov")
PESKOV = ("dmitry-peskov", "Dmitry Peskov")


def _vec(i: int) -> bytes:
    v = np.zeros(384, dtype=np.float16)
    v[i] = 1.0
    return v.tobytes()


def _analysis(text: str, claim: str, speaker: tuple[str, str], mention: str,
              language: str, outlet: str) -> Analysis:
    art = Article.from_text(text, language=language, outlet=outlet, published="2026-10-16")
    m = text.index(mention)
    cue = next(w for w in ("said", "заявил", "сообщил") if w in text)
    actor = Actor(id=speaker[0], name=speaker[1], kind="person",
                  mentions=(Mention(m, m + len(mention), mention),))
    c = text.index(claim)
    k = text.index(cue)
    return Analysis(article=art, actors=(actor,), claims=(Claim(
        id="c1", start=c, end=c + len(claim), text=claim, quote=False,
        source=Source(kind="named_person", actor=speaker[0], text=mention),
        cue=Span(k, k + len(cue), cue)),))


RU = _analysis("Сергей Лавров заявил, что 15 октября Россия выделит 3,5 млрд долларов на помощь.",
               "15 октября Россия выделит 3,5 млрд долларов на помощь", LAVROV,
               "Сергей Лавров", "ru", "Коммерсантъ")
EN = _analysis("Sergei Lavrov said Russia would allocate $3.5 billion in aid on October 15.",
               "Russia would allocate $3.5 billion in aid on October 15", LAVROV,
               "Sergei Lavrov", "en", "Reuters")


def _save(store: Store, *pairs: tuple[Analysis, int]) -> None:
    for an, i in pairs:
        store.save(an, claim_vectors={c.id: _vec(i) for c in an.claims})


def _members(store: Store) -> list[set[str]]:
    """The articles of each group (component ids may differ between runs)."""
    return sorted(_groups(store).values(), key=sorted)


def _groups(store: Store) -> dict[str, set[str]]:
    c = s.claims
    with store.engine.connect() as conn:
        rows = conn.execute(select(c.c.article_id, c.c.component, c.c.in_group)).all()
    out: dict[str, set[str]] = {}
    for aid, comp, flag in rows:
        if comp is not None and flag:
            out.setdefault(comp, set()).add(aid)
    return out


def test_a_russian_and_an_english_claim_with_actor_date_and_sum_group(store: Store) -> None:
    _save(store, (RU, 1), (EN, 2))
    assert _members(store) == [{RU.article.id, EN.article.id}]
    grouping.regroup(store, backfill=False)  # a rebuild finds the same link
    assert _members(store) == [{RU.article.id, EN.article.id}]


def test_the_same_actor_with_other_numbers_does_not_group(store: Store) -> None:
    other = _analysis("Sergei Lavrov said Russia would allocate $2 billion in aid on "
                      "November 3.", "Russia would allocate $2 billion in aid on November 3",
                      LAVROV, "Sergei Lavrov", "en", "Reuters")
    _save(store, (RU, 1), (other, 2))
    assert _groups(store) == {}


def test_the_same_numbers_from_another_actor_do_not_group(store: Store) -> None:
    other = _analysis("Dmitry Peskov said Russia would allocate $3.5 billion in aid on "
                      "October 15.", "Russia would allocate $3.5 billion in aid on October 15",
                      PESKOV, "Dmitry Peskov", "en", "Reuters")
    _save(store, (RU, 1), (other, 2))
    assert _groups(store) == {}
    grouping.regroup(store, backfill=False)
    assert _groups(store) == {}


def test_a_year_alone_or_a_small_number_is_not_enough(store: Store) -> None:
    ru = _analysis("Сергей Лавров заявил, что в 2014 году Россия направила 3 делегации.",
                   "в 2014 году Россия направила 3 делегации", LAVROV, "Сергей Лавров",
                   "ru", "ТАСС")
    en = _analysis("Sergei Lavrov said that in 2014 Russia sent 3 missions abroad.",
                   "in 2014 Russia sent 3 missions abroad", LAVROV, "Sergei Lavrov",
                   "en", "Reuters")
    _save(store, (ru, 1), (en, 2))
    assert _groups(store) == {}


def test_two_english_claims_still_need_the_embedding_rule(store: Store) -> None:
    en2 = _analysis("Sergei Lavrov said on October 15 that $3.5 billion in aid was coming.",
                    "on October 15 that $3.5 billion in aid was coming", LAVROV,
                    "Sergei Lavrov", "en", "AP")
    _save(store, (EN, 2), (en2, 3))  # orthogonal vectors: English grouping is unchanged
    assert _groups(store) == {}
    grouping.regroup(store, backfill=False)
    assert _groups(store) == {}


def test_the_russian_member_of_a_larger_group_is_not_pruned(store: Store) -> None:
    en2 = _analysis("Sergei Lavrov said Russia would allocate $3.5 billion in aid on "
                    "October 15, officials confirmed.",
                    "Russia would allocate $3.5 billion in aid on October 15", LAVROV,
                    "Sergei Lavrov", "en", "AP")
    _save(store, (EN, 2), (en2, 2), (RU, 1))  # the English pair is near-verbatim
    groups = _members(store)
    assert groups == [{RU.article.id, EN.article.id, en2.article.id}]
    grouping.regroup(store, backfill=False)
    assert _members(store) == groups


def test_an_english_only_store_has_no_other_language(store: Store) -> None:
    from tealeaves.store.crosslang import other_language

    _save(store, (EN, 2))
    with store.engine.connect() as conn:
        assert not other_language(conn, "en")
        assert other_language(conn, "ru")
    _save(store, (RU, 1))
    with store.engine.connect() as conn:
        assert other_language(conn, "en")
