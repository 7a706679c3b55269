"""The kind of a source from its own words, when no actor stands behind it (``SOURCING-GUIDE.md``
and the hand labels' rules in ``data/polnear-source-kinds/README.md``).

- Unnamed people: counted, quantified or vague groups ("some Democrats", "Clinton's biggest
  boosters", "old Iowa hands"), indefinite roles ("a Merkel ally"), shares of people ("42%
  say") and indefinite pronouns ("none"), collectives ("staff for the committee").
- One person: a definite description by role or title ("the Ohio senator", "the former
  champion"), a bare role in headline style ("Senator from Texas says …"), a name in
  apposition.
- Documents and works take their issuer's kind: a person's own words ("her memoir", "a Donald
  Trump tweet", "an analysis by Jane Doe"), a body's papers ("a Kremlin statement", "exit polls
  reported by CNN", "a study that appeared in The Lancet"); with no issuer in reach ("a video of
  the episode", "one estimate") nobody is named.
- Named bodies: an organisation, country or outlet named in the source, an institution noun
  ("police said").
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ...model import SourceKind
from ..actors.roles import titles
from ..actors.spans import given_names
from .attribution import CharSpan
from .cue_rules import CueMatch
from .cues import CueVocabulary
from .hedges import read_lexicon
from .source_spans import hangs_on

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_QUANTIFIERS = frozenset({"some", "many", "several", "few", "most", "certain", "various",
                          "numerous", "other"})


#: Works and media items that speak for whoever issued them ("a Trump tweet", "a web video").
WORKS = frozenset({"tweet", "post", "ad", "advertisement", "video", "slide", "speech", "op-ed",
                    "editorial", "column", "website", "blog", "podcast", "film", "documentary",
                    "memoir", "account", "submission", "brief", "database", "footage",
                    "spot", "commercial", "polling", "comment", "remark", "plan",
                    "proposal"})
#: Works that are a person's own words when a person is named in them ("a Donald Trump tweet",
#: "her memoir"); any other document is the body's behind it even when a person is named in it
#: ("a Hillary Clinton ad" is her campaign's; "a Bloomberg poll" the company's): rule 13.
PERSON_WORKS = frozenset({"tweet", "post", "memoir", "book", "account", "brief", "submission",
                           "plan", "proposal",
                           "slide", "analysis", "speech", "op-ed", "column", "letter", "email",
                           "e-mail", "comment", "remark", "statement", "blog", "podcast", "film",
                           "documentary", "article", "paper", "editorial", "story"})
ANY_WORKS = WORKS | PERSON_WORKS
#: Adjectives that name the government as a record's issuer.
_GOVERNMENT_ADJ = frozenset({"federal", "governmental", "official"})
_POLLS = frozenset({"poll", "survey", "polling"})
#: Records used without an article ("Polling of union voters shows", "Footage shows"); a
#: count noun without one is a headline stub ("New Poll Shows …") and keeps its reading.
_MASS_RECORDS = frozenset({"polling", "footage", "video", "data", "datum", "research",
                           "evidence", "testimony"})
_ISSUER_DEPS = frozenset({"compound", "poss", "nmod", "amod"})
_PERSON_POSS = frozenset({"his", "her"})
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")
#: One capital and a full stop: a person's initial ("M. Jane Doe", "Jane Q. Doe").
_INITIAL = re.compile(r"[A-Z]\.")
#: The people of a contest, named in any story about it: "the candidates" of a debate (the
#: labels' rules 7 and 10).
_CONTESTANTS = frozenset({"candidate", "contender", "nominee", "hopeful", "debater",
                          "finalist", "challenger"})


def _det(tok: Token) -> str:
    return next((c.lower_ for c in tok.children if c.dep_ == "det"), "")


def noun_kind(doc: Doc, span: CharSpan, vocab: CueVocabulary) -> SourceKind:
    """Kind of a source with no actor behind it, from its words."""
    sp = doc.char_span(*span, alignment_mode="expand")
    if sp is None:
        return "anonymous"
    low = sp.text.lower()
    if any(low.startswith(p) for p in vocab.anonymous_phrases):
        return "anonymous"
    root = sp.root
    first = _first_kind(root, vocab) or _whole_of_part(root, vocab)
    if first is not None:
        return first
    if root.tag_ == "NNS" and (
            any(c.lower_ == "both" and c.dep_ in ("det", "predet") for c in root.children)
            or (_det(root) == "the" and any(c.dep_ == "nummod" for c in root.children))
            or (_det(root) == "the" and root.lemma_.lower() in _CONTESTANTS)):
        # "both candidates", "the two lawmakers", "the Democratic contenders": the ones named
        return "named_person"
    if root.pos_ == "PROPN" and any(c.dep_ == "compound" and c.i < root.i and (
            titles().get((c.lower_,)) or titles().get((c.lower_.rstrip(".") + ".",)))
            for c in root.children):
        return "named_person"  # "GOP Rep McCaul": a title before a name
    if root.lower_ in vocab.anonymous or root.lemma_.lower() in vocab.anonymous:
        return "anonymous"  # "Kremlin officials", "Macron's critics": unnamed people
    if root.ent_type_ == "PERSON" or any(
            c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in root.children):
        return "named_person"  # a name heads the source ("critic Jane Doe"), not a modifier
    if root.pos_ == "PROPN" and any(c.dep_ == "compound" and c.i == root.i - 1 and
                                    c.lower_ in given_names() for c in root.children):
        return "named_person"  # "The Post's Scott Conroy": a given name before the head
    kind = _group_kind(sp, root) or _head_kind(sp, root, vocab)
    if kind is not None:
        return kind
    if _unnamed_plural(sp, root, vocab):
        return "anonymous"  # "Ohio party hands", "Clinton's boosters": names only modify
    if any(t.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "WORK_OF_ART") for t in sp):
        return "named_organization"
    if _ACRONYM.fullmatch(root.text):
        return "named_organization"  # "CNS", "the U.N.": initials name a body
    if root.pos_ == "PROPN":
        # a name the tagger did not take for a person: a person only with a given name in it
        # ("Politifact", "Right Wing Watch" are bodies)
        return "named_person" if any(t.lower_ in given_names() for t in sp) else (
            "named_organization")
    if root.tag_ in ("NNS", "NNPS") or _det(root) in ("a", "an", "some", "one"):
        return "anonymous"
    return "named_organization"


#: Parts and versions of a document: they speak for the document they are part of.
_PARTS = frozenset({"passage", "section", "page", "chapter", "paragraph", "draft", "version",
                    "copy", "excerpt", "clause", "provision", "portion", "part", "line"})


def _whole_of_part(root: Token, vocab: CueVocabulary) -> SourceKind | None:
    """"A draft of the Defence Act", "passages of the strategy": the kind of the document
    after "of" (rule 13 or 14 for it), not of the part."""
    if root.lemma_.lower() not in _PARTS:
        return None
    of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    whole = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
    if whole is None:
        return None
    lo, hi = whole.left_edge, whole.right_edge
    return noun_kind(root.doc, (lo.idx, hi.idx + len(hi.text)), vocab)


def _first_kind(root: Token, vocab: CueVocabulary) -> SourceKind | None:
    """Heads decided before any other reading: nobody, a share of people, a bare role."""
    if _nobody(root) or root.lower_ in _COLLECTIVES:
        if _poll_in_sentence(root, vocab):
            return "named_organization"  # "X's poll found …: 62% want …": the poll's finding
        return "anonymous"  # "none has said", "42% say", "staff said": no one is named
    if root.text[:1].isupper() and any(
            t.dep_ == "compound" and t.i < root.i and _INITIAL.fullmatch(t.text)
            for t in root.subtree):
        return "named_person"  # "M. Dane Waters": an initial makes a person's name
    if _tied_role(root):
        return "anonymous"  # a headline's "Putin ally denies …": one of many, not Putin
    if _bare_role(root, vocab) or _lead_role(root, vocab):
        return "named_person"  # "Senator from Texas says", a lead's "A former governor says"
    return None


def _document_kind(root: Token, det: str, indefinite: bool,
                   vocab: CueVocabulary) -> SourceKind | None:
    """A document or work: its issuer's kind (rule 13), nobody's with no issuer in reach
    (rule 14); "the report" is the one the story has named."""
    lemma = root.lemma_.lower()
    issuer = issuer_kind(root)
    if issuer == "person" and lemma in PERSON_WORKS:
        return "named_person"  # "a Donald Trump tweet", "her memoir": the person's words
    if issuer is not None:
        return "named_organization"  # "a Bloomberg poll", "the agency's report"
    if (indefinite or (det == "" and lemma in _MASS_RECORDS and not any(
            c.dep_ == "poss" for c in root.children))) and not _named_after(root, vocab) and not (
            root.dep_ == "pobj" and root.head.lower_ in ("in", "on")):
        return "anonymous"  # "a video of the episode", "one estimate": no issuer (rule 14)
    if root.tag_ in ("NN", "NNP"):
        return "named_organization"  # "the report": the one the story has named
    return None


def _in_lead(root: Token) -> bool:
    """Whether *root* lies in the headline or the lead: the text's first two sentences."""
    sent = root.sent
    return sent.start == 0 or root.doc[sent.start - 1].sent.start == 0


def _lead_role(root: Token, vocab: CueVocabulary) -> bool:
    """An indefinite role in the headline or the lead ("A former party chairman says …",
    "A federal judge has rejected …"): the story names that person below (the labels'
    rules 2 and 6). Unnamed people by design ("a senior official") stay unnamed."""
    if not _in_lead(root):
        return False
    if root.dep_ == "dobj" and root.head.lemma_.lower() in ("cite", "quote"):
        return False  # "X, citing a senior diplomat": a relay's inner source, unnamed by design
    if any(c.dep_ in ("relcl", "acl", "appos") and _UNNAMED.search(
            root.doc[c.left_edge.i:c.right_edge.i + 1].text) for c in root.children):
        return False  # "a diplomat, who asked not to be named": unnamed by the story's word
    lemma = root.lower_
    if root.tag_ != "NN" or _det(root) not in ("a", "an") or lemma in _NEVER_BARE:
        return False
    return lemma in person_roles() or titles().get((lemma,)) is not None


def _lead_body(root: Token) -> bool:
    """An indefinite body in the headline or the lead ("A union representing pilots endorsed
    …", "A House panel voted …") that the story names in the next two sentences (an
    organisation's name there): that body (the labels' rules 6 and 12)."""
    if root.tag_ != "NN" or not _in_lead(root):
        return False
    return any(e.label_ == "ORG" for sent in _following(root) for e in sent.ents)


def _following(root: Token, n: int = 2) -> list[Span]:
    """The (up to) *n* sentences after the one *root* is in."""
    doc, end = root.doc, root.sent.end
    out: list[Span] = []
    while len(out) < n and end < len(doc):
        out.append(doc[end].sent)
        end = out[-1].end
    return out


#: Words by which a story says its source is not named ("who requested anonymity").
_UNNAMED = re.compile(
    r"\b(?:anonym\w*|unnamed|not\s+(?:to\s+)?(?:be\s+)?(?:named|identified))\b", re.I)


#: Heads that name nobody: indefinite pronouns and shares of people ("none", "42%").
_NOBODY = frozenset({"none", "nobody", "noone", "everyone", "everybody", "anyone", "anybody",
                     "someone", "somebody", "%", "percent", "per cent"})
#: Collective nouns for unnamed people (the labels' rule 9: "the crowd", "staff for X").
_COLLECTIVES = frozenset({"staff", "crowd", "audience", "public", "electorate", "personnel"})
#: Unnamed people heads that stay unnamed even bare ("Official says …" names nobody).
_NEVER_BARE = frozenset({"source", "official", "insider", "person", "people", "someone"})


_PEOPLE_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent")


def _unnamed_plural(sp: Span, root: Token, vocab: CueVocabulary) -> bool:
    """A plural common noun whose names only modify it: people ("Clinton's biggest boosters",
    "old Iowa hands"), or things no body is named behind. A country or body modifying a
    plural thing speaks for it ("American commitments", the labels' rule 11)."""
    if root.tag_ != "NNS" or root.pos_ != "NOUN" or root.ent_type_:
        return False
    lemma = root.lemma_.lower()
    people = (lemma in person_roles() or root.lower_ in vocab.anonymous
              or lemma.endswith(_PEOPLE_ENDINGS))
    if people:
        return True
    if lemma in institution_nouns():
        return not any(t.ent_type_ in ("ORG", "PERSON", "FAC", "WORK_OF_ART") for t in sp)
    return not any(c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in (
        "GPE", "NORP", "ORG") for c in root.children)


def people_before(ante: Token, vocab: CueVocabulary) -> Token | None:
    """For a "who" whose parse hangs it on a thing ("listeners to her radio show who said
    …"), the nearest people noun before that thing in its sentence, which "who" stands for;
    None when the antecedent may speak (a person, a body, a name) or no people noun is
    found."""
    lemma = ante.lemma_.lower()
    if ante.pos_ != "NOUN" or ante.ent_type_ or lemma in person_roles() or (
            lemma in institution_nouns() or _people_noun(ante, vocab)):
        return None
    for tok in reversed(ante.doc[ante.sent.start:ante.i]):
        if tok.pos_ == "NOUN" and _people_noun(tok, vocab):
            return tok
    return None


def _people_noun(tok: Token, vocab: CueVocabulary) -> bool:
    """A role or unnamed-people noun, or a plural agent noun ("listeners", "donors")."""
    lemma = tok.lemma_.lower()
    return (lemma in person_roles() or tok.lower_ in vocab.anonymous
            or lemma in vocab.anonymous
            or (tok.tag_ == "NNS" and lemma.endswith(_PEOPLE_ENDINGS[:4])))


def _poll_in_sentence(root: Token, vocab: CueVocabulary) -> bool:
    """A share of people ("62% want …") in a sentence whose named poll or survey reports it."""
    if not (root.ent_type_ == "PERCENT" or root.lower_ in ("%", "percent", "per cent")
            or root.like_num):
        return False
    return any(t.lemma_.lower() in ("poll", "survey") and t.lemma_.lower() in vocab.documents
               and issuer_kind(t) is not None for t in root.sent)


def _nobody(root: Token) -> bool:
    return root.lower_ in _NOBODY or root.ent_type_ == "PERCENT" or (
        root.like_num and root.pos_ == "NUM")


#: Ties a person has to many others at once (WordNet 3.0 noun.person: "ally", "supporter",
#: "adviser", "associate", "critic" and their common synonyms): "a Merkel ally" is one of
#: them, so a bare "Merkel ally" names nobody (``SOURCING-GUIDE.md``: a modifier is not the
#: source).
_MANY_HOLD = frozenset({"ally", "aide", "adviser", "advisor", "confidant", "confidante",
                        "critic", "supporter", "backer", "loyalist", "associate", "donor",
                        "friend", "acolyte", "protege", "protégé", "opponent", "rival"})


def _tied_role(root: Token) -> bool:
    """A bare singular tie to a named person or body, no determiner or possessor ("Putin ally
    denies …", "Kremlin aide says …"): an unnamed one of their allies or aides."""
    return root.tag_ == "NN" and root.pos_ == "NOUN" and root.lower_ in _MANY_HOLD and any(
        c.dep_ == "compound" and c.i < root.i and (c.pos_ == "PROPN" or c.ent_type_) for c in
        root.children) and not any(c.dep_ in ("det", "poss", "nummod", "appos") or (
            c.ent_type_ == "PERSON" and c.i > root.i) for c in root.children)


def _bare_role(root: Token, vocab: CueVocabulary) -> bool:
    """A singular role or title with no determiner, possessor or number: the headline style
    ("British diplomat praises …", "Senator from Texas says …") for one person the story
    names (the labels' rule 6)."""
    lemma = root.lower_
    if root.tag_ not in ("NN", "NNP") or root.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") \
            or lemma in _NEVER_BARE:
        return False
    if lemma not in person_roles() and titles().get((lemma,)) is None:
        return False
    return not any(c.dep_ in ("det", "poss", "nummod", "predet", "compound") and (
        c.dep_ != "compound" or c.pos_ == "PROPN" and c.ent_type_ == "PERSON")
        for c in root.children)


#: Plural documents that, made definite or given an issuer, are that issuer's ("the results",
#: "FEC filings"; labels' rule 13, which names a body's rules, bylaws, standards, laws,
#: treaties and resolutions too: "the party's rules"); with no issuer in reach they stay
#: unnamed (rule 14).
_DOCUMENTS_OF_ISSUER = frozenset({"report", "result", "filing", "record", "document",
                                  "figure", "poll", "survey", "statement", "release",
                                  "data", "datum", "statistic", "estimate", "rule", "bylaw",
                                  "standard", "law", "treaty", "resolution", "regulation",
                                  "guideline"})


def _issued_by(root: Token) -> bool:
    """ "polls from Monmouth University", "reports by the FEC": an issuer named after."""
    return any(p.dep_ == "prep" and p.lower_ in ("from", "by") and any(
        o.dep_ == "pobj" and (o.pos_ == "PROPN" or o.ent_type_ in ("ORG", "GPE"))
        for o in p.children) for p in root.children)


def issuer_kind(root: Token) -> str | None:
    """Who issued a document or work, as the words of its phrase say: ``person`` ("her
    account", "Axelrod's memoir", "an analysis by Jane Doe"), ``body`` ("a Kremlin statement",
    "polls by Gallup", "a study that appeared in The Lancet") or None. A place inside another
    phrase ("a report in a local paper", "polls in Ohio") is not an issuer."""
    toks = []
    for c in root.children:
        if c.dep_ in _ISSUER_DEPS or c.dep_ in ("prep", "appos"):
            toks += list(c.subtree)
        elif c.dep_ in ("acl", "relcl"):  # "reported by CNN", "that appeared in The Lancet"
            toks += [t for p in c.children if p.dep_ in ("agent", "prep")
                     and p.lower_ in ("by", "in", "from") for t in p.subtree]
            if c.tag_ == "VBN":  # "conducted after the debates by X", "by" hung lower
                toks += [t for p in c.subtree if p.lower_ == "by" and p.head.i != c.i
                         and p.dep_ in ("agent", "prep") for t in p.subtree]
    if any((t.ent_type_ == "PERSON" and _modifies(t, root))
           or (t.lower_ in _PERSON_POSS and t.dep_ == "poss" and t.head.i == root.i)
           for t in toks):
        return "person"
    for tok in toks:
        if tok.dep_ == "amod" and tok.head.i == root.i and tok.lower_ in _GOVERNMENT_ADJ:
            return "body"  # "federal statistics", "official figures": the government's
        if tok.ent_type_ in ("ORG", "WORK_OF_ART") or (
                tok.ent_type_ in ("GPE", "NORP") and _modifies(tok, root)) or (
                tok.ent_type_ not in ("GPE", "NORP", "LOC", "DATE") and tok.pos_ in (
                    "PROPN", "NOUN", "X") and tok.text[:1].isupper() and not tok.is_sent_start
        ) or sum(ch.isupper() for ch in tok.text) >= 2 and tok.ent_type_ not in ("GPE", "NORP"):
            return "body"
    return None


def _modifies(tok: Token, root: Token) -> bool:
    """*tok* modifies *root* directly ("a Kremlin report") or names who made it ("a report
    from Moscow", "polls by Ohio State")."""
    head = tok
    while head.head.i != head.i and head.head.i != root.i:
        if head.dep_ == "pobj" and head.head.lower_ in ("by", "from"):
            return True
        head = head.head
    return head.head.i == root.i and head.dep_ in _ISSUER_DEPS


def _named_after(root: Token, vocab: CueVocabulary) -> bool:
    """An unnamed document whose issuer the next two sentences give ("… according to a new
    poll. The survey, by Monmouth University, …"): the labels' rule 12."""
    doc, sent, nxt = root.doc, root.sent, _following(root)
    end = nxt[-1].end if nxt else sent.end
    lemma = root.lemma_.lower()
    same = _POLLS if lemma in _POLLS else {lemma}
    return any(t.lemma_.lower() in same and issuer_kind(t) is not None for t in doc[sent.end:end])


def _group_kind(sp: Span, root: Token) -> SourceKind | None:
    """Plural sources: unnamed reports are rumour; party members, counted or quantified
    groups are unnamed people ("many Latinos", even when tagged as one name)."""
    if not (root.tag_ in ("NNS", "NNPS") or (root.lower_.endswith("s") and any(
            c.dep_ in ("det", "amod") and c.lower_ in _QUANTIFIERS for c in root.children))):
        return None
    if root.lemma_.lower() == "report" and _det(root) in ("", "some") and not any(
            t.ent_type_ in ("ORG", "GPE", "NORP", "PERSON") for t in sp):
        return "rumour"  # "some reports suggested", "reports say": nobody stands behind them
    if root.lemma_.lower() in _DOCUMENTS_OF_ISSUER and (
            _det(root) in ("the", "these", "those") or _issued_by(root) or issuer_kind(root) or any(
                c.dep_ == "poss" or (c.dep_ == "compound" and (
                    c.pos_ == "PROPN" or _ACRONYM.fullmatch(c.text) is not None))
                for c in root.children)):
        return "named_organization"  # "the reports show", "FEC filings": the issuer's papers
    if root.ent_type_ == "NORP":
        return "anonymous"  # "Republicans", "Democrats": members of a group, none named
    if any(c.dep_ == "nummod" or (c.dep_ in ("det", "amod") and c.lower_ in _QUANTIFIERS)
           for c in root.children):
        return "anonymous"  # "some Democrats", "two Republicans": members nobody names
    if person_roles().get(root.lemma_.lower()) is not None:
        return "anonymous"  # "Central European leaders", "his aides": people nobody names
    return None


def _head_kind(sp: Span, root: Token, vocab: CueVocabulary) -> SourceKind | None:
    """Singular sources by their head noun: a title or role, a document, an institution."""
    det = _det(root)
    lemma = root.lemma_.lower()
    title = titles().get((root.lower_,))
    if (title is not None and title.cls != "spokesperson" and root.tag_ == "NN"
            and not root.ent_type_ and det not in ("a", "an", "some", "one")):
        # a definite description of one person ("the South Carolina senator", "the mogul"):
        # the place or company named in it does not make the source an organization (a
        # spokesperson, though, speaks for the organization named)
        return "named_person"
    if det == "the" and root.tag_ == "NN" and root.pos_ == "NOUN" and any(
            c.dep_ == "amod" and c.lower_ in ("former", "late") for c in root.children):
        return "named_person"  # "the former Heisman Trophy winner": one person, once named
    indefinite = det in ("a", "an", "one", "some", "another") or any(
        c.dep_ == "nummod" and c.lower_ == "one" for c in root.children)
    if lemma in vocab.documents or lemma in WORKS:
        kind = _document_kind(root, det, indefinite, vocab)
        if kind is not None:
            return kind
    if indefinite and lemma in institution_nouns() and _lead_body(root):
        return "named_organization"  # "A House panel voted …", the committee named below
    if indefinite and root.pos_ in ("NOUN", "PROPN") and root.tag_ in ("NN", "NNP"):
        return "anonymous"  # "a Merkel ally", "one Republican", "a reporter for X": unnamed
    if lemma in institution_nouns() and not indefinite and not (
            root.tag_ == "NNS" and root.lower_ != lemma and det == "" and not any(
                c.dep_ in ("poss", "compound", "amod") for c in root.children)):
        # "police said", "the committee found"; not bare "unions": bodies nobody names
        return "named_organization"
    role = person_roles().get(lemma)
    if role is not None and root.tag_ in ("NN", "NNP") and not indefinite and (
            det in ("the", "this", "that") or any(c.dep_ == "poss" for c in root.children)):
        # one specific person by role: "the former strategist", "his attorney" (public), or
        # a private relation nobody names: "her daughter"
        return "named_person" if role == "public" else "anonymous"
    return None


@lru_cache(maxsize=1)
def person_roles() -> dict[str, str]:
    """Role noun -> ``public`` or ``private`` (``resources/person_roles.txt``)."""
    from .cues import read_sections

    return {w.lower(): section for section, words in read_sections("person_roles.txt").items()
            for w in words}


@lru_cache(maxsize=1)
def institution_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lexicon("institution_nouns.txt"))


def mute_noun(tok: Token, vocab: CueVocabulary) -> bool:
    """A common noun that cannot say anything itself: not a person or role ("aides", "the
    senator"), not a body or institution, not a document or work ("a report saying"), no
    name. A participle hung on it ("… with a reference to the film, remarking that …")
    speaks for the subject of the clause around it."""
    if tok.pos_ != "NOUN" or tok.ent_type_ or any(
            c.dep_ in ("compound", "poss", "amod") and (c.pos_ == "PROPN" or c.ent_type_)
            for c in tok.children):
        return False  # "Trump avoids" (a headline the tagger read as a noun): a name is in it
    lemma = tok.lemma_.lower()
    return not (lemma in person_roles() or lemma in vocab.anonymous or tok.lower_ in
                vocab.anonymous or lemma in institution_nouns() or lemma in vocab.documents
                or lemma in ANY_WORKS or lemma in vocab.media_nouns
                or lemma in _COLLECTIVES or titles().get((tok.lower_,)) is not None
                or (tok.tag_ == "NNS" and lemma.endswith(_PEOPLE_ENDINGS[:5])))


def mute_speaker(doc: Doc, f: CueMatch, vocab: CueVocabulary) -> bool:
    """A cue hung as a participle on a noun that cannot speak (:func:`mute_noun`): "a
    reference to the film, remarking that …" is said by whoever made the reference."""
    return f.kind is None and f.subject is not None and hangs_on(doc, f.cue, f.subject) and (
        mute_noun(f.subject, vocab))


def unmuted(f: CueMatch) -> CueMatch:
    """*f* without a subject or source span, for the rules that find a speaker elsewhere."""
    return replace(f, subject=None, source=None) if f.subject is not None else f
