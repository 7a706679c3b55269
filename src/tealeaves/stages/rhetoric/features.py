"""Features for the rhetoric stage: token features for the span finder (a CRF) and
span features for the technique classifier.

Everything here is computed from the spaCy ``Doc`` (or the raw text) alone, so the same
code serves training (``scripts/train_rhetoric.py``), evaluation and the pipeline.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from ...nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

TokenFeatures = dict[str, str | float]

_QUOTE_CHARS = {'"', "“", "”", "«", "»", "„"}
_WORD = re.compile(r"\w+")


def _shape(text: str) -> str:
    """A short word shape: Xx, x, X, d, with runs collapsed."""
    out: list[str] = []
    for ch in text[:12]:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def sentence_units(doc: Doc) -> list[list[Token]]:
    """The doc's sentences as lists of non-whitespace tokens (empty ones dropped)."""
    units = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        if toks:
            units.append(toks)
    return units


def quote_state(doc: Doc) -> list[bool]:
    """For each token, whether it lies between an opening and a closing double quote.

    Computed once per Doc (the CRF features and the genre model's voice and register
    features all ask for it) and kept in ``doc.user_data``; each call returns a fresh list."""
    cached = doc.user_data.get(_QUOTE_KEY)
    if cached is None:
        cached = _quote_state(doc)
        doc.user_data[_QUOTE_KEY] = cached
    return list(cached)


def _quote_state(doc: Doc) -> list[bool]:
    inside = False
    state = []
    for text in (tok.text for tok in doc):
        if text in {"“", "«", "``"}:
            inside = True
            state.append(False)
        elif text in {"”", "»", "''"}:
            inside = False
            state.append(False)
        elif text in _QUOTE_CHARS:
            inside = not inside
            state.append(False)
        else:
            if "\n" in text:
                inside = False
            state.append(inside)
    return state


_QUOTE_KEY = "tealeaves.quote_state"


@dataclass(frozen=True)
class _TokenAttrs:
    """The spaCy attributes the CRF features read, one list per attribute, indexed by
    ``Token.i``: read once per Doc, since each token's features also name its neighbours'
    (reading a spaCy attribute builds a Python string each time)."""

    low: list[str]
    lem: list[str]
    pos: list[str]
    text: list[str]
    alpha: list[bool]
    stop: list[bool]
    tag: list[str]
    dep: list[str]
    #: the entity type, ``""`` outside an entity
    ent: list[str]
    #: the index of each token's head
    head: list[int]

    @classmethod
    def of(cls, doc: Doc) -> _TokenAttrs:
        from spacy.attrs import DEP, ENT_TYPE, TAG

        from ..syntax import head_indices

        toks = list(doc)
        return cls([t.lower_ for t in toks], [t.lemma_.lower() for t in toks],
                   [t.pos_ for t in toks], [t.text for t in toks],
                   [t.is_alpha for t in toks], [t.is_stop for t in toks],
                   _names(doc, TAG), _names(doc, DEP), _names(doc, ENT_TYPE),
                   head_indices(doc))


def _names(doc: Doc, attr: int) -> list[str]:
    """The string of the parse's *attr* (``TAG``, ``DEP``, ``ENT_TYPE``) for every token,
    as ``Token.tag_`` and the like give it: each distinct id looked up in the vocabulary's
    strings once per Doc, not once per token."""
    strings = doc.vocab.strings
    names: dict[int, str] = {}
    out = []
    ids = cast("list[int]", doc.to_array([attr]).reshape(-1).tolist())  # uint64 ids
    for i in ids:
        name = names.get(i)
        if name is None:
            name = names[i] = strings[i]
        out.append(name)
    return out


def _sentence_feats(toks: Sequence[Token], text: str, title_end: int) -> TokenFeatures:
    """The features every token of one sentence shares."""
    sent_text = text[toks[0].idx : toks[-1].idx + len(toks[-1])]
    first = _WORD.search(sent_text.lower()) if _WORD.search(sent_text) else None
    return {
        "s_len": str(min(len(toks) // 10, 5)),
        "s_excl": float("!" in sent_text),
        "s_q": float("?" in sent_text),
        "s_quote": float(any(q in sent_text for q in _QUOTE_CHARS)),
        "s_title": float(toks[0].idx < title_end),
        "s_first": first.group(0) if first else "",
    }


def doc_token_features(
    doc: Doc, units: list[list[Token]] | None = None
) -> list[list[TokenFeatures]]:
    """CRF features for every non-space token, one list per sentence (*units*: the Doc's
    :func:`sentence_units`, when the caller has them already)."""
    quoted = quote_state(doc)
    text = doc_text(doc)
    title_end = text.find("\n")
    if title_end < 0:
        title_end = len(text)
    a = _TokenAttrs.of(doc)
    # how often each lower-cased content word occurs in the article (repetition cue)
    counts: dict[str, int] = {}
    for low, alpha, stop in zip(a.low, a.alpha, a.stop, strict=True):
        if alpha and not stop:
            counts[low] = counts.get(low, 0) + 1
    out: list[list[TokenFeatures]] = []
    shapes: dict[str, str] = {}
    for toks in sentence_units(doc) if units is None else units:
        out.append(_unit_features(toks, a, quoted, counts,
                                  _sentence_feats(toks, text, title_end), shapes))
    return out


#: The neighbour features' names per offset: (word, POS, lemma, the offset itself).
_NEIGHBOURS: tuple[tuple[int, str, str, str], ...] = tuple(
    (off, f"{off}:w", f"{off}:pos", f"{off}:lem") for off in (-2, -1, 1, 2))


def _unit_features(toks: Sequence[Token], a: _TokenAttrs, quoted: list[bool],
                   counts: dict[str, int], sent_feats: TokenFeatures,
                   shapes: dict[str, str] | None = None) -> list[TokenFeatures]:
    """The CRF features of one sentence's tokens (*shapes*: a memo of :func:`_shape` by
    text, shared across an article's sentences)."""
    n = len(toks)
    ids = [t.i for t in toks]
    if shapes is None:
        shapes = {}
    # (lower-cased word, POS, lemma) of each token: what a neighbour contributes
    word = [(a.low[j], a.pos[j], a.lem[j]) for j in ids]
    feats_sent: list[TokenFeatures] = []
    for i, tok in enumerate(toks):
        k = ids[i]
        low = a.low[k]
        hk = a.head[k]
        text = a.text[k]
        shape = shapes.get(text)
        if shape is None:
            shape = shapes[text] = _shape(text)
        f: TokenFeatures = {
            "bias": 1.0,
            "w": low,
            "lem": a.lem[k],
            "suf3": low[-3:],
            "pre3": low[:3],
            "shape": shape,
            "pos": a.pos[k],
            "tag": a.tag[k],
            "dep": a.dep[k],
            "ent": a.ent[k] or "O",
            "stop": float(a.stop[k]),
            "punct": float(tok.is_punct),
            "title": float(tok.is_title),
            "upper": float(tok.is_upper and len(text) > 1),
            "quoted": float(quoted[k]),
            "hlem": a.lem[hk],
            "hpos": a.pos[hk],
            "rel_pos": str(min(int(5 * i / n), 4)),
            "rep": str(min(counts.get(low, 0), 4)) if a.alpha[k] and not a.stop[k] else "-",
        }
        f.update(sent_feats)
        for off, kw, kpos, klem in _NEIGHBOURS:
            j = i + off
            if 0 <= j < n:
                w, pos, lem = word[j]
                f[kw] = w
                f[kpos] = pos
                f[klem] = lem
            else:
                f[kw] = "<S>" if j < 0 else "</S>"
        if i > 0:
            f["-1:w|w"] = word[i - 1][0] + "|" + low
        if i + 1 < n:
            f["w|+1:w"] = low + "|" + word[i + 1][0]
        feats_sent.append(f)
    return feats_sent


def bio_labels(units: Sequence[Sequence[Token]], spans: Sequence[tuple[int, int]]) -> list[list[str]]:
    """BIO labels of the tokens in *units* given gold character spans (overlaps merged)."""
    starts = sorted(spans)
    out: list[list[str]] = []
    for toks in units:
        labs: list[str] = []
        prev_in: tuple[int, int] | None = None
        for tok in toks:
            a, b = tok.idx, tok.idx + len(tok)
            hit = None
            for s, e in starts:
                if s < b and a < e:
                    hit = (s, e)
                    break
                if s >= b:
                    break
            if hit is None:
                labs.append("O")
                prev_in = None
            else:
                labs.append("I" if prev_in == hit else "B")
                prev_in = hit
        out.append(labs)
    return out


def sentence_of(doc: Doc, start: int, end: int) -> Span:
    """The sentence (or sentences) covering characters start..end of the doc."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return doc[0:0]
    first = span[0].sent
    last = span[-1].sent
    return doc[first.start : last.end]


# --- technique classification: features of a (start, end) span of raw text ---------------

_SENT_BREAK = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the sentence(s) around start..end, found by punctuation and lines."""
    left = 0
    for m in _SENT_BREAK.finditer(text, 0, start):
        left = m.end()
    return left, _right_bound(text, end)


def _right_bound(text: str, end: int) -> int:
    m2 = _SENT_BREAK.search(text, end)
    right = m2.start() if m2 else len(text)
    return max(right, end)


class _TextIndex:
    """The sentence breaks and words of one text, found once, so that each span's sentence
    and its earlier occurrences are looked up rather than searched for from the start of the
    text (which made :func:`span_records` quadratic in the text's length). Every answer is
    the one :func:`sentence_bounds` and the prefix search give (tests hold them equal)."""

    def __init__(self, text: str) -> None:
        self.text = text
        breaks = [(m.start(), m.end()) for m in _SENT_BREAK.finditer(text)]
        self.break_starts = [a for a, _b in breaks]
        self.break_ends = [b for _a, b in breaks]
        low = text.lower()
        # lower() maps each character to one (no İ → i̇, no final-sigma rule): a prefix of
        # the lower-cased text is then the lower-cased prefix
        self.simple = len(low) == len(text) and "Σ" not in text
        words = [(m.start(), m.end()) for m in _WORD.finditer(low)] if self.simple else []
        self.word_starts = [a for a, _b in words]
        self.word_ends = [b for _a, b in words]
        self.norm_text = f" {' '.join(low[a:b] for a, b in words)} " if self.simple \
            else f" {_norm(text)} "
        # cut[k]: the normalised text of the first k words is norm_text[:cut[k]] + " "
        self.cut = [1]
        for a, b in words:
            self.cut.append(self.cut[-1] + (b - a) + (1 if len(self.cut) > 1 else 0))

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """:func:`sentence_bounds` of ``start..end``."""
        k = bisect.bisect_right(self.break_ends, start)  # breaks wholly before start
        left = self.break_ends[k - 1] if k else 0
        if k < len(self.break_starts) and self.break_starts[k] < start:
            # a break straddles start: search it as sentence_bounds does, cut at start
            for m in _SENT_BREAK.finditer(self.text, self.break_starts[k], start):
                left = m.end()
        return left, _right_bound(self.text, end)

    def earlier(self, start: int, norm: str) -> bool:
        """Whether the normalised words *norm* occur in the normalised text before *start*."""
        k = bisect.bisect_right(self.word_ends, start)  # words wholly before start
        if not self.simple or (k < len(self.word_starts) and self.word_starts[k] < start):
            # a word cut by start (or an irregular lower-casing): the prefix itself
            return f" {_norm(self.text[:start])} ".count(f" {norm} ") > 0
        return k > 0 and self.norm_text.find(f" {norm} ", 0, self.cut[k] + 1) >= 0


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.lower()))


def _syntax(doc: Doc | None, start: int, end: int) -> str:
    """Coarse syntax of a span as words: POS sequence, root dependency, entity types."""
    if doc is None:
        return ""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return ""
    toks = [t for t in span if not t.is_space]
    parts = ["P_" + "_".join(t.pos_ for t in toks[:4])]
    parts += [f"p_{t.pos_}" for t in toks]
    root = span.root
    parts += [f"dep_{root.dep_}", f"rootpos_{root.pos_}", f"head_{root.head.pos_}"]
    parts += [f"ent_{t.ent_type_}" for t in toks if t.ent_type_]
    parts.append(f"ntok_{min(len(toks), 8)}")
    return " ".join(parts)


def span_records(
    text: str, spans: Sequence[tuple[int, int]], doc: Doc | None = None
) -> list[dict[str, str | float]]:
    """For each span: its text, its sentence's text, syntax (when *doc* is given) and
    numeric cues (length, repetition…)."""
    index = _TextIndex(text)
    norm_text = index.norm_text
    title_end = text.find("\n")
    if title_end < 0:
        title_end = len(text)
    recs: list[dict[str, str | float]] = []
    for start, end in spans:
        span = text[start:end]
        s0, s1 = index.bounds(start, end)
        sent = text[s0:s1]
        norm = _norm(span)
        words = norm.split()
        reps = norm_text.count(f" {norm} ") if len(norm) >= 3 else 0
        earlier = len(norm) >= 3 and index.earlier(start, norm)
        before = text[max(0, start - 1) : start]
        after = text[end : end + 1]
        recs.append(
            {
                "span": span,
                "sent": sent,
                "syntax": _syntax(doc, start, end),
                "left": " ".join(_WORD.findall(text[max(s0, start - 40) : start].lower())[-3:]),
                "right": " ".join(_WORD.findall(text[end : min(s1, end + 40)].lower())[:3]),
                "edges": f"first_{words[0]} last_{words[-1]}" if words else "",
                "n_words": float(len(words)),
                "log_chars": math.log1p(len(span)),
                "reps": float(min(reps, 10)),
                "rep2": float(reps >= 2),
                "earlier": float(earlier),
                "sent_cover": (end - start) / max(1, s1 - s0),
                "quoted": float(before in _QUOTE_CHARS or after in _QUOTE_CHARS),
                "title": float(start < title_end),
                "excl": float("!" in span),
                "quest": float("?" in sent),
                "caps": sum(c.isupper() for c in span) / max(1, len(span)),
            }
        )
    return recs
