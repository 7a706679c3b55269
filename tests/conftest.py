"""Shared fixtures: the real example articles and one loaded pipeline per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FOUNDING = SHARED / "examples" / "lavrov-last-tango.txt"
EXAMPLE = ROOT / "examples" / "kremlin-reshuffle.txt"
DATA = SHARED / "data"

#: Set by .ci/run: a test whose research data is missing fails instead of skipping.
REQUIRE_DATA = os.environ.get("TEALEAVES_REQUIRE_DATA", "") not in ("", "0")


def need(path: Path, what: str = "") -> Path:
    """*path* if it exists; else skip the test with one line naming what is missing (or, with
    ``TEALEAVES_REQUIRE_DATA=1`` as in CI, fail it)."""
    if path.exists():
        return path
    line = f"missing {path}" + (f" ({what})" if what else "")
    if REQUIRE_DATA:
        pytest.fail(f"{line}; TEALEAVES_REQUIRE_DATA is set", pytrace=False)
    pytest.skip(line)


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from tealeaves.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def founding_analysis():  # type: ignore[no-untyped-def]
    from tealeaves import analyze

    return analyze(FOUNDING)


@pytest.fixture(scope="session")
def example_analysis():  # type: ignore[no-untyped-def]
    from tealeaves import analyze

    return analyze(EXAMPLE)
