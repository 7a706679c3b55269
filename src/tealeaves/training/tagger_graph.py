"""Take the NaN guards out of the span tagger's attention (training-time tool, exact).

The tagger graph (``resources/rhetoric/si_encoder.onnx``) was exported from PyTorch's
scaled-dot-product attention, which guards every layer's attention weights against rows
whose keys are all masked: ``Where(IsNaN(softmax), 0, softmax)``. Both nodes run over the
whole ``(batch, 12 heads, width, width)`` tensor in each of the six layers, and on one
thread they took about a seventh of a call's time (onnxruntime's profile of 168 windows
of 20 PolNeAR dev articles: IsNaN 1.5 %, Where 13.5 % of the kernels' time).

A softmax row is NaN only when every key of the window is masked (``-inf`` added to every
score). The tagger's inputs (``encoder.batch_arrays``) always unmask ``[CLS]`` and every
piece of a window, so no row of a real input is ever fully masked and the guard never
changes a value: :func:`drop_nan_guards` feeds the softmax straight to the next product.
Probabilities and hidden states stay the same bit for bit (a test runs both graphs on an
article). Only an input whose attention mask is all zeros would differ (NaN instead of a
meaningless uniform state); the tagger never builds one.

Needs the ``onnx`` package (the ``train`` extra); at run time onnxruntime reads the graph.

    python -m tealeaves.training.tagger_graph SRC.onnx DST.onnx
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def drop_nan_guards(model: Any) -> int:
    """Remove every ``Where(IsNaN(x), c, x)`` pair over a ``Softmax`` output from *model*
    (an ``onnx.ModelProto``, changed in place), its users reading ``x``; returns how many."""
    graph = model.graph
    made_by = {out: n for n in graph.node for out in n.output}
    rename: dict[str, str] = {}
    drop: set[int] = set()
    for node in graph.node:
        if node.op_type != "Where":
            continue
        test = made_by.get(node.input[0])
        if test is None or test.op_type != "IsNaN" or test.input[0] != node.input[2]:
            continue
        source = made_by.get(node.input[2])
        if source is None or source.op_type != "Softmax":
            continue
        rename[node.output[0]] = node.input[2]
        drop.update((id(node), id(test)))
    if any(out.name in rename for out in graph.output):
        raise ValueError("a guarded softmax is a graph output; left as it is")
    keep = [n for n in graph.node if id(n) not in drop]
    for node in keep:
        for i, name in enumerate(node.input):
            if name in rename:
                node.input[i] = rename[name]
    keep = _live(keep, {out.name for out in graph.output})
    del graph.node[:]
    graph.node.extend(keep)
    used = {x for n in keep for x in n.input}
    inits = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(inits)
    return len(rename)


def _live(nodes: list[Any], outputs: set[str]) -> list[Any]:
    """*nodes* without those whose results nothing reads (the guards' fill constants: left
    in, onnxruntime warns about them on every load)."""
    needed = set(outputs)
    live = []
    for node in reversed(nodes):
        if any(out in needed for out in node.output):
            live.append(node)
            needed.update(node.input)
    return live[::-1]


def simplify(src: Path | str, dst: Path | str) -> int:
    """Write *src* to *dst* without its softmax NaN guards; returns how many were removed."""
    import onnx

    model = onnx.load(str(src))
    removed = drop_nan_guards(model)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    return removed


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m tealeaves.training.tagger_graph SRC DST``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        raise SystemExit("usage: python -m tealeaves.training.tagger_graph SRC.onnx DST.onnx")
    print(f"removed {simplify(args[0], args[1])} softmax NaN guards: {args[1]}")


if __name__ == "__main__":
    main()
