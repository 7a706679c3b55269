"""Build ``src/tealeaves/resources/reporting_verbs.txt``: attribution cue words.

Two sources, both named in the output header:

1. General English verbs of communication and cognition that introduce reported speech
   or thought (Levin 1993, *English Verb Classes and Alternations*, classes 37.1-37.7
   "verbs of communication" and 29.4-29.5 "declare/conjecture") and nouns of speech that
   take a that-clause (Quirk et al. 1985, 17.26), marked ``general``.
2. Lemmas mined from the PolNeAR *train* part (``../shared/data/polnear/train``): for a
   sample of articles parsed with spaCy, a lemma (verb, noun, adjective or adverb) is kept
   when it lies inside a gold attribution cue at least ``MIN_HITS`` times and in at least
   ``MIN_PRECISION`` of its occurrences (or, for frequent cues, ``FREQUENT_HITS`` times and
   ``FREQUENT_PRECISION``); marked ``polnear HITS/OCCURRENCES``.

A third, mined list goes in the ``[clause_only]`` section: cue verbs whose uses with only a
noun-phrase or prepositional object ("maintains a lead", "adding to his wins", "advising
Pfizer") are gold cues in under ``OBJECT_PRECISION`` of at least ``OBJECT_USES`` such uses
in all PolNeAR train articles. The sourcing stage then takes these verbs as cues only
with a clause, quotation, colon or infinitive. The cut-off was set on the first 400 train
articles: at 0.35 (32 verbs) content F1 fell from 0.725 to 0.718, because a claim whose cue
misses the gold cue often still matches a gold content; at 0.15 (4 verbs; with the
naming-participle rule of `cue_rules`, added at the same time) it rose to 0.727.

Run: ``.venv/bin/python scripts/build_reporting_verbs.py [--limit 250]`` (about 4 minutes).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from tealeaves.evaluate.polnear import GoldArticle

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "tealeaves" / "resources" / "reporting_verbs.txt"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "train"
MIN_HITS = 3
MIN_PRECISION = 0.3
#: Lemmas below MIN_PRECISION are still kept when this frequent a cue and precise enough
#: (belief and desire verbs: "think", "know", "want", "see").
FREQUENT_HITS = 40
FREQUENT_PRECISION = 0.2

#: Levin (1993) communication / declaration verbs commonly used to report speech.
GENERAL = """
say tell add ask answer reply respond state declare announce claim assert insist maintain
argue contend explain note observe remark comment mention report write tweet post
suggest propose recommend urge warn caution advise predict promise vow pledge swear
acknowledge admit concede confess confirm deny reject dismiss dispute doubt question
allege accuse blame charge criticize condemn denounce praise complain lament
believe think feel fear hope expect estimate guess suspect reckon wonder
reveal disclose indicate imply hint signal stress emphasize repeat reiterate recall
testify concur agree disagree boast brag joke quip whisper shout yell scream mutter
murmur grumble whine moan gripe exclaim proclaim inform notify assure reassure
""".split()

#: Nouns of speech and thought that take a that-clause ("the claim that …"; Quirk et al.
#: 1985, A Comprehensive Grammar of the English Language, 17.26 appositive clauses).
GENERAL_NOUNS = """
claim allegation assertion accusation charge statement remark comment suggestion warning
promise pledge vow insistence argument belief view assurance denial admission announcement
rumour rumor speculation contention complaint prediction threat boast
""".split()

_POS = {"VERB", "NOUN", "ADJ", "ADV"}
OBJECT_USES = 10
OBJECT_PRECISION = 0.15


def _cue_chars(art: GoldArticle) -> set[int]:
    """Character offsets inside the article's gold attribution cues."""
    chars: set[int] = set()
    for attribution in art.attributions:
        if attribution.cue:
            for s, e in attribution.cue.pieces:
                chars.update(range(s, e))
    return chars


def parse(root: Path) -> list[tuple[GoldArticle, Doc]]:
    """Every PolNeAR article under *root* with its parse (done once for both lists)."""
    from tealeaves.evaluate.polnear import iter_articles
    from tealeaves.nlp import load_model

    arts = list(iter_articles(root))
    return list(zip(arts, load_model().pipe(a.text for a in arts), strict=True))


def mine(parsed: list[tuple[GoldArticle, Doc]], limit: int) -> list[tuple[str, str, int, int]]:
    """Lemmas inside gold cues often enough, over an even sample of *limit* articles."""
    sample = parsed[:: max(1, len(parsed) // limit)][:limit]
    total: Counter[tuple[str, str]] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    for art, doc in sample:
        cue = _cue_chars(art)
        for tok in doc:
            if tok.pos_ not in _POS:
                continue
            key = (tok.lemma_.lower(), tok.pos_)
            total[key] += 1
            if tok.idx in cue:
                hits[key] += 1
    return sorted(
        (lemma, pos, hits[(lemma, pos)], n)
        for (lemma, pos), n in total.items()
        if (hits[(lemma, pos)] >= MIN_HITS and hits[(lemma, pos)] / n >= MIN_PRECISION)
        or (hits[(lemma, pos)] >= FREQUENT_HITS and hits[(lemma, pos)] / n >= FREQUENT_PRECISION)
    )


def mine_clause_only(parsed: list[tuple[GoldArticle, Doc]], verbs: set[str]) -> list[tuple[str, int, int]]:
    """``(lemma, hits, uses)`` of the cue verbs whose object-only uses are rarely cues."""
    from tealeaves.stages.sourcing.attribution import clause_content, object_content
    from tealeaves.stages.sourcing.quotes import find_quotes

    uses: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for art, doc in parsed:
        cue = _cue_chars(art)
        quotes = find_quotes(doc.text)
        for tok in doc:
            lemma = tok.lemma_.lower()
            if tok.pos_ != "VERB" or lemma not in verbs:
                continue
            if clause_content(doc, tok, quotes) is None and object_content(doc, tok) is not None:
                uses[lemma] += 1
                hits[lemma] += tok.idx in cue
    return sorted(
        (lemma, hits[lemma], n)
        for lemma, n in uses.items()
        if n >= OBJECT_USES and hits[lemma] / n < OBJECT_PRECISION
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=250, help="train articles to sample")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    entries: dict[tuple[str, str], str] = {(v, "VERB"): "general" for v in GENERAL}
    entries.update({(n, "NOUN"): "general" for n in GENERAL_NOUNS})
    parsed = parse(args.data)
    mined = mine(parsed, args.limit)
    for lemma, pos, h, n in mined:
        entries.setdefault((lemma, pos), f"polnear {h}/{n}")
    lines = [
        "# Attribution cue lemmas, one per line: LEMMA<TAB>POS<TAB>ORIGIN.",
        "# Built by scripts/build_reporting_verbs.py from (1) general communication and",
        "# declaration verbs (Levin 1993, English Verb Classes and Alternations, 37.1-37.7,",
        "# 29.4-29.5) and speech nouns taking that-clauses (Quirk et al. 1985, 17.26), marked",
        "# 'general', and (2) lemmas mined from a spaCy-parsed sample of",
        f"# {args.limit} PolNeAR train articles (../shared/data/polnear/train): inside a gold cue",
        f"# >= {MIN_HITS} times and in >= {MIN_PRECISION:.0%} of occurrences (or >= {FREQUENT_HITS} times",
        f"# and >= {FREQUENT_PRECISION:.0%}), marked 'polnear HITS/TOTAL'.",
    ]
    for (lemma, pos), origin in sorted(entries.items()):
        lines.append(f"{lemma}\t{pos}\t{origin}")
    clause_only = mine_clause_only(parsed, {lem for lem, pos in entries if pos == "VERB"})
    lines += [
        "",
        "# Cue verbs that report a view only with a clause, quotation, colon or infinitive:",
        "# their uses with only a noun-phrase or prepositional object are gold cues in under",
        f"# {OBJECT_PRECISION:.0%} of >= {OBJECT_USES} such uses in all PolNeAR train articles",
        "# (LEMMA<TAB>polnear HITS/USES).",
        "[clause_only]",
    ]
    lines += [f"{lemma}\tpolnear {h}/{n}" for lemma, h, n in clause_only]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"wrote {len(entries)} entries ({len(mined)} mined) and {len(clause_only)} clause-only"
        f" verbs to {args.out}"
    )


if __name__ == "__main__":
    main()
