"""Russian actors against factRuEval-2016 (``../shared/data/factrueval/devset``).

An annotated object (Person, Org, LocOrg, Location) counts as found when a name mention
of some actor overlaps one of its spans; recall is reported per object type. factRuEval
marks every mention of an entity, so this is mention-level recall of named entities.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TYPES = ("Person", "Org", "LocOrg", "Location")


@dataclass(frozen=True)
class GoldObject:
    type: str
    spans: tuple[tuple[int, int], ...]


def read_book(txt: Path) -> tuple[str, list[GoldObject]]:
    """A factRuEval text and its objects (character spans from ``.spans``)."""
    text = txt.read_text("utf-8")
    spans: dict[str, tuple[int, int]] = {}
    for line in txt.with_suffix(".spans").read_text("utf-8").splitlines():
        parts = line.split("#")[0].split()
        if len(parts) >= 4 and parts[2].isdigit() and parts[3].isdigit():
            spans[parts[0]] = (int(parts[2]), int(parts[2]) + int(parts[3]))
    objects: list[GoldObject] = []
    for line in txt.with_suffix(".objects").read_text("utf-8").splitlines():
        parts = line.split("#")[0].split()
        if len(parts) >= 3 and parts[1] in TYPES:
            found = tuple(spans[s] for s in parts[2:] if s in spans)
            if found:
                objects.append(GoldObject(parts[1], found))
    return text, objects


def books(root: Path, limit: int | None = None) -> Iterator[Path]:
    paths = sorted(root.glob("book_*.txt"), key=lambda p: int(p.stem.split("_")[1]))
    yield from paths[:limit] if limit else paths


def evaluate_actors_ru(root: Path, limit: int | None = None) -> dict[str, Any]:
    """Recall per object type, and articles per second through parse + actors."""
    from ..lang.ru.actors import find_actors_ru
    from ..lang.ru.parse import parse

    total: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    n = 0
    t0 = time.perf_counter()
    for txt in books(root, limit):
        text, objects = read_book(txt)
        actors = find_actors_ru(parse(text))
        names = [(m.start, m.end) for a in actors for m in a.mentions if m.form == "name"]
        for obj in objects:
            total[obj.type] += 1
            if any(s < me and ms < e for s, e in obj.spans for ms, me in names):
                hit[obj.type] += 1
        n += 1
    secs = time.perf_counter() - t0
    recall = {t: round(hit[t] / total[t], 4) if total[t] else None for t in TYPES}
    people_orgs = sum(hit[t] for t in ("Person", "Org")) / max(1, total["Person"] + total["Org"])
    return {"documents": n, "objects": dict(total), "recall": recall,
            "recall_person_org": round(people_orgs, 4),
            "articles_per_second": round(n / secs, 3) if secs else None}


def kb_resolution(articles: list[Path]) -> dict[str, Any]:
    """Of the person mentions in *articles* whose nominative surname is the surname of a
    knowledge-base person's Cyrillic name, the share whose actor got that person's id
    (the English pipeline's id). Misses show failed case normalisation, a surname not
    joined to its full name, or a namesake taken for the KB person."""
    from ..lang.ru.actors import find_actors_ru
    from ..lang.ru.kb import key, load_index
    from ..lang.ru.parse import parse
    from ..stages.actors.clusters import slug

    index = load_index()
    surnames: dict[str, set[str]] = {}  # a surname two KB people share counts for either
    for alias, entry in index.names.items():
        if entry.kind == "person":
            surnames.setdefault(alias.split()[-1], set()).add(slug(entry.name))
    total = same = 0
    for path in articles:
        doc = parse(path.read_text("utf-8"))
        actors = find_actors_ru(doc)
        ids = {(m.start, m.end): a.id for a in actors for m in a.mentions}
        for ent in doc.ents:
            want = surnames.get(key(ent.normal.split()[-1])) if ent.type == "PER" else None
            if want is None:
                continue
            total += 1
            same += ids.get((ent.start, ent.end)) in want
    return {"mentions": total, "same_id": same,
            "share": round(same / total, 4) if total else None}
