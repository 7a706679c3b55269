"""Events and standing on invented Russian sentences."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")

ONLY = ("actors", "events", "stance")


def _events(a: Any) -> list[tuple[str, str | None, str | None]]:
    return [(e.category, e.actor, e.target) for e in a.events]


@pytest.mark.parametrize(("text", "category"), [
    ("Владимир Путин назначил Ивана Петрова губернатором.", "APPOINT"),
    ("Владимир Путин освободил от должности Ивана Петрова.", "DISMISS"),
    ("Владимир Путин отправил в отставку Ивана Петрова.", "DISMISS"),
    ("Владимир Путин обвинил Ивана Петрова в провале.", "ACCUSE"),
    ("Владимир Путин пригрозил Ивану Петрову увольнением.", "THREATEN"),
    ("Владимир Путин раскритиковал Ивана Петрова.", "DISAPPROVE"),
])
def test_verbs_map_to_categories_with_actor_and_target(ru: Any, text: str, category: str) -> None:
    a = ru(text, stages=ONLY)
    assert (category, "vladimir-putin", "ivan-petrov") in _events(a), _events(a)


def test_a_phrase_outranks_its_verb(ru: Any) -> None:
    a = ru("Президент Владимир Путин отправил в отставку министра Ивана Петрова.", stages=ONLY)
    assert [e.category for e in a.events] == ["DISMISS"]
    assert a.events[0].action.text == "отправил в отставку"


def test_dispatch_needs_a_person(ru: Any) -> None:
    a = ru("Министр Иван Петров направил письмо в правительство.", stages=ONLY)
    assert not [e for e in a.events if e.category == "DISPATCH"]


def test_negation_is_kept_and_gives_no_standing(ru: Any) -> None:
    a = ru("Владимир Путин не уволил Ивана Петрова.", stages=ONLY)
    assert a.events and a.events[0].negated
    assert all(not x.standing for x in a.actors)


def test_standing_from_events_and_phrases(ru: Any) -> None:
    a = ru("Владимир Путин уволил Ивана Петрова. Министр Олег Сидоров, по слухам, впал в "
           "немилость. Андрея Кузнецова назначили послом.", stages=ONLY)
    actors = {x.id: x for x in a.actors}
    assert [(s.signal, s.direction) for s in actors["ivan-petrov"].standing] == [
        ("dismissed", "falling")]
    assert ("sidelined", "falling") in {(s.signal, s.direction)
                                        for s in actors["oleg-sidorov"].standing}
    assert all(x.stance is None for x in a.actors)
    for actor in a.actors:
        for s in actor.standing:
            assert a.article.text[s.start:s.end] == s.text
