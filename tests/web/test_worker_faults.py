"""Submitted texts are analysed in worker processes: a crash, an overrun, a memory blow-up
or a client that goes away costs a worker, never the server.

The faults are made with the worker's test-only hook (``TEALEAVES_WEB_FAULTS`` names the
faults; a text with ``TEALEAVES-FAULT-CRASH``, ``-HANG`` or ``-MEMORY`` triggers one; see
:mod:`tealeaves.web.worker`). One pool serves the whole module, so the models load once
per replaced worker.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from tealeaves.web import create_app
from tealeaves.web.pool import AnalysisPool, JobFailed, PoolConfig

from .helpers import (
    NORMAL_TEXT,
    TOKEN,
    assert_error,
    assert_error_page,
    burn_cpu_after_cap,
    empty_store,
    fault_pool,
    live_server,
)

LIMIT_S = 20.0  # the time limit of the module's pool: a normal short text takes ~1-5 s here


@pytest.fixture(scope="module")
def pool() -> Iterator[AnalysisPool]:
    with fault_pool(workers=1, timeout=LIMIT_S, memory_mb=256, queue=2) as p:
        yield p


@pytest.fixture
def client(pool: AnalysisPool, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(empty_store(tmp_path), token=TOKEN, rate=100.0, burst=100, analysis=pool)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def post_text(client: TestClient, text: str) -> Any:
    return client.post("/api/articles", json={"text": text},
                       headers={"Authorization": f"Bearer {TOKEN}"})


def test_a_crashing_analysis_costs_a_worker_not_the_server(client: TestClient,
                                                           pool: AnalysisPool) -> None:
    crashed = pool.counts["crashed"]
    r = client.post("/analyse", data={"text": "Jones said so. TEALEAVES-FAULT-CRASH"})
    page = assert_error_page(r, 500)
    assert "crashed" in page and "SIGSEGV" in page
    assert pool.counts["crashed"] == crashed + 1
    body = assert_error(post_text(client, "Jones said so. TEALEAVES-FAULT-CRASH"), 500)
    assert "crashed" in body["error"]["message"]
    ok = post_text(client, NORMAL_TEXT)  # a new worker takes the next text
    assert ok.status_code == 201, ok.text
    assert "Alan Brooks" in {a["name"] for a in ok.json()["analysis"]["actors"]}
    assert client.get(ok.headers["location"]).status_code == 200


def test_an_overrun_is_stopped_at_the_limit(client: TestClient, pool: AnalysisPool) -> None:
    post_text(client, NORMAL_TEXT)  # a ready worker, so that only the analysis is timed
    killed = pool.counts["killed"]
    started = time.monotonic()
    r = post_text(client, "Jones said so. TEALEAVES-FAULT-HANG")
    took = time.monotonic() - started
    msg = assert_error(r, 504)["error"]["message"]
    assert f"{LIMIT_S:g} s limit" in msg
    assert LIMIT_S <= took < LIMIT_S + 15
    assert pool.counts["killed"] == killed + 1
    assert client.post("/analyse", data={"text": NORMAL_TEXT}).status_code == 200


def test_a_memory_blow_up_is_stopped_by_the_limit(client: TestClient,
                                                  pool: AnalysisPool) -> None:
    memory = pool.counts["memory"]
    r = client.post("/analyse", data={"text": "Jones said so. TEALEAVES-FAULT-MEMORY"})
    assert "more memory" in assert_error_page(r, 413)
    assert pool.counts["memory"] == memory + 1
    assert client.post("/analyse", data={"text": NORMAL_TEXT}).status_code == 200


def test_markers_are_plain_text_without_the_hook(tmp_path: Path) -> None:
    """The fault hook is off unless the environment variable names the fault."""
    from tealeaves.web.worker import FAULTS_ENV, _reply

    assert _reply({"kind": "text", "text": "", "meta": {}}, set())[0] == "input"
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(FAULTS_ENV, raising=False)
        kind, out = _reply({"kind": "text", "text": "TEALEAVES-FAULT-CRASH " + NORMAL_TEXT,
                            "meta": {}}, set())
    assert kind == "ok" and out["analysis"].actors


def test_a_client_that_leaves_stops_its_job(pool: AnalysisPool, tmp_path: Path) -> None:
    app = create_app(empty_store(tmp_path), token=TOKEN, analysis=pool)
    with live_server(app) as base:
        with httpx.Client(base_url=base, timeout=60) as c:  # a ready worker first
            assert c.post("/analyse", data={"text": NORMAL_TEXT}).status_code == 200
        sent, killed = pool.counts["sent"], pool.counts["killed"]
        body = b"text=Jones+said+so.+TEALEAVES-FAULT-HANG"
        host, port = urlsplit(base).netloc.split(":")
        with socket.create_connection((host, int(port))) as sock:
            sock.sendall(b"POST /analyse HTTP/1.1\r\nHost: " + host.encode() +
                         b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            assert pool.wait_for_count("sent", sent + 1, timeout=30)  # the worker has it
            started = time.monotonic()
        # the socket is closed: the server notices within its polling interval
        assert pool.wait_for_count("killed", killed + 1, timeout=LIMIT_S - 5)
        assert time.monotonic() - started < LIMIT_S - 5  # the disconnect, not the limit
        with httpx.Client(base_url=base, timeout=60) as c:  # and the next one is served
            assert c.post("/analyse", data={"text": NORMAL_TEXT}).status_code == 200


def test_an_orphaned_job_is_stopped_by_its_cpu_cap() -> None:
    """A worker whose server was killed (nobody to stop it at the time limit) is stopped by
    the CPU-time cap it sets before each job."""
    import multiprocessing
    import signal

    proc = multiprocessing.get_context("spawn").Process(target=burn_cpu_after_cap, args=(1.0,))
    proc.start()
    proc.join(timeout=120)
    if proc.is_alive():
        proc.kill()
        proc.join()
        pytest.fail("the CPU cap did not stop the process")
    assert proc.exitcode == -signal.SIGXCPU


def test_the_queue_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    pool = AnalysisPool(PoolConfig(workers=1, queue=1))
    monkeypatch.setattr(pool, "_start_slots", lambda: None)  # no worker takes the jobs
    first = pool.submit({"kind": "text", "text": "a"})
    pool.submit({"kind": "text", "text": "b"})
    with pytest.raises(JobFailed) as err:
        pool.submit({"kind": "text", "text": "c"})
    assert err.value.status == 503 and "busy" in err.value.message
    pool.close()
    with pytest.raises(JobFailed) as err:
        first.result()
    assert err.value.status == 503
