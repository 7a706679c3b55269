"""Works and their makers: a tweet, letter, ad or report a source names speaks for whoever
made it (the labels' rule 13), read off the verb of making it ("Jane Doe released a letter
that says …") when the work's own words name no issuer."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ...model import Source, Span
from ...nlp import doc_text
from .noun_kinds import ANY_WORKS, PERSON_WORKS, WORKS, issuer_kind
from .source_spans import it_antecedent, source_span

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .cues import CueVocabulary
    from .kinds import SourceContext

#: Verbs by which someone makes or puts out a work or a document (general English verbs of
#: creation and of sending: Levin's classes 26 and 11, those used of texts): the work is then
#: its maker's words (the labels' rule 13), "Jane Doe released a letter that says …".
_MAKING_VERBS = frozenset({"release", "issue", "publish", "post", "send", "write", "pen",
                           "deliver", "give", "unleash", "air", "run", "sign", "file", "tweet",
                           "circulate", "distribute", "launch", "submit", "produce", "make",
                           "unveil", "present", "share", "put", "fire", "establish", "draft",
                           "author", "broadcast", "compose"})
#: Quantity nouns a work can hide behind ("a series of tweets", "a string of posts").
_SERIES = frozenset({"series", "string", "flurry", "barrage", "stream", "number", "pair",
                     "couple", "set", "batch", "slew", "torrent", "volley"})
#: Prepositions of a work used in doing something ("attacked the plan in a letter"); not
#: "with", which also joins what one agrees or argues with.
_MEANS_PREPS = frozenset({"in", "through", "via"})


def personal_work(root: Token, vocab: CueVocabulary) -> bool:
    """A work that is its maker's own words when the maker is a person (a tweet, a letter,
    a speech, documents they filed), not their campaign's or company's (an ad, a video):
    rule 13."""
    lemma = root.lemma_.lower()
    return lemma in PERSON_WORKS or (lemma in vocab.documents and lemma not in WORKS)


def work_maker(root: Token, vocab: CueVocabulary) -> Token | None:
    """The subject that made a work or document the source names with no issuer in its own
    words: of the relative clause on it ("a speech Jane Doe delivered in July"), of the verb
    of making it is the object of ("Jane Doe unleashed a series of tweets criticizing …",
    "the board released a letter that says …"), or of the verb it was used in ("X opened
    the race in a speech denouncing …"). None when the work's own phrase names an issuer
    or no subject is found."""
    lemma = root.lemma_.lower()
    if lemma not in ANY_WORKS and lemma not in vocab.documents:
        return None
    if issuer_kind(root) is not None or any(c.dep_ == "poss" for c in root.children):
        return None
    for c in root.children:  # "a speech Jane Doe delivered"
        if c.dep_ == "relcl" and c.lemma_ in _MAKING_VERBS:
            subj = next((s for s in c.children if s.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ not in ("that", "which", "who"):
                return subj
    head = root
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_ in _SERIES:
        head = head.head.head  # "a series of tweets"
    if head.dep_ == "dobj" and head.head.lemma_ in _MAKING_VERBS:
        verb = head.head
    elif head.dep_ == "pobj" and head.head.lower_ in _MEANS_PREPS and (
            head.head.head.lemma_ in vocab.verbs):  # "argued in an op-ed", not "fared in polls"
        verb = head.head.head
    else:
        return None
    while verb.dep_ in ("conj", "xcomp") and not any(
            c.dep_ == "nsubj" for c in verb.children) and verb.head.i != verb.i:
        verb = verb.head  # "X wrote and released a letter"
    return next((s for s in verb.children if s.dep_ == "nsubj"), None)


#: How far back (characters) "it" or a bare "the report" looks for the body or document
#: that spoke last (as far as a pronoun looks for its actor in :mod:`.kinds`).
_BODY_REACH = 800
#: Determiners of a document named again ("the document", "this report").
_AGAIN = frozenset({"the", "this"})
_WORDS_OF_NAME = frozenset({"of", "for", "and", "on", "the"})


def stands_for_body(subj: Token, vocab: CueVocabulary) -> bool:
    """Is *subj* a source that names nothing itself but stands for a body or document named
    before: "it", or a document named again by a bare noun ("the document", "this report";
    not "a Pentagon report", "the report by X", "her letter")?"""
    if subj.lower_ == "it":
        return True
    return (subj.pos_ == "NOUN" and subj.tag_ == "NN" and subj.lemma_.lower() in vocab.documents
            and any(c.dep_ == "det" and c.lower_ in _AGAIN for c in subj.children)
            and not any(c.dep_ in ("poss", "compound", "nmod", "appos", "relcl", "acl")
                        or (c.dep_ == "prep" and c.lower_ in ("by", "from", "of"))
                        for c in subj.children))


def names_body(tok: Token) -> bool:
    """Does *tok* name a body or a document ("the NSS", "the Kremlin", "the Treaty of X"),
    not a person or a common noun?"""
    return tok.ent_type_ in ("ORG", "WORK_OF_ART", "LAW") or (
        tok.pos_ == "PROPN" and tok.ent_type_ not in ("PERSON", "GPE", "NORP", "DATE"))


def spelt_out(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where an acronym in ``text[start:end]`` ("the NSS") is spelt out earlier in the text
    as the capitalised words before it in brackets ("National Security Strategy (NSS)"):
    the span of those words, or None."""
    for m in re.finditer(r"\b[A-Z]{2,}\b", text[start:end]):
        acr = m.group()
        for d in re.finditer(rf"\(\s*{acr}\s*\)", text[:end]):
            words = list(re.finditer(r"[\w’'-]+", text[max(0, d.start() - 200):d.start()]))
            run: list[re.Match[str]] = []
            for w in reversed(words):
                if not (w.group()[:1].isupper() or (run and w.group() in _WORDS_OF_NAME)):
                    break
                run.insert(0, w)
            while run and run[0].group() in _WORDS_OF_NAME:
                run.pop(0)
            initials = "".join(w.group()[0] for w in run if w.group() not in _WORDS_OF_NAME)
            if run and initials.endswith(acr):
                skip = len(initials) - len(acr)  # "Mr Trump's National Security Strategy"
                kept = [w for w in run if w.group() not in _WORDS_OF_NAME][skip:]
                base = max(0, d.start() - 200)
                return base + kept[0].start(), base + run[-1].end()
    return None


def _referent(ctx: SourceContext, subj: Token) -> tuple[str | None, Span | None] | None:
    """What an "it" or a bare "the document" (:func:`stands_for_body`) stands for: the body
    or document named as the subject just before ("The NSS seeks … It speaks of …"), else
    the body or document that spoke last within reach ("the report said …, it added")."""
    text = doc_text(ctx.doc)
    if subj.lower_ != "it":
        issuer = _issuer_before(ctx, subj)
        if issuer is not None:  # "the State Department released its report. The report …"
            return issuer, None
    spoke = ctx.last_body[0] if ctx.last_body is not None else None
    ante = it_antecedent(subj, unquoted=True) if subj.lower_ == "it" and not it_chain(
        subj, spoke) else None
    if ante is not None and names_body(ante):
        start, end = source_span(ante)
        actor = ctx.index.actor_at(start, end)
        if actor is not None and actor.kind != "person":
            return actor.id, None
        full = spelt_out(text, start, end) or (start, end)
        return None, Span(start=full[0], end=full[1], text=text[full[0]:full[1]])
    last = ctx.last_body
    if last is not None and 0 <= subj.idx + len(subj.text) - last[0] <= _BODY_REACH:
        return last[1], last[2]  # (the same "it" may head two cues: "It said … and added")
    return None


def it_chain(subj: Token, spoke: int | None) -> bool:
    """Does *subj* ("it") go on from a sentence whose main subject was an "it" that spoke
    as a body (its source ending at *spoke*): "It described … It went on to propose …", the
    "it" before, not a name in a relative clause between?"""
    if spoke == subj.idx + len(subj.text):
        return True  # the same "it" heads a second cue ("It went on to propose …, suggesting")
    if subj.sent.start == 0 or spoke is None:
        return False
    prev = subj.doc[subj.sent.start - 1].sent
    return prev.start_char <= spoke <= prev.end_char and any(
        t.lower_ == "it" and t.dep_ == "nsubj" and t.head.dep_ == "ROOT" for t in prev)


def _issuer_before(ctx: SourceContext, subj: Token) -> str | None:
    """The body that issued a document named again ("the report"), from its last mention
    before within reach: a name in its own phrase ("the State Department's report", "a
    report by the FEC") or the subject of the verb it is the object of ("the State
    Department released its annual report"); None when that body is unknown."""
    lemma = subj.lemma_.lower()
    for tok in reversed(ctx.doc[max(0, subj.i - 200):subj.i]):
        if subj.idx - tok.idx > _BODY_REACH:
            break
        if tok.lemma_.lower() != lemma or tok.pos_ != "NOUN":
            continue
        words = [t for c in tok.children if c.dep_ in ("poss", "compound") and c.pos_ != "PRON"
                 for t in c.subtree]
        words += [t for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                  for t in c.subtree]
        if tok.dep_ == "dobj" and tok.head.lemma_ in _MAKING_VERBS:
            words += [t for c in tok.head.children if c.dep_ == "nsubj" for t in c.subtree]
        for t in words:
            actor = ctx.index.actor_at(t.idx, t.idx + len(t.text))
            if actor is not None and actor.kind in ("organization", "place"):
                return actor.id
        return None  # the last mention names no body: nobody is assumed
    return None


def follow_body(ctx: SourceContext, subj: Token, source: Source) -> Source:
    """*source* with what an "it" or "the document" stands for (:func:`_referent`): the
    body's actor, or the words naming the document in ``refers``; and, for a body or a
    document that names itself, remembered as the last to speak. Sources of other kinds
    pass through ("Smith said" between "the report said" and "it added" does not break
    the chain: no person is "it")."""
    if source.kind != "named_organization":
        return source
    if source.actor is None and stands_for_body(subj, ctx.vocab):
        found = _referent(ctx, subj)
        if found is not None:
            source = replace(source, actor=found[0], refers=found[1])
    end = source.end if source.end is not None else subj.idx
    if source.actor is not None or source.refers is not None:
        ctx.last_body = (end, source.actor, source.refers)
    elif source.start is not None and names_body(subj):
        text = doc_text(ctx.doc)
        full = spelt_out(text, source.start, end) or (source.start, end)
        ctx.last_body = (end, None, Span(start=full[0], end=full[1],
                                         text=text[full[0]:full[1]]))
    return source
