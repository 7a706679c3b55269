"""Stance and framing in words: a label with its confidence, never a signed number."""

from __future__ import annotations

import re

from tealeaves.model import Analysis, Framing, Stance, StanceVoice
from tealeaves.render.html import render_html
from tealeaves.render.stance import framing_words, stance_words, voice_words
from tealeaves.render.terminal import render_text


def test_stance_words_show_label_and_confidence_apart() -> None:
    s = Stance("negative", 0.4)
    assert stance_words(s) == "negative, confidence 0.40"
    assert stance_words(s, short=True) == "negative · 0.40"
    assert stance_words(None) == "not evaluated"


def test_voice_words_name_each_voice() -> None:
    s = Stance("negative", 0.55, voices=(
        StanceVoice("author", "positive", 0.61),
        StanceVoice("relayed", "negative", 0.8, claims=("c1", "c4")),
    ))
    assert voice_words(s) == ["the author: positive (0.61)",
                              "relayed claims: negative (0.80), 2 claims"]
    assert voice_words(None) == []


def test_framing_words() -> None:
    assert framing_words(Framing("antagonist", ("Tyrant", "Instigator"), 0.714)) == \
        "antagonist (Tyrant, Instigator), confidence 0.71"
    assert framing_words(Framing("innocent", (), 0.5)) == "innocent, confidence 0.50"
    assert framing_words(None) == "not cast"


def test_no_signed_confidence_in_terminal_or_html(rich_analysis: Analysis) -> None:
    text = render_text(rich_analysis)
    html = render_html(rich_analysis)
    for out in (text, html):
        assert "confidence 0.62" in out
        assert not re.search(r"[+\-−]0\.62", out)
    assert "antagonist (Incompetent), confidence 0.71" in html
    assert "relayed claims: negative (0.62), 1 claim" in html
    assert "not cast" in html and "not evaluated" in html
