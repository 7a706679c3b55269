"""The Russian technique model: the shipped file, its mapping and its output."""

from __future__ import annotations

from typing import Any

from tealeaves.lang.ru.technique_model import load_model_ru
from tealeaves.lang.ru.vocab import load_table
from tealeaves.model import TECHNIQUES

#: the 23 techniques of the SemEval-2023 scheme
SCHEME_2023 = {
    "Appeal_to_Authority", "Appeal_to_Fear-Prejudice", "Appeal_to_Hypocrisy",
    "Appeal_to_Popularity", "Appeal_to_Time", "Appeal_to_Values", "Causal_Oversimplification",
    "Consequential_Oversimplification", "Conversation_Killer", "Doubt",
    "Exaggeration-Minimisation", "False_Dilemma-No_Choice", "Flag_Waving",
    "Guilt_by_Association", "Loaded_Language", "Name_Calling-Labeling",
    "Obfuscation-Vagueness-Confusion", "Questioning_the_Reputation", "Red_Herring",
    "Repetition", "Slogans", "Straw_Man", "Whataboutism",
}


def test_mapping_covers_the_2023_scheme_onto_the_14_names() -> None:
    mapping = load_table("technique_map.tsv")
    assert set(mapping) == SCHEME_2023
    assert {v for v in mapping.values() if v != "-"} <= set(TECHNIQUES)


def test_model_ships_with_a_threshold() -> None:
    model = load_model_ru()
    assert model is not None and 0 < model["threshold"] < 1
    assert set(model["tc"].classes_) <= set(TECHNIQUES)


def test_techniques_on_a_loaded_text_are_valid_spans(ru: Any) -> None:
    text = ("Эти бандиты и марионетки Запада снова лгут всему миру! Позорное и подлое "
            "решение предателей приведет страну к катастрофе.\n\nВстреча прошла во вторник.")
    a = ru(text, stages=("rhetoric",))
    assert a.techniques, "a text full of labels should yield a span"
    for t in a.techniques:
        assert t.technique in TECHNIQUES and 0 <= t.score <= 1
        assert a.article.text[t.start:t.end] == t.text
    assert a.genre is None  # no Russian genre model ships
