"""Word-sense guards (``stages/sourcing/senses.py``) and content cut at a cue, on invented
sentences: uses of a cue word that report nobody give no claim; the reports beside them do."""

from __future__ import annotations

from tealeaves.model import Claim
from tealeaves.stages.sourcing import find_claims
from tests.stages.sourcing.claim_helpers import attributed, one_containing


def claims(nlp, text: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    return attributed(find_claims(nlp(text), []))


def test_discourse_markers_built_on_saying_verbs_are_no_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("All told, the campaign spent $40 million on television ads.",
                 "That said, the governor still has a path to victory.",
                 "Truth be told, the plan was never going to pass.",
                 "That being said, turnout was high."):
        assert claims(nlp, text) == [], text
    # the same words as a report are one
    found = claims(nlp, "The mayor said that the governor still has a path to victory.")
    assert [c.text for c in found] == ["that the governor still has a path to victory"]
    told = claims(nlp, "All of them told reporters that the vote was rigged.")
    assert one_containing(told, "the vote was rigged").source.text == "All of them"


def test_a_day_does_not_speak(nlp) -> None:  # type: ignore[no-untyped-def]
    assert claims(nlp, "Monday added another twist to the saga: the mayor resigned.") == []
    found = claims(nlp, "On Monday the mayor added that the budget was balanced.")
    assert one_containing(found, "the budget was balanced").source.text == "the mayor"


def test_lay_reports_only_as_lay_out(nlp) -> None:  # type: ignore[no-untyped-def]
    assert claims(nlp, "The candidate laid the groundwork for a run in Iowa.") == []
    found = claims(nlp, "The senator laid out her plan for the border on Tuesday.")
    assert [c.cue.text for c in found if c.cue] == ["laid out"]


def test_ensure_and_an_extraposed_it_report_nobody(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("The plan ensures that every voter gets a ballot.",
                 "It is fair to say that the senator has lost the room.",
                 "It's hard to say whether the deal will survive.",
                 "The senator found it hard to explain why the bill failed."):
        assert claims(nlp, text) == [], text
    found = claims(nlp, "She was quick to say that the plan would fail.")
    assert one_containing(found, "the plan would fail").source.text == "She"


def test_a_quotation_before_an_object_use_is_not_its(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('The reports examined "the gap between the firm\'s public statements and its '
            'private plans." The reports had helped add pressure to an inquiry.')
    assert all(c.cue is None or c.cue.text != "add" for c in claims(nlp, text))
    found = claims(nlp, '"We will not back down," the mayor added.')
    assert one_containing(found, "We will not back down").cue.text == "added"  # type: ignore[union-attr]


def test_a_relative_clause_cue_takes_no_quotation_past_its_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Some of the donors that backed the study had "a clear agenda against the industry."'
    assert all(c.cue is None or c.cue.text != "backed" for c in claims(nlp, text))
    found = claims(nlp, 'The senator, who said "we will win this fight," left early.')
    assert one_containing(found, "we will win").cue.text == "said"  # type: ignore[union-attr]


def test_the_charge_after_an_apposition_belongs_to_the_accusation(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, "The letter accuses the editor, John Smith, of hiding the facts.")
    assert one_containing(found, "John Smith").text.endswith("of hiding the facts")
    plain = claims(nlp, "The unions accused the mayor of breaking his promise.")
    assert one_containing(plain, "the mayor").text == "the mayor of breaking his promise"


def test_a_passive_with_an_agent_is_the_agents_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, "The claim was rejected by the ministry.")
    assert len(found) == 1 and found[0].source.text == "the ministry"
    assert found[0].text == "The claim"
    # with no agent there is no holder, and "was accused of" keeps its earlier handling
    assert claims(nlp, "The claim was rejected on Monday.") == []


def test_nobody_reports_in_existentials_perception_and_adjectives(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("There is little in his record to suggest that he could win.",
                 "There is no reason to believe that the vote was rigged.",
                 "I had the chance to see the senator deliver a speech to the graduates.",
                 "The campaign did not respond to emailed questions about its donors.",
                 "He survived what many people believed to be a fatal scandal."):
        assert claims(nlp, text) == [], text
    # the reports beside them stay
    heard = claims(nlp, "We heard the minister say that the plan was dead.")
    assert one_containing(heard, "the plan was dead").source.text == "the minister"
    asked = claims(nlp, "The senator asked what the voters believed about the plan.")
    assert [c.cue.text for c in asked if c.cue] == ["asked"]
    emailed = claims(nlp, "The spokesman emailed reporters that the talks had failed.")
    assert one_containing(emailed, "the talks had failed").source.text == "The spokesman"


def test_a_day_before_a_misparsed_subject_leaves_the_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parser hangs the senator on "Washington": the day is no doer all the same
    text = ("Thursday at a meeting in Washington, D.C., Republican candidate Sen. Jane Doe "
            "(R-SC) called out her rival for his remarks.")
    assert claims(nlp, text) != []


def test_the_guards_keep_the_reports_beside_them(nlp) -> None:  # type: ignore[no-untyped-def]
    # an infinitive with its own subject: the senator asserts
    found = claims(nlp, "It is not unreasonable for the senator to assert that the files "
                        "were public.")
    assert one_containing(found, "the files were public").source.text == "the senator"
    found = claims(nlp, "It has been extremely common for news accounts to portray the "
                        "campaign as a rebellion.")
    assert one_containing(found, "the campaign").cue.text == "portray"  # type: ignore[union-attr]
    # a wish to see something is a view; "feel" is not a verb of perception here
    assert claims(nlp, "He would like to see the platform include some of his ideas.") != []
    assert claims(nlp, "The governor, too, feels a payoff coming.") != []


def test_a_non_response_is_no_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("The company did not respond to requests for comment.",
                 "The ministry declined to comment on the report.",
                 "A spokeswoman refused to say whether the minister would resign.",
                 "The embassy did not immediately reply to a request for comment.",
                 "The mayor has not commented publicly on the case.",
                 "The senator declined an interview request.",
                 "The office did not return calls seeking comment.",
                 "Smith could not be reached for comment."):
        assert claims(nlp, text) == [], text
    # what the same speaker does say is a claim
    found = claims(nlp, "The spokesman declined to comment, saying the inquiry was ongoing.")
    assert [c.text for c in found] == ["the inquiry was ongoing"]
    # declining something other than speech, and an answer with content, stay claims
    assert claims(nlp, "He declined to run for a third term.") != []
    found = claims(nlp, "She responded that the plan was unworkable.")
    assert one_containing(found, "the plan was unworkable").source.text == "She"


def test_a_cause_and_a_bare_mention_are_no_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    assert claims(nlp, "The danger is now attributed to the reckless ambitions of generals.") == []
    assert claims(nlp, "The leaflets avoid naming the minister.") == []
    found = claims(nlp, "He named the minister as the source of the leak.")
    assert one_containing(found, "as the source of the leak").source.text == "He"


def test_an_aim_on_a_noun_that_cannot_speak_is_no_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    assert claims(nlp, "The sanctions are part of a bid to pressure the regime into talks.") == []
    found = claims(nlp, "Officials urged the public to stay calm.")
    assert one_containing(found, "to stay calm").source.text == "Officials"


def test_an_as_predicate_belongs_to_the_content(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, "Critics described the budget as a giveaway to the rich.")
    assert [c.text for c in found] == ["the budget as a giveaway to the rich"]
    found = claims(nlp, "After the court fined the firm, party officials denounced it as an "
                        "attack on farmers.")
    assert [c.text for c in found] == ["it as an attack on farmers"]
    found = claims(nlp, "She described the plan as reckless.")
    assert [c.text for c in found] == ["the plan as reckless"]
    # a relay's "as saying" is no predicate (relays.py), nor a comparison with a name
    found = claims(nlp, "Reuters quoted a senior official as saying that the talks were off.")
    assert one_containing(found, "the talks were off").source.kind == "anonymous"


def test_a_question_or_a_reaction_with_no_clause_reports_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, "Asked whether he would support the nominee, the senator hedged.")
    assert all(c.text != "the nominee" for c in found)
    assert claims(nlp, "The host responded to the endorsement with one line.") == []
    # with a clause of its own it stays a report
    found = claims(nlp, "He appeared to suggest that the veterans were weak.")
    assert one_containing(found, "the veterans were weak").source.text == "He"
    found = claims(nlp, "She responded that the plan was unworkable.")
    assert one_containing(found, "the plan was unworkable").source.text == "She"


def test_odds_are_no_report(nlp) -> None:  # type: ignore[no-untyped-def]
    assert claims(nlp, "With 200 seats at stake, the party is assured of winning at least "
                       "100.") == []
    assert claims(nlp, "Even then, the incumbents are strongly favored to keep the chamber.") == []
    found = claims(nlp, "She was assured by aides that the vote was safe.")
    assert one_containing(found, "the vote was safe").source.text == "aides"


def test_fielding_questions_repute_and_rates_are_no_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("The senator answered questions from reporters for an hour.",
                 "The governor is known for his temper.",
                 "Tickets cost $50 per person."):
        assert claims(nlp, text) == [], text
    found = claims(nlp, "The deal is off, per a person familiar with the talks.")
    assert one_containing(found, "The deal is off").source.kind == "anonymous"
    found = claims(nlp, "She answered that the plan was sound.")
    assert one_containing(found, "the plan was sound").source.text == "She"


def test_approving_a_person_and_a_question_topic_are_no_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("The Senate will vote to confirm the next nominees.",
                 "He was confirmed 92 to 0."):
        assert claims(nlp, text) == [], text
    found = claims(nlp, "When asked about the nominee, the president said he expected voters "
                        "to reject him.")
    assert [c.text for c in found] == ["he expected voters to reject him"]
    # confirming a fact is a report; a poll's question stays the poll's (PolNeAR)
    found = claims(nlp, "The ministry confirmed that the talks had failed.")
    assert one_containing(found, "the talks had failed").source.text == "The ministry"
    assert claims(nlp, "The poll asked about all four candidates.") != []


def test_a_fronted_wh_object_and_a_report_said_in_are_no_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, "The senator must decide what price he will demand for his support.")
    assert found == []
    text = ("The middle fifth paid 8.9 percent, the agency said in a June report, and the "
            "bottom fifth paid 0.8 percent.")
    found = claims(nlp, text)
    assert [(c.source.text, c.text) for c in found] == [
        ("the agency", "The middle fifth paid 8.9 percent")]
    found = claims(nlp, "The governor leads by ten points in a new CNN poll.")
    assert one_containing(found, "leads by ten points").source.text == "a new CNN poll"


def test_appointments_and_hearers_report_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "Smith was named the best minister of the year by the magazine.",
        "The president named Jones his chief of staff.",
        "Our office is open to talk to anyone.",
        "The minister spoke with the mayor on Monday.",
    ):
        assert claims(nlp, text) == [], text
    # their speech senses stay: talking about something, agreeing that …, calling X Y
    for text, words in (
        ("The minister talked about the budget cuts.", "the budget cuts"),
        ("The minister agreed that the budget was too small.", "the budget was too small"),
        ("The governor called the plan a disaster.", "a disaster"),
    ):
        assert one_containing(claims(nlp, text), words).source.kind != "author"
