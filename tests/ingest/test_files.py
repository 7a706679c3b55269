"""Reading text, files and folders into Articles."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tealeaves.errors import InputError
from tealeaves.ingest import MAX_BYTES, iter_paths, read_bytes, read_path, read_text
from tealeaves.ingest.files import iso_date

ENGLISH = (
    "The finance minister resigned on Tuesday after a week of pressure from his own party. "
    "Officials said the decision was taken at a late-night meeting in the capital, and that "
    "a successor would be named before the end of the month.\n"
)


def test_read_text_cleans_and_records_removed_lines() -> None:
    article = read_text(ENGLISH + "Share on Facebook\n", title="T", published="2025-01-02")
    assert article.text == ENGLISH
    assert [(r.text, "share" in r.reason) for r in article.removed] == [("Share on Facebook", True)]
    assert article.language == "en"
    assert article.title == "T" and article.published == "2025-01-02"
    assert article.id == hashlib.sha256(ENGLISH.encode("utf-8")).hexdigest()


def test_no_clean_keeps_the_text_exactly() -> None:
    raw = "  " + ENGLISH.replace("\n", "\r\n") + "Share on Facebook\r\n\r\n"
    article = read_text(raw, clean=False)
    assert article.text == raw and article.removed == ()


def test_read_text_refuses_empty_and_debris_only_text() -> None:
    with pytest.raises(InputError, match="empty"):
        read_text(" \n\t")
    with pytest.raises(InputError, match="no article text left"):
        read_text("Share on Facebook\nAdvertisement\n")
    with pytest.raises(InputError, match="not a date"):
        read_text(ENGLISH, published="Tuesday")
    with pytest.raises(TypeError):
        read_text(b"bytes")  # type: ignore[arg-type]


def test_read_path_txt_keeps_offsets_with_no_clean(tmp_path: Path) -> None:
    raw = "Title line\r\n" + ENGLISH + "Click to enlarge"
    p = tmp_path / "a.txt"
    p.write_bytes(raw.encode("utf-8"))
    assert read_path(p, clean=False).text == raw
    cleaned = read_path(p)
    assert cleaned.text == "Title line\r\n" + ENGLISH
    assert cleaned.removed[0].text == "Click to enlarge"


def test_read_path_problems(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        read_path(empty)


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:  # sparse: costs no disk and no time
        f.truncate(50 * 1024 * 1024)
    assert MAX_BYTES < 50 * 1024 * 1024
    with pytest.raises(InputError) as info:
        read_path(big)
    assert "too large (50.0 MB" in info.value.problem


def test_read_bytes_plain_text_and_metadata() -> None:
    article = read_bytes(ENGLISH.encode("utf-16"), name="x.txt", url="https://e.x/a",
                         outlet="E")
    assert article.text == ENGLISH and article.url == "https://e.x/a" and article.outlet == "E"
    with pytest.raises(TypeError, match="unexpected metadata"):
        read_bytes(b"text", name="x.txt", author="me")


def test_non_english_text_gets_its_language() -> None:
    text = ("Министр иностранных дел прибыл в Анкару во вторник. Переговоры продлятся два "
            "дня, сообщили в министерстве, и стороны обсудят поставки зерна.")
    assert read_bytes(text.encode("cp1251"), name="ru.txt").language == "ru"


def test_iter_paths_expands_directories_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.html").write_text("a")
    (tmp_path / "c.htm").write_text("c")
    (tmp_path / "notes.md").write_text("skip")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.TXT").write_text("d")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "e.txt").write_text("e")
    single = tmp_path / "notes.md"
    got = list(iter_paths([tmp_path, single]))
    assert got == [tmp_path / "a.html", tmp_path / "b.txt", tmp_path / "c.htm",
                   tmp_path / "sub" / "d.TXT", single]


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-03-14", "2025-03-14"),
        ("2025-03-14T09:30:00+00:00", "2025-03-14"),
        ("Fri, 14 Mar 2025 09:30:00 GMT", "2025-03-14"),
        ("14 March 2025", "2025-03-14"),
        ("March 14, 2025", "2025-03-14"),
        (None, None),
        ("  ", None),
    ],
)
def test_published_dates_are_normalised(value: str | None, iso: str | None) -> None:
    assert iso_date(value) == iso
    assert read_text(ENGLISH, published=value).published == iso


@pytest.mark.parametrize("value", ["2025-13-45", "yesterday"])
def test_impossible_dates_are_input_errors(value: str) -> None:
    with pytest.raises(InputError, match="not a date"):
        iso_date(value, "feed.xml")


def test_plain_text_file_takes_its_first_line_as_headline(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Minister resigns after budget row\n\nThe finance minister resigned on "
                 "Monday after a row over the budget, officials said.\n", encoding="utf-8")
    art = read_path(p)
    assert art.title == "Minister resigns after budget row"
    assert art.text.startswith("Minister resigns")  # the text is unchanged


def test_no_headline_from_a_note_or_a_one_line_text(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("[Invented example]\nThe minister resigned on Monday, officials said.\n",
                 encoding="utf-8")
    assert read_path(p).title is None
    p.write_text("The minister resigned on Monday after a long row, officials said.\n",
                 encoding="utf-8")
    assert read_path(p).title is None
