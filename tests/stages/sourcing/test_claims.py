"""Tests of the sourcing stage: quotes, cues, sources, channels, hedges, author claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from tealeaves.model import Actor, Claim, Mention
from tealeaves.stages.sourcing import find_claims
from tealeaves.stages.sourcing.hedges import find_hedges
from tealeaves.stages.sourcing.quotes import find_quotes
from tealeaves.stages.syntax import actor_at
from tests.conftest import need

FOUNDING = (
    Path(__file__).resolve().parents[3].parent / "shared" / "examples" / "lavrov-last-tango.txt"
)


def claims_of(nlp, text: str, actors: list[Actor] | None = None) -> list[Claim]:  # type: ignore[no-untyped-def]
    return find_claims(nlp(text), actors or [])


def attributed(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.source.kind != "author"]


def one_containing(claims: list[Claim], words: str) -> Claim:
    found = [c for c in claims if words in c.text]
    assert found, f"no claim contains {words!r}: {[c.text for c in claims]}"
    return found[0]


# --- quotes -------------------------------------------------------------------------


def test_curly_and_straight_quotes_are_found() -> None:
    text = 'She said “We will win this.” He said "They will lose badly."'
    assert [q.text for q in find_quotes(text)] == ["“We will win this.”", '"They will lose badly."']


def test_nested_quotes_stay_inside_the_outer_quote() -> None:
    text = '“We sent a ‘draft’ that was fine,” she said. “He called it "a joke" today,” he said.'
    quotes = [q.text for q in find_quotes(text)]
    assert quotes == ["“We sent a ‘draft’ that was fine,”", '“He called it "a joke" today,”']


def test_quote_spanning_paragraphs_is_one_quote() -> None:
    text = "He said:\n“The first part goes on.\n“And the second part ends here.”\nThen nothing."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].text.startswith("“The first") and quotes[0].text.endswith("here.”")


def test_unbalanced_quote_mark_loses_only_itself() -> None:
    text = (
        'The mayor said "we are broke and then moved on.\n'
        'Later the chief said "the budget is fine for now." '
        'A stray closing mark” appears here. "Taxes will not rise this year," she added.'
    )
    quotes = [q.text for q in find_quotes(text)]
    assert quotes == ['"the budget is fine for now."', '"Taxes will not rise this year,"']


def test_double_apostrophes_work_as_quote_marks() -> None:
    text = "''Revenues are up a bit,'' Mr. Ekovich said."
    assert [q.text for q in find_quotes(text)] == ["''Revenues are up a bit,''"]


# --- claims and sources -----------------------------------------------------------------


def test_said_that_gives_named_person_source_and_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = claims_of(nlp, "Senator Jane Holt said that the bill would fail in the House.")
    c = one_containing(attributed(claims), "the bill would fail")
    assert c.source.kind == "named_person"
    assert c.source.text == "Senator Jane Holt"
    assert c.cue is not None and c.cue.text == "said"
    assert not c.quote


def test_quote_interrupted_by_he_said_is_one_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“We are not leaving,” Mr. Brandt said, “until the vote is counted.”"
    claims = attributed(claims_of(nlp, text))
    assert len(claims) == 1
    c = claims[0]
    assert c.quote and c.text.startswith("“We are not") and c.text.endswith("counted.”")
    assert c.source.text == "Mr. Brandt"


def test_multi_sentence_quote_after_colon(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The governor told reporters: “It is over. We lost. We go home now.”"
    c = one_containing(attributed(claims_of(nlp, text)), "We lost")
    assert c.text == "“It is over. We lost. We go home now.”"
    assert c.source.text == "The governor"


def test_quote_followed_by_more_quote_from_same_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“The plan is dead,” Ms. Ortiz said. “Nobody in this town wants it anymore.”"
    claims = attributed(claims_of(nlp, text))
    assert len(claims) == 1 and "Nobody in this town" in claims[0].text


def test_according_to_names_the_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "According to the Interior Ministry, four people were arrested overnight."
    c = one_containing(attributed(claims_of(nlp, text)), "four people were arrested")
    assert c.cue is not None and c.cue.text == "According to"
    assert c.source.text == "the Interior Ministry"
    assert c.source.kind == "named_organization"


def test_anonymous_sources(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Officials familiar with the talks said the deal was close to collapse."
    c = one_containing(attributed(claims_of(nlp, text)), "the deal was close")
    assert c.source.kind == "anonymous"


def test_reportedly_is_anonymous_and_hedged(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The minister has reportedly resigned after the scandal."
    c = one_containing(attributed(claims_of(nlp, text)), "resigned")
    assert c.source.kind == "anonymous"
    assert [h.text for h in c.hedges] == ["reportedly"]


def test_rumour_frame(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "Rumour has it, the coach will quit in May.",
        "Word is, the board wants a new chair.",
    ):
        claims = attributed(claims_of(nlp, text))
        assert claims and claims[0].source.kind == "rumour", text
        assert claims[0].cue is not None


def test_mock_quote_in_a_groups_mouth(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The union leaders are furious. “We never agreed to any of this!” they complain."
    c = one_containing(attributed(claims_of(nlp, text)), "We never agreed")
    assert c.source.text == "they"
    assert c.cue is not None and c.cue.text == "complain"


def test_pronoun_source_links_to_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Anna Weber arrived late. She said the schedule had been changed."
    weber = Actor(
        id="anna-weber", name="Anna Weber", kind="person", mentions=(Mention(0, 10, "Anna Weber"),)
    )
    c = one_containing(attributed(claims_of(nlp, text, [weber])), "the schedule had been changed")
    assert c.source.actor == "anna-weber"
    assert c.source.kind == "named_person"


def test_relative_who_source_links_to_antecedent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The plan was backed by Tom Reyes, who said it would save money."
    reyes = Actor(
        id="tom-reyes", name="Tom Reyes", kind="person", mentions=(Mention(23, 32, "Tom Reyes"),)
    )
    c = one_containing(attributed(claims_of(nlp, text, [reyes])), "it would save money")
    assert c.source.text == "who"
    assert c.source.actor == "tom-reyes"


def test_channel_through_a_newspaper(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The ministry told readers through its newspaper, Vedomosti, that the rules were clear."
    start = text.index("Vedomosti")
    outlet = Actor(
        id="vedomosti",
        name="Vedomosti",
        kind="organization",
        mentions=(Mention(start, start + 9, "Vedomosti"),),
    )
    c = one_containing(attributed(claims_of(nlp, text, [outlet])), "the rules were clear")
    assert c.via == "vedomosti"


def test_channel_told_an_outlet(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The senator told Reuters that she would run again."
    start = text.index("Reuters")
    reuters = Actor(
        id="reuters",
        name="Reuters",
        kind="organization",
        mentions=(Mention(start, start + 7, "Reuters"),),
    )
    c = one_containing(attributed(claims_of(nlp, text, [reuters])), "she would run again")
    assert c.via == "reuters"


def test_author_claims_cover_unattributed_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The bridge collapsed on Monday. Was anyone hurt? The mayor said nobody was hurt."
    claims = claims_of(nlp, text)
    authors = [c.text for c in claims if c.source.kind == "author"]
    assert "The bridge collapsed on Monday." in authors
    assert not any("anyone hurt" in a for a in authors)  # questions are not claims
    assert not any("nobody was hurt" in a for a in authors)


def test_author_claim_hedges(nlp) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(claims_of(nlp, "The leak was probably arranged by his rivals."), "leak")
    assert c.source.kind == "author"
    assert [h.text for h in c.hedges] in (["probably"], ["was probably"])


def test_hedges_skip_the_month_may(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("In May the plan may fail, it seems.")
    assert [h.text for h in find_hedges(doc, 0, len(doc.text))] == ["may", "it seems"]


def test_offsets_match_the_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = need(FOUNDING, "the founding article").read_text(encoding="utf-8")
    for c in find_claims(nlp(text), []):
        assert text[c.start : c.end] == c.text
        if c.cue:
            assert text[c.cue.start : c.cue.end] == c.cue.text
        if c.source.start is not None and c.source.end is not None:
            assert text[c.source.start : c.source.end] == c.source.text
        for h in c.hedges:
            assert text[h.start : h.end] == h.text


def test_actor_at_prefers_largest_overlap() -> None:
    a = Actor(id="a", name="A", kind="person", mentions=(Mention(0, 5, "Alpha"),))
    b = Actor(id="b", name="B", kind="organization", mentions=(Mention(4, 20, "a Beta Group"),))
    assert actor_at([a, b], 6, 18) is b
    assert actor_at([a, b], 0, 3) is a
    assert actor_at([a, b], 30, 40) is None


# --- the founding article ----------------------------------------------------------------


@pytest.fixture(scope="module")
def founding_claims(nlp):  # type: ignore[no-untyped-def]
    from tealeaves.model import Article
    from tealeaves.stages.actors.build import find_actors

    text = need(FOUNDING, "the founding article").read_text(encoding="utf-8")
    doc = nlp(text)
    return find_claims(doc, find_actors(doc, Article.from_text(text)))


def test_founding_anonymous_sources(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "completely unprepared")
    assert c.source.kind == "anonymous"
    assert c.source.text is not None and c.source.text.startswith("Sources")


def test_founding_rubio_quote(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "Forget it")
    assert c.quote and c.source.kind == "named_person" and c.source.text == "Rubio"


def test_founding_channel(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "it was all Rubio's fault")
    assert c.source.kind == "named_organization"
    assert c.via is not None and "kommersant" in c.via


def test_founding_mock_quotes(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "following old agreements")
    assert c.source.kind == "named_organization" and c.source.text == "they"
    assert "non-paper" in c.text  # the second mock quote goes with the first


def test_founding_reportedly(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "depressed")
    assert c.source.kind == "anonymous"
    assert "reportedly" in [h.text for h in c.hedges]


def test_founding_rumour(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "absolutely livid")
    assert c.source.kind == "rumour"
    assert c.cue is not None and c.cue.text == "Word is"


def test_founding_inner_circle(founding_claims) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(founding_claims, "sabotage")
    assert c.source.kind == "anonymous"
    assert "apparently" in [h.text for h in c.hedges]


def test_founding_author_hedged_and_flat(founding_claims) -> None:  # type: ignore[no-untyped-def]
    hedged = one_containing(founding_claims, "commissioned by his rivals")
    assert hedged.source.kind == "author"
    assert "likely" in [h.text for h in hedged.hedges]
    flat = one_containing(founding_claims, "flew privately to Washington")
    assert flat.source.kind == "author" and flat.hedges == ()


# --- more cue patterns ---------------------------------------------------------------


def test_colon_after_a_name_introduces_a_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = attributed(claims_of(nlp, "Obama: The economy is stronger than ever."))
    c = one_containing(claims, "economy is stronger")
    assert c.cue is not None and c.cue.text == ":"
    assert c.source.text == "Obama"


def test_colon_after_a_reporting_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Aides are saying the same thing: the senator never read the report."
    c = one_containing(attributed(claims_of(nlp, text)), "never read the report")
    assert c.source.kind == "anonymous"
    assert c.cue is not None and c.cue.text == "saying"


def test_noun_cue_with_that_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mr. Hale's claim that the audit cleared him drew scorn from the board."
    c = one_containing(attributed(claims_of(nlp, text)), "the audit cleared him")
    assert c.cue is not None and c.cue.text == "claim"
    assert c.source.text is not None and "Hale" in c.source.text


def test_poll_as_document_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ms. Diaz led the race by nine points in a Gallup poll released Tuesday."
    c = one_containing(attributed(claims_of(nlp, text)), "led the race")
    assert c.source.text is not None and "poll" in c.source.text


def test_as_she_said_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "As Ms. Kerr noted, the new rules will cost farmers millions."
    c = one_containing(attributed(claims_of(nlp, text)), "cost farmers millions")
    assert c.source.text == "Ms. Kerr"
    assert "noted" not in c.text


def test_seems_is_the_writers_hedge_not_an_attribution(nlp) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(
        claims_of(nlp, "The governor seems to have lost his nerve."), "lost his nerve"
    )
    assert c.source.kind == "author"
    assert [h.text for h in c.hedges] == ["seems"]


def test_nested_report_folds_into_the_outer_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The mayor said the chief told him that the budget was fine."
    claims = attributed(claims_of(nlp, text))
    assert len(claims) == 1 and claims[0].source.text == "The mayor"


def test_quote_without_cue_continues_the_last_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Senator Ruiz said the vote would be close.\n\n"
        "“We have done everything we could to win this one.”"
    )
    c = one_containing(attributed(claims_of(nlp, text)), "everything we could")
    assert c.source.text == "Senator Ruiz"


def test_scare_quotes_are_not_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = attributed(claims_of(nlp, 'The plan was called a "reform" by nobody in particular.'))
    assert not any(c.quote for c in claims)


def test_stray_quote_mark_keeps_the_other_quoted_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        'The council met on Monday and "argued for hours.\n\n'
        "“We will not raise taxes this year,” the mayor said.\n\n"
        "“The budget is balanced for the first time in a decade,” the treasurer said."
    )
    quoted = [c for c in attributed(claims_of(nlp, text)) if c.quote]
    assert [c.source.text for c in quoted] == ["the mayor", "the treasurer"]


def test_channel_in_an_interview_with(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The minister said in an interview with Reuters that the talks had failed."
    start = text.index("Reuters")
    reuters = Actor(
        id="reuters",
        name="Reuters",
        kind="organization",
        mentions=(Mention(start, start + 7, "Reuters"),),
    )
    c = one_containing(attributed(claims_of(nlp, text, [reuters])), "the talks had failed")
    assert c.via == "reuters"
    assert c.source.text == "The minister"


def test_called_x_y_takes_object_and_predicate(nlp) -> None:  # type: ignore[no-untyped-def]
    c = one_containing(attributed(claims_of(nlp, "Hillary Clinton called it ''predatory.''")), "it")
    assert "predatory" in c.text and c.source.text == "Hillary Clinton"


def test_a_naming_participle_is_a_name_not_a_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = claims_of(nlp, "A man named John Smith was arrested on Tuesday.")
    assert attributed(claims) == []
    # the author's claim keeps its subject
    assert claims[0].text.startswith("A man named John Smith was arrested")
    # given by somebody, the name is a view again
    c = one_containing(attributed(claims_of(nlp, "It is a plan called reckless by critics.")), "reckless")
    assert c.source.kind == "anonymous"


def test_clause_only_verbs_need_a_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.sourcing.cues import vocabulary

    assert {"maintain", "add"} <= vocabulary().clause_only
    assert attributed(claims_of(nlp, "Clinton maintains a wide lead over Sanders.")) == []
    assert attributed(claims_of(nlp, "Trump won Virginia, adding to his wins in the South.")) == []
    c = one_containing(
        attributed(claims_of(nlp, "Clinton maintains that the lead is safe.")), "the lead is safe"
    )
    assert c.source.text == "Clinton"


def test_a_cue_inside_anothers_content_folds_in_even_with_its_source_outside(nlp) -> None:  # type: ignore[no-untyped-def]
    # "repeat" takes Ban as its subject through the infinitive, but it is what Ban vowed
    claims = attributed(claims_of(nlp, "Ban Ki-moon vowed not to repeat that mistake."))
    assert [(c.cue.text if c.cue else None, c.text) for c in claims] == [
        ("vowed", "not to repeat that mistake")
    ]


def test_transcript_turns_belong_to_their_speakers(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Tapper presses Fallin on the convention\n\n"
        "CNN host Jake Tapper spoke to Governor Mary Fallin on Sunday.\n\n"
        "UPDATE: The interview aired at noon.\n\n"
        "TAPPER: Do you think he can unite the party?\n\n"
        "Many voters have told me they are worried.\n\n"
        "FALLIN: I think he is trying. That has been his message.\n\n"
        "(END VIDEO CLIP.)\n\n"
        "The governor left for Tulsa after the interview.\n"
    )
    claims = claims_of(nlp, text)
    tapper = one_containing(claims, "unite the party")
    assert tapper.source.text == "TAPPER" and tapper.source.kind == "named_person"
    assert tapper.quote and tapper.cue is not None and tapper.cue.text == ":"
    # the unlabelled paragraph before the next turn is still Tapper speaking
    assert tapper.text.endswith("they are worried.")
    fallin = one_containing(claims, "his message")
    assert fallin.source.text == "FALLIN" and fallin.text.startswith("I think he is trying")
    # a stage direction ends the turn; the writer takes over again
    assert one_containing(claims, "left for Tulsa").source.kind == "author"
    # "UPDATE:" names nobody in the article: no speaker
    assert one_containing(claims, "aired at noon").source.kind == "author"


def test_a_turn_stops_at_narration_and_runs_over_hard_wraps(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Talks Collapse in Geneva\r\n\r\n"
        "TAPPER: Do you think the talks failed?\r\n\r\n"
        "Jake Tapper asked Senator John Fallin about it.\r\n\r\n"
        "FALLIN: I think they did. The minister said on Tuesday that the long talks in Geneva\r\n"
        "had failed because of the new sanctions.\r\n"
    )
    claims = claims_of(nlp, text)
    assert one_containing(claims, "talks failed?").text.rstrip("”") == "Do you think the talks failed?"
    # the writer naming the speakers is narration, not Tapper speaking on
    assert one_containing(claims, "Jake Tapper asked").source.kind == "author"
    fallin = one_containing(claims, "I think they did")
    assert fallin.source.text == "FALLIN" and "new sanctions" in fallin.text


def test_quoted_transcript_goes_on_while_paragraphs_open_with_a_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Pence: Trump Was Mocking Clinton\n\n"
        "Governor Mike Pence spoke to Chris Wallace on Sunday. Partial transcript:\n\n"
        '"WALLACE: Will she be there?\n\n'
        '"PENCE: She will not be attending the debate.\n\n'
        '"He wanted to mock the Clinton campaign, and he did.\n\n'
        "The debate is on Monday night.\n"
    )
    claims = claims_of(nlp, text)
    pence = one_containing(claims, "not be attending")
    assert pence.source.text == "PENCE"
    assert pence.text.rstrip("”\"").endswith("and he did.")
    # the actors stage takes the label in capitals as a mention of Mike Pence
    from tealeaves.model import Article
    from tealeaves.stages.actors.build import find_actors

    doc = nlp(text)
    linked = one_containing(
        find_claims(doc, find_actors(doc, Article.from_text(text))), "not be attending"
    )
    assert linked.source.actor == "mike-pence"  # the label is his surname
    assert one_containing(claims, "Will she be there").source.text == "WALLACE"
    assert one_containing(claims, "on Monday night").source.kind == "author"
    # the title's "Pence:" says only the title
    title = one_containing(claims, "Trump Was Mocking")
    assert "Governor" not in title.text and title.source.text == "Pence"


def test_a_parse_run_over_a_paragraph_break_does_not_steal_the_content(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parser joins the quote, the stray "X." line and the next paragraph into one
    # sentence and makes the quote the clause of "noted"
    text = (
        "“They are going to people, showing videos of Donald Trump insulting Islam and "
        "Muslims in order to recruit more radical jihadists.”\n\nX.\n\n"
        "Fact-checkers soon noted that Clinton may have been referring to a hypothetical "
        "situation."
    )
    c = one_containing(attributed(claims_of(nlp, text)), "hypothetical situation")
    assert c.cue is not None and c.cue.text == "noted"
    assert c.source.text == "Fact-checkers"


def test_a_quote_paragraph_does_not_lend_its_subject_to_the_next(nlp) -> None:  # type: ignore[no-untyped-def]
    # a real article where the parser, left alone, runs the quotation's sentence into the
    # next paragraph and "said" takes "you" from the quote as its subject
    path = FOUNDING.parents[1] / "data" / "ptc2020" / "train" / "articles" / "article740808926.txt"
    need(path, "a PTC-2020 train article")
    c = one_containing(attributed(claims_of(nlp, path.read_text(encoding="utf-8"))), "hundreds more escaped")
    assert c.source.text == "ICE officials"


def test_hard_wrapped_lines_are_one_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The foreign minister of the republic said on Tuesday that the long talks in Geneva\n"
        "had failed because of the new sanctions imposed by the European Union last week."
    )
    c = one_containing(attributed(claims_of(nlp, text)), "talks in Geneva")
    assert c.text.endswith("last week")


def test_a_counted_group_is_an_unnamed_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Some Democrats question the plan. Two Republicans said it would fail. Democrats argued it was legal."
    kinds = {c.source.text: c.source.kind for c in attributed(claims_of(nlp, text))}
    assert kinds == {
        "Some Democrats": "anonymous",
        "Two Republicans": "anonymous",
        "Democrats": "named_organization",
    }


def test_asked_participle_does_not_make_the_answerer_the_asker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "When asked whom she supported, Ms. Sherry smiled."
    c = one_containing(attributed(claims_of(nlp, text)), "whom she supported")
    assert c.source.text is None


def test_imperatives_and_questions_are_not_attributions(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The deal is dead, and guess who is to blame? Did they really think it would work?"
    assert attributed(claims_of(nlp, text)) == []


def test_long_article_is_not_quadratic(nlp) -> None:  # type: ignore[no-untyped-def]
    import time

    from spacy.tokens import Doc

    text = (
        "“We will not raise taxes this year,” the mayor said on Monday. "
        "Critics said the plan was reckless, according to a local paper. "
        'The council met. "It is a mistake and everyone knows it," one member told reporters.\n\n'
    )
    one = nlp(text)
    copies = 150
    big = Doc.from_docs([one] * copies)
    t0 = time.perf_counter()
    for _ in range(copies):
        find_claims(one, [])
    separate = time.perf_counter() - t0
    t0 = time.perf_counter()
    claims = find_claims(big, [])
    together = time.perf_counter() - t0
    assert len(claims) >= copies * 3
    assert together < 3 * separate + 0.5, (together, separate)


def test_a_line_break_ends_an_author_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Minister's star fades as envoy takes over the talks\n"
            "The talks in Geneva collapsed on Tuesday, and the minister was blamed.\n")
    authored = [c.text for c in claims_of(nlp, text) if c.source.kind == "author"]
    assert "Minister's star fades as envoy takes over the talks" in authored
    assert any(t.startswith("The talks in Geneva collapsed") for t in authored)


def test_noun_modifier_fragments_are_not_author_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('"We came to talk," said Maria Kovacs, the mediator who chaired the session. '
            "The talks collapsed on Tuesday.")
    authored = [c.text for c in claims_of(nlp, text) if c.source.kind == "author"]
    assert not any("chaired the session" in t for t in authored), authored
    assert any(t.startswith("The talks collapsed") for t in authored)


def test_definite_title_description_is_a_person_not_the_place_in_it() -> None:
    from tealeaves import analyze

    text = ("Graham has been critical of the plan. The South Carolina senator said the party "
            "must change. A senator said the vote would fail. The Pentagon spokesman said the "
            "strike was legal.")
    claims = analyze(text).claims
    senator = one_containing(claims, "the party must change")
    assert senator.source.kind == "named_person"
    assert senator.source.actor is None or "carolina" not in senator.source.actor
    assert one_containing(claims, "the vote would fail").source.kind == "anonymous"
    # a spokesperson speaks for the organization named
    assert one_containing(claims, "the strike was legal").source.kind == "named_organization"
