"""The framing trainer's feature rows: one vector per annotated mention of SemEval-2025 Task
10 entity framing (English training part) and per drawn "not cast" entity, with every feature
group (``stages.stance.framing_features.GROUPS``) side by side, so that one featurisation
serves every variant the trainer (:mod:`.framing`) tries.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..embeddings import encode_docs
from ..evaluate.framing import Mention, read_annotations
from ..nlp import load_model
from ..stages.stance.framing_features import (
    GROUP_WIDTH,
    GROUPS,
    LEGACY_GROUPS,
    actor_groups,
    ordered,
)

SEED = 13
#: spaCy entity labels taken as "not cast" candidates, and the actor kind each maps to.
ENT_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place",
             "FAC": "place", "NORP": "group"}
#: At most this many "not cast" entities per article (drawn with SEED).
NEG_PER_ARTICLE = 8
#: The ``words`` vocabulary: the content lemmas of the rows' sentences found in the most
#: articles (at least WORDS_MIN_ARTICLES), at most WORDS_N of them. No label is read.
WORDS_N = 1500
WORDS_MIN_ARTICLES = 3


@dataclass
class Rows:
    """The feature matrix: cast rows first (with their roles), then "not cast" rows."""

    X: np.ndarray
    cast: np.ndarray  # bool per row
    groups: list[str]
    roles: list[str]  # per cast row
    fine: list[tuple[str, ...]]  # per cast row
    #: the feature groups of the columns of X, in order (``stages.stance.framing.GROUPS``)
    features: tuple[str, ...] = LEGACY_GROUPS
    #: the vocabulary of the ``words`` columns
    words: tuple[str, ...] = ()

    @property
    def n_cast(self) -> int:
        return len(self.roles)

    def select(self, features: tuple[str, ...]) -> Rows:
        """The same rows with only the columns of *features* (in :data:`GROUPS` order)."""
        features = ordered(features)
        if features == self.features:
            return self
        missing = set(features) - set(self.features)
        if missing:
            raise ValueError(f"the rows hold no {sorted(missing)} columns")
        cols: list[int] = []
        at = 0
        for g in self.features:
            w = len(self.words) if g == "words" else GROUP_WIDTH[g]
            if g in features:
                cols.extend(range(at, at + w))
            at += w
        return Rows(self.X[:, np.asarray(cols, dtype=np.int64)], self.cast, self.groups,
                    self.roles, self.fine, features, self.words if "words" in features else ())


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    pat = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pat.finditer(text)]


def _kind(doc: Any, start: int, end: int) -> str:
    for ent in doc.ents:
        if ent.start_char < end and start < ent.end_char:
            return ENT_KINDS.get(ent.label_, "other")
    return "other"


def _negatives(doc: Any, text: str, taken: list[Mention], rng: random.Random
               ) -> list[tuple[list[tuple[int, int]], str]]:
    names = {m.text.lower() for m in taken}
    spans = [(m.start, m.end) for m in taken]
    seen: dict[str, tuple[list[tuple[int, int]], str]] = {}
    for ent in doc.ents:
        kind = ENT_KINDS.get(ent.label_)
        name = ent.text.strip()
        low = name.lower()
        if kind is None or len(name) < 2 or low in seen:
            continue
        if any(low in n or n in low for n in names):
            continue
        if any(ent.start_char < b and a < ent.end_char for a, b in spans):
            continue
        seen[low] = (_occurrences(text, name) or [(ent.start_char, ent.end_char)], kind)
    keys = sorted(seen)
    rng.shuffle(keys)
    return [seen[k] for k in keys[:NEG_PER_ARTICLE]]


def featurize(folder: Path, cache: Path | None = None) -> Rows:
    """Parse and encode every article once; one vector per annotated mention and per drawn
    "not cast" entity. With *cache* (a ``.npz`` file), the rows are kept there and read back
    on the next run."""
    if cache is not None and cache.is_file():
        with np.load(cache, allow_pickle=False) as z:
            fine = [tuple(x for x in row.split("|") if x) for row in z["fine"].tolist()]
            feats = tuple(z["features"].tolist()) if "features" in z.files else LEGACY_GROUPS
            words = tuple(z["words"].tolist()) if "words" in z.files else ()
            return Rows(z["X"], z["cast"], z["groups"].tolist(), z["roles"].tolist(), fine,
                        feats, words)
    rows = _featurize(folder)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, X=rows.X, cast=rows.cast, groups=np.array(rows.groups),
                 roles=np.array(rows.roles), fine=np.array(["|".join(f) for f in rows.fine]),
                 features=np.array(rows.features), words=np.array(rows.words, dtype=str))
    return rows


def _featurize(folder: Path) -> Rows:
    """Every feature group (:data:`GROUPS`) of every row: the frozen encoder's blocks and the
    tagger's layers 2-4 side by side, so that one featurisation serves every variant; the
    ``words`` vocabulary is drawn once all rows are read (:func:`word_vocabulary`)."""
    from ..embeddings import set_sentence_encodings
    from ..stages.rhetoric.encoder import STATES_KEY

    mentions, texts = read_annotations(folder)
    nlp = load_model()
    ids = sorted(texts)
    rng = random.Random(SEED)
    by_article: dict[str, list[Mention]] = {}
    for m in mentions:
        by_article.setdefault(m.article, []).append(m)
    dense = tuple(g for g in GROUPS if g != "words")
    full = sum(GROUP_WIDTH[g] for g in dense)
    pos, neg, groups, roles, fine = [], [], [], [], []
    neg_groups: list[str] = []
    bags: list[list[set[str]]] = []
    neg_bags: list[list[set[str]]] = []

    def vector(doc: Any, spans: list[tuple[int, int]], kind: str, sents: list[Any]
               ) -> tuple[np.ndarray, list[set[str]]] | None:
        got = actor_groups(doc, spans, kind, dense, sents=sents)
        if got is None:
            return None
        return np.concatenate([got[g] for g in dense]), _bags(doc, spans, sents)

    for art, doc in zip(ids, nlp.pipe([texts[i] for i in ids], batch_size=16), strict=True):
        text = texts[art]
        encode_docs([doc])
        sents = list(doc.sents)
        for m in by_article[art]:
            spans = sorted(set(_occurrences(text, m.text)) | {(m.start, m.end)})
            got = vector(doc, spans, _kind(doc, m.start, m.end), sents)
            pos.append(np.zeros(full, dtype=np.float32) if got is None else got[0])
            bags.append([] if got is None else got[1])
            groups.append(art)
            roles.append(m.role)
            fine.append(m.fine)
        for spans, kind in _negatives(doc, text, by_article[art], rng):
            got = vector(doc, spans, kind, sents)
            if got is not None:
                neg.append(got[0])
                neg_bags.append(got[1])
                neg_groups.append(art)
        set_sentence_encodings(doc, None)  # free the article's states before the next
        doc.user_data.pop(STATES_KEY, None)
    all_bags = bags + neg_bags
    all_groups = groups + neg_groups
    vocab = word_vocabulary(all_bags, all_groups)
    shares = np.array([[sum(w in b for b in row) / max(len(row), 1) for w in vocab]
                       for row in all_bags], dtype=np.float32).reshape(len(all_bags), len(vocab))
    X = np.hstack([np.vstack(pos + neg), shares])
    cast = np.array([True] * len(pos) + [False] * len(neg))
    return Rows(X, cast, all_groups, roles, fine, (*dense, "words"), vocab)


def _bags(doc: Any, spans: list[tuple[int, int]], sents: list[Any]) -> list[set[str]]:
    """The content lemmas of each sentence the actor is read in (as ``actor_groups`` does)."""
    from ..stages.stance.assess import _sentence_of
    from ..stages.stance.framing_features import MAX_MENTIONS, actor_words

    read: dict[int, Any] = {}
    for start, end in spans[:MAX_MENTIONS]:
        try:
            sent = _sentence_of(doc, start, end, sents)
        except ValueError:
            continue
        read.setdefault(sent.start_char, sent)
    return actor_words(list(read.values()), spans[:MAX_MENTIONS])


def word_vocabulary(bags: list[list[set[str]]], articles: list[str]) -> tuple[str, ...]:
    """The lemmas found in the rows of the most articles (ties: alphabetical), at least
    :data:`WORDS_MIN_ARTICLES`, at most :data:`WORDS_N`."""
    seen: dict[str, set[str]] = {}
    for row, art in zip(bags, articles, strict=True):
        for bag in row:
            for w in bag:
                seen.setdefault(w, set()).add(art)
    ranked = sorted((w for w, a in seen.items() if len(a) >= WORDS_MIN_ARTICLES),
                    key=lambda w: (-len(seen[w]), w))
    return tuple(ranked[:WORDS_N])
