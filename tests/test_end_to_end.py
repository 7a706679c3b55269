"""The foundation's acceptance checks, run through the CLI on the real example articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tealeaves.cli import cli
from tealeaves.model import validate
from tests.conftest import EXAMPLE, FOUNDING

FOUNDING_DEBRIS = "点击图片查看原图"
EXAMPLE_DEBRIS = "Share this article on Facebook"
FOUNDING_ACTORS = ("Lavrov", "Putin", "Trump", "Rubio", "Dmitriev", "Ushakov", "Shoigu")


def analyse(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["analyze", *args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def both() -> list[dict[str, Any]]:
    return analyse(str(FOUNDING), str(EXAMPLE))


def test_output_is_schema_valid_and_in_input_order(both: list[dict[str, Any]]) -> None:
    assert len(both) == 2
    for data in both:
        validate(data)
    assert both[0]["article"]["text"].startswith("Lavrov")
    assert both[1]["article"]["text"].startswith("[Invented example")


@pytest.mark.parametrize(("index", "debris"), [(0, FOUNDING_DEBRIS), (1, EXAMPLE_DEBRIS)])
def test_debris_line_is_removed_and_listed(
        both: list[dict[str, Any]], index: int, debris: str) -> None:
    article = both[index]["article"]
    assert debris not in article["text"]
    assert debris in [r["text"] for r in article["removed"]]
    assert all(r["reason"] for r in article["removed"])
    source = (FOUNDING, EXAMPLE)[index].read_text("utf-8")
    # cleaning removed that whole line and nothing else
    kept = [line for line in source.splitlines(keepends=True) if line.strip() != debris]
    assert article["text"] == "".join(kept)


def test_founding_article_actors(both: list[dict[str, Any]]) -> None:
    names = [a["name"] for a in both[0]["actors"]]
    for wanted in FOUNDING_ACTORS:
        assert any(wanted in n for n in names), (wanted, names)


def test_offsets_point_into_the_cleaned_text(both: list[dict[str, Any]]) -> None:
    for data in both:
        text = data["article"]["text"]
        for actor in data["actors"]:
            for m in actor["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]
        for claim in data["claims"]:
            assert text[claim["start"]:claim["end"]] == claim["text"]


@pytest.mark.parametrize("path", [FOUNDING, EXAMPLE])
def test_no_clean_keeps_the_file_text_character_for_character(path: Path) -> None:
    (data,) = analyse(str(path), "--no-clean")
    assert data["article"]["text"] == path.read_bytes().decode("utf-8")
    assert data["article"]["removed"] == []
