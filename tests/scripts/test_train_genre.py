"""scripts/train_genre.py: the sentence-reading options reach the trainer; bad values give one
line and a non-zero exit (no training is run)."""

from __future__ import annotations

import pytest

from tests.scripts.load import script

train = script("train_genre")


def test_reading_options_parse() -> None:
    args = train.parser().parse_args(["--sentences", "4", "--pieces", "24",
                                      "--sentence-rule", "cues"])
    assert (args.sentences, args.pieces, args.sentence_rule) == (4, 24, "cues")
    plain = train.parser().parse_args([])
    assert (plain.sentences, plain.pieces, plain.sentence_rule) == (None, None, "spaced")


@pytest.mark.parametrize("argv", [["--sentences", "0"], ["--pieces", "-1"],
                                  ["--sentence-rule", "loudest"]])
def test_bad_reading_options_exit_with_one_line(argv: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        train.main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err.strip().splitlines()[-1] and "Traceback" not in err
