"""Works and their makers: a tweet, letter, ad or report a source names speaks for whoever
made it (the labels' rule 13), read off the verb of making it ("Jane Doe released a letter
that says …") when the work's own words name no issuer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .noun_kinds import ANY_WORKS, PERSON_WORKS, WORKS, issuer_kind

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .cues import CueVocabulary

#: Verbs by which someone makes or puts out a work or a document (general English verbs of
#: creation and of sending: Levin's classes 26 and 11, those used of texts): the work is then
#: its maker's words (the labels' rule 13), "Jane Doe released a letter that says …".
_MAKING_VERBS = frozenset({"release", "issue", "publish", "post", "send", "write", "pen",
                           "deliver", "give", "unleash", "air", "run", "sign", "file", "tweet",
                           "circulate", "distribute", "launch", "submit", "produce", "make",
                           "unveil", "present", "share", "put", "fire", "establish", "draft",
                           "author", "broadcast", "compose"})
#: Quantity nouns a work can hide behind ("a series of tweets", "a string of posts").
_SERIES = frozenset({"series", "string", "flurry", "barrage", "stream", "number", "pair",
                     "couple", "set", "batch", "slew", "torrent", "volley"})
#: Prepositions of a work used in doing something ("attacked the plan in a letter"); not
#: "with", which also joins what one agrees or argues with.
_MEANS_PREPS = frozenset({"in", "through", "via"})


def personal_work(root: Token, vocab: CueVocabulary) -> bool:
    """A work that is its maker's own words when the maker is a person (a tweet, a letter,
    a speech, documents they filed), not their campaign's or company's (an ad, a video):
    rule 13."""
    lemma = root.lemma_.lower()
    return lemma in PERSON_WORKS or (lemma in vocab.documents and lemma not in WORKS)


def work_maker(root: Token, vocab: CueVocabulary) -> Token | None:
    """The subject that made a work or document the source names with no issuer in its own
    words: of the relative clause on it ("a speech Jane Doe delivered in July"), of the verb
    of making it is the object of ("Jane Doe unleashed a series of tweets criticizing …",
    "the board released a letter that says …"), or of the verb it was used in ("X opened
    the race in a speech denouncing …"). None when the work's own phrase names an issuer
    or no subject is found."""
    lemma = root.lemma_.lower()
    if lemma not in ANY_WORKS and lemma not in vocab.documents:
        return None
    if issuer_kind(root) is not None or any(c.dep_ == "poss" for c in root.children):
        return None
    for c in root.children:  # "a speech Jane Doe delivered"
        if c.dep_ == "relcl" and c.lemma_ in _MAKING_VERBS:
            subj = next((s for s in c.children if s.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ not in ("that", "which", "who"):
                return subj
    head = root
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_ in _SERIES:
        head = head.head.head  # "a series of tweets"
    if head.dep_ == "dobj" and head.head.lemma_ in _MAKING_VERBS:
        verb = head.head
    elif head.dep_ == "pobj" and head.head.lower_ in _MEANS_PREPS and (
            head.head.head.lemma_ in vocab.verbs):  # "argued in an op-ed", not "fared in polls"
        verb = head.head.head
    else:
        return None
    while verb.dep_ in ("conj", "xcomp") and not any(
            c.dep_ == "nsubj" for c in verb.children) and verb.head.i != verb.i:
        verb = verb.head  # "X wrote and released a letter"
    return next((s for s in verb.children if s.dep_ == "nsubj"), None)
