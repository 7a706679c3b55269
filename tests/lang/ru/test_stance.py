"""Russian stance: the target features, the calibrated model on invented sentences, the
actor aggregation (speakers and settings stay out, relayed claims apart); the trainer's
data test is in ``tests/training/test_ru_stance.py``."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")

ONLY = ("actors", "sourcing", "events", "stance")


def _target(text: str, words: str) -> tuple[Any, list[Any]]:
    from tealeaves.lang.ru.parse import parse
    from tealeaves.lang.ru.stance_features import target_tokens

    doc = parse(text)
    start = text.index(words)
    return doc, target_tokens(doc, start, start + len(words))


def test_features_mark_negation_role_and_leave_out_names() -> None:
    from tealeaves.lang.ru.stance_features import dense_features, sparse_features

    doc, toks = _target("Сергей Иванов не поддержал Петрова на выборах.", "Петрова")
    feats = sparse_features(doc, toks, "PERSON")
    assert feats["role=object"] == 1.0
    assert "verb=не_поддержать" in feats and "neg_verb" in feats
    assert not any(name.endswith(("иванов", "сергей", "петров")) for name in feats)
    assert dense_features(doc, toks).shape == (1200,)
    doc, toks = _target("Сергей Иванов поддержал Петрова на выборах.", "Петрова")
    assert "verb=поддержать" in sparse_features(doc, toks, "PERSON")


def _label(text: str, words: str) -> tuple[str, dict[str, float]]:
    from tealeaves.lang.ru.stance import target_probabilities_ru

    doc, toks = _target(text, words)
    probs = target_probabilities_ru(doc, toks, "PERSON")
    assert probs is not None, "the model file resources/ru/stance_ru.json.gz is missing"
    assert abs(sum(probs.values()) - 1) < 1e-9
    return max(probs, key=lambda c: probs[c]), probs


@pytest.mark.parametrize(("text", "target", "label"), [
    ("Суд приговорил Ивана Петрова к восьми годам колонии за взятки и мошенничество.",
     "Ивана Петрова", "negative"),
    ("Оппозиция резко раскритиковала Ивана Петрова, обвинив его в коррупции.",
     "Ивана Петрова", "negative"),
    ("Иван Петров был удостоен почётной награды за выдающийся вклад в развитие науки.",
     "Иван Петров", "positive"),
    ("Болельщики горячо поздравили Ивана Петрова с победой в чемпионате мира.",
     "Ивана Петрова", "positive"),
    ("Иван Петров родился в 1960 году в Казани.", "Иван Петров", "neutral"),
])
def test_the_model_reads_invented_sentences(text: str, target: str, label: str) -> None:
    assert _label(text, target)[0] == label


@pytest.mark.parametrize(("plain", "negated"), [
    ("Избиратели поддержали Ивана Петрова на выборах.",
     "Избиратели не поддержали Ивана Петрова на выборах."),
    ("Коллеги хвалят Ивана Петрова.", "Коллеги не хвалят Ивана Петрова."),
])
def test_negation_of_praise_lowers_the_positive_reading(plain: str, negated: str) -> None:
    _, before = _label(plain, "Ивана Петрова")
    _, after = _label(negated, "Ивана Петрова")
    assert after["positive"] < before["positive"] - 0.05
    assert after["negative"] > before["negative"]


@pytest.mark.xfail(strict=True, reason="negated blame is not learned: RuSentNE has few such "
                   "sentences and the model is linear (docs/stages/russian.md, Stance)")
def test_negated_blame_is_not_negative() -> None:
    assert _label("Ивана Петрова не обвиняли в коррупции.", "Ивана Петрова")[0] != "negative"


def test_actor_stance_speakers_and_places_stay_null(ru: Any) -> None:
    a = ru("Суд в Москве приговорил Ивана Петрова к восьми годам колонии за взятки и "
           "мошенничество. Адвокат Олег Сидоров заявил, что приговор будет обжалован.",
           stages=ONLY)
    actors = {x.name: x for x in a.actors}
    petrov = next(x for n, x in actors.items() if "Петров" in n)
    assert petrov.stance is not None and petrov.stance.label == "negative"
    assert 0.5 <= petrov.stance.score <= 1.0
    for span in petrov.stance.evidence:
        assert a.article.text[span.start:span.end] == span.text
    moscow = next(x for x in a.actors if any(m.text == "Москве" for m in x.mentions))
    assert moscow.stance is None  # a setting: "в Москве"
    sidorov = next(x for n, x in actors.items() if "Сидоров" in n)
    assert sidorov.stance is None  # only the speaker of a claim


def test_a_place_as_topic_or_location_is_no_target() -> None:
    from tealeaves.lang.ru.stance import is_setting

    for text, words in [("Министры обсудили мирный план по Украине.", "Украине"),
                         ("Переговоры прошли в Женеве.", "Женеве"),
                         ("Глава МИД России прибыл с визитом.", "России")]:
        doc, toks = _target(text, words)
        assert is_setting(doc, toks, "place"), text
    doc, toks = _target("Удары по Петрову продолжились.", "Петрову")
    assert not is_setting(doc, toks, "person")  # "по" sets the scene only for a place
    doc, toks = _target("Запад усилил давление на Россию.", "Россию")
    assert not is_setting(doc, toks, "place")  # "на" with the accusative: a target


def test_relayed_evaluation_is_kept_apart(ru: Any) -> None:
    a = ru("Министр Олег Сидоров заявил, что Иван Петров виновен в коррупции и должен быть "
           "осуждён.", stages=ONLY)
    petrov = next(x for x in a.actors if "Петров" in x.name)
    assert a.claims, "the sourcing stage should find the claim"
    if petrov.stance is not None:
        assert [v.voice for v in petrov.stance.voices] == ["relayed"]
        assert petrov.stance.voices[0].claims


def test_stance_towards_ru_and_the_json_keys(ru: Any) -> None:
    from tealeaves.lang.ru.stance import stance_towards_ru
    from tealeaves.model import validate

    text = "Оппозиция резко раскритиковала Ивана Петрова, обвинив его в коррупции."
    start = text.index("Ивана Петрова")
    assert stance_towards_ru(text, start, start + len("Ивана Петрова")) == "negative"
    with pytest.raises(ValueError):
        stance_towards_ru(text, 5, 5)
    a = ru(text, stages=ONLY)
    data = a.to_dict()
    validate(data)
    stances = [x["stance"] for x in data["actors"] if x["stance"] is not None]
    assert stances and all({"label", "score", "evidence", "voices"} <= set(s) for s in stances)
