"""Guards of the fourth fragment round: cue words whose content is nobody's claim.

Each is a construction, not a word list fitted to an article (``docs/stages/sourcing.md``,
2026-12-03, fourth round; tests in ``tests/stages/sourcing/test_nonclaims.py``):

- a gerund with no subject of its own as a clause's subject or after "like"/"than"
  ("expecting X to change is like expecting rain"): the writer's generic case, no holder;
- a negated disclosure of a question ("did not reveal what he would say", "would not say
  whether …"): it reports that nothing was said;
- a relative clause that picks out a group inside a subject ("those who oppose the deal
  marched"): it says who the group is, not what anyone claims (a clause content — "those who
  say that …" — still is a claim);
- an "as X noted" aside given a quotation that the parse hangs on another verb ("which — as a
  columnist noted — promises to '…'"): the quotation is the other verb's words;
- a clause content that begins inside a quoted title of a channel phrase ("said on NBC's
  ''Meet the Press'' that …", the parse taking "Meet" for a verb): cut to the that-clause after
  the title, or dropped when there is none.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .quotes import quote_at, quotes_near
from .senses import _PERCEPTION

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .quotes import Quote
    from .source_spans import CharSpan

#: verbs of telling or disclosing whose negation with a question reports no words (general
#: English verbs of communication; Levin 1993, "say" and "tell" classes)
_DISCLOSE = frozenset({"reveal", "disclose", "specify", "detail", "divulge", "elaborate"})
#: verbs of refusing that negate the disclosure they govern ("declined to say whether")
_REFUSE = frozenset({"decline", "refuse"})
#: words that open a wh-clause (an indirect question), read by nonclaims and cue_sense
WH_WORDS = frozenset({"what", "who", "whom", "whose", "which", "whether", "if", "how", "when",
                      "where", "why"})
_WH = WH_WORDS
#: the verbs of "expecting X is like …", "believing X would be a mistake"
_COPULAS = frozenset({"be", "seem", "remain", "become", "prove"})
_COMPARE = frozenset({"like", "unlike", "than"})
_TITLE_SMALL = frozenset({"a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "at",
                          "by", "or", "from"})
_CHANNEL_PREP = re.compile(r"\b(?:on|in|to|with)\b")


def _own_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "poss", "expl") for c in tok.children)


def generic_gerund(cue: Token) -> bool:
    """A gerund cue with no subject of its own that is a clause's subject or follows
    "like"/"than": the writer's general case, nobody holds it."""
    if cue.tag_ != "VBG" or _own_subject(cue):
        return False
    if cue.dep_ in ("csubj", "csubjpass"):
        lo, hi = sorted((cue.i, cue.head.i))  # "Claiming X, Trump told …": a participle
        return cue.head.lemma_.lower() in _COPULAS and not any(
            t.text == "," for t in cue.doc[lo:hi])
    return cue.dep_ == "pcomp" and cue.head.lower_ in _COMPARE


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def undisclosed(cue: Token) -> bool:
    """A negated or refused disclosure of a question ("did not reveal what he would say",
    "declined to disclose whether …"): no words are reported. "Did not say whether" is
    left a claim: PolNeAR annotates it so, and the guide's non-response call is about
    comment, not about a question's answer. Nor does a report by nobody ("has not been
    confirmed by any source"): :func:`by_nobody`."""
    if by_nobody(cue):
        return True
    verb = cue
    if cue.lemma_.lower() in _REFUSE:
        verb = next((c for c in cue.children if c.dep_ == "xcomp"), cue)
        if verb is cue:
            return False
    elif not (_negated(cue) or (cue.dep_ == "xcomp" and (
            cue.head.lemma_.lower() in _REFUSE or _negated(cue.head)))):
        return False
    if verb.lemma_.lower() not in _DISCLOSE:
        return False
    return any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > verb.i
               and c.left_edge.lower_ in _WH for c in verb.children)


def by_nobody(cue: Token) -> bool:
    """A negated passive cue whose agent is "any" ("was not confirmed by any outlet"): the
    report says nobody spoke. ("No official said …" is left a claim: PolNeAR annotates it.)"""
    if not _negated(cue):
        return False
    for agent in (c for c in cue.children if c.dep_ == "agent"):
        for who in (o for o in agent.children if o.dep_ == "pobj"):
            if any(d.dep_ == "det" and d.lower_ == "any" for d in who.children):
                return True
    return False


def in_title(cue: Token, quotes: list[Quote]) -> bool:
    """A cue word inside a quoted title ("''Face the Nation''"): a name, not a report."""
    q = quote_at(quotes, cue.idx)
    return q is not None and _is_title(q)


def group_relative(cue: Token, is_quote: bool) -> bool:
    """A restrictive relative clause (no comma) with a relative pronoun as its subject, inside
    a clause's subject ("those who oppose the deal marched"), and a noun-phrase content: it
    names a group."""
    if is_quote or cue.dep_ != "relcl":
        return False
    rel = next((c for c in cue.children if c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT")), None)
    if rel is None or rel.i == 0 or rel.nbor(-1).is_punct:
        return False  # ", which endorsed X": a known body described, its act reported
    if any(c.dep_ in ("ccomp", "xcomp") for c in cue.children):
        return False  # "those who say that …": a report
    return cue.head.dep_ in ("nsubj", "nsubjpass")


def aside_quote(doc: Doc, cue: Token, content: CharSpan, is_quote: bool) -> bool:
    """An "as X noted" aside given a partial quotation that the parse hangs on a word
    outside it other than the cue ("which, as X noted, promises to '…'"): not the aside's
    words. A whole quoted sentence after the aside ("As he put it, '…'") stays its claim."""
    if not is_quote or not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return False
    window = doc.char_span(content[0], content[1], alignment_mode="expand")
    inside = [t for t in window or [] if t.is_alpha]
    if not inside:
        return False
    outer = [a for a in inside[0].ancestors if not content[0] <= a.idx < content[1]]
    return bool(outer) and all(a.i != cue.i for a in outer)


def _is_title(q: Quote) -> bool:
    words = re.findall(r"[^\W\d_][\w'’-]*", q.inner)
    return 0 < len(words) <= 8 and all(
        w[0].isupper() or w.lower() in _TITLE_SMALL for w in words) and words[0][0].isupper()


def _that_clause(doc: Doc, cue: Token, after: int) -> CharSpan | None:
    """The that-clause of *cue*'s sentence that starts after offset *after*."""
    for tok in cue.sent:
        if tok.idx >= after and tok.lower_ == "that" and tok.dep_ == "mark":
            sub = list(tok.head.subtree)
            last = max((t for t in sub if not t.is_punct), key=lambda t: t.i, default=tok)
            return tok.idx, max(last.idx + len(last.text), tok.idx + 4)
    return None


def title_content(doc: Doc, cue: Token, content: CharSpan,
                  quotes: list[Quote]) -> CharSpan | None:
    """*content*, or the that-clause after a quoted title of a channel phrase that the
    content begins in or just before; None when no clause follows the title."""
    from .attribution import text_of

    text = text_of(doc)
    cue_end = cue.idx + len(cue.text)
    for q in quotes_near(quotes, cue_end, cue_end + 41):  # a quotation within 40 of the cue
        if q.end <= content[0] - 40 or q.start >= content[0] + 40 or q.end >= content[1] + 40:
            continue
        if q.start < cue_end or q.start - cue_end > 40 or not _is_title(q):
            continue
        if not _CHANNEL_PREP.search(text[cue_end:q.start]):
            continue
        lead = text[content[0]:q.start]
        if content[0] > q.start or (len(lead) <= 25 and not re.search(r"\bthat\b", lead)):
            return _that_clause(doc, cue, q.end)
    return content


#: taking part in a poll is no finding of it ("not all of whom participated in this survey")
_TAKE_PART = frozenset({"participate", "partake", "join", "enroll"})
#: verbs that place a thing in a text rather than report a finding of it ("the optimism is
#: reflected in long-term forecasts", "the name appears in the report"): general English
#: verbs of containing, recording and publishing, and of taking part
_PLACED = frozenset({"reflect", "include", "contain", "list", "mention", "outline", "detail",
                     "publish", "print", "post", "feature", "bury", "record", "document",
                     "describe", "cite", "quote", "appear"}) | _TAKE_PART


def document_clause(head: Token) -> Token | None:
    """The verb whose clause a document phrase ("in the polls", "in a CNN poll") reports:
    past an open complement to the verb that has the subject ("Trump continues to lead in the
    polls": the whole "Trump continues to lead"); None inside a bare infinitive after a verb
    of perception ("a race that has seen Bush stumble in the polls": what the race saw, with
    no clause of its own to report) or on a verb that places a thing in the text ("is
    reflected in the forecasts", "appears in the report": where it is, not what it says)."""
    lemma = head.lemma_.lower()
    if lemma in _PLACED and (lemma in _TAKE_PART or lemma == "appear" and not any(
            c.dep_ in ("xcomp", "acomp", "attr") for c in head.children)
            or any(c.dep_ == "auxpass" for c in head.children)):
        return None
    while head.dep_ == "xcomp" and head.head.i < head.i and head.head.pos_ in ("VERB", "AUX"):
        head = head.head
    if (head.dep_ in ("ccomp", "xcomp") and head.tag_ in ("VB", "VBG")
            and head.head.lemma_.lower() in _PERCEPTION
            and not any(c.dep_ in ("aux", "mark") for c in head.children)):
        return None
    return head


#: verbs whose object is the one who feels (Levin 1993, 31.1 "amuse" verbs): "the gluts are
#: worrying officials" is the officials' worry about the gluts, not a claim of the gluts
_FELT_BY_OBJECT = frozenset({"worry", "trouble", "alarm", "concern", "disturb", "bother",
                             "frighten", "scare", "unsettle", "dismay", "upset", "anger"})


def experiencer(cue: Token) -> Token | None:
    """The object of a verb of feeling whose object feels it ("That is something that worries
    Republican officials"): the one who holds the worry. None for other verbs and for a
    verb with a clause of its own ("worries that …", "worried about …")."""
    if cue.lemma_.lower() not in _FELT_BY_OBJECT or any(
            c.dep_ == "auxpass" or c.dep_ == "prep" and c.lower_ in ("about", "over", "for")
            for c in cue.children):
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is not None:
        return obj
    # "worries officials trying to …": the parse makes the object the subject of a participle
    comp = next((c for c in cue.children if c.dep_ == "ccomp" and c.tag_ == "VBG" and not any(
        g.dep_ in ("mark", "aux") for g in c.children)), None)
    return next((c for c in comp.children if c.dep_ == "nsubj"), None) if comp else None


#: "called" with nothing but an object: telephoned, summoned or convened ("Palin called a
#: delegate candidate, Clara Powers", "called a news conference"), not a report
def bare_call(cue: Token, is_quote: bool) -> bool:
    """ "call" whose only complement is a noun-phrase object: it reports no words."""
    if cue.lemma_.lower() != "call" or is_quote or any(
            t.is_quote for t in cue.subtree if t.i > cue.i):
        return False  # "called his rival 'Little Marco'": a name given in quotation marks
    kids = [c for c in cue.children if c.i > cue.i and c.dep_ not in ("punct", "cc", "conj",
                                                                      "npadvmod", "advmod")]
    if not kids or kids[0].dep_ not in ("dobj", "oprd") or kids[0].pos_ == "PRON":
        return False  # one noun phrase (the parse may call it a predicate), nothing else
    last = [t for t in kids[0].subtree if not t.is_punct][-1]
    if last.pos_ not in ("NOUN", "PROPN"):
        return False  # "called X's squabble unusual": a predicate the parse hung inside
    return _callee(kids[0]) and all(
        c.dep_ == "prep" and c.lower_ in ("on", "at", "in", "from") for c in kids[1:])


#: what one convenes by calling it ("called a news conference", "called a snap election")
_CONVENED = frozenset({"conference", "meeting", "election", "vote", "session", "hearing",
                       "referendum", "summit", "recess", "strike", "halt", "briefing"})


def _callee(obj: Token) -> bool:
    """One telephones or summons a person or body and convenes a meeting; anything else
    called ("called the shootings … a moment like …") has its predicate somewhere the parse
    lost, so it stays a report."""
    from .noun_kinds import person_roles

    lemma = obj.lemma_.lower()
    return (obj.pos_ == "PROPN" or obj.ent_type_ in ("PERSON", "ORG", "NORP")
            or lemma in _CONVENED or lemma in person_roles()
            or any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in obj.children))


def felt_content(doc: Doc, stimulus: Token | None) -> CharSpan | None:
    """What the one who feels it is worried about: the subject of the verb of feeling, when
    it is a noun phrase ("The gluts are worrying officials"); None for a pronoun or a
    relative ("something that worries officials": nothing said of it)."""
    if stimulus is None or stimulus.pos_ == "PRON" or stimulus.tag_ in ("WDT", "WP", "DT"):
        return None
    right = stimulus.right_edge
    return (stimulus.left_edge.idx, right.idx + len(right.text))
