"""Parse helpers that every stage may use: one copy of each.

Subjects and tree distance over spaCy's dependency parse, the pronoun and wh-word sets,
the lookup of the actor a character range names (:func:`actor_at`) and the resolver that
maps tokens to actors through their mentions (:class:`ActorResolver`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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


def subtree(tok: Token) -> list[Token]:
    """``tok.subtree`` without recursion: the same tokens in the same order.

    spaCy's ``Token.subtree`` recurses once per level of the tree, and a parse of one very
    long sentence can be deep enough to overflow the C stack (a crash, not an exception).
    """
    out: list[Token] = []
    stack: list[tuple[Token, bool]] = [(tok, False)]
    while stack:
        t, visited = stack.pop()
        if visited:
            out.append(t)
            continue
        stack.extend((r, False) for r in reversed(list(t.rights)))
        stack.append((t, True))
        stack.extend((left, False) for left in reversed(list(t.lefts)))
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


def actor_at(actors: list[Actor] | tuple[Actor, ...], start: int, end: int) -> Actor | None:
    """The actor whose mention covers or overlaps ``start:end`` best (None if none does).

    Containment beats overlap, a larger overlap beats a smaller one, and among equals the
    tighter mention wins (so "her" inside "her chief negotiator" goes to its own actor).
    """
    best: tuple[int, int, int] | None = None
    found: Actor | None = None
    for a in actors:
        for m in a.mentions:
            ov = min(end, m.end) - max(start, m.start)
            if ov <= 0 and not (start == end and m.start <= start < m.end):
                continue
            contains = int(m.start <= start and end <= m.end) + int(start <= m.start and m.end <= end)
            key = (contains, ov, -(m.end - m.start))
            if best is None or key > best:
                best, found = key, a
    return found


class ActorResolver:
    """Maps tokens (subjects, objects) to actor ids through actor mentions."""

    def __init__(self, doc: Doc, actors: list[Actor]) -> None:
        self.doc = doc
        self.actors = actors
        self.persons = sorted(
            ((m.start, m.end, a) for a in actors if a.kind == "person" for m in a.mentions if m.form != "pronoun"),
            key=lambda x: x[0],
        )

    def at_token(self, tok: Token) -> Actor | None:
        return actor_at(self.actors, tok.idx, tok.idx + len(tok.text))

    def resolve(self, tok: Token | None) -> str | None:
        if tok is None:
            return None
        found = self.at_token(tok)
        if found is None and tok.lower_ in PERSON_PRONOUNS:
            found = self._previous_person(tok)
        if found is None:
            # modifiers and attached phrases of the noun: "Israeli soldiers", "forces in Guinea"
            for sub in self._phrase(tok):
                found = self.at_token(sub)
                if found is not None:
                    break
        if found is None:
            for c in tok.children:
                if c.dep_ == "conj":
                    return self.resolve(c)
        return found.id if found else None

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
        sents = list(self.doc.sents)
        idx = next((k for k, s in enumerate(sents) if s.start == tok.sent.start), 0)
        window_start = sents[max(0, idx - 2)].start_char
        best = best_subject = None
        for s, e, a in self.persons:
            if window_start <= s < tok.idx:
                best = a
                span = self.doc.char_span(s, e, alignment_mode="expand")
                if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                    best_subject = a
        # centering: the last person who was a subject is the likelier antecedent
        return best_subject or best
