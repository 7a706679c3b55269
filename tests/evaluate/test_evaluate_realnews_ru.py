"""The real-news scorer on a set kept without its texts (as data/realnews-ru is): texts from
``--texts``, their sha256 checked, speakers by ``entity_en``, actor recall on ``actors[]``.

The gold and text here are invented."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tealeaves.cli.evaluate import realnews as command
from tealeaves.errors import InputError
from tealeaves.evaluate.realnews import actor_found, read_dir, score
from tealeaves.model import Actor, Analysis, Article, Claim, Source, Span

TEXT = ("Глава ведомства Иван Сидоров заявил, что мост закроют в мае.\n"
        "По словам источника в мэрии, ремонт затянется.\n")

GOLD = {
    "language": "ru", "genre": "reporting",
    "claims": [
        {"content": "мост закроют в мае", "cue": "заявил", "source": "Иван Сидоров",
         "kind": "named_person", "entity": "Иван Сидоров", "entity_en": "Ivan Sidorov",
         "via": None, "quote": False},
        {"content": "ремонт затянется", "cue": "По словам", "source": "источника в мэрии",
         "kind": "anonymous", "entity": None, "via": None, "quote": False},
    ],
    "standing": [],
    "actors": [{"name": "Иван Сидоров", "kind": "person", "name_en": "Ivan Sidorov"},
               {"name": "Мэрия Москвы", "kind": "organization", "name_en": "Moscow City Hall"}],
}


def make_set(tmp: Path, text: str = TEXT, sha: str | None = None) -> tuple[Path, Path]:
    root, texts = tmp / "set", tmp / "texts"
    (root / "gold").mkdir(parents=True)
    texts.mkdir()
    digest = sha or hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    (root / "gold" / "01-bridge.json").write_text(
        json.dumps({**GOLD, "sha256": digest}, ensure_ascii=False), encoding="utf-8")
    (texts / "01-bridge.txt").write_text(text, encoding="utf-8")
    return root, texts


def at(part: str) -> tuple[int, int]:
    i = TEXT.index(part)
    return i, i + len(part)


def test_texts_come_from_their_own_folder(tmp_path: Path) -> None:
    root, texts = make_set(tmp_path)
    [g] = read_dir(root, texts)
    assert g.language == "ru" and g.claims[0].content == at("мост закроют в мае")
    assert g.claims[0].entity_en == "Ivan Sidorov"
    assert g.actors == (("person", ("Иван Сидоров", "Ivan Sidorov")),
                        ("organization", ("Мэрия Москвы", "Moscow City Hall")))


def test_a_changed_or_missing_text_is_one_clear_error(tmp_path: Path) -> None:
    root, texts = make_set(tmp_path, text=TEXT.replace("мае", "июне"))
    with pytest.raises(InputError, match="sha256 mismatch"):
        read_dir(root, texts)
    (texts / "01-bridge.txt").unlink()
    with pytest.raises(InputError, match="no text"):
        read_dir(root, texts)
    result = CliRunner().invoke(command, [str(root), "--texts", str(texts)])
    assert result.exit_code == 1 and "no text" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_without_texts_a_set_kept_apart_says_to_pass_them(tmp_path: Path) -> None:
    root, _ = make_set(tmp_path)
    result = CliRunner().invoke(command, [str(root)])
    assert result.exit_code == 1 and "--texts" in result.output


def _analysis(actors: tuple[Actor, ...], speaker: str | None) -> Analysis:
    s, e = at("мост закроют в мае")
    source = Source(kind="named_person", actor=speaker, text="Иван Сидоров",
                    start=at("Иван Сидоров")[0], end=at("Иван Сидоров")[1])
    claim = Claim(id="c1", start=s, end=e, text=TEXT[s:e], quote=False, source=source,
                  cue=Span(*at("заявил"), "заявил"))
    return Analysis(article=Article.from_text(TEXT), actors=actors, claims=(claim,))


def test_speaker_by_english_name_and_actor_recall(tmp_path: Path) -> None:
    root, texts = make_set(tmp_path)
    [g] = read_dir(root, texts)
    # an actor named only in Latin letters (as a KB match gives it) still counts
    latin = Actor(id="ivan-sidorov", name="Ivan Sidorov", kind="person")
    r = score([(_analysis((latin,), "ivan-sidorov"), g)])
    assert r["speaker_accuracy"] == 1.0 and r["speaker_n"] == 1
    assert r["actor_recall"] == 0.5 and r["actors_gold"] == 2
    other = Actor(id="p", name="Пётр Смирнов", kind="person")
    mayor = Actor(id="m", name="мэрия Москвы", kind="organization")
    r = score([(_analysis((other, mayor), "p"), g)])
    assert r["speaker_accuracy"] == 0.0 and r["actor_recall"] == 0.5


def test_organisations_match_by_whole_name_not_by_a_shared_word() -> None:
    mid = Actor(id="m", name="МИД Украины", kind="organization")
    assert not actor_found("organization", ("МИД России", "Russian Foreign Ministry"), [mid])
    kommersant = Actor(id="k", name="Коммерсант", kind="organization", aliases=("«Ъ»",))
    assert actor_found("organization", ("Коммерсантъ", "Kommersant"), [kommersant])
    kremlin = Actor(id="kr", name="Kremlin", kind="organization")
    assert actor_found("organization", ("Кремль", "Kremlin"), [kremlin])
    assert not actor_found("person", ("Иван Сидоров",), [kremlin])


def test_realnews_ru_keeps_its_figures() -> None:
    """The Russian pipeline on the hand-annotated set (texts beside the repository), held
    at the figures in docs/stages/russian.md less a small margin."""
    pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")
    from tealeaves.evaluate.realnews import evaluate

    from ..conftest import ROOT

    # The texts are not in ../shared (only their hashes are kept in data/realnews-ru), so CI
    # may lack them too: a plain skip, not need(), which TEALEAVES_REQUIRE_DATA would fail.
    texts = ROOT.parent / "realnews-ru-texts"
    if not texts.is_dir():
        pytest.skip(f"missing {texts} (texts of data/realnews-ru, rebuilt from index.tsv URLs)")
    r = evaluate(ROOT / "data" / "realnews-ru", texts=texts, full=False)
    assert r["articles"] == 26 and r["gold"] == 100
    assert r["f1"] >= 0.75 and r["kind_accuracy"] >= 0.78
    assert r["speaker_accuracy"] >= 0.78 and r["actor_recall"] >= 0.88
