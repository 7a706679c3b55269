"""A cue set inside the clause it reports ("The deal, he said, was dead"; "Though, they
cautioned, he could accept"): the content is the whole clause across the aside, as for a
quotation interrupted by "he said" (``docs/stages/sourcing.md``; tests in
``tests/stages/sourcing/test_fragments.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cues import vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .attribution import CharSpan


def _last_word(toks: list[Token]) -> int:
    words = [t for t in toks if not t.is_punct and not t.is_space]
    last = words[-1] if words else toks[-1]
    return last.idx + len(last.text)


def _finite(verb: Token) -> bool:
    return verb.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ == "aux" and c.tag_ in ("MD", "VBD", "VBZ", "VBP") for c in verb.children)


def around_aside(cue: Token, content: CharSpan) -> CharSpan:
    """A cue set in the middle of its clause ("The deal, he said, was dead"): the content
    is the whole clause across the aside, like a quotation interrupted by "he said", not
    the part after it with its subject cut off. Only when the clause's subject lies before
    the aside; an opening connective or phrase ("Still, they warned, …") stays out. The
    same when the side before the aside was taken ("Bound by a border, the two nations, X
    said, now have …": the clause runs on past the aside to its end)."""
    head = cue.head
    if cue.dep_ != "parataxis" or head.i <= cue.i:
        return content
    subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    first = head.left_edge
    if subj is None and not (_finite(head) and head.dep_ == "ROOT" and not first.is_punct):
        return content  # a main clause with no subject: the parse hung it on the aside
    if subj is not None and subj.i > cue.i:
        return content
    if content[0] >= cue.idx:
        return (min(content[0], first.idx), content[1])
    if content[1] > cue.idx or content[0] < first.idx:
        return content
    rest = [t for t in head.subtree if t.i > cue.right_edge.i
            and not (t.is_punct and t.text not in "\"“”'’")]
    return (content[0], max(content[1], rest[-1].idx + len(rest[-1].text))) if rest else content


def aside_before_clause(doc: Doc, cue: Token) -> tuple[CharSpan, bool, None] | None:
    """The content of an aside the parser hung on its clause as a complement ("Though,
    they cautioned, he could still accept"): the clause after the aside (as ``content_of``
    gives contents: span, no quotation, no preposition)."""
    head = cue.head
    if cue.dep_ != "ccomp" or head.i <= cue.i or head.pos_ not in ("VERB", "AUX"):
        return None
    if head.lemma_.lower() in vocabulary().verbs:
        return None  # "…, officials felt, said X": the clause after is a report of its own
    if not any(c.dep_ == "nsubj" for c in cue.children) or any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "dative") for c in cue.children):
        return None
    after = cue.right_edge.i + 1
    if after >= len(doc) or doc[after].text != ",":
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > after for c in head.children):
        return None
    toks = [t for t in head.subtree if t.i > after]
    if not toks:
        return None
    return (toks[0].idx, _last_word(toks)), False, None
