"""A report called false in a later sentence contests the hearsay before it.

"Two officials said the minister would be sacked. The ministry described the reports as
fake." The denial names no clause of its own: it refers back ("the reports", "the
information", "these claims") and calls it false. Each falling signal before it that rests on
hearsay (source ``rumour`` or ``anonymous``) and is not yet disputed becomes ``contested``,
with the denier's claim as ``contested_by``. Three forms, all read off the parse:

- a denial verb with the report as its object ("The Kremlin denied the reports");
- a verb of describing with the report as its object and a word of falsity in its predicate
  ("called the claims baseless", "described the information as fake");
- the report as the subject of "be" with a word of falsity ("The reports are untrue").

The report noun must be definite (a determiner that points back, or a possessive) and carry
no clause of its own ("denied reports that X was ill" is a new report, read in its sentence by
:mod:`.voice`). The words are in ``standing_frames.yaml`` (``report_nouns``, ``falsity``,
``describing``, with their sources).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...model import Claim, StandingSignal
from .voice import claim_holding

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .cues import Frames

#: Determiners that point back to something already told.
_BACK = frozenset({"the", "this", "these", "those", "that", "such"})
#: Sources whose signal a denial can dispute: hearsay.
_HEARSAY = frozenset({"rumour", "anonymous"})


def _report_back(noun: Token, frames: Frames) -> bool:
    """A definite report noun with no clause of its own ("the reports", "such claims")."""
    if noun.lemma_.lower() not in frames.rumour_nouns | frames.report_nouns \
            and noun.lower_ not in frames.rumour_nouns | frames.report_nouns:
        return False
    definite = any((c.dep_ == "det" and c.lower_ in _BACK) or c.dep_ == "poss"
                   for c in noun.children)
    own_clause = any(c.dep_ in ("acl", "ccomp", "relcl") for c in noun.children)
    return definite and not own_clause


def _false_in(tokens: Sequence[Token], frames: Frames) -> bool:
    return any(t.lower_ in frames.falsity or t.lemma_.lower() in frames.falsity for t in tokens)


def _is_denial(tok: Token, frames: Frames) -> bool:
    if tok.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in tok.children):
        return False
    lemma = tok.lemma_.lower()
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    back = [o for o in objs if _report_back(o, frames)]
    if back and lemma in frames.denials:
        return True  # "denied the reports"
    if back and lemma in frames.describing:  # "called the claims baseless"
        rest = [t for t in tok.subtree if t.i > back[0].i and t not in back[0].subtree]
        return _false_in(rest, frames)
    if lemma == "be":  # "the reports are untrue"
        subj = [c for c in tok.children if c.dep_ == "nsubj" and _report_back(c, frames)]
        preds = [t for c in tok.children if c.dep_ in ("acomp", "attr")
                 for t in c.subtree]
        return bool(subj) and _false_in(preds, frames)
    return False


#: how far after a hearsay signal a denial of "the reports" may stand and still answer it
#: (characters: about the next three or four sentences of a news story), so that one denial
#: near the end does not dispute every earlier rumour of the article
REACH = 1000


def contest_by_later_denial(doc: Doc, out: dict[str, list[StandingSignal]],
                            claims: Sequence[Claim], frames: Frames) -> None:
    """Mark in place each undisputed falling hearsay signal that a later sentence's denial of
    "the reports" disputes."""
    denials = [t for t in doc if _is_denial(t, frames)]
    if not denials:
        return
    for signals in out.values():
        for i, s in enumerate(signals):
            if s.contested or s.direction != "falling" or s.source_kind not in _HEARSAY:
                continue
            later = next((d for d in denials
                          if s.end <= d.sent.start_char <= s.end + REACH), None)
            if later is not None:
                signals[i] = dataclasses.replace(
                    s, contested=True, contested_by=claim_holding(claims, later.idx))
