"""MinHash near-duplicate detection on article text."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tealeaves.corpus.dedup import (
    DuplicateIndex,
    from_bytes,
    minhash,
    shingles,
    similarity,
    to_bytes,
)
from tests.fixtures import fixture_records


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [r["text"] for r in fixture_records(4)]


def test_copy_with_new_byline_and_cut_ending_is_near_duplicate(texts: list[str]) -> None:
    original = texts[0]
    copy = "By Wire Staff\n\n" + original[: int(len(original) * 0.85)] + "\n\nCopyright 2016."
    assert similarity(minhash(original), minhash(copy)) >= 0.7
    for other in texts[1:]:
        assert similarity(minhash(original), minhash(other)) < 0.2


def test_index_links_copies_to_the_root(texts: list[str]) -> None:
    index = DuplicateIndex(0.7)
    index.add("a", minhash(texts[0]))
    index.add("b", minhash(texts[1]))
    copy1 = texts[0] + " Updated at noon."
    m = index.match(minhash(copy1))
    assert m is not None and m[0] == "a"
    index.add("a2", minhash(copy1), duplicate_of="a")
    m2 = index.match(minhash(copy1 + " Corrected."))
    assert m2 is not None and m2[0] == "a"  # the root, not the intermediate copy
    assert index.match(minhash(texts[2])) is None
    assert index.match(minhash("")) is None
    with pytest.raises(ValueError):
        DuplicateIndex(0)


def test_signatures_are_stable_across_processes(texts: list[str]) -> None:
    sig = minhash(texts[0][:2000])
    assert np.array_equal(from_bytes(to_bytes(sig)), sig)
    code = ("import sys; from tealeaves.corpus.dedup import minhash, to_bytes; "
            "sys.stdout.write(to_bytes(minhash(sys.stdin.read())).hex())")
    out = subprocess.run([sys.executable, "-c", code], input=texts[0][:2000], text=True,
                         capture_output=True, check=True,
                         env={"PYTHONHASHSEED": "123", "PATH": ""}).stdout
    assert out == to_bytes(sig).hex()


def test_shingles() -> None:
    assert shingles("One two three four five six") == {b"one two three four five",
                                                       b"two three four five six"}
    assert shingles("Short text") == {b"short text"}
    assert shingles("  ") == set()
