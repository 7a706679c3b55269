"""The corpus commands: tables by default, JSON with --format json, files by suffix."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from tealeaves.cli import cli
from tealeaves.store import open_store
from tests.corpus.corpus_data import corroboration_set, write_jsonl
from tests.fixtures import fixture_records
from tests.store.store_factory import make_analysis

STATS_KEYS = ["articles", "analyses", "actors", "mentions", "claims", "events", "techniques",
              "duplicates", "failures", "failures_input", "failures_error", "failures_crash",
              "failures_timeout", "leases"]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("cli") / "c.db"
    a, b, c, d = corroboration_set()
    with open_store(path) as store:
        store.save(a)
        store.save(b)
        store.save(c, duplicate_of=a.article.id)
        store.save(d)
        store.save(make_analysis())  # Jane Roe blames the Treasury (an ACCUSE event)
    return str(path)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_stats_json_has_exactly_the_documented_keys(db: str) -> None:
    data = json.loads(run("stats", "--db", db, "--format", "json"))
    assert list(data) == STATS_KEYS
    assert data["articles"] == 5 and data["duplicates"] == 1
    assert "articles" in run("stats", "--db", db)


def test_actors_and_timeline(db: str, tmp_path: Path) -> None:
    rows = json.loads(run("actors", "--db", db, "--format", "json"))
    assert rows[0]["name"] == "Jane Roe" and rows[0]["articles"] == 4  # the copy is not counted
    assert "Jane Roe" in run("actors", "--db", db, "--outlet", "Outlet D")
    assert json.loads(run("actors", "--db", db, "--since", "2016-03-04", "--format",
                          "json"))[0]["articles"] == 2
    plot = tmp_path / "roe.svg"
    rows = json.loads(run("timeline", "Jane Roe", "--db", db, "--by", "day", "--format", "json",
                          "--plot", str(plot)))
    assert [r["period"] for r in rows] == ["2016-03-01", "2016-03-02", "2016-03-04",
                                           "2016-03-07"]
    assert rows[0]["stance_mean"] == -0.8 and rows[0]["falling"] == 1
    assert plot.read_text().lstrip().startswith("<?xml")
    out = CliRunner().invoke(cli, ["timeline", "Nobody", "--db", db])
    assert out.exit_code != 0 and "no actor" in out.output


def test_network_files(db: str, tmp_path: Path) -> None:
    net = json.loads(run("network", "--db", db, "--format", "json",
                         "--out", str(tmp_path / "n.graphml")))
    types = {e["type"] for e in net["edges"]}
    assert types == {"co-occurrence", "ACCUSE"}
    accuse = next(e for e in net["edges"] if e["type"] == "ACCUSE")
    assert (accuse["source"], accuse["target"], accuse["sign"]) == (
        "jane roe|person", "treasury|organization", -1)
    g = nx.read_graphml(tmp_path / "n.graphml")
    assert g.number_of_edges() == len(net["edges"])
    run("network", "--db", db, "--out", str(tmp_path / "n.html"))
    assert "<svg" in (tmp_path / "n.html").read_text()


def test_claims_and_search(db: str) -> None:
    groups = json.loads(run("claims", "--db", db, "--format", "json"))
    g = groups[0]  # three anonymous reports (one a wire copy) and Jane Roe's own words
    assert g["independent_outlets"] == 3 and g["n_outlets"] == 4
    assert g["source_kinds"] == {"anonymous": 3, "named_person": 1}
    assert g["summary"] == "4 outlets (3 independent); sources: 3 anonymous sources, 1 named person"
    assert "independent" in run("claims", "--db", db)
    hits = json.loads(run("search", "subsidies", "--db", db, "--format", "json"))
    assert len(hits) == 3 and all("subsidies" in h["snippet"] for h in hits)
    assert json.loads(run("search", "harvest Iowa", "--db", db, "--format", "json"))[0][
        "outlet"] == "Outlet D"


GROUP_KEYS = ["id", "text", "members", "outlets", "n_outlets", "independent_outlets",
              "original_source", "source_kinds", "summary"]
MEMBER_KEYS = ["article_id", "claim_id", "text", "outlet", "published", "title", "source_kind",
               "source", "duplicate_of"]


def test_claims_regroup_rebuilds_the_same_groups_with_the_documented_keys(db: str) -> None:
    before = json.loads(run("claims", "--db", db, "--format", "json"))
    assert list(before[0]) == GROUP_KEYS and list(before[0]["members"][0]) == MEMBER_KEYS
    assert list(before[0]["original_source"]) == ["name", "kind", "article_id", "outlet",
                                                  "published"]
    result = CliRunner().invoke(cli, ["claims", "--db", db, "--regroup", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0 and "regroup: 0 claims embedded" in result.stderr
    assert json.loads(result.stdout) == before


def test_claims_without_vectors_warn_until_regrouped(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(path) as store:
        for an in corroboration_set():
            store.save(an, claim_vectors={})
    result = CliRunner().invoke(cli, ["claims", "--db", str(path), "--format", "json"])
    assert json.loads(result.stdout) == [] and "--regroup" in result.stderr
    result = CliRunner().invoke(cli, ["claims", "--db", str(path), "--regroup", "--format",
                                      "json"])
    assert "4 claims embedded" in result.stderr and "warning" not in result.stderr
    assert json.loads(result.stdout)[0]["n_outlets"] == 3


def test_missing_store_is_an_error(tmp_path: Path) -> None:
    out = CliRunner().invoke(cli, ["stats", "--db", str(tmp_path / "none.db")])
    assert out.exit_code != 0 and "no such store" in out.output


def test_ingest_command_reports_json(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", fixture_records(1))
    with (tmp_path / "in.jsonl").open("a") as fh:
        fh.write("{broken\n")
    db = str(tmp_path / "i.db")
    args = ["ingest", str(src), "--db", db, "--workers", "1", "--stages", "actors",
            "--format", "json"]
    rep = json.loads(run(*args))
    assert (rep["ingested"], rep["failed"], rep["skipped"]) == (1, 1, 0)
    assert rep["failures"][0]["source"] == f"{src}:2"
    rep = json.loads(run(*args))
    assert (rep["ingested"], rep["skipped"]) == (0, 1)
    bad = CliRunner().invoke(cli, ["ingest", str(src), "--db", db, "--stages", "nope"])
    assert bad.exit_code != 0


def test_stats_min_score_counts_techniques_at_or_over_it(db: str) -> None:
    every = json.loads(run("stats", "--db", db, "--format", "json", "--min-score", "0"))
    assert every["techniques"] > 0
    none = json.loads(run("stats", "--db", db, "--format", "json", "--min-score", "1"))
    assert none["techniques"] == 0
    assert list(none) == STATS_KEYS and none["articles"] == every["articles"]
