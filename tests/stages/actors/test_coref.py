"""Descriptions resolved to a person named earlier (``stages/actors/coref.py``), on
invented sentences: a spokesperson described by role and body."""

from __future__ import annotations

from tealeaves.model import Actor, Article
from tealeaves.stages.actors.build import find_actors
from tealeaves.stages.syntax import actor_at

FIRST = ("Kremlin spokesman Oleg Varenko said on Monday that talks with the city council were "
         "frozen. The talks began in May.\n\n")


def _actors(nlp, text: str) -> list[Actor]:  # type: ignore[no-untyped-def]
    return find_actors(nlp(text), Article.from_text(text), None)


def _who(actors: list[Actor], text: str, words: str) -> str | None:
    start = text.index(words)
    actor = actor_at(actors, start, start + len(words))
    return actor.name if actor is not None else None


def test_a_definite_description_with_the_body_is_the_named_spokesman(nlp) -> None:  # type: ignore[no-untyped-def]
    text = FIRST + "The Kremlin spokesman later said that no meeting was planned."
    assert _who(_actors(nlp, text), text, "The Kremlin spokesman") == "Oleg Varenko"


def test_an_indefinite_spokesman_of_the_same_body_is_the_one_named(nlp) -> None:  # type: ignore[no-untyped-def]
    for later in ("A Kremlin spokesman said on Tuesday that the door remained open.",
                  "A spokesman for the Kremlin said on Tuesday that the door remained open."):
        text = FIRST + later
        words = later.split(" said")[0]
        assert _who(_actors(nlp, text), text, words) == "Oleg Varenko", later


def test_a_spokesman_of_another_body_stays_unresolved(nlp) -> None:  # type: ignore[no-untyped-def]
    later = "A State Department spokesman said on Tuesday that the door remained open."
    text = FIRST + later
    assert _who(_actors(nlp, text), text, "spokesman said on Tuesday") is None


def test_two_named_spokespeople_leave_an_indefinite_one_unresolved(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Kremlin spokesman Oleg Varenko and Kremlin spokeswoman Anna Lindqvist said talks "
            "were frozen.\n\nA Kremlin spokesman said on Tuesday that the door remained open.")
    assert _who(_actors(nlp, text), text, "spokesman said on Tuesday") is None


def test_a_spokesman_with_no_body_named_is_nobody(nlp) -> None:  # type: ignore[no-untyped-def]
    text = FIRST + "A spokesman said on Tuesday that the door remained open."
    assert _who(_actors(nlp, text), text, "spokesman said on Tuesday") is None


def test_the_bare_office_word_is_the_one_named_holder_of_a_fuller_title(nlp) -> None:  # type: ignore[no-untyped-def]
    for title, later in (("Foreign Minister", "the minister"),
                         ("Defence Minister", "the minister"),
                         ("Secretary of State", "the secretary")):
        text = (f"{title} John Harlan met farmers in Tarnow on Monday.\n\n"
                f"\"We will not forget you,\" {later} said.")
        assert _who(_actors(nlp, text), text, f"{later} said") == "John Harlan", title


def test_the_bare_office_word_is_nobody_beside_two_holders_or_a_premier(nlp) -> None:  # type: ignore[no-untyped-def]
    two = ("Foreign Minister Ilse Marven and Defence Minister Piet Olsaker met farmers in "
           "Tarnow.\n\n\"We will not forget you,\" the minister said.")
    assert _who(_actors(nlp, two), two, "minister said") is None
    premier = ("Prime Minister Ilse Marven met farmers in Tarnow.\n\n"
               "\"We will not forget you,\" the minister said.")
    assert _who(_actors(nlp, premier), premier, "minister said") is None


def test_a_country_leader_is_that_country_head_named_by_title(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Polish President Mark Brennan met Czech Prime Minister John Harlan in Brno.\n\n"
            "The Polish leader said the talks were useful. The Czech leader disagreed.")
    actors = _actors(nlp, text)
    assert _who(actors, text, "leader said") == "Mark Brennan"
    assert _who(actors, text, "leader disagreed") == "John Harlan"
    two = ("Polish President Mark Brennan met Polish Prime Minister John Harlan.\n\n"
           "The Polish leader said the talks were useful.")
    assert _who(_actors(nlp, two), two, "leader said") is None


def test_a_country_leader_named_without_title_is_found_by_the_knowledge_base(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Volodymyr Zelensky spoke to farmers in Poltava on Monday.\n\n"
            "The Ukrainian leader said the harvest would be exported.")
    assert _who(_actors(nlp, text), text, "leader said") == "Volodymyr Zelensky"
