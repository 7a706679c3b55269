"""Bytes → text: byte-order marks, legacy encodings, binary data, size limit."""

from __future__ import annotations

import codecs

import pytest

from tealeaves.errors import InputError
from tealeaves.ingest import decode as dec

RUSSIAN = "Министр иностранных дел заявил во вторник, что переговоры провалились."
FRENCH_EN = "The café in Zürich hosted the talks; the négociateurs left at noon."


def test_utf8_is_read_as_is() -> None:
    assert dec.decode("Zürich “quoted” — done".encode(), "a.txt") == "Zürich “quoted” — done"


def test_utf8_bom_is_not_part_of_the_text() -> None:
    assert dec.decode(codecs.BOM_UTF8 + b"Hello world.", "a.txt") == "Hello world."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom(encoding: str) -> None:
    assert dec.decode("Hello, мир.".encode(encoding), "a.txt") == "Hello, мир."


def test_cp1251_without_declaration_is_detected() -> None:
    assert dec.decode(RUSSIAN.encode("cp1251"), "ru.txt") == RUSSIAN


def test_koi8r_without_declaration_is_not_read_as_cp1251() -> None:
    text = "Министр заявил, что переговоры продолжатся в среду. Встреча пройдет в Москве.\n"
    assert dec.decode(text.encode("koi8_r"), "ru.txt") == text
    assert dec.decode(text.encode("cp1251"), "ru.txt") == text


def test_latin1_english_text_is_read_as_western_european() -> None:
    assert dec.decode(FRENCH_EN.encode("latin-1"), "fr.txt") == FRENCH_EN


def test_cp1252_punctuation() -> None:
    text = "He said “no” – and left… for €5."
    assert dec.decode(text.encode("cp1252"), "q.txt") == text


def test_declared_html_charset_is_used() -> None:
    html = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    assert dec.decode(html.encode("cp1251"), "p.html") == html
    assert dec.declared_charset(html.encode("cp1251")) == "cp1251"
    assert dec.declared_charset(b"x", "text/html; charset=ISO-8859-1") == codecs.lookup("latin-1").name
    assert dec.declared_charset(b"x", "text/html; charset=bogus-charset") is None


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\t \n", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"abc\x00\x01\x02\x00def" * 50, "binary"),
        (bytes(range(128, 256)) * 10, "not valid UTF-8"),
    ],
)
def test_bad_bytes_raise_input_error(data: bytes, problem: str) -> None:
    with pytest.raises(InputError) as info:
        dec.decode(data, "bad.txt")
    assert info.value.source == "bad.txt"
    assert problem in info.value.problem
    assert "\n" not in str(info.value)


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dec, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="too large"):
        dec.decode(b"word " * 30, "big.txt")
    assert dec.decode(b"word " * 10, "ok.txt").startswith("word")


def test_human_size() -> None:
    assert dec.human_size(50 * 1024 * 1024) == "50.0 MB"
    assert dec.human_size(2048) == "2 KB"
    assert dec.human_size(12) == "12 bytes"


def test_a_cyrillic_word_in_cp1251_among_english_is_not_read_as_western() -> None:
    text = "Финансы: the minister said on Monday that the budget would be cut."
    assert dec.decode(text.encode("cp1251"), "x.txt") == text


def test_western_words_with_several_accents_still_read_as_cp1252() -> None:
    for text in ("A situação da nação é difícil, disse o ministro.",
                 "Die Übergröße der Straße ärgert Bürger in München."):
        assert dec.decode(text.encode("cp1252"), "x.txt") == text


@pytest.mark.parametrize("charset", ["idna", "punycode", "unicode_escape", "raw-unicode-escape",
                                     "rot13", "base64", "zlib", "undefined"])
def test_a_codec_that_is_no_web_charset_is_ignored(charset: str) -> None:
    data = f'<meta charset="{charset}"><p>Caf'.encode() + b"\xe9 au lait, said the mayor.</p>"
    assert dec.declared_charset(data) is None
    assert "Café au lait" in dec.decode(data, "p.html")  # the detected encoding instead


def test_a_codec_error_that_is_no_decode_error_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    # idna raises UnicodeError (not UnicodeDecodeError) on ordinary text
    monkeypatch.setattr(dec, "declared_charset", lambda data, ct=None: "idna")
    assert "Café" in dec.decode("Café society returns, the mayor said.".encode("cp1252"), "x")
