from __future__ import annotations

from dataclasses import replace

import pytest

from tealeaves.model import SOURCE_KINDS, Analysis, Technique
from tealeaves.render.summary import (
    sourcing_summary,
    technique_label,
    technique_summary,
    truncate,
)


def test_sourcing_summary_counts_every_kind(rich_analysis: Analysis) -> None:
    s = sourcing_summary(rich_analysis)
    assert s["claims"] == 5
    for kind in SOURCE_KINDS:
        assert s[kind] == 1
        assert s["by_kind"][kind] == 1
    assert s["quotes"] == 1
    assert s["anonymous_or_rumour"] == 2
    assert s["share_anonymous_or_rumour"] == pytest.approx(0.4)
    assert s["hedged"] == 2
    assert s["share_hedged"] == pytest.approx(0.4)


def test_sourcing_summary_shares_follow_the_claims(rich_analysis: Analysis) -> None:
    # keep only the anonymous and rumour claims: all weakly sourced, half hedged
    weak = tuple(c for c in rich_analysis.claims if c.source.kind in ("anonymous", "rumour"))
    s = sourcing_summary(replace(rich_analysis, claims=weak))
    assert s["claims"] == 2
    assert s["share_anonymous_or_rumour"] == 1.0
    assert s["share_hedged"] == 0.5
    assert s["author"] == 0 and s["named_person"] == 0


def test_sourcing_summary_without_claims_is_zero(empty_analysis: Analysis) -> None:
    s = sourcing_summary(empty_analysis)
    assert s["claims"] == 0
    assert s["share_anonymous_or_rumour"] == 0.0
    assert s["share_hedged"] == 0.0
    assert all(s[k] == 0 for k in SOURCE_KINDS)


def test_technique_summary_orders_by_count_and_keeps_examples(rich_analysis: Analysis) -> None:
    top = technique_summary(rich_analysis, top=2)
    assert len(top) == 2
    assert top[0]["technique"] == "Loaded_Language"
    assert top[0]["count"] == 2
    # highest score first
    assert top[0]["examples"] == ["reckless, shameful gamble", "furious"]
    assert top[0]["example_scores"] == [0.91, 0.8]  # each example's own score
    assert top[0]["label"] == "Loaded language"
    # ties (count 1) broken by best score: fear (0.7) before name calling (0.55)
    assert top[1]["technique"] == "Appeal_to_fear-prejudice"


def test_technique_summary_deduplicates_examples(rich_analysis: Analysis) -> None:
    t = Technique("Doubt", 0, 7, "Foreign", 0.5)
    a = replace(rich_analysis, techniques=(t, t, replace(t, score=0.4)))
    (only,) = technique_summary(a)
    assert only["count"] == 3
    assert only["examples"] == ["Foreign"]


def test_technique_summary_empty(empty_analysis: Analysis) -> None:
    assert technique_summary(empty_analysis) == []


def test_technique_label() -> None:
    assert technique_label("Name_Calling,Labeling") == "Name calling, labeling"
    assert technique_label("Whataboutism,Straw_Men,Red_Herring") == "Whataboutism, straw men, red herring"


def test_truncate_keeps_both_ends() -> None:
    text = " ".join(f"w{i}" for i in range(200))
    out = truncate(text, 60)
    assert len(out) <= 64
    assert out.startswith("w0 w1") and out.endswith("w199")
    assert "…" in out
    assert truncate("short\n text", 60) == "short text"


def test_speaker_label_names_who_a_pronoun_stands_for(rich_analysis: Analysis) -> None:
    from tealeaves.model import Source
    from tealeaves.render.summary import speaker_label, via_label

    c1, c2, _, c4, c5 = rich_analysis.claims
    she = replace(c1, source=Source("named_person", "anna-berg", None, None, "She"))
    assert speaker_label(rich_analysis, she) == "She → Anna Berg"
    berg = replace(c1, source=Source("named_person", "anna-berg", None, None, "Berg"))
    assert speaker_label(rich_analysis, berg) == "Berg"  # an alias names her already
    assert speaker_label(rich_analysis, c1) == "Anna Berg"  # no words of its own
    assert speaker_label(rich_analysis, c2) == "officials familiar with the matter"
    assert speaker_label(rich_analysis, c5) is None
    assert via_label(rich_analysis, c4) == "The Daily Ledger" and via_label(rich_analysis, c1) is None


def test_share_of_attributed_claims(rich_analysis: Analysis) -> None:
    s = sourcing_summary(rich_analysis)
    assert s["attributed"] == 4
    assert s["share_attributed_anonymous_or_rumour"] == 0.5


def test_speaker_label_names_the_document_an_it_refers_to(rich_analysis: Analysis) -> None:
    from tealeaves.model import Source, Span
    from tealeaves.render.summary import speaker_label

    c1 = rich_analysis.claims[0]
    it = replace(c1, source=Source("named_organization", None, None, None, "It",
                                   refers=Span(0, 21, "Invented Defence Plan")))
    assert speaker_label(rich_analysis, it) == "It → Invented Defence Plan"
    bare = replace(c1, source=Source("named_organization", None, None, None, "It"))
    assert speaker_label(rich_analysis, bare) == "It (not resolved)"
