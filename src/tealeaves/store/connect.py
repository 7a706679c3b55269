"""Opening the database: URLs, and the SQLite and PostgreSQL engines with their settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from .tx import begin_statement


def resolve_url(target: str | Path) -> str:
    """A SQLAlchemy URL for a path, ``sqlite:///…``, ``postgresql://…`` or ``:memory:``."""
    target = str(target)
    if target in (":memory:", "sqlite://", "sqlite:///:memory:"):
        return "sqlite://"
    if "://" not in target:
        return f"sqlite:///{Path(target).expanduser().resolve()}"
    if target.startswith("postgres://"):
        target = "postgresql://" + target[len("postgres://"):]
    if target.startswith("postgresql://"):  # psycopg 3 is the driver we install
        target = "postgresql+psycopg://" + target[len("postgresql://"):]
    return target


def sqlite_engine(url: str) -> Engine:
    memory = url == "sqlite://"
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 60}}
    if memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions start (the documented
        # recipe), so DDL in a migration really runs inside the transaction.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin_statement(conn))

    return engine


def pg_engine(url: str, schema: str | None) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)
    if schema:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", schema):
            raise ValueError(f"bad schema name {schema!r}")

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            cur.execute(f'SET search_path TO "{schema}"')
            cur.close()
            dbapi_conn.commit()

    return engine
