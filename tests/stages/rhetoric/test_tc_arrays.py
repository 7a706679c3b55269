"""The technique classifier as plain arrays: scikit-learn's analysers and TF-IDF reproduced,
the exported model's probabilities equal to the fitted one's, and no scikit-learn at run time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tealeaves.errors import ModelError
from tealeaves.stages.rhetoric.tc_arrays import (
    TC_SETTINGS,
    TfidfBlock,
    char_wb_ngrams,
    export_classifier,
    load_arrays,
    word_ngrams,
)

from ...conftest import DATA, FOUNDING, ROOT, need

PTC = DATA / "ptc2020" / "train"
#: the pickle the trainer keeps outside the package (``scripts/train_rhetoric.py --tc-pickle``)
SHIPPED_PICKLE = ROOT / "build" / "rhetoric" / "tc.joblib"

TEXTS = [
    "The minister  denied\teverything, again and AGAIN!",
    "Critics called the plan a shameless betrayal of voters.",
    "a I x yy zzz — «Ёлки» naïve café 2026 1 22 U.S.-led",
    "",
    "   ",
    "Traitors, all of them, and cowards too. Traitors!",
]


def test_char_wb_ngrams_match_sklearn() -> None:
    text_mod = pytest.importorskip("sklearn.feature_extraction.text")
    for lo, hi in [(2, 5), (1, 3), (3, 3)]:
        ref = text_mod.TfidfVectorizer(analyzer="char_wb", ngram_range=(lo, hi)).build_analyzer()
        for t in TEXTS:
            assert char_wb_ngrams(t.lower(), lo, hi) == ref(t)


def test_word_ngrams_match_sklearn() -> None:
    import re

    text_mod = pytest.importorskip("sklearn.feature_extraction.text")
    for pattern, rng, lower in [(r"(?u)\b\w\w+\b", (1, 2), True), (r"\S+", (1, 1), False),
                                (r"(?u)\b\w\w+\b", (2, 3), True)]:
        ref = text_mod.TfidfVectorizer(token_pattern=pattern, ngram_range=rng,
                                       lowercase=lower).build_analyzer()
        for t in TEXTS:
            toks = re.findall(pattern, t.lower() if lower else t)
            assert word_ngrams(toks, *rng) == ref(t)


@pytest.mark.parametrize("kw", [
    {"ngram_range": (1, 2), "sublinear_tf": True},
    {"analyzer": "char_wb", "ngram_range": (2, 5), "sublinear_tf": True, "min_df": 2},
    {"token_pattern": r"\S+", "lowercase": False},
])
def test_tfidf_rows_equal_sklearn_to_the_bit(kw: dict) -> None:
    text_mod = pytest.importorskip("sklearn.feature_extraction.text")
    vec = text_mod.TfidfVectorizer(**kw).fit(TEXTS * 2 + ["the plan, the plan"])
    block = TfidfBlock("span", kw.get("analyzer", "word"), kw["ngram_range"] if "ngram_range"
                       in kw else (1, 1), kw.get("lowercase", True),
                       kw.get("token_pattern", r"(?u)\b\w\w+\b"), kw.get("sublinear_tf", False),
                       0.5, dict(vec.vocabulary_), vec.idf_)
    probe = TEXTS + ["The plan, the PLAN and the plan again: voters betrayed"]
    want = vec.transform(probe).tocsr()
    for i, t in enumerate(probe):
        cols, vals = block.row(t)
        row = want[i]
        assert cols.tolist() == row.indices.tolist()
        assert (vals == row.data * 0.5).all()


def _ptc_articles(n: int, skip: int = 0) -> list:
    from tealeaves.evaluate.ptc import iter_articles

    need(PTC, "PTC 2020 training articles")
    return list(iter_articles(PTC, limit=skip + n))[skip:]


def _gold_spans(art) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return sorted({(s, e) for s, e, _ in art.spans})


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["svm", "logreg"])
def test_exported_model_gives_the_fitted_probabilities(kind: str, nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("sklearn")
    from tealeaves.stages.rhetoric.classifier import TechniqueClassifier

    train = _ptc_articles(20, skip=30)
    items = []
    for art in train:
        spans = [(s, e) for s, e, _ in art.spans]
        items.append((art.text, spans, [lab for _, _, lab in art.spans], nlp(art.text)))
    clf = TechniqueClassifier(c=0.3, kind=kind).fit(items)
    export_classifier(clf, tmp_path)
    arrays = load_arrays(tmp_path)
    assert arrays.classes == clf.classes and arrays.blocks == clf.blocks
    worst, rows = 0.0, 0
    for art in _ptc_articles(30):
        spans = _gold_spans(art)
        doc = nlp(art.text)
        want, got = clf.predict_proba(art.text, spans, doc), arrays.predict_proba(art.text, spans, doc)
        assert want.shape == got.shape
        worst = max(worst, float(np.abs(want - got).max()) if spans else 0.0)
        rows += len(spans)
    assert rows > 200
    assert worst <= 1e-12


@pytest.mark.slow
def test_shipped_arrays_equal_the_pickle_they_came_from(nlp) -> None:  # type: ignore[no-untyped-def]
    """The shipped export against the scikit-learn pickle it came from (kept by the trainer
    outside the package; a clone without it skips)."""
    pytest.importorskip("sklearn")
    if not SHIPPED_PICKLE.is_file():
        pytest.skip(f"missing {SHIPPED_PICKLE} (the trainer's pickle of the shipped model)")
    import joblib

    from tealeaves.stages.rhetoric.techniques import load_technique_classifier, with_tagger_states

    clf, arrays = joblib.load(SHIPPED_PICKLE), load_technique_classifier()
    assert arrays.classes == clf.classes and arrays.blocks == clf.blocks
    worst = 0.0
    for art in _ptc_articles(30):
        spans = _gold_spans(art)
        doc = nlp(art.text)
        with_tagger_states(doc, arrays)
        want, got = clf.predict_proba(art.text, spans, doc), arrays.predict_proba(art.text, spans, doc)
        worst = max(worst, float(np.abs(want - got).max()) if spans else 0.0)
    assert worst <= 1e-12


@pytest.mark.slow
def test_analysis_imports_no_sklearn() -> None:
    need(FOUNDING, "the founding article")
    code = (
        "import sys, tealeaves\n"
        f"a = tealeaves.analyze(open({str(FOUNDING)!r}, encoding='utf-8').read())\n"
        "assert a.techniques, 'no techniques found'\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'joblib'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_missing_or_broken_export_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="missing"):
        load_arrays(tmp_path)
    (tmp_path / "tc.npz").write_bytes(b"not a zip")
    (tmp_path / TC_SETTINGS).write_text(json.dumps({"format": 1}), encoding="utf-8")
    with pytest.raises(ModelError, match="broken"):
        load_arrays(tmp_path)
    (tmp_path / TC_SETTINGS).write_text(json.dumps({"format": 99}), encoding="utf-8")
    with pytest.raises(ModelError, match="format"):
        load_arrays(tmp_path)
