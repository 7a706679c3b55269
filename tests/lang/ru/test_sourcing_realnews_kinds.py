"""Sourcing rules added for kinds of failure found on data/realnews-ru (docs/stages/russian.md),
each on invented Russian sentences: speech nouns with "о том, что", naming a report a rumour,
"по его словам" after a named or an unnamed speaker, and an outlet's name in «…» that is no
quotation."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")

ONLY = ("actors", "sourcing")


def _attributed(ru: Any, text: str) -> list[Any]:
    return [c for c in ru(text, stages=ONLY).claims if c.source.kind != "author"]


def test_a_speech_noun_with_its_holder_is_the_holders_claim(ru: Any) -> None:
    claims = _attributed(ru, "Губернатор прокомментировал заявления Ивана Петрова о том, что "
                             "завод закроют.")
    inner = next(c for c in claims if c.text == "завод закроют")
    assert (inner.source.kind, inner.source.actor) == ("named_person", "ivan-petrov")
    assert inner.cue is not None and inner.cue.text == "заявления"


def test_a_speech_noun_of_unnamed_sources_is_anonymous(ru: Any) -> None:
    [c] = _attributed(ru, "Мэр не стал комментировать утверждения источников газеты о том, "
                          "что завод закроют.")
    assert c.text == "завод закроют" and c.source.kind == "anonymous"
    assert c.source.text == "источников газеты"  # the "о том, что" clause is not the source


def test_a_report_with_no_holder_is_a_rumour_and_its_denial_a_claim(ru: Any) -> None:
    claims = _attributed(ru, "Депутат Анна Орлова опровергла слухи о том, что её уволят.")
    assert [(c.text, c.source.kind) for c in claims] == [
        ("слухи о том, что её уволят", "named_person"), ("её уволят", "rumour")]


def test_a_noun_of_information_with_no_holder_is_no_claim(ru: Any) -> None:
    assert _attributed(ru, "Информация о том, что завод закроют, появилась вчера.") == []


@pytest.mark.parametrize("verdict", ["слухами", "фейком", "уткой"])
def test_naming_a_report_a_rumour_is_a_claim_from_the_verdict(ru: Any, verdict: str) -> None:
    claims = _attributed(ru, f"Министр Иван Петров назвал {verdict} сообщения о том, что он "
                             "уходит в отставку.")
    denial = next(c for c in claims if c.cue is not None and c.cue.text == "назвал")
    assert denial.text == f"{verdict} сообщения о том, что он уходит в отставку"
    assert denial.source.actor == "ivan-petrov"
    assert any(c.text == "он уходит в отставку" and c.source.kind == "rumour" for c in claims)


def test_naming_without_a_verdict_is_not_a_denial(ru: Any) -> None:
    # "назвал имя" has no instrumental verdict: no claim spans from it
    assert all(c.text != "имя преемника" for c in _attributed(ru, "Мэр назвал имя преемника."))


def test_by_his_words_follows_the_last_speaker(ru: Any) -> None:
    claims = _attributed(ru, "«Мы не знаем», — сказал мэр Олег Смирнов. По его словам, "
                             "завод закроют.")
    later = next(c for c in claims if c.text == "завод закроют")
    assert (later.source.kind, later.source.actor) == ("named_person", "oleg-smirnov")
    assert later.cue is not None and later.cue.text == "По его словам"


def test_by_his_words_after_an_unnamed_source_stays_anonymous(ru: Any) -> None:
    # a named man spoke first: "его" is still the unnamed source who spoke last
    text = ("«Да», — сказал Иван Петров. «Мы не знаем», — сказал источник в мэрии. "
            "По его словам, завод закроют.")
    later = next(c for c in _attributed(ru, text) if c.text == "завод закроют")
    assert later.source.kind == "anonymous" and later.source.actor is None


def test_an_outlet_in_quotation_marks_is_not_the_quotation(ru: Any) -> None:
    claims = _attributed(ru, "Завод закроют в мае. Об этом «Вестнику» рассказали источники "
                             "в мэрии.")
    assert [(c.text, c.source.kind, c.quote) for c in claims] == [
        ("Завод закроют в мае", "anonymous", False)]


@pytest.mark.parametrize(("text", "via"), [
    ("Как рассказал собеседник «Коммерсанта», завод закроют.", "Коммерсант"),
    ("По сведениям источников Reuters, завод закроют.", "Reuters"),
])
def test_unnamed_sources_of_an_outlet_have_it_as_channel(ru: Any, text: str, via: str) -> None:
    [c] = _attributed(ru, text)
    assert c.source.kind == "anonymous" and c.via == via


def test_a_body_that_is_no_outlet_is_no_channel(ru: Any) -> None:
    [c] = _attributed(ru, "По сведениям источника в министерстве финансов, завод закроют.")
    assert c.source.kind == "anonymous" and c.via is None


def test_judging_with_a_verdict_is_a_claim(ru: Any) -> None:
    [c] = _attributed(ru, "Принятие закона депутаты считают началом реформы.")
    assert c.cue is not None and c.cue.text == "считают"
    assert c.text == "Принятие закона депутаты считают началом реформы"
    assert c.source.kind == "anonymous"


def _speaker_of(ru: Any, text: str, content: str) -> tuple[str, str | None]:
    c = next(c for c in _attributed(ru, text) if c.text == content)
    return c.source.kind, c.source.actor


def test_a_title_renames_the_last_speaker(ru: Any) -> None:
    text = ("Министр финансов Иван Петров заявил, что бюджет сбалансирован. По словам "
            "министра, дефицита не будет.")
    assert _speaker_of(ru, text, "дефицита не будет") == ("named_person", "ivan-petrov")


def test_a_spokesperson_title_renames_a_spokesperson(ru: Any) -> None:
    text = ("Пресс-секретарь мэра Олег Смирнов открыл выставку. Представитель мэрии отметил, "
            "что ремонт закончен.")
    assert _speaker_of(ru, text, "ремонт закончен") == ("named_person", "oleg-smirnov")


def test_sam_marks_the_person_just_named(ru: Any) -> None:
    text = ("Депутат Иван Петров обвинил мэра в срыве сроков. Сам депутат утверждает, что "
            "знал о проблемах.")
    assert _speaker_of(ru, text, "знал о проблемах") == ("named_person", "ivan-petrov")


@pytest.mark.parametrize("text", [
    # another office than the person just named, who has not spoken
    "Мэр Олег Смирнов открыл мост. Представитель мэрии отметил, что ремонт закончен.",
    # unnamed sources stay unnamed
    "Мэр Олег Смирнов открыл мост. Один из представителей мэрии отметил, что ремонт закончен.",
    "Мэр Олег Смирнов открыл мост. Источник в мэрии отметил, что ремонт закончен.",
    # nobody named before
    "Представитель мэрии отметил, что ремонт закончен.",
])
def test_an_unnamed_official_stays_anonymous(ru: Any, text: str) -> None:
    assert _speaker_of(ru, text, "ремонт закончен") == ("anonymous", None)


def test_a_turn_labelled_with_a_name_is_that_persons_claim(ru: Any) -> None:
    text = ("Ольга Иванова:\nКак вы оцениваете реформу?\nИван Петров: Плохо. Реформа "
            "провалилась.\nОльга Иванова: А что дальше?")
    [c] = _attributed(ru, text)  # the interviewer's question is no claim
    assert c.text == "Плохо. Реформа провалилась" and c.cue is None
    assert (c.source.kind, c.source.actor) == ("named_person", "ivan-petrov")


def test_a_headline_speaker_by_surname(ru: Any) -> None:
    c = _attributed(ru, "Смирнов: мост откроют в мае\nМэр Олег Смирнов открыл выставку.")[0]
    assert (c.text, c.source.actor) == ("мост откроют в мае", "oleg-smirnov")


@pytest.mark.parametrize("head", ["Москва", "Итоги"])
def test_a_place_or_a_word_before_a_colon_is_no_speaker(ru: Any, head: str) -> None:
    assert _attributed(ru, f"{head}: мост откроют в мае\nМэр Олег Смирнов открыл выставку.") == []


@pytest.mark.parametrize(("text", "content"), [
    ("По разговорам в министерстве, скоро начнутся увольнения.", "скоро начнутся увольнения"),
    ("Отмечается, что завод закроют в мае.", "завод закроют в мае"),
])
def test_talk_and_the_impersonal_passive_are_rumour(ru: Any, text: str, content: str) -> None:
    [c] = _attributed(ru, text)
    assert c.source.kind == "rumour" and content in c.text


def test_a_that_clause_the_parse_lost_is_still_the_content(ru: Any) -> None:
    [c] = _attributed(ru, 'Другой источник издания добавил, что в президентской кампании '
                          '"будут еще сюрпризы".')
    assert c.text == 'в президентской кампании "будут еще сюрпризы"'
    assert c.source.kind == "anonymous"


@pytest.mark.parametrize(("text", "content", "kind"), [
    ("Новым начальником будет назначен Андрей Ярин, говорит собеседник «Ведомостей».",
     "Новым начальником будет назначен Андрей Ярин", "anonymous"),
    ("Завод закроют в мае, сообщил мэр Олег Смирнов.", "Завод закроют в мае", "named_person"),
])
def test_an_inverted_cue_after_a_comma_reports_what_precedes(ru: Any, text: str, content: str,
                                                             kind: str) -> None:
    [c] = _attributed(ru, text)
    assert (c.text, c.source.kind) == (content, kind)


def test_a_comma_clause_without_a_cue_is_the_authors(ru: Any) -> None:
    assert _attributed(ru, "Мост открыли в мае, и горожане довольны.") == []


@pytest.mark.parametrize(("text", "content", "actor"), [
    ("Мэр Олег Смирнов рассказал о том, что завод закроют.", "завод закроют", "oleg-smirnov"),
    ("О том, что завод закроют, сообщил мэр Олег Смирнов.", "завод закроют", "oleg-smirnov"),
])
def test_a_cue_with_about_that_reports_the_clause(ru: Any, text: str, content: str,
                                                  actor: str) -> None:
    [c] = _attributed(ru, text)
    assert (c.text, c.source.actor) == (content, actor)


def test_a_cue_about_a_thing_is_no_claim(ru: Any) -> None:
    assert _attributed(ru, "Мэр Олег Смирнов рассказал о заводе.") == []
