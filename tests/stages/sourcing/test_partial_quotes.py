"""A cue-less partial quotation set inside the writer's clause takes that clause as its
content (``stages/sourcing/partial_quotes.py``), on invented sentences; a quotation said as a
sentence, one that holds its own subject and one under a cue keep their bounds."""

from __future__ import annotations

from tealeaves.stages.sourcing import find_claims
from tealeaves.stages.sourcing.partial_quotes import clause_around
from tests.stages.sourcing.claim_helpers import attributed, one_containing


def _span(text: str, quoted: str) -> tuple[int, int]:
    start = text.index(quoted)
    return start, start + len(quoted)


def test_a_quotation_as_the_object_of_an_action_verb_takes_its_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Senator Jane Doe spoke at length on Monday. The new campaign ad hits her rival for "
            'taking "far more money from big banks than from the voters of this state" and '
            "says nothing else.")
    claim = one_containing(attributed(find_claims(nlp(text), [])), "far more money")
    assert claim.cue is None
    assert claim.text.startswith("The new campaign ad hits her rival for taking")
    assert "says nothing else" not in claim.text  # a verb joined after it is its own


def test_a_quotation_in_a_relative_clause_keeps_the_noun_it_describes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The files were classified, a level kept for material whose release could cause "
            '"serious harm to the safety of the whole country."')
    doc = nlp(text)
    start, end = clause_around(doc, _span(text, '"serious harm to the safety of the whole country."'))
    assert text[start:end].startswith(("material whose release", "a level kept for material"))
    assert text[start:end].endswith('country."')


def test_quotations_said_as_they_stand_keep_their_bounds(nlp) -> None:  # type: ignore[no-untyped-def]
    for text, quoted in (
        ('The senator sighed and added: "We will not give up on this fight, whatever it '
         'takes."', '"We will not give up on this fight, whatever it takes."'),
        ('Good schools can still win, but only when "the teachers are paid better than the '
         'managers."', '"the teachers are paid better than the managers."'),
        ('"There is nothing more to talk about today, nothing at all," the mayor told them.',
         '"There is nothing more to talk about today, nothing at all,"'),
    ):
        doc = nlp(text)
        span = _span(text, quoted)
        assert clause_around(doc, span) == span, text


def test_a_quotation_with_no_subject_to_take_keeps_its_bounds(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Ending "the long era of waste in public building projects."'
    doc = nlp(text)
    span = _span(text, '"the long era of waste in public building projects."')
    assert clause_around(doc, span) == span


def test_a_clause_reaching_into_another_claim_is_not_taken(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('Mayor Tom Smith said the council was wrong, and the council then rejected his plan '
            'to "rebuild every bridge in the city within a single decade."')
    found = attributed(find_claims(nlp(text), []))
    # whatever the cues found, no two attributed contents overlap
    spans = sorted((c.start, c.end) for c in found)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), spans


def test_a_speech_noun_on_the_way_gives_its_phrase_not_the_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('His ratings rose after the floods, and his call for "a complete halt to all new '
            'building" on the coast.')
    doc = nlp(text)
    start, end = clause_around(doc, _span(text, '"a complete halt to all new building"'))
    assert text[start:end].startswith("his call for")
    assert "ratings" not in text[start:end]


def test_a_relative_preposition_does_not_open_the_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('Then came another post, one in which he took credit for "being right about the '
            'floods all along."')
    doc = nlp(text)
    start, end = clause_around(doc, _span(text, '"being right about the floods all along."'))
    assert text[start:end].startswith("he took credit for")
