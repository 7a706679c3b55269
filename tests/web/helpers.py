"""Shared helpers of the web tests that need no analysed store: the one error shape, an
empty store, a real server on loopback, and a pool of workers with the fault hook on."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tealeaves.web.pool import AnalysisPool, PoolConfig
from tealeaves.web.worker import FAULTS_ENV

TOKEN = "helper-token-77"
NORMAL_TEXT = ("Governor Alan Brooks said on Tuesday that the state would sue the federal "
               "government over the new water rules, according to a spokeswoman.")


def assert_error(response: Any, status: int) -> dict[str, Any]:
    """*response* is *status* in the API's one error shape, without a traceback."""
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("application/json"), response.text[:200]
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


def assert_error_page(response: Any, status: int) -> str:
    """*response* is *status* as an HTML error page (or the analyse form with its error)."""
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert 'id="error-message"' in response.text or 'id="analyse-error"' in response.text
    assert "Traceback" not in response.text and 'File "' not in response.text
    return str(response.text)


def empty_store(tmp_path: Path) -> str:
    """A new, empty SQLite store (migrated), as a path."""
    from tealeaves.store import open_store

    path = tmp_path / "empty.db"
    open_store(path).close()
    return str(path)


@contextmanager
def fault_pool(**config: Any) -> Iterator[AnalysisPool]:
    """A pool whose workers obey the test-only fault markers (``TEALEAVES-FAULT-*``)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(FAULTS_ENV, "crash,hang,memory")
        pool = AnalysisPool(PoolConfig(**config))
        try:
            yield pool
        finally:
            pool.close()


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """*app* served by uvicorn on a free loopback port, in a thread; yields the base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise AssertionError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def burn_cpu_after_cap(seconds: float) -> None:
    """In a child process: cap the CPU time like a worker before a job, then spin."""
    from tealeaves.web.worker import _limit_cpu

    _limit_cpu(seconds)
    while True:
        pass
