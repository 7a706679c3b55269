"""Cue patterns: reporting verbs and their content, colons, nouns, documents, what is no cue."""

from __future__ import annotations

from tests.stages.sourcing.claim_helpers import attributed, claims_of, one_containing


def test_said_that_gives_named_person_source_and_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = claims_of(nlp, "Senator Jane Holt said that the bill would fail in the House.")
    c = one_containing(attributed(claims), "the bill would fail")
    assert c.source.kind == "named_person"
    assert c.source.text == "Senator Jane Holt"
    assert c.cue is not None and c.cue.text == "said"
    assert not c.quote


def test_according_to_names_the_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "According to the Interior Ministry, four people were arrested overnight."
    c = one_containing(attributed(claims_of(nlp, text)), "four people were arrested")
    assert c.cue is not None and c.cue.text == "According to"
    assert c.source.text == "the Interior Ministry"
    assert c.source.kind == "named_organization"


def test_colon_after_a_name_introduces_a_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = attributed(claims_of(nlp, "Obama: The economy is stronger than ever."))
    c = one_containing(claims, "economy is stronger")
    assert c.cue is not None and c.cue.text == ":"
    assert c.source.text == "Obama"


def test_colon_after_a_reporting_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Aides are saying the same thing: the senator never read the report."
    c = one_containing(attributed(claims_of(nlp, text)), "never read the report")
    assert c.source.kind == "anonymous"
    assert c.cue is not None and c.cue.text == "saying"


def test_noun_cue_with_that_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mr. Hale's claim that the audit cleared him drew scorn from the board."
    c = one_containing(attributed(claims_of(nlp, text)), "the audit cleared him")
    assert c.cue is not None and c.cue.text == "claim"
    assert c.source.text is not None and "Hale" in c.source.text


def test_poll_as_document_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ms. Diaz led the race by nine points in a Gallup poll released Tuesday."
    c = one_containing(attributed(claims_of(nlp, text)), "led the race")
    assert c.source.text is not None and "poll" in c.source.text


def test_as_she_said_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "As Ms. Kerr noted, the new rules will cost farmers millions."
    c = one_containing(attributed(claims_of(nlp, text)), "cost farmers millions")
    assert c.source.text == "Ms. Kerr"
    assert "noted" not in c.text


def test_seems_is_the_writers_hedge_not_an_attribution(nlp) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(
        claims_of(nlp, "The governor seems to have lost his nerve."), "lost his nerve"
    )
    assert c.source.kind == "author"
    assert [h.text for h in c.hedges] == ["seems"]


def test_nested_report_folds_into_the_outer_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The mayor said the chief told him that the budget was fine."
    claims = attributed(claims_of(nlp, text))
    assert len(claims) == 1 and claims[0].source.text == "The mayor"


def test_called_x_y_takes_object_and_predicate(nlp) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(attributed(claims_of(nlp, "Hillary Clinton called it ''predatory.''")), "it")
    assert "predatory" in c.text and c.source.text == "Hillary Clinton"


def test_a_naming_participle_is_a_name_not_a_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = claims_of(nlp, "A man named John Smith was arrested on Tuesday.")
    assert attributed(claims) == []
    # the author's claim keeps its subject
    assert claims[0].text.startswith("A man named John Smith was arrested")
    # given by somebody, the name is a view again
    c = one_containing(attributed(claims_of(nlp, "It is a plan called reckless by critics.")), "reckless")
    assert c.source.kind == "anonymous"


def test_clause_only_verbs_need_a_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.sourcing.cues import vocabulary

    assert {"maintain", "add"} <= vocabulary().clause_only
    assert attributed(claims_of(nlp, "Clinton maintains a wide lead over Sanders.")) == []
    assert attributed(claims_of(nlp, "Trump won Virginia, adding to his wins in the South.")) == []
    c = one_containing(
        attributed(claims_of(nlp, "Clinton maintains that the lead is safe.")), "the lead is safe"
    )
    assert c.source.text == "Clinton"


def test_a_cue_inside_anothers_content_folds_in_even_with_its_source_outside(nlp) -> None:  # type: ignore[no-untyped-def]
    # "repeat" takes Ban as its subject through the infinitive, but it is what Ban vowed
    claims = attributed(claims_of(nlp, "Ban Ki-moon vowed not to repeat that mistake."))
    assert [(c.cue.text if c.cue else None, c.text) for c in claims] == [
        ("vowed", "not to repeat that mistake")
    ]


def test_asked_participle_does_not_make_the_answerer_the_asker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "When asked whom she supported, Ms. Sherry smiled."
    c = one_containing(attributed(claims_of(nlp, text)), "whom she supported")
    assert c.source.text is None


def test_imperatives_and_questions_are_not_attributions(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The deal is dead, and guess who is to blame? Did they really think it would work?"
    assert attributed(claims_of(nlp, text)) == []
