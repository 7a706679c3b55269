"""Export a pickled technique classifier (``tc.joblib``) to the plain arrays run time reads.

    .venv/bin/python scripts/export_tc.py build/rhetoric/tc.joblib
    .venv/bin/python scripts/export_tc.py OLD.joblib --out src/tealeaves/resources/rhetoric

Writes ``tc.npz`` (vocabularies, idf, scaler, the linear model's coefficients and intercepts;
no pickle) and ``tc.json`` (analyser settings, classes, embedding blocks) into ``--out``
(:func:`tealeaves.stages.rhetoric.tc_arrays.export_classifier`), then checks that the arrays
give the pickled model's probabilities (``--check N``: on the spans of the founding article
and of N PTC training articles; 0 skips it). Needs scikit-learn (the training extra).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PTC = ROOT.parent / "shared" / "data" / "ptc2020" / "train"


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("pickle", type=Path, help="a joblib pickle of a TechniqueClassifier")
    ap.add_argument("--out", type=Path, default=ROOT / "src/tealeaves/resources/rhetoric")
    ap.add_argument("--check", type=int, default=5,
                    help="compare both on the gold spans of N PTC training articles (0: no)")
    return ap


def check(clf: object, n: int) -> float:
    """Largest absolute difference between the pickled and exported models' probabilities
    on the gold spans of *n* PTC training articles."""
    import numpy as np

    from tealeaves.evaluate.ptc import iter_articles
    from tealeaves.nlp import load_model
    from tealeaves.stages.rhetoric.tc_arrays import load_arrays
    from tealeaves.stages.rhetoric.techniques import with_tagger_states

    arrays = load_arrays(ARGS.out)
    nlp, worst = load_model(), 0.0
    for k, art in enumerate(iter_articles(PTC)):
        if k >= n:
            break
        spans = sorted({(s, e) for s, e, _ in art.spans})
        doc = nlp(art.text)
        with_tagger_states(doc, arrays)  # the tagger states both models read
        want = clf.predict_proba(art.text, spans, doc)  # type: ignore[attr-defined]
        got = arrays.predict_proba(art.text, spans, doc)
        worst = max(worst, float(np.max(np.abs(want - got))) if spans else 0.0)
    return worst


def main(argv: list[str] | None = None) -> int:
    global ARGS
    ARGS = parser().parse_args(argv)
    if not ARGS.pickle.is_file():
        print(f"error: no such file {ARGS.pickle}", file=sys.stderr)
        return 2
    import joblib

    from tealeaves.stages.rhetoric.tc_arrays import export_classifier

    clf = joblib.load(ARGS.pickle)
    try:
        npz, js = export_classifier(clf, ARGS.out)
    except (ValueError, AttributeError) as exc:
        print(f"error: cannot export {ARGS.pickle}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {npz} ({npz.stat().st_size / 1e6:.1f} MB) and {js}")
    if ARGS.check > 0 and PTC.is_dir():
        worst = check(clf, ARGS.check)
        print(f"largest probability difference on {ARGS.check} PTC articles: {worst:.3g}")
        if worst > 1e-12:
            print("error: the arrays do not reproduce the pickled model", file=sys.stderr)
            return 1
    return 0


ARGS = argparse.Namespace()

if __name__ == "__main__":
    sys.exit(main())
