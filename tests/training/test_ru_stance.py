"""The Russian stance trainer on a slice of RuSentNE-2023 (features, grouped CV, calibration,
the exported model)."""

from __future__ import annotations

import pytest

from tests.conftest import DATA, need

pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")


def test_trainer_on_a_slice_of_rusentne() -> None:
    import numpy as np

    from tealeaves.training.ru_stance import (
        cross_validate,
        featurize,
        read_rows,
        scores,
        train,
    )

    path = need(DATA / "rusentne" / "train_data.csv", "RuSentNE-2023 train")
    rows = featurize(read_rows(path, limit=700))
    assert len(rows.gold) == 700 and rows.dense.shape == (700, 1200)
    cv = cross_validate(rows, grid=[(0.3, "balanced", 1.0)])
    assert cv["majority"]["pn_macro_f1"] == 0.0
    assert cv["cv"]["pn_macro_f1"] > 0.15 and cv["cv"]["macro_f1"] > cv["majority"]["macro_f1"]
    assert 0 <= cv["ece_cross_fitted"] < 0.15
    model = train(rows, 0.3, "balanced", 1.0)
    assert len(model["dense"]) == 3 and len(model["dense"][0]) == 1200
    assert scores(np.array([0, 1, 2]), np.array([0, 1, 2]))["pn_macro_f1"] == 1.0
