"""``tealeaves analyze``: formats, inputs, and one-line errors for every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tealeaves.cli import analyze as commands_analyze
from tealeaves.cli import cli
from tealeaves.model import validate

ENGLISH = (
    "The finance minister of Ruritania, Anna Berg, resigned on Tuesday after a week of "
    "pressure from her own party. \"I leave with my head held high,\" Berg told reporters. "
    "Officials said a successor would be named before the end of the month.\n"
)
SECOND = (
    "Talks between the two governments resumed in Vienna on Thursday, according to a "
    "statement from the foreign ministry, which said both delegations were cautiously hopeful.\n"
)
RUSSIAN = (
    "Министр иностранных дел прибыл в Анкару во вторник. Переговоры продлятся два дня, "
    "сообщили в министерстве, и стороны обсудят поставки зерна.\n"
)


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["analyze", *args], input=input)


def one_line_error(result: Result, name: str, problem: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and problem in lines[0], lines[0]
    assert "Traceback" not in result.output


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    p = tmp_path / "good.txt"
    p.write_text(ENGLISH, encoding="utf-8")
    return p


def test_json_output_validates(good: Path) -> None:
    result = run(str(good), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    validate(data)
    assert data["article"]["text"] == ENGLISH


def test_missing_file(tmp_path: Path) -> None:
    one_line_error(run(str(tmp_path / "nope.txt")), "nope.txt", "no such file")


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    one_line_error(run(str(p)), "empty.txt", "empty file")


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    one_line_error(run(str(p)), "photo.txt", "PNG image, not text")
    q = tmp_path / "blob.txt"
    q.write_bytes(b"\x00\x01\x02\x03binary\x00" * 300)
    one_line_error(run(str(q)), "blob.txt", "binary data")


def test_invalid_utf8_in_a_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "legacy.txt"
    text = ENGLISH.replace("Ruritania", "Ruritanía").replace('"', "“", 1).replace('"', "”", 1)
    p.write_bytes(text.encode("cp1252"))
    result = run(str(p), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["text"] == text


def test_undecodable_bytes(tmp_path: Path) -> None:
    p = tmp_path / "garbled.txt"
    p.write_bytes(bytes(range(128, 256)) * 10)
    one_line_error(run(str(p)), "garbled.txt", "not valid UTF-8")


def test_fifty_megabyte_file(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    one_line_error(run(str(p)), "huge.txt", "too large (50.0 MB")


def test_html_without_article_text(tmp_path: Path) -> None:
    p = tmp_path / "login.html"
    p.write_text("<html><head><title>Sign in</title></head><body><nav><a href='/'>Home</a>"
                 "</nav><form><input name=q><button>Search</button></form></body></html>")
    one_line_error(run(str(p)), "login.html", "HTML page with no article text")


def test_non_english_text(tmp_path: Path) -> None:
    p = tmp_path / "ru.txt"
    p.write_bytes(RUSSIAN.encode("cp1251"))
    one_line_error(run(str(p)), "ru.txt", "Russian (ru); tealeaves analyses English only")


def test_multi_file_run_goes_on_after_bad_inputs(tmp_path: Path, good: Path) -> None:
    second = tmp_path / "second.txt"
    second.write_text(SECOND, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(str(good), str(tmp_path / "missing.txt"), str(empty), str(second),
                 "--format", "jsonl")
    assert result.exit_code == 2
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article"]["text"] for r in rows] == [ENGLISH, SECOND]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert "missing.txt: no such file" in errors[0] and "empty.txt: empty file" in errors[1]


def test_directory_input_in_sorted_order_and_jsonl(tmp_path: Path) -> None:
    d = tmp_path / "articles"
    d.mkdir()
    (d / "b.txt").write_text(SECOND, encoding="utf-8")
    (d / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (d / "ignored.md").write_text("# not an article")
    result = run(str(d), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    texts = [json.loads(line)["article"]["text"] for line in result.stdout.splitlines()]
    assert texts == [ENGLISH, SECOND]


def test_empty_directory(tmp_path: Path) -> None:
    one_line_error(run(str(tmp_path)), str(tmp_path), "no .txt or .html files")


def test_stdin() -> None:
    result = run("-", "--format", "json", input=(ENGLISH + "Share on Facebook\n").encode())
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)["article"]
    assert article["text"] == ENGLISH
    assert article["removed"][0]["text"] == "Share on Facebook"
    one_line_error(run("-", input=b""), "<stdin>", "empty file")


def test_stdin_over_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from tealeaves.ingest import decode

    monkeypatch.setattr(decode, "MAX_BYTES", 50)
    monkeypatch.setattr("tealeaves.ingest.MAX_BYTES", 50)
    one_line_error(run("-", input=ENGLISH.encode()), "<stdin>", "too large (over 50 bytes")


def test_json_with_several_inputs_is_a_list_and_out_writes_a_file(
        tmp_path: Path, good: Path) -> None:
    out = tmp_path / "out.json"
    result = run(str(good), "-", "--format", "json", "--out", str(out), input=SECOND.encode())
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(out.read_text("utf-8"))
    assert isinstance(data, list) and [d["article"]["text"] for d in data] == [ENGLISH, SECOND]
    for d in data:
        validate(d)


def test_out_into_a_missing_directory(tmp_path: Path, good: Path) -> None:
    result = run(str(good), "--out", str(tmp_path / "no" / "such" / "x.json"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.output


def test_no_clean_keeps_the_input(tmp_path: Path) -> None:
    raw = "Headline\r\n" + ENGLISH + "Share on Facebook"
    p = tmp_path / "raw.txt"
    p.write_bytes(raw.encode("utf-8"))
    result = run(str(p), "--no-clean", "--format", "json")
    article = json.loads(result.stdout)["article"]
    assert article["text"] == raw and article["removed"] == []


def test_text_and_html_formats(good: Path) -> None:
    text = run(str(good), "--format", "text")
    assert text.exit_code == 0 and "Berg" in text.stdout
    html = run(str(good), "--format", "html")
    assert html.exit_code == 0 and "<html" in html.stdout.lower()


def test_unexpected_error_is_one_line_unless_debug(
        good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something\nbroke")

    monkeypatch.setattr(commands_analyze, "analyze_many", explode)
    result = run(str(good))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "tealeaves: unexpected error: RuntimeError: something broke "
        "(run with --debug for the traceback)")
    debug = run(str(good), "--debug")
    assert isinstance(debug.exception, RuntimeError)


def test_html_page_through_the_cli() -> None:
    page = Path(__file__).parents[1] / "ingest" / "fixtures" / "news-page.html"
    result = run(str(page), "--format", "json")
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)["article"]
    assert article["title"] == "Harbour strike ends after envoy brokers deal"
    assert article["published"] == "2025-03-14"
    assert article["outlet"] == "The Northern Ledger"
    assert "Tomas Brandt" in article["text"] and "cookies" not in article["text"]


def test_unexpected_error_reading_one_input_does_not_stop_the_others(
        tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tealeaves.ingest import files

    real = files.read_path
    bad = tmp_path / "bad.txt"
    bad.write_text(SECOND, encoding="utf-8")

    def flaky(path: Path, *, clean: bool = True):  # type: ignore[no-untyped-def]
        if path == bad:
            raise KeyError("reader bug")
        return real(path, clean=clean)

    monkeypatch.setattr("tealeaves.ingest.read_path", flaky)
    result = run(str(bad), str(good), "--format", "jsonl")
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 1
    assert "bad.txt: unexpected error while reading (KeyError: 'reader bug')" in result.stderr
    assert isinstance(run(str(bad), "--debug").exception, KeyError)


def test_broken_actors_file_is_one_line_error_before_any_work(good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "mine.yaml"
    bad.write_text("people: [name: : :\n", encoding="utf-8")
    result = run(str(good), "--actors", str(bad), "--format", "jsonl")
    assert result.exit_code == 2
    assert result.stdout == ""
    one_line_error(result, "mine.yaml", "YAML")


def test_user_actors_file_resolves_a_title(tmp_path: Path) -> None:
    """An analyst's own actors file teaches the knowledge base a country and an office."""
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "countries:\n"
        "  - {code: XF, name: Freedonia, aliases: [Freedonia], adjectives: [Freedonian],"
        " seats: [Fredville]}\n"
        "people:\n"
        "  - name: John Miller\n"
        "    gender: male\n"
        "    country: XF\n"
        "    source: invented for this test\n"
        "    offices:\n"
        "      - {title: Foreign Minister of Freedonia, class: foreign_minister, country: XF,"
        " start: 2020-01-01}\n",
        encoding="utf-8",
    )
    art = tmp_path / "a.txt"
    art.write_text("John Miller arrived in Geneva on Monday for the talks. The Freedonian "
                   "foreign minister said the talks would go on.\n", encoding="utf-8")

    def titles(*extra: str) -> list[str]:
        result = run(str(art), *extra, "--format", "json")
        assert result.exit_code == 0, result.stderr
        actor = next(a for a in json.loads(result.stdout)["actors"] if a["name"] == "John Miller")
        return [m["text"] for m in actor["mentions"] if m["form"] == "title"]

    assert titles() == []
    assert titles("--actors", str(mine)) == ["The Freedonian foreign minister"]
