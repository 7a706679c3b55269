"""Shared fixtures: the real example articles and one loaded pipeline per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FOUNDING = SHARED / "examples" / "lavrov-last-tango.txt"
EXAMPLE = ROOT / "examples" / "kremlin-reshuffle.txt"
DATA = SHARED / "data"


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
