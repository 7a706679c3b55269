"""Quote marks and quoted claims: pairing, nesting, stray marks, speakers of quotes."""

from __future__ import annotations

from tealeaves.stages.sourcing.quotes import find_quotes
from tests.stages.sourcing.claim_helpers import attributed, claims_of, one_containing


def test_curly_and_straight_quotes_are_found() -> None:
    text = 'She said “We will win this.” He said "They will lose badly."'
    assert [q.text for q in find_quotes(text)] == ["“We will win this.”", '"They will lose badly."']


def test_nested_quotes_stay_inside_the_outer_quote() -> None:
    text = '“We sent a ‘draft’ that was fine,” she said. “He called it "a joke" today,” he said.'
    quotes = [q.text for q in find_quotes(text)]
    assert quotes == ["“We sent a ‘draft’ that was fine,”", '“He called it "a joke" today,”']


def test_quote_spanning_paragraphs_is_one_quote() -> None:
    text = "He said:\n“The first part goes on.\n“And the second part ends here.”\nThen nothing."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].text.startswith("“The first") and quotes[0].text.endswith("here.”")


def test_unbalanced_quote_mark_loses_only_itself() -> None:
    text = (
        'The mayor said "we are broke and then moved on.\n'
        'Later the chief said "the budget is fine for now." '
        'A stray closing mark” appears here. "Taxes will not rise this year," she added.'
    )
    quotes = [q.text for q in find_quotes(text)]
    assert quotes == ['"the budget is fine for now."', '"Taxes will not rise this year,"']


def test_double_apostrophes_work_as_quote_marks() -> None:
    text = "''Revenues are up a bit,'' Mr. Ekovich said."
    assert [q.text for q in find_quotes(text)] == ["''Revenues are up a bit,''"]


def test_quote_interrupted_by_he_said_is_one_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“We are not leaving,” Mr. Brandt said, “until the vote is counted.”"
    claims = attributed(claims_of(nlp, text))
    assert len(claims) == 1
    c = claims[0]
    assert c.quote and c.text.startswith("“We are not") and c.text.endswith("counted.”")
    assert c.source.text == "Mr. Brandt"


def test_multi_sentence_quote_after_colon(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The governor told reporters: “It is over. We lost. We go home now.”"
    c = one_containing(attributed(claims_of(nlp, text)), "We lost")
    assert c.text == "“It is over. We lost. We go home now.”"
    assert c.source.text == "The governor"


def test_quote_followed_by_more_quote_from_same_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“The plan is dead,” Ms. Ortiz said. “Nobody in this town wants it anymore.”"
    claims = attributed(claims_of(nlp, text))
    assert len(claims) == 1 and "Nobody in this town" in claims[0].text


def test_mock_quote_in_a_groups_mouth(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The union leaders are furious. “We never agreed to any of this!” they complain."
    c = one_containing(attributed(claims_of(nlp, text)), "We never agreed")
    assert c.source.text == "they"
    assert c.cue is not None and c.cue.text == "complain"


def test_quote_without_cue_continues_the_last_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Senator Ruiz said the vote would be close.\n\n"
        "“We have done everything we could to win this one.”"
    )
    c = one_containing(attributed(claims_of(nlp, text)), "everything we could")
    assert c.source.text == "Senator Ruiz"


def test_scare_quotes_are_not_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = attributed(claims_of(nlp, 'The plan was called a "reform" by nobody in particular.'))
    assert not any(c.quote for c in claims)


def test_stray_quote_mark_keeps_the_other_quoted_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        'The council met on Monday and "argued for hours.\n\n'
        "“We will not raise taxes this year,” the mayor said.\n\n"
        "“The budget is balanced for the first time in a decade,” the treasurer said."
    )
    quoted = [c for c in attributed(claims_of(nlp, text)) if c.quote]
    assert [c.source.text for c in quoted] == ["the mayor", "the treasurer"]


def test_markup_attribute_values_are_not_quotations(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('<tweet pic="" author="JaneDoe" tweet_id="12">Thoughts and prayers are with the '
            'victims.</tweet>. She said "we will get through this together."')
    assert [q.text for q in find_quotes(text)] == ['"we will get through this together."']
    found = attributed(claims_of(nlp, text))
    assert all("author=" not in c.text for c in found)
    assert one_containing(found, "get through this").source.text == "She"
