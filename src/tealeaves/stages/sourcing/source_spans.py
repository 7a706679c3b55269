"""The words of a claim's source: the subject noun phrase a cue takes, cut to the source.

A source span holds the subject's noun phrase without relative clauses, appositions or
asides (:func:`source_span`), never a news dateline glued to the first sentence of a report
("CITY, State, Month D (Agency) — X said …": the source is X; :func:`dateline_end`), and a
relative pronoun stands for the noun it hangs on (:func:`antecedent`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...ingest.dateline import find_dateline
from ...nlp import doc_text

if TYPE_CHECKING:
    from collections.abc import Container

    from spacy.tokens import Doc, Span, Token

CharSpan = tuple[int, int]

_CUT = {"relcl", "acl", "appos", "punct", "advcl", "parataxis", "cc", "dep", "prep"}
RELATIVE = frozenset({"who", "which", "that", "whom"})

def dateline_end(sent: Span) -> int | None:
    """Where a dateline that opens *sent* (or a line inside it) ends, as a character offset;
    what a dateline is is the cleaner's one definition (:func:`tealeaves.ingest.dateline.
    find_dateline`), so text read with ``--no-clean`` is cut where the cleaner would cut."""
    text = sent.text
    starts = [0] + [m.end() for m in re.finditer(r"\n\s*", text)]
    for start in starts:
        found = find_dateline(text[start:])
        if found is not None:
            return sent.start_char + start + found.end
    return None


def in_dateline(tok: Token) -> bool:
    """Whether *tok* lies inside the dateline that opens its sentence."""
    end = dateline_end(tok.sent)
    return end is not None and tok.idx < end


def _label_end(subj: Token) -> int | None:
    """Where a subject that ends at a colon ends, when its reporting verb has a named subject
    after the colon ("ANTALYA: Secretary X said …"): the parser took a dateline or label for
    a second subject."""
    from .cues import vocabulary

    doc, verb = subj.doc, subj.head
    last = subj.right_edge
    colon = last if last.text == ":" else (doc[last.i + 1] if last.i + 1 < len(doc) else None)
    if colon is None or colon.text != ":" or not reports_past_colon(
            verb, colon, vocabulary().verbs, nominal=True):
        return None  # not "WALLACE: Will she be there?", a transcript's speaker label
    return colon.idx + 1


def reports_past_colon(verb: Token, colon: Token, verbs: Container[str],
                       nominal: bool = False) -> bool:
    """Whether *verb*, a reporting verb (its lemma in *verbs*) after *colon*, has a subject of
    its own after the colon ("ANTALYA: Secretary X said …"): the words before the colon are then
    a dateline or label over the report, not its speaker. *nominal*: that subject must be a
    noun or a name (not a pronoun)."""
    return verb.i > colon.i and verb.lemma_.lower() in verbs and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.i > colon.i
        and (not nominal or c.pos_ in ("PROPN", "NOUN")) for c in verb.children)


def past_dateline(subj: Token) -> Token | None:
    """The real subject when the parser took a dateline word for it: a noun phrase of the
    same verb after the dateline ("LONDON (Agency) - Jane Doe said": two subjects), or the
    name hung on the dateline word ("CLEVELAND (Agency) — Jane Doe told": an apposition)."""
    end = dateline_end(subj.sent)
    if end is None:
        end = _label_end(subj)  # "ANTALYA: Secretary X said": a label ending in a colon
    if end is None or subj.idx >= end:
        return subj
    for tok in subj.head.children:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.idx >= end:
            return tok
    for tok in subj.subtree:
        if tok.dep_ == "appos" and tok.idx >= end and tok.pos_ in ("PROPN", "NOUN"):
            return tok
    return None


def char_span(tokens: Span | list[Token]) -> CharSpan:
    toks = list(tokens)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def source_span(subj: Token) -> CharSpan:
    """The subject noun phrase, without relative clauses, appositions, asides or a dateline."""
    if subj.lower_ in RELATIVE or (
        subj.pos_ == "PRON" and not any(c.dep_ == "prep" for c in subj.children)
    ):
        return char_span([subj])
    left = subj.left_edge
    right = subj
    rights = list(subj.rights)
    for n, child in enumerate(rights):
        if _names_in_apposition(subj, rights[n:]):
            right = rights[n + 1].right_edge  # "an attorney for X, Mark Doe": the name is the source
            break
        if child.dep_ in _CUT and not (
            child.dep_ == "prep" and child.lower_ in ("of", "from", "at", "for", "with", "in")
        ):
            break
        right = child.right_edge
    toks = [t for t in subj.doc[left.i : right.i + 1]]
    end = dateline_end(subj.sent) if left.i < subj.i else None
    if end is not None and subj.idx >= end:
        toks = [t for t in toks if t.idx >= end]  # "WASHINGTON (Agency) — Sen. Jane Doe"
    while len(toks) > 1 and toks[-1].is_punct:
        toks.pop()
    while len(toks) > 1 and toks[0].is_punct:
        toks.pop(0)
    return char_span(toks)


def _names_in_apposition(subj: Token, rest: list[Token]) -> bool:
    """A comma then a name in apposition to a description: ", Mark Doe"; a body's name
    (", the Civic Watch Foundation") too."""
    return (len(rest) >= 2 and rest[0].dep_ == "punct" and rest[0].text == ","
            and rest[1].dep_ == "appos" and rest[1].ent_type_ in ("PERSON", "ORG")
            and subj.pos_ in ("NOUN", "NUM"))


def antecedent(subj: Token) -> Token | None:
    """The noun a relative pronoun ("who", "which") stands for: the head its clause hangs on
    (``relcl``), or, where the parse hung the clause elsewhere ("turned to the Police
    Department which reported …" read as an adverbial clause), the noun right before "who" or
    "which" (past a comma). "that" is left alone there: it is as often a demonstrative."""
    if subj.lower_ not in RELATIVE:
        return None
    verb = subj.head
    while verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ == "relcl":
        return verb.head
    return _noun_before(subj) if subj.lower_ in ("who", "which", "whom") else None


def _noun_before(subj: Token) -> Token | None:
    """The head of the noun phrase that ends right before *subj* in its sentence ("the
    Chicago Police Department which", "two voters, A and B, who"), or None."""
    i = subj.i - 1
    if i >= subj.sent.start and subj.doc[i].text == ",":
        i -= 1
    if i < subj.sent.start:
        return None
    tok = subj.doc[i]
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    while tok.dep_ in ("compound", "nmod", "amod") and tok.head.i > tok.i \
            and tok.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head  # never past the pronoun: the head is at or before i
    return tok if tok.i < subj.i else None


def cue_subject_after(doc: Doc, cue: CharSpan) -> Token | None:
    """The subject after an inverted cue ("'…,' muttered one who attended", "because, claims
    one official, …")."""
    span = doc.char_span(*cue, alignment_mode="expand")
    verb = next((t for t in span if t.pos_ in ("VERB", "AUX")), None) if span else None
    if verb is None:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.i > verb.i), None)


def words_follow(doc: Doc, cue: CharSpan) -> bool:
    """A noun phrase follows the cue in its sentence (an inverted "said one official")."""
    span = doc.char_span(*cue, alignment_mode="expand")
    if span is None or span.end >= len(doc) or doc[span.end].sent != span.sent:
        return False
    nxt = doc[span.end]
    return nxt.pos_ in ("DET", "NUM", "NOUN", "PROPN", "ADJ") and nxt.lower_ != "that"


_NP_INNER = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "case"})


def subject_after_quote(doc: Doc, end: int, verbs: frozenset[str] = frozenset()
                        ) -> Token | None:
    """The subject that opens the words right after a quotation no cue took (ending at
    *end*), when its verb follows in the same sentence ("'…,' Jane Doe, director of the
    centre, said"): the quotation's speaker, named after it. In the next sentence only with
    a verb of *verbs* ("'….' Her former partner, Jane Doe, called him …")."""
    text = doc_text(doc)
    pos = end
    while pos < len(text) and pos - end < 6 and (text[pos].isspace() or text[pos] in ",'\"’”"):
        pos += 1
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span[0]
    if not (tok.is_alpha and (tok.is_title or tok.pos_ in ("DET", "PRON", "ADJ", "NUM"))):
        return None
    while tok.dep_ in _NP_INNER and tok.head.i > tok.i:
        tok = tok.head
    verb = tok.head
    if tok.dep_ != "nsubj" or verb.i < tok.i or verb.sent != tok.sent or verb.pos_ != "VERB":
        return None
    last = doc.char_span(end - 1, end, alignment_mode="expand")
    if last is None or (last[0].sent != tok.sent and verb.lemma_ not in verbs):
        return None
    return tok


def clause_subject(tok: Token) -> Token | None:
    """Who speaks for a noun that cannot speak: the person its verb moves to act when it is
    the subject ("The rise of X gave Jane Doe new impetus to oppose …": Jane Doe), else the
    subject of the nearest clause above it ("Jane Doe ended the debate with a reference to
    X": Jane Doe for "reference")."""
    if tok.dep_ == "nsubj":
        for c in tok.head.children:
            if c.dep_ in ("dative", "dobj") and (c.ent_type_ == "PERSON" or c.pos_ == "PROPN"):
                return c
    head = tok
    for _ in range(6):
        if head.head.i == head.i:
            break
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj if subj.dep_ == "nsubj" and subj.i != tok.i else None
    return None


def hangs_on(doc: Doc, cue: CharSpan | None, subj: Token) -> bool:
    """Whether the cue is a participle or relative verb hung on *subj* ("a reference …,
    remarking that …")."""
    span = doc.char_span(*cue, alignment_mode="expand") if cue is not None else None
    verb = next((t for t in span if t.pos_ == "VERB"), None) if span else None
    return verb is not None and verb.dep_ == "acl" and verb.head.i == subj.i


def apposed_head(ante: Token) -> Token:
    """The name a description stands beside: the antecedent of "who" in "Jane Doe, a
    consultant who said …" is Jane Doe, not "a consultant" (nor "an influential Republican"
    coordinated with it); in "two voters, Jane Doe and John Roe, who said …" the names in
    apposition to the description (the labels' rule 7: every holder named)."""
    tok = ante
    while tok.dep_ == "conj" and tok.head.i != tok.i and tok.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head
    if tok.dep_ == "appos" and tok.pos_ == "NOUN" and tok.head.pos_ == "PROPN" and (
            tok.head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")):
        return tok.head
    if tok.pos_ == "NOUN":
        # "two voters, Jane Doe and John Roe, who …", also when the parse joins the names to
        # the description as conjuncts: the first holder named (the labels' rule 8)
        named = next((c for c in tok.children if c.dep_ in ("appos", "conj")
                      and c.pos_ == "PROPN" and c.ent_type_ in ("PERSON", "ORG")
                      and c.i > tok.i and tok.doc[c.left_edge.i - 1].text == ","), None)
        if named is not None:
            return named
    return ante


def plural_antecedent(subj: Token) -> Token | None:
    """The subject "they" most likely stands for: the nearest earlier plural subject (a plural
    noun, or names joined by "and") in the same sentence or the one before, or further back
    along a chain of sentences whose subject is "they" ("Critics, like Senators A and B, see
    … They sent a letter … '…,' they wrote"); None when a singular subject comes between
    (then the actors stage decides)."""
    tok = it_antecedent(subj, unquoted=True)  # the nearest earlier non-pronoun subject
    if tok is None and subj.lower_ == "they":
        tok = _they_chain(subj)
    if tok is None:
        return None
    plural = tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)
    return tok if plural else None


def _they_chain(subj: Token, reach: int = 3) -> Token | None:
    """The first non-pronoun subject before a run of sentences each led by "they"."""
    doc = subj.doc
    sent = subj.sent
    for _ in range(reach):
        if sent.start == 0:
            return None
        sent = doc[sent.start - 1].sent
        subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            return None
        if any(t.lower_ in ("they", "them", "their") for t in subjects):
            continue
        named = [t for t in subjects if t.pos_ != "PRON"]
        return named[-1] if named else None
    return None


def it_antecedent(subj: Token, unquoted: bool = False) -> Token | None:
    """The subject "it" most likely stands for: the nearest earlier non-pronoun subject in
    the same sentence or the one before; with *unquoted*, none inside a quotation between
    (the speaker's words: "'The plan has failed,' they wrote" is not about the plan)."""
    sent = subj.sent
    start = sent.start
    if start > 0:
        start = subj.doc[start - 1].sent.start
    for tok in reversed(subj.doc[start:subj.i]):
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ != "PRON":
            if unquoted and _quoted(tok):
                continue
            return tok
    return None


def _quoted(tok: Token) -> bool:
    """Whether *tok* lies inside a quotation opened earlier in its sentence (more opening
    marks than closing ones before it, or an odd number of straight ones)."""
    before = doc_text(tok.doc)[tok.sent.start_char:tok.idx]
    return (before.count("\u201c") > before.count("\u201d")
            or before.count("``") > before.count("''") or before.count('"') % 2 == 1)


#: What may follow a clause's last word before its quotation's end (closing marks).
CLOSING_MARKS = " .,;:!?\"'\u201d\u2019\u00bb)"
#: Pronouns that control nothing ("it was expected to …").
NOT_CONTROLLERS = frozenset({"it", "there", "this", "that", "what"})
#: Verbs of causing someone to act, whose object does what the infinitive says ("the move
#: led the embassy to warn …", "prompted X to say"): object control (Levin's class 59,
#: "force" verbs, and causative "lead", "prompt", "cause", "drive").
_OBJECT_CONTROL = frozenset({"lead", "prompt", "cause", "drive", "force", "compel", "push",
                             "spur", "move", "inspire", "provoke", "persuade", "convince",
                             "pressure", "pressurize", "goad", "get"})


def object_controller(verb: Token) -> Token | None:
    """The object of a verb of causing that *verb* is the infinitive of ("led the embassy
    to warn"): who does what *verb* says (object control)."""
    if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in _OBJECT_CONTROL:
        return None
    obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    return obj if obj is not None and obj.lower_ not in NOT_CONTROLLERS else None
