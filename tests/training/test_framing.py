"""The framing trainer's recipe on small invented feature rows (no parse, no encoder)."""

from __future__ import annotations

import numpy as np
import pytest

from tealeaves.stages.stance.framing import model_from_record
from tealeaves.training.framing import Rows, _fine_rows, _occurrences, cv_roles, final_record

ROLE_FINE = {"protagonist": ("Guardian",), "antagonist": ("Tyrant", "Instigator"),
             "innocent": ("Victim",)}


def _rows(seed: int = 0) -> Rows:
    """60 cast rows in 30 articles whose role shows in one of the first three columns, and 40
    "not cast" rows that are quiet there."""
    rng = np.random.default_rng(seed)
    roles = [("protagonist", "antagonist", "innocent")[i % 3] for i in range(60)]
    cast = rng.normal(0, 0.3, (60, 8))
    for i, r in enumerate(roles):
        cast[i, ("protagonist", "antagonist", "innocent").index(r)] += 3.0
        cast[i, 7] += 2.0  # cast actors are named often
    quiet = rng.normal(0, 0.3, (40, 8))
    X = np.vstack([cast, quiet]).astype(np.float32)
    groups = [f"a{i // 2}" for i in range(60)] + [f"a{i % 30}" for i in range(40)]
    return Rows(X, np.array([True] * 60 + [False] * 40), groups, roles,
                [ROLE_FINE[r] for r in roles])


def test_occurrences_are_whole_words() -> None:
    assert _occurrences("Kyiv and Kyivans; Kyiv.", "Kyiv") == [(0, 4), (18, 22)]


def test_two_fine_roles_give_two_half_rows() -> None:
    idx, labels, weights = _fine_rows(np.array([0, 1]), [("Tyrant", "Instigator"), ("Victim",)])
    assert idx.tolist() == [0, 0, 1] and labels == ["Tyrant", "Instigator", "Victim"]
    assert weights.tolist() == [0.5, 0.5, 1.0]


def test_cv_and_final_model_learn_separable_roles() -> None:
    rows = _rows()
    _res, second, fig = cv_roles(rows, 0.1, "balanced")
    assert fig["main_role_macro_f1"] > 0.9 > fig["baseline_main_role_macro_f1"]
    assert 0.0 <= fig["ece"] <= 1.0 and second > 0
    model = model_from_record(final_record(rows, 0.1, "balanced", second, 0.1, fig))
    probe = np.zeros(8, dtype=np.float32)
    probe[1], probe[7] = 3.0, 2.0
    f = model.framing(probe)
    assert f is not None and f.role == "antagonist" and f.fine[0] in ROLE_FINE["antagonist"]
    assert model.framing(np.zeros(8, dtype=np.float32)) is None  # quiet: not cast


def test_refit_keeps_the_recorded_settings(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import gzip
    import json

    from tealeaves.training import framing as trainer

    rows = _rows()
    _res, second, fig = cv_roles(rows, 0.1, None)
    trainer.write_model(final_record(rows, 0.1, None, second, 0.3, fig), tmp_path)
    monkeypatch.setattr(trainer, "featurize", lambda data, cache=None: _rows(1))
    trainer.train(tmp_path / "no-data", tmp_path, refit=True)
    with gzip.open(tmp_path / "model.json.gz", "rt", encoding="utf-8") as fh:
        meta = json.load(fh)["meta"]
    assert (meta["C"], meta["class_weight"], meta["gate_C"]) == (0.1, None, 0.3)
    assert meta["figures"]["main_role_macro_f1"] > 0.9 and "gate" in meta["figures"]
    assert "recorded frozen+stance+use C=0.1 weight=None" in capsys.readouterr().out


def test_select_keeps_the_columns_of_the_groups() -> None:
    from tealeaves.stages.stance.framing_features import GROUP_WIDTH

    widths = {"tag3": GROUP_WIDTH["tag3"], "use": GROUP_WIDTH["use"], "words": 2}
    n = sum(widths.values())
    X = np.tile(np.arange(n, dtype=np.float32), (3, 1))
    rows = Rows(X, np.array([True, True, False]), ["a", "b", "c"], ["antagonist"] * 2,
                [("Tyrant",)] * 2, ("tag3", "use", "words"), ("war", "peace"))
    sub = rows.select(("words", "tag3"))
    assert sub.features == ("tag3", "words") and sub.words == ("war", "peace")
    want = list(range(widths["tag3"])) + [n - 2, n - 1]
    assert sub.X[0].tolist() == want
    assert rows.select(("use",)).X.shape == (3, widths["use"]) and rows.select(("use",)).words == ()
    with pytest.raises(ValueError):
        rows.select(("tag4",))


def test_word_vocabulary_counts_articles_not_rows() -> None:
    from tealeaves.training import framing_rows as trainer

    bags = [[{"war", "tank"}], [{"war"}], [{"war", "tank"}, {"tank"}], [{"peace"}]]
    assert trainer.word_vocabulary(bags, ["a", "b", "c", "d"]) == ("war",)  # in 3 articles
    arts = ["a", "b", "c", "c"]
    old = trainer.WORDS_MIN_ARTICLES
    try:
        trainer.WORDS_MIN_ARTICLES = 1
        # war: 3 articles, tank: 2 (a, c), peace: 1
        assert trainer.word_vocabulary(bags, arts) == ("war", "tank", "peace")
    finally:
        trainer.WORDS_MIN_ARTICLES = old
