"""Framing: channels and settings are not cast (invented sentences)."""

from __future__ import annotations

import re

import pytest

from tealeaves.model import Actor, Mention
from tealeaves.stages.stance.framing import cast_actor, mention_use, only_channel_or_setting


def _actor(text: str, name: str, kind: str) -> Actor:
    mentions = tuple(Mention(m.start(), m.end(), name) for m in re.finditer(re.escape(name), text))
    return Actor(id=name.lower(), name=name, kind=kind, mentions=mentions)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "name", "kind", "use"), [
    ("The minister told Reuters that the talks had failed.", "Reuters", "organization",
     "channel"),
    ("In an interview with the BBC, the minister denied the report.", "BBC", "organization",
     "channel"),
    ("Speaking to CNN on Monday, the envoy said the deal was close.", "CNN", "organization",
     "channel"),
    ("The talks in Geneva ended without a deal.", "Geneva", "place", "setting"),
    ("Reuters was not able to reach the minister for comment.", "Reuters", "organization",
     "channel"),
    ("CNN reported that the minister had resigned.", "CNN", "organization", "channel"),
    ("The minister told Parliament that the talks had failed.", "Parliament", "organization",
     "other"),  # an audience that is no outlet is not a channel
    ("Reuters was accused of bias by the ministry.", "Reuters", "organization", "other"),
    ("Geneva rejected the proposal on Monday.", "Geneva", "place", "other"),
])
def test_mention_use(nlp, text: str, name: str, kind: str, use: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    start = text.index(name)
    actor = _actor(text, name, kind)
    outlet = kind == "organization" and name in ("Reuters", "BBC", "CNN")
    assert mention_use(doc, start, start + len(name), outlet) == use
    assert only_channel_or_setting(doc, actor, [(start, start + len(name))]) == (use != "other")


def test_an_outlet_named_only_as_a_channel_is_not_cast(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The rebels shelled the city again, killing dozens, the mayor told Reuters. "
            "\"They are murderers,\" he said in an interview with Reuters.")
    doc = nlp(text)
    assert cast_actor(doc, _actor(text, "Reuters", "organization")) is None


def test_an_outlet_that_is_also_a_player_is_left_to_the_model(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The minister told Reuters that the talks had failed. The government later banned "
            "Reuters and accused it of spreading lies.")
    doc = nlp(text)
    spans = [(m.start(), m.end()) for m in re.finditer("Reuters", text)]
    assert not only_channel_or_setting(doc, _actor(text, "Reuters", "organization"), spans)
