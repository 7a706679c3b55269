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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import Actor, Claim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .cues import Frames

#: Words on a verb or the verb it hangs on that make an event foreseen, not done.
ANTICIPATION = frozenset({
    "will", "would", "could", "may", "might", "likely", "soon", "expect", "expected", "set",
    "poised", "tip", "tipped", "float", "floated", "consider", "consideration", "plan", "push",
    "seek", "try", "attempt", "bid", "candidate", "contender", "want", "threaten", "possible",
    "intend", "intends", "intended", "intention",
    "possibly", "probably", "rumoured", "rumored",
    # -ing forms the tagger may leave unlemmatised as nouns ("a Republican seeking to replace X")
    "seeking", "trying", "planning", "wanting", "attempting", "pushing", "threatening",
    "considering", "bidding", "hoping", "aiming", "hope", "aim",
    # contests for a post ("Y and Z battled to replace X"): the outcome is not yet known
    "battle", "fight", "vie", "compete", "race", "jockey", "scramble", "campaign",
    # before a noun: "his imminent / possible / potential dismissal"
    "imminent", "potential", "looming", "impending", "eventual", "prospective",
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
    #: The denier's claim ("the Kremlin denied reports that ..."), when a claim holds it.
    contested_by: str | None = None
    #: The evidence sits under a hearsay noun ("reports that X resigned") or a call ("calls to
    #: resign"): the words are the report's or the callers', not the speaker's, even in the
    #: speaker's own claim.
    relayed: bool = False


def claim_at(claims: Sequence[Claim], start: int, end: int) -> Claim | None:
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
    """Who says so for a signal whose cue word is *tok* and evidence ``[start, end)``: the
    claim holding the evidence, else the one holding the cue word ("the opposition called
    on X to resign": the claim is "to resign", the evidence starts at X)."""
    claim = claim_at(claims, start, end) or claim_at(claims, tok.idx, tok.idx + 1) \
        or _rumour_cued(claims, start, end)
    ups = _ancestors(tok)
    relayed = any(_hearsay(a, frames) or (a.pos_ == "NOUN" and a.lemma_.lower()
                                          in frames.calls - {"time"}) for a in ups) or any(
        c.dep_ == "amod" and c.lower_ in frames.rumour_modifiers for c in tok.children)
    denier = next((a for a in ups if (a.lemma_.lower() in frames.denials and not _negated(a))
                   or (a.lemma_.lower() in frames.no_grounds and _with_no(a))), None)
    contested_by = None
    if _denial_cue(claim, frames):
        contested_by = claim.id if claim is not None else None
    elif denier is not None:
        contested_by = claim_holding(claims, denier.idx)
    kind = "rumour" if relayed else (claim.source.kind if claim is not None else "author")
    return Voice(claim=claim.id if claim is not None else None, source_kind=kind,
                 speaker=claim.source.actor if claim is not None else None,
                 contested=denier is not None or _denial_cue(claim, frames),
                 rumour=kind == "rumour", contested_by=contested_by, relayed=relayed)


def _rumour_cued(claims: list[Claim], start: int, end: int) -> Claim | None:
    """A rumour claim whose cue is the evidence ("X is tipped to ...": the tip's words, not
    the author's)."""
    return next((c for c in claims if c.source.kind == "rumour" and c.source.actor is None
                 and c.cue is not None and c.cue.start < end and start < c.cue.end), None)


def _hearsay(tok: Token, frames: Frames) -> bool:
    """A word that makes the clause under it hearsay: a rumour noun ("reports that ..."; also
    one the tagger took for a verb with no subject, "dismissed as nonsense rumours that"), or
    a passive verb of reporting ("X is rumoured to have been sacked", "is said to")."""
    lemma, low = tok.lemma_.lower(), tok.lower_
    if lemma == "be" and any(c.dep_ == "nsubj" and c.lemma_.lower() in frames.rumour_nouns
                             for c in tok.children):
        return True  # "the reports were that X had resigned"
    if tok.dep_ == "acl" and low in frames.rumour_modifiers:
        return True  # "those rumoured to be at risk of ..."
    if tok.pos_ in ("NOUN", "PROPN"):
        return lemma in frames.rumour_nouns
    if tok.pos_ == "VERB" and low in frames.rumour_nouns:
        return not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    return lemma in frames.rumour_verbs and any(c.dep_ == "auxpass" for c in tok.children)


def claim_holding(claims: Sequence[Claim], offset: int) -> str | None:
    """The claim a denial word belongs to: the one it cues, else the innermost one whose
    content holds it ("X said the Kremlin had dismissed the reports")."""
    for c in claims:
        if c.cue is not None and c.cue.start <= offset < c.cue.end:
            return c.id
    held = claim_at(claims, offset, offset + 1)
    return held.id if held is not None else None


def _with_no(tok: Token) -> bool:
    """"no basis for", "no truth in": the noun is negated by its determiner."""
    return any(c.dep_ in ("det", "neg") and c.lower_ in ("no", "not") for c in tok.children)


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def anticipated(tok: Token) -> bool:
    """Whether the verb (or noun) *tok* is foreseen rather than done: a modal or "likely"
    on it, or a verb of expectation, planning or candidacy above it."""
    near = ("aux", "auxpass", "advmod", "amod")  # "his possible dismissal"
    words = {c.lemma_.lower() for c in tok.children if c.dep_ in near}
    words |= {c.lower_ for c in tok.children if c.dep_ in near}
    cur = tok
    for _ in range(3):
        if cur.dep_ not in ("xcomp", "acl", "advcl", "pobj", "prep", "ccomp") or cur.head.i == cur.i:
            break
        cur = cur.head
        words.add(cur.lemma_.lower())
        words.add(cur.lower_)
        words |= {c.lower_ for c in cur.children if c.dep_ in ("aux", "advmod", "amod")}
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


#: Words that open a question presupposing its event ("Why was X sacked?" says he was).
_WH_QUESTION = frozenset({"why", "when", "how", "where", "who", "whom", "whose", "what",
                          "which"})
#: Modals that make a clause-subject hypothetical ("sacking X would be a mistake").
_COUNTERFACTUAL = frozenset({"would", "could", "might", "'d"})
#: Links a clause climbs to reach the clause, noun or verb that governs its mood.
_MOOD_CLIMB = frozenset({"xcomp", "ccomp", "acl", "relcl", "pobj", "prep", "dobj",
                         "nsubjpass", "advcl", "conj", "auxpass", "pcomp"})


def modality(tok: Token, frames: Frames) -> str | None:
    """How the event at *tok* is put, when it is not simply told:

    - ``refused``: under a refusal or a prevention ("X refused to resign", "prevented X
      from replacing Y");
    - ``aim``: under a verb of helping or hoping ("to help X get elected");
    - ``conditional``: in an if/unless clause ("if X is dismissed, ...");
    - ``call``: under a modal of obligation ("X must resign", "X should be fired") or a verb
      or noun of demanding ("called on X to resign", "calls for X's dismissal", "it is time
      for X to resign");
    - ``question``: in a question that does not open with a wh-word ("Will X be replaced?",
      "X resigning?") or asked about ("asked whether X had resigned");
    - None: told as done or foreseen."""
    chain, links = [tok], [""]
    cur = tok
    for _ in range(4):
        if cur.head.i == cur.i or cur.dep_ not in _MOOD_CLIMB:
            break
        if cur.dep_ == "relcl" and not _infinitive(cur):
            break  # "X, who resigned, ...": the relative clause is told as done
        links.append(cur.dep_)
        cur = cur.head
        chain.append(cur)
    for i, t in enumerate(chain):
        mood = _mood_at(t, links[i], frames, first=i == 0)
        if mood is not None:
            return mood
    sent = tok.sent
    if sent.text.rstrip().endswith("?") and sent[0].lower_ not in _WH_QUESTION:
        return "question"  # yes/no ("Will X be replaced?") or verbless ("X resigning?")
    return None


def _infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _mood_at(t: Token, link: str, frames: Frames, *, first: bool) -> str | None:
    """The mood one token of the climb puts on the clause below it (*link*: how the token
    below hung on it)."""
    marks = {c.lower_ for c in t.children if c.dep_ == "mark"}
    if marks & frames.conditionals and t.dep_ == "advcl":
        return "conditional"  # the antecedent: "if X is dismissed, ..."
    if t.dep_ == "csubj" and any(c.dep_ == "aux" and c.lower_ in _COUNTERFACTUAL
                                 for c in t.head.children):
        return "conditional"  # "sacking X would have made him a martyr"
    if first or link in ("xcomp", "conj"):
        if any(c.lower_ in frames.obligation for c in t.children if c.dep_ == "aux"):
            return "call"  # "X must resign", even with a condition ("... if he cannot")
        if any(c.dep_ == "advcl" and {m.lower_ for m in c.children if m.dep_ == "mark"}
               & frames.conditionals for c in t.children):
            return "conditional"  # the consequent: "if X resigns, Y will take over"
    if marks & (frames.asking | frames.conditionals) and t.dep_ in ("ccomp", "pcomp"):
        return "question"  # "asked whether / if X had resigned"
    return None if first else _governing_mood(t, link, frames)


def _governing_mood(t: Token, link: str, frames: Frames) -> str | None:
    """The mood a word above the cue puts on the clause hanging on it by *link*: a refusal
    or prevention, an aim, a demand, a question."""
    lemma = t.lemma_.lower()
    if t.lower_ in frames.aims | frames.refusals | frames.calls:
        lemma = t.lower_  # an inflected form the lemmatiser missed ("hopes" -> "hop")
    if link in ("xcomp", "prep", "pcomp") and lemma in frames.refusals:
        return "refused"  # "refused to resign", "prevented X from replacing Y"
    if link in ("xcomp", "ccomp") and lemma in frames.aims and not (
            lemma in ("help", "assist") and t.tag_ in ("VBD", "VBN")):
        return "aim"  # "will help X get elected" (but "helped oust X" is done)
    if lemma in frames.calls and link not in ("advcl", "conj") and _demands(t, link):
        return "call"  # not "urged him ... after he was elected"
    if lemma in frames.asking and link in ("ccomp", "prep", "pobj", "dobj"):
        return "question"
    if link in ("conj", "xcomp", "acl", "prep") and _no_choice(t, frames):
        return "call"  # "X has no other option but to resign": pressure, not an exit
    if link == "xcomp" and _present_obligation(t, frames):
        return "call"  # "you've got to fire X", "X has to go" (but "X had to resign": done)
    return None


def _present_obligation(t: Token, frames: Frames) -> bool:
    """A semi-modal of obligation in the present ("have got to", "has to", "needs to";
    ``semi_modals`` in ``standing_frames.yaml``): a call, as "must" is. In the past ("had to
    resign", "needed to go") it tells what happened."""
    lemma = t.lemma_.lower()
    if lemma not in frames.semi_modals:
        return False
    if lemma == "get":  # "'ve got to", "has got to": the present perfect of the idiom
        return t.tag_ == "VBN" and any(c.dep_ == "aux" and c.tag_ in ("VBP", "VBZ")
                                       for c in t.children)
    return t.tag_ in ("VBP", "VBZ") or (t.tag_ == "VB" and any(
        c.dep_ == "aux" and c.lower_ in ("will", "'ll") for c in t.children))


def _no_choice(t: Token, frames: Frames) -> bool:
    """"has no option / choice / alternative (but to ...)": *t* is the noun, or the verb
    whose object it is."""
    nouns = [t] + [c for c in t.children if c.dep_ == "dobj"]
    return any(n.lemma_.lower() in frames.no_choice and any(
        c.dep_ in ("det", "neg") and c.lower_ == "no" for c in n.children) for n in nouns)


def _demands(t: Token, link: str) -> bool:
    """Whether a word of *calls* demands the clause hanging on it by *link*: "call" only as a
    noun or with "for"/"on" ("called on X to resign", not "called X a liar"); "time" only
    with an infinitive ("time for X to resign")."""
    lemma = t.lemma_.lower()
    if lemma == "time":
        return link in ("acl", "relcl")
    if lemma == "call":
        return t.pos_ == "NOUN" or any(c.dep_ == "prep" and c.lower_ in ("for", "on")
                                       for c in t.children)
    return True


def negated_phrase(span: Span) -> bool:
    """Whether an idiom is negated outside its own words: "X is not under investigation",
    "X has never been sidelined" (the words of the idiom itself, "no longer trusted", do
    not count)."""
    inside = {t.i for t in span}
    heads = [span.root]
    if span.root.dep_ in ("prep", "pobj", "acomp", "attr", "advmod", "dobj", "oprd") \
            and span.root.head.i not in inside:
        heads.append(span.root.head)
    return any(c.i not in inside and (c.dep_ == "neg" or c.lower_ in ("never", "not", "n't"))
               for h in heads for c in h.children)
