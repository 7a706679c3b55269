from __future__ import annotations

import pytest

pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")

from tealeaves.lang.ru.parse import parse  # noqa: E402
from tealeaves.nlp import MAX_SENTENCE_TOKENS  # noqa: E402


def test_tokens_point_into_the_text_and_sentences_stop_at_paragraphs() -> None:
    text = "Министр уходит в отставку\n\nГлава ведомства заявил об этом во вторник. Он уйдет."
    doc = parse(text)
    assert all(text[t.start:t.end] == t.text for t in doc.tokens)
    first = doc.sent_tokens(0)
    assert first[-1].text == "отставку"  # the headline is a sentence of its own
    assert len(doc.sents) == 3


def test_names_are_in_the_nominative() -> None:
    doc = parse("Журналисты спросили Сергея Лаврова о встрече с Марией Захаровой.")
    normals = {e.normal for e in doc.ents if e.type == "PER"}
    assert {"Сергей Лавров", "Мария Захарова"} <= normals


def test_long_runs_are_cut_and_empty_text_parses() -> None:
    doc = parse(" ".join(["слово"] * (MAX_SENTENCE_TOKENS * 2 + 5)))
    assert max(b - a for a, b in doc.sents) <= MAX_SENTENCE_TOKENS
    assert parse("").tokens == []
    assert parse("  \n\n ").sents == []


def test_subtree_is_iterative_and_covers_the_head() -> None:
    doc = parse("Президент подписал указ о назначении нового посла.")
    root = next(t for t in doc.tokens if t.head < 0)
    lo, hi = doc.subtree(root.i)
    assert lo == 0 and hi == len(doc.tokens) - 1


def test_subtree_survives_a_cycle_in_the_heads() -> None:
    from tealeaves.lang.ru.parse import RuDoc, RuToken

    def tok(i: int, head: int) -> RuToken:
        return RuToken(i=i, text="а", start=2 * i, end=2 * i + 1, pos="NOUN", feats={},
                       lemma="а", head=head, rel="nmod", sent=0)

    doc = RuDoc(text="а а а", tokens=[tok(0, 1), tok(1, 2), tok(2, 0)], sents=[(0, 3)], ents=[])
    assert doc.subtree(0) == (0, 2)
