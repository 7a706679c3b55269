"""One ingest run's side of the store's leases (:mod:`tealeaves.store.ledger`): who the run
is, which articles it may analyse, which it must leave to another run for now, and which
runs are dead.

A run's owner name is ``host:pid:token``. A lease expires ``ttl`` seconds after it was
taken or last renewed (the driver renews its leases while it runs); a lease held by a
process of *this* host that no longer exists (or is a zombie) is taken over at once, so a
run restarted after ``kill -9`` need not wait for the expiry. Hosts sharing a PostgreSQL
store are assumed to keep their clocks within a small part of ``ttl`` of each other.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store import Store
    from ..store.ledger import Claimed

HOST = socket.gethostname()


def new_owner() -> str:
    return f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def pid_alive(pid: int) -> bool:
    """Whether process *pid* exists on this host and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return True  # no /proc: it exists


def owner_dead(owner: str) -> bool:
    """Whether *owner* is a run of this host whose process is gone."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    return host == HOST and pid.isdigit() and not pid_alive(int(pid))


@dataclass
class Leases:
    """The leases of one run on *store*: :meth:`claim` sorts article ids into those the run
    may analyse now and the rest."""

    store: Store
    ttl: float
    retry_failed: bool = False
    owner: str = field(default_factory=new_owner)
    renewed: float = field(default_factory=time.monotonic)

    def claim(self, ids: Sequence[str]) -> Claimed:
        """Lease *ids*; a live lease of another run is taken over when its owner is dead."""
        got = self.store.claim_articles(ids, self.owner, ttl=self.ttl,
                                        retry_failed=self.retry_failed)
        dead = {o for o in set(got.busy.values()) if o and owner_dead(o)}
        if not dead:
            return got
        again = self.store.claim_articles(list(got.busy), self.owner, ttl=self.ttl,
                                          dead=dead, retry_failed=self.retry_failed)
        got.claimed += again.claimed
        got.done += again.done
        got.failed += again.failed
        got.busy = again.busy
        return got

    def renew_if_due(self) -> None:
        """Renew this run's leases every tenth of their time to live."""
        if time.monotonic() - self.renewed >= self.ttl / 10:
            self.store.renew_leases(self.owner, ttl=self.ttl)
            self.renewed = time.monotonic()

    def release_all(self) -> None:
        self.store.release_leases(self.owner)
