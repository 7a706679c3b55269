"""What a worker does around the pipeline: one article at a time, libraries it never uses
left unloaded, one BLAS thread, free heap pages handed back (src/tealeaves/batch/work.py)."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import types
from typing import Any

import pytest

from tealeaves.batch import work
from tealeaves.model import Article
from tealeaves.pipeline import Options


class _Parser:
    """A stand-in for the language model: fails on texts holding "BAD", and otherwise
    returns a blank English Doc of *wrong* text for texts holding "ODD"."""

    def __init__(self) -> None:
        import spacy

        self.blank = spacy.blank("en")
        self.seen: list[str] = []

    def __call__(self, text: str) -> Any:
        self.seen.append(text)
        if "BAD" in text:
            raise RuntimeError("no parse")
        return self.blank(text.replace("ODD", "odd") if "ODD" in text else text)


def test_a_chunk_is_analysed_one_article_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = _Parser()
    monkeypatch.setattr("tealeaves.nlp.load_model", lambda: parser)
    texts = ["The minister spoke on Monday.", "BAD text here.", "An ODD one out.",
             "Officials said the talks had failed."]
    arts = [Article.from_text(t) for t in texts]
    out = work.analyse_chunk(arts, Options(stages=("actors",), check_language=False))
    assert len(out) == 4
    assert out[1] == "parse failed: RuntimeError: no parse"
    assert isinstance(out[2], str) and out[2].startswith("analysis failed: ValueError")
    for i in (0, 3):
        res = out[i]
        assert not isinstance(res, str)
        assert res.article.id == arts[i].id
    assert parser.seen == texts  # each text parsed once, in order


def test_unused_libraries_are_blocked_but_loaded_ones_kept(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(work, "UNUSED_IN_WORKERS", ("tl_test_absent", "tl_test_loaded"))
    loaded = types.ModuleType("tl_test_loaded")
    monkeypatch.setitem(sys.modules, "tl_test_loaded", loaded)
    monkeypatch.delitem(sys.modules, "tl_test_absent", raising=False)
    work.skip_unused_libraries()
    try:
        assert sys.modules["tl_test_loaded"] is loaded
        with pytest.raises(ImportError):
            __import__("tl_test_absent")
    finally:
        sys.modules.pop("tl_test_absent", None)


_WORKER_PROBE = """
import json, os, sys
import tealeaves.batch.work as w

def probe(conn, options):
    from threadpoolctl import threadpool_info
    import sklearn.utils.fixes as fixes
    blas = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    print(json.dumps({"pandas": sys.modules.get("pandas", "absent") is None,
                      "sklearn_pd": fixes.pd is None, "blas": blas,
                      "env": os.environ.get("OPENBLAS_NUM_THREADS")}))

w._serve = probe
w.worker_main(None, None, os.getppid())
"""


def test_a_worker_runs_without_pandas_on_one_blas_thread() -> None:
    env = {k: v for k, v in __import__("os").environ.items()
           if k not in ("OPENBLAS_NUM_THREADS", "TEALEAVES_ENCODER_THREADS")}
    got = subprocess.run([sys.executable, "-c", _WORKER_PROBE], capture_output=True,
                         text=True, timeout=300, env=env, check=True)
    seen = json.loads(got.stdout.strip().splitlines()[-1])
    assert seen["pandas"] and seen["sklearn_pd"]  # scikit-learn went without pandas
    assert seen["blas"] and set(seen["blas"]) == {1}
    assert seen["env"] == "1"


def test_blas_threads_are_limited_inside_the_block_only() -> None:
    import numpy  # noqa: F401 - its BLAS must be loaded to be seen
    from threadpoolctl import threadpool_info

    def blas() -> list[int]:
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before = blas()
    assert before
    with work.blas_threads(1):
        assert set(blas()) == {1}
    assert blas() == before


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_free_heap_pages_go_back_on_glibc() -> None:
    assert work._malloc_trim() is not None
    work.release_free_memory()  # and it is harmless to call at any time


_MMAP_PROBE = """
import ctypes, json, os
import tealeaves.batch.work as w
os.environ.pop("MALLOC_MMAP_THRESHOLD_", None)
lib = ctypes.CDLL(None)
lib.malloc.restype = ctypes.c_void_p
lib.malloc_usable_size.restype = ctypes.c_size_t
lib.malloc_usable_size.argtypes = [ctypes.c_void_p]
def mapped(n):  # a chunk served by mmap carries the IS_MMAPPED bit (2) in its size word
    p = lib.malloc(n)
    flag = ctypes.c_size_t.from_address(p - ctypes.sizeof(ctypes.c_size_t)).value & 2
    lib.free(ctypes.c_void_p(p))
    return bool(flag)
lib.mallopt(w.M_MMAP_THRESHOLD, 32 << 20)  # where glibc's own threshold may have risen to
lib.malloc_trim(0)  # so that the heap has no free top left to serve the next block
before = mapped(2 << 20)
took = w.map_large_allocations()
lib.malloc_trim(0)
print(json.dumps({"before": before, "took": took, "big": mapped(2 << 20),
                  "small": mapped(4096)}))
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_large_allocations_get_their_own_pages() -> None:
    got = subprocess.run([sys.executable, "-c", _MMAP_PROBE], capture_output=True, text=True,
                         timeout=120, check=True)
    seen = json.loads(got.stdout.strip().splitlines()[-1])
    assert seen == {"before": False, "took": True, "big": True, "small": False}


def test_a_set_mmap_threshold_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")
    assert work.map_large_allocations() is False


def test_claim_vectors_reuse_encoded_sentences_and_recent_texts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A claim whose text is a whole sentence the stages encoded, or a text embedded for an
    earlier article, is not run through the encoder again, and every claim gets the bytes
    it gets alone (``claim_vectors``)."""
    from dataclasses import replace

    import numpy as np
    import spacy

    from tealeaves import embeddings
    from tealeaves.store.grouping import claim_vectors
    from tests.corpus.corpus_data import corroboration_set

    analyses = corroboration_set()
    other = replace(analyses[3].claims[0], id="c2")  # a second claim, of another text
    first = replace(analyses[0], claims=(*analyses[0].claims, other))
    texts = list(dict.fromkeys(c.text for c in first.claims))
    assert len(texts) >= 2
    doc = spacy.blank("en")(first.article.text)
    # the stages encoded one sentence that a claim repeats word for word, and one no claim is
    embeddings.set_sentence_encodings(doc, [(0, e) for e in embeddings.encode([texts[0]])]
                                      + [(1, e) for e in embeddings.encode(["Unrelated."])])
    seen: list[str] = []
    real = embeddings.embed

    def recording(batch: list[str], batch_size: int = 32) -> np.ndarray:
        seen.extend(batch)
        return real(batch, batch_size)

    monkeypatch.setattr(embeddings, "embed", recording)
    recent = work.RecentVectors(size=8)
    out = work.embed_claims(first, doc, recent)
    assert sorted(seen) == sorted(texts[1:])
    monkeypatch.setattr(embeddings, "embed", real)
    assert out == claim_vectors(first)
    copy = analyses[2]  # the third outlet's copy repeats the first article's claim
    assert {c.text for c in copy.claims} & set(texts)
    monkeypatch.setattr(embeddings, "embed", recording)
    seen.clear()
    again = work.embed_claims(copy, None, recent)
    assert not set(seen) & set(texts)  # remembered, not encoded again
    monkeypatch.setattr(embeddings, "embed", real)
    assert again == claim_vectors(copy)


def test_recent_vectors_forget_the_least_recently_used() -> None:
    import numpy as np

    recent = work.RecentVectors(size=2)
    a, b, c = (np.full(3, k, dtype=np.float32) for k in (1, 2, 3))
    recent.remember({"a": a, "b": b})
    assert set(recent.known(["a", "x"])) == {"a"}  # "a" is now the most recent
    recent.remember({"c": c})
    assert set(recent.known(["a", "b", "c"])) == {"a", "c"}
