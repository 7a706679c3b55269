"""The genre stage: the author's-voice features on invented sentences, the subjectivity
model, the calibration map and the shipped model on invented opinion and reporting texts."""

from __future__ import annotations

import numpy as np
import pytest

from tealeaves.errors import ModelError
from tealeaves.stages.rhetoric import genre as genre_mod
from tealeaves.stages.rhetoric.genre import voice
from tealeaves.stages.rhetoric.genre.subjectivity import (
    load_subjectivity_model,
    sentence_subjectivity,
    subjectivity_of_vectors,
)

OPINION = (
    "Why do we keep pretending this policy works? I have watched it fail for a decade. "
    "The government should admit its mistake and change course. Clearly, the ministers who "
    "designed it cannot see how much damage they have done. Do not believe the promises. "
    "We deserve better than this shameful, cynical game, and you should demand it."
)
REPORTING = (
    "LONDON (Reuters) - The central bank raised its main interest rate by a quarter point on "
    "Thursday, its third increase this year. The decision was approved by seven of the nine "
    "members of the rate-setting committee, according to minutes released with it. "
    "\"Inflation remains too high,\" the governor told reporters. Two members voted to keep "
    "the rate unchanged, the bank said. Markets had expected the move, analysts said."
)


def _voices(nlp, text: str) -> list[voice.SentenceVoice]:  # type: ignore[no-untyped-def]
    return voice.sentence_voices(nlp(text))


def _features(nlp, text: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    vs = voice.sentence_voices(doc)
    return voice.voice_features(doc, vs, [0.5] * len(vs))


def test_first_person_counts_only_outside_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    own = _features(nlp, "I think this plan is wrong. My view has not changed.")
    quoted = _features(nlp, 'The minister said: "I think this plan is wrong. My view has not changed."')
    assert own["first_singular"] == pytest.approx(100 * 2 / 11)
    assert quoted["first_singular"] == 0.0


def test_second_person_and_first_plural(nlp) -> None:  # type: ignore[no-untyped-def]
    f = _features(nlp, "You know what we must do. Our leaders will not do it for us.")
    assert f["second_person"] > 0 and f["first_plural"] > 0
    assert _features(nlp, "The committee met on Monday.")["second_person"] == 0.0


def test_questions_in_the_authors_voice_only(nlp) -> None:  # type: ignore[no-untyped-def]
    own = _features(nlp, "Who benefits from this deal? Nobody in this town.")
    quoted = _features(nlp, '"Who benefits from this deal?" the senator asked. Nobody answered.')
    assert own["questions"] == pytest.approx(0.5)
    assert quoted["questions"] == 0.0


def test_imperatives(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [v.imperative for v in _voices(nlp, "Call your senator today.")] == [True]
    assert [v.imperative for v in _voices(nlp, "Don't believe them.")] == [True]
    assert [v.imperative for v in _voices(nlp, "The senator called today.")] == [False]
    assert [v.imperative for v in _voices(nlp, "Did they call today?")] == [False]
    assert [v.imperative for v in _voices(nlp, "Let me explain.")] == [True]
    assert [v.imperative for v in _voices(nlp, "They did not call.")] == [False]


def test_attributed_and_quoted_sentences_are_not_the_authors(nlp) -> None:  # type: ignore[no-untyped-def]
    vs = _voices(nlp, "According to officials, the plan failed. The plan failed badly. "
                      "\"It failed,\" he said. Officials told reporters it failed.")
    assert [v.own_voice for v in vs] == [False, True, False, False]
    assert vs[2].quoted and not vs[1].quoted


def test_modals_and_stance_adverbs(nlp) -> None:  # type: ignore[no-untyped-def]
    f = _features(nlp, "The party must change. Obviously it will not. The vote is on Monday.")
    assert f["modals"] == pytest.approx(1 / 3)
    assert f["stance_adverbs"] == pytest.approx(1 / 3)
    quoted = _features(nlp, '"The party must change," she said. The vote is on Monday.')
    assert quoted["modals"] == 0.0


def test_page_cues(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _features(nlp, REPORTING)["dateline"] == 1.0
    assert _features(nlp, "WASHINGTON — The House voted on Friday.")["dateline"] == 1.0
    assert _features(nlp, "The House voted on Friday in Washington.")["dateline"] == 0.0
    assert _features(nlp, "Opinion | The war nobody wants. It is time to stop.")["label_cue"] == 1.0
    bio = "The plan will fail. Jane Doe is a senior fellow at a policy institute."
    assert _features(nlp, bio)["bio_line"] == 1.0


def test_voice_features_need_one_score_per_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("One sentence. Two sentences.")
    with pytest.raises(ValueError, match="one subjectivity score"):
        voice.voice_features(doc, voice.sentence_voices(doc), [0.5])


def test_subjectivity_ranks_a_judgement_above_a_fact(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("This is a shameful and cowardly decision that betrays everyone. "
              "The meeting took place on Tuesday in Geneva.")
    starts = [s.start_char for s in doc.sents]
    judgement, fact = sentence_subjectivity(doc, starts)
    assert judgement > 0.5 > fact


def test_subjectivity_checks_the_vector_shape() -> None:
    m = load_subjectivity_model()
    assert subjectivity_of_vectors(np.zeros((2, len(m["coef"]))), m).shape == (2,)
    with pytest.raises(ValueError, match="sentence vectors"):
        subjectivity_of_vectors(np.zeros((2, 3)), m)


def test_calibration_maps() -> None:
    iso = {"method": "isotonic", "x": [-1.0, 0.0, 1.0], "y": [0.1, 0.5, 0.8]}
    assert genre_mod.calibrate(0.5, iso) == pytest.approx(0.65)
    assert genre_mod.calibrate(5.0, iso) == pytest.approx(0.8)
    platt = {"method": "platt", "a": 2.0, "b": 0.0}
    assert genre_mod.calibrate(0.0, platt) == pytest.approx(0.5)
    assert genre_mod.calibrate(1.0, platt) == pytest.approx(1 / (1 + np.exp(-2.0)))
    with pytest.raises(ModelError):
        genre_mod.calibrate(0.0, {"method": "other"})


def test_calibrated_probability_never_reads_certainty() -> None:
    iso = {"method": "isotonic", "x": [-1.0, 1.0], "y": [0.0, 1.0]}
    platt = {"method": "platt", "a": 5.0, "b": 0.0}
    for cal in (iso, platt):
        p = np.asarray(genre_mod.calibrate(np.array([-1e6, -3.0, 0.0, 3.0, 1e6]), cal))
        assert p.min() == pytest.approx(genre_mod.P_FLOOR)
        assert p.max() == pytest.approx(1 - genre_mod.P_FLOOR)
        assert np.all(np.diff(p) >= 0)
    assert round(float(genre_mod.calibrate(1e6, platt)), 3) < 1.0


def test_subjectivity_spread_sees_a_few_strong_judgements() -> None:
    plain = voice.subjectivity_spread([0.3] * 10)
    judged = voice.subjectivity_spread([0.3] * 8 + [0.9, 0.95])
    assert np.mean([0.3] * 10) == pytest.approx(0.3)
    assert plain["subjective_strong"] == 0.0 and plain["subjective_spread"] == pytest.approx(0.0)
    assert judged["subjective_strong"] == pytest.approx(0.2)
    assert judged["subjective_max"] == pytest.approx(0.95)
    assert judged["subjective_p90"] > plain["subjective_p90"]
    assert judged["subjective_spread"] > 0.2
    assert voice.subjectivity_spread([]) == dict.fromkeys(plain, 0.0)


def test_spread_features_read_only_the_authors_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The minister resigned on Monday. \"This is a disgrace,\" she said.")
    vs = voice.sentence_voices(doc)
    scores = [0.2 if v.own_voice else 0.99 for v in vs]
    feats = voice.voice_features(doc, vs, scores)
    assert feats["subjective_max"] == pytest.approx(0.2)
    assert feats["subjective_strong"] == 0.0


def test_shipped_model_matches_the_features() -> None:
    model = genre_mod.load_genre_model()
    assert set(model["features"]) <= set(genre_mod.FEATURES)
    cal = model["calibration"]
    probs = genre_mod.calibrate(np.linspace(-10, 10, 41), cal)
    assert np.all(np.diff(probs) >= 0) and 0.0 < probs.min() <= probs.max() < 1.0


def test_model_on_invented_opinion_and_reporting(nlp) -> None:  # type: ignore[no-untyped-def]
    op = genre_mod.predict_genre(nlp(OPINION))
    rep = genre_mod.predict_genre(nlp(REPORTING))
    assert op.label == "opinion" and 0.5 <= op.confidence <= 1.0
    assert rep.label == "reporting" and 0.5 <= rep.confidence <= 1.0


def test_page_label_from_title_and_url() -> None:
    assert voice.page_label("Opinion | The war nobody wants", None)
    assert voice.page_label("Column: Why the plan fails", None)
    assert voice.page_label(None, "https://www.example.com/opinion/2025/10/the-plan-fails")
    assert voice.page_label(None, "https://example.org/news/op-ed/why-it-fails.html")
    assert not voice.page_label("Senate passes budget: what it means", None)
    assert not voice.page_label("The opinion poll that shook Westminster", None)
    assert not voice.page_label(None, "https://example.com/world/2025/10/opinion-poll-shows-lead")


def test_page_metadata_sets_the_label_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.model import Article

    doc = nlp("The budget passed on Friday. It was the third attempt this year.")
    plain = genre_mod.genre_features(doc)
    art = Article.from_text(doc.text, url="https://example.com/opinion/budget-passes")
    marked = genre_mod.genre_features(doc, (), art)
    assert plain["label_cue"] == 0.0 and marked["label_cue"] == 1.0
    assert {k: v for k, v in plain.items() if k != "label_cue"} == \
        {k: v for k, v in marked.items() if k != "label_cue"}


def test_author_vector_is_the_mean_of_the_authors_own_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.rhetoric.genre.subjectivity import sentence_vectors

    doc = nlp("The plan is a disgrace. \"It works,\" the minister said. We deserve better.")
    voices = voice.sentence_voices(doc)
    own = [v.start for v in voices if v.own_voice]
    every = [v.start for v in voices]
    assert len(own) == 2 and len(every) == 3
    encs = sentence_vectors(doc)
    vec = genre_mod.article_inputs(doc)[1]
    assert vec.shape == (384,)
    assert np.allclose(vec, np.mean([encs[s] for s in own], axis=0), atol=1e-6)
    # no own sentence: the mean of every sentence; no sentence vector: zeros
    from tealeaves.stages.rhetoric.genre.subjectivity import author_vector

    assert np.allclose(author_vector(doc, [], every),
                       np.mean([encs[s] for s in every], axis=0), atol=1e-6)
    assert not author_vector(doc, [-1], [-1]).any()


def test_raw_score_adds_the_embedding_part() -> None:
    n = len(genre_mod.FEATURES)
    model = {"intercept": 0.5, "mean": [0.0] * n, "scale": [1.0] * n, "coef": [0.0] * n}
    x = [1.0] * n
    assert genre_mod.raw_score(x, model) == pytest.approx(0.5)
    model["embedding"] = {"coef": [1.0, -2.0, 0.0], "intercept": 0.25}
    assert genre_mod.raw_score(x, model, np.array([1.0, 1.0, 9.0])) == pytest.approx(-0.25)
    with pytest.raises(ModelError, match="mean sentence vector"):
        genre_mod.raw_score(x, model)
    with pytest.raises(ModelError, match="mean sentence vector"):
        genre_mod.raw_score(x, model, np.zeros(4))



def test_a_model_reads_only_the_features_it_was_trained_on() -> None:
    model = {"features": ["first_singular", "questions"], "intercept": 0.0,
             "mean": [0.0, 0.0], "scale": [1.0, 1.0], "coef": [1.0, 2.0],
             "calibration": {"method": "platt", "a": 1.0, "b": 0.0}}
    feats = dict.fromkeys(genre_mod.FEATURES, 0.0)
    base = genre_mod.opinion_probability(feats, model)
    feats["subjective_max"] = 50.0
    assert genre_mod.opinion_probability(feats, model) == pytest.approx(base)
    feats["questions"] = 1.0
    assert genre_mod.opinion_probability(feats, model) > base


def test_shipped_model_reads_an_author_vector_of_the_encoders_size() -> None:
    model = genre_mod.load_genre_model()
    emb = model.get("embedding")
    feats = dict.fromkeys(genre_mod.FEATURES, 0.0)
    p = genre_mod.opinion_probability(feats, model, np.zeros(384))
    assert 0.0 < p < 1.0
    assert emb is None or len(emb["coef"]) == 384


INTERVIEW = (
    "The senator spoke to our reporter about the budget on Tuesday.\n"
    "Q: Will you vote for the bill?\n"
    "A: I think we must. You cannot leave the schools without money.\n"
    "Q: What about your party?\n"
    "A: They should follow me. I am sure they will.\n"
)


def test_transcript_start_needs_two_speakers_twice() -> None:
    assert voice.transcript_start(INTERVIEW) == INTERVIEW.index("Q:")
    named = "Intro line.\nSputnik: Why?\nJane Doe: Because.\nSputnik: And?\nJane Doe: Then.\n"
    assert voice.transcript_start(named) == named.index("Sputnik:")
    assert voice.transcript_start("WASHINGTON: The vote was close.\nUpdate: it passed.\n") is None
    assert voice.transcript_start("Q: Why?\nA: Because.\n") is None
    titled = "Brexit Deal: What Next\n" + INTERVIEW
    assert voice.transcript_start(titled) == titled.index("Q:")


def test_transcript_sentences_are_not_the_authors_voice(nlp) -> None:  # type: ignore[no-untyped-def]
    feats = _features(nlp, INTERVIEW)
    assert feats["first_singular"] == 0.0 and feats["questions"] == 0.0
    assert feats["modals"] == 0.0 and feats["unattributed"] == pytest.approx(1 / 5, abs=0.1)
    plain = _features(nlp, INTERVIEW.replace("Q: ", "").replace("A: ", ""))
    assert plain["first_singular"] > 0 and plain["questions"] > 0


def test_sentence_vectors_follow_the_subjectivity_models_source(
        nlp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.embeddings import sentence_encodings
    from tealeaves.stages.rhetoric.encoder import STATES_KEY, tagger_states
    from tealeaves.stages.rhetoric.genre import subjectivity

    text = "The plan is a disgrace. The minister presented it on Monday."
    shipped = dict(load_subjectivity_model())
    frozen = {k: v for k, v in shipped.items() if k != "tagger_layer"}
    monkeypatch.setattr(subjectivity, "load_subjectivity_model", lambda: frozen)
    doc = nlp(text)
    got = subjectivity.sentence_vectors(doc)
    encs = dict(sentence_encodings(doc))
    assert all(np.array_equal(got[s], encs[s].vector) for s in encs)
    assert tagger_states(doc) is None  # the frozen source runs no tagger
    monkeypatch.setattr(subjectivity, "load_subjectivity_model",
                        lambda: {**frozen, "tagger_layer": 2})
    doc = nlp(text)
    got = subjectivity.sentence_vectors(doc)  # no span finder ran: the tagger runs here
    states = tagger_states(doc)
    assert states is not None and 2 in states.states
    first = next(iter(doc.sents))
    mean = states.mean(2, first.start_char, first.end_char)
    assert mean is not None
    assert np.allclose(got[first.start_char], mean / np.linalg.norm(mean), atol=1e-6)
    assert sorted(got) == [s.start_char for s in doc.sents]
    del doc.user_data[STATES_KEY]
    monkeypatch.setattr(subjectivity, "load_subjectivity_model",
                        lambda: {**frozen, "tagger_layer": 6})
    with pytest.raises(ModelError, match="layer 6"):
        subjectivity.sentence_vectors(doc)


def test_genre_encodes_only_the_authors_own_sentences(
        nlp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A subjectivity model on the frozen sentence vectors (no ``tagger_layer``; the shipped
    one reads the tagger's states) has the frozen encoder read the author's sentences only."""
    from tealeaves.embeddings import _SENT_KEY, sentence_encodings
    from tealeaves.stages.rhetoric.genre import subjectivity

    frozen = {k: v for k, v in load_subjectivity_model().items() if k != "tagger_layer"}
    monkeypatch.setattr(subjectivity, "load_subjectivity_model", lambda: frozen)
    text = ("The plan is a disgrace. \"It works,\" the minister said. "
            "Officials said the vote would be held in May. We deserve better.")
    doc = nlp(text)
    voices = voice.sentence_voices(doc)
    own = [v.start for v in voices if v.own_voice]
    assert 0 < len(own) < len(voices)
    feats, vec = genre_mod.article_inputs(doc, vector=False)
    assert vec.shape == (0,)
    assert sorted(doc.user_data[_SENT_KEY]) == own  # the others were never encoded
    # the same features as when every sentence is encoded first
    full = nlp(text)
    sentence_encodings(full)
    assert genre_mod.article_inputs(full)[0] == feats
