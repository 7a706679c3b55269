"""Write transactions that take the write lock up front.

On SQLite in WAL mode a transaction that starts as a reader and later writes fails at once
with "database is locked" if another connection committed in between (it cannot upgrade a
stale snapshot), whatever the busy timeout. ``BEGIN IMMEDIATE`` takes the write lock first
and waits for it instead. PostgreSQL ignores the option.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

WRITE = "tealeaves_write"


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """``with write_tx(engine) as conn:`` — one write transaction, committed on success."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{WRITE: True})
        with conn.begin():
            yield conn


def begin_statement(conn: Connection) -> str:
    return "BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN"
