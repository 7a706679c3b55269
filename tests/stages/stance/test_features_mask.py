"""The masked-target encoder call of the stance features (invented sentences)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tealeaves.stages.stance import masked as masked_module
from tealeaves.stages.stance.features import DENSE_BLOCKS, dense_features
from tealeaves.stages.stance.masked import MASK_BLOCKS, MASK_WINDOW, PLACEHOLDER, masked_window


def test_short_sentence_is_kept_whole_with_the_target_replaced() -> None:
    text = "Critics said the minister had lied to parliament."
    start = text.index("the minister")
    masked, a, b = masked_window(text, start, start + len("the minister"))
    assert masked == "Critics said someone had lied to parliament."
    assert masked[a:b] == PLACEHOLDER


def test_long_sentence_is_cut_to_a_window_around_the_target() -> None:
    filler = " ".join(f"word{n}" for n in range(40))
    text = f"{filler} and then the governor vetoed the bill, {filler} again."
    start = text.index("the governor")
    masked, a, b = masked_window(text, start, start + len("the governor"))
    assert masked[a:b] == PLACEHOLDER
    assert "governor" not in masked and "vetoed the bill" in masked
    pieces = masked_module._piece_tokenizer().encode(masked).ids
    assert len(pieces) <= MASK_WINDOW + 2 + 2  # [CLS], [SEP]; the placeholder is one piece
    assert len(masked) < len(text) / 2
    # the window sits around the target: the text right before it is kept
    assert masked.startswith(text[start - len(masked[:a]):start])


def test_a_target_longer_than_the_window_takes_the_whole_window() -> None:
    target = " ".join(["the long-serving deputy chairman of the committee"] * 8)
    text = f"Yesterday {target} resigned."
    start = text.index(target)
    masked, a, b = masked_window(text, start, start + len(target))
    # the window is spent on the target's own pieces, so the call reads the placeholder alone
    assert masked == PLACEHOLDER and (a, b) == (0, len(PLACEHOLDER))
    short = masked_window(text, start, start + len(target), width=200)[0]
    assert short == f"Yesterday {PLACEHOLDER} resigned."


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from tealeaves import embeddings

    seen: list[str] = []
    real = embeddings.encode

    def spy(texts: list[str], batch_size: int = 32) -> Any:
        seen.extend(texts)
        return real(texts, batch_size)

    monkeypatch.setattr(embeddings, "encode", spy)
    return seen


def test_mask_blocks_one_call_per_target_span(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.embeddings import DIM, sentence_encodings

    text = "The minister arrived late. Critics said the minister had lied to parliament."
    doc = nlp(text)
    sentence_encodings(doc)  # the shared pass, as the pipeline runs it before the stage
    calls = _counting(monkeypatch)
    start = text.rindex("the minister")
    sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
    plain = dense_features(sent, start, start + 12)
    assert set(plain) == set(DENSE_BLOCKS) and calls == []  # no masked call unless asked
    blocks = DENSE_BLOCKS + MASK_BLOCKS
    dense = dense_features(sent, start, start + 12, blocks)
    assert set(dense) == set(blocks)
    assert all(v.shape == (DIM,) for v in dense.values())
    assert calls == ["Critics said someone had lied to parliament."]
    assert np.allclose(dense["mask_diff"], dense["mask_vec"] - dense["sent"])
    # a second reader of the same mention pays nothing; another span costs one call
    again = dense_features(sent, start, start + 12, blocks)
    assert len(calls) == 1 and np.array_equal(again["mask_ph"], dense["mask_ph"])
    other = dense_features(sent, start + 4, start + 12, blocks)
    assert len(calls) == 2 and calls[-1] == "Critics said the someone had lied to parliament."
    assert not np.allclose(other["mask_vec"], dense["mask_vec"])


def test_the_masked_vector_differs_from_the_sentence_and_hides_the_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text_a = "Critics said Johnson had lied to parliament."
    text_b = "Critics said Okonkwo had lied to parliament."
    got = []
    for text in (text_a, text_b):
        doc = nlp(text)
        start = text.index("Critics said ") + len("Critics said ")
        end = text.index(" had")
        got.append(dense_features(doc[:], start, end, DENSE_BLOCKS + MASK_BLOCKS))
    # the name is gone from the masked call: both targets read the same masked vector
    assert np.allclose(got[0]["mask_vec"], got[1]["mask_vec"])
    assert not np.allclose(got[0]["sent"], got[1]["sent"])
    assert float(np.linalg.norm(got[0]["mask_diff"])) > 0.01
