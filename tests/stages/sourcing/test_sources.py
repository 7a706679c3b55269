"""Sources: their kinds (anonymous, rumour, groups), links to actors, and channels."""

from __future__ import annotations

from tealeaves.model import Actor, Mention
from tealeaves.stages.syntax import actor_at
from tests.stages.sourcing.claim_helpers import attributed, claims_of, one_containing


def test_anonymous_sources(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Officials familiar with the talks said the deal was close to collapse."
    c = one_containing(attributed(claims_of(nlp, text)), "the deal was close")
    assert c.source.kind == "anonymous"


def test_reportedly_is_rumour_and_hedged(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The minister has reportedly resigned after the scandal."
    c = one_containing(attributed(claims_of(nlp, text)), "resigned")
    assert c.source.kind == "rumour"
    assert [h.text for h in c.hedges] == ["reportedly"]


def test_rumour_frame(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "Rumour has it, the coach will quit in May.",
        "Word is, the board wants a new chair.",
    ):
        claims = attributed(claims_of(nlp, text))
        assert claims and claims[0].source.kind == "rumour", text
        assert claims[0].cue is not None


def test_a_counted_group_is_an_unnamed_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Some Democrats question the plan. Two Republicans said it would fail. Democrats argued it was legal."
    kinds = {c.source.text: c.source.kind for c in attributed(claims_of(nlp, text))}
    assert kinds == {
        "Some Democrats": "anonymous",
        "Two Republicans": "anonymous",
        "Democrats": "anonymous",  # members of a party, none named (the party is "the GOP")
    }


def test_definite_title_description_is_a_person_not_the_place_in_it() -> None:
    from tealeaves import analyze

    text = ("Graham has been critical of the plan. The South Carolina senator said the party "
            "must change. A senator said the vote would fail. The Pentagon spokesman said the "
            "strike was legal.")
    claims = analyze(text).claims
    senator = one_containing(claims, "the party must change")
    assert senator.source.kind == "named_person"
    assert senator.source.actor is None or "carolina" not in senator.source.actor
    assert one_containing(claims, "the vote would fail").source.kind == "anonymous"
    # a spokesperson speaks for the organization named
    assert one_containing(claims, "the strike was legal").source.kind == "named_organization"


def test_pronoun_source_links_to_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Anna Weber arrived late. She said the schedule had been changed."
    weber = Actor(
        id="anna-weber", name="Anna Weber", kind="person", mentions=(Mention(0, 10, "Anna Weber"),)
    )
    c = one_containing(attributed(claims_of(nlp, text, [weber])), "the schedule had been changed")
    assert c.source.actor == "anna-weber"
    assert c.source.kind == "named_person"


def test_relative_who_source_links_to_antecedent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The plan was backed by Tom Reyes, who said it would save money."
    reyes = Actor(
        id="tom-reyes", name="Tom Reyes", kind="person", mentions=(Mention(23, 32, "Tom Reyes"),)
    )
    c = one_containing(attributed(claims_of(nlp, text, [reyes])), "it would save money")
    assert c.source.text == "who"
    assert c.source.actor == "tom-reyes"


def test_actor_at_prefers_largest_overlap() -> None:
    a = Actor(id="a", name="A", kind="person", mentions=(Mention(0, 5, "Alpha"),))
    b = Actor(id="b", name="B", kind="organization", mentions=(Mention(4, 20, "a Beta Group"),))
    assert actor_at([a, b], 6, 18) is b
    assert actor_at([a, b], 0, 3) is a
    assert actor_at([a, b], 30, 40) is None


def outlet_actor(text: str, name: str) -> Actor:
    """An organisation actor named once in *text*, as the actors stage would give it."""
    start = text.index(name)
    return Actor(id=name.lower(), name=name, kind="organization",
                 mentions=(Mention(start, start + len(name), name),))


def test_channel_through_a_newspaper(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The ministry told readers through its newspaper, Vedomosti, that the rules were clear."
    outlet = outlet_actor(text, "Vedomosti")
    c = one_containing(attributed(claims_of(nlp, text, [outlet])), "the rules were clear")
    assert c.via == "vedomosti"


def test_channel_told_an_outlet(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The senator told Reuters that she would run again."
    reuters = outlet_actor(text, "Reuters")
    c = one_containing(attributed(claims_of(nlp, text, [reuters])), "she would run again")
    assert c.via == "reuters"


def test_channel_in_an_interview_with(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The minister said in an interview with Reuters that the talks had failed."
    reuters = outlet_actor(text, "Reuters")
    c = one_containing(attributed(claims_of(nlp, text, [reuters])), "the talks had failed")
    assert c.via == "reuters"
    assert c.source.text == "The minister"


def test_a_section_label_before_a_colon_is_no_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    from tests.stages.sourcing.claim_helpers import claims_of

    found = claims_of(nlp, "The minister resigned. Guardian Editorial: The minister had to go.")
    assert all(c.source.kind == "author" for c in found)
    found = claims_of(nlp, "The minister resigned. John Smith: The minister had to go.")
    assert any(c.source.text == "John Smith" for c in found)
