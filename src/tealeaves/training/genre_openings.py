"""The genre cross-validation scored on the openings of the held-out articles.

Real pages are often cut: a stored copy may keep only an article's first few hundred words
(the realnews-dev texts, several of them, stop after ~300 words). The training labels are on
whole articles, so the plain cross-validation says nothing about how the model reads an
opening. :func:`cv_openings` runs the same outer folds as
:func:`tealeaves.training.genre.cv_predictions` (settings, calibration and threshold chosen
inside each training part) and scores each held-out article twice: whole, and cut to its
:func:`opening` (whole sentences up to :data:`OPENING_WORDS` words). Articles shorter than
:data:`MIN_WORDS` have no separate opening and are scored whole only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..stages.rhetoric import genre as genre_mod
from .genre import BETA, Design, _folds, cv_scores, fit_model
from .rhetoric import SEED

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Words (alphabetic tokens) an opening keeps, in whole sentences: about what a cut page keeps.
OPENING_WORDS = 300
#: Articles with fewer words are their own opening and get no second score.
MIN_WORDS = 450


def _words(tokens: Sequence[object]) -> int:
    return sum(1 for t in tokens if getattr(t, "is_alpha", False))


def opening(doc: Doc, words: int = OPENING_WORDS, min_words: int = MIN_WORDS) -> Doc | None:
    """The first whole sentences of *doc* that reach *words* words, as a new Doc with the
    parse and the sentence encodings of those sentences (character offsets are unchanged);
    None when *doc* has fewer than *min_words* words."""
    from ..embeddings import sentence_encodings, set_sentence_encodings

    if _words(list(doc)) < min_words:
        return None
    count, end = 0, 0
    for sent in doc.sents:
        count += _words(list(sent))
        end = sent.end
        if count >= words:
            break
    encs = dict(sentence_encodings(doc))
    cut = doc[:end].as_doc()
    set_sentence_encodings(cut, [(s.start_char, encs[s.start_char]) for s in cut.sents
                                 if s.start_char in encs])
    return cut


def opening_inputs(docs: Sequence[Doc]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each Doc: the vectorised features and author vector of its :func:`opening` (zeros
    where it has none), and whether it has one."""
    from ..stages.rhetoric.techniques import find_techniques

    rows, vecs, has = [], [], []
    for doc in docs:
        cut = opening(doc)
        if cut is None:
            rows.append([0.0] * len(genre_mod.FEATURES))
            vecs.append(np.zeros(384))
            has.append(False)
            continue
        feats, vec = genre_mod.article_inputs(cut, techniques=find_techniques(cut))
        rows.append(genre_mod.vectorise(feats))
        vecs.append(vec)
        has.append(True)
    return np.array(rows), np.array(vecs), np.array(has, dtype=bool)


def cv_openings(d: Design, xo: np.ndarray, eo: np.ndarray | None, has: np.ndarray,
                method: str = "platt", k: int = 5, seed: int = SEED,
                beta: float = BETA) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Calibrated out-of-fold P(opinion) of each scored row whole and of its opening (rows
    *xo*, author vectors *eo*, where *has*), and the threshold each was judged by (NaN
    elsewhere). The folds and the models are those of ``genre.cv_predictions``."""
    p = np.full(len(d.y), np.nan)
    po = np.full(len(d.y), np.nan)
    t = np.full(len(d.y), np.nan)
    for tr, te in _folds(d, k, seed):
        model = fit_model(d.rows(tr), method, k, seed, beta)
        for rows, vecs, idx, out in ((d.x, d.e, te, p), (xo, eo, te[has[te]], po)):
            z = [genre_mod.raw_score(rows[i], model, None if vecs is None else vecs[i])
                 for i in idx]
            out[idx] = genre_mod.calibrate(np.array(z), model["calibration"])
        t[te] = model["threshold"]
    return p, po, t


def openings_report(nlp: Any, shared: Path, cache: Path | None = None,
                    method: str = "platt", k: int = 5, seed: int = SEED,
                    beta: float = BETA) -> dict[str, Any]:
    """Parse (or read from *cache*) the labelled articles and score :func:`cv_openings`:
    accuracy, opinion precision and recall, reporting recall and ECE of the scored articles
    that have an opening, read whole and read as their opening."""
    from .genre import design, labelled_articles, model_inputs, parse_articles

    items = labelled_articles(shared)
    texts = [it.path.read_text(encoding="utf-8") for it in items]
    docs = parse_articles(nlp, texts, cache)
    x, e = model_inputs(docs)
    d = design(items, x, texts, e)
    xo, eo, has = opening_inputs(docs)
    p, po, t = cv_openings(d, xo, eo, has, method, k, seed, beta)
    idx = np.flatnonzero(d.scored & has)
    out: dict[str, Any] = {"n": int(len(idx)), "opinion": int(d.y[idx].sum()),
                           "opening_words": OPENING_WORDS, "min_words": MIN_WORDS}
    for name, probs in (("whole", p), ("opening", po)):
        s = cv_scores(d.y[idx], probs[idx], threshold=t[idx])
        out[name] = {"accuracy": s.accuracy,
                     "opinion_precision": s.classes["opinion"].precision,
                     "opinion_recall": s.classes["opinion"].recall,
                     "reporting_recall": s.classes["reporting"].recall, "ece": s.ece}
    return out
