"""Speakers read from the shape of the source phrase (``SOURCING-GUIDE.md``: "A description
with a name in apposition is that person"): "Political analyst and Kremlin critic NAME told …",
which the parser reads as a description joined by "and" to a name, is one person."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .cue_rules import CueMatch

__all__ = ["described_names"]


def _described_name(subj: Token) -> Token | None:
    """ "Political analyst and Kremlin critic NAME told …": a bare description (no
    determiner) joined by "and" to a name that carries a description of its own ("critic
    NAME") is one person described twice, not two speakers; returns the name's head. "The
    minister and NAME" (a determiner, a bare name) are two."""
    if subj.pos_ != "NOUN" or any(c.dep_ in ("det", "poss") for c in subj.children):
        return None
    for conj in subj.children:
        if conj.dep_ == "conj" and conj.ent_type_ == "PERSON" and conj.pos_ == "PROPN" and any(
                c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < conj.i
                for c in conj.children):
            if sum(1 for c in subj.children if c.dep_ == "conj") == 1:
                return conj
    return None


def described_names(found: list[CueMatch]) -> None:
    """The source of an attribution whose subject is a description joined to a described
    name (:func:`_described_name`) is that name, over the whole phrase."""
    for f in found:
        name = _described_name(f.subject) if f.subject is not None else None
        if name is not None and f.subject is not None:
            f.source = (f.subject.left_edge.idx, name.idx + len(name.text))
            f.subject = name
