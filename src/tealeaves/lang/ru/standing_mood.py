"""How a Russian exit is put: rumoured ("слухи об отставке X"), foreseen ("X могут отправить
в отставку", "о скорой отставке X"), called for ("потребовал отставки X") or denied ("Y
опроверг слухи об отставке X"). The English pipeline's reading (docs/stages/standing.md,
"Mood"): a rumoured or foreseen exit is a `predicted exit` (type `rumoured_ouster`), a rumour's
words (`source_kind` `rumour`); under a denial it is also `contested`, and `contested_by`
names the denier's claim (the one whose cue or content holds the denial word, with the English
side's ``stages.standing.voice.claim_holding``); a call is `called_to_resign`. Vocabulary:
``resources/ru/events.yaml`` ``mood``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ...model import Claim, StandingSignal
from ...stages.standing.voice import claim_holding
from .parse import RuDoc, RuToken
from .sources import ActorIndex
from .vocab import load_yaml

PREDICTED = ("predicted exit", "rumoured_ouster")
CALL = ("call to resign", "called_to_resign")


@lru_cache(maxsize=1)
def _mood() -> dict[str, frozenset[str]]:
    spec = load_yaml("events.yaml").get("mood") or {}
    return {k: frozenset(str(w) for w in v) for k, v in spec.items()}


def mood_words() -> dict[str, frozenset[str]]:
    """The ``mood`` vocabularies of ``resources/ru/events.yaml``, by name."""
    return _mood()


def _ancestors(doc: RuDoc, tok: RuToken) -> list[RuToken]:
    out: list[RuToken] = []
    cur = tok
    while cur.head >= 0 and len(out) < 12:
        cur = doc.tokens[cur.head]
        out.append(cur)
    return out


def is_denial(doc: RuDoc, tok: RuToken) -> bool:
    """Whether *tok* is a denial word (\"опроверг\"; \"назвал\" only with a name of a lie)."""
    mood = _mood()
    if tok.lemma not in mood["denial_words"]:
        return False
    if tok.lemma in ("назвать", "называть"):  # only "назвал слухи выдумкой"
        return any(c.lemma in mood["denial_names"] and c.rel != "obj" for c in doc.children(tok.i))
    return True


def _denier(doc: RuDoc, chain: list[RuToken]) -> RuToken | None:
    """The denial word above the exit ("опроверг", "назвал ... выдумкой"), if any."""
    return next((t for t in chain if is_denial(doc, t)), None)


def _contested_by(claims: Sequence[Claim], denier: RuToken | None) -> str | None:
    return claim_holding(claims, denier.start) if denier is not None else None


def _person_in(doc: RuDoc, tok: RuToken, index: ActorIndex) -> str | None:
    """The person named in *tok*'s genitive complement ("отставке министра Ивана Петрова")."""
    for c in doc.children(tok.i):
        if c.rel not in ("nmod", "appos"):
            continue
        first, last = doc.subtree(c.i)
        lo, hi = doc.tokens[first].start, doc.tokens[last].end
        for s, e, actor in index.spans:
            if lo <= s and e <= hi and actor.kind == "person":
                return actor.id
    return None


def _signal(doc: RuDoc, tok: RuToken, kind: tuple[str, str], source: str | None,
            contested: bool, end: int | None = None,
            contested_by: str | None = None) -> StandingSignal:
    end = tok.end if end is None else end
    return StandingSignal(kind[0], "falling", tok.start, end, doc.text[tok.start:end],
                          type=kind[1], source_kind=source,  # type: ignore[arg-type]
                          contested=contested, contested_by=contested_by)


def _exit_noun(doc: RuDoc, tok: RuToken, index: ActorIndex,
              claims: Sequence[Claim] = ()) -> tuple[str, StandingSignal] | None:
    mood = _mood()
    bearer = _person_in(doc, tok, index)
    if bearer is None:
        return None
    chain = _ancestors(doc, tok)
    hearsay = next((t for t in chain[:3] if t.lemma in mood["hearsay_nouns"]), None)
    foreseen = any(c.lemma in mood["foreseen_adjectives"] for c in doc.children(tok.i))
    if hearsay is not None or foreseen:
        denier = _denier(doc, chain)
        source = "rumour" if hearsay is not None or denier is not None else None
        return bearer, _signal(doc, tok, PREDICTED, source, denier is not None,
                               contested_by=_contested_by(claims, denier))
    if chain and chain[0].lemma in mood["call_verbs"] or (
            len(chain) > 1 and chain[1].lemma in mood["call_verbs"] and chain[0].pos == "NOUN"):
        return bearer, _signal(doc, tok, CALL, None, False)
    return None


def _modal_exit(doc: RuDoc, verb: RuToken, target: str | None, end: int,
                index: ActorIndex, claims: Sequence[Claim] = ()
                ) -> tuple[str, StandingSignal] | None:
    """An exit verb under a modal ("X могут отправить в отставку") or a hedge ("якобы")."""
    mood = _mood()
    head = doc.tokens[verb.head] if verb.head >= 0 else None
    modal = head if head is not None and verb.rel == "xcomp" and (
        head.lemma in mood["modal_verbs"]) else None
    hedged = any(c.lemma in mood["hedge_adverbs"] for c in doc.children(verb.i))
    if modal is None and not hedged:
        return None
    if modal is not None and any(c.lemma == "не" for c in doc.children(modal.i)):
        return None  # "X не может уйти в отставку": no exit entertained
    if target is None and modal is not None:
        for c in doc.children(modal.i):
            if c.rel in ("nsubj", "obj", "nsubj:pass"):
                first, last = doc.subtree(c.i)
                lo, hi = doc.tokens[first].start, doc.tokens[last].end
                target = next((a.id for s, e, a in index.spans
                               if lo <= s and e <= hi and a.kind == "person"), None)
                if target:
                    break
    if target is None:
        return None
    denier = _denier(doc, _ancestors(doc, verb))
    source = "rumour" if hedged or denier is not None else None
    return target, _signal(doc, verb, PREDICTED, source, denier is not None, end,
                           _contested_by(claims, denier))


def mood_signals(doc: RuDoc, dismissals: list[tuple[int, str | None, int]],
                 index: ActorIndex, claims: Sequence[Claim] = ()
                 ) -> list[tuple[str, StandingSignal]]:
    """Signals of rumoured, foreseen, called-for and denied exits: exit nouns in the text, and
    the DISMISS events (token index of the verb, target, end of the predicate) that a modal or
    hedge governs. *claims* (the sourcing stage's) name who contests a denied exit."""
    out: list[tuple[str, StandingSignal]] = []
    nouns = _mood()["exit_nouns"]
    for tok in doc.tokens:
        if tok.pos == "NOUN" and tok.lemma in nouns:
            found = _exit_noun(doc, tok, index, claims)
            if found is not None:
                out.append(found)
    for i, target, end in dismissals:
        found = _modal_exit(doc, doc.tokens[i], target, end, index, claims)
        if found is not None:
            out.append(found)
    return out


def overrides(sig: StandingSignal, moods: list[tuple[str, StandingSignal]]) -> bool:
    """A plain exit signal that a mood signal replaces (the exit did not simply happen): their
    spans overlap."""
    if sig.direction != "falling" or sig.signal != "dismissed":
        return False
    return any(m.start < sig.end and sig.start < m.end for _, m in moods)
