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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Actor, Claim, Source, SourceKind, Span
from .attribution import (
    CharSpan,
    antecedent,
    channel_of,
    char_span,
    content_of,
    is_speech_quote,
    source_span,
    subject_of,
    subtree_span,
    text_of,
    trim,
)
from .cues import Vocabulary, vocabulary
from .hedges import find_hedges
from .quotes import Quote, find_quotes

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
#: "X seems to …": the writer's own hedged claim, not an attribution (the verb is a hedge).
_EVIDENTIAL_VERBS = {"seem", "appear"}
_EVIDENTIAL_ADVERBS = {"reportedly", "allegedly", "supposedly", "purportedly", "reputedly"}


@dataclass
class _Found:
    content: CharSpan
    quote: bool
    cue: CharSpan | None = None
    source: CharSpan | None = None
    subject: Token | None = None  # the token heading the source
    kind: SourceKind | None = None  # fixed kind (rumour, anonymous hearsay)
    via: CharSpan | None = None
    extra: list[CharSpan] = field(default_factory=list)  # other spans the attribution covers

    def hull(self) -> CharSpan:
        spans = [self.content, *(s for s in (self.cue, self.source) if s), *self.extra]
        return min(s for s, _ in spans), max(e for _, e in spans)


def actor_at(actors: list[Actor], start: int, end: int) -> Actor | None:
    """The actor with a mention overlapping ``[start, end)`` the most (ties: the later one)."""
    best: tuple[int, Actor] | None = None
    for actor in actors:
        for m in actor.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            if overlap > 0 and (best is None or overlap >= best[0]):
                best = (overlap, actor)
    return best[1] if best else None


def _lookup(actors: list[Actor], start: int, end: int) -> Actor | None:
    try:  # the actors stage's own lookup, where it has one
        from .actors import actor_at as stage_actor_at  # type: ignore[attr-defined]
    except ImportError:
        return actor_at(actors, start, end)
    found = stage_actor_at(actors, start, end)
    return found if isinstance(found, Actor) else None


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


def _noun_kind(doc: Doc, span: CharSpan, vocab: Vocabulary) -> SourceKind:
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
    if any(t.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "WORK_OF_ART") for t in sp):
        return "named_organization"
    if root.pos_ == "PROPN":
        return "named_person"
    det = next((c.lower_ for c in root.children if c.dep_ == "det"), "")
    if root.tag_ in ("NNS", "NNPS") or det in ("a", "an", "some", "one"):
        return "anonymous"
    return "named_organization"


def _source(
    doc: Doc, f: _Found, actors: list[Actor], vocab: Vocabulary, quotes: list[Quote]
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
    in_quote = any(q.start < subj.idx < q.end for q in quotes)
    actor: Actor | None = None
    kind: SourceKind
    if ante is not None:
        aspan = source_span(ante)
        actor = _lookup(actors, *aspan)
        kind = _noun_kind(doc, aspan, vocab)
    elif low in _FIRST_PERSON and not in_quote:
        return Source(kind="author", start=start, end=end, text=text)
    elif subj.pos_ == "PRON":
        actor = _lookup(actors, start, end) or _resolve_pronoun(doc, actors, subj)
        kind = "named_person" if low in _PERSON_PRONOUNS else "anonymous"
    else:
        actor = _lookup(actors, subj.idx, subj.idx + len(subj.text)) or _lookup(actors, start, end)
        kind = _noun_kind(doc, (start, end), vocab)
    if kind == "anonymous" and not (subj.pos_ == "PRON" and low in _PERSONAL):
        actor = None  # "officials", "some in the circle": unnamed, whatever group they belong to
    elif actor is not None:
        kind = "named_person" if actor.kind == "person" else "named_organization"
    return Source(kind=kind, actor=actor.id if actor else None, start=start, end=end, text=text)


def _cue_span(doc: Doc, cue: Token, prep: Token | None) -> CharSpan:
    toks = [cue]
    toks += [c for c in cue.children if c.dep_ == "prt"]
    if prep is not None:
        toks.append(prep)
    toks.sort(key=lambda t: t.i)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _takes_clause(tok: Token) -> bool:
    """A verb with a that-clause and a subject of its own ("X realised that …")."""
    for c in tok.children:
        if c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            return any(d.dep_ in ("nsubj",) for d in tok.children)
    return False


def _verb_cues(doc: Doc, quotes: list[Quote], vocab: Vocabulary, used: set[int]) -> list[_Found]:
    out = []
    inside = [(q.start, q.end) for q in quotes if is_speech_quote(q)]
    for tok in doc:
        if tok.i in used or tok.pos_ != "VERB" or tok.dep_ in ("amod", "compound"):
            continue
        if any(s < tok.idx < e for s, e in inside):
            continue  # speech reported inside a quotation belongs to the quotation
        if tok.lemma_.lower() in _EVIDENTIAL_VERBS:
            continue
        if tok.lemma_.lower() not in vocab.verbs and not _takes_clause(tok):
            continue
        got = content_of(doc, tok, quotes, vocab)
        if got is None:
            continue
        content, is_quote, prep = got
        subj, _passive = subject_of(tok)
        f = _Found(
            content=content,
            quote=is_quote,
            cue=_cue_span(doc, tok, prep),
            via=channel_of(tok, vocab),
        )
        if (
            subj is not None
            and not any(q.start <= subj.idx < q.end for q in quotes)
            and not (not is_quote and content[0] <= subj.idx < content[1])
        ):
            f.subject = subj
            f.source = source_span(subj)
        used.add(tok.i)
        out.append(f)
    return out


def _according_to(doc: Doc, used: set[int]) -> list[_Found]:
    out = []
    for tok in doc:
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        sent = tok.sent
        phrase = (tok.idx, subtree_span(pobj)[1])
        if phrase[1] >= sent.end_char - 2 or text_of(doc)[phrase[1] : sent.end_char].strip() in (
            "",
            ".",
            "!",
        ):
            content = trim(doc, sent.start_char, phrase[0])
        elif phrase[0] <= sent.start_char + 2:
            content = trim(doc, phrase[1], sent.end_char)
        else:
            content = trim(doc, sent.start_char, sent.end_char)
        if content is None:
            continue
        f = _Found(
            content=content,
            quote=False,
            cue=(tok.idx, to.idx + 2),
            subject=pobj,
            source=source_span(pobj),
        )
        used.update((tok.i, to.i))
        out.append(f)
    return out


def _colon_heads(doc: Doc, used: set[int]) -> list[_Found]:
    """ "Name: what they said" — a short name before a colon, at the start of a sentence or
    after a dash."""
    out = []
    for sent in doc.sents:
        for colon in (t for t in sent if t.text == ":"):
            # the name runs back from the colon to the sentence start or a dash
            begin = colon.i
            while begin > sent.start and doc[begin - 1].text not in ("-", "—", "–", "--"):
                begin -= 1
            if 0 < colon.i - begin <= 5:
                break
        else:
            continue
        head = doc[begin : colon.i]
        if not all(t.pos_ in ("PROPN", "PART") or t.ent_type_ or t.is_punct for t in head):
            continue
        if not any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in head):
            continue
        content = trim(doc, colon.idx + 1, sent.end_char)
        if content is None:
            continue
        used.add(colon.i)
        out.append(
            _Found(
                content=content,
                quote=False,
                cue=char_span([colon]),
                subject=head.root,
                source=char_span(head),
            )
        )
    return out


def _documents(doc: Doc, vocab: Vocabulary, used: set[int]) -> list[_Found]:
    """ "…, in a CNN poll" / "In the latest survey, …": a document as the source."""
    out = []
    for tok in doc:
        if tok.lower_ not in ("in", "by") or tok.dep_ != "prep" or tok.i in used:
            continue
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if (
            pobj is None
            or pobj.lemma_.lower() not in vocab.documents
            or pobj.lemma_.lower()
            in ("statement", "letter", "email", "column", "book", "article", "story", "interview")
        ):
            continue
        head = tok.head
        if head.pos_ not in ("VERB", "AUX"):
            continue
        content = trim(doc, *subtree_span(head, skip=tok))
        if content is None:
            continue
        used.add(tok.i)
        out.append(
            _Found(
                content=content,
                quote=False,
                cue=char_span([tok]),
                subject=pobj,
                source=source_span(pobj),
            )
        )
    return out


def _rumours(doc: Doc, vocab: Vocabulary, used: set[int]) -> list[_Found]:
    out = []
    for sent in doc.sents:
        toks = [t.lower_ for t in sent]
        for i in range(len(toks)):
            if i > 0 and not (sent[i - 1].is_punct or sent[i - 1].pos_ == "CCONJ"):
                continue
            for phrase in vocab.rumour:
                if tuple(toks[i : i + len(phrase)]) == phrase:
                    cue = sent[i : i + len(phrase)]
                    content = trim(doc, cue.end_char, sent.end_char)
                    if content and text_of(doc)[content[0] : content[0] + 5].lower().startswith(
                        "that "
                    ):
                        content = (content[0], content[1])
                    if content is None:
                        break
                    used.update(t.i for t in cue)
                    out.append(
                        _Found(content=content, quote=False, cue=char_span(cue), kind="rumour")
                    )
                    break
    return out


def _evidentials(doc: Doc, used: set[int]) -> list[_Found]:
    out = []
    for tok in doc:
        if tok.lower_ in _EVIDENTIAL_ADVERBS and tok.i not in used:
            head = tok.head
            while (
                head.pos_ not in ("VERB", "AUX")
                and head.dep_ in ("acomp", "attr", "conj", "oprd")
                and head.head.i != head.i
            ):
                head = head.head
            if head.pos_ not in ("VERB", "AUX"):
                continue  # "a supposedly neutral referee": no clause to attribute
            span = trim(doc, *subtree_span(head))
            if span is None:
                continue
            used.add(tok.i)
            out.append(_Found(content=span, quote=False, cue=char_span([tok]), kind="anonymous"))
    return out


def _noun_cues(doc: Doc, vocab: Vocabulary, used: set[int]) -> list[_Found]:
    """ "Trump's claim that …", "the allegation by X that …"."""
    out = []
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in vocab.nouns or tok.i in used:
            continue
        comp = next(
            (
                c
                for c in tok.children
                if c.dep_ in ("acl", "ccomp")
                and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
            ),
            None,
        )
        if comp is None:
            continue
        content = trim(doc, *subtree_span(comp))
        if content is None:
            continue
        f = _Found(content=content, quote=False, cue=char_span([tok]))
        src = next((c for c in tok.children if c.dep_ == "poss"), None)
        if src is None:
            by = next(
                (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of")),
                None,
            )
            src = (
                next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
            )
        if src is not None:
            f.subject, f.source = src, source_span(src)
        used.add(tok.i)
        out.append(f)
    return out


_TRAILER = re.compile(r"\s*,?\s*")


def _speaker_after(doc: Doc, q: Quote) -> tuple[Token, Token] | None:
    """ "'…!' they whine" / "'…,' scoffed Smith": a subject and verb right after a quote."""
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


def _quotes_left(doc: Doc, quotes: list[Quote], found: list[_Found]) -> list[_Found]:
    """Speech quotes no cue took: a trailing speaker, the previous quote's speaker, or none."""
    out: list[_Found] = []
    for q in quotes:
        if q.words < 4 or any(
            f.content[0] <= q.start and q.end <= f.content[1] for f in found + out
        ):
            continue
        sp = _speaker_after(doc, q)
        if sp is not None:
            verb, subj = sp
            out.append(
                _Found(
                    content=(q.start, q.end),
                    quote=True,
                    cue=char_span([verb]),
                    subject=subj,
                    source=source_span(subj),
                )
            )
            continue
        text = text_of(doc)
        prev = max(
            (
                f
                for f in found + out
                if f.hull()[1] <= q.start and (f.quote or f.subject is not None)
            ),
            key=lambda f: f.hull()[1],
            default=None,
        )
        if prev is not None:
            gap = text[prev.hull()[1] : q.start]
            if prev.quote and len(gap) <= _MERGE_CHARS and "\n" not in gap:
                prev.content = (prev.content[0], q.end)  # the same speaker goes on
                continue
            if gap.count("\n") <= _FLOATING_PARAGRAPHS * 2 and len(gap) <= _FLOATING_CHARS:
                # a quotation with no cue of its own continues the last speaker
                out.append(
                    _Found(
                        content=(q.start, q.end),
                        quote=True,
                        subject=prev.subject,
                        source=prev.source,
                        kind=prev.kind,
                    )
                )
                continue
        out.append(_Found(content=(q.start, q.end), quote=True, kind="anonymous"))
    return out


def _extend_into_quotes(found: list[_Found], quotes: list[Quote]) -> None:
    """Reported content that runs into a quotation takes all of it ("According to X, '… .
    … .'")."""
    for f in found:
        for q in quotes:
            if f.content[0] <= q.start < f.content[1] < q.end and is_speech_quote(q):
                f.content = (f.content[0], q.end)


def _outermost(found: list[_Found]) -> list[_Found]:
    """Drop attributions nested inside another one's reported content ("X said Y told him Z").

    The outer claim already carries the nested one as what X said; PolNeAR, too, annotates
    the outer attribution.
    """
    out = []
    for f in found:
        hs, he = f.hull()
        nested = any(
            g is not f and g.content[0] <= hs and he <= g.content[1] and g.content != f.content
            for g in found
        )
        if not nested:
            out.append(f)
    return out


def _dedupe(found: list[_Found]) -> list[_Found]:
    out: list[_Found] = []
    for f in sorted(found, key=lambda f: (f.content[0], -(f.content[1] - f.content[0]))):
        dup = False
        for g in out:
            a, b = f.content, g.content
            ov = min(a[1], b[1]) - max(a[0], b[0])
            if ov > 0.8 * max(a[1] - a[0], b[1] - b[0]) and (
                f.cue == g.cue or f.cue is None or g.cue is None
            ):
                dup = True
                break
        if not dup:
            out.append(f)
    return out


def _author_claims(doc: Doc, found: list[_Found]) -> list[CharSpan]:
    covered = sorted(f.hull() for f in found)
    out: list[CharSpan] = []
    for sent in doc.sents:
        if sent.text.rstrip().rstrip("”\"’').").endswith("?"):
            continue
        pieces = [(sent.start_char, sent.end_char)]
        for cs, ce in covered:
            nxt = []
            for ps, pe in pieces:
                if ce <= ps or cs >= pe:
                    nxt.append((ps, pe))
                    continue
                if cs > ps:
                    nxt.append((ps, cs))
                if ce < pe:
                    nxt.append((ce, pe))
            pieces = nxt
        for ps, pe in pieces:
            span = trim(doc, ps, pe)
            if span is None:
                continue
            sp = doc.char_span(*span, alignment_mode="contract")
            if sp is None or sum(1 for t in sp if t.is_alpha) < 3:
                continue
            if not any(t.pos_ in ("VERB", "AUX") for t in sp):
                continue
            out.append(span)
    return out


def find_claims(doc: Doc, actors: list[Actor]) -> list[Claim]:
    """All claims of the article in *doc*, each with its source, cue, channel and hedges."""
    vocab = vocabulary()
    quotes = find_quotes(text_of(doc))
    used: set[int] = set()
    found = _rumours(doc, vocab, used)
    found += _according_to(doc, used)
    found += _colon_heads(doc, used)
    found += _verb_cues(doc, quotes, vocab, used)
    found += _noun_cues(doc, vocab, used)
    found += _evidentials(doc, used)
    found += _documents(doc, vocab, used)
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
            outlet = _lookup(actors, *f.via)
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
