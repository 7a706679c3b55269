"""Roles read from the parse: the walks over the tree are loops, whatever the tree's depth."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
import spacy
from spacy.tokens import Doc

from tealeaves.stages.actors.roles import Role, _clause_tokens, roles_for_name
from tests.conftest import need

T = TypeVar("T")

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
FOUNDING = SHARED / "examples" / "lavrov-last-tango.txt"

#: A parse this deep overflows a 256 KiB stack in spaCy's recursive ``Token.subtree``
#: (about 2,000 levels do); the walks here take the same stack at any depth.
DEPTH = 8_000
STACK = 256 * 1024


def on_small_stack(fn: Callable[[], T]) -> T:
    """Run *fn* in a thread with a STACK-byte C stack: a walk that recurses once per level
    of the tree crashes the process here, long before it would on the main thread."""
    out: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            out.append(fn())
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    previous = threading.stack_size(STACK)
    try:
        thread = threading.Thread(target=target)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if errors:
        raise errors[0]
    return out[0]


def roles(doc: Doc, start: int, end: int) -> tuple[list[Role], list[Role]]:
    return on_small_stack(lambda: roles_for_name(doc, start, end, set(range(start, end))))


@pytest.fixture(scope="module")
def vocab():  # type: ignore[no-untyped-def]
    return spacy.blank("en").vocab  # English lexical attributes: lower_, is_punct


def test_an_apposition_over_a_very_deep_parse(vocab) -> None:  # type: ignore[no-untyped-def]
    # "John Smith, the w w … w spokesman.": each "w" modifies the next, so the apposition's
    # subtree is DEPTH levels deep
    n = DEPTH
    words = ["John", "Smith", ",", "the", *["w"] * n, "spokesman", "."]
    title = 4 + n
    heads = [1, 1, 1, title, *range(5, 5 + n), 1, 1]
    deps = ["compound", "ROOT", "punct", "det", *["amod"] * n, "appos", "punct"]
    pos = ["PROPN", "PROPN", "PUNCT", "DET", *["ADJ"] * n, "NOUN", "PUNCT"]
    doc = Doc(vocab, words=words, heads=heads, deps=deps, pos=pos)
    pre, appos = roles(doc, 0, 2)
    assert pre == []
    assert [(r.normalised, r.cls) for r in appos] == [("spokesman", "spokesperson")]
    assert appos[0].text == doc[3 : title + 1].text


def test_a_name_with_a_very_deep_subtree_in_apposition(vocab) -> None:  # type: ignore[no-untyped-def]
    # "the spokesman, John Smith w w … w.": the name is in apposition to the title, and its
    # own subtree (left out of the title's phrase) is DEPTH levels deep
    n = DEPTH
    words = ["the", "spokesman", ",", "John", "Smith", *["w"] * n, "."]
    heads = [1, 1, 1, 4, 1, *range(4, 4 + n), 1]
    deps = ["det", "ROOT", "punct", "compound", "appos", *["dep"] * n, "punct"]
    pos = ["DET", "NOUN", "PUNCT", "PROPN", "PROPN", *["X"] * n, "PUNCT"]
    doc = Doc(vocab, words=words, heads=heads, deps=deps, pos=pos)
    pre, appos = roles(doc, 3, 5)
    assert pre == []
    assert [(r.text, r.cls) for r in appos] == [("the spokesman", "spokesperson")]


def test_clause_tokens_are_the_subtrees_of_clauses_below(nlp) -> None:  # type: ignore[no-untyped-def]
    # the loop gives what the definition over spaCy's own subtree gives, on a real article
    doc = nlp(need(FOUNDING, "the founding article").read_text(encoding="utf-8"))
    deps = ("relcl", "acl", "advcl", "appos")
    nonempty = 0
    for head in doc:
        expected = {t.i for c in head.subtree if c.dep_ in deps and c.i != head.i
                    for t in c.subtree}
        assert _clause_tokens(head) == expected, head.i
        nonempty += bool(expected)
    assert nonempty > 50
