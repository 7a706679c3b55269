"""The tealeaves data model: one :class:`Analysis` per article.

Every finding carries character offsets (``start``, ``end``) into
``Analysis.article.text`` — the cleaned text — so a reader can check it.
All records are frozen dataclasses with ``to_dict()`` / ``from_dict()``;
the JSON form is described by ``analysis.schema.json`` in this package.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from types import UnionType
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

SCHEMA_VERSION = "1"

GenreLabel = Literal["opinion", "reporting", "satire"]
ActorKind = Literal["person", "organization", "place", "event", "group"]
MentionForm = Literal["name", "pronoun", "title", "epithet"]
SourceKind = Literal["named_person", "named_organization", "anonymous", "rumour", "author"]
StanceLabel = Literal["negative", "neutral", "positive"]
Direction = Literal["rising", "falling"]
StanceVoiceKind = Literal["author", "relayed"]
FramingRole = Literal["protagonist", "antagonist", "innocent"]

GENRES: tuple[str, ...] = get_args(GenreLabel)
ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)
MENTION_FORMS: tuple[str, ...] = get_args(MentionForm)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
STANCE_LABELS: tuple[str, ...] = get_args(StanceLabel)
#: Standing signal types (issue 18): what kind of rise or fall a signal reports.
STANDING_FALLING: tuple[str, ...] = (
    "blamed", "sidelined", "losing_ground", "replaced", "absent", "excluded", "rumoured_ouster",
    "dismissed", "resigned", "demoted", "criticised_by_superior", "under_investigation",
    "called_to_resign",
)
STANDING_RISING: tuple[str, ...] = (
    "appointed", "promoted", "entrusted", "dispatched", "gaining_influence",
    "praised_by_superior", "takes_over",
)
STANDING_TYPES: tuple[str, ...] = STANDING_FALLING + STANDING_RISING

#: The 14 technique names of the SemEval-2020 Task 11 Propaganda Techniques Corpus.
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

T = TypeVar("T", bound="Record")


class Record:
    """Mixin giving frozen dataclasses a JSON-friendly dict form."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            out[f.name] = _dump(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        hints = _hints(cls)  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in data:
                kwargs[f.name] = _load(hints[f.name], data[f.name])
        return cls(**kwargs)


def _dump(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _load(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is tuple and args:
        return tuple(_load(args[0], v) for v in value)
    if origin in (Union, UnionType) and type(None) in args:  # X | None
        inner = [a for a in args if a is not type(None)]
        return _load(inner[0], value) if len(inner) == 1 else value
    if origin is None and isinstance(tp, type) and issubclass(tp, Record):
        return tp.from_dict(value)
    return value


#: Code points no stored, hashed or rendered text keeps: lone surrogates (UTF-8 cannot
#: encode them), NUL and the other C0 control characters but tab, line feed and carriage
#: return. Each is replaced one for one, so offsets into the text stay valid.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
#: Vertical tab and form feed break lines (and pages): they become a line break.
_LINE_BREAKS = frozenset("\x0b\x0c")
REPLACEMENT = "\ufffd"
#: The ``reason`` of the :class:`Removed` entry that counts replaced characters.
REPLACED_REASON = "characters that cannot be stored, replaced one for one"


def _replacement(m: re.Match[str]) -> str:
    return "\n" if m.group() in _LINE_BREAKS else REPLACEMENT


def safe_text(value: str) -> tuple[str, Counter[str]]:
    """*value* with every unsafe code point replaced one for one, and how many of each.

    Lone surrogates (from JSON escapes, ``surrogateescape`` file names, broken producers),
    NUL and other C0 controls become U+FFFD; vertical tab and form feed become a line
    break. The result always encodes as UTF-8 and has the same length as *value*.
    """
    if not isinstance(value, str):
        raise TypeError(f"expected str, not {type(value).__name__}")
    if _UNSAFE.search(value) is None:
        return value, Counter()
    counts = Counter(_UNSAFE.findall(value))
    return _UNSAFE.sub(_replacement, value), counts


def replaced_note(counts: Counter[str], fields: list[str] | tuple[str, ...]) -> Removed:
    """The :class:`Removed` entry saying which characters were replaced, how many, where."""
    parts = [f"U+{ord(ch):04X} ×{n}" for ch, n in sorted(counts.items())]
    shown = ", ".join(parts[:8]) + (f", … {len(parts) - 8} more kinds" if len(parts) > 8 else "")
    total = sum(counts.values())
    return Removed(
        text=f"{total} in {', '.join(fields)}: {shown}",
        reason=f"{REPLACED_REASON} (U+FFFD; a form feed or vertical tab by a line break)",
    )


@dataclass(frozen=True)
class Span(Record):
    """A stretch of the cleaned text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Removed(Record):
    """A line the cleaner dropped, and why."""

    text: str
    reason: str

    def __post_init__(self) -> None:
        for name in ("text", "reason"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, safe_text(value)[0])


#: The Article fields whose unsafe characters are replaced on construction.
@dataclass(frozen=True)
class Dateline(Record):
    """The wire dateline the cleaner cut from the start of the first paragraph ("MOSCOW,
    March 3 (Reuters) -"): its text as removed, the place, and the date and agency if given."""

    text: str
    place: str
    date: str | None = None
    agency: str | None = None


_ARTICLE_STRINGS = ("id", "text", "url", "outlet", "published", "title", "language")


@dataclass(frozen=True)
class Article(Record):
    """One article: *text* is the cleaned text every finding's offsets point into.

    However it is made, an Article holds only text that encodes as UTF-8: unsafe code
    points (:func:`safe_text`) in any string field are replaced one for one on
    construction, and a :class:`Removed` entry says how many, of which kind, and where.
    """

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    language: str = "en"
    removed: tuple[Removed, ...] = ()
    dateline: Dateline | None = None

    def __post_init__(self) -> None:
        counts: Counter[str] = Counter()
        fields: list[str] = []
        for name in _ARTICLE_STRINGS:
            value = getattr(self, name)
            if not isinstance(value, str):
                continue
            safe, found = safe_text(value)
            if found:
                object.__setattr__(self, name, safe)
                counts.update(found)
                fields.append(name)
        if counts:
            note = replaced_note(counts, fields)
            object.__setattr__(self, "removed", (*self.removed, note))

    @staticmethod
    def make_id(text: str) -> str:
        """The content hash of *text* as an Article would hold it; never raises on a str."""
        return hashlib.sha256(safe_text(text)[0].encode("utf-8")).hexdigest()

    @classmethod
    def from_text(cls, text: str, **meta: Any) -> Article:
        return cls(id=cls.make_id(text), text=text, **meta)


@dataclass(frozen=True)
class Genre(Record):
    label: GenreLabel
    confidence: float


@dataclass(frozen=True)
class Mention(Record):
    start: int
    end: int
    text: str
    form: MentionForm = "name"


@dataclass(frozen=True)
class StanceVoice(Record):
    """What one voice says about an actor: ``author`` (the article's own words) or
    ``relayed`` (the content of claims the article attributes to a source; ``claims``
    holds their ids). ``score`` is the calibrated confidence of ``label``."""

    voice: StanceVoiceKind
    label: StanceLabel
    score: float
    evidence: tuple[Span, ...] = ()
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stance(Record):
    """The article's stance towards an actor. ``score`` is the calibrated confidence of
    ``label`` (0..1), not a polarity; ``voices`` splits it into the author's words and the
    claims the article relays."""

    label: StanceLabel
    score: float
    evidence: tuple[Span, ...] = ()
    voices: tuple[StanceVoice, ...] = ()


@dataclass(frozen=True)
class Framing(Record):
    """The role the article casts an actor in (SemEval-2025 Task 10 roles): ``role`` the main
    role, ``fine`` its fine roles, ``score`` the calibrated confidence of ``role``."""

    role: FramingRole
    fine: tuple[str, ...] = ()
    score: float = 0.0


@dataclass(frozen=True)
class StandingSignal(Record):
    signal: str
    direction: Direction
    start: int
    end: int
    text: str
    #: One of :data:`STANDING_TYPES` (None in analyses written before types existed).
    type: str | None = None
    #: Who says so: the id of the claim whose content holds the evidence (None: the author).
    claim: str | None = None
    #: That claim's source kind, ``rumour`` inside "rumours that ...", else ``author``.
    source_kind: SourceKind | None = None
    #: The signal is disputed in the text: a denied rumour, a rejected report.
    contested: bool = False
    #: Who disputes it: the id of the denier's claim ("the Kremlin denied reports that ...");
    #: None when it is not contested or the denial is no claim of the sourcing stage.
    contested_by: str | None = None


@dataclass(frozen=True)
class Actor(Record):
    id: str
    name: str
    kind: ActorKind
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    stance: Stance | None = None
    standing: tuple[StandingSignal, ...] = ()
    notes: tuple[str, ...] = ()
    framing: Framing | None = None


@dataclass(frozen=True)
class Source(Record):
    kind: SourceKind
    actor: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    #: What a source that does not name itself ("it", "the document") refers to when no
    #: actor holds it: the words naming that body or document earlier in the text.
    refers: Span | None = None


@dataclass(frozen=True)
class Claim(Record):
    id: str
    start: int
    end: int
    text: str
    quote: bool
    source: Source
    cue: Span | None = None
    via: str | None = None
    hedges: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Event(Record):
    id: str
    category: str
    actor: str | None
    target: str | None
    action: Span
    start: int
    end: int
    negated: bool = False
    #: An unnamed group that acts in place of a named actor ("U.S. officials" in "U.S.
    #: officials said …"): its words, and ``actor`` stays None.
    unnamed_actor: Span | None = None


@dataclass(frozen=True)
class Technique(Record):
    technique: str
    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class StageIssue(Record):
    stage: str
    message: str


@dataclass(frozen=True)
class Analysis(Record):
    article: Article
    genre: Genre | None = None
    actors: tuple[Actor, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    techniques: tuple[Technique, ...] = ()
    issues: tuple[StageIssue, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    schema_version: str = SCHEMA_VERSION

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, data: str) -> Analysis:
        return cls.from_dict(json.loads(data))

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)


@lru_cache(maxsize=1)
def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every serialised Analysis validates against."""
    text = resources.files("tealeaves").joinpath("analysis.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if *data* is not a valid Analysis."""
    import jsonschema

    jsonschema.validate(data, json_schema())
