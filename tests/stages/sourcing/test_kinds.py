"""Source kinds and speakers by SOURCING-GUIDE.md, on invented sentences with real actors."""

from __future__ import annotations

from tealeaves.model import Actor, Article, Claim
from tealeaves.stages.actors.build import find_actors
from tealeaves.stages.sourcing import find_claims
from tests.stages.sourcing.claim_helpers import attributed, one_containing


def analysed(nlp, text: str) -> tuple[list[Claim], dict[str, Actor]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    actors = find_actors(doc, Article.from_text(text))
    return attributed(find_claims(doc, actors)), {a.id: a for a in actors}


def speaker(claim: Claim, actors: dict[str, Actor]) -> str | None:
    actor = actors.get(claim.source.actor or "")
    return actor.name if actor else None


def test_a_modifier_is_not_the_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Angela Merkel met the press on Monday. A Merkel ally denied that the coalition "
            "was in trouble. Emmanuel Macron unveiled the reform on Tuesday. Macron's critics "
            "said the plan would hurt pensioners.")
    claims, actors = analysed(nlp, text)
    for words in ("the coalition was in trouble", "the plan would hurt pensioners"):
        c = one_containing(claims, words)
        assert c.source.kind == "anonymous" and c.source.actor is None, words


def test_a_headline_tie_to_a_name_is_an_unnamed_one_of_many(nlp) -> None:  # type: ignore[no-untyped-def]
    for tie in ("ally", "aide", "adviser"):
        text = (f"Varga {tie} denies plan to close the port\n\nPrime Minister Anton Varga "
                "visited the port on Monday. Dockers said the port would stay open.")
        claims, actors = analysed(nlp, text)
        c = one_containing(claims, "plan to close")
        assert c.source.kind == "anonymous" and c.source.actor is None, tie
    text = ("Varga spokesman denies plan to close the port\n\nGovernment spokesman Lukas "
            "Berg said on Monday that the port would stay open.")
    claims, actors = analysed(nlp, text)
    assert one_containing(claims, "plan to close").source.kind == "named_person"


def test_a_persons_own_words_are_that_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Mayor Lisa Hart met the council on Monday. Hart's statement said the council had "
            "failed the city. Her letter to residents said the budget was fair.")
    claims, actors = analysed(nlp, text)
    for words in ("the council had failed the city", "the budget was fair"):
        c = one_containing(claims, words)
        assert c.source.kind == "named_person" and speaker(c, actors) == "Lisa Hart", words


def test_bodies_speak_as_bodies_their_people_are_unnamed(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The Kremlin said the talks would go ahead. Kremlin officials said privately that "
            "they were worried. A White House official said the date was not fixed.")
    claims, actors = analysed(nlp, text)
    assert one_containing(claims, "the talks would go ahead").source.kind == "named_organization"
    assert one_containing(claims, "they were worried").source.kind == "anonymous"
    assert one_containing(claims, "the date was not fixed").source.kind == "anonymous"


def test_a_name_in_apposition_to_a_description_is_that_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Economist and central-bank critic Jane Doe told reporters that inflation would rise."
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "inflation would rise")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Jane Doe"


def test_the_former_and_the_latter(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("John Smith and Mary Jones met in Vienna. The former said the deal was dead, while "
            "the latter said it could be saved.")
    claims, actors = analysed(nlp, text)
    assert speaker(one_containing(claims, "the deal was dead"), actors) == "John Smith"
    assert speaker(one_containing(claims, "it could be saved"), actors) == "Mary Jones"


def test_he_added_belongs_to_the_quote_chain(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('"We will not wait forever," Tom Baker, the spokesman, said on Monday after meeting '
            'Foreign Minister Alan Grey. "The offer stands," he added.')
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "The offer stands")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Tom Baker"


def test_a_new_subject_starts_a_new_chain(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('"We will not wait forever," Tom Baker said on Monday. Later, Alan Grey flew to '
            'Paris for talks with his counterpart. He said the trip had gone well.')
    claims, actors = analysed(nlp, text)
    assert speaker(one_containing(claims, "the trip had gone well"), actors) == "Alan Grey"


def test_it_as_a_source_is_a_body_or_document(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The agency published its annual report on Friday. It says that the economy will "
            "shrink next year.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "the economy will shrink").source.kind == "named_organization"


def test_quantifiers_standing_alone_are_unnamed(nlp) -> None:  # type: ignore[no-untyped-def]
    text = '"The plan will be forgotten in two weeks," says one. Another said it would last.'
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "forgotten in two weeks").source.kind == "anonymous"
    assert one_containing(claims, "it would last").source.kind == "anonymous"


def test_a_document_of_a_named_body_and_institutions(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("A Gallup poll released on Monday shows that most voters back the plan. Police "
            "said the march was peaceful. A committee of experts found that the law failed.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "most voters back").source.kind == "named_organization"
    assert one_containing(claims, "the march was peaceful").source.kind == "named_organization"
    assert one_containing(claims, "the law failed").source.kind != "named_organization"


def test_a_follow_on_quote_keeps_speaker_and_channel(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('"The talks will go on," Anna Berg told the BBC on Monday, after a meeting with '
            'Paul Stone to discuss the plan.\n\n"We have waited a long time."')
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "We have waited")
    assert speaker(c, actors) == "Anna Berg"
    assert c.via is not None and actors[c.via].name == "BBC"


def test_widely_believed_participle_is_hearsay(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Widely believed to want the top job, the minister has kept quiet."
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "to want the top job").source.kind == "rumour"


def test_it_after_a_fact_is_the_writers_inference(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The governor fired his deputy on Monday. This move weakens the party. It shows "
            "that the governor no longer trusts his allies.")
    claims, _ = analysed(nlp, text)
    assert all("no longer trusts" not in c.text for c in claims)  # an author claim
    text = ("The ministry published a report on Friday. It says that the economy will shrink.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "the economy will shrink").source.kind == "named_organization"


def test_one_person_by_role_and_people_by_role(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Obama's former campaign strategist said the ad was unfair. Her daughter said the "
            "family was shocked. Central European leaders said the plan would fail. The "
            "Republican said the bill was dead.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "the ad was unfair").source.kind == "named_person"
    assert one_containing(claims, "the family was shocked").source.kind == "anonymous"
    assert one_containing(claims, "the plan would fail").source.kind == "anonymous"
    assert one_containing(claims, "the bill was dead").source.kind == "named_person"


def test_a_speaker_outside_the_quotation_is_found(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“My reaction, that was outrageous,” the former campaign strategist said on Monday."
    claims, _ = analysed(nlp, text)
    c = one_containing(claims, "My reaction")
    assert c.source.text == "the former campaign strategist"


def test_shares_and_documents(nlp) -> None:  # type: ignore[no-untyped-def]
    # a June report with no issuer in reach names nobody (the labels' rule 14, as "one
    # study"); the same report given its issuer is the issuer's (rule 13)
    text = ("Another 19 percent said they would not vote. A June report found that the program "
            "had failed.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "would not vote").source.kind == "anonymous"
    assert one_containing(claims, "the program had failed").source.kind == "anonymous"
    claims, _ = analysed(nlp, "A July report by the Treasury found that the fund had grown.")
    assert one_containing(claims, "the fund had grown").source.kind == "named_organization"


def test_a_quotation_signed_with_a_dash(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("“He has said hateful things time and again.” ― Carla Ruiz\n"
            "“The most unqualified candidate ever to run.” ― Tom Baker")
    claims, actors = analysed(nlp, text)
    assert speaker(one_containing(claims, "hateful things"), actors) == "Carla Ruiz"
    assert speaker(one_containing(claims, "most unqualified"), actors) == "Tom Baker"


def test_a_description_with_a_name_in_apposition(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "An attorney for the firm, Mark Doe, said the claims were false."
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the claims were false")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Mark Doe"


def test_a_first_quotation_belongs_to_the_person_just_described(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Maria Lopez, a lawyer in Denver, has long argued for the change.\n\n"
            "“Nobody should have to wait ten years for a hearing.”")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "Nobody should have to wait")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Maria Lopez"


def test_works_speak_for_their_issuer_and_initials_are_bodies(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("A Donald Trump tweet said the debate was rigged. One Republican said the plan "
            "would fail. CNS reported that the vote was delayed.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "the debate was rigged").source.kind == "named_person"
    assert one_containing(claims, "the plan would fail").source.kind == "anonymous"
    assert one_containing(claims, "the vote was delayed").source.kind == "named_organization"


def test_who_after_a_description_in_apposition_is_the_named(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The plan was pushed by Mark Sole, a media consultant and an influential Republican "
            "who said he would not vote for the mayor.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "he would not vote")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Mark Sole"


def test_which_never_stands_for_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Carl Ford, the president of the Union of Bakers, which endorsed Ann Hale in "
            "December, said that the vote was close.")
    claims, actors = analysed(nlp, text)
    c = next(c for c in claims if c.source.text == "which")
    assert c.source.kind == "named_organization" and speaker(c, actors) == "Union of Bakers"


def test_they_and_each_take_the_plural_subject_before(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Congress raised the budget in May. Researchers say the money falls short. It is "
            "an investment, they say, that pays for itself.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "pays for itself").source.kind == "anonymous"
    text = "Tom Baker and Ann Ray met on Wednesday, each saying that the other lacked judgment."
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the other lacked judgment")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Tom Baker"


def test_a_cue_without_a_found_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    # an inverted cue whose subject follows it names that subject, never the last person
    # named before it
    text = ("Tom Baker spoke first. “The old order is gone,” muttered one who attended the "
            "dinner.")
    claims, _ = analysed(nlp, text)
    c = one_containing(claims, "The old order is gone")
    assert c.source.kind == "anonymous" and c.source.actor is None
    text = ("“It has the virtue of being honest,” said Leonard Hale, director of the centrist "
            "Tax Policy Center and a professor at the State College, of the plan.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the virtue of being honest")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Leonard Hale"


def test_who_never_stands_for_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The change is likely to placate nervous Democrats on Capitol Hill, who have argued "
            "that it helps the party.")
    claims, _ = analysed(nlp, text)
    c = one_containing(claims, "it helps the party")
    assert c.source.kind == "anonymous" and c.source.actor is None


def test_a_given_name_and_surnames_taken_for_a_body_is_a_person() -> None:
    from tealeaves.model import Mention
    from tealeaves.stages.sourcing.kinds import _is_person

    def org(name: str) -> Actor:
        return Actor(id="x", name=name, kind="organization", mentions=(Mention(0, 1, "x"),))

    assert _is_person(org("Brett O'Donnell")) and _is_person(org("Laura N. Ruiz Olmo"))
    assert not _is_person(org("Patrick Henry College"))
    assert not _is_person(org("Walter Energy"))


def test_a_work_is_its_makers_words(nlp) -> None:  # type: ignore[no-untyped-def]
    """Rule 13 through the verb of making: a letter, tweets or a speech whose phrase names no
    issuer belong to the subject who put them out; a body's or a campaign's ad to a body."""
    text = ("Governor Tom Miller released a letter that says the prison will close. "
            "Senator Jane Doe unleashed a series of tweets criticizing the new airport. "
            "The claim rests on a speech Governor Tom Miller delivered in July, which says "
            "taxes will rise. Senator Jane Doe is releasing a new ad that urges voters to "
            "reject the levy.")
    claims, actors = analysed(nlp, text)
    for words, name in (("the prison will close", "Tom Miller"), ("the new airport", "Jane Doe"),
                        ("taxes will rise", "Tom Miller")):
        c = one_containing(claims, words)
        assert c.source.kind == "named_person" and name in (speaker(c, actors) or ""), words
    assert one_containing(claims, "reject the levy").source.kind == "named_organization"


def test_a_work_someone_only_handles_is_not_theirs(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Governor Tom Miller disputed a report that says the prison will close. "
            "A letter that says the airport will close was leaked on Friday.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "the airport will close").source.kind == "anonymous"
    for c in claims:
        if "the prison will close" in c.text and c.source.text in ("that", "a report"):
            assert c.source.kind != "named_person"


def test_a_quotation_no_cue_took_goes_to_the_subject_after_it(nlp) -> None:  # type: ignore[no-untyped-def]
    """A long description between the name and "said" leaves the quotation without its cue;
    the subject that opens the words right after it is still its speaker."""
    text = ("The plan was approved. ''It has the great virtue of being cheap to run,'' Peter Q. "
            "Lang, director of the independent Riverside Budget Policy Center and a professor "
            "at the Northfield School of Public Affairs of Lakeland University, said.")
    claims, actors = analysed(nlp, text)
    quoted = [c for c in claims if "great virtue" in c.text]
    assert quoted and all(c.source.kind == "named_person" for c in quoted)
    assert all("Lang" in (speaker(c, actors) or c.source.text or "") for c in quoted)


def test_a_quotation_then_a_new_sentence_without_a_cue_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'The deal closed in May. "We will not sign this." The minister spoke after the meeting.'
    claims, _ = analysed(nlp, text)
    c = one_containing(claims, "We will not sign")
    assert c.source.kind == "anonymous" and c.source.text is None


def test_a_first_person_inside_a_quotation_is_its_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    """A cue inside a quotation ("… we will find the money …") whose subject is "we": the
    speaker named after the quotation, not an unnamed source."""
    from tealeaves.stages.sourcing.cue_rules import CueMatch
    from tealeaves.stages.sourcing.cues import vocabulary
    from tealeaves.stages.sourcing.kinds import SourceContext, source_of
    from tealeaves.stages.sourcing.quotes import find_quotes
    from tealeaves.stages.sourcing.source_spans import source_span

    text = ('The town waited for news. "I made a promise to you: we will find the money for '
            'the new school," Mayor Karen Wills said on Monday.')
    doc = nlp(text)
    actors = find_actors(doc, Article.from_text(text))
    ctx = SourceContext(doc, actors, vocabulary(), find_quotes(text))
    we = next(t for t in doc if t.lower_ == "we")
    cue = next(t for t in doc if t.lower_ == "find")
    f = CueMatch(content=(cue.idx, len(text) - 40), quote=False,
                 cue=(cue.idx, cue.idx + len(cue.text)), source=source_span(we), subject=we)
    src = source_of(ctx, f)
    names = {a.id: a.name for a in actors}
    assert src.kind == "named_person" and "Karen Wills" in names.get(src.actor or "", "")


def test_named_examples_initials_and_contestants(nlp) -> None:  # type: ignore[no-untyped-def]
    """The labels' rule 8 with "including" after the verb, a name with an initial, and the
    contenders of a race (rules 7 and 10): all named sources."""
    text = ("Several nations announced support on Thursday, including the Netherlands, "
            "Pakistan and Peru. M. Dane Waters, whose Delegates Unbound group has been at the "
            "forefront of this effort, said the rules were unfair. Hillary Clinton and Bernie "
            "Sanders met in Iowa. The Democratic contenders argued that the economy needed help.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "support").source.kind == "named_organization"
    assert one_containing(claims, "the rules were unfair").source.kind == "named_person"
    assert one_containing(claims, "the economy needed help").source.kind == "named_person"


def test_unnamed_groups_stay_unnamed(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Several nations announced support on Thursday, including new funds for schools. "
            "Some contenders argued that the economy needed help.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "support").source.kind == "anonymous"
    assert one_containing(claims, "the economy needed help").source.kind == "anonymous"


def test_a_noun_that_cannot_speak_is_no_source(nlp) -> None:  # type: ignore[no-untyped-def]
    """A cue whose controller is a mute noun ("the rise of …") speaks for the person the
    verb moves to act, not for the noun."""
    text = ("Senator Jane Doe has long fought the plan. The rise of the new party gave Jane Doe "
            "new impetus to oppose the merger and to reach out to its critics.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the merger")
    assert c.source.kind == "named_person" and "Jane Doe" in (speaker(c, actors) or "")


def test_a_participle_on_a_thing_is_said_by_whoever_made_it(nlp) -> None:  # type: ignore[no-untyped-def]
    """"… with a joke about the weather remarking that …": the parser hangs the participle on
    "weather", which says nothing; the senator does."""
    text = ("Senator Jane Doe opened with a joke about the weather remarking that the rain "
            "would not stop her.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the rain would not stop her")
    assert c.source.kind == "named_person" and "Jane Doe" in (speaker(c, actors) or "")


def test_a_works_maker_is_read_as_any_source(nlp) -> None:  # type: ignore[no-untyped-def]
    """Unnamed makers leave the work unnamed ("Lawyers for X filed legal papers saying …" is
    not X's), and a work one only appears in is not one's own ("did well in a poll")."""
    from tealeaves.stages.sourcing.cues import vocabulary
    from tealeaves.stages.sourcing.works import work_maker

    text = ("Lawyers for Senator Jane Doe filed legal papers saying that the records should "
            "stay sealed.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "the records should stay sealed").source.kind == "anonymous"
    doc = nlp("Senator Jane Doe did well in a new poll that shows her ahead in Ohio.")
    poll = next(t for t in doc if t.lower_ == "poll")
    assert work_maker(poll, vocabulary()) is None
    doc = nlp("Senator Jane Doe argued in a new column that shows her plan is cheaper.")
    oped = next(t for t in doc if t.lower_ == "column")
    maker = work_maker(oped, vocabulary())
    assert maker is not None and maker.text == "Doe"


def test_who_after_names_in_apposition_to_a_group(nlp) -> None:  # type: ignore[no-untyped-def]
    """Rule 7: "two voters, A and B, who said" names every holder; "two voters who said" none."""
    text = ("Reporters met two local voters, Mary Lopez and David Brown, who said they had seen "
            "the senator speak at a recent rally. Reporters met two students who said they "
            "would vote for the first time.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "seen the senator speak").source.kind == "named_person"
    assert one_containing(claims, "vote for the first time").source.kind == "anonymous"


def test_a_relative_pronoun_takes_its_antecedents_kind(nlp) -> None:  # type: ignore[no-untyped-def]
    # the span stays "who"/"which" (as PolNeAR marks it); kind and actor are the antecedent's
    text = ("The rail plan was unveiled on Monday. The plan angered those who said the city "
            "could not afford it. Anyone who claims the line will pay for itself is "
            "dreaming, one engineer wrote. The plan was backed by Anna Cole, who said it "
            "would cut traffic. It was opposed by two senior officials, who said the budget "
            "was already stretched.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the city could not afford it")
    assert c.source.text == "who" and c.source.kind == "anonymous" and c.source.actor is None
    c = one_containing(claims, "it would cut traffic")
    assert c.source.text == "who" and c.source.kind == "named_person"
    assert speaker(c, actors) == "Anna Cole"
    c = one_containing(claims, "the budget was already stretched")
    assert c.source.kind == "anonymous" and c.source.actor is None


def test_a_lead_role_that_asks_for_anonymity_stays_unnamed(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("A diplomat, who requested anonymity, said the talks had failed.",
                 "A senior diplomat who asked not to be named said the talks had failed."):
        claims, _ = analysed(nlp, text)
        c = one_containing(claims, "the talks had failed")
        assert c.source.kind == "anonymous" and c.source.actor is None, text
    # a lead's plain role is the person the story names below (PolNeAR labels, rule 2)
    claims, _ = analysed(nlp, "A former governor said the talks had failed.")
    assert one_containing(claims, "the talks had failed").source.kind == "named_person"


def test_they_after_a_run_of_they_sentences_is_the_group_named_before(nlp) -> None:  # type: ignore[no-untyped-def]
    # a subject inside the quotation ("The plan is …") is not what "they" stands for
    text = ("Critics of the toll plan, like Senators Ann Lake and Bo Fry, see the vote as a "
            "chance to fix it. They sent a letter on Friday to the mayor. \"The plan is unfair "
            "to commuters,\" they wrote.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "unfair to commuters")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Ann Lake"
    # a singular subject between: no chain, the group stays unnamed
    text = ("Voters are angry. The mayor spoke on Monday. \"We pay enough,\" they said.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "We pay enough").source.kind == "anonymous"


def test_its_is_a_body_or_a_document_never_unnamed_people(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The council's earlier report was widely mocked for its prediction that traffic "
            "would fall by half.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "traffic would fall").source.kind == "named_organization"


def test_who_after_a_thing_stands_for_the_people_before_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Ann Lake began taking calls from angry listeners to her \"Straight Talk\" radio "
            "program who said they had doubts about the mayor.")
    claims, _ = analysed(nlp, text)
    c = one_containing(claims, "doubts about the mayor")
    assert c.source.text == "who" and c.source.kind == "anonymous" and c.source.actor is None



def test_who_after_an_event_noun_is_not_moved_to_it(nlp) -> None:  # type: ignore[no-untyped-def]
    # "encounter" is no agent noun: a "who" is never moved onto it
    text = ("The unreleased video of the encounter has become a focal point for demonstrators "
            "here, who have taken to the streets and called for footage to be released.")
    claims, _ = analysed(nlp, text)
    c = one_containing(claims, "footage to be released")
    assert c.source.kind == "anonymous"


def test_a_mute_controller_that_is_its_own_clause_subject_does_not_recurse(nlp) -> None:  # type: ignore[no-untyped-def]
    """A parse that hangs the cue on a noun that cannot speak and is its clause's subject
    ("a group of rabbis called for …, and the league denounced …" read with "called" as a
    clause on "group") once sent the controller search round in a loop."""
    from spacy.tokens import Doc

    from tealeaves.stages.sourcing import find_claims

    words = ["A", "group", "of", "rabbis", "called", "for", "a", "boycott", ",", "and", "the",
             "league", "denounced", "the", "plan", "."]
    heads = [1, 12, 1, 2, 1, 4, 7, 5, 1, 1, 11, 1, 12, 14, 12, 12]
    deps = ["det", "nsubj", "prep", "pobj", "acl", "prep", "det", "pobj", "punct", "cc", "det",
            "conj", "ROOT", "det", "dobj", "punct"]
    tags = ["DT", "NN", "IN", "NNS", "VBD", "IN", "DT", "NN", ",", "CC", "DT", "NN", "VBD",
            "DT", "NN", "."]
    pos = ["DET", "NOUN", "ADP", "NOUN", "VERB", "ADP", "DET", "NOUN", "PUNCT", "CCONJ", "DET",
           "NOUN", "VERB", "DET", "NOUN", "PUNCT"]
    lemmas = ["a", "group", "of", "rabbi", "call", "for", "a", "boycott", ",", "and", "the",
              "league", "denounce", "the", "plan", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos,
              lemmas=lemmas, sent_starts=[True] + [False] * 15)
    claims = find_claims(doc, [])
    assert one_containing(claims, "a boycott").source.kind == "anonymous"
