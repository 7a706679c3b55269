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

from ...model import Actor, Claim, Source, Span
from ..actors.roles import titles
from . import cue_rules, hearsay, relays, trailing, turns
from .attribution import (
    CharSpan,
    char_span,
    is_speech_quote,
    is_title,
    source_span,
    text_of,
    trim,
)
from .boundaries import is_cleft, quote_goes_on, relative_speaker
from .cue_rules import CueMatch
from .cues import vocabulary
from .fragments import report_setting, time_only
from .hedges import find_hedges
from .kinds import SourceContext, source_of
from .merge import held_quotes, one_cue_per_quote, outlet_words
from .partial_quotes import clause_around
from .quotes import Quote, find_quotes, quotes_near
from .speakers import breaks_chain, described_names, goes_on, pronouns_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["find_claims"]

#: How far back (paragraph breaks, characters) a cue-less quotation looks for its speaker.
_FLOATING_PARAGRAPHS = 1
_FLOATING_CHARS = 600
#: A cue-less quotation this close after a quotation, in the same paragraph, extends it
#: ("'…,' she said on Monday. '…'").
_MERGE_CHARS = 200


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


def _speaker_like(subj: Token | None) -> bool:
    """A subject that can head a chain of quotations: a name, a pronoun or a person's
    description, not "a meeting with X" (the quotation after "X said, after a meeting with
    Y" is still X's)."""
    if subj is None:
        return False
    return subj.pos_ in ("PROPN", "PRON") or subj.ent_type_ in ("PERSON", "ORG", "NORP") or (
        subj.lemma_.lower() in vocabulary().anonymous or titles().get((subj.lower_,)) is not None)


_DASH = re.compile(r"[ \t]*[―—–][ \t]*")


def _dash_speaker(doc: Doc, q: Quote) -> tuple[Token, Token] | None:
    """ "'…' ― Jane Doe": a quotation signed with a dash and a name (an epigraph, a page of
    readers' voices); the dash is the cue, the name the source."""
    text = text_of(doc)
    m = _DASH.match(text, q.end)
    if m is None:
        return None
    dash = doc.char_span(m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t")),
                         m.start() + len(m.group(0).rstrip(" \t")), alignment_mode="expand")
    name = doc.char_span(m.end(), min(len(text), m.end() + 80), alignment_mode="expand")
    if dash is None or name is None:
        return None
    head = next((e for e in doc.ents if e.start_char == m.end() and e.label_ == "PERSON"), None)
    if head is not None:
        return dash[0], head.root
    toks = [t for t in name if not t.is_space][:1]
    if toks and toks[0].pos_ == "PROPN" and toks[0].is_title:
        return dash[0], toks[0]
    return None


def _name_span(tok: Token) -> CharSpan:
    """The whole name *tok* belongs to (its entity), else the token."""
    if tok.ent_iob_ in ("B", "I"):
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        if ent is not None:
            return ent.start_char, ent.end_char
    return source_span(tok)


def _quotes_left(doc: Doc, quotes: list[Quote], found: list[CueMatch]) -> list[CueMatch]:
    """Speech quotes no cue took: a trailing speaker, the previous quote's speaker, or none."""
    out: list[CueMatch] = []
    text = text_of(doc)
    by_start = sorted(found, key=lambda f: f.content[0])
    starts = [f.content[0] for f in by_start]
    reach = list(accumulate((f.content[1] for f in by_start), max))  # furthest end so far
    cands = sorted((f for f in found if f.quote or _speaker_like(f.subject)),
                   key=lambda f: f.hull()[1])
    turns = [f for f in found if f.turn]
    ptr = 0
    prev: CueMatch | None = None  # the claim ending last before the current quote
    for q in quotes:
        while ptr < len(cands) and cands[ptr].hull()[1] <= q.start:
            if prev is None or cands[ptr].hull()[1] >= prev.hull()[1]:
                prev = cands[ptr]
            ptr += 1
        k = bisect_right(starts, q.start)
        if q.words < 4 or (k and reach[k - 1] >= q.end) or is_title(q.inner):
            continue  # a scare quote or a title, or already part of a claim
        if any(t.hull()[0] <= q.start < t.content[1] for t in turns):
            continue  # a quotation inside a transcript turn is the speaker's
        sp = _speaker_after(doc, q) or _dash_speaker(doc, q)
        if sp is not None:
            verb, subj = sp
            prev = CueMatch(
                content=(q.start, q.end),
                quote=True,
                cue=char_span([verb]),
                subject=subj,
                source=_name_span(subj) if verb.is_punct else source_span(subj),
            )
            out.append(prev)
            continue
        if prev is not None:
            gap = text[prev.hull()[1] : q.start]
            if prev.quote and quote_goes_on(doc, prev.hull()[1], q.start, _MERGE_CHARS):
                prev.content = (prev.content[0], q.end)  # the same speaker goes on
                continue
            if gap.count("\n") <= _FLOATING_PARAGRAPHS * 2 and len(gap) <= _FLOATING_CHARS:
                # a quotation with no cue of its own continues the last speaker
                prev = CueMatch(
                    content=_clause_content(doc, q, found + out),
                    quote=True,
                    subject=prev.subject,
                    source=prev.source,
                    kind=prev.kind,
                    via=prev.via,  # "'…,' X told the BBC. '…'": the same channel goes on
                )
                out.append(prev)
                continue
        # the chain speaker or nobody
        prev = CueMatch(content=_clause_content(doc, q, found + out), quote=True)
        out.append(prev)
    return out


def _clause_content(doc: Doc, q: Quote, found: list[CueMatch]) -> CharSpan:
    """A cue-less partial quotation's clause (``partial_quotes.clause_around``), unless that
    clause reaches into another claim."""
    s, e = clause_around(doc, (q.start, q.end))
    if (s, e) != (q.start, q.end) and any(
            min(e, he) > max(s, hs) for hs, he in (f.hull() for f in found)):
        return q.start, q.end
    return s, e


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
        if not nested or f.keep_nested:
            out.append(f)  # a denied rumour stays a claim beside the denial
    return out


def _drop_speakerless(found: list[CueMatch], doc: Doc) -> list[CueMatch]:
    """A cue with no speaker does not claim what a cue with one already holds: a quotation
    ("'…,' X told the BBC after a meeting to discuss the plan") or a clause that runs into
    another attribution ("Two aides are expected to leave, per sources …")."""
    held = sorted((*f.content, f.cue or (-1, -1), relative_speaker(f.subject)) for f in found
                   if (f.source is not None and _speaker_like(f.subject)) or f.kind is not None)
    starts = [h[0] for h in held]
    out = []
    for f in found:
        weak = f.source is None or (f.quote and not _speaker_like(f.subject))
        if weak and f.kind is None and not f.turn:
            s, e = f.content
            lo = max(0, bisect_right(starts, s) - 40)
            hi = bisect_right(starts, e)
            # a cleft's relative is part of its content ("say it's X, who insisted …")
            cleft = is_cleft(doc, (s, e))
            if any(min(e, he) - max(s, hs) >= (e - s) / 2 or (cue is not None and s <= cue[0] < e
                                                            and not (cleft and rel and he <= e))
                   for hs, he, cue, rel in held[lo:hi]):
                continue
        out.append(f)
    return out


def _dedupe(found: list[CueMatch], doc: Doc) -> list[CueMatch]:
    found = _drop_speakerless(found, doc)
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
                if report_setting(sp) or not any(
                        t.pos_ in ("VERB", "AUX") and t.dep_ not in _MODIFIER_DEPS for t in sp):
                    continue  # only a noun's modifier, or a report's setting ("Asked about X,")
                out.append(span)
    return out


_NOT_CONTENT = frozenset({"one", "two", "what", "whatever", "which", "who", "whom", "this", "these",
                          "those"})


def _fragment(doc: Doc, f: CueMatch) -> bool:
    """Content that cannot be a claim: no word, or one word that stands for nothing said."""
    text = text_of(doc)
    content = text[f.content[0]:f.content[1]]
    words = re.findall(r"[^\W\d_]{2,}", content)
    if f.turn:
        return False
    # one word can be a claim ("endorsed Clinton", "called him a 'liar'"), but not a bare
    # number or wh-word ("He supported One", "what"), nor markup ('pic=""'), nor a lone
    # participle ("the biases shown in the report": "shown" is no claim)
    if not f.quote and time_only(doc, f.content):
        return True  # "requests over a six-year time period": a time is nothing said
    if len(words) == 1 and not f.quote:
        span = doc.char_span(*f.content, alignment_mode="expand")
        if span is not None and len(span) == 1 and span[0].pos_ in ("VERB", "AUX"):
            return True  # nor a lone verb ("plummeted in the polls": "plummeted")
    return not words or (len(words) == 1 and (words[0].lower() in _NOT_CONTENT or "=" in content))


def _sources(ctx: SourceContext, found: list[CueMatch]) -> list[tuple[CueMatch, Source]]:
    """Each attribution's source, in text order, so that "he added" after a quotation goes to
    that quotation's speaker (the chain) rather than to a person named in between."""
    out: dict[int, Source] = {}
    chain: Actor | None = None
    chain_end = 0
    chain_via: CharSpan | None = None
    unnamed_end = -1  # where the last claim of unnamed people ended (-1: none live)
    by_id = {a.id: a for a in ctx.actors}
    text = text_of(ctx.doc)
    called: dict[str, frozenset[str]] = {}  # each chain speaker's pronouns, read once
    for n, f in sorted(enumerate(found), key=lambda nf: nf[1].hull()):
        start = f.hull()[0]
        said = None if chain is None else called.get(chain.id)
        if chain is not None and said is None:
            said = called[chain.id] = pronouns_of(chain)
        gap = text[chain_end:start] if chain is not None and chain_end <= start else "\n\n\n"
        near = len(gap) <= _FLOATING_CHARS and gap.count("\n") <= 2 * _FLOATING_PARAGRAPHS
        live = chain if near and chain is not None and not breaks_chain(
            ctx, chain, chain_end, start, goes_on(ctx.doc, f, said)) else None
        unnamed = unnamed_end >= 0 and len(text[unnamed_end:start]) <= _FLOATING_CHARS and \
            text[unnamed_end:start].count("\n") <= 2 * _FLOATING_PARAGRAPHS
        source = out[n] = source_of(ctx, f, live, unnamed_before=unnamed)
        if source.kind == "anonymous" and f.subject is not None and (
                f.subject.tag_ == "NNS" or f.subject.lower_ in ("they", "them")):
            unnamed_end = f.hull()[1]  # "two sources told CNN …; they cautioned …"
        elif source.kind != "author":
            unnamed_end = -1
        if live is not None and source.actor == live.id and f.via is None:
            f.via = chain_via  # "he added" after "X told the BBC": the same channel
        actor = by_id.get(source.actor or "")
        if actor is not None and actor.kind == "person" and source.kind == "named_person":
            chain, chain_end = actor, f.hull()[1]
            chain_via = f.via
        elif source.kind != "author":
            chain, chain_end = None, f.hull()[1]
    return [(f, out[n]) for n, f in enumerate(found)]


def find_claims(doc: Doc, actors: list[Actor]) -> list[Claim]:
    """All claims of the article in *doc*, each with its source, cue, channel and hedges."""
    vocab = vocabulary()
    quotes = find_quotes(text_of(doc))
    used: set[int] = set()
    found = turns.speaker_turns(doc, used)
    found += cue_rules.rumours(doc, vocab, used)
    found += cue_rules.according_to(doc, used)
    found += cue_rules.colon_heads(doc, used, vocab.verbs)
    found += trailing.trailing_sources(doc, quotes, vocab, used)
    found += cue_rules.verb_cues(doc, quotes, vocab, used)
    found += hearsay.passives(doc, used)
    found += hearsay.attributive(doc, used)
    found += hearsay.noun_clauses(doc, used)
    found += cue_rules.noun_cues(doc, vocab, used)
    found += hearsay.noun_subjects(doc, used)
    found += hearsay.talk_of(doc, used)
    found += hearsay.evidentials(doc, used)
    found += cue_rules.documents(doc, vocab, used)
    found = relays.lifted_clauses(doc, found)
    found = _dedupe(hearsay.inside_sourced_words(found), doc)
    relays.fix_datelines(doc, found)
    relays.fix_inversions(doc, found)
    found = relays.apply_relays(doc, found)
    relays.sent_documents(doc, found)
    found = held_quotes(one_cue_per_quote(_outermost(found)))
    _extend_into_quotes(found, quotes)
    found += _quotes_left(doc, quotes, found)
    described_names(found)
    claims: list[tuple[int, int, Claim]] = []
    text = text_of(doc)
    ctx = SourceContext(doc, actors, vocab, quotes)
    for f, source in _sources(ctx, found):
        if _fragment(doc, f):
            continue
        via = None
        if f.via is not None:
            outlet = ctx.index.actor_at(*f.via)
            # an outlet or platform the actors stage does not know ("state television",
            # "Telegram") is named by its words
            via = outlet.id if outlet else outlet_words(text, f.via)
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
