"""Stance reads the span tagger's hidden states (issue 19's shared pass): from the Doc when the
rhetoric stage left them there, else from a tagger run over just the sentences it needs
(every sentence invented)."""

from __future__ import annotations

import numpy as np
import pytest

from tealeaves.errors import ModelError
from tealeaves.stages.rhetoric.encoder import (
    STATES_KEY,
    sentence_encodings_from_states,
    tagger_states,
)
from tealeaves.stages.rhetoric.features import sentence_units
from tealeaves.stages.stance.assess import dense_layer
from tealeaves.stages.stance.features import DENSE_BLOCKS, dense_features
from tealeaves.stages.stance.tagged import (
    OWN_STATES_KEY,
    ensure_states,
    load_tagger,
    tagger_encoding_at,
)

TEXT = ("The mayor opened the new bridge on Monday. Critics said the governor had lied to "
        "parliament about the cost. The council will meet again in May.")


def _covered(got, layer: int, start: int, end: int) -> bool:  # type: ignore[no-untyped-def]
    lo, hi = got.pieces(start, end)
    return bool(np.any(got.states[layer][lo:hi]))


def test_reads_the_states_the_rhetoric_stage_left(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    load_tagger().unit_probs(doc, sentence_units(doc))  # as the rhetoric stage runs it
    layer = load_tagger().layers[-1]
    start = TEXT.index("the governor") + 4
    base, enc = tagger_encoding_at(doc, start, layer)  # type: ignore[misc]
    # the same encoding the rhetoric side builds from the same states (training reads these)
    ref = dict(sentence_encodings_from_states(doc, layer))[base]
    assert np.array_equal(enc.vector, ref.vector)
    assert np.array_equal(enc.states, ref.states) and np.array_equal(enc.offsets, ref.offsets)
    assert OWN_STATES_KEY not in doc.user_data  # no second tagger run
    sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
    dense = dense_features(sent, start, start + 8, DENSE_BLOCKS, encoding=(base, enc))
    assert set(dense) == set(DENSE_BLOCKS)
    assert np.allclose(dense["tgt"], ref.span(start - base, start - base + 8))


def test_runs_the_tagger_over_only_the_sentences_it_needs(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    layer = load_tagger().layers[-1]
    bounds = [(s.start_char, s.end_char) for s in doc.sents]
    assert len(bounds) == 3
    ensure_states(doc, [TEXT.index("governor")], layer)
    own = doc.user_data[OWN_STATES_KEY]
    assert tagger_states(doc) is None  # the rhetoric stage's key is left alone
    assert [_covered(own, layer, a, b) for a, b in bounds] == [False, True, False]
    middle = own.states[layer].copy()
    # a later request adds its sentence and keeps the states already computed
    hit = tagger_encoding_at(doc, TEXT.index("council"), layer)
    assert hit is not None and hit[0] == bounds[2][0]
    own = doc.user_data[OWN_STATES_KEY]
    assert [_covered(own, layer, a, b) for a, b in bounds] == [False, True, True]
    lo, hi = own.pieces(*bounds[1])
    assert np.array_equal(own.states[layer][lo:hi], middle[lo:hi])


def test_a_sentence_the_gated_tagger_skipped_is_tagged_for_stance(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    layer = load_tagger().layers[-1]
    units = sentence_units(doc)
    load_tagger().unit_probs(doc, units, keep=[True, False, False])
    rhetoric = doc.user_data[STATES_KEY]
    before = rhetoric.states[layer].copy()
    start = TEXT.index("the governor") + 4
    base, enc = tagger_encoding_at(doc, start, layer)  # type: ignore[misc]
    assert float(np.linalg.norm(enc.vector)) == pytest.approx(1.0, abs=1e-4)
    assert np.array_equal(rhetoric.states[layer], before)  # not written into
    assert OWN_STATES_KEY in doc.user_data


def test_a_layer_the_graph_lacks_is_a_model_error(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The mayor resigned.")
    missing = max(load_tagger().layers) + 1
    with pytest.raises(ModelError, match=f"layer {missing}"):
        ensure_states(doc, [0], missing)


def test_the_model_meta_names_its_dense_source() -> None:
    assert dense_layer({"dense_source": "tagger", "dense_layer": 4}) == 4
    assert dense_layer({"dense_source": "frozen", "dense_layer": None}) is None
    assert dense_layer({}) is None  # models trained before the field: the frozen encoder


def test_stance_reads_the_same_states_whoever_ran_the_tagger(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.stance.assess import load_stance_model, target_probabilities

    model = load_stance_model()
    assert model.dense_layer is not None and model.head is not None  # the shipped model
    start = TEXT.index("the governor") + 4
    after_rhetoric = nlp(TEXT)
    load_tagger().unit_probs(after_rhetoric, sentence_units(after_rhetoric))
    alone = nlp(TEXT)
    ensure_states(alone, [s.start_char for s in alone.sents], model.dense_layer)
    got = []
    for doc in (after_rhetoric, alone):
        sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
        got.append(target_probabilities(sent, start, start + 8))
    assert OWN_STATES_KEY not in after_rhetoric.user_data  # it read the rhetoric stage's
    assert got[0] == pytest.approx(got[1], abs=1e-6)
    assert max(got[0], key=got[0].__getitem__) == "negative"  # "said the governor had lied"
