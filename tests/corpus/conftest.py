"""Corpus fixtures: a slice of real PolNeAR train articles (outlet, date and title from
metadata.tsv), analysed once per session, in a store on each backend."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from store_factory import make_analysis, make_store  # noqa: E402

from tealeaves.store import Store  # noqa: E402

POLNEAR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "polnear"
N_ARTICLES = 8


def polnear_records(n: int, *, offset: int = 0) -> list[dict[str, str]]:
    """The first *n* train articles (after *offset*, taking every 97th so outlets vary)."""
    meta = [r for r in csv.DictReader((POLNEAR / "metadata.tsv").open(encoding="utf-8"),
                                      delimiter="\t") if r["compartment"] == "train"]
    picked = [meta[(offset + i * 97) % len(meta)] for i in range(n)]
    return [{
        "text": (POLNEAR / "train" / "text" / f"{r['filename']}.txt").read_text("utf-8"),
        "outlet": r["publisher"], "published": r["publication_date"], "title": r["title"],
    } for r in picked]


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def polnear_analyses():  # type: ignore[no-untyped-def]
    if not POLNEAR.exists():
        pytest.skip("shared PolNeAR data not found")
    from tealeaves import analyze_many
    from tealeaves.ingest import read_text
    from tealeaves.pipeline import Options

    arts = [read_text(r["text"], outlet=r["outlet"], published=r["published"],
                      title=r["title"]) for r in polnear_records(N_ARTICLES)]
    return list(analyze_many(arts, Options(check_language=False)))


def corroboration_set():  # type: ignore[no-untyped-def]
    """Four articles carrying one anonymous claim: two outlets independently, a third
    outlet's copy of the first (a near-duplicate), and one unrelated article."""
    base = ("Senator Jane Roe said the budget talks had collapsed. Officials said the talks "
            "ended after a dispute over defence spending and farm subsidies in the committee.")
    a = make_analysis(base, outlet="Outlet A", published="2016-03-01",
                      claim_text="the budget talks had collapsed", source_kind="anonymous")
    b = make_analysis(base.replace("Officials said", "Aides said"), outlet="Outlet B",
                      published="2016-03-02", claim_text="the budget talks had collapsed",
                      source_kind="anonymous")
    c = make_analysis(base + " Reporting by wire staff.", outlet="Outlet C",
                      published="2016-03-03", claim_text="the budget talks had collapsed",
                      source_kind="anonymous")
    d = make_analysis("Senator Jane Roe said the harvest was early this year in Iowa.",
                      outlet="Outlet D", published="2016-03-04",
                      claim_text="the harvest was early", source_kind="named_person")
    return a, b, c, d


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_store(request, tmp_path_factory, polnear_analyses) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    yield from _filled(request.param, tmp_path_factory.mktemp("corpus"), polnear_analyses)


def _filled(backend: str, tmp: Path, analyses) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    gen = make_store(backend, tmp)
    store = next(gen)
    for a in analyses:
        store.save(a)
    yield store
    for _ in gen:
        pass


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    """An empty store on each backend."""
    yield from make_store(request.param, tmp_path)
