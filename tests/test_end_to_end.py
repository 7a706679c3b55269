"""The foundation's acceptance checks, run through the CLI on the example articles (the
founding article when ``../shared`` has it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tealeaves.cli import cli
from tealeaves.model import validate
from tests.conftest import EXAMPLE, FOUNDING, need
from tests.fixtures import ARTICLES

FOUNDING_DEBRIS = "点击图片查看原图"
EXAMPLE_DEBRIS = "Share this article on Facebook"
FOUNDING_ACTORS = ("Lavrov", "Putin", "Trump", "Rubio", "Dmitriev", "Ushakov", "Shoigu")
#: A test article shipped with the project (tests/fixtures/articles), read after the example.
SECOND = ARTICLES / "hale-resigns.txt"


def analyse(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["analyze", *args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def both() -> list[dict[str, Any]]:
    return analyse(str(EXAMPLE), str(SECOND))


@pytest.fixture(scope="module")
def example(both: list[dict[str, Any]]) -> dict[str, Any]:
    return both[0]


@pytest.fixture(scope="module")
def founding() -> dict[str, Any]:
    (data,) = analyse(str(need(FOUNDING, "the founding article")))
    return data


def test_output_is_schema_valid_and_in_input_order(both: list[dict[str, Any]]) -> None:
    assert len(both) == 2
    for data in both:
        validate(data)
    assert both[0]["article"]["text"].startswith("[Invented example")
    assert both[1]["article"]["text"].startswith("Defence Minister Martin Hale resigned")


@pytest.mark.parametrize(("which", "path", "debris"), [
    ("founding", FOUNDING, FOUNDING_DEBRIS), ("example", EXAMPLE, EXAMPLE_DEBRIS),
], ids=["founding", "example"])
def test_debris_line_is_removed_and_listed(
        request: pytest.FixtureRequest, which: str, path: Path, debris: str) -> None:
    article = request.getfixturevalue(which)["article"]
    assert debris not in article["text"]
    assert debris in [r["text"] for r in article["removed"]]
    assert all(r["reason"] for r in article["removed"])
    source = path.read_text("utf-8")
    # cleaning removed that whole line and nothing else
    kept = [line for line in source.splitlines(keepends=True) if line.strip() != debris]
    assert article["text"] == "".join(kept)


def test_founding_article_actors(founding: dict[str, Any]) -> None:
    validate(founding)
    names = [a["name"] for a in founding["actors"]]
    for wanted in FOUNDING_ACTORS:
        assert any(wanted in n for n in names), (wanted, names)


@pytest.mark.parametrize("which", ["both", "founding"])
def test_offsets_point_into_the_cleaned_text(request: pytest.FixtureRequest, which: str) -> None:
    found = request.getfixturevalue(which)
    for data in found if isinstance(found, list) else [found]:
        assert data["actors"] and data["claims"]
        text = data["article"]["text"]
        for actor in data["actors"]:
            for m in actor["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]
        for claim in data["claims"]:
            assert text[claim["start"]:claim["end"]] == claim["text"]


@pytest.mark.parametrize("path", [FOUNDING, EXAMPLE])
def test_no_clean_keeps_the_file_text_character_for_character(path: Path) -> None:
    (data,) = analyse(str(need(path)), "--no-clean")
    assert data["article"]["text"] == path.read_bytes().decode("utf-8")
    assert data["article"]["removed"] == []
