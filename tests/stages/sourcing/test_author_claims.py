"""The author's own claims, their hedges, and paragraph bounds of reported content."""

from __future__ import annotations

from tealeaves.stages.sourcing.hedges import find_hedges
from tests.stages.sourcing.claim_helpers import attributed, claims_of, one_containing


def test_author_claims_cover_unattributed_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The bridge collapsed on Monday. Was anyone hurt? The mayor said nobody was hurt."
    claims = claims_of(nlp, text)
    authors = [c.text for c in claims if c.source.kind == "author"]
    assert "The bridge collapsed on Monday." in authors
    assert not any("anyone hurt" in a for a in authors)  # questions are not claims
    assert not any("nobody was hurt" in a for a in authors)


def test_author_claim_hedges(nlp) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(claims_of(nlp, "The leak was probably arranged by his rivals."), "leak")
    assert c.source.kind == "author"
    assert [h.text for h in c.hedges] in (["probably"], ["was probably"])


def test_hedges_skip_the_month_may(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("In May the plan may fail, it seems.")
    assert [h.text for h in find_hedges(doc, 0, len(doc.text))] == ["may", "it seems"]


def test_a_line_break_ends_an_author_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Minister's star fades as envoy takes over the talks\n"
            "The talks in Geneva collapsed on Tuesday, and the minister was blamed.\n")
    authored = [c.text for c in claims_of(nlp, text) if c.source.kind == "author"]
    assert "Minister's star fades as envoy takes over the talks" in authored
    assert any(t.startswith("The talks in Geneva collapsed") for t in authored)


def test_noun_modifier_fragments_are_not_author_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('"We came to talk," said Maria Kovacs, the mediator who chaired the session. '
            "The talks collapsed on Tuesday.")
    authored = [c.text for c in claims_of(nlp, text) if c.source.kind == "author"]
    assert not any("chaired the session" in t for t in authored), authored
    assert any(t.startswith("The talks collapsed") for t in authored)


def test_a_parse_run_over_a_paragraph_break_does_not_steal_the_content(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parser joins the quote, the stray "X." line and the next paragraph into one
    # sentence and makes the quote the clause of "noted"
    text = (
        "“They are going to people, showing videos of Donald Trump insulting Islam and "
        "Muslims in order to recruit more radical jihadists.”\n\nX.\n\n"
        "Fact-checkers soon noted that Clinton may have been referring to a hypothetical "
        "situation."
    )
    c = one_containing(attributed(claims_of(nlp, text)), "hypothetical situation")
    assert c.cue is not None and c.cue.text == "noted"
    assert c.source.text == "Fact-checkers"


def test_hard_wrapped_lines_are_one_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The foreign minister of the republic said on Tuesday that the long talks in Geneva\n"
        "had failed because of the new sanctions imposed by the European Union last week."
    )
    c = one_containing(attributed(claims_of(nlp, text)), "talks in Geneva")
    assert c.text.endswith("last week")


def test_the_setting_of_a_report_is_no_author_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = ("Asked about the delay in the budget talks, the finance minister said the vote "
             "would go ahead.",
             "Speaking to reporters in Warsaw on Friday, the senator said the bill was dead.",
             "The senator said the bill was dead when asked about it on Friday.")
    for text in texts:
        claims = claims_of(nlp, text)
        authored = [c.text for c in claims if c.source.kind == "author"]
        assert authored == [], (text, authored)
        assert len(attributed(claims)) == 1, text
    # a participle clause of the author's own sentence stays in the author's claim
    text = "Having lost the vote, the senator resigned on Friday."
    authored = [c.text for c in claims_of(nlp, text) if c.source.kind == "author"]
    assert authored == [text]
