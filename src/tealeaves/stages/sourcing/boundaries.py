"""Where a reported clause ends (issue 17, content boundaries, 2026-12-03, sixth session).

A content is a whole clause: it neither stops inside its own clause nor runs into the next
one. Each rule is a fact of English grammar read off the parse, with tests on invented
sentences (``tests/stages/sourcing/test_boundaries.py``; ``docs/stages/sourcing.md``,
"Content boundaries"):

- **A preposition left without its object.** A content whose last word is a preposition
  with no object, followed at once by a word ("the votes needed to put on" | "hold any
  ruling"), was cut by the parse: it runs on through the phrase that follows.
- **An object and its predicate.** "polls showing the lead having evaporated", "saw its
  support collapsing": a participle right after the cue's object, with no subject of its own,
  says what is reported of the object (Quirk et al. 1985, 16.52, the object with a
  participle complement); the object alone is no claim.
- **A cleft and its relative.** "sources say it's the leaders, under pressure, who
  insisted": the relative clause belongs to the cleft's focus (Quirk et al. 1985, 18.25);
  "it's the leaders" alone says nothing.
- **An absolute phrase and the main clause.** "With the court split and senators refusing
  to allow hearings for the nominee, the final rules are likely to …": where the parse ran the
  absolute phrase's content into the main clause (a finite verb with no subject), the content
  stops at the last comma before that clause (Quirk et al. 1985, 15.58).
- **A relative clause's gap before a quotation.** "the ones State now says are '…'": the
  quotation opens after the verb of the reported clause, whose subject is the relative's
  gap; such a content lacks its subject as much as an unquoted one does
  (``fragments.relative_gap``, which drops it).
- **A judgment's ground.** "blamed X for …", "accused X of …", "charged X with …", "polls
  show X with a lead": the phrase after the object completes what is said of it
  (:func:`with_charge`; the verbs in ``resources/sourcing/judgment_verbs.txt``).
- **Another speaker's clause.** "lawmakers accused each other of X while doctors warned of
  Y": an adverbial clause ("while", "whereas", "even as") with a speaker and a cue of its own is that speaker's claim, not
  part of the first content.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ...nlp import doc_text
from . import cue_sense
from .cues import read_sections, vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .attribution import CharSpan

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
#: subordinators of a clause that runs beside the main one ("while", "as", "whereas")
_BESIDE = frozenset({"while", "whereas", "as"})
#: what a cue of its own says ("while doctors warned of …", "while Y said that …")
_SAID = frozenset({"dobj", "ccomp", "xcomp", "prep", "attr", "advcl"})
_RELATIVES = frozenset({"who", "that", "which"})


def _end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def _span(doc: Doc, content: CharSpan) -> Span | None:
    return doc.char_span(content[0], content[1], alignment_mode="expand")


def _words(span: Span) -> list[Token]:
    return [t for t in span if not t.is_punct and not t.is_space]


def stranded_preposition(doc: Doc, content: CharSpan) -> CharSpan:
    """*content* run on through the phrase after a last preposition that has no object."""
    span = _span(doc, content)
    words = _words(span) if span is not None else []
    if not words:
        return content
    last = words[-1]
    if last.tag_ != "IN" or last.dep_ != "prep" or any(True for _ in last.children):
        return content
    if last.i + 1 >= last.sent.end:
        return content
    nxt = last.doc[last.i + 1]
    if not nxt.is_alpha or nxt.pos_ not in ("NOUN", "PROPN", "ADJ", "DET", "NUM", "PRON"):
        return content
    if nxt.left_edge.i < nxt.i or nxt.right_edge.i >= nxt.sent.end:
        return content
    right = nxt.right_edge
    while right.i > nxt.i and (right.is_punct or right.is_space):
        right = right.doc[right.i - 1]
    return content[0], max(content[1], _end(right))


def _predicate_after(obj: Token, cue: Token) -> Token | None:
    """The participle right after *obj* that says what is reported of it, if any."""
    doc = obj.doc
    nxt_i = obj.right_edge.i + 1
    if nxt_i >= obj.sent.end:
        return None
    nxt = doc[nxt_i]
    pred = nxt
    if nxt.lower_ in ("having", "being") and nxt.dep_ in ("aux", "auxpass"):
        pred = nxt.head
    if pred.tag_ not in ("VBG", "VBN") or pred.i < nxt_i:
        return None
    if any(c.dep_ in _SUBJECTS and c.i > obj.i for c in pred.children):
        return None  # a clause of its own
    if any(c.dep_ in _SUBJECTS and obj.i > c.i > cue.i for c in pred.children):
        return None  # (a subject before the cue is the cue's, lent by the parse)
    if any(not (t.i == pred.i or pred.is_ancestor(t)) for t in doc[nxt_i:pred.i]):
        return None
    if pred.head.i == cue.i and pred.dep_ not in ("xcomp", "ccomp", "oprd"):
        return None  # "criticized the plan saying …": the cue's own adjunct
    if pred.lemma_.lower() in vocabulary().verbs:
        return None
    return pred


def has_object_predicate(cue: Token) -> bool:
    """The cue's object has a participle predicate after it ("polls showing her lead having
    vanished"): a small clause, a report's own form like a that-clause."""
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None:
        return False
    if any(c.dep_ == "acl" and c.i > obj.i and c.tag_ in ("VBG", "VBN")
           and any(a.lower_ in ("having", "being") for a in c.children) for c in obj.children):
        return True  # the parse hung the predicate on the object ("X's lead having vanished")
    return _predicate_after(obj, cue) is not None


def object_predicate(cue: Token, content: CharSpan) -> CharSpan:
    """The cue's object run on through a participle predicate right after it."""
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None or content != (obj.left_edge.idx, _end(obj.right_edge)):
        return content
    pred = _predicate_after(obj, cue)
    if pred is None or pred.right_edge.i >= pred.sent.end:
        return content
    right = pred.right_edge
    while right.i > pred.i and (right.is_punct or right.is_space):
        right = right.doc[right.i - 1]
    return content[0], _end(right)


def quote_goes_on(doc: Doc, start: int, end: int, limit: int) -> bool:
    """Whether a quotation starting at *end* goes on the one whose claim ends at *start*: a
    short gap on one line with no verb in it that the cue-sense model vetoes (a cue word the
    rules accepted but whose sentence is narration). Parting the two at any whole sentence in
    the gap was measured and not taken: PolNeAR dev 0.7872 -> 0.7869, anonymous F1 0.8507 ->
    0.8488 (under issue 17's 0.85); "the mayor said. She won the vote. '…'" still runs on."""
    gap = doc_text(doc)[start:end]
    if len(gap) > limit or "\n" in gap:
        return False
    span = doc.char_span(start, end, alignment_mode="contract")
    return span is None or not any(t.pos_ == "VERB" and cue_sense.vetoed(t) for t in span)


def _is_be(tok: Token) -> bool:
    return tok.lemma_ == "be" or tok.lower_ in ("'s", "\u2019s") and tok.tag_ == "VBZ"


def _cleft_focus(span: Span) -> Token | None:
    """The focus of an "it is X" cleft that opens *span* (after at most "that")."""
    words = _words(span)
    if words and words[0].lower_ == "that":
        words = words[1:]
    if not words or words[0].lower_ != "it" or words[0].dep_ not in ("nsubj", "expl"):
        return None
    root = words[0].head
    if not _is_be(root) or not span.start <= root.i < span.end:
        return None
    focus = next((c for c in root.children if c.dep_ in ("attr", "dobj") and c.i > root.i), None)
    if focus is None or focus.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return focus


def is_cleft(doc: Doc, content: CharSpan) -> bool:
    """Whether *content* is an "it is X …" cleft."""
    span = _span(doc, content)
    return span is not None and _cleft_focus(span) is not None


def relative_speaker(subj: Token | None) -> bool:
    """Whether a claim's speaker is a relative pronoun ("…, who insisted on …")."""
    return subj is not None and subj.tag_ in ("WP", "WDT")


def _relative_after(doc: Doc, end: int, sent: Span) -> Token | None:
    """A relative pronoun opening the first clause after *end*, across at most one aside
    set off by commas."""
    toks = [t for t in sent if t.idx >= end]
    if not toks:
        return None
    if toks[0].lower_ in _RELATIVES and toks[0].tag_ in ("WP", "WDT"):
        return toks[0]
    if toks[0].text != ",":
        return None
    for i, t in enumerate(toks[1:], start=1):
        if t.text == "," and i + 1 < len(toks):
            rel = toks[i + 1]
            ok = rel.lower_ in _RELATIVES and rel.tag_ in ("WP", "WDT")
            return rel if ok else None
        if t.text in (";", ":", "—", "(", ")") or t.tag_ in ("WP", "WDT"):
            return None
    return None


def cleft_relative(doc: Doc, content: CharSpan) -> CharSpan:
    """An "it is X" content run on through the cleft's relative clause after X."""
    span = _span(doc, content)
    if span is None or not _words(span):
        return content
    focus = _cleft_focus(span)
    if focus is None or _end(focus.right_edge) < _end(_words(span)[-1]):
        return content
    rel = _relative_after(doc, content[1], span.sent)
    if rel is None or rel.head.dep_ != "relcl":
        return content
    verb = rel.head
    right = verb.right_edge
    while right.i > verb.i and (right.is_punct or right.is_space):
        right = doc[right.i - 1]
    return content[0], max(content[1], _end(right))


def before_other_speaker(doc: Doc, cue: Token, content: CharSpan) -> CharSpan:
    """*content* cut before an adverbial clause ("while …", "as …") with a speaker and a
    cue of its own."""
    span = _span(doc, content)
    if span is None:
        return content
    verbs = vocabulary().verbs
    for tok in span:
        if tok.dep_ != "mark" or tok.lower_ not in _BESIDE or tok.i <= cue.i:
            continue
        verb = tok.head
        if verb.dep_ != "advcl" or verb.lemma_.lower() not in verbs or verb.i == cue.i:
            continue
        if verb.head.i > tok.i or not any(c.dep_ in _SAID for c in verb.children):
            continue  # "that, while A say X, B …"; "as X has said" (an aside on this content)
        if tok.lower_ == "as" and doc[tok.i - 1].lower_ not in (",", "even", "—", "–", "-"):
            continue  # "as much money as he promised", "as if …": a comparison
        if not any(c.dep_ in ("nsubj", "nsubjpass") and c.i > tok.i for c in verb.children):
            continue
        before = [t for t in doc[span.start:min(tok.i, verb.left_edge.i)]
                  if not t.is_punct and not t.is_space]
        if not before or before[-1].i <= cue.i and before[-1].idx < content[0]:
            return content
        if _end(before[-1]) <= content[0]:
            return content
        return content[0], _end(before[-1])
    return content


def quoted_after_verb(cue: Token) -> bool:
    """A quotation that opens after the verb of the cue's clause ("the ones State says are
    '…'"): the verb and its missing subject are the writer's words, not the quotation's."""
    comp = next((c for c in cue.children if c.dep_ == "ccomp"), None)
    if comp is None:
        return False
    words = [t.i for t in comp.subtree if t.i > cue.i and t.is_alpha and t.tag_ not in (
        "WDT", "WP")]
    return bool(words) and any(t.tag_ == "``" and t.i > words[0] for t in comp.subtree)


def _finite(tok: Token) -> bool:
    return tok.tag_ in ("VBD", "VBZ", "VBP", "MD") and tok.pos_ in ("VERB", "AUX")


def _main_verb_after(cue: Token, content: CharSpan) -> tuple[Token, int] | None:
    """The first finite verb after *cue* that opens no clause of its own (no "that", no
    relative) and whose subject is missing or inside *content*, with where its clause
    begins (its subject, or the verb)."""
    for tok in cue.doc[cue.i + 1:cue.sent.end]:
        if not _finite(tok) or tok.dep_ in ("relcl", "conj", "aux", "auxpass") or any(
                c.dep_ == "mark" for c in tok.children):
            continue
        subj = next((c for c in tok.children if c.dep_ in _SUBJECTS), None)
        if subj is None or subj.i == cue.i or subj.is_ancestor(cue):
            return tok, tok.i  # no subject, or the absolute phrase taken for it
        if subj.tag_ in ("WDT", "WP") or not content[0] <= subj.idx < content[1]:
            return None
        return tok, subj.left_edge.i
    return None


def absolute_end(doc: Doc, cue: Token, content: CharSpan) -> CharSpan:
    """*content* of a cue in an absolute "with" phrase that opens the sentence, cut before
    the main clause where the parse ran it in: the main clause's finite verb has no subject
    or one inside the content, and that clause starts after the last comma before it."""
    if cue.tag_ != "VBG" or cue.sent[0].lower_ != "with":
        return content
    got = _main_verb_after(cue, content)
    span = _span(doc, content)
    if got is None or span is None:
        return content
    commas = [t for t in doc[cue.i:got[1]] if t.text == ","]
    if not commas or any(t.tag_ in ("WDT", "WP") or t.lower_ == "that"
                         for t in doc[commas[-1].i:got[1]]):
        return content
    before = [t for t in doc[span.start:commas[-1].i] if not t.is_punct and not t.is_space]
    if not before or _end(before[-1]) <= content[0] or commas[-1].idx >= content[1]:
        return content
    return content[0], _end(before[-1])


@lru_cache(maxsize=1)
def _grounds() -> dict[str, tuple[str, ...]]:
    """Verb → the prepositions of the phrase that completes its object: judgment (Levin 1993,
    33) and charging with "of"/"for", "charge"/"show"/"find" with "with"
    (``resources/sourcing/judgment_verbs.txt``)."""
    sections = read_sections("sourcing/judgment_verbs.txt")
    out: dict[str, tuple[str, ...]] = {
        w: ("of", "for") for key in ("judgment", "charge") for w in sections.get(key, [])}
    for w in sections.get("with", []):
        out[w] = (*out.get(w, ()), "with")
    return out


def judgment_verbs() -> frozenset[str]:
    return frozenset(_grounds())


def with_charge(cue: Token, content: CharSpan) -> CharSpan:
    """The ground of a judgment hung on the verb after its object: of PolNeAR train's gold
    contents after these cues, 169 hold an "of"/"for" phrase and 2 stop right before one."""
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    preps = _grounds().get(cue.lemma_.lower())
    if preps is None or obj is None:
        return content
    right = obj.right_edge
    if content != (obj.left_edge.idx, right.idx + len(right.text)):
        return content
    ground = next((c for c in cue.children if c.dep_ == "prep" and c.i > right.i
                   and c.lower_ in preps and not any(
                       g.ent_type_ in ("DATE", "TIME") for g in c.children)), None)
    if ground is None or ground.lower_ == "with" and ground.i != right.i + 1:
        return content
    last = ground.right_edge
    return content[0], last.idx + len(last.text)


def clause_bounds(doc: Doc, cue: Token, content: CharSpan) -> CharSpan:
    """*content* (not a quotation) brought to its own clause's bounds by the rules above."""
    content = stranded_preposition(doc, content)
    content = object_predicate(cue, content)
    content = cleft_relative(doc, absolute_end(doc, cue, content))
    return before_other_speaker(doc, cue, content)
