"""The pipeline benchmark's per-stage CPU accounting (``benchmarks/bench_pipeline.py``)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_pipeline", ROOT / "benchmarks" / "bench_pipeline.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_pipeline"] = module
    spec.loader.exec_module(module)
    return module


def test_stage_cpu_counts_each_stage_and_puts_the_stages_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tealeaves import pipeline

    calls: list[str] = []
    for name in ("actors", "stance"):
        monkeypatch.setitem(pipeline.STAGES, name, lambda state, n=name: calls.append(n))
    before = dict(pipeline.STAGES)
    acc: dict[str, float] = {}
    with _bench().stage_cpu(acc):
        assert pipeline.STAGES["actors"] is not before["actors"]  # wrapped
        state: Any = None
        pipeline.STAGES["actors"](state)
        pipeline.STAGES["stance"](state)
        pipeline.STAGES["stance"](state)
    assert calls == ["actors", "stance", "stance"]
    assert set(acc) == {"actors", "stance"} and all(v >= 0.0 for v in acc.values())
    assert pipeline.STAGES == before  # the very functions, put back


def test_stage_cpu_puts_the_stages_back_when_a_stage_fails(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tealeaves import pipeline

    def boom(state: Any) -> None:
        raise RuntimeError("stage failed")

    monkeypatch.setitem(pipeline.STAGES, "events", boom)
    before = dict(pipeline.STAGES)
    acc: dict[str, float] = {}
    with pytest.raises(RuntimeError), _bench().stage_cpu(acc):
        pipeline.STAGES["events"](None)
    assert "events" in acc and pipeline.STAGES == before
