"""Channels (``via``) given by a platform or an outlet the actors stage does not know:
invented sentences (SOURCING-GUIDE.md, "Channel")."""

from __future__ import annotations

from tealeaves.model import Actor, Claim
from tests.stages.sourcing.claim_helpers import one_containing
from tests.stages.sourcing.test_kinds import analysed, speaker


def channel(claim: Claim, actors: dict[str, Actor]) -> str | None:
    """The channel's name: its actor's, or the words kept when no actor stands for it."""
    actor = actors.get(claim.via or "")
    return actor.name if actor is not None else claim.via


def test_a_platform_is_the_channel(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Dmitry Orlov wrote on Telegram that the talks had stalled. Anna Cole posted on "
            "Facebook that she would run again. In a post on X, Senator Jane Miller said the "
            "deal was dead.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the talks had stalled")
    assert speaker(c, actors) == "Dmitry Orlov" and channel(c, actors) == "Telegram"
    assert channel(one_containing(claims, "she would run again"), actors) == "Facebook"
    assert channel(one_containing(claims, "the deal was dead"), actors) == "X"


def test_an_unknown_outlet_is_named_by_its_words(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Sergei Volkov told state television that the army was ready."
    claims, actors = analysed(nlp, text)
    assert channel(one_containing(claims, "the army was ready"), actors) == "state television"


def test_a_time_or_a_speech_is_no_channel(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Anna Cole said on Monday that she would run again. Tom Hale said in time that "
            "taxes would fall.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "she would run again").via is None
    assert one_containing(claims, "taxes would fall").via is None


def test_a_post_on_x_at_a_sentence_end(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Jane Hale said the plan would work. "We will win this," she wrote on X.'
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "We will win this")
    assert speaker(c, actors) == "Jane Hale" and channel(c, actors) == "X"


def test_a_person_relaying_another(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Jane Hale said Tom Reed had told her that the vote would fail. Jane Hale said "
            "Tom Reed told reporters that the bill was dead.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the vote would fail")
    assert speaker(c, actors) == "Tom Reed" and channel(c, actors) == "Jane Hale"
    c = one_containing(claims, "the bill was dead")  # told reporters, not her: Hale's report
    assert speaker(c, actors) == "Jane Hale" and c.via is None
