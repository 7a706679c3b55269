"""Who contests a denied exit in Russian: ``contested_by`` names the denier's claim (invented
sentences)."""

from __future__ import annotations

from typing import Any

import pytest

WITH_CLAIMS = ("actors", "sourcing", "events", "stance")


def _exit_of(a: Any, actor: str) -> Any:
    signals = [s for x in a.actors if x.id == actor for s in x.standing]
    assert len(signals) == 1, signals
    return signals[0]


def _claim_cued_by(a: Any, word: str) -> str:
    ids = [c.id for c in a.claims if c.cue is not None and c.cue.text.startswith(word)]
    assert len(ids) == 1, a.claims
    return str(ids[0])


@pytest.mark.parametrize(("text", "cue"), [
    ("Пресс-секретарь Олег Сидоров опроверг слухи об отставке министра Ивана Петрова.",
     "опроверг"),
    ("Кремль опроверг информацию о возможной отставке министра Ивана Петрова.", "опроверг"),
    ("Пресс-секретарь Олег Сидоров назвал слухи об отставке Ивана Петрова выдумкой.",
     "назвал"),
])
def test_a_denied_exit_names_the_deniers_claim(ru: Any, text: str, cue: str) -> None:
    a = ru(text, stages=WITH_CLAIMS)
    sig = _exit_of(a, "ivan-petrov")
    assert sig.contested
    assert sig.contested_by == _claim_cued_by(a, cue)


def test_a_relayed_denial_names_the_inner_claim_not_the_relayer(ru: Any) -> None:
    a = ru("Олег Сидоров заявил, что Кремль опроверг слухи об отставке Ивана Петрова.",
           stages=WITH_CLAIMS)
    sig = _exit_of(a, "ivan-petrov")
    denial = _claim_cued_by(a, "опроверг")
    assert sig.contested_by == denial
    assert denial != _claim_cued_by(a, "заявил")


def test_an_undenied_rumour_has_no_contester(ru: Any) -> None:
    a = ru("В Москве распространились слухи об отставке министра Ивана Петрова.",
           stages=WITH_CLAIMS)
    sig = _exit_of(a, "ivan-petrov")
    assert (sig.contested, sig.contested_by) == (False, None)


def test_without_the_sourcing_stage_the_denial_is_contested_but_unattributed(ru: Any) -> None:
    a = ru("Пресс-секретарь Олег Сидоров опроверг слухи об отставке министра Ивана Петрова.",
           stages=("actors", "events", "stance"))
    sig = _exit_of(a, "ivan-petrov")
    assert (sig.contested, sig.contested_by) == (True, None)
