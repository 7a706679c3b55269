"""The actors scorer: gold categories, coverage, the CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tealeaves.cli import cli
from tealeaves.evaluate.actors import ActorScores, gold_category, published_of, score_article
from tealeaves.evaluate.polnear import GoldArticle, GoldAttribution, GoldSpan
from tealeaves.model import Actor, Mention
from tests.conftest import need

POLNEAR_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "polnear" / "dev"

TEXT = ("Hillary Clinton said the plan would work. She added that sources disagreed. "
        "The senator said nothing, and a report said more.")


def span(text: str, needle: str) -> GoldSpan:
    s = text.index(needle)
    return GoldSpan(((s, s + len(needle)),), needle)


def test_gold_categories(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    assert gold_category(doc, span(TEXT, "Hillary Clinton")) == "name"
    assert gold_category(doc, span(TEXT, "She")) == "pronoun"
    assert gold_category(doc, span(TEXT, "The senator")) == "description"
    assert gold_category(doc, span(TEXT, "sources")) is None
    assert gold_category(doc, span(TEXT, "a report")) is None


def test_score_article_counts_coverage_and_placement(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    atts = tuple(GoldAttribution(source=span(TEXT, s), cue=None, content=None)
                 for s in ("Hillary Clinton", "She", "The senator", "sources"))
    gold = GoldArticle("x", TEXT, atts, "a")
    s = TEXT.index("Hillary Clinton")
    p = TEXT.index("plan")
    actor = Actor(id="hillary-clinton", name="Hillary Clinton", kind="person", mentions=(
        Mention(s, s + 15, "Hillary Clinton"), Mention(TEXT.index("She"), TEXT.index("She") + 3, "She", "pronoun"),
    ))
    wrong = Actor(id="plan", name="plan", kind="organization", mentions=(Mention(p, p + 4, "plan"),))
    scores = ActorScores()
    score_article(gold, doc, [actor, wrong], scores)
    assert scores.gold == {"name": 1, "pronoun": 1, "description": 1}
    assert scores.covered == {"name": 1, "pronoun": 1}
    assert scores.not_scored == 1
    assert scores.recall() == pytest.approx(2 / 3)
    assert scores.share(scores.in_source) == pytest.approx(2 / 3)
    assert scores.missed == [("x", "description", "The senator")]


def test_published_date_from_polnear_name() -> None:
    assert published_of("nyt_2016-09-08_obama-on-climate") == "2016-09-08"
    assert published_of("nodate") is None


def test_evaluate_actors_command_on_two_articles() -> None:
    need(POLNEAR_DEV, "PolNeAR dev")
    result = CliRunner().invoke(cli, ["evaluate", "actors", "--data", str(POLNEAR_DEV),
                                      "--limit", "2", "--json", "--sample", "3",
                                      "--forms", "name,pronoun"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["articles"] == 2
    assert 0.5 < data["recall"] <= 1.0
    assert len(data["sample"]) == 3
    assert {d["form"] for d in data["sample"]} <= {"name", "pronoun"}
