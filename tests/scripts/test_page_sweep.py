"""scripts/page_sweep.py: the per-page listing a reader judges, the verdict sheet and its tally.

The Analysis is the hand-built one of ``tests/render/conftest.py`` (invented text)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.render.conftest import build
from tests.scripts.load import script

sweep = script("page_sweep")


def test_listing_numbers_attributed_claims_with_kind_speaker_and_channel() -> None:
    lines = sweep.listing(build())
    assert lines[0] == "genre: opinion (0.82)"
    assert lines[1] == "claims: 4 attributed, 1 author"
    joined = "\n".join(lines)
    assert "C01 named_person       Anna Berg" in joined
    assert "C02 anonymous          officials familiar with the matter hedged[reportedly]" in joined
    assert "C04 named_organization The ministry via The Daily Ledger" in joined
    assert "S ↓ Anna Berg: blamed" in joined
    assert "stance Anna Berg: negative" in joined
    assert "ISSUE stance:" in joined
    assert "C05" not in joined  # the author's own claim is counted, not listed


def test_sheet_row_fills_what_the_program_knows() -> None:
    row = sweep.sheet_row("page.txt", build())
    assert row["page"] == "page.txt" and row["genre"] == "opinion"
    assert row["claims_read"] == "4" and row["standing_total"] == "2"
    assert row["claims_right"] == "" and row["genre_true"] == ""
    assert tuple(row) == sweep.COLUMNS


def _rows() -> list[dict[str, str]]:
    a = dict.fromkeys(sweep.COLUMNS, "") | {
        "page": "a", "genre": "opinion", "genre_true": "opinion", "claims_read": "5",
        "claims_right": "3", "fragments": "1", "wrong_kind": "1", "standing_total": "2",
        "standing_plausible": "1"}
    b = dict.fromkeys(sweep.COLUMNS, "") | {
        "page": "b", "genre": "reporting", "genre_true": "opinion", "claims_read": "3",
        "claims_right": "3", "missed": "2"}
    c = dict.fromkeys(sweep.COLUMNS, "") | {"page": "c", "genre": "", "claims_read": "0"}
    return [a, b, c]


def test_tally_adds_counts_and_judges_genre_only_where_the_reader_did() -> None:
    total = sweep.tally(_rows())
    assert total["pages"] == 3 and total["claims_read"] == 8 and total["claims_right"] == 6
    assert total["fragments"] == 1 and total["wrong_kind"] == 1 and total["missed"] == 2
    assert (total["genre_judged"], total["genre_right"]) == (2, 1)
    lines = sweep.tally_lines(total)
    assert "claims right 6/8 (0.75)" in lines
    assert "standing plausible 1/2 (0.50)" in lines
    assert "genre right 1/2 (0.50)" in lines


def test_tally_of_an_empty_sheet_divides_by_nothing() -> None:
    assert "claims right 0/0" in sweep.tally_lines(sweep.tally([]))


def test_a_bad_count_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "verdicts.tsv"
    rows = _rows()
    rows[0]["claims_right"] = "three"
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=sweep.COLUMNS, delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    assert sweep.main(["tally", str(sheet)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "page_sweep: a: column claims_right is not a whole number: 'three'"


def test_show_refuses_a_path_that_is_not_a_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sweep.main(["show", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.startswith("page_sweep: not a folder:")


def test_pages_lists_texts_and_html_in_name_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.html", "c.json", "d.TXT"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in sweep.pages(tmp_path)] == ["a.html", "b.txt", "d.TXT"]
