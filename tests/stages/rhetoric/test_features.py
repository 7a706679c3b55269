"""The span finder's token features (``stages.rhetoric.features``) on invented sentences."""

from __future__ import annotations

from tealeaves.stages.rhetoric.features import (
    doc_token_features,
    quote_state,
    sentence_bounds,
    sentence_units,
)

TEXT = "Critics called the plan a “disgrace”. The plan failed, critics said."


def test_token_features_name_the_neighbours(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    feats = doc_token_features(doc)
    assert [len(f) for f in feats] == [len(u) for u in sentence_units(doc)]
    first = feats[0]
    words = [f["w"] for f in first]
    plan = first[words.index("plan")]
    assert (plan["-2:w"], plan["-1:w"], plan["1:w"], plan["2:w"]) == ("called", "the", "a", "“")
    assert plan["-1:w|w"] == "the|plan" and plan["w|+1:w"] == "plan|a"
    assert plan["-1:pos"] == "DET" and plan["hlem"] == "call"
    assert first[0]["-1:w"] == "<S>" and first[0]["-2:w"] == "<S>"
    assert first[-1]["1:w"] == "</S>" and "w|+1:w" not in first[-1]
    assert first[words.index("disgrace")]["quoted"] == 1.0 and plan["quoted"] == 0.0
    # "plan" and "critics" come twice in the article: the repetition cue counts them
    assert plan["rep"] == "2" and first[0]["rep"] == "2" and plan["s_first"] == "critics"
    assert feats[1][0]["s_first"] == "the" and feats[1][0]["title"] == 1.0


def test_token_features_with_the_units_given_are_the_same(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    assert doc_token_features(doc, sentence_units(doc)) == doc_token_features(nlp(TEXT))


def test_quote_state_is_kept_per_doc_and_returned_fresh(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    state = quote_state(doc)
    assert state[[t.text for t in doc].index("disgrace")] is True
    state[:] = [True] * len(state)  # a caller's change does not reach the next caller
    assert quote_state(doc) == quote_state(nlp(TEXT)) != state


def _prefix_search(text: str, start: int, end: int) -> tuple[tuple[int, int], list[bool]]:
    """What span_records computed per span before the text index: the sentence bounds by a
    search from the start of the text, and for each word count whether it occurs earlier."""
    from tealeaves.stages.rhetoric.features import _norm

    prefix = f" {_norm(text[:start])} "
    norms = [_norm(text[a:b]) for a, b in [(start, end), (start, start + 3), (start, start + 9)]]
    return sentence_bounds(text, start, end), [len(n) >= 3 and f" {n} " in prefix for n in norms]


def test_text_index_answers_as_the_prefix_search() -> None:
    import random

    from tealeaves.stages.rhetoric.features import _norm, _TextIndex

    pieces = ["The plan", " failed.", " “It failed!”", "\n\n", " ΣΟΦΙΑ said", " İstanbul", " so?",
              " the plan failed", ") ", "  ", "plan.", "'", " (again)."]
    rng = random.Random(7)
    for _ in range(60):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        index = _TextIndex(text)
        for _ in range(20):
            start = rng.randrange(len(text))
            end = rng.randint(start + 1, len(text))
            bounds, earlier = _prefix_search(text, start, end)
            assert index.bounds(start, end) == bounds, (text, start, end)
            norms = [_norm(text[a:b]) for a, b in [(start, end), (start, start + 3),
                                                   (start, start + 9)]]
            assert [len(n) >= 3 and index.earlier(start, n) for n in norms] == earlier, (text, start)


def test_parse_attributes_read_once_are_the_tokens_own(nlp) -> None:  # type: ignore[no-untyped-def]
    """Tags, relations, entity types and heads come from the parse's arrays once per Doc:
    each token's features hold what the Token itself says, shapes included."""
    from tealeaves.stages.rhetoric.features import _shape

    doc = nlp("Angela Merkel met 3 USA officials in Berlin on Monday. NATO said: “No.”")
    for unit, feats in zip(sentence_units(doc), doc_token_features(doc), strict=True):
        for tok, f in zip(unit, feats, strict=True):
            assert (f["tag"], f["dep"], f["ent"], f["hlem"], f["hpos"], f["shape"]) == (
                tok.tag_, tok.dep_, tok.ent_type_ or "O", tok.head.lemma_.lower(),
                tok.head.pos_, _shape(tok.text))
    assert any(f["ent"] == "GPE" for f in doc_token_features(doc)[0])
