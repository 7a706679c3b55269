"""The genre stage's bounded reading (``genre.reading``): which own-voice sentences are scored
for subjectivity and how much of each, on invented sentences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tealeaves.errors import ModelError
from tealeaves.stages.rhetoric import genre as genre_mod
from tealeaves.stages.rhetoric.genre import reading as rd
from tealeaves.stages.rhetoric.genre import voice

# Twelve sentences in the author's own voice, some judging, some plain.
COLUMN = " ".join([
    "The council met on Tuesday.", "Its plan is a disgrace.", "The budget grew by a tenth.",
    "Nobody should accept such waste.", "The vote was held at noon.",
    "This is the worst decision in years.", "The mayor left early.",
    "We deserve far better leaders.", "The report runs to forty pages.",
    "Shame on everyone who signed it.", "The next meeting is in May.",
    "I cannot forgive this betrayal.",
])


def test_choose_keeps_every_sentence_under_the_bound() -> None:
    assert rd.choose([0, 10, 20], 4) == [0, 10, 20]
    assert rd.choose([0, 10, 20], None) == [0, 10, 20]
    assert rd.choose([], 3) == []


def test_choose_spaced_takes_first_last_and_even_steps() -> None:
    starts = list(range(0, 100, 10))  # ten sentences
    assert rd.choose(starts, 4) == [0, 30, 60, 90]
    assert rd.choose(starts, 2) == [0, 90]
    assert rd.choose(starts, 1) == [0]
    picked = rd.choose(list(range(13)), 6)
    assert len(picked) == 6 and picked[0] == 0 and picked[-1] == 12


def test_choose_ends_takes_the_opening_and_the_last() -> None:
    assert rd.choose(list(range(10)), 4, "ends") == [0, 1, 2, 9]


def test_reading_rejects_unknown_rules_and_bad_bounds() -> None:
    with pytest.raises(ModelError):
        rd.Reading(4, None, "loudest")
    with pytest.raises(ModelError):
        rd.Reading(0)
    with pytest.raises(ModelError):
        rd.Reading(None, -3)


def test_reading_round_trips_through_a_saved_model() -> None:
    r = rd.Reading(6, 32, "ends")
    assert rd.Reading.of_model({"subjectivity_reading": r.to_dict()}) == r
    assert rd.Reading.of_model({}) == rd.Reading()
    assert not rd.Reading().bounded and r.bounded


def test_cut_to_pieces_keeps_whole_words() -> None:
    text = "Unquestionably the parliamentary committee's recommendations were extraordinarily late."
    assert rd.cut_to_pieces(text, None) == text
    assert rd.cut_to_pieces(text, 200) == text
    tok = rd._tokenizer()
    for p in (5, 8, 12):
        cut = rd.cut_to_pieces(text, p)
        assert text.startswith(cut) and 0 < len(cut) < len(text)
        n = len(tok.encode(cut, add_special_tokens=False).ids)
        assert n <= p
        # the cut ends where a word ends: the next character is not a letter of the same word
        assert not text[len(cut)].isalnum() or not cut[-1].isalnum()


def test_cut_to_pieces_splits_a_word_longer_than_the_bound() -> None:
    word = "antidisestablishmentarianism"
    cut = rd.cut_to_pieces(word, 2)
    assert 0 < len(cut) < len(word) and word.startswith(cut)


def test_voice_features_estimate_share_from_scored_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(COLUMN)
    vs = voice.sentence_voices(doc)
    assert all(v.own_voice for v in vs)
    full = [0.9 if i % 2 else 0.1 for i in range(len(vs))]
    every = voice.voice_features(doc, vs, full)
    # score only every other pair of sentences: half judging, half plain, as in the whole
    partial = [p if i % 4 < 2 else math.nan for i, p in enumerate(full)]
    some = voice.voice_features(doc, vs, partial)
    assert some["subjective_share"] == pytest.approx(every["subjective_share"])
    assert some["subjective_mean"] == pytest.approx(every["subjective_mean"])
    # a plain reading of all sentences is unchanged by the estimate
    assert every["subjective_share"] == pytest.approx(6 / len(vs))


def test_bounded_reading_scores_at_most_k_sentences(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(COLUMN)
    asked: list[tuple[list[int], int | None]] = []

    def fake(d, starts, pieces=None):  # type: ignore[no-untyped-def]
        asked.append((list(starts), pieces))
        return [0.8] * len(starts)

    monkeypatch.setattr(genre_mod, "sentence_subjectivity", fake)
    feats, _v = genre_mod.article_inputs(doc, vector=False, reading=rd.Reading(4, 24))
    assert len(asked) == 1 and len(asked[0][0]) == 4 and asked[0][1] == 24
    assert feats["subjective_mean"] == pytest.approx(0.8)
    assert feats["subjective_share"] == pytest.approx(1.0)


def test_bounded_reading_equals_the_whole_when_the_article_is_short(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("This plan is a disgrace. We deserve better. The vote was at noon.")
    whole, _a = genre_mod.article_inputs(doc, vector=False)
    bounded, _b = genre_mod.article_inputs(doc, vector=False, reading=rd.Reading(8))
    assert whole == bounded


def test_cut_vectors_are_frozen_encodings_of_the_cut_text(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.embeddings import embed

    doc = nlp(COLUMN)
    starts = [s.start_char for s in doc.sents][:3]
    got = rd.cut_vectors(doc, starts, 4)
    assert list(got) == starts
    first = next(iter(doc.sents)).text
    want = embed([rd.cut_to_pieces(first, 4)])[0]
    assert np.allclose(got[starts[0]], want)
    assert rd.cut_vectors(doc, [], 4) == {}


def test_cues_rule_takes_the_sentences_with_most_cue_words(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(COLUMN)
    vs = voice.sentence_voices(doc)
    w = rd.cue_weights(vs)
    assert len(w) == len(vs)
    plain = [i for i, v in enumerate(vs) if v.start == COLUMN.index("The council met")]
    judged = [i for i, v in enumerate(vs) if v.start == COLUMN.index("Nobody should")]
    assert w[plain[0]] == 0 and w[judged[0]] >= 1  # "should"
    starts = [v.start for v in vs]
    picked = rd.choose(starts, 3, "cues", w)
    assert len(picked) == 3 and picked == sorted(picked)
    assert all(w[starts.index(s)] >= 1 for s in picked)
    with pytest.raises(ModelError):
        rd.choose(starts, 3, "cues")
