"""The Russian tests need the ``ru`` extra (natasha); without it each module skips with one
line."""

from __future__ import annotations

from typing import Any

import pytest

from tealeaves.model import Analysis


def analyse(text: str, **kw: Any) -> Analysis:
    from tealeaves.lang.ru import analyze_ru
    from tealeaves.model import Article

    return analyze_ru(Article.from_text(text, language="ru"), **kw)


@pytest.fixture(scope="session")
def ru() -> Any:
    pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")
    return analyse
