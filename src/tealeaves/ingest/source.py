"""Opening and reading inputs so that none can hang the reader or fill its memory.

* **Regular files only.** A path is opened without blocking (``O_NONBLOCK``: opening a FIFO
  nobody writes to returns at once instead of waiting for a writer) and the *opened* file
  is checked, so a name swapped between a check and the open cannot slip through. A FIFO,
  socket or device (``/dev/zero``, ``/dev/stdin``, a terminal) is refused with one line;
  content from a pipe goes through standard input (``-``), which is read with the same cap.
* **Bounded reads.** Every read stops one byte past the cap, in chunks, whatever the size a
  file claims (``/proc`` files claim 0 bytes; a device claims none): more than the cap is an
  :class:`~tealeaves.errors.InputError`, never an endless read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO, BinaryIO

from ..errors import InputError
from .decode import MAX_BYTES, human_size

_CHUNK = 1 << 16

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words (for the refusal message)."""
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "not a regular file"


def _refuse_special(mode: int, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(name, "is a directory")
    if not stat.S_ISREG(mode):
        raise InputError(name, f"{file_kind(mode)}, not a file; pipe its content to '-' "
                               "(standard input) instead")


def open_regular(path: str | Path, name: str | None = None) -> BinaryIO:
    """*path* opened for binary reading, or :class:`InputError` if it is not a regular file.

    Never blocks: the open does not wait for a FIFO's writer, and a FIFO, socket, device
    or directory is refused before anything is read from it.
    """
    name = name if name is not None else str(path)
    try:  # refuse a device before opening it: opening some has effects (a tape rewinds)
        _refuse_special(os.stat(path).st_mode, name)
    except OSError:
        pass  # missing, unreadable: os.open below says which
    except ValueError:  # an embedded NUL
        raise InputError(name, "not a valid file name") from None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except OSError as exc:
        if exc.errno == getattr(os, "ENXIO", -1):  # a socket (swapped in after the stat)
            raise InputError(name, "a socket, not a file; pipe its content to '-' "
                                   "(standard input) instead") from None
        raise InputError(name, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        _refuse_special(os.fstat(fd).st_mode, name)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a regular file: reads never wait anyway
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_capped(stream: IO[bytes], name: str, limit: int = MAX_BYTES) -> bytes:
    """All of *stream*, read in chunks, or :class:`InputError` as soon as it passes *limit*."""
    parts: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = stream.read(min(_CHUNK, limit + 1 - size))
        except OSError as exc:
            raise InputError(name, f"cannot read ({exc.strerror or exc})") from None
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            raise InputError(name, f"too large (over {human_size(limit)}, the limit)")


def read_file(path: str | Path, name: str | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at *path*, at most *limit* of them (else InputError)."""
    name = name if name is not None else str(path)
    with open_regular(path, name) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
        except OSError:
            size = 0
        if size > limit:  # refuse before reading when the file says how big it is
            raise InputError(name, f"too large ({human_size(size)}; the limit is "
                                   f"{human_size(limit)})")
        return read_capped(fh, name, limit)
