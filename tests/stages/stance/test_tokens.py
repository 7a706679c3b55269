"""The stance features' per-Doc token table: the spaCy attributes themselves, read once."""

from __future__ import annotations

from tealeaves.stages.stance.features import lexicon, target_features, target_tokens, valence
from tealeaves.stages.stance.tokens import TABLE_KEY, token_table

SENTENCES = (
    'The minister, a "reckless" man, said 42 protesters were   hurt and 3,000 fled.',
    "Officials didn't deny it; the   council praised the wonderful new plan.\n\nNo one won.",
    "“Never again,” she wrote — twelve dead, and nobody blamed.",
)


def _reference(doc, i):  # type: ignore[no-untyped-def]
    t = doc[i]
    return (t.idx, t.idx + len(t.text), t.text, t.lower_,
            "<NUM>" if t.like_num else t.lower_, t.is_space, t.is_punct, t.is_stop,
            valence(t))


def test_table_holds_each_tokens_attributes(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in SENTENCES:
        doc = nlp(text)
        tab = token_table(doc, lexicon())
        assert doc.user_data[TABLE_KEY] is tab
        assert token_table(doc, lexicon()) is tab  # built once per Doc
        got = list(zip(tab.idx, tab.end, tab.text, tab.lower, tab.norm, tab.space, tab.punct,
                       tab.stop, tab.valence, strict=True))
        assert got == [_reference(doc, i) for i in range(len(doc))]
        assert any(n == "<NUM>" for n in tab.norm) or "No one" in text
        assert any(v != 0.0 for v in tab.valence)


def test_target_tokens_are_the_tokens_overlapping_the_range(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in SENTENCES:
        doc = nlp(text)
        for sent in doc.sents:
            for start in range(sent.start_char, sent.end_char, 3):
                for end in (start + 1, start + 7, start + 20):
                    want = [t for t in sent if t.idx < end and t.idx + len(t.text) > start]
                    assert target_tokens(sent, start, end) == want


def test_features_do_not_depend_on_when_the_table_is_built(nlp) -> None:  # type: ignore[no-untyped-def]
    """The same features whether the table is fresh, kept from an earlier target, or
    rebuilt after being dropped."""
    doc = nlp(SENTENCES[0])
    sent = doc[:].sent
    first = target_features(sent, 4, 12)  # "minister"
    doc.user_data.pop(TABLE_KEY)
    assert target_features(sent, 4, 12) == first
    assert target_features(sent, 4, 12) == first
    assert first["w:<T>"] == 1.0 and first["l1:the"] == 1.0 and "r:reckless" in first
    assert first["w:<NUM>"] == 1.0
