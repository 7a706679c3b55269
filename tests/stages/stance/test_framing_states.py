"""Framing read from the span tagger's hidden states (the shared encoder pass, issue 19)."""

from __future__ import annotations

import numpy as np
import pytest

from tealeaves.stages.rhetoric import encoder
from tealeaves.stages.rhetoric.encoder import STATES_KEY, TaggerStates
from tealeaves.stages.stance import framing
from tealeaves.stages.stance.framing import model_from_record
from tealeaves.stages.stance.framing_features import (
    BLOCKS,
    DIM,
    GROUP_WIDTH,
    LEGACY_GROUPS,
    actor_groups,
    ordered,
    tagger_states_for,
    width,
)

TEXT = "Colonel Brann ordered the raid on the village. Brann later denied it."
SPANS = [(8, 13), (47, 52)]


def _no_frozen_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any call into the frozen sentence encoder fails the test."""
    import tealeaves.embeddings as emb

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("the frozen sentence pass ran")

    for name in ("encode", "encode_sentences_at", "sentence_encodings", "encode_docs"):
        monkeypatch.setattr(emb, name, boom)


def _fake_states(doc, layers=(3, 4)) -> TaggerStates:  # type: ignore[no-untyped-def]
    """Piece states where each piece's vector is its index (layer 3) or minus it (layer 4)."""
    ids, offsets = encoder.article_pieces(doc.text)
    n = len(ids)
    base = np.repeat(np.arange(1, n + 1, dtype=np.float32)[:, None], DIM, axis=1)
    states = {k: base * (1 if k == 3 else -1) for k in layers}
    got = TaggerStates(offsets, states)
    doc.user_data[STATES_KEY] = got
    return got


def test_groups_and_widths() -> None:
    assert ordered(("use", "tag4", "tag3")) == ("tag3", "tag4", "use")
    assert width(("tag3", "stance", "use")) == 3 * DIM + 3 + GROUP_WIDTH["use"]
    with pytest.raises(ValueError):
        ordered(("tag9x",))
    record = {"gate": [0.0], "gate_bias": 0.0, "gate_threshold": 0.5, "main": [[0.0]] * 3,
              "main_bias": [0, 0, 0], "main_temperature": 1.0, "fine_roles": [], "fine": [],
              "fine_bias": [], "second": 1.0}
    assert model_from_record(record).groups == LEGACY_GROUPS  # a record of 2026-12-02
    assert model_from_record({**record, "features": ["use", "tag4"]}).groups == ("tag4", "use")


def test_tagger_groups_read_the_states_not_the_frozen_pass(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    got = _fake_states(doc)
    _no_frozen_pass(monkeypatch)
    out = actor_groups(doc, SPANS, "person", ("tag3", "tag4", "use"))
    assert out is not None and set(out) == {"tag3", "tag4", "use"}
    tgt3 = out["tag3"][:DIM]
    # the mean over both mentions of the mean over each mention's pieces
    want = np.mean([got.mean(3, s, e) for s, e in SPANS], axis=0)
    np.testing.assert_allclose(tgt3, want, rtol=1e-5)
    np.testing.assert_allclose(out["tag4"][:DIM], -want, rtol=1e-5)
    sent3 = out["tag3"][DIM:2 * DIM]
    assert np.linalg.norm(sent3) == pytest.approx(1.0, abs=1e-4)  # unit-length sentence mean
    # "ordered" governs the subject Brann; "denied" the second: a governor state was read
    assert out["tag3"][2 * DIM:].any()
    assert out["use"][0] == pytest.approx(1.0)  # both mentions are subjects


def test_states_are_reused_or_made(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.rhetoric.techniques import load_span_finder

    doc = nlp(TEXT)
    kept = _fake_states(doc)
    assert tagger_states_for(doc, (3, 4), SPANS) is kept
    calls = []
    finder = load_span_finder()
    assert finder.tokens is not None and {3, 4} <= set(finder.tokens.layers)
    real = type(finder.tokens).unit_probs

    def counted(self, d, units, keep=None):  # type: ignore[no-untyped-def]
        calls.append(keep)
        return real(self, d, units, keep)

    monkeypatch.setattr(type(finder.tokens), "unit_probs", counted)
    # a sentence the gated tagger skipped leaves zeros: the tagger runs again, over everything
    kept.states[3][:] = 0.0
    made = tagger_states_for(doc, (3, 4), SPANS)
    assert calls == [None] and made is not kept and made.states[3].any()
    assert made.states[3].shape[1] == DIM and set(made.states) >= {3, 4}
    doc2 = nlp(TEXT)  # no states at all
    assert tagger_states_for(doc2, (4,)) is not None and len(calls) == 2


def test_frozen_group_is_the_legacy_vector(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    out = actor_groups(doc, SPANS, "person", LEGACY_GROUPS)
    assert out is not None and out["frozen"].shape == (DIM * len(BLOCKS),)
    assert out["stance"].sum() == pytest.approx(1.0, abs=1e-4)


def test_a_tagger_model_runs_no_frozen_pass(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A model on the tagger's states (``--features tag3,tag4,use,acts``), the Doc holding
    the rhetoric stage's states: framing calls no frozen encoder and no stance model."""
    from tealeaves.model import Actor, Mention

    groups = ("tag3", "tag4", "use", "acts")
    n = width(groups)
    gate = np.zeros(n)
    gate[-GROUP_WIDTH["acts"] - 5] = 1.0  # the "person" column of ``use``: cast
    record = {"gate": gate.tolist(), "gate_bias": 0.0, "gate_threshold": 0.5,
              "main": np.zeros((3, n)).tolist(), "main_bias": [0.0, 1.0, 0.0],
              "main_temperature": 1.0, "fine_roles": ["Tyrant"], "fine": [[0.0] * n],
              "fine_bias": [0.0], "second": 1.01, "features": list(groups)}
    model = model_from_record(record)
    monkeypatch.setattr(framing, "load_framing_model", lambda: model)
    doc = nlp(TEXT)
    tagger_states_for(doc, (3, 4))  # as the rhetoric stage leaves them
    _no_frozen_pass(monkeypatch)
    import tealeaves.stages.stance.assess as assess

    monkeypatch.setattr(assess, "target_probabilities", lambda *a: (_ for _ in ()).throw(
        AssertionError("the stance model ran")))
    actor = Actor(id="brann", name="Brann", kind="person",
                  mentions=tuple(Mention(s, e, "Brann") for s, e in SPANS))
    got = framing.cast_actor(doc, actor)
    assert got is not None and got.role == "antagonist" and got.fine == ("Tyrant",)


def test_a_sentence_mean_is_pooled_once_per_states(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.stance.framing_features import _sentence_block

    doc = nlp(TEXT)
    got = _fake_states(doc)
    sent = next(iter(doc.sents))
    first = _sentence_block(sent, got, 3)
    whole = got.mean(3, sent.start_char, sent.end_char)
    assert first is not None and whole is not None
    assert first.tobytes() == (whole / np.linalg.norm(whole)).tobytes()
    assert _sentence_block(sent, got, 3) is first  # kept in the Doc
    other = TaggerStates(got.offsets, {3: got.states[3] * 2.0})
    again = _sentence_block(sent, other, 3)  # new states: pooled afresh
    assert again is not first and again is not None
    np.testing.assert_allclose(again, first, rtol=1e-6)
