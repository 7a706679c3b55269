"""What runs in a worker: parse and analyse a chunk of articles, embed their claims, and the
worker process's loop (:func:`worker_main`).

A worker loads the language model and the embedding model once, says it is ready, then
answers each ``(task id, articles)`` it receives on its pipe with ``(task id, results)``,
one result per article: the analysis with its claim vectors, or an error string. It ignores
Ctrl-C (the driver handles it and stops the workers), dies with its driver
(:mod:`.lifeline`), and ends on end-of-file or ``None`` from the driver.
"""

from __future__ import annotations

import logging
import os
import signal
from typing import Any

from ..model import Analysis, Article
from ..pipeline import Options
from . import hooks

log = logging.getLogger(__name__)

#: What a worker sends back per article: the analysis with its claim vectors (claim id →
#: float16 bytes; empty when the embedding model failed), or an error string.
Analysed = tuple[Analysis, dict[str, bytes]]


def analyse_chunk(articles: list[Article], options: Options) -> list[Analysis | str]:
    """Parse and analyse *articles* (one model per process); an error string per failure."""
    from ..nlp import load_model
    from ..pipeline import analyze_doc

    hooks.before_chunk(articles)
    if any(a.language == "ru" for a in articles):  # Russian goes through lang.ru, one by one
        return _analyse_mixed(articles, options)
    nlp = load_model()
    out: list[Analysis | str] = []
    docs: list[Any]
    try:
        docs = list(nlp.pipe([a.text for a in articles], batch_size=max(1, len(articles))))
    except Exception:  # one bad text must not cost the chunk: parse them one by one
        docs = []
        for a in articles:
            try:
                docs.append(nlp(a.text))
            except Exception as exc:
                docs.append(f"parse failed: {type(exc).__name__}: {exc}")
    for article, doc in zip(articles, docs, strict=True):
        if isinstance(doc, str):
            out.append(doc)
            continue
        try:
            out.append(analyze_doc(doc, article, options))
        except Exception as exc:
            out.append(f"analysis failed: {type(exc).__name__}: {exc}")
    return out


def _analyse_mixed(articles: list[Article], options: Options) -> list[Analysis | str]:
    from ..pipeline import analyze

    out: list[Analysis | str] = []
    for article in articles:
        try:
            out.append(analyze(article, options))
        except Exception as exc:
            out.append(f"analysis failed: {type(exc).__name__}: {exc}")
    return out


def analyse_and_embed(articles: list[Article], options: Options) -> list[Analysed | str]:
    """:func:`analyse_chunk`, then the claim embeddings of the whole chunk in one model call,
    in the worker: the driver only writes (and groups the claims by the vectors it gets)."""
    from ..store.grouping import claim_vectors_many

    results = analyse_chunk(articles, options)
    done = [r for r in results if not isinstance(r, str)]
    try:
        vectors = claim_vectors_many(done)
    except Exception as exc:  # noqa: BLE001 - a model failure must not lose the articles
        log.warning("claim embeddings failed for a chunk: %s: %s", type(exc).__name__, exc)
        vectors = [{} for _ in done]
    it = iter(vectors)
    return [r if isinstance(r, str) else (r, next(it)) for r in results]


def warm_up() -> None:
    """Load the language model and the embedding model (once per process)."""
    from ..embeddings import embed
    from ..nlp import load_model

    load_model()
    embed(["warm up"])


def worker_main(conn: Any, options: Options, parent_pid: int) -> None:
    """The loop of a worker process; *conn* is its end of a duplex pipe to the driver."""
    from .lifeline import bind_to_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    bind_to_parent(parent_pid)
    try:
        warm_up()
    except Exception as exc:  # noqa: BLE001 - reported to the driver, which stops the batch
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):  # the driver is gone
            return
        if msg is None:
            return
        task_id, articles = msg
        results = analyse_and_embed(articles, options)
        try:
            conn.send((task_id, results))
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - e.g. a result that does not pickle
            conn.send((task_id, [f"result could not be sent: {type(exc).__name__}: {exc}"]
                       * len(articles)))
