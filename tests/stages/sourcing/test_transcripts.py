"""Transcript turns ("TAPPER: …"): who speaks, and where a turn ends."""

from __future__ import annotations

from tealeaves.stages.sourcing import find_claims
from tests.stages.sourcing.claim_helpers import claims_of, one_containing


def test_transcript_turns_belong_to_their_speakers(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Tapper presses Fallin on the convention\n\n"
        "CNN host Jake Tapper spoke to Governor Mary Fallin on Sunday.\n\n"
        "UPDATE: The interview aired at noon.\n\n"
        "TAPPER: Do you think he can unite the party?\n\n"
        "Many voters have told me they are worried.\n\n"
        "FALLIN: I think he is trying. That has been his message.\n\n"
        "(END VIDEO CLIP.)\n\n"
        "The governor left for Tulsa after the interview.\n"
    )
    claims = claims_of(nlp, text)
    tapper = one_containing(claims, "unite the party")
    assert tapper.source.text == "TAPPER" and tapper.source.kind == "named_person"
    assert tapper.quote and tapper.cue is not None and tapper.cue.text == ":"
    # the unlabelled paragraph before the next turn is still Tapper speaking
    assert tapper.text.endswith("they are worried.")
    fallin = one_containing(claims, "his message")
    assert fallin.source.text == "FALLIN" and fallin.text.startswith("I think he is trying")
    # a stage direction ends the turn; the writer takes over again
    assert one_containing(claims, "left for Tulsa").source.kind == "author"
    # "UPDATE:" names nobody in the article: no speaker
    assert one_containing(claims, "aired at noon").source.kind == "author"


def test_a_turn_stops_at_narration_and_runs_over_hard_wraps(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Talks Collapse in Geneva\r\n\r\n"
        "TAPPER: Do you think the talks failed?\r\n\r\n"
        "Jake Tapper asked Senator John Fallin about it.\r\n\r\n"
        "FALLIN: I think they did. The minister said on Tuesday that the long talks in Geneva\r\n"
        "had failed because of the new sanctions.\r\n"
    )
    claims = claims_of(nlp, text)
    assert one_containing(claims, "talks failed?").text.rstrip("”") == "Do you think the talks failed?"
    # the writer naming the speakers is narration, not Tapper speaking on
    assert one_containing(claims, "Jake Tapper asked").source.kind == "author"
    fallin = one_containing(claims, "I think they did")
    assert fallin.source.text == "FALLIN" and "new sanctions" in fallin.text


def test_quoted_transcript_goes_on_while_paragraphs_open_with_a_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Pence: Trump Was Mocking Clinton\n\n"
        "Governor Mike Pence spoke to Chris Wallace on Sunday. Partial transcript:\n\n"
        '"WALLACE: Will she be there?\n\n'
        '"PENCE: She will not be attending the debate.\n\n'
        '"He wanted to mock the Clinton campaign, and he did.\n\n'
        "The debate is on Monday night.\n"
    )
    claims = claims_of(nlp, text)
    pence = one_containing(claims, "not be attending")
    assert pence.source.text == "PENCE"
    assert pence.text.rstrip("”\"").endswith("and he did.")
    # the actors stage takes the label in capitals as a mention of Mike Pence
    from tealeaves.model import Article
    from tealeaves.stages.actors.build import find_actors

    doc = nlp(text)
    linked = one_containing(
        find_claims(doc, find_actors(doc, Article.from_text(text))), "not be attending"
    )
    assert linked.source.actor == "mike-pence"  # the label is his surname
    assert one_containing(claims, "Will she be there").source.text == "WALLACE"
    assert one_containing(claims, "on Monday night").source.kind == "author"
    # the title's "Pence:" says only the title
    title = one_containing(claims, "Trump Was Mocking")
    assert "Governor" not in title.text and title.source.text == "Pence"


def test_role_labels_speak_in_a_transcript(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Transcript of the press conference held on Monday in the capital.\n\n"
        "JOURNALIST: Will you call an early election?\n\n"
        "PM: We have no plans for an early election. The economy is growing.\n\n"
        "INTERVIEWER: And the budget?\n\n"
        "FOREIGN MINISTER: The sanctions have failed and everyone knows it.\n"
    )
    claims = claims_of(nlp, text)
    pm = one_containing(claims, "no plans for an early election")
    assert pm.source.text == "PM" and pm.source.kind == "named_person"
    assert pm.text.endswith("The economy is growing.")
    fm = one_containing(claims, "sanctions have failed")
    assert fm.source.text == "FOREIGN MINISTER" and fm.source.kind == "named_person"
    assert one_containing(claims, "early election?").source.text == "JOURNALIST"
    # a private role speaks, but nobody is named
    assert one_containing(claims, "the budget?").source.kind == "anonymous"


def test_one_role_label_is_no_transcript(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "EDITOR: The vote was postponed until Friday.\n\n"
        "UPDATE: The council met on Monday and adjourned.\n"
    )
    claims = claims_of(nlp, text)
    assert one_containing(claims, "postponed until Friday").source.kind == "author"
    assert one_containing(claims, "adjourned").source.kind == "author"
