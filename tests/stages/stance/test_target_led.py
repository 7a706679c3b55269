"""Target-led stance: what is said about the actor, by whom; settings and speakers get none.

Every sentence is invented for the test.
"""

from __future__ import annotations

import re

import pytest

from tealeaves.model import Actor, Mention
from tealeaves.stages.sourcing import find_claims
from tealeaves.stages.stance.assess import actor_stance, load_stance_model
from tealeaves.stages.stance.voices import is_setting, voice_of


def _actor(text: str, name: str, kind: str = "person") -> Actor:
    mentions = tuple(Mention(m.start(), m.end(), name) for m in re.finditer(re.escape(name), text))
    return Actor(id=name.lower(), name=name, kind=kind, mentions=mentions)  # type: ignore[arg-type]


def _stance(nlp, text: str, name: str, kind: str = "person"):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    actor = _actor(text, name, kind)
    return actor_stance(doc, actor, [], [], claims=find_claims(doc, [actor]))


def test_praised_among_negative_words(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Amid the devastating floods, the looting and the corrupt contractors, volunteers "
            "praised Mayor Ortiz for her tireless and courageous rescue work.")
    s = _stance(nlp, text, "Ortiz")
    assert s is not None and s.label == "positive"
    assert 0.0 < s.score <= 1.0


def test_condemned_among_positive_words(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The harvest festival was joyful and the weather was glorious, but Governor Halvorsen "
            "was exposed as a liar who stole the relief funds.")
    s = _stance(nlp, text, "Halvorsen")
    assert s is not None and s.label == "negative"


def test_a_setting_gets_no_stance(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The brutal, humiliating talks in Lisbon collapsed amid furious accusations."
    assert _stance(nlp, text, "Lisbon", "place") is None
    doc = nlp(text)
    start = text.index("Lisbon")
    assert is_setting(doc[:], start, start + 6)


def test_an_actor_never_evaluated_gets_no_stance(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Bureau of Trade Statistics published its quarterly figures on Monday."
    assert _stance(nlp, text, "Bureau of Trade Statistics", "organization") is None


def test_a_speaker_is_not_judged_by_their_own_words(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Marlow said the opposition was a gang of corrupt, treacherous and violent thugs.'
    doc = nlp(text)
    actor = _actor(text, "Marlow")
    claims = find_claims(doc, [actor])
    assert voice_of(doc[:], 0, 6, claims) == (None, None)
    assert actor_stance(doc, actor, [], [], claims=claims) is None


def test_author_and_relayed_voices_are_kept_apart(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Senator Quill has led a brave, honest and tireless campaign for clean water. "
            "Critics said Quill is a corrupt hypocrite who lies to voters.")
    s = _stance(nlp, text, "Quill")
    assert s is not None
    voices = {v.voice: v for v in s.voices}
    assert voices["author"].label == "positive"
    assert voices["relayed"].label == "negative" and voices["relayed"].claims
    first_sentence_end = text.index("water.") + 6
    assert all(e.end <= first_sentence_end for e in voices["author"].evidence)
    assert all(e.start >= first_sentence_end for e in voices["relayed"].evidence)
    assert all(text[e.start:e.end] == e.text for v in s.voices for e in v.evidence)


def test_probabilities_are_tempered_by_the_calibration() -> None:
    model = load_stance_model()
    assert model.temperature > 1.0  # the summed LR + SVM + dense scores were too sure


def test_a_weak_technique_span_does_not_evaluate(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.model import Technique

    text = "Director Pell, a so-called reformer, opened the new plant on Monday."
    doc = nlp(text)
    actor = _actor(text, "Pell")
    start = text.index("a so-called reformer")
    weak = Technique("Name_Calling,Labeling", start, start + 20, "a so-called reformer", 0.3)
    strong = Technique("Name_Calling,Labeling", start, start + 20, "a so-called reformer", 0.9)
    base = actor_stance(doc, actor, [], [])
    assert actor_stance(doc, actor, [weak], []) == base
    judged = actor_stance(doc, actor, [strong], [])
    assert judged is not None and judged != base  # the attached epithet weighs in
    if base is not None and base.label == "positive":
        assert judged.label == "negative" or judged.score < base.score


def test_mention_probabilities_are_kept_per_doc(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.stance.assess import target_probabilities

    doc = nlp("Ministers praised Okafor for her honest work.")
    first = target_probabilities(doc[:], 18, 24)
    first["positive"] = -1.0  # a caller's copy: the memo is not touched
    again = target_probabilities(doc[:], 18, 24)
    assert again["positive"] > 0 and sum(again.values()) == pytest.approx(1.0)
    assert len(doc.user_data["tealeaves.stance_probabilities"]) == 1
