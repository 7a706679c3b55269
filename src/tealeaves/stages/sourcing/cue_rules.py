"""The cue rules of the sourcing stage: each finds attributions of one shape.

Verb cues with their subject and content, "according to X", "Name: …" colon heads,
documents ("in a CNN poll"), rumour frames ("word is"), evidential adverbs
("reportedly") and speech nouns with a that-clause ("the claim that …"). Each rule
returns :class:`CueMatch` records and marks the tokens it used, so a later rule does not
take the same cue twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...model import SourceKind
from ..syntax import names_a_noun
from . import cue_sense
from .asides import aside_before_clause
from .attribution import (
    CharSpan,
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
from .cues import CueVocabulary
from .fragments import (
    finding_content,
    pronoun_predicate,
    speechless,
    whole_clause,
    whole_words,
)
from .hearsay import (
    denied,
    is_hearsay_noun,
    passive_hearsay,
    relative_on_noun,
    rumour_relative,
    unnamed_reports,
)
from .nonclaims import (
    aside_quote,
    bare_call,
    document_clause,
    experiencer,
    felt_content,
    generic_gerund,
    group_relative,
    in_title,
    title_content,
    undisclosed,
)
from .quotes import Quote, quote_at, quotes_near
from .relays import unnamed_asides
from .senses import hearer_content, no_report, not_a_finding, not_its_quote
from .source_spans import reports_past_colon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Heads of "per X" sources ("per multiple sources", "per a person familiar").
SPEAKER_NOUNS = frozenset({"source", "official", "person", "people", "aide", "report",
                           "insider", "diplomat", "spokesman", "spokeswoman", "spokesperson"})
#: "X seems to …": the writer's own hedged claim, not an attribution (the verb is a hedge).
EVIDENTIAL_VERBS = {"seem", "appear"}
#: verbs that give a name as well as report a view ("called the plan a disaster")
_NAMING_VERBS = {"call", "name", "dub", "title", "nickname", "christen", "label", "term", "brand"}


@dataclass
class CueMatch:
    """One attribution under construction: character spans plus the source's head token."""

    content: CharSpan
    quote: bool
    cue: CharSpan | None = None
    source: CharSpan | None = None
    subject: Token | None = None  # the token heading the source
    kind: SourceKind | None = None  # fixed kind (rumour, anonymous hearsay)
    via: CharSpan | None = None
    extra: list[CharSpan] = field(default_factory=list)  # other spans the attribution covers
    turn: bool = False  # a transcript turn ("PENCE: …"): quotations inside are its own
    keep_nested: bool = False  # a claim of its own inside another's ("denied rumours that …")

    def hull(self) -> CharSpan:
        spans = [self.content, *(s for s in (self.cue, self.source) if s), *self.extra]
        return min(s for s, _ in spans), max(e for _, e in spans)


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


def _in_question(tok: Token) -> bool:
    return tok.sent.text.rstrip().rstrip("\"”’')").endswith("?")


def _imperative(tok: Token) -> bool:
    """A bare verb with no subject and no auxiliary, heading its clause."""
    return (
        tok.tag_ == "VB"
        and tok.dep_ in ("ROOT", "conj")
        and not any(
            c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "expl") for c in tok.children
        )
    )


_FREE_RELATIVE = frozenset({"what", "whatever"})


def _free_relative(tok: Token) -> bool:
    """A verb inside a free relative clause ("what was said", "what X is hoping for"): not a
    claim of its own ("condemned what he called 'a breach'" is one claim, the condemning)."""
    for c in tok.children:
        inner = [c, *(g for g in c.children if c.dep_ == "prep")]
        if any(t.lower_ in _FREE_RELATIVE and t.i < tok.i for t in inner):
            return True
    # the wh-word deeper in the clause the cue heads: "what I don't think they're doing"
    edge = tok.left_edge
    return edge.lower_ in _FREE_RELATIVE and edge.i < tok.i and edge.dep_ in (
        "dobj", "pobj", "attr", "nsubj", "nsubjpass") and tok.dep_ in ("csubj", "nsubj")


def _names_a_noun(tok: Token) -> bool:
    """A naming participle whose verb is a naming verb (:func:`syntax.names_a_noun`)."""
    return names_a_noun(tok) and tok.lemma_.lower() in _NAMING_VERBS


def _nonclaim(doc: Doc, cue: Token, subj: Token | None,
              got: tuple[CharSpan, bool, Token | None], quotes: list[Quote]) -> CharSpan | None:
    """The content of *got*, or None where a guard of ``fragments`` or ``nonclaims`` says
    it is no claim; a clause after a quoted show title is cut to its that-clause."""
    content, is_quote, _ = got
    if speechless(doc, cue, subj, got, quotes) or in_title(cue, quotes):
        return None
    if (generic_gerund(cue) or undisclosed(cue) or group_relative(cue, is_quote)
            or aside_quote(doc, cue, content, is_quote) or bare_call(cue, is_quote)):
        return None
    return content if is_quote else title_content(doc, cue, content, quotes)


def _guarded(doc: Doc, cue: Token, subj: Token | None, got: tuple[CharSpan, bool, Token | None],
             quotes: list[Quote]) -> tuple[CharSpan | None, Token | None]:
    """The content and holder of *cue* after the guards of ``fragments`` and ``nonclaims``;
    a verb of feeling whose object feels it ("the gluts worry officials") is the object's
    worry about the subject."""
    if cue_sense.vetoed(cue):
        return None, subj  # the trained cue-sense model: this use reports nobody ("the fact shows")
    felt = experiencer(cue)
    if felt is not None:
        content = felt_content(doc, subj)
        return content, felt if content is not None else None
    return _nonclaim(doc, cue, subj, got, quotes), subj


def verb_cues(doc: Doc, quotes: list[Quote], vocab: CueVocabulary, used: set[int]) -> list[CueMatch]:
    out = []
    speech = [q for q in quotes if is_speech_quote(q)]
    for tok in doc:
        if tok.i in used or tok.pos_ != "VERB" or tok.dep_ in ("amod", "compound"):
            continue
        if quote_at(speech, tok.idx) is not None:
            continue  # speech reported inside a quotation belongs to the quotation
        if tok.lemma_.lower() in EVIDENTIAL_VERBS:
            continue
        if tok.lemma_.lower() not in vocab.verbs and not _takes_clause(tok):
            continue
        # a naming participle; "guess who …" (the reader is told, nobody says); "what was
        # said", "what X is hoping for" (a thing, not a claim); the guards of ``senses``
        if _names_a_noun(tok) or _imperative(tok) or _free_relative(tok) or no_report(tok):
            continue
        got = (content_of(doc, tok, quotes, vocab) or pronoun_predicate(tok)
               or aside_before_clause(doc, tok))
        if got is None or not_its_quote(tok, got[0], got[1], vocab.clause_only, quotes) or (
                not got[1] and hearer_content(tok, got[2])):
            continue
        content, is_quote, prep = got
        if not is_quote and _in_question(tok):
            continue  # "Did they really think so?" asserts nobody's view
        subj, passive = subject_of(tok)
        cut, subj = _guarded(doc, tok, subj, got, quotes)
        if cut is None:
            continue
        content = cut
        content = content if is_quote else whole_words(doc, tok, content)
        f = CueMatch(
            content=content,
            quote=is_quote,
            cue=_cue_span(doc, tok, prep),
            via=channel_of(tok, vocab),
        )
        participle = tok.tag_ == "VBN" and tok.dep_ in ("acl", "advcl")  # "X, widely seen as"
        hearsay = passive_hearsay(doc, tok) if (passive or participle) and not is_quote else None
        if hearsay is not None:  # "it is said that …", "X is believed to …": nobody holds it
            f.content, f.kind = hearsay, "rumour"
        f.content = whole_clause(doc, tok, f.content, is_quote)  # "X as Y"; ", with …"
        f.extra += unnamed_asides(tok, f.content)  # "…, X said without naming its sources"
        def quoted(t: Token) -> bool:
            return any(q.start <= t.idx < q.end for q in quotes_near(quotes, t.idx, t.idx + 1))

        if subj is not None and quoted(subj):  # '"My reaction, …," X said': X, not "reaction"
            subj = next((c for c in tok.children if c.dep_ == "nsubj" and not quoted(c)), None)
        if rumour_relative(tok):  # "a rumour which claimed that …"
            f.kind, subj = "rumour", None
        if subj is not None and not (not is_quote and content[0] <= subj.idx < content[1]):
            f.subject = subj
            f.source = source_span(subj)
        used.add(tok.i)
        out.append(f)
    return out


def according_to(doc: Doc, used: set[int]) -> list[CueMatch]:
    """ "according to X, …" and its clipped news form "…, per X" (X a source, not "per cent")."""
    out = []
    for tok in doc:
        if tok.lower_ == "per" and tok.dep_ == "prep":
            to = tok
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None or not (pobj.pos_ == "PROPN" or pobj.lemma_.lower() in SPEAKER_NOUNS):
                continue
            if pobj.tag_ == "NN" and not any(c.dep_ in ("det", "poss", "amod", "nummod")
                                             for c in pobj.children):
                continue  # "$50 per person", "per capita": a rate, not a source
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        else:
            continue
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
        f = CueMatch(
            content=content,
            quote=False,
            cue=(tok.idx, to.idx + len(to.text)),
            subject=pobj,
            source=source_span(pobj),
        )
        used.update((tok.i, to.i))
        out.append(f)
    return out


#: page labels that end a colon head and name a kind of piece, not a speaker ("OUTLET
#: editorial: TITLE" is the outlet's own piece, its writer's voice): the section and genre
#: labels of news pages (AP Stylebook "editorial", "op-ed", "analysis"; wire slugs "Factbox",
#: "Explainer", "Exclusive", "Update", "Live")
_SECTION_LABELS = frozenset({
    "editorial", "editorials", "opinion", "op-ed", "analysis", "comment", "commentary",
    "column", "review", "explainer", "factbox", "exclusive", "update", "live", "letters",
    "interview", "podcast", "video", "watch", "view",
})  # fmt: skip


def _labels_report(head: Span, colon: Token, verbs: frozenset[str]) -> bool:
    """The words before the colon hang on a reporting verb after it that has its own subject
    ("ANTALYA: Secretary X said on Thursday …"): a dateline or label over a report, whose
    speaker is that subject, not the label."""
    return reports_past_colon(head.root.head, colon, verbs)


def colon_heads(doc: Doc, used: set[int], verbs: frozenset[str] = frozenset()) -> list[CueMatch]:
    """ "Name: what they said" — a short name before a colon, at the start of a sentence or
    after a dash (not a label over a sentence that reports someone else,
    :func:`_labels_report`)."""
    out = []
    for sent in doc.sents:
        for colon in (t for t in sent if t.text == ":" and t.i not in used):
            # the name runs back from the colon to the sentence start or a dash
            begin = colon.i
            while begin > sent.start and doc[begin - 1].text not in ("-", "—", "–", "--"):
                begin -= 1
            if 0 < colon.i - begin <= 5:
                break
        else:
            continue
        head = doc[begin : colon.i]
        if not all(t.pos_ in ("PROPN", "PART") or t.ent_type_ or t.is_punct for t in head) \
                or head[-1].lower_ in _SECTION_LABELS:
            continue
        if not any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in head) or (
                _labels_report(head, colon, verbs)):
            continue
        content = trim(doc, colon.idx + 1, sent.end_char)
        if content is None:
            continue
        used.add(colon.i)
        out.append(
            CueMatch(
                content=content,
                quote=False,
                cue=char_span([colon]),
                subject=head.root,
                source=char_span(head),
            )
        )
    return out


def documents(doc: Doc, vocab: CueVocabulary, used: set[int]) -> list[CueMatch]:
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
        head = document_clause(tok.head) if tok.head.pos_ in ("VERB", "AUX") else None
        if head is None or not_a_finding(head):
            continue
        content = finding_content(doc, head, tok)  # the clause, not one joined after it
        if content is None:
            continue
        used.add(tok.i)
        out.append(CueMatch(content=content, quote=False, cue=char_span([tok]), subject=pobj,
                            source=source_span(pobj)))
    return out


def rumours(doc: Doc, vocab: CueVocabulary, used: set[int]) -> list[CueMatch]:
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
                    lead = re.match(r"(?:that|of|about)\s+", text_of(doc)[content[0]:content[1]],
                                    re.IGNORECASE) if content else None
                    if content and lead:  # "there is talk of X": the content is X
                        content = trim(doc, content[0] + lead.end(), content[1])
                    if content is None:
                        break
                    used.update(t.i for t in cue)
                    out.append(
                        CueMatch(content=content, quote=False, cue=char_span(cue), kind="rumour")
                    )
                    break
    return out


def noun_cues(doc: Doc, vocab: CueVocabulary, used: set[int]) -> list[CueMatch]:
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
        if comp is None or relative_on_noun(comp):  # "the claims that X made"
            continue
        content = trim(doc, *subtree_span(comp))
        if content is None:
            continue
        f = CueMatch(content=content, quote=False, cue=char_span([tok]))
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
        elif is_hearsay_noun(tok) or unnamed_reports(tok):
            f.kind = "rumour"  # "rumours that …", "speculation that …" with no holder
            f.keep_nested = denied(tok)  # "reports that … were denied by X": two claims
        used.add(tok.i)
        out.append(f)
    return out
