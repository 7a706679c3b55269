"""Framing: the role an article casts an actor in, on invented sentences."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tealeaves.model import Actor, Mention
from tealeaves.stages.stance.framing import (
    FINE_ROLES,
    MAIN_ROLES,
    actor_spans,
    actor_vector,
    cast_actor,
    load_framing_model,
    model_from_record,
    pick_fine,
    width,
)


def _actor(text: str, name: str, kind: str) -> Actor:
    mentions = tuple(Mention(m.start(), m.end(), name) for m in re.finditer(re.escape(name), text))
    return Actor(id=name.lower(), name=name, kind=kind, mentions=mentions)  # type: ignore[arg-type]


def test_pick_fine_stays_inside_the_main_role() -> None:
    names = ("Tyrant", "Victim", "Guardian", "Instigator")
    scores = np.array([1.0, 9.0, 8.0, 0.9])
    assert pick_fine(scores, names, "antagonist", 0.4) == ("Tyrant", "Instigator")
    assert pick_fine(scores, names, "antagonist", 0.6) == ("Tyrant",)
    assert pick_fine(scores, names, "innocent", 0.4) == ("Victim",)


def test_toy_model_gate_and_roles() -> None:
    x = np.zeros(4, dtype=np.float32)
    x[0] = 1.0
    record = {
        "gate": [5.0, 0, 0, 0], "gate_bias": -2.0, "gate_threshold": 0.5,
        "main": [[0, 0, 0, 0], [3.0, 0, 0, 0], [0, 0, 0, 0]], "main_bias": [0, 0, 0],
        "main_temperature": 1.0, "fine_roles": ["Tyrant", "Victim"],
        "fine": [[2.0, 0, 0, 0], [0, 0, 0, 0]], "fine_bias": [0, 0], "second": 1.01,
    }
    model = model_from_record(record)
    f = model.framing(x)
    assert f is not None and f.role == "antagonist" and f.fine == ("Tyrant",)
    assert f.score == pytest.approx(np.exp(3) / (np.exp(3) + 2), abs=1e-3)
    assert model.framing(np.zeros(4, dtype=np.float32)) is None  # the gate says: not cast


def test_shipped_model_shape() -> None:
    model = load_framing_model()
    assert model.main.shape == (3, width(model.groups))
    assert model.gate.shape == (width(model.groups),)
    assert set(model.fine_roles) <= {r for rs in FINE_ROLES.values() for r in rs}
    assert model.main_temperature > 0


def test_actor_vector_and_spans(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Colonel Brann ordered the raid. Brann later denied it. He left."
    doc = nlp(text)
    actor = _actor(text, "Brann", "person")
    actor = Actor(id=actor.id, name=actor.name, kind="person",
                  mentions=(*actor.mentions, Mention(text.index("He"), text.index("He") + 2,
                                                     "He", "pronoun")))
    assert actor_spans(actor) == [(8, 13), (32, 37)]  # names, not the pronoun
    x = actor_vector(doc, actor_spans(actor), "person")
    assert x is not None and x.shape == (width(load_framing_model().groups),)
    assert np.isfinite(x).all()


def test_obvious_roles(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The Varkan army shelled the refugee camp at dawn, killing dozens of civilians. "
            "The Varkan army has bombed hospitals and schools for months. "
            "Terrified civilians fled on foot; civilians who stayed had no water. "
            "Doctors Without Limits evacuated the wounded and brought food to the survivors.")
    doc = nlp(text)
    army = cast_actor(doc, _actor(text, "The Varkan army", "organization"))
    civilians = cast_actor(doc, _actor(text, "civilians", "group"))
    assert army is not None and army.role == "antagonist"
    assert civilians is not None and civilians.role == "innocent"
    assert 0.0 < army.score <= 1.0 and army.role in MAIN_ROLES
    assert all(f in FINE_ROLES[army.role] for f in army.fine)


def test_named_events_are_not_cast(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Tallinn summit collapsed. Critics blamed the Tallinn summit for the chaos."
    doc = nlp(text)
    assert cast_actor(doc, _actor(text, "Tallinn summit", "event")) is None
