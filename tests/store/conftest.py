"""Store fixtures: every store test runs on SQLite and, when TEALEAVES_TEST_PG is set, on a
fresh PostgreSQL schema that is dropped afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tealeaves.store import Store
from tests.store.store_factory import make_store

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    yield from make_store(request.param, tmp_path)
