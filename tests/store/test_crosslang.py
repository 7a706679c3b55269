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


def _org_claim(text: str, claim: str, org: str, language: str) -> Analysis:
    """A claim by an unnamed source that mentions an organisation."""
    art = Article.from_text(text, language=language, outlet="X", published="2026-06-20")
    o = text.index(org)
    c = text.index(claim)
    actor = Actor(id="european-union", name="European Union", kind="organization",
                  mentions=(Mention(o, o + len(org), org),))
    return Analysis(article=art, actors=(actor,), claims=(Claim(
        id="c1", start=c, end=c + len(claim), text=claim, quote=False,
        source=Source(kind="anonymous", actor=None, text="источники"), cue=None),))


def test_a_shared_organisation_mention_and_date_are_not_enough(store: Store) -> None:
    ru = _org_claim("Источники сообщили, что саммит ЕС пройдёт 23 июня в Брюсселе.",
                    "саммит ЕС пройдёт 23 июня в Брюсселе", "ЕС", "ru")
    en = _org_claim("Diplomats said the European Union would decide on June 23 after talks.",
                    "the European Union would decide on June 23 after talks",
                    "European Union", "en")
    _save(store, (ru, 1), (en, 2))
    assert _groups(store) == {}
    grouping.regroup(store, backfill=False)
    assert _groups(store) == {}


def test_the_same_day_of_another_year_is_not_a_match(store: Store) -> None:
    ru = _analysis("Сергей Лавров заявил, что 15 октября 2022 года Россия выделила помощь.",
                   "15 октября 2022 года Россия выделила помощь", LAVROV, "Сергей Лавров",
                   "ru", "ТАСС")
    en = _analysis("Sergei Lavrov said Russia sent aid on October 15, 2016, to the region.",
                   "Russia sent aid on October 15, 2016, to the region", LAVROV,
                   "Sergei Lavrov", "en", "Reuters")
    _save(store, (ru, 1), (en, 2))
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


def _mixed(i: int, j: int, cos: float) -> bytes:
    """A unit vector at cosine *cos* from ``_vec(i)``."""
    v = np.zeros(384, dtype=np.float32)
    v[i], v[j] = cos, (1 - cos * cos) ** 0.5
    return v.astype(np.float16).tobytes()


def _ru_claim(text: str, claim: str, outlet: str) -> Analysis:
    art = Article.from_text(text, language="ru", outlet=outlet, published="2026-10-16")
    c = text.index(claim)
    return Analysis(article=art, claims=(Claim(
        id="c1", start=c, end=c + len(claim), text=claim, quote=False,
        source=Source(kind="rumour", actor=None, text=""), cue=None),))


def test_two_russian_claims_need_more_than_minilms_cosine(store: Store) -> None:
    """MiniLM gives unrelated Russian sentences cosines of 0.7-0.9: a Russian pair passes
    the embedding rule only when near-identical (0.95)."""
    a = _ru_claim("Говорят, что мост через реку откроют весной после ремонта.",
                  "мост через реку откроют весной после ремонта", "А")
    b = _ru_claim("Говорят, что фермеры получат субсидии на новые трактора.",
                  "фермеры получат субсидии на новые трактора", "Б")
    store.save(a, claim_vectors={"c1": _vec(5)})
    store.save(b, claim_vectors={"c1": _mixed(5, 6, 0.9)})
    assert _groups(store) == {}
    grouping.regroup(store, backfill=False)
    assert _groups(store) == {}
    c = _ru_claim("Говорят, что мост через реку откроют весной после ремонта!",
                  "мост через реку откроют весной после ремонта", "В")
    store.save(c, claim_vectors={"c1": _mixed(5, 7, 0.97)})
    assert _members(store) == [{a.article.id, c.article.id}]
    grouping.regroup(store, backfill=False)
    assert _members(store) == [{a.article.id, c.article.id}]


def test_two_russian_claims_with_the_speaker_and_date_group(store: Store) -> None:
    other = _analysis("Сергей Лавров сообщил, что 15 октября Москва направит 3,5 млрд "
                      "долларов помощи.", "15 октября Москва направит 3,5 млрд долларов помощи",
                      LAVROV, "Сергей Лавров", "ru", "ТАСС")
    _save(store, (RU, 1), (other, 2))
    assert _members(store) == [{RU.article.id, other.article.id}]


def test_english_pairs_keep_the_embedding_rule_beside_russian_articles(store: Store) -> None:
    en2 = _analysis("Sergei Lavrov said the aid would come; officials confirmed it.",
                    "the aid would come; officials confirmed it", LAVROV, "Sergei Lavrov",
                    "en", "AP")
    en3 = _analysis("Sergei Lavrov said the aid would come soon, officials confirmed it.",
                    "the aid would come soon, officials confirmed it", LAVROV,
                    "Sergei Lavrov", "en", "BBC")
    store.save(RU, claim_vectors={"c1": _vec(9)})
    store.save(en2, claim_vectors={"c1": _vec(3)})
    store.save(en3, claim_vectors={"c1": _mixed(3, 4, 0.8)})  # 0.8 and a shared actor
    assert _members(store) == [{en2.article.id, en3.article.id}]
    grouping.regroup(store, backfill=False)
    assert _members(store) == [{en2.article.id, en3.article.id}]


def _about(text: str, claim: str, speaker: tuple[str, str], mention: str, subject: str,
           language: str) -> Analysis:
    """A claim by *speaker* that mentions Lavrov (*subject*) inside its span."""
    base = _analysis(text, claim, speaker, mention, language, "X")
    s0 = text.index(subject)
    lavrov = Actor(id=LAVROV[0], name=LAVROV[1], kind="person",
                   mentions=(Mention(s0, s0 + len(subject), subject),))
    return Analysis(article=base.article, actors=(*base.actors, lavrov), claims=base.claims)


def test_a_person_mentioned_in_both_needs_two_shared_facts(store: Store) -> None:
    ru = _about("Дмитрий Песков сообщил, что Лавров 15 октября направит 3,5 млрд долларов.",
                "Лавров 15 октября направит 3,5 млрд долларов", PESKOV, "Дмитрий Песков",
                "Лавров", "ru")
    one = _about("Sergei Ryabkov said that Lavrov would travel to Ankara on October 15.",
                 "Lavrov would travel to Ankara on October 15", ("sergei-ryabkov",
                                                                 "Sergei Ryabkov"),
                 "Sergei Ryabkov", "Lavrov", "en")
    _save(store, (ru, 1), (one, 2))
    assert _groups(store) == {}  # Lavrov in both, one date: not enough
    two = _about("Sergei Ryabkov said that Lavrov would send $3.5 billion on October 15.",
                 "Lavrov would send $3.5 billion on October 15", ("sergei-ryabkov",
                                                                  "Sergei Ryabkov"),
                 "Sergei Ryabkov", "Lavrov", "en")
    _save(store, (two, 3))
    assert _members(store) == [{ru.article.id, two.article.id}]
    grouping.regroup(store, backfill=False)
    assert _members(store) == [{ru.article.id, two.article.id}]


def test_the_tie_rule() -> None:
    from tealeaves.store.crosslang import tied

    lav, pes = "sergey lavrov|person", "dmitry peskov|person"
    eu = "european union|organization"
    by_lavrov = ({lav}, lav)
    about_lavrov = ({lav, pes}, pes)
    assert tied(by_lavrov, by_lavrov, frozenset({"date:10-15"}))  # same source, one fact
    assert not tied(by_lavrov, by_lavrov, frozenset())
    assert not tied(by_lavrov, about_lavrov, frozenset({"date:10-15"}))  # a person, one day
    assert not tied(by_lavrov, about_lavrov, frozenset({"num:140"}))  # a small count
    assert tied(by_lavrov, about_lavrov, frozenset({"num:3e+11"}))  # "$300 billion"
    assert tied(by_lavrov, about_lavrov, frozenset({"date:10-15", "num:140"}))
    assert not tied(({eu}, None), ({eu}, None), frozenset({"date:06-23", "num:3e+11"}))
