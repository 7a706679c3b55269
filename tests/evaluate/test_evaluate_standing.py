"""The standing scorer: (actor, direction) pairs per article against realnews-style gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tealeaves.evaluate.standing import (
    article_text,
    match_actor,
    predicted_pairs,
    read_gold,
    score_standing,
)
from tealeaves.model import Actor, Analysis, Article, StandingSignal
from tests.conftest import DATA, need


def _gold_dir(tmp_path: Path) -> Path:
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "01-a.txt").write_text("Title\nIvan Petrov replaced Oleg Ivanov.",
                                                    encoding="utf-8")
    (tmp_path / "gold" / "01-a.json").write_text(json.dumps({
        "genre": "reporting",
        "standing": [
            {"actor": "Oleg Ivanov", "direction": "falling", "evidence": "replaced Oleg Ivanov"},
            {"actor": "Ivan Petrov", "direction": "rising", "evidence": "Ivan Petrov replaced"},
            {"actor": "Ivan Petrov", "direction": "rising", "evidence": "replaced"},
        ],
        "actors": [{"name": "Ivan Petrov", "kind": "person"},
                   {"name": "Oleg Ivanov", "kind": "person"},
                   {"name": "Kremlin", "kind": "organization"}],
    }), encoding="utf-8")
    return tmp_path


def _analysis(*actors: tuple[str, tuple[str, ...], tuple[str, ...]]) -> Analysis:
    out = []
    for i, (name, aliases, directions) in enumerate(actors):
        out.append(Actor(id=f"a{i}", name=name, kind="person", aliases=aliases,
                         standing=tuple(StandingSignal("x", d, 0, 1, "I")  # type: ignore[arg-type]
                                        for d in directions)))
    return Analysis(article=Article.from_text("Ivan Petrov replaced Oleg Ivanov."),
                    actors=tuple(out))


def test_read_gold_dedupes_pairs(tmp_path: Path) -> None:
    (gold,) = read_gold(_gold_dir(tmp_path))
    assert gold.pairs == {("Oleg Ivanov", "falling"), ("Ivan Petrov", "rising")}
    assert article_text(gold.path) == ("Title", "Ivan Petrov replaced Oleg Ivanov.")


def test_match_actor_by_name_or_surname() -> None:
    gold = ["Ivan Petrov", "Oleg Ivanov", "Kremlin"]
    assert match_actor(["Petrov"], gold) == "Ivan Petrov"
    assert match_actor(["the Kremlin"], gold) == "Kremlin"
    assert match_actor(["Mr Ivanov", "Oleg"], gold) == "Oleg Ivanov"
    assert match_actor(["Sidorov"], gold) is None


def test_scores_count_pairs_once_and_unknown_actors_as_wrong(tmp_path: Path) -> None:
    (gold,) = read_gold(_gold_dir(tmp_path))
    analysis = _analysis(("Petrov", (), ("rising", "rising", "falling")),
                         ("Sidorov", (), ("falling",)))
    assert predicted_pairs(analysis, gold.actors) == {
        ("Ivan Petrov", "rising"), ("Ivan Petrov", "falling"), ("?Sidorov", "falling")}
    scores = score_standing([(gold, analysis)])
    assert (scores.matched_predicted, scores.predicted, scores.matched_gold, scores.gold) == (
        1, 3, 1, 2)
    assert scores.figures()["precision"] == pytest.approx(0.333)
    assert scores.recall == 0.5
    assert scores.articles[0]["missed"] == ["Oleg Ivanov falling"]


@pytest.mark.slow
def test_realnews_dev_meets_the_bar() -> None:
    """Issue 18's bar on the real-news dev set: precision >= 0.7, recall >= 0.6."""
    from tealeaves import Options, analyze

    root = need(DATA / "realnews-dev", "real news dev set")
    options = Options(stages=("actors", "sourcing", "events", "stance"))
    scores = score_standing((g, analyze(g.path, options)) for g in read_gold(root))
    assert scores.precision >= 0.7 and scores.recall >= 0.6, scores.articles
