"""Runs the stages over one article or a stream of them.

Each stage is a plain function in ``tealeaves.stages`` that reads the spaCy ``Doc``
(and what earlier stages found) and returns typed findings. A stage that raises
on one article records a :class:`~tealeaves.model.StageIssue` and the other stages
still run (DESIGN.md, convention 4).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Actor, Analysis, Article, Claim, Event, Genre, StageIssue, Technique

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: A string that can only be a file name: no spaces, ending in an article file extension.
_FILE_NAME = re.compile(r"^\S+\.(txt|html?|xhtml)$", re.IGNORECASE)

STAGE_NAMES: tuple[str, ...] = ("actors", "sourcing", "events", "rhetoric", "stance")


@dataclass(frozen=True)
class Options:
    """Everything that tunes a run, passed as one object."""

    clean: bool = True
    stages: tuple[str, ...] = STAGE_NAMES
    actors_file: Path | None = None
    batch_size: int = 16
    check_language: bool = True


@dataclass
class State:
    """What the stages have found so far for one article."""

    article: Article
    doc: Doc
    options: Options
    actors: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    techniques: list[Technique] = field(default_factory=list)
    genre: Genre | None = None


def _run_actors(state: State) -> None:
    from .stages.actors import find_actors

    state.actors = find_actors(state.doc, state.article, state.options.actors_file)


def _run_sourcing(state: State) -> None:
    from .stages.sourcing import find_claims

    state.claims = find_claims(state.doc, state.actors)


def _run_events(state: State) -> None:
    from .stages.events import find_events

    state.events = find_events(state.doc, state.actors)


def _run_rhetoric(state: State) -> None:
    from .stages.rhetoric import classify_genre, find_techniques

    state.techniques = find_techniques(state.doc)
    state.genre = classify_genre(state.doc, state.claims, state.techniques, state.article)


def _run_stance(state: State) -> None:
    from .stages.stance import assess_actors

    state.actors = assess_actors(state.doc, state.actors, state.techniques, state.events,
                                 claims=state.claims)


STAGES: dict[str, Callable[[State], None]] = {
    "actors": _run_actors,
    "sourcing": _run_sourcing,
    "events": _run_events,
    "rhetoric": _run_rhetoric,
    "stance": _run_stance,
}


def analyze_doc(doc: Doc, article: Article, options: Options | None = None) -> Analysis:
    """Run every enabled stage over an already parsed *doc* of *article*."""
    options = options or Options()
    from .nlp import doc_text

    if doc_text(doc) != article.text:  # built once per Doc; the stages read the cached copy
        raise ValueError("doc.text must be the article's cleaned text")
    state = State(article=article, doc=doc, options=options)
    issues: list[StageIssue] = _parse_issues(doc)
    timings: dict[str, float] = {}
    for name in STAGE_NAMES:
        if name not in options.stages:
            continue
        t0 = time.perf_counter()
        try:
            STAGES[name](state)
        except Exception as exc:  # one failure stays local (DESIGN.md §4)
            log.warning("stage %s failed on %s: %s", name, article.id[:12], exc, exc_info=True)
            issues.append(StageIssue(stage=name, message=f"{type(exc).__name__}: {exc}"))
        timings[name] = round(time.perf_counter() - t0, 4)
    return Analysis(
        article=article,
        genre=state.genre,
        actors=tuple(state.actors),
        claims=tuple(state.claims),
        events=tuple(state.events),
        techniques=tuple(state.techniques),
        issues=tuple(issues),
        timings=timings,
    )


def _parse_issues(doc: Doc) -> list[StageIssue]:
    """What the parse itself reports: over-long sentences cut before parsing."""
    from .nlp import CUT_SENTENCES, MAX_SENTENCE_TOKENS

    cut = doc.user_data.get(CUT_SENTENCES, 0)
    if not cut:
        return []
    return [StageIssue(
        stage="parse",
        message=f"{cut} sentence(s) longer than {MAX_SENTENCE_TOKENS} tokens were cut into "
                f"pieces of at most {MAX_SENTENCE_TOKENS} before parsing; findings that span "
                "a cut are missed",
    )]


def _to_article(item: str | Path | Article, options: Options) -> Article:
    from .ingest import read_path, read_text

    if isinstance(item, Article):
        return item
    if isinstance(item, Path):
        return read_path(item, clean=options.clean)
    if isinstance(item, str):
        if "\n" not in item and len(item) < 4096 and _is_file(item):
            return read_path(Path(item), clean=options.clean)
        if _FILE_NAME.match(item):  # a path to a missing file, not a text to analyse
            return read_path(Path(item), clean=options.clean)
        return read_text(item, clean=options.clean)
    raise TypeError(f"expected text, a path or an Article, not {type(item).__name__}")


def _is_file(name: str) -> bool:
    """Whether *name* names an existing file (False for text too long to be a file name)."""
    try:
        return Path(name).is_file()
    except (OSError, ValueError):  # ENAMETOOLONG, embedded NUL: text, not a path
        return False


def _check_language(article: Article) -> None:
    from .errors import LanguageError
    from .nlp import is_supported_language, unsupported_message

    if not is_supported_language(article.language):
        raise LanguageError(article.url or article.title or article.id[:12],
                            unsupported_message(article.language))


def _analyze_russian(article: Article, options: Options) -> Analysis:
    """A Russian article through ``lang.ru`` (natasha), behind the same Analysis."""
    from .lang.ru import analyze_ru

    return analyze_ru(article, stages=options.stages, actors_file=options.actors_file)


def analyze(item: str | Path | Article, options: Options | None = None) -> Analysis:
    """Analyse one article: a text, a path to a .txt/.html file, or an :class:`Article`."""
    options = options or Options()
    article = _to_article(item, options)
    if options.check_language:
        _check_language(article)
    if article.language == "ru":
        return _analyze_russian(article, options)
    from .nlp import load_model

    t0 = time.perf_counter()
    doc = load_model()(article.text)
    parse = round(time.perf_counter() - t0, 4)
    result = analyze_doc(doc, article, options)
    return replace(result, timings={"parse": parse, **result.timings})


def analyze_many(
    items: Iterable[str | Path | Article], options: Options | None = None
) -> Iterator[Analysis]:
    """Analyse many articles, parsed in batches with ``nlp.pipe``; results keep input order.

    Bad inputs raise :class:`~tealeaves.errors.InputError` when they are reached; use
    :func:`tealeaves.batch` for runs that must skip and report them instead.
    """
    options = options or Options()
    from .nlp import load_model

    nlp = load_model()

    def articles() -> Iterator[Article]:
        for item in items:
            article = _to_article(item, options)
            if options.check_language:
                _check_language(article)
            yield article

    size = max(1, options.batch_size)
    batch: list[Article] = []
    for article in articles():  # Russian articles go one by one; the rest in nlp.pipe batches
        batch.append(article)
        if len(batch) >= size:
            yield from _analyze_batch(nlp, batch, options)
            batch = []
    yield from _analyze_batch(nlp, batch, options)


def _analyze_batch(nlp: Language, batch: list[Article], options: Options) -> Iterator[Analysis]:
    english = [a for a in batch if a.language != "ru"]
    docs = iter(nlp.pipe([a.text for a in english], batch_size=max(1, len(english))))
    for article in batch:
        if article.language == "ru":
            yield _analyze_russian(article, options)
        else:
            yield analyze_doc(next(docs), article, options)
