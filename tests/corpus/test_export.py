"""Exports: every kind in every format, the views' filters, formula-safe spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tealeaves.corpus.export import KINDS, Filters, rows, write
from tests.corpus.alert_data import filled


def test_each_kind_exports_rows_with_offsets(tmp_path: Path) -> None:
    store, _ = filled(tmp_path)
    counts = {k: len(list(rows(store, k))) for k in KINDS}
    assert counts == {"claims": 3, "actors": 6, "events": 3, "techniques": 3, "standing": 3}
    for r in rows(store, "claims"):
        text = store.get(r["article_id"]).article.text  # type: ignore[union-attr]
        assert text[r["start_char"]:r["end_char"]] == r["text"]
    ev = next(rows(store, "events"))
    assert (ev["actor"], ev["target"]) == ("Jane Roe", "Treasury")
    store.close()


def test_filters(tmp_path: Path) -> None:
    store, _ = filled(tmp_path)
    assert len(list(rows(store, "claims", Filters(outlet="morning post")))) == 1
    assert len(list(rows(store, "claims", Filters(since="2016-03-08")))) == 2
    assert len(list(rows(store, "actors", Filters(actor="Treasury")))) == 3
    assert len(list(rows(store, "claims", Filters(actor="Nobody")))) == 0
    assert len(list(rows(store, "claims", Filters(limit=1)))) == 1
    store.close()


def test_csv_and_jsonl(tmp_path: Path) -> None:
    store, _ = filled(tmp_path)
    buf = io.StringIO()
    assert write(store, "claims", "csv", buf) == 3
    got = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert got[0]["outlet"] == "Daily Example" and got[0]["source_kind"] == "anonymous"
    out = tmp_path / "a.jsonl"
    assert write(store, "actors", "jsonl", out) == 6
    assert json.loads(out.read_text().splitlines()[0])["roles"] == "Senator"
    store.close()


def test_parquet_and_xlsx(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    openpyxl = pytest.importorskip("openpyxl")
    store, _ = filled(tmp_path)
    assert write(store, "claims", "parquet", tmp_path / "c.parquet") == 3
    assert pq.read_table(tmp_path / "c.parquet").num_rows == 3
    assert write(store, "techniques", "xlsx", tmp_path / "t.xlsx") == 3
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["techniques"]
    assert sheet.cell(1, 1).value == "article_id" and sheet.max_row == 4
    store.close()


def test_spreadsheet_cells_never_start_a_formula() -> None:
    from tealeaves.corpus.export import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("plain") == "plain"


def test_notebook_corpus_gives_dataframes(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    import tealeaves

    store, _ = filled(tmp_path)
    corpus = tealeaves.Corpus(store)
    df = corpus.claims(outlet="Daily Example")
    assert list(df["source_kind"]) == ["anonymous"] and "start_char" in df.columns
    assert len(corpus.actors()) == 6 and len(corpus.articles()) == 3
    assert corpus.events(actor="nobody").empty and list(corpus.events().columns)[0] == "article_id"
    store.close()
