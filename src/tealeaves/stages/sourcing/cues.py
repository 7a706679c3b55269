"""Vocabularies of the sourcing stage, read once from ``resources/``.

- ``reporting_verbs.txt``: attribution cue lemmas by part of speech (Levin's verbs of
  communication plus lemmas mined from PolNeAR train, see ``scripts/build_reporting_verbs.py``).
- ``anonymous_sources.txt``: head words of unnamed sources ("officials", "a person familiar").
- ``rumour_cues.txt``: hearsay frames ("word is", "rumour has it", "it is said").
- ``media_outlets.txt``: news-channel nouns and outlet names, for the ``via`` channel.
- ``document_sources.txt``: documents and measurements a claim rests on ("in a CNN poll").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ...errors import ModelError
from .hedges import read_lexicon


@dataclass(frozen=True)
class CueVocabulary:
    verbs: frozenset[str]
    nouns: frozenset[str]
    adverbs: frozenset[str]
    anonymous: frozenset[str]
    anonymous_phrases: tuple[str, ...]
    rumour: tuple[tuple[str, ...], ...]
    media_nouns: frozenset[str]
    outlets: frozenset[str]
    documents: frozenset[str]
    #: verbs that report a view only with a clause, quotation or infinitive, not through a
    #: bare object or preposition ("maintains a lead"); mined from PolNeAR train
    clause_only: frozenset[str] = frozenset()


def read_sections(name: str) -> dict[str, list[str]]:
    """Lines of ``resources/NAME`` by ``[section]`` (lines before any section under "")."""
    return _sections(name)


def _sections(name: str) -> dict[str, list[str]]:
    try:
        text = resources.files("tealeaves").joinpath("resources", name).read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ModelError(f"resource {name} is missing from the installation") from exc
    out: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        out.setdefault(current, []).append(line)
    return out


@lru_cache(maxsize=1)
def vocabulary() -> CueVocabulary:
    by_pos: dict[str, set[str]] = {"VERB": set(), "NOUN": set(), "ADV": set(), "ADJ": set()}
    sections = _sections("reporting_verbs.txt")
    for line in sections.get("", []):
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1] in by_pos:
            by_pos[parts[1]].add(parts[0])
    anon = [a.lower() for a in read_lexicon("anonymous_sources.txt")]
    media = _sections("media_outlets.txt")
    rumour = tuple(
        tuple(r.lower().replace("'", " '").split()) for r in read_lexicon("rumour_cues.txt")
    )
    return CueVocabulary(
        verbs=frozenset(by_pos["VERB"]),
        nouns=frozenset(by_pos["NOUN"]),
        adverbs=frozenset(by_pos["ADV"]),
        anonymous=frozenset(a for a in anon if " " not in a),
        anonymous_phrases=tuple(a for a in anon if " " in a),
        rumour=tuple(sorted(rumour, key=len, reverse=True)),
        media_nouns=frozenset(m.lower() for m in media.get("nouns", [])),
        outlets=frozenset(m.lower() for m in media.get("outlets", [])),
        documents=frozenset(d.lower() for d in read_lexicon("document_sources.txt")),
        clause_only=frozenset(line.split("\t")[0] for line in sections.get("clause_only", [])),
    )


@lru_cache(maxsize=1)
def general_verbs() -> frozenset[str]:
    """The cue verbs of general English (Levin's verbs of communication and declaration,
    marked ``general`` in ``reporting_verbs.txt``), without the lemmas mined from PolNeAR."""
    out = set()
    for line in _sections("reporting_verbs.txt").get("", []):
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1] == "VERB" and parts[2] == "general":
            out.add(parts[0])
    return frozenset(out)
