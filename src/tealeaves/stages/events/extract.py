"""Events: who did or said what to whom, read off the dependency parse.

Every verb whose lemma (or "lemma particle" pair, or light verb + event noun) is in
``resources/event_verbs.yaml`` yields one :class:`~tealeaves.model.Event`: the actor is
the verb's subject (the ``by``-agent for passives), the target its object (the passive
subject for passives, else a direct object, dative or prepositional object), both linked
to actors through their mentions. Control verbs dominate what they govern ("refused to
negotiate" is REJECT); an act governed by a modal or an intent word becomes AGREE when
cooperative and THREATEN when hostile (CAMEO's 03x/13x "express intent"/"threaten").
Copular and nominal blame ("it was X's fault", "X took the blame", "the blame game")
yields ACCUSE.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ...model import Actor, Event, Span
from ...nlp import doc_text
from ..syntax import (
    CLAUSE_CHILDREN,
    PERSON_PRONOUNS,
    SUBJECT_DEPS,
    WH_WORDS,
    ActorResolver,
    child_with,
    is_verb,
    names_a_noun,
    subject_of_verb,
    subtree,
)
from .vocabulary import CATEGORIES as CATEGORIES
from .vocabulary import PLOVER_CATEGORIES as PLOVER_CATEGORIES
from .vocabulary import EventVocabulary, load_vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Categories counted as cooperative / hostile for the intent rule.
COOPERATIVE = frozenset({"AID", "RETREAT", "CONCEDE", "COOPERATE", "CONSULT", "SUPPORT"})
HOSTILE = frozenset({"COERCE", "ASSAULT", "FIGHT", "SANCTION", "PROTEST"})
_OBJ_PREPS = frozenset({"with", "to", "against", "on", "at", "for", "from", "into", "over", "upon"})
#: Prepositions that name members of a group: "experts, including X", "officials like X".
_EXAMPLE_PREPS = frozenset({"including", "like", "such"})
#: Pronoun subjects that, in a reported clause, usually mean the reporter ("Syria says it ...").
_LOGOPHORIC = frozenset({"it", "they", "we", "he", "she", "i"})


# ----------------------------------------------------------------------------- parse helpers



def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in tok.children)


def _is_person(tok: Token | None, resolver: ActorResolver, vocab: EventVocabulary) -> bool:
    if tok is None:
        return False
    if tok.lower_ in PERSON_PRONOUNS or tok.lower_ in ("them", "who", "whom"):
        return True
    if tok.ent_type_ == "PERSON":
        return True
    actor = resolver.at_token(tok)
    if actor is not None:
        return actor.kind == "person"
    return tok.lemma_.lower() in vocab.person_nouns


def _patient(tok: Token) -> Token | None:
    if _is_passive(tok):
        return child_with(tok, "nsubjpass")
    return child_with(tok, "dobj")


def categorize(tok: Token, resolver: ActorResolver, vocab: EventVocabulary) -> tuple[str, list[Token]] | None:
    """The category of verb *tok* and the tokens that spell the action, or ``None``."""
    lemma = tok.lemma_.lower()
    if lemma in vocab.naming_frame and names_a_noun(tok):
        return None
    for c in tok.children:
        if c.dep_ in ("prt", "prep", "dobj", "advmod", "acomp"):
            if c.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in c.children):
                continue  # "called Biden on Tuesday" is not "call on"
            cat = vocab.phrasal.get((lemma, c.lower_)) or vocab.phrasal.get((lemma, c.lemma_.lower()))
            if cat:
                return cat, [tok, c]
    if lemma in vocab.light_verbs:
        obj = _patient(tok)
        if obj is not None and obj.lemma_.lower() in vocab.light_nouns:
            return vocab.light_nouns[obj.lemma_.lower()], [tok, obj]
    if lemma in vocab.person_object and _is_person(_patient(tok), resolver, vocab):
        return vocab.person_object[lemma], [tok]
    if lemma in vocab.person_object and tok.dep_ == "relcl" and _is_passive(tok):
        if _is_person(tok.head, resolver, vocab):
            return vocab.person_object[lemma], [tok]
    if lemma in vocab.naming_frame and _naming_frame(tok):
        return vocab.naming_frame[lemma], [tok]
    cat = vocab.verbs.get(lemma)
    if cat:
        return cat, [tok]
    return None


def _naming_frame(tok: Token) -> bool:
    """ "called the plan a hoax": an object and a predicate noun after verb *tok* (the parser
    gives the predicate as ``oprd``, as a second object, or as an object of the object, which
    it may also parse as a noun ``ccomp``)."""
    objs = [c for c in tok.children if c.dep_ == "dobj"
            or (c.dep_ == "ccomp"  # a misparse of the frame: a "clause" with no subject
                and not any(g.dep_ in ("nsubj", "nsubjpass", "aux", "mark") for g in c.children))]
    if any(c.dep_ == "oprd" for c in tok.children) or len(objs) > 1:
        return True
    return any(g.dep_ in ("dobj", "oprd", "attr") and g.i > o.i and g.pos_ == "NOUN"
               for o in objs for g in o.children)


def _reporter(tok: Token) -> Token | None:
    """The subject of the reporting verb whose complement holds *tok* ("X says it will ...")."""
    cur = tok
    for _ in range(5):
        if cur.dep_ == "ccomp" and is_verb(cur.head) and cur.head.i != cur.i:
            return subject_of_verb(cur.head)
        if cur.dep_ in ("xcomp", "acomp", "conj", "aux") and cur.head.i != cur.i:
            cur = cur.head
            continue
        return None
    return None


def _after_colon_actor(tok: Token, resolver: ActorResolver) -> str | None:
    """For "Look who was sent: NAME": the first actor named after a colon or dash."""
    sent = tok.sent
    seen_colon = False
    for t in sent:
        if t.i <= tok.i:
            continue
        if t.text in (":", "—", "–", "-"):
            seen_colon = True
            continue
        if seen_colon:
            found = resolver.at_token(t)
            if found is not None:
                return found.id
    return None


def _objects(tok: Token, category: str) -> list[Token]:
    """Candidate targets of active verb *tok*: direct object, dative, prepositional objects."""
    out: list[Token] = []
    for dep in ("dobj", "dative"):
        obj = child_with(tok, dep)
        if obj is not None:
            if obj.dep_ == "dobj" and obj.lemma_.lower() == "word" and category != "STATEMENT":
                continue
            out.append(obj)
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in _OBJ_PREPS:
            pobj = child_with(c, "pobj")
            if pobj is not None:
                out.append(pobj)
    for obj in list(out):  # "sent weapons to X": the preposition may hang off the object
        for c in obj.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "against", "on"):
                pobj = child_with(c, "pobj")
                if pobj is not None:
                    out.append(pobj)
    return out


def _against(tok: Token) -> Token | None:
    """An "against X" attached to the verb or its object phrase (not inside a reported clause)."""
    stack = list(tok.children)
    while stack:
        c = stack.pop(0)
        if c.dep_ in CLAUSE_CHILDREN or c.dep_ in ("conj", "xcomp"):
            continue
        if c.dep_ == "prep" and c.lower_ == "against":
            return child_with(c, "pobj")
        if c.dep_ in ("dobj", "appos", "npadvmod", "attr") or c.head.dep_ in ("dobj", "appos"):
            stack.extend(c.children)
    return None


def _negated(tok: Token, vocab: EventVocabulary) -> bool:
    cur = tok
    for _ in range(4):
        for c in cur.children:
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "no longer")):
                return True
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in vocab.negating_heads:
            return True
        if cur.dep_ != "xcomp":
            break
        cur = cur.head
    return False


def _intent(tok: Token, vocab: EventVocabulary) -> bool:
    """An act under a modal or an intent word ("will meet", "plans to meet", "ready to
    meet"), climbing the chain of xcomp verbs that govern it."""
    cur = tok
    while True:
        for c in cur.children:
            if c.dep_ == "aux" and c.lower_ in vocab.modals:
                return True
        head = cur.head
        if cur.dep_ != "xcomp":
            break
        if head.lemma_.lower() in vocab.intent_heads or head.lower_ in vocab.intent_adjectives:
            return True
        if head.lemma_.lower() == "go" and any(c.dep_ == "aux" for c in head.children):
            return True
        if not (is_verb(head) and head.head.i != head.i):
            return False
        cur = head
    return cur.dep_ == "pcomp" and head.dep_ == "prep" and head.head.lower_ in vocab.intent_adjectives


def _obligation(tok: Token, vocab: EventVocabulary) -> bool:
    """An act under "must"/"should" in a clause reported by someone ("X said Y must leave")."""
    has_modal = any(c.dep_ == "aux" and c.lower_ in vocab.obligation_modals for c in tok.children)
    return has_modal and tok.dep_ == "ccomp" and is_verb(tok.head)


def _clause(tok: Token, extra: Iterable[Token]) -> tuple[int, int]:
    top = tok
    while top.dep_ in ("xcomp",) and top.head.i != top.i:
        top = top.head
    tokens = set()
    skip: set[int] = set()
    for c in top.children:
        if c.dep_ == "conj" and is_verb(c):
            skip.update(t.i for t in subtree(c))
        if c.dep_ == "cc" and any(is_verb(x) for x in top.children if x.dep_ == "conj"):
            skip.add(c.i)
    for t in subtree(top):
        if t.i not in skip:
            tokens.add(t)
    for t in extra:
        tokens.add(t)
    toks = sorted(tokens, key=lambda t: t.i)
    while len(toks) > 1 and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    while len(toks) > 1 and (toks[0].is_punct or toks[0].is_space or toks[0].dep_ == "cc"):
        toks.pop(0)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _action_span(doc: Doc, toks: list[Token]) -> Span:
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return Span(start=start, end=end, text=doc_text(doc)[start:end])


# ----------------------------------------------------------------------------- extraction


class _Events:
    """The events found so far, one per action token, with the Doc they come from."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.found: list[tuple[int, Event]] = []
        self.used: set[int] = set()

    def add(self, category: str, actor: str | None, target: str | None, action: list[Token],
            clause: tuple[int, int], negated: bool, group: Span | None = None) -> None:
        key = action[0].i
        if key in self.used:
            return
        self.used.add(key)
        if actor is not None and actor == target:
            target = None
        span = _action_span(self.doc, action)
        self.found.append(
            (
                span.start,
                Event(id="", category=category, actor=actor, target=target, action=span,
                      start=min(clause[0], span.start), end=max(clause[1], span.end), negated=negated,
                      unnamed_actor=group),
            )
        )

    def in_order(self) -> list[Event]:
        """The events in text order, numbered ``e1``, ``e2``, …"""
        found = sorted(self.found, key=lambda x: x[0])
        return [
            Event(id=f"e{n}", category=e.category, actor=e.actor, target=e.target, action=e.action,
                  start=e.start, end=e.end, negated=e.negated, unnamed_actor=e.unnamed_actor)
            for n, (_, e) in enumerate(found, 1)
        ]


def find_events(doc: Doc, actors: list[Actor]) -> list[Event]:
    """Actor–action–target events of *doc*, in text order."""
    vocab = load_vocabulary()
    resolver = ActorResolver(doc, actors)
    events = _Events(doc)
    for tok in doc:
        if not is_verb(tok):
            continue
        got = _verb_category(tok, resolver, vocab)
        if got is None:
            continue
        category, action, negated = got
        category, actor, target, actor_tok, target_tok = _participants(tok, category, resolver)
        extra = [t for t in (actor_tok, target_tok) if t is not None and t.sent == tok.sent]
        group = _unnamed_group(actor_tok, resolver, vocab) if category == "STATEMENT" else None
        if group is not None:
            actor = None
        events.add(category, actor, target, action, _clause(tok, extra), negated, group)

    for tok in doc:
        if tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in vocab.blame_nouns and tok.i not in events.used:
            _nominal_blame(tok, resolver, vocab, events.add)
    return events.in_order()


def _verb_category(tok: Token, resolver: ActorResolver,
                   vocab: EventVocabulary) -> tuple[str, list[Token], bool] | None:
    """``(category, action tokens, negated)`` of verb *tok*, the intent, refusal and
    obligation rules applied; None when the verb is no event of its own."""
    got = categorize(tok, resolver, vocab)
    if got is None:
        return None
    category, action = got
    # a categorised control verb dominates the act it governs: "refused to negotiate"
    if tok.dep_ == "xcomp" and is_verb(tok.head):
        head_cat = categorize(tok.head, resolver, vocab)
        if head_cat is not None and head_cat[0] != "STATEMENT":
            return None
    negated = _negated(tok, vocab)
    intent = _intent(tok, vocab)
    if intent:
        if category in COOPERATIVE:
            category = "AGREE"
        elif category in HOSTILE:
            category = "THREATEN"
    if negated and category == "AGREE":
        # not agreeing, failing to agree, "will not accept": CAMEO 12x reject / decline to yield
        category, negated = "REJECT", False
    elif category not in ("STATEMENT", "DEMAND") and _obligation(tok, vocab):
        # "X said Y must withdraw": CAMEO 10x demand that the target acts
        category = "DEMAND"
    return category, action, negated


def _participants(
    tok: Token, category: str, resolver: ActorResolver
) -> tuple[str, str | None, str | None, Token | None, Token | None]:
    """``(category, actor id, target id, actor token, target token)`` of verb *tok*; the
    category turns to ACCUSE for a statement "against X" and for "X was to blame"."""
    # "the diplomats expelled by Moscow": a participle modifying its patient
    reduced = tok.dep_ == "acl" and tok.tag_ == "VBN"
    passive = _is_passive(tok) or reduced
    subj = tok.head if reduced else subject_of_verb(tok)
    if passive:
        agent = child_with(tok, "agent")
        actor_tok = child_with(agent, "pobj") if agent is not None else None
        actor = resolver.resolve(actor_tok)
        target_tok = subj
    else:
        actor_tok = subj
        actor = resolver.resolve(subj)
        if actor is None and subj is not None and subj.lower_ in _LOGOPHORIC:
            actor = resolver.resolve(_reporter(tok))
        candidates = _objects(tok, category)
        target_tok = next((t for t in candidates if resolver.resolve(t)), candidates[0] if candidates else None)
    if target_tok is not None and target_tok.lower_ in WH_WORDS and target_tok.dep_ in SUBJECT_DEPS:
        target = _after_colon_actor(tok, resolver)
    else:
        target = resolver.resolve(target_tok)
    if category == "STATEMENT":
        against = _against(tok)
        if against is not None:
            category, target = "ACCUSE", resolver.resolve(against)
    # "X was to blame": the subject of the copula is blamed
    if category == "ACCUSE" and tok.dep_ == "xcomp" and tok.head.lemma_ == "be" and target_tok is None:
        target, actor = resolver.resolve(child_with(tok.head, "nsubj")), None
    return category, actor, target, actor_tok, target_tok


def _unnamed_group(tok: Token | None, resolver: ActorResolver,
                   vocab: EventVocabulary) -> Span | None:
    """The words of an unnamed group of speakers that is the subject *tok* ("U.S. officials",
    "senior Kremlin aides"; up to the head noun), or None: a common noun of
    ``unnamed_speakers`` that is no actor's mention itself and has no conjunct. A country
    or body that only modifies it is a setting of the group, not the speaker."""
    if tok is None or tok.pos_ != "NOUN" or tok.lower_ not in vocab.unnamed_speakers:
        return None
    if resolver.at_token(tok) is not None or any(c.dep_ == "conj" for c in tok.children):
        return None
    for c in tok.children:  # "experts, including X," / "officials such as X": X speaks
        if c.dep_ == "prep" and c.lower_ in _EXAMPLE_PREPS and resolver.resolve(
                child_with(c, "pobj")) is not None:
            return None
    start, end = tok.left_edge.idx, tok.idx + len(tok.text)  # "senior U.S. officials"
    return Span(start=start, end=end, text=doc_text(tok.doc)[start:end])


def _nominal_blame(tok: Token, resolver: ActorResolver, vocab: EventVocabulary,
                   add: Callable[..., None]) -> None:
    """ACCUSE from blame nouns: "X's fault", "X takes the blame", "put the blame on X", "blame game"."""
    lemma = tok.lemma_.lower()
    head = tok.head
    poss = child_with(tok, "poss")
    action = [tok]
    if tok.dep_ == "compound" and head.pos_ == "NOUN":
        action = [tok, head]
    negated = _negated(head, vocab) if head.i != tok.i else False
    if poss is not None and lemma in ("fault", "blame"):
        target = resolver.resolve(poss)
        # who says it is X's fault: climb to the nearest clause with a subject other than "it"
        actor = None
        cur = head
        for _ in range(6):
            if cur.dep_ in ("ccomp", "xcomp", "advcl", "conj") and cur.head.i != cur.i:
                cur = cur.head
                subj = subject_of_verb(cur)
                if subj is not None and subj.lower_ not in ("it", "this", "that"):
                    actor = resolver.resolve(subj)
                    break
            else:
                break
        if target is not None:
            add("ACCUSE", actor, target, action, _clause(head, [tok]), negated)
        return
    if tok.dep_ == "dobj" and head.lemma_.lower() in vocab.blame_bearers and lemma in ("blame", "responsibility"):
        bearer = resolver.resolve(subject_of_verb(head))
        if lemma == "blame" or bearer is not None:
            add("ACCUSE", None, bearer, [head, tok], _clause(head, [tok]), _negated(head, vocab))
        return
    if tok.dep_ == "dobj" and head.lemma_.lower() in vocab.blame_placers and lemma == "blame":
        target_tok = None
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "onto", "at"):
                target_tok = child_with(c, "pobj")
        add("ACCUSE", resolver.resolve(subject_of_verb(head)), resolver.resolve(target_tok), [head, tok],
            _clause(head, [tok]), _negated(head, vocab))
        return
    if lemma == "blame":
        add("ACCUSE", None, None, action, _clause(head if head.i != tok.i else tok, [tok]), negated)
