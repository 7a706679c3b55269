"""Fuzzing ``tealeaves.analyze`` itself: a handful of hostile texts (it is slow), each of
which must give a schema-valid Analysis with every offset inside the text, or an
InputError (a LanguageError for most random text)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from .strategies import budget
from .targets import TARGETS
from .test_readers import _run

pytestmark = pytest.mark.timeout(300)


@budget(8)
@given(TARGETS["analyze"].strategy)
def test_analyze(case: Any) -> None:
    _run("analyze", case)


def test_analyze_with_a_lone_surrogate() -> None:
    """The reported crash: UnicodeEncodeError from Article.make_id on a lone surrogate."""
    from tealeaves import analyze

    from .strategies import ENGLISH
    from .targets import check_analysis

    text = "".join(ENGLISH[:4]) + "The minister \ud800 said \udcff nothing.\x00\n"
    analysis = analyze(text)
    check_analysis(analysis)
    assert analysis.article.text.count("\ufffd") == 3
    assert len(analysis.article.text) == len(text)
    analysis.to_json().encode("utf-8")
