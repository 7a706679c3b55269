"""Bytes → text: refuse binary data and oversized input, then find the encoding.

Order (trafilatura ``utils.decode_file`` does much the same): a byte-order mark; strict
UTF-8; the charset the data declares (HTTP ``Content-Type`` or an HTML ``<meta>``); then
charset-normalizer's best guess. Nothing is decoded with ``errors="replace"``: text that
fits no encoding is an :class:`~tealeaves.errors.InputError`.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

#: Largest input read, in bytes. Bigger files are refused with a one-line error before
#: they are read (a news article is rarely over 1 MB, even as a full HTML page).
MAX_BYTES = 10 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Signatures of common binary formats people point a text tool at by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"WARC/", "a WARC archive (use the warc reader)"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
#: Python codecs a page may name but that are no character set of the web: escape
#: decoders (they make any code point, lone surrogates included, from ASCII) and
#: domain-name codecs (they raise on ordinary text).
_NOT_CHARSETS = frozenset({"unicode_escape", "raw_unicode_escape", "idna", "punycode",
                           "undefined", "mbcs", "oem"})


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def check_size(size: int, name: str) -> None:
    """Refuse inputs above :data:`MAX_BYTES`."""
    if size > MAX_BYTES:
        raise InputError(
            name, f"too large ({human_size(size)}; the limit is {human_size(MAX_BYTES)})"
        )


def binary_kind(data: bytes) -> str | None:
    """A description of *data* if it is binary rather than text, else None."""
    head = data[:8192]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if any(head.startswith(bom) for bom, enc in _BOMS if enc.startswith("utf-16")
           or enc.startswith("utf-32")):
        return None
    if b"\x00" in head:
        return "binary data"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > 0.05:
        return "binary data"
    return None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset named by an HTTP Content-Type or an HTML ``<meta>`` tag, if valid."""
    names: list[str] = []
    if content_type:
        m = _CT_CHARSET.search(content_type)
        if m:
            names.append(m.group(1))
    m2 = _META_CHARSET.search(data[:4096])
    if m2:
        names.append(m2.group(1).decode("ascii", "ignore"))
    for name in names:
        try:
            info = codecs.lookup(name)
        except LookupError:
            continue
        # bytes-to-bytes codecs (base64, zlib, rot13…) are no text encoding
        if info.name.replace("-", "_") in _NOT_CHARSETS or not getattr(
                info, "_is_text_encoding", True):
            continue
        return info.name
    return None


def decode(data: bytes, name: str, content_type: str | None = None) -> str:
    """Decode *data* to text or raise :class:`InputError` naming *name*."""
    check_size(len(data), name)
    if not data.strip():
        raise InputError(name, "empty file" if not data else "empty (only white space)")
    kind = binary_kind(data)
    if kind is not None:
        raise InputError(name, f"{kind}, not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name)
            except UnicodeDecodeError as exc:
                raise InputError(name, f"invalid {encoding.upper()} after a byte-order mark "
                                       f"(byte {exc.start})") from exc
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError as exc:
        first_error = exc
    declared = declared_charset(data, content_type)
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return _checked(data.decode(declared), name)
        except (UnicodeError, LookupError):
            pass
    legacy = _western(data)
    if legacy is None:
        legacy = _cyrillic(data)
    if legacy is not None:
        return _checked(legacy, name)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8", "utf-8"):
        try:
            return _checked(data.decode(best.encoding), name)
        except (UnicodeError, LookupError):
            pass
    raise InputError(
        name,
        f"not valid UTF-8 (bad byte 0x{data[first_error.start]:02x} at offset "
        f"{first_error.start}) and no other encoding fits",
    )


_WESTERN_PUNCT = set("\u00a0“”‘’„‚–—…€£¥°§«»©®·•×÷¡¿ªº´¨¸¯")


def _western(data: bytes) -> str | None:
    """*data* as Windows-1252 (a superset of Latin-1) if it reads as Western European text.

    Legacy English, French, German or Spanish text has a few accented letters among many
    ASCII ones; statistical detectors often mistake such short texts for Baltic or Central
    European code pages. Cyrillic or Greek legacy text decoded this way turns into words
    made of accented letters only: the ratio test rejects a text full of them, and a run
    of three or more accented letters in a row (which Western European words do not have,
    but every such Cyrillic word does) rejects even a single one among English.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    ascii_letters = 0
    other_letters = 0
    run = 0
    for ch in text:
        if ord(ch) < 128:
            ascii_letters += ch.isalpha()
            run = 0
        elif "\u00c0" <= ch <= "\u00ff" and ch.isalpha():
            other_letters += 1
            run += 1
            if run >= 3:
                return None
        elif ch not in _WESTERN_PUNCT:
            return None
        else:
            run = 0
    if other_letters * 4 > ascii_letters + other_letters:
        return None
    return text


def _cyrillic(data: bytes) -> str | None:
    """*data* as Windows-1251 or KOI8-R if nearly every non-ASCII character then is a
    Russian letter; of the two, the one whose Russian letters are mostly lower case.

    The commonest legacy Cyrillic code pages; statistical detectors misread short Cyrillic
    words inside English text as East Asian code pages. Both map their upper half to
    letters, so either reads the other's bytes as Russian letters, but with the case
    swapped: running text is mostly lower case, its mojibake mostly upper case.
    """
    best: tuple[float, str] | None = None
    for codec in ("cp1251", "koi8_r"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        high = [ch for ch in text if ord(ch) >= 128]
        if not high:
            return None
        russian = [ch for ch in high if "\u0410" <= ch <= "\u044f" or ch in "Ёё"]
        if len(russian) < 0.9 * len(high):
            continue
        lower = sum(ch.islower() for ch in russian) / len(russian)
        if best is None or lower > best[0]:
            best = (lower, text)
    return best[1] if best is not None else None


def _checked(text: str, name: str) -> str:
    """Refuse decoded text that is still mostly control characters."""
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\x1b")
    if sample and controls / len(sample) > 0.05:
        raise InputError(name, "binary data, not text")
    return text
