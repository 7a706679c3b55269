"""Actors stage: unit tests per pattern on sentences, end-to-end on real articles."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from spacy.tokens import Span

from tealeaves.model import Actor, Article
from tealeaves.pipeline import Options
from tealeaves.stages.actors.build import find_actors, slug
from tealeaves.stages.syntax import actor_at
from tests.conftest import need

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
DATA = SHARED / "data"
FOUNDING = SHARED / "examples" / "lavrov-last-tango.txt"
POLNEAR_DEV = DATA / "polnear" / "dev" / "text"


def run(nlp, text: str, published: str | None = None, options: Options | None = None) -> list[Actor]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return find_actors(doc, Article.from_text(text, published=published),
                       options.actors_file if options else None)


def named(actors: list[Actor], needle: str) -> Actor:
    hits = [a for a in actors if needle in a.name or needle in a.aliases]
    assert hits, f"no actor named {needle!r} in {[a.name for a in actors]}"
    return hits[0]


def forms(actor: Actor) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in actor.mentions:
        out.setdefault(m.form, set()).add(m.text)
    return out


def check_offsets(text: str, actors: list[Actor]) -> None:
    ids = [a.id for a in actors]
    assert len(ids) == len(set(ids))
    for a in actors:
        assert a.mentions
        for m in a.mentions:
            assert text[m.start : m.end] == m.text


# -- names ------------------------------------------------------------------------------


def test_surname_and_possessive_join_the_full_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Angela Merkel met the press on Monday. Merkel's aides said Merkel was tired."
    actors = run(nlp, text)
    merkel = named(actors, "Angela Merkel")
    assert merkel.kind == "person"
    assert sum(m.form == "name" for m in merkel.mentions) == 3
    assert all(not m.text.endswith("'s") for m in merkel.mentions)
    assert merkel.id == slug(merkel.name) == "angela-merkel"
    check_offsets(text, actors)


def test_two_people_with_one_surname_take_the_nearest(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Bill Gates spoke first. Later, Melinda Gates arrived at the hall. "
            "Gates said the foundation would grow.")
    actors = run(nlp, text)
    melinda = named(actors, "Melinda Gates")
    assert any(m.text == "Gates" for m in melinda.mentions)


def test_honorific_picks_the_right_namesake(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Barack Obama and Michelle Obama arrived in Chicago. Later Mr. Obama spoke "
            "and Mrs. Obama listened.")
    actors = run(nlp, text)
    assert any(m.text == "Obama" and text[m.start - 4 : m.start] == "Mr. "
               for m in named(actors, "Barack Obama").mentions)
    assert any(m.text == "Obama" and text[m.start - 5 : m.start] == "Mrs. "
               for m in named(actors, "Michelle Obama").mentions)


def test_acronym_joins_its_expansion(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The International Atomic Energy Agency sent inspectors on Monday. "
            "The IAEA said access was denied.")
    actors = run(nlp, text)
    iaea = [a for a in actors if "IAEA" in a.aliases or a.name == "IAEA"]
    assert len(iaea) == 1 and iaea[0].name == "International Atomic Energy Agency"


def test_organisation_variants_join(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The Chinese Foreign Ministry issued a protest. Later the Foreign Ministry "
            "summoned the ambassador, and a statement from the Ministry followed.")
    actors = run(nlp, text)
    orgs = [a for a in actors if a.kind == "organization" and "Ministry" in a.name]
    assert len(orgs) == 1
    assert {"Foreign Ministry", "Ministry"} <= {m.text for m in orgs[0].mentions}


def test_known_outlet_is_an_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The minister told Vedomosti that the deal was off, and Izvestia agreed."
    actors = run(nlp, text)
    for name in ("Vedomosti", "Izvestia"):
        assert named(actors, name).kind == "organization"


def test_sentence_initial_word_is_not_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Forget it. Maria Lopez said the plan was dead."
    doc = nlp(text)
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 3, 5, label="PERSON")]
    actors = find_actors(doc, Article.from_text(text), None)
    assert [a.name for a in actors if a.kind == "person"] == ["Maria Lopez"]


def test_entity_label_errors_are_fixed_by_general_rules(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Miss Universe Alicia Machado spoke to Patriot Coal. Alicia Machado said "
            "Machado would sue.")
    doc = nlp(text)
    tok = {t.text: t.i for t in doc}
    doc.ents = [
        Span(doc, 1, 4, label="PERSON"),  # "Universe Alicia Machado"
        Span(doc, 6, 8, label="PERSON"),  # "Patriot Coal" mislabelled as a person
        Span(doc, 9, 11, label="PERSON"),  # "Alicia Machado"
        Span(doc, tok["would"] - 1, tok["would"], label="GPE"),  # a surname mislabelled as a place
    ]
    actors = find_actors(doc, Article.from_text(text), None)
    machado = [a for a in actors if "Machado" in a.name]
    assert len(machado) == 1 and machado[0].name == "Alicia Machado"
    assert len([m for m in machado[0].mentions if m.form == "name"]) == 3
    assert named(actors, "Patriot Coal").kind == "organization"


def test_headline_verbs_and_mislabelled_officials(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Jean-Marc Ayrault, the foreign minister of France, spoke in Paris. "
            "Barack Obama spoke later.")
    doc = nlp(text)
    end = next(t.i for t in doc if t.text == "Ayrault") + 1
    doc.ents = [Span(doc, 0, end, label="ORG")]
    actors = find_actors(doc, Article.from_text(text), None)
    assert named(actors, "Jean-Marc Ayrault").kind == "person"
    text = "Obama Seeks More Refugees. President Barack Obama said the plan was fair."
    doc = nlp(text)
    seeks = next(t.i for t in doc if t.text == "Seeks")
    doc.ents = [Span(doc, 0, seeks + 1, label="PERSON"), *[e for e in doc.ents if e.start > seeks]]
    doc[seeks].tag_ = "VBZ"
    actors = find_actors(doc, Article.from_text(text), None)
    assert not any("Seeks" in a.name for a in actors)


def test_seat_of_government_as_subject_is_an_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    actors = run(nlp, "Moscow rejected the proposal on Tuesday.")
    moscow = named(actors, "Moscow")
    assert moscow.kind == "organization"
    assert any("metonym" in n for n in moscow.notes)
    actors = run(nlp, "The delegation flew to Moscow on Tuesday.")
    assert named(actors, "Moscow").kind == "place"


def test_named_events_and_groups(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Hardliners in Tehran criticised the Geneva talks, and the reformers stayed silent."
    actors = run(nlp, text)
    kinds = {a.name: a.kind for a in actors}
    assert kinds.get("Geneva talks") == "event"
    assert any(k == "group" and "reformer" in n for n, k in kinds.items())


# -- roles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Talks were led by Jan Novak, head of the Central Bank, on Friday.", "Jan Novak", "head of the Central Bank"),
        ("Prime Minister Mark Carney said the tariffs were unjustified.", "Mark Carney", "prime minister"),
        ("The deal was brokered by Ali Reza (Iran's deputy foreign minister).", "Ali Reza", "deputy foreign minister"),
        ("Germany's defence minister Boris Pistorius visited the troops.", "Boris Pistorius", "defence minister"),
        ("Sara Blum, the Swiss mediator who chaired the session, left early.", "Sara Blum", "mediator"),
    ],
)
def test_roles_from_titles_appositions_and_parentheses(nlp, text: str, name: str, role: str) -> None:  # type: ignore[no-untyped-def]
    actor = named(run(nlp, text), name)
    assert any(role.lower() in r.lower() for r in actor.roles), actor.roles
    assert not any("chaired" in r for r in actor.roles)


# -- pronouns and descriptions ----------------------------------------------------------


def test_pronoun_follows_the_subject_and_gender(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Angela Merkel met Emmanuel Macron in Paris. She said the talks were useful. "
            "He did not comment.")
    actors = run(nlp, text)
    assert forms(named(actors, "Angela Merkel")).get("pronoun") == {"She"}
    assert forms(named(actors, "Emmanuel Macron")).get("pronoun") == {"He"}


def test_given_names_block_the_wrong_gender(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Michelle Grant spoke after the vote. Later his aides left the hall."
    assert "pronoun" not in forms(named(run(nlp, text), "Michelle Grant"))
    text = "Michelle Grant spoke after the vote. Later her aides left the hall."
    assert forms(named(run(nlp, text), "Michelle Grant")).get("pronoun") == {"her"}


def test_plural_pronoun_needs_a_subject_and_no_plural_noun_between(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Foreign Ministry said their position was clear."
    assert forms(named(run(nlp, text), "Foreign Ministry")).get("pronoun") == {"their"}
    text = "The FBI warned state election officials to boost their security."
    assert "pronoun" not in forms(named(run(nlp, text), "FBI"))


def test_object_pronoun_is_not_its_clause_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Like Shoigu before him, Dmitriev was sidelined."
    actors = run(nlp, text)
    assert "pronoun" not in forms(named(actors, "Shoigu"))


def test_pronouns_in_quotes_stay_unresolved(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'John Kerry spoke first. "He will not win," Kerry said of the challenger.'
    actors = run(nlp, text)
    assert "pronoun" not in forms(named(actors, "John Kerry"))


def test_title_resolves_as_of_the_article_date(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Marco Rubio and John Kerry both spoke. The Secretary of State said little."
    old = run(nlp, text, published="2015-06-01")
    new = run(nlp, text, published="2025-10-20")
    assert forms(named(old, "John Kerry")).get("title") == {"The Secretary of State"}
    assert "title" not in forms(named(old, "Marco Rubio"))
    assert forms(named(new, "Marco Rubio")).get("title") == {"The Secretary of State"}


def test_description_with_a_country_and_a_possessor(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Xi Jinping hosted Wang Yi and Antony Blinken. The Chinese leader praised "
            "his top diplomat for the preparations.")
    actors = run(nlp, text, published="2023-09-01")
    wang = named(actors, "Wang Yi")
    assert "his top diplomat" in forms(wang).get("epithet", set())
    assert "his top diplomat" not in forms(named(actors, "Antony Blinken")).get("epithet", set())


def test_state_named_in_a_description_is_not_the_referent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Gov. John Kasich spoke in Columbus. The Ohio governor said he would stay in the "
            "race.")
    actors = run(nlp, text, published="2016-03-01")
    assert "The Ohio governor" in forms(named(actors, "John Kasich")).get("title", set())
    # two senators in the text: "the Florida senator" stays unresolved rather than guessed
    text = "Sen. Marco Rubio and Sen. Ted Cruz spoke. The Florida senator said little."
    actors = run(nlp, text, published="2016-03-01")
    assert all("The Florida senator" not in {m.text for m in a.mentions}
               for a in actors if a.kind == "person")
    # a party is not a place: no guess among the candidates of other parties
    text = ("Gary Johnson, the Libertarian candidate, spoke. Editors disdain the Republican "
            "presidential nominee.")
    actors = run(nlp, text, published="2016-09-01")
    assert "title" not in forms(named(actors, "Gary Johnson")) or \
        "the Republican presidential nominee" not in forms(named(actors, "Gary Johnson"))["title"]


def test_future_and_past_descriptions_stay_unresolved(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "President Barack Obama spoke. Trump will not be the next president, he said."
    actors = run(nlp, text, published="2016-09-01")
    assert "title" not in forms(named(actors, "Barack Obama"))


def test_knowledge_base_never_adds_an_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    actors = run(nlp, "The Secretary of State said little.", published="2025-10-20")
    assert not any("Rubio" in a.name for a in actors)
    assert all(a.kind != "person" for a in actors)


def test_user_actors_file(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kb = tmp_path / "mine.yaml"
    kb.write_text(
        "people:\n"
        "  - name: Jane Roe\n"
        "    gender: female\n"
        "    offices:\n"
        "      - {title: Minister of Defence, class: defence_minister, country: RU, start: 2030-01-01}\n"
        "    source: test\n",
        encoding="utf-8",
    )
    text = "Jane Roe met the generals. The Russian defence minister said the army was ready."
    mine = run(nlp, text, published="2031-01-01", options=Options(actors_file=kb))
    assert "The Russian defence minister" in forms(named(mine, "Jane Roe")).get("title", set())
    plain = run(nlp, text, published="2031-01-01")
    assert "title" not in forms(named(plain, "Jane Roe"))


def test_actor_at_prefers_the_tightest_covering_mention(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Kirill Dmitriev, head of the RDIF, flew to Washington."
    actors = run(nlp, text)
    s = text.index("Dmitriev")
    assert actor_at(actors, s, s + 8) is named(actors, "Kirill Dmitriev")
    r = text.index("RDIF")
    hit = actor_at(actors, r, r + 4)
    assert hit is not None and hit.kind == "organization"
    assert actor_at(actors, 0, 0) is None or actor_at(actors, 0, 0).kind == "person"  # type: ignore[union-attr]
    assert actor_at(actors, len(text) - 1, len(text)) is None


# -- end to end ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def founding(nlp):  # type: ignore[no-untyped-def]
    text = need(FOUNDING, "the founding article").read_text(encoding="utf-8")
    return text, run(nlp, text)


def test_founding_article_actors(founding) -> None:  # type: ignore[no-untyped-def]
    text, actors = founding
    check_offsets(text, actors)
    for name in ("Lavrov", "Putin", "Trump", "Rubio", "Dmitriev", "Ushakov", "Shoigu"):
        assert named(actors, name).kind == "person", name
    for name in ("Foreign Ministry", "Kommersant", "RDIF", "Financial Times", "Kremlin"):
        assert named(actors, name).kind == "organization", name
    persons = [a.name for a in actors if a.kind == "person"]
    assert not {"Forget", "Word", "Sources", "Proof"} & set(persons)
    assert len({a.id for a in actors if "Lavrov" in a.name}) == 1


def test_founding_article_pronouns_epithets_and_roles(founding) -> None:  # type: ignore[no-untyped-def]
    _, actors = founding
    lavrov, putin = named(actors, "Lavrov"), named(actors, "Putin")
    lf, pf = forms(lavrov), forms(putin)
    assert "He" in lf["pronoun"]
    assert "his top diplomat" in lf["epithet"]
    assert any("Foreign Minister" in t for t in lf["title"])
    assert "the Russian dictator" in pf["epithet"]
    assert pf.get("pronoun")
    assert "head of the RDIF" in named(actors, "Dmitriev").roles
    assert any("foreign affairs aide" in r for r in named(actors, "Ushakov").roles)
    assert any("Secretary of State" in r for r in named(actors, "Rubio").roles)
    assert any("foreign minister" in r.lower() for r in lavrov.roles)
    washington = named(actors, "Washington")
    assert washington.kind == "organization" and washington.notes


@pytest.mark.parametrize("index", range(4))
def test_polnear_dev_articles(nlp, index: int) -> None:  # type: ignore[no-untyped-def]
    text = sorted(need(POLNEAR_DEV, "PolNeAR dev").glob("*.txt"))[index].read_text(encoding="utf-8")
    actors = run(nlp, text)
    check_offsets(text, actors)
    persons = [a for a in actors if a.kind == "person"]
    assert persons
    # every person name starts with a capital and no actor is a bare pronoun
    for a in persons:
        assert a.name[:1].isupper() and not re.fullmatch(r"(?i)he|she|they|it", a.name)


def test_long_article_is_not_quadratic(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = []
    words = 0
    for p in sorted(need(POLNEAR_DEV, "PolNeAR dev").glob("*.txt")):
        t = p.read_text(encoding="utf-8")
        texts.append(t)
        words += len(t.split())
        if words >= 20_000:
            break
    text = "\n\n".join(texts)
    assert len(text.split()) >= 20_000
    t0 = time.perf_counter()
    doc = nlp(text)
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    actors = find_actors(doc, Article.from_text(text), None)
    stage = time.perf_counter() - t0
    assert sum(len(a.mentions) for a in actors) > 1000
    assert stage < 2 * parse, f"stage {stage:.2f}s vs parse {parse:.2f}s"


def test_country_possessive_title_resolves_through_the_kb(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Sergey Lavrov arrived in Geneva on Monday for the talks. "
            "Russia's foreign minister said the talks would go on.")
    actors = run(nlp, text, published="2025-10-01")
    check_offsets(text, actors)
    assert "Russia's foreign minister" in forms(named(actors, "Lavrov")).get("title", set())
    assert named(actors, "Russia").kind in ("place", "organization")


def test_a_lone_letter_tagged_as_an_entity_is_not_an_actor() -> None:
    from tealeaves import analyze

    text = ("“Does anybody know what the platform of the Republican Party is?” Graham asked. "
            "“Neither do I.”\n\nThe U.N. said nothing.")
    names = {a.name for a in analyze(text).actors}
    assert "I." not in names and "I" not in names
    assert {"Republican Party", "Graham", "United Nations"} <= names


def test_headline_case_words_are_not_actors_unless_named_again(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.actors.names import _headline_ranges

    text = (
        "Sanctions Tighten on Moscow\n"
        "Limited Tools to Fight Terrorism: The United Nations has few ways to act, "
        "diplomats said on Monday.\n"
        "Gender Equality.\n"
        "Moscow rejected the plan, and the United Nations said talks would go on.\n"
    )
    heads = [text[s:e] for s, e in _headline_ranges(text)]
    assert heads == ["Sanctions Tighten on Moscow", "Limited Tools to Fight Terrorism", "Gender Equality."]
    names = {a.name for a in run(nlp, text)}
    assert not names & {"Limited Tools", "Gender Equality", "Sanctions Tighten"}, names
    # a name in a headline that the article names again stays, with both mentions
    moscow = named(run(nlp, text), "Moscow")
    assert len(moscow.mentions) == 2


def test_an_adjective_from_a_name_is_not_an_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "His Orwellian plan failed. Putin spoke on Monday."
    assert [a.name for a in run(nlp, text)] == ["Putin"]


def test_a_surname_in_capitals_is_a_mention(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Governor Mike Pence spoke to reporters on Sunday.\n\nPENCE: We will win in November.\n"
    pence = named(run(nlp, text), "Mike Pence")
    assert "PENCE" in {m.text for m in pence.mentions}
