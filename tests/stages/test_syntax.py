"""The shared parse helpers."""

from __future__ import annotations

from tealeaves.stages.syntax import subtree, tree_distance


def test_subtree_matches_spacy_on_every_token(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The minister, who had denied the rumours on Tuesday, said that talks with "
              "Washington would resume, according to two officials familiar with the plan.")
    for tok in doc:
        assert [t.i for t in subtree(tok)] == [t.i for t in tok.subtree]


def test_subtree_of_a_very_deep_tree_does_not_recurse() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    n = 60_000  # a chain: each word heads the next; spaCy's own walk would nest 60,000 deep
    doc = Doc(Vocab(), words=["w"] * n, heads=[max(i - 1, 0) for i in range(n)],
              deps=["ROOT"] + ["dep"] * (n - 1))
    assert [t.i for t in subtree(doc[0])] == list(range(n))


def test_tree_distance_counts_arcs(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Smith said the plan failed.")
    said, plan = doc[1], doc[3]
    assert tree_distance(said, said) == 0
    assert tree_distance(plan, said) == 2  # plan -> failed -> said


def test_head_indices_are_each_tokens_head(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.syntax import head_indices

    doc = nlp("Critics, who had long doubted him, said on Monday that the mayor had resigned. "
              "He denied it.")
    assert head_indices(doc) == [t.head.i for t in doc]
    assert head_indices(doc) is head_indices(doc)  # read once per Doc
    assert any(h < i for i, h in enumerate(head_indices(doc)))  # heads to the left too
    bare = nlp.make_doc("no parse at all")
    assert head_indices(bare) == [0, 1, 2, 3]
