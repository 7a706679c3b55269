"""SemEval-2023 Task 3 (subtask 3) English articles mapped onto the 14 PTC-2020 techniques.

``../shared/data/semeval2023-en`` holds 102 English training articles of the 2023 task that
are not in PTC-2020 (Piskorski et al., SemEval 2023; see its SOURCE.md): ``articles/
articleID.txt`` and ``spans.tsv`` (``id  technique  start  end``). The 2023 scheme has 23
techniques; :data:`TO_PTC` maps each one that occurs onto its PTC-2020 counterpart, from the
definitions of the two tasks' annotation guidelines:

* renamed, same definition: name calling, loaded language, doubt, repetition, appeal to
  fear/prejudice, exaggeration/minimisation, flag waving, slogans, causal
  oversimplification, appeal to authority; false dilemma → black-and-white fallacy;
  conversation killer → thought-terminating clichés.
* merged as PTC-2020 merged them: whataboutism, straw man and red herring → the one
  ``Whataboutism,Straw_Men,Red_Herring`` class; appeal to popularity (the 2019 guidelines'
  bandwagon) and guilt by association (which generalises reductio ad hitlerum) →
  ``Bandwagon,Reductio_ad_hitlerum``; appeal to hypocrisy (tu quoque) → the whataboutism
  class, whose 2019 definition is "charging them with hypocrisy".
* no counterpart among the 14: obfuscation/vagueness/confusion (a 2019 PTC class that the
  2020 task dropped), and appeal to values, questioning the reputation, consequential
  oversimplification and appeal to time (none occurs in these articles). Their spans are
  left out (:data:`NO_COUNTERPART`).

Four articles have no label line at all; that may mean "not annotated", so
:func:`iter_articles` leaves them out unless asked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from .ptc import PtcArticle

TO_PTC: dict[str, str] = {
    "Loaded_Language": "Loaded_Language",
    "Name_Calling-Labeling": "Name_Calling,Labeling",
    "Doubt": "Doubt",
    "Repetition": "Repetition",
    "Appeal_to_Fear-Prejudice": "Appeal_to_fear-prejudice",
    "Exaggeration-Minimisation": "Exaggeration,Minimisation",
    "Flag_Waving": "Flag-Waving",
    "False_Dilemma-No_Choice": "Black-and-White_Fallacy",
    "Appeal_to_Popularity": "Bandwagon,Reductio_ad_hitlerum",
    "Guilt_by_Association": "Bandwagon,Reductio_ad_hitlerum",
    "Slogans": "Slogans",
    "Causal_Oversimplification": "Causal_Oversimplification",
    "Conversation_Killer": "Thought-terminating_Cliches",
    "Appeal_to_Authority": "Appeal_to_Authority",
    "Red_Herring": "Whataboutism,Straw_Men,Red_Herring",
    "Straw_Man": "Whataboutism,Straw_Men,Red_Herring",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Appeal_to_Hypocrisy": "Whataboutism,Straw_Men,Red_Herring",
}

#: 2023 techniques with no PTC-2020 counterpart: their spans are left out.
NO_COUNTERPART: frozenset[str] = frozenset({
    "Obfuscation-Vagueness-Confusion", "Appeal_to_Values", "Questioning_the_Reputation",
    "Consequential_Oversimplification", "Appeal_to_Time",
})


def read_spans(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """``spans.tsv`` by article id, techniques as written (the 2023 names)."""
    by_id: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4 or not parts[2].isdigit() or not parts[3].isdigit():
            raise InputError(f"{path}:{n}", "expected id, technique, start, end")
        name = parts[1]
        if name not in TO_PTC and name not in NO_COUNTERPART:
            raise InputError(f"{path}:{n}", f"unknown 2023 technique {name!r}")
        by_id[parts[0]].append((int(parts[2]), int(parts[3]), name))
    return by_id


def iter_articles(root: Path, limit: int | None = None,
                  unlabelled: bool = False) -> Iterator[PtcArticle]:
    """The articles under *root* with their spans mapped onto the PTC-2020 names (spans of a
    technique without counterpart left out); articles without any label line only with
    *unlabelled*."""
    art_dir, spans = root / "articles", root / "spans.tsv"
    if not art_dir.is_dir() or not spans.is_file():
        raise InputError(str(root), "not a SemEval-2023 folder (needs articles/ and spans.tsv)")
    by_id = read_spans(spans)
    files = sorted(art_dir.glob("article*.txt"))
    n = 0
    for path in files:
        art_id = path.stem.removeprefix("article")
        if art_id not in by_id and not unlabelled:
            continue
        if limit is not None and n >= limit:
            return
        n += 1
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        mapped = sorted({(s, e, TO_PTC[t]) for s, e, t in by_id.get(art_id, []) if t in TO_PTC})
        yield PtcArticle(art_id, text, tuple(mapped))
