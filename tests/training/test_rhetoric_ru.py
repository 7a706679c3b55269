"""The Russian technique trainer on a tiny invented corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("razdel", reason="the Russian trainer needs the 'ru' extra (natasha)")

from tealeaves.training.rhetoric_ru import (  # noqa: E402
    cross_validate,
    read_corpus,
    sentence_rows,
    sentences,
)

TEXTS = [
    "Заголовок новости\n\nЭти подлые предатели снова лгут. Встреча прошла во вторник.",
    "Другая новость\n\nЗападные марионетки устроили позорный цирк. Погода была хорошей.",
    "Третья новость\n\nНаглые лжецы опять врут народу. Поезд пришел вовремя.",
]


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    rows = []
    for k, text in enumerate(TEXTS, 1):
        (tmp_path / "articles" / f"article{k}.txt").write_text(text, "utf-8")
        s = text.index("\n\n") + 2
        e = text.index(".", s)
        rows.append(f"{k}\tLoaded_Language\t{s}\t{e}")
        rows.append(f"{k}\tName_Calling-Labeling\t{s}\t{s + 3}")
        rows.append(f"{k}\tAppeal_to_Time\t{s}\t{e}")  # no PTC-2020 counterpart: dropped
    (tmp_path / "spans.tsv").write_text("\n".join(rows) + "\n", "utf-8")
    return tmp_path


def test_corpus_maps_techniques_and_drops_those_without_a_counterpart(tmp_path: Path) -> None:
    arts = read_corpus(_corpus(tmp_path))
    assert [a.id for a in arts] == ["1", "2", "3"]
    assert all([s[0] for s in a.spans] == ["Loaded_Language", "Name_Calling,Labeling"]
               for a in arts)


def test_sentences_stop_at_paragraphs_and_labels_follow_spans(tmp_path: Path) -> None:
    arts = read_corpus(_corpus(tmp_path))
    text = arts[0].text
    assert [text[a:b] for a, b in sentences(text)] == [
        "Заголовок новости", "Эти подлые предатели снова лгут", "Встреча прошла во вторник"]
    _, labels, groups, _ = sentence_rows(arts)
    assert labels == [0, 1, 0] * 3 and groups == [0, 0, 0, 1, 1, 1, 2, 2, 2]


def test_cross_validation_is_grouped_and_reports_both_scores(tmp_path: Path) -> None:
    cv = cross_validate(read_corpus(_corpus(tmp_path)), thresholds=(0.0, 0.5), folds=3)
    assert cv["si"][0.0]["r"] == 1.0  # every sentence a span finds every gold character
    assert 0 <= cv["tc_micro_f1"] <= 1
