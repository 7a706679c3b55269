"""The genre trainer: near-duplicate groups, calibration maps, the nested cross-validation on
synthetic data, and the hand labels (format, and their articles in ../shared)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from tealeaves.stages.rhetoric import genre as genre_mod
from tealeaves.training import genre as trainer
from tealeaves.training import genre_fit
from tests.conftest import DATA, need

DATASETS = {"polnear", "ptc2020", "semeval2023-en"}


def test_duplicate_groups_join_the_same_story_filed_twice() -> None:
    story = ("the senate passed the bill on tuesday after a long debate over the cost of the "
             "program and the number of people it would cover in the coming years ")
    other = ("a storm hit the coast overnight leaving thousands without power and closing "
             "schools in three counties while crews worked to clear the roads ")
    groups = trainer.duplicate_groups([story * 3, other * 3, "Update: " + story * 3])
    assert groups[0] == groups[2] != groups[1]


def test_calibration_maps_are_monotone_and_bounded() -> None:
    rng = np.random.default_rng(0)
    z = rng.normal(size=400)
    y = (rng.random(400) < 1 / (1 + np.exp(-2 * z))).astype(int)
    for method in ("isotonic", "platt"):
        cal = trainer.fit_calibration(z, y, method)
        grid = np.linspace(-4, 4, 50)
        p = genre_mod.calibrate(grid, cal)
        assert np.all(np.diff(p) >= -1e-12) and p.min() >= 0 and p.max() <= 1
        assert p[-1] > 0.8 and p[0] < 0.2
    with pytest.raises(ValueError, match="unknown calibration"):
        trainer.fit_calibration(z, y, "other")


def test_nested_cross_validation_on_separable_features() -> None:
    rng = np.random.default_rng(1)
    n = 200
    y = np.array([i % 2 for i in range(n)])
    x = rng.normal(size=(n, len(genre_mod.FEATURES)))
    x[:, 0] += 4 * y  # one informative feature (Bayes accuracy 0.977)
    d = trainer.Design.simple(x, y, list(range(n)))
    p = trainer.cross_validate(d, "platt", k=5, seed=3)
    s = trainer.cv_scores(y, p)
    assert s.accuracy > 0.9 and s.classes["opinion"].recall > 0.85
    assert s.ece is not None and s.ece < 0.1
    model = trainer.fit_model(d, "isotonic", k=5, seed=3)
    assert model["features"] == list(genre_mod.FEATURES) and model["coef"][0] > 0


def test_threshold_is_chosen_for_opinion_recall() -> None:
    # 10 opinion, 30 reporting; the opinion probabilities overlap the reporting ones
    p = np.array([0.9] * 6 + [0.3] * 4 + [0.3] * 12 + [0.1] * 18)
    y = np.array([1] * 10 + [0] * 30)
    # F1 keeps 0.5 (6 of 10 found, all right); F2 goes down to catch the other 4 at 0.3
    assert trainer.choose_threshold(p, y, beta=1.0) == 0.5
    low = trainer.choose_threshold(p, y, beta=2.0)
    assert 0.1 < low < 0.3
    s = trainer.cv_scores(y, p, threshold=low)
    assert s.classes["opinion"].recall == 1.0 and s.classes["opinion"].precision == pytest.approx(10 / 22, abs=1e-4)
    per_row = trainer.cv_scores(y, p, threshold=np.full(len(p), 0.5))
    assert per_row.classes["opinion"].recall == 0.6


def test_model_threshold_and_confidence_of_a_low_opinion() -> None:
    model = {"threshold": 0.3}
    assert genre_mod.opinion_threshold(model) == 0.3
    assert genre_mod.opinion_threshold({}) == 0.5


def test_unscored_rows_only_train() -> None:
    rng = np.random.default_rng(2)
    n = 120
    y = np.array([i % 2 for i in range(n)])
    x = rng.normal(size=(n, len(genre_mod.FEATURES)))
    x[:, 1] += 3 * y
    scored = np.arange(n) < 80
    d = trainer.Design(x, y, np.arange(n), np.where(scored, 1.0, 0.1), scored)
    for tr, te in trainer._folds(d, 4, 5):
        assert scored[te].all() and set(np.flatnonzero(~scored)) <= set(tr)
        assert not set(tr) & set(te)
    p = trainer.cross_validate(d, "isotonic", k=4, seed=5)
    assert np.isnan(p[~scored]).all() and not np.isnan(p[scored]).any()


def _rows() -> list[dict[str, str]]:
    with open(trainer.PROJECT_LABELS, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_hand_labels_are_well_formed() -> None:
    rows = _rows()
    assert len(rows) >= 300
    keys = [(r["dataset"], r["file"]) for r in rows]
    assert len(keys) == len(set(keys)), "an article labelled twice"
    for r in rows:
        assert r["dataset"] in DATASETS and r["genre"] in {"opinion", "reporting", "satire"}
        assert len(r["reason"].split()) >= 3, r
        assert "\t" not in r["reason"]
        assert r["draw"] in {"random", "chosen"}, r
    chosen = [r for r in rows if r["draw"] == "chosen"]
    assert len(chosen) >= 40 and all(r["dataset"] == "polnear" for r in chosen)


def test_hand_labelled_articles_exist_and_are_new() -> None:
    need(DATA / "polnear" / "train" / "text", "PolNeAR train texts")
    need(DATA / "genre-semeval2023" / "en", "SemEval-2023 genre labels")
    for r in _rows():
        assert trainer.article_path(DATA, r["dataset"], r["file"]).is_file(), r
    earlier = {r["file"] for r in trainer.read_labels(trainer.EARLIER_LABELS)}
    semeval = {ln.split("\t")[0] for ln in
               (DATA / "genre-semeval2023" / "en" / "labels.tsv").read_text().splitlines()}
    for r in _rows():
        if r["dataset"] == "polnear":
            assert r["file"] not in earlier
    # a hand label of an article the SemEval labels cover replaces the SemEval label
    replaced = {r["file"] for r in _rows() if r["dataset"] != "polnear"} & semeval
    assert replaced, "no PTC article with a SemEval label was hand-labelled"
    keys = {it.key for it in trainer.labelled_articles(DATA)}
    assert not {f"genre-semeval2023/{f}" for f in replaced} & keys
    assert {f"ptc2020/{f}" for f in replaced} <= keys


def test_labelled_articles_join_all_sources_without_satire() -> None:
    need(DATA / "genre-semeval2023" / "en", "SemEval-2023 genre labels")
    items = trainer.labelled_articles(DATA)
    assert {it.dataset for it in items} == DATASETS | {"genre-semeval2023"}
    assert {it.label for it in items} == {"opinion", "reporting"}
    assert len(items) == len({it.key for it in items}) >= 700


def test_article_path_refuses_an_unknown_dataset() -> None:
    with pytest.raises(ValueError, match="unknown dataset"):
        trainer.article_path(Path("."), "other", "x")


def _vector_design(seed: int, n: int = 160) -> trainer.Design:
    """Hand features that are noise and author vectors whose leading direction carries the
    label, so only settings with principal components can separate the classes."""
    rng = np.random.default_rng(seed)
    y = np.array([i % 2 for i in range(n)])
    x = rng.normal(size=(n, len(genre_mod.FEATURES)))
    e = rng.normal(scale=0.3, size=(n, 24))
    e[:, 0] += 3.0 * (2 * y - 1)
    return trainer.Design(x, y, np.arange(n), np.ones(n), np.ones(n, dtype=bool), e)


def test_exported_weights_give_the_scorers_decision_values() -> None:
    d = _vector_design(4)
    scorer = genre_fit.Scorer(d, genre_fit.Settings(0.1, 3))
    model = scorer.export()
    assert model["embedding"]["components"] == 3 and len(model["embedding"]["coef"]) == 24
    want = scorer.decision(d.x[:20], d.e[:20])
    got = [genre_mod.raw_score(row, model, vec) for row, vec in zip(d.x[:20], d.e[:20],
                                                                     strict=True)]
    assert np.allclose(got, want, atol=1e-4)
    hand = genre_fit.Scorer(d, genre_fit.Settings(0.1, 0)).export()
    assert "embedding" not in hand and len(hand["coef"]) == len(genre_mod.FEATURES)


def test_settings_choose_components_when_the_vectors_carry_the_label() -> None:
    d = _vector_design(5)
    grid = ((0.03, 0), (0.03, 4))
    chosen = genre_fit.choose_settings(d, lambda sub: trainer._folds(sub, 4, 1), grid)
    assert chosen == genre_fit.Settings(0.03, 4)
    # without vectors only the hand-feature settings are open
    plain = trainer.Design(d.x, d.y, d.groups, d.weights, d.scored)
    assert genre_fit.choose_settings(plain, lambda sub: trainer._folds(sub, 4, 1),
                                     grid).k == 0
    p = trainer.cross_validate(d, "isotonic", k=4, seed=5)
    assert trainer.cv_scores(d.y, p).accuracy > 0.9


def test_a_procedure_repeats_a_saved_models_features_and_settings() -> None:
    d = _vector_design(6)
    names = list(genre_mod.FEATURES[:2])
    proc = genre_fit.Procedure.of_model({"features": names, "C": 0.03})
    assert proc == genre_fit.Procedure(tuple(names), ((0.03, 0),))
    with_vec = genre_fit.Procedure.of_model({"features": names, "C": 0.1,
                                             "embedding": {"components": 4}})
    assert with_vec.grid == ((0.1, 4),)
    small = trainer.Design(d.x[:, :2], d.y, d.groups, d.weights, d.scored, d.e)
    model = trainer.fit_model(small, "isotonic", k=4, seed=5, procedure=proc)
    assert model["features"] == names and model["C"] == 0.03 and "embedding" not in model
    assert len(model["coef"]) == 2


def test_model_inputs_run_the_span_finder_only_for_technique_features(
        nlp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.model import Technique
    from tealeaves.stages.rhetoric import techniques

    text = "The plan is a shameful disgrace. \"It works,\" the minister said."
    calls: list[str] = []

    def fake(doc):  # type: ignore[no-untyped-def]
        calls.append(doc.text)
        return [Technique("Loaded_Language", 14, 31, doc.text[14:31], 0.9)]

    monkeypatch.setattr(techniques, "find_techniques", fake)
    names = ["first_singular", "techniques_own"]
    x, _e = trainer.model_inputs([nlp(text)], names)
    assert calls == [text] and x.shape == (1, 2) and x[0, 1] > 0
    x, _e = trainer.model_inputs([nlp(text)], ["first_singular"])
    assert calls == [text] and x.shape == (1, 1)


def test_default_features_leave_out_the_spread_and_keep_the_findings() -> None:
    from tealeaves.stages.rhetoric.genre.findings import FINDING_FEATURES

    assert set(FINDING_FEATURES) <= set(trainer.DEFAULT_FEATURES)
    assert "subjective_max" not in trainer.DEFAULT_FEATURES
    assert set(trainer.DEFAULT_FEATURES) <= set(genre_mod.FEATURES)
