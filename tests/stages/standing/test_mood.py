"""How an event is put decides its signal: denied, reported, asked about, called for, in a
condition, negated, asked or foreseen; and a quoted speaker's words are never about the
speaker. All sentences are invented."""

from __future__ import annotations

import pytest

from tealeaves.model import Claim, Source, Span, StandingSignal
from tests.stages.standing.test_types import CASES, kinds, standing


def _claim(text: str, content: str, speaker: str | None, kind: str, cue: str,
           cid: str = "c1") -> Claim:
    start = text.index(content)
    c = text.index(cue)
    return Claim(id=cid, start=start, end=start + len(content), text=content, quote=True,
                 source=Source(kind=kind, actor=speaker),  # type: ignore[arg-type]
                 cue=Span(start=c, end=c + len(cue), text=cue))


def _only(found: dict[str, list[StandingSignal]], actor: str) -> StandingSignal:
    (sig,) = found[actor]
    return sig


# --- a denied rumour is contested, and says by whom ---------------------------------------

def test_denied_report_is_a_contested_fall_resting_on_the_rumour(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Kremlin denied reports that Ivanov had resigned."
    claim = _claim(text, "reports that Ivanov had resigned", "kremlin", "named_organization",
                   "denied")
    sig = _only(standing(nlp, text, [claim]), "ivanov")
    assert (sig.direction, sig.type, sig.source_kind) == ("falling", "rumoured_ouster", "rumour")
    assert sig.contested and sig.contested_by == "c1"


def test_dismissed_as_nonsense_without_a_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    sig = _only(standing(nlp, "Petrov dismissed rumours of Ivanov's ouster as nonsense."),
                "ivanov")
    assert (sig.type, sig.source_kind, sig.contested, sig.contested_by) == (
        "rumoured_ouster", "rumour", True, None)


def test_the_denial_belongs_to_the_claim_that_holds_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Volkov said the Kremlin had dismissed reports that Ivanov was sacked."
    claim = _claim(text, "the Kremlin had dismissed reports that Ivanov was sacked", "volkov",
                   "named_person", "said", cid="c7")
    sig = _only(standing(nlp, text, [claim]), "ivanov")
    assert sig.contested and sig.contested_by == "c7" and sig.source_kind == "rumour"


def test_a_speaker_denying_rumours_about_himself_is_contested_not_silent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ivanov denied reports that he would resign."
    claim = _claim(text, "reports that he would resign", "ivanov", "named_person", "denied")
    sig = _only(standing(nlp, text, [claim]), "ivanov")
    assert (sig.type, sig.source_kind, sig.contested_by) == ("rumoured_ouster", "rumour", "c1")


def test_an_undisputed_signal_has_no_contester(nlp) -> None:  # type: ignore[no-untyped-def]
    sig = _only(standing(nlp, "Sidorov sacked Ivanov on Friday."), "ivanov")
    assert not sig.contested and sig.contested_by is None


# --- a speaker describing reports is not the report -------------------------------------

@pytest.mark.parametrize(("text", "source"), [
    ("Asked about reports that Ivanov had resigned, the spokesman said the minister was at "
     "work.", "rumour"),
    ("Asked whether Ivanov had resigned, the spokesman declined to comment.", "author"),
    ("Ivanov is rumoured to have been dismissed.", "rumour"),
    ("Ivanov is said to have been sacked.", "rumour"),
])
def test_a_reported_or_asked_about_exit_is_foreseen_at_most(nlp, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    sig = _only(standing(nlp, text), "ivanov")
    assert (sig.direction, sig.type, sig.source_kind) == ("falling", "rumoured_ouster", source)


@pytest.mark.parametrize("text", ["Ivanov's rumoured resignation worried the markets.",
                                  "The reported sacking of Ivanov worried the markets."])
def test_a_rumoured_exit_noun_is_hearsay(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    sig = _only(standing(nlp, text), "ivanov")
    assert (sig.type, sig.source_kind) == ("rumoured_ouster", "rumour")


def test_a_reportedly_claim_turns_an_exit_into_a_rumour(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ivanov reportedly resigned on Friday."
    claim = _claim(text, text, None, "rumour", "reportedly")
    sig = _only(standing(nlp, text, [claim]), "ivanov")
    assert (sig.type, sig.source_kind, sig.claim) == ("rumoured_ouster", "rumour", "c1")


# --- opinion and calls are not events ----------------------------------------------------

@pytest.mark.parametrize("text", [
    "Ivanov must resign.",
    "Ivanov should be fired.",
    "Ivanov should step down immediately.",
    "It is time for Ivanov to go.",
    "It is time for Ivanov to step down.",
    "Ivanov must go.",
    "Protesters called for Ivanov's resignation.",
    "Critics demanded that Ivanov be sacked.",
    "The opposition called on Ivanov to resign.",
])
def test_a_call_to_leave_is_a_call(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, text)
    assert kinds(found, "ivanov") == {("called_to_resign", "falling")}
    assert found["ivanov"][0].signal == "call to resign"


def test_a_quoted_call_rests_on_its_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“Ivanov must resign,” said Petrov."
    claim = _claim(text, "Ivanov must resign", "petrov", "named_person", "said")
    found = standing(nlp, text, [claim])
    sig = _only(found, "ivanov")
    assert (sig.type, sig.claim, sig.source_kind) == ("called_to_resign", "c1", "named_person")
    assert "petrov" not in found


@pytest.mark.parametrize("text", [
    "Petrov should be promoted.",       # a wish for a rise is no rise
    "Ivanov should be investigated.",   # a call for an inquiry is no inquiry
    "Petrov must replace Ivanov.",      # nor is a call for a replacement a takeover
])
def test_other_calls_give_no_rise_and_no_other_fall(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, text)
    assert "petrov" not in found
    assert kinds(found, "ivanov") <= {("called_to_resign", "falling")}


def test_calling_a_resignation_something_is_no_call(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "The newspaper called Ivanov's resignation a mistake.")
    assert kinds(found, "ivanov") == {("resigned", "falling")}


# --- conditionals, negations, questions and futures -------------------------------------

@pytest.mark.parametrize("text", [
    "If Ivanov is dismissed, the ministry will collapse.",
    "If Ivanov resigns, Petrov will take over.",       # nor the consequent
    "Unless Ivanov is removed from his post, the talks will fail.",
    "Ivanov was not sacked.",
    "Ivanov did not resign.",
    "Ivanov refused to resign.",
    "Ivanov has never been sidelined.",
    "Ivanov is not under investigation.",
    "Has Ivanov been sidelined?",
    "The army fired missiles at the base.",
])
def test_no_signal_for_what_did_not_happen(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert standing(nlp, text) == {}


@pytest.mark.parametrize("text", [
    "Will Ivanov be replaced?",
    "Ivanov resigning?",
    "Ivanov may be replaced.",
    "Ivanov could be fired next week.",
    "Ivanov might step down next month.",
])
def test_a_question_or_a_future_exit_is_a_predicted_exit(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, text)
    assert kinds(found, "ivanov") == {("rumoured_ouster", "falling")}
    assert found["ivanov"][0].signal == "predicted exit"


@pytest.mark.parametrize("text", ["Sidorov fired Ivanov on Monday.",
                                  "Ivanov was fired on Monday."])
def test_firing_a_person_needs_no_preposition(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert kinds(standing(nlp, text), "ivanov") == {("dismissed", "falling")}


# --- a quoted speaker's words are about whom they name, never about the speaker ----------

_NAMES = {"ivanov": "Ivanov", "petrov": "Petrov"}
#: The cases whose words are a rumour's, not the speaker's (see the test below).
_RELAYED = ("rumours",)


@pytest.mark.parametrize(("text", "actor", "kind", "direction"),
                         [c for c in CASES if not any(w in c[0] for w in _RELAYED)])
def test_the_speaker_of_every_type_gets_nothing_from_own_words(  # type: ignore[no-untyped-def]
        nlp, text: str, actor: str, kind: str, direction: str) -> None:
    quote = text.rstrip(".")
    said = f"“{quote},” said {_NAMES[actor]}."
    found = standing(nlp, said, [_claim(said, quote, actor, "named_person", "said")])
    alone = standing(nlp, text)
    assert actor not in found, found
    for other in alone:
        if other != actor:  # everyone else named in the quote keeps the signal
            assert kinds(found, other) == kinds(alone, other), (said, found)


@pytest.mark.parametrize(("text", "actor", "kind", "direction"), CASES)
def test_a_quoted_signal_about_another_rests_on_the_speaker(  # type: ignore[no-untyped-def]
        nlp, text: str, actor: str, kind: str, direction: str) -> None:
    quote = text.rstrip(".")
    said = f"“{quote},” said Volkov."
    found = standing(nlp, said, [_claim(said, quote, "volkov", "named_person", "said")])
    assert (kind, direction) in kinds(found, actor)
    assert "volkov" not in found
    for sig in found[actor]:
        assert sig.claim == "c1"
        assert sig.source_kind == ("rumour" if "rumour" in text else "named_person")


def test_a_speaker_announcing_his_own_resignation_resigns(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ivanov announced his resignation on Friday."
    claim = _claim(text, "his resignation", "ivanov", "named_person", "announced")
    assert kinds(standing(nlp, text, [claim]), "ivanov") == {("resigned", "falling")}


# --- kinds from a sweep of PolNeAR train articles (2026-12-03) ----------------------------

@pytest.mark.parametrize("text", [
    "The campaign will help Petrov get elected.",       # an aim, not a rise
    "Petrov hopes to be appointed ambassador.",
    "The law would prevent Petrov from replacing Ivanov.",  # prevented, not done
    "Volkov was undermining new Ivanov administration rules.",  # a modifier is no target
    "Ivanov flew to Ankara and undermined the talks.",  # the shared subject acts
])
def test_aims_preventions_and_settings_give_nothing(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert standing(nlp, text) == {}


def test_an_exit_sought_is_foreseen(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Petrov, a politician seeking to replace Ivanov, spoke in Tver.")
    assert kinds(found, "ivanov") == {("rumoured_ouster", "falling")}


@pytest.mark.parametrize(("text", "kind"), [
    ("Petrov helped oust Ivanov.", "dismissed"),       # help in the past: done
    ("Ivanov flew to Ankara and was undermined by Petrov.", "losing_ground"),
])
def test_done_with_help_and_a_passive_conjunct(nlp, text: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, text)
    assert kinds(found, "ivanov") == {(kind, "falling")} and "petrov" not in found


def test_a_hoped_for_downfall_is_still_foreseen(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Petrov hopes that sanctions will bring about Ivanov's downfall.")
    assert kinds(found, "ivanov") == {("rumoured_ouster", "falling")}


def test_an_event_whose_target_is_its_subject_still_counts(nlp) -> None:  # type: ignore[no-untyped-def]
    assert kinds(standing(nlp, "Ivanov bears responsibility for the defeat."), "ivanov") == {
        ("blamed", "falling")}


def test_a_verb_idiom_with_an_object_is_about_its_object(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Petrov was upset that Volkov had undermined the new rules.")
    assert found == {}
    found = standing(nlp, "Petrov was upset that Volkov had undermined Ivanov.")
    assert kinds(found, "ivanov") == {("losing_ground", "falling")} and "petrov" not in found


@pytest.mark.parametrize("text", [
    "Two emails sent to Ivanov were placed in secure storage.",  # the emails were sent
    "Ivanov quit giving paid speeches last year.",               # an activity, not a post
    "Reformers tried to prevent Ivanov from reaching the delegates.",
])
def test_what_was_sent_quit_or_prevented_is_no_signal(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert standing(nlp, text) == {}


def test_a_person_sent_is_dispatched(nlp) -> None:  # type: ignore[no-untyped-def]
    assert kinds(standing(nlp, "Petrov was sent to Ankara."), "petrov") == {
        ("dispatched", "rising")}


def test_a_contest_for_a_post_is_foreseen(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Petrov and Volkov battled to replace Ivanov.")
    assert kinds(found, "ivanov") == {("rumoured_ouster", "falling")}


@pytest.mark.parametrize("text", ["The Kremlin sanctioned Ivanov.",
                                  "The Kremlin imposed sanctions on Ivanov."])
def test_sanctions_are_still_coercion(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert kinds(standing(nlp, text), "ivanov") == {("excluded", "falling")}


def test_a_conditional_call_is_a_call(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Volkov said Ivanov should resign if he cannot fix the budget.")
    assert kinds(found, "ivanov") == {("called_to_resign", "falling")}


def test_an_urging_does_not_reach_an_adverbial_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Volkov has urged reform since shortly after Ivanov was appointed.")
    assert kinds(found, "ivanov") == {("appointed", "rising")}


def test_a_successor_a_superior_helps_still_rises(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Sidorov is committed to helping Petrov succeed him.")
    assert kinds(found, "petrov") == {("takes_over", "rising")}


@pytest.mark.parametrize("text", [
    "The arrest was seen as a possible precursor to Ivanov's dismissal.",
    "Ivanov's imminent resignation was reported on Monday.",
])
def test_an_exit_noun_foreseen_is_a_predicted_exit(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert kinds(standing(nlp, text), "ivanov") == {("rumoured_ouster", "falling")}


def test_a_confidant_of_someone_is_the_confidant(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Petrov, a confidant of Sidorov, flew to Ankara.")
    assert kinds(found, "petrov") == {("entrusted", "rising")} and "sidorov" not in found


@pytest.mark.parametrize(("text", "cue", "contested"), [
    ("Ivanov has resisted calls to resign.", "resisted", False),
    ("Ivanov faces growing calls to step down.", "faces", False),
    ("Ivanov rejected calls to resign.", "rejected", True),
])
def test_calls_faced_by_their_target(nlp, text: str, cue: str, contested: bool) -> None:  # type: ignore[no-untyped-def]
    content = text[text.index(cue) + len(cue) + 1:].rstrip(".")
    claim = _claim(text, content, "ivanov", "named_person", cue)
    for claims in (None, [claim]):  # the callers' words, even in Ivanov's own claim
        (sig,) = standing(nlp, text, claims)["ivanov"]
        assert (sig.type, sig.contested) == ("called_to_resign", contested)


@pytest.mark.parametrize(("text", "kind"), [
    ("Ivanov was stripped of his responsibilities.", ("demoted", "falling")),
    ("Nobody resented Petrov's elevation to deputy prime minister.", ("promoted", "rising")),
    ("Petrov's appointment as envoy surprised Moscow.", ("appointed", "rising")),
])
def test_stripped_elevated_appointed(nlp, text: str, kind: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    actor = "ivanov" if "Ivanov" in text else "petrov"
    assert kinds(standing(nlp, text), actor) == {kind}


def test_a_hypothetical_clause_subject_gives_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    assert standing(nlp, "Sacking Ivanov outright would have made him a martyr.") == {}


@pytest.mark.parametrize("text", ["Petrov is a rising star.", "Petrov is the front-runner."])
def test_favour_idioms_stay_promotions(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert kinds(standing(nlp, text), "petrov") == {("promoted", "rising")}


def test_a_call_rests_on_the_claim_holding_its_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Opposition leaders called on Ivanov to resign."
    claim = _claim(text, "to resign", None, "anonymous", "called")
    (sig,) = standing(nlp, text, [claim])["ivanov"]
    assert (sig.type, sig.claim, sig.source_kind) == ("called_to_resign", "c1", "anonymous")
