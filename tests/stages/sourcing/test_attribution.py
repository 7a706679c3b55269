"""Content of a cue (``stages/sourcing/attribution.py``): a quotation keeps the clause it
ends or sits in, so that the outer cue keeps its claim and the words nested in it are no
second claim with another source. Invented sentences."""

from __future__ import annotations

from tests.stages.sourcing.claim_helpers import attributed, claims_of


def test_a_quotation_parsed_apart_from_its_clause_keeps_the_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parse hangs the quotation on "said", touching (not overlapping) the clause
    text = ("The Texas governor said Democrats and the press are to blame for focusing on "
            "\u201che said this, she tweeted that.\u201d")
    claims = attributed(claims_of(nlp, text))
    assert len(claims) == 1
    c = claims[0]
    assert c.source.text == "The Texas governor" and c.source.kind != "anonymous"
    assert c.text.startswith("Democrats and the press are to blame")
    assert c.text.endswith("tweeted that.\u201d")


def test_a_cue_set_as_an_aside_reports_its_clause_with_the_quotation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Over the past ten years, the mayor said, most residents have come to think \"that "
            "the river is worth saving, and that it is our job to save it.\"")
    claims = attributed(claims_of(nlp, text))
    assert len(claims) == 1
    c = claims[0]
    assert c.source.text == "the mayor"
    assert c.text.startswith("most residents have come to think")
    assert c.text.endswith("our job to save it.\"")


def test_a_quotation_after_its_own_clause_is_unchanged(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = attributed(claims_of(nlp, "Jane Doe said the city was ready. \"We will not "
                                       "wait,\" she added."))
    assert [c.text for c in claims] == ["the city was ready", "\"We will not wait,\""]


def test_the_object_of_a_verb_of_causing_is_who_speaks(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "X led Y to warn that …": Y warns (object control), not X."""
    from tests.stages.sourcing.claim_helpers import one_containing

    text = ("The new tariffs led the Invented Embassy in Paris to warn that trade would "
            "collapse. The ruling prompted several senators to say that the court had "
            "overstepped. Jane Doe led the delegation to Rome and said the talks had failed. "
            "The mayor wants the council to say that the budget is balanced.")
    claims = attributed(claims_of(nlp, text))
    assert one_containing(claims, "trade would collapse").source.text == (
        "the Invented Embassy in Paris")
    c = one_containing(claims, "the court had overstepped")
    assert c.source.text == "several senators" and c.source.kind == "anonymous"
    assert one_containing(claims, "the talks had failed").source.text == "Jane Doe"
