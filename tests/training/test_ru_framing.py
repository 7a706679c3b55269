"""The Russian framing cross-validation on a slice of SemEval-2025 Task 10 Russian."""

from __future__ import annotations

import pytest

from tests.conftest import DATA, need

pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")


def test_framing_cv_on_a_slice() -> None:
    from tealeaves.training.ru_framing import cross_validate, read_mentions

    data = need(DATA / "entity-framing" / "ru", "SemEval-2025 Task 10 Russian entity framing")
    mentions = read_mentions(data)
    assert len(mentions) >= 300
    for m in mentions[:50]:
        start, end = m["toks"][0].start, m["toks"][-1].end
        assert m["doc"].text[start:end].strip()
    some = [m for m in mentions if m["article"] < "RU-URW-11"]
    out = cross_validate(some, folds=3)
    assert set(out["roles"]) <= {"Antagonist", "Protagonist", "Innocent"}
    top = max(out["roles"].values())
    assert out["majority"]["main_accuracy"] == round(top / out["mentions"], 3)
    assert 0.0 <= out["model"]["fine_exact"] <= 1.0
    assert out["model"]["main_macro_f1"] > out["majority"]["main_macro_f1"]
