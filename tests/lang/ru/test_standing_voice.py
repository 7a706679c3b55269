"""Who says so for Russian standing signals (invented sentences): the claim a signal rests
on and its source kind, a speaker's own words, a denial that cues the claim."""

from __future__ import annotations

from typing import Any

import pytest


def _signals(a: Any, actor: str) -> list[Any]:
    return [s for x in a.actors if x.id == actor for s in x.standing]


def _one(a: Any, actor: str) -> Any:
    found = _signals(a, actor)
    assert len(found) == 1, [(x.id, x.standing) for x in a.actors]
    return found[0]


def _claim_of(a: Any, cue: str) -> Any:
    found = [c for c in a.claims if c.cue is not None and c.cue.text.startswith(cue)]
    assert len(found) == 1, a.claims
    return found[0]


@pytest.mark.parametrize(("text", "actor", "cue", "kind"), [
    ("Министр Иван Петров заявил, что губернатор Олег Сидоров был уволен.", "oleg-sidorov",
     "заявил", "named_person"),
    ("Иван Петров заявил, что Олег Сидоров в опале.", "oleg-sidorov", "заявил",
     "named_person"),
    ("По словам источников, Путин отправил в отставку министра Ивана Петрова.", "ivan-petrov",
     "По словам", "anonymous"),
])
def test_a_signal_inside_a_claim_rests_on_that_claim(ru: Any, text: str, actor: str, cue: str,
                                                    kind: str) -> None:
    a = ru(text)
    sig = _one(a, actor)
    claim = _claim_of(a, cue)
    assert (sig.claim, sig.source_kind) == (claim.id, kind)
    assert (sig.contested, sig.contested_by) == (False, None)


def test_a_signal_outside_any_claim_is_the_authors(ru: Any) -> None:
    a = ru("Губернатор Олег Сидоров был уволен в понедельник.",
           stages=("actors", "events", "stance"))
    sig = _one(a, "oleg-sidorov")
    assert (sig.claim, sig.source_kind) == (None, "author")


def test_a_speaker_is_no_bearer_of_his_own_words(ru: Any) -> None:
    a = ru("Иван Петров пожаловался, что он в опале.")
    assert _signals(a, "ivan-petrov") == []


def test_the_event_names_who_is_sent_off_not_the_nearest_person(ru: Any) -> None:
    a = ru("По словам источников, Путин отправил в отставку министра Ивана Петрова.")
    assert _signals(a, "vladimir-putin") == []
    assert _one(a, "ivan-petrov").type == "dismissed"


def test_a_claim_cued_by_a_denial_contests_the_signal(ru: Any) -> None:
    a = ru("Пресс-секретарь Дмитрий Песков опроверг, что министр Иван Петров уволен.")
    sig = _one(a, "ivan-petrov")
    denial = _claim_of(a, "опроверг")
    assert sig.contested and sig.contested_by == denial.id
    assert (sig.claim, sig.source_kind) == (denial.id, "named_person")


def test_a_denied_rumour_rests_on_the_rumour_and_names_the_denier(ru: Any) -> None:
    a = ru("Песков опроверг слухи об отставке Ивана Петрова.")
    sig = _one(a, "ivan-petrov")
    rumour = next(c for c in a.claims if c.source.kind == "rumour")
    assert (sig.type, sig.source_kind, sig.claim) == ("rumoured_ouster", "rumour", rumour.id)
    assert sig.contested and sig.contested_by == _claim_of(a, "опроверг").id


def test_a_plain_exit_keeps_its_bearer(ru: Any) -> None:
    a = ru("Министр Иван Петров ушёл в отставку.")
    sig = _one(a, "ivan-petrov")
    assert (sig.direction, sig.type) == ("falling", "dismissed")
    assert sig.source_kind == "author" and not sig.contested


@pytest.mark.parametrize("text", [
    "Министр Иван Петров заявил, что он уходит в отставку.",
    "Министр Иван Петров сообщил, что он подал в отставку.",
])
def test_a_speaker_announcing_his_own_exit_keeps_it(ru: Any, text: str) -> None:
    a = ru(text)
    sig = _one(a, "ivan-petrov")
    claim = a.claims[0]
    assert (sig.direction, sig.type, sig.claim) == ("falling", "dismissed", claim.id)
    assert claim.source.actor == "ivan-petrov"
