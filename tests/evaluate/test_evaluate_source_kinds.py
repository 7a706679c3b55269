"""The source-kind scorer on invented gold and labels, and the labels on PolNeAR dev."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tealeaves.cli.evaluate import sourcing_kinds as command
from tealeaves.errors import InputError
from tealeaves.evaluate.polnear import GoldArticle, GoldAttribution, GoldSpan
from tealeaves.evaluate.source_kinds import LABELS_DIR, label_files, read_labels, score
from tealeaves.model import Claim, Source

from ..conftest import DATA, need

TEXT = ("Mayor Lee said the road will close. Officials say it is a mistake. "
        "The council said rents will rise. Rumours say the mayor will quit.")


def gs(part: str) -> GoldSpan:
    i = TEXT.index(part)
    return GoldSpan(((i, i + len(part)),), part)


GOLD = GoldArticle("t", TEXT, (
    GoldAttribution(gs("Mayor Lee"), gs("said"), gs("the road will close")),
    GoldAttribution(gs("Officials"), gs("say"), gs("it is a mistake")),
    GoldAttribution(gs("The council"), None, gs("rents will rise")),
    GoldAttribution(gs("Rumours"), None, gs("the mayor will quit")),
), "x")


def label_file(tmp_path: Path) -> Path:
    rows = [("Mayor Lee", "named_person"), ("Officials", "anonymous"),
            ("The council", "named_organization")]  # the rumour span is left unlabelled
    lines = ["file\tstart\tend\tkind"]
    for part, kind in rows:
        i = TEXT.index(part)
        lines.append(f"t\t{i}\t{i + len(part)}\t{kind}")
    path = tmp_path / "dev-a.tsv"
    path.write_text("\n".join(lines) + "\n")
    return path


def claim(content: str, kind: str) -> Claim:
    i = TEXT.index(content)
    return Claim(id="c", start=i, end=i + len(content), text=content, quote=False,
                 source=Source(kind=kind))  # type: ignore[arg-type]


def test_kind_accuracy_per_kind_and_confusion(tmp_path: Path) -> None:
    labels = read_labels([label_file(tmp_path)])
    preds = [claim("the road will close", "named_person"),
             claim("it is a mistake", "named_organization"),  # wrong: gold anonymous
             claim("rents will rise", "named_organization"),
             claim("the mayor will quit", "rumour"),  # matched, but its span has no label
             claim("Mayor Lee said", "author")]  # author claims are never matched
    r = score([(preds, GOLD)], labels)
    assert (r["matched"], r["labelled"], r["unlabelled"]) == (4, 3, 1)
    assert r["kind_accuracy"] == round(2 / 3, 4)
    assert r["per_kind"]["anonymous"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                                          "gold": 1, "predicted": 0}
    assert r["per_kind"]["named_organization"]["precision"] == 0.5
    assert r["per_kind"]["named_organization"]["recall"] == 1.0
    assert r["confusion"]["anonymous"] == {"named_organization": 1}
    assert "rumour" not in r["per_kind"]


def test_unmatched_claims_do_not_count(tmp_path: Path) -> None:
    labels = read_labels([label_file(tmp_path)])
    r = score([([claim("Rumours say", "anonymous")], GOLD)], labels)
    assert r["labelled"] == 0 and r["kind_accuracy"] == 0.0


def test_bad_label_lines_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "dev-x.tsv"
    path.write_text("file\tstart\tend\tkind\nt\t0\t5\tsomebody\n")
    with pytest.raises(InputError):
        read_labels([path])
    path.write_text("t\tzero\t5\tanonymous\n")
    with pytest.raises(InputError):
        read_labels([path])


def test_label_files_by_part(tmp_path: Path) -> None:
    for name in ("dev-a.tsv", "dev-b.tsv", "train-a.tsv", "notes.tsv"):
        (tmp_path / name).write_text("")
    assert [p.name for p in label_files("dev", tmp_path)] == ["dev-a.tsv", "dev-b.tsv"]
    assert [p.name for p in label_files("train", tmp_path)] == ["train-a.tsv"]


def test_cli_without_labels_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, [str(tmp_path), "--labels", str(label_file(tmp_path))])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "PolNeAR" in result.output


def test_dev_labels_name_gold_source_spans() -> None:
    need(DATA / "polnear" / "dev", "PolNeAR dev")
    files = label_files("dev")
    if not files:
        need(LABELS_DIR / "dev-a.tsv", "PolNeAR dev source-kind labels")
    from tealeaves.evaluate.polnear import iter_articles

    labels = read_labels(files)
    spans = {(a.name, att.source.start, att.source.end)
             for a in iter_articles(DATA / "polnear" / "dev") for att in a.attributions
             if att.source is not None}
    assert labels and set(labels) <= spans
