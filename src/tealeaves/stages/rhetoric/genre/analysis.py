"""Features of third-person analysis: the author's own judgements and forecasts.

A column or an analysis of named officials can be written without first person, questions or
loaded words; what still sets it apart from a report is that the author, not a source, draws
the conclusions. Measured on the sentences in the author's own voice (:mod:`.voice`: neither
mostly quoted nor attributed), each as a share of all sentences:

* ``hedges``, ``boosters``, ``attitude``: sentences with a hedge (*likely*, *perhaps*, *seems
  to*), a booster (*clearly*, *in fact*, *inevitably*) or an attitude marker (*unfortunately*,
  *remarkably*, *dangerous*), the three stance classes of Hyland's metadiscourse (2005);
* ``forecasts``: sentences with a modal of prediction or possibility (*will*, *would*,
  *could*, *may*, *might*): the author's own forecast when no source is named;
* ``shell_frames``: *the problem is*, *the question is*, *the real issue was* (a shell noun,
  Schmid 2000, framing what follows as the writer's verdict);
* ``explanation``, ``concession``: sentences with a linking adverbial of result or
  explanation (*because*, *which is why*, *therefore*) or of concession (*although*, *even
  so*, *that said*) (Biber et al. 1999; Quirk et al. 1985): argument rather than narration;
* ``initial_stance``: sentences that open on a stance adverbial followed by a comma
  (*Clearly, …*, *Unfortunately, …*, *Still, …*);
* ``evaluative_copula``: sentences whose main clause is *X is/was ADJ* (*the plan is
  doomed*, *his position looks weak*), a judgement predicated of someone or something.

Besides, over the whole text: ``quotes_per_paragraph``, the number of quotations per
paragraph (a report moves from one quote to the next; a column quotes now and then).

The vocabularies are in ``resources/rhetoric/genre_cues.yaml``, each with its source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ....nlp import paragraphs
from ..features import quote_state

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .voice import SentenceVoice

#: The features of this module, in the order the model reads them.
ANALYSIS_FEATURES: tuple[str, ...] = (
    "hedges",
    "boosters",
    "attitude",
    "forecasts",
    "shell_frames",
    "explanation",
    "concession",
    "initial_stance",
    "evaluative_copula",
    "quotes_per_paragraph",
)

_FORECAST = frozenset({"will", "would", "could", "may", "might", "'ll", "’ll", "wo"})
_COPULAS = frozenset({"be", "look", "seem", "appear", "remain", "become", "prove", "sound"})


def _phrase_pattern(phrases: Sequence[str]) -> re.Pattern[str]:
    alts = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w’'])(?:" + "|".join(alts) + r")(?![\w’'])")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    from .voice import cues

    c = cues()
    stance = c["hedges"] + c["boosters"] + c["attitude_markers"] + c["stance_adverbs"] + [
        "still", "yet", "instead", "meanwhile", "ultimately", "in short", "in the end"]
    shells = "|".join(re.escape(n) for n in sorted(c["shell_nouns"], key=len, reverse=True))
    return {
        "hedges": _phrase_pattern(c["hedges"]),
        "boosters": _phrase_pattern(c["boosters"]),
        "attitude": _phrase_pattern(c["attitude_markers"]),
        "explanation": _phrase_pattern(c["explanation_connectives"]),
        "concession": _phrase_pattern(c["concession_connectives"]),
        "initial_stance": re.compile(
            r"^(?:" + "|".join(re.escape(p) for p in sorted(set(stance), key=len, reverse=True))
            + r") ,"),
        "shell_frames": re.compile(
            r"(?<!\w)the (?:\w+ )?(?:" + shells + r") (?:here |now |then )?(?:is|was|remains)"
            r"(?!\w)"),
    }


def _evaluative_sentences(doc: Doc, own_starts: set[int]) -> int:
    """Own-voice sentences whose root is a copula (or *look*, *seem* …) with an adjective
    complement and a subject: a judgement predicated of someone or something."""
    n = 0
    for sent in doc.sents:
        if sent.start_char not in own_starts:
            continue
        root = sent.root
        verb = root if root.pos_ in {"AUX", "VERB"} else root.head
        if root.pos_ == "ADJ" and any(c.dep_ == "cop" for c in root.children):
            verb = root
        if verb.lemma_.lower() not in _COPULAS and root.pos_ != "ADJ":
            continue
        kids = list(verb.children) + ([] if verb is root else list(root.children))
        has_subj = any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in {"it", "there"}
                       for c in kids)
        has_adj = root.pos_ == "ADJ" or any(
            c.dep_ == "acomp" and (c.pos_ == "ADJ" or c.tag_ == "VBN") for c in verb.children)
        n += has_subj and has_adj
    return n


def _quotes_per_paragraph(doc: Doc) -> float:
    quoted = quote_state(doc)
    opened = sum(1 for i in range(1, len(quoted)) if quoted[i] and not quoted[i - 1])
    return opened / max(1, len(paragraphs(doc.text)))


def analysis_features(doc: Doc, voices: Sequence[SentenceVoice]) -> dict[str, float]:
    """The features of the module doc from *voices* (:func:`.voice.sentence_voices`)."""
    pats = _patterns()
    own = [v for v in voices if v.own_voice]
    n_sent = max(1, len(voices))

    def share(name: str) -> float:
        return sum(bool(pats[name].search(v.own_text)) for v in own) / n_sent

    feats = {name: share(name) for name in ("hedges", "boosters", "attitude", "shell_frames",
                                            "explanation", "concession", "initial_stance")}
    feats["forecasts"] = sum(any(w in _FORECAST for w in v.own_words) or " 'll " in v.own_text
                             for v in own) / n_sent
    feats["evaluative_copula"] = _evaluative_sentences(doc, {v.start for v in own}) / n_sent
    feats["quotes_per_paragraph"] = _quotes_per_paragraph(doc)
    return feats
