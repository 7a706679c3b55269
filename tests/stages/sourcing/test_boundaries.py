"""Content boundaries (``stages/sourcing/boundaries.py``, issue 17, 2026-12-03) on invented
sentences: a content neither stops inside its clause nor runs into another speaker's; what
lies outside those constructions keeps its bounds."""

from __future__ import annotations

from tealeaves.model import Claim
from tealeaves.stages.sourcing import find_claims
from tealeaves.stages.sourcing.boundaries import (
    cleft_relative,
    is_cleft,
    judgment_verbs,
    object_predicate,
    stranded_preposition,
)
from tests.stages.sourcing.claim_helpers import attributed


def claims(nlp, text: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    return attributed(find_claims(nlp(text), []))


def contents(nlp, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.text for c in claims(nlp, text)]


def test_a_preposition_left_without_its_object_takes_the_phrase_after(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The senator and two lawyers agree it will be hard to find the judges needed to "
            "put on hold any ruling when the court is split.")
    doc = nlp(text)
    start, cut = text.index("it will"), text.index("put on") + len("put on")
    s, e = stranded_preposition(doc, (start, cut))
    assert s == start and text[s:e].startswith("it will be hard") and "put on hold any ruling" in \
        text[s:e]
    # a content ending in a word that is no bare preposition keeps its end
    end = text.index(" when")
    assert stranded_preposition(doc, (start, end)) == (start, end)


def test_an_object_keeps_its_participle_predicate(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The governor is struggling in the state, with surveys showing her early advantage " \
           "having vanished."
    assert "her early advantage having vanished" in contents(nlp, text)
    text = "The two candidates are tied, with polls showing the mayor's lead having disappeared."
    assert "the mayor's lead having disappeared" in contents(nlp, text)
    # the cue's own participle adjunct is not the object's predicate
    doc = nlp("The senator criticized the plan saying it would fail.")
    cue = next(t for t in doc if t.lower_ == "criticized")
    obj = next(c for c in cue.children if c.dep_ == "dobj")
    span = (obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge.text))
    assert object_predicate(cue, span) == span


def test_a_cleft_keeps_its_relative_across_an_aside(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Several people close to the talks say it's the finance ministers, under pressure "
            "from their banks, who have demanded a delay.")
    doc = nlp(text)
    start = text.index("it's")
    s, e = cleft_relative(doc, (start, text.index(", under")))
    assert text[s:e] == ("it's the finance ministers, under pressure from their banks, who have "
                         "demanded a delay")
    assert text[s:e] in contents(nlp, text)
    # a cleft whose relative the parse already holds stays as it is
    assert "it was the mayor who blocked the plan" in contents(
        nlp, "Officials say it was the mayor who blocked the plan.")


def test_an_extraposed_it_is_no_cleft(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "They say it's hard to watch the governor, who campaigned on tax cuts, raise taxes."
    doc = nlp(text)
    assert not is_cleft(doc, (text.index("it's"), len(text) - 1))
    assert is_cleft(nlp("it's the ministers who have demanded a delay"), (0, 44))


def test_a_judgment_keeps_its_for_ground(nlp) -> None:  # type: ignore[no-untyped-def]
    assert {"attack", "slam", "accuse", "blame", "praise"} <= judgment_verbs()
    text = "Democrats repeatedly attacked the governor for how she handled the flood."
    assert "the governor for how she handled the flood" in contents(nlp, text)
    text = "Critics slammed the mayor for cutting the school budget."
    assert "the mayor for cutting the school budget" in contents(nlp, text)
    # a verb outside the list keeps its object alone
    text = "The senator visited the mayor for two hours."
    assert all("for two hours" not in c for c in contents(nlp, text))


def test_another_speakers_clause_is_cut_off(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The minister said the talks had stalled while opposition leaders warned of a strike."
    found = claims(nlp, text)
    said = next(c for c in found if c.cue and c.cue.text == "said")
    assert said.text == "the talks had stalled"
    assert any(c.cue and c.cue.text.startswith("warned") for c in found)


def test_a_clause_beside_with_no_speaker_of_its_own_stays(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "prices rose while wages fell" in contents(
        nlp, "The minister said prices rose while wages fell.")
    # "while …" before the clause it belongs to; a comparison with "as"
    text = "The report finds that, while most voters say the economy is weak, many blame Congress."
    assert any(c.startswith("that, while most voters") for c in contents(nlp, text))
    text = "The analysts said the plan would not raise as much money as the governor promised."
    assert "the plan would not raise as much money as the governor promised" in contents(
        nlp, text)


def test_an_absolute_phrase_stops_before_the_main_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("With the board at a stalemate and House Democrats refusing to allow votes for "
            "President Smith's nominee to the agency, John Roe, the final budget rules for schools "
            "across the state are likely to be set by judges.")
    found = [c for c in claims(nlp, text) if c.cue and c.cue.text == "refusing"]
    assert [c.text for c in found] == [
        "to allow votes for President Smith's nominee to the agency, John Roe"]
    # an absolute phrase whose content is a clause of its own keeps it whole
    text = "With officials saying that the plan, which cost millions, was dead, the mayor resigned."
    assert "that the plan, which cost millions, was dead" in contents(nlp, text)
    assert "the talks would resume" in contents(
        nlp, "With aides insisting the talks would resume, the minister left for Paris.")


def test_a_relative_gap_before_a_quotation_is_no_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ('The mayor vetoed the budgets, even the ones her staff now says are "badly '
                 'balanced."',
                 "The council kept the parks, even the ones the mayor now says are \u201ctoo "
                 "costly.\u201d"):
        assert claims(nlp, text) == [], text
    # a relative subject, and a quotation that holds the clause's verb, stay claims
    text = 'Reporters spoke to officials who said the plan was "dead on arrival."'
    assert any("dead on arrival" in c for c in contents(nlp, text))
    text = 'The mayor vetoed the tax that her staff said "will never pass the council."'
    assert any("will never pass the council" in c for c in contents(nlp, text))


def test_a_with_phrase_completes_a_charge_or_a_poll_finding(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Prosecutors charged the contractor with fraud and bribery."
    assert "the contractor with fraud and bribery" in contents(nlp, text)
    text = "Recent surveys show the governor with a narrow lead in the state."
    assert "the governor with a narrow lead in the state" in contents(nlp, text)
    # "with" after another verb's object is no part of it
    text = "The minister praised the workers with a short speech."
    assert "the workers with a short speech" not in contents(nlp, text)


def test_a_quotation_after_narration_does_not_go_on(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.sourcing.boundaries import quote_goes_on
    text = '"We will not back down," the mayor said. "The city stands together."'
    doc = nlp(text)
    end = text.index("said") + len("said")
    assert quote_goes_on(doc, end, text.index('"The city'), 200)
    # a cue verb the sense model vetoes ("sought" a term) is narration between the two
    text = ('"We will not back down," the mayor said. She sought a third term last year. '
            '"The city stands together."')
    doc = nlp(text)
    assert not quote_goes_on(doc, end, text.index('"The city'), 200)
    # a long gap parts them too
    text = '"We will not back down," the mayor said. "The city stands together."'
    assert not quote_goes_on(nlp(text), end, text.index('"The city'), 1)
