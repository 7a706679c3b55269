"""Ctrl-C while a result is being written: it waits until the article is stored and counted."""

from __future__ import annotations

import os
import signal

import pytest

from tealeaves.batch.driver import _held_interrupts

posix_only = pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signals")


@posix_only
def test_a_sigint_inside_the_block_is_raised_after_it() -> None:
    done = []
    with pytest.raises(KeyboardInterrupt):
        with _held_interrupts():
            os.kill(os.getpid(), signal.SIGINT)  # pending: blocked until the block ends
            done.append("stored")
            done.append("counted")
        done.append("after the block")  # never reached: the interrupt comes first
    assert done == ["stored", "counted"]
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


@posix_only
def test_the_mask_is_restored_when_the_block_fails() -> None:
    before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    with pytest.raises(RuntimeError):
        with _held_interrupts():
            raise RuntimeError("the store failed")
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == before
