"""The genre stage's features of third-person analysis (:mod:`...genre.analysis`) on invented
sentences: the author's hedges, forecasts, verdict frames and connectives count, the same words
inside a quote or an attributed sentence do not."""

from __future__ import annotations

from tealeaves.stages.rhetoric.genre import analysis, voice

ANALYSIS = (
    "The problem is that the minister has no allies left in the cabinet. Clearly, his "
    "position is weak. Although he survived the vote, he will probably be gone by spring, "
    "which is why his rivals are in no hurry.\n\n"
    "The real question was never the budget. Still, the party may yet surprise its critics."
)
REPORT = (
    "The minister survived a confidence vote on Tuesday by 12 votes.\n\n"
    "\"The problem is that we have no allies,\" an aide said. Officials said the minister "
    "would probably resign by spring because of his health.\n\n"
    "The cabinet meets again on Friday."
)


def _feats(nlp, text: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return analysis.analysis_features(doc, voice.sentence_voices(doc))


def test_analysis_in_the_authors_voice(nlp) -> None:  # type: ignore[no-untyped-def]
    f = _feats(nlp, ANALYSIS)
    assert set(f) == set(analysis.ANALYSIS_FEATURES)
    for name in ("hedges", "boosters", "forecasts", "shell_frames", "explanation",
                 "concession", "initial_stance", "evaluative_copula"):
        assert f[name] > 0, name
    assert f["quotes_per_paragraph"] == 0


def test_the_same_words_from_a_source_do_not_count(nlp) -> None:  # type: ignore[no-untyped-def]
    f = _feats(nlp, REPORT)
    for name in ("hedges", "forecasts", "shell_frames", "explanation", "initial_stance",
                 "evaluative_copula"):
        assert f[name] == 0, name
    assert f["quotes_per_paragraph"] > 0


def test_shell_frames_need_the_verdict_shape(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _feats(nlp, "The real issue is trust in the courts.")["shell_frames"] == 1
    assert _feats(nlp, "The issue of trust came up at the hearing.")["shell_frames"] == 0


def test_evaluative_copula_needs_a_subject_and_an_adjective(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _feats(nlp, "The plan looks doomed.")["evaluative_copula"] == 1
    assert _feats(nlp, "It is raining in the capital.")["evaluative_copula"] == 0
    assert _feats(nlp, "The plan was approved on Monday.")["evaluative_copula"] == 0
