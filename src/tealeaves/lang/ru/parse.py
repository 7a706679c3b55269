"""The Russian parse: natasha (razdel tokens and sentences, slovnet morphology, syntax and
NER, navec vectors), loaded once and only when a Russian article arrives.

The parse is kept in plain records (:class:`RuDoc`) with character offsets into the
article's text, so the Russian stages never depend on natasha's own classes. Sentences
never cross a paragraph break (razdel joins a headline to the next line) and are cut at
:data:`~tealeaves.nlp.MAX_SENTENCE_TOKENS` tokens, as the English parse is.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...errors import ModelError
from ...nlp import MAX_SENTENCE_TOKENS, paragraphs

_lock = threading.Lock()

#: What to tell a user whose install lacks the Russian extra.
MISSING = "Russian analysis needs the 'ru' extra: pip install 'tealeaves[ru]' (natasha)"


@dataclass(frozen=True)
class RuToken:
    """One token: offsets into the text, natasha's POS, features, lemma and dependency."""

    i: int
    text: str
    start: int
    end: int
    pos: str
    feats: dict[str, str]
    lemma: str
    head: int  # index of the head token, -1 for a sentence root
    rel: str
    sent: int


@dataclass(frozen=True)
class RuEntity:
    """A PER, ORG or LOC span from natasha's NER with its nominative form."""

    type: str
    start: int
    end: int
    text: str
    normal: str
    first: int  # first token index
    last: int  # last token index (inclusive)


@dataclass
class RuDoc:
    text: str
    tokens: list[RuToken]
    sents: list[tuple[int, int]]  # token index ranges [first, end)
    ents: list[RuEntity]
    _children: list[list[int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._children = [[] for _ in self.tokens]
        for t in self.tokens:
            if t.head >= 0:
                self._children[t.head].append(t.i)

    def children(self, i: int) -> list[RuToken]:
        return [self.tokens[j] for j in self._children[i]]

    def subtree(self, i: int) -> tuple[int, int]:
        """Token range ``[first, last]`` of *i*'s subtree (iterative; no recursion; natasha
        picks each head on its own, so a cycle is possible and each token is seen once)."""
        lo = hi = i
        stack = [i]
        seen = {i}
        while stack:
            j = stack.pop()
            lo, hi = min(lo, j), max(hi, j)
            for c in self._children[j]:
                if c not in seen:
                    seen.add(c)
                    stack.append(c)
        return lo, hi

    def sent_tokens(self, s: int) -> list[RuToken]:
        a, b = self.sents[s]
        return self.tokens[a:b]

    def token_at(self, char: int) -> RuToken | None:
        """The token that covers character *char* (binary search)."""
        lo, hi = 0, len(self.tokens) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            t = self.tokens[mid]
            if char < t.start:
                hi = mid - 1
            elif char >= t.end:
                lo = mid + 1
            else:
                return t
        return None

    def entity_of(self, i: int) -> RuEntity | None:
        for e in self.ents:
            if e.first <= i <= e.last:
                return e
        return None


@dataclass(frozen=True)
class Natasha:
    segmenter: Any
    vocab: Any
    morph: Any
    syntax: Any
    ner: Any


@lru_cache(maxsize=1)
def load_natasha() -> Natasha:
    """natasha's models, loaded once per process (they ship in its wheels)."""
    with _lock:
        try:
            from natasha import (
                MorphVocab,
                NewsEmbedding,
                NewsMorphTagger,
                NewsNERTagger,
                NewsSyntaxParser,
                Segmenter,
            )
        except ImportError as exc:
            raise ModelError(MISSING) from exc
        emb = NewsEmbedding()
        return Natasha(Segmenter(), MorphVocab(), NewsMorphTagger(emb), NewsSyntaxParser(emb),
                       NewsNERTagger(emb))


def _sentence_bounds(text: str, nat: Natasha) -> list[tuple[int, int]]:
    """razdel's sentences, cut again at every paragraph break."""
    out: list[tuple[int, int]] = []
    for p0, p1 in paragraphs(text):
        for s in nat.segmenter.sentenize(text[p0:p1]):
            if text[p0 + s.start : p0 + s.stop].strip():
                out.append((p0 + s.start, p0 + s.stop))
    return out


def _natasha_doc(text: str, nat: Natasha) -> Any:
    from natasha import Doc
    from natasha.doc import DocSent, DocToken

    doc = Doc(text)
    doc.tokens = [DocToken(t.start, t.stop, t.text) for t in nat.segmenter.tokenize(text)]
    sents: list[Any] = []
    toks = iter(doc.tokens)
    pending = next(toks, None)
    for a, b in _sentence_bounds(text, nat):
        group: list[Any] = []
        while pending is not None and pending.start < b:
            if pending.start >= a:
                group.append(pending)
            pending = next(toks, None)
        for k in range(0, len(group), MAX_SENTENCE_TOKENS):  # cap over-long runs
            part = group[k : k + MAX_SENTENCE_TOKENS]
            sent = DocSent(part[0].start, part[-1].stop, text[part[0].start : part[-1].stop])
            sent.tokens = part
            sents.append(sent)
    doc.sents = sents
    if sents:
        doc.tag_morph(nat.morph)
        doc.parse_syntax(nat.syntax)
        doc.tag_ner(nat.ner)
    else:
        doc.spans = []
    return doc


def parse(text: str) -> RuDoc:
    """Parse *text* with natasha into a :class:`RuDoc`."""
    nat = load_natasha()
    doc = _natasha_doc(text, nat)
    tokens: list[RuToken] = []
    sents: list[tuple[int, int]] = []
    for s, sent in enumerate(doc.sents):
        base = len(tokens)
        ids = {t.id: base + k for k, t in enumerate(sent.tokens)}
        for t in sent.tokens:
            t.lemmatize(nat.vocab)
            tokens.append(RuToken(
                i=len(tokens), text=t.text, start=t.start, end=t.stop, pos=t.pos or "X",
                feats=dict(t.feats or {}), lemma=(t.lemma or t.text).lower(),
                head=ids.get(t.head_id, -1), rel=t.rel or "", sent=s))
        sents.append((base, len(tokens)))
    starts = {t.start: t.i for t in tokens}
    ends = {t.end: t.i for t in tokens}
    ents: list[RuEntity] = []
    for sp in doc.spans:
        if sp.start not in starts or sp.stop not in ends:
            continue
        try:
            sp.normalize(nat.vocab)
            normal = sp.normal or sp.text
        except Exception:  # noqa: BLE001 - normalisation is best effort: keep the surface form
            normal = sp.text
        ents.append(RuEntity(sp.type, sp.start, sp.stop, sp.text, normal,
                             starts[sp.start], ends[sp.stop]))
    return RuDoc(text=text, tokens=tokens, sents=sents, ents=ents)
