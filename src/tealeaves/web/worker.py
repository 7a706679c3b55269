"""The analysis worker process: what :class:`tealeaves.web.pool.AnalysisPool` starts.

A worker loads every model a job needs, then caps its own address space (``RLIMIT_AS``:
what the loaded models take plus ``memory_mb``) and lowers its CPU priority, tells the
server it is ready, and answers jobs (read the submitted article, analyse it, and embed
its claims when it is to be stored) until the server closes the pipe. It imports neither
FastAPI nor the server's code.

Test hook: when the environment variable ``TEALEAVES_WEB_FAULTS`` names a fault
(comma-separated: ``crash``, ``hang``, ``memory``), a worker given a text that contains
the marker ``TEALEAVES-FAULT-CRASH`` (or ``-HANG``, ``-MEMORY``) kills itself with
SIGSEGV, sleeps for an hour, or allocates until its memory limit stops it. Without the
variable (never set in production) the markers are ordinary text.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger(__name__)

FAULTS_ENV = "TEALEAVES_WEB_FAULTS"
_WARM_TEXT = ("Senator Mary Jones said on Monday that the budget deal would fail, "
              "according to two officials who spoke on condition of anonymity.")


def worker_main(conn: Connection, memory_mb: int, nice: int, timeout: float = 60.0) -> None:
    """A worker process: load the models, cap the address space, then answer jobs until
    the server closes the pipe. Each job also gets a CPU-time cap (``RLIMIT_CPU``) that the
    server's wall-clock *timeout* always reaches first: it only stops a job whose server
    died without closing the pipe (killed), so that no orphan keeps a core busy."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    try:
        os.nice(nice)
    except OSError:
        pass
    try:
        _warm()
        _limit_memory(memory_mb)
    except BaseException as exc:  # noqa: BLE001 - reported to the server, which logs it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    faults = {f.strip() for f in os.environ.get(FAULTS_ENV, "").split(",") if f.strip()}
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        _limit_cpu(timeout * (os.cpu_count() or 1) + 10)
        reply = _reply(request, faults)
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", "the result was too big to send back"))
            return
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
            conn.send(("error", f"the result could not be sent back ({type(exc).__name__})"))
        if reply[0] == "memory":
            return  # a process that hit its memory limit is not trusted with another job


def _limit_cpu(seconds: float) -> None:
    """Let this process use *seconds* more CPU time (then the kernel stops it: SIGXCPU)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _reply(request: dict[str, Any], faults: set[str]) -> tuple[str, Any]:
    from ..errors import InputError

    try:
        if faults:
            _inject_faults(request, faults)
        return "ok", run_job(request)
    except MemoryError:
        return "memory", "out of memory"
    except (InputError, UnicodeError) as exc:
        if isinstance(exc, UnicodeError):
            return "input", f"the text is not valid Unicode ({exc})"
        return "input", str(exc)
    except Exception as exc:  # noqa: BLE001 - the server answers 500 with the type's name
        log.exception("analysis failed")
        return "error", f"analysis failed ({type(exc).__name__})"


def run_job(request: dict[str, Any]) -> dict[str, Any]:
    """Read the submitted article and analyse it: ``{"analysis", "vectors", "fragment"}``.

    *request* has ``kind`` (``text``: ``text``; ``bytes``: ``data``, ``name`` and
    ``content_type``), ``meta`` (url, outlet, published, title), ``vectors`` (also compute
    the claim embeddings the store groups claims with) and ``render`` (also render the
    report's article view as HTML).
    """
    from .. import analyze
    from ..ingest import read_bytes, read_html, read_text
    from ..ingest.html import looks_like_html

    given = request.get("meta") or {}
    url, outlet, published, title = (given.get(k) or None
                                     for k in ("url", "outlet", "published", "title"))
    if request["kind"] == "text":
        reader = read_html if looks_like_html(request["text"]) else read_text
        article = reader(request["text"], url=url, outlet=outlet, published=published,
                         title=title)
    else:
        article = read_bytes(request["data"], name=request["name"],
                             content_type=request.get("content_type"), url=url, outlet=outlet,
                             published=published, title=title)
    analysis = analyze(article)
    out: dict[str, Any] = {"analysis": analysis, "vectors": None, "fragment": None}
    if request.get("vectors"):
        from ..store.grouping import claim_vectors

        out["vectors"] = claim_vectors(analysis) if analysis.claims else {}
    if request.get("render"):
        from ..render.html import render_article_fragment

        out["fragment"] = str(render_article_fragment(analysis))
    return out


def _warm() -> None:
    """Load every model a job uses, so that the memory cap is set above them."""
    run_job({"kind": "text", "text": _WARM_TEXT, "meta": {}, "vectors": True, "render": True})


def _limit_memory(memory_mb: int) -> None:
    import resource

    with open("/proc/self/status", encoding="ascii") as fh:
        size_kb = next((int(line.split()[1]) for line in fh if line.startswith("VmSize:")), 0)
    limit = size_kb * 1024 + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _inject_faults(request: dict[str, Any], faults: set[str]) -> None:
    text = request.get("text") or request.get("data", b"").decode("utf-8", "replace")
    if "crash" in faults and "TEALEAVES-FAULT-CRASH" in text:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "hang" in faults and "TEALEAVES-FAULT-HANG" in text:
        time.sleep(3600)
    if "memory" in faults and "TEALEAVES-FAULT-MEMORY" in text:
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
