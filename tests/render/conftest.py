"""A hand-built Analysis with every kind of finding, for the renderer tests.

Made up for the tests; the text carries hostile markup on purpose.
"""

from __future__ import annotations

import pytest

from tealeaves.model import (
    Actor,
    Analysis,
    Article,
    Claim,
    Event,
    Framing,
    Genre,
    Mention,
    Removed,
    Source,
    Span,
    StageIssue,
    Stance,
    StanceVoice,
    StandingSignal,
    Technique,
)

TEXT = (
    "Foreign Minister Anna Berg faced questions on Tuesday. "
    'She said the talks were "a complete success".\n'
    "According to officials familiar with the matter, Berg reportedly ignored the warnings.\n"
    "Word is, the cabinet is furious with her.\n"
    "The ministry, through its friendly newspaper The Daily Ledger, blamed the opposition for the collapse.\n"
    "The opposition did not respond.\n"
    "This reckless, shameful gamble will likely cost the country dearly. "
    '<script>alert("pwned")</script> & [bold]more[/bold].'
)
TITLE = "Minister <script>alert('title')</script> under [red]fire[/red]"


def find(sub: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the *nth* occurrence of *sub* in TEXT."""
    pos = -1
    for _ in range(nth + 1):
        pos = TEXT.index(sub, pos + 1)
    return pos, pos + len(sub)


def span(sub: str, nth: int = 0) -> Span:
    s, e = find(sub, nth)
    return Span(s, e, sub)


def mention(sub: str, form: str = "name", nth: int = 0) -> Mention:
    s, e = find(sub, nth)
    return Mention(s, e, sub, form)  # type: ignore[arg-type]


def claim(cid: str, sub: str, kind: str, *, quote: bool = False, source: str | None = None,
          actor: str | None = None, cue: str | None = None, via: str | None = None,
          hedges: tuple[str, ...] = ()) -> Claim:
    s, e = find(sub)
    if source is not None:
        ss, se = find(source)
        src = Source(kind, actor, ss, se, source)  # type: ignore[arg-type]
    else:
        src = Source(kind, actor)  # type: ignore[arg-type]
    return Claim(
        id=cid, start=s, end=e, text=sub, quote=quote, source=src,
        cue=span(cue) if cue else None, via=via, hedges=tuple(span(h) for h in hedges),
    )


def build() -> Analysis:
    article = Article.from_text(
        TEXT, title=TITLE, outlet="The Test Gazette", published="2025-10-23",
        url="https://example.org/minister", language="en",
        removed=(Removed("Share on Facebook", "share line"),
                 Removed("<img src=x onerror=alert(1)>", "image caption")),
    )
    berg_sig = span("Berg reportedly ignored the warnings")
    actors = (
        Actor(
            id="anna-berg", name="Anna Berg", kind="person", roles=("Foreign Minister",),
            aliases=("Berg", "<b>A. Berg</b>"),
            mentions=(mention("Anna Berg"), mention("She", "pronoun"), mention("Berg", nth=1),
                      mention("her", "pronoun", nth=0)),
            stance=Stance("negative", 0.62, (berg_sig,),
                          (StanceVoice("relayed", "negative", 0.62, (berg_sig,), ("c2",)),)),
            framing=Framing("antagonist", ("Incompetent",), 0.71),
            standing=(StandingSignal("blamed", "falling", berg_sig.start, berg_sig.end, berg_sig.text),),
        ),
        Actor(id="ministry", name="The ministry", kind="organization",
              mentions=(mention("The ministry"),),
              standing=(StandingSignal("consulted", "rising", *find("The ministry"), "The ministry"),)),
        Actor(id="daily-ledger", name="The Daily Ledger", kind="organization",
              mentions=(mention("The Daily Ledger"),)),
        Actor(id="opposition", name="the opposition", kind="group",
              mentions=(mention("the opposition"), mention("The opposition"))),
    )
    claims = (
        claim("c1", "a complete success", "named_person", quote=True, actor="anna-berg", cue="said"),
        claim("c2", "Berg reportedly ignored the warnings", "anonymous",
              source="officials familiar with the matter", cue="According to", hedges=("reportedly",)),
        claim("c3", "the cabinet is furious with her", "rumour", source="Word is", cue="Word is"),
        claim("c4", "the opposition for the collapse", "named_organization", source="The ministry",
              actor="ministry", cue="blamed", via="daily-ledger"),
        claim("c5", "This reckless, shameful gamble will likely cost the country dearly.", "author",
              hedges=("likely",)),
    )
    techniques = (
        Technique("Loaded_Language", *find("reckless, shameful gamble"), "reckless, shameful gamble", 0.91),
        Technique("Name_Calling,Labeling", *find("shameful gamble will"), "shameful gamble will", 0.55),
        Technique("Appeal_to_fear-prejudice", *find("will likely cost the country dearly"),
                  "will likely cost the country dearly", 0.7),
        Technique("Loaded_Language", *find("furious"), "furious", 0.8),
    )
    events = (
        Event("e1", "STATEMENT", "anna-berg", None, span("said"), *find('She said the talks were "a complete success"')),
        Event("e2", "ACCUSE", "ministry", "opposition", span("blamed"),
              *find("The ministry, through its friendly newspaper The Daily Ledger, blamed the opposition for the collapse")),
        Event("e3", "CONSULT", "opposition", None, span("respond"), *find("The opposition did not respond"), negated=True),
    )
    return Analysis(
        article=article, genre=Genre("opinion", 0.82), actors=actors, claims=claims,
        events=events, techniques=techniques,
        issues=(StageIssue("stance", "model <b>not</b> loaded"),),
        timings={"parse": 0.01, "actors": 0.002},
    )


@pytest.fixture
def rich_analysis() -> Analysis:
    return build()


@pytest.fixture
def empty_analysis() -> Analysis:
    return Analysis(article=Article.from_text("Nothing much happened today."))
