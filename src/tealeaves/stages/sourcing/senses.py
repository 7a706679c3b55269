"""Word-sense guards: uses of a cue word that report nobody's words (2026-12-03).

Each guard is a general fact of English, not any article's phrasing:

- frozen discourse markers built on a saying verb ("that said", "having said that", "all
  told", "truth be told", "needless to say", "so to speak"; the conjuncts and disjuncts of
  Quirk et al. 1985, 8.134-8.137): the writer's connective, not a report;
- a day or a time as the doer ("Monday added another twist: …"): a time does not speak;
- "lay" reports only as "lay out" ("laid out her plan"); "laid the groundwork" places a thing;
- a quotation before a clause-only verb that has an object of its own ("'…' The reports had
  helped add pressure to …"): the verb is in its object sense and the quotation is not its;
- a cue in a relative clause takes no quotation that lies past its clause, inside the clause
  the relative modifies ("the donors that backed the study had 'an agenda'": what the donors
  had, in someone else's words, is not what they backed);
- "ensure"/"insure" with a that-clause bring the clause about, they do not report it;
- an infinitive after an extraposed "it" ("it is fair to say that …", "it's hard to say
  whether …", "found it hard to explain why …"): nobody in particular says it, the writer
  does;
- an infinitive after an existential "there" ("there is little to suggest that …", "there is
  no reason to believe …"): the writer's judgement, nobody's report;
- verbs of perception with a bare infinitive or an -ing clause ("saw the senator deliver a
  speech", "heard him say …": Quirk et al. 1985, 16.52): what is perceived, not reported;
  a report inside ("say") is still found on its own verb;
- a participle used as an adjective after a preposition or determiner ("respond to emailed
  questions", "the said agreement");
- a free relative as the object of a verb that reports nothing ("survived what many
  believed to be …"); after a cue verb it is an embedded question ("asked what …");
- a hearsay noun opening the sentence that the parser read as a verb ("Whispers that …
  grew"): :func:`misread_noun`;
- a non-response ("did not respond to requests for comment", "declined to comment", "refused
  to say whether …", "did not immediately reply", "declined an interview request"): it
  reports that someone said nothing, so it is no claim (``SOURCING-GUIDE.md``, "What is a
  claim": a statement presented as coming from someone; decided 2026-12-03,
  ``docs/stages/sourcing.md``). What the same person does say ("…, saying that …") is found
  on its own cue: :func:`non_response`;
- a cue with no clause inside an indirect question or a condition ("asked whether he
  would support X"), or a reaction with only what it reacts to ("responded to the
  endorsement"): :func:`unreported`;
- a passive giving odds ("is assured of winning", "are favored to keep the chamber"):
  :func:`odds_passive`; "confirm" a person (an approval): :func:`approval`; the topic of a
  question ("asked about X"): :func:`unreported`; an object fronted by "what"/"which"
  ("decide what price he'll demand"): :func:`wh_object`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .quotes import Quote

#: frozen phrases holding a saying verb, as lower-case words (Quirk et al. 1985, 8.134-8.137)
_MARKERS: tuple[tuple[str, ...], ...] = (
    ("that", "said"),
    ("having", "said", "that"),
    ("that", "being", "said"),
    ("all", "told"),
    ("truth", "be", "told"),
    ("truth", "to", "tell"),
    ("needless", "to", "say"),
    ("so", "to", "speak"),
    ("suffice", "it", "to", "say"),
    ("that", "is", "to", "say"),
)
_SAYING = frozenset({"said", "told", "tell", "say", "speak"})
_TIME_ENTS = frozenset({"DATE", "TIME"})
#: verbs that bring about what their that-clause says, not report it
_CAUSATIVE = frozenset({"ensure", "insure"})
_PERCEPTION = frozenset({"see", "hear", "watch", "witness", "notice", "observe"})
#: "would like to see X do Y" is a wish, which is a view
_DESIRE = frozenset({"like", "love", "want", "hope", "wish", "prefer", "expect"})
_WH_FREE = frozenset({"what", "whatever"})
#: phrasal verbs that report only with their particle ("laid out a plan")
_NEEDS_PARTICLE = {"lay": frozenset({"out"})}
#: verbs of answering: negated, they report that nothing was said
_ANSWERING = frozenset({"respond", "reply", "answer", "comment", "return"})
#: verbs of withholding, with the speech act withheld ("declined to comment")
_WITHHOLDING = frozenset({"decline", "refuse", "fail"})
#: (speech acts only: "refused to disclose his records" withholds a thing, which the
#: PolNeAR annotators take as a stance)
_WITHHELD = frozenset({"comment", "say", "confirm", "discuss", "elaborate", "answer",
                       "respond", "reply", "specify", "speculate", "explain"})
#: taking questions without giving the answer ("answered questions for an hour")
_FIELDING = frozenset({"answer", "field", "dodge", "sidestep", "deflect", "take"})
_QUESTIONS = frozenset({"question", "query", "inquiry", "enquiry"})
#: asking for a response ("calls seeking comment") reports no words either
_ASKING = frozenset({"seek", "request", "ask", "invite", "solicit"})
_RESPONSES = frozenset({"comment", "response", "reaction", "reply"})
#: what is declined when nothing is said ("declined an interview request")
_DECLINED_THINGS = frozenset({"request", "interview", "invitation", "comment", "question",
                              "inquiry", "enquiry", "call"})


def discourse_marker(tok: Token) -> bool:
    """*tok* is the saying verb of a frozen connective ("That said, …", "All told, …")."""
    if tok.lower_ not in _SAYING:
        return False
    doc = tok.doc
    for phrase in _MARKERS:
        for k, word in enumerate(phrase):
            start = tok.i - k
            if word != tok.lower_ or start < 0 or start + len(phrase) > len(doc):
                continue
            words = tuple(t.lower_ for t in doc[start:start + len(phrase)])
            end = start + len(phrase)
            opens = start == tok.sent.start or doc[start - 1].is_punct
            closes = end >= len(doc) or doc[end].is_punct
            if words == phrase and opens and closes:
                return True
    return False


def time_as_doer(tok: Token) -> bool:
    """The cue's only doer is a day or a time ("Monday added another twist …")."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "agent") and c.ent_type_ not in _TIME_ENTS
           for c in tok.children):
        return False
    doc = tok.doc
    return any(c.dep_ in ("nsubj", "npadvmod") and c.i < tok.i and c.ent_type_ in _TIME_ENTS
               and c.i == tok.left_edge.i
               # nothing but adverbs between: "Monday added", not "Monday, X (R) called out"
               and all(t.pos_ == "ADV" for t in doc[c.right_edge.i + 1:tok.i])
               for c in tok.children)


def extraposed_infinitive(tok: Token) -> bool:
    """ "It is fair to say that …", "found it hard to explain why …": an infinitive whose
    clause has the dummy "it" and an adjective, so nobody is doing the saying."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) or any(
            c.dep_ == "nsubj" for c in tok.children):
        return False  # "it is fair for Clinton to assert that …": Clinton asserts
    before = tok.doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
    if before is not None and before.dep_ == "pobj" and before.head.lower_ == "for":
        return False  # the parser's other reading: "common for news accounts to portray …"
    head = tok.head
    if head.i == tok.i or tok.dep_ not in ("xcomp", "ccomp", "advcl"):
        return False
    has_it = any(c.lower_ == "it" and c.dep_ in ("nsubj", "dobj", "expl", "nsubjpass")
                 for c in head.children)
    adjective = any(c.pos_ == "ADJ" and c.dep_ in ("acomp", "oprd", "ccomp", "xcomp")
                    for c in head.children) or head.pos_ == "ADJ"
    return has_it and adjective


def existential_infinitive(tok: Token) -> bool:
    """ "There is little to suggest that …": an infinitive on an existential "there"."""
    head = tok.head
    return (head.i != tok.i and tok.dep_ in ("xcomp", "acl", "relcl", "advcl")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            and (existential(head) or existential(head.head)))


def existential(tok: Token) -> bool:
    return any(c.dep_ == "expl" and c.lower_ == "there" for c in tok.children)


def not_a_finding(head: Token) -> bool:
    """The verb a document phrase ("in the survey") hangs on states no finding: a gerund
    used as a noun ("his worst showing in the survey in two years"), an existential
    "there is" ("there is little in his record to suggest …"), or a cue verb with its own
    subject ("the agency said in a report")."""
    from .cues import vocabulary

    gerund = head.tag_ == "VBG" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in head.children)
    # "the agency said in a June report": the report is where the speaker said it, and the
    # verb's own claim holds what was said
    spoken = head.lemma_.lower() in vocabulary().verbs and any(
        c.dep_ == "nsubj" for c in head.children)
    return gerund or existential(head) or spoken


def perception(tok: Token) -> bool:
    """ "saw the senator deliver a speech", "watched them arguing": perceiving an event."""
    if tok.lemma_.lower() not in _PERCEPTION or (
            tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _DESIRE):
        return False
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp") and c.i > tok.i and c.tag_ in ("VB", "VBG") and not any(
                g.dep_ in ("mark", "aux") for g in c.children):
            return True
    return False


def adjectival_participle(tok: Token) -> bool:
    """ "respond to emailed questions", "the said agreement": a participle before its noun."""
    if tok.tag_ != "VBN" or tok.i == 0:
        return False
    prev = tok.doc[tok.i - 1]
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return prev.tag_ in ("IN", "TO", "DT", "PRP$") and nxt is not None and \
        nxt.pos_ in ("NOUN", "PROPN") and not any(
            c.dep_ in ("nsubj", "nsubjpass", "auxpass") for c in tok.children)


def object_free_relative(tok: Token, cue_verbs: frozenset[str]) -> bool:
    """ "He survived what many people believed to be a scandal": the clause names a thing."""
    edge = tok.left_edge
    return (tok.dep_ == "ccomp" and edge.lower_ in _WH_FREE and edge.i < tok.i
            and edge.dep_ in ("dobj", "attr", "pobj", "nsubj")
            and tok.head.lemma_.lower() not in cue_verbs)


def lacks_particle(tok: Token) -> bool:
    need = _NEEDS_PARTICLE.get(tok.lemma_.lower())
    return need is not None and not any(
        c.dep_ == "prt" and c.lower_ in need for c in tok.children)


def object_sense_before(tok: Token, content: tuple[int, int], clause_only: frozenset[str]) -> bool:
    """A clause-only verb with a noun-phrase object of its own, given a quotation that ends
    before it: the quotation is not what the verb reports."""
    return (tok.lemma_.lower() in clause_only and content[1] <= tok.idx
            and any(c.dep_ == "dobj" and c.pos_ != "PRON" for c in tok.children))


def quote_past_relative(tok: Token, quote: Quote) -> bool:
    """A cue heading a relative clause and a quotation that starts after the clause, in the
    clause it modifies ("the donors that backed the study had '…'")."""
    if tok.dep_ != "relcl" or quote.start < tok.idx:
        return False
    clause_end = tok.right_edge.idx + len(tok.right_edge.text)
    if quote.start <= clause_end + 2:
        return False
    doc = tok.doc
    between = doc.char_span(clause_end, quote.start, alignment_mode="contract")
    if between is None:
        return False
    above = {a.i for a in tok.ancestors}
    return any(t.pos_ in ("VERB", "AUX") and t.i in above for t in between)


def misread_noun(tok: Token, nouns: frozenset[str]) -> bool:
    """A sentence-opening plural noun that the parser took for a verb with no subject
    ("Whispers that the chairman would go grew louder")."""
    return (tok.tag_ == "VBZ" and tok.i == tok.sent.start and tok.text[:1].isupper()
            and tok.lower_.endswith("s") and tok.lower_[:-1] in nouns
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children))


def non_response(tok: Token) -> bool:
    """A cue that reports that nothing was said: a negated verb of answering ("did not
    respond to requests for comment", "has not commented") or a verb of withholding with the
    speech act withheld ("declined to comment", "refused to say whether …", "declined an
    interview request")."""
    lemma = tok.lemma_.lower()
    if lemma in _ANSWERING and any(c.dep_ == "neg" for c in tok.children):
        return True
    if lemma in _WITHHELD and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _WITHHOLDING:
        return True  # "comment" of "declined to comment on the report"
    if lemma in _FIELDING and any(c.dep_ == "dobj" and c.lemma_.lower() in _QUESTIONS
                                  for c in tok.children):
        return True  # "answered questions from reporters": what was said is not given
    if lemma in _ASKING and any(c.dep_ == "dobj" and c.lemma_.lower() in _RESPONSES
                                for c in tok.children):
        return True  # "calls seeking comment": a request, nothing said
    if lemma not in _WITHHOLDING:
        return False
    return any((c.dep_ == "xcomp" and c.lemma_.lower() in _WITHHELD)
               or (c.dep_ == "dobj" and c.lemma_.lower() in _DECLINED_THINGS)
               for c in tok.children)


#: verbs that credit a thing to its origin ("the threat is attributed to …")
_ATTRIBUTING = frozenset({"attribute", "ascribe"})
#: verbs that only mention their object when it has no predicate ("avoided naming the
#: country"; "describe" only with a text or thing as subject, "passages describe the
#: dispute"): a topic, not a view
_MENTIONING = frozenset({"name", "describe"})


def causal_attribution(tok: Token) -> bool:
    """ "The threat is now attributed to the ambitions of generals": a cause, not a source
    (a person or body as the "to" object, "a remark attributed to an aide", is a source)."""
    from .fragments import can_speak

    if tok.lemma_.lower() not in _ATTRIBUTING:
        return False
    to = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    return pobj is not None and not can_speak(pobj)


def bare_mention(tok: Token) -> bool:
    """ "naming the country", "describe the dispute": an object with no predicate ("as …",
    an object complement, a clause) is only mentioned."""
    from .cues import vocabulary
    from .fragments import can_speak

    lemma = tok.lemma_.lower()
    if lemma not in _MENTIONING:
        return False
    kids = list(tok.children)
    if not any(c.dep_ == "dobj" for c in kids):
        return False
    subj = next((c for c in kids if c.dep_ == "nsubj"), None)
    if lemma == "describe" and (subj is None or subj.pos_ != "NOUN" or (
            can_speak(subj) and subj.lemma_.lower() not in vocabulary().documents)):
        return False  # people describing ("they described crass behavior") give a view
    return not any(c.dep_ in ("oprd", "xcomp", "ccomp", "advcl")
                   or (c.dep_ == "prep" and c.lower_ == "as") for c in kids)


#: verbs of reacting, whose "to" object is what was reacted to, not what was said
_REACTING = frozenset({"respond", "reply", "react"})


#: people whose confirmation is an approval ("confirmed the nominee", "vote to confirm a
#: judge"): Senate and cabinet usage
_APPROVED = frozenset({"judge", "justice", "nominee", "appointee", "pick", "choice",
                       "candidate", "ambassador", "secretary", "director", "member", "chief"})


def approval(tok: Token) -> bool:
    """ "confirm" with a person as object or passive subject ("vote to confirm the next
    nominees", "he was confirmed 92 to 0"): an approval, not a report."""
    if tok.lemma_.lower() != "confirm" or any(
            c.dep_ in ("ccomp", "xcomp", "advcl") for c in tok.children):
        return False
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return obj is not None and (obj.ent_type_ == "PERSON" or obj.lemma_.lower() in _APPROVED
                                or (obj.tag_ == "PRP" and obj.lower_ in ("him", "her", "he",
                                                                          "she")))


def appointment(tok: Token) -> bool:
    """ "X was named chief of staff", "the magazine named her minister of the year": "name"
    with a predicate noun appoints or awards; it reports no view ("called the plan a
    disaster" does, and stays)."""
    return tok.lemma_.lower() == "name" and any(c.dep_ == "oprd" for c in tok.children)


#: verbs of talking whose "to"/"with" object is whom one talks to, not what is said
_TALKING = frozenset({"talk", "speak", "chat"})


def hearer_content(tok: Token, prep: Token | None) -> bool:
    """ "open to talk to anyone", "spoke with the mayor": content that :func:`content_of` took
    through "to"/"with" after a verb of talking is the hearer, not what was said ("talked
    about X" and quotations stay)."""
    return (prep is not None and prep.lower_ in ("to", "with")
            and tok.lemma_.lower() in _TALKING)


def wh_object(tok: Token) -> bool:
    """An object fronted by "what"/"which"/"whatever" before the cue ("must decide what price
    he'll demand", "which terms they would accept"): an embedded question or a relative
    with its gap at the cue, no claim."""
    return any(c.dep_ in ("dobj", "pobj") and c.i < tok.i and any(
        g.dep_ == "det" and g.lower_ in ("what", "which", "whatever", "whichever")
        for g in c.children) for c in tok.children)


def unreported(tok: Token) -> bool:
    """A cue with no clause of its own that reports nothing said: inside an indirect
    question or a condition ("asked whether he would support X", "if they confirm their
    status"), or a reaction with only the thing reacted to ("responded to the
    endorsement"). With a clause ("unclear whether the judges would rule that …") the
    PolNeAR annotators take it as a report, and so does this."""
    kids = list(tok.children)
    if any(c.dep_ in ("ccomp", "xcomp", "advcl", "parataxis") for c in kids):
        return False  # a clause of its own: "appeared to suggest that …" is a hedged report
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in kids):
        return True
    if tok.lemma_.lower() == "ask" and tok.tag_ == "VBN" and any(
            c.dep_ == "prep" and c.lower_ == "about" for c in kids):
        # "when asked about X": the topic of someone else's question ("the poll asked about
        # X" is the poll's, as PolNeAR has it)
        return not any(c.dep_ in ("dobj", "dative", "nsubj") for c in kids)
    return tok.lemma_.lower() in _REACTING and any(
        c.dep_ == "prep" and c.lower_ == "to" for c in kids)


#: passives that give odds, certainty or repute, not anyone's words ("is assured of
#: winning", "are favored to keep the House", "is known for his temper"), with the word
#: that marks that sense
_ODDS = {"assure": "of", "favor": "to", "favour": "to", "know": "for"}


def odds_passive(tok: Token) -> bool:
    """ "The party is assured of winning at least 100", "the incumbents are strongly
    favored to keep the chamber": the odds of an outcome, reported by nobody."""
    marker = _ODDS.get(tok.lemma_.lower())
    if marker is None or tok.tag_ != "VBN" or not any(
            c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return False
    if marker != "to":
        return any(c.dep_ == "prep" and c.lower_ == marker for c in tok.children)
    return any(c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children)
               for c in tok.children)


def no_report(tok: Token) -> bool:
    """A use of a cue word that reports nobody (the guards above), or a verb whose subject is
    a hearsay noun with no holder ("speculation is mounting that …": that is
    ``hearsay.noun_subjects``' rumour, not a claim by "speculation")."""
    from .cues import vocabulary
    from .hearsay import has_holder, hearsay_nouns, is_hearsay_noun

    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return (discourse_marker(tok) or time_as_doer(tok) or lacks_particle(tok)
            or tok.lemma_.lower() in _CAUSATIVE or extraposed_infinitive(tok)
            or existential_infinitive(tok) or perception(tok) or adjectival_participle(tok)
            or object_free_relative(tok, vocabulary().verbs) or non_response(tok)
            or causal_attribution(tok) or bare_mention(tok) or unreported(tok)
            or odds_passive(tok) or approval(tok) or wh_object(tok)
            or appointment(tok)
            or misread_noun(tok, hearsay_nouns())
            or (subj is not None and is_hearsay_noun(subj) and not has_holder(subj)))


def not_its_quote(tok: Token, content: tuple[int, int], is_quote: bool,
                  clause_only: frozenset[str], quotes: list[Quote]) -> bool:
    """The quotation *content* that :func:`attribution.content_of` gave *tok* is not its."""
    from .quotes import quote_at

    if not is_quote:
        return False
    q = quote_at(quotes, content[0] + 1)
    return object_sense_before(tok, content, clause_only) or (
        q is not None and quote_past_relative(tok, q))
