"""Workers die with their driver.

A worker calls :func:`bind_to_parent` first thing. On Linux the kernel then sends it
``SIGKILL`` when the driver dies (``prctl(PR_SET_PDEATHSIG)``, through ctypes), whatever the
worker is doing, even deep in a parse. Everywhere, a daemon thread also polls
``os.getppid()``: an orphan is re-parented (to init or a subreaper), so a changed parent
pid means the driver is gone, and the worker ends within a poll. A worker waiting for work
also ends when its pipe to the driver reaches end-of-file.

The death signal fires when the *thread* that started the worker ends, so workers are
started by the thread that runs the batch and stopped before it returns.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
#: Exit status of a worker that found its driver gone.
ORPHANED = 70


def parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Ask Linux to send *sig* to this process when its parent dies; whether it took."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int, every: float) -> None:
    while os.getppid() == parent_pid:
        time.sleep(every)
    os._exit(ORPHANED)


def bind_to_parent(parent_pid: int, *, kernel: bool = True, every: float | None = 1.0
                   ) -> bool:
    """Make this process end when *parent_pid* (its parent) does: by the kernel's death
    signal where there is one (unless not *kernel*), and by a watcher thread polling the
    parent pid every *every* seconds (none when ``None``). Ends the process at once if the
    parent is already gone. Returns whether the kernel's signal is set. (The switches let
    a test check each mechanism alone.)"""
    armed = parent_death_signal() if kernel else False
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(ORPHANED)
    if every is not None:
        threading.Thread(target=_watch, args=(parent_pid, every), name="tealeaves-lifeline",
                         daemon=True).start()
    return armed
