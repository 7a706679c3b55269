"""Corpus fixtures: the project's test articles (``tests/fixtures/articles``: five outlets,
March to June 2024), analysed once per session, in a store on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tealeaves.store import Store
from tests.fixtures import fixture_records
from tests.store.store_factory import make_store


@pytest.fixture(scope="session")
def corpus_analyses():  # type: ignore[no-untyped-def]
    from tealeaves import analyze_many
    from tealeaves.ingest import read_text
    from tealeaves.pipeline import Options

    arts = [read_text(r["text"], outlet=r["outlet"], published=r["published"],
                      title=r["title"]) for r in fixture_records()]
    return list(analyze_many(arts, Options(check_language=False)))


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_store(request, tmp_path_factory, corpus_analyses) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    yield from _filled(request.param, tmp_path_factory.mktemp("corpus"), corpus_analyses)


def _filled(backend: str, tmp: Path, analyses) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    gen = make_store(backend, tmp)
    store = next(gen)
    for a in analyses:
        store.save(a)
    yield store
    for _ in gen:
        pass


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    """An empty store on each backend."""
    yield from make_store(request.param, tmp_path)
