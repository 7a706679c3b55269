"""scripts/label_agreement.py (Cohen's kappa, the comparison it prints) and the hand-labelled
PolNeAR source kinds in data/polnear-source-kinds/ (valid, complete, in the order they claim)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, need
from tests.scripts.load import script

LABELS = ROOT / "data" / "polnear-source-kinds"
KINDS = {"named_person", "named_organization", "anonymous", "rumour", "author"}



agreement = script("label_agreement")


def test_kappa_is_one_for_identical_labels_and_zero_at_chance() -> None:
    same = [("a", "a"), ("b", "b"), ("a", "a"), ("c", "c")]
    assert agreement.cohen_kappa(same) == 1.0
    # Each labeller says "a" half the time, independently: observed 0.5 = expected 0.5.
    chance = [("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")]
    assert agreement.cohen_kappa(chance) == 0.0


def test_kappa_matches_a_worked_example() -> None:
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po = 0.7, pe = 0.5, kappa = 0.4.
    pairs = ([("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15)
    assert agreement.cohen_kappa(pairs) == pytest.approx(0.4)


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text("file\tstart\tend\tkind\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_compare_prints_agreement_kappa_and_the_confusion_pairs(tmp_path: Path) -> None:
    ref = _write(tmp_path / "ref.tsv", ["x\t0\t3\tnamed_person", "x\t9\t12\tanonymous",
                                        "y\t1\t2\tauthor", "y\t5\t8\tanonymous"])
    mine = _write(tmp_path / "mine.tsv", ["x\t0\t3\tnamed_person", "x\t9\t12\tanonymous",
                                          "y\t1\t2\tnamed_person", "y\t5\t8\tanonymous"])
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "label_agreement.py"), "compare",
                          str(mine), str(ref)], capture_output=True, text=True, check=True).stdout
    assert "agreement 3/4 = 0.750" in out
    assert "author -> named_person\t1" in out
    assert "y\t1\t2\treference author\tother named_person" in out


def test_compare_fails_on_a_span_without_reference(tmp_path: Path) -> None:
    ref = _write(tmp_path / "ref.tsv", ["x\t0\t3\tnamed_person"])
    mine = _write(tmp_path / "mine.tsv", ["x\t0\t3\tnamed_person", "x\t4\t6\tanonymous"])
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "label_agreement.py"), "compare",
                          str(mine), str(ref)], capture_output=True, text=True)
    assert run.returncode == 1 and "1 spans have no reference label" in run.stdout


def _keys(path: Path) -> list[tuple[str, int, int]]:
    return [key for key, _ in agreement.read_rows(path, with_kind=False)]


def test_the_agreement_sample_is_the_seeded_draw_and_is_fully_labelled() -> None:
    dev = [LABELS / "dev-a.tsv", LABELS / "dev-b.tsv"]
    sample = _keys(LABELS / "agreement-sample.tsv")
    assert sample == agreement.draw_sample(dev, 150, 7)
    assert sorted(_keys(LABELS / "agreement.tsv")) == sorted(sample)
    kinds = {kind for _, kind in agreement.read_rows(LABELS / "agreement.tsv", with_kind=True)}
    assert kinds <= KINDS


def _gold(part: str) -> dict[str, set[tuple[int, int]]]:
    """Each article's gold Source spans, in the reader's order."""
    from tealeaves.evaluate.polnear import iter_articles

    return {a.name: {(t.source.start, t.source.end) for t in a.attributions if t.source}
            for a in iter_articles(need(DATA / "polnear" / part, "PolNeAR"))}


def test_label_files_cover_their_articles_exactly_once_with_known_kinds() -> None:
    labeller = script("label_source_kinds")
    for part, files in (("dev", ["dev-a", "dev-b"]), ("train", ["train-a", "train-b", "train-c", "train-d"])):
        gold = _gold(part)
        rows = [r for f in files for r in labeller.read_labels(LABELS / f"{f}.tsv")]
        assert {r[3] for r in rows} <= KINDS
        keys = [(r[0], r[1], r[2]) for r in rows]
        assert len(keys) == len(set(keys)), f"{part}: a span labelled twice"
        names = {k[0] for k in keys}
        assert {(n, s, e) for n in names for s, e in gold[n]} == set(keys)
        if part == "dev":  # every dev article that has a Source span
            assert names == {n for n, spans in gold.items() if spans}
        else:  # the first 68 articles of the seeded shuffle, a random sample of train
            order = list(gold)
            random.Random(labeller.SAMPLE_SEED).shuffle(order)
            assert names == set(order[:68])
