"""Spans the entity recogniser misses or mislabels: outlets, named events, groups.

Vocabularies are data (``resources/outlets.txt``, ``resources/groups.txt``); the event
pattern is "<proper noun or place> <event noun>" ("the Geneva talks", "the Minsk
summit", "the Paris conference"), the spelling the text uses to treat an event as named.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

EVENT_NOUNS = frozenset(
    "summit talks conference convention election elections referendum war treaty accord "
    "accords debate primary caucus caucuses forum negotiations ceasefire truce agreement "
    "protests protest uprising revolution games olympics congress meeting".split()
)


def _lines(name: str) -> list[str]:
    text = resources.files("tealeaves").joinpath(f"resources/{name}").read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Given name (lowercase) → "female" / "male" (``resources/given_names.txt``)."""
    out: dict[str, str] = {}
    for line in _lines("given_names.txt"):
        name, _, gender = line.partition("\t")
        out[name.strip().lower()] = gender.strip()
    return out


@lru_cache(maxsize=1)
def masthead_heads() -> frozenset[str]:
    """Last words of outlet names ("News", "Times"): "<Capitalised…> News" is an outlet."""
    return frozenset(n[1:].split()[-1] for n in _lines("outlets.txt") if n.startswith("*"))


@lru_cache(maxsize=1)
def outlets() -> dict[tuple[str, ...], str]:
    """Outlet names keyed by their words (with and without a leading "The")."""
    out: dict[tuple[str, ...], str] = {}
    for name in _lines("outlets.txt"):
        if name.startswith("*"):
            continue
        words = tuple(name.split())
        out[words] = name
        if words[0] == "The" and len(words) > 1:
            out[words[1:]] = name
    return out


@lru_cache(maxsize=1)
def _outlet_max() -> int:
    return max(len(k) for k in outlets())


def is_outlet(words: tuple[str, ...]) -> bool:
    return words in outlets()


@lru_cache(maxsize=1)
def group_heads() -> dict[tuple[str, ...], str]:
    return {tuple(g.split()): g for g in _lines("groups.txt")}


@dataclass(frozen=True)
class NameSpan:
    start: int  # token offsets
    end: int
    kind: str  # "organization", "event", "group"
    name: str


def find_outlets(doc: Doc) -> Iterator[NameSpan]:
    """Outlet names as written ("Financial Times", "Vedomosti"), longest match first."""
    lex = outlets()
    n_max = _outlet_max()
    texts = [t.text for t in doc]  # read once: a key is built at every capital and length
    i = 0
    while i < len(doc):
        hit = None
        if texts[i][:1].isupper():
            for n in range(min(n_max, len(doc) - i), 0, -1):
                words = tuple(texts[i : i + n])
                if words in lex:
                    hit = NameSpan(i, i + n, "organization", lex[words])
                    break
        if hit is None and texts[i] in masthead_heads() and i > 0 and doc[i].pos_ == "PROPN" \
                and not (i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN"):
            lo = i
            while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].text[:1].isupper() \
                    and doc[lo - 1].ent_type_ not in ("PERSON",):
                lo -= 1
            if lo < i:
                hit = NameSpan(lo, i + 1, "organization", doc[lo : i + 1].text)
        if hit is not None:
            yield hit
            i = hit.end
        else:
            i += 1


def find_named_events(doc: Doc) -> Iterator[NameSpan]:
    """Named events: proper-noun or place modifiers before an event noun."""
    for tok in doc:
        if tok.lower_ not in EVENT_NOUNS or tok.pos_ != "NOUN":
            continue
        lo = tok.i
        while lo > 0:
            prev = doc[lo - 1]
            hyphenated = lo >= 2 and doc[lo - 2].text in ("-", "–")
            if prev.pos_ == "PROPN" and prev.ent_type_ not in ("PERSON",) \
                    and prev.text[:1].isupper() and not hyphenated:
                lo -= 1
            else:
                break
        if lo == tok.i:
            continue
        name = doc[lo : tok.i + 1].text
        yield NameSpan(lo, tok.i + 1, "event", name)


def find_groups(doc: Doc) -> Iterator[NameSpan]:
    """Collective political groups from ``groups.txt`` (plural, or "the <collective>")."""
    lex = group_heads()
    for chunk in doc.noun_chunks:
        root = chunk.root
        lemma = root.lemma_.lower()
        words: tuple[str, ...] = (lemma,)
        if root.i > chunk.start:
            two = (doc[root.i - 1].lower_, lemma)
            if two in lex:
                words = two
        if words not in lex:
            continue
        plural = root.tag_ in ("NNS", "NNPS")
        definite = chunk[0].lower_ == "the"
        if not plural and not (definite and len(words) > 1 or definite and root.lower_ in (
                "establishment", "opposition", "elite", "entourage")):
            continue
        start = root.i - len(words) + 1
        yield NameSpan(start, root.i + 1, "group", doc[start : root.i + 1].text.lower())
