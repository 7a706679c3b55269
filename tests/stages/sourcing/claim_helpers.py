"""Shared helpers of the sourcing tests: the founding article and claim lookups."""

from __future__ import annotations

from pathlib import Path

from tealeaves.model import Actor, Claim
from tealeaves.stages.sourcing import find_claims

FOUNDING = (
    Path(__file__).resolve().parents[3].parent / "shared" / "examples" / "lavrov-last-tango.txt"
)


def claims_of(nlp, text: str, actors: list[Actor] | None = None) -> list[Claim]:  # type: ignore[no-untyped-def]
    return find_claims(nlp(text), actors or [])


def attributed(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.source.kind != "author"]


def one_containing(claims: list[Claim], words: str) -> Claim:
    found = [c for c in claims if words in c.text]
    assert found, f"no claim contains {words!r}: {[c.text for c in claims]}"
    return found[0]
