"""Features of a target in a Russian sentence, for the Russian stance model
(:mod:`.stance`; trained by ``training/ru_stance.py`` on RuSentNE-2023).

Everything comes from natasha's parse (:class:`~.parse.RuDoc`) and its navec word vectors;
no sentiment lexicon is used (the open Russian lexicons, RuSentiLex among them, are
licensed for research only, so the model learns its words from the training data):

* sparse (name → value): the target's dependency relation and role (subject, object,
  oblique, modifier), its governor's lemma and relation, the nearest verb above it, the
  governor's other dependents, the target's own dependents, the target's own common-noun
  lemmas (never a proper name: the model must not learn who is liked), lemmas in windows
  left and right of the target, the sentence's content lemmas, each marked when "не",
  "нет" or "ни" negates it, and the entity type;
* dense: navec vectors (300-d) averaged over the left window, the right window, the
  governor and verb, and the whole sentence.

The same function serves training and run time, so the two can never drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from .parse import RuDoc, RuToken

#: Parts of speech whose lemmas count as content words.
#: Proper names are left out everywhere: the model must not learn who is liked.
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "AUX", "INTJ"})
#: Negation particles (Russian grammar: the particles "не", "ни" and the predicative "нет").
NEGATIONS = frozenset({"не", "нет", "ни"})
#: How many content words either side of the target the windows hold.
WINDOW = 4
#: How many arcs up from the target the nearest verb may be.
VERB_REACH = 4
#: The dense blocks in their stored order.
DENSE_BLOCKS: tuple[str, ...] = ("left", "right", "governor", "sentence")
DIM = 300
#: Roles by dependency relation (Universal Dependencies, as natasha's syntax gives them).
ROLES = {"nsubj": "subject", "nsubj:pass": "subject_pass", "obj": "object", "iobj": "object",
         "obl": "oblique", "nmod": "modifier", "amod": "modifier", "appos": "apposition",
         "conj": "conjunct", "root": "root", "parataxis": "root"}
#: Entity types of the training data and the actor kinds that map onto them.
KIND_TAGS = {"person": "PERSON", "organization": "ORGANIZATION", "place": "COUNTRY",
             "group": "NATIONALITY", "event": "ORGANIZATION"}


def target_tokens(doc: RuDoc, start: int, end: int) -> list[RuToken]:
    """Tokens overlapping ``[start, end)``, all in the first one's sentence."""
    first = doc.token_at(start)
    if first is None:
        first = next((t for t in doc.tokens if t.end > start), None)
    if first is None or first.start >= end:
        return []
    a, b = doc.sents[first.sent]
    return [t for t in doc.tokens[a:b] if t.start < end and t.end > start]


def _root(doc: RuDoc, toks: Sequence[RuToken]) -> RuToken:
    ids = {t.i for t in toks}
    for t in toks:
        if t.head < 0 or t.head not in ids:
            return t
    return toks[-1]


def _negated(doc: RuDoc, tok: RuToken) -> bool:
    """Whether a negation particle depends on *tok* or stands right before it."""
    if any(doc.tokens[j].lemma in NEGATIONS for j in doc._children[tok.i]):
        return True
    a = doc.sents[tok.sent][0]
    return tok.i > a and doc.tokens[tok.i - 1].lemma in NEGATIONS


def _verb_above(doc: RuDoc, tok: RuToken) -> RuToken | None:
    cur = tok
    for _ in range(VERB_REACH):
        if cur.head < 0:
            return None
        cur = doc.tokens[cur.head]
        if cur.pos in ("VERB", "AUX") or (cur.pos == "ADJ" and cur.feats.get("Variant") == "Short"):
            return cur
    return None


def _word(doc: RuDoc, tok: RuToken, prefix: str) -> str:
    lemma = "<name>" if tok.pos == "PROPN" else tok.lemma
    return f"{prefix}={'не_' if _negated(doc, tok) else ''}{lemma}"


def _content(tok: RuToken) -> bool:
    return tok.pos in CONTENT_POS and tok.lemma not in NEGATIONS


def _neighbourhood(doc: RuDoc, root: RuToken, ids: set[int], role: str,
                   feats: dict[str, float]) -> None:
    """The governor, its other dependents and the nearest verb above the target."""
    gov = doc.tokens[root.head] if root.head >= 0 else None
    if gov is not None:
        feats[_word(doc, gov, "gov")] = 1.0
        feats[f"gov_rel={root.rel}|{'<name>' if gov.pos == 'PROPN' else gov.lemma}"] = 1.0
        for sib in doc.children(gov.i):
            if sib.i not in ids and _content(sib):
                feats[_word(doc, sib, "sib")] = 1.0
    verb = _verb_above(doc, root)
    if verb is not None:
        feats[_word(doc, verb, "verb")] = 1.0
        feats[f"verb_role={role}|{verb.lemma}"] = 1.0
        if _negated(doc, verb):
            feats["neg_verb"] = 1.0


def sparse_features(doc: RuDoc, toks: Sequence[RuToken], tag: str | None) -> dict[str, float]:
    """The sparse features of the target *toks* (module docstring)."""
    feats: dict[str, float] = {}
    root = _root(doc, toks)
    ids = {t.i for t in toks}
    a, b = doc.sents[root.sent]
    sent = doc.tokens[a:b]
    role = ROLES.get(root.rel, ROLES.get(root.rel.split(":")[0], "other"))
    feats[f"role={role}"] = 1.0
    feats[f"rel={root.rel}"] = 1.0
    if tag:
        feats[f"tag={tag}"] = 1.0
        feats[f"tag_role={tag}|{role}"] = 1.0
    _neighbourhood(doc, root, ids, role, feats)
    for t in toks:
        for c in doc.children(t.i):
            if c.i not in ids and _content(c):
                feats[_word(doc, c, "dep")] = 1.0
        if t.pos in ("NOUN", "ADJ"):  # common words only: never a proper name
            feats[f"own={t.lemma}"] = 1.0
    left = [t for t in sent if t.i < toks[0].i and _content(t)][-WINDOW:]
    right = [t for t in sent if t.i > toks[-1].i and _content(t)][:WINDOW]
    for t in left:
        feats[_word(doc, t, "l")] = 1.0
    for t in right:
        feats[_word(doc, t, "r")] = 1.0
    for t in sent:
        if t.i not in ids and _content(t):
            feats[_word(doc, t, "s")] = 1.0
    if any(t.lemma in NEGATIONS for t in sent):
        feats["neg_sentence"] = 1.0
    return feats


@lru_cache(maxsize=1)
def _navec() -> Any:
    """navec's news vectors (they ship in natasha's wheel), loaded once per process."""
    from natasha import NewsEmbedding

    return NewsEmbedding()


@lru_cache(maxsize=8192)
def _lookup(word: str, lemma: str) -> np.ndarray | None:
    """navec's vector of the word form, else of its lemma (navec decodes each vector from
    its quantised codes on every call, so the frequent words are kept)."""
    navec = _navec()
    for key in (word, lemma):
        vec = navec.get(key)
        if vec is not None:
            return np.asarray(vec, dtype=np.float32)
    return None


def _vector(navec: Any, tok: RuToken) -> np.ndarray | None:
    if navec is None:
        return _lookup(tok.text.lower(), tok.lemma)
    for key in (tok.text.lower(), tok.lemma):
        vec = navec.get(key)
        if vec is not None:
            return np.asarray(vec, dtype=np.float32)
    return None


def _mean(navec: Any, toks: Sequence[RuToken]) -> np.ndarray:
    vecs = [v for v in (_vector(navec, t) for t in toks) if v is not None]
    return np.mean(vecs, axis=0) if vecs else np.zeros(DIM, dtype=np.float32)


def dense_features(doc: RuDoc, toks: Sequence[RuToken], navec: Any = None) -> np.ndarray:
    """The dense blocks of :data:`DENSE_BLOCKS`, one vector of ``4 × 300`` floats (*navec*:
    other vectors than natasha's news vectors, read without the cache)."""
    nv = navec  # None: the shared vectors through the cache of :func:`_lookup`
    root = _root(doc, toks)
    ids = {t.i for t in toks}
    a, b = doc.sents[root.sent]
    sent = [t for t in doc.tokens[a:b] if t.i not in ids and _content(t)]
    left = [t for t in sent if t.i < toks[0].i][-WINDOW:]
    right = [t for t in sent if t.i > toks[-1].i][:WINDOW]
    near = [doc.tokens[root.head]] if root.head >= 0 else []
    verb = _verb_above(doc, root)
    if verb is not None and verb not in near:
        near.append(verb)
    return np.concatenate([_mean(nv, left), _mean(nv, right), _mean(nv, near), _mean(nv, sent)])
