"""Step 1 of the actors stage: name mentions from the entity recogniser.

:func:`candidates` turns the parser's entities (and the known outlets) into name spans,
trimmed of articles, possessives, honorifics and headline verbs, and drops what is no name
by general rules: an adjective never written as a proper noun ("his Orwellian plan"), a
word of a title ("State" in "the Secretary of State"), a stray initial, headline-case words
the article never names again, a disease taken for a person or body ("Covid", "Ebola").
:func:`build_names` turns the spans into clusters: full names of persons first, so that a
lone surname anywhere can join its full name, then everything else, each with its settled
kind.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import TYPE_CHECKING

from ...ingest.dateline import dateline_range
from ...model import ActorKind
from ...nlp import doc_text
from .clusters import HONORIFICS, Cluster, Clusters, honorific_gender
from .coref import ORG_HEADS
from .diseases import is_disease
from .kb import norm
from .portfolios import portfolio_before_title, title_at, whole_title
from .roles import title_ending_at
from .spans import find_outlets, given_names, is_outlet

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: A name span: token start and end, kind, and whether it is a known outlet.
Candidate = tuple[int, int, ActorKind, bool]

_KIND: dict[str, ActorKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
}
_QUOTES = frozenset('"“‘\'«')
#: Last words that make a "person" entity a company or institution ("Patriot Coal").
COMPANY = ORG_HEADS | frozenset(
    "inc corp co llc ltd plc coal energy oil gas motors airlines holdings partners capital "
    "media industries enterprises technologies pharmaceuticals foods".split()
)
#: Words that do not count in a headline's share of capitalised words.
_MINOR = frozenset(
    "a an the of on in to for and or but by at with from as is are was vs via into over".split()
)
_HONORIFIC_STEMS = frozenset(h.rstrip(".") for h in HONORIFICS)
#: Heads of public bodies that make "<Head> of <X>" an organisation whatever the recogniser
#: says ("Cabinet of Ministers", "Council of Europe", "Chamber of Deputies"): WordNet 3.1
#: hyponyms of administrative_unit.n.01, council.n.01 and legislature.n.01, general
#: English, beside the organisation heads of :mod:`.coref`.
BODY_HEADS = ORG_HEADS | frozenset(
    "cabinet council ministry committee commission chamber house presidium directorate "
    "secretariat duma rada tribunal court parliament senate congress assembly board "
    "department agency office bureau inspectorate prosecutor's prosecutors".split()
)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct
                           or doc[start].is_space
                           or _function_word(doc[start]) or _verb_form(doc[start])):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS"
                           or doc[end - 1].text in ("'s", "’s", "'", "’")
                           or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while end - start > 1 and doc[end - 1].tag_ in ("VBZ", "VBD", "VBP") \
            and doc[end - 1].lower_ not in given_names():
        end -= 1  # headline case: "Obama Seeks More…" names Obama
    while start < end and doc[start].lower_.rstrip(".") in _HONORIFIC_STEMS \
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
    return (prev.text in _QUOTES or prev.text in ("—", "–", ":", "(")
            or "\n" in prev.whitespace_ + prev.text)


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


class Headlines:
    """The article's headline-case ranges (:func:`_headline_ranges`), with a memo of which
    words the article also uses outside them (many entities share their words)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ranges = _headline_ranges(text)
        self._starts = [s for s, _ in self.ranges]
        self._outside: dict[str, bool] = {}

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def inside(self, pos: int) -> bool:
        k = bisect.bisect_right(self._starts, pos) - 1  # the last range starting at or before
        return k >= 0 and pos < self.ranges[k][1]

    def covers(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self._starts, start) - 1
        return k >= 0 and end <= self.ranges[k][1]

    def named_outside(self, word: str) -> bool:
        """Whether *word* occurs as a whole word outside every headline range."""
        if word not in self._outside:
            self._outside[word] = any(
                not self.inside(m.start())
                for m in re.finditer(r"\b" + re.escape(word) + r"\b", self.text))
        return self._outside[word]


def _headline_only(b: Clusters, ent: Span, heads: Headlines) -> bool:
    """An entity inside headline-case text ("Limited Tools to Fight Terrorism: …",
    "Gender Equality.") that the article never names again outside such text: in
    title case the tagger takes capitalised words for names. Known names (the knowledge
    base, a given name first) are kept."""
    if not heads.covers(ent.start_char, ent.end_char):
        return False
    if b.kb.lookup(ent.text) is not None:
        return False
    if ent.label_ == "PERSON" and ent[0].lower_ in given_names():
        return False
    words = [ent.text] if len(ent) == 1 else [ent.text, ent[-1].text]
    return not any(heads.named_outside(w) for w in words)


def _title_words(doc: Doc) -> set[int]:
    """Tokens of a title that runs into a person's name: "State" in "Secretary of State X"."""
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            hit = title_ending_at(doc, ent.start, max(0, ent.start - 6))
            if hit is not None and hit[1] < ent.start - 1:
                taken.update(range(hit[1], ent.start))
    return taken


def _not_a_name(b: Clusters, ent: Span, kind: ActorKind, heads: Headlines,
                proper: set[str]) -> bool:
    """Entities the recogniser found that are no names, whatever their tokens."""
    if heads and _headline_only(b, ent, heads):
        return True
    if kind in ("person", "organization") and is_disease(ent.text):
        return True  # "Covid killed thousands": a disease, no actor (resources/diseases.txt)
    if (
        kind in ("person", "organization")
        and all(t.tag_.startswith("JJ") for t in ent)
        and ent.text not in proper
        and b.kb.lookup(ent.text) is None
    ):
        return True  # "his Orwellian plan": an adjective, and never a name in the article
    if kind in ("person", "organization", "event") and (
            portfolio_before_title(b.doc, ent.start, ent.end, b.kb)
            or whole_title(b.doc, ent.start, ent.end)):
        return True  # "Finance" in "Finance Minister X"; "PM" in "PM's questions"
    inside = title_ending_at(b.doc, ent.end, max(0, ent.start - 4))
    return inside is not None and inside[1] < ent.start  # "State" in "the Secretary of State"


def _candidate(b: Clusters, ent: Span, kind: ActorKind, taken: set[int]) -> Candidate | None:
    """The trimmed name span of *ent* with its kind, or None if nothing of a name is left."""
    doc = b.doc
    start, end = _trim(doc, ent.start, ent.end)
    if end <= start or any(i in taken for i in range(start, end)):
        return None
    if not any(t.text[:1].isupper() for t in doc[start:end]):
        return None
    if re.fullmatch(r"I|[A-Z]\.", doc[start:end].text):
        return None  # "Neither do I." tagged as an organization; a stray initial
    if kind == "group":  # NORP: only a plural noun ("the Europeans") is a group
        last = doc[end - 1]
        if last.tag_ not in ("NNS", "NNPS") or last.dep_ in ("amod", "compound"):
            return None
    if kind == "organization":
        start, kind = _after_title(doc, start, end, kind)
    words = tuple(t.text for t in doc[start:end])
    if kind == "event" and words[-1].lower() in _ADDRESS_HEADS:
        kind = "place"  # "10 Downing Street": an address, no event
    if kind == "person" and len(words) > 1 and words[-1].lower().rstrip(".") in COMPANY:
        kind = "organization"  # "Patriot Coal", "Acme Holdings Inc."
    if kind == "person" and _body_of(words):
        kind = "organization"  # "Cabinet of Ministers", "Council of the Federation"
    entry = b.kb.lookup(" ".join(words))
    if entry is not None:
        kind = "person" if entry.kind == "person" else "organization"
    return start, end, kind, is_outlet(words)


#: Last words of a street address ("10 Downing Street"), read as an event by the recogniser.
_ADDRESS_HEADS = frozenset("street avenue road square lane boulevard".split())


def _after_title(doc: Doc, start: int, end: int, kind: ActorKind) -> tuple[int, ActorKind]:
    """An organisation that opens with a title ("PM X") is the person after the title;
    not when the rest is a body ("Prime Minister's Office")."""
    n = title_at(doc, start, end - 1)
    if n == 0:
        return start, kind
    rest = doc[start + n:end]
    if rest[0].text in ("'s", "’s") or rest[-1].lower_ in BODY_HEADS | COMPANY \
            or not all(t.text[:1].isupper() for t in rest):
        return start, kind
    return start + n, "person"


def _body_of(words: tuple[str, ...]) -> bool:
    """A name "<Body> of <X>": a head of :data:`BODY_HEADS` right before "of"."""
    return any(w.lower() in BODY_HEADS and nxt == "of"
               for w, nxt in zip(words, words[1:], strict=False))


#: Marks around a label line: "#World News", "* Politics", "| Opinion |".
_LABEL_MARKS = " \t#*•|>›»"


def _label_lines(text: str) -> set[str]:
    """Lines of one to three words with no punctuation at the end: section labels
    ("Politics", "#World News", "Opinion") and other page furniture."""
    out = set()
    for line in text.splitlines():
        body = line.strip(_LABEL_MARKS)
        if body and len(body.split()) <= 3 and body[-1].isalnum():
            out.add(body)
    return out


def _setting_only(start: int, end: int, text: str, labels: set[str],
                  dateline: tuple[int, int] | None) -> bool:
    """A name at ``text[start:end]`` that is only page furniture: inside a dateline left at
    the head of the text ("WASHINGTON (AP) —"), or a label line of its own ("Politics",
    "#World News") whose words the article never uses anywhere else."""
    if dateline is not None and dateline[0] <= start and end <= dateline[1]:
        return True
    name = text[start:end].strip()
    if name not in labels:
        return False
    lines = 0
    for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
        first = text.rfind("\n", 0, m.start()) + 1
        last = text.find("\n", m.end())
        if text[first:last if last >= 0 else len(text)].strip(_LABEL_MARKS) != name:
            return False
        lines += 1
    return lines > 0


def candidates(b: Clusters) -> list[Candidate]:
    """Name spans from the entity recogniser and the outlet list, in text order."""
    doc = b.doc
    cands: list[Candidate] = []
    taken = _title_words(doc)
    text = doc_text(doc)
    dateline = dateline_range(text)
    labels = _label_lines(text)
    for f in find_outlets(doc):
        taken.update(range(f.start, f.end))
        span = doc[f.start:f.end]
        if not _setting_only(span.start_char, span.end_char, text, labels, dateline):
            cands.append((f.start, f.end, "organization", True))
    heads = Headlines(text)
    proper = {t.text for t in doc if t.tag_ in ("NNP", "NNPS")}
    for ent in doc.ents:
        kind = _KIND.get(ent.label_)
        if kind is None or _not_a_name(b, ent, kind, heads, proper) \
                or _setting_only(ent.start_char, ent.end_char, text, labels, dateline):
            continue
        cand = _candidate(b, ent, kind, taken)
        if cand is not None:
            cands.append(cand)
    cands.sort()
    return cands


def _add_full_name(b: Clusters, s: int, e: int) -> str:
    """Mention a person's name of several words in its cluster (joined with the person's
    other full names); its last word, which a lone surname may repeat."""
    doc = b.doc
    words = tuple(norm(t.text) for t in doc[s:e])
    entry = b.kb.lookup(" ".join(t.text for t in doc[s:e]))
    if entry is not None:
        words = tuple(norm(entry.name).split())
    c = b.person_full(words, doc[s:e].text if entry is None else entry.name)
    c.kb = c.kb or entry
    b.mention(c, s, e)
    gender = honorific_gender(doc, s)
    if gender is not None:
        c.gender = gender
    return words[-1]


def _one_word_kind(b: Clusters, cand: Candidate, person_words: set[str],
                   elsewhere: Counter[str]) -> ActorKind | None:
    """The kind of a one-word name: a person's surname is a person (even where the model
    says ORG or a place that is no seat of government); None drops a capitalised word
    opening a sentence or quote that is no proper noun and is never seen elsewhere."""
    s, e, kind, outlet = cand
    if e - s != 1 or kind not in ("person", "organization", "place") or outlet:
        return kind
    doc = b.doc
    word = norm(doc[s].text)
    seat = b.kb.seat_of(word) or b.kb.country_code(word)
    if (word in person_words or b.surname_cluster(word, s) is not None) \
            and (kind != "place" or seat is None):
        return "person"
    if kind == "person" and b.kb.seat_of(word) is not None:
        return "place"  # "expected in Westminster": a seat of government, no person
    if kind == "person" and _initial(doc, s) and doc[s].pos_ != "PROPN" \
            and elsewhere[doc[s].text] == 0:
        return None  # "Imagine that." — a capitalised word, not a name
    return kind


def _person(b: Clusters, s: int, e: int, words: tuple[str, ...]) -> Cluster:
    """The cluster of a person named by a surname (its full name's) or by a new name."""
    doc = b.doc
    found = b.surname_cluster(words[0], s) if e - s == 1 else None
    if found is not None and found.kb is not None and not b.fits_title(found.kb, s):
        found = None  # "President Clinton" is not the Clinton who never was president
    c = found if found is not None else b.cluster("person", doc[s:e].text, words)
    gender = honorific_gender(doc, s)
    if gender is not None:
        c.gender = c.gender or gender
    return c


def _non_person(b: Clusters, s: int, e: int, kind: ActorKind, outlet: bool,
                words: tuple[str, ...]) -> Cluster:
    """The cluster of an organisation, place, event or group, under its canonical name."""
    if outlet:
        kind = "organization"
    name = b.doc[s:e].text
    entry = b.kb.lookup(name)
    if entry is not None:
        name, words = entry.name, tuple(norm(entry.name).split())
    elif kind == "place":
        code = b.kb.country_code(name)
        if code is not None and len(name) > 1:
            name = b.kb.country_name(code)
            words = tuple(norm(name).split())
    c = b.cluster(kind, name, words)
    c.kb = c.kb or entry
    c.outlet = c.outlet or outlet
    return c


def build_names(b: Clusters) -> None:
    """Clusters and name mentions for every candidate span, full names of persons first."""
    doc = b.doc
    cands = candidates(b)
    elsewhere: Counter[str] = Counter(
        doc[s].text for s, e, _, _ in cands if not _initial(doc, s) or e - s > 1)
    person_words: set[str] = set()
    # full names first, so surnames can join them wherever they occur
    for s, e, kind, _outlet in cands:
        if kind == "person" and e - s > 1:
            person_words.add(_add_full_name(b, s, e))
    for cand in cands:
        s, e, kind, outlet = cand
        if kind == "person" and e - s > 1:
            continue
        settled = _one_word_kind(b, cand, person_words, elsewhere)
        if settled is None:
            continue
        words = tuple(norm(t.text) for t in doc[s:e])
        if settled != "person" and not outlet and ("person", words) in b.keys:
            settled = "person"  # a person's full name the recogniser once took for a body
        c = (_person(b, s, e, words) if settled == "person"
             else _non_person(b, s, e, settled, outlet, words))
        b.mention(c, s, e)
