"""The token attributes the stance features read, once per Doc.

Each target's sparse features walk its whole sentence about eight times (words, window,
lexicon valence, quotation marks, the text either side); iterating a spaCy ``Span`` builds a
``Token`` object per step and each attribute read builds a Python string again. The
attributes are read here once per Doc into plain lists indexed by ``Token.i`` and kept in
``Doc.user_data``; the features read the lists. The values are the spaCy attributes
themselves, so the features are the same as when read from the tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: ``Doc.user_data`` key of the Doc's :class:`TokenTable`.
TABLE_KEY = "tealeaves.stance_tokens"


@dataclass(frozen=True)
class TokenTable:
    """Per-token attributes of one Doc, each list indexed by ``Token.i``."""

    #: character offset of the token (``Token.idx``) and just past it
    idx: list[int]
    end: list[int]
    text: list[str]
    lower: list[str]
    #: ``"<NUM>"`` for a number-like token, else its lower-cased text
    norm: list[str]
    space: list[bool]
    punct: list[bool]
    stop: list[bool]
    #: VADER lexicon valence of the lower-cased word, else of the lower-cased lemma, else 0
    valence: list[float]


def token_table(doc: Doc, lexicon: dict[str, float]) -> TokenTable:
    """The Doc's :class:`TokenTable` (*lexicon*: the VADER valence lexicon), built on first
    use and kept in the Doc."""
    got = doc.user_data.get(TABLE_KEY)
    if isinstance(got, TokenTable):
        return got
    toks = list(doc)
    text = [t.text for t in toks]
    idx = [t.idx for t in toks]
    lower = [t.lower_ for t in toks]
    valence = []
    for t, low in zip(toks, lower, strict=True):
        v = lexicon.get(low)
        if v is None:
            v = lexicon.get(t.lemma_.lower(), 0.0)
        valence.append(float(v))
    table = TokenTable(
        idx=idx,
        end=[i + len(s) for i, s in zip(idx, text, strict=True)],
        text=text,
        lower=lower,
        norm=["<NUM>" if t.like_num else low for t, low in zip(toks, lower, strict=True)],
        space=[t.is_space for t in toks],
        punct=[t.is_punct for t in toks],
        stop=[t.is_stop for t in toks],
        valence=valence,
    )
    doc.user_data[TABLE_KEY] = table
    return table
