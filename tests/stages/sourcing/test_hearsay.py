"""Hearsay (kind rumour), relays and fragments, on invented sentences."""

from __future__ import annotations

from tealeaves.model import Actor, Article, Claim
from tealeaves.stages.actors.build import find_actors
from tealeaves.stages.sourcing import find_claims
from tests.stages.sourcing.claim_helpers import attributed, one_containing


def analysed(nlp, text: str) -> tuple[list[Claim], dict[str, Actor]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    actors = find_actors(doc, Article.from_text(text))
    return attributed(find_claims(doc, actors)), {a.id: a for a in actors}


def test_passives_with_no_holder_are_rumour(nlp) -> None:  # type: ignore[no-untyped-def]
    for text, words in (
        ("It has been suggested that the governor will resign.", "the governor will resign"),
        ("The governor is said to be furious with his deputy.", "furious with his deputy"),
        ("The envoy is widely seen as a rival of the minister.", "a rival of the minister"),
    ):
        claims, _ = analysed(nlp, text)
        c = one_containing(claims, words)
        assert c.source.kind == "rumour", text
    claims, _ = analysed(nlp, "The governor is said by his aides to be furious.")
    assert all(c.source.kind != "rumour" for c in claims)


def test_forecasts_and_accusations_are_not_hearsay(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The treaty is expected to be signed in May. The mayor was accused of fraud."
    claims, _ = analysed(nlp, text)
    assert all(c.source.kind != "rumour" for c in claims)


def test_hearsay_nouns(nlp) -> None:  # type: ignore[no-untyped-def]
    for text, words in (
        ("Rumours swirl that the minister will quit.", "the minister will quit"),
        ("Speculation that the summit would be cancelled grew on Monday.", "the summit would"),
        ("There is talk of a cabinet reshuffle in the spring.", "a cabinet reshuffle"),
    ):
        claims, _ = analysed(nlp, text)
        assert one_containing(claims, words).source.kind == "rumour", text
    claims, _ = analysed(nlp, "Peace talks about the ceasefire resumed on Monday.")
    assert claims == []


def test_a_denied_rumour_stays_a_rumour_beside_the_denial(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The ministry dismissed rumours that the governor had been sacked."
    claims, _ = analysed(nlp, text)
    kinds = sorted(c.source.kind for c in claims)
    assert kinds == ["named_organization", "rumour"]
    rumour = next(c for c in claims if c.source.kind == "rumour")
    assert rumour.text == "that the governor had been sacked"


def test_reportedly_with_a_source_in_reach_is_that_source(nlp) -> None:  # type: ignore[no-untyped-def]
    claims, _ = analysed(nlp, "The minister reportedly said that he would resign.")
    assert [c.source.kind for c in claims] == ["named_person"]


def test_relays_take_the_innermost_source_and_the_outlet_as_via(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "Reuters reported, citing an unnamed official, that the talks were off.",
        "Reuters quoted a senior official as saying that the talks were off.",
        "According to Reuters, which cited a senior official, the talks were off.",
        "A senior official told Reuters that the talks were off.",
    ):
        claims, actors = analysed(nlp, text)
        assert len(claims) == 1, text
        c = claims[0]
        assert "the talks were off" in c.text
        assert c.source.kind == "anonymous" and "official" in (c.source.text or ""), text
        assert c.via is not None and actors[c.via].name == "Reuters", text


def test_it_cited_one_source_is_not_a_source_called_it(nlp) -> None:  # type: ignore[no-untyped-def]
    claims, _ = analysed(nlp, "It cited one source as saying that the talks were off.")
    assert len(claims) == 1
    assert claims[0].source.text == "one source" and claims[0].source.kind == "anonymous"


def test_citing_a_thing_is_not_a_relay(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The union endorsed the senator, citing her work on pensions."
    claims, _ = analysed(nlp, text)
    assert all(c.source.text != "her work" for c in claims)


def test_free_relatives_are_not_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("Sometimes it is not what was said that matters.",
                 "A quick ceasefire is what the White House is hoping for.",
                 "What the minister said surprised nobody."):
        claims, _ = analysed(nlp, text)
        assert claims == [], text


def test_unnamed_reports_are_rumour_named_ones_are_not(nlp) -> None:  # type: ignore[no-untyped-def]
    claims, _ = analysed(nlp, "Some reports suggested that the talks had been a shouting match.")
    assert one_containing(claims, "shouting match").source.kind == "rumour"
    claims, _ = analysed(nlp, "A Reuters report says the minister will quit.")
    assert one_containing(claims, "the minister will quit").source.kind == "named_organization"


def test_a_modal_passive_is_the_writers_hedge(nlp) -> None:  # type: ignore[no-untyped-def]
    claims, _ = analysed(nlp, "The decision may be seen as an attempt to avoid a scandal.")
    assert all(c.source.kind != "rumour" for c in claims)


def test_hearsay_inside_someones_words_is_theirs(nlp) -> None:  # type: ignore[no-untyped-def]
    claims, _ = analysed(nlp, "He added that the talk about the missiles had been useful.")
    assert [c.source.kind for c in claims] == ["named_person"]


def test_per_sources_is_an_attribution(nlp) -> None:  # type: ignore[no-untyped-def]
    claims, _ = analysed(nlp, "Two aides are expected to leave, per multiple sources familiar "
                              "with the talks. Prices rose 3 per cent in May.")
    assert len(claims) == 1
    assert claims[0].source.kind == "anonymous" and claims[0].cue is not None
    assert claims[0].cue.text == "per" and "expected to leave" in claims[0].text


def test_a_speaker_after_the_cue_is_the_source(nlp) -> None:  # type: ignore[no-untyped-def]
    claims, _ = analysed(nlp, "Read it as polemic rather than policy, argue American insiders.")
    c = one_containing(claims, "Read it as polemic")
    assert c.source.text == "American insiders" and c.source.kind == "anonymous"


def test_they_after_unnamed_sources_are_those_sources(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The minister will resign, two sources close to him told CNN. Though, they "
            "cautioned, he could still stay if the president asked him.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "he could still stay").source.kind == "anonymous"


def test_fragments_are_not_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    # a participle with no clause of its own gives no rumour claim
    claims, _ = analysed(nlp, "The union walked out on Monday, allegedly halting the talks.")
    assert claims == []
    claims, _ = analysed(nlp, "Cruz endorsed Trump on Friday.")
    assert [c.text for c in claims] == ["Trump"]  # one word can be what is claimed


def test_reportedly_inside_sourced_words_is_a_hedge_not_a_second_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    claims, _ = analysed(nlp, "Insiders say a merger is reportedly being negotiated.")
    assert [c.source.kind for c in claims] == ["anonymous"]
    assert [h.text for h in claims[0].hedges] == ["reportedly"]
    alone, _ = analysed(nlp, "A merger is reportedly being negotiated.")
    assert [c.source.kind for c in alone] == ["rumour"]


def test_every_rumour_frame_is_rumour(nlp) -> None:  # type: ignore[no-untyped-def]
    for text, words in (
        ("Rumours swirl that the defence minister will be replaced.", "will be replaced"),
        ("Speculation is mounting that the central bank will cut rates.", "will cut rates"),
        ("Whispers that the chairman would step down grew louder.", "would step down"),
        ("There was talk that the army would step in.", "the army would step in"),
        ("Talk of a coup has unsettled the markets.", "a coup"),
        ("It has been said that the premier never reads his briefings.", "never reads"),
        ("It is rumoured that the finance minister is seriously ill.", "seriously ill"),
        ("The oligarch is believed to have fled to Dubai.", "fled to Dubai"),
        ("The minister has reportedly resigned.", "has reportedly resigned"),
        ("The envoy supposedly carried a secret letter.", "a secret letter"),
        ("Word is the chancellor wants out.", "the chancellor wants out"),
        ("Rumor has it that the senator will switch parties.", "switch parties"),
    ):
        found, _ = analysed(nlp, text)
        kinds = [c.source.kind for c in found]
        assert kinds == ["rumour"], (text, kinds)
        assert words in found[0].text, text


def test_a_named_person_said_to_do_something_is_a_rumour_about_them(nlp) -> None:  # type: ignore[no-untyped-def]
    claims, _ = analysed(nlp, "Jane Doe is said to be considering a run for the Senate.")
    assert [c.source.kind for c in claims] == ["rumour"]
    assert claims[0].text.startswith("Jane Doe is said to")


def test_sources_said_is_anonymous_not_rumour(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("Sources said the minister would resign.",
                 "Officials said the general is believed to have fled."):
        claims, _ = analysed(nlp, text)
        assert [c.source.kind for c in claims] == ["anonymous"], text


def test_reportedly_after_the_noun_is_a_rumour_about_it(nlp) -> None:  # type: ignore[no-untyped-def]
    claims, _ = analysed(nlp, "The deal, reportedly worth $2 billion, was signed on Friday.")
    assert [c.source.kind for c in claims] == ["rumour"]
    assert claims[0].text == "The deal, reportedly worth $2 billion"
    assert analysed(nlp, "A supposedly neutral referee was appointed.")[0] == []


def test_a_rumour_denied_in_the_passive_is_two_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Rumours that the mayor had been arrested were denied by his office."
    claims, _ = analysed(nlp, text)
    kinds = sorted(c.source.kind for c in claims)
    assert kinds == ["named_organization", "rumour"]
    denial = next(c for c in claims if c.source.kind != "rumour")
    assert denial.source.text == "his office" and denial.cue is not None
    assert denial.cue.text == "denied"


def test_a_rumour_that_claims_is_still_a_rumour(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "In August there was a rumour which claimed that the senator would join the cabinet."
    claims, _ = analysed(nlp, text)
    assert [c.source.kind for c in claims] == ["rumour"]
    assert claims[0].source.text is None


def test_a_passive_that_passes_on_words_is_the_speakers(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("Jane Doe was also reported saying that the remark was a diversion.",
                 "The general is said to have told his aides that the war was lost."):
        claims, _ = analysed(nlp, text)
        assert [c.source.kind for c in claims] == ["named_person"], text
    # what someone is said to think or do stays hearsay
    claims, _ = analysed(nlp, "The general is said to be considering a run for office.")
    assert [c.source.kind for c in claims] == ["rumour"]


def test_what_someone_is_said_to_have_done_stays_hearsay(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The senator is said to have pressed for the clause in the platform."
    claims, _ = analysed(nlp, text)
    assert [c.source.kind for c in claims] == ["rumour"]
    text = ("The case had been viewed as a threat to the program, particularly after the "
            "court agreed to hear it.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "a threat to the program").source.kind == "rumour"


def test_a_rumour_and_sources_in_a_with_phrase_are_two_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Some reports suggested the leaders had argued, with sources suggesting the "
            "president had walked out of the room.")
    found, _ = analysed(nlp, text)
    rumour = one_containing(found, "the leaders had argued")
    assert rumour.source.kind == "rumour" and "walked out" not in rumour.text
    anon = one_containing(found, "the president had walked out")
    assert anon.source.kind == "anonymous" and anon.source.text == "sources"
    # a speaker in the with-phrase of a named speaker's claim, too
    found, _ = analysed(nlp, "Officials said the plan was dead, with one diplomat adding "
                             "that talks would resume in the spring.")
    assert one_containing(found, "the plan was dead").text == "the plan was dead"
    assert one_containing(found, "talks would resume").source.text == "one diplomat"
    # a with-phrase that reports nobody stays in the content
    found, _ = analysed(nlp, "He said talks would resume, with the ministers meeting on Monday.")
    assert "ministers meeting" in one_containing(found, "talks would resume").text


def test_a_relative_clause_on_a_hearsay_noun_is_not_its_content(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("The speculation that the senator has generated will not go away.",
                 "The rumours that his aides spread were false.",
                 "The allegations that critics levelled at him were serious."):
        found, _ = analysed(nlp, text)
        assert found == [], text
    found, _ = analysed(nlp, "There were rumours that the army had spread the virus.")
    assert one_containing(found, "the army had spread the virus").source.kind == "rumour"
    found, _ = analysed(nlp, "There is speculation that the senator will resign.")
    assert one_containing(found, "the senator will resign").source.kind == "rumour"


def test_denied_talk_and_unnamed_reports_stay_rumours(nlp) -> None:  # type: ignore[no-untyped-def]
    found, _ = analysed(nlp, "Sources dismissed talk of a plot as nonsense.")
    assert one_containing(found, "talk of a plot").source.kind == "anonymous"
    rumour = [c for c in found if c.source.kind == "rumour"]
    assert [c.text for c in rumour] == ["a plot"]
    found, _ = analysed(nlp, "Reports that four ministers had offered to quit were denied by "
                             "the ministers.")
    assert [c.text for c in found if c.source.kind == "rumour"] == [
        "that four ministers had offered to quit"]
    assert [c.source.text for c in found if c.source.kind != "rumour"] == ["the ministers"]
    found, _ = analysed(nlp, "There were reports that the army had moved.")
    assert one_containing(found, "the army had moved").source.kind == "rumour"
    # a holder's reports are not rumour
    found, _ = analysed(nlp, "CNN reports that the talks failed.")
    assert one_containing(found, "the talks failed").source.kind != "rumour"


def test_a_news_passive_of_learn_is_hearsay(nlp) -> None:  # type: ignore[no-untyped-def]
    found, _ = analysed(nlp, "The minister is learnt to have offered his resignation.")
    assert [c.source.kind for c in found] == ["rumour"]
    found, _ = analysed(nlp, "It is learnt that the minister wrote to the president.")
    assert one_containing(found, "the minister wrote").source.kind == "rumour"
    found, _ = analysed(nlp, "She learnt that the plan had failed.")
    assert one_containing(found, "the plan had failed").source.kind == "named_person"


def test_speculation_verbs_and_attributive_hearsay(nlp) -> None:  # type: ignore[no-untyped-def]
    for text, words in (
        ("The finance minister has been tipped to take over from the premier.", "take over"),
        ("The governor has been mooted as a possible successor to the chair.", "successor"),
        ("Jones is a widely mooted candidate for the sack.", "candidate for the sack"),
        ("Smith is the rumoured favourite to replace the coach.", "replace the coach"),
    ):
        claims, _ = analysed(nlp, text)
        assert one_containing(claims, words).source.kind == "rumour", text
    # a speculation with its holder is the holder's; a participle on a plain noun and the
    # physical sense of "tip" are nobody's claim
    claims, _ = analysed(nlp, "The minister has been tipped by analysts to take over.")
    assert all(c.source.kind != "rumour" for c in claims)
    for text in ("The rumoured deal was signed on Monday.", "The cart was tipped over by wind."):
        claims, _ = analysed(nlp, text)
        assert all(c.source.kind != "rumour" for c in claims), text


def test_an_evidential_in_a_second_verb_phrase_keeps_the_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The company's chief is a Republican, but has reportedly been critical of the mayor."
    found, _ = analysed(nlp, text)
    rumour = one_containing(found, "critical of the mayor")
    assert rumour.source.kind == "rumour" and rumour.text.startswith("The company's chief")
    # a verb phrase with its own subject starts there
    found, _ = analysed(nlp, "The chief is a Republican, but he has reportedly been critical.")
    assert one_containing(found, "critical").text.startswith("he has")
