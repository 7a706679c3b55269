"""Expose the fine-tuned span tagger's hidden states as extra outputs of its ONNX graph.

The tagger (``stages/rhetoric/encoder.py``, ``resources/rhetoric/si_encoder.onnx``) already
runs MiniLM over every window of an article; its per-piece hidden states after a transformer
layer can be pooled into span and sentence vectors for the technique classifier (issue 19:
one encoder pass), instead of running the frozen sentence encoder again. This module adds
the output of layer *k*'s final LayerNorm (1-based, ``k`` in 1..6) to the graph as output
``state{k}`` (batch, width, 384); nothing else in the graph changes.

Needs the ``onnx`` package (training only; at run time onnxruntime reads the graph).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

#: Name of the node output holding the hidden states after layer *k* (0-based in the graph).
LAYER_OUTPUT = "/inner/encoder/encoder/layer.{i}/output/LayerNorm/LayerNormalization_output_0"


def add_state_outputs(src: Path | str, dst: Path | str, layers: Sequence[int]) -> list[str]:
    """Write *src* to *dst* with the hidden states after each of *layers* (1-based) as extra
    float outputs ``state{k}``; returns the names of the outputs added."""
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(str(src))
    graph = model.graph
    produced = {o for n in graph.node for o in n.output}
    added = []
    for k in layers:
        inner = LAYER_OUTPUT.format(i=k - 1)
        if inner not in produced:
            raise ValueError(f"the graph has no layer {k} ({inner})")
        name = f"state{k}"
        if name in {o.name for o in graph.output}:
            continue
        graph.node.append(helper.make_node("Identity", [inner], [name], name=f"/expose/{name}"))
        graph.output.append(helper.make_tensor_value_info(
            name, TensorProto.FLOAT, ["batch", "width", 384]))
        added.append(name)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    return added


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m tealeaves.training.tagger_states SRC DST 4 6``."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 3:
        raise SystemExit("usage: python -m tealeaves.training.tagger_states SRC DST LAYER...")
    print(add_state_outputs(args[0], args[1], [int(a) for a in args[2:]]))


if __name__ == "__main__":
    main()
