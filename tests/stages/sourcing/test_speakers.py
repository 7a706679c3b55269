"""Who speaks (``stages/sourcing/claims.py``): descriptions joined to a described name,
spokespeople named earlier, and quote chains (SOURCING-GUIDE.md, "Source kinds").
Invented sentences."""

from __future__ import annotations

from tests.stages.sourcing.claim_helpers import one_containing
from tests.stages.sourcing.test_kinds import analysed, speaker


def test_a_description_joined_to_a_described_name_is_that_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Political analyst and Kremlin critic Pavel Dunin told the BBC that the vote was "
            "rigged.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the vote was rigged")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Pavel Dunin"
    assert c.source.text == "Political analyst and Kremlin critic Pavel Dunin"


def test_a_description_and_a_bare_name_are_two_speakers(nlp) -> None:  # type: ignore[no-untyped-def]
    claims, actors = analysed(nlp, "The minister and Jane Doe told reporters that rates "
                                   "would rise.")
    c = one_containing(claims, "rates would rise")
    assert c.source.text == "The minister" and speaker(c, actors) != "Jane Doe"


def test_the_spokesman_later_is_the_spokesman_named_before(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Kremlin spokesman Oleg Varenko said on Monday that talks with the city council were "
            "frozen. Officials gave no date for a new round.\n\n"
            "The Kremlin spokesman later said that no meeting was planned. A Kremlin spokesman "
            "said on Friday that the door remained open.")
    claims, actors = analysed(nlp, text)
    for words in ("no meeting was planned", "the door remained open"):
        c = one_containing(claims, words)
        assert c.source.kind == "named_person" and speaker(c, actors) == "Oleg Varenko", words


def test_a_cueless_quote_after_a_meeting_stays_with_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Oleg Varenko said on Wednesday that the sanctions were illegal, after a meeting "
            'with Pavel Dunin. "We will respond in kind and we will not wait."')
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "We will respond in kind")
    assert speaker(c, actors) == "Oleg Varenko"


def test_he_added_after_a_sentence_about_someone_else_goes_on(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('"The minister has done nothing wrong," Kremlin spokesman Oleg Varenko said of '
            'Foreign Minister Pavel Dunin. Dunin has been in office since 2004. "He retains the '
            'full trust of the president," he added.')
    claims, actors = analysed(nlp, text)
    assert speaker(one_containing(claims, "He retains the full trust"), actors) == "Oleg Varenko"


def test_he_added_after_someone_else_spoke_is_theirs(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('"We will not give up," Jane Smith said. Carl Berg disagreed. "Our plan is '
            'better," he added.')
    claims, actors = analysed(nlp, text)
    assert speaker(one_containing(claims, "Our plan is better"), actors) == "Carl Berg"


def test_he_added_does_not_go_to_a_speaker_called_she(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('"We will not give up," Jane Smith said of Carl Berg. She called him a friend. Berg '
            'has led the party since 2010. "Our plan is better," he added.')
    claims, actors = analysed(nlp, text)
    assert speaker(one_containing(claims, "Our plan is better"), actors) == "Carl Berg"


def test_a_relative_the_article_names_is_that_person(nlp) -> None:  # type: ignore[no-untyped-def]
    # the labels' rule 4: "her father" is named when the article names him anywhere
    text = ("Lena Marsh took over the bakery in May. Her father, Tom Marsh, ran it for thirty "
            "years. \"We never took a day off,\" her father said.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "We never took a day off")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Tom Marsh"
    text = ("Her parents, Tom and Ann Marsh, ran a bakery for thirty years. Lena Marsh, 34, "
            "now runs it. \"We never took a day off,\" her father said.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "We never took a day off").source.kind == "named_person"


def test_a_relative_of_a_named_person_is_the_one_other_of_the_family(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Ann Scott was hurt in the crash on Monday. Ann Scott's husband said the police had "
            "not explained the crash. Later, Mark Scott told reporters he wanted the video "
            "released.")
    claims, actors = analysed(nlp, text)
    c = one_containing(claims, "the police had not explained the crash")
    assert c.source.kind == "named_person" and speaker(c, actors) == "Mark Scott"


def test_a_relative_the_article_does_not_name_stays_unnamed(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("Lena Marsh was hired on Monday. Her father said that she had always wanted "
                 "the job.",
                 "Ann Scott was hurt in the crash on Monday. Ann Scott's husband said the police "
                 "had not explained the crash."):
        claims, _ = analysed(nlp, text)
        assert len(claims) == 1 and claims[0].source.kind == "anonymous", text


def test_another_persons_relative_named_elsewhere_names_no_one_here(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Tom Reed spoke at the rally. His father, Carl Reed, ran the mill. Ann Lake spoke "
            "next. Ann Lake's father and mother said they had never voted.")
    claims, _ = analysed(nlp, text)
    assert one_containing(claims, "never voted").source.kind == "anonymous"


def _context(nlp, text: str):  # type: ignore[no-untyped-def]
    from tealeaves.model import Article
    from tealeaves.stages.actors.build import find_actors
    from tealeaves.stages.sourcing.cues import vocabulary
    from tealeaves.stages.sourcing.kinds import SourceContext
    from tealeaves.stages.sourcing.quotes import find_quotes

    doc = nlp(text)
    quotes = find_quotes(text)
    return SourceContext(doc, find_actors(doc, Article.from_text(text)), vocabulary(),
                         quotes), quotes


def test_the_person_named_right_after_a_quotation_is_its_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.sourcing.speakers import named_after

    text = ("\u201cI will make you this promise: We will get to the truth,\u201d Harbor City "
            "police Chief Dana Morrow said Monday.")
    ctx, quotes = _context(nlp, text)
    actor = named_after(ctx, quotes[0].end)
    assert actor is not None and actor.name == "Dana Morrow"
    text = "\u201cWe are not going anywhere,\u201d said Lucy Park, who chairs the group."
    ctx, quotes = _context(nlp, text)
    actor = named_after(ctx, quotes[0].end)
    assert actor is not None and actor.name == "Lucy Park"


def test_a_quotation_that_ends_its_sentence_has_no_speaker_after_it(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.sourcing.speakers import named_after

    text = "\u201cWe will get to the truth.\u201d The mayor, Tom Reed, spoke next."
    ctx, quotes = _context(nlp, text)
    assert named_after(ctx, quotes[0].end) is None
    text = "\u201cWe will get to the truth,\u201d he said. Tom Reed spoke next."
    ctx, quotes = _context(nlp, text)
    assert named_after(ctx, quotes[0].end) is None


def test_it_after_a_document_is_that_document(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "It says" / "it adds" after a document that spoke, named by an acronym spelt out
    earlier, refers to that document (SOURCING-GUIDE.md: a named report speaks as a body)."""
    text = ("On Monday the ministry published its Annual Defence Review (ADR), a 40-page text. "
            "The ADR warns that the northern border is poorly guarded. It adds that the navy "
            "needs six new ships. Officials declined to comment. The army, it says, must shrink.")
    claims, actors = analysed(nlp, text)
    for words in ("the navy needs six new ships", "must shrink"):
        c = one_containing(claims, words)
        refers = c.source.refers
        assert c.source.kind == "named_organization", words
        assert (speaker(c, actors) or (refers.text if refers else "")) == "Annual Defence Review"
        if refers is not None:
            assert text[refers.start:refers.end] == refers.text


def test_it_after_an_acronym_names_the_spelt_out_document() -> None:
    from tealeaves.stages.sourcing.works import spelt_out

    text = ("Mr Doe's 30-page National Defence Plan (NDP) came out on Friday. Critics of the NDP "
            "say the NDP is thin. The Office of Invented Affairs (OIA) agreed. The OIA and the "
            "XYZ said no.")
    at = text.rindex("the NDP")
    found = spelt_out(text, at, at + 7)
    assert found is not None and text[found[0]:found[1]] == "National Defence Plan"
    at = text.rindex("OIA")
    found = spelt_out(text, at, at + 3)
    assert found is not None and text[found[0]:found[1]] == "Office of Invented Affairs"
    assert spelt_out(text, text.index("XYZ"), text.index("XYZ") + 3) is None


def test_the_document_again_is_the_body_that_spoke(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The Invented Audit Office said on Tuesday that the port contract was overpriced. "
            "The report also says that two officials ignored warnings.")
    claims, actors = analysed(nlp, text)
    first = one_containing(claims, "the port contract was overpriced")
    c = one_containing(claims, "two officials ignored warnings")
    assert c.source.kind == "named_organization"
    assert (c.source.actor, c.source.refers) == (first.source.actor, first.source.refers)
    assert c.source.actor is not None or c.source.refers is not None


def test_it_with_no_body_before_refers_to_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Jane Doe said the plan had failed. It also said the money was gone."
    claims, _ = analysed(nlp, text)
    c = one_containing(claims, "the money was gone")
    assert c.source.refers is None


def test_the_report_again_is_its_issuers(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "X released its report. The report said … It also said …": X's, even when another
    body spoke in between ("Freedonia denounced …")."""
    text = ("Freedonia has denounced the Invented Ministry of Trade's latest report. Its envoy "
            "called it biased. The Invented Ministry of Trade released its annual report on "
            "Monday.\nThe report said tariffs had doubled in 2031. It also said that exports "
            "fell.")
    claims, actors = analysed(nlp, text)
    for words in ("tariffs had doubled", "exports fell"):
        c = one_containing(claims, words)
        assert c.source.kind == "named_organization", words
        assert speaker(c, actors) == "Invented Ministry of Trade", words


def test_a_run_of_it_sentences_keeps_the_first_its_referent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The Invented Audit Office published a study on Monday. The study said ports were "
            "short of staff. It described a plan through which Freedonia could hire more "
            "guards. It went on to propose that the navy pay for them.")
    claims, actors = analysed(nlp, text)
    first = one_containing(claims, "ports were short of staff")
    c = one_containing(claims, "the navy pay for them")
    assert c.source.kind == "named_organization"
    assert speaker(c, actors) == speaker(first, actors) != "Freedonia"


def test_the_name_after_a_quotation_speaks_only_when_its_phrase_opens_the_words(nlp) -> None:  # type: ignore[no-untyped-def]
    """The words between a quotation and the name are the name's own phrase or its verb,
    however long; a name inside another phrase ("critics of NAME") is not the speaker."""
    from tealeaves.stages.sourcing.speakers import named_after

    text = ("\u201cWe will not move,\u201d the longtime chairwoman of the Riverside Tenants "
            "Association, Jane Doe, said on Monday.")
    ctx, quotes = _context(nlp, text)
    actor = named_after(ctx, quotes[0].end)
    assert actor is not None and actor.name == "Jane Doe"
    text = "\u201cWe will not move,\u201d critics of Mayor Tom Reed said on Monday."
    ctx, quotes = _context(nlp, text)
    assert named_after(ctx, quotes[0].end) is None


def test_a_controller_is_followed_for_every_claim_of_its_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    """The guard against a controller loop holds only on the way down: a second claim of the
    same cue (or the same claim read again) still reaches the controller, so the source does
    not depend on which claim of a Doc was read first."""
    from tealeaves.model import Article
    from tealeaves.stages.actors.build import find_actors
    from tealeaves.stages.sourcing.cue_rules import CueMatch
    from tealeaves.stages.sourcing.cues import vocabulary
    from tealeaves.stages.sourcing.kinds import SourceContext, source_of
    from tealeaves.stages.sourcing.quotes import find_quotes

    text = "Senator Maria Lopez held a briefing on Monday to boast that the jobs plan worked."
    doc = nlp(text)
    actors = find_actors(doc, Article.from_text(text))
    ctx = SourceContext(doc, actors, vocabulary(), find_quotes(text))
    cue = next(t for t in doc if t.lower_ == "boast")
    start = text.index("the jobs")
    f = CueMatch(content=(start, len(text) - 1), quote=False,
                 cue=(cue.idx, cue.idx + len(cue.text)))
    first, again = source_of(ctx, f), source_of(ctx, f)
    names = {a.id: a.name for a in actors}
    assert first.kind == "named_person" and "Lopez" in names.get(first.actor or "", "")
    assert again == first
