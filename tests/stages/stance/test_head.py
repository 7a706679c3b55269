"""The stance target head: its inputs (the target's sentence pieces and mask) and its numpy
forward pass, which must give what the torch module it was trained as gives."""

from __future__ import annotations

import numpy as np
import pytest

from tealeaves.embeddings import Encoding
from tealeaves.stages.stance.head import PARAMS, StanceHead, head_inputs


def _encoding(n: int, width: int = 384, seed: int = 3) -> Encoding:
    rng = np.random.default_rng(seed)
    offs = np.array([(5 * i, 5 * i + 4) for i in range(n)], dtype=np.int32)
    return Encoding("x" * (5 * n), np.zeros(width, np.float32),
                    rng.normal(size=(n, width)).astype(np.float32), offs)


def test_inputs_mark_the_targets_pieces() -> None:
    enc = _encoding(10)
    states, mask = head_inputs(enc, 10, 19)  # type: ignore[misc]  # pieces 2 and 3
    assert states.shape == (10, 384)
    assert mask.tolist() == [i in (2, 3) for i in range(10)]
    # a target between pieces marks the piece where it starts
    _s, between = head_inputs(enc, 14, 15)  # type: ignore[misc]
    assert between.tolist() == [i == 3 for i in range(10)]


def test_a_long_sentence_is_cut_around_the_target() -> None:
    enc = _encoding(300)
    start = 5 * 250
    states, mask = head_inputs(enc, start, start + 4, max_pieces=128)  # type: ignore[misc]
    assert len(states) == 128 and mask.sum() == 1
    assert np.array_equal(states[mask][0], enc.states[250])
    first, fmask = head_inputs(enc, 0, 4, max_pieces=128)  # type: ignore[misc]
    assert len(first) == 128 and fmask[0]  # the window starts at the sentence start
    assert head_inputs(Encoding("", np.zeros(384), np.zeros((0, 384)),
                                np.zeros((0, 2), np.int32)), 0, 1) is None


def _random_head(width: int = 8, hidden: int = 8, heads: int = 2, seed: int = 5) -> StanceHead:
    rng = np.random.default_rng(seed)
    shapes = {"tflag": (width,), "norm.weight": (width,), "norm.bias": (width,),
              "q.weight": (hidden, width), "q.bias": (hidden,), "k.weight": (hidden, width),
              "k.bias": (hidden,), "v.weight": (hidden, width), "v.bias": (hidden,),
              "mlp.1.weight": (hidden, width + hidden), "mlp.1.bias": (hidden,),
              "mlp.4.weight": (3, hidden), "mlp.4.bias": (3,)}
    assert set(shapes) == set(PARAMS)
    return StanceHead({k: rng.normal(size=s) for k, s in shapes.items()}, heads)


def test_log_probabilities_and_the_target_matter() -> None:
    head = _random_head()
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 8)).astype(np.float32)
    a = head.log_probs(x, np.array([1, 0, 0, 0, 0, 0], bool))
    b = head.log_probs(x, np.array([0, 0, 0, 0, 1, 1], bool))
    assert np.exp(a).sum() == pytest.approx(1.0)
    assert not np.allclose(a, b)  # the same sentence, another target: other scores


def test_numpy_forward_equals_the_torch_module() -> None:
    torch = pytest.importorskip("torch")  # training extra only
    from tealeaves.training import stance_head as sh

    torch.manual_seed(0)
    module = sh._module(384)
    for p in module.parameters():  # not the trivial initial values
        torch.nn.init.normal_(p, std=0.2)
    module.eval()
    params = {k: v.detach().numpy().astype(np.float64) for k, v in module.state_dict().items()}
    head = StanceHead(params, sh.HEADS)
    enc = _encoding(20)
    states, mask = head_inputs(enc, 25, 39)  # type: ignore[misc]
    with torch.no_grad():
        want = torch.log_softmax(module(torch.from_numpy(states)[None],
                                        torch.ones(1, len(mask), dtype=torch.bool),
                                        torch.from_numpy(mask)[None]), -1)[0].numpy()
    assert np.allclose(head.log_probs(states, mask), want, atol=1e-4)


def test_a_sentence_normalised_once_gives_the_same_bits() -> None:
    """The stage normalises a sentence's states once (``normalised``) for all its targets;
    every target's scores must be those of the head normalising on its own."""
    head = _random_head(width=384, hidden=16, heads=4, seed=9)
    head.params["tflag"][:5] = 0.0  # some flag components add zero
    rng = np.random.default_rng(4)
    states = rng.normal(size=(37, 384)).astype(np.float32)
    states[3, :7] = -0.0  # signed zeros under the target flag
    base = head.normalised(states)
    for lo, hi in ((0, 1), (3, 6), (36, 37), (0, 37)):
        mask = np.zeros(37, dtype=bool)
        mask[lo:hi] = True
        want = head.log_probs(states, mask)
        got = head.log_probs(states, mask, base)
        assert want.tobytes() == got.tobytes()
    assert np.array_equal(base, head.normalised(states))  # not changed by a target's pass


def test_the_head_window_is_what_head_inputs_reads() -> None:
    from tealeaves.stages.stance.head import head_window

    enc = _encoding(200)
    for start, end in ((0, 4), (25, 39), (500, 520), (990, 999)):
        got = head_window(enc, start, end)
        inputs = head_inputs(enc, start, end)
        assert got is not None and inputs is not None
        a, b, mask = got
        assert np.array_equal(inputs[0], enc.states[a:b]) and np.array_equal(inputs[1], mask)


def test_gelu_and_layer_norm_are_numpys_own_steps_bit_for_bit() -> None:
    """``_gelu`` maps ``math.erf`` as ``np.vectorize`` did, and ``_norm`` shares the mean of
    ``x.mean``/``x.var`` in their own steps: the same floats as the plain numpy calls."""
    import math

    from tealeaves.stages.stance.assess import load_stance_model
    from tealeaves.stages.stance.head import _gelu

    rng = np.random.default_rng(11)
    erf = np.vectorize(math.erf, otypes=[np.float64])
    for n in (1, 7, 128):
        z = rng.normal(0.0, 3.0, n)
        assert _gelu(z).tobytes() == (0.5 * z * (1.0 + erf(z / math.sqrt(2.0)))).tobytes()
    head = load_stance_model().head
    if head is None:
        pytest.skip("the shipped stance model has no target head")
    w, b = head.params["norm.weight"], head.params["norm.bias"]
    for rows in (1, 5, 40):
        x = rng.normal(0.0, 2.0, (rows, 384)) * rng.uniform(0.1, 10.0, (rows, 1))
        mu, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
        assert head.normalised(x).tobytes() == ((x - mu) / np.sqrt(var + 1e-5) * w + b).tobytes()
