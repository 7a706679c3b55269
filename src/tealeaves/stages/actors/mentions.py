"""Steps 2 and 3 of the actors stage: variants, re-mentions, events and groups, kinds.

- :func:`merge_variants` joins an acronym to its expansion ("IAEA" / "International Atomic
  Energy Agency") and a shorter organisation name to the one longer name it ends
  ("the Commerce Ministry" / "the Chinese Commerce Ministry");
- :func:`remention` adds the occurrences of known names the recogniser missed ("the
  Ministry", a lone surname, "PENCE:", a knowledge-base name such as "Xi Jinping");
- :func:`add_events_and_groups` adds named events and political groups;
- :func:`settle_kinds` settles each organisation or place by its votes, and reads a seat of
  government that is the subject of a verb ("Moscow rejected the plan") as an organisation,
  with a note.
"""

from __future__ import annotations

from ...model import ActorKind
from .clusters import Cluster, Clusters
from .kb import Entry, KnowledgeBase, norm
from .spans import find_groups, find_named_events

#: Words left out of an acronym ("International Atomic Energy Agency" → "IAEA").
_FUNCTION = frozenset({"of", "the", "for", "and", "on", "in", "de", "du", "des", "la", "le", "&"})
#: Verbs whose subject is described, not acting: "Moscow is cold" is no metonym.
_STATIVE = ("be", "have", "become", "seem", "remain")
#: The kinds an organisation or a place may settle on, by the votes of its mentions.
_VOTED: tuple[ActorKind, ...] = ("organization", "place", "event", "group")

#: Written forms of names (their words) → the clusters they name.
_NameTable = dict[tuple[str, ...], set[int]]


def merge_variants(b: Clusters) -> None:
    """Join acronyms to their expansion and shorter organisation names to the longer one."""
    orgs = [c for c in b.clusters if c.merged_into is None and c.kind == "organization"]
    for c in orgs:
        if len(c.words) == 1 and c.name.isupper() and 2 <= len(c.name) <= 6:
            acr = c.name.lower()
            match = [o for o in orgs if o is not c and o.merged_into is None and len(o.words) > 1
                     and "".join(w[0] for w in o.words if w and w not in _FUNCTION) == acr]
            if len(match) == 1:
                b.merge(c, match[0])
    # "Commerce Ministry" / "Ministry" joins the one "Chinese Commerce Ministry"
    orgs = [c for c in orgs if c.merged_into is None]
    for c in sorted(orgs, key=lambda c: -len(c.words)):
        longer = [o for o in orgs if o is not c and o.merged_into is None
                  and len(o.words) > len(c.words) and o.words[-len(c.words):] == c.words]
        if len(longer) == 1:
            b.merge(c, longer[0])


def _forms(written: set[tuple[str, ...]], kind: str) -> set[tuple[str, ...]]:
    """The forms a name may take again: as written, a person's last word, the endings of an
    organisation's name ("Chinese Commerce Ministry" → "Commerce Ministry", "Ministry")."""
    forms = set(written)
    for f in written:
        if len(f) > 1 and kind == "person":
            forms.add(f[-1:])
        elif len(f) > 1:
            forms.update(f[k:] for k in range(1, len(f)))
    return forms


def _name_table(b: Clusters) -> _NameTable:
    """Capitalised forms of every person's and organisation's names → their clusters."""
    doc = b.doc
    written: dict[int, set[tuple[str, ...]]] = {}
    for s, e, ci in b.spans:
        written.setdefault(b.live(b.clusters[ci]).idx, set()).add(tuple(t.text for t in doc[s:e]))
    table: _NameTable = {}
    for c in b.clusters:
        if c.merged_into is not None or c.kind not in ("person", "organization"):
            continue
        for f in _forms(written.get(c.idx, set()), c.kind):
            if f and f[0][:1].isupper():
                table.setdefault(f, set()).add(c.idx)
    return table


def _kb_table(kb: KnowledgeBase, table: _NameTable) -> dict[tuple[str, ...], Entry]:
    """Knowledge-base names of several words that the text has not named yet."""
    out: dict[tuple[str, ...], Entry] = {}
    for entry in kb.entries:
        for name in (entry.name, *entry.aliases):
            words = tuple(name.split())
            if len(words) > 1 and words not in table:
                out[words] = entry
    return out


def _owners(b: Clusters, table: _NameTable, key: tuple[str, ...]) -> set[int] | None:
    """The clusters *key* names; a surname in capitals ("PENCE:" heading a transcript
    turn) names the persons of that surname."""
    owners = table.get(key)
    if not owners and len(key) == 1 and len(key[0]) > 2 and key[0].isupper():
        owners = {o for o in table.get((key[0].title(),), ())
                  if b.clusters[o].kind == "person"}
    return owners


def _owner_at(b: Clusters, owners: set[int], key: tuple[str, ...], i: int) -> Cluster | None:
    """Which of *owners* the words *key* at token *i* name (None: no mention here)."""
    doc = b.doc
    c = b.clusters[next(iter(owners))]
    if len(key) == 1 and (doc[i].pos_ not in ("PROPN", "NOUN") or (
            c.kind == "organization" and not (i > 0 and doc[i - 1].lower_ == "the"))):
        return None
    if len(owners) > 1:
        return b.surname_cluster(norm(key[0]), i) if len(key) == 1 else None
    return c


def _kb_cluster(b: Clusters, entry: Entry) -> Cluster:
    """The cluster of a knowledge-base name found in the text."""
    words = tuple(norm(entry.name).split())
    c = (b.person_full(words, entry.name) if entry.kind == "person"
         else b.cluster("organization", entry.name, words))
    c.kb = c.kb or entry
    return c


def _match_at(b: Clusters, i: int, n_max: int, table: _NameTable,
              kb_table: dict[tuple[str, ...], Entry],
              words: list[str]) -> tuple[int, Cluster] | None:
    """The longest known name starting at token *i* over uncovered tokens: (length, cluster)
    (*words*: every token's text, in order)."""
    for n in range(min(n_max, len(words) - i), 0, -1):
        if any(j in b.covered for j in range(i, i + n)):
            continue
        key = tuple(words[i : i + n])
        owners = _owners(b, table, key)
        if owners:
            c = _owner_at(b, owners, key, i)
            if c is None:
                continue
            return n, c
        entry = kb_table.get(key)
        if entry is not None:
            return n, _kb_cluster(b, entry)
    return None


def remention(b: Clusters) -> None:
    """Occurrences of known names the recogniser missed ("the Ministry", a lone surname,
    a knowledge-base name such as "Xi Jinping"): the text names them, so they count."""
    doc = b.doc
    table = _name_table(b)
    kb_table = _kb_table(b.kb, table)
    n_max = max((len(k) for k in (*table, *kb_table)), default=0)
    words = [t.text for t in doc]  # read once: a key is built at every capital and length
    i = 0
    while i < len(doc):
        hit = None
        if i not in b.covered and words[i][:1].isupper():
            hit = _match_at(b, i, n_max, table, kb_table, words)
        if hit is None:
            i += 1
            continue
        b.mention(b.live(hit[1]), i, i + hit[0])
        i += hit[0]


def add_events_and_groups(b: Clusters) -> None:
    """Named events ("the Geneva talks") and groups ("hardliners") not inside a name."""
    doc = b.doc
    for f in list(find_named_events(doc)) + list(find_groups(doc)):
        if any(b.clusters[b.covered[i]].kind in ("person", "organization")
               for i in range(f.start, f.end)
               if i in b.covered and doc[i].ent_type_ != "PERSON"):
            continue
        words = tuple(norm(t.lemma_ if f.kind == "group" else t.text) for t in doc[f.start : f.end])
        c = b.cluster("event" if f.kind == "event" else "group", f.name, words)
        c.add(doc, f.start, f.end)
        b.spans.append((f.start, f.end, c.idx))
        for i in range(f.start, f.end):
            b.covered.setdefault(i, c.idx)


def _note_metonyms(b: Clusters, c: Cluster, country: str | None) -> None:
    """A place (or a seat of government) that is the subject of a verb is its government."""
    doc = b.doc
    for (s, e), m in sorted(c.mentions.items()):
        span = doc.char_span(s, e)
        if span is None:
            continue
        root = span.root
        if root.dep_ == "nsubj" and root.head.pos_ == "VERB" and root.head.lemma_ not in _STATIVE:
            c.kind = "organization"
            whose = (f"the government of {b.kb.country_name(country)}" if country
                     else "its government or authorities")
            c.notes.append(f"metonym: '{m.text}' stands for {whose} "
                           f"(actor of '{root.head.text}' at {s})")


def settle_kinds(b: Clusters) -> None:
    """Each organisation or place gets its kind: an outlet or a knowledge-base organisation
    is an organisation, else the kind most of its mentions had; then metonyms."""
    for c in b.clusters:
        if c.merged_into is not None or c.kind in ("person", "event", "group"):
            continue
        if c.outlet or (c.kb is not None and c.kb.kind == "organization"):
            c.kind = "organization"
        elif c.votes:
            c.kind = max(_VOTED, key=lambda k: c.votes[k])
        country = b.kb.seat_of(c.name)
        if country is None and c.kind != "place":
            continue
        _note_metonyms(b, c, country)
