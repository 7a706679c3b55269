"""Ctrl-C while a result is being written: it waits until the article is stored and counted,
also in a process with other threads (the kernel may hand the signal to any of them)."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from tealeaves.batch.driver import _held_interrupts

posix_only = pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix",
                                reason="POSIX signals")


def _interrupted_block() -> list[str]:
    done: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with _held_interrupts():
            os.kill(os.getpid(), signal.SIGINT)
            done.append("stored")
            done.append("counted")
        done.append("after the block")  # never reached: the interrupt comes first
    return done


@posix_only
def test_a_sigint_inside_the_block_is_raised_after_it() -> None:
    assert _interrupted_block() == ["stored", "counted"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@posix_only
def test_held_in_a_process_with_other_threads() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert _interrupted_block() == ["stored", "counted"]
    finally:
        stop.set()
        other.join()


@posix_only
def test_the_handler_is_restored_when_the_block_fails() -> None:
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(RuntimeError):
        with _held_interrupts():
            raise RuntimeError("the store failed")
    assert signal.getsignal(signal.SIGINT) is before


@posix_only
def test_an_ignored_sigint_stays_ignored() -> None:
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with _held_interrupts():
            os.kill(os.getpid(), signal.SIGINT)
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
