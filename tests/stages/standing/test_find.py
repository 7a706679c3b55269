"""Standing signals: rising / falling from frames, events and the cue lexicon."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from tealeaves.model import Actor, Mention, StandingSignal
from tealeaves.stages.events.extract import find_events
from tealeaves.stages.standing import find_standing, load_cues


def make_actors(text: str, names: dict[str, str]) -> list[Actor]:
    return [
        Actor(
            id=name.lower(),
            name=name,
            kind=kind,  # type: ignore[arg-type]
            mentions=tuple(
                Mention(start=m.start(), end=m.end(), text=name) for m in re.finditer(re.escape(name), text)
            ),
        )
        for name, kind in names.items()
    ]


def standing_of(nlp, text: str, names: dict[str, str]) -> dict[str, list[StandingSignal]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    actors = make_actors(text, names)
    return find_standing(doc, actors, find_events(doc, actors))


def signals(found: dict[str, list[StandingSignal]], actor: str) -> set[tuple[str, str]]:
    return {(s.signal, s.direction) for s in found.get(actor, [])}


def test_cue_file_is_documented_and_compiles() -> None:
    raw = (resources.files("tealeaves") / "resources" / "standing_cues.yaml").read_text(encoding="utf-8")
    assert raw.startswith("#") and "Source:" in raw
    cues = load_cues()
    assert {c.direction for c in cues.phrases} == {"rising", "falling"}
    assert {"weak link", "predicted exit", "sidelined", "entrusted"} <= {c.signal for c in cues.phrases}
    assert cues.events["ACCUSE"].direction == "falling" and cues.events["DISPATCH"].direction == "rising"


def test_event_targets_rise_and_fall(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The president sacked Ivanov on Friday. The president appointed Petrov to replace him."
    found = standing_of(nlp, text, {"Ivanov": "person", "Petrov": "person"})
    assert ("dismissed", "falling") in signals(found, "ivanov")
    assert ("appointed", "rising") in signals(found, "petrov")
    assert not any(s.direction == "rising" for s in found.get("ivanov", []))


def test_phrase_cues_go_to_the_described_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Analysts say Ivanov's days are numbered. Petrov, the Kremlin's trusted envoy, flew to Ankara."
    found = standing_of(nlp, text, {"Ivanov": "person", "Petrov": "person", "Kremlin": "organization"})
    assert ("predicted exit", "falling") in signals(found, "ivanov")
    assert ("entrusted", "rising") in signals(found, "petrov")
    assert "kremlin" not in found  # the possessor of "envoy" is not the one entrusted


def test_verb_cue_goes_to_object_not_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Sechin sidelined Ivanov in the talks."
    found = standing_of(nlp, text, {"Sechin": "person", "Ivanov": "person"})
    assert ("sidelined", "falling") in signals(found, "ivanov")
    assert "sechin" not in found


def test_blame_bearer_is_the_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "In the end Ivanov took the blame for the defeat, while Petrov watched."
    found = standing_of(nlp, text, {"Ivanov": "person", "Petrov": "person"})
    assert ("blamed", "falling") in signals(found, "ivanov")
    assert "petrov" not in found


def test_negated_events_give_no_signal(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing_of(nlp, "The president did not dismiss Ivanov.", {"Ivanov": "person"})
    assert found == {}


def test_signal_offsets_match_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ivanov is now seen as the weakest link in the cabinet."
    found = standing_of(nlp, text, {"Ivanov": "person"})
    (sig,) = found["ivanov"]
    assert sig.signal == "weak link" and text[sig.start : sig.end] == sig.text == "weakest link"


def _named(analysis, part: str) -> Actor:  # type: ignore[no-untyped-def]
    matches = [a for a in analysis.actors if part in a.name]
    assert matches, [a.name for a in analysis.actors]
    return max(matches, key=lambda a: len(a.mentions))


@pytest.mark.slow
def test_founding_article_standing(founding_analysis) -> None:  # type: ignore[no-untyped-def]
    a = founding_analysis
    assert not [i for i in a.issues if i.stage == "stance"], a.issues
    lavrov, dmitriev = _named(a, "Lavrov"), _named(a, "Dmitriev")
    falling = {s.signal for s in lavrov.standing if s.direction == "falling"}
    assert {"blamed", "undercut", "weak link", "predicted exit"} <= falling, lavrov.standing
    assert not [s for s in lavrov.standing if s.direction == "rising"]
    weak = [s for s in lavrov.standing if s.signal == "weak link"]
    assert weak[0].text == "weak link"
    exit_ = [s for s in lavrov.standing if s.signal == "predicted exit"]
    assert "final" in exit_[0].text and "chapter" in exit_[0].text
    rising = {s.signal for s in dmitriev.standing if s.direction == "rising"}
    assert "dispatched" in rising, dmitriev.standing
    assert not [s for s in dmitriev.standing if s.direction == "falling"]
    text = a.article.text
    claims = {c.id: c for c in a.claims}
    for actor in a.actors:
        for s in actor.standing:
            assert text[s.start : s.end] == s.text
            assert s.type is not None and s.source_kind is not None  # kind and who says so
            if s.claim is not None:
                assert claims[s.claim].start <= s.start < claims[s.claim].end
            else:
                assert s.source_kind == "author"
    assert {s.type for s in lavrov.standing} >= {"blamed", "losing_ground", "rumoured_ouster"}


def test_foreseen_dismissal_is_a_predicted_exit(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing_of(nlp, "Insiders say Ivanov will likely be replaced before the spring.", {"Ivanov": "person"})
    assert signals(found, "ivanov") == {("predicted exit", "falling")}
    found = standing_of(nlp, "Ivanov was replaced on Monday.", {"Ivanov": "person"})
    assert signals(found, "ivanov") == {("replaced", "falling")}


def test_subject_of_a_verb_cue_stays_out_even_as_pronoun(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Belova praised the hosts and said she was confident."
    found = standing_of(nlp, text, {"Belova": "person"})
    assert "belova" not in found


INVENTED = (
    "Kremlin infighting deepens\n\n"
    "\u201cSechin and Patrushev are undermining each other at every turn,\u201d said Sergei "
    "Volkov, an analyst at the Carnegie Center. Volkov said Belov had been sidelined since the "
    "spring.\n\nTwo officials said Belov was expected to be replaced by Andrei Morozov.\n"
)


@pytest.mark.slow
def test_pipeline_tells_who_says_so_and_spares_the_speaker() -> None:
    """Through the whole pipeline: the analyst quoted on two others' feud gets no signal;
    each signal names the claim it rests on and that claim's source kind."""
    from tealeaves import analyze

    a = analyze(INVENTED)
    by_name = {x.name: x for x in a.actors}
    assert not by_name["Sergei Volkov"].standing
    claims = {c.id: c for c in a.claims}
    belov = {(s.type, s.source_kind) for s in by_name["Belov"].standing}
    assert belov == {("sidelined", "named_person"), ("rumoured_ouster", "anonymous")}
    for s in by_name["Belov"].standing:
        assert s.claim is not None and claims[s.claim].start <= s.start < claims[s.claim].end
    assert {(s.type, s.direction) for s in by_name["Andrei Morozov"].standing} == {
        ("takes_over", "rising")}
