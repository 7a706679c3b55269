"""Events: categories, actor/target links, passives, negation, intent and nominal blame."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from tealeaves.model import Actor, Event, Mention
from tealeaves.stages.events.extract import find_events
from tealeaves.stages.events.vocabulary import CATEGORIES, PLOVER_CATEGORIES, load_vocabulary


def make_actors(text: str, names: dict[str, str], pronouns: dict[str, list[int]] | None = None) -> list[Actor]:
    """Actors with a name mention at every occurrence of each name (no dependence on the actors stage)."""
    actors = []
    for name, kind in names.items():
        mentions = [
            Mention(start=m.start(), end=m.end(), text=name, form="name")
            for m in re.finditer(re.escape(name), text)
        ]
        for pos in (pronouns or {}).get(name, []):
            word = re.match(r"\w+", text[pos:])
            assert word is not None
            mentions.append(Mention(start=pos, end=pos + len(word.group()), text=word.group(), form="pronoun"))
        actors.append(Actor(id=name.lower(), name=name, kind=kind, mentions=tuple(mentions)))  # type: ignore[arg-type]
    return actors


def events_of(nlp, text: str, names: dict[str, str], **kw) -> list[Event]:  # type: ignore[no-untyped-def]
    return find_events(nlp(text), make_actors(text, names, **kw))


def only(events: list[Event], category: str) -> Event:
    found = [e for e in events if e.category == category]
    assert len(found) == 1, events
    return found[0]


def test_vocabulary_is_documented_data() -> None:
    raw = (resources.files("tealeaves") / "resources" / "event_verbs.yaml").read_text(encoding="utf-8")
    assert raw.startswith("#") and "PLOVER" in raw.split("categories:")[0] and "CAMEO" in raw
    vocab = load_vocabulary()
    assert set(vocab.verbs.values()) <= set(CATEGORIES)
    assert {"STATEMENT", "ACCUSE", "APPOINT", "DISMISS", "DISPATCH"} <= set(vocab.verbs.values())
    assert set(PLOVER_CATEGORIES) <= set(vocab.verbs.values()) | set(vocab.phrasal.values())
    assert vocab.verbs["blame"] == "ACCUSE" and vocab.phrasal[("call", "for")] == "DEMAND"


def test_active_actor_and_target(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Russia accused Ukraine of shelling the nuclear plant on Monday."
    ev = only(events_of(nlp, text, {"Russia": "place", "Ukraine": "place"}), "ACCUSE")
    assert (ev.actor, ev.target, ev.negated) == ("russia", "ukraine", False)
    assert ev.action.text == "accused" and text[ev.action.start : ev.action.end] == "accused"
    assert ev.start <= ev.action.start < ev.action.end <= ev.end
    assert text[ev.start : ev.end].startswith("Russia accused Ukraine")


def test_passive_with_and_without_agent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Smith was dispatched to Kyiv by Johnson. The summit was scrapped."
    events = events_of(nlp, text, {"Smith": "person", "Johnson": "person"})
    ev = only(events, "DISPATCH")
    assert (ev.actor, ev.target) == ("johnson", "smith")
    scrapped = only(events, "SANCTION")
    assert scrapped.actor is None and scrapped.action.text == "scrapped"


def test_negation_and_control_verbs(nlp) -> None:  # type: ignore[no-untyped-def]
    events = events_of(nlp, "Paris did not condemn the strike.", {"Paris": "place"})
    assert only(events, "DISAPPROVE").negated is True
    assert only(events_of(nlp, "Paris condemned the strike.", {"Paris": "place"}), "DISAPPROVE").negated is False
    # not agreeing is rejecting (CAMEO 12x)
    events = events_of(nlp, "Iran did not agree to the proposal.", {"Iran": "place"})
    assert only(events, "REJECT").actor == "iran" and not events[0].negated
    events = events_of(nlp, "Moscow refused to negotiate with Kyiv.", {"Moscow": "place", "Kyiv": "place"})
    assert [e.category for e in events] == ["REJECT"]  # the control verb dominates
    assert events[0].actor == "moscow"


def test_intent_turns_cooperation_into_agree(nlp) -> None:  # type: ignore[no-untyped-def]
    names = {"Germany": "place", "Ukraine": "place"}
    assert only(events_of(nlp, "Germany sent weapons to Ukraine.", names), "AID").target == "ukraine"
    assert only(events_of(nlp, "Germany will send weapons to Ukraine.", names), "AGREE").actor == "germany"
    assert only(events_of(nlp, "Germany will expel the diplomats.", names), "THREATEN").actor == "germany"
    events = events_of(nlp, "Germany said Ukraine must withdraw its troops.", names)
    assert {e.category for e in events} == {"STATEMENT", "DEMAND"}


def test_person_object_decides_dispatch(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Kremlin sent an envoy to Ankara."
    assert only(events_of(nlp, text, {"Kremlin": "organization"}), "DISPATCH").actor == "kremlin"


def test_copular_and_nominal_blame(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Officials in Paris insisted that it was all Washington's fault."
    ev = only(events_of(nlp, text, {"Washington": "place", "Paris": "place"}), "ACCUSE")
    assert ev.target == "washington" and ev.action.text == "fault"
    ev = only(events_of(nlp, "The blame game has begun in Moscow.", {"Moscow": "place"}), "ACCUSE")
    assert ev.action.text == "blame game" and ev.actor is None


def test_pronoun_mentions_link_to_actors(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Jones arrived late. She criticized Smith for the delay."
    events = events_of(nlp, text, {"Jones": "person", "Smith": "person"}, pronouns={"Jones": [text.index("She")]})
    ev = only(events, "DISAPPROVE")
    assert (ev.actor, ev.target) == ("jones", "smith")


def test_ids_unique_and_ordered(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Paris condemned the strike. Berlin urged restraint. Rome said nothing."
    events = events_of(nlp, text, {"Paris": "place", "Berlin": "place", "Rome": "place"})
    assert [e.category for e in events] == ["DISAPPROVE", "DEMAND", "STATEMENT"]
    assert [e.id for e in events] == ["e1", "e2", "e3"]
    assert events == sorted(events, key=lambda e: e.action.start)


def test_no_event_without_vocabulary(nlp) -> None:  # type: ignore[no-untyped-def]
    assert events_of(nlp, "The weather was mild in Rome.", {"Rome": "place"}) == []


def _actor_named(analysis, part: str) -> Actor:  # type: ignore[no-untyped-def]
    matches = [a for a in analysis.actors if part in a.name]
    assert matches, [a.name for a in analysis.actors]
    return max(matches, key=lambda a: len(a.mentions))


@pytest.mark.slow
def test_founding_article_events(founding_analysis) -> None:  # type: ignore[no-untyped-def]
    a = founding_analysis
    assert not [i for i in a.issues if i.stage == "events"], a.issues
    text = a.article.text
    events = a.events
    assert all(e.category in CATEGORIES for e in events)
    assert all(text[e.action.start : e.action.end] == e.action.text for e in events)
    lavrov = _actor_named(a, "Lavrov")
    dmitriev = _actor_named(a, "Dmitriev")
    rubio = _actor_named(a, "Rubio")
    by = {(e.category, e.actor, e.target) for e in events}
    refused = [e for e in events if e.action.text == "refused"]
    assert refused and refused[0].category == "REJECT" and refused[0].actor == lavrov.id
    assert ("DISPATCH", None, dmitriev.id) in by  # "Look who was dispatched next: Kirill Dmitriev"
    assert any(c == "ACCUSE" and t == rubio.id for c, _, t in by)  # "it was all Rubio's fault"
    assert any(c == "DISAPPROVE" and t == lavrov.id for c, _, t in by)  # "undercuts Lavrov"
    scrapped = [e for e in events if e.action.text == "scrapped"]
    assert scrapped and scrapped[0].category == "SANCTION"
    assert any(e.category == "ACCUSE" and e.action.text == "blame game" for e in events)


def test_naming_frame_labels_rather_than_calls(nlp) -> None:  # type: ignore[no-untyped-def]
    names = {"Trump": "person", "Biden": "person", "Putin": "person"}
    text = "Trump has called climate change a hoax."
    assert only(events_of(nlp, text, names), "STATEMENT").actor == "trump"
    text = "Critics branded Biden a failure."
    ev = only(events_of(nlp, text, names), "DISAPPROVE")
    assert ev.target == "biden"
    # a plain phone call stays a consultation, and "on Tuesday" does not make it "call on"
    text = "Putin called Biden on Tuesday."
    ev = only(events_of(nlp, text, names), "CONSULT")
    assert (ev.actor, ev.target) == ("putin", "biden")
    text = "Putin called on Biden to resign."
    assert only(events_of(nlp, text, names), "DEMAND").actor == "putin"


def test_a_naming_participle_is_no_event(nlp) -> None:  # type: ignore[no-untyped-def]
    names = {"John Smith": "person", "Future45": "organization"}
    text = "A man named John Smith criticized a PAC called Future45."
    assert [e.action.text for e in events_of(nlp, text, names)] == ["criticized"]
    # given by somebody, the name is a statement again
    text = "It is a plan called reckless by John Smith."
    assert only(events_of(nlp, text, names), "STATEMENT").action.text == "called"


def test_a_reduced_passive_takes_its_agent_as_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    names = {"Moscow": "place", "Smith": "person", "Future45": "organization"}
    text = "Future45 attacked a plan criticized by Smith."
    ev = only(events_of(nlp, text, names), "DISAPPROVE")
    assert (ev.actor, ev.action.text) == ("smith", "criticized")
    # the noun it modifies is the patient, never the actor
    text = "Two diplomats from Future45 expelled by Moscow flew home."
    ev = only(events_of(nlp, text, names), "SANCTION")
    assert ev.actor == "moscow"


def test_intent_climbs_a_deep_xcomp_chain_without_recursion() -> None:
    from spacy.lang.en import English
    from spacy.tokens import Doc

    from tealeaves.stages.events.extract import _intent

    # "says (that) … will try to try to … try to": a modal on the top verb of 5,000 nested
    # infinitives, deeper than Python's recursion limit
    def chain(modal: bool, n: int = 5_000) -> Doc:
        words = ["says", "will" if modal else "then"] + ["try"] * n
        heads = [0, 2, 0] + list(range(2, n + 1))
        deps = ["ROOT", "aux" if modal else "advmod", "ccomp"] + ["xcomp"] * (n - 1)
        pos = ["VERB", "AUX" if modal else "ADV"] + ["VERB"] * n
        return Doc(English().vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=words)

    vocab = load_vocabulary()
    assert _intent(chain(True)[-1], vocab)
    assert not _intent(chain(False)[-1], vocab)
