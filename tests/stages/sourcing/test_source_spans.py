"""Source spans: a news dateline glued to a report's first sentence is never the source; a name
in apposition to a description is."""

from __future__ import annotations

import pytest

from tealeaves.stages.sourcing.source_spans import dateline_end
from tests.stages.sourcing.claim_helpers import attributed, claims_of, one_containing
from tests.stages.sourcing.test_kinds import analysed, speaker

# Invented report openings: place in capitals, optional state, optional date, optional agency.
DATELINES = [
    ("OAKVILLE (Wire) — Senator Jane Doe said the bridge would reopen in May.", "Senator Jane Doe"),
    ("PORT HAVEN, Ore. - Mayor Tom Brandt said the budget was balanced.", "Mayor Tom Brandt"),
    ("GREENFIELD, March 3 (Newsline) — Governor Ann Ruiz told reporters that taxes would fall.",
     "Governor Ann Ruiz"),
    ("Oct 12 (Wire) - Finance Minister Paul Kern said on Tuesday that the deficit would shrink.",
     "Finance Minister Paul Kern"),
    ("LAKETOWN (Wire) - The city council said on Monday that the vote was postponed.",
     "The city council"),
    ("ST. ALBANS, Vt. -- Two local officials said the plant would close.", "Two local officials"),
]


@pytest.mark.parametrize(("text", "source"), DATELINES)
def test_a_dateline_is_cut_from_the_source(nlp, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    claims = attributed(claims_of(nlp, text))
    assert claims, text
    assert claims[0].source.text == source


def test_dateline_pattern_on_invented_lines(nlp) -> None:  # type: ignore[no-untyped-def]
    for text, prefix in [
        ("RIVERDALE, N.H., Jan. 5 (Wire) — The count went on.", "RIVERDALE, N.H., Jan. 5 (Wire) — "),
        ("NEW BRIGHTON — The count went on.", "NEW BRIGHTON — "),
    ]:
        sent = nlp(text)[:]  # the whole line (the parser may split it at the dash)
        assert dateline_end(sent) == len(prefix), text
    for text in (
        "US - Russia talks resumed on Monday.",  # two capitals and a dash: no dateline
        "The senator - a former mayor - said the plan would pass.",
        "NATO said the drills were planned.",
    ):
        assert dateline_end(nlp(text)[:]) is None, text


def test_a_label_before_a_colon_is_not_the_source(nlp) -> None:  # type: ignore[no-untyped-def]
    for text, source in (
        ("Bridge opens in May\n\nHALDEN: Transport Minister Mark Brennan said on Monday "
         "the bridge would open in May, after a vote in the council.", "Mark Brennan"),
        ("Bridge opens in May\n\nOAKVILLE: Mayor Lisa Hart said on Monday that the bridge "
         "would open in May.", "Lisa Hart"),
    ):
        claims = attributed(claims_of(nlp, text))
        c = one_containing(claims, "the bridge would open in May")
        assert c.source.text is not None and c.source.text.endswith(source), text
        assert all(x.source.text not in ("HALDEN", "OAKVILLE") for x in claims), text


def test_a_name_before_a_colon_still_speaks(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mark Brennan: we will open the bridge in May\n\nThe minister visited Halden."
    c = one_containing(attributed(claims_of(nlp, text)), "open the bridge in May")
    assert c.source.text == "Mark Brennan"


def test_no_dateline_keeps_the_whole_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Former Senator Jane Doe of Ohio said the talks had failed."
    c = one_containing(attributed(claims_of(nlp, text)), "talks had failed")
    assert c.source.text == "Former Senator Jane Doe of Ohio"


def _parsed(nlp, words: list[str], heads: list[int], deps: list[str], pos: list[str],  # type: ignore[no-untyped-def]
            ents: list[str] | None = None):
    """A Doc with the parse given (absolute head indices), so a rule is tested on the parse it
    is written for, whatever the shipped parser would make of the words."""
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents)


def test_a_relative_pronoun_off_its_relcl_stands_for_the_noun_before(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.sourcing.source_spans import antecedent

    # "they turned to the Police Department which reported fires ." with the clause read as
    # an adverbial clause of "turned" (no relcl): "which" is still the department
    words = ["they", "turned", "to", "the", "Police", "Department", "which", "reported",
             "fires", "."]
    heads = [1, 1, 1, 5, 5, 2, 7, 1, 7, 1]
    deps = ["nsubj", "ROOT", "prep", "det", "compound", "pobj", "nsubj", "advcl", "dobj",
            "punct"]
    pos = ["PRON", "VERB", "ADP", "DET", "PROPN", "PROPN", "PRON", "VERB", "NOUN", "PUNCT"]
    doc = _parsed(nlp, words, heads, deps, pos)
    ante = antecedent(doc[6])
    assert ante is not None and ante.text == "Department"
    # "that" off a relative clause is as often a demonstrative: left alone
    words = ["He", "said", "that", "was", "wrong", "."]
    doc = _parsed(nlp, words, [1, 1, 3, 1, 3, 1],
                  ["nsubj", "ROOT", "nsubj", "ccomp", "acomp", "punct"],
                  ["PRON", "VERB", "PRON", "AUX", "ADJ", "PUNCT"])
    assert antecedent(doc[2]) is None
    # no noun before it: a question's "Who", not a relative pronoun
    doc = _parsed(nlp, ["Who", "said", "it", "?"], [1, 1, 1, 1],
                  ["nsubj", "ROOT", "dobj", "punct"], ["PRON", "VERB", "PRON", "PUNCT"])
    assert antecedent(doc[0]) is None


def test_names_beside_a_description_are_its_holders(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.sourcing.source_spans import apposed_head

    # "two voters , Nora Quill and Dev Patel , who saw …" with the names read as conjuncts
    # of "voters" (not appositions): the first name is the antecedent (the labels' rule 8)
    words = ["two", "voters", ",", "Nora", "Quill", "and", "Dev", "Patel", ",", "who", "saw",
             "it"]
    heads = [1, 1, 1, 4, 1, 4, 7, 4, 1, 10, 1, 10]
    deps = ["nummod", "ROOT", "punct", "compound", "conj", "cc", "compound", "conj", "punct",
            "nsubj", "relcl", "dobj"]
    pos = ["NUM", "NOUN", "PUNCT", "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "PUNCT",
           "PRON", "VERB", "PRON"]
    ents = ["O", "O", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O", "O",
            "O"]
    doc = _parsed(nlp, words, heads, deps, pos, ents)
    assert apposed_head(doc[1]).text == "Quill"
    # a plain coordination with no comma names two holders, not a description's name
    words = ["critics", "and", "Nora", "Quill", "who", "saw", "it"]
    doc = _parsed(nlp, words, [0, 0, 3, 0, 5, 0, 5],
                  ["ROOT", "cc", "compound", "conj", "nsubj", "relcl", "dobj"],
                  ["NOUN", "CCONJ", "PROPN", "PROPN", "PRON", "VERB", "PRON"],
                  ["O", "O", "B-PERSON", "I-PERSON", "O", "O", "O"])
    assert apposed_head(doc[0]).text == "critics"


def _label_report(nlp, label_dep: str):  # type: ignore[no-untyped-def]
    """ "ANTALYA : Mayor Lisa Hart said the bridge would open ." with the label read as a
    second subject of "said" (*label_dep* "nsubj") or hung on it ("dep")."""
    from spacy.tokens import Doc

    words = ["ANTALYA", ":", "Mayor", "Lisa", "Hart", "said", "the", "bridge", "would", "open",
             "."]
    heads = [5, 0, 4, 4, 5, 5, 7, 9, 9, 5, 5]
    deps = [label_dep, "punct", "compound", "compound", "nsubj", "ROOT", "det", "nsubj", "aux",
            "ccomp", "punct"]
    pos = ["PROPN", "PUNCT", "PROPN", "PROPN", "PROPN", "VERB", "DET", "NOUN", "AUX", "VERB",
           "PUNCT"]
    lemmas = ["ANTALYA", ":", "Mayor", "Lisa", "Hart", "say", "the", "bridge", "would", "open",
              "."]
    ents = ["B-GPE", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O"]
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
               ents=ents)


def test_a_label_taken_for_a_second_subject_gives_way_to_the_real_one(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.sourcing.source_spans import past_dateline

    doc = _label_report(nlp, "nsubj")
    for tok in (doc[0], doc[4]):  # "ANTALYA:" -> "Hart"; "Hart" stays
        hit = past_dateline(tok)
        assert hit is not None and hit.i == 4, tok.text


def test_a_label_over_a_report_is_no_colon_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.sourcing.cue_rules import colon_heads

    doc = _label_report(nlp, "dep")
    assert colon_heads(doc, set(), frozenset({"say"})) == []
    assert len(colon_heads(doc, set(), frozenset())) == 1  # without the verbs: the old reading


def test_a_body_named_in_apposition_is_the_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "A prominent rights group, the Civic Watch Foundation, said the vote was rigged."
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the vote was rigged")
    assert c.source.kind == "named_organization"
    assert speaker(c, actors) == "Civic Watch Foundation"
    # a person in apposition stays a person
    text = "One of the family's attorneys, Justin Doe, said the police had lied."
    c = one_containing(analysed(nlp, text)[0], "the police had lied")
    assert c.source.kind == "named_person" and speaker(c, analysed(nlp, text)[1]) == "Justin Doe"
