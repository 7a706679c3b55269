"""Hostile text cannot make the parse deep: over-long sentences are cut before parsing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tealeaves.nlp import CUT_SENTENCES, MAX_SENTENCE_TOKENS, cut_long_runs

POISON = "The president said " + "very " * 50_000 + "much."  # 250 KB, one "sentence"


def test_a_run_without_sentence_ends_is_cut(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp.make_doc("He said that she said that " * 300)
    assert cut_long_runs(doc) == 1
    assert doc.user_data[CUT_SENTENCES] == 1
    starts = [t.i for t in doc if t.i == 0 or t.is_sent_start]
    gaps = [b - a for a, b in zip(starts, [*starts[1:], len(doc)], strict=True)]
    assert max(gaps) <= MAX_SENTENCE_TOKENS and len(starts) > 1


def test_ordinary_paragraphs_are_left_alone(nlp) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(["The minister said on Tuesday that talks would resume next week."] * 60)
    doc = nlp.make_doc(text)
    assert len(doc) > 3 * MAX_SENTENCE_TOKENS
    assert cut_long_runs(doc) == 0
    assert CUT_SENTENCES not in doc.user_data


def test_a_list_is_cut_at_a_comma(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp.make_doc("Signatories: " + ", ".join(f"Name{i} Surname{i}" for i in range(200)) + ".")
    assert cut_long_runs(doc) == 1
    cuts = [t for t in doc if t.i > 0 and t.is_sent_start]
    assert cuts and all(doc[t.i - 1].text == "," for t in cuts)


def test_the_parse_respects_the_cut(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The president said " + "very " * 1_000 + "much.")
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS


def test_the_analysis_reports_the_cut() -> None:
    from tealeaves import analyze

    analysis = analyze("The president said " + "very " * 1_000 + "much.")
    assert [i.stage for i in analysis.issues] == ["parse"]
    assert f"longer than {MAX_SENTENCE_TOKENS} tokens" in analysis.issues[0].message


@pytest.mark.slow
def test_a_250_kb_sentence_does_not_crash_the_cli(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "poison.txt"
    path.write_text(POISON, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", "from tealeaves.cli import main; main()", "analyze", str(path),
         "--format", "json"],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert '"stage": "parse"' in run.stdout


def test_a_text_over_the_size_limit_gets_one_clear_error() -> None:
    from tealeaves import analyze
    from tealeaves.errors import InputError
    from tealeaves.nlp import MAX_CHARS

    text = "The minister said the talks would resume. " * (MAX_CHARS // 40)
    assert len(text) > MAX_CHARS
    with pytest.raises(InputError, match=f"the limit is {MAX_CHARS:,}, about two minutes"):
        analyze(text)
