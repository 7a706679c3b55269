"""The event vocabulary: PLOVER categories and the verbs, nouns and frames that signal them.

Read once from ``resources/event_verbs.yaml`` (its header names the sources).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

#: PLOVER event types (Open Event Data Alliance) plus the project's additions.
PLOVER_CATEGORIES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "INVESTIGATE",
    "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION",
    "COERCE", "ASSAULT", "FIGHT",
)  # fmt: skip
PROJECT_CATEGORIES: tuple[str, ...] = ("STATEMENT", "ACCUSE", "APPOINT", "DISMISS", "DISPATCH")
CATEGORIES: tuple[str, ...] = PLOVER_CATEGORIES + PROJECT_CATEGORIES


@dataclass(frozen=True)
class EventVocabulary:
    verbs: dict[str, str]
    phrasal: dict[tuple[str, str], str]
    person_object: dict[str, str]
    naming_frame: dict[str, str]
    light_verbs: frozenset[str]
    light_nouns: dict[str, str]
    blame_nouns: frozenset[str]
    blame_bearers: frozenset[str]
    blame_placers: frozenset[str]
    intent_heads: frozenset[str]
    intent_adjectives: frozenset[str]
    modals: frozenset[str]
    obligation_modals: frozenset[str]
    negating_heads: frozenset[str]
    person_nouns: frozenset[str]
    unnamed_speakers: frozenset[str] = frozenset()


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key) or ())


@lru_cache(maxsize=1)
def load_vocabulary() -> EventVocabulary:
    """Read ``resources/event_verbs.yaml`` once."""
    ref = resources.files("tealeaves") / "resources" / "event_verbs.yaml"
    data = yaml.safe_load(ref.read_text(encoding="utf-8"))
    verbs: dict[str, str] = {}
    phrasal: dict[tuple[str, str], str] = {}
    for cat, spec in data["categories"].items():
        if cat not in CATEGORIES:
            raise ValueError(f"event_verbs.yaml: unknown category {cat}")
        for v in spec.get("verbs") or ():
            verbs.setdefault(str(v).lower(), cat)
        for p in spec.get("phrasal") or ():
            head, _, rest = str(p).lower().partition(" ")
            phrasal[(head, rest)] = cat
    for verb, cat in (data.get("naming_frame") or {}).items():
        if cat not in CATEGORIES:
            raise ValueError(f"event_verbs.yaml: unknown category {cat} for {verb}")
    return EventVocabulary(
        verbs=verbs,
        phrasal=phrasal,
        person_object={str(k): str(v) for k, v in (data.get("person_object") or {}).items()},
        naming_frame={str(k): str(v) for k, v in (data.get("naming_frame") or {}).items()},
        light_verbs=_words(data, "light_verbs"),
        light_nouns={str(k): str(v) for k, v in (data.get("light_nouns") or {}).items()},
        blame_nouns=_words(data, "blame_nouns"),
        blame_bearers=_words(data, "blame_bearer_verbs"),
        blame_placers=_words(data, "blame_placer_verbs"),
        intent_heads=_words(data, "intent_heads"),
        intent_adjectives=_words(data, "intent_adjectives"),
        modals=_words(data, "modals"),
        obligation_modals=_words(data, "obligation_modals"),
        negating_heads=_words(data, "negating_heads"),
        person_nouns=_words(data, "person_nouns"),
        unnamed_speakers=_words(data, "unnamed_speakers"),
    )
