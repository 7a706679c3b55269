"""The Propaganda Techniques Corpus (SemEval-2020 Task 11): reader and the task's scorers.

SI (span identification) is scored as in the task (Da San Martino et al., 2019/2020):
for predicted spans S and gold spans T of one article, with
``C(s, t, h) = |s ∩ t| / h`` (characters in common over a normalising length),

    P(S, T) = 1/|S| · Σ_{s∈S, t∈T} C(s, t, |s|)
    R(S, T) = 1/|T| · Σ_{s∈S, t∈T} C(s, t, |t|)

summed over all articles before dividing (micro-averaged), F1 their harmonic mean.
As in the official ``task-SI_scorer.py``, overlapping spans of one side are merged first,
and an empty side gives 0 (not undefined).

TC (technique classification) is micro-F1 over the given gold spans; with every gold
span given exactly one prediction it equals accuracy. Identical spans carrying several
gold labels are matched as a multiset (the official scorer's best assignment).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

SpanList = Sequence[tuple[int, int]]


@dataclass(frozen=True)
class PtcArticle:
    """One PTC article: its text and its gold (start, end, technique) spans."""

    id: str
    text: str
    spans: tuple[tuple[int, int, str], ...] = field(default=())

    @property
    def si_spans(self) -> list[tuple[int, int]]:
        """Gold propaganda spans without labels, overlaps merged (the SI gold)."""
        return merge_spans([(s, e) for s, e, _ in self.spans])


def iter_articles(root: Path, limit: int | None = None) -> Iterator[PtcArticle]:
    """Read ``root/articles/articleID.txt`` with the labels of ``root/train-task2-TC.labels``."""
    art_dir = root / "articles"
    labels = root / "train-task2-TC.labels"
    if not art_dir.is_dir() or not labels.is_file():
        raise InputError(str(root), "not a PTC folder (needs articles/ and train-task2-TC.labels)")
    by_id: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for n, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise InputError(f"{labels}:{n}", "expected id, technique, start, end")
        by_id[parts[0]].append((int(parts[2]), int(parts[3]), parts[1]))
    files = sorted(art_dir.glob("article*.txt"))
    if limit is not None:
        files = files[:limit]
    for path in files:
        art_id = path.stem.removeprefix("article")
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        yield PtcArticle(art_id, text, tuple(sorted(by_id.get(art_id, []))))


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined; empty spans dropped."""
    out: list[tuple[int, int]] = []
    for s, e in sorted((s, e) for s, e in spans if e > s):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


#: One article's terms of the SI formula: (precision numerator, predicted spans, recall
#: numerator, gold spans). They add up over articles, so scores of any subset of articles
#: are sums (``si_from_counts``).
SiCounts = tuple[float, int, float, int]


def si_counts(predicted: SpanList, gold: SpanList) -> SiCounts:
    """One article's :data:`SiCounts`: each predicted span earns the share of its characters
    inside gold spans, each gold span the share of its characters that were predicted."""
    preds = merge_spans(predicted)
    golds = merge_spans(gold)
    p_num = r_num = 0.0
    for ps, pe in preds:
        for gs, ge in golds:
            inter = min(pe, ge) - max(ps, gs)
            if inter > 0:
                p_num += inter / (pe - ps)
                r_num += inter / (ge - gs)
    return p_num, len(preds), r_num, len(golds)


def si_from_counts(counts: Iterable[SiCounts]) -> PRF:
    """SI precision, recall and F1 from summed per-article :data:`SiCounts`."""
    p_num = r_num = 0.0
    p_den = r_den = 0
    for a, b, c, d in counts:
        p_num += a
        p_den += b
        r_num += c
        r_den += d
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return PRF(p, r, _f1(p, r))


def si_score(
    predicted: Mapping[str, SpanList], gold: Mapping[str, SpanList]
) -> PRF:
    """SemEval-2020 Task 11 SI score of *predicted* against *gold* spans, keyed by article."""
    return si_from_counts(si_counts(predicted.get(a, ()), gold.get(a, ()))
                          for a in set(predicted) | set(gold))


def tc_micro_f1(
    predicted: Sequence[tuple[str, int, int, str]], gold: Sequence[tuple[str, int, int, str]]
) -> PRF:
    """Micro P/R/F1 of ``(article, start, end, technique)`` records; identical spans match as multisets."""
    pred_c = Counter(predicted)
    gold_c = Counter(gold)
    tp = sum((pred_c & gold_c).values())
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    return PRF(p, r, _f1(p, r))


def per_technique_f1(
    predicted: Sequence[tuple[str, int, int, str]], gold: Sequence[tuple[str, int, int, str]]
) -> dict[str, PRF]:
    """TC P/R/F1 per technique (the gold and predicted records with that label)."""
    labels = sorted({g[3] for g in gold} | {p[3] for p in predicted})
    out: dict[str, PRF] = {}
    for lab in labels:
        pr = [x for x in predicted if x[3] == lab]
        go = [x for x in gold if x[3] == lab]
        out[lab] = tc_micro_f1(pr, go)
    return out
