"""Features of one target in one sentence, for the target-dependent stance model.

Shared by ``scripts/train_stance.py`` (training on NewsMTSC) and :mod:`.stance`
(inference), so both see exactly the same feature function. Features are sparse
``name -> value`` dicts:

* ``w:`` / ``b:`` — unigrams and bigrams of the sentence with the target masked as ``<T>``;
* ``l:`` / ``r:`` — words in a window left / right of the target, ``l1:`` / ``r1:`` the
  immediate neighbours;
* ``dep:``, ``gov:``, ``sv:``, ``ov:``, ``att:``, ``mod:`` — the target's syntax: its
  dependency relation, the verb or noun governing it, words attached to that governor,
  and modifiers of the target itself;
* ``c:`` — content lemmas of the clause that governs the target;
* ``vader_*`` — VADER's rule-based scores of the masked sentence and of that clause;
* ``lex_*`` — the VADER lexicon (Hutto & Gilbert 2014, shipped in the ``vaderSentiment``
  wheel): valence sums over the masked sentence, distance-weighted valence around the
  target, and valence of the words syntactically attached to it;
* ``q_*`` / ``pos_*`` — whether the target sits inside a quotation, its relative position;
* ``tt*`` / ``ts*`` — the parser's contextual token vectors (``doc.tensor``, 96 wide for
  ``en_core_web_sm``) averaged over the target and over the sentence;
* ``p:`` / ``pneg:`` — lemmas on the dependency path from the target up to the sentence
  root, and those of them carrying a negation;
* ``hs:`` / ``nhs:`` — content lemmas of the target's clause outside the target's own
  subtree (``nhs:`` when that clause is negated), ``lex_clause`` their summed valence
  (sign flipped under negation);
* ``sub:`` — content lemmas inside the target's own subtree (its modifiers, relative
  clauses);
* ``vader_left`` / ``vader_right`` — VADER's compound score of the text left and right
  of the target;
* ``tw:`` — the target's own words, except proper nouns (``he``, ``officials``,
  ``protesters``, ``the president``): no name carries a learned prior about its bearer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..syntax import subtree
from .masked import mask_features
from .tokens import TokenTable, token_table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ...embeddings import Encoding

WINDOW = 5
#: Width of the spaCy model's token tensor (``en_core_web_sm``'s tok2vec output); tensor
#: features are added only when the parse has exactly this width.
TENSOR_WIDTH = 96
_NEGATORS = frozenset({"not", "n't", "no", "never", "without", "nor", "hardly"})
_QUOTES = frozenset({'"', "“", "”", "‘", "’", "'"})


@lru_cache(maxsize=1)
def _analyzer():  # type: ignore[no-untyped-def]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def lexicon() -> dict[str, float]:
    """The VADER valence lexicon (word -> mean valence in [-4, 4])."""
    return dict(_analyzer().lexicon)


def vader_scores(text: str) -> dict[str, float]:
    """VADER's rule-based scores (negation, boosters, "but") for a piece of text."""
    return dict(_analyzer().polarity_scores(text))


def valence(token: Token) -> float:
    lex = lexicon()
    low = token.lower_
    v = lex.get(low)
    if v is None:
        v = lex.get(token.lemma_.lower(), 0.0)
    return float(v)


def target_tokens(sent: Span, start: int, end: int) -> list[Token]:
    """Tokens of *sent* overlapping the character range ``[start, end)``."""
    doc = sent.doc
    tab = _table(doc)
    idx, ends = tab.idx, tab.end
    return [doc[i] for i in range(sent.start, sent.end) if idx[i] < end and ends[i] > start]


def _table(doc: Doc) -> TokenTable:
    return token_table(doc, lexicon())


def _norm(token: Token) -> str:
    if token.like_num:
        return "<NUM>"
    return token.lower_


def _syntactic_root(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[-1]


def _clause_head(root: Token) -> Token:
    """The nearest verb or auxiliary at or above *root* (the sentence root when none is)."""
    head = root
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def target_features(sent: Span, start: int, end: int) -> dict[str, float]:
    """Sparse features of the target at character offsets ``[start, end)`` within *sent*.

    The groups are written in a fixed order (the saved model's weights are summed in it)."""
    feats: dict[str, float] = {}
    tgt = target_tokens(sent, start, end)
    if not tgt:
        raise ValueError(f"no token of the sentence lies at [{start}, {end})")
    tids = {t.i for t in tgt}
    tab = _table(sent.doc)
    words = _word_features(feats, sent, tids, tab)
    _window_features(feats, sent, tids, tab)
    _lexicon_features(feats, sent, tids, tab)
    root = _syntactic_root(tgt)
    _governor_features(feats, root, tids, tab.valence)
    _modifier_features(feats, tgt, tids, tab.valence)
    _vader_features(feats, sent, words, root, tids)
    _position_features(feats, sent, tgt, tab)
    _tensor_features(feats, sent, tids)
    feats.update(_context_features(sent, tgt, tab))
    return feats


def _word_features(feats: dict[str, float], sent: Span, tids: set[int],
                   tab: TokenTable) -> list[str]:
    """``w:`` and ``b:``: the sentence's words and bigrams, the target masked as ``<T>``
    (once, at its first token); returns the masked words."""
    first = min(tids)
    words: list[str] = []
    space, norm = tab.space, tab.norm
    for i in range(sent.start, sent.end):
        if i in tids:
            if i == first:
                words.append("<T>")
            continue
        if space[i]:
            continue
        words.append(norm[i])
    for w in words:
        feats["w:" + w] = 1.0
    for a, b in zip(words, words[1:], strict=False):
        feats[f"b:{a}_{b}"] = 1.0
    return words


def _window(sent: Span, tids: set[int], tab: TokenTable) -> tuple[list[int], list[int]]:
    """The indices of the :data:`WINDOW` words (no space, no punctuation) left and right of
    the target in *sent*."""
    first, last = min(tids), max(tids)
    space, punct = tab.space, tab.punct
    left = [i for i in range(sent.start, min(first, sent.end))
            if not space[i] and not punct[i]][-WINDOW:]
    right = [i for i in range(max(last + 1, sent.start), sent.end)
             if not space[i] and not punct[i]][:WINDOW]
    return left, right


def _window_features(feats: dict[str, float], sent: Span, tids: set[int],
                     tab: TokenTable) -> None:
    """``l:`` / ``r:``: the words in a window either side of the target; ``l1:`` / ``r1:``
    its immediate neighbours."""
    left, right = _window(sent, tids, tab)
    norm = tab.norm
    for i in left:
        feats["l:" + norm[i]] = 1.0
    for i in right:
        feats["r:" + norm[i]] = 1.0
    if left:
        feats["l1:" + norm[left[-1]]] = 1.0
    if right:
        feats["r1:" + norm[right[0]]] = 1.0


def _lexicon_features(feats: dict[str, float], sent: Span, tids: set[int],
                      tab: TokenTable) -> None:
    """Lexicon valence of the whole masked sentence and weighted by distance from the
    target (``lex_*``); ``neg_near`` for a negator within the window."""
    first, last = min(tids), max(tids)
    pos = neg = wpos = wneg = 0.0
    negated_near = False
    lower, val = tab.lower, tab.valence
    for i in range(sent.start, sent.end):
        if i in tids:
            continue
        dist = first - i if i < first else i - last
        if lower[i] in _NEGATORS and dist <= WINDOW:
            negated_near = True
        v = val[i]
        if v == 0.0:
            continue
        weight = 1.0 / (1.0 + dist)
        if v > 0:
            pos += v
            wpos += v * weight
        else:
            neg -= v
            wneg -= v * weight
    feats["lex_pos"] = pos / 4.0
    feats["lex_neg"] = neg / 4.0
    feats["lex_wpos"] = wpos
    feats["lex_wneg"] = wneg
    feats["lex_bal"] = (pos - neg) / (1.0 + pos + neg)
    if negated_near:
        feats["neg_near"] = 1.0


def _governor_features(feats: dict[str, float], root: Token, tids: set[int],
                       val: list[float]) -> None:
    """The target's relation (``dep:``), the way up to its governor (``path:``), the governor
    (``gov:``, ``sv:``, ``ov:``) and the words attached to it (``att:``, ``lex_gov``)."""
    feats["dep:" + root.dep_] = 1.0
    gov = root.head
    hops = 0
    while gov.dep_ in ("prep", "agent", "conj", "appos", "poss", "compound") and gov.head.i != gov.i and hops < 3:
        feats[f"path:{gov.dep_}_{gov.lower_}"] = 1.0
        gov = gov.head
        hops += 1
    if gov.i in tids:
        return
    feats["gov:" + gov.lemma_.lower()] = 1.0
    if root.dep_ in ("nsubj", "nsubjpass"):
        feats[f"sv:{root.dep_}_{gov.lemma_.lower()}"] = 1.0
    elif root.dep_ in ("dobj", "pobj", "attr", "dative"):
        feats["ov:" + gov.lemma_.lower()] = 1.0
    att_val = val[gov.i]
    for c in gov.children:
        if c.i in tids or c.is_punct:
            continue
        if c.dep_ in ("dobj", "acomp", "attr", "advmod", "xcomp", "neg", "prt", "oprd"):
            feats["att:" + c.lemma_.lower()] = 1.0
            att_val += val[c.i]
    feats["lex_gov"] = att_val / 4.0


def _modifier_features(feats: dict[str, float], tgt: list[Token], tids: set[int],
                       val: list[float]) -> None:
    """``mod:``: the target's modifiers; ``lex_mod`` their valence, half weight for the words
    under them."""
    mod_val = 0.0
    for t in tgt:
        for c in t.children:
            if c.i in tids:
                continue
            if c.dep_ in ("amod", "appos", "compound", "acl", "relcl", "nmod", "poss"):
                feats["mod:" + c.lemma_.lower()] = 1.0
                mod_val += val[c.i]
                for g in subtree(c):
                    if g.i not in tids and g.i != c.i:
                        mod_val += 0.5 * val[g.i]
    feats["lex_mod"] = mod_val / 4.0


def _vader_features(
    feats: dict[str, float], sent: Span, words: list[str], root: Token, tids: set[int]
) -> None:
    """VADER's rules over the masked sentence (``vader_*``) and over the target's own clause
    (``c:``, ``vader_clause``)."""
    masked = " ".join(w for w in words if w != "<T>")
    sv = vader_scores(masked)
    feats["vader_compound"] = sv["compound"]
    feats["vader_pos"] = sv["pos"]
    feats["vader_neg"] = sv["neg"]
    clause_head = _clause_head(root)
    clause = [t for t in subtree(clause_head) if t.i not in tids and sent.start <= t.i < sent.end]
    if clause and clause_head.i not in tids:
        for t in clause:
            if not (t.is_stop or t.is_punct or t.is_space):
                feats["c:" + t.lemma_.lower()] = 1.0
        sc = vader_scores(" ".join(t.text for t in clause))
        feats["vader_clause"] = sc["compound"]


def _position_features(feats: dict[str, float], sent: Span, tgt: list[Token],
                       tab: TokenTable) -> None:
    """Quotation (``q_*``), relative position (``pos_*``) and a pronoun target (``t_pron``)."""
    first = min(t.i for t in tgt)
    text = tab.text
    quotes_before = sum(1 for i in range(sent.start, min(first, sent.end)) if text[i] in _QUOTES)
    if quotes_before % 2 == 1:
        feats["q_inside"] = 1.0
    if any(text[i] in _QUOTES for i in range(sent.start, sent.end)):
        feats["q_sentence"] = 1.0
    n = max(1, len(sent))
    rel = (first - sent.start) / n
    feats[f"pos_{min(3, int(rel * 4))}"] = 1.0
    if tgt[0].pos_ == "PRON":
        feats["t_pron"] = 1.0


#: The names of :func:`_tensor_features`, in the order they are written.
_TENSOR_NAMES: tuple[str, ...] = tuple(
    name for i in range(TENSOR_WIDTH) for name in (f"tt{i}", f"ts{i}"))


def _tensor_features(feats: dict[str, float], sent: Span, tids: set[int]) -> None:
    """``tt*`` / ``ts*``: the parse's contextual token vectors averaged over the target and
    over the sentence, when the parse has them at :data:`TENSOR_WIDTH`."""
    tensor = getattr(sent.doc, "tensor", None)
    if tensor is not None and getattr(tensor, "ndim", 0) == 2 and tensor.shape == (len(sent.doc), TENSOR_WIDTH):
        both = np.empty(2 * TENSOR_WIDTH, dtype=tensor.dtype)  # tt0, ts0, tt1, ts1, …
        both[0::2] = tensor[sorted(tids)].mean(axis=0)
        both[1::2] = tensor[sent.start : sent.end].mean(axis=0)
        feats.update(zip(_TENSOR_NAMES, both.tolist(), strict=True))


def _context_features(sent: Span, tgt: list[Token], tab: TokenTable) -> dict[str, float]:
    """Path-to-root, clause-outside-target, own-subtree and left/right VADER features."""
    feats: dict[str, float] = {}
    tids = {t.i for t in tgt}
    root = _syntactic_root(tgt)
    head, hops = root, 0
    while head.head.i != head.i and hops < 6:
        head = head.head
        hops += 1
        if head.i in tids or head.is_punct:
            continue
        feats["p:" + head.lemma_.lower()] = 1.0
        if any(c.dep_ == "neg" for c in head.children):
            feats["pneg:" + head.lemma_.lower()] = 1.0
            feats["pneg"] = 1.0
    clause_head = _clause_head(root)
    own_tree = subtree(root)
    own = {t.i for t in own_tree}
    negated = any(c.dep_ == "neg" for c in clause_head.children)
    val = 0.0
    for t in subtree(clause_head):
        if t.i in own or t.is_punct or t.is_space:
            continue
        if not t.is_stop:
            feats["hs:" + t.lemma_.lower()] = 1.0
            if negated:
                feats["nhs:" + t.lemma_.lower()] = 1.0
        val += tab.valence[t.i]
    feats["lex_clause"] = (-val if negated else val) / 4.0
    for t in own_tree:
        if t.i not in tids and not t.is_punct and not t.is_stop:
            feats["sub:" + t.lemma_.lower()] = 1.0
    for t in tgt:
        if t.pos_ != "PROPN" and not t.is_punct and not t.is_space:
            feats["tw:" + _norm(t)] = 1.0
    first, last = min(tids), max(tids)
    text = tab.text
    left = " ".join(text[sent.start:max(sent.start, min(first, sent.end))])
    right = " ".join(text[max(last + 1, sent.start):sent.end])
    if left:
        feats["vader_left"] = vader_scores(left)["compound"]
    if right:
        feats["vader_right"] = vader_scores(right)["compound"]
    return feats


#: Dense blocks that :func:`dense_features` can compute, each ``embeddings.DIM`` wide, read
#: from the per-sentence MiniLM encoder pass shared with the rhetoric stage
#: (:func:`tealeaves.embeddings.sentence_encodings`):
#: ``tgt`` the target's contextual state (mean over its word pieces), ``sent`` the sentence
#: embedding, ``left`` / ``right`` the mean state of the WINDOW words either side of the
#: target, ``gov`` the state of the word governing the target, ``rest`` the mean state of the
#: sentence's pieces outside the target, ``prod`` the element-wise product of ``tgt`` (unit
#: length) and ``sent``.
DENSE_BLOCKS: tuple[str, ...] = ("tgt", "sent", "left", "right", "gov", "rest", "prod")


def dense_features(sent: Span, start: int, end: int,
                   blocks: tuple[str, ...] = DENSE_BLOCKS,
                   encoding: tuple[int, Encoding] | None = None) -> dict[str, np.ndarray]:
    """The dense *blocks* (see :data:`DENSE_BLOCKS`) of the target at doc offsets
    ``[start, end)`` in *sent*; a block with no word piece to read (a span past the encoder's
    truncation) is left out. Read from *encoding* (``(sentence start, Encoding)`` of the
    sentence holding *start*, e.g. built from the span tagger's states by :mod:`.tagged`),
    else from the Doc's one cached frozen-encoder pass; no encoder call of its own, except
    for the masked-target blocks of :mod:`.masked` (``mask_*``; one call per span) when
    *blocks* names them."""
    from ...embeddings import sentence_encoding_at

    hit = encoding if encoding is not None else sentence_encoding_at(sent.doc, start)
    if hit is None:
        return {}
    base, enc = hit
    out: dict[str, np.ndarray] = {}
    tgt = enc.span(start - base, end - base)
    if "sent" in blocks:
        out["sent"] = enc.vector
    if tgt is not None and "tgt" in blocks:
        out["tgt"] = tgt
    if tgt is not None and "prod" in blocks:
        out["prod"] = tgt / max(float(np.linalg.norm(tgt)), 1e-9) * enc.vector
    need_tokens = {"left", "right", "gov"} & set(blocks)
    if need_tokens:
        toks = target_tokens(sent, start, end)
        if toks:
            tids = {t.i for t in toks}
            tab = _table(sent.doc)
            left, right = _window(sent, tids, tab)
            if left and "left" in blocks:
                v = enc.span(tab.idx[left[0]] - base, tab.end[left[-1]] - base)
                if v is not None:
                    out["left"] = v
            if right and "right" in blocks:
                v = enc.span(tab.idx[right[0]] - base, tab.end[right[-1]] - base)
                if v is not None:
                    out["right"] = v
            gov = _syntactic_root(toks).head
            if gov.i not in tids and "gov" in blocks:
                v = enc.span(gov.idx - base, gov.idx + len(gov.text) - base)
                if v is not None:
                    out["gov"] = v
    if "rest" in blocks and len(enc.offsets):
        a, b = start - base, end - base
        keep = ~((enc.offsets[:, 0] < b) & (enc.offsets[:, 1] > a))
        if keep.any():
            out["rest"] = np.asarray(enc.states[keep].mean(axis=0), dtype=np.float32)
    # the masked-target blocks (.masked), only when a model asks for them: one call per span
    out.update(mask_features(sent, start, end, enc.vector, blocks))
    return out
