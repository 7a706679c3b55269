"""The PolNeAR sourcing scorer: matching rules and the CLI (the dev gate is in test_gates.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tealeaves.cli.evaluate import sourcing as command
from tealeaves.evaluate.polnear import GoldArticle, GoldAttribution, GoldSpan
from tealeaves.evaluate.sourcing import match_article, score
from tealeaves.model import Claim, Source, Span

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "polnear" / "dev"

TEXT = "Mayor Lee said the road will close. The council met. Critics say it is a mistake."


def gold_article() -> GoldArticle:
    def gs(part: str) -> GoldSpan:
        i = TEXT.index(part)
        return GoldSpan(((i, i + len(part)),), part)

    return GoldArticle(
        "t",
        TEXT,
        (
            GoldAttribution(gs("Mayor Lee"), gs("said"), gs("the road will close")),
            GoldAttribution(gs("Critics"), gs("say"), gs("it is a mistake")),
        ),
        "x",
    )


def claim(part: str, source: str | None, cue: str | None, kind: str = "named_person") -> Claim:
    i = TEXT.index(part)
    s = TEXT.index(source) if source else None
    c = TEXT.index(cue) if cue else None
    return Claim(
        id="c",
        start=i,
        end=i + len(part),
        text=part,
        quote=False,
        source=Source(
            kind=kind,  # type: ignore[arg-type]
            start=s,
            end=None if s is None or source is None else s + len(source),
            text=source,
        ),
        cue=None if c is None or cue is None else Span(c, c + len(cue), cue),
    )


def test_match_counts_content_source_and_cue() -> None:
    claims = [
        claim("the road will", "Mayor Lee", "said"),  # content overlaps >= half of shorter
        claim("it is a mistake", "The council", "say"),  # wrong source, right cue
        claim("The council met", None, None, kind="author"),  # author claims are not scored
    ]
    assert match_article(claims, gold_article()) == (2, 2, 2, 1, 2, 1)


def test_small_overlap_does_not_match() -> None:
    claims = [claim("close. The council met. Critics say it", "Mayor Lee", "said")]
    gold, pred, matched, *_ = match_article(claims, gold_article())
    assert (gold, pred, matched) == (2, 1, 0)


def test_score_figures() -> None:
    claims = [
        claim("the road will close", "Mayor Lee", "said"),
        claim("The council met", None, None),
    ]
    result = score([(claims, gold_article())])
    assert result.precision == 0.5 and result.recall == 0.5 and result.f1 == 0.5
    assert result.source_accuracy == 1.0 and result.joint_f1 == 0.5


def test_missing_data_is_an_input_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, [str(tmp_path)])
    assert result.exit_code != 0
    assert "no PolNeAR articles" in str(result.exception) or "no PolNeAR articles" in result.output


@pytest.mark.skipif(not DEV.is_dir(), reason="PolNeAR dev not present")
def test_cli_json_on_a_few_articles() -> None:
    result = CliRunner().invoke(command, [str(DEV), "--limit", "2", "--json", "--no-actors"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["articles"] == 2 and data["gold"] > 0
