"""Mine ``src/tealeaves/resources/sense_verbs.txt``: cue verbs with a speakerless sense.

Some cue verbs also have a sense that needs no speaker ("the backdrop should favor X", "the
referendum saw …", "the incident highlighted …"). For every cue verb of
``reporting_verbs.txt``, over the PolNeAR **train** articles parsed with spaCy, this counts its
uses whose subject cannot speak (``fragments.can_speak`` is false: no name, pronoun, entity of a
speaking type, or noun of people, bodies, documents or outlets, nor one of the common nouns
heading gold source spans in the same articles, written as ``[source_heads]``) and how many of them lie in a
gold attribution cue. A verb goes in ``[speaker_subject]`` when such uses are gold cues in
under ``PRECISION`` of at least ``USES`` of them; the sourcing stage then drops its uses with
such a subject (``fragments.speechless_subject``).

Run: ``.venv/bin/python scripts/mine_sense_verbs.py`` (parses the train part: a few minutes;
``--cache FILE.spacy`` reuses a DocBin of the same articles in ``iter_articles`` order).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train"
OUT = ROOT / "src" / "tealeaves" / "resources" / "sense_verbs.txt"
USES = 8
PRECISION = 0.15
HEAD_MIN = 2

HEADER = """\
# Cue verbs with a sense that needs no speaker, by section.
# [speaker_subject]: LEMMA<TAB>polnear HITS/USES. Uses of the verb whose subject cannot speak
# (no name, pronoun, person, group, body, document or outlet: "the backdrop should favor X",
# "the referendum saw …") are gold attribution cues in PolNeAR train in HITS of USES cases,
# under {precision:.0%} of at least {uses} uses. Mined by scripts/mine_sense_verbs.py from
# ../shared/data/polnear/train (the PolNeAR corpus, Newell et al. 2018); the sourcing stage
# drops such uses (stages/sourcing/fragments.py).
[speaker_subject]
"""
SOURCE_HEADER = """\
# [source_heads]: common nouns that head at least two gold source spans in PolNeAR train
# (the same articles): a subject headed by one of them can speak ("experts say", "the
# board said"), whatever the lexicons of people and bodies hold.
[source_heads]
"""


def source_heads(arts: list, docs: list) -> set[str]:  # type: ignore[type-arg]
    """Common-noun lemmas heading at least ``HEAD_MIN`` gold source spans."""
    count: Counter[str] = Counter()
    for art, doc in zip(arts, docs, strict=True):
        for a in art.attributions:
            if a.source is None:
                continue
            span = doc.char_span(a.source.start, a.source.end, alignment_mode="expand")
            if span is not None and span.root.pos_ == "NOUN":
                count[span.root.lemma_.lower()] += 1
    return {lem for lem, n in count.items() if n >= HEAD_MIN and lem.isalpha() and len(lem) > 2}


def _cue_chars(attributions: tuple) -> set[int]:  # type: ignore[type-arg]
    chars: set[int] = set()
    for a in attributions:
        if a.cue:
            for s, e in a.cue.pieces:
                chars.update(range(s, e))
    return chars


def main() -> None:
    from tealeaves.evaluate.polnear import iter_articles
    from tealeaves.nlp import load_model
    from tealeaves.stages.sourcing.attribution import subject_of
    from tealeaves.stages.sourcing.cues import vocabulary
    from tealeaves.stages.sourcing.fragments import can_speak, set_source_heads

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    arts = list(iter_articles(TRAIN))
    nlp = load_model()
    if args.cache:
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(args.cache).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe(a.text for a in arts))
    heads = source_heads(arts, docs)
    set_source_heads(frozenset(heads))
    verbs = vocabulary().verbs
    uses: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for art, doc in zip(arts, docs, strict=True):
        cue = _cue_chars(art.attributions)
        for tok in doc:
            lemma = tok.lemma_.lower()
            if tok.pos_ != "VERB" or lemma not in verbs:
                continue
            subj, _ = subject_of(tok)
            if subj is None or can_speak(subj):
                continue
            uses[lemma] += 1
            hits[lemma] += tok.idx in cue
    rows = sorted((lem, hits[lem], n) for lem, n in uses.items()
                  if n >= USES and hits[lem] / n < PRECISION)
    body = "".join(f"{lem}\tpolnear {h}/{n}\n" for lem, h, n in rows)
    body += SOURCE_HEADER + "".join(f"{lem}\n" for lem in sorted(heads))
    args.out.write_text(HEADER.format(precision=PRECISION, uses=USES) + body, encoding="utf-8")
    print(f"{len(rows)} verbs written to {args.out}")
    for lem, n in uses.most_common(40):
        print(f"  {lem}\t{hits[lem]}/{n}")


if __name__ == "__main__":
    main()
