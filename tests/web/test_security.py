"""Unit tests of the web guards and helpers: token bucket, bearer check, slugs, SVG."""

from __future__ import annotations

import pytest

from tealeaves.web.queries import slugify
from tealeaves.web.security import ApiError, TokenBucket, check_bearer
from tealeaves.web.svg import bars, network, timeline


def test_token_bucket_burst_then_refill() -> None:
    bucket = TokenBucket(rate=2.0, burst=3)
    t = 100.0
    assert [bucket.take("a", t) for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = bucket.take("a", t)
    assert wait == pytest.approx(0.5)
    assert bucket.take("b", t) == 0.0  # per client
    assert bucket.take("a", t + 0.5) == 0.0  # one token back after 1/rate s
    assert bucket.take("a", t + 0.5) > 0


def test_token_bucket_bounds_its_memory() -> None:
    bucket = TokenBucket(rate=1.0, burst=1, max_clients=10)
    for i in range(100):
        bucket.take(f"client{i}", 0.0)
    assert len(bucket._buckets) == 10


def test_bearer_check() -> None:
    check_bearer("Bearer s3cret", "s3cret")
    check_bearer("bearer   s3cret ", "s3cret")
    for header in (None, "", "s3cret", "Basic s3cret", "Bearer wrong", "Bearer "):
        with pytest.raises(ApiError) as err:
            check_bearer(header, "s3cret")
        assert err.value.status == 401
    with pytest.raises(ApiError) as err:
        check_bearer("Bearer anything", None)
    assert err.value.status == 403


@pytest.mark.parametrize(("name", "slug"), [
    ("Sergei Lavrov", "sergei-lavrov"), ("U.S. State Department", "u-s-state-department"),
    ("Hillary Rodham Clinton", "hillary-rodham-clinton"), ("José Martí", "jose-marti"),
    ("Сергей Лавров", "сергей-лавров"), ("<script>", "script"), ("!!!", "actor"),
    ("a_b", "a-b"),
])
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_svg_escapes_labels() -> None:
    evil = '<script>alert(1)</script>'
    out = str(bars([{"day": evil, "n": 3}, {"day": "2016-01-02", "n": 1}], label="day", value="n"))
    assert evil not in out and "&lt;script&gt;" in out
    out = str(timeline([{"period": evil, "mentions": 2, "stance_mean": -0.5, "falling": 1}]))
    assert evil not in out and "polyline" not in out  # one point draws no line
    svg, drawn = network({"nodes": [{"id": "a", "name": evil, "mentions": 3},
                                    {"id": "b", "name": "B", "mentions": 1}],
                          "edges": [{"source": "a", "target": "b", "weight": 2, "sign": -1,
                                     "type": "ACCUSE"}]})
    assert evil not in str(svg) and 'class="neg"' in str(svg)
    assert [n["id"] for n in drawn] == ["a", "b"]


def test_network_keeps_the_most_mentioned() -> None:
    nodes = [{"id": str(i), "name": f"N{i}", "mentions": i} for i in range(100)]
    edges = [{"source": str(i), "target": str(i + 1), "weight": 1} for i in range(99)]
    _, drawn = network({"nodes": nodes, "edges": edges}, max_nodes=10)
    assert {n["id"] for n in drawn} == {str(i) for i in range(90, 100)}


def test_articles_over_time_fills_gaps_and_switches_to_weeks() -> None:
    from tealeaves.web.pages import articles_over_time

    rows, unit = articles_over_time([{"day": "2016-01-01", "articles": 2}, {"day": "2016-01-04", "articles": 1}])
    assert unit == "day"
    assert [r["articles"] for r in rows] == [2, 0, 0, 1]
    rows, unit = articles_over_time([{"day": "2015-01-01", "articles": 2}, {"day": "2016-06-01", "articles": 3}])
    assert unit == "week"
    assert sum(r["articles"] for r in rows) == 5 and rows[0]["period"] == "2015-W01"
    assert articles_over_time([]) == ([], "day")
