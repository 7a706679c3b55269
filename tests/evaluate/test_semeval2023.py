"""The SemEval-2023 reader and its mapping onto the 14 PTC-2020 techniques."""

from __future__ import annotations

from pathlib import Path

import pytest

from tealeaves.errors import InputError
from tealeaves.evaluate import semeval2023
from tealeaves.model import TECHNIQUES
from tests.conftest import ROOT, need


def test_every_mapped_name_is_a_ptc_technique() -> None:
    assert set(semeval2023.TO_PTC.values()) <= set(TECHNIQUES)
    assert not set(semeval2023.TO_PTC) & semeval2023.NO_COUNTERPART


def _folder(tmp_path: Path, spans: str) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "article1.txt").write_text("Title\n\nA vile, treacherous plan.",
                                                         encoding="utf-8")
    (tmp_path / "articles" / "article2.txt").write_text("No labels here.", encoding="utf-8")
    (tmp_path / "spans.tsv").write_text(spans, encoding="utf-8")
    return tmp_path


def test_reader_maps_drops_and_skips_unlabelled(tmp_path: Path) -> None:
    root = _folder(tmp_path, "1\tName_Calling-Labeling\t9\t27\n1\tStraw_Man\t7\t32\n"
                             "1\tRed_Herring\t7\t32\n1\tObfuscation-Vagueness-Confusion\t0\t5\n")
    (art,) = semeval2023.iter_articles(root)
    assert art.id == "1"
    # straw man and red herring map onto one class: one span; obfuscation is left out
    assert art.spans == ((7, 32, "Whataboutism,Straw_Men,Red_Herring"),
                         (9, 27, "Name_Calling,Labeling"))
    assert [a.id for a in semeval2023.iter_articles(root, unlabelled=True)] == ["1", "2"]


def test_reader_refuses_an_unknown_technique(tmp_path: Path) -> None:
    root = _folder(tmp_path, "1\tMind_Reading\t0\t5\n")
    with pytest.raises(InputError, match="Mind_Reading"):
        list(semeval2023.iter_articles(root))


def test_shared_semeval_articles_read_with_offsets_inside_the_text() -> None:
    root = need(ROOT.parent / "shared/data/semeval2023-en", "SemEval-2023 English articles")
    arts = list(semeval2023.iter_articles(root))
    assert len(arts) == 98  # 102, of which 4 have no label line
    assert all(0 <= s < e <= len(a.text) for a in arts for s, e, _t in a.spans)
    assert sum(len(a.spans) for a in arts) > 1900
