"""Sourcing: every claim in an article, who stands behind it, and how firmly.

``find_claims(doc, actors)`` returns one :class:`~tealeaves.model.Claim` per

- attributed statement: a reporting cue ("said", "told", "according to", "accused …
  of", a colon introduction, a noun cue with a that-clause) with its content (a direct
  quotation, possibly over several sentences or paragraphs and interrupted by "he said",
  or the reported clause) and its source (the subject, the agent, the "according to"
  object, the noun a "who" stands for, or the group a mock quote is put in the mouth of);
- hearsay: rumour frames ("word is", "rumour has it") and evidential adverbs
  ("reportedly", "allegedly") with no stated source;
- author assertion: what is left of each sentence outside attributions (questions and
  verbless fragments skipped), with source kind ``author``.

Each claim carries its cue span, its channel (``via``: the actor id of the outlet it
came through, "through the newspaper X", "in an interview with X", "told X"), and its
hedge spans (``resources/hedges.txt``). Sources link to actors by overlap with actor
mentions; a pronoun the actors stage did not resolve falls back to the nearest earlier
subject of a fitting kind.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING

from ...model import Actor, Claim, Source, SourceKind, Span
from ..actors.roles import titles
from ..syntax import actor_at
from . import cue_rules
from .attribution import (
    CharSpan,
    antecedent,
    char_span,
    is_speech_quote,
    source_span,
    text_of,
    trim,
)
from .cue_rules import CueMatch
from .cues import CueVocabulary, vocabulary
from .hedges import find_hedges
from .quotes import Quote, find_quotes, quotes_near

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["find_claims"]

_FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
_PLURAL_PRONOUNS = {"they", "them", "their"}
_PERSONAL = _PERSON_PRONOUNS | _PLURAL_PRONOUNS | {"it"}
#: How far back (paragraph breaks, characters) a cue-less quotation looks for its speaker.
_FLOATING_PARAGRAPHS = 1
_FLOATING_CHARS = 600
#: A cue-less quotation this close after a quotation, in the same paragraph, extends it
#: ("'…,' she said on Monday. '…'").
_MERGE_CHARS = 200


def _resolve_pronoun(doc: Doc, actors: list[Actor], tok: Token) -> Actor | None:
    """Nearest earlier actor mention of a fitting kind, subjects first (a fallback)."""
    if tok.lower_ not in _PERSON_PRONOUNS | _PLURAL_PRONOUNS:
        return None  # "it", "this": too often an event or a thing
    kinds = {"person"} if tok.lower_ in _PERSON_PRONOUNS else {"organization", "group", "place"}
    cands: list[tuple[bool, int, Actor]] = []
    for actor in actors:
        if actor.kind not in kinds:
            continue
        for m in actor.mentions:
            if m.end <= tok.idx and tok.idx - m.end < 800 and m.form != "pronoun":
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                is_subj = span is not None and span.root.dep_ in ("nsubj", "nsubjpass")
                cands.append((is_subj, m.end, actor))
    if not cands:
        return None
    subj = [c for c in cands if c[0]]
    return max(subj or cands, key=lambda c: c[1])[2]


_QUANTIFIERS = frozenset(
    {"some", "many", "several", "few", "most", "certain", "various", "numerous", "other"}
)


def _noun_kind(doc: Doc, span: CharSpan, vocab: CueVocabulary) -> SourceKind:
    """Kind of a source with no actor behind it, from its words."""
    sp = doc.char_span(*span, alignment_mode="expand")
    if sp is None:
        return "anonymous"
    low = sp.text.lower()
    if any(low.startswith(p) for p in vocab.anonymous_phrases):
        return "anonymous"
    if any(t.ent_type_ == "PERSON" for t in sp):
        return "named_person"
    root = sp.root
    if root.lower_ in vocab.anonymous or root.lemma_.lower() in vocab.anonymous:
        return "anonymous"
    if root.tag_ in ("NNS", "NNPS") and any(
        c.dep_ == "nummod" or (c.dep_ in ("det", "amod") and c.lower_ in _QUANTIFIERS)
        for c in root.children
    ):
        return "anonymous"  # "some Democrats", "two Republicans": members nobody names
    det = next((c.lower_ for c in root.children if c.dep_ == "det"), "")
    title = titles().get((root.lower_,))
    if (title is not None and title.cls != "spokesperson" and root.tag_ == "NN"
            and not root.ent_type_ and det not in ("a", "an", "some", "one")):
        # a definite description of one person ("the South Carolina senator", "the mogul"):
        # the place or company named in it does not make the source an organization (a
        # spokesperson, though, speaks for the organization named)
        return "named_person"
    if any(t.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "WORK_OF_ART") for t in sp):
        return "named_organization"
    if root.pos_ == "PROPN":
        return "named_person"
    if root.tag_ in ("NNS", "NNPS") or det in ("a", "an", "some", "one"):
        return "anonymous"
    return "named_organization"


def _source(
    doc: Doc, f: CueMatch, actors: list[Actor], vocab: CueVocabulary, quotes: list[Quote]
) -> Source:
    if f.kind is not None and f.source is None:
        return Source(kind=f.kind)
    if f.source is None or f.subject is None:
        return Source(kind="anonymous")
    start, end = f.source
    text = text_of(doc)[start:end]
    subj = f.subject
    ante = antecedent(subj)
    low = subj.lower_
    in_quote = any(q.start < subj.idx < q.end for q in quotes_near(quotes, subj.idx, subj.idx + 1))
    actor: Actor | None = None
    kind: SourceKind
    if ante is not None:
        aspan = source_span(ante)
        actor = actor_at(actors, *aspan)
        kind = _noun_kind(doc, aspan, vocab)
    elif low in _FIRST_PERSON and not in_quote:
        return Source(kind="author", start=start, end=end, text=text)
    elif subj.pos_ == "PRON":
        actor = actor_at(actors, start, end) or _resolve_pronoun(doc, actors, subj)
        kind = "named_person" if low in _PERSON_PRONOUNS else "anonymous"
    else:
        actor = actor_at(actors, subj.idx, subj.idx + len(subj.text)) or actor_at(
            actors, start, end
        )
        kind = _noun_kind(doc, (start, end), vocab)
        if (actor is not None and actor.kind != "person" and kind == "named_person"
                and subj.pos_ == "NOUN"):
            actor = None  # "the South Carolina senator" is not South Carolina
    if f.kind is not None:
        kind = f.kind  # fixed by the rule that found it (a transcript label names a person)
    if kind == "anonymous" and not (subj.pos_ == "PRON" and low in _PERSONAL):
        actor = None  # "officials", "some insiders": unnamed, whatever group they belong to
    elif actor is not None:
        kind = "named_person" if actor.kind == "person" else "named_organization"
    return Source(kind=kind, actor=actor.id if actor else None, start=start, end=end, text=text)


_TRAILER = re.compile(r"\s*,?\s*")


def _speaker_after(doc: Doc, q: Quote) -> tuple[Token, Token] | None:
    """ "'…!' they complain" / "'…,' scoffed Smith": a subject and verb right after a quote."""
    m = _TRAILER.match(text_of(doc), q.end)
    pos = m.end() if m else q.end
    span = doc.char_span(pos, min(len(text_of(doc)), pos + 60), alignment_mode="expand")
    if span is None:
        return None
    toks = []
    for t in span:
        if t.is_punct:
            break
        toks.append(t)
    if not 2 <= len(toks) <= 5:
        return None
    verbs = [t for t in toks if t.pos_ == "VERB"]
    if len(verbs) != 1:
        return None
    verb = verbs[0]
    subj = next((t for t in toks if t.dep_ in ("nsubj",) and t.head.i == verb.i), None)
    return (verb, subj) if subj is not None else None


def _quotes_left(doc: Doc, quotes: list[Quote], found: list[CueMatch]) -> list[CueMatch]:
    """Speech quotes no cue took: a trailing speaker, the previous quote's speaker, or none."""
    out: list[CueMatch] = []
    text = text_of(doc)
    by_start = sorted(found, key=lambda f: f.content[0])
    starts = [f.content[0] for f in by_start]
    reach = list(accumulate((f.content[1] for f in by_start), max))  # furthest end so far
    cands = sorted(
        (f for f in found if f.quote or f.subject is not None), key=lambda f: f.hull()[1]
    )
    turns = [f for f in found if f.turn]
    ptr = 0
    prev: CueMatch | None = None  # the claim ending last before the current quote
    for q in quotes:
        while ptr < len(cands) and cands[ptr].hull()[1] <= q.start:
            if prev is None or cands[ptr].hull()[1] >= prev.hull()[1]:
                prev = cands[ptr]
            ptr += 1
        k = bisect_right(starts, q.start)
        if q.words < 4 or (k and reach[k - 1] >= q.end):
            continue  # a scare quote, or already part of a claim
        if any(t.hull()[0] <= q.start < t.content[1] for t in turns):
            continue  # a quotation inside a transcript turn is the speaker's
        sp = _speaker_after(doc, q)
        if sp is not None:
            verb, subj = sp
            prev = CueMatch(
                content=(q.start, q.end),
                quote=True,
                cue=char_span([verb]),
                subject=subj,
                source=source_span(subj),
            )
            out.append(prev)
            continue
        if prev is not None:
            gap = text[prev.hull()[1] : q.start]
            if prev.quote and len(gap) <= _MERGE_CHARS and "\n" not in gap:
                prev.content = (prev.content[0], q.end)  # the same speaker goes on
                continue
            if gap.count("\n") <= _FLOATING_PARAGRAPHS * 2 and len(gap) <= _FLOATING_CHARS:
                # a quotation with no cue of its own continues the last speaker
                prev = CueMatch(
                    content=(q.start, q.end),
                    quote=True,
                    subject=prev.subject,
                    source=prev.source,
                    kind=prev.kind,
                )
                out.append(prev)
                continue
        prev = CueMatch(content=(q.start, q.end), quote=True, kind="anonymous")
        out.append(prev)
    return out


def _extend_into_quotes(found: list[CueMatch], quotes: list[Quote]) -> None:
    """Reported content that runs into a quotation takes all of it ("According to X, '… .
    … .'")."""
    for f in found:
        for q in quotes_near(quotes, f.content[0], f.content[1]):
            if f.content[0] <= q.start < f.content[1] < q.end and is_speech_quote(q):
                f.content = (f.content[0], q.end)


def _outermost(found: list[CueMatch]) -> list[CueMatch]:
    """Drop attributions nested inside another one's reported content ("X said Y told him Z").

    The outer claim already carries the nested one as what X said; PolNeAR, too, annotates
    the outer attribution.
    """
    contents = sorted({f.content for f in found})
    starts = [c[0] for c in contents]
    # for each prefix of the contents (by start), the two reaching furthest
    best: list[tuple[CharSpan, CharSpan | None]] = []
    top: CharSpan | None = None
    second: CharSpan | None = None
    for c in contents:
        if top is None or c[1] > top[1]:
            top, second = c, top
        elif second is None or c[1] > second[1]:
            second = c
        best.append((top, second))
    out = []
    for f in found:
        # the source may lie outside ("Ban vowed not to repeat the mistake": "repeat" takes
        # Ban as its subject through the infinitive); the cue and content decide
        core = [f.content, *(s for s in (f.cue,) if s), *f.extra]
        hs, he = min(s for s, _ in core), max(e for _, e in core)
        k = bisect_right(starts, hs)
        nested = False
        if k:
            for g in best[k - 1]:
                if g is not None and g != f.content and g[1] >= he:
                    nested = True
        if not nested:
            out.append(f)
    return out


def _dedupe(found: list[CueMatch]) -> list[CueMatch]:
    out: list[CueMatch] = []
    active: list[CueMatch] = []  # kept claims that reach past the current start
    for f in sorted(found, key=lambda f: (f.content[0], -(f.content[1] - f.content[0]))):
        a = f.content
        active = [g for g in active if g.content[1] > a[0]]
        dup = False
        for g in active:
            b = g.content
            ov = min(a[1], b[1]) - max(a[0], b[0])
            if ov > 0.8 * max(a[1] - a[0], b[1] - b[0]) and (
                f.cue == g.cue or f.cue is None or g.cue is None
            ):
                dup = True
                break
        if not dup:
            out.append(f)
            active.append(f)
    return out


def _union(spans: list[CharSpan]) -> list[CharSpan]:
    merged: list[CharSpan] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


#: Verbs in these relations only describe a noun ("the mediator who chaired the session",
#: "a statement released on Monday"); a piece with no other verb is not a claim.
_MODIFIER_DEPS = frozenset({"relcl", "acl", "amod", "compound", "npadvmod"})


def _lines(text: str, start: int, end: int) -> list[CharSpan]:
    """The line-broken pieces of ``text[start:end]``: the parser sometimes runs a headline or
    a paragraph's last words into the next line's sentence, but a line break ends a claim."""
    out: list[CharSpan] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if stop > pos:
            out.append((pos, stop))
        pos = stop + 1
    return out


def _author_claims(doc: Doc, found: list[CueMatch]) -> list[CharSpan]:
    covered = _union([f.hull() for f in found])
    ends = [e for _, e in covered]
    text = text_of(doc)
    out: list[CharSpan] = []
    for sent in doc.sents:
        for line_start, line_end in _lines(text, sent.start_char, sent.end_char):
            if text[line_start:line_end].rstrip().rstrip("”\"’').").endswith("?"):
                continue
            pieces = []
            pos = line_start
            i = bisect_right(ends, line_start)
            while i < len(covered) and covered[i][0] < line_end:
                cs, ce = covered[i]
                if cs > pos:
                    pieces.append((pos, cs))
                pos = max(pos, ce)
                i += 1
            if pos < line_end:
                pieces.append((pos, line_end))
            for ps, pe in pieces:
                span = trim(doc, ps, pe)
                if span is None:
                    continue
                sp = doc.char_span(*span, alignment_mode="contract")
                if sp is None or sum(1 for t in sp if t.is_alpha) < 3:
                    continue
                if not any(t.pos_ in ("VERB", "AUX") and t.dep_ not in _MODIFIER_DEPS
                           for t in sp):
                    continue  # a fragment whose only verb modifies a noun asserts nothing
                out.append(span)
    return out


def find_claims(doc: Doc, actors: list[Actor]) -> list[Claim]:
    """All claims of the article in *doc*, each with its source, cue, channel and hedges."""
    vocab = vocabulary()
    quotes = find_quotes(text_of(doc))
    used: set[int] = set()
    found = cue_rules.speaker_turns(doc, used)
    found += cue_rules.rumours(doc, vocab, used)
    found += cue_rules.according_to(doc, used)
    found += cue_rules.colon_heads(doc, used)
    found += cue_rules.verb_cues(doc, quotes, vocab, used)
    found += cue_rules.noun_cues(doc, vocab, used)
    found += cue_rules.evidentials(doc, used)
    found += cue_rules.documents(doc, vocab, used)
    found = _dedupe(found)
    found = _outermost(found)
    _extend_into_quotes(found, quotes)
    found += _quotes_left(doc, quotes, found)
    claims: list[tuple[int, int, Claim]] = []
    text = text_of(doc)
    for f in found:
        source = _source(doc, f, actors, vocab, quotes)
        via = None
        if f.via is not None:
            outlet = actor_at(actors, *f.via)
            via = outlet.id if outlet else None
        hs, he = f.hull()
        hedges = find_hedges(doc, hs, he)
        cue = Span(f.cue[0], f.cue[1], text[f.cue[0] : f.cue[1]]) if f.cue else None
        s, e = f.content
        claims.append(
            (
                s,
                e,
                Claim(
                    id="",
                    start=s,
                    end=e,
                    text=text[s:e],
                    quote=f.quote,
                    source=source,
                    cue=cue,
                    via=via,
                    hedges=hedges,
                ),
            )
        )
    for s, e in _author_claims(doc, found):
        claims.append(
            (
                s,
                e,
                Claim(
                    id="",
                    start=s,
                    end=e,
                    text=text[s:e],
                    quote=False,
                    source=Source(kind="author"),
                    hedges=find_hedges(doc, s, e),
                ),
            )
        )
    claims.sort(key=lambda c: (c[0], c[1]))
    return [_with_id(c, i) for i, (_, _, c) in enumerate(claims, 1)]


def _with_id(claim: Claim, n: int) -> Claim:
    from dataclasses import replace

    return replace(claim, id=f"c{n}")
