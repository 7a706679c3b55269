"""Title words the recogniser takes for names, and names of the wrong kind (real-page kinds
of 2026-12-03; every sentence invented)."""

from __future__ import annotations

import pytest

from tealeaves.model import Actor, Article
from tealeaves.stages.actors.build import find_actors
from tealeaves.stages.actors.portfolios import portfolio_words


def run(nlp, text: str) -> list[Actor]:  # type: ignore[no-untyped-def]
    return find_actors(nlp(text), Article.from_text(text))


def kinds(actors: list[Actor]) -> dict[str, str]:
    return {a.name: a.kind for a in actors}


@pytest.mark.parametrize(("text", "person", "portfolio"), [
    ("Newspapers wrote that the premier could be replaced by former Finance Minister "
     "Pavel Orlov.", "Pavel Orlov", "Finance"),
    ("Senior ministers including Home Secretary Ana Pell and Foreign Secretary Dan Ruiz may "
     "move.", "Ana Pell", "Home"),
    ("Those likely to feel secure are International Trade Secretary Liz Marr and the "
     "chancellor.", "Liz Marr", "International Trade"),
    ("Orlov responded by firing British Housing Secretary Michael Dove, who was among them.",
     "Michael Dove", "British Housing"),
    ("News was spread that Interior Minister Nako Belev was preparing to resign.",
     "Nako Belev", "Interior"),
])
def test_the_portfolio_of_a_title_is_no_organisation(nlp, text: str, person: str,  # type: ignore[no-untyped-def]
                                                     portfolio: str) -> None:
    found = kinds(run(nlp, text))
    assert found.get(person) == "person"
    assert portfolio not in found


def test_a_named_body_before_a_title_is_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Kremlin spokesman Ivan Sokol said the talks had ended, and Greenpeace welcomed it."
    found = kinds(run(nlp, text))
    assert found.get("Kremlin") == "organization"
    assert found.get("Ivan Sokol") == "person"


def test_a_title_alone_is_no_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Tom Webb and Dan Ruiz were absent from the front bench at PM's questions in "
            "Parliament on Wednesday.")
    found = kinds(run(nlp, text))
    assert "PM" not in found
    assert found.get("Tom Webb") == "person" and "Parliament" in found


def test_a_street_address_is_a_place_not_an_event(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Sources at No 10 Downing Street, the prime minister's office, have confirmed the plan."
    assert kinds(run(nlp, text)).get("10 Downing Street") == "place"


def test_a_social_network_is_no_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Times reporter Steven Marsh said on Twitter that the department could be broken up."
    found = kinds(run(nlp, text))
    assert found.get("Twitter") == "organization"
    assert found.get("Steven Marsh") == "person"


def test_portfolio_words_are_lower_case_words() -> None:
    words = portfolio_words()
    assert {"finance", "home", "interior", "education", "trade"} <= words
    assert all(w == w.lower() and " " not in w for w in words)


def test_a_full_name_once_taken_for_a_body_stays_one_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Fake news by the government: Nake Belev is not resigning\n\nNews was spread this "
            "evening that Interior Minister Nake Belev, in solidarity with a dismissed "
            "colleague, was preparing to submit his resignation.\n\nIt is completely fake news. "
            "To their dismay, Nake Belev is not resigning.")
    belev = [a for a in run(nlp, text) if a.name == "Nake Belev"]
    assert [a.kind for a in belev] == ["person"]
    assert len(belev[0].mentions) == 4
