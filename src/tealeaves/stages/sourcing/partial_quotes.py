"""A partial quotation with no cue of its own, set inside the writer's clause ("The ad hits
the senator for taking '…'", "promises to '…'"): its content is the smallest clause that
holds the quotation and the word it hangs on with that word's subject, not the quoted phrase
alone, as for a quotation inside a cue's clause (``docs/stages/sourcing.md``, "Sixth
fragment round"; tests in ``tests/stages/sourcing/test_partial_quotes.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...nlp import doc_text
from .cues import vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .attribution import CharSpan

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_WH = ("WDT", "WP", "WP$")
#: children of the clause's verb that are clauses or phrases of their own when they lie
#: wholly after the quotation ("… for taking '…' and claims that …")
_OWN = frozenset({"conj", "cc", "parataxis", "advcl", "punct"})


def _inside(tok: Token, span: CharSpan) -> bool:
    return span[0] <= tok.idx < span[1]


def _quote_root(doc: Doc, span: CharSpan) -> Token | None:
    """The quotation's head word: the first word inside whose head lies outside it."""
    inside = doc.char_span(span[0], span[1], alignment_mode="contract")
    for t in inside or []:
        if not t.is_punct and not t.is_space and not _inside(t.head, span):
            return t
    return None


def _clause_verb(gov: Token) -> tuple[Token, Token | None] | None:
    """The nearest verb at or above *gov* with a subject, and that subject; or a speech noun
    on the way ("his call for '…' on all imports"), with no subject: its phrase is what was
    said, not the clause around it."""
    vocab = vocabulary()
    t = gov
    for _ in range(12):  # a clause is never deeper than a dozen arcs above a word
        # a speech noun, or the noun of a reporting verb ("a call", "a demand", "a warning")
        if t.pos_ == "NOUN" and (t.lemma_.lower() in vocab.nouns or t.lemma_.lower() in vocab.verbs):
            return t, None
        if t.pos_ in ("VERB", "AUX"):
            subj = next((c for c in t.children if c.dep_ in _SUBJECTS), None)
            if subj is not None:
                return t, subj
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _spoken_as_sentence(text: str, start: int, sent_start: int) -> bool:
    """A quotation that opens its sentence or follows a colon or comma is said as it
    stands ("He added: '…'", "reads, '…'"): not part of the writer's clause."""
    before = text[sent_start:start].rstrip()
    return not before or before[-1] in ":,;—–-([" or before.endswith("''")


def clause_around(doc: Doc, span: CharSpan) -> CharSpan:
    """The content of a cue-less quotation at *span*: the smallest clause holding it, the
    word it hangs on and that word's subject, when the quotation is a piece of the writer's
    clause; *span* itself when it is said as a sentence, holds its own subject, or hangs on
    nothing with a subject ("Ending '…'")."""
    root = _quote_root(doc, span)
    if root is None or root.head.i == root.i:
        return span
    gov = root.head
    sent = root.sent
    if gov.idx >= span[0] or gov.sent.start != sent.start or _spoken_as_sentence(
            doc_text(doc), span[0], sent.start_char):
        return span
    if any(c.dep_ in _SUBJECTS and _inside(c, span) for c in root.children):
        return span  # "only when 'the truth is …'": a clause of its own
    found = _clause_verb(gov)
    if found is None:
        return span
    verb, _ = found
    cut: set[int] = set()
    for c in verb.children:
        if c.dep_ in _OWN and c.idx >= span[1]:
            cut.update(t.i for t in c.subtree)
    toks = [t for t in verb.subtree if t.i not in cut and not t.is_space]
    while toks and toks[0].is_punct and not toks[0].is_quote:
        toks.pop(0)
    while toks and toks[-1].is_punct and not toks[-1].is_quote:
        toks.pop()
    if not toks:
        return span
    first = toks[0]
    if first.dep_ == "prep" and any(c.tag_ in _WH for c in first.children):
        toks = [t for t in toks if t.i > first.right_edge.i] or toks
        first = toks[0]  # "one in which he took credit for '…'": the clause, not the relative
    if first.tag_ in _WH and first.i > sent.start and doc[first.i - 1].pos_ in ("NOUN", "PROPN"):
        first = doc[first.i - 1].left_edge  # "material whose release could cause '…'"
    start = min(first.idx, span[0])
    end = max(toks[-1].idx + len(toks[-1].text), span[1])
    return (start, end) if start >= sent.start_char else span
