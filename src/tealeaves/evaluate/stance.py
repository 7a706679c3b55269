"""Score the target-dependent stance model on NewsMTSC dev files (macro-F1).

    tealeaves evaluate stance [--data ../shared/data/newsmtsc]

Each target of each sentence is classified by :func:`tealeaves.stages.stance.assess.classify_targets`
(the same model and features as ``tealeaves.stance_towards``) and compared with its gold
polarity (2 negative, 4 neutral, 6 positive).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError

POLARITY: dict[float, str] = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
DEV_FILES: tuple[str, ...] = ("dev-rw.jsonl", "dev-mt.jsonl")


def iter_targets(path: Path) -> Iterator[tuple[str, int, int, str]]:
    """``(sentence, start, end, label)`` for every target in a NewsMTSC jsonl file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            sentence = row["sentence_normalized"]
            for t in row["targets"]:
                yield sentence, int(t["from"]), int(t["to"]), POLARITY[float(t["polarity"])]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}", f"not a NewsMTSC record ({exc})") from exc


def macro_f1(gold: list[str], pred: list[str], labels: tuple[str, ...] = LABELS) -> float:
    """Unweighted mean of per-label F1 over *labels*."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    f1s = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / len(f1s)


def score_file(path: Path) -> dict[str, Any]:
    """Macro-F1 and accuracy of the stance model on one NewsMTSC file."""
    from ..stages.stance.assess import classify_targets

    rows = list(iter_targets(path))
    if not rows:
        raise InputError(str(path), "no targets")
    pred = classify_targets([(s, a, b) for s, a, b, _ in rows])
    gold = [r[3] for r in rows]
    correct = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    return {
        "file": path.name,
        "n": len(rows),
        "macro_f1": macro_f1(gold, pred),
        "accuracy": correct / len(rows),
    }


def score_dev(folder: Path, names: tuple[str, ...] = DEV_FILES) -> list[dict[str, Any]]:
    """:func:`score_file` on each NewsMTSC dev file in *folder*, in order."""
    results = []
    for name in names:
        path = folder / name
        if not path.is_file():
            raise InputError(str(path), "not found")
        results.append(score_file(path))
    return results
