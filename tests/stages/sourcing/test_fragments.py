"""Fragment guards (``stages/sourcing/fragments.py``) on invented sentences: a cue word in a
sense that needs no speaker, an activity gerund, a clause across a colon and a content cut
inside a word give no fragment; the reports beside them stay claims."""

from __future__ import annotations

from tealeaves.model import Claim
from tealeaves.stages.sourcing import find_claims
from tealeaves.stages.sourcing.fragments import speaker_subject_verbs
from tests.stages.sourcing.claim_helpers import attributed, one_containing


def claims(nlp, text: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    return attributed(find_claims(nlp(text), []))


def cues(found: list[Claim]) -> list[str]:
    return [c.cue.text for c in found if c.cue]


def test_a_subject_that_cannot_speak_gives_no_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    verbs = speaker_subject_verbs()
    assert {"favor", "see"} <= verbs
    for text in ("The strong economy should favor the incumbent governor.",
                 "The referendum saw the return of the familiar campaign posters."):
        assert claims(nlp, text) == [], text
    # a person, a body or a pronoun in the same frame holds a view
    found = claims(nlp, "Most voters in the county favor the incumbent governor.")
    assert cues(found) == ["favor"]
    found = claims(nlp, "The union favors a higher minimum wage.")
    assert cues(found) == ["favors"]


def test_an_activity_gerund_on_a_noun_reports_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The party faces challenges in presenting an economic argument next year."
    assert claims(nlp, text) == []
    text = "Farmers may see it as advocating for their interests, but few agree."
    assert "advocating for" not in cues(claims(nlp, text))
    # a gerund with a clause, or hung on a verb, still reports
    found = claims(nlp, "The mayor was accused of saying that the vote was rigged.")
    assert one_containing(found, "the vote was rigged")


def test_a_clause_across_a_colon_is_not_the_cue_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The dispute over the budget reveals a deeper split within the party: when the "
            "mayor attacks the council, many residents may see it as a fight over jobs.")
    found = claims(nlp, text)
    assert all("deeper split" not in c.text for c in found if c.cue and c.cue.text == "see")
    found = claims(nlp, "The talks had collapsed, the minister said on Friday.")
    assert one_containing(found, "The talks had collapsed").cue.text == "said"  # type: ignore[union-attr]


def test_a_content_is_not_cut_inside_a_hyphenated_word(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The alliance is planning a referendum to re-introduce border controls."
    for c in claims(nlp, text):
        assert not c.text.endswith(" re"), c.text
        assert c.text.endswith("border controls"), c.text


def test_a_partial_quotation_keeps_its_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'The governor kept attacking him, accusing him of acting like a "spoiled little child."'
    found = claims(nlp, text)
    got = one_containing(found, "spoiled little child")
    assert got.text.startswith("of acting like"), got.text


def test_a_quotation_of_a_joined_verb_is_not_the_cue_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('The senator said that the mayor is a "good and decent public servant," and said '
            'that the council "has lost its way."')
    found = claims(nlp, text)
    first = one_containing(found, "good and decent")
    assert "lost its way" not in first.text
    text = ('While the author praises the mayor as a "tireless public servant," she sees the '
            "council as the real obstacle.")
    assert all("tireless" not in c.text for c in claims(nlp, text)
               if c.cue and c.cue.text == "sees")


def test_even_as_is_temporal_not_a_report(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Even as the candidates vowed to carry on regardless of the results, the mood in "
            "the hall was grim.")
    found = claims(nlp, text)
    assert all("mood in the hall" not in c.text for c in found)
    assert one_containing(found, "to carry on").cue.text == "vowed"  # type: ignore[union-attr]
    found = claims(nlp, "As the minister said, the talks are over.")
    assert one_containing(found, "the talks are over")


def test_a_relative_clause_with_its_gap_in_the_content_is_no_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("The agency keeps records on residents like the ones the mayor hopes to recruit "
                 "and train.",
                 "They had two children, whom they named Fred and Mary, after his parents.",
                 "The senators killed a bill that critics called unfair to tenants."):
        assert claims(nlp, text) == [], text
    found = claims(nlp, "Officials who said that the talks had failed were recalled.")
    assert one_containing(found, "the talks had failed")
    found = claims(nlp, "It was the day he said that the war was over.")
    assert one_containing(found, "the war was over")
    found = claims(nlp, "There are two reasons the council refuses to lower the tax rate.")
    assert one_containing(found, "to lower the tax rate")
    found = claims(nlp, "The state has five delegates, two of whom have pledged their votes to Smith.")
    assert one_containing(found, "their votes")
    found = claims(nlp, "She met the envoy, with whom she has long claimed to have a close bond.")
    assert one_containing(found, "to have a close bond")
    found = claims(nlp, "The records from the last cycle show he backed both Smith and Jones.")
    assert one_containing(found, "both Smith and Jones")


def test_titles_times_and_addressees_are_not_contents(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('The film, "Twelve Angry Jurors: The Long Night of Harbor City," is based on a '
            "book co-written by two former reporters.")
    assert claims(nlp, text) == []
    text = "The watchdog filed requests over a six-year time period."
    assert all("time period" not in c.text for c in claims(nlp, text))
    found = claims(nlp, "In 2010, the senator warned the central bank against buying bonds.")
    assert [c.text for c in found] == ["the central bank against buying bonds"]
    assert claims(nlp, "She urged the Senate on Tuesday.") == []
    found = claims(nlp, "The ministers all urged a larger security role for the country.")
    assert one_containing(found, "a larger security role")
    found = claims(nlp, "Within minutes, he called his rival \"Little Marco\" multiple times.")
    assert one_containing(found, "Little Marco")


def test_a_passive_with_agent_takes_no_prepositional_content(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, "He was recommended for the job by a longtime associate of the mayor.")
    assert all(c.text != "the job" for c in found)


def test_a_quotation_ending_the_sentence_before_is_not_the_cue_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('She describes herself as a reformer who "saved the agency." Last year, at a '
            'conference in Ohio, she said that "people who drive change get arrows in the back."')
    said = one_containing(claims(nlp, text), "arrows in the back")
    assert "saved the agency" not in said.text
    found = claims(nlp, '"We will win." The mayor said it twice.')
    assert one_containing(found, "We will win").cue.text == "said"  # type: ignore[union-attr]


def test_an_aside_in_brackets_does_not_cut_the_content(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, "He said that he has had little time to think about it (really?) and "
                        "that he will practise law.")
    assert all("(" not in c.text for c in found)


def test_a_clause_after_the_cue_wins_over_one_joined_across_a_colon(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The Ferris Institute survey found broad support for the levy: 58% of farmers said "
            "the council should pass it.")
    doc = nlp(text)
    claims = find_claims(doc, [])
    said = [c for c in claims if c.cue is not None and c.cue.text == "said"]
    assert said and said[0].text == "the council should pass it"


def test_a_cue_set_inside_its_clause_keeps_the_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, "The deal, he said, was dead.")
    assert [c.text for c in found] == ["The deal, he said, was dead"]
    found = claims(nlp, "The plan, officials said, would cost billions of dollars.")
    assert one_containing(found, "would cost billions").text.startswith("The plan")
    # an opening connective stays out; an aside the parser hung on the clause still reports
    found = claims(nlp, "Still, they cautioned, the party could change its mind.")
    assert [c.text for c in found] == ["the party could change its mind"]
    found = claims(nlp, "Though, they cautioned, he could still accept if asked directly.")
    assert [c.text for c in found] == ["he could still accept if asked directly"]


def test_a_relative_as_the_subject_of_the_content_is_a_gap(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The bill will not clear the House, which even the most hopeful members doubt "
            "will change hands in May.")
    assert claims(nlp, text) == []
    found = claims(nlp, "The district, which the mayor said would vote for him, voted against.")
    assert all("would vote for him" != c.text for c in found)
    found = claims(nlp, "Officials who said that the plan was dead were overruled.")
    assert one_containing(found, "the plan was dead").source.kind == "anonymous"


def test_a_quotation_that_continues_a_clause_keeps_its_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, 'The plan, she said, was "a disaster from day one."')
    assert [c.text for c in found] == ['The plan, she said, was "a disaster from day one."']
    found = claims(nlp, 'After the talks, the envoy "looked exhausted," an aide said.')
    assert one_containing(found, "looked exhausted").text.startswith("the envoy")
    # a quotation on its own, and one in the cue's own clause, stay as they were
    assert [c.text for c in claims(nlp, '"We will win," she said.')] == ['"We will win,"']
    found = claims(nlp, 'Anybody who complains about the rules "is not serious," she said.')
    assert one_containing(found, "is not serious").source.text == "she"


def test_the_recipient_is_not_what_is_offered(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.sourcing import cue_sense  # the rules' content: the cue-sense veto

    with cue_sense.rules_alone():  # (on since the sixth session) drops "offer" as "provide"
        found = claims(nlp, "He might be willing to offer Republicans someone likely to "
                            "advance their agenda.")
    assert [c.text for c in found] == ["someone likely to advance their agenda"]


def test_a_document_phrase_does_not_take_a_clause_joined_after_it(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, "He leads in the polls, but it is clear that the state will be a "
                        "tougher contest.")
    assert all("tougher contest" not in c.text for c in found if c.source.text == "the polls")
    found = claims(nlp, "In a new CNN poll, the governor leads by ten points.")
    assert one_containing(found, "the governor leads").source.text == "a new CNN poll"


def test_an_agentless_passive_keeps_its_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    from tests.stages.sourcing.claim_helpers import claims_of

    found = claims_of(nlp, "The minister is widely expected to resign next month.")
    c = one_containing(found, "to resign next month")
    assert c.text.startswith("The minister is widely expected")
    assert all(d.text != "The minister is widely" for d in found)  # no fragment left over
    # with an agent the subject stays out: it is the agent's view of the minister
    found = claims_of(nlp, "The minister is expected by analysts to resign next month.")
    assert one_containing(found, "to resign next month").source.text == "analysts"


def test_an_aside_after_an_opening_phrase_keeps_the_whole_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parse takes the part before the aside when it is the longer one: the clause runs on
    found = claims(nlp, "In the end, the new plan, the mayor said, would fail.")
    assert [c.text for c in found] == ["In the end, the new plan, the mayor said, would fail"]
    text = ("Tied together by centuries of trade and sharing a long river border, the two towns, "
            "the mayor said, now have a rare chance to grow their markets.")
    found = claims(nlp, text)
    assert len(found) == 1 and found[0].text.startswith("Tied together")
    assert found[0].text.endswith("grow their markets")
    text = "Facing pressure at home, the president, aides said, would not back down."
    assert [c.text for c in claims(nlp, text)] == [text[:-1]]
    # a subject after the aside: the opening connective still stays out
    found = claims(nlp, "Still, they cautioned, the party could change its mind.")
    assert [c.text for c in found] == ["the party could change its mind"]


def test_a_day_is_no_content(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, "The senator promised Sunday at a rally to end the program.")
    assert [c.text for c in found] == ["to end the program"]
    # a relative clause the parse leaves without its subject is not stretched to the aside
    text = "He may be charged over the server (the use of which, many say, was a mistake)."
    assert all(not c.text.startswith(",") for c in claims(nlp, text))


def test_a_judgment_keeps_its_ground_after_the_object(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, "Talks on the budget failed Tuesday, as lawmakers accused each other of "
                        "playing politics with a looming crisis.")
    assert one_containing(found, "each other").text.endswith("with a looming crisis")
    found = claims(nlp, "Residents blamed the council for the closure of the only hospital.")
    assert one_containing(found, "the council").text.endswith("the only hospital")
    # a time after the object is no ground
    found = claims(nlp, "Critics have praised the plan for months.")
    assert all("months" not in c.text for c in found)


def test_a_lone_verb_is_no_content(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims(nlp, "The campaign made mistake after mistake and plummeted in the polls.")
    assert all(c.text.strip() != "plummeted" for c in found)


def test_a_quotation_another_cue_reports_is_not_taken_by_a_later_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('Earlier this week, the minister conceded the current situation in the region is '
            '"deeply regrettable." The candidate has repeatedly referenced her experience as one '
            'of her strengths.')
    found = claims(nlp, text)
    held = [c for c in found if "deeply regrettable" in c.text]
    assert [c.cue.text for c in held if c.cue] == ["conceded"]
    # a quotation of its own after its cue's sentence stays the later cue's
    found = claims(nlp, '"We will win this fight," Smith said. "Nobody can stop us now," he added.')
    assert cues(found) == ["said", "added"]


def test_an_extraposed_passive_content_starts_at_its_that(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("It was reported by several newspapers, not the Herald, on Monday that the mayor "
            "had resigned.")
    (c,) = claims(nlp, text)
    assert c.text.startswith("that the mayor"), c.text
    (c,) = claims(nlp, "The senator said that, on balance, the bill was dead.")
    assert "on balance" in c.text and "bill was dead" in c.text
