"""The entity-framing reader, the task's measures and the article-grouped CV harness."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tealeaves.errors import InputError
from tealeaves.evaluate.framing import (
    article_folds,
    cross_validate,
    exact_match,
    read_annotations,
)
from tests.conftest import DATA, need


def _write(folder: Path, rows: list[str], docs: dict[str, str]) -> Path:
    (folder / "documents").mkdir(parents=True)
    (folder / "annotations.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for name, text in docs.items():
        (folder / "documents" / name).write_text(text, encoding="utf-8")
    return folder


def test_reader_makes_end_exclusive_and_checks_roles(tmp_path: Path) -> None:
    text = "General Vorn shelled the town. Farmers fled."
    folder = _write(tmp_path / "ok", ["A1.txt\tGeneral Vorn\t0\t11\tAntagonist\tTyrant\tInstigator",
                                      "A1.txt\tFarmers\t31\t37\tInnocent\tVictim"], {"A1.txt": text})
    mentions, texts = read_annotations(folder)
    assert [text[m.start:m.end] for m in mentions] == ["General Vorn", "Farmers"]
    assert mentions[0].role == "antagonist" and mentions[0].fine == ("Tyrant", "Instigator")
    assert texts["A1.txt"] == text
    bad = _write(tmp_path / "bad", ["A1.txt\tFarmers\t31\t37\tInnocent\tTyrant"], {"A1.txt": text})
    with pytest.raises(InputError):
        read_annotations(bad)


def test_exact_match_compares_sets() -> None:
    gold = [("Tyrant", "Instigator"), ("Victim",), ("Guardian",)]
    pred = [("Instigator", "Tyrant"), ("Victim", "Forgotten"), ("Guardian",)]
    assert exact_match(gold, pred) == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        exact_match([], [])


def test_folds_keep_each_article_whole() -> None:
    groups = ["a", "a", "b", "c", "c", "c", "d", "e"]
    folds = article_folds(groups, 3)
    assert sorted(np.concatenate(folds).tolist()) == list(range(len(groups)))
    for fold in folds:
        arts = {groups[i] for i in fold}
        for i, g in enumerate(groups):
            assert (i in fold) == (g in arts)
    with pytest.raises(ValueError):
        article_folds(["a", "b"], 3)


def test_cross_validate_scores_a_recipe_against_the_majority() -> None:
    # invented rows: the "feature" is the role itself for the oracle recipe
    roles = ["antagonist"] * 6 + ["protagonist"] * 2 + ["innocent"] * 2
    fine = [("Tyrant",)] * 6 + [("Guardian",)] * 2 + [("Victim",)] * 2
    groups = [f"art{i}" for i in range(10)]
    fine_of = {"antagonist": ("Tyrant",), "protagonist": ("Guardian",), "innocent": ("Victim",)}

    def oracle(train: np.ndarray):  # type: ignore[no-untyped-def]
        def predict(test: np.ndarray):  # type: ignore[no-untyped-def]
            return ([roles[i] for i in test], [fine_of[roles[i]] for i in test],
                    [1.0] * len(test))
        return predict

    fig = cross_validate(oracle, roles, fine, groups, k=5).figures()
    assert fig["main_role_macro_f1"] == pytest.approx(1.0)
    assert fig["exact_match"] == pytest.approx(1.0)
    assert fig["ece"] == pytest.approx(0.0)
    assert fig["baseline_exact_match"] == pytest.approx(0.6)  # always ("Tyrant",)
    assert fig["baseline_main_role_macro_f1"] == pytest.approx((2 * 0.6 / 1.6) / 3)


def test_real_annotations_read() -> None:
    folder = need(DATA / "entity-framing" / "en", "SemEval-2025 Task 10 entity framing (en)")
    mentions, texts = read_annotations(folder)
    assert len(mentions) == 686 and len(texts) == 202
    for m in mentions[:50]:
        assert texts[m.article][m.start:m.end] == m.text


def test_cli_bad_data_is_one_clear_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tealeaves.cli import cli

    result = CliRunner().invoke(cli, ["evaluate", "framing", "--data", str(tmp_path)])
    assert result.exit_code != 0
    assert "annotations.tsv" in result.output and "Traceback" not in result.output
