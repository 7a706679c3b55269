"""Corpus views on the test articles, cross-checked against the analyses themselves."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx
import pytest

from tealeaves.corpus import (
    actor_detail,
    network,
    plot_timeline,
    rank_actors,
    timeline,
    to_graphml,
    to_html,
)
from tealeaves.corpus.timeline import period_of
from tealeaves.store import Store, actor_key


def expected_mentions(analyses, outlet: str | None = None) -> Counter[str]:  # type: ignore[no-untyped-def]
    c: Counter[str] = Counter()
    for an in analyses:
        if outlet and an.article.outlet != outlet:
            continue
        for a in an.actors:
            c[actor_key(a.name, a.kind)] += len(a.mentions)
    return c


def test_rank_actors_matches_the_analyses(corpus_store: Store, corpus_analyses) -> None:  # type: ignore[no-untyped-def]
    ranked = rank_actors(corpus_store, limit=20)
    expected = expected_mentions(corpus_analyses)
    assert ranked, "real articles must yield actors"
    assert [r["mentions"] for r in ranked] == sorted((r["mentions"] for r in ranked), reverse=True)
    for r in ranked:
        assert r["mentions"] == expected[r["key"]]
        assert set(r) >= {"name", "kind", "mentions", "articles", "roles"}
    assert ranked[0]["mentions"] == max(expected.values())


def test_rank_actors_filters(corpus_store: Store, corpus_analyses) -> None:  # type: ignore[no-untyped-def]
    outlet = corpus_analyses[0].article.outlet
    ranked = rank_actors(corpus_store, outlet=outlet, limit=500)
    assert {r["key"]: r["mentions"] for r in ranked} == {
        k: v for k, v in expected_mentions(corpus_analyses, outlet).items() if v}
    dates = sorted(a.article.published for a in corpus_analyses)
    later = rank_actors(corpus_store, since=dates[-1], limit=500)
    last = [a for a in corpus_analyses if a.article.published == dates[-1]]
    assert sum(r["mentions"] for r in later) == sum(expected_mentions(last).values())


def test_actor_detail(corpus_store: Store, corpus_analyses) -> None:  # type: ignore[no-untyped-def]
    top = rank_actors(corpus_store, limit=1)[0]
    d = actor_detail(corpus_store, top["name"])
    assert d is not None and d["key"] == top["key"]
    with_actor = {an.article.id for an in corpus_analyses
                  if any(actor_key(a.name, a.kind) == top["key"] for a in an.actors)}
    assert {a["id"] for a in d["articles"]} == with_actor
    for k in ("aliases", "roles", "claims_by", "claims_about", "events_as_actor",
              "events_as_target"):
        assert isinstance(d[k], list)
    # claims_by are exactly the claims whose source is this actor.
    by = {(an.article.id, c.id) for an in corpus_analyses for c in an.claims
          if c.source.actor and an.actor(c.source.actor)
          and actor_key(an.actor(c.source.actor).name, an.actor(c.source.actor).kind) == top["key"]}
    assert {(c["article_id"], c["claim_id"]) for c in d["claims_by"]} == by
    assert actor_detail(corpus_store, "Nobody Whatsoever Zyx") is None


def test_timeline_adds_up(corpus_store: Store, corpus_analyses, tmp_path) -> None:  # type: ignore[no-untyped-def]
    top = rank_actors(corpus_store, limit=1)[0]
    for by in ("day", "week", "month"):
        rows = timeline(corpus_store, top["name"], by=by)
        assert sum(r["mentions"] for r in rows) == top["mentions"]
        assert [r["period"] for r in rows] == sorted(r["period"] for r in rows)
    rows = timeline(corpus_store, top["name"], by="month")
    for r in rows:
        assert r["negative"] + r["neutral"] + r["positive"] <= r["articles"]
        assert r["stance_mean"] is None or -1.0 <= r["stance_mean"] <= 1.0
    png = plot_timeline(rows, tmp_path / "t.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = plot_timeline(rows, tmp_path / "t.svg")
    assert "<svg" in svg.read_text()
    with pytest.raises(ValueError):
        timeline(corpus_store, top["name"], by="year")
    assert timeline(corpus_store, "Nobody Whatsoever Zyx") == []


def test_period_labels() -> None:
    assert period_of("2016-03-07", "day") == "2016-03-07"
    assert period_of("2016-03-07T10:00:00", "week") == "2016-W10"
    assert period_of("2016-01-01", "week") == "2015-W53"
    assert period_of("2016-03-07", "month") == "2016-03"
    assert period_of("someday", "month") is None


def test_network_cooccurrence_weights(corpus_store: Store, corpus_analyses, tmp_path) -> None:  # type: ignore[no-untyped-def]
    net = network(corpus_store, limit=15)
    keys = {n["id"] for n in net["nodes"]}
    assert len(keys) == 15
    expected: Counter[tuple[str, str]] = Counter()
    for an in corpus_analyses:
        present = sorted({actor_key(a.name, a.kind) for a in an.actors} & keys)
        expected.update(combinations(present, 2))
    co = {(e["source"], e["target"]): e["weight"] for e in net["edges"]
          if e["type"] == "co-occurrence"}
    assert co == dict(expected)
    for e in net["edges"]:
        assert e["sign"] in (-1, 0, 1) and e["source"] in keys and e["target"] in keys
    g = nx.read_graphml(to_graphml(net, tmp_path / "n.graphml"))
    assert g.number_of_nodes() == 15 and g.number_of_edges() == len(net["edges"])
    page = to_html(net, tmp_path / "n.html").read_text()
    assert "<svg" in page and net["nodes"][0]["name"].split()[0] in page
