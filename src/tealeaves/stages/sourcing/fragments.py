"""Guards against contents that are fragments (issue 17, third round, 2026-12-03).

Each guard is a general fact of English about when a cue word reports nobody or when the
content the parse gives a cue is not the cue's; each has tests on invented sentences
(``tests/stages/sourcing/test_fragments.py``):

- **A subject that holds no view.** Some cue verbs also have a sense that needs no
  speaker: "the backdrop should favor X", "the referendum saw the continuation of …", "the
  incident highlighted …". For the verbs listed under ``[speaker_subject]`` in
  ``resources/sense_verbs.txt`` (mined from PolNeAR train: their uses whose subject cannot
  speak are gold cues in under 15 % of at least 8 such uses, ``scripts/mine_sense_verbs.py``)
  a subject that is no name, pronoun, person, group, body or document is no source and the
  use is no claim.
- **A gerund that names an activity.** "face challenges in presenting an argument", "the
  cost of defending the plan": a gerund hung on a noun's preposition with only a noun-phrase
  object reports no words; "the risk of saying that …" (a clause) is left alone. The same for
  "see it as advocating for …" (a gerund after "as" describes the object, nobody speaks).
- **A clause across a colon.** A clause before the cue belongs to the cue only inside its
  own clause: across a colon or semicolon ("X suggests Y: when …, voters may see it as …")
  the parse has joined two sentences.
- **A relative clause with its gap in the content** ("the voters the campaign hopes to
  register", "a bill that critics called unfair"): the content lacks a part.
- **A content cut inside a word.** When the parse ends a content inside a hyphenated word
  ("a referendum to re" of "re-introduce …"), the content runs to the end of the cue's
  phrase.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .asides import around_aside
from .boundaries import clause_bounds, quoted_after_verb, with_charge
from .cues import read_sections, vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .attribution import CharSpan
    from .quotes import Quote

#: entity types of a subject that can hold a view
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: agentive endings of nouns naming people ("voter", "strategist", "politician")
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ic", "ate", "al", "ive")
#: nouns of a stretch of time ("over a six-year time period")
_TIME_NOUNS = frozenset({"period", "year", "month", "week", "day", "decade", "century", "hour",
                         "minute", "time", "span", "stretch", "while"})
#: verbs of regarding after which "as" + gerund describes the object ("see it as advocating")
_REGARD = frozenset({"see", "view", "regard", "perceive", "consider", "interpret", "treat",
                     "portray", "cast", "paint", "describe", "characterize", "depict"})


@lru_cache(maxsize=1)
def speaker_subject_verbs() -> frozenset[str]:
    """Cue verbs whose uses with a subject that cannot speak report nothing (mined)."""
    return frozenset(line.split("\t")[0] for line in
                     read_sections("sense_verbs.txt").get("speaker_subject", []))


_HEADS: list[frozenset[str]] = []  # set by the miner (scripts/mine_sense_verbs.py)


def set_source_heads(heads: frozenset[str]) -> None:
    """Use *heads* as the source-head nouns (for the miner, before the file exists)."""
    _HEADS[:] = [heads]
    _speaker_nouns.cache_clear()


@lru_cache(maxsize=1)
def _speaker_nouns() -> frozenset[str]:
    from .noun_kinds import institution_nouns, person_roles

    vocab = vocabulary()
    heads = _HEADS[0] if _HEADS else frozenset(
        read_sections("sense_verbs.txt").get("source_heads", []))
    return (vocab.anonymous | vocab.documents | vocab.media_nouns | frozenset(person_roles())
            | institution_nouns() | heads)


def can_speak(subj: Token) -> bool:
    """Whether *subj* (a subject) can be someone who says or holds something: a name, a
    pronoun, an entity of a speaking type, a noun of people, bodies, documents or outlets."""
    from ..actors.roles import titles
    from .attribution import antecedent

    head = antecedent(subj) or subj
    if head.pos_ in ("PRON", "PROPN", "NUM") or head.tag_ in ("WDT", "WP", "DT", "CD"):
        return True  # a pronoun, a name, a relative or a count ("52 percent", "half")
    if head.ent_type_ in _SPEAKER_ENTS or head.ent_type_ in ("PERCENT", "CARDINAL"):
        return True
    if head.ent_type_ in ("DATE", "TIME"):
        return False
    lemma = head.lemma_.lower()
    if lemma in _speaker_nouns() or titles().get((head.lower_,)) is not None:
        return True
    if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.children):
        return True  # "the Trump campaign", "GOP leaders"
    return lemma.endswith(_AGENT_ENDINGS) or head.pos_ not in ("NOUN", "NUM")


def speechless_subject(cue: Token, subj: Token | None) -> bool:
    """A cue verb in its speakerless sense: a listed verb whose subject cannot speak."""
    return (subj is not None and cue.lemma_.lower() in speaker_subject_verbs()
            and not can_speak(subj))


def infinitive_on_thing(cue: Token) -> bool:
    """An infinitive cue on a noun that cannot speak ("a bid to pressure the regime", "an
    effort to convince voters"): it names an aim, nobody reports anything."""
    if cue.dep_ != "acl" or cue.tag_ != "VB" or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in cue.children):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return False
    head = cue.head
    return head.pos_ == "NOUN" and not can_speak(head)


def activity_gerund(cue: Token, has_clause: bool) -> bool:
    """A gerund that names an activity rather than reporting words: hung on a noun's
    preposition with no clause ("challenges in presenting an argument"), or after "as"
    following a verb of regarding ("see it as advocating for …")."""
    if cue.tag_ != "VBG" or cue.dep_ != "pcomp" or cue.head.dep_ != "prep":
        return False
    if any(c.dep_ in ("nsubj", "aux") for c in cue.children):
        return False  # a clause of its own: "including why he will not be supporting X"
    prep, host = cue.head, cue.head.head
    if prep.lower_ == "as":
        return host.lemma_.lower() in _REGARD and not has_clause
    return host.pos_ in ("NOUN", "PROPN") and not has_clause


def across_colon(doc: Doc, cue: Token, content: CharSpan, is_quote: bool) -> bool:
    """A clause content before the cue, with a colon or semicolon between: two sentences
    the parse has joined, not the cue's content."""
    if is_quote or content[1] > cue.idx or cue.idx - content[1] > 300:
        return False
    between = doc.char_span(content[1], cue.idx, alignment_mode="expand")
    return between is not None and any(t.text in (":", ";") for t in between)


def whole_words(doc: Doc, cue: Token, content: CharSpan) -> CharSpan:
    """*content*, run on to the end of the cue's phrase when it ends inside a hyphenated
    word ("to re" of "to re-introduce border controls"), or cut before an aside in brackets
    that it ends inside."""
    from .attribution import text_of

    text = text_of(doc)
    end = content[1]
    opened = text.rfind("(", content[0], end)
    if opened > content[0] and text.find(")", opened, end) < 0:
        # "that he hasn't had much time (really" : an aside the content is cut inside
        cut = text[content[0]:opened].rstrip(" ,;:-—–")
        return (content[0], content[0] + len(cut)) if cut.strip() else content
    if not (end + 1 < len(text) and text[end] == "-" and text[end - 1].isalpha()
            and text[end + 1].isalpha()):
        return content
    right = cue.right_edge
    while right.i > cue.i and (right.is_punct or right.is_space):
        right = doc[right.i - 1]
    return (content[0], max(end, right.idx + len(right.text)))


def speechless(doc: Doc, cue: Token, subj: Token | None,
               got: tuple[CharSpan, bool, Token | None], quotes: list[Quote]) -> bool:
    """The guards above, for a verb cue with content *got* (``attribution.content_of``)."""
    from .attribution import clause_content

    content, is_quote, _ = got
    if speechless_subject(cue, subj) or across_colon(doc, cue, content, is_quote):
        return True
    if infinitive_on_thing(cue):
        return True
    if quote_off_participle(cue, content, is_quote) or relative_gap(cue, is_quote):
        return True
    return (cue.tag_ == "VBG" and cue.dep_ == "pcomp"
            and activity_gerund(cue, clause_content(doc, cue, quotes) is not None))


def time_only(doc: Doc, content: CharSpan) -> bool:
    """A content that is only a time expression ("over a six-year time period")."""
    if content[1] - content[0] > 120:
        return False  # a time phrase is short (and a long content is never one)
    span = doc.char_span(*content, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not (t.is_punct or t.is_space or t.pos_ == "DET")]
    if not words or any(t.pos_ in ("VERB", "AUX", "PROPN") for t in words):
        return False
    return all(t.ent_type_ in ("DATE", "TIME") or t.lemma_.lower() in _TIME_NOUNS
               or t.pos_ in ("ADJ", "NUM", "ADV") for t in words) and any(
        t.ent_type_ in ("DATE", "TIME") or t.lemma_.lower() in _TIME_NOUNS for t in words)


def quote_off_participle(cue: Token, content: CharSpan, is_quote: bool) -> bool:
    """A participle modifying a noun ("a book co-written by X") takes no quotation outside
    its own phrase (the quoted title of "the movie, '…', is based on a book co-written by")."""
    if not is_quote or cue.dep_ != "acl" or cue.tag_ != "VBN":
        return False
    start = cue.left_edge.idx
    end = cue.right_edge.idx + len(cue.right_edge.text)
    return content[1] <= start or content[0] >= end


#: wh-adverbs that head a relative clause with no gap in its content ("the day when …")
_WH_ADVERBS = frozenset({"when", "where", "why", "how", "whereby"})


#: nouns whose relative clauses are adverbial ("the reason X refuses to …", "the way she
#: said it"; Quirk et al. 1985, 17.12-17.13): the gap lies outside the content
_ADVERBIAL_HEADS = frozenset({"reason", "way", "time", "day", "moment", "place", "extent",
                              "year", "week", "night", "morning", "point", "degree", "manner"})


def relative_gap(cue: Token, is_quote: bool) -> bool:
    """A cue in a relative clause whose gap lies in its content: the noun it modifies is
    the object of what is said ("the voters the campaign hopes to register", "a bill that
    critics called unfair", "the plan he said would fail"). The content lacks a part, and
    the claim is the clause the noun sits in; a relative subject ("officials who said that
    …") and a quotation stay claims, unless the quotation opens after the clause's verb
    ("the ones State now says are '…'": the subject is missing all the same)."""
    if cue.dep_ != "relcl" or is_quote and not quoted_after_verb(cue):
        return False
    subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or any(t.tag_ in ("WDT", "WP", "WP$") or t.lower_ == "that"
                           for t in subj.subtree):
        return False  # the relative is the subject: "who said …", "two of whom pledged …"
    if any(c.lower_ in _WH_ADVERBS for c in cue.children):
        return False
    if any(c.dep_ == "prep" and any(g.tag_ in ("WDT", "WP") for g in c.children)
           for c in cue.children):
        return False  # "with whom he claimed to …": the gap is the prepositional object
    if cue.head.lemma_.lower() in _ADVERBIAL_HEADS:
        return False  # "the reasons (why) X refuses to …": the gap is no part of the content
    if any(c.dep_ in ("dobj", "dative") and c.tag_ not in ("WDT", "WP") and c.lower_ != "that"
           for c in cue.children):
        return False  # the cue has its object: no gap in what it says ("… show he backed X")
    comp = next((c for c in cue.children if c.dep_ == "ccomp"), None)
    # "the day he said that …" has a subject of its own; "the House, which members doubt
    # will flip" has the relative as the clause's subject: the gap is in the content
    return comp is None or not any(
        c.dep_ in ("nsubj", "nsubjpass", "expl") and c.tag_ not in ("WDT", "WP")
        for c in comp.children)


def partial_start(doc: Doc, cue: Token, qstart: int) -> int:
    """Where a quotation after *cue* starts its content: at the quotation, or, when the
    quotation ends a complement of the cue ("accusing him of acting like a 'spoiled child'"),
    at that complement, so that the content is not cut from its clause."""
    from .attribution import text_of

    if qstart <= cue.idx or qstart - cue.idx > 300:
        return qstart
    for child in cue.children:
        if child.i <= cue.i or child.dep_ in ("dative", "punct", "npadvmod", "conj",
                                              "cc", "advcl", "parataxis"):
            continue
        cs, ce = child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)
        if cs < qstart < ce and re.search(r"[^\W\d_]{2,}", text_of(doc)[cs:qstart]):
            return cs
    return qstart


def in_other_verb(doc: Doc, cue: Token, q: Quote) -> bool:
    """A quotation inside the phrase of another verb joined to *cue* ("calling him a 'stiff'
    and accusing him of acting like a 'spoiled child'", "said that X is a '…,' and said
    that …", "While X acknowledges Y as a '…,' he sees …"): the other verb's, not the cue's."""
    window = doc.char_span(q.start, min(q.end, q.start + 40), alignment_mode="expand")
    inside = [t for t in window or [] if t.is_alpha]
    if not inside:
        return False
    other = False
    for anc in inside[0].ancestors:
        if anc.i == cue.i:
            return other  # under the cue, through a verb joined below it
        if q.start <= anc.idx < q.end or anc.pos_ != "VERB":
            continue
        other = other or anc.dep_ in ("conj", "advcl")
        if cue.dep_ == "conj" and anc.i == cue.head.i:
            return True  # the verb the cue is joined to
    return False


def _absolute_cue(prep: Token) -> Token | None:
    """The cue verb of an absolute "with" phrase (", with sources suggesting …", ", with one
    diplomat adding that …"): a speaker and an -ing cue under "with"."""
    verbs = vocabulary().verbs
    for child in prep.children:
        cue: Token | None
        if child.dep_ == "pcomp" and child.tag_ == "VBG" and any(
                c.dep_ == "nsubj" for c in child.children):
            cue = child
        elif child.dep_ == "pobj":
            cue = next((c for c in child.children
                        if c.dep_ == "acl" and c.tag_ == "VBG"), None)
        else:
            continue
        if cue is not None and cue.lemma_.lower() in verbs:
            return cue
    return None


def before_absolute(doc: Doc, content: CharSpan) -> CharSpan:
    """*content* cut before an absolute "with" phrase that reports someone else's words:
    in "Some reports suggested A, with sources suggesting B" the reports suggested A, and B
    is the sources' claim (found on its own cue), not part of A (Quirk et al. 1985, 15.58:
    the absolute clause has its own subject)."""
    span = doc.char_span(*content, alignment_mode="expand")
    if span is None:
        return content
    for tok in span:
        if (tok.lower_ != "with" or tok.dep_ != "prep" or tok.i == span.start
                or doc[tok.i - 1].text not in (",", ";", "—", "–")):
            continue
        if _absolute_cue(tok) is None:
            continue
        last = doc[tok.i - 2] if tok.i - 2 >= span.start else None
        if last is None or last.idx + len(last.text) <= content[0]:
            return content
        return (content[0], last.idx + len(last.text))
    return content


def _as_predicate(cue: Token) -> tuple[Token, Token] | None:
    """The object of *cue* and an "as" phrase after it ("denounced it as an attack")."""
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    pred = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == "as"
                 and c.i > obj.i and any(True for _ in c.children)), None)
    if pred is None:
        return None
    if any(g.tag_ == "VBG" for g in pred.children):
        return None  # "quoted an official as saying …": a relay (``relays.py``)
    if any(g.dep_ == "pobj" and g.ent_type_ in ("GPE", "ORG", "NORP", "PERSON", "DATE", "TIME")
           for g in pred.children):
        return None  # "backing the government as the United States did": a comparison
    return obj, pred


def pronoun_predicate(cue: Token) -> tuple[CharSpan, bool, None] | None:
    """The content of "denounced it as an attack on farmers" (as ``content_of`` gives it:
    span, not a quotation, no preposition): a pronoun object with its "as" predicate (the
    pronoun alone is no content, the two together are a claim)."""
    got = _as_predicate(cue)
    if got is None or got[0].pos_ != "PRON":
        return None
    obj, pred = got
    right = pred.right_edge
    return (obj.idx, right.idx + len(right.text)), False, None


def with_predicate(cue: Token, content: CharSpan) -> CharSpan:
    """*content* run on through the "as" predicate of its object ("described the budget as
    a giveaway", "denounced the ruling as an attack on farmers"): what is said of the
    object is the predicate, and the object alone is a fragment."""
    got = _as_predicate(cue)
    if got is None:
        return content
    obj, pred = got
    obj_end = obj.right_edge.idx + len(obj.right_edge.text)
    if not content[0] <= obj.idx < content[1] or content[1] > obj_end:
        return content
    right = pred.right_edge
    return (content[0], max(content[1], right.idx + len(right.text)))


def quote_subject(doc: Doc, cue: Token, content: CharSpan) -> CharSpan:
    """A quotation that continues a clause begun before it, with the cue set in between or
    after it ("The plan, she said, was '…'", "the prime minister 'looked ashen,' X said"):
    the content starts at the clause's subject, not inside the clause."""
    inside = doc.char_span(content[0], content[1], alignment_mode="expand")
    words = [t for t in inside or [] if t.is_alpha]
    if not words:
        return content
    top = words[0]  # the head of the quotation's words, then the word it hangs on
    while top.head.i != top.i and content[0] <= top.head.idx < content[1]:
        top = top.head
    verb = top if top.head.i == top.i else top.head
    if verb.pos_ == "ADP" and verb.head.i != verb.i:
        verb = verb.head  # "Clinton is in 'good health'"
    if top.pos_ in ("VERB", "AUX") and content[0] <= top.idx < content[1]:
        verb = top  # "the prime minister 'looked ashen'"
    if verb.pos_ not in ("VERB", "AUX") or verb.sent.start != words[0].sent.start:
        return content
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.idx >= content[0] or subj.i == cue.i or subj.head.i == cue.i:
        return content
    if cue.idx < subj.idx or cue.sent.start != subj.sent.start:
        return content  # "told reporters the plan was '…'": the cue's own clause
    if subj.left_edge.i <= cue.i <= subj.right_edge.i:
        return content  # "anybody who complains … '…'": the cue is inside the subject
    return (subj.left_edge.idx, content[1])


def whole_clause(doc: Doc, cue: Token, content: CharSpan, is_quote: bool) -> CharSpan:
    """A reported clause with the "as" predicate of its object, across an aside that holds
    the cue, and without an absolute "with" phrase of another speaker
    (:func:`with_predicate`, :func:`around_aside`, :func:`before_absolute`); a quotation
    with the subject of its clause before it (:func:`quote_subject`)."""
    if is_quote:
        return quote_subject(doc, cue, content)
    content = with_passive_subject(cue, past_time_object(cue, past_recipient(cue, content)))
    content = around_aside(cue, with_predicate(cue, with_charge(cue, content)))
    return from_that(doc, cue, clause_bounds(doc, cue, before_absolute(doc, content)))


def past_time_object(cue: Token, content: CharSpan) -> CharSpan:
    """A day or time the parse took for the cue's object ("promised Sunday at a rally to
    end the program"): the content starts at the complement after it."""
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    comp = next((c for c in cue.children if c.i > cue.i and (
        c.dep_ in ("xcomp", "ccomp") or c.dep_ == "advcl" and c.left_edge.lower_ == "to")), None)
    if obj is None or comp is None or obj.idx != content[0] or obj.ent_type_ not in (
            "DATE", "TIME") or comp.i < obj.i:
        return content
    right = comp.right_edge if not comp.right_edge.is_punct else comp.right_edge.nbor(-1)
    return (comp.left_edge.idx, max(content[1], right.idx + len(right.text)))


def with_passive_subject(cue: Token, content: CharSpan) -> CharSpan:
    """ "The minister is expected to resign": an agentless passive whose content is its
    infinitive holds its subject too (the claim is that the minister will resign), as with
    "X is said to …"; otherwise "The minister is" is left over as a fragment."""
    subj = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    xcomp = next((c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i), None)
    if subj is None or xcomp is None or subj.lower_ == "it" or any(
            c.dep_ == "agent" for c in cue.children):
        return content
    if content[0] != xcomp.left_edge.idx:
        return content
    return subj.left_edge.idx, content[1]


def past_recipient(cue: Token, content: CharSpan) -> CharSpan:
    """ "offer Republicans someone likely to …": the recipient is not what is offered; the
    direct object after it is."""
    dative = next((c for c in cue.children if c.dep_ == "dative"), None)
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if dative is None or obj is None or obj.i < dative.i:
        return content
    if content != (dative.left_edge.idx, dative.right_edge.idx + len(dative.right_edge.text)):
        return content
    right = obj.right_edge
    return (obj.left_edge.idx, right.idx + len(right.text))


def finding_content(doc: Doc, head: Token, prep: Token) -> CharSpan | None:
    """What a document phrase ("in a CNN poll") reports: the side of its clause that is
    larger once the phrase is cut out, as before, but without a clause joined after the
    phrase ("He leads in the polls, but it's clear that …": the "but" clause is the
    writer's, not the polls')."""
    from .attribution import trim

    cut: set[int] = set()
    for c in head.children:
        if c.dep_ in ("conj", "cc") and c.i > prep.i:
            cut.update(t.i for t in c.subtree)
    toks = [t for t in head.subtree if t.i not in cut]
    lo, hi = prep.left_edge.i, prep.right_edge.i
    before = [t for t in toks if t.i < lo]
    after = [t for t in toks if t.i > hi]
    side = after if sum(t.is_alpha for t in after) >= sum(t.is_alpha for t in before) else before
    side = [t for t in side if not (t.is_punct and t.text not in "\"“”'’")] or [head]
    return trim(doc, side[0].idx, side[-1].idx + len(side[-1].text))


#: Words that may stand outside a report's setting clause: its comma, "and", "then".
_SETTING_EDGES = frozenset({"PUNCT", "CCONJ", "ADV", "SCONJ", "SPACE"})


def report_setting(span: Span) -> bool:
    """Whether an unattributed piece is only the setting of a report beside it: a subjectless
    participle clause hung on a verb outside the piece ("Asked about the delay, the minister
    said ...", "Speaking to reporters on Friday, ...", "... he said when asked about it").
    The report's words are the claim; its circumstance asserts nothing of the author's."""
    tops = [t for t in span if t.head.i == t.i or not span.start <= t.head.i < span.end]
    verbs = [t for t in tops if t.pos_ in ("VERB", "AUX")]
    if not verbs or any(t.pos_ not in _SETTING_EDGES for t in tops if t not in verbs):
        return False
    return all(v.dep_ == "advcl" and v.head.i != v.i and v.tag_ in ("VBG", "VBN")
               and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in v.children)
               for v in verbs)


def from_that(doc: Doc, cue: Token, content: CharSpan) -> CharSpan:
    """An extraposed passive's content with verbless words before its "that" ("it was reported
    by A, not B, on Monday that X quit"): the cue's adjunct; the content starts at "that"."""
    span = doc.char_span(*content, alignment_mode="expand")
    if span is None or not any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in cue.children):
        return content
    for tok in span[:8]:
        if tok.pos_ in ("VERB", "AUX"):
            return content
        if tok.lower_ == "that" and tok.dep_ == "mark":
            return (tok.idx, content[1]) if tok.i > span.start else content
    return content
