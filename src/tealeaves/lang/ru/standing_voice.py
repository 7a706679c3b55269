"""Who says so for a Russian standing signal, read as the English pipeline reads it
(``stages/standing/voice.py``, docs/stages/standing.md "Then, for each signal"):

- the innermost claim of the Russian sourcing stage whose content holds the evidence gives
  the signal its ``claim`` and ``source_kind`` (a rumour's words keep ``rumour``); evidence in
  no claim is the author's own (``author``);
- a quoted speaker's words are about whom they name, never about the speaker: a signal whose
  bearer is the source of the claim holding it is dropped, unless the words are a rumour's
  ("X опроверг слухи о своей отставке") or the speaker announces his own exit ("X объявил,
  что уходит в отставку": ``announce_verbs``);
- a claim cued by a denial ("Песков опроверг, что X уволен", "назвал ... выдумкой") makes
  the signal ``contested``, ``contested_by`` that claim, as a denial above the exit does in
  :mod:`.standing_mood`.

Vocabulary: ``resources/ru/events.yaml`` ``mood`` (``denial_words``, ``announce_verbs``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ...model import Claim, StandingSignal
from ...stages.standing.voice import claim_at
from .parse import RuDoc, RuToken
from .standing_mood import is_denial, mood_words

#: Types of leaving a post: a speaker may announce his own.
_OWN_EXITS = frozenset({"dismissed", "resigned"})


def _cue(doc: RuDoc, claim: Claim | None) -> RuToken | None:
    if claim is None or claim.cue is None:
        return None
    return doc.token_at(claim.cue.start)


def _own_words(doc: RuDoc, aid: str, sig: StandingSignal, claim: Claim | None) -> bool:
    """Whether *sig* is its bearer's own judgement in his own claim (dropped)."""
    if claim is None or claim.source.actor != aid or sig.source_kind == "rumour":
        return False
    cue = _cue(doc, claim)
    announced = (sig.type in _OWN_EXITS and cue is not None
                 and cue.lemma in mood_words()["announce_verbs"])
    return not announced


def attribute(doc: RuDoc, found: Sequence[tuple[str, StandingSignal]],
              claims: Sequence[Claim]) -> list[tuple[str, StandingSignal]]:
    """*found* (bearer id, signal) with who says so filled in, the speakers' own dropped."""
    out: list[tuple[str, StandingSignal]] = []
    for aid, sig in found:
        claim = claim_at(claims, sig.start, sig.end)
        if _own_words(doc, aid, sig, claim):
            continue
        kind = sig.source_kind or (claim.source.kind if claim is not None else "author")
        contested, by = sig.contested, sig.contested_by
        cue = _cue(doc, claim)
        if claim is not None and cue is not None and is_denial(doc, cue):
            contested, by = True, by or claim.id
        out.append((aid, replace(sig, claim=claim.id if claim is not None else None,
                                 source_kind=kind,  # type: ignore[arg-type]
                                 contested=contested, contested_by=by)))
    return out
