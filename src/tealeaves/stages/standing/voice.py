"""Who says so: the claim a standing signal rests on, hearsay, denial and foresight.

- The claim is the innermost claim whose content holds the evidence; its source kind says
  whether a named person, an organisation, anonymous sources or a rumour stands behind the
  signal. Evidence in no claim is the author's own.
- Inside "rumours (reports, speculation) that ..." the signal is hearsay: source ``rumour``.
- Under a denial ("the Kremlin denied rumours that X was sacked", "dismissed reports ...",
  "there was no basis for reports that ...") or in a claim cued by one, the signal is
  ``contested``.
- An exit foreseen rather than done ("will be replaced", "is expected to depart", "was
  floated to replace") is a ``predicted exit`` (type ``rumoured_ouster``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import Actor, Claim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .cues import Frames

#: Words on a verb or the verb it hangs on that make an event foreseen, not done.
ANTICIPATION = frozenset({
    "will", "would", "could", "may", "might", "likely", "soon", "expect", "expected", "set",
    "poised", "tip", "tipped", "float", "floated", "consider", "consideration", "plan", "push",
    "seek", "try", "attempt", "bid", "candidate", "contender", "want", "threaten", "possible",
    "possibly", "probably", "rumoured", "rumored",
})
#: Falling types that mean leaving a post: foreseen, they become ``rumoured_ouster``.
EXIT_TYPES = frozenset({"dismissed", "replaced", "resigned", "demoted"})
_CLIMB = frozenset({"xcomp", "ccomp", "acl", "advcl", "relcl", "pobj", "prep", "conj",
                    "attr", "oprd", "dobj", "nsubjpass", "nsubj", "appos"})


@dataclass(frozen=True)
class Voice:
    claim: str | None
    source_kind: str
    speaker: str | None
    contested: bool
    rumour: bool


def claim_at(claims: list[Claim], start: int, end: int) -> Claim | None:
    """The innermost claim whose content holds ``[start, end)`` (its start at least)."""
    best: Claim | None = None
    for c in claims:
        if c.start <= start < c.end and (best is None or c.end - c.start < best.end - best.start):
            best = c
    return best


def _ancestors(tok: Token, limit: int = 8) -> list[Token]:
    out, cur = [], tok
    for _ in range(limit):
        if cur.head.i == cur.i or cur.dep_ not in _CLIMB | {"advmod", "npadvmod"}:
            break
        cur = cur.head
        out.append(cur)
    return out


def _denial_cue(claim: Claim | None, frames: Frames) -> bool:
    if claim is None or claim.cue is None:
        return False
    first = claim.cue.text.lower().split()
    return bool(first) and any(first[0].startswith(d[:5]) for d in frames.denials)


def voice_of(doc: Doc, claims: list[Claim], frames: Frames, tok: Token, start: int,
             end: int) -> Voice:
    """Who says so for a signal whose cue word is *tok* and evidence ``[start, end)``."""
    claim = claim_at(claims, start, end)
    ups = _ancestors(tok)
    rumour = any(a.lemma_.lower() in frames.rumour_nouns and a.pos_ in ("NOUN", "PROPN")
                 for a in ups)
    denied = any((a.lemma_.lower() in frames.denials and not _negated(a))
                 or (a.lemma_.lower() in frames.no_grounds and _with_no(a)) for a in ups)
    contested = denied or _denial_cue(claim, frames)
    kind = "rumour" if rumour else (claim.source.kind if claim is not None else "author")
    return Voice(claim=claim.id if claim is not None else None, source_kind=kind,
                 speaker=claim.source.actor if claim is not None else None,
                 contested=contested, rumour=rumour)


def _with_no(tok: Token) -> bool:
    """"no basis for", "no truth in": the noun is negated by its determiner."""
    return any(c.dep_ in ("det", "neg") and c.lower_ in ("no", "not") for c in tok.children)


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def anticipated(tok: Token) -> bool:
    """Whether the verb (or noun) *tok* is foreseen rather than done: a modal or "likely"
    on it, or a verb of expectation, planning or candidacy above it."""
    words = {c.lemma_.lower() for c in tok.children if c.dep_ in ("aux", "auxpass", "advmod")}
    words |= {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass", "advmod")}
    cur = tok
    for _ in range(3):
        if cur.dep_ not in ("xcomp", "acl", "advcl", "pobj", "prep", "ccomp") or cur.head.i == cur.i:
            break
        cur = cur.head
        words.add(cur.lemma_.lower())
        words.add(cur.lower_)
        words |= {c.lower_ for c in cur.children if c.dep_ in ("aux", "advmod")}
        words |= {g.lemma_.lower() for c in cur.children if c.dep_ == "prep"
                  for g in c.children if g.dep_ == "pobj"}  # "is under consideration to"
    return bool(words & ANTICIPATION)


def superior(actor: Actor | None, frames: Frames) -> bool:
    """Whether *actor* holds a rank above others: a head of state, government, party or firm
    by a title word in its roles, name or title mentions."""
    if actor is None:
        return False
    texts = [*actor.roles, actor.name, *(m.text for m in actor.mentions if m.form == "title")]
    own = set(actor.name.lower().replace("-", " ").split())
    return any(_superior_title(text, frames, own) for text in texts)


#: Words that make a title someone else's or no longer held ("deputy prime minister",
#: "friend of President X", "former president").
_NOT_THE_HOLDER = frozenset({"deputy", "vice", "former", "ex", "assistant", "acting", "aide",
                             "adviser", "advisor", "friend", "ally", "spokesman",
                             "spokeswoman", "spokesperson", "envoy", "wife", "husband",
                             "son", "daughter"})


def _superior_title(text: str, frames: Frames, own: set[str]) -> bool:
    """Whether a role or title names a superior's rank held by its actor (whose name words
    are *own*): not someone else's ("estate President Donald Trump"), not a deputy's."""
    low = " ".join(text.lower().replace("-", " ").split())
    head = re.split(r"\b(?:of|to|for|at|in|under|with),?\s", low, maxsplit=1)[0]
    words = head.split()
    if set(words) & _NOT_THE_HOLDER:
        return False
    for title in frames.superiors:
        t = title.replace("-", " ").split()
        n = len(t)
        if n > 1 and "of" in t and low.split()[:n] == t:
            return True
        for i in range(len(words) - n + 1):
            if words[i:i + n] == t and set(words[i + n:]) <= own:
                return True
    return False


def sentence_start(doc: Doc, offset: int) -> int:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span.sent.start_char if span is not None else offset
