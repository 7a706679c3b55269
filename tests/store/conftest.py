"""Store fixtures: every store test runs on SQLite and, when TEALEAVES_TEST_PG is set, on a
fresh PostgreSQL schema that is dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from tealeaves.store import Store, open_store

PG_URL = os.environ.get("TEALEAVES_TEST_PG")


def make_store(backend: str, tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    if backend == "sqlite":
        store = open_store(tmp_path / "test.db")
        yield store
        store.close()
        return
    if not PG_URL:
        pytest.skip("TEALEAVES_TEST_PG is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    store = open_store(PG_URL, schema=schema)
    try:
        yield store
    finally:
        from sqlalchemy import create_engine, text

        from tealeaves.store import resolve_url

        store.close()
        engine = create_engine(resolve_url(PG_URL))
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    yield from make_store(request.param, tmp_path)
