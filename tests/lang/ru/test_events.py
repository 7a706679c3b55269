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
    # the dismissal and the appointment are evidence of the stance (as in English)
    petrov, kuznetsov = actors["ivan-petrov"].stance, actors["andrey-kuznetsov"].stance
    assert petrov is not None and petrov.label == "negative"
    assert kuznetsov is not None and kuznetsov.label == "positive"
    for actor in a.actors:
        for s in actor.standing:
            assert a.article.text[s.start:s.end] == s.text


def _falling(a: Any, actor: str) -> list[tuple[str, str | None, str | None, bool]]:
    return [(s.signal, s.type, s.source_kind, s.contested)
            for x in a.actors if x.id == actor for s in x.standing]


@pytest.mark.parametrize(("text", "source"), [
    ("В Москве распространились слухи об отставке министра Ивана Петрова.", "rumour"),
    ("Появились сообщения о скорой отставке Ивана Петрова.", "rumour"),
    ("Ивана Петрова могут отправить в отставку.", "author"),
    ("Эксперты обсуждают возможное увольнение Ивана Петрова.", "author"),
    ("Ивана Петрова якобы уволили.", "rumour"),
])
def test_a_rumoured_or_foreseen_exit_is_a_predicted_exit(ru: Any, text: str,
                                                         source: str | None) -> None:
    a = ru(text, stages=ONLY)
    assert _falling(a, "ivan-petrov") == [("predicted exit", "rumoured_ouster", source, False)]


def test_a_denied_rumour_of_an_exit_is_contested(ru: Any) -> None:
    a = ru("Пресс-секретарь Олег Сидоров опроверг слухи об отставке министра Ивана Петрова.",
           stages=ONLY)
    assert _falling(a, "ivan-petrov") == [("predicted exit", "rumoured_ouster", "rumour", True)]
    assert not _falling(a, "oleg-sidorov")


@pytest.mark.parametrize("text", [
    "Кремль опроверг информацию о возможной отставке министра Ивана Петрова.",
    "Пресс-секретарь Олег Сидоров назвал слухи об отставке Ивана Петрова выдумкой.",
])
def test_other_denials_contest_the_rumour(ru: Any, text: str) -> None:
    a = ru(text, stages=ONLY)
    assert _falling(a, "ivan-petrov") == [("predicted exit", "rumoured_ouster", "rumour", True)]


def test_a_negated_modal_entertains_no_exit(ru: Any) -> None:
    a = ru("Иван Петров не может уйти в отставку.", stages=ONLY)
    assert not _falling(a, "ivan-petrov")


def test_a_call_for_an_exit_is_a_call(ru: Any) -> None:
    a = ru("Депутат Олег Сидоров потребовал отставки министра Ивана Петрова.", stages=ONLY)
    assert _falling(a, "ivan-petrov") == [("call to resign", "called_to_resign", "author", False)]


def test_a_done_dismissal_stays_a_dismissal(ru: Any) -> None:
    a = ru("Владимир Путин отправил в отставку Ивана Петрова.", stages=ONLY)
    assert [s[0] for s in _falling(a, "ivan-petrov")] == ["dismissed"]
    b = ru("После отставки Ивана Петрова министерство возглавил Олег Сидоров.", stages=ONLY)
    assert all(s[0] != "predicted exit" for s in _falling(b, "ivan-petrov"))


def test_every_typed_signal_has_a_known_type(ru: Any) -> None:
    from tealeaves.lang.ru.vocab import load_yaml
    from tealeaves.model import STANDING_TYPES

    assert set(load_yaml("events.yaml")["types"].values()) <= set(STANDING_TYPES)
    a = ru("Владимир Путин назначил Ивана Петрова губернатором.", stages=ONLY)
    (sig,) = next(x for x in a.actors if x.id == "ivan-petrov").standing
    assert (sig.signal, sig.type) == ("appointed", "appointed")
