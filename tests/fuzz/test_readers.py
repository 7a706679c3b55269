"""Property-based fuzzing of every ingest reader and of Article construction.

The only allowed outcomes are an Article (or a per-item error record) or an InputError;
any other exception fails the test, and so does an outcome that breaks an invariant
(:mod:`.targets`). ``TEALEAVES_FUZZ_PROFILE=fuzz`` runs fresh random cases instead of the
fixed CI ones; ``scripts/fuzz.py`` runs many more with a per-case timeout and a summary.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from tealeaves.errors import InputError

from .strategies import budget
from .targets import TARGETS

pytestmark = pytest.mark.timeout(300)


def _run(name: str, case: Any) -> None:
    with tempfile.TemporaryDirectory(prefix="tealeaves-fuzz-") as work:
        try:
            TARGETS[name].run(case, Path(work))
        except InputError as exc:
            from .targets import check_error

            check_error(exc)


@budget(200)
@given(TARGETS["text"].strategy)
def test_text(case: Any) -> None:
    _run("text", case)


@budget(200)
@given(TARGETS["bytes"].strategy)
def test_bytes_and_files(case: Any) -> None:
    _run("bytes", case)


@budget(150)
@given(TARGETS["html"].strategy)
def test_html(case: Any) -> None:
    _run("html", case)


@budget(80)
@given(TARGETS["feed"].strategy)
def test_feeds(case: Any) -> None:
    _run("feed", case)


@budget(80)
@given(TARGETS["warc"].strategy)
def test_warc(case: Any) -> None:
    _run("warc", case)


@budget(80)
@given(TARGETS["jsonl"].strategy)
def test_jsonl(case: Any) -> None:
    _run("jsonl", case)


@budget(500)
@given(TARGETS["article"].strategy)
def test_article_construction(case: Any) -> None:
    _run("article", case)


@budget(300)
@given(TARGETS["url"].strategy)
def test_url_checks(case: Any) -> None:
    _run("url", case)
