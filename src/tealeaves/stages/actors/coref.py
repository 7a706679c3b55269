"""Pronouns and definite descriptions resolved to actors, by rules over the parse.

coreferee (the spaCy coreference plug-in) needs a model download and does not run
offline with spaCy 3.8, so this is a small rule-based resolver built for precision
("unresolved is better than wrong"):

- **pronouns** (he/him/his, she/her, they/their): one left-to-right pass; a pronoun takes
  the nearest compatible antecedent in its own sentence (a subject first when the pronoun
  is a subject), else the subject of the closest of the two previous sentences (the
  possessor of a subject counts as one), else the only compatible actor there. Gender
  comes from the knowledge base, honorifics, gendered titles and common given names
  (``given_names.txt``); "they" is resolved only to an organisation or group that is a
  subject earlier in the same sentence with no plural noun argument in between; pronouns
  inside quotations are left alone (their reference depends on the speaker).
- **descriptions** ("the German chancellor", "her chief of staff", "the Secretary of State"):
  a definite noun phrase whose head is a title in ``titles.txt`` is linked when exactly one
  actor in the text fits — by a role the text gave it (same office class, same possessor
  or country; or the same normalised role), or by the knowledge base's holder of that
  office in that country on the article's date.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .kb import Entry, KnowledgeBase
from .roles import Role, describe, title_ending_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_OBJECT = frozenset({"him", "her", "them"})
_NOT_NOW = frozenset({"next", "future", "incoming", "would-be", "potential", "late", "last"})
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "attr", "appos"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: Office classes named by one bare word ("the minister", "the secretary") in the titles
#: lexicon, which may stand for a fuller title holding that word ("Foreign Minister NAME",
#: "Secretary of State NAME"), but not for a head of government or a party leader.
_GENERIC_OFFICES = frozenset({"minister", "secretary"})
#: Heads of state or government: what "the Ukrainian leader" may stand for.
_HEADS = frozenset({"head_of_state", "head_of_government"})
_NOT_GENERIC = _HEADS | {"party_leader"}
_INDEFINITE = frozenset({"a", "an", "any", "every", "each", "some", "no", "another", "one"})
#: Nouns that refer back to the one news outlet of a text ("the newspaper said").
OUTLET_NOUNS = frozenset({"newspaper", "paper", "daily", "outlet", "network", "broadcaster",
                          "magazine", "tabloid", "channel", "website"})
#: Head nouns of institutions: "the Commission" refers back to the one "… Commission".
ORG_HEADS = frozenset(
    "commission committee agency ministry department court council party campaign foundation "
    "institute alliance organization organisation association union bank company corporation "
    "fund bureau office administration government board service federation league coalition "
    "parliament assembly senate congress cabinet firm group center centre university "
    "network movement".split()
)
#: Office classes specific enough to resolve "the <title>" with the knowledge base.
KB_CLASSES = frozenset({
    "head_of_state", "head_of_government", "vice_president", "foreign_minister",
    "defence_minister", "national_security_adviser", "attorney_general", "speaker",
    "spokesperson", "chief_of_staff", "party_leader", "legislative_leader",
    "intelligence_chief", "military_chief", "security_council",
})


@dataclass
class Referent:
    """What the resolver knows of one actor."""

    idx: int
    kind: str
    gender: str | None = None
    country: str | None = None
    kb: Entry | None = None
    surnames: frozenset[str] = frozenset()
    roles: list[tuple[Role, int | None]] = field(default_factory=list)  # role, possessor idx
    name_words: frozenset[str] = frozenset()
    last_word: str = ""
    outlet: bool = False


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    text: str
    form: str
    referent: int
    note: str | None = None


@dataclass
class _Anchor:
    tok: int
    referent: int
    subject: bool


def quote_mask(text: str) -> list[bool]:
    """For each character: is it inside a quotation ("…", “…”)?"""
    mask = [False] * len(text)
    inside = False
    for i, ch in enumerate(text):
        if ch == "“":
            inside = True
        elif ch == "”":
            inside = False
            mask[i] = True
            continue
        elif ch == '"':
            inside = not inside
            mask[i] = True
            continue
        elif ch == "\n":
            inside = False
        mask[i] = inside
    return mask


def _is_subject(tok) -> bool:  # type: ignore[no-untyped-def]
    if tok.dep_ in _SUBJECT_DEPS:
        return True
    return bool(tok.dep_ == "poss" and tok.head.dep_ in _SUBJECT_DEPS)


def _clause(tok) -> int:  # type: ignore[no-untyped-def]
    """Index of the verb heading *tok*'s clause (the root if none)."""
    cur = tok.head
    while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
        cur = cur.head
    return int(cur.i)


def _same_place(r: Role, rp: int | None, ref: Referent, possessor: int | None,
                country: str | None, mods: list[str]) -> bool:
    """Does the role *r* (possessor *rp*) of *ref* belong to the description's possessor,
    country or modifiers?"""
    if possessor is not None:
        return rp == possessor
    if country is not None and ref.country == country:
        return True
    return all(m in r.text.lower() for m in mods)


class CorefResolver:
    def __init__(self, doc: Doc, referents: list[Referent], kb: KnowledgeBase, day: dt.date,
                 name_spans: list[tuple[int, int, int]], blocked: set[int]) -> None:
        self.doc = doc
        self.refs = referents
        self.kb = kb
        self.day = day
        self.blocked = blocked
        self.sent_of: list[int] = [0] * len(doc)
        self.sent_starts: list[int] = []
        for si, sent in enumerate(doc.sents):
            self.sent_starts.append(sent.start)
            for i in range(sent.start, sent.end):
                self.sent_of[i] = si
        self.anchors: dict[int, list[_Anchor]] = {}
        self.by_char: dict[tuple[int, int], int] = {}
        self.body_tokens: dict[int, int] = {}  # token of an organisation's name → its referent
        for s, e, ref in name_spans:
            root = doc[s:e].root
            if referents[ref].kind == "organization":
                self.body_tokens.update((i, ref) for i in range(s, e))
            self._add_anchor(root.i, ref, _is_subject(root))
            self.by_char[(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text))] = ref
        self.pronoun_ref: dict[int, int] = {}

    def _add_anchor(self, tok: int, ref: int, subject: bool) -> None:
        lst = self.anchors.setdefault(self.sent_of[tok], [])
        keys = [a.tok for a in lst]
        lst.insert(bisect_left(keys, tok), _Anchor(tok, ref, subject))

    # -- pronouns -----------------------------------------------------------------
    def _compatible(self, ref: Referent, low: str) -> bool:
        if low in PLURAL:
            return ref.kind in ("organization", "group")
        if ref.kind != "person":
            return False
        if low in MALE:
            return ref.gender != "female"
        return ref.gender != "male"

    def _pronoun(self, tok) -> int | None:  # type: ignore[no-untyped-def]
        low = tok.lower_
        si = self.sent_of[tok.i]
        excluded: set[int] = set()
        if low in _OBJECT:  # "X praised him", "like X before him": him is not X
            clause = _clause(tok)
            for a in self.anchors.get(si, ()):
                if _clause(self.doc[a.tok]) == clause:
                    excluded.add(a.referent)
        same = [a for a in self.anchors.get(si, ()) if a.tok < tok.i
                and a.referent not in excluded and self._compatible(self.refs[a.referent], low)]
        if low in PLURAL:  # "X warned officials to boost their…": a plural noun in between wins
            same = [a for a in same if a.subject and not any(
                t.tag_ == "NNS" and t.dep_ in _ARGUMENT_DEPS for t in self.doc[a.tok + 1 : tok.i])]
        if same:
            if tok.dep_ in _SUBJECT_DEPS:
                subj = [a for a in same if a.subject]
                if subj:
                    return subj[-1].referent
            return same[-1].referent
        if low in PLURAL:
            return None
        for back in (1, 2):
            if si - back < 0:
                break
            cands = [a for a in self.anchors.get(si - back, ())
                     if a.referent not in excluded and self._compatible(self.refs[a.referent], low)]
            if not cands:
                continue
            subj = [a for a in cands if a.subject]
            if subj:
                return subj[0].referent
            distinct = {a.referent for a in cands}
            return distinct.pop() if len(distinct) == 1 else None
        return None

    # -- descriptions ---------------------------------------------------------------
    def _role_country(self, role: Role, possessor: int | None) -> str | None:
        """The country a role names (its last country word), else its possessor's."""
        country = None
        for w in role.country_words:
            country = self.kb.country_code(w) or country
        if country is None and possessor is not None:
            country = self.refs[possessor].country
        return country

    @staticmethod
    def _same_office(role: Role, r: Role, rp: int | None, ref: Referent, possessor: int | None,
                     country: str | None, mods: list[str]) -> bool:
        """Does role *r* (possessor *rp*) the text gave *ref* fit the description's *role*?
        Same office class and the same possessor, country or modifiers; a role with no
        office class fits the same normalised words."""
        if r.former != role.former:
            return False
        if role.cls in _GENERIC_OFFICES and r.cls != role.cls:
            # "the minister" after "Foreign Minister NAME": the bare office word fits a
            # fuller title that holds it, save a head of government ("Prime Minister")
            return r.cls not in _NOT_GENERIC and role.cls in r.text.lower().replace(
                ".", " ").split() and (possessor is None or rp == possessor)
        if role.cls == "leader" and r.cls in _HEADS and (mods or possessor is not None):
            # "the Ukrainian leader" after "Ukrainian President NAME": a head of state or
            # government of the same country (or possessor)
            return _same_place(r, rp, ref, possessor, country, mods)
        if role.cls is None or r.cls != role.cls:
            return r.normalised.lower() == role.normalised.lower()
        return _same_place(r, rp, ref, possessor, country, mods)

    def _kb_holders(self, cls: str, country: str | None) -> set[int]:
        """Persons in the text the knowledge base names as holding office *cls* that day."""
        out: set[int] = set()
        holders = self.kb.holders(cls, country, self.day)
        for ref in self.refs:
            if ref.kind != "person":
                continue
            for h in holders:
                if ref.kb is h or (ref.kb is None and h.name.split()[-1].lower() in ref.surnames):
                    out.add(ref.idx)
        return out

    def _holders(self, role: Role, possessor: int | None, place_words: bool = False) -> set[int]:
        """Actors that may hold the office *role* describes: by a role the text gave them,
        else (for an office class the knowledge base knows) by the knowledge base."""
        country = self._role_country(role, possessor)
        mods = [w.lower() for w in role.country_words]
        # roles the text gave to an actor
        out = {ref.idx for ref in self.refs for r, rp in ref.roles
               if self._same_office(role, r, rp, ref, possessor, country, mods)}
        if (not out and place_words and mods and country is None and possessor is None
                and role.cls is not None):
            # "the Florida senator" after "Sen. Marco Rubio": a state is not in the knowledge
            # base, so the one actor the text gave this office is the candidate (the caller
            # links only when there is exactly one)
            out = {ref.idx for ref in self.refs for r, _rp in ref.roles
                   if r.cls == role.cls and r.former == role.former}
        if not out and role.cls == "leader" and country is not None and not role.former:
            # "the Ukrainian leader": that country's head of state or government that day
            return {i for cls in sorted(_HEADS) for i in self._kb_holders(cls, country)}
        if out or role.cls is None or role.cls not in KB_CLASSES:
            return out
        return self._kb_holders(role.cls, country)

    @staticmethod
    def _definite(chunk: Span) -> bool:
        """"the …", "her …", "Merkel's …": a description that may refer to one actor."""
        if chunk.root.tag_ not in ("NN", "NNP") or chunk[0].lower_ in _INDEFINITE:
            return False
        first = chunk[0]
        return first.lower_ == "the" or first.dep_ == "poss" or (
            len(chunk) > 1 and chunk[1].tag_ == "POS")

    def _own_mentions(self, chunk: Span) -> set[int]:
        """Tokens of *chunk* that may be mentions of their own: a named possessor ("Russia's",
        "Merkel's") and a state or country naming the office ("the Florida senator")."""
        possessive: set[int] = set()
        for t in chunk:
            if t.dep_ == "poss":
                possessive.update(range(t.left_edge.i, t.i + 1))
                possessive.update(c.i for c in t.children if c.dep_ == "case")
        return possessive | self._places(chunk) | self._bodies(chunk)

    def _bodies(self, chunk: Span) -> set[int]:
        """Names of organisations before the head of an office description: the body the
        office belongs to ("the Kremlin spokesman", "a State Department spokeswoman"), not
        the description's referent."""
        return {t.i for t in chunk if t.i < chunk.root.i and t.i in self.body_tokens
                and t.dep_ in ("compound", "nmod", "amod")}

    @staticmethod
    def _places(chunk: Span) -> set[int]:
        """Places before the chunk's head: the role's country words, not its referent."""
        return {t.i for t in chunk if t.i < chunk.root.i and t.ent_type_ == "GPE"}

    def _title_end(self, chunk: Span) -> int:
        """Where the description ends: "the Secretary" + "of State", a title that runs past
        the noun chunk, ends after it."""
        doc = self.doc
        end = chunk.end
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            for n in (2, 1):
                if end + n < len(doc):
                    hit = title_ending_at(doc, end + n, chunk.start)
                    if hit is not None and hit[1] < end:
                        return end + n
        return end

    def _possessor(self, chunk: Span, ps: tuple[int, int]) -> int | None:
        """The actor the possessor at characters *ps* refers to (a name or a pronoun)."""
        possessor = self.by_char.get(ps)
        if possessor is None:
            ptok = next((t for t in chunk if t.idx == ps[0]), None)
            if ptok is not None:
                possessor = self.pronoun_ref.get(ptok.i)
        return possessor

    def _description(self, chunk: Span) -> tuple[int, Role, bool] | None:
        """The actor a definite description refers to, with its role (None if not one)."""
        own = self._own_mentions(chunk)
        if any(t.i in self.blocked and t.i not in own for t in chunk):
            return None
        if not self._definite(chunk):
            return self._indefinite_spokesperson(chunk)
        doc = self.doc
        end = self._title_end(chunk)
        if any(t.i in self.blocked for t in doc[chunk.end : end]):
            return None
        role = describe(doc[chunk.start : end])
        if role is None or any(t.lower_ in _NOT_NOW for t in chunk):
            return None  # "the next president" is nobody in the text yet
        if role.cls is None:
            return self._org_description(doc[chunk.start : end], role)
        return self._office_holder(chunk, role)

    def _body_after(self, chunk: Span) -> set[int]:
        """Organisations named in a "for"/"at"/"of" phrase after the chunk's head ("a
        spokesman for the ministry"): their referents."""
        out: set[int] = set()
        for prep in chunk.root.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("for", "at", "of", "with"):
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    out.update(self.body_tokens[t.i] for t in obj.subtree
                               if t.i in self.body_tokens)
        return out

    def _indefinite_spokesperson(self, chunk: Span) -> tuple[int, Role, bool] | None:
        """ "a Kremlin spokesman", "a spokeswoman for the ministry": the one person the text
        named as that body's spokesperson, when there is exactly one (a spokesperson speaks
        for the body, and a report that named one means that one); else nobody."""
        if chunk[0].lower_ not in ("a", "an") or chunk.root.tag_ != "NN":
            return None
        role = describe(chunk)
        if role is None or role.cls != "spokesperson" or role.former:
            return None
        bodies = {self.body_tokens[i] for i in self._bodies(chunk)} | self._body_after(chunk)
        if len(bodies) != 1:
            return None  # a spokesman of nobody named, or of two bodies
        body = self.refs[bodies.pop()]
        words = body.name_words
        found = {ref.idx for ref in self.refs if ref.kind == "person" for r, rp in ref.roles
                 if r.cls == "spokesperson" and not r.former and (
                     rp == body.idx or (words and all(w in r.text.lower() for w in words)))}
        if len(found) != 1:
            return None
        return found.pop(), role, False

    def _office_holder(self, chunk: Span, role: Role) -> tuple[int, Role, bool] | None:
        """The one actor holding the office *role* describes (True: found by the knowledge
        base, not by a role the text gave)."""
        possessor = None
        if role.possessor is not None:
            possessor = self._possessor(chunk, role.possessor)
            if possessor is None:
                return None
        places = self._places(chunk)
        place_words = bool(places) and {w.lower() for w in role.country_words} <= {
            self.doc[i].lower_ for i in places}
        found = self._holders(role, possessor, place_words)
        if possessor is not None:
            found.discard(possessor)
        if len(found) != 1:
            return None
        ref = found.pop()
        via_kb = not any(r.cls == role.cls or (role.cls == "leader" and r.cls in _HEADS)
                         for r, _ in self.refs[ref].roles)
        return ref, role, via_kb

    def _org_description(self, span, role: Role) -> tuple[int, Role, bool] | None:  # type: ignore[no-untyped-def]
        """"the Commission", "the newspaper": the one organisation the words fit."""
        if span[0].lower_ != "the" or span.root.pos_ != "NOUN":
            return None
        words = [t.lower_ for t in span[1:] if not t.is_punct]
        if not words:
            return None
        head = span.root.lower_
        if len(words) == 1 and head in OUTLET_NOUNS:
            found = {r.idx for r in self.refs if r.outlet}
        elif head in ORG_HEADS:
            found = {r.idx for r in self.refs if r.kind == "organization" and len(r.name_words) > 1
                     and r.last_word == head and all(w in r.name_words for w in words)}
        else:
            return None
        if len(found) != 1:
            return None
        return found.pop(), role, False

    # -- the pass -----------------------------------------------------------------------
    def resolve(self, quotes: list[bool]) -> list[Link]:
        doc = self.doc
        items: list[tuple[int, int, Any]] = []
        for tok in doc:
            low = tok.lower_
            if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$"):
                if (low in MALE or low in FEMALE or low in PLURAL) and not quotes[tok.idx]:
                    items.append((tok.i, 0, tok))
        for chunk in doc.noun_chunks:
            items.append((chunk.start, 1, chunk))
        for tok in doc:  # possessive noun phrases nested in a chunk: "her chief of staff's"
            if tok.dep_ == "poss" and tok.pos_ == "NOUN" and tok.left_edge.i < tok.i:
                items.append((tok.left_edge.i, 1, doc[tok.left_edge.i : tok.i + 1]))
        items.sort(key=lambda x: (x[0], x[1]))
        links: list[Link] = []
        for _, kind, obj in items:
            if kind == 0:
                ref = self._pronoun(obj)
                if ref is None:
                    continue
                self.pronoun_ref[obj.i] = ref
                self._add_anchor(obj.i, ref, _is_subject(obj))
                links.append(Link(obj.idx, obj.idx + len(obj.text), obj.text, "pronoun", ref))
            else:
                hit = self._description(obj)
                if hit is None:
                    continue
                ref, role, via_kb = hit
                root = obj.root
                self._add_anchor(root.i, ref, _is_subject(root))
                self.blocked.update(t.i for t in obj)
                note = (f"'{role.text}' resolved with the knowledge base as of "
                        f"{self.day.isoformat()}" if via_kb else None)
                links.append(Link(role.start, role.end, role.text, role.form, ref, note))
        return links
