"""The PLOVER events scorer: markup parsing, event choice, actor matching, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tealeaves.cli.evaluate import events as command
from tealeaves.errors import InputError
from tealeaves.evaluate.events import _fragments, actor_matches, choose_event, read_gold, score
from tealeaves.model import Actor, Event, Mention, Span

RECORDS = [
    {
        "id": "T-1",
        "event": "DISAPPROVE",
        "source": [{"actorText": "France", "code": "FRA"}],
        "text": "France condemned Iran on Monday, a spokesman said.",
        "textInfo": {"markup": "(SRC: France) (EVT: condemned) (TAR: Iran) on Monday, a spokesman said."},
    },
    {
        "id": "T-2",
        "event": "FIGHT",
        "source": [{"actorText": "Chad", "code": "TCD"}],
        "text": "Rebels in Chad rested on Sunday.",
        "textInfo": {"markup": "Rebels in (SRC: Chad) (EVT: rested) on Sunday."},
    },
]


def write(tmp_path: Path, rows: list[dict]) -> Path:  # type: ignore[type-arg]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def ev(cat: str, start: int, end: int, actor: str | None = None) -> Event:
    return Event(id="e", category=cat, actor=actor, target=None, action=Span(start, end, "x"), start=start, end=end)


def test_fragments_handle_nesting() -> None:
    markup = "(SRC: A) (EVT: hit) (LOC:(TAR: the town of B)) and (SRC/TAR: C)"
    assert _fragments(markup, ("EVT",)) == ["hit"]
    assert _fragments(markup, ("SRC", "SRC/TAR")) == ["A", "C"]
    assert _fragments(markup, ("LOC",)) == ["the town of B"]


def test_read_gold_locates_spans(tmp_path: Path) -> None:
    recs = read_gold(write(tmp_path, RECORDS))
    r = recs[0]
    assert r.category == "DISAPPROVE"
    assert [r.text[a:b] for a, b in r.events] == ["condemned"]
    assert {r.text[a:b] for a, b in r.sources} == {"France"}


def test_read_gold_rejects_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "no id"}\n', encoding="utf-8")
    with pytest.raises(InputError):
        read_gold(path)


def test_choose_event_prefers_overlap_and_non_statement() -> None:
    events = [ev("STATEMENT", 0, 4), ev("AGREE", 10, 15), ev("REJECT", 30, 35)]
    assert choose_event(events, ((0, 4), (10, 15))).category == "AGREE"  # type: ignore[union-attr]
    assert choose_event(events, ((30, 33),)).category == "REJECT"  # type: ignore[union-attr]
    assert choose_event([ev("STATEMENT", 0, 4)], ((0, 4),)).category == "STATEMENT"  # type: ignore[union-attr]
    assert choose_event(events, ((50, 60),)).category == "AGREE"  # type: ignore[union-attr]
    assert choose_event([], ((0, 4),)) is None


def test_actor_matches_by_mention_overlap() -> None:
    actors = [Actor(id="fr", name="France", kind="place", mentions=(Mention(0, 6, "France"),))]
    assert actor_matches("fr", actors, ((0, 6),))
    assert not actor_matches("fr", actors, ((10, 14),))
    assert not actor_matches(None, actors, ((0, 6),))


def test_score_and_cli(tmp_path: Path) -> None:
    path = write(tmp_path, RECORDS)
    result = score(read_gold(path))
    assert result["n"] == 2 and result["actor_n"] == 2
    assert result["per_category"]["DISAPPROVE"] == {"correct": 1, "n": 1}
    assert result["per_category"]["FIGHT"] == {"correct": 0, "n": 1}
    assert result["category_accuracy"] == 0.5
    out = CliRunner().invoke(command, ["--gold", str(path), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["category_accuracy"] == 0.5
