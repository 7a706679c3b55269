"""The tagger graph without its softmax NaN guards computes the same values."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest


def _guarded_attention(path: Path) -> None:
    """A one-head attention with PyTorch's guard: Where(IsNaN(softmax), 0, softmax) @ V."""
    from onnx import TensorProto, helper, numpy_helper, save

    nodes = [
        helper.make_node("MatMul", ["q", "kt"], ["scores"]),
        helper.make_node("Add", ["scores", "mask"], ["masked"]),
        helper.make_node("Softmax", ["masked"], ["weights"], axis=-1),
        helper.make_node("IsNaN", ["weights"], ["nan"]),
        helper.make_node("Where", ["nan", "zero", "weights"], ["guarded"]),
        helper.make_node("MatMul", ["guarded", "v"], ["out"]),
    ]
    f = TensorProto.FLOAT
    graph = helper.make_graph(
        nodes, "guarded",
        [helper.make_tensor_value_info(n, f, ["w", "w"]) for n in ("q", "kt", "mask", "v")],
        [helper.make_tensor_value_info("out", f, ["w", "w"])],
        [numpy_helper.from_array(np.zeros(1, dtype=np.float32), "zero")],
    )
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


def test_dropping_the_guards_keeps_every_value(tmp_path: Path) -> None:
    pytest.importorskip("onnx")
    import onnx
    import onnxruntime as ort

    from tealeaves.training.tagger_graph import simplify

    src, dst = tmp_path / "guarded.onnx", tmp_path / "plain.onnx"
    _guarded_attention(src)
    assert simplify(src, dst) == 1
    assert {n.op_type for n in onnx.load(str(dst)).graph.node} == {"MatMul", "Add", "Softmax"}
    assert simplify(dst, tmp_path / "again.onnx") == 0
    rng = np.random.default_rng(3)
    feeds = {n: rng.normal(size=(5, 5)).astype(np.float32) for n in ("q", "kt", "v")}
    mask = np.zeros((5, 5), dtype=np.float32)
    mask[:, 3:] = -np.inf  # some keys masked, as padding is: never all of a row's
    feeds["mask"] = mask
    a = ort.InferenceSession(str(src)).run(None, feeds)[0]
    b = ort.InferenceSession(str(dst)).run(None, feeds)[0]
    assert np.array_equal(a, b)


def test_the_shipped_tagger_has_no_guards() -> None:
    pytest.importorskip("onnx")
    import onnx

    from tealeaves.stages.rhetoric.techniques import SI_ENCODER, model_dir

    ops = {n.op_type for n in onnx.load(str(model_dir() / SI_ENCODER)).graph.node}
    assert "IsNaN" not in ops and "Softmax" in ops
