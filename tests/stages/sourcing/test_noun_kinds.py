"""Kinds of sources with no actor behind them (``stages/sourcing/noun_kinds.py``), on invented
sentences: documents by their issuer, unnamed people, bare roles, shares of people."""

from __future__ import annotations

import pytest

from tests.stages.sourcing.claim_helpers import one_containing
from tests.stages.sourcing.test_kinds import analysed


def kind_of(nlp, text: str, words: str) -> str:  # type: ignore[no-untyped-def]
    claims, _ = analysed(nlp, text)
    return one_containing(claims, words).source.kind


@pytest.mark.parametrize(("text", "words", "kind"), [
    # a document with no issuer in reach names nobody (rule 14)
    ("A video of the rally shows that the guard pushed her.", "the guard pushed her",
     "anonymous"),
    ("One estimate says that half the lake has dried up.", "half the lake", "anonymous"),
    # a person's own words: her account, his memoir, an analysis by a named person (rule 13)
    ("Mary Collins left the ministry in May. Her account says that the minister knew.",
     "the minister knew", "named_person"),
    ("Peter Hale's memoir says that the talks were tense.", "the talks were tense",
     "named_person"),
    ("An analysis by Laura Finch found that taxes would rise.", "taxes would rise",
     "named_person"),
    # a body's papers, even when a person is named in them
    ("A new ad from Tom Baker's campaign says that the mayor is weak.", "the mayor is weak",
     "named_organization"),
    ("Exit polls reported by Channel Nine showed that the senator won.", "the senator won",
     "named_organization"),
    ("A study that appeared in the Nordic Medical Journal found that the diet failed.",
     "the diet failed", "named_organization"),
    # an issuer given in the next sentence (rule 12)
    ("Most voters back the plan, according to a new poll. The survey by Harbor College "
     "reached 900 adults.", "Most voters back the plan", "named_organization"),
    # a place in another phrase is not the issuer
    ("An earlier report in a local paper said that the mayor had resigned.",
     "the mayor had resigned", "anonymous"),
])
def test_documents_take_their_issuers_kind(nlp, text: str, words: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert kind_of(nlp, text, words) == kind


@pytest.mark.parametrize(("text", "words", "kind"), [
    # plural people whose names only modify them (rule 3, rule 9)
    ("Ohio party organizers say that the tour was a mistake.", "the tour was a mistake",
     "anonymous"),
    ("Carla Ruiz's biggest boosters in Nevada insisted that the dip was temporary.",
     "the dip was temporary", "anonymous"),
    ("Recent polls in Ohio and Texas have shown that the lead is shrinking.",
     "the lead is shrinking", "anonymous"),
    # a country modifying a plural thing speaks for it (rule 11)
    ("Russian government papers say that the fleet will stay in the gulf.", "the fleet will stay",
     "named_organization"),
    # nobody, shares of people, collectives
    ("None of them has said that the plan works.", "the plan works", "anonymous"),
    ("Staff for the budget committee said that the bill was late.", "the bill was late",
     "anonymous"),
    # a bare role in headline style is the person the story names (rule 6)
    ("Senator from Ohio says he will not back the bill.", "he will not back the bill",
     "named_person"),
    # a definite "former" description is one person
    ("The former Olympic champion, now a coach, said that the team would win.",
     "the team would win", "named_person"),
    # an ad's announcer is an unnamed person speaking for a body (rule 15)
    ("As the phone rang, the announcer said that the children were asleep.",
     "the children were asleep", "anonymous"),
])
def test_people_shares_and_roles(nlp, text: str, words: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert kind_of(nlp, text, words) == kind


def test_a_share_reported_by_a_named_poll_is_the_polls(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The Harbor College poll found strong support for the treaty: 64% of voters said "
            "the country should sign it.")
    claims, _ = analysed(nlp, text)
    kinds = {c.source.kind for c in claims if (c.source.text or "").startswith("64")}
    assert kinds and "anonymous" not in kinds
    other = "Another 42% said they would not vote."
    assert kind_of(nlp, other, "would not vote") == "anonymous"


def test_a_lead_role_is_the_person_named_below(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("A former party chairman says the president should name a successor. Don Fowler, "
            "who led the party for a decade, said the plan was urgent. Later a lawyer said the "
            "file was sealed.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "name a successor").source.kind == "named_person"
    assert one_containing(claims, "the file was sealed").source.kind == "anonymous"
    claims, _ = analysed(nlp, "A senior official says the talks are off.")
    assert one_containing(claims, "the talks are off").source.kind == "anonymous"


def test_mass_records_and_headline_stubs(nlp) -> None:  # type: ignore[no-untyped-def]
    # a record with no article and no issuer names nobody; a count noun without one is a
    # headline stub and keeps the issuer the story gives
    assert kind_of(nlp, "Footage of the march shows that the police charged first.",
                   "the police charged first") == "anonymous"
    assert kind_of(nlp, "New poll says governor leads the race.", "governor leads the race"
                   ) == "named_organization"


def test_a_name_the_tagger_did_not_take_for_a_person_is_a_body(nlp) -> None:  # type: ignore[no-untyped-def]
    # no person entity and no given name: a body ("Politifact"-like names)
    assert kind_of(nlp, "Truthometer then ruled that the claim was false.",
                   "the claim was false") == "named_organization"
    # a given name makes it a person even when the tagger missed it
    assert kind_of(nlp, "Later, Walter Quibbly said that the claim was false.",
                   "the claim was false") == "named_person"


def test_a_title_before_a_name_and_a_persons_plan(nlp) -> None:  # type: ignore[no-untyped-def]
    assert kind_of(nlp, "GOP Rep. Hale Announces That The Bill Will Pass.",
                   "The Bill Will Pass") == "named_person"
    assert kind_of(nlp, "Ann Hale spoke on Monday. Ms. Hale's plan says that taxes will fall.",
                   "taxes will fall") == "named_person"


def test_states_led_by_a_named_one_and_federal_figures(nlp) -> None:  # type: ignore[no-untyped-def]
    # a group led by a named holder takes it (rule 8); "federal" names the issuer
    text = "Twelve states led by Ohio are suing, arguing that the agency overstepped."
    assert kind_of(nlp, text, "the agency overstepped") == "named_organization"
    text = "Half the farms are in debt, according to federal statistics."
    assert kind_of(nlp, text, "Half the farms are in debt") == "named_organization"
    text = "Half the farms are in debt, according to one estimate."
    assert kind_of(nlp, text, "Half the farms are in debt") == "anonymous"


def test_a_bodys_rules_and_laws_are_its_documents(nlp) -> None:  # type: ignore[no-untyped-def]
    """The labels' rule 13 names a body's rules, bylaws, standards, laws, treaties and
    resolutions among its documents; with no issuer in reach they stay unnamed (rule 14)."""
    from tests.stages.sourcing.claim_helpers import attributed, claims_of, one_containing

    text = ("The party's existing rules say that the chair must step down after two terms. "
            "Some rules say that a deputy must be named within a month.")
    claims = attributed(claims_of(nlp, text))
    assert one_containing(claims, "the chair must step down").source.kind == "named_organization"
    assert one_containing(claims, "a deputy must be named").source.kind == "anonymous"


def test_a_part_of_a_document_speaks_for_the_document(nlp) -> None:  # type: ignore[no-untyped-def]
    from tests.stages.sourcing.claim_helpers import attributed, claims_of, one_containing

    text = ("A draft of the National Budget Authorisation Act demands notice of any plans to "
            "cut aid. Several passages of the strategy describe China as a rival. A draft of "
            "an unpublished memo says the aid will be cut.")
    claims = attributed(claims_of(nlp, text))
    assert one_containing(claims, "notice of any plans").source.kind == "named_organization"
    assert one_containing(claims, "China").source.kind == "named_organization"
    assert one_containing(claims, "the aid will be cut").source.kind == "anonymous"


def test_bare_plural_bodies_are_unnamed(nlp) -> None:  # type: ignore[no-untyped-def]
    # PolNeAR labels, rules 9 and 12: bodies nobody names are unnamed; "police" (the story's
    # local force) and "the unions" (the ones the story has named) speak as bodies
    lead = "The bill was debated on Monday. The vote is due in May. "
    for text, kind in (("Unions said the bill would cut wages.", "anonymous"),
                       ("The mayor met a coalition of unions who feared the bill would cut "
                        "wages.", "anonymous"),
                       ("Police said the bill would cut wages.", "named_organization"),
                       ("The unions said the bill would cut wages.", "named_organization")):
        claims, _ = analysed(nlp, lead + text)
        c = one_containing(claims, "the bill would cut wages")
        assert c.source.kind == kind, (text, c.source.kind)


def test_an_indefinite_body_in_the_lead_named_below_is_that_body(nlp) -> None:  # type: ignore[no-untyped-def]
    # the labels' rules 6 and 12: "A union …" in the lead, the union named in the next sentences
    text = ("A union representing airline pilots endorsed Jane Doe for governor on Thursday, "
            "the latest labour group to back her.\n\nIn a statement, the Air Line Pilots "
            "Association called Doe a \"champion\" of its members.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "Jane Doe").source.kind == "named_organization"


def test_an_indefinite_body_the_story_does_not_name_stays_unnamed(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
            # in the lead, but no body named in the two sentences after it
            "A union representing airline pilots said on Thursday that the strike would go "
            "ahead.\n\nTalks resumed on Friday in the capital. Both sides met for an hour.",
            # named below, but not in the lead
            "The mayor spoke on Monday. The vote was close. Later, a union representing "
            "airline pilots said the strike would go ahead. The Air Line Pilots Association "
            "called it a \"last resort\"."):
        claims, _ = analysed(nlp, text)
        assert one_containing(claims, "strike would go ahead").source.kind == "anonymous", text


def test_a_documents_issuer_hung_lower_in_its_participle(nlp) -> None:  # type: ignore[no-untyped-def]
    # "by" parsed onto "debates", not onto "conducted": still the polls' issuers (rule 8:
    # the first named holder), and unnamed issuers keep the polls unnamed
    claims, _ = analysed(nlp, "Doe did well in online polls conducted after the debates by "
                              "news outlets such as Time and Slate.")
    assert one_containing(claims, "Doe did well").source.kind == "named_organization"
    claims, _ = analysed(nlp, "Doe did well in online polls conducted after the debates by "
                              "volunteers in three towns.")
    assert one_containing(claims, "Doe did well").source.kind == "anonymous"


def test_a_quantified_group_is_unnamed_even_when_tagged_as_a_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Mr. Doe wrote about his father in a new book. The story is a poignant one, but many "
            "Latinos have said it falls flat. Several Texans said the book was too long.")
    claims, _ = analysed(nlp, text)
    for words in ("it falls flat", "the book was too long"):
        c = one_containing(claims, words)
        assert c.source.kind == "anonymous" and c.source.actor is None, words
