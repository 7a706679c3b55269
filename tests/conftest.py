"""Shared fixtures: the example articles, one loaded pipeline per test session, and
``need()`` for tests that read the research data in ``../shared``."""

from __future__ import annotations

import os
import re
from collections import Counter
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


#: A skip reason written by ``need()``: the path, then what it is in brackets if given.
_NEED_REASON = re.compile(r"(?:Skipped: )?missing (?P<path>.+?)(?: \((?P<what>.*)\))?")


def missing_data(reports: list[pytest.TestReport]) -> list[str]:
    """One line per path that ``need()`` found missing in these skip reports: how many tests
    it skipped, the path, and what the tests called it."""
    counts: Counter[str] = Counter()
    whats: dict[str, list[str]] = {}
    for rep in reports:
        m = _NEED_REASON.fullmatch(rep.longrepr[2]) if isinstance(rep.longrepr, tuple) else None
        if m:
            counts[m["path"]] += 1
            seen = whats.setdefault(m["path"], [])
            if m["what"] and m["what"] not in seen:
                seen.append(m["what"])
    return [f"{n:4d} {'test' if n == 1 else 'tests'} skipped: missing {path}"
            + (f" ({'; '.join(whats[path])})" if whats[path] else "")
            for path, n in sorted(counts.items())]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """At the end of a run without the research data, one line per missing path."""
    lines = missing_data(terminalreporter.stats.get("skipped", []))
    if lines:
        terminalreporter.write_sep("-", "missing research data (TEALEAVES_REQUIRE_DATA=1 fails "
                                        "these tests instead)")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from tealeaves.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def founding_analysis():  # type: ignore[no-untyped-def]
    from tealeaves import analyze

    return analyze(need(FOUNDING, "the founding article"))


@pytest.fixture(scope="session")
def example_analysis():  # type: ignore[no-untyped-def]
    from tealeaves import analyze

    return analyze(EXAMPLE)
