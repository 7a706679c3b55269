"""Stance: the NewsMTSC-trained target model, per-actor aggregation, the public helper."""

from __future__ import annotations

import re

import pytest

import tealeaves
from tealeaves.model import Actor, Event, Mention, Span, Technique
from tealeaves.stages.stance.assess import (
    actor_stance,
    assess_actors,
    load_stance_model,
    stance_towards,
)


def test_model_loads_and_gives_probabilities() -> None:
    model = load_stance_model()
    assert set(model.classes) == {"negative", "neutral", "positive"}
    assert len(model.weights) > 1000
    base = model.probabilities({})
    probs = model.probabilities({"w:liar": 1.0, "w:corrupt": 1.0, "vader_compound": -0.9})
    assert sum(probs.values()) == pytest.approx(1.0)
    assert probs["negative"] > base["negative"] and probs["positive"] < base["positive"]


def test_clear_cases() -> None:
    neg = "Critics slammed Smith as a corrupt, incompetent liar who betrayed his voters."
    pos = "Jones was widely praised for her brilliant, courageous and honest leadership."
    assert stance_towards(neg, neg.index("Smith"), neg.index("Smith") + 5) == "negative"
    assert stance_towards(pos, 0, 5) == "positive"
    assert tealeaves.stance_towards(pos, 0, 5) == "positive"


def test_bad_offsets_raise() -> None:
    with pytest.raises(ValueError):
        stance_towards("Smith spoke.", 5, 2)
    with pytest.raises(ValueError):
        stance_towards("Smith spoke.", 0, 99)
    with pytest.raises(TypeError):
        stance_towards(b"Smith", 0, 5)  # type: ignore[arg-type]


def _actor(text: str, name: str) -> Actor:
    mentions = tuple(Mention(m.start(), m.end(), name) for m in re.finditer(name, text))
    return Actor(id=name.lower(), name=name, kind="person", mentions=mentions)


def test_techniques_and_events_weigh_in(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ivanov met the delegation on Monday. Ivanov spoke for an hour."
    doc = nlp(text)
    actor = _actor(text, "Ivanov")
    # met, spoke: nothing said about Ivanov, so no stance at all
    assert actor_stance(doc, actor, [], []) is None
    tech = Technique(technique="Name_Calling,Labeling", start=0, end=6, text="Ivanov", score=1.0)
    start = text.index("Ivanov spoke")
    event = Event(id="e1", category="ACCUSE", actor=None, target="ivanov",
                  action=Span(start + 7, start + 12, "spoke"), start=start, end=len(text) - 1)
    loaded = actor_stance(doc, actor, [tech, tech], [event, event])
    assert loaded is not None and loaded.label == "negative"
    assert any(e.start == start for e in loaded.evidence)
    assert all(text[e.start : e.end] == e.text for e in loaded.evidence)


def test_assess_actors_fills_every_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.events.extract import find_events

    text = "Ivanov was praised by colleagues. The president sacked Petrov after the corruption scandal."
    doc = nlp(text)
    actors = [_actor(text, "Ivanov"), _actor(text, "Petrov")]
    events = find_events(doc, actors)
    out = assess_actors(doc, actors, [], events)
    assert [a.id for a in out] == ["ivanov", "petrov"]
    assert all(a.stance is not None for a in out)
    petrov = out[1]
    assert petrov.stance is not None and petrov.stance.label == "negative"
    assert ("dismissed", "falling") in {(s.signal, s.direction) for s in petrov.standing}


def _named(analysis, part: str) -> Actor:  # type: ignore[no-untyped-def]
    matches = [a for a in analysis.actors if part in a.name]
    assert matches
    return max(matches, key=lambda a: len(a.mentions))


@pytest.mark.slow
def test_founding_article_stance(founding_analysis) -> None:  # type: ignore[no-untyped-def]
    a = founding_analysis
    assert not [i for i in a.issues if i.stage == "stance"], a.issues
    lavrov = _named(a, "Lavrov")
    assert lavrov.stance is not None and lavrov.stance.label == "negative"
    assert lavrov.stance.evidence and 0.0 < lavrov.stance.score <= 1.0
    text = a.article.text
    for actor in a.actors:
        assert actor.stance is None or actor.stance.label in ("negative", "neutral", "positive")
        for e in actor.stance.evidence if actor.stance else ():
            assert text[e.start : e.end] == e.text


def test_technique_must_touch_the_mention(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ivanov, a notorious liar, met the delegation, and weeks later in Moscow the council thanked Petrov for his work."
    doc = nlp(text)
    start = text.index("a notorious liar")
    tech = Technique(technique="Name_Calling,Labeling", start=start, end=start + 16, text="a notorious liar", score=0.9)
    ivanov, petrov = _actor(text, "Ivanov"), _actor(text, "Petrov")
    # the epithet weighs on the actor it is attached to, not on one named further on
    assert actor_stance(doc, ivanov, [tech], []) != actor_stance(doc, ivanov, [], [])
    assert actor_stance(doc, petrov, [tech], []) == actor_stance(doc, petrov, [], [])


def test_context_features_follow_the_parse(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.stance.features import target_features

    text = "Voters did not trust Smith after the scandal, but they loved the mayor."
    doc = nlp(text)
    feats = target_features(doc[:], text.index("Smith"), text.index("Smith") + 5)
    # the path from the target to the root runs through the negated verb
    assert feats.get("p:trust") == 1.0 and feats.get("pneg:trust") == 1.0
    # the clause outside the target, marked as negated; the target's own words are not in it
    assert feats.get("hs:voter") == 1.0 and feats.get("nhs:voter") == 1.0
    assert "hs:smith" not in feats
    # VADER left and right of the target see different text
    assert feats["vader_right"] > feats.get("vader_left", 0.0)
    plain = nlp("Voters trusted Smith after the scandal.")
    other = target_features(plain[:], 15, 20)
    assert other.get("p:trust") == 1.0 and other.get("hs:voter") == 1.0
    assert "pneg" not in other and "nhs:voter" not in other
    # the target's own words count, but never a name
    assert "tw:smith" not in feats
    officials = target_features(plain[:], 0, 6)
    assert officials.get("tw:voters") == 1.0


def test_dense_features_read_the_shared_encoding(nlp) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from tealeaves.embeddings import DIM, encode, sentence_encodings
    from tealeaves.stages.stance.features import DENSE_BLOCKS, dense_features

    text = "The minister arrived late. Critics said the minister had lied to parliament."
    doc = nlp(text)
    start = text.rindex("the minister") + 4
    sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
    dense = dense_features(sent, start, start + 8)
    assert set(dense) == set(DENSE_BLOCKS)
    assert all(v.shape == (DIM,) for v in dense.values())
    (_, first), (base, second) = sentence_encodings(doc)  # cached on the Doc, one per sentence
    assert np.allclose(dense["sent"], second.vector)
    assert np.allclose(dense["tgt"], second.span(start - base, start - base + 8))
    # the same word in the other sentence reads another contextual state
    other = dense_features(next(iter(doc.sents)), 4, 12)
    assert not np.allclose(other["tgt"], dense["tgt"])
    # the state of the target word, not of the whole sentence
    alone = encode([text[base:]])[0]
    assert np.allclose(dense["tgt"], alone.span(start - base, start - base + 8), atol=0.1)
    assert not np.allclose(dense["tgt"], dense["rest"], atol=0.1)


def test_model_reads_dense_blocks() -> None:
    import numpy as np

    from tealeaves.embeddings import DIM

    model = load_stance_model()
    assert model.dense  # the shipped model reads the shared MiniLM pass
    assert all(w.shape == (len(model.classes), DIM) for w in model.dense.values())
    # the mechanics, on a small model: the dense block adds its matrix times the vector
    from tealeaves.stages.stance.assess import StanceModel

    toy = StanceModel(("negative", "neutral", "positive"), (0.0, 0.0, 0.0), {"w:x": [1.0, 0.0, 0.0]},
                      {"tgt": np.array([[0.0, 0.0], [0.0, 0.0], [1.0, -1.0]])})
    assert toy.probabilities({}) == pytest.approx(dict.fromkeys(toy.classes, 1 / 3))
    up = toy.probabilities({}, {"tgt": np.array([2.0, 0.0])})
    down = toy.probabilities({}, {"tgt": np.array([0.0, 2.0])})
    assert up["positive"] > 1 / 3 > down["positive"]
    assert toy.probabilities({"w:x": 2.0}, {"sent": np.ones(2)})["negative"] > 1 / 3


def test_encode_docs_fills_each_docs_cache(nlp) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from tealeaves.embeddings import encode, encode_docs, sentence_encodings

    texts = ["Smith resigned. Jones stayed on.", "The council praised the mayor."]
    docs = list(nlp.pipe(texts))
    encode_docs(docs)
    first = sentence_encodings(docs[0])
    assert [a for a, _e in first] == [s.start_char for s in docs[0].sents]
    assert [e.text for _a, e in first] == [s.text for s in docs[0].sents]
    alone = encode([docs[1].text])[0]
    (_, cached), = sentence_encodings(docs[1])
    assert np.allclose(cached.vector, alone.vector, atol=0.05)


def _sequential_scores(model, feats: dict[str, float]) -> list[float]:  # type: ignore[no-untyped-def]
    """The sparse scores as a plain loop adds them: intercept, then feature by feature."""
    scores = list(model.intercept)
    for name, value in feats.items():
        w = model.weights.get(name)
        if w is not None:
            for k in range(len(scores)):
                scores[k] += w[k] * value
    return scores


def test_sparse_scores_equal_a_sequential_sum_bit_for_bit() -> None:
    """The vectorised sum keeps the order of the additions, so each probability is the very
    float the feature-by-feature loop gives (outputs stay byte-identical)."""
    import math
    import random

    model = load_stance_model()
    rng = random.Random(7)
    names = sorted(model.weights)
    for trial in range(40):
        feats = {name: rng.uniform(-3.0, 3.0) for name in rng.sample(names, 5 + 20 * trial)}
        feats[f"unknown:{trial}"] = 1.0  # names the model never saw are skipped
        feats = dict(rng.sample(list(feats.items()), len(feats)))
        scores = [x / model.temperature for x in _sequential_scores(model, feats)]
        exps = [math.exp(s - max(scores)) for s in scores]
        expected = {c: e / sum(exps) for c, e in zip(model.classes, exps, strict=True)}
        assert model.probabilities(feats) == expected  # exact, not approximate
    assert model.probabilities({}) == model.probabilities({"never:seen": 2.0})


def test_framing_reads_the_dense_blocks_stance_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    """Framing asks for a subset of the stance model's dense blocks for the same mentions:
    it gets the very arrays the stance model read, equal to computing them anew."""
    import numpy as np

    from tealeaves.stages.stance.assess import target_dense, target_probabilities
    from tealeaves.stages.stance.features import dense_features
    from tealeaves.stages.stance.framing import BLOCKS

    text = "Critics said the mayor betrayed the town. The council praised Smith for his work."
    doc = nlp(text)
    sent = list(doc.sents)[1]
    start = text.index("Smith")
    fresh = dense_features(sent, start, start + 5, BLOCKS)
    assert target_dense(sent, start, start + 5, BLOCKS).keys() == fresh.keys()  # nothing kept yet
    target_probabilities(sent, start, start + 5)
    kept = target_dense(sent, start, start + 5, BLOCKS)
    assert set(kept) == set(fresh) == set(BLOCKS)
    assert all(np.array_equal(kept[b], fresh[b]) for b in BLOCKS)
    # a block the stance model never read is computed, not looked up
    assert target_dense(sent, start, start + 5, ("tgt", "missing")).keys() == {"tgt"}
