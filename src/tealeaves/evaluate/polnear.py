"""Reading PolNeAR (brat standoff) attribution annotations for the scorers.

Each ``.ann`` file holds ``T`` lines (``Tn<TAB>Label START END[;START END]<TAB>text``) and
``E`` lines tying one attribution's Source, Cue and Content together. Discontinuous spans
are kept as a tuple of ``(start, end)`` pieces; ``.start``/``.end`` give the outer bounds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GoldSpan:
    pieces: tuple[tuple[int, int], ...]
    text: str

    @property
    def start(self) -> int:
        return min(s for s, _ in self.pieces)

    @property
    def end(self) -> int:
        return max(e for _, e in self.pieces)

    @property
    def length(self) -> int:
        return sum(e - s for s, e in self.pieces)


@dataclass(frozen=True)
class GoldAttribution:
    source: GoldSpan | None
    cue: GoldSpan | None
    content: GoldSpan | None


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]
    annotator: str


def parse_ann(ann_text: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, GoldSpan]] = {}
    events: list[dict[str, str]] = []
    for line in ann_text.splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            pieces = tuple(
                (int(a), int(b))
                for a, b in (p.split() for p in offsets.split(";") if p.strip())
            )
            spans[parts[0]] = (label, GoldSpan(pieces, parts[2] if len(parts) > 2 else ""))
        elif line.startswith("E") and len(parts) >= 2:
            roles = {}
            for item in parts[1].split():
                role, _, ref = item.partition(":")
                roles[role] = ref
            events.append(roles)
    out = []
    for roles in events:

        def get(role: str, roles: dict[str, str] = roles) -> GoldSpan | None:
            ref = roles.get(role)
            return spans[ref][1] if ref in spans else None

        out.append(GoldAttribution(source=get("Source"), cue=get("Cue"), content=get("Content")))
    return out


def iter_articles(root: Path, *, first_annotator_only: bool = True) -> Iterator[GoldArticle]:
    """Yield the gold articles under *root* (a PolNeAR part: ``dev/`` or ``train/``).

    Some articles have several annotators' files; by default the first (sorted by name)
    is used so every article counts once.
    """
    root = Path(root)
    seen: set[str] = set()
    for ann in sorted((root / "attributions").glob("*.ann")):
        name, _, annotator = ann.stem.rpartition("_")
        if first_annotator_only and name in seen:
            continue
        txt = root / "text" / f"{name}.txt"
        if not txt.is_file():
            continue
        seen.add(name)
        text = txt.read_text(encoding="utf-8")
        yield GoldArticle(name, text, tuple(parse_ann(ann.read_text(encoding="utf-8"))), annotator)
