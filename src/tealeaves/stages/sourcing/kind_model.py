"""A trained second opinion on a source's kind, for where the rules of :mod:`.kinds` run out.

A multinomial logistic regression over the source span and its context, with the features
``SOURCING-GUIDE.md`` decides by: the head noun's class (a person noun or title, a body noun,
a document, a vague or counted group), a proper name in the span and its entity type, the
knowledge-base entry of the actor the span resolves to, the determiner and number ("two
officials", "a source"), a pronoun and the kind of actor the actors stage resolved it to,
anonymity modifiers ("unnamed", "who asked not to be identified", "familiar with"), the cue
verb and construction ("according to"), quotation context, and the kind the rules gave.

It is trained on the hand labels of PolNeAR *train* Source spans only
(``data/polnear-source-kinds/train-*.tsv``) by :mod:`tealeaves.training.source_kinds`, which
also chose, by cross-validation grouped by article, how it combines with the rules: the
model's kind replaces the rules' only when its calibrated probability reaches the recorded
threshold (``policy.threshold`` in ``resources/source_kind/model.json``). Probabilities are
a softmax of the linear scores divided by a temperature fitted on out-of-fold scores.

Runtime needs numpy only; nothing here imports the trainer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from ...model import Actor, SourceKind
from ..actors.kb import load_kb
from ..actors.roles import titles
from ..actors.spans import given_names
from .attribution import CharSpan, text_of
from .cues import CueVocabulary
from .noun_kinds import _ACRONYM, institution_nouns, person_roles
from .quotes import Quote, quotes_near

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..syntax import MentionIndex

MODEL_PATH = "resources/source_kind/model.json"
#: Kinds the model may give (PolNeAR marks no rumour span: the labels' rule 20).
KINDS: tuple[SourceKind, ...] = ("named_person", "named_organization", "anonymous", "author")
_ANONYMITY = re.compile(
    r"\b(?:unnamed|unidentified|anonymous(?:ly)?|anonymity|not authori[sz]ed|"
    r"(?:asked|declined|requested|spoke|speaking)\b[^.;]{0,40}\b(?:named|identified|anonymity|"
    r"record)|familiar with|close to|briefed on|knowledgeable|insiders?)\b", re.I)
_QUANTIFIERS = frozenset({"some", "many", "several", "few", "most", "certain", "various",
                          "numerous", "other", "all", "both", "no", "any"})
_WORKS = frozenset({"tweet", "post", "ad", "advertisement", "video", "slide", "speech", "op-ed",
                    "editorial", "column", "website", "blog", "podcast", "film", "documentary"})
_ENABLED: ContextVar[bool] = ContextVar("source_kind_model", default=True)


@contextmanager
def rules_only() -> Iterator[None]:
    """Within this block sources keep the rules' kind (what the trainer learns from)."""
    token = _ENABLED.set(False)
    try:
        yield
    finally:
        _ENABLED.reset(token)


@dataclass(frozen=True)
class SpanContext:
    """What the features read besides the span: the doc, the actors' mentions, the
    vocabulary and the quotations of the article."""

    doc: Doc
    index: MentionIndex
    vocab: CueVocabulary
    quotes: list[Quote]


def _bucket(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _head_features(root: Token, vocab: CueVocabulary) -> dict[str, float]:
    """The head noun's class, tag, determiner and number."""
    lemma = root.lemma_.lower()
    det = next((c.lower_ for c in root.children if c.dep_ in ("det", "predet")), "")
    f: dict[str, float] = {f"tag={root.tag_}": 1.0, f"det={det or '-'}": 1.0,
                           f"lemma={lemma}": 1.0, f"ent={root.ent_type_ or '-'}": 1.0}
    title = titles().get((root.lower_,))
    classes = {
        "anon_noun": root.lower_ in vocab.anonymous or lemma in vocab.anonymous,
        "title": title is not None and title.cls != "spokesperson",
        "spokesperson": title is not None and title.cls == "spokesperson",
        "role_public": person_roles().get(lemma) == "public",
        "role_private": person_roles().get(lemma) == "private",
        "institution": lemma in institution_nouns(),
        "document": lemma in vocab.documents or lemma in _WORKS,
        "acronym": _ACRONYM.fullmatch(root.text) is not None,
        "capital": root.text[:1].isupper() and not root.is_sent_start,
        "poss": any(c.dep_ == "poss" for c in root.children),
        "poss_name": any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in root.children),
        "number": any(c.dep_ == "nummod" for c in root.children),
        "one": any(c.dep_ == "nummod" and c.lower_ == "one" for c in root.children),
        "quantifier": any(c.dep_ in ("det", "amod", "predet") and c.lower_ in _QUANTIFIERS
                          for c in root.children),
        "appos_person": any(c.dep_ == "appos" and c.ent_type_ == "PERSON"
                            for c in root.children),
        "compound_name": any(c.dep_ == "compound" and c.pos_ == "PROPN"
                             for c in root.children),
        "example": any(c.dep_ == "prep" and c.lower_ in ("like", "including", "as")
                       for c in root.children),
    }
    f.update({f"head:{k}": 1.0 for k, v in classes.items() if v})
    if root.pos_ == "PRON":
        f[f"pron={root.lower_}"] = 1.0
    return f


def _actor_features(actor: Actor | None, root: Token) -> dict[str, float]:
    """The actor the span resolves to: its kind, its knowledge-base entry, whether a
    mention of it covers the head (not only a modifier)."""
    if actor is None:
        return {"actor=-": 1.0}
    f = {f"actor={actor.kind}": 1.0}
    if any(m.start <= root.idx < m.end for m in actor.mentions):
        f["actor:covers_head"] = 1.0
    words = actor.name.split()
    if words and words[0].lower() in given_names():
        f["actor:given_name"] = 1.0
    entry = load_kb().lookup(actor.name)
    f[f"kb={entry.kind if entry is not None else '-'}"] = 1.0
    if load_kb().country_code(actor.name) is not None or load_kb().seat_of(actor.name):
        f["kb=country"] = 1.0
    f[f"actor:mentions={_bucket(len(actor.mentions), (1, 3, 9))}"] = 1.0
    return f


def _context_features(ctx: SpanContext, span: CharSpan, cue: CharSpan | None,
                      first: Token) -> dict[str, float]:
    """Anonymity modifiers, the cue's verb, "according to", quotations, position."""
    text = text_of(ctx.doc)
    start, end = span
    sent_end = first.sent.end_char
    f: dict[str, float] = {}
    if _ANONYMITY.search(text[start:max(end, min(sent_end, end + 120))]):
        f["ctx:anonymity"] = 1.0
    if re.search(r"according to\s*$", text[max(0, start - 20):start], re.I):
        f["ctx:according_to"] = 1.0
    if any(q.start < start < q.end for q in quotes_near(ctx.quotes, start, start + 1)):
        f["ctx:in_quote"] = 1.0
    if any(end <= q.start < end + 300 or start - 300 < q.end <= start
           for q in quotes_near(ctx.quotes, max(0, start - 300), end + 300)):
        f["ctx:quote_near"] = 1.0
    if start < 300:
        f["ctx:lead"] = 1.0
    if first.is_sent_start:
        f["ctx:sent_start"] = 1.0
    if cue is None:
        f["cue=-"] = 1.0
    else:
        cspan = ctx.doc.char_span(*cue, alignment_mode="expand")
        verb = next((t for t in cspan if t.pos_ in ("VERB", "AUX")), None) if cspan else None
        f[f"cue={verb.lemma_.lower() if verb is not None else 'noun'}"] = 1.0
        f["cue:before_source" if cue[1] <= start else "cue:after_source"] = 1.0
    return f


def _actor_kind_at(ctx: SpanContext, tok: Token) -> str:
    found = ctx.index.actor_at(tok.idx, tok.idx + len(tok.text))
    return found.kind if found is not None else "-"


def _neighbour_features(ctx: SpanContext, root: Token) -> dict[str, float]:
    """Who a possessive names ("Axelrod's memoir") and what a relative pronoun stands for
    ("the group, which said …"), and the determiner with the head's tag and entity type
    ("the Democrats" beside "Democrats")."""
    det = next((c.lower_ for c in root.children if c.dep_ in ("det", "predet")), "-")
    f = {f"det={det}&tag={root.tag_}": 1.0, f"det={det}&ent={root.ent_type_ or '-'}": 1.0}
    for c in root.children:
        if c.dep_ == "poss":
            f[f"poss_ent={c.ent_type_ or c.pos_}"] = 1.0
            f[f"poss_actor={_actor_kind_at(ctx, c)}"] = 1.0
    if root.lower_ in ("who", "which", "that", "whose") and root.head.dep_ == "relcl":
        ante = root.head.head
        f[f"rel_tag={ante.tag_}"] = 1.0
        f[f"rel_ent={ante.ent_type_ or '-'}"] = 1.0
        f[f"rel_actor={_actor_kind_at(ctx, ante)}"] = 1.0
    return f


def span_features(ctx: SpanContext, span: CharSpan, cue: CharSpan | None,
                  rule_kind: str, actor: Actor | None) -> dict[str, float]:
    """The features of the source at *span* (character bounds), whose attribution's cue is
    at *cue*, to which the rules gave *rule_kind* and *actor*."""
    sp = ctx.doc.char_span(*span, alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return {f"rule={rule_kind}": 1.0, "span=-": 1.0}
    root = sp.root
    f: dict[str, float] = {f"rule={rule_kind}": 1.0, "bias": 1.0,
                           f"len={_bucket(len(sp), (1, 2, 3, 5, 8))}": 1.0}
    f.update(_head_features(root, ctx.vocab))
    ents = [t.ent_type_ for t in sp if t.ent_type_ and t.i != root.i]
    for ent in set(ents):
        f[f"span_ent={ent}"] = 1.0
    if any(t.lower_ in given_names() and t.text[:1].isupper() for t in sp):
        f["span:given_name"] = 1.0
    if any(t.lower_ in ("i", "we", "me", "us", "my", "our") for t in sp):
        f["span:first_person"] = 1.0
    f.update(_actor_features(actor, root))
    f.update(_neighbour_features(ctx, root))
    f.update(_context_features(ctx, span, cue, sp[0]))
    f[f"rule={rule_kind}&tag={root.tag_}"] = 1.0
    return f


class KindModel:
    """The shipped classifier: feature names, weights, temperature and decision policy."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.classes: tuple[str, ...] = tuple(record["classes"])
        self.features = {name: i for i, name in enumerate(record["features"])}
        self.coef = np.asarray(record["coef"], dtype=float)  # classes x features
        self.intercept = np.asarray(record["intercept"], dtype=float)
        self.temperature = float(record["temperature"])
        self.threshold = float(record["policy"]["threshold"])

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        """Calibrated probability of each kind."""
        x = np.zeros(len(self.features))
        for name, value in feats.items():
            i = self.features.get(name)
            if i is not None:
                x[i] = value
        z = (self.coef @ x + self.intercept) / self.temperature
        z = np.exp(z - z.max())
        p = z / z.sum()
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}

    def decide(self, rule_kind: SourceKind, feats: dict[str, float]
               ) -> tuple[SourceKind, float]:
        """The kind to keep and the model's probability of it: the model's choice where it
        differs from the rules' and its probability reaches the threshold, else the rules'."""
        probs = self.probabilities(feats)
        best = max(probs, key=lambda c: probs[c])
        if best != rule_kind and probs[best] >= self.threshold:
            return best, probs[best]  # type: ignore[return-value]
        return rule_kind, probs.get(rule_kind, 0.0)


@lru_cache(maxsize=1)
def load_model() -> KindModel | None:
    """The shipped model, or None when the package carries none."""
    path = resources.files("tealeaves").joinpath(MODEL_PATH)
    if not path.is_file():
        return None
    return KindModel(json.loads(path.read_text("utf-8")))


def refine(ctx: SpanContext, span: CharSpan, cue: CharSpan | None, rule_kind: SourceKind,
           actor: Actor | None) -> SourceKind:
    """The kind of the source at *span* once the model has had its say (the rules' kind
    when the model is off, absent, or the rules said rumour, which it never learnt)."""
    if not _ENABLED.get() or rule_kind == "rumour":
        return rule_kind
    model = load_model()
    if model is None or model.threshold > 1.0:
        return rule_kind  # a threshold above every probability: the rules decide
    return model.decide(rule_kind, span_features(ctx, span, cue, rule_kind, actor))[0]
