"""Who stands behind an attribution: the source's kind and actor (``SOURCING-GUIDE.md``).

- A named person, or a pronoun or description that refers to one: the actor is resolved
  through the actors stage's mentions; "he added" after a quotation belongs to the speaker
  of that quotation (the chain speaker, passed in by :func:`find_claims`), not to the
  nearest person named in between; "the former" / "the latter" are the earlier / later
  of the two actors named just before.
- A named body speaking as a body ("the Kremlin said"), and "it" as a source (a body, a
  report or a document: "it says", "it warned"): ``named_organization``.
- Unnamed people, also of a named body ("Kremlin officials", "a White House official",
  "Macron's critics"), counted or vague groups: ``anonymous``. A name that only modifies
  the source's head noun is not the source: "a Merkel ally" is not Merkel.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING

from ...model import Actor, Source, SourceKind, Span
from ..actors.names import COMPANY
from ..actors.roles import titles
from ..actors.spans import given_names
from ..syntax import MentionIndex
from . import kind_model, speakers, works
from . import noun_kinds as nouns
from . import source_spans as spans
from .attribution import CharSpan, antecedent, controller_of, source_span, text_of
from .cue_rules import CueMatch
from .cues import CueVocabulary
from .noun_kinds import _det, institution_nouns, noun_kind
from .quotes import Quote, quotes_near

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
_PERSONAL = PERSON_PRONOUNS | PLURAL_PRONOUNS | {"it"}
#: How far back (characters) a pronoun, "it" or "the former" looks for its actor.
_REACH = 800


class SourceContext:
    """What resolving sources needs, built once per article: the doc, the actors and one
    index of their mentions, the vocabulary and the quotations."""

    def __init__(self, doc: Doc, actors: list[Actor], vocab: CueVocabulary,
                 quotes: list[Quote]) -> None:
        self.doc = doc
        self.actors = actors
        self.index = MentionIndex(actors)
        self.vocab = vocab
        self.quotes = quotes
        # every non-pronoun mention, by end: (end, start, actor)
        named = [(m.end, m.start, a) for a in actors for m in a.mentions if m.form != "pronoun"]
        named.sort(key=lambda e: (e[0], e[1]))
        self.named = named
        self._ends = [e[0] for e in named]
        self.span_context = kind_model.SpanContext(doc, self.index, vocab, quotes)
        #: the body or document that spoke last: (end, actor id, words naming it)
        self.last_body: tuple[int, str | None, Span | None] | None = None
        self.tried: set[tuple[CharSpan, int]] = set()  # (cue, controller) being followed

    def ending_between(self, lo: int, hi: int) -> list[tuple[int, int, Actor]]:
        """Non-pronoun mentions ending at *lo* to *hi*: (end, start, actor), by end."""
        return self.named[bisect_left(self._ends, lo):bisect_right(self._ends, hi)]

    def before(self, pos: int, kinds: set[str]) -> list[tuple[int, int, Actor]]:
        """Mentions of actors of *kinds* ending before *pos* and within reach, latest last."""
        out = []
        i = bisect_right(self._ends, pos) - 1
        while i >= 0 and pos - self.named[i][0] < _REACH:
            if self.named[i][2].kind in kinds:
                out.append(self.named[i])
            i -= 1
        out.reverse()
        return out


def _resolve_pronoun(ctx: SourceContext, tok: Token) -> Actor | None:
    """Nearest earlier actor mention of a fitting kind, subjects first (a fallback)."""
    low = tok.lower_
    if low in PERSON_PRONOUNS:
        kinds = {"person"}
    elif low in PLURAL_PRONOUNS or low == "it":
        kinds = {"organization", "group", "place"} if low != "it" else {"organization"}
    else:
        return None
    cands: list[tuple[bool, int, Actor]] = []
    for end, start, actor in ctx.before(tok.idx, kinds):
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        is_subj = span is not None and span.root.dep_ in ("nsubj", "nsubjpass")
        cands.append((is_subj, end, actor))
    if not cands:
        return None
    subj = [c for c in cands if c[0]]
    return max(subj or cands, key=lambda c: c[1])[2]


def former_latter(ctx: SourceContext, tok: Token) -> Actor | None:
    """ "the former" / "the latter": the earlier / later of the two actors named last."""
    if tok.lower_ not in ("former", "latter") or not any(
            c.lower_ == "the" for c in tok.children):
        return None
    last: list[Actor] = []
    for _, _, actor in reversed(ctx.before(tok.idx, {"person", "organization", "group"})):
        if actor not in last:
            last.append(actor)
        if len(last) == 2:
            break
    if len(last) < 2:
        return None
    return last[1] if tok.lower_ == "former" else last[0]


def _apposed_name(ctx: SourceContext, doc: Doc, span: CharSpan) -> Actor | None:
    """The person (or body) named in apposition at the end of a description ("one of the
    family's attorneys, Justin Doe", "a rights group, the Civic Watch Foundation"), when the
    actors stage knows them."""
    sp = doc.char_span(*span, alignment_mode="expand")
    if sp is None:
        return None
    for tok in sp:
        if tok.dep_ == "appos" and tok.ent_type_ in ("PERSON", "ORG") and tok.head.i < tok.i \
                and tok.head.pos_ in ("NOUN", "NUM") and sp.start <= tok.head.i:
            actor = ctx.index.actor_at(tok.idx, tok.idx + len(tok.text))
            if actor is not None and actor.kind in ("person", "organization"):
                return actor
    return None


def _relative_source(ctx: SourceContext, subj: Token,
                     ante: Token) -> tuple[SourceKind, Actor | None]:
    """Kind and actor of a relative pronoun's antecedent. "which" never stands for a person:
    in "Carl Doe, the president of the Union of Bakers, which endorsed …" it is the union;
    "who" never for a place or a thing: "Democrats on Capitol Hill, who …" are the Democrats,
    "listeners to his show who …" the listeners."""
    people = ante.head.head
    if subj.lower_ in ("who", "whom") and ante.dep_ == "pobj" and (
            ante.ent_type_ in ("GPE", "LOC", "FAC") or ante.ent_type_ == "ORG" and (
                people.tag_ in ("NNS", "NNPS") or people.ent_type_ == "NORP")
            ) and people.pos_ in ("NOUN", "PROPN"):
        ante = people  # "Democrats on Capitol Hill, who …": the people, not the place
    elif subj.lower_ in ("who", "whom"):
        ante = nouns.people_before(ante, ctx.vocab) or ante  # "listeners to her show who …"
    if ante.pos_ == "PRON":  # "those who said …", "anyone who claims …": read as the pronoun
        return _pronoun_source(ctx, ante, source_span(ante), None)
    ante = spans.apposed_head(ante)
    made = _made_by(ctx, ante)
    if made is not None:  # "the board released a letter that says …": the board's letter
        return made
    aspan = source_span(ante)
    actor = ctx.index.actor_at(*aspan)
    if subj.lower_ == "which" and (ante.ent_type_ == "PERSON" or (
            actor is not None and actor.kind == "person")):
        for tok in reversed(subj.doc[subj.sent.start:subj.i]):
            body = ctx.index.actor_at(tok.idx, tok.idx + len(tok.text))
            if body is not None and body.kind in ("organization", "place"):
                return "named_organization", body
    return noun_kind(ctx.doc, aspan, ctx.vocab), actor


def _covers(actor: Actor, tok: Token) -> bool:
    return any(m.start <= tok.idx < m.end for m in actor.mentions)


def _pronoun_source(ctx: SourceContext, subj: Token, span: CharSpan,
                    chain: Actor | None) -> tuple[SourceKind, Actor | None]:
    low = subj.lower_
    if low in PERSON_PRONOUNS and chain is not None and chain.kind == "person":
        return "named_person", chain  # "he added": the speaker of the quotation before
    if low in ("it", "its"):  # "its prediction that …": a body's or a document's
        return _it_source(ctx, subj, span)
    if low in ("they", "them", "each", "both"):
        plural = spans.plural_antecedent(subj)
        if plural is not None:  # "Researchers say … It's an investment, they say"
            return _noun_source(ctx, plural, source_span(plural))
    actor = ctx.index.actor_at(*span) or _resolve_pronoun(ctx, subj)
    return ("named_person" if low in PERSON_PRONOUNS else "anonymous"), actor


def _it_source(ctx: SourceContext, subj: Token,
               span: CharSpan) -> tuple[SourceKind, Actor | None]:
    """ "It says …" after a report or a body is that body (a named organisation); after a
    fact the writer points at ("This move undercuts X. It shows …", "X's mistake was not Y,
    it was Z") it is the writer's inference."""
    actor = ctx.index.actor_at(*span)
    if actor is not None and actor.kind != "person":
        return "named_organization", actor
    if works.it_chain(subj, ctx.last_body[0] if ctx.last_body is not None else None):
        return "named_organization", None  # "It described … It went on to": the "it" before
    ante = spans.it_antecedent(subj)
    if ante is None:
        return "named_organization", None
    owner = ctx.index.actor_at(ante.idx, ante.idx + len(ante.text))
    if owner is not None and owner.kind != "person":
        return "named_organization", owner
    lemma = ante.lemma_.lower()
    if (ante.ent_type_ in ("ORG", "GPE", "NORP", "WORK_OF_ART", "LAW") or ante.pos_ == "PROPN"
            or lemma in ctx.vocab.documents or lemma in institution_nouns()):
        return "named_organization", None
    demonstrative = any(c.dep_ == "det" and c.lower_ in ("this", "that", "these", "those")
                        for c in ante.children)
    cleft = (ante.sent == subj.sent and ante.head.lemma_ == "be"
             and any(c.lemma_ == "be" for c in subj.head.children if c.dep_ in ("aux", "cop"))
             ) or (ante.sent == subj.sent and subj.head.lemma_ == "be")
    if demonstrative or cleft:
        return "author", None  # "This move undercuts X. It shows …": the writer infers
    return "named_organization", None


_EXAMPLE_PREPS = frozenset({"like", "including", "as"})


def _named_example(ctx: SourceContext, subj: Token) -> Actor | None:
    """The first holder named in a group source: "isolationists such as Jane Doe",
    "unions, including the AFT", "critics, like Senators A and B", "states led by Ohio"
    (the labels' rule 8)."""
    if subj.tag_ not in ("NNS", "NNPS"):
        return None
    between = [c for c in subj.head.children if subj.i < c.i < subj.head.i  # "X, like Y, said"
               or (c.i > subj.head.i and c.lower_ == "including")]  # "X said …, including Y"
    led = [a for c in subj.children if c.dep_ == "acl" and c.lemma_ in ("lead", "head")
           for a in c.children if a.dep_ == "agent"]  # "27 states led by West Virginia"
    for prep in [*subj.children, *between, *led]:
        if prep.dep_ == "agent":
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            actor = ctx.index.actor_at(pobj.idx, pobj.idx + len(pobj.text)) if pobj else None
            if actor is not None and actor.kind in ("person", "organization", "place"):
                return actor
            continue
        if prep.dep_ != "prep" or prep.lower_ not in _EXAMPLE_PREPS:
            continue
        if prep.lower_ == "as" and not any(c.lower_ == "such" for c in prep.head.subtree
                                            if c.i == prep.i - 1):
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        actor = ctx.index.actor_at(pobj.idx, pobj.idx + len(pobj.text))
        if actor is not None and actor.kind in ("person", "organization", "place"):
            return actor  # "nations, including the Netherlands": a country speaks as a body
    return None


def _is_person(actor: Actor) -> bool:
    """A person actor, or one the actors stage took for a body whose name opens with a given
    name and has a surname or two, with no company word ("Brett O'Donnell", "Carla N. Ruiz
    Olmo"; not "Patrick Henry College")."""
    words = actor.name.split()
    return actor.kind == "person" or (
        actor.kind == "organization" and 2 <= len(words) <= 4
        and words[0].lower() in given_names()
        and not any(w.lower().strip(".,") in COMPANY | _BODY_WORDS for w in words[1:]))


#: Last words of bodies named after a person ("Patrick Henry College", "Mary Baker Hospital").
_BODY_WORDS = frozenset({"college", "university", "school", "academy", "hospital", "church",
                         "museum", "club", "library", "project", "trust", "times", "post",
                         "journal", "news", "review", "watch"})


def _surname_of(ctx: SourceContext, subj: Token) -> Actor | None:
    """A bare surname the actors stage did not link ("O'Donnell said" after "Brett
    O'Donnell"): the one person actor of the article whose name ends with it."""
    if not subj.text[:1].isupper() or not (
            subj.pos_ == "PROPN" or subj.ent_type_ or not subj.is_sent_start):
        return None
    last = subj.text.replace("’", "'")
    found = {a.id: a for a in ctx.actors if a.name.replace("’", "'").split()[-1:] == [last]
             and _is_person(a)}
    return next(iter(found.values())) if len(found) == 1 else None


def _noun_source(ctx: SourceContext, subj: Token,
                 span: CharSpan) -> tuple[SourceKind, Actor | None]:
    """Kind and actor of a source headed by a noun or a name."""
    made = _made_by(ctx, subj)
    if made is not None:  # "Jane Doe released a letter that says …": her letter
        return made
    example = _named_example(ctx, subj)
    if example is not None:  # "critics such as Jane Doe": the first holder named
        return ("named_person" if example.kind == "person" else "named_organization"), example
    own = ctx.index.actor_at(subj.idx, subj.idx + len(subj.text)) or _surname_of(ctx, subj)
    actor = own or ctx.index.actor_at(*span)
    if own is None and actor is not None and subj.pos_ == "PROPN" and actor.kind != "person":
        actor = None  # "The Huffington Post's Scott Conroy": the outlet only modifies him
    kind = noun_kind(ctx.doc, span, ctx.vocab)
    if kind in ("named_person", "named_organization") and (
            owner := _words_of(ctx, subj)) is not None:
        return "named_person", owner  # "Trump's statements have shown …": his own words
    if kind == "anonymous" and (kin := speakers.named_relative(ctx, subj))[0]:
        return "named_person", kin[1]  # "her father" whom the article names (rule 4)
    if own is not None and subj.pos_ in ("PROPN", "NOUN") and _is_person(own):
        if subj.pos_ == "PROPN" and _det(subj) == "the" and not _title_before(subj):
            return "named_organization", None  # "The Charlotte Observer": no person is "the X"
        return "named_person", own  # a name, even one the actors stage took for a body
    if actor is not None and subj.pos_ in ("NOUN", "PROPN") and not _covers(actor, subj) and (
            actor.kind in ("person", "group") or kind in ("named_person", "anonymous") or (
                actor.kind == "place" and subj.tag_ == "NNS")):
        actor = None  # "a Merkel ally" is not Merkel; "the Ohio senator" is not Ohio
    named = _apposed_name(ctx, ctx.doc, span)
    if named is not None:  # "an attorney for X, Mark Doe": the name in apposition
        return "named_person" if named.kind == "person" else "named_organization", named
    return kind, actor


def _words_of(ctx: SourceContext, work: Token) -> Actor | None:
    """The person whose own words a possessed work is ("Trump's statements", "her memoir"):
    the possessor, a name or a pronoun, when it is a person actor."""
    if work.lemma_.lower() not in nouns.PERSON_WORKS:
        return None
    poss = next((c for c in work.children if c.dep_ == "poss"), None)
    if poss is None:
        return None
    owner = ctx.index.actor_at(poss.idx, poss.idx + len(poss.text))
    if owner is None and poss.pos_ == "PRON":
        owner = _resolve_pronoun(ctx, poss)
    return owner if owner is not None and _is_person(owner) else None


def _made_by(ctx: SourceContext, work: Token) -> tuple[SourceKind, Actor | None] | None:
    """A work's maker named as the subject of making it (:func:`work_maker`), read as any
    source is: a person's tweet or letter is theirs, a person's ad their campaign's, what
    a body made the body's, what unnamed people made unnamed ("lawyers filed papers")."""
    maker = works.work_maker(work, ctx.vocab)
    if maker is None:
        return None
    ante = antecedent(maker)
    tok = spans.apposed_head(ante) if ante is not None else maker
    if tok.pos_ == "PRON":
        actor = ctx.index.actor_at(tok.idx, tok.idx + len(tok.text)) or _resolve_pronoun(ctx, tok)
        if actor is None or actor.kind not in ("person", "organization"):
            return None
        kind: SourceKind = "named_person" if _is_person(actor) else "named_organization"
    else:
        kind, actor = _noun_source(ctx, tok, source_span(tok))
    if kind == "named_person" and not works.personal_work(work, ctx.vocab):
        return "named_organization", None  # "Jane Doe is releasing an ad": her campaign's
    return (kind, actor) if kind in ("named_person", "named_organization", "anonymous") else None


def _title_before(subj: Token) -> bool:
    """A title or role word before the name ("the Rev. Al Sharpton", "the senator Jane Doe")."""
    return any(c.dep_ == "compound" and (c.lower_.rstrip(".") in ("rev", "hon") or
               titles().get((c.lower_,)) is not None) for c in subj.children)


def _quoted_person(ctx: SourceContext, pos: int) -> Actor | None:
    """The person a cue-less quotation (or a claim whose cue has no subject the rules found)
    most likely belongs to when no quotation came before: the last person named as a clause's
    subject just before it ("Smith, a lawyer, has long argued for the plan. '…'")."""
    for end, start, actor in reversed(ctx.before(pos, {"person"})):
        if pos - end > 400:
            break
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass") and not any(
                q.start <= start < q.end for q in quotes_near(ctx.quotes, start, end)):
            return actor
    return None


def _person_after(ctx: SourceContext, cue: CharSpan) -> Actor | None:
    """The person named right after a cue whose subject the rules missed (an inverted "said
    Jane Doe, a professor at …"): a person mention in the cue's sentence that starts within a
    few words of it."""
    span = ctx.doc.char_span(*cue, alignment_mode="expand")
    if span is None:
        return None
    end = min(span.sent.end_char, cue[1] + 12)
    for actor in ctx.actors:
        if actor.kind == "person" and any(cue[1] <= m.start <= end and m.form != "pronoun"
                                          for m in actor.mentions):
            return actor
    return None


def _quote_speaker(ctx: SourceContext, subj: Token, chain: Actor | None) -> Actor | None:
    """Who an "I" or "we" inside a quotation is: the named subject right after the quotation
    ("'…,' Jane Doe said"), else the speaker of the quotation chain."""
    q = next((q for q in quotes_near(ctx.quotes, subj.idx, subj.idx + 1)
              if q.start < subj.idx < q.end), None)
    after = spans.subject_after_quote(ctx.doc, q.end, ctx.vocab.verbs) if q is not None else None
    actor = ctx.index.actor_at(*source_span(after)) if after is not None else None
    if actor is not None and actor.kind in ("person", "organization"):
        return actor
    if q is None:
        return None
    return speakers.named_after(ctx, q.end) or chain  # "'…,' Police Chief Jane Doe said"


def _cue_controller(doc: Doc, cue: CharSpan) -> Token | None:
    """The controller (:func:`controller_of`) of the verb in the cue span."""
    span = doc.char_span(*cue, alignment_mode="expand")
    if span is None:
        return None
    verb = next((t for t in span if t.pos_ in ("VERB", "AUX")), None)
    return controller_of(verb) if verb is not None else None


def _sourceless(ctx: SourceContext, f: CueMatch, chain: Actor | None,
                unnamed_before: bool) -> Source:
    """The source of an attribution whose rule found none: the controller of its cue, the
    speaker of the quotation chain, or nobody named."""
    if f.source is None and f.cue is None and f.kind is None and f.quote:
        after = spans.subject_after_quote(ctx.doc, f.content[1],
                                    frozenset() if chain else ctx.vocab.verbs)
        if after is not None:  # "'…,' Jane Doe, director of X, said": hers, not the chain's
            return source_of(ctx, replace(f, subject=after, source=source_span(after)), None)
    if f.source is None and f.cue is not None and f.kind is None:
        ctrl = spans.cue_subject_after(ctx.doc, f.cue) or _cue_controller(ctx.doc, f.cue)
        if ctrl is not None and nouns.mute_noun(ctrl, ctx.vocab):
            ctrl = spans.clause_subject(ctrl)  # "X closed with a reference to Y, remarking …": X
        if ctrl is not None and (key := (f.cue, ctrl.i)) not in ctx.tried:
            ctx.tried.add(key)  # "X held a briefing to brag that …": X says so
            try:  # followed once on the way down (a loop ends), not once per Doc
                return source_of(ctx, replace(f, subject=ctrl, source=source_span(ctrl)),
                                 chain, unnamed_before=unnamed_before)
            finally:
                ctx.tried.discard(key)
    if chain is None and f.cue is not None:
        chain = _person_after(ctx, f.cue)  # "'…,' said Jane Doe, director of …"
    if chain is None and not (f.cue is not None and spans.words_follow(ctx.doc, f.cue)):
        # a cue-less quotation, a cue whose subject the rules missed; not an inverted cue
        # whose subject follows it ("muttered one who attended"): that one is unnamed
        chain = _quoted_person(ctx, f.content[0])
    if chain is not None:  # "…, adding that …", a cue-less quotation: the speaker goes on
        return Source(kind="named_person", actor=chain.id)
    return Source(kind="anonymous")


def source_of(ctx: SourceContext, f: CueMatch, chain: Actor | None = None, *,
              unnamed_before: bool = False) -> Source:
    """The :class:`Source` of attribution *f*; *chain* is the speaker of the quotation just
    before, if any (what a "he added" refers to); *unnamed_before* says the claim just before
    rests on unnamed people (what a "they cautioned" refers to)."""
    doc = ctx.doc
    if f.kind is not None and f.source is None:
        return Source(kind=f.kind)
    if f.source is None or f.subject is None or nouns.mute_speaker(doc, f, ctx.vocab):
        # "a reference to X, remarking …": the reference does not speak
        return _sourceless(ctx, nouns.unmuted(f), chain, unnamed_before)
    start, end = f.source
    text = text_of(doc)[start:end]
    subj = f.subject
    ante = antecedent(subj)
    low = subj.lower_
    in_quote = any(q.start < subj.idx < q.end
                   for q in quotes_near(ctx.quotes, subj.idx, subj.idx + 1))
    actor: Actor | None = None
    kind: SourceKind
    if ante is not None:
        kind, actor = _relative_source(ctx, subj, ante)
    elif low in FIRST_PERSON and not in_quote:
        return Source(kind="author", start=start, end=end, text=text)
    elif low in FIRST_PERSON and (said := _quote_speaker(ctx, subj, chain)) is not None:
        actor = said  # "'… we will find the money,' Mayor Jane Doe said": the mayor's "we"
        kind = "named_person" if _is_person(said) else "named_organization"
    elif subj.pos_ == "PRON":
        kind, actor = _pronoun_source(ctx, subj, (start, end), chain)
        if unnamed_before and low in PLURAL_PRONOUNS:
            kind, actor = "anonymous", None
        if kind == "author":
            return Source(kind="author", start=start, end=end, text=text)
    elif (named := former_latter(ctx, subj)) is not None:
        actor = named
        kind = "named_person" if named.kind == "person" else "named_organization"
    else:
        kind, actor = _noun_source(ctx, subj, (start, end))
    if f.kind is not None:
        kind = f.kind  # fixed by the rule that found it (a transcript label names a person)
    if kind == "anonymous" and not (subj.pos_ == "PRON" and low in _PERSONAL):
        actor = None  # "officials", "some insiders": unnamed, whatever group they belong to
    elif actor is not None and actor.kind == "group":
        kind = "anonymous"  # "they" for "Democrats", "the protesters": no one is named
    elif actor is not None:
        kind = "named_person" if _is_person(actor) else "named_organization"
    if f.kind is None:
        kind, actor = _second_opinion(ctx, f, (start, end), kind, actor)
    source = Source(kind=kind, actor=actor.id if actor else None, start=start, end=end, text=text)
    return works.follow_body(ctx, subj, source)  # "it" / "the document": the body before


def _second_opinion(ctx: SourceContext, f: CueMatch, span: CharSpan, kind: SourceKind,
                    actor: Actor | None) -> tuple[SourceKind, Actor | None]:
    """The trained model's kind where it overrules the rules (:mod:`.kind_model`); the actor
    stays only where it fits the new kind."""
    new = kind_model.refine(ctx.span_context, span, f.cue, kind, actor)
    if new == kind:
        return kind, actor
    if actor is not None and (new in ("anonymous", "author") or (
            new == "named_person") != _is_person(actor)):
        actor = None
    return new, actor
