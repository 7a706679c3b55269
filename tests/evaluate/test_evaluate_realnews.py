"""The real-news scorer: matching, kinds, speakers, channels, genre and standing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tealeaves.cli.evaluate import realnews as command
from tealeaves.evaluate.realnews import (
    GoldClaim,
    GoldNewsArticle,
    match_claims,
    read_dir,
    read_gold,
    score,
)
from tealeaves.model import (
    Actor,
    Analysis,
    Article,
    Claim,
    Genre,
    Source,
    Span,
    StandingSignal,
)

from ..conftest import DATA, need

TEXT = ("Ann Roe said the bridge will close. He added that it would reopen in May. "
        "Officials told the Daily Post that the mayor was sacked. "
        "Rumours swirl that the budget is gone.")


def at(part: str) -> tuple[int, int]:
    i = TEXT.index(part)
    return i, i + len(part)


def gold() -> GoldNewsArticle:
    def g(content: str, cue: str | None, kind: str, entity: str | None = None,
          via: str | None = None) -> GoldClaim:
        return GoldClaim(at(content), at(cue) if cue else None, kind, entity, via, content)

    return GoldNewsArticle(
        name="t", text=TEXT, genre="reporting",
        claims=(
            g("the bridge will close", "said", "named_person", "Ann Roe"),
            g("it would reopen in May", "added", "named_person", "Ann Roe"),
            g("the mayor was sacked", "told", "anonymous", via="Daily Post"),
            g("the budget is gone", "Rumours swirl", "rumour"),
        ),
        standing=frozenset({("Ann Roe", "rising"), ("Bo Tan", "falling")}),
    )


ROE = Actor(id="a1", name="Ann Roe", kind="person", aliases=("Roe",),
            standing=(StandingSignal("praised", "rising", 0, 3, "Ann"),))
TAN = Actor(id="a2", name="Cy Tan", kind="person")
POST = Actor(id="a3", name="Daily Post", kind="organization")


def claim(content: str, kind: str, actor: str | None = None, src: str | None = None,
          cue: str | None = None, via: str | None = None) -> Claim:
    s, e = at(content)
    source = Source(kind=kind, actor=actor, text=src,  # type: ignore[arg-type]
                    start=at(src)[0] if src else None, end=at(src)[1] if src else None)
    return Claim(id="c", start=s, end=e, text=content, quote=False, source=source,
                 cue=Span(*at(cue), cue) if cue else None, via=via)


def analysis(claims: list[Claim], genre: str = "reporting") -> Analysis:
    return Analysis(article=Article.from_text(TEXT), genre=Genre(genre, 0.9),  # type: ignore[arg-type]
                    actors=(ROE, TAN, POST), claims=tuple(claims))


def test_perfect_prediction_scores_one() -> None:
    preds = [
        claim("the bridge will close", "named_person", "a1", "Ann Roe", "said"),
        claim("it would reopen in May", "named_person", "a1", "He", "added"),
        claim("the mayor was sacked", "anonymous", None, "Officials", "told", via="a3"),
        claim("the budget is gone", "rumour"),
    ]
    r = score([(analysis(preds), gold())])
    assert (r["precision"], r["recall"], r["kind_accuracy"]) == (1.0, 1.0, 1.0)
    assert r["speaker_accuracy"] == 1.0 and r["speaker_n"] == 2
    assert r["channel_accuracy"] == 1.0 and r["channel_n"] == 1
    assert r["per_kind"]["rumour"]["f1"] == 1.0
    assert r["genre_accuracy"] == 1.0
    assert (r["standing_precision"], r["standing_recall"]) == (1.0, 0.5)


def test_wrong_kind_speaker_channel_and_author_claims() -> None:
    preds = [
        claim("the bridge will close", "named_person", "a1", "Ann Roe", "said"),
        claim("it would reopen in May", "named_person", "a2", "He", "added"),  # wrong speaker
        claim("the mayor was sacked", "named_organization", "a3", "Officials", "told"),
        claim("the budget is gone", "anonymous"),
        claim("Ann Roe said the bridge", "author"),  # author claims are not scored
    ]
    r = score([(analysis(preds, genre="opinion"), gold())])
    assert r["predicted"] == 4 and r["matched"] == 4
    assert r["kind_accuracy"] == 0.5
    assert r["speaker_accuracy"] == 0.5
    assert r["channel_accuracy"] == 0.0  # the gold names the Daily Post, the claim none
    assert r["per_kind"]["rumour"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                                       "gold": 1, "predicted": 0}
    assert r["per_kind"]["anonymous"]["precision"] == 0.0
    assert r["per_kind"]["named_person"]["precision"] == 1.0
    assert r["confusion"]["anonymous->named_organization"] == 1
    assert r["genre_accuracy"] == 0.0


def test_matching_by_half_overlap_or_cue_one_to_one() -> None:
    g = gold().claims
    short = claim("the bridge", "named_person")  # overlaps half of the shorter (itself)
    other = claim("Ann Roe said the bridge will close. He added", "named_person", cue="said")
    none = claim("Rumours swirl", "rumour")  # no overlap with any content
    pairs = match_claims([short, other, none], g)
    assert pairs == [(1, 0)]  # the larger overlap wins; the short one is left unmatched
    assert match_claims([short], g) == [(0, 0)]
    assert match_claims([none], g) == []


def test_a_fragment_matches_through_its_cue() -> None:
    g = gold().claims
    frag = claim("will close. He added that it", "named_person", cue="added")
    assert match_claims([frag], g[1:2]) == [(0, 0)]
    bare = claim("will close. He added that it", "named_person")
    assert match_claims([bare], g[1:2]) == []


def test_read_gold_places_strings_and_rejects_missing(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"genre": "reporting", "claims": [
        {"content": "it would reopen in May", "cue": "added", "source": "He",
         "kind": "named_person", "entity": "Ann Roe", "via": None, "quote": False}],
        "standing": [{"actor": "Ann Roe", "direction": "rising", "evidence": "x"}]}))
    g = read_gold(path, TEXT)
    assert g.claims[0].content == at("it would reopen in May")
    assert g.claims[0].cue == at("added")
    assert g.standing == {("Ann Roe", "rising")}
    from tealeaves.errors import InputError

    with pytest.raises(InputError):
        read_gold(path, "another text")


def test_cli_rejects_a_folder_that_is_not_a_set(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, [str(tmp_path)])
    assert result.exit_code == 1 and "not a real-news set" in result.output
    assert "Traceback" not in result.output


def test_realnews_dev_gold_reads() -> None:
    root = need(DATA / "realnews-dev", "the real-news dev set")
    golds = read_dir(root)
    assert len(golds) >= 6 and sum(len(g.claims) for g in golds) >= 100
    assert all(g.genre in ("opinion", "reporting", "satire") for g in golds)


def test_a_trailing_parenthetical_is_not_the_surname() -> None:
    from tealeaves.evaluate.realnews import _last_word

    assert _last_word("Invented Defence Review (2031)") == "review"
    assert _last_word("Invented Party (IP) (2029)") == "party"
    assert _last_word("Jane Q. Invented") == "invented"
    assert _last_word("(Wire)") == "(wire)"


def test_speaker_matching_follows_source_md() -> None:
    """A surname of either person of a joint entity, an acronym for its full name (and back),
    and, with no actor, the words the source refers to."""
    from tealeaves.evaluate.realnews import speaker_right

    def gc(entity: str) -> GoldClaim:
        return GoldClaim((0, 3), None, "named_person", entity, None, "x")

    def pred(text: str, actor: str | None = None, refers: str | None = None) -> Claim:
        source = Source(kind="named_organization", actor=actor, text=text,
                        refers=Span(0, len(refers), refers) if refers else None)
        return Claim(id="c", start=0, end=3, text="x", quote=False, source=source)

    acts = {"a1": ROE, "a2": TAN, "o": Actor(id="o", name="Invented Defence Agency (IDA)",
                                              kind="organization", aliases=("IDA",))}
    assert speaker_right(pred("Roe", "a1"), gc("Bo Lin; Ann Roe"), acts)
    assert not speaker_right(pred("Tan", "a2"), gc("Bo Lin; Ann Roe"), acts)
    assert speaker_right(pred("the IDA"), gc("Invented Defence Agency (Ministry)"), acts)
    assert speaker_right(pred("the agency", "o"), gc("IDA"), acts)
    assert not speaker_right(pred("the IA"), gc("Invented Defence Agency"), acts)
    assert speaker_right(pred("It", refers="Invented Defence Review"),
                         gc("Invented Defence Review (2031)"), acts)
    assert not speaker_right(pred("It"), gc("Invented Defence Review (2031)"), acts)
