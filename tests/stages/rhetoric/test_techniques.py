"""The rhetoric stage: technique spans, technique labels and genre (the quality gate on the
held-out PTC articles is in tests/evaluate/test_gates.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tealeaves import classify_techniques
from tealeaves.errors import InputError
from tealeaves.model import GENRES, TECHNIQUES, Genre, Technique
from tealeaves.stages.rhetoric import genre as genre_mod
from tealeaves.stages.rhetoric.techniques import (
    SI_META,
    classify_genre,
    decode_runs,
    find_techniques,
    model_dir,
    rank_labels,
)
from tests.conftest import need

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
FOUNDING = SHARED / "examples" / "lavrov-last-tango.txt"
PTC = SHARED / "data" / "ptc2020" / "train"


@pytest.fixture(scope="module")
def founding_doc(nlp):  # type: ignore[no-untyped-def]
    return nlp(need(FOUNDING, "the founding article").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def founding_techniques(founding_doc) -> list[Technique]:  # type: ignore[no-untyped-def]
    return find_techniques(founding_doc)


def _overlapping(techs: list[Technique], text: str, phrase: str) -> list[Technique]:
    start = text.index(phrase)
    end = start + len(phrase)
    return [t for t in techs if t.start < end and start < t.end]


def test_techniques_are_valid_records(founding_doc, founding_techniques) -> None:  # type: ignore[no-untyped-def]
    text = founding_doc.text
    assert founding_techniques, "no persuasion spans found in an opinion piece"
    for t in founding_techniques:
        assert isinstance(t, Technique)
        assert t.technique in TECHNIQUES
        assert 0 <= t.start < t.end <= len(text)
        assert t.text == text[t.start : t.end]
        assert 0.0 <= t.score <= 1.0
    # main spans do not overlap; nested name-calling findings lie inside a main span
    main = sorted((t.start, t.end) for t in founding_techniques if not _nested(t, founding_techniques))
    assert all(a[1] <= b[0] for a, b in zip(main, main[1:], strict=False)), "spans overlap"
    for t in founding_techniques:
        if _nested(t, founding_techniques):
            assert t.technique == "Name_Calling,Labeling"


def _nested(t: Technique, techs: list[Technique]) -> bool:
    return any(
        o is not t and o.start <= t.start and t.end <= o.end and (o.end - o.start) > (t.end - t.start)
        for o in techs
    )


def test_founding_article_name_calling(founding_doc, founding_techniques) -> None:  # type: ignore[no-untyped-def]
    text = founding_doc.text
    names = [
        t
        for phrase in ("the Russian dictator", "Foreign Ministry hacks", "tame newspaper")
        for t in _overlapping(founding_techniques, text, phrase)
    ]
    assert any(t.technique == "Name_Calling,Labeling" for t in names), names


@pytest.mark.xfail(
    strict=True,
    reason="known miss (issue 5 open): the decoding chosen by cross-validation (CRF weight 0.5, "
    "thresholds 0.25 / 0.15) peaks at 0.244 on 'headless', just under 0.25; the threshold is "
    "not moved for the example",
)
def test_founding_article_loaded_language(founding_doc, founding_techniques) -> None:  # type: ignore[no-untyped-def]
    text = founding_doc.text
    loaded = _overlapping(founding_techniques, text, "running around like headless chickens")
    assert any(t.technique == "Loaded_Language" for t in loaded), loaded


def test_classify_techniques_one_label_per_span() -> None:
    text = need(FOUNDING, "the founding article").read_text(encoding="utf-8")
    phrases = ["headless chickens", "the Russian dictator", "Did they really think they would?"]
    spans = [(text.index(p), text.index(p) + len(p)) for p in phrases]
    labels = classify_techniques(text, spans)
    assert len(labels) == len(spans)
    assert all(lab in TECHNIQUES for lab in labels)
    # the same span given twice gets two different labels (its two most likely ones)
    twice = classify_techniques(text, [spans[0], spans[0]])
    assert len(set(twice)) == 2
    assert classify_techniques(text, []) == []


def test_classify_techniques_rejects_spans_outside_the_text() -> None:
    with pytest.raises(InputError):
        classify_techniques("short text", [(3, 50)])
    with pytest.raises(InputError):
        classify_techniques("short text", [(5, 5)])


def test_decode_runs_thresholds_token_marginals(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("They are total idiots, said nobody.")
    toks = [t for t in doc if not t.is_space]
    probs = [0.0, 0.1, 0.6, 0.7, 0.05, 0.0, 0.0, 0.0]
    (start, end, score), = decode_runs(toks, probs, 0.5)
    assert doc.text[start:end] == "total idiots"
    assert score == pytest.approx(0.65)
    assert decode_runs(toks, probs, 0.9) == []


def test_rank_labels_gives_duplicates_successive_labels() -> None:
    probs = [[0.1, 0.7, 0.2], [0.1, 0.7, 0.2], [0.5, 0.2, 0.3]]
    assert rank_labels(probs, ["a", "b", "c"], [(0, 1), (0, 1), (2, 3)]) == ["b", "c", "a"]


def test_genre_is_valid_and_opinion_for_the_founding_article(founding_doc, founding_techniques) -> None:  # type: ignore[no-untyped-def]
    g = classify_genre(founding_doc, [], founding_techniques)
    assert isinstance(g, Genre)
    assert g.label in GENRES
    assert 0.5 <= g.confidence <= 1.0
    assert g.label == "opinion"


def test_genre_reporting_for_a_wire_report(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "WASHINGTON (AP) — The Senate on Tuesday passed a bill to fund the government "
        "through March, sending it to the president, who is expected to sign it. "
        "The vote was 71-28. Senate Majority Leader Mitch McConnell said the measure "
        "would keep agencies open while talks continue. \"This is a responsible step,\" "
        "he told reporters. Democrats said they had secured money for disaster relief, "
        "according to a summary released by the Appropriations Committee. "
        "The House approved the measure last week."
    )
    doc = nlp(text)
    g = classify_genre(doc, [], find_techniques(doc))
    assert g is not None and g.label == "reporting"


def test_satire_only_on_an_explicit_disclaimer(nlp) -> None:  # type: ignore[no-untyped-def]
    body = "The minister announced that all meetings will now be held underwater. " * 3
    plain = classify_genre(nlp(body), [], [])
    assert plain is not None and plain.label != "satire"
    marked = classify_genre(nlp(body + "\nThis article is satire."), [], [])
    assert marked == Genre("satire", 0.9)
    assert genre_mod.satire_disclaimer("A satirical news site wrote this.") is True


def test_empty_doc_gives_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("   ")
    assert find_techniques(doc) == []
    assert classify_genre(doc, [], []) is None


def test_technique_features_include_span_and_sentence_embeddings() -> None:
    from tealeaves.stages.rhetoric.classifier import EMB_DIM, embedding_block
    from tealeaves.stages.rhetoric.features import span_records
    from tealeaves.stages.rhetoric.techniques import load_technique_classifier

    meta = json.loads((model_dir() / SI_META).read_text(encoding="utf-8"))
    clf = load_technique_classifier()
    assert clf.emb_weight == meta["tc"]["emb_weight"] > 0
    text = "They are traitors. Traitors, all of them, and cowards too."
    recs = span_records(text, [(9, 17), (19, 27), (19, 27)])
    block = embedding_block(recs)
    assert block.shape == (3, 2 * EMB_DIM)
    # the span half and the sentence half are unit vectors; equal texts give equal rows
    assert (block[:, :EMB_DIM] ** 2).sum(axis=1) == pytest.approx([1.0, 1.0, 1.0], abs=1e-3)
    assert abs(float(block[1] @ block[2]) - 2.0) < 1e-4
    assert abs(float(block[0, EMB_DIM:] @ block[1, EMB_DIM:]) - 1.0) > 1e-3  # other sentence
