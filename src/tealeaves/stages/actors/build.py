"""Actors: people, organisations, places, events and groups, with every mention.

``find_actors(doc, article, actors_file)`` groups the spaCy entities into actors and adds
what the entity recogniser alone does not give:

1. **names** — full name and surname ("Angela Merkel" / "Merkel"), possessives
   stripped, honorifics dropped, acronym and expansion ("IAEA" / "International Atomic
   Energy Agency"), organisation variants ("the Chinese Commerce Ministry" / "the
   Commerce Ministry" / "the Ministry"), and the model's typical errors fixed by general
   rules: a known outlet is an organisation; a one-word "person" opening a sentence or
   quote that is no proper noun and is never seen elsewhere is dropped; a surname of a
   person is a person even where the model says ORG; a seat of government ("Washington",
   "the Kremlin", "Moscow") that is the subject of a verb is an organisation, with a note;
2. **roles** (:mod:`.actor_roles`) — titles before the name, appositions, parentheses;
3. **pronouns and descriptions** (:mod:`.coref`) — "he", "her chief negotiator", "the
   Secretary of State" (with the knowledge base, :mod:`.kb`, as of the article's date);
4. **events and groups** (:mod:`.actor_spans`) — "the Geneva talks", "hardliners".

Ids are slugs of the canonical name (stable within an analysis); every mention has exact
offsets into the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ...model import Actor, ActorKind, Article, Mention
from .coref import KB_CLASSES, ORG_HEADS, CorefResolver, Referent, quote_mask
from .kb import Entry, KnowledgeBase, article_date, load_kb, norm
from .roles import Role, roles_for_name, title_ending_at
from .spans import find_groups, find_named_events, find_outlets, given_names, is_outlet

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_KIND: dict[str, ActorKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
}
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "mr.", "mrs.", "ms.", "dr."})
_MALE_HON = frozenset({"mr", "mr.", "sir"})
_FEMALE_HON = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame"})
_GENDERED = {"spokeswoman": "female", "congresswoman": "female", "chairwoman": "female",
             "businesswoman": "female", "queen": "female", "spokesman": "male",
             "congressman": "male", "chairman": "male", "businessman": "male", "king": "male"}
_QUOTES = frozenset('"“‘\'«')
#: Last words that make a "person" entity a company or institution ("Patriot Coal").
_COMPANY = ORG_HEADS | frozenset(
    "inc corp co llc ltd plc coal energy oil gas motors airlines holdings partners capital "
    "media industries enterprises technologies pharmaceuticals foods".split()
)
_FUNCTION = frozenset({"of", "the", "for", "and", "on", "in", "de", "du", "des", "la", "le", "&"})


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "actor"


@dataclass
class _Cluster:
    idx: int
    name: str
    kind: ActorKind
    words: tuple[str, ...]
    mentions: dict[tuple[int, int], Mention] = field(default_factory=dict)
    votes: Counter[str] = field(default_factory=Counter)
    roles: list[tuple[Role, int | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kb: Entry | None = None
    gender: str | None = None
    outlet: bool = False
    merged_into: int | None = None

    def add(self, doc: Doc, start: int, end: int, form: str = "name") -> None:
        s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        if (s, e) not in self.mentions:
            self.mentions[(s, e)] = Mention(s, e, doc[start:end].text, form)  # type: ignore[arg-type]


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct
                           or _function_word(doc[start]) or _verb_form(doc[start])):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("'s", "’s", "'", "’")
                           or doc[end - 1].is_punct):
        end -= 1
    while end - start > 1 and doc[end - 1].tag_ in ("VBZ", "VBD", "VBP") \
            and doc[end - 1].lower_ not in given_names():
        end -= 1  # headline case: "Obama Seeks More…" names Obama
    while start < end and doc[start].lower_.rstrip(".") in {h.rstrip(".") for h in _HONORIFICS} \
            and end - start > 1:
        start += 1
    return start, end


def _function_word(tok: Token) -> bool:
    """"Later" in "Later the Ministry" (but not "Barack", which the tagger may call ADP)."""
    return tok.pos_ in ("DET", "ADV", "ADP", "CCONJ", "SCONJ", "PART") and (
        tok.is_stop or tok.is_lower or tok.pos_ == "ADV") and tok.lower_ not in given_names()


def _verb_form(tok: Token) -> bool:
    """"Injecting" in "Injecting Clinton's…": a participle the recogniser took into a name."""
    if tok.lower_ in given_names() or not tok.lower_.endswith(("ing", "ed")):
        return False
    return tok.pos_ == "VERB" or (tok.is_sent_start is True and tok.i + 1 < len(tok.doc)
                                  and tok.doc[tok.i + 1].ent_iob_ == "I")


def _initial(doc: Doc, i: int) -> bool:
    """Does token *i* open a sentence, a quotation or a headline?"""
    tok = doc[i]
    if tok.is_sent_start or i == 0:
        return True
    prev = doc[i - 1]
    return prev.text in _QUOTES or prev.text in ("—", "–", ":", "(") or "\n" in prev.whitespace_ + prev.text


class _Builder:
    def __init__(self, doc: Doc, kb: KnowledgeBase) -> None:
        self.doc = doc
        self.kb = kb
        self.clusters: list[_Cluster] = []
        self.keys: dict[tuple[str, tuple[str, ...]], int] = {}
        self.covered: dict[int, int] = {}  # token -> cluster of its name mention
        self.spans: list[tuple[int, int, int]] = []  # name mentions (token start, end, cluster)
        self.by_last: dict[str, list[_Cluster]] = {}  # full-name person clusters by last word

    # -- clusters ---------------------------------------------------------------------------
    def cluster(self, kind: ActorKind, name: str, words: tuple[str, ...]) -> _Cluster:
        group = "person" if kind == "person" else kind if kind in ("event", "group") else "np"
        key = (group, words)
        if key in self.keys:
            c = self.clusters[self.keys[key]]
        else:
            c = _Cluster(len(self.clusters), name, kind, words)
            self.clusters.append(c)
            self.keys[key] = c.idx
        c.votes[kind] += 1
        return c

    def live(self, c: _Cluster) -> _Cluster:
        while c.merged_into is not None:
            c = self.clusters[c.merged_into]
        return c

    def merge(self, src: _Cluster, dst: _Cluster) -> None:
        src, dst = self.live(src), self.live(dst)
        if src is dst:
            return
        for k, m in src.mentions.items():
            dst.mentions.setdefault(k, m)
        dst.votes.update(src.votes)
        dst.outlet = dst.outlet or src.outlet
        dst.kb = dst.kb or src.kb
        src.merged_into = dst.idx
        src.mentions = {}

    def mention(self, c: _Cluster, start: int, end: int) -> None:
        c.add(self.doc, start, end)
        self.spans.append((start, end, c.idx))
        for i in range(start, end):
            self.covered[i] = c.idx

    # -- step 1: candidates from the entity recogniser ---------------------------------------
    def candidates(self) -> list[tuple[int, int, ActorKind, bool]]:
        doc = self.doc
        cands: list[tuple[int, int, ActorKind, bool]] = []
        taken: set[int] = set()
        for ent in doc.ents:  # "Secretary of State X": "State" belongs to the title
            if ent.label_ == "PERSON":
                hit = title_ending_at(doc, ent.start, max(0, ent.start - 6))
                if hit is not None and hit[1] < ent.start - 1:
                    taken.update(range(hit[1], ent.start))
        for f in find_outlets(doc):
            cands.append((f.start, f.end, "organization", True))
            taken.update(range(f.start, f.end))
        heads = _headline_ranges(doc.text)
        proper = {t.text for t in doc if t.tag_ in ("NNP", "NNPS")}
        for ent in doc.ents:
            kind = _KIND.get(ent.label_)
            if kind is None:
                continue
            if heads and self._headline_only(ent, heads):
                continue
            if (
                kind in ("person", "organization")
                and all(t.tag_.startswith("JJ") for t in ent)
                and ent.text not in proper
                and self.kb.lookup(ent.text) is None
            ):
                continue  # "his Orwellian plan": an adjective, and never a name in the article
            inside = title_ending_at(doc, ent.end, max(0, ent.start - 4))
            if inside is not None and inside[1] < ent.start:
                continue  # "State" in "the Secretary of State" is part of a title
            start, end = _trim(doc, ent.start, ent.end)
            if end <= start or any(i in taken for i in range(start, end)):
                continue
            if not any(t.text[:1].isupper() for t in doc[start:end]):
                continue
            if re.fullmatch(r"I|[A-Z]\.", doc[start:end].text):
                continue  # "Neither do I." tagged as an organization; a stray initial
            if kind == "group":  # NORP: only a plural noun ("the Europeans") is a group
                last = doc[end - 1]
                if last.tag_ not in ("NNS", "NNPS") or last.dep_ in ("amod", "compound"):
                    continue
            words = tuple(t.text for t in doc[start:end])
            if kind == "person" and len(words) > 1 and words[-1].lower().rstrip(".") in _COMPANY:
                kind = "organization"  # "Patriot Coal", "Acme Holdings Inc."
            entry = self.kb.lookup(" ".join(words))
            if entry is not None:
                kind = "person" if entry.kind == "person" else "organization"
            cands.append((start, end, kind, is_outlet(words)))
        cands.sort()
        return cands

    def _headline_only(self, ent: Span, heads: list[tuple[int, int]]) -> bool:
        """An entity inside headline-case text ("Limited Tools to Fight Terrorism: …",
        "Gender Equality.") that the article never names again outside such text: in
        title case the tagger takes capitalised words for names. Known names (the knowledge
        base, a given name first) are kept."""
        start, end = ent.start_char, ent.end_char
        if not any(s <= start and end <= e for s, e in heads):
            return False
        if self.kb.lookup(ent.text) is not None:
            return False
        if ent.label_ == "PERSON" and ent[0].lower_ in given_names():
            return False
        text = self.doc.text
        words = [ent.text] if len(ent) == 1 else [ent.text, ent[-1].text]
        for w in words:
            for m in re.finditer(r"\b" + re.escape(w) + r"\b", text):
                if not any(s <= m.start() < e for s, e in heads):
                    return False
        return True

    def build_names(self) -> None:
        doc = self.doc
        cands = self.candidates()
        texts_elsewhere: Counter[str] = Counter(
            doc[s].text for s, e, _, _ in cands if not _initial(doc, s) or e - s > 1)
        person_words: dict[str, int] = {}
        # full names first, so surnames can join them wherever they occur
        for s, e, kind, _outlet in cands:
            if kind == "person" and e - s > 1:
                words = tuple(norm(t.text) for t in doc[s:e])
                entry = self.kb.lookup(" ".join(t.text for t in doc[s:e]))
                if entry is not None:
                    words = tuple(norm(entry.name).split())
                c = self._person_full(words, doc[s:e].text if entry is None else entry.name)
                c.kb = c.kb or entry
                self.mention(c, s, e)
                person_words.setdefault(words[-1], c.idx)
                if s > 0 and doc[s - 1].lower_ in _MALE_HON:
                    c.gender = "male"
                elif s > 0 and doc[s - 1].lower_ in _FEMALE_HON:
                    c.gender = "female"
        for s, e, kind, outlet in cands:
            if kind == "person" and e - s > 1:
                continue
            words = tuple(norm(t.text) for t in doc[s:e])
            seat = self.kb.seat_of(words[0]) or self.kb.country_code(words[0])
            if e - s == 1 and kind in ("person", "organization", "place") and not outlet:
                if (words[0] in person_words or self._surname_cluster(words[0], s) is not None) \
                        and (kind != "place" or seat is None):
                    kind = "person"
                elif kind == "person" and _initial(doc, s) and doc[s].pos_ != "PROPN" \
                        and texts_elsewhere[doc[s].text] == 0:
                    continue  # "Imagine that." — a capitalised word, not a name
            if kind == "person":
                found = self._surname_cluster(words[0], s) if e - s == 1 else None
                if found is not None and found.kb is not None and not self._fits_title(found.kb, s):
                    found = None  # "President Clinton" is not the Clinton who never was president
                c = found if found is not None else self.cluster("person", doc[s:e].text, words)
                if s > 0 and doc[s - 1].lower_ in _MALE_HON:
                    c.gender = c.gender or "male"
                elif s > 0 and doc[s - 1].lower_ in _FEMALE_HON:
                    c.gender = c.gender or "female"
            else:
                if outlet:
                    kind = "organization"
                entry = self.kb.lookup(doc[s:e].text)
                name = doc[s:e].text
                if entry is not None:
                    name, words = entry.name, tuple(norm(entry.name).split())
                elif kind == "place":
                    code = self.kb.country_code(name)
                    if code is not None and len(name) > 1:
                        name = self.kb.country_name(code)
                        words = tuple(norm(name).split())
                c = self.cluster(kind, name, words)
                c.kb = c.kb or entry
                c.outlet = c.outlet or outlet
            self.mention(c, s, e)

    def _person_full(self, words: tuple[str, ...], name: str) -> _Cluster:
        """The cluster of a full name: "Donald J. Trump" joins "Donald Trump" (same first and
        last word), "Alicia Machado" joins "Miss Alicia Machado" (one ends the other)."""
        for c in self.by_last.get(words[-1], ()):
            if c.merged_into is not None:
                continue
            n = min(len(c.words), len(words))
            if c.words[0] == words[0] or c.words[-n:] == words[-n:]:
                if len(words) < len(c.words):
                    c.name, c.words = name, words
                return c
        c = self.cluster("person", name, words)
        self.by_last.setdefault(words[-1], []).append(c)
        return c

    def _fits_title(self, entry: Entry, at: int) -> bool:
        """False if a title before token *at* names an office *entry* never held."""
        hit = title_ending_at(self.doc, at, max(0, at - 4))
        if hit is None or hit[0].cls not in KB_CLASSES:
            return True
        return any(o.cls == hit[0].cls for o in entry.offices)

    def _surname_cluster(self, word: str, at: int) -> _Cluster | None:
        full = [c for c in self.by_last.get(word, ()) if c.merged_into is None and len(c.words) > 1]
        if not full:
            full = [c for c in self.clusters if c.kind == "person" and len(c.words) > 1
                    and c.merged_into is None and c.words[0] == word]
        prev = self.doc[at - 1].lower_ if at > 0 else ""
        want = "male" if prev in _MALE_HON else "female" if prev in _FEMALE_HON else None
        if want is not None:  # "Mr. Obama" is not Michelle Obama
            full = [c for c in full if _known_gender(c) in (None, want)]
        if len(full) == 1:
            return full[0]
        if len(full) > 1:  # the nearest full name before this mention
            before = [(max((k[0] for k in c.mentions if k[0] <= self.doc[at].idx), default=-1), c)
                      for c in full]
            best = max(before, key=lambda x: x[0])
            return best[1] if best[0] >= 0 else None
        return None

    # -- step 2: variants, acronyms, re-mentions ---------------------------------------------
    def merge_variants(self) -> None:
        orgs = [c for c in self.clusters if c.merged_into is None and c.kind == "organization"]
        # acronym ↔ expansion
        for c in orgs:
            if len(c.words) == 1 and c.name.isupper() and 2 <= len(c.name) <= 6:
                acr = c.name.lower()
                match = [o for o in orgs if o is not c and o.merged_into is None and len(o.words) > 1
                         and "".join(w[0] for w in o.words if w and w not in _FUNCTION) == acr]
                if len(match) == 1:
                    self.merge(c, match[0])
        # "Commerce Ministry" / "Ministry" joins the one "Chinese Commerce Ministry"
        orgs = [c for c in orgs if c.merged_into is None]
        for c in sorted(orgs, key=lambda c: -len(c.words)):
            longer = [o for o in orgs if o is not c and o.merged_into is None
                      and len(o.words) > len(c.words) and o.words[-len(c.words):] == c.words]
            if len(longer) == 1:
                self.merge(c, longer[0])

    def remention(self) -> None:
        """Occurrences of known names the recogniser missed ("the Ministry", a lone surname,
        a knowledge-base name such as "Xi Jinping"): the text names them, so they count."""
        doc = self.doc
        forms_by: dict[int, set[tuple[str, ...]]] = {}
        for s, e, ci in self.spans:
            forms_by.setdefault(self.live(self.clusters[ci]).idx, set()).add(
                tuple(t.text for t in doc[s:e]))
        table: dict[tuple[str, ...], set[int]] = {}
        for c in self.clusters:
            if c.merged_into is not None or c.kind not in ("person", "organization"):
                continue
            forms = set(forms_by.get(c.idx, ()))
            for f in list(forms):
                if len(f) > 1 and c.kind == "person":
                    forms.add(f[-1:])
                elif len(f) > 1:
                    forms.update(f[k:] for k in range(1, len(f)))
            for f in forms:
                if f and f[0][:1].isupper():
                    table.setdefault(f, set()).add(c.idx)
        kb_table: dict[tuple[str, ...], Entry] = {}
        for entry in self.kb.entries:
            for name in (entry.name, *entry.aliases):
                words = tuple(name.split())
                if len(words) > 1 and words not in table:
                    kb_table[words] = entry
        n_max = max((len(k) for k in (*table, *kb_table)), default=0)
        i = 0
        while i < len(doc):
            if i in self.covered or not doc[i].text[:1].isupper():
                i += 1
                continue
            hit: tuple[int, _Cluster] | None = None
            for n in range(min(n_max, len(doc) - i), 0, -1):
                key = tuple(t.text for t in doc[i : i + n])
                if any(j in self.covered for j in range(i, i + n)):
                    continue
                owners = table.get(key)
                if not owners and n == 1 and len(key[0]) > 2 and key[0].isupper():
                    # a surname in capitals ("PENCE:" heading a transcript turn)
                    owners = {o for o in table.get((key[0].title(),), ())
                              if self.clusters[o].kind == "person"}
                if owners:
                    c = self.clusters[next(iter(owners))]
                    if n == 1 and (doc[i].pos_ not in ("PROPN", "NOUN") or (
                            c.kind == "organization" and not (i > 0 and doc[i - 1].lower_ == "the"))):
                        continue
                    if len(owners) > 1:
                        found = self._surname_cluster(norm(key[0]), i) if n == 1 else None
                        if found is None:
                            continue
                        c = found
                    hit = (n, c)
                    break
                kb_hit = kb_table.get(key)
                if kb_hit is not None:
                    words = tuple(norm(kb_hit.name).split())
                    c = (self._person_full(words, kb_hit.name) if kb_hit.kind == "person"
                         else self.cluster("organization", kb_hit.name, words))
                    c.kb = c.kb or kb_hit
                    hit = (n, c)
                    break
            if hit is None:
                i += 1
                continue
            self.mention(self.live(hit[1]), i, i + hit[0])
            i += hit[0]

    def spans_extra(self) -> None:
        doc = self.doc
        for f in list(find_named_events(doc)) + list(find_groups(doc)):
            if any(self.clusters[self.covered[i]].kind in ("person", "organization")
                   for i in range(f.start, f.end) if i in self.covered and doc[i].ent_type_ != "PERSON"):
                continue
            words = tuple(norm(t.lemma_ if f.kind == "group" else t.text) for t in doc[f.start : f.end])
            kind: ActorKind = "event" if f.kind == "event" else "group"
            c = self.cluster(kind, f.name, words)
            c.add(doc, f.start, f.end)
            self.spans.append((f.start, f.end, c.idx))
            for i in range(f.start, f.end):
                self.covered.setdefault(i, c.idx)

    # -- step 3: kinds and metonyms ------------------------------------------------------------
    def settle_kinds(self) -> None:
        doc = self.doc
        for c in self.clusters:
            if c.merged_into is not None or c.kind in ("person", "event", "group"):
                continue
            if c.outlet or (c.kb is not None and c.kb.kind == "organization"):
                c.kind = "organization"
            elif c.votes:
                top = max(("organization", "place", "event", "group"), key=lambda k: c.votes[k])
                c.kind = top  # type: ignore[assignment]
            country = self.kb.seat_of(c.name)
            if country is None and c.kind != "place":
                continue
            for (s, _e), m in sorted(c.mentions.items()):
                span = doc.char_span(s, _e)
                if span is None:
                    continue
                root = span.root
                if root.dep_ == "nsubj" and root.head.pos_ == "VERB" and root.head.lemma_ not in (
                        "be", "have", "become", "seem", "remain"):
                    c.kind = "organization"
                    whose = (f"the government of {self.kb.country_name(country)}" if country
                             else "its government or authorities")
                    c.notes.append(f"metonym: '{m.text}' stands for {whose} "
                                   f"(actor of '{root.head.text}' at {s})")


def _person_like(c: _Cluster, appos: list[Role]) -> bool:
    """An "organisation" in apposition with a person's office is a person the model mislabelled."""
    if c.outlet or c.kb is not None or len(c.words) < 2 or c.words[-1] in _COMPANY:
        return False
    return any(r.cls is not None and r.cls not in ("head", "official") for r in appos)


def _known_gender(c: _Cluster) -> str | None:
    if c.gender:
        return c.gender
    if c.kb is not None and c.kb.gender:
        return c.kb.gender
    return given_names().get(c.words[0]) if len(c.words) > 1 else None


def _gender(c: _Cluster) -> str | None:
    if c.gender:
        return c.gender
    if c.kb is not None and c.kb.gender:
        return c.kb.gender
    for r, _ in c.roles:
        for w in r.normalised.lower().split():
            if w in _GENDERED:
                return _GENDERED[w]
    if c.kind == "person" and len(c.words) > 1:
        return given_names().get(c.words[0])
    return None


_MINOR = frozenset(
    "a an the of on in to for and or but by at with from as is are was vs via into over".split()
)


def _headline_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of headline-case text: a line, or a line's lead-in before a colon,
    of at least two content words nearly all capitalised ("Veto Power Impedes Peace
    Efforts:", "Gender Equality.")."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        colon = body.find(": ")
        lead = body[:colon] if colon > 0 else body
        words = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", lead) if w.lower() not in _MINOR]
        if len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.85 * len(words):
            out.append((pos, pos + len(lead)))
        pos += len(line)
    return out


def find_actors(doc: Doc, article: Article, actors_file: Path | str | None = None) -> list[Actor]:
    """Every actor in *doc* with all its mentions (names, titles, pronouns, epithets).

    *actors_file* is a user's extra knowledge base (YAML) beside the shipped one.
    """
    kb = load_kb(actors_file)
    day = article_date(article.published)
    b = _Builder(doc, kb)
    b.build_names()
    b.merge_variants()
    b.remention()
    b.spans_extra()
    b.settle_kinds()
    live = [c for c in b.clusters if c.merged_into is None]
    # KB entries for persons named by surname only: same surname, office held that day
    for c in live:
        if c.kind == "person" and c.kb is None and len(c.words) == 1:
            hits = [e for e in kb.by_surname(c.words[0]) if kb.offices_on(e, day)]
            if len(hits) == 1:
                c.kb = hits[0]
    # roles
    is_name = set(b.covered)
    blocked = set(b.covered)
    role_mentions: list[tuple[int, Role]] = []
    for s, e, ci in b.spans:
        c = b.live(b.clusters[ci])
        if c.kind not in ("person", "organization"):
            continue
        pre, appos = roles_for_name(doc, s, e, is_name)
        if c.kind == "organization" and _person_like(c, appos):
            c.kind = "person"  # "Jean-Marc Ayrault, the foreign minister of France"
        if c.kind == "organization":  # an office title describes a person, not this body
            pre, appos = [], [r for r in appos if r.cls is None]
        for r in pre + appos:
            c.roles.append((r, None))
        for r in appos:
            role_mentions.append((c.idx, r))
        for r in pre:
            span = doc.char_span(r.start, r.end, alignment_mode="expand")
            if span is not None:
                blocked.update(range(span.start, span.end))
    by_char = {(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)): b.live(b.clusters[ci]).idx
               for s, e, ci in b.spans}
    for c in live:
        c.roles = [(r, by_char.get(r.possessor) if r.possessor else None) for r, _ in c.roles]
    for ci, r in role_mentions:
        span = doc.char_span(r.start, r.end, alignment_mode="expand")
        if span is None:
            continue
        b.clusters[ci].add(doc, span.start, span.end, "title" if r.form == "title" and r.cls else "epithet")
        blocked.update(range(span.start, span.end))
    # pronouns and descriptions
    refs = []
    for c in b.clusters:
        surnames = frozenset({c.words[-1]} if c.kind == "person" and c.words else ())
        refs.append(Referent(idx=c.idx, kind=c.kind, gender=_gender(c),
                             country=c.kb.country if c.kb else kb.seat_of(c.name) or kb.country_code(c.name),
                             kb=c.kb, surnames=surnames, roles=c.roles,
                             name_words=frozenset(w.lower() for w in c.name.split()), outlet=c.outlet,
                             last_word=c.name.split()[-1].lower() if c.name else ""))
    for c in live:
        if c.kind == "person" and refs[c.idx].country is None:
            for r, _ in c.roles:
                codes = [kb.country_code(w) for w in r.country_words]
                code = next((x for x in codes if x), None)
                if code:
                    refs[c.idx].country = code
                    break
    spans = [(s, e, b.live(b.clusters[ci]).idx) for s, e, ci in b.spans]
    resolver = CorefResolver(doc, refs, kb, day, spans, blocked)
    for link in resolver.resolve(quote_mask(doc.text)):
        c = b.clusters[link.referent]
        c.mentions.setdefault((link.start, link.end), Mention(link.start, link.end, link.text, link.form))  # type: ignore[arg-type]
        if link.note and link.note not in c.notes:
            c.notes.append(link.note)
    return _finish(live, kb)


def _finish(live: list[_Cluster], kb: KnowledgeBase) -> list[Actor]:
    actors: list[Actor] = []
    used: Counter[str] = Counter()
    for c in sorted(live, key=lambda c: min(c.mentions, default=(0, 0))):
        if not c.mentions:
            continue
        base = slug(c.name)
        used[base] += 1
        aid = base if used[base] == 1 else f"{base}-{used[base]}"
        names = {m.text for m in c.mentions.values() if m.form == "name"}
        aliases = tuple(sorted(n for n in names if n != c.name))
        roles: list[str] = []
        for r, _ in c.roles:
            for t in (r.text, r.normalised):
                if t and t not in roles:
                    roles.append(t)
        notes = list(c.notes)
        if c.kb is not None and c.kb.source:
            notes.append(f"knowledge base: {c.kb.name} ({c.kb.source})")
        actors.append(Actor(
            id=aid, name=c.name, kind=c.kind, roles=tuple(roles), aliases=aliases,
            mentions=tuple(sorted(c.mentions.values(), key=lambda m: (m.start, m.end))),
            notes=tuple(notes)))
    return actors
