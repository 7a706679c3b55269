"""Sentence embeddings (int8 MiniLM through onnxruntime)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import numpy as np
import pytest

from tealeaves.embeddings import DIM, embed, encode, sentence_encodings, span_state


@pytest.fixture(scope="module")
def vecs() -> np.ndarray:
    return embed([
        "The weather is lovely today.",
        "It's so sunny outside!",
        "He drove to the stadium.",
        "Clinton said she would raise the minimum wage.",
        "Hillary Clinton promised to increase the minimum wage.",
        "",
    ])


def test_shape_and_unit_rows(vecs: np.ndarray) -> None:
    assert vecs.shape == (6, DIM) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_matches_published_minilm_similarities(vecs: np.ndarray) -> None:
    # sentence-transformers' documentation gives 0.6660 / 0.1046 / 0.1411 for these three
    # sentences with the float32 all-MiniLM-L6-v2; the int8 copy stays within 0.02.
    sims = vecs[:3] @ vecs[:3].T
    assert sims[0, 1] == pytest.approx(0.6660, abs=0.02)
    assert sims[0, 2] == pytest.approx(0.1046, abs=0.02)
    assert sims[1, 2] == pytest.approx(0.1411, abs=0.02)


def test_paraphrase_high_unrelated_low(vecs: np.ndarray) -> None:
    assert float(vecs[3] @ vecs[4]) > 0.8
    assert float(vecs[3] @ vecs[2]) < 0.2


def test_batching_and_padding_do_not_change_vectors() -> None:
    texts = ["Short one.", "A much longer sentence that needs padding when batched "
             "with a short one, about the candidates and their plans."]
    together = embed(texts, batch_size=2)
    alone = np.vstack([embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-4)
    assert embed([]).shape == (0, DIM)
    with pytest.raises(TypeError):
        embed("one string")  # type: ignore[arg-type]


def test_long_text_is_truncated() -> None:
    assert embed(["word " * 2000]).shape == (1, DIM)


def test_import_is_lazy() -> None:
    code = ("import sys, tealeaves, tealeaves.embeddings; "
            "print('onnxruntime' in sys.modules or 'tokenizers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_encode_vector_matches_embed_and_offsets_point_at_words() -> None:
    texts = ["The minister resigned on Tuesday.", "Unbelievable!"]
    encs = encode(texts)
    assert [e.text for e in encs] == texts
    np.testing.assert_allclose(np.stack([e.vector for e in encs]), embed(texts), atol=1e-5)
    first = encs[0]
    assert first.states.shape == (len(first.offsets), DIM)
    words = {texts[0][a:b] for a, b in first.offsets}
    assert {"minister", "resigned", "tuesday"} <= {w.lower() for w in words}
    # a span's state is the mean of its pieces; a span with no piece has none
    a = texts[0].index("minister")
    state = first.span(a, a + len("minister"))
    assert state is not None and state.shape == (DIM,)
    assert first.span(len(texts[0]) + 5, len(texts[0]) + 9) is None


def test_sentence_encodings_are_cached_per_doc_and_span_state_reads_them(nlp: Any) -> None:
    doc = nlp("The talks collapsed. Officials blamed the foreign minister for it.")
    sents = sentence_encodings(doc)
    assert [a for a, _e in sents] == [s.start_char for s in doc.sents]
    again = sentence_encodings(doc)  # one encoder pass per Doc: the same objects come back
    assert all(x is y for (_a, x), (_b, y) in zip(sents, again, strict=True))
    start = doc.text.index("foreign minister")
    state = span_state(doc, start, start + len("foreign minister"))
    second_start, second = sents[1]
    expected = second.span(start - second_start, start - second_start + len("foreign minister"))
    assert state is not None and expected is not None
    np.testing.assert_allclose(state, expected)
    # the state depends on context: the same word in another sentence differs
    other = encode(["A foreign minister arrived."])[0]
    o = other.text.index("foreign minister")
    other_state = other.span(o, o + len("foreign minister"))
    assert other_state is not None
    assert not np.allclose(state, other_state, atol=1e-3)


def test_threads_env_override_and_child_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from tealeaves import embeddings

    monkeypatch.setenv("TEALEAVES_ENCODER_THREADS", "3")
    assert embeddings.threads() == 3
    monkeypatch.setenv("TEALEAVES_ENCODER_THREADS", "zero")  # unreadable: the default
    assert embeddings.threads() == 1
    monkeypatch.delenv("TEALEAVES_ENCODER_THREADS")
    assert embeddings.threads() == 1  # one thread per process: workers never oversubscribe
    code = ("import multiprocessing as mp\nfrom tealeaves.embeddings import threads\n"
            "if __name__ == '__main__':\n"
            "    with mp.get_context('spawn').Pool(1) as p:\n"
            "        print(p.apply(threads))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "1"


def test_set_sentence_encodings_fills_and_drops_the_cache(nlp: Any) -> None:
    from tealeaves.embeddings import set_sentence_encodings

    doc = nlp("One sentence here. Another one there.")
    encs = sentence_encodings(doc)
    other = nlp("One sentence here. Another one there.")
    set_sentence_encodings(other, encs)
    assert sentence_encodings(other) == encs
    set_sentence_encodings(other, None)
    fresh = sentence_encodings(other)
    assert fresh is not encs and [a for a, _e in fresh] == [a for a, _e in encs]


def test_sentence_encoding_at_finds_the_holding_sentence(nlp: Any) -> None:
    from tealeaves.embeddings import sentence_encoding_at

    doc = nlp("The talks collapsed. Officials blamed the minister. Nobody resigned.")
    sents = sentence_encodings(doc)
    for base, enc in sents:
        assert sentence_encoding_at(doc, base) == (base, enc)
        assert sentence_encoding_at(doc, base + 3) == (base, enc)
    assert sentence_encoding_at(doc, -1) is None


def test_sentences_are_encoded_lazily_once_and_only_when_asked(nlp: Any, monkeypatch: Any) -> None:
    import tealeaves.embeddings as emb

    doc = nlp("The talks collapsed. Officials blamed the minister. Nobody came. It rained.")
    starts = [s.start_char for s in doc.sents]
    calls: list[list[str]] = []
    real = emb.encode

    def counting(texts: list[str], batch_size: int = 32) -> list[Any]:
        calls.append(list(texts))
        return real(texts, batch_size)

    monkeypatch.setattr(emb, "encode", counting)
    second = doc.text.index("minister")
    emb.encode_sentences_at([(doc, [second, second + 2, starts[3]])])
    assert calls == [["Officials blamed the minister. ", "It rained."]] or calls == [
        ["Officials blamed the minister.", "It rained."]]
    hit = emb.sentence_encoding_at(doc, second)
    assert hit is not None and hit[0] == starts[1] and len(calls) == 1  # read from the cache
    emb.sentence_encoding_at(doc, 0)  # a sentence nobody asked for: encoded alone, now
    assert len(calls) == 2 and len(calls[1]) == 1
    full = emb.sentence_encodings(doc)  # the rest (one sentence) in one call
    assert len(calls) == 3 and len(calls[2]) == 1
    assert [a for a, _e in full] == starts
    # the lazily encoded sentence equals its encoding in a whole-article pass
    whole = real([doc.text[starts[1]:[s.end_char for s in doc.sents][1]]])[0]
    np.testing.assert_allclose(full[1][1].vector, whole.vector, atol=1e-5)
