"""The pipeline: stage order, failure isolation, batching in input order, language check."""

from __future__ import annotations

from pathlib import Path

import pytest

from tealeaves import analyze, analyze_many, pipeline
from tealeaves.errors import InputError, LanguageError
from tealeaves.ingest import read_text
from tealeaves.model import validate
from tealeaves.pipeline import Options, State

TEXTS = [
    f"Report number {i}. The foreign minister of Ruritania, Anna Berg, met her counterpart "
    f"in Vienna on day {i} of the talks. \"We made progress,\" Berg said after the meeting."
    for i in range(5)
]


def test_analyze_accepts_text_path_and_article(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(TEXTS[0], encoding="utf-8")
    from_text = analyze(TEXTS[0])
    from_path = analyze(p)
    from_str_path = analyze(str(p))
    from_article = analyze(read_text(TEXTS[0]))
    assert from_text.article.id == from_path.article.id == from_str_path.article.id
    assert from_article.article == from_text.article
    validate(from_text.to_dict())
    assert from_text.timings["parse"] > 0


def test_analyze_rejects_wrong_types_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        analyze(42)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="no such file"):
        analyze(str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match="no such file"):
        analyze("story.html")


def test_stage_failure_is_recorded_and_other_stages_run(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []

    def boom(state: State) -> None:
        raise RuntimeError("broken on purpose")

    def record(name: str):  # type: ignore[no-untyped-def]
        def run(state: State) -> None:
            ran.append(name)
        return run

    stages = {name: record(name) for name in pipeline.STAGE_NAMES}
    stages["sourcing"] = boom
    monkeypatch.setattr(pipeline, "STAGES", stages)
    result = analyze(TEXTS[0])
    assert ran == ["actors", "events", "rhetoric", "stance"]
    assert [(i.stage, i.message) for i in result.issues] == [
        ("sourcing", "RuntimeError: broken on purpose")]
    validate(result.to_dict())


def test_only_selected_stages_run() -> None:
    result = analyze(TEXTS[1], Options(stages=("actors",)))
    assert set(result.timings) == {"parse", "actors"}
    assert result.claims == () and result.events == ()


def test_analyze_many_keeps_input_order_across_batches() -> None:
    results = list(analyze_many(TEXTS, Options(batch_size=2)))
    assert [r.article.text for r in results] == [read_text(t).text for t in TEXTS]


def test_unsupported_language_is_refused_unless_the_check_is_off() -> None:
    ukrainian = ("Міністр закордонних справ України заявив у вівторок, що переговори з "
                 "сусідами провалилися, і делегація повернеться до Києва вже в середу.")
    with pytest.raises(LanguageError, match="Ukrainian"):
        analyze(ukrainian)
    with pytest.raises(LanguageError):
        list(analyze_many([TEXTS[0], ukrainian]))
    assert analyze(ukrainian, Options(check_language=False)).article.language == "uk"


def test_analyze_doc_requires_the_article_text(nlp) -> None:  # type: ignore[no-untyped-def]
    article = read_text(TEXTS[0])
    with pytest.raises(ValueError, match="cleaned text"):
        pipeline.analyze_doc(nlp("something else"), article)
