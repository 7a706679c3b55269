"""What a Russian cue reports: the content of a reporting verb (a что-clause, a quotation
before or after it, the rest of a sentence it interrupts, "об этом" back to the sentence
before, a verdict on a report, the object of a denial), and the quotations of a text."""

from __future__ import annotations

import re

from .parse import RuDoc, RuToken

_OPEN, _CLOSE = "«„“\"", "»“”\""
_DASHES = "—–"
#: verbs of naming and judging: "назвал слухами сообщения о …", "считают началом X" (a
#: verdict in the instrumental on an object) is a claim from the verdict to the end of the
#: object (Русская грамматика 1980: the double-object construction V + Acc + Ins)
_NAMING = frozenset({"назвать", "называть", "считать", "счесть"})
#: cue verbs whose object noun is what they report on (a denial of rumours is a claim)
_OBJECT_CUES = frozenset({"опровергнуть", "опровергать", "подтвердить", "подтверждать",
                          "отрицать", "признать", "признавать", "прокомментировать"})


def quotations(text: str) -> list[tuple[int, int]]:
    """Spans of «…» (with „…“ nested inside) and "…" quotations, marks included; an
    unbalanced mark costs only its own quotation."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"«[^«»]*(?:«[^«»]*»[^«»]*)*»|„[^„“”]*[“”]|\"[^\"\n]{2,}\"", text):
        out.append((m.start(), m.end()))
    return out


def trim(doc: RuDoc, first: int, last: int) -> tuple[int, int] | None:
    """Token range without leading/trailing punctuation, "что"/"чтобы" and dashes."""
    while first <= last and (doc.tokens[first].pos == "PUNCT" or doc.tokens[first].lemma in ("что", "чтобы", "как")):
        first += 1
    while last >= first and doc.tokens[last].pos == "PUNCT" and doc.tokens[last].text not in _CLOSE:
        last -= 1
    return (first, last) if first <= last else None


def rest(doc: RuDoc, sent: int, cut: tuple[int, int]) -> tuple[int, int] | None:
    """The sentence without the token range *cut* (a cue clause): its longer remaining side."""
    a, b = doc.sents[sent]
    left = trim(doc, a, cut[0] - 1) if cut[0] > a else None
    right = trim(doc, cut[1] + 1, b - 1) if cut[1] + 1 < b else None
    sides = [r for r in (left, right) if r is not None]
    if not sides:
        return None
    return max(sides, key=lambda r: doc.tokens[r[1]].end - doc.tokens[r[0]].start)


def verb_content(doc: RuDoc, verb: RuToken, quotes: list[tuple[int, int]]) -> tuple[int, int, bool] | None:
    """Character span of what a cue verb reports, and whether it is a quotation."""
    for c in doc.children(verb.i):
        if c.rel in ("ccomp", "csubj") or (c.rel == "obj" and c.pos == "VERB"):
            r = trim(doc, *doc.subtree(c.i))
            if r is not None:
                return doc.tokens[r[0]].start, doc.tokens[r[1]].end, False
    named = _naming(doc, verb) or _about_that(doc, verb) or _that_clause(doc, verb)
    if named is not None:
        return named
    for qs, qe in quotes:  # «…», — заявил X  /  X заявил: «…»
        if _a_name(doc, verb, qs, qe):
            continue
        before = doc.text[qe:verb.start]
        after = doc.text[verb.end:qs]
        if qe <= verb.start and len(before) < 6 and not before.strip(" ,—–-\n"):
            return qs, qe, True
        if qs >= verb.end and ":" in after and len(after) < 60 and "." not in after:
            return qs, qe, True
    back = _about_this(doc, verb) or _before_inverted(doc, verb)
    if back is not None:
        return back
    if verb.lemma in _OBJECT_CUES:  # "опроверг слухи о том, что …", "подтвердил эту информацию"
        obj = next((c for c in doc.children(verb.i) if c.rel == "obj" and c.pos == "NOUN"), None)
        r = trim(doc, *doc.subtree(obj.i)) if obj is not None else None
        if r is not None:
            return doc.tokens[r[0]].start, doc.tokens[r[1]].end, False
    if verb.rel == "parataxis" or doc.tokens[doc.sents[verb.sent][0]].text in _DASHES:
        r = rest(doc, verb.sent, doc.subtree(verb.i))
        if r is not None:
            return doc.tokens[r[0]].start, doc.tokens[r[1]].end, False
    return None


def about_that_clause(doc: RuDoc, head: RuToken) -> RuToken | None:
    """The clause of "о том, что …" hanging on *head* (a verb or a noun of speech)."""
    that = next((c for c in doc.children(head.i) if c.lemma == "тот" and any(
        g.lemma in ("о", "об") for g in doc.children(c.i))), None)
    if that is None:
        return None
    return next((c for c in doc.children(that.i) if c.rel in ("acl", "acl:relcl", "ccomp")
                 and any(g.lemma == "что" for g in doc.children(c.i))), None)


def _about_that(doc: RuDoc, verb: RuToken) -> tuple[int, int, bool] | None:
    """"сообщило о том, что …" / "Первым о том, что …, сообщило агентство": the clause."""
    clause = about_that_clause(doc, verb)
    if clause is None:
        return None
    first, last = doc.subtree(clause.i)
    if clause.i < verb.i:  # a clause fronted before its cue ends at its closing comma
        commas = [j for j in range(clause.i, min(last + 1, verb.i)) if doc.tokens[j].text == ","]
        last = commas[-1] - 1 if commas else last
    r = trim(doc, first, last)
    return (doc.tokens[r[0]].start, doc.tokens[r[1]].end, False) if r else None


def _that_clause(doc: RuDoc, verb: RuToken) -> tuple[int, int, bool] | None:
    """", что …" right after the verb (its own objects between) where the parse lost the
    clause's link: the explanatory clause of a verb of speech (Русская грамматика 1980,
    изъяснительные придаточные) runs from "что" to the end of the sentence."""
    end = doc.sents[verb.sent][1]
    for j in range(verb.i + 1, min(end, verb.i + 5)):
        t = doc.tokens[j]
        if t.lemma == "что" and t.pos == "SCONJ" and doc.tokens[j - 1].text == ",":
            r = trim(doc, j + 1, end - 1)
            return (doc.tokens[r[0]].start, doc.tokens[r[1]].end, False) if r else None
        if t.pos == "VERB" or (t.pos == "PUNCT" and t.text != ","):
            return None
    return None


def _before_inverted(doc: RuDoc, verb: RuToken) -> tuple[int, int, bool] | None:
    """"…, говорит близкий к Кремлю собеседник": a cue after a comma with its subject after
    it (inverted order of a postposed author's words) reports the sentence before it."""
    a = doc.sents[verb.sent][0]
    if verb.i - a < 3 or doc.tokens[verb.i - 1].text != ",":
        return None
    if not any(c.rel in ("nsubj", "nsubj:pass") and c.i > verb.i for c in doc.children(verb.i)):
        return None
    r = trim(doc, a, verb.i - 2)
    if r is None:
        return None
    return doc.tokens[r[0]].start, doc.tokens[r[1]].end, doc.tokens[r[0]].text in _OPEN


def _naming(doc: RuDoc, verb: RuToken) -> tuple[int, int, bool] | None:
    """"назвал фейком публикацию о том, что …": the verdict (instrumental) and its object."""
    if verb.lemma not in _NAMING:
        return None
    kids = doc.children(verb.i)
    verdict = next((c for c in kids if c.rel in ("xcomp", "obl") and c.pos in ("NOUN", "ADJ")
                    and c.feats.get("Case") == "Ins"), None)
    obj = next((c for c in kids if c.rel == "obj" and c.pos in ("NOUN", "PRON")), None)
    if verdict is None or obj is None:
        return None
    first = min(doc.subtree(verdict.i)[0], doc.subtree(obj.i)[0])
    last = max(doc.subtree(verdict.i)[1], doc.subtree(obj.i)[1])
    r = trim(doc, first, last)
    if r is None:
        return None
    return doc.tokens[r[0]].start, doc.tokens[r[1]].end, False


def _a_name(doc: RuDoc, verb: RuToken, qs: int, qe: int) -> bool:
    """A short «…» that is one of the cue's own participants («Медузе» in "рассказали
    «Медузе»"): an outlet's or a party's name in quotation marks, not a quotation."""
    inside = [t for t in doc.tokens if qs < t.start and t.end < qe and t.pos != "PUNCT"]
    return 0 < len(inside) <= 3 and any(
        t.head == verb.i and t.rel in ("iobj", "obl", "nsubj", "obj") for t in inside)


def _about_this(doc: RuDoc, verb: RuToken) -> tuple[int, int, bool] | None:
    """"Об этом заявил X" (no clause of its own): what X said is the sentence before, in
    the same or the previous paragraph."""
    if verb.sent == 0 or any(c.rel in ("ccomp", "csubj") for c in doc.children(verb.i)):
        return None
    if not any(c.lemma in ("это", "то") and c.rel == "obl"
               and any(g.lemma == "о" for g in doc.children(c.i)) for c in doc.children(verb.i)):
        return None
    a, b = doc.sents[verb.sent - 1]
    r = trim(doc, a, b - 1)
    if r is None or doc.tokens[r[1]].text == "?":
        return None
    return doc.tokens[r[0]].start, doc.tokens[r[1]].end, doc.tokens[r[0]].text in _OPEN


