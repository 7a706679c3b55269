"""Real PolNeAR articles and hand-built corroboration cases for the corpus tests."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.store.store_factory import make_analysis

POLNEAR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "polnear"



def polnear_records(n: int, *, offset: int = 0) -> list[dict[str, str]]:
    """*n* real train articles with their metadata: the shortest ones (over 1,500 bytes) of
    each outlet in turn, so outlets and dates vary while the suite stays fast."""
    meta = [r for r in csv.DictReader((POLNEAR / "metadata.tsv").open(encoding="utf-8"),
                                      delimiter="\t") if r["compartment"] == "train"]
    path = {r["filename"]: POLNEAR / "train" / "text" / f"{r['filename']}.txt" for r in meta}
    by_outlet: dict[str, list[dict[str, str]]] = {}
    for r in sorted(meta, key=lambda r: (path[r["filename"]].stat().st_size, r["filename"])):
        if path[r["filename"]].stat().st_size > 1500:
            by_outlet.setdefault(r["publisher"], []).append(r)
    order = [rows[i] for i in range(max(map(len, by_outlet.values())))
             for _, rows in sorted(by_outlet.items()) if i < len(rows)]
    return [{
        "text": path[r["filename"]].read_text("utf-8"), "outlet": r["publisher"],
        "published": r["publication_date"], "title": r["title"],
    } for r in order[offset:offset + n]]


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
