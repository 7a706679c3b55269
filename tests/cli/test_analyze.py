"""``tealeaves analyze``: formats, inputs, and one-line errors for every kind of bad input."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

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
UKRAINIAN = (
    "Міністр закордонних справ України заявив у вівторок, що переговори з сусідами "
    "провалилися, і делегація повернеться до Києва вже в середу ввечері.\n"
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
    p = tmp_path / "uk.txt"
    p.write_bytes(UKRAINIAN.encode("cp1251"))
    one_line_error(run(str(p)), "uk.txt",
                   "Ukrainian (uk); tealeaves analyses English and Russian only")


def test_russian_without_the_extra_is_one_line(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from tealeaves import nlp

    monkeypatch.setattr(nlp, "russian_available", lambda: False)
    p = tmp_path / "ru.txt"
    p.write_bytes(RUSSIAN.encode("cp1251"))
    one_line_error(run(str(p)), "ru.txt", "Russian (ru); Russian analysis needs the 'ru' extra")


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


# -- the process as a whole: pipes, full disks, devices (each bounded by a timeout) --------

#: Generous for a loaded machine; each of these ends in a few seconds when all is well.
PROC_TIMEOUT = 120
CLI = [sys.executable, "-c", "from tealeaves.cli import main; main()"]


def _cli(*args: str, stdout: Any = subprocess.PIPE, stdin: Any = subprocess.DEVNULL
         ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CLI, "analyze", *args],
                          stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                          timeout=PROC_TIMEOUT, env={**os.environ, "PYTHONUNBUFFERED": "0"})


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_closed_output_pipe_ends_quietly_with_141(good: Path, fmt: str) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte (`| head -c0`, deterministic)
    try:
        proc = _cli(str(good), "--format", fmt, stdout=write_end)
    finally:
        os.close(write_end)
    assert proc.returncode == commands_analyze.EXIT_PIPE_CLOSED == 141
    assert proc.stderr == b""  # no message, no traceback, no "Exception ignored" at exit


def test_head_c1_on_the_output_pipe(good: Path, tmp_path: Path) -> None:
    command = " ".join(shlex.quote(x) for x in [*CLI, "analyze", str(good)])
    script = f"{command} --format jsonl | head -c1; echo \" ${{PIPESTATUS[0]}}\""
    proc = subprocess.run(["bash", "-c", script], capture_output=True, timeout=PROC_TIMEOUT)
    first, status = proc.stdout.decode().rsplit(" ", 1)
    assert first == "{" and status.strip() in ("0", "141")  # 0: it all fitted the pipe
    assert proc.stderr == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_on_stdout_is_one_line_and_exit_2(good: Path) -> None:
    with open("/dev/full", "wb") as full:
        proc = _cli(str(good), "--format", "json", stdout=full)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "tealeaves: cannot write <stdout>: No space left on device\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_on_out_names_the_file(good: Path) -> None:
    proc = _cli(str(good), "--format", "jsonl", "--out", "/dev/full")
    assert proc.returncode == 2
    assert proc.stderr.decode() == "tealeaves: cannot write /dev/full: No space left on device\n"


def test_out_that_is_a_directory_is_refused_before_any_work(good: Path, tmp_path: Path) -> None:
    result = run(str(good), "--out", str(tmp_path))  # Click's own check (a usage error)
    assert result.exit_code == 2 and "is a directory" in result.stderr
    import io

    err = io.StringIO()  # and the command's, for callers of run_analyze
    code = commands_analyze.run_analyze((str(good),), fmt="json", out=tmp_path, clean=True,
                                        actors_file=None, stderr=err)
    assert code == 2
    assert err.getvalue() == f"tealeaves: cannot write {tmp_path}: is a directory\n"


def test_a_write_error_names_the_target(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import io

    class Full(io.StringIO):
        def write(self, s: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    err = io.StringIO()
    code = commands_analyze.run_analyze((str(good),), fmt="jsonl", out=None, clean=True,
                                        actors_file=None, stdout=Full(), stderr=err)
    assert code == 2
    assert err.getvalue() == "tealeaves: cannot write <stdout>: No space left on device\n"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_as_a_path_is_refused_at_once() -> None:
    proc = _cli("/dev/zero", "--format", "json")
    assert proc.returncode == 2
    assert proc.stderr.decode() == ("tealeaves: /dev/zero: a character device, not a file; "
                                    "pipe its content to '-' (standard input) instead\n")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_on_stdin_stops_at_the_size_limit() -> None:
    with open("/dev/zero", "rb") as zero:
        proc = _cli("-", "--format", "json", stdin=zero)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "tealeaves: <stdin>: too large (over 10.0 MB, the limit)\n"


def test_a_fifo_with_no_writer_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    proc = _cli(str(fifo), "--format", "json")
    assert proc.returncode == 2
    assert proc.stderr.decode() == (f"tealeaves: {fifo}: a FIFO (named pipe), not a file; "
                                    "pipe its content to '-' (standard input) instead\n")


def test_nuls_past_the_binary_check_are_replaced() -> None:
    data = (ENGLISH * 40).encode() + b"The end\x00 of it.\n"  # NUL after the first 8 KB
    result = run("-", "--format", "json", "--no-clean", input=data)
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)["article"]
    assert article["text"].endswith("The end\ufffd of it.\n")
    assert len(article["text"]) == len(data.decode())  # offsets keep their meaning
    assert article["removed"][0]["text"] == "1 in text: U+0000 ×1"


@pytest.mark.parametrize(("redirect", "line"), [
    ("- <&-", "tealeaves: <stdin>: standard input is closed"),
    ("{good} >&-", "tealeaves: cannot write <stdout>: standard output is closed"),
])
def test_started_with_a_closed_standard_stream(good: Path, redirect: str, line: str) -> None:
    command = " ".join(shlex.quote(x) for x in [*CLI, "analyze"])
    script = f"{command} {redirect.format(good=shlex.quote(str(good)))}"
    proc = subprocess.run(["bash", "-c", script], capture_output=True, timeout=PROC_TIMEOUT)
    assert proc.returncode == 2
    assert proc.stderr.decode() == line + "\n"


LOADED = (
    "Critics called the plan a shameless betrayal of voters. This disgraceful, reckless "
    "scheme will destroy our great nation, the opposition leader said on Tuesday, calling "
    "the minister a liar and a traitor who sold out the country.\n"
)


def test_min_score_leaves_out_lower_scored_techniques(tmp_path: Path) -> None:
    p = tmp_path / "loaded.txt"
    p.write_text(LOADED, encoding="utf-8")
    every = json.loads(run(str(p), "--format", "json", "--min-score", "0").stdout)
    scores = sorted(t["score"] for t in every["techniques"])
    assert scores, "the loaded text has technique findings"
    cut = scores[len(scores) // 2]
    kept = json.loads(run(str(p), "--format", "json", "--min-score", str(cut)).stdout)
    assert sorted(t["score"] for t in kept["techniques"]) == [s for s in scores if s >= cut]
    assert kept["actors"] == every["actors"]  # only techniques are filtered
    none = json.loads(run(str(p), "--format", "json", "--min-score", "1").stdout)
    assert [t for t in none["techniques"] if t["score"] < 1] == []


def test_min_score_default_is_the_cross_validated_one(tmp_path: Path) -> None:
    from tealeaves.stages.rhetoric.calibration import default_min_score

    p = tmp_path / "loaded.txt"
    p.write_text(LOADED, encoding="utf-8")
    default = json.loads(run(str(p), "--format", "json").stdout)
    assert all(t["score"] >= default_min_score() for t in default["techniques"])
    bad = run(str(p), "--min-score", "1.5")
    assert bad.exit_code == 2 and "Traceback" not in bad.output
