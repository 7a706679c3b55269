"""The sourcing stage on real articles: the founding article, a PTC article, a long text."""

from __future__ import annotations

import pytest

from tealeaves.stages.sourcing import find_claims
from tests.conftest import need
from tests.stages.sourcing.claim_helpers import FOUNDING, attributed, claims_of, one_containing


def test_offsets_match_the_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = need(FOUNDING, "the founding article").read_text(encoding="utf-8")
    for c in find_claims(nlp(text), []):
        assert text[c.start : c.end] == c.text
        if c.cue:
            assert text[c.cue.start : c.cue.end] == c.cue.text
        if c.source.start is not None and c.source.end is not None:
            assert text[c.source.start : c.source.end] == c.source.text
        for h in c.hedges:
            assert text[h.start : h.end] == h.text


@pytest.fixture(scope="module")
def founding_claims(nlp):  # type: ignore[no-untyped-def]
    from tealeaves.model import Article
    from tealeaves.stages.actors.build import find_actors

    text = need(FOUNDING, "the founding article").read_text(encoding="utf-8")
    doc = nlp(text)
    return find_claims(doc, find_actors(doc, Article.from_text(text)))


def test_founding_anonymous_sources(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "completely unprepared")
    assert c.source.kind == "anonymous"
    assert c.source.text is not None and c.source.text.startswith("Sources")


def test_founding_rubio_quote(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "Forget it")
    assert c.quote and c.source.kind == "named_person" and c.source.text == "Rubio"


def test_founding_channel(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "it was all Rubio's fault")
    assert c.source.kind == "named_organization"
    assert c.via is not None and "kommersant" in c.via


def test_founding_mock_quotes(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "following old agreements")
    assert c.source.kind == "named_organization" and c.source.text == "they"
    assert "non-paper" in c.text  # the second mock quote goes with the first


def test_founding_reportedly(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "depressed")
    assert c.source.kind == "rumour"  # "reportedly" with no source in reach (SOURCING-GUIDE)
    assert "reportedly" in [h.text for h in c.hedges]


def test_founding_rumour(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "absolutely livid")
    assert c.source.kind == "rumour"
    assert c.cue is not None and c.cue.text == "Word is"


def test_founding_inner_circle(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "sabotage")
    assert c.source.kind == "anonymous"
    assert "apparently" in [h.text for h in c.hedges]


def test_founding_author_hedged_and_flat(founding_claims) -> None:  # type: ignore[no-untyped-def]
    hedged = one_containing(founding_claims, "commissioned by his rivals")
    assert hedged.source.kind == "author"
    assert "likely" in [h.text for h in hedged.hedges]
    flat = one_containing(founding_claims, "flew privately to Washington")
    assert flat.source.kind == "author" and flat.hedges == ()


def test_a_quote_paragraph_does_not_lend_its_subject_to_the_next(nlp) -> None:  # type: ignore[no-untyped-def]
    # a real article where the parser, left alone, runs the quotation's sentence into the
    # next paragraph and "said" takes "you" from the quote as its subject
    path = FOUNDING.parents[1] / "data" / "ptc2020" / "train" / "articles" / "article740808926.txt"
    need(path, "a PTC-2020 train article")
    c = one_containing(attributed(claims_of(nlp, path.read_text(encoding="utf-8"))), "hundreds more escaped")
    assert c.source.text == "ICE officials"


def test_long_article_is_not_quadratic(nlp) -> None:  # type: ignore[no-untyped-def]
    import time

    from spacy.tokens import Doc

    text = (
        "“We will not raise taxes this year,” the mayor said on Monday. "
        "Critics said the plan was reckless, according to a local paper. "
        'The council met. "It is a mistake and everyone knows it," one member told reporters.\n\n'
    )
    one = nlp(text)
    copies = 150
    big = Doc.from_docs([one] * copies)
    t0 = time.perf_counter()
    for _ in range(copies):
        find_claims(one, [])
    separate = time.perf_counter() - t0
    t0 = time.perf_counter()
    claims = find_claims(big, [])
    together = time.perf_counter() - t0
    assert len(claims) >= copies * 3
    assert together < 3 * separate + 0.5, (together, separate)


def test_content_of_a_very_deep_parse_does_not_recurse() -> None:
    from spacy.lang.en import English
    from spacy.tokens import Doc

    from tealeaves.stages.sourcing.attribution import content_of
    from tealeaves.stages.sourcing.cues import vocabulary

    # "said" over a reported clause parsed as a chain 3,000 words deep, deeper than Python's
    # recursion limit: the content is read by walking the tree without recursion
    n = 3_000
    words = ["He", "said"] + ["so"] * n
    heads = [1, 1, 1] + list(range(2, n + 1))
    deps = ["nsubj", "ROOT", "ccomp"] + ["dep"] * (n - 1)
    pos = ["PRON", "VERB", "VERB"] + ["ADV"] * (n - 1)
    doc = Doc(English().vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=words,
              spaces=[True] * (n + 1) + [False])
    got = content_of(doc, doc[1], [], vocabulary())
    assert got is not None
    assert got[0] == (doc[2].idx, len(doc.text)) and not got[1]
