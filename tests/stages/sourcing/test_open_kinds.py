"""Failure kinds found reading real 2025 articles by hand (docs/evaluation.md, "Real articles
read by hand", 2026-12-03) and not fixed yet: each a strict xfail on an invented sentence of
the same construction, for the next person. Pass one and its xfail turns into a failure:
then drop the mark."""

from __future__ import annotations

import pytest

from tests.stages.sourcing.claim_helpers import one_containing
from tests.stages.sourcing.test_channels import channel
from tests.stages.sourcing.test_kinds import analysed, speaker


@pytest.mark.xfail(strict=True, reason="a quotation introduced by a label ('Quote from ORG:') "
                   "gets no source")
def test_a_quote_introduced_by_a_label_is_the_labels(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Quote from the Baltic Policy Institute: "The blockade will not last the winter."'
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "blockade")
    assert c.source.kind == "named_organization"
    assert speaker(c, actors) == "Baltic Policy Institute"


@pytest.mark.xfail(strict=True, reason="a document of a named body ('a decree published on the "
                   "ministry's website') is read as an anonymous source")
def test_a_document_of_a_named_body_is_not_anonymous(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("According to a decree published on the ministry's website, the governor was "
            "dismissed on Monday.")
    claims, _ = analysed(nlp, text)
    c = one_containing(claims, "the governor was dismissed")
    assert c.source.kind == "named_organization"


@pytest.mark.xfail(strict=True, reason="the speaker of a participle clause ('a video of the king "
                   "meeting Y, telling him: ...') is taken as the main clause's subject")
def test_a_participle_clause_speaks_for_its_own_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("King Harald Olsen met the new envoy on Monday. The palace released a video of "
            'the king meeting the envoy, telling him: "Serve the country well."')
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "Serve the country")
    assert speaker(c, actors) == "Harald Olsen"


@pytest.mark.xfail(strict=True, reason="a relay inside a claim ('X said that OUTLET reported "
                   "that officials said ...') keeps the outer speaker")
def test_a_relay_inside_a_claim_has_the_innermost_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Analysts said that the Daily Courier reported that officials said the minister "
            "would resign.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the minister would resign")
    assert c.source.kind == "anonymous" and (c.source.text or "").lower() == "officials"
    assert channel(c, actors) == "Daily Courier"


@pytest.mark.xfail(strict=True, reason="the content runs into a coordinated main clause of the "
                   "source's own ('ORG said A and it published B')")
def test_a_coordinated_main_clause_of_the_source_is_not_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The ministry said the governor had been dismissed and it published the decree."
    claims, _ = analysed(nlp, text)
    c = one_containing(claims, "the governor had been dismissed")
    assert "published" not in c.text


@pytest.mark.xfail(strict=True, reason="a relative 'which' after a sourceless quotation is "
                   "made its source")
def test_which_after_a_sourceless_quotation_is_no_source(nlp) -> None:  # type: ignore[no-untyped-def]
    claims, _ = analysed(nlp, 'Grain prices "rose sharply on Thursday," which will hurt farmers.')
    assert all((c.source.text or "").lower() != "which" for c in claims)
