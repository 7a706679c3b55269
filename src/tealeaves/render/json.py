"""Analyses as JSON and JSON Lines."""

from __future__ import annotations

from ..model import Analysis


def to_json(analysis: Analysis) -> str:
    return analysis.to_json(indent=2)


def to_jsonl(analysis: Analysis) -> str:
    return analysis.to_json()
