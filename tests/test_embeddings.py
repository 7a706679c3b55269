"""Sentence embeddings (int8 MiniLM through onnxruntime)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tealeaves.embeddings import DIM, embed


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
