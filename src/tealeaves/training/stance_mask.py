"""The masked-target blocks of the stance model's training rows (NewsMTSC).

:data:`~tealeaves.stages.stance.features.MASK_BLOCKS` come from an encoder call of each
target's own: the sentence around the target with the target replaced by a placeholder
(:func:`~tealeaves.stages.stance.features.masked_call`, the function inference uses). A
NewsMTSC row is one sentence, so the call needs no parse; ``mask_diff`` subtracts the
unmasked sentence vector (the ``sent`` block of the shared pass). With a cache folder the
arrays are kept as ``<file stem>.mask.npz`` and read back on the next run.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..embeddings import DIM
from ..stages.stance.masked import masked_call


def mask_arrays(rows: list[tuple[str, int, int, str]], sent_vectors: np.ndarray,
                cache_file: Path | None = None) -> dict[str, np.ndarray]:
    """``mask_vec``, ``mask_ph`` and ``mask_diff`` (``(n, 384)``, zero rows where the
    placeholder was truncated away) of ``(sentence, start, end, label)`` *rows*."""
    if cache_file is not None and cache_file.is_file():
        with np.load(cache_file) as z:
            vec, ph = z["mask_vec"], z["mask_ph"]
    else:
        vec = np.zeros((len(rows), DIM), dtype=np.float32)
        ph = np.zeros_like(vec)
        for n, (sentence, start, end, _label) in enumerate(rows):
            v, p = masked_call(sentence, start, end)
            vec[n] = v
            if p is not None:
                ph[n] = p
        if cache_file is not None:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            np.savez(cache_file, mask_vec=vec, mask_ph=ph)
    return {"mask_vec": vec, "mask_ph": ph,
            "mask_diff": np.asarray(vec - sent_vectors, dtype=np.float32)}
