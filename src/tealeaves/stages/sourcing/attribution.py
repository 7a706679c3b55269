"""Syntax helpers of the sourcing stage: content, source and channel of one cue.

All functions read a spaCy dependency parse; spans are ``(start_char, end_char)``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...nlp import doc_text, paragraph_bounds
from ..syntax import subtree
from .cues import CueVocabulary
from .fragments import in_other_verb, partial_start
from .quotes import Quote, quotes_near
from .source_spans import CLOSING_MARKS, CharSpan, past_dateline
from .source_spans import NOT_CONTROLLERS as _NOT_CONTROLLERS
from .source_spans import antecedent as antecedent  # re-exported: the sourcing modules' import
from .source_spans import char_span as char_span
from .source_spans import object_controller as _object_controller
from .source_spans import source_span as source_span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CLIMB = ("conj", "xcomp", "advcl", "ccomp", "pcomp", "prep")
#: Verbs whose noun-phrase object is the addressee, not what was said.
_ADDRESSEE_VERBS = {"tell", "ask", "inform", "notify", "assure", "reassure", "remind", "thank"}
#: Verbs of warning: the object is the addressee, the warning follows it ("warned the Fed
#: against buying bonds"); the object alone is no content.
_WARN_VERBS = {"warn", "urge", "caution"}
_ADDRESSEES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Verbs whose object alone says nothing ("said it", "wrote a letter").
_NO_OBJECT_CONTENT = {"say", "tell", "write", "post", "add", "issue", "sign", "file"}
#: Aspectual verbs: a cue only with a quotation, a colon or a clause ("continued: '…'"),
#: never through an infinitive or an object ("continued to rise").
_ASPECTUAL = {"continue", "begin", "start", "keep", "stop", "go", "try", "resume", "finish"}
#: Prepositions whose object is the content of a cue ("talk about X", "call for X").
_CONTENT_PREPS = {"about", "on", "for", "of", "against", "over", "to"}


#: ``doc.text`` built once per Doc (the shared cache lives in :mod:`tealeaves.nlp`).
text_of = doc_text


def trim(doc: Doc, start: int, end: int) -> CharSpan | None:
    """Shrink ``[start, end)`` past spaces and edge punctuation other than quote marks."""
    text = text_of(doc)
    while start < end and (text[start].isspace() or text[start] in ",;:—–-("):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-("):
        end -= 1
    return (start, end) if end - start >= 2 else None


def subtree_span(tok: Token, skip: Token | None = None) -> CharSpan:
    """The characters of *tok*'s subtree; with *skip*, the larger side of the subtree left
    when *skip*'s own subtree is cut out."""
    toks = subtree(tok)
    if skip is not None:
        lo, hi = skip.left_edge.i, skip.right_edge.i
        before = [t for t in toks if t.i < lo]
        after = [t for t in toks if t.i > hi]
        toks = (
            after if sum(t.is_alpha for t in after) >= sum(t.is_alpha for t in before) else before
        )
    toks = [t for t in toks if not (t.is_punct and t.text not in "\"“”'’")] or [tok]
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def is_speech_quote(q: Quote) -> bool:
    """A quotation of speech rather than a quoted term ("so-called 'reform'")."""
    inner = q.inner
    words = inner.split()
    if len(words) >= 4:
        return not is_title(inner)
    titled = all(w[:1].isupper() for w in words if w[:1].isalpha())
    return len(words) >= 2 and inner[-1:] in ".!?," and not titled


def is_title(inner: str) -> bool:
    """A quoted title or slogan in title case ("13 Hours: The Secret Soldiers of Benghazi"):
    every word of four letters or more capitalised, no sentence inside."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", inner) if len(w) >= 4]
    body = inner.rstrip(" ,.")
    return (len(words) >= 2 and all(w[:1].isupper() for w in words)
            and not any(c in body for c in ".!?"))


def _ends_sentence(doc: Doc, start: int, end: int) -> bool:
    """Whether a full stop, "!" or "?" token (not an abbreviation like "Mr.") lies in the range."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.text in (".", "!", "?", "...") for t in span)


def attached_quotes(doc: Doc, cue: Token, quotes: list[Quote]) -> list[Quote]:
    """Speech quotes tied to *cue*: right after its clause, or right before it."""
    sent = cue.sent
    out: list[Quote] = []
    cue_end = cue.idx + len(cue.text)
    text = text_of(doc)
    for q in quotes_near(quotes, cue.idx - 130, max(sent.end_char, cue_end) + 2):
        if not is_speech_quote(q):
            continue
        if q.start >= cue_end:
            gap = text[cue_end : q.start]
            if (
                q.start < sent.end_char + 2
                and len(gap) <= 80
                and not _ends_sentence(doc, cue_end, q.start)
            ):
                if q.start <= sent.end_char or gap.rstrip().endswith(":"):
                    out.append(q)
        elif q.end <= cue.idx:
            gap = text[q.end : cue.idx]
            if (
                len(gap) <= 120
                and not any(c in gap for c in '\n"“”')
                and not _ends_sentence(doc, q.end, cue.idx)
                and not _sentence_between(doc, cue, q, gap)
            ):
                out.append(q)
    if len(out) > 2:
        out = out[:2]
    if len(out) == 2 and not (out[0].end <= cue.idx < out[1].start):
        out = out[:1]
    return out


def _sentence_between(doc: Doc, cue: Token, q: Quote, gap: str) -> bool:
    """A quotation that ends a sentence ('… who "saved the company."') and a new sentence
    starting after it with words before the cue's subject ("Last year, …, she said that …")."""
    if q.inner.rstrip()[-1:] not in (".", "!", "?"):
        return False
    first = gap.lstrip()
    if not first[:1].isupper():
        return False
    subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    start = q.end + len(gap) - len(first)
    return subj is None or subj.left_edge.idx > start


def _ccomp(cue: Token) -> Token | None:
    """The cue's clause complement; one before the cue with a colon or semicolon between
    them is a sentence the parse joined to it ("X found …: 64% said …"), so a clause after
    the cue is taken first."""
    joined = None
    for child in cue.children:
        if child.dep_ == "ccomp" and (child.pos_ in ("VERB", "AUX") or child.i > cue.i):
            doc = cue.doc
            if child.i < cue.i and any(
                t.text in (":", ";") for t in doc[child.right_edge.i + 1 : cue.i]
            ):
                joined = joined or child
                continue
            return child
    return joined


def colon_content(doc: Doc, cue: Token) -> CharSpan | None:
    """What follows a colon that closes the cue's clause ("said the same thing: …")."""
    sent = cue.sent
    for tok in doc[cue.i + 1 : sent.end]:
        if tok.text == ":":
            if tok.head.i != cue.i and tok.head.head.i != cue.i and tok.i - cue.i > 6:
                return None
            start = tok.idx + 1
            end = sent.end_char
            if not text_of(doc)[start:end].strip():
                nxt = doc[sent.end].sent if sent.end < len(doc) else None
                if nxt is None:
                    return None
                end = nxt.end_char
            return trim(doc, start, end)
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass") and tok.i != cue.i:
            if tok.head.i != cue.i:
                return None
    return None


def content_of(
    doc: Doc, cue: Token, quotes: list[Quote], vocab: CueVocabulary
) -> tuple[CharSpan, bool, Token | None] | None:
    """``(content span, is a quote, preposition that joins the cue)`` of *cue*, or None.

    Reported (unquoted) content never runs past the cue's paragraph.
    """
    got = _content_of(doc, cue, quotes, vocab)
    if got is None or got[1]:
        return got
    para_start, para_end = paragraph_bounds(text_of(doc), cue.idx)
    span = trim(doc, max(got[0][0], para_start), min(got[0][1], para_end))
    return (span, False, got[2]) if span else None


def _content_of(
    doc: Doc, cue: Token, quotes: list[Quote], vocab: CueVocabulary
) -> tuple[CharSpan, bool, Token | None] | None:
    got = clause_content(doc, cue, quotes)
    if got is not None or cue.lemma_.lower() in vocab.clause_only:
        return got  # "maintains a lead", "adding to his wins": no view without a clause
    return object_content(doc, cue)


def clause_content(
    doc: Doc, cue: Token, quotes: list[Quote]
) -> tuple[CharSpan, bool, Token | None] | None:
    """Content of *cue* given by a quotation, a clause, a colon, an infinitive ("urged X to
    …") or a predicate ("called the plan 'a disaster'"); None when there is none."""
    qs = attached_quotes(doc, cue, quotes)
    comp = _ccomp(cue)
    if qs and comp is not None and comp.i > cue.i and all(q.end <= cue.idx for q in qs):
        qs = []  # "'…,' Smith said, adding that …": the clause after the cue is the content
    qs = [q for q in qs if not in_other_verb(doc, cue, q)]
    if qs:
        start, end = partial_start(doc, cue, qs[0].start), qs[-1].end
        if comp is not None:
            cs, ce = subtree_span(comp)
            if cs < end and (start < ce or _touching(doc, ce, start)):
                # "said X is to blame for focusing on '…'", the quotation parsed apart from
                # the clause it ends: the whole clause
                start, end = min(start, cs), max(end, ce)
        elif _aside(doc, cue) and cue.head.pos_ in ("VERB", "AUX"):
            hs, he = subtree_span(cue.head, skip=cue)  # "X said, most people believe '…'"
            if hs <= qs[0].start and not doc_text(doc)[he:qs[-1].end].strip(CLOSING_MARKS):
                # the quotation lies in the clause, its closing marks aside
                span = trim(doc, hs, he)
                return (span, True, None) if span else None
        return (start, end), True, None
    if comp is not None:
        span = trim(doc, *subtree_span(comp))
        return (span, False, None) if span else None
    as_clause = cue.dep_ == "advcl" and any(  # "as X said, …" (not "even as X vowed to …")
        c.dep_ == "mark" and c.lower_ == "as" and doc[max(c.i - 1, 0)].lower_ not in _AS_TIME
        for c in cue.children
    ) and not any(c.dep_ in ("xcomp", "dobj", "ccomp") for c in cue.children)
    if (cue.dep_ == "parataxis" or as_clause) and cue.head.pos_ in ("VERB", "AUX"):
        span = trim(doc, *subtree_span(cue.head, skip=cue))
        return (span, False, None) if span else None
    colon = colon_content(doc, cue)
    if colon:
        return colon, False, None
    if cue.lemma_.lower() in _ASPECTUAL:
        return None
    obj = _object(cue)
    xcomp = next((c for c in cue.children if c.dep_ == "xcomp"), None)
    if xcomp is not None and xcomp.i > cue.i:
        start = obj.left_edge.i if obj is not None and obj.i < xcomp.i else xcomp.left_edge.i
        span = trim(doc, doc[start].idx, subtree_span(xcomp)[1])
        return (span, False, None) if span else None
    oprd = next((c for c in cue.children if c.dep_ == "oprd" and c.i > cue.i), None)
    if oprd is not None:  # "called the plan 'a disaster'"
        start = obj.left_edge.i if obj is not None and obj.i < oprd.i else oprd.left_edge.i
        span = trim(doc, doc[start].idx, subtree_span(oprd)[1])
        return (span, False, None) if span else None
    return None


def _touching(doc: Doc, end: int, start: int) -> bool:
    """Whether only spaces lie between *end* and a later *start*."""
    return end <= start and not text_of(doc)[end:start].strip()


def _aside(doc: Doc, cue: Token) -> bool:
    """A cue set in the clause it reports as an aside between commas ("During his years in
    office, Mr. X said, most people have come to …"): parataxis with a comma after it."""
    if cue.dep_ != "parataxis" or cue.head.i < cue.i:
        return False
    last = cue.right_edge
    return last.text == "," or (last.i + 1 < len(doc) and doc[last.i + 1].text == ",")


#: words before "as" that make it temporal ("even as they vowed to …", "just as")
_AS_TIME = frozenset({"even", "just"})


def _object(cue: Token) -> Token | None:
    return next((c for c in cue.children if c.dep_ in ("dobj", "dative")), None)


def object_content(doc: Doc, cue: Token) -> tuple[CharSpan, bool, Token | None] | None:
    """Content of *cue* given by its noun-phrase object ("denied the report") or the object
    of a preposition right after it ("talked about X", "called for X"); the last resort of
    :func:`content_of`, after :func:`clause_content` found nothing."""
    lemma = cue.lemma_.lower()
    if lemma in _ASPECTUAL:
        return None
    obj = _object(cue)
    if obj is None and any(c.dep_ == "agent" for c in cue.children):
        obj = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)  # "denied by X"
    if obj is not None and lemma not in _NO_OBJECT_CONTENT and obj.pos_ != "PRON":
        if lemma in _ADDRESSEE_VERBS:
            return None
        start, end = subtree_span(obj)
        # "accused the editor, John Smith, of …": the charge hangs on the verb, after the object
        charge = next((c for c in cue.children if c.dep_ == "prep" and c.i > obj.i
                       and c.lower_ in ("of", "for") and c.i > obj.right_edge.i), None)
        if charge is not None and doc[charge.i - 1].is_punct and all(
                t.is_punct for t in doc[obj.right_edge.i + 1:charge.i]):
            end = subtree_span(charge)[1]
        if lemma in _WARN_VERBS:
            warning = next((c for c in cue.children if c.dep_ == "prep" and c.i > obj.i
                            and c.lower_ in ("against", "of", "about", "on", "over")
                            and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)),
                           None)
            if warning is None and (obj.pos_ == "PROPN" or obj.ent_type_ in _ADDRESSEES):
                return None  # "warned the Fed": the addressee alone ("urged restraint" stays)
            if warning is not None:
                end = max(end, subtree_span(warning)[1])
        span = trim(doc, start, end)
        return (span, False, None) if span else None
    if any(c.dep_ == "agent" for c in cue.children):
        return None  # "he was recommended for the job by X": the content is the subject
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in _CONTENT_PREPS and child.i == cue.i + 1:
            pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME", "GPE", "FAC", "LOC"):
                span = trim(doc, *subtree_span(pobj))
                return (span, False, child) if span else None
    return None


def subject_of(cue: Token) -> tuple[Token | None, bool]:
    """The token heading the cue's source, and whether the cue is passive without agent."""
    if (
        cue.tag_ == "VBN"
        and cue.dep_ in ("advcl", "acl")
        and not any(
            c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "agent") for c in cue.children
        )
    ):
        return None, True  # "Asked about X, she said …": the asker is not named
    tok = cue
    for _ in range(4):
        for child in tok.children:
            if child.dep_ == "agent":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, False
        for child in tok.children:
            if child.dep_ in _SUBJ:
                if child.dep_ == "nsubjpass" and tok.i == cue.i:
                    return None, True
                return past_dateline(child), False  # "CITY (Agency) — X said": X
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head, False
        if (obj := _object_controller(tok)) is not None:
            return obj, False  # "the move led the embassy to warn …": the embassy warns
        if tok.dep_ in _CLIMB and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    return None, False


def controller_of(cue: Token) -> Token | None:
    """Who does the saying of an active cue with no subject of its own: the subject of the
    nearest clause above it ("Obama held a briefing to brag that …", "X has been the most
    aggressive in denouncing …", "… gave Beck new impetus to oppose …"), the noun a
    participle hangs on ("Jane Doe, writing on X, …"), the object of a verb of causing
    ("that led the embassy to warn …"), or, where the parser left a finite
    cue without a subject, the noun phrase just before it ("…, the candidate stated that …").
    A passive cue has none ("was expected to", "asked about"): its agent is unknown."""
    if cue.tag_ == "VBN" or any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children):
        return None
    obj = _object_controller(cue)
    if obj is not None:
        return obj  # "the move led the embassy to warn …": the embassy warns
    tok = cue
    path = {cue.i}
    for _ in range(6):
        if tok.i != cue.i:
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                         and c.lower_ not in _NOT_CONTROLLERS and c.i not in path), None)
            if subj is not None:
                return subj
            if tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON" or (
                    tok.pos_ == "NOUN" and tok.i < cue.i and cue.dep_ == "acl"
                    and cue.tag_ == "VBG"):
                return tok if tok.lower_ not in _NOT_CONTROLLERS else None
        if tok.head.i == tok.i:
            break
        tok = tok.head
        path.add(tok.i)
    if cue.tag_ in ("VBD", "VBZ", "VBP") and cue.i > 0:
        prev = cue.doc[cue.i - 1]
        while prev.pos_ == "ADV" and prev.i > 0:
            prev = cue.doc[prev.i - 1]
        if prev.pos_ in ("NOUN", "PROPN") and prev.lower_ not in _NOT_CONTROLLERS and \
                prev.sent == cue.sent:
            return prev
    return None


#: Nouns of a statement made through an outlet ("in an interview with X", "on X's show").
_STATEMENT_NOUNS = frozenset({
    "interview", "statement", "op-ed", "appearance", "post", "column", "article", "letter",
    "podcast", "broadcast", "show",
})  # fmt: skip


def _phrase(tok: Token) -> str:
    """The lower-cased words of *tok*'s subtree without determiners ("the new york times")."""
    return " ".join(t.lower_ for t in subtree(tok) if t.dep_ != "det")


def _outlet_in(tok: Token, vocab: CueVocabulary) -> CharSpan | None:
    """The outlet *tok*'s phrase names: a named entity in it, else the whole phrase when it is
    a media noun or a known outlet."""
    toks = subtree(tok)
    for t in toks:
        if t.ent_type_ in ("ORG", "PERSON", "WORK_OF_ART") and t.pos_ == "PROPN":
            ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
            if ent is not None:
                return ent.start_char, ent.end_char
    phrase = " ".join(t.lower_ for t in toks if t.dep_ != "det").rstrip(".")
    if tok.lemma_.lower() in vocab.media_nouns or phrase in vocab.outlets:
        return subtree_span(tok)
    return None


def _through_object(prep: Token, vocab: CueVocabulary) -> Token | None:
    """The object of "through/via/to X" when X is an outlet (a media noun, a phrase with an
    apposition, a known outlet)."""
    for pobj in prep.children:
        if pobj.dep_ == "pobj" and (
            pobj.lemma_.lower() in vocab.media_nouns
            or any(a.dep_ == "appos" for a in pobj.children)
            or _phrase(pobj) in vocab.outlets
        ):
            return pobj
    return None


#: statements handed to an outlet ("an interview given to X", "remarks granted to X")
_GIVEN_TO = _STATEMENT_NOUNS | frozenset({"comment", "remark", "briefing"})


def _given_to(pobj: Token) -> Token | None:
    """ "an interview given/granted to X": X, the outlet the statement went to (the
    participle form that "an interview with X" has no need of)."""
    for part in pobj.children:
        if part.dep_ != "acl" or part.lemma_.lower() not in ("give", "grant"):
            continue
        to = next((c for c in part.children if c.lower_ == "to"
                   and c.dep_ in ("prep", "dative")), None)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if obj is not None:
            return obj
    return None


def _statement_host(prep: Token) -> Token | None:
    """In "in an interview with X" / "on X's show" / "in an interview given to X": the token
    naming X."""
    for pobj in prep.children:
        if pobj.dep_ != "pobj" or pobj.lemma_.lower() not in _GIVEN_TO:
            continue
        if (given := _given_to(pobj)) is not None:
            return given
        if pobj.lemma_.lower() not in _STATEMENT_NOUNS:
            continue
        for sub in pobj.children:
            if sub.dep_ == "prep" and sub.lower_ in ("with", "on", "in", "to"):
                for o in sub.children:
                    if o.dep_ == "pobj":
                        return o
        for sub in pobj.children:
            if sub.dep_ in ("compound", "poss") and sub.pos_ == "PROPN":
                return sub
    return None


def _platform(prep: Token, vocab: CueVocabulary) -> Token | None:
    """The outlet or platform a statement was made on: "wrote on Telegram", "said on CNN"."""
    for pobj in prep.children:
        if pobj.dep_ == "pobj" and pobj.text[:1].isupper() and \
                _phrase(pobj).rstrip(".") in vocab.outlets:  # "on X." is one token
            return pobj
    return None


def channel_of(cue: Token, vocab: CueVocabulary) -> CharSpan | None:
    """The outlet a claim came through: "through/via X", "in an interview with X", "told X"."""
    for child in cue.children:
        if child.dep_ == "prep":
            if child.lower_ in ("through", "via", "to"):
                host = _through_object(child, vocab)
            elif child.lower_ in ("in", "on", "during"):
                host = _statement_host(child) or _platform(child, vocab)
            else:
                host = None
            if host is not None:
                return _outlet_in(host, vocab)
        elif child.dep_ in ("dobj", "dative") and cue.lemma_.lower() in _ADDRESSEE_VERBS:
            if _phrase(child) in vocab.outlets or child.lemma_.lower() in vocab.media_nouns:
                return subtree_span(child)
    return None
