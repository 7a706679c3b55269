from tealeaves.model import (
    Actor,
    Analysis,
    Article,
    Claim,
    Mention,
    Source,
    Span,
    validate,
)


def _sample() -> Analysis:
    text = "Lavrov said: “No deal.”"
    art = Article.from_text(text, title="t")
    actor = Actor(
        id="lavrov", name="Lavrov", kind="person",
        mentions=(Mention(start=0, end=6, text="Lavrov"),),
    )
    claim = Claim(
        id="c1", start=14, end=21, text=text[14:21], quote=True,
        source=Source(kind="named_person", actor="lavrov", start=0, end=6, text="Lavrov"),
        cue=Span(start=7, end=11, text="said"),
    )
    return Analysis(article=art, actors=(actor,), claims=(claim,))


def test_round_trip_is_lossless() -> None:
    a = _sample()
    assert Analysis.from_dict(a.to_dict()) == a
    assert Analysis.from_json(a.to_json()) == a


def test_serialised_analysis_validates_against_schema() -> None:
    validate(_sample().to_dict())


def test_schema_rejects_unknown_source_kind() -> None:
    import jsonschema
    import pytest

    d = _sample().to_dict()
    d["claims"][0]["source"]["kind"] = "hearsay"
    with pytest.raises(jsonschema.ValidationError):
        validate(d)


def test_article_id_is_sha256_of_text() -> None:
    import hashlib

    art = Article.from_text("abc")
    assert art.id == hashlib.sha256(b"abc").hexdigest()


def test_safe_text_replaces_one_for_one() -> None:
    from tealeaves.model import safe_text

    raw = "a\ud800b\x00c\x0bd\x0ce\tf\r\ng\udcff\x1b"
    safe, counts = safe_text(raw)
    assert safe == "a\ufffdb\ufffdc\nd\ne\tf\r\ng\ufffd\ufffd"
    assert len(safe) == len(raw)
    expected = [("\ud800", 1), ("\x00", 1), ("\x0b", 1), ("\x0c", 1), ("\udcff", 1),
                ("\x1b", 1)]
    assert counts == dict(expected)
    assert safe_text("plain “text” \u202e\u200b") == ("plain “text” \u202e\u200b", {})


def test_article_makes_every_string_field_safe_and_says_so() -> None:
    text = "Lavrov\ud800 said: “No deal.”\x00"
    art = Article.from_text(text, title="t\udfff", url="https://x.example/\x01", outlet="O")
    assert art.text == "Lavrov\ufffd said: “No deal.”\ufffd" and len(art.text) == len(text)
    assert (art.title, art.url) == ("t\ufffd", "https://x.example/\ufffd")
    art.text.encode("utf-8")
    note = art.removed[-1]
    assert note.reason.startswith("characters that cannot be stored, replaced one for one")
    assert note.text == "4 in text, url, title: U+0000 ×1, U+0001 ×1, U+D800 ×1, U+DFFF ×1"
    # the id is the hash of the safe text, and loading the article back adds no second note
    assert art.id == Article.make_id(art.text) == Article.make_id(text)
    assert Article.from_dict(art.to_dict()) == art


def test_make_id_never_raises_on_a_str() -> None:
    for s in ("\ud800", "\udfff" * 3, "\x00", "", "\U0010ffff", "a\udc80b"):
        assert len(Article.make_id(s)) == 64


def test_removed_entries_are_made_safe() -> None:
    from tealeaves.model import Removed

    r = Removed(text="Share\ud83d", reason="debris\x00")
    assert (r.text, r.reason) == ("Share\ufffd", "debris\ufffd")


def test_an_article_without_unsafe_characters_is_unchanged() -> None:
    art = Article.from_text("Plain text.\n\tIndented.\r\n", title="T")
    assert art.removed == () and art.text == "Plain text.\n\tIndented.\r\n"


def test_input_error_messages_are_made_safe() -> None:
    from tealeaves.errors import InputError

    exc = InputError("bad\udcffname.txt", "problem \x00 here")
    assert str(exc) == "bad\ufffdname.txt: problem \ufffd here"
    str(exc).encode("utf-8")
