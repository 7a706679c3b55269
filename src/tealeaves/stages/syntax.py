"""Parse helpers that every stage may use: one copy of each.

Subjects and tree distance over spaCy's dependency parse, the pronoun and wh-word sets,
the lookup of the actor a character range names (:func:`actor_at`) and the resolver that
maps tokens to actors through their mentions (:class:`ActorResolver`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Dependency labels of a clause's subject.
SUBJECT_DEPS: tuple[str, ...] = ("nsubj", "nsubjpass", "csubj", "csubjpass")
#: Relative and interrogative words that stand for a noun elsewhere in the sentence.
WH_WORDS = frozenset({"who", "whom", "which", "that", "what"})
#: Third-person singular personal pronouns (they point to a person, not a group).
PERSON_PRONOUNS = frozenset({"he", "him", "she", "her", "himself", "herself"})
#: Dependency labels that open a clause of their own under a token.
CLAUSE_CHILDREN = frozenset({"relcl", "acl", "ccomp", "advcl", "parataxis"})


def is_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX")


def child_with(tok: Token, *deps: str) -> Token | None:
    """The first child of *tok* whose dependency label is one of *deps*."""
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def subject_of_verb(tok: Token) -> Token | None:
    """The subject of verb *tok*, climbing xcomp/conj chains (object control for xcomp)."""
    seen = 0
    cur = tok
    while seen < 6:
        seen += 1
        subj = child_with(cur, *SUBJECT_DEPS)
        if subj is not None:
            if subj.lower_ in WH_WORDS and cur.dep_ == "relcl":
                return cur.head
            return subj
        if cur.dep_ == "xcomp":
            obj = child_with(cur.head, "dobj")
            if obj is not None:
                return obj
            cur = cur.head
        elif cur.dep_ == "conj" and is_verb(cur.head):
            cur = cur.head
        elif cur.dep_ in ("relcl", "acl") and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return cur.head
        else:
            return None
    return None


#: ``Doc.user_data`` key of :func:`head_indices`.
_HEADS_KEY = "tealeaves.head_indices"


def head_indices(doc: Doc) -> list[int]:
    """``[t.head.i for t in doc]``, read from the parse's arrays once per Doc (a walk that
    asks each token for its head builds two Token objects per step)."""
    cached = doc.user_data.get(_HEADS_KEY)
    if isinstance(cached, list) and len(cached) == len(doc):
        return cached
    from spacy.attrs import HEAD

    rel = doc.to_array([HEAD]).astype(np.int64).reshape(-1)  # offsets to the head, as stored
    heads: list[int] = (np.arange(len(doc), dtype=np.int64) + rel).tolist()
    doc.user_data[_HEADS_KEY] = heads
    return heads


def subtree(tok: Token) -> list[Token]:
    """``tok.subtree`` without recursion: the same tokens in the same order.

    spaCy's ``Token.subtree`` recurses once per level of the tree, and a parse of one very
    long sentence can be deep enough to overflow the C stack (a crash, not an exception);
    its ``lefts``/``rights`` also rescan the subtree at every level. This walk reads each
    token between the subtree's edges once (the edges bound the subtree in any tree).
    """
    doc = tok.doc
    lo, hi = tok.left_edge.i, tok.right_edge.i
    heads = head_indices(doc)
    children: dict[int, list[int]] = {}
    for i in range(lo, hi + 1):
        head = heads[i]
        if head != i and lo <= head <= hi:
            children.setdefault(head, []).append(i)  # in index order, as spaCy gives them
    out: list[Token] = []
    stack: list[tuple[int, bool]] = [(tok.i, False)]
    while stack:
        i, visited = stack.pop()
        if visited:
            out.append(doc[i])
            continue
        kids = children.get(i, [])
        stack.extend((k, False) for k in reversed(kids) if k > i)
        stack.append((i, True))
        stack.extend((k, False) for k in reversed(kids) if k < i)
    return out


def tree_distance(a: Token, b: Token) -> int:
    """Arcs between two tokens of one sentence through their lowest common ancestor (99 if none)."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in index_b:
            return k + index_b[t.i]
    return 99


def names_a_noun(tok: Token) -> bool:
    """A participle that gives the noun it modifies a name ("a man named Smith", "a PAC
    called Future45"): nobody acts, unless somebody gives the name ("a plan called reckless
    by critics"). Callers check the verb's lemma against their own naming verbs."""
    return (
        tok.dep_ == "acl"
        and tok.tag_ == "VBN"
        and not any(c.dep_ == "agent" for c in tok.children)
    )


class MentionIndex:
    """The actors' mentions sorted by start, so that finding the actor at a character range
    looks at the mentions near it instead of every mention of the article."""

    def __init__(self, actors: Sequence[Actor]) -> None:
        entries = [(m.start, m.end, order, a)
                   for order, (m, a) in enumerate((m, a) for a in actors for m in a.mentions)]
        entries.sort(key=lambda e: (e[0], e[2]))
        self._entries = entries
        self._starts = [e[0] for e in entries]
        self._widest = max((e[1] - e[0] for e in entries), default=0)

    def actor_at(self, start: int, end: int) -> Actor | None:
        """As :func:`actor_at`."""
        lo = bisect.bisect_left(self._starts, start - self._widest)
        hi = bisect.bisect_right(self._starts, end)
        best: tuple[int, int, int, int] | None = None
        found: Actor | None = None
        for m_start, m_end, order, a in self._entries[lo:hi]:
            ov = min(end, m_end) - max(start, m_start)
            if ov <= 0 and not (start == end and m_start <= start < m_end):
                continue
            contains = int(m_start <= start and end <= m_end) + int(start <= m_start and m_end <= end)
            key = (contains, ov, -(m_end - m_start), -order)  # equal keys: the first mention
            if best is None or key > best:
                best, found = key, a
        return found


_last_index: tuple[tuple[int, ...], Sequence[Actor], MentionIndex] | None = None


def actor_at(actors: Sequence[Actor], start: int, end: int) -> Actor | None:
    """The actor whose mention covers or overlaps ``start:end`` best (None if none does).

    Containment beats overlap, a larger overlap beats a smaller one, and among equals the
    tighter mention wins (so "her" inside "her chief negotiator" goes to its own actor), then
    the one listed first. The index of the last actor list asked about is kept, so a stage
    that asks many times about one list pays for sorting its mentions once.
    """
    global _last_index
    ids = tuple(map(id, actors))
    last = _last_index  # one read: another thread may replace it meanwhile
    if last is None or last[0] != ids:
        last = (ids, actors, MentionIndex(actors))  # the list is held: ids stay unique
        _last_index = last
    return last[2].actor_at(start, end)


class ActorResolver:
    """Maps tokens (subjects, objects) to actor ids through actor mentions."""

    def __init__(self, doc: Doc, actors: list[Actor]) -> None:
        self.doc = doc
        self.actors = actors
        self.index = MentionIndex(actors)
        self.persons = sorted(
            ((m.start, m.end, a) for a in actors if a.kind == "person" for m in a.mentions if m.form != "pronoun"),
            key=lambda x: x[0],
        )
        self._person_starts = [p[0] for p in self.persons]
        self._sent_starts: list[int] | None = None  # token index of each sentence's start
        self._sent_chars: list[int] = []

    def at_token(self, tok: Token) -> Actor | None:
        return self.index.actor_at(tok.idx, tok.idx + len(tok.text))

    def resolve(self, tok: Token | None) -> str | None:
        """The actor id of *tok*: its own mention, a he/she antecedent, a word of its phrase,
        or else the first conjunct that resolves ("X and Y": X, else Y)."""
        seen = 0
        while tok is not None and seen < 200:
            seen += 1
            found = self._resolve_one(tok)
            if found is not None:
                return found.id
            tok = next((c for c in tok.children if c.dep_ == "conj"), None)
        return None

    def _resolve_one(self, tok: Token) -> Actor | None:
        found = self.at_token(tok)
        if found is None and tok.lower_ in PERSON_PRONOUNS:
            found = self._previous_person(tok)
        if found is None:
            # modifiers and attached phrases of the noun: "Israeli soldiers", "forces in Guinea"
            for sub in self._phrase(tok):
                found = self.at_token(sub)
                if found is not None:
                    break
        return found

    def _phrase(self, tok: Token) -> list[Token]:
        out: list[Token] = []
        stack = [c for c in tok.children if c.dep_ not in CLAUSE_CHILDREN and c.dep_ != "conj"]
        while stack:
            t = stack.pop(0)
            out.append(t)
            stack.extend(c for c in t.children if c.dep_ not in CLAUSE_CHILDREN)
        out.sort(key=lambda t: abs(t.i - tok.i))
        return out

    def _previous_person(self, tok: Token) -> Actor | None:
        """Fallback for he/she/him/her: the last person named before, within 3 sentences."""
        if self._sent_starts is None:
            sents = list(self.doc.sents)
            self._sent_starts = [s.start for s in sents]
            self._sent_chars = [s.start_char for s in sents]
        idx = bisect.bisect_left(self._sent_starts, tok.sent.start)
        if idx == len(self._sent_starts) or self._sent_starts[idx] != tok.sent.start:
            idx = 0
        window_start = self._sent_chars[max(0, idx - 2)]
        best = best_subject = None
        lo = bisect.bisect_left(self._person_starts, window_start)
        hi = bisect.bisect_left(self._person_starts, tok.idx)
        for s, e, a in self.persons[lo:hi]:
            best = a
            span = self.doc.char_span(s, e, alignment_mode="expand")
            if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                best_subject = a
        # centering: the last person who was a subject is the likelier antecedent
        return best_subject or best
