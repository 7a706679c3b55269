"""Attributions that come last and own the sentence before them.

- "X may announce Y and is considering Z, a source familiar with the discussions said": the
  parser often hangs the source on the last object as an apposition and leaves the final
  "said" with no subject, so the plan verbs before it ("announce", "consider") read as X's
  claims with objects for content. The trailing source is the claim's, the sentence before
  the comma its content, and the plan verbs inside say nothing of their own.
- A headline "X to announce reshuffle - NEWSPAPER": the name after the dash is where the
  headline's news comes from, as a dateline's agency is. Only a headline with a cue verb
  (someone announcing, planning, saying) counts: "War latest - OUTLET" is a page title.

Both run before the verb rules and mark the cue verbs they cover as used.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...nlp import paragraphs
from .attribution import char_span, clause_content, text_of, trim
from .cue_rules import CueMatch
from .cues import CueVocabulary, general_verbs
from .quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: words of the trailing noun phrase ("a source familiar with the talks", "two officials")
_NP_POS = frozenset({"DET", "NUM", "ADJ", "NOUN", "PROPN", "ADP", "PRON", "CCONJ", "PUNCT",
                     "ADV", "PART"})
#: "HEADLINE - OUTLET": up to five capitalised words after a spaced dash, ending the line
_HEAD_SOURCE = re.compile(r"\s+[-–—]\s+((?:[A-Z][\w'’.&]*\s+){0,4}[A-Z][\w'’.&]*)\s*$")


def trailing_sources(
    doc: Doc, quotes: list[Quote], vocab: CueVocabulary, used: set[int]
) -> list[CueMatch]:
    """The two shapes of the module docstring."""
    out = []
    for sent in doc.sents:
        found = _trailing_cue(doc, sent, quotes, vocab, used)
        if found is not None:
            out.append(found)
    head = _headline_source(doc, vocab, used)
    if head is not None:
        out.append(head)
    return out


def _last_word(sent: Span) -> Token | None:
    words = [t for t in sent if not t.is_punct and not t.is_space]
    return words[-1] if words else None


def _trailing_cue(
    doc: Doc, sent: Span, quotes: list[Quote], vocab: CueVocabulary, used: set[int]
) -> CueMatch | None:
    cue = _last_word(sent)
    if (cue is None or cue.i in used or cue.lemma_.lower() not in general_verbs()
            or cue.tag_ not in ("VBD", "VBZ", "VBP")
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)):
        return None
    comma = next((t for t in reversed(sent[: cue.i - sent.start]) if t.text == ","), None)
    if comma is None or comma.i + 1 >= cue.i:
        return None
    np = doc[comma.i + 1 : cue.i]
    if not all(t.pos_ in _NP_POS for t in np) or not any(
            t.pos_ in ("NOUN", "PROPN", "PRON") for t in np):
        return None
    content = trim(doc, sent.start_char, comma.idx)
    if content is None:
        return None
    root = np.root
    used.add(cue.i)
    _silence_objects(doc, quotes, vocab, used, sent.start, comma.i)
    return CueMatch(content=content, quote=False, cue=char_span([cue]), subject=root,
                    source=char_span(list(np)))


def _silence_objects(
    doc: Doc, quotes: list[Quote], vocab: CueVocabulary, used: set[int], start: int, end: int
) -> None:
    """Mark the cue verbs in ``doc[start:end]`` with no clause or quotation of their own
    ("may announce a new cabinet"): they are part of what the trailing source said."""
    for tok in doc[start:end]:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in vocab.verbs \
                and clause_content(doc, tok, quotes) is None:
            used.add(tok.i)


def _headline_source(doc: Doc, vocab: CueVocabulary, used: set[int]) -> CueMatch | None:
    text = text_of(doc)
    paras = paragraphs(text)
    if not paras:
        return None
    start, end = paras[0]
    line = text[start:end]
    if "\n" in line.strip() or line.rstrip()[-1:] in ".!?\"”":
        return None  # a title is one line with no closing stop
    m = _HEAD_SOURCE.search(line)
    if m is None:
        return None
    source = doc.char_span(start + m.start(1), start + m.end(1), alignment_mode="expand")
    content = trim(doc, start, start + m.start())
    if source is None or content is None:
        return None
    cues = [t for t in doc.char_span(*content, alignment_mode="expand") or ()
            if t.pos_ == "VERB" and t.lemma_.lower() in vocab.verbs]
    if not cues:
        return None  # "War latest - OUTLET": a site's name on a title, not a source
    used.update(t.i for t in cues)
    dash = doc.char_span(start + m.start(), start + m.start(1), alignment_mode="expand")
    return CueMatch(content=content, quote=False,
                    cue=char_span(list(dash)) if dash is not None and len(dash) else None,
                    subject=source.root, source=char_span(list(source)))
