"""A surname in an oblique case beside the full name, and a bare title as an entity
(real-page kinds of 2026-12-03; every sentence invented)."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")


def _names(analysis: Any) -> dict[str, Any]:
    return {a.name: a for a in analysis.actors}


def test_a_genitive_surname_joins_the_man_named_in_full(ru: Any) -> None:
    a = ru("Министр транспорта Олег Гладков прибыл в Казань. «Вечерняя газета» со ссылкой на "
           "неназванные источники сообщила, что Гладкова в ближайшие дни могут отправить в "
           "отставку.", stages=("actors",))
    people = [x for x in a.actors if x.kind == "person"]
    assert [p.name for p in people] == ["Олег Гладков"]
    assert len(people[0].mentions) == 2


def test_a_bare_title_is_no_person(ru: Any) -> None:
    a = ru("Дмитрий Сомов опроверг слухи об отставке министра\n\nПресс-секретарь назвал "
           "информацию слухами и спекуляцией\n\nПресс-секретарь президента Дмитрий Сомов "
           "опроверг слухи.", stages=("actors",))
    names = _names(a)
    assert "Пресс-секретарь" not in names
    assert "Дмитрий Сомов" in names


def test_surname_forms() -> None:
    from tealeaves.lang.ru.actors import _surname_forms

    assert "Петров" in _surname_forms("Петрова")
    assert "Зеленский" in _surname_forms("Зеленского")
    assert _surname_forms("Ким") == ["Ким"]
