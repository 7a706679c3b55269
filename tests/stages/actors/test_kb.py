"""The actor knowledge base: format, dates, lookups and user files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tealeaves.errors import InputError
from tealeaves.stages.actors.kb import article_date, load_kb, norm, parse_date, parse_kb


def test_default_kb_entries_are_documented_and_dated() -> None:
    kb = load_kb()
    people = [e for e in kb.entries if e.kind == "person"]
    assert len(people) >= 60
    for e in kb.entries:
        assert e.source, f"{e.name} has no source"
        for o in e.offices:
            assert o.start is not None, f"{e.name}: {o.title} has no start date"
            assert o.end is None or o.end > o.start
    countries = {e.country for e in people}
    assert {"US", "RU", "UA", "CN", "DE", "FR", "IT", "PL", "ES"} <= countries


def test_holders_as_of_a_date() -> None:
    kb = load_kb()
    names = lambda cls, c, d: {e.name for e in kb.holders(cls, c, dt.date.fromisoformat(d))}  # noqa: E731
    assert names("foreign_minister", "US", "2025-10-20") == {"Marco Rubio"}
    assert names("foreign_minister", "US", "2016-01-01") == {"John Kerry"}
    assert names("head_of_state", "RU", "2010-01-01") == {"Dmitry Medvedev"}
    assert names("head_of_state", "US", "2021-01-19") == {"Donald Trump"}
    assert names("head_of_state", "US", "2021-01-21") == {"Joe Biden"}


def test_lookups_ignore_case_dots_and_articles() -> None:
    kb = load_kb()
    lavrov = kb.lookup("Sergei Lavrov")
    assert lavrov is not None and lavrov.name == "Sergey Lavrov"
    assert kb.lookup("the RDIF") is not None
    assert kb.country_code("U.S.") == kb.country_code("American") == "US"
    assert kb.seat_of("the Kremlin") == "RU" and kb.seat_of("Washington") == "US"
    assert norm("The Kremlin’s") == "kremlin"


def test_partial_dates() -> None:
    assert parse_date("2025-02") == dt.date(2025, 2, 1)
    assert parse_date("2011", end=True) == dt.date(2011, 12, 28)
    assert parse_date(None) is None and parse_date("soon") is None
    assert article_date("2016-09-12T10:00:00Z") == dt.date(2016, 9, 12)
    assert article_date(None) == dt.date.today()


def test_user_file_extends_and_overrides(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text(
        "people:\n"
        "  - name: Sergey Lavrov\n    aliases: [S. V. Lavrov]\n    gender: male\n    source: mine\n"
        "  - name: Pat Doe\n    offices: [{title: Envoy, class: envoy, country: US, start: 2030}]\n",
        encoding="utf-8",
    )
    kb = load_kb(f)
    assert kb.lookup("S. V. Lavrov") is not None
    assert kb.lookup("Sergey Lavrov").source == "mine"  # type: ignore[union-attr]
    assert "Pat Doe" in [e.name for e in kb.holders("envoy", "US", dt.date(2031, 1, 1))]
    assert [e.source for e in kb.entries if e.name == "Sergey Lavrov"] == ["mine"]
    assert load_kb().lookup("Pat Doe") is None  # the default KB is untouched


@pytest.mark.parametrize(
    "text",
    [
        "people: [1, 2",  # not YAML
        "- just a list",
        "villains: []",
        "people:\n  - aliases: [x]\n",
        "people:\n  - name: X\n    offices: [{title: Boss}]\n",
        "countries:\n  - {name: Nowhere}\n",
    ],
)
def test_bad_user_files_raise_input_error(text: str) -> None:
    with pytest.raises(InputError):
        parse_kb(text, "bad.yaml")


def test_missing_user_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_kb(tmp_path / "absent.yaml")
