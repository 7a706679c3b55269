"""The genre model's technique features: findings in the author's own voice, on invented
sentences; and the genre stage reading the span tagger's states with no frozen encoder pass."""

from __future__ import annotations

import pytest

from tealeaves.model import Technique
from tealeaves.stages.rhetoric import genre as genre_mod
from tealeaves.stages.rhetoric.genre import voice
from tealeaves.stages.rhetoric.genre.findings import FINDING_FEATURES, finding_features

TEXT = ("The plan is a shameful disgrace. \"It is a triumph,\" the minister said. "
        "Officials said the vote would be held in May. Only fools would believe it.")


def _technique(text: str, phrase: str, name: str, score: float) -> Technique:
    start = text.index(phrase)
    return Technique(name, start, start + len(phrase), phrase, score)


def test_only_findings_in_the_authors_sentences_count(nlp) -> None:  # type: ignore[no-untyped-def]
    voices = voice.sentence_voices(nlp(TEXT))
    own = [v for v in voices if v.own_voice]
    assert len(own) == 2  # the first and the last sentence
    words = sum(len(v.own_words) for v in own)
    techs = [
        _technique(TEXT, "shameful disgrace", "Loaded_Language", 0.8),
        _technique(TEXT, "a triumph", "Loaded_Language", 0.9),  # quoted: not the author's
        _technique(TEXT, "the vote", "Doubt", 0.3),  # attributed: not the author's
        _technique(TEXT, "Only fools", "Name_Calling,Labeling", 0.4),
        _technique(TEXT, "fools would", "Loaded_Language", 0.2),
    ]
    f = finding_features(voices, techs)
    assert f["techniques_own"] == pytest.approx(100 * 3 / words)
    assert f["technique_score_own"] == pytest.approx(100 * 1.4 / words)
    assert f["technique_sentences"] == pytest.approx(1.0)
    assert finding_features(voices, techs[:1])["technique_sentences"] == pytest.approx(0.5)


def test_no_findings_or_no_own_voice_give_zeros(nlp) -> None:  # type: ignore[no-untyped-def]
    voices = voice.sentence_voices(nlp(TEXT))
    assert finding_features(voices, []) == dict.fromkeys(FINDING_FEATURES, 0.0)
    quoted = "\"We will win,\" she said. \"They are liars,\" he told reporters."
    qv = voice.sentence_voices(nlp(quoted))
    techs = [_technique(quoted, "liars", "Name_Calling,Labeling", 0.9)]
    assert finding_features(qv, techs) == dict.fromkeys(FINDING_FEATURES, 0.0)


def test_genre_features_read_the_findings_given(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    techs = [_technique(TEXT, "shameful disgrace", "Loaded_Language", 0.8)]
    plain = genre_mod.genre_features(doc)
    found = genre_mod.genre_features(doc, techs)
    assert plain["techniques_own"] == 0.0 and found["techniques_own"] > 0.0
    assert {k: v for k, v in plain.items() if k not in FINDING_FEATURES} == \
        {k: v for k, v in found.items() if k not in FINDING_FEATURES}


def _tagger_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """A subjectivity model and a genre model (with an author-vector part) that read the span
    tagger's layer-2 states, as the fifth-round candidate does (``docs/stages/genre.md``);
    the weights are the shipped subjectivity model's (same size), not a trained model's."""
    from tealeaves.stages.rhetoric.genre import subjectivity

    subj = dict(subjectivity.load_subjectivity_model())
    monkeypatch.setattr(subjectivity, "load_subjectivity_model",
                        lambda: {**subj, "tagger_layer": 2})
    names = ["subjective_mean", "techniques_own"]
    model = {"features": names, "mean": [0.0, 0.0], "scale": [1.0, 1.0], "coef": [1.0, 1.0],
             "intercept": 0.0, "C": 0.03, "tagger_layer": 2,
             "embedding": {"coef": [0.01] * 384, "intercept": 0.0, "components": 2},
             "calibration": {"method": "platt", "a": 1.0, "b": 0.0}, "threshold": 0.5}
    monkeypatch.setattr(genre_mod, "load_genre_model", lambda: model)


def test_genre_on_the_taggers_states_runs_no_frozen_encoder(
        nlp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: with models that read the tagger's states, the genre stage reads the states
    the span finder left in the Doc; the frozen sentence encoder is never called."""
    from tealeaves import embeddings
    from tealeaves.stages.rhetoric import techniques

    _tagger_models(monkeypatch)

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("the frozen encoder was called")

    doc = nlp(TEXT)
    found = techniques.find_techniques(doc)
    for name in ("encode", "embed", "encode_docs", "encode_sentences_at", "sentence_encodings",
                 "sentence_encoding_at"):
        monkeypatch.setattr(embeddings, name, refuse)
    g = techniques.classify_genre(doc, [], found)
    assert g is not None and g.label in ("opinion", "reporting")
    assert 0.0 < g.confidence < 1.0
    feats, vec = genre_mod.article_inputs(doc, techniques=found)
    assert vec.shape == (384,) and vec.any() and 0.0 < feats["subjective_mean"] < 1.0


def test_a_genre_model_must_read_the_subjectivity_models_vectors(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tealeaves.errors import ModelError
    from tealeaves.stages.rhetoric.genre import subjectivity

    shipped = dict(subjectivity.load_subjectivity_model())
    layer = shipped.get("tagger_layer")
    other = {**shipped, "tagger_layer": 2} if layer is None else \
        {k: v for k, v in shipped.items() if k != "tagger_layer"}
    genre_mod.load_genre_model.cache_clear()
    monkeypatch.setattr(subjectivity, "load_subjectivity_model", lambda: other)
    try:
        with pytest.raises(ModelError, match="different sentence vectors"):
            genre_mod.load_genre_model()
    finally:
        genre_mod.load_genre_model.cache_clear()
    monkeypatch.setattr(subjectivity, "load_subjectivity_model", lambda: shipped)
    assert genre_mod.load_genre_model().get("tagger_layer") == layer
