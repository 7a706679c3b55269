from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")

from tealeaves.lang.ru.translit import loose, to_latin


def _by_id(analysis: Any) -> dict[str, Any]:
    return {a.id: a for a in analysis.actors}


def test_kb_people_get_the_english_id_and_surnames_join_full_names(ru: Any) -> None:
    a = ru("Глава МИД России Сергей Лавров прибыл в Анкару. Позже Лавров встретился с "
           "министром. Журналисты спросили Лаврова о переговорах.", stages=("actors",))
    actors = _by_id(a)
    lavrov = actors["sergey-lavrov"]
    assert lavrov.name == "Sergey Lavrov" and lavrov.kind == "person"
    assert len([m for m in lavrov.mentions if m.form == "name"]) == 3
    assert "глава МИД России" in lavrov.roles
    assert actors["russia"].kind == "place"


def test_roles_from_appositions_in_other_cases(ru: Any) -> None:
    a = ru("По словам пресс-секретаря президента Дмитрия Пескова, визит состоится.",
           stages=("actors",))
    assert _by_id(a)["dmitry-peskov"].roles == ("пресс-секретарь президента",)


def test_organisation_variants_resolve_to_one_actor(ru: Any) -> None:
    a = ru("МИД России выступил с заявлением. Позднее МИД уточнил детали. В ФСБ отказались "
           "от комментариев.", stages=("actors",))
    actors = _by_id(a)
    assert len(actors["russian-foreign-ministry"].mentions) >= 2
    assert "federal-security-service" in actors


def test_unknown_names_keep_cyrillic_and_get_a_latin_id(ru: Any) -> None:
    a = ru("Губернатор Иван Петров приехал в район. Петров осмотрел мост.", stages=("actors",))
    petrov = _by_id(a)["ivan-petrov"]
    assert petrov.name == "Иван Петров" and "Ivan Petrov" in petrov.aliases
    assert len(petrov.mentions) == 2 and petrov.roles == ("губернатор",)


def test_transliteration_links_a_name_the_kb_has_only_in_latin(ru: Any, tmp_path: Path) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text("people:\n  - {name: Aleksandr Novak, gender: male, country: RU}\n", "utf-8")
    a = ru("Вице-премьер Александр Новак заявил, что добыча вырастет.", stages=("actors",),
           actors_file=kb)
    assert "aleksandr-novak" in _by_id(a)


def test_a_pronoun_joins_the_one_person_of_its_gender(ru: Any) -> None:
    a = ru("Мария Захарова провела брифинг. Она ответила на вопросы журналистов.",
           stages=("actors",))
    forms = [m.form for m in _by_id(a)["maria-zakharova"].mentions]
    assert forms == ["name", "pronoun"]


def test_transliteration_table() -> None:
    assert to_latin("Дмитрий Песков") == "Dmitry Peskov"
    assert to_latin("Юрий Ушаков") == "Yury Ushakov"
    assert loose("Sergei Lavrov") == loose(to_latin("Сергей Лавров"))
    assert loose("Mikhail Khodorkovsky") == loose(to_latin("Михаил Ходорковский"))


def test_a_bare_surname_joins_the_kb_person_named_in_full(ru: Any) -> None:
    a = ru("Премьер Борис Джонсон прибыл в Киев. Джонсон пообещал помощь.", stages=("actors",))
    johnson = _by_id(a)["boris-johnson"]
    assert len(johnson.mentions) == 2 and "mike-johnson" not in _by_id(a)


def test_title_words_inside_a_name_span_are_dropped() -> None:
    from tealeaves.lang.ru.actors import _untitled

    assert _untitled("Президент Зеленский") == "Зеленский"
    assert _untitled("Глава") == "Глава"
