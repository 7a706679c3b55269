"""Standing failure kinds found reading real 2025 articles by hand (docs/evaluation.md, "Real
articles read by hand", 2026-12-03) and not fixed yet: strict xfails on invented sentences."""

from __future__ import annotations

import pytest

from tests.stages.standing.test_denied import _all


@pytest.mark.xfail(strict=True, reason="'on his way out of office' dating a finished term is "
                   "read as a rumoured ouster")
def test_a_finished_term_as_a_time_is_no_ouster(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ivanov, on his way out of office in January, signed the new tariff law."
    assert not _all(nlp, text).get("ivanov")


@pytest.mark.xfail(strict=True, reason="a named person's 'rise' in a noun phrase is no signal")
def test_resistance_to_his_rise_is_a_rise(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ivanov has faced backlash from the old guard, a sign of resistance to his rise."
    assert [s.direction for s in _all(nlp, text).get("ivanov", [])] == ["rising"]
