"""Places named only in a list of settings and outlets named only as the askers of a request
for comment are not targets (real-page kinds of 2026-12-03; every sentence invented)."""

from __future__ import annotations

import pytest

from tealeaves.stages.stance.framing import mention_use
from tealeaves.stages.stance.voices import is_setting, voice_of


@pytest.mark.parametrize(("text", "name"), [
    ("The daily said that the governors of the Oryol, Murmansk, Kaliningrad and Kemerovo "
     "regions might leave their posts soon.", "Kaliningrad"),
    ("The daily said that the governors of the Oryol, Murmansk, Kaliningrad and Kemerovo "
     "regions might leave their posts soon.", "Kemerovo"),
    ("Voters in Ohio, Iowa and Texas rejected the plan.", "Texas"),
    ("He said the ties that bind people in the Middle East and America are strong.", "America"),
    ("The minister stayed on his holiday on the island of Crete during the crisis.", "Crete"),
])
def test_every_item_of_a_list_of_settings_is_a_setting(nlp, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    sent = next(doc.sents)
    start = text.index(name)
    assert is_setting(sent, start, start + len(name))
    assert voice_of(sent, start, start + len(name), []) == (None, None)


@pytest.mark.parametrize(("text", "name"), [
    ("Ministers criticised Ohio, Iowa and Texas for the delay.", "Texas"),
    ("The envoy praised Oslo and Bergen for their help.", "Bergen"),
    ("The island of Crete criticised the ministry.", "The island"),
])
def test_listed_targets_and_subjects_are_not_settings(nlp, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    sent = next(doc.sents)
    start = text.index(name)
    assert not is_setting(sent, start, start + len(name))


@pytest.mark.parametrize(("text", "name", "use"), [
    ("Downing Street did not immediately respond to a Reuters request for comment.",
     "Reuters", "channel"),
    ("The ministry did not respond to an AFP request for comment.", "AFP", "channel"),
    ("The office did not reply to a request for comment from the BBC.", "BBC", "channel"),
    ("The ministry declined to comment when asked by Reuters.", "Reuters", "channel"),
    ("The ministry declined to comment to Reuters.", "Reuters", "channel"),
    ("The ministry rejected a request from the BBC to film inside.", "BBC", "other"),
    ("Reuters journalists were attacked in the street.", "Reuters", "other"),
])
def test_an_outlet_asking_for_comment_is_a_channel(nlp, text: str, name: str,  # type: ignore[no-untyped-def]
                                                   use: str) -> None:
    doc = nlp(text)
    start = text.index(name)
    assert mention_use(doc, start, start + len(name), True) == use


def test_a_common_noun_misparsed_into_a_list_of_places_keeps_its_relation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The measures seem unlikely to quell the protests in Europe or assuage critics at "
            "home.")
    doc = nlp(text)
    sent = next(doc.sents)
    start = text.index("critics")
    assert not is_setting(sent, start, start + len("critics"))
