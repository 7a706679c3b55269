"""Score the event extractor on PLOVER gold-standard records.

    tealeaves evaluate events [--gold ../shared/data/plover/gold-records.jsonl]

For each record the actors and events stages run over its ``text``. The gold event is
located by its ``(EVT: ...)`` brackets in ``textInfo.markup``; the predicted event chosen
for it is the first one whose action span overlaps a gold EVT span, preferring events
other than STATEMENT (PLOVER codes what is said, not the saying); with no overlap, the
first non-STATEMENT event of the text; with none, there is no prediction (counted wrong).

* **category accuracy**: predicted category == gold category. ``mapped`` scores the
  project's ACCUSE as PLOVER's DISAPPROVE (PLOVER folds accusation, CAMEO 112, into
  DISAPPROVE); ``strict`` compares the labels as they are.
* **actor accuracy**: over records with a gold source, the chosen event's actor is an
  actor one of whose mentions overlaps (by at least one character) a gold source span —
  an ``(SRC: ...)`` / ``(SRC/TAR: ...)`` bracket or a source ``actorText`` found in the text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Actor, Article, Event

#: Project categories scored as their PLOVER parent.
TO_PLOVER: dict[str, str] = {"ACCUSE": "DISAPPROVE"}

_BRACKET = re.compile(r"\((SRC/TAR|SRC|TAR|EVT|LOC):\s*")


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    category: str
    events: tuple[tuple[int, int], ...]
    sources: tuple[tuple[int, int], ...]


def _fragments(markup: str, kinds: tuple[str, ...]) -> list[str]:
    """Texts inside the brackets of the given kinds (nested brackets flattened)."""
    out: list[str] = []
    for m in _BRACKET.finditer(markup):
        if m.group(1) not in kinds:
            continue
        depth, i, buf = 1, m.end(), []
        while i < len(markup) and depth:
            ch = markup[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    break
            buf.append(ch)
            i += 1
        frag = _BRACKET.sub("", "".join(buf)).replace(")", "").strip()
        if frag:
            out.append(frag)
    return out


def _locate(text: str, fragments: list[str]) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for frag in fragments:
        pos = text.find(frag)
        if pos < 0:
            pos = text.lower().find(frag.lower())
        if pos >= 0:
            spans.append((pos, pos + len(frag)))
    return tuple(spans)


def read_gold(path: Path) -> list[GoldRecord]:
    """Parse ``gold-records.jsonl`` into records with character spans into ``text``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from exc
    records = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text = row["text"]
            markup = row.get("textInfo", {}).get("markup", "")
            src_texts = [s["actorText"] for s in row.get("source") or () if isinstance(s, dict) and s.get("actorText")]
            records.append(
                GoldRecord(
                    id=row["id"],
                    text=text,
                    category=row["event"],
                    events=_locate(text, _fragments(markup, ("EVT",))),
                    sources=_locate(text, _fragments(markup, ("SRC", "SRC/TAR")) + src_texts),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}", f"not a PLOVER record ({exc})") from exc
    return records


def choose_event(events: list[Event], gold_events: tuple[tuple[int, int], ...]) -> Event | None:
    """The predicted event that stands for the gold one (see the module docstring)."""
    overlapping = [
        e for e in events if any(e.action.start < b and a < e.action.end for a, b in gold_events)
    ]
    for pool in (overlapping, events):
        primary = [e for e in pool if e.category != "STATEMENT"]
        if primary:
            return primary[0]
        if pool is overlapping and overlapping:
            return overlapping[0]
    return None


def actor_matches(actor_id: str | None, actors: list[Actor], sources: tuple[tuple[int, int], ...]) -> bool:
    if actor_id is None:
        return False
    for actor in actors:
        if actor.id != actor_id:
            continue
        return any(m.start < b and a < m.end for m in actor.mentions for a, b in sources)
    return False


def score(records: list[GoldRecord]) -> dict[str, Any]:
    """Category (strict and mapped) and actor accuracy over *records*."""
    from ..nlp import load_model
    from ..stages.actors.build import find_actors
    from ..stages.events.extract import find_events

    nlp = load_model()
    strict = mapped = actor_ok = actor_n = 0
    per_category: dict[str, list[int]] = {}
    docs = nlp.pipe([r.text for r in records], batch_size=64)
    for rec, doc in zip(records, docs, strict=True):
        actors = find_actors(doc, Article.from_text(rec.text))
        events = find_events(doc, actors)
        chosen = choose_event(events, rec.events)
        pred = chosen.category if chosen else None
        hit_strict = pred == rec.category
        hit_mapped = pred is not None and TO_PLOVER.get(pred, pred) == rec.category
        strict += hit_strict
        mapped += hit_mapped
        per_category.setdefault(rec.category, [0, 0])
        per_category[rec.category][0] += hit_mapped
        per_category[rec.category][1] += 1
        if rec.sources:
            actor_n += 1
            actor_ok += actor_matches(chosen.actor if chosen else None, actors, rec.sources)
    n = len(records)
    return {
        "n": n,
        "category_accuracy": mapped / n if n else 0.0,
        "category_accuracy_strict": strict / n if n else 0.0,
        "actor_n": actor_n,
        "actor_accuracy": actor_ok / actor_n if actor_n else 0.0,
        "per_category": {k: {"correct": v[0], "n": v[1]} for k, v in sorted(per_category.items())},
    }
