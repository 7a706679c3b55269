"""What to watch: feed and sitemap URLs with their polling intervals, from the command line
or a YAML file.

A YAML file looks like::

    every: 15m                 # default interval (else --every)
    feeds:
      - https://example.org/rss.xml
      - url: https://example.org/sitemap.xml
        every: 1h
        kind: sitemap          # feed | sitemap (default: guessed from the answer)
    webhook:                   # optional: see docs/alerts.md
      url: https://hooks.example.org/tealeaves
      allow_hosts: [hooks.example.org]
      allow_schemes: [https]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
#: The shortest interval a feed may be polled at (politeness towards the outlet).
MIN_EVERY = 1.0
KINDS = ("auto", "feed", "sitemap")


def parse_interval(text: str | float | int) -> float:
    """Seconds in ``90``, ``90s``, ``15m``, ``1.5h`` or ``1d``; ValueError otherwise."""
    if isinstance(text, int | float):
        seconds = float(text)
    else:
        m = _INTERVAL.match(str(text))
        if not m:
            raise ValueError(f"not an interval: {text!r} (use e.g. 90s, 15m, 1h, 1d)")
        seconds = float(m.group(1)) * _UNIT[m.group(2).lower()]
    if seconds < MIN_EVERY:
        raise ValueError(f"interval {text!r} is under {MIN_EVERY:g} s")
    return seconds


@dataclass(frozen=True)
class FeedSpec:
    """One watched URL: a feed (RSS/Atom) or a sitemap, polled every *every* seconds."""

    url: str
    every: float
    kind: str = "auto"


@dataclass(frozen=True)
class WatchConfig:
    feeds: tuple[FeedSpec, ...]
    webhook: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _spec(item: Any, every: float, where: str) -> FeedSpec:
    if isinstance(item, str):
        return FeedSpec(item.strip(), every)
    if not isinstance(item, dict) or not isinstance(item.get("url"), str):
        raise InputError(where, f"a feed must be a URL or a mapping with 'url', not {item!r}")
    kind = str(item.get("kind", "auto"))
    if kind not in KINDS:
        raise InputError(where, f"feed kind must be one of {KINDS}, not {kind!r}")
    try:
        interval = parse_interval(item["every"]) if "every" in item else every
    except ValueError as exc:
        raise InputError(where, str(exc)) from None
    return FeedSpec(item["url"].strip(), interval, kind)


def read_yaml(path: Path, every: float) -> WatchConfig:
    """The feeds (and webhook) of a YAML watch file."""
    import yaml

    from ..ingest.source import read_file

    where = str(path)
    try:
        data = yaml.safe_load(read_file(path, where, 1_000_000).decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(where, f"not a readable YAML file ({type(exc).__name__})") from None
    if isinstance(data, list):
        data = {"feeds": data}
    if not isinstance(data, dict) or not isinstance(data.get("feeds"), list):
        raise InputError(where, "expected a mapping with a 'feeds' list")
    if "every" in data:
        try:
            every = parse_interval(data["every"])
        except ValueError as exc:
            raise InputError(where, str(exc)) from None
    hook = data.get("webhook")
    if hook is not None and not isinstance(hook, dict):
        raise InputError(where, "'webhook' must be a mapping with 'url'")
    specs = tuple(_spec(x, every, where) for x in data["feeds"])
    return WatchConfig(specs, hook, {k: v for k, v in data.items()
                                     if k not in ("feeds", "every", "webhook")})


def load_config(sources: Sequence[str], every: float) -> WatchConfig:
    """Feeds from *sources*: http(s) URLs, and YAML files (``.yaml``/``.yml``) of feeds;
    a file with one URL a line is read as a list of URLs."""
    specs: list[FeedSpec] = []
    hook: dict[str, Any] | None = None
    for src in sources:
        if src.startswith(("http://", "https://")):
            specs.append(FeedSpec(src, every))
            continue
        path = Path(src)
        if path.suffix.lower() in (".yaml", ".yml"):
            cfg = read_yaml(path, every)
            specs.extend(cfg.feeds)
            hook = cfg.webhook or hook
            continue
        from ..ingest.source import read_file

        lines = read_file(path, src, 1_000_000).decode("utf-8", "replace").splitlines()
        urls = [x.strip() for x in lines if x.strip() and not x.lstrip().startswith("#")]
        bad = [u for u in urls if not u.startswith(("http://", "https://"))]
        if bad:
            raise InputError(src, f"not an http(s) URL: {bad[0]!r}")
        specs.extend(FeedSpec(u, every) for u in urls)
    unique = tuple({s.url: s for s in specs}.values())
    if not unique:
        raise InputError(", ".join(sources) or "SOURCES", "no feed to watch")
    return WatchConfig(unique, hook)
