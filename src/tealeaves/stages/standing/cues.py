"""The standing vocabularies, read once from ``resources/``.

* ``standing_cues.yaml`` — signals read off events by category, and idioms matched on the
  text (``weak link``, ``rising star``), each signal name mapped to one of the issue-18
  types (:data:`tealeaves.model.STANDING_TYPES`);
* ``standing_frames.yaml`` — verbs whose parse arguments gain or lose (FrameNet frames), the
  post and gathering nouns, the titles of superiors, rumour nouns and denial words, and the
  words of mood (calls, obligation, refusals, asking, conditionals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ...model import STANDING_FALLING, STANDING_RISING, STANDING_TYPES


@dataclass(frozen=True)
class PhraseCue:
    signal: str
    direction: str
    pattern: re.Pattern[str]
    bearer: str  # "default" | "possessor" | "after" | "subject"


@dataclass(frozen=True)
class EventCue:
    signal: str
    direction: str
    verbs: dict[str, str]
    only_verbs: frozenset[str]


@dataclass(frozen=True)
class Cues:
    events: dict[str, EventCue]
    phrases: tuple[PhraseCue, ...]
    types: dict[str, str]
    #: Every phrase pattern as one alternation (None when they cannot be joined): where it
    #: finds nothing, no phrase matches, and no phrase matches before where it first does.
    any_phrase: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Role:
    type: str
    direction: str


@dataclass(frozen=True)
class Frame:
    lemma: str
    roles: dict[str, Role]  # agent | patient | subject | to | from | over | with
    needs_prep: frozenset[str] = frozenset()
    needs_particle: frozenset[str] = frozenset()
    needs_object: frozenset[str] = frozenset()
    objects_are_posts: bool = False
    needs_patient: bool = False
    decider: bool = False
    person_patient: bool = False  # a person patient stands in for needs_prep ("X was fired")


@dataclass(frozen=True)
class Frames:
    verbs: dict[str, Frame]
    posts: frozenset[str]
    absent_from: frozenset[str]
    superiors: frozenset[str]
    rumour_nouns: frozenset[str]
    denials: frozenset[str]
    no_grounds: frozenset[str]
    calls: frozenset[str] = frozenset()
    obligation: frozenset[str] = frozenset()
    refusals: frozenset[str] = frozenset()
    asking: frozenset[str] = frozenset()
    conditionals: frozenset[str] = frozenset()
    rumour_verbs: frozenset[str] = frozenset()
    rumour_modifiers: frozenset[str] = frozenset()
    aims: frozenset[str] = frozenset()
    facing_calls: frozenset[str] = frozenset()
    #: "no option / choice / alternative but to": a call on whoever has none
    no_choice: frozenset[str] = frozenset()
    #: temporal subordinators: an appointment under one is a tenure's start (:mod:`.tenure`)
    tenure_marks: frozenset[str] = frozenset()
    #: verbs whose object is one's own exit, foreseen when they are ("would announce his
    #: resignation")
    tendering: frozenset[str] = frozenset()
    #: verbs whose object is someone else's exit ("Y accepted his resignation")
    receiving: frozenset[str] = frozenset()
    #: semi-modals of obligation ("have to", "have got to", "need to"): calls in the present
    semi_modals: frozenset[str] = frozenset()
    #: a later sentence calling "the reports" false contests earlier hearsay (:mod:`.denied`)
    report_nouns: frozenset[str] = frozenset()
    falsity: frozenset[str] = frozenset()
    describing: frozenset[str] = frozenset()
    #: purpose verbs after which a resignation is a move to another post
    moving_on: frozenset[str] = frozenset()
    #: of those, the verbs of getting a job whose object must be a post (``posts``)
    getting_a_job: frozenset[str] = frozenset()


def _read(name: str) -> dict[str, Any]:
    ref = resources.files("tealeaves") / "resources" / name
    data: dict[str, Any] = yaml.safe_load(ref.read_text(encoding="utf-8"))
    return data


def _check_type(name: str, kind: str, direction: str) -> None:
    allowed = STANDING_RISING if direction == "rising" else STANDING_FALLING
    if direction not in ("rising", "falling") or kind not in allowed:
        raise ValueError(f"{name}: type {kind!r} does not fit direction {direction!r}")


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Read ``resources/standing_cues.yaml`` once."""
    data = _read("standing_cues.yaml")
    events = {
        cat: EventCue(
            signal=str(spec["signal"]),
            direction=str(spec["direction"]),
            verbs={str(k): str(v) for k, v in (spec.get("verbs") or {}).items()},
            only_verbs=frozenset(str(v) for v in spec.get("only_verbs") or ()),
        )
        for cat, spec in data["events"].items()
    }
    types = {str(k): str(v) for k, v in data["types"].items()}
    bad = sorted(v for v in types.values() if v not in STANDING_TYPES)
    if bad:
        raise ValueError(f"standing_cues.yaml: unknown types {bad}")
    phrases: list[PhraseCue] = []
    for direction, signals in data["phrases"].items():
        if direction not in ("rising", "falling"):
            raise ValueError(f"standing_cues.yaml: bad direction {direction!r}")
        for signal, entries in signals.items():
            _check_type("standing_cues.yaml", types.get(str(signal), ""), direction)
            for entry in entries:
                if isinstance(entry, str):
                    pattern, bearer = entry, "default"
                else:
                    pattern, bearer = entry["pattern"], entry.get("bearer", "default")
                phrases.append(PhraseCue(str(signal), direction,
                                         re.compile(pattern, re.IGNORECASE), str(bearer)))
    for cue in events.values():
        for signal in (cue.signal, *cue.verbs.values()):
            _check_type("standing_cues.yaml", types.get(signal, ""), cue.direction)
    return Cues(events=events, phrases=tuple(phrases), types=types,
                any_phrase=join_patterns([p.pattern for p in phrases]))


#: Pattern syntax that numbers or names groups for later reference: such patterns cannot
#: be joined into one alternation without changing what they match.
_REFERENCES = re.compile(r"\\[1-9]|\(\?P[<=]|\\g<")


def join_patterns(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One case-insensitive alternation of *patterns*, all compiled with
    ``re.IGNORECASE`` and no other flag; None when any of them has other flags or group
    references (or there are none). A search finds the leftmost place where any of them
    matches."""
    if not patterns or any(p.flags != (re.IGNORECASE | re.UNICODE) for p in patterns) \
            or any(_REFERENCES.search(p.pattern) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)
    except re.error:  # e.g. a flag set inside one pattern
        return None


def _frame(lemma: str, spec: dict[str, Any]) -> Frame:
    roles: dict[str, Role] = {}
    for slot in ("agent", "patient", "subject", "to", "from", "over", "with"):
        if slot in spec:
            kind, direction = (str(x) for x in spec[slot])
            _check_type(f"standing_frames.yaml {lemma}", kind, direction)
            roles[slot] = Role(kind, direction)
    return Frame(
        lemma=lemma, roles=roles,
        needs_prep=frozenset(str(x) for x in spec.get("needs_prep") or ()),
        needs_particle=frozenset(str(x) for x in spec.get("needs_particle") or ()),
        needs_object=frozenset(str(x) for x in spec.get("needs_object") or ()),
        objects_are_posts=bool(spec.get("objects_are_posts", False)),
        needs_patient=bool(spec.get("needs_patient", False)),
        decider=bool(spec.get("decider", False)),
        person_patient=bool(spec.get("person_patient", False)),
    )


@lru_cache(maxsize=1)
def load_frames() -> Frames:
    """Read ``resources/standing_frames.yaml`` once."""
    data = _read("standing_frames.yaml")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(x).lower() for x in data.get(key) or ())

    return Frames(
        verbs={str(k): _frame(str(k), v) for k, v in data["verbs"].items()},
        posts=words("posts"), absent_from=words("absent_from"), superiors=words("superiors"),
        rumour_nouns=words("rumour_nouns"), denials=words("denials"),
        no_grounds=words("no_grounds"), calls=words("calls"), obligation=words("obligation"),
        refusals=words("refusals"), asking=words("asking"), conditionals=words("conditionals"),
        rumour_verbs=words("rumour_verbs"), rumour_modifiers=words("rumour_modifiers"),
        aims=words("aims"), facing_calls=words("facing_calls"),
        no_choice=words("no_choice"), tenure_marks=words("tenure_marks"),
        tendering=words("tendering"), receiving=words("receiving"),
        semi_modals=words("semi_modals"), report_nouns=words("report_nouns"),
        falsity=words("falsity"), describing=words("describing"), moving_on=words("moving_on"),
        getting_a_job=words("getting_a_job"),
    )
