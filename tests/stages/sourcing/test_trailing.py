"""Attributions that come last and own the sentence before them (``trailing.py``)."""

from __future__ import annotations

from tests.stages.sourcing.claim_helpers import claims_of, one_containing


def test_a_trailing_source_owns_the_plans_before_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The governor may announce a new cabinet and is considering a tax cut, "
            "a source familiar with the discussions said.")
    claims = [c for c in claims_of(nlp, text) if c.source.kind != "author"]
    assert len(claims) == 1  # no claim of the governor's with "a new cabinet" for content
    c = claims[0]
    assert c.source.text == "a source familiar with the discussions"
    assert c.source.kind == "anonymous"
    assert c.text.startswith("The governor may announce") and c.text.endswith("a tax cut")


def test_a_plain_trailing_attribution_is_unchanged(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = claims_of(nlp, "The governor will announce a reshuffle, the newspaper reported.")
    c = one_containing(claims, "a reshuffle")
    assert c.source.text == "the newspaper" and c.text.startswith("The governor")


def test_a_headline_credited_after_a_dash(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Governor Smith to announce reshuffle - Daily Courier\n\nThe governor met aides.\n"
    c = one_containing(claims_of(nlp, text), "announce reshuffle")
    assert c.source.text == "Daily Courier" and c.text == "Governor Smith to announce reshuffle"
    # a site's name on a title with no one announcing anything is no source
    text = "War in the east latest - Daily Courier\n\nThe governor met aides.\n"
    assert all(c.source.text != "Daily Courier" for c in claims_of(nlp, text))
