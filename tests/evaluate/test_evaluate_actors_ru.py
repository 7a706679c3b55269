"""Russian actors against factRuEval-2016: the reader on an invented book, recall on real
ones (through need())."""

from __future__ import annotations

from pathlib import Path

import pytest

from tealeaves.evaluate.actors_ru import read_book
from tests.conftest import DATA, need


def test_reader_takes_spans_and_objects(tmp_path: Path) -> None:
    text = "Посол Италии Иван Петров встретился с министром."
    (tmp_path / "book_1.txt").write_text(text, "utf-8")
    (tmp_path / "book_1.spans").write_text(
        "1 loc_name 6 6 10 1  # 10 Италии\n2 name 13 4 11 1  # 11 Иван\n"
        "3 surname 18 6 12 1  # 12 Петров\n", "utf-8")
    (tmp_path / "book_1.objects").write_text(
        "7 LocOrg 1 # Италии\n8 Person 2 3 # Иван Петров\n9 Project 1 # x\n", "utf-8")
    got, objects = read_book(tmp_path / "book_1.txt")
    assert got == text
    assert [(o.type, [text[s:e] for s, e in o.spans]) for o in objects] == [
        ("LocOrg", ["Италии"]), ("Person", ["Иван", "Петров"])]


def test_recall_of_people_and_organisations_on_factrueval() -> None:
    pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")
    from tealeaves.evaluate.actors_ru import evaluate_actors_ru

    root = need(DATA / "factrueval" / "devset", "factRuEval-2016 dev")
    out = evaluate_actors_ru(root, limit=10)
    assert out["documents"] == 10
    assert out["recall"]["Person"] >= 0.9  # 0.972 on 2026-12-02
    assert out["recall_person_org"] >= 0.85  # 0.917 on 2026-12-02


def test_kb_resolution_share_on_invented_articles(tmp_path: Path) -> None:
    pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")
    from tealeaves.evaluate.actors_ru import kb_resolution

    p = tmp_path / "a.txt"
    p.write_text("Владимир Путин встретился с Сергеем Лавровым. Путин поблагодарил Лаврова.",
                 "utf-8")
    out = kb_resolution([p])
    assert out["mentions"] == 4 and out["share"] == 1.0
