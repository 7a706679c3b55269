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
