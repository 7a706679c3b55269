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
