"""Standing types on invented sentences: every type, who gains and who loses, who says so."""

from __future__ import annotations

import re

import pytest

from tealeaves.model import STANDING_TYPES, Actor, Claim, Mention, Source, Span, StandingSignal
from tealeaves.stages.events.extract import find_events
from tealeaves.stages.standing import find_standing, load_cues, load_frames

PEOPLE = {"Ivanov": ("person", ()), "Petrov": ("person", ()),
          "Sidorov": ("person", ("president",)), "Volkov": ("person", ()),
          "Kremlin": ("organization", ())}


def actors_in(text: str) -> list[Actor]:
    return [
        Actor(id=name.lower(), name=name, kind=kind, roles=roles,  # type: ignore[arg-type]
              mentions=tuple(Mention(start=m.start(), end=m.end(), text=name)
                             for m in re.finditer(re.escape(name), text)))
        for name, (kind, roles) in PEOPLE.items()
    ]


def standing(nlp, text: str, claims: list[Claim] | None = None  # type: ignore[no-untyped-def]
             ) -> dict[str, list[StandingSignal]]:
    doc = nlp(text)
    actors = actors_in(text)
    return find_standing(doc, actors, find_events(doc, actors), claims)


def kinds(found: dict[str, list[StandingSignal]], actor: str) -> set[tuple[str | None, str]]:
    return {(s.type, s.direction) for s in found.get(actor, [])}


CASES = [
    ("Sidorov blamed Ivanov for the defeat.", "ivanov", "blamed", "falling"),
    ("Ivanov was sidelined.", "ivanov", "sidelined", "falling"),
    ("Ivanov lost ground to Petrov.", "ivanov", "losing_ground", "falling"),
    ("Petrov replaced Ivanov as defence minister.", "ivanov", "replaced", "falling"),
    ("Ivanov was absent from the Security Council meeting.", "ivanov", "absent", "falling"),
    ("Ivanov was excluded from the talks.", "ivanov", "excluded", "falling"),
    ("There are rumours of Ivanov's ouster.", "ivanov", "rumoured_ouster", "falling"),
    ("Ivanov's dismissal was announced on Friday.", "ivanov", "dismissed", "falling"),
    ("The Kremlin denied rumours that Ivanov was sacked.", "ivanov", "rumoured_ouster",
     "falling"),
    ("Sidorov sacked Ivanov on Friday.", "ivanov", "dismissed", "falling"),
    ("Ivanov resigned on Tuesday.", "ivanov", "resigned", "falling"),
    ("Ivanov was demoted.", "ivanov", "demoted", "falling"),
    ("Sidorov criticised Ivanov.", "ivanov", "criticised_by_superior", "falling"),
    ("Ivanov is under investigation.", "ivanov", "under_investigation", "falling"),
    ("Petrov was appointed as deputy prime minister.", "petrov", "appointed", "rising"),
    ("Sidorov promoted Petrov.", "petrov", "promoted", "rising"),
    ("Sidorov entrusted Petrov with the talks.", "petrov", "entrusted", "rising"),
    ("Petrov was dispatched to Ankara.", "petrov", "dispatched", "rising"),
    ("Petrov has gained ground.", "petrov", "gaining_influence", "rising"),
    ("Sidorov praised Petrov.", "petrov", "praised_by_superior", "rising"),
    ("Petrov took over from Ivanov.", "petrov", "takes_over", "rising"),
    ("Ivanov must resign.", "ivanov", "called_to_resign", "falling"),
]


def test_every_type_is_covered_by_a_case() -> None:
    assert {c[2] for c in CASES} == set(STANDING_TYPES)


@pytest.mark.parametrize(("text", "actor", "kind", "direction"), CASES)
def test_type(nlp, text: str, actor: str, kind: str, direction: str) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, text)
    assert (kind, direction) in kinds(found, actor), found
    for signals in found.values():
        for s in signals:
            assert text[s.start:s.end] == s.text
            assert s.source_kind == ("rumour" if "rumour" in text else "author")


@pytest.mark.parametrize(("text", "falls", "rises"), [
    ("Petrov replaced Ivanov as defence minister.", "ivanov", "petrov"),
    ("Ivanov was replaced by Petrov.", "ivanov", "petrov"),
    ("Ivanov lost ground to Petrov.", "ivanov", "petrov"),
    ("Petrov, who replaced Ivanov in May, flew to Ankara.", "ivanov", "petrov"),
    ("Petrov took over from Ivanov.", "ivanov", "petrov"),
])
def test_the_parse_decides_who_gains(nlp, text: str, falls: str, rises: str) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, text)
    assert {s.direction for s in found[falls]} == {"falling"}
    assert {s.direction for s in found[rises]} == {"rising"}


@pytest.mark.parametrize("text", [
    "Sidorov replaced Ivanov with Petrov.",          # the decider gains nothing
    "Sidorov decided to replace Ivanov with Petrov as defence minister.",
    "Sidorov removed Ivanov from his post and replaced him with Petrov.",  # him is not Sidorov
])
def test_replacing_someone_with_someone(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, text)
    assert {s.direction for s in found["ivanov"]} == {"falling"}
    assert kinds(found, "petrov") == {("takes_over", "rising")}
    assert "sidorov" not in found


def test_a_superior_replacing_decides(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Sidorov has proposed replacing Ivanov.")
    assert kinds(found, "ivanov") == {("replaced", "falling")} and "sidorov" not in found


def test_candidates_to_replace_rise_together(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Petrov and Volkov have been floated to replace Ivanov.")
    assert kinds(found, "petrov") == kinds(found, "volkov") == {("takes_over", "rising")}
    assert kinds(found, "ivanov") == {("rumoured_ouster", "falling")}  # foreseen, not done


@pytest.mark.parametrize("text", [
    "Petrov replaced the old rules.",       # nobody to take over from
    "Ivanov succeeded in convincing Petrov.",  # "succeed" of success, not of succession
    "They do not expect that Petrov will be appointed.",
    "Ivanov praised Petrov.",               # praise from a peer says nothing of rank
    "Sidorov did not dismiss Ivanov from his post.",
])
def test_no_signal(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert standing(nlp, text) == {}


def test_denied_rumour_is_hearsay_and_contested(nlp) -> None:  # type: ignore[no-untyped-def]
    (sig,) = standing(nlp, "The Kremlin denied rumours that Ivanov was sacked.")["ivanov"]
    assert (sig.direction, sig.type, sig.source_kind, sig.contested) == (
        "falling", "rumoured_ouster", "rumour", True)


def _claim(text: str, content: str, speaker: str | None, kind: str, cue: str) -> Claim:
    start = text.index(content)
    c = text.index(cue)
    return Claim(id="c1", start=start, end=start + len(content), text=content, quote=True,
                 source=Source(kind=kind, actor=speaker),  # type: ignore[arg-type]
                 cue=Span(start=c, end=c + len(cue), text=cue))


def test_quoted_speaker_gets_nothing_from_own_words(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“Two ministers are undermining each other,” said Ivanov."
    claim = _claim(text, "Two ministers are undermining each other", "ivanov", "named_person",
                   "said")
    assert "ivanov" not in standing(nlp, text, [claim])


def test_signal_in_a_claim_says_whose_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ivanov has been sidelined, two officials said."
    claim = _claim(text, "Ivanov has been sidelined", None, "anonymous", "said")
    (sig,) = standing(nlp, text, [claim])["ivanov"]
    assert (sig.type, sig.claim, sig.source_kind, sig.contested) == (
        "sidelined", "c1", "anonymous", False)


def test_a_denial_cue_contests_the_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Kremlin denied that Ivanov had been dismissed from his post."
    claim = _claim(text, "Ivanov had been dismissed from his post", "kremlin",
                   "named_organization", "denied")
    (sig,) = standing(nlp, text, [claim])["ivanov"]
    assert sig.claim == "c1" and sig.source_kind == "named_organization" and sig.contested


def test_vocabularies_name_their_sources_and_types() -> None:
    cues, frames = load_cues(), load_frames()
    assert set(cues.types.values()) <= set(STANDING_TYPES)
    assert {"replace", "resign", "appoint", "exclude", "lose"} <= set(frames.verbs)
    roles = {r.type for f in frames.verbs.values() for r in f.roles.values()}
    assert roles <= set(STANDING_TYPES)


@pytest.mark.parametrize(("roles", "name", "expected"), [
    (("President of Russia",), "Vladimir Putin", True),
    (("Russian President",), "Vladimir Putin", True),
    (("prime minister",), "Keir Starmer", True),
    (("deputy prime minister",), "Ivan Petrov", False),
    (("former president",), "Ivan Petrov", False),
    (("friend of President Donald Trump",), "Steve Smith", False),
    (("estate President Donald Trump",), "Steve Smith", False),  # someone else's title
    (("head of the fund",), "Ivan Petrov", False),
])
def test_superior_by_title(roles: tuple[str, ...], name: str, expected: bool) -> None:
    from tealeaves.stages.standing.voice import superior

    actor = Actor(id="x", name=name, kind="person", roles=roles)
    assert superior(actor, load_frames()) is expected


def test_no_basis_for_reports_contests_them(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "There is no basis for reports that Ivanov will be dismissed from his post."
    (sig,) = standing(nlp, text)["ivanov"]
    assert (sig.type, sig.source_kind, sig.contested) == ("rumoured_ouster", "rumour", True)


def test_pronoun_in_a_fronted_clause_names_the_subject_after_it(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Petrov spoke first. Asked whether he might be sacked, Ivanov said "
                          "he could not speculate.")
    assert kinds(found, "ivanov") == {("rumoured_ouster", "falling")} and "petrov" not in found


@pytest.mark.parametrize(("text", "actor", "kind"), [
    ("The knives are out for Ivanov after the defeat.", "ivanov", "losing_ground"),
    ("Ivanov's star is fading.", "ivanov", "losing_ground"),
])
def test_more_idioms(nlp, text: str, actor: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert (kind, "falling") in kinds(standing(nlp, text), actor)


def test_a_modifier_is_not_the_party(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "A Kremlin envoy replaced Ivanov as negotiator.")
    assert "kremlin" not in found and kinds(found, "ivanov") == {("replaced", "falling")}


IDIOM_TEXTS = [
    "The minister spoke about the budget. Nobody mentioned any change at all.",
    "Ivanov was made the fall guy, and Petrov took the blame for the delay.",
    "Officials said Volkov had been sidelined. Later he was frozen out of talks.",
    "It was her fault, critics said; she was thrown under the bus by her allies.",
    "Shouldering the blame, the aide resigned.\nThe others were left holding the bag.",
    "Bypassing the council, the mayor acted alone; her deputy was pushed aside.",
]


def test_one_scan_for_every_idiom_finds_the_same_matches() -> None:
    """No idiom matches before the place the joined alternation first matches, and from there
    each idiom's matches are those of a scan of the whole text."""
    cues = load_cues()
    joined = cues.any_phrase
    assert joined is not None
    for text in IDIOM_TEXTS:
        everywhere = [[m.span() for m in p.pattern.finditer(text)] for p in cues.phrases]
        first = joined.search(text)
        if first is None:
            assert not any(everywhere)
            continue
        assert first.start() == min(spans[0][0] for spans in everywhere if spans)
        assert everywhere == [[m.span() for m in p.pattern.finditer(text, first.start())]
                              for p in cues.phrases]
    assert sum(joined.search(t) is not None for t in IDIOM_TEXTS) == len(IDIOM_TEXTS) - 1


def test_patterns_with_references_or_other_flags_are_not_joined() -> None:
    from tealeaves.stages.standing.cues import join_patterns

    plain = [re.compile(r"\bfall guy\b", re.IGNORECASE), re.compile(r"scapegoat\w*", re.IGNORECASE)]
    assert join_patterns(plain) is not None
    assert join_patterns([]) is None
    assert join_patterns([*plain, re.compile(r"\b(\w+) \1\b", re.IGNORECASE)]) is None
    assert join_patterns([*plain, re.compile(r"(?P<x>blame)", re.IGNORECASE)]) is None
    assert join_patterns([*plain, re.compile(r"blame")]) is None  # case-sensitive
