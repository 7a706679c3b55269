"""Delivering new alerts to a webhook: one JSON POST per batch of alerts, to a URL the user
configured, under explicit target rules.

The ``webhook`` mapping (in the watch YAML file, or ``--webhook`` options)::

    url: https://hooks.example.org/tealeaves
    allow_hosts: [hooks.example.org]   # required: the URL's host must be listed
    allow_schemes: [https]             # default [https]; add http only on purpose
    allow_private: false               # default false: public addresses only
    timeout: 10

The POST goes through the SSRF-safe client of :mod:`tealeaves.ingest.fetch` (no private,
loopback or link-local address unless ``allow_private``; redirects are not followed). A
failed delivery is logged and the alerts stay undelivered in the store (``delivered`` 0).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..store import alerts as store_alerts

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger(__name__)


def check_target(hook: dict[str, Any]) -> str:
    """The webhook URL if the rules allow it; InputError saying which rule refuses it."""
    url = hook.get("url")
    if not isinstance(url, str) or not url:
        raise InputError("webhook", "no 'url' given")
    parts = urlsplit(url)
    schemes = [str(x).lower() for x in hook.get("allow_schemes") or ["https"]]
    if parts.scheme.lower() not in schemes:
        raise InputError(url, f"webhook scheme {parts.scheme!r} is not in allow_schemes {schemes}")
    hosts = [str(x).lower() for x in hook.get("allow_hosts") or []]
    if not hosts:
        raise InputError(url, "webhook needs an explicit allow_hosts list")
    if (parts.hostname or "").lower() not in hosts:
        raise InputError(url, f"webhook host {parts.hostname!r} is not in allow_hosts {hosts}")
    return url


def payload(alerts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    keep = ("id", "query", "kind", "title", "article_id", "article_title", "outlet", "url",
            "published", "evidence", "start_char", "end_char", "score", "created_at")
    return {"alerts": [{k: a.get(k) for k in keep} for a in alerts]}


def deliver(store: Store, hook: dict[str, Any], alert_ids: Sequence[int]) -> bool:
    """POST the alerts *alert_ids*; True when delivered (and marked so)."""
    from ..ingest.fetch import post_json

    try:
        url = check_target(hook)
        rows = store_alerts.list_alerts(store.engine, ids=alert_ids, limit=len(alert_ids))
        post_json(url, payload(rows), timeout=float(hook.get("timeout", 10.0)),
                  allow_private=bool(hook.get("allow_private", False)))
    except InputError as exc:
        log.warning("webhook: %s", exc)
        return False
    store_alerts.mark_delivered(store.engine, alert_ids)
    return True
