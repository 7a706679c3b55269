"""An unnamed group of a country's officials that speaks is an anonymous group, not the
country; the same officials acting stay the country's act (invented sentences)."""

from __future__ import annotations

from tests.stages.events.test_events import events_of, only


def test_officials_of_a_country_who_speak_are_no_country(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "U.S. officials said on Monday that Iran had enriched more uranium."
    ev = only(events_of(nlp, text, {"U.S.": "place", "Iran": "place"}), "STATEMENT")
    assert ev.actor is None
    assert ev.unnamed_actor is not None and ev.unnamed_actor.text == "U.S. officials"
    assert text[ev.unnamed_actor.start:ev.unnamed_actor.end] == "U.S. officials"


def test_senior_aides_of_a_body_who_speak_are_an_unnamed_group(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Senior Kremlin aides told reporters that the talks would resume."
    ev = only(events_of(nlp, text, {"Kremlin": "organization"}), "STATEMENT")
    assert ev.actor is None
    assert ev.unnamed_actor is not None and ev.unnamed_actor.text == "Senior Kremlin aides"


def test_the_named_body_that_speaks_is_the_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Kremlin said on Monday that the talks would resume."
    ev = only(events_of(nlp, text, {"Kremlin": "organization"}), "STATEMENT")
    assert ev.actor == "kremlin" and ev.unnamed_actor is None


def test_officials_who_act_are_their_country(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Hungarian officials signed an agreement with Austria on Wednesday."
    events = events_of(nlp, text, {"Hungarian": "place", "Austria": "place"})
    acts = [e for e in events if e.category != "STATEMENT"]
    assert acts and acts[0].actor == "hungarian" and acts[0].unnamed_actor is None


def test_a_group_with_a_named_member_keeps_the_member(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Experts, including Anna Berg, said the plan would fail."
    ev = only(events_of(nlp, text, {"Anna Berg": "person"}), "STATEMENT")
    assert ev.actor == "anna berg" and ev.unnamed_actor is None


def test_the_advisers_of_a_leader_are_not_the_leader(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Merkel's advisers said the plan would fail."
    ev = only(events_of(nlp, text, {"Merkel": "person"}), "STATEMENT")
    assert ev.actor is None and ev.unnamed_actor is not None
