"""Sources of cues with no subject of their own, named examples of a group, and epithets:
invented sentences with real actors (SOURCING-GUIDE.md, labels' rules 2 and 8)."""

from __future__ import annotations

from tests.stages.sourcing.claim_helpers import one_containing
from tests.stages.sourcing.test_kinds import analysed, speaker


def test_a_purpose_clause_speaks_for_the_subject_above_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Maria Lopez on Monday held a news conference to announce that the bridge would "
            "reopen in May.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the bridge would reopen")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Maria Lopez"


def test_a_gerund_speaks_for_the_clause_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Peter Grant has been the loudest in the party in denouncing the new tariffs."
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the new tariffs")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Peter Grant"


def test_a_passive_cue_gets_no_controller(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.sourcing.attribution import controller_of

    doc = nlp("The senator was expected to announce the plan.")
    assert controller_of(doc[3]) is None  # "expected": whoever expects it is not named
    doc = nlp("The senator held a hearing to announce the plan.")
    announce = next(t for t in doc if t.lower_ == "announce")
    ctrl = controller_of(announce)
    assert ctrl is not None and ctrl.lower_ == "senator"


def test_a_group_with_a_named_example_takes_the_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Hawkish Republicans, like Senator Jane Miller, worry that a weak deal would "
            "invite another assault. Unions, including the American Federation of Teachers, "
            "said that the plan would cut pay. Some economists warned that prices would rise.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "a weak deal would invite")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Jane Miller"
    c = one_containing(claims, "the plan would cut pay")
    assert c.source.kind == "named_organization"
    assert one_containing(claims, "prices would rise").source.kind == "anonymous"


def test_an_epithet_is_a_person_a_generic_person_is_not(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Ben Carter, a retired surgeon, toured the state. The retired surgeon said that the "
            "clinics were underfunded. A voter asked him a question. The man said he had lost "
            "his job.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "the clinics were underfunded").source.kind == "named_person"
    assert one_containing(claims, "he had lost his job").source.kind == "anonymous"


def test_a_place_in_an_epithet_is_not_the_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("John Hale served five years in prison in Vietnam. The Arizona Republican said "
            "that such methods were cruel.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "such methods were cruel")
    assert c.source.kind == "named_person" and speaker(c, actors) != "Arizona"


def test_the_two_named_and_the_issuers_papers(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Senators Ann Ray and Bob Cole met on Monday. The two lawmakers said that the bill "
            "was dead. Two lawmakers said the vote would fail. FEC filings show that the PAC "
            "spent money. Some reports suggested that the deal was off.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "the bill was dead").source.kind == "named_person"
    assert one_containing(claims, "the vote would fail").source.kind == "anonymous"
    assert one_containing(claims, "the PAC spent money").source.kind == "named_organization"
    assert one_containing(claims, "the deal was off").source.kind == "rumour"


def test_a_cue_inside_a_subject_free_relative_is_no_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("What I don't think they're spending enough time doing is pushing back on the "
            "story line. Jane Hale said that the plan had failed.")
    claims, _ = analysed(nlp, text)
    assert [c.text for c in claims] == ["that the plan had failed"]


def test_a_quotation_has_one_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("“That is a big concern for everybody,” said Mary Stone, a party official from "
            "Nevada who openly supports the governor.")
    claims, actors = analysed(nlp, text)
    quoted = [c for c in claims if "big concern" in c.text]
    assert len(quoted) == 1 and speaker(quoted[0], actors) == "Mary Stone"


def test_a_surname_and_a_name_after_an_outlet(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Brett O’Donnell, a strategist, spoke. “It’s taxing on campaign resources,” "
            "O’Donnell said. Last month, The Daily Courier’s Scott Marlow asked Jane Hale "
            "whether the plan was fair.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "taxing on campaign").source.kind == "named_person"
    assert one_containing(claims, "the plan was fair").source.kind == "named_person"


def test_a_lone_participle_is_no_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The gaps shown in the study should not be read as final. Jane Hale endorsed Clinton."
    claims, _ = analysed(nlp, text)
    assert [c.text for c in claims] == ["Clinton"]


def test_a_poll_named_by_its_issuer(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("A Morning Consult Poll found that he would draw support from both. Other recent "
            "polls from Monmouth University and CNN show that the race is close. Some polls "
            "suggest the lead is shrinking.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "draw support").source.kind == "named_organization"
    assert one_containing(claims, "the race is close").source.kind == "named_organization"
    assert one_containing(claims, "the lead is shrinking").source.kind == "anonymous"
