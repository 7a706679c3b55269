"""Transcript turns: "PENCE: …", "PM: …", "JOURNALIST: …" opening a paragraph.

The paragraph after a speaker label (and the unlabelled paragraphs that go on with it) is
that speaker's claim. A label names a person of the article, or, in a transcript (at least
two paragraphs open with such labels), a role: an office of ``titles.txt`` ("PM", "MINISTER",
"PRESIDENT") or a role noun of ``person_roles.txt`` ("JOURNALIST", "INTERVIEWER").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from ...model import SourceKind
from ...nlp import paragraphs
from ..actors.roles import titles
from .attribution import char_span, text_of, trim
from .cue_rules import CueMatch
from .noun_kinds import person_roles

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

#: "PENCE: …", "SEN. JOHN SMITH: …", "Tapper: …" opening a paragraph, after an optional
#: opening quote mark (the quoted-transcript convention opens every paragraph with one)
_TURN = re.compile(
    r"[ \t]*([\"“]?)[ \t]*((?:[A-Z][\w.'’-]*[ \t]+){0,3}[A-Z][\w.'’-]*)[ \t]*:[ \t]+(?=\S)"
)
_HONORIFIC = {"mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "gen.", "mr", "mrs", "ms", "dr"}
#: paragraphs of a transcript that nobody says: "(CROSSTALK)", "[END VIDEO CLIP]", "…"
_STAGE = re.compile(r"\W*[(\[].*[)\]]\W*|[\W_]*")
_WORD = re.compile(r"[^\W\d_]+")
#: at most this many unlabelled paragraphs between two turns continue the first
_TURN_GAP = 3


def speaker_turns(doc: Doc, used: set[int]) -> list[CueMatch]:
    """Transcript turns: "PENCE: Well, look, …" — the paragraph after a speaker label is what
    that person said, and so are the unlabelled paragraphs up to the next label (at most
    ``_TURN_GAP``; after the last turn only while paragraphs keep opening with a quote mark,
    as in a quoted transcript). A label counts only when it names a person of the article:
    its last word is the last word of a PERSON entity outside the labels, or the tagger calls
    the label a person and it has two words or recurs as a label. So "UPDATE:" or "WATCH:"
    is no speaker. In a transcript (two labels or more that name a person or a role), a
    label may also be a role (:func:`_role_kind`). A stage direction ("(CROSSTALK.)") or a paragraph that names a speaker
    (the writer narrating) ends a turn; a turn in the first paragraph (a title) never runs
    on; hard-wrapped lines belong to their paragraph."""
    text = text_of(doc)
    paras = paragraphs(text)
    labels: list[tuple[int, re.Match[str]]] = []
    for k, (ps, pe) in enumerate(paras):
        m = _TURN.match(text, ps, pe)
        if m is not None and len(m.group(2)) <= 40:
            labels.append((k, m))
    if not labels:
        return []
    turns = _person_turns(doc, paras, labels)
    label_at = {k for k, _ in labels}
    # the writer naming a speaker ("Jake Tapper asked …") is narration, not the turn going on
    speakers = {
        t.text.capitalize()
        for _, _, span, kind in turns
        for t in span
        if t.is_alpha and t.lower_ not in _HONORIFIC and kind is None
    }
    out = []
    for n, (k, m, span, kind) in enumerate(turns):
        nxt = turns[n + 1][0] if n + 1 < len(turns) else None
        end = _turn_end(text, paras, k, bool(m.group(1)), nxt, label_at, speakers)
        found = _turn_match(doc, paras[k][0], m, span, end, kind or "named_person")
        if found is not None:
            used.add(found[1])
            out.append(found[0])
    return out


def _person_turns(
    doc: Doc, paras: list[tuple[int, int]], labels: list[tuple[int, re.Match[str]]]
) -> list[tuple[int, re.Match[str], Span, SourceKind | None]]:
    """The speaker labels that name a person of the article or a role (see
    :func:`speaker_turns`): ``(paragraph index, label match, label span, role kind)``, the
    kind None for a person's name."""
    label_chars = [(paras[k][0], m.end()) for k, m in labels]
    people = {
        ent[-1].lower_.rstrip(".")
        for ent in doc.ents
        if ent.label_ == "PERSON"
        and not any(s <= ent.start_char < e for s, e in label_chars)
    }
    repeated = Counter(m.group(2) for _, m in labels)
    named: list[tuple[int, re.Match[str], Span, str]] = []  # with the label's last name word
    roles: dict[int, SourceKind] = {}  # paragraph -> kind of a role label ("PM", "REPORTER")
    tagged: set[str] = set()  # label texts the tagger calls a person somewhere
    for k, m in labels:
        span = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        words = [t for t in span or () if t.lower_ not in _HONORIFIC and not t.is_punct]
        if span is None or not words:
            continue
        named.append((k, m, span, words[-1].lower_.rstrip(".")))
        if all(t.ent_type_ == "PERSON" for t in words):
            tagged.add(m.group(2))
        role = _role_kind([t.lower_.rstrip(".") for t in words])
        if role is not None:
            roles[k] = role
    persons: list[tuple[int, re.Match[str], Span, SourceKind | None]] = [
        (k, m, span, None)
        for k, m, span, last in named
        if last in people or (m.group(2) in tagged and (len(span) > 1 or repeated[m.group(2)] > 1))
    ]
    if len(persons) + len(roles) < 2:  # one "EDITOR: …" line is a label, not a transcript
        return persons
    person_at = {k for k, *_ in persons}
    found = persons + [(k, m, span, roles[k]) for k, m, span, _ in named
                       if k in roles and k not in person_at]
    return sorted(found, key=lambda x: x[0])


#: short forms of offices that transcripts use as labels
_ABBREVIATIONS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("pm",): ("prime", "minister"), ("fm",): ("foreign", "minister")}


def _role_kind(words: list[str]) -> SourceKind | None:
    """The kind of a role label: ``named_person`` for an office of ``titles.txt`` ("PM",
    "PRESIDENT", "FOREIGN MINISTER") or a public role of ``person_roles.txt`` ("REPORTER"),
    one specific person in the transcript; ``anonymous`` for a private role ("INTERVIEWER",
    "CALLER"); None for any other word ("UPDATE", "WATCH")."""
    key = _ABBREVIATIONS.get(tuple(words), tuple(words))
    if titles().get(key) is not None:
        return "named_person"
    role = person_roles().get(" ".join(key)) if key else None
    if role is None:
        return None
    return "named_person" if role == "public" else "anonymous"


def _turn_end(
    text: str,
    paras: list[tuple[int, int]],
    k: int,
    quoted: bool,
    nxt: int | None,
    label_at: set[int],
    speakers: set[str],
) -> int:
    """Where the turn labelled in paragraph *k* ends: the unlabelled paragraphs after it run
    on while the next turn (paragraph *nxt*) is near or, in a *quoted* transcript, while they
    open with a quote mark."""
    end = paras[k][1]
    j = k + 1
    # a title ("Pence: Flowers won't be at debate") says one thing and stops
    while k > 0 and j < len(paras) and j not in label_at:
        body = text[paras[j][0] : paras[j][1]]
        if _STAGE.fullmatch(body) or speakers & set(_WORD.findall(body)):
            break  # a stage direction, or the writer naming the speakers: narration
        if nxt is not None and nxt - k - 1 <= _TURN_GAP:
            end = paras[j][1]
        elif quoted and body.lstrip()[:1] in "\"“":
            end = paras[j][1]
        else:
            break
        j += 1
    return end


def _turn_match(
    doc: Doc, para_start: int, m: re.Match[str], span: Span, end: int, kind: SourceKind
) -> tuple[CueMatch, int] | None:
    """The attribution of one turn running to *end*, with the index of its colon token."""
    content = trim(doc, m.end(), end)
    colon = doc.char_span(m.end(2), m.end(), alignment_mode="expand")
    if content is None or colon is None:
        return None
    cue = next((t for t in colon if t.text == ":"), None)
    if cue is None:
        return None
    found = CueMatch(
        content=content,
        quote=True,
        cue=char_span([cue]),
        subject=span.root,
        source=char_span(span),
        kind=kind,
        turn=True,
        extra=[(para_start, m.end())],
    )
    return found, cue.i
