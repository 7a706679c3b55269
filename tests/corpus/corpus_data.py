"""Hand-built corroboration cases and a JSONL writer for the corpus tests (the articles
themselves come from ``tests.fixtures``)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.store.store_factory import make_analysis


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


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
