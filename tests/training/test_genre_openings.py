"""The genre cross-validation on openings: cutting an article to its first sentences, and the
outer folds scoring each held-out article whole and as its opening (synthetic features)."""

from __future__ import annotations

import numpy as np

from tealeaves.stages.rhetoric import genre as genre_mod
from tealeaves.training import genre as trainer
from tealeaves.training import genre_openings as openings

TEXT = " ".join(
    f"The committee met for the {n}th time on Monday and approved the budget of the city."
    for n in range(1, 9))


def test_opening_keeps_whole_sentences_up_to_the_word_count(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    cut = openings.opening(doc, words=20, min_words=40)
    assert cut is not None
    assert TEXT.startswith(cut.text) and cut.text.rstrip().endswith("city.")
    n_cut = len(list(cut.sents))
    assert n_cut == 2  # 16 words each: the second sentence reaches 20
    assert [s for s, _e in trainer_encodings(cut)] == [s.start_char for s in cut.sents]
    assert openings.opening(doc, words=20, min_words=1000) is None


def trainer_encodings(doc):  # type: ignore[no-untyped-def]
    from tealeaves.embeddings import sentence_encodings

    return sentence_encodings(doc)


def test_cv_openings_scores_held_out_articles_whole_and_cut() -> None:
    rng = np.random.default_rng(2)
    n = 160
    y = np.array([i % 2 for i in range(n)])
    x = rng.normal(size=(n, len(genre_mod.FEATURES)))
    x[:, 0] += 4 * y
    xo = x.copy()
    xo[:, 0] = rng.normal(size=n)  # the opening lost the one informative feature
    has = np.array([i % 4 != 0 for i in range(n)])
    d = trainer.Design.simple(x, y, list(range(n)))
    p, po, t = openings.cv_openings(d, xo, None, has, "platt", k=4, seed=3)
    assert not np.isnan(p).any() and not np.isnan(t).any()
    assert np.isnan(po[~has]).all() and not np.isnan(po[has]).any()
    whole = trainer.cv_scores(y[has], p[has], threshold=t[has]).accuracy
    cut = trainer.cv_scores(y[has], po[has], threshold=t[has]).accuracy
    assert whole > 0.9 and cut < 0.75
