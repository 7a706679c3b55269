"""Sourcing on invented Russian sentences, one per construction of the guide."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")

from tealeaves.lang.ru.sourcing import quotations

ONLY = ("actors", "sourcing")


def _claims(ru: Any, text: str) -> list[Any]:
    return list(ru(text, stages=ONLY).claims)


def _one(ru: Any, text: str) -> Any:
    claims = _claims(ru, text)
    assert len(claims) == 1, [(c.text, c.source) for c in claims]
    return claims[0]


@pytest.mark.parametrize("verb", ["заявил", "сообщил", "отметил", "подчеркнул", "рассказал",
                                  "признал"])
def test_reporting_verbs_with_a_that_clause(ru: Any, verb: str) -> None:
    c = _one(ru, f"Министр иностранных дел Сергей Лавров {verb}, что переговоры продолжатся.")
    assert c.text == "переговоры продолжатся"
    assert (c.source.kind, c.source.actor) == ("named_person", "sergey-lavrov")
    assert c.cue is not None and c.cue.text == verb


def test_quote_before_the_cue_and_a_dialogue_dash_follow_on(ru: Any) -> None:
    claims = _claims(ru, "«Мы не отступим», — заявил Дмитрий Песков. — Это наша позиция, "
                         "— добавил он.")
    assert [c.text for c in claims] == ["«Мы не отступим»", "Это наша позиция"]
    assert claims[0].quote and not claims[1].quote
    assert {c.source.actor for c in claims} == {"dmitry-peskov"}


def test_quote_after_a_colon(ru: Any) -> None:
    c = _one(ru, "Мария Захарова написала: «Это провокация».")
    assert c.quote and c.text == "«Это провокация»" and c.source.actor == "maria-zakharova"


@pytest.mark.parametrize("frame", ["По словам", "По данным"])
def test_according_to(ru: Any, frame: str) -> None:
    c = _one(ru, f"{frame} Дмитрия Пескова, встреча не состоится.")
    assert c.text == "встреча не состоится" and c.source.actor == "dmitry-peskov"
    assert c.cue is not None and c.cue.text.lower().startswith("по ")


def test_as_reported_by_an_outlet(ru: Any) -> None:
    c = _one(ru, "Как сообщает ТАСС, встреча министров отменена.")
    assert c.source.kind == "named_organization" and c.text == "встреча министров отменена"


def test_bodies_speak_as_bodies_and_their_people_are_anonymous(ru: Any) -> None:
    body = _one(ru, "Кремль заявил, что ответ будет симметричным.")
    assert (body.source.kind, body.source.actor) == ("named_organization", "kremlin")
    person = _one(ru, "Представитель МИД России заявил, что ответ будет симметричным.")
    assert person.source.kind == "anonymous" and person.source.actor is None


@pytest.mark.parametrize("source", [
    "Источник в правительстве", "Источник, близкий к Кремлю,", "Собеседник «Ъ»",
    "Осведомленные люди", "Западные дипломаты"])
def test_anonymous_sources(ru: Any, source: str) -> None:
    c = _one(ru, f"{source} сообщил, что решение уже принято.".replace("люди сообщил",
                                                                        "люди сообщили")
             .replace("дипломаты сообщил", "дипломаты сообщили"))
    assert c.source.kind == "anonymous", c.source
    assert c.text == "решение уже принято"


def test_a_modifier_is_not_the_source(ru: Any) -> None:
    c = _one(ru, "Источник, близкий к Сергею Лаврову, рассказал, что министр устал.")
    assert c.source.kind == "anonymous" and c.source.actor is None


def test_channel_and_relay(ru: Any) -> None:
    c = _one(ru, "Дмитрий Песков заявил в интервью «Коммерсанту», что саммит отложен.")
    assert c.via == "Коммерсант" and c.source.actor == "dmitry-peskov"
    relay = _one(ru, "Агентство Reuters со ссылкой на осведомленные источники сообщило, что "
                     "сделка сорвалась.")
    assert relay.source.kind == "anonymous" and relay.via is not None
    assert "Reuters" in relay.via


def test_outlet_quoting_someone_is_a_relay(ru: Any) -> None:
    c = _one(ru, "Газета цитирует Сергея Лаврова: «Мы готовы к диалогу».")
    assert c.source.actor == "sergey-lavrov" and c.via is not None and c.quote


@pytest.mark.parametrize("text", [
    "По слухам, министра скоро отправят в отставку.",
    "Ходят слухи, что министра скоро отправят в отставку.",
    "Министра, как утверждается, скоро отправят в отставку.",
    "По неподтвержденным данным, министра скоро отправят в отставку.",
])
def test_rumour_with_no_source(ru: Any, text: str) -> None:
    c = _one(ru, text)
    assert c.source.kind == "rumour" and "отправят в отставку" in c.text


def test_a_denied_rumour_stays_a_rumour_and_the_denial_is_the_deniers(ru: Any) -> None:
    claims = _claims(ru, "Кремль опроверг слухи о том, что посол отозван.")
    kinds = {(c.source.kind, c.text) for c in claims}
    assert ("rumour", "посол отозван") in kinds
    assert any(k == "named_organization" and "посол отозван" in t for k, t in kinds)


def test_hedges_and_yakoby_inside_a_sourced_claim(ru: Any) -> None:
    c = _one(ru, "По словам Марии Захаровой, визит, вероятно, перенесут.")
    assert [h.text for h in c.hedges] == ["вероятно"]
    c = _one(ru, "Источник рассказал, что министр якобы подал в отставку.")
    assert c.source.kind == "anonymous" and [h.text for h in c.hedges] == ["якобы"]


def test_unbalanced_and_nested_quotes() -> None:
    text = "Он назвал «„Газпром“ и «Роснефть» опорой». Потом — «без конца"
    spans = quotations(text)
    assert spans and text[spans[0][0]:spans[0][1]].startswith("«„Газпром“")
    assert all(text[e - 1] == "»" for _, e in spans)


def test_hundreds_of_quotes_and_no_cues(ru: Any) -> None:
    text = " ".join(f"Он сказал: «Да {i}»." for i in range(150))
    claims = _claims(ru, text)
    assert len(claims) == 150


def test_what_is_left_is_the_authors_and_questions_are_not(ru: Any) -> None:
    claims = _claims(ru, "Встреча прошла во вторник. Кто виноват? Дмитрий Песков заявил, что "
                         "итоги хорошие.")
    assert [(c.source.kind, c.text) for c in claims] == [
        ("author", "Встреча прошла во вторник"), ("named_person", "итоги хорошие")]


def test_a_surname_ner_missed_is_the_person_named_elsewhere(ru: Any) -> None:
    claims = _claims(ru, "Песков опроверг слухи об отставке\n\nПресс-секретарь президента "
                         "Дмитрий Песков заявил, что министр продолжит работу.")
    denial = next(c for c in claims if c.cue is not None and c.cue.text == "опроверг")
    assert (denial.source.kind, denial.source.actor) == ("named_person", "dmitry-peskov")


def test_about_this_said_x_reports_the_sentence_before(ru: Any) -> None:
    claims = _claims(ru, "Встреча министров отменена. Об этом заявил пресс-секретарь президента "
                         "Дмитрий Песков.")
    assert [(c.text, c.source.actor) for c in claims] == [
        ("Встреча министров отменена", "dmitry-peskov")]


@pytest.mark.parametrize(("text", "kind", "actor"), [
    ("В Кремле заявили, что ответ будет симметричным.", "named_organization", "kremlin"),
    ("В правительстве сообщили, что бюджет принят.", "named_organization", None),
    ("В окружении президента считают, что министр устал.", "anonymous", None),
    ("Говорят, что министр устал.", "rumour", None),
])
def test_a_subjectless_plural_cue_and_its_locative(ru: Any, text: str, kind: str,
                                                   actor: str | None) -> None:
    c = _one(ru, text)
    assert (c.source.kind, c.source.actor) == (kind, actor)


@pytest.mark.parametrize("text", [
    "Иван Петров заявил, что переговоры заморожены, передает ТАСС.",
    "Иван Петров заявил, что переговоры заморожены. Об этом сообщает РИА Новости.",
    "Иван Петров заявил, что переговоры заморожены. Его слова приводит ТАСС.",
    "«Переговоры заморожены», — заявил Иван Петров, слова которого приводит ТАСС.",
    "Иван Петров сообщил агентству ТАСС, что переговоры заморожены.",
])
def test_an_outlet_passing_on_words_is_the_channel(ru: Any, text: str) -> None:
    c = _one(ru, text)
    assert c.source.kind == "named_person" and c.source.text == "Иван Петров", c.source
    assert c.via is not None and c.via.split()[0] in ("ТАСС", "РИА"), c.via
    assert "переговоры заморожены" in c.text.lower()


def test_his_words_quoted_by_an_outlet_after_a_colon(ru: Any) -> None:
    claims = [c for c in _claims(ru, "Иван Петров прибыл в Минск. Его слова приводит ТАСС: "
                                     "«Переговоры заморожены».") if c.source.kind != "author"]
    assert len(claims) == 1 and claims[0].quote
    assert claims[0].source.actor == "ivan-petrov" and claims[0].via == "ТАСС"


def test_an_outlet_reporting_on_its_own_is_the_source(ru: Any) -> None:
    c = _one(ru, "Переговоры заморожены, передает ТАСС.")
    assert c.source.kind == "named_organization" and c.via is None
    inner = [c for c in _claims(ru, "Иван Петров заявил, что ТАСС сообщает неправду.")
             if c.source.kind != "author"]
    assert len(inner) == 1 and inner[0].via is None


def test_an_outlet_in_the_source_is_named_in_the_nominative(ru: Any) -> None:
    c = _one(ru, "Источники «Медузы» сообщили, что выборы перенесут.")
    assert c.source.kind == "anonymous" and c.via == "Медуза"


@pytest.mark.parametrize("text,outlet", [
    ("Выборы перенесут на осень. Об этом пишут «Ведомости» со ссылкой на два источника. "
     "Другой источник издания сообщил, что решение уже принято.", "Ведомости"),
    ("Выборы перенесут на осень, сообщает «Коммерсантъ» со ссылкой на несколько источников. "
     "Источники газеты предполагают, что решение уже принято.", "Коммерсантъ"),
])
def test_the_sources_of_the_newspaper_speak_through_it(ru: Any, text: str, outlet: str) -> None:
    claims = [c for c in _claims(ru, text) if "решение уже принято" in c.text]
    assert len(claims) == 1 and claims[0].source.kind == "anonymous"
    assert claims[0].via == outlet


def test_a_source_of_a_body_is_no_outlets(ru: Any) -> None:
    claims = [c for c in _claims(ru, "Выборы перенесут на осень, сообщает «Коммерсантъ». "
                                     "Источник в правительстве сообщил, что решение уже "
                                     "принято.") if "решение уже принято" in c.text]
    assert len(claims) == 1 and claims[0].via is None


def test_a_description_after_a_long_quotation_renames_the_speaker(ru: Any) -> None:
    text = ("Пресс-секретарь президента Иван Петров прокомментировал журналистам присутствие "
            "прессы.\n\n\"Нам нужно заниматься своими делами. И в наших интересах, чтобы "
            "Сергей Орлов нас слышал. Поэтому их журналисты здесь\", - отметил представитель "
            "Кремля.")
    claims = [c for c in _claims(ru, text) if c.cue is not None and c.cue.text == "отметил"]
    assert len(claims) == 1 and claims[0].source.actor == "ivan-petrov"


def test_a_description_far_from_the_name_stays_unnamed(ru: Any) -> None:
    text = ("Пресс-секретарь президента Иван Петров прокомментировал журналистам присутствие "
            "прессы. Погода была хорошей. Зал был полон. Все ждали вопросов.\n\n"
            "\"Нам нужно заниматься своими делами\", - отметил представитель Кремля.")
    claims = [c for c in _claims(ru, text) if c.cue is not None and c.cue.text == "отметил"]
    assert len(claims) == 1 and claims[0].source.actor is None


def test_by_his_words_keeps_the_speakers_channel(ru: Any) -> None:
    text = ("«Мы такой бред просто не комментируем», — сказал собеседник РИА Новости. По его "
            "словам, альянс хочет сохранять давление на страну.")
    c = [c for c in _claims(ru, text) if "альянс хочет" in c.text]
    assert len(c) == 1 and c[0].source.kind == "anonymous" and c[0].via == "РИА Новости"
