"""Guards of ``stages/sourcing/nonclaims.py`` on invented sentences: a generic gerund, a
negated disclosure of a question, a group named by a relative clause, a partial quotation
after an "as" aside and a quoted show title give no claim (or no fragment); the reports beside them
stay claims."""

from __future__ import annotations

from tealeaves.model import Claim
from tealeaves.stages.sourcing import cue_sense, find_claims
from tests.stages.sourcing.claim_helpers import attributed


def claims(nlp, text: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    return attributed(find_claims(nlp(text), []))


def texts(found: list[Claim]) -> list[str]:
    return [c.text for c in found]


def test_a_generic_gerund_holds_no_view(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Expecting the mayor to change his ways is like expecting rain in the desert."
    assert claims(nlp, text) == []
    # a participle clause before the subject is the subject's
    found = claims(nlp, "Claiming the vote was rigged, the mayor told reporters he would sue.")
    assert any("rigged" in t for t in texts(found))
    # a gerund with a holder of its own still reports
    found = claims(nlp, "The mayor kept expecting that the council would back down.")
    assert texts(found) and "the council would back down" in texts(found)[0]


def test_a_withheld_answer_reports_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    assert claims(nlp, "The candidate did not reveal what he would say at the rally.") == []
    assert claims(nlp, "The minister declined to disclose what the talks had covered.") == []
    found = claims(nlp, "The minister revealed that the talks had failed.")
    assert texts(found) == ["that the talks had failed"]
    found = claims(nlp, "The minister did not say that the talks had failed.")
    assert found, "a negated report of a clause is still reported"


def test_a_group_named_by_its_view_is_no_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    assert claims(nlp, "Those who oppose the deal have taken to the streets.") == []
    found = claims(nlp, "People who support the plan say it will create jobs.")
    assert texts(found) == ["it will create jobs"]
    # a described body (with a comma) still acts
    found = claims(nlp, "Carl Ford, who opposes the deal, said that the vote was close.")
    assert "that the vote was close" in texts(found)


def test_an_aside_takes_no_other_verbs_quotation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Her new ad, which \u2014 as a columnist noted last week \u2014 promises to "
            "\u201cstop the lobbyists from taking our savings away\u201d while clips of rivals play "
            "on the screen.")
    assert all(c.cue is None or c.cue.text != "noted" for c in claims(nlp, text))
    # a whole quoted sentence after an "as" aside is the aside's speaker's
    found = claims(nlp, "As the senator put it, \u201cWe will not give up on this bill.\u201d")
    assert any("give up" in t for t in texts(found))


def test_a_quoted_show_title_is_the_channel(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("Mr. Khan said on NBC's ''Meet the Press'' on Sunday that the plan had "
                 "failed.",
                 "Ms. Lee said on CBS's ''Face the Nation'' that the plan had failed.",
                 'Ms. Lee said on CBS\'s "Face the Nation" that the plan had failed.'):
        assert texts(claims(nlp, text)) == ["that the plan had failed"], text


def test_a_document_phrase_reports_a_whole_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    # what a verb of perception takes is seen, not reported by the polls
    assert claims(nlp, "The race has seen the governor stumble in the polls.") == []
    assert claims(nlp, "The senator has watched his rival surge in the polls.") == []
    # an open complement reports with the verb that has the subject
    found = claims(nlp, "The governor continues to lead in the polls.")
    assert texts(found) == ["The governor continues to lead"]
    found = claims(nlp, "In a new poll, the governor leads the senator by five points.")
    assert texts(found) == ["the governor leads the senator by five points"]
    # a thing placed in a text is where it stands, not what the text finds
    assert claims(nlp, "The new optimism is reflected in long-term forecasts.") == []
    assert claims(nlp, "The senator's name appears in the report.") == []
    found = claims(nlp, "Unemployment will fall next year, in the bank's latest forecast.")
    assert texts(found) == ["Unemployment will fall next year"]
    # taking part in a survey is no finding of it
    text = "These are the members of the panel, not all of whom participated in this survey."
    assert claims(nlp, text) == []


def test_a_verb_of_feeling_is_the_feelers_view(nlp) -> None:  # type: ignore[no-untyped-def]
    # the object feels the worry: it holds the view, the subject is what it is about
    found = claims(nlp, "The production gluts are now worrying policy makers in the capital.")
    assert texts(found) == ["The production gluts"]
    assert found[0].source.text == "policy makers"
    # a relative subject gives nothing to report
    text = "That is something that worries local officials trying to keep their seats."
    assert claims(nlp, text) == []
    # the subject's own worry about a clause is its claim
    found = claims(nlp, "The mayor worries that the plan will fail.")
    assert texts(found) == ["that the plan will fail"]
    assert found[0].source.text == "The mayor"


def test_a_call_with_only_an_object_reports_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("On Friday night, the governor called a local delegate candidate, Clara Jones, and "
            "encouraged her to run.")
    assert [c.cue.text for c in claims(nlp, text) if c.cue] == ["encouraged"]
    assert claims(nlp, "The mayor called a news conference on Monday.") == []
    # a call with a predicate or "for" names a view
    assert texts(claims(nlp, "The mayor called the plan a disaster.")) == ["the plan a disaster"]
    assert texts(claims(nlp, "The mayor called for a new vote.")) == ["a new vote"]
    found = claims(nlp, "Still, he called the senator's public quarrel with the agency unusual.")
    assert [c.cue.text for c in found if c.cue] == ["called"]
    # an object that is no person, body or meeting: its predicate is there, even if unparsed
    text = ("She has called the police shootings across the country and the unrest that has "
            "followed a moment similar to the civil rights movement.")
    assert [c.cue.text for c in claims(nlp, text) if c.cue] == ["called"]


def test_a_report_by_nobody_is_no_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The rumoured dismissal has not been confirmed by any official source."
    assert attributed(find_claims(nlp(text), [])) == [], text
    # for this rule, a named body's silence and a content with "no" stay claims (the
    # cue-sense veto, on since the sixth session, reads an active negated report as
    # reporting nobody: data/cue-senses/README.md, "Negation")
    with cue_sense.rules_alone():
        for text in ("The ministry has not confirmed the report.",
                     "The report was not confirmed by the ministry.",
                     "Officials said no decision had been made."):
            assert len(attributed(find_claims(nlp(text), []))) == 1, text
