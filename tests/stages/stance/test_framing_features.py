"""What an actor does and what is done to it (the ``acts`` group), on invented sentences."""

from __future__ import annotations

import numpy as np
import pytest

from tealeaves.stages.stance.framing_features import (
    EVENT_CATEGORIES,
    GROUP_WIDTH,
    actor_groups,
    mention_acts,
)


def _acts(nlp, text: str, name: str) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    start = text.index(name)
    sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
    return mention_acts(sent, start, start + len(name))


@pytest.mark.parametrize(("text", "name", "agent", "patient"), [
    ("The Varkan army attacked the village at dawn.", "Varkan army", "ASSAULT", None),
    ("The village was attacked by the Varkan army.", "Varkan army", "ASSAULT", None),
    ("The Varkan army attacked the village at dawn.", "village", None, "ASSAULT"),
    ("The village was shelled overnight.", "village", None, "FIGHT"),
    ("Brussels sanctioned Moldavia last week.", "Moldavia", None, "COERCE"),
    ("The gunmen fired at the convoy.", "convoy", None, "FIGHT"),
    ("The minister met the delegation in the capital.", "minister", "CONSULT", None),
    ("The minister is tall.", "minister", None, None),
])
def test_mention_acts(nlp, text: str, name: str, agent: str | None, patient: str | None) -> None:  # type: ignore[no-untyped-def]
    assert _acts(nlp, text, name) == (agent, patient)


def test_acts_group_shares(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('The Varkan army attacked the village. "The Varkan army will pay," the mayor said. '
            "Observers condemned the Varkan army.")
    doc = nlp(text)
    spans = [(i, i + len("Varkan army")) for i in range(len(text))
             if text.startswith("Varkan army", i)]
    out = actor_groups(doc, spans, "organization", ("acts",))
    assert out is not None and out["acts"].shape == (GROUP_WIDTH["acts"],)
    v = out["acts"]
    n = len(EVENT_CATEGORIES)
    assert v[EVENT_CATEGORIES.index("ASSAULT")] == pytest.approx(1 / 3)  # agent once of three
    assert v[n + EVENT_CATEGORIES.index("DISAPPROVE")] == pytest.approx(1 / 3)  # condemned
    assert v[-1] == pytest.approx(1 / 3)  # one mention inside the quote
    assert np.isfinite(v).all()
