"""Russian 3rd-person pronouns beyond the subject "он"/"она": oblique forms and
possessives join the one person of their gender, unless a nearer inanimate noun of the same
gender could be meant. Invented sentences."""

from __future__ import annotations

from typing import Any


def _pronouns(a: Any, actor_name: str) -> list[str]:
    actor = next(x for x in a.actors if x.name == actor_name or actor_name in x.aliases)
    return [m.text for m in actor.mentions if m.form == "pronoun"]


def _all_pronouns(a: Any) -> list[str]:
    return [m.text for x in a.actors for m in x.mentions if m.form == "pronoun"]


def test_object_and_possessive_forms_join_the_person(ru: Any) -> None:
    a = ru("Губернатор Иван Петров прибыл в Тверь. Журналисты спросили его о дорогах, "
           "и ему пришлось ответить.", stages=("actors",))
    assert _pronouns(a, "Иван Петров") == ["его", "ему"]
    b = ru("Депутат Анна Смирнова выступила в думе. С ней никто не спорил.",
           stages=("actors",))
    assert _pronouns(b, "Анна Смирнова") == ["ней"]


def test_a_possessive_joins_the_person(ru: Any) -> None:
    a = ru("Депутат Анна Смирнова выступила в думе. Её речь заняла час.",
           stages=("actors",))
    assert _pronouns(a, "Анна Смирнова") == ["Её"]


def test_a_nearer_inanimate_noun_of_the_same_gender_blocks_the_link(ru: Any) -> None:
    a = ru("Губернатор Иван Петров внёс закон. Закон приняли, его подписали вечером.",
           stages=("actors",))
    assert "его" not in _all_pronouns(a)


def test_two_people_of_one_gender_or_a_plural_stay_unresolved(ru: Any) -> None:
    a = ru("Иван Петров встретил Олега Сидорова. Журналисты спросили его о встрече.",
           stages=("actors",))
    assert _all_pronouns(a) == []
    b = ru("Губернатор Иван Петров и его заместители прибыли. Им показали мост.",
           stages=("actors",))
    assert "Им" not in _all_pronouns(b)


def test_a_pronoun_of_the_other_gender_is_not_joined(ru: Any) -> None:
    a = ru("Губернатор Иван Петров прибыл в Тверь. Журналисты спросили её о дорогах.",
           stages=("actors",))
    assert _all_pronouns(a) == []


def test_a_possessive_is_no_bearer_of_a_standing_phrase(ru: Any) -> None:
    a = ru("Губернатор Иван Петров ушёл в отставку. На его должность был назначен Олег "
           "Сидоров.", stages=("actors", "events", "stance"))
    rising = {x.name for x in a.actors for s in x.standing if s.direction == "rising"}
    assert "Иван Петров" not in rising
