"""Who stands behind a Russian claim: the kind of a source phrase (by the guide's five
kinds), the actor it names, and the channel that carried it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...model import Actor, SourceKind
from .kb import key
from .parse import RuDoc, RuToken
from .vocab import load_yaml, phrases, words

#: dependency relations that make a name the same person as its head ("глава МИД Сергей
#: Лавров": Сергей is an apposition of глава)
_SAME = frozenset({"appos", "flat:name", "flat"})


@dataclass(frozen=True)
class Who:
    """A resolved source phrase."""

    kind: SourceKind
    actor: str | None
    start: int
    end: int
    text: str


class ActorIndex:
    """Actor ids by the character spans of their mentions."""

    def __init__(self, actors: list[Actor]) -> None:
        self.spans = sorted((m.start, m.end, a) for a in actors for m in a.mentions)
        self.actors = actors

    def at(self, start: int, end: int) -> Actor | None:
        """The actor with a mention overlapping ``[start, end)`` (the first one)."""
        for s, e, a in self.spans:
            if s >= end:
                break
            if e > start:
                return a
        return None

    def by_surname(self, word: str) -> Actor | None:
        """The one person actor whose name (or an alias) ends in *word* (case-folded)."""
        k = key(word)
        hits = {a.id: a for a in self.actors if a.kind == "person"
                and any(key(n).split()[-1:] == [k] for n in (a.name, *a.aliases) if n.strip())}
        return next(iter(hits.values())) if len(hits) == 1 else None

    def by_id(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)


def span_text(doc: RuDoc, first: int, last: int) -> tuple[int, int, str]:
    s, e = doc.tokens[first].start, doc.tokens[last].end
    return s, e, doc.text[s:e]


def _named_head(doc: RuDoc, head: RuToken) -> list[int]:
    """The head token and the tokens that name the same referent as it (appositions, parts
    of a name), without its modifiers ("близкий к Кремлю", "представитель МИД")."""
    out = [head.i]
    for c in doc.children(head.i):
        if c.rel in _SAME:
            out.append(c.i)
            out.extend(g.i for g in doc.children(c.i) if g.rel in _SAME)
    return out


def phrase_actor(doc: RuDoc, head_i: int, actors: ActorIndex) -> Actor | None:
    """The actor a noun phrase stands for: its head or a name in apposition to it, else the
    first person, else the first actor, mentioned inside it."""
    for i in _named_head(doc, doc.tokens[head_i]):
        a = actors.at(doc.tokens[i].start, doc.tokens[i].end)
        if a is not None:
            return a
    first, last = doc.subtree(head_i)
    lo, hi = doc.tokens[first].start, doc.tokens[last].end
    inside = [a for s, e, a in actors.spans if s >= lo and e <= hi]
    return next((a for a in inside if a.kind == "person"), inside[0] if inside else None)


def _is_anonymous(doc: RuDoc, head: RuToken, first: int, last: int) -> bool:
    text = key(doc.text[doc.tokens[first].start : doc.tokens[last].end])
    if any(p in text for p in phrases("anonymous_phrases")):
        return True
    return head.lemma in words("anonymous_heads") or (
        head.pos == "NOUN" and head.feats.get("Number") == "Plur" and head.feats.get("Animacy") == "Anim")


def resolve(doc: RuDoc, head_i: int, actors: ActorIndex, last_person: dict[str, str]) -> Who:
    """The source a subject (or "по словам X" complement) with head *head_i* stands for."""
    head = doc.tokens[head_i]
    first, last = doc.subtree(head_i)
    while first < head_i and doc.tokens[first].pos in ("ADP", "PUNCT"):
        first += 1  # "на осведомленные источники": the source, not its preposition
    while last > head_i and doc.tokens[last].pos == "PUNCT":
        last -= 1
    s, e, text = span_text(doc, first, last)
    pron = (load_yaml("sourcing.yaml").get("person_pronouns") or {}).get(head.text.lower())
    if pron is not None:
        actor = actors.at(head.start, head.end)
        aid = actor.id if actor is not None else last_person.get(str(pron))
        if aid:  # "" marks an unnamed last speaker: "он" stays anonymous
            return Who("named_person", aid, head.start, head.end, head.text)
        return Who("anonymous", None, head.start, head.end, head.text)
    named = [actors.at(doc.tokens[i].start, doc.tokens[i].end) for i in _named_head(doc, head)]
    person = next((a for a in named if a is not None and a.kind == "person"), None)
    if person is not None:
        return Who("named_person", person.id, s, e, text)
    if _is_anonymous(doc, head, first, last):
        return Who("anonymous", None, s, e, text)
    body = next((a for a in named if a is not None), None)
    if body is None and head.pos == "PROPN":  # a surname NER missed (a headline)
        same = actors.by_surname(head.lemma)
        if same is not None:
            return Who("named_person", same.id, s, e, text)
    if body is not None or head.pos == "PROPN" or is_outlet(head.text):
        return Who("named_organization", body.id if body else None, s, e, text)
    if head.pos in ("NOUN", "PRON") and head.lemma in ("издание", "газета", "агентство", "канал"):
        return Who("named_organization", None, s, e, text)
    return Who("anonymous", None, s, e, text)


@lru_cache(maxsize=1)
def _outlet_keys() -> frozenset[str]:
    return frozenset(key(str(o)) for o in load_yaml("sourcing.yaml").get("outlets") or ())


def is_outlet(word: str) -> bool:
    """Is *word* one of the outlets of ``sourcing.yaml``?"""
    return key(word) in _outlet_keys()


def _nominative(t: RuToken) -> str:
    """An outlet's name as a word of the text gives it, in the nominative ("«Медузы»" →
    "Медуза"), so that one outlet has one name whatever its case."""
    if t.text[:1].isupper() and t.lemma and t.lemma != t.text.lower():
        return t.lemma[:1].upper() + t.lemma[1:]
    return t.text


def outlet_in(doc: RuDoc, start: int, end: int, actors: ActorIndex,
              last: str | None = None) -> str | None:
    """The outlet named inside an anonymous source phrase ("собеседник «Ъ»", "источники
    Reuters", "собеседники «Медузы»"): by the guide, the outlet those sources spoke to is
    the claim's channel. An organisation that is not an outlet ("источник в МИД") is none.
    "Источник издания", "собеседники газеты" name the outlet by a common noun: the outlet
    the text last named as a channel (*last*)."""
    for s, e, a in actors.spans:
        if start <= s and e <= end and a.kind == "organization" and (
                is_outlet(a.name) or is_outlet(doc.text[s:e])):
            return a.name
    first = doc.token_at(start)
    for t in doc.tokens[first.i if first is not None else 0:]:
        if t.start >= end:
            break
        if t.start < start:
            continue
        if t.pos != "PUNCT" and (is_outlet(t.text) or is_outlet(t.lemma)):
            return _nominative(t)
        if last is not None and t.lemma in _OUTLET_NOUNS and t.feats.get("Case") == "Gen":
            return last
    return None


#: common nouns of an outlet that a name follows ("агентству ТАСС", "газете «Ведомости»")
_OUTLET_NOUNS = frozenset({"агентство", "газета", "издание", "телеканал", "радиостанция",
                           "журнал", "портал", "сайт"})


def channel(doc: RuDoc, verb_i: int, actors: ActorIndex) -> str | None:
    """The medium a cue verb's words went through: "в интервью «Коммерсанту»" (the outlet),
    "в Telegram-канале", or the outlet the words were told to ("рассказал «Коммерсанту»")."""
    nouns = words("channel_nouns")
    for c in doc.children(verb_i):
        if c.rel == "iobj" or (c.rel == "obl" and c.feats.get("Case") == "Dat"):
            a = actors.at(c.start, c.end)
            if a is None and c.lemma in nouns | _OUTLET_NOUNS:  # "агентству ТАСС"
                first, last = doc.subtree(c.i)
                a = actors.at(doc.tokens[first].start, doc.tokens[last].end)
            if (a is not None and a.kind == "organization") or is_outlet(c.text):
                return a.name if a is not None else _nominative(c)
        if c.rel in ("obl", "nmod") and (c.lemma in nouns or c.text.lower() in nouns):
            first, last = doc.subtree(c.i)
            s, e, text = span_text(doc, first, last)
            inner = actors.at(s, e)
            if inner is not None and inner.kind == "organization":
                return inner.name
            return text.split(" ", 1)[1] if text.lower().startswith(("в ", "на ")) else text
    return None


#: verbs by which an outlet passes on someone else's words ("…, передаёт ТАСС", "Об этом
#: сообщает X", "его слова приводит X"); the outlet is then the channel, not the source
RELAY_VERBS = frozenset({"передавать", "передать", "сообщать", "сообщить", "приводить",
                         "привести", "цитировать", "процитировать"})
#: nouns for someone's words ("его слова приводит X", "слова которого цитирует X")
_WORDS = frozenset({"слово", "высказывание", "цитата", "реплика"})


def outlet_subject(doc: RuDoc, verb: RuToken, actors: ActorIndex) -> str | None:
    """The outlet or organisation that is the subject of *verb*, by name."""
    subj = next((c for c in doc.children(verb.i) if c.rel in ("nsubj", "nsubj:pass")), None)
    if subj is None:
        return None
    first, last = doc.subtree(subj.i)
    a = actors.at(doc.tokens[first].start, doc.tokens[last].end)
    if a is not None and a.kind == "organization":
        return a.name
    return subj.text if is_outlet(subj.text) or is_outlet(subj.lemma) else None


def words_object(doc: RuDoc, verb: RuToken) -> RuToken | None:
    """The "слова" object of *verb* ("его слова приводит X"), if any."""
    return next((c for c in doc.children(verb.i) if c.rel == "obj" and c.lemma in _WORDS), None)

