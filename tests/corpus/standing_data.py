"""Hand-built analyses with standing signals, for the standing board and timeline tests."""

from __future__ import annotations

from tealeaves.model import (
    Actor,
    Analysis,
    Article,
    Claim,
    Mention,
    Source,
    Span,
    StandingSignal,
)


def _signal(text: str, phrase: str, direction: str, kind: str, source: str,
            claim: str | None = None, contested: bool = False,
            contested_by: str | None = None) -> StandingSignal:
    start = text.index(phrase)
    return StandingSignal(signal=kind, direction=direction, start=start,  # type: ignore[arg-type]
                          end=start + len(phrase), text=phrase, type=kind, claim=claim,
                          source_kind=source, contested=contested,  # type: ignore[arg-type]
                          contested_by=contested_by)


def _denial(text: str) -> Claim:
    """The Kremlin's claim in *text*: "The Kremlin denied rumours that …"."""
    cue = text.index("denied")
    start = text.index("rumours that")
    end = text.index(".", start)
    return Claim(id="c1", start=start, end=end, text=text[start:end], quote=False,
                 source=Source(kind="named_organization", actor="kremlin", start=4, end=11,
                               text="Kremlin"),
                 cue=Span(cue, cue + 6, "denied"))


def _actor(text: str, name: str, *signals: StandingSignal) -> Actor:
    start = text.index(name)
    return Actor(id=name.lower(), name=name, kind="person",
                 mentions=(Mention(start, start + len(name), name),), standing=signals)


def standing_set() -> list[Analysis]:
    """Three dated articles: Petrov rises twice (the author, then anonymous sources), Ivanov
    falls twice and rises once, and a rumour of his sacking is denied by the Kremlin (a
    contested signal, ``contested_by`` the Kremlin's claim); an undated fourth article has
    Sidorov falling."""
    t1 = "Petrov replaced Ivanov as defence minister. The move surprised Moscow."
    t2 = "Ivanov has been sidelined, two officials said. Petrov was entrusted with the talks."
    t3 = ("The Kremlin denied rumours that Ivanov was sacked. Later Ivanov was appointed "
          "as envoy.")
    t4 = "Sidorov resigned."
    a1 = Analysis(article=Article.from_text(t1, outlet="Outlet A", published="2025-03-03",
                                            title="Reshuffle"),
                  actors=(_actor(t1, "Petrov", _signal(t1, "Petrov replaced", "rising",
                                                       "takes_over", "author")),
                          _actor(t1, "Ivanov", _signal(t1, "replaced Ivanov", "falling",
                                                       "replaced", "author"))))
    a2 = Analysis(article=Article.from_text(t2, outlet="Outlet B", published="2025-03-12",
                                            title="Talks"),
                  actors=(_actor(t2, "Ivanov", _signal(t2, "Ivanov has been sidelined",
                                                       "falling", "sidelined", "anonymous",
                                                       claim="c1")),
                          _actor(t2, "Petrov", _signal(t2, "Petrov was entrusted", "rising",
                                                       "entrusted", "author"))))
    a3 = Analysis(article=Article.from_text(t3, outlet="Outlet A", published="2025-04-02",
                                            title="Denial"),
                  actors=(_actor(t3, "Ivanov",
                                 _signal(t3, "Ivanov was sacked", "falling", "rumoured_ouster",
                                         "rumour", claim="c1", contested=True,
                                         contested_by="c1"),
                                 _signal(t3, "Ivanov was appointed", "rising", "appointed",
                                         "author")),
                          Actor(id="kremlin", name="Kremlin", kind="organization",
                                mentions=(Mention(4, 11, "Kremlin"),))),
                  claims=(_denial(t3),))
    a4 = Analysis(article=Article.from_text(t4, outlet="Outlet C", published=None, title="Q"),
                  actors=(_actor(t4, "Sidorov", _signal(t4, "Sidorov resigned", "falling",
                                                        "resigned", "author")),))
    return [a1, a2, a3, a4]
