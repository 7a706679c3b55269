"""Scoring the source kind of claims against hand labels of PolNeAR Source spans.

The labels (``data/polnear-source-kinds/{dev,train}-*.tsv``, TSV ``file start end kind``,
written by hand by ``SOURCING-GUIDE.md`` with ``scripts/label_source_kinds.py``) give the
kind of each gold Source span. A predicted attributed claim is paired with a gold
attribution exactly as ``tealeaves evaluate sourcing`` pairs them
(:func:`tealeaves.evaluate.sourcing.match_pairs`); a pair counts here when its gold
attribution has a labelled Source span. The figures are kind accuracy on those pairs,
per-kind precision/recall/F1 over them (a confusion table's rows and columns), and the
confusion table itself.

``tealeaves evaluate sourcing-kinds`` prints them (default: PolNeAR dev with the dev labels).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Claim
from .polnear import GoldArticle
from .sourcing import match_pairs

KINDS = ("named_person", "named_organization", "anonymous", "rumour", "author")
LabelKey = tuple[str, int, int]
#: Where the label files live in the repository.
LABELS_DIR = Path(__file__).resolve().parents[3] / "data" / "polnear-source-kinds"


def read_labels(paths: Iterable[Path]) -> dict[LabelKey, str]:
    """``(file, start, end) -> kind`` from label files; a malformed line is an error."""
    labels: dict[LabelKey, str] = {}
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(str(path), f"cannot read labels ({exc})") from exc
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.startswith(("#", "file\t")):
                continue
            parts = line.split("\t")
            kind = parts[3].strip() if len(parts) >= 4 else ""
            if kind not in KINDS or not (parts[1].isdigit() and parts[2].isdigit()):
                raise InputError(f"{path}:{number}", "expected file, start, end, kind")
            labels[(parts[0], int(parts[1]), int(parts[2]))] = kind
    return labels


def label_files(part: str, folder: Path = LABELS_DIR) -> list[Path]:
    """The label files of *part* (``dev`` or ``train``): every ``PART-*.tsv`` (or PART.tsv)."""
    return sorted([*folder.glob(f"{part}-*.tsv"), *folder.glob(f"{part}.tsv")])


def _prf(right: int, predicted: int, gold: int) -> dict[str, float]:
    p = right / predicted if predicted else 0.0
    r = right / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "gold": gold, "predicted": predicted}


def score(
    results: Iterable[tuple[Sequence[Claim], GoldArticle]], labels: dict[LabelKey, str]
) -> dict[str, Any]:
    """Kind accuracy, per-kind P/R/F1 and the confusion over labelled matched pairs."""
    confusion: Counter[tuple[str, str]] = Counter()
    articles = pairs_n = unlabelled = 0
    for claims, gold in results:
        articles += 1
        for claim, att in match_pairs(claims, gold)[2]:
            pairs_n += 1
            src = att.source
            kind = labels.get((gold.name, src.start, src.end)) if src is not None else None
            if kind is None:
                unlabelled += 1
                continue
            confusion[(kind, claim.source.kind)] += 1
    n = sum(confusion.values())
    right = sum(v for (g, p), v in confusion.items() if g == p)
    per_kind = {}
    for k in KINDS:
        gold_k = sum(v for (g, _), v in confusion.items() if g == k)
        pred_k = sum(v for (_, p), v in confusion.items() if p == k)
        if gold_k or pred_k:
            per_kind[k] = _prf(confusion[(k, k)], pred_k, gold_k)
    return {
        "articles": articles,
        "matched": pairs_n,
        "labelled": n,
        "unlabelled": unlabelled,
        "kind_accuracy": round(right / n, 4) if n else 0.0,
        "per_kind": per_kind,
        "confusion": {g: {p: confusion[(g, p)] for p in KINDS if confusion[(g, p)]}
                      for g in KINDS if any(confusion[(g, p)] for p in KINDS)},
    }


def evaluate(root: Path, label_paths: Sequence[Path], limit: int | None = None
             ) -> dict[str, Any]:
    """Run actors + sourcing over the PolNeAR part at *root* and score the kinds.

    The content and joint figures of ``evaluate sourcing`` come along under ``sourcing``.
    """
    from .sourcing import predict
    from .sourcing import score as score_sourcing

    if not label_paths:
        raise InputError(str(LABELS_DIR), "no label files (data/polnear-source-kinds/PART-*.tsv)")
    labels = read_labels(label_paths)
    files = {k[0] for k in labels}
    results = predict(root, limit, only=files)
    if not results:
        raise InputError(str(root), "no labelled article in this PolNeAR part")
    return {**score(results, labels), "sourcing": score_sourcing(results).to_dict()}
