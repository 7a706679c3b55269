"""List speaker and channel mismatches of the sourcing stage on a real-news folder.

For reading failure *kinds* only (never to fit a rule to a sentence): each line shows the
gold speaker and channel, what the stage gave, and the first words of the content.

    PYTHONPATH=src python scripts/speaker_misses.py ../shared/data/realnews-dev
    PYTHONPATH=src python scripts/speaker_misses.py data/realnews-ru TEXTS_DIR
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from tealeaves.evaluate.realnews import channel_right, match_claims, read_dir, speaker_right
from tealeaves.model import Article
from tealeaves.pipeline import Options, analyze_many


def main(root: str, texts: str | None = None) -> int:
    golds = read_dir(Path(root), Path(texts) if texts else None)
    options = Options(clean=False, stages=("actors", "sourcing"), check_language=False)
    articles = (replace(Article.from_text(g.text), language=g.language or "en") for g in golds)
    for analysis, gold in zip(analyze_many(articles, options), golds, strict=True):
        actors = {a.id: a for a in analysis.actors}
        preds = [c for c in analysis.claims if c.source.kind != "author"]
        for i, j in match_claims(preds, gold.claims):
            c, g = preds[i], gold.claims[j]
            actor = actors.get(c.source.actor or "")
            got = f"{c.source.text!r} -> {actor.name if actor else None} ({c.source.kind})"
            if g.kind in ("named_person", "named_organization") and not speaker_right(
                    c, g, actors):
                print(f"SPEAKER {gold.name}: gold {g.entity} | got {got} | {g.text[:70]!r}")
            if (c.via is not None or g.via is not None) and not channel_right(c, g, actors):
                via = actors[c.via].name if c.via in actors else c.via
                print(f"CHANNEL {gold.name}: gold {g.via} | got {via} | src {got} | "
                      f"{g.text[:60]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/realnews-dev",
                  sys.argv[2] if len(sys.argv) > 2 else None))
