"""Actors that are only page furniture, and bodies typed as persons (invented sentences)."""

from __future__ import annotations

from spacy.tokens import Span

from tealeaves.model import Actor, Article
from tealeaves.stages.actors.build import find_actors
from tealeaves.stages.actors.names import _body_of


def run(nlp, text: str) -> list[Actor]:  # type: ignore[no-untyped-def]
    return find_actors(nlp(text), Article.from_text(text))


def names(actors: list[Actor]) -> set[str]:
    return {a.name for a in actors}


def test_a_dateline_left_in_the_text_gives_no_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Minister resigns\n\nLISBON (AP) — The finance minister Rui Soares resigned on "
            "Tuesday, his office said.\n")
    found = names(run(nlp, text))
    assert "Rui Soares" in found
    assert not {"LISBON", "Lisbon", "AP"} & found


def test_the_dateline_place_named_again_in_the_body_is_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("OSLO (Reuters) - Norway's prime minister Kari Dahl met union leaders in Oslo on "
            "Monday.\n\nThe talks in Oslo ended without a deal, Reuters reported.\n")
    found = names(run(nlp, text))
    assert "Oslo" in found and "Reuters" in found and "Kari Dahl" in found


def test_section_labels_on_their_own_line_are_no_actors(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("World\n\nPolitics\n\nOpinion\n\nThe senator Maria Holt criticised the budget on "
            "Monday, saying it cut too much from schools.\n")
    found = names(run(nlp, text))
    assert "Maria Holt" in found
    assert not {"World", "Politics", "Opinion"} & found


def test_a_label_the_recogniser_calls_an_organisation_is_dropped(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "#World News\n\nThe senator Maria Holt criticised the budget on Monday.\n"
    doc = nlp(text)
    first = [t.i for t in doc if t.text == "World"][0]
    doc.ents = [Span(doc, first, first + 2, label="ORG"),
                *[e for e in doc.ents if e.start > first + 2]]
    found = names(find_actors(doc, Article.from_text(text)))
    assert "World News" not in found and "Maria Holt" in found


def test_a_one_word_line_named_again_in_the_body_stays(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Europe\n\nThe Council of Europe criticised Hungary on Monday. Hungary rejected "
            "the criticism.\n")
    assert "Hungary" in names(run(nlp, text))


def test_body_of_names() -> None:
    assert _body_of(("Cabinet", "of", "Ministers"))
    assert _body_of(("Chamber", "of", "Deputies"))
    assert not _body_of(("Mary", "of", "Teck"))
    assert not _body_of(("Council", "Member", "Smith"))


def test_a_body_the_recogniser_calls_a_person_is_an_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Cabinet of Ministers approved the budget on Monday.\n"
    doc = nlp(text)
    start = [t.i for t in doc if t.text == "Cabinet"][0]
    doc.ents = [Span(doc, start, start + 3, label="PERSON")]
    actors = find_actors(doc, Article.from_text(text))
    cabinet = [a for a in actors if "Cabinet" in a.name]
    assert cabinet and cabinet[0].kind == "organization"


def test_a_name_never_ends_in_a_line_break(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Court rules on rights in Crimea\n\nThe court said Russia was responsible.\n"
    doc = nlp(text)
    start = [t.i for t in doc if t.text == "Crimea"][0]
    doc.ents = [Span(doc, start, start + 2, label="GPE")]  # "Crimea\n\n", as the tagger may
    actors = find_actors(doc, Article.from_text(text))
    assert [a.name for a in actors if "Crimea" in a.name] == ["Crimea"]
