"""The standing board (who's up, who's down) and the timeline's split by who says so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tealeaves.corpus import actor_standing, standing_board, timeline
from tealeaves.corpus.standing import sentence_around
from tealeaves.model import Actor, Analysis, Article, Mention, StandingSignal
from tealeaves.store import Store, open_store
from tests.corpus.standing_data import standing_set


@pytest.fixture()
def store(tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    with open_store(tmp_path / "standing.db") as st:
        for a in standing_set():
            st.save(a)
        yield st


def test_board_ranks_by_net_signals(store: Store) -> None:
    board = standing_board(store)
    assert [(e["name"], e["net"]) for e in board["up"]] == [("Petrov", 2)]
    # Ivanov: replaced, sidelined, appointed; the denied rumour is counted apart
    assert [(e["name"], e["net"]) for e in board["down"]] == [("Ivanov", -1), ("Sidorov", -1)]
    assert board["even"] == [] and board["actors"] == 3
    assert (board["signals"], board["contested"]) == (6, 1)
    ivanov = board["down"][0]
    assert (ivanov["rising"], ivanov["falling"], ivanov["contested"]) == (1, 2, 1)
    assert ivanov["by_source"] == {"author": {"rising": 1, "falling": 1},
                                   "anonymous": {"rising": 0, "falling": 1}}
    assert "rumoured_ouster" not in ivanov["by_type"]
    assert ivanov["articles"] == 3 and len(ivanov["signals"]) == 4


def test_board_drills_down_to_each_sentence(store: Store) -> None:
    ivanov = standing_board(store)["down"][0]
    rumour = next(s for s in ivanov["signals"] if s["source_kind"] == "rumour")
    assert rumour["text"] == "Ivanov was sacked" and rumour["contested"]
    assert rumour["sentence"] == "The Kremlin denied rumours that Ivanov was sacked."
    assert rumour["title"] == "Denial" and rumour["published"] == "2025-04-02"
    art = store.get(rumour["article_id"])
    assert art is not None
    assert art.article.text[rumour["start"]:rumour["end"]] == rumour["text"]
    assert [s["published"] for s in ivanov["signals"]] == sorted(
        s["published"] for s in ivanov["signals"])


def test_a_contested_signal_alone_leaves_an_actor_even(store: Store) -> None:
    text = "The Kremlin denied reports that Volkov had resigned."
    start = text.index("Volkov")
    sig = StandingSignal(signal="predicted exit", direction="falling", start=start,
                         end=start + len("Volkov had resigned"), text="Volkov had resigned",
                         type="rumoured_ouster", claim="c1", source_kind="rumour",
                         contested=True, contested_by="c1")
    volkov = Actor(id="volkov", name="Volkov", kind="person",
                   mentions=(Mention(start, start + 6, "Volkov"),), standing=(sig,))
    store.save(Analysis(article=Article.from_text(text, published="2025-05-01"),
                        actors=(volkov,)))
    board = standing_board(store)
    (even,) = board["even"]
    assert (even["name"], even["net"], even["falling"], even["contested"]) == (
        "Volkov", 0, 0, 1)
    assert even["signals"][0]["contested"] and even["by_source"] == {}
    entry = actor_standing(store, "volkov|person")
    assert entry is not None and entry["contested"] == 1 and entry["net"] == 0


def test_board_dates_and_limit(store: Store) -> None:
    board = standing_board(store, since="2025-03-10", until="2025-03-31")
    assert [(e["name"], e["net"]) for e in board["up"]] == [("Petrov", 1)]
    assert [(e["name"], e["net"]) for e in board["down"]] == [("Ivanov", -1)]
    assert standing_board(store, limit=1)["down"][0]["name"] == "Ivanov"
    assert len(standing_board(store, limit=1)["down"]) == 1
    assert "signals" not in standing_board(store, evidence=False)["up"][0]
    with pytest.raises(ValueError):
        standing_board(store, since="March")
    with pytest.raises(ValueError):
        standing_board(store, until="2025-13-01")


def test_actor_standing(store: Store) -> None:
    petrov = actor_standing(store, "petrov|person")
    assert petrov is not None and petrov["net"] == 2
    assert {s["type"] for s in petrov["signals"]} == {"takes_over", "entrusted"}
    assert actor_standing(store, "nobody|person") is None


def test_timeline_splits_signals_by_source(store: Store) -> None:
    rows = timeline(store, "Ivanov", by="month")
    # April's denied rumour of a sacking is contested: counted apart, as on the board,
    # never as a plain fall
    assert [(r["period"], r["rising"], r["falling"], r["contested"]) for r in rows] == [
        ("2025-03", 0, 2, 0), ("2025-04", 1, 0, 1)]
    assert rows[0]["by_source"] == {"author": {"rising": 0, "falling": 1},
                                    "anonymous": {"rising": 0, "falling": 1}}
    assert rows[1]["by_source"] == {"author": {"rising": 1, "falling": 0}}


def test_sentence_around() -> None:
    text = "One. Two is here.\nThree."
    assert sentence_around(text, 5, 8) == (5, 17)
    assert sentence_around(text, 0, 3) == (0, 4)


def test_export_carries_who_says_so_and_who_contests(store: Store) -> None:
    from tealeaves.corpus.export import Filters, rows

    got = [r for r in rows(store, "standing", Filters(actor="Ivanov")) if r["contested"]]
    assert [(r["source_kind"], r["claim_id"], r["contested_by"], r["contested_by_name"])
            for r in got] == [("rumour", "c1", "c1", "Kremlin")]
