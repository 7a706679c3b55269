"""Relays (``stages/sourcing/relays.py``): one claim, the innermost source, the outer outlet
as ``via`` (SOURCING-GUIDE.md, "Relays are one claim"). Invented sentences."""

from __future__ import annotations

from tests.stages.sourcing.claim_helpers import claims_of, one_containing
from tests.stages.sourcing.test_channels import channel
from tests.stages.sourcing.test_kinds import analysed, speaker


def test_citing_inside_the_reported_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("Interfax reported, citing a source in the defence ministry, that the drills "
                 "would resume.",
                 "Interfax reported that the drills would resume, citing a source in the "
                 "defence ministry."):
        claims, actors = analysed(nlp, text)
        assert len(claims) == 1, [c.text for c in claims]
        c = claims[0]
        assert c.source.kind == "anonymous" and c.source.text.startswith("a source"), text
        assert channel(c, actors) == "Interfax", text
        assert c.text.rstrip(".") in ("that the drills would resume",), c.text


def test_a_person_citing_a_person_is_no_relay(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Jane Hale said the plan had failed, citing Tom Reed."
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the plan had failed")
    assert speaker(c, actors) == "Jane Hale" and c.via is None


def test_as_quoted_by_an_agency(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("The governor, as quoted by the Tass news agency, said that the bridge "
                 "would reopen in May.",
                 "The governor said, as quoted by Tass, that the bridge would reopen in May."):
        claims, actors = analysed(nlp, text)
        assert len(claims) == 1, [(c.source.text, c.text) for c in claims]
        c = claims[0]
        assert c.source.text == "The governor" and channel(c, actors) == "Tass", text
        assert c.text == "that the bridge would reopen in May", c.text


def test_his_words_are_quoted_by_an_agency(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Olaf Brenner said the alliance would not wait. His words were quoted by "
            "Reuters.")
    claims, actors = analysed(nlp, text)
    assert len(claims) == 1, [(c.source.text, c.text) for c in claims]
    c = claims[0]
    assert speaker(c, actors) == "Olaf Brenner" and channel(c, actors) == "Reuters"


def test_an_agency_quotes_him_as_saying(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Olaf Brenner arrived in Oslo on Monday. Reuters quoted him as saying that the "
            "alliance would not wait.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the alliance would not wait")
    assert speaker(c, actors) == "Olaf Brenner" and channel(c, actors) == "Reuters"


def test_a_person_citing_people_as_a_reason_keeps_the_words(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('"The recovery has not reached them," Tom Reed continued, citing the many '
            'Americans who had stopped looking for work.')
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "The recovery has not reached them")
    assert speaker(c, actors) == "Tom Reed" and c.via is None
    text = "Tom Reed said, citing two officials, that the talks had collapsed."
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the talks had collapsed")
    assert c.source.kind == "anonymous" and channel(c, actors) == "Tom Reed"


def test_quoted_by_an_agency_in_the_passive(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("Olaf Brenner was quoted by Reuters as saying that the deal was off.",
                 "The deal was off, Olaf Brenner was quoted by Reuters as saying."):
        claims, actors = analysed(nlp, text)
        assert len(claims) == 1, [(c.source.text, c.text) for c in claims]
        c = claims[0]
        assert speaker(c, actors) == "Olaf Brenner" and channel(c, actors) == "Reuters", text
        assert "the deal was off" in c.text.lower() and "Brenner" not in c.text, c.text


def test_told_an_outlets_journalist(nlp) -> None:  # type: ignore[no-untyped-def]
    for text, outlet in (("Two sources told the Guardian's correspondent that the minister "
                          "would resign.", "Guardian"),
                         ("Olaf Brenner told a Reuters reporter that the deal was off.",
                          "Reuters")):
        claims, actors = analysed(nlp, text)
        assert len(claims) == 1 and channel(claims[0], actors) == outlet, text
    claims, _ = analysed(nlp, "Olaf Brenner told reporters that the deal was off.")
    assert claims[0].via is None


def test_citing_when_the_parser_lifts_the_reported_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parser makes the that-clause the root ("reported" its ccomp) or a conjunct
    for text in ("On Monday, CNN reported, citing sources, that Iran transferred missiles to "
                 "Chile.",
                 "On Monday, CNN reported, citing sources, that Iran allegedly transferred "
                 "missiles to Chile."):
        claims, actors = analysed(nlp, text)
        assert len(claims) == 1, [(c.source.text, c.text) for c in claims]
        c = claims[0]
        assert c.source.kind == "anonymous" and c.source.text == "sources", text
        assert channel(c, actors) == "CNN" and c.text.startswith("that Iran"), c.text


def test_a_wire_dateline_is_not_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("OSLO (Reuters) - Government spokesman Olaf Brenner said on Monday that the talks "
            "would resume.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the talks would resume")
    assert speaker(c, actors) == "Olaf Brenner"


def test_a_dateline_with_the_speaker_in_apposition(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("OSLO (Reuters) - Nordvik Energy, the state oil company, denied on Tuesday a report "
            "that it was selling shares.")
    claims, _ = analysed(nlp, text)
    c = one_containing(claims, "a report")
    assert c.source.text is not None and c.source.text.startswith("Nordvik"), c.source


def test_a_relaying_outlet_leaves_no_fragment(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Daily Courier, citing its own sources, reported that the minister would resign."
    found = claims_of(nlp, text)
    c = one_containing(found, "the minister would resign")
    assert c.source.text == "its own sources" and c.source.kind == "anonymous"
    assert c.via is not None
    # the outlet's words belong to the relay, not to an author claim "The Daily Courier, citing"
    assert all(c.source.kind != "author" for c in found)


def test_an_interview_given_to_an_outlet_is_the_channel(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "In an interview given to the Daily Courier, the minister said the talks had failed."
    c = one_containing(claims_of(nlp, text), "the talks had failed")
    assert c.source.text == "the minister" and c.via is not None
    text = "In an interview given last week, the minister said the talks had failed."
    assert one_containing(claims_of(nlp, text), "the talks had failed").via is None


def test_without_naming_its_sources_is_part_of_the_attribution(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("The minister will resign next week, the paper said without naming its sources.",
                 "The minister will resign, the paper reported, without naming its sources."):
        found = claims_of(nlp, text)
        c = one_containing(found, "The minister will resign")
        assert c.source.text == "the paper", text
        assert all("its sources" not in d.text for d in found), text


def test_a_sent_letter_speaks_for_its_sender(nlp) -> None:  # type: ignore[no-untyped-def]
    found = claims_of(nlp, "The governor sent a letter stating that the budget was illegal.")
    c = one_containing(found, "the budget was illegal")
    assert c.source.text == "The governor" and c.source.kind == "named_person"
    assert c.via == "a letter"
    assert all(d.source.kind != "author" for d in found)  # no fragment "The governor sent"
    # a letter someone only reads is not theirs
    found = claims_of(nlp, "The mayor read a letter saying the plan was dead.")
    assert one_containing(found, "the plan was dead").source.text != "The mayor"


def test_a_cited_role_in_the_lead_stays_unnamed(nlp) -> None:  # type: ignore[no-untyped-def]
    # a lead's "A former governor says" names a person the story names below; a role an
    # outlet cites ("according to X, which cited a senior diplomat") is unnamed by design
    for text in ("According to the Daily Courier, which cited a senior diplomat, the talks "
                 "would resume in May.",
                 "The talks would resume in May, according to the Daily Courier, which cited a "
                 "senior diplomat.",
                 "The Daily Courier, citing a senior diplomat, said the talks would resume in "
                 "May.",
                 "The Daily Courier cited a senior diplomat as saying the talks would resume "
                 "in May."):
        claims, actors = analysed(nlp, text)
        c = one_containing(claims, "the talks would resume in May".split(" ", 1)[1])
        assert c.source.text.lower() == "a senior diplomat", (text, c.source.text)
        assert c.source.kind == "anonymous" and c.source.actor is None, text
        assert channel(c, actors) is not None, text


def test_an_interview_granted_during_a_visit(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("The minister said in an interview granted to the Daily Courier that the "
                 "bridge would reopen.",
                 "During an interview given to the Daily Courier, the minister said the bridge "
                 "would reopen."):
        c = one_containing(claims_of(nlp, text), "the bridge would reopen")
        assert c.via is not None, text


def test_asking_not_to_be_named_is_no_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("Two senior officials, who asked not to be named, said the plan had been "
                 "dropped.",
                 "The plan had been dropped, said two diplomats, who asked not to be "
                 "identified.",
                 "A diplomat, who requested anonymity, said the plan had been dropped.",
                 "One aide, who asked to remain anonymous, said the plan had been dropped."):
        claims = claims_of(nlp, "The vote was held on Monday. " + text)
        assert [c.text.rstrip(".") for c in claims if c.source.kind != "author"] == [
            next(c.text.rstrip(".") for c in claims if "the plan had been dropped"
                 in c.text.lower())], (text, [(c.source.text, c.text) for c in claims])
        c = one_containing(claims, "had been dropped")
        assert c.source.kind == "anonymous", text
    # a request that is a claim stays one
    text = "The vote was held on Monday. The mayor asked that the vote be held again."
    assert any("the vote be held again" in c.text for c in claims_of(nlp, text))


def test_sources_cited_or_quoted_by_an_outlet_have_it_as_via(nlp) -> None:  # type: ignore[no-untyped-def]
    for text, outlet in (
            ("According to two officials quoted by the Daily Courier, the minister will resign "
             "next week.", "Daily Courier"),
            ("Senior diplomats cited by the Evening Post said the talks had stalled.",
             "Evening Post")):
        claims, actors = analysed(nlp, text)
        assert len(claims) == 1, [c.text for c in claims]
        c = claims[0]
        assert c.source.kind == "anonymous", text
        assert channel(c, actors) == outlet, text
    # citing a reason is no relay
    claims, _ = analysed(nlp, "Officials cited the budget deficit as the reason for the delay.")
    assert all(c.via is None for c in claims)
