"""Persuasion techniques in the author's own voice, as features of the genre model.

The span finder has already tagged the article's persuasion techniques (loaded language,
name calling, doubt, appeal to fear, exaggeration …; :mod:`..techniques`) by the time the
genre stage runs. A column argues with them in its own voice; a report carries them mostly
inside the quotes it relays. So the genre model reads the findings that start in the
author's own-voice sentences (:func:`.voice.sentence_voices`: neither mostly quoted nor
attributed):

* ``techniques_own``: findings per 100 own-voice words;
* ``technique_score_own``: the same, each finding weighted by its calibrated score;
* ``technique_sentences``: the share of own-voice sentences holding at least one finding.

The genre model then changes when the span finder is retrained (its findings are an input);
``scripts/train_genre.py`` runs the shipped span finder over every labelled article, so a
refit after a new span finder keeps the two in step.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ....model import Technique
    from .voice import SentenceVoice

#: The technique features, in the order the model reads them.
FINDING_FEATURES: tuple[str, ...] = ("techniques_own", "technique_score_own",
                                     "technique_sentences")


def finding_features(voices: Sequence[SentenceVoice],
                     techniques: Sequence[Technique]) -> dict[str, float]:
    """The features of the module doc from the article's sentences as the voice features see
    them (*voices*) and its technique findings; all zero without own-voice sentences."""
    own = [v for v in voices if v.own_voice]
    if not own:
        return dict.fromkeys(FINDING_FEATURES, 0.0)
    starts = [v.start for v in own]
    words = max(1, sum(len(v.own_words) for v in own))
    count, weight = 0, 0.0
    hit: set[int] = set()
    for t in techniques:
        i = bisect_right(starts, t.start) - 1
        if i >= 0 and t.start < own[i].end:
            count += 1
            weight += float(t.score)
            hit.add(i)
    return {"techniques_own": 100 * count / words,
            "technique_score_own": 100 * weight / words,
            "technique_sentences": len(hit) / len(own)}
