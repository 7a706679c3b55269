"""The cue-sense trainer (``training/cue_sense.py``): the threshold rule on made-up scores,
and the examples of a few PolNeAR train articles (skipped without ``../shared``)."""

from __future__ import annotations

import numpy as np

from tealeaves.training import cue_sense as trainer
from tests.conftest import DATA, need


def test_the_threshold_takes_the_best_net_gain_within_the_loss_cap() -> None:
    # 200 gold cues scored high, 10 gold and 20 non-gold ones low
    p = np.array([0.9] * 200 + [0.12] * 10 + [0.1] * 20)
    gold = np.array([True] * 210 + [False] * 20)
    touch = np.ones(len(p), dtype=bool)
    # below 0.15 the cut loses 10 of 210 gold cues (4.8 % > 1 %): no threshold
    assert trainer.choose_threshold(p, gold, touch) == 0.0
    few = np.array([0.9] * 1000 + [0.12] * 2 + [0.1] * 20)
    fgold = np.array([True] * 1002 + [False] * 20)
    t = trainer.choose_threshold(few, fgold, np.ones(len(few), dtype=bool))
    assert 0.12 < t  # 20 removed against 2 lost is a gain within 1 %
    # the veto may not touch the rows outside *rule*: no gain, no threshold
    assert trainer.choose_threshold(few, fgold, np.zeros(len(few), dtype=bool)) == 0.0


def test_examples_label_gold_cues_on_train() -> None:
    need(DATA / "polnear" / "train" / "text", "PolNeAR train texts")
    rows = trainer.examples(DATA / "polnear" / "train", limit=3)
    assert rows and any(r.gold for r in rows) and any(not r.gold for r in rows)
    assert any(r.rule for r in rows)
    assert all("bias" in r.features and any(f.startswith("comp=") for f in r.features)
               for r in rows)
    said = [r for r in rows if "lemma=say" in r.features]
    assert said and sum(r.gold for r in said) / len(said) > 0.5


def test_the_label_threshold_keeps_veto_precision() -> None:
    # 10 uses labelled "reports nobody" scored 0.1; 2 reports scored 0.1; 5 reports at 0.3
    p = np.array([0.1] * 12 + [0.3] * 5 + [0.9] * 50)
    reports = np.array([False] * 10 + [True] * 7 + [True] * 50)
    touch = np.ones(len(p), dtype=bool)
    # below 0.15 … 0.30 the vetoes are 10 of 12 right (0.83); from 0.35 on 10 of 17 (0.59)
    assert trainer.label_threshold(p, reports, touch) == 0.3
    figs = trainer.label_figures(p, reports, touch, 0.3)
    assert figs["vetoed"] == 12 and figs["veto_precision"] == round(10 / 12, 4)
    assert figs["veto_recall"] == 1.0 and figs["reports_vetoed"] == 2
    # nothing the veto may touch: no threshold
    assert trainer.label_threshold(p, reports, np.zeros(len(p), dtype=bool)) == 0.0


def test_labelled_examples_find_their_verbs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    need(DATA / "polnear" / "train" / "text", "PolNeAR train texts")
    import csv

    with trainer.LABELS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))[:5]
    few = tmp_path / "labels.tsv"
    with few.open("w", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
        out.writeheader()
        out.writerows(rows)
    got = trainer.labelled_examples(few, DATA / "polnear" / "train")
    assert len(got) == 5
    assert {(g.article, g.start) for g in got} == {(r["file"], int(r["start"])) for r in rows}
    assert all(f"lemma={r['lemma']}" in g.features for g, r in
               zip(sorted(got, key=lambda g: (g.article, g.start)),
                   sorted(rows, key=lambda r: (r["file"], int(r["start"]))), strict=True))
