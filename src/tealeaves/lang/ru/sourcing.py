"""Russian claims by the sourcing guide: reporting verbs (заявил, сообщил, опроверг …),
"по словам / по данным X", "как сообщает X", quotations «…» „…“ and dialogue dashes,
anonymous sources, rumour with no source (по слухам, якобы, утверждается …), hedges and
channels; a relay ("со ссылкой на X", "X цитирует Y") is one claim with the innermost
source and the outer outlet as ``via``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from ...model import Actor, Claim, Source, Span
from .content import quotations, rest, trim, verb_content
from .parse import RuDoc, RuToken
from .sources import (
    RELAY_VERBS,
    ActorIndex,
    Who,
    channel,
    outlet_in,
    outlet_subject,
    phrase_actor,
    resolve,
    span_text,
    words_object,
)
from .vocab import load_table, phrases, words

_SUBJ = ("nsubj", "nsubj:pass")
#: common nouns that name one body when they stand alone ("в правительстве заявили")
_BODIES = frozenset({"правительство", "министерство", "ведомство", "администрация", "мэрия",
                     "парламент", "дума", "совфед", "минобороны", "минфин", "посольство",
                     "прокуратура", "суд", "партия", "компания", "пресс-служба", "штаб"})
#: possessive pronouns of a speaker ("по его словам"), by the gender they refer to
_POSSESSIVE = {"его": "Masc", "ее": "Fem", "её": "Fem"}
#: words that make a description indefinite ("один из представителей", "некий чиновник")
_INDEFINITE = frozenset({"один", "некий", "какой-то", "некоторый", "другой", "иной", "бывший"})
#: a line that opens with a name and a colon: a transcript turn or a headline's speaker
_TURN = re.compile(r"^[ \t]*(?P<name>[^:\n«»\"]{2,60}?)[ \t]*:[ \t]+(?P<body>[^\n]*\S)", re.M)
#: how many sentences back a description may look for the person it renames
_DESCRIPTION_REACH = 2


@dataclass
class _Claim:
    start: int
    end: int
    who: Who
    cue: tuple[int, int] | None
    quote: bool = False
    via: str | None = None
    hedges: list[tuple[int, int]] = field(default_factory=list)


def _subject(doc: RuDoc, verb: RuToken) -> RuToken | None:
    return next((c for c in doc.children(verb.i) if c.rel in _SUBJ), None)


def _citing(doc: RuDoc, verb: RuToken) -> RuToken | None:
    """X in "со ссылкой на X" / "ссылаясь на X" attached to the cue verb."""
    for c in doc.children(verb.i):
        if c.lemma in ("ссылка", "ссылаться"):
            inner = next((g for g in doc.children(c.i) if g.rel in ("nmod", "obl", "obj")), None)
            if inner is not None:
                return inner
    return None


class _Finder:
    def __init__(self, doc: RuDoc, actors: list[Actor]) -> None:
        self.doc = doc
        self.index = ActorIndex(actors)
        self.quotes = quotations(doc.text)
        self.last_person: dict[str, str] = {}  # gender feature -> last named speaker
        self.claims: list[_Claim] = []
        self.verbs = words("reporting_verbs")
        self.according = words("according_nouns")
        self.speech = words("speech_nouns")
        self.titles = load_table("titles.txt")
        self._persons: list[tuple[int, int, str]] | None = None
        self.relays: list[tuple[int, int]] = []  # cues of outlets that only passed words on
        self.last_via: dict[str, str | None] = {}  # gender -> the last speaker's channel

    def _remember(self, who: Who, verb: RuToken | None, via: str | None = None) -> None:
        a = self.index.by_id(who.actor)
        if who.kind == "named_person" and a is not None:
            g = verb.feats.get("Gender") if verb is not None else None
            for gender in ([g] if g else ["Masc", "Fem"]):
                self.last_person[gender] = a.id
                self.last_via[gender] = via
        elif who.kind == "anonymous" and verb is not None and verb.feats.get("Gender"):
            self.last_person[verb.feats["Gender"]] = ""  # "он" after it stays unnamed
            self.last_via[verb.feats["Gender"]] = via  # "по его словам": the same channel

    def verb_claim(self, verb: RuToken) -> None:
        doc = self.doc
        content = verb_content(doc, verb, self.quotes)
        if content is None:
            return
        subj = _subject(doc, verb)
        inner = _citing(doc, verb)
        if subj is None and verb.lemma in ("цитировать", "процитировать"):
            return
        if subj is None:
            who = self._where(verb) or self._follow_on(verb)
        else:
            first = doc.token_at(content[0]) if content[2] else None
            who = self.renamed(subj, resolve(doc, subj.i, self.index, self.last_person),
                               min(first.sent, subj.sent) if first is not None else None)
        via = channel(doc, verb.i, self.index)
        obj = next((c for c in doc.children(verb.i) if c.rel == "obj" and c.pos in ("PROPN", "NOUN")), None)
        if verb.lemma in ("цитировать", "процитировать") and obj is not None and subj is not None:
            inner = obj
        if inner is not None and subj is not None:  # a relay: the innermost source speaks
            via = who.text if who.kind == "named_organization" else via
            outer = self.index.at(who.start, who.end)
            via = outer.name if outer is not None else via
            who = resolve(doc, inner.i, self.index, self.last_person)
        self._remember(who, verb, via)
        s, e, quote = content
        self.claims.append(_Claim(s, e, who, (verb.start, verb.end), quote, via))

    def _where(self, verb: RuToken) -> Who | None:
        """"В Кремле заявили", "в МИД сообщили", "в правительстве считают": a subjectless
        plural cue with a locative body is that body speaking ("в окружении X …" and other
        unnamed circles stay anonymous)."""
        if verb.feats.get("Number") != "Plur":
            return None
        for c in self.doc.children(verb.i):
            if c.rel != "obl" or c.feats.get("Case") != "Loc" or not any(
                    g.lemma in ("в", "во") for g in self.doc.children(c.i)):
                continue
            who = resolve(self.doc, c.i, self.index, self.last_person)
            if who.kind == "named_person":  # "у Путина считают": his circle, unnamed
                return replace(who, kind="anonymous", actor=None)
            if c.pos == "NOUN" and who.kind == "anonymous" and c.lemma in _BODIES:
                return replace(who, kind="named_organization")
            return who
        return None

    def _follow_on(self, verb: RuToken) -> Who:
        """A cue with no subject ("— добавил." / an impersonal form): the last speaker of
        that gender, else hearsay."""
        g = verb.feats.get("Gender")
        aid = self.last_person.get(g) if g else None
        if aid:
            return Who("named_person", aid, verb.start, verb.end, verb.text)
        if verb.feats.get("Number") == "Plur" and verb.feats.get("Person") == "3":
            return Who("rumour", None, verb.start, verb.end, verb.text)  # "говорят, что"
        return Who("anonymous", None, verb.start, verb.end, verb.text)

    def according_claim(self, noun: RuToken) -> None:
        """"по словам X, …", "по данным X, …", "по мнению X, …"."""
        doc = self.doc
        if not any(c.lemma == "по" for c in doc.children(noun.i)):
            return
        src = next((c for c in doc.children(noun.i) if c.rel in ("nmod", "appos")), None)
        via = None
        if src is not None:
            who = self.renamed(src, resolve(doc, src.i, self.index, self.last_person))
        else:
            pron = next((c for c in doc.children(noun.i)
                         if c.text.lower() in _POSSESSIVE and c.rel in ("det", "nmod")), None)
            if pron is None:
                return  # "по некоторым данным": hearsay, left to the rumour cues
            who = self._possessor(pron)
            via = self.last_via.get(_POSSESSIVE[pron.text.lower()])  # the speaker's channel
        r = rest(doc, noun.sent, doc.subtree(noun.i))
        if r is None:
            return
        self._remember(who, None, via)
        cue_first = next(c for c in doc.children(noun.i) if c.lemma == "по")
        self.claims.append(_Claim(doc.tokens[r[0]].start, doc.tokens[r[1]].end, who,
                                  (cue_first.start, noun.end), via=via))

    def noun_claim(self, noun: RuToken) -> None:
        """"заявления X о том, что …", "сообщения о том, что …": the clause is a claim by
        the noun's genitive X; with no X, a hearsay noun's clause is a rumour."""
        doc = self.doc
        gens = [c for c in doc.children(noun.i) if c.rel in ("nmod", "appos")
                and c.feats.get("Case") == "Gen"]
        that = next((c for h in (noun, *gens) for c in doc.children(h.i) if c.lemma == "тот"
                     and any(g.lemma in ("о", "об") for g in doc.children(c.i))), None)
        clause = next((c for c in doc.children(that.i) if c.rel in ("acl", "acl:relcl", "ccomp")
                       and any(g.lemma == "что" for g in doc.children(c.i))),
                      None) if that is not None else None
        if clause is None:
            return
        r = trim(doc, *doc.subtree(clause.i))
        if r is None:
            return
        holder = next((c for c in gens if that is not None and c.i != that.i), None)
        if holder is not None and that is not None:
            who = resolve(doc, holder.i, self.index, self.last_person)
            cut = doc.tokens[doc.subtree(that.i)[0]].start  # "о том, что …" is not the source
            if who.start < cut < who.end:
                who = replace(who, end=cut, text=doc.text[who.start:cut].rstrip())
                who = replace(who, end=who.start + len(who.text))
        elif noun.lemma in words("hearsay_nouns"):
            who = Who("rumour", None, noun.start, noun.end, noun.text)
        else:
            return
        self.claims.append(_Claim(doc.tokens[r[0]].start, doc.tokens[r[1]].end, who,
                                  (noun.start, noun.end)))

    def _subject_persons(self) -> list[tuple[int, int, str]]:
        """(sentence, start, actor id) of every subject that names a person, in order; not
        inside a quotation (there the speaker's words name them, not the writer's)."""
        if self._persons is None:
            self._persons = []
            ends = [e for _, e in self.quotes]
            for t in self.doc.tokens:
                k = bisect_right(ends, t.start)
                if k < len(self.quotes) and self.quotes[k][0] <= t.start:
                    continue
                if t.rel in _SUBJ:
                    a = phrase_actor(self.doc, t.i, self.index)
                    if a is not None and a.kind == "person":
                        self._persons.append((t.sent, t.start, a.id))
        return self._persons

    def renamed(self, head: RuToken, who: Who, since: int | None = None) -> Who:
        """A definite description that renames the person just named ("Представитель Кремля
        отметил" after "заявил Песков", "по словам министра", "Сам кандидат утверждает"):
        the latest person named as a subject in this or the two sentences before, when that
        person is the last speaker of the description's gender, holds a role of the same
        class (titles.txt: "представитель" and "пресс-секретарь" are both spokespeople), or
        "сам" marks the description. The stylistic substitution of a title for a repeated
        name (Розенталь Д. Э., Практическая стилистика русского языка, on avoiding
        repetition by synonymous description). An unnamed source ("источник", "один из
        представителей") is no such description."""
        if who.actor is not None or who.kind not in ("anonymous", "named_organization"):
            return who
        kids = {c.lemma for c in self.doc.children(head.i)}
        if head.feats.get("Number") == "Plur" or kids & _INDEFINITE or not (
                head.lemma in self.titles or "сам" in kids):
            return who
        if any(p in who.text.lower() for p in phrases("anonymous_phrases")):
            return who
        earlier = [aid for sent, start, aid in self._subject_persons()
                   if start < who.start and sent >= (head.sent if since is None else since)
                   - _DESCRIPTION_REACH]  # a quotation before the cue counts as one sentence
        if not earlier:
            return who
        aid = earlier[-1]
        cls = self.titles.get(head.lemma)
        actor = self.index.by_id(aid)
        roles = {self.titles.get(r.split()[0].lower()) for r in (actor.roles if actor else ())
                 if r.split()}
        last = self.last_person.get(head.feats.get("Gender") or "Masc")
        if "сам" in kids or aid == last or (cls is not None and cls in roles):
            return Who("named_person", aid, who.start, who.end, who.text)
        return who

    def _possessor(self, pron: RuToken) -> Who:
        """"по его словам": the last speaker of that gender (unnamed stays anonymous)."""
        aid = self.last_person.get(_POSSESSIVE[pron.text.lower()])
        if aid:
            return Who("named_person", aid, pron.start, pron.end, pron.text)
        return Who("anonymous", None, pron.start, pron.end, pron.text)

    def rumour_claims(self) -> None:
        """Hearsay with no source in its sentence: a rumour claim from the cue to the end of
        the sentence (or the clause the cue heads)."""
        doc, text = self.doc, self.doc.text.lower()
        hedge_only = words("rumour_hedges")
        taken = [(c.start, c.end) for c in self.claims if c.who.kind != "rumour"]
        cues = [c.cue for c in self.claims if c.cue is not None]  # "слухи о том" taken
        for cue in phrases("rumour"):  # longest first: "слухи о том" before "слухи о"
            for m in re.finditer(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", text):
                tok = doc.token_at(m.start())
                if tok is None or any(s < m.end() and m.start() < e for s, e in cues):
                    continue
                cues.append((m.start(), m.end()))
                a, b = doc.sents[tok.sent]
                s_start, s_end = doc.tokens[a].start, doc.tokens[b - 1].end
                if any(s < s_end and e > s_start for s, e in taken) and cue in hedge_only:
                    continue  # "якобы" inside a sourced claim is a hedge on it
                start = m.end() if m.end() < s_end - 3 else s_start
                first = next((t.i for t in doc.tokens[a:b] if t.end > start), a)
                r = trim(doc, first, b - 1)
                if r is None:
                    continue
                cs, ce = doc.tokens[r[0]].start, doc.tokens[r[1]].end
                if cue in hedge_only or text[s_start:m.start()].rstrip().endswith(","):
                    cs = s_start  # a parenthetical cue ("X, по слухам, …"): the whole sentence
                who = Who("rumour", None, m.start(), m.end(), doc.text[m.start():m.end()])
                self.claims.append(_Claim(cs, ce, who, (m.start(), m.end())))
                taken.append((cs, ce))

    def turn_claims(self) -> None:
        """"Аббас Галлямов: Нет. …" (an interview turn) and "Песков: в интересах России …" (a
        headline): a line that opens with a person's name alone and a colon is that
        person's words, with no cue. Questions (the interviewer's turns) are skipped, and so
        is a line whose words already carry a claim."""
        for m in _TURN.finditer(self.doc.text):
            ns, ne = m.start("name"), m.end("name")
            person = self._named_alone(ns, ne)
            if person is None:
                continue
            bs, be = m.start("body"), m.end("body")
            if self.doc.text[be - 1] == "?" or any(
                    c.start < be and bs < c.end for c in self.claims):
                continue
            while be > bs and self.doc.text[be - 1] in ".!…;":
                be -= 1
            who = Who("named_person", person.id, ns, ne, self.doc.text[ns:ne])
            self.claims.append(_Claim(bs, be, who, None))

    def _named_alone(self, ns: int, ne: int) -> Actor | None:
        """The person whose name is all of ``text[ns:ne]``: a mention covering it, or (a
        headline NER missed) one to three capitalised words ending in the surname of the
        one person of that surname in the article."""
        person = self.index.at(ns, ne)
        spans = [(s, e) for s, e, a in self.index.spans if a is person and s < ne and e > ns]
        if person is not None and person.kind == "person" and spans and (
                min(s for s, _ in spans) <= ns and max(e for _, e in spans) >= ne):
            return person
        name = self.doc.text[ns:ne].split()
        if person is None and 0 < len(name) <= 3 and all(w[:1].isupper() for w in name):
            return self.index.by_surname(name[-1])
        return None

    def _relayed(self, verb: RuToken, own: list[_Claim]) -> list[_Claim]:
        """The claims an outlet's *verb* passes on: in its sentence, those whose content
        does not hold the verb ("X заявил, что …, передаёт ТАСС"); for "Об этом сообщает
        X", those whose cue lies in the sentence it points back to; for "его слова приводит
        X", the last claim before it by a person."""
        doc, span = self.doc, (verb.start, verb.end)
        others = [c for c in self.claims if c.cue != span and c.who.kind in (
            "named_person", "named_organization", "anonymous")]
        if words_object(self.doc, verb) is not None:
            before = [c for c in others if c.cue is not None and c.cue[1] <= verb.start
                      and c.who.kind == "named_person"]
            return before[-1:]
        back = [c for c in own if c.end <= verb.start]
        if back:  # "Об этом сообщает X": what it points back to
            lo, hi = back[0].start, back[0].end
            return [c for c in others if c.cue is not None and lo <= c.cue[0] < hi]
        a, b = doc.sents[verb.sent]
        lo, hi = doc.tokens[a].start, doc.tokens[b - 1].end
        return [c for c in others if c.cue is not None and lo <= c.cue[0] < hi
                and not c.start <= verb.start < c.end]

    def _words_quoted(self, verb: RuToken, outlet: str) -> None:
        """ "Его слова приводит ТАСС: «…»": the quotation is the words of the person the
        possessive stands for (the last person named as a subject, in this or the two
        sentences before), with the outlet as its channel."""
        words_tok = words_object(self.doc, verb)
        pron = next((c for c in self.doc.children(words_tok.i) if c.text.lower() in
                     _POSSESSIVE), None) if words_tok is not None else None
        content = verb_content(self.doc, verb, self.quotes) if pron is not None else None
        if pron is None or content is None or not content[2]:
            return
        earlier = [aid for sent, start, aid in self._subject_persons()
                   if start < verb.start and sent >= verb.sent - _DESCRIPTION_REACH]
        if not earlier:
            return
        who = Who("named_person", earlier[-1], pron.start, pron.end, pron.text)
        self.claims.append(_Claim(content[0], content[1], who, (verb.start, verb.end), True,
                                  outlet))

    def outlet_relays(self) -> None:
        """An outlet passing on a claim another source made is its channel: "X заявил, что
        …, передаёт ТАСС", "Как передаёт ТАСС, X заявил …", "X заявил … . Об этом сообщает
        РИА Новости", "его слова приводит ТАСС", "X, слова которого приводит ТАСС". The
        outlet's own claim of the same words goes (the guide: a relay is one claim)."""
        drop: set[tuple[int, int]] = set()
        for t in self.doc.tokens:
            if t.lemma not in RELAY_VERBS:
                continue
            outlet = outlet_subject(self.doc, t, self.index)
            if outlet is None:
                continue
            own = [c for c in self.claims if c.cue == (t.start, t.end)]
            inner = [c for c in self._relayed(t, own) if c.who.text != outlet and (
                (a := self.index.by_id(c.who.actor)) is None or a.name != outlet)]
            if not inner:
                self._words_quoted(t, outlet)
                continue
            for c in inner:
                c.via = c.via or outlet
                if c.who.start < t.start < c.who.end:  # "X, слова которого приводит ТАСС"
                    cut = self.doc.text.rfind(",", c.who.start, t.start)
                    if cut > c.who.start:
                        c.who = replace(c.who, end=cut, text=self.doc.text[c.who.start:cut])
            drop.add((t.start, t.end))
        self.claims = [c for c in self.claims if c.cue not in drop]
        self.relays.extend(sorted(drop))  # "Об этом сообщает ТАСС." is no author's claim

    def outlet_channels(self) -> None:
        """An anonymous source named by the outlet it spoke to ("источники «Ъ»") has that
        outlet as its channel, where the claim has none."""
        last: str | None = None  # the outlet last named as a channel ("источники издания")
        prev: _Claim | None = None
        for c in sorted(self.claims, key=lambda c: c.start):
            if c.who.kind == "anonymous" and c.via is None and c.who.end > c.who.start:
                c.via = outlet_in(self.doc, c.who.start, c.who.end, self.index, last)
                if c.via is None and prev is not None and prev.who.kind == "anonymous" and (
                        c.who.text.lower() in _POSSESSIVE or c.who.text.lower() in ("он", "она")):
                    c.via = prev.via  # "— сказал собеседник X. По его словам, …"
            last = c.via or last
            prev = c if c.who.kind != "author" else prev

    def hedges(self) -> None:
        text = self.doc.text.lower()
        found = [(m.start(), m.end()) for h in phrases("hedges")
                 for m in re.finditer(r"(?<!\w)" + re.escape(h) + r"(?!\w)", text)]
        for c in self.claims:
            tok = self.doc.token_at(c.start)
            if tok is None:
                continue
            a, b = self.doc.sents[tok.sent]
            lo = min(c.start, self.doc.tokens[a].start)
            hi = max(c.end, self.doc.tokens[b - 1].end)
            c.hedges = sorted({(s, e) for s, e in found if lo <= s and e <= hi})

    def author_claims(self) -> None:
        """What is left: each sentence with a finite verb that no claim covers is the
        author's own (questions skipped), as the English stage does."""
        doc = self.doc
        taken = [(c.start, c.end) for c in self.claims]
        taken += [c.cue for c in self.claims if c.cue is not None]  # "Об этом заявил X."
        taken += self.relays
        for a, b in doc.sents:
            toks = doc.tokens[a:b]
            if toks[-1].text == "?" or not any(
                    t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin" for t in toks):
                continue
            r = trim(doc, a, b - 1)
            if r is None:
                continue
            s, e = doc.tokens[r[0]].start, doc.tokens[r[1]].end
            if any(cs < e and s < ce for cs, ce in taken):
                continue
            self.claims.append(_Claim(s, e, Who("author", None, s, s, ""), None))

    def run(self) -> None:
        for t in self.doc.tokens:
            if t.pos == "VERB" and t.lemma in self.verbs and t.feats.get("VerbForm") in ("Fin", "Conv", None):
                self.verb_claim(t)
            elif t.pos == "NOUN" and t.lemma in self.according:
                self.according_claim(t)
            if t.pos == "NOUN" and (t.lemma in self.speech or t.text.lower() in self.speech):
                self.noun_claim(t)
        self.turn_claims()
        self.rumour_claims()
        self.outlet_relays()
        self.outlet_channels()
        self.author_claims()
        self.hedges()


def _record(doc: RuDoc, c: _Claim, n: int) -> Claim:
    who = c.who
    source = (Source(kind="author") if who.kind == "author" else
              Source(kind=who.kind, actor=who.actor, start=who.start, end=who.end, text=who.text))
    cue = Span(c.cue[0], c.cue[1], doc.text[c.cue[0]:c.cue[1]]) if c.cue else None
    return Claim(id=f"c{n}", start=c.start, end=c.end, text=doc.text[c.start:c.end],
                 quote=c.quote, source=source, cue=cue, via=c.via,
                 hedges=tuple(Span(s, e, doc.text[s:e]) for s, e in c.hedges))


def find_claims_ru(doc: RuDoc, actors: list[Actor]) -> list[Claim]:
    """Every attributed claim of a Russian article, one per cue, by start."""
    f = _Finder(doc, actors)
    f.run()
    seen: set[tuple[int, int]] = set()
    out: list[_Claim] = []
    for c in sorted(f.claims, key=lambda c: (c.start, c.end)):
        if (c.start, c.end) not in seen:
            seen.add((c.start, c.end))
            out.append(c)
    return [_record(doc, c, i) for i, c in enumerate(out, 1)]


__all__ = ["find_claims_ru", "quotations", "replace", "span_text"]
