"""The accuracy gates' baseline: one JSON file, the data it was measured on, and how to measure.

``tests/evaluate/baseline.json`` lists measurements. Each names its data (globs relative to
the repository root, so ``../shared/data/...`` is the shared data folder), the sha256 of that
data (:func:`data_hash`), the command that measures it, the date, and one or more metrics,
each with the ``measured`` value and, for a gate, the ``floor`` under which
``tests/evaluate/test_gates.py`` fails. Measurements without floors are the slow full-data
figures the README quotes: the tests check their data hash, not their value.

Re-measure with ``python -m tests.evaluate.gates [ID ...]`` (from the repository root, with
``src`` on ``PYTHONPATH``): it runs each gate's command and prints the figures and the data
hash as JSON, to be copied into the baseline by hand with the date.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BASELINE = Path(__file__).with_name("baseline.json")
#: The command prefix of measurements made by :func:`measure_rhetoric_gate` below.
SELF = "python -m tests.evaluate.gates"


def load_baseline(path: Path = BASELINE) -> list[dict[str, Any]]:
    """The measurements of the baseline file, in file order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data["measurements"])


def gates(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The measurements with at least one floor: the ones the tests run."""
    return [e for e in entries if any("floor" in m for m in e["metrics"].values())]


def _split_glob(pattern: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The parts of *pattern* before its first wildcard, and the rest."""
    parts = Path(pattern).parts
    i = next((i for i, p in enumerate(parts) if any(c in p for c in "*?[")), len(parts))
    return parts[:i], parts[i:]


def glob_base(pattern: str, root: Path = ROOT) -> Path:
    """The fixed path a glob starts from (``../shared/data/x/text/*.txt`` → ``…/x/text``)."""
    return root.joinpath(*_split_glob(pattern)[0])


def data_files(patterns: Sequence[str], root: Path = ROOT) -> list[tuple[str, Path]]:
    """(name relative to *root*, path) of every file the globs match, sorted by name."""
    found: dict[str, Path] = {}
    for pattern in patterns:
        fixed, rest = _split_glob(pattern)
        base = root.joinpath(*fixed)
        for path in (base.glob("/".join(rest)) if rest else [base]):
            if path.is_file():
                found[Path(os.path.relpath(path, root)).as_posix()] = path
    return sorted(found.items())


def data_hash(patterns: Sequence[str], root: Path = ROOT) -> str:
    """sha256 over the matched files in name order: each file's name relative to *root*
    (UTF-8), a NUL byte, and the sha256 digest of its bytes. A renamed, added, removed or
    edited file changes it; where the repository sits does not."""
    h = hashlib.sha256()
    for name, path in data_files(patterns, root):
        h.update(name.encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def metric(result: Any, path: str) -> float:
    """The number at *path* in a command's JSON result: keys separated by ``/``; in a list,
    ``key=value`` picks the element whose *key* is *value* (``file=dev-rw.jsonl/macro_f1``)."""
    value = result
    for part in path.split("/"):
        if isinstance(value, list):
            key, _, wanted = part.partition("=")
            picked = [v for v in value if str(v.get(key)) == wanted]
            if not picked:
                raise KeyError(f"no element with {key} = {wanted!r} in the result")
            value = picked[0]
        else:
            value = value[part]
    return float(value)


def run_command(command: str) -> Any:
    """Run a baseline command in this process and return its JSON output.

    ``tealeaves …`` goes through the Click group (arguments starting with ``../`` are taken
    relative to the repository root, as the baseline writes them); ``python -m
    tests.evaluate.gates rhetoric-gate`` runs :func:`measure_rhetoric_gate`."""
    args = shlex.split(command)
    if command.startswith(SELF + " "):
        (name,) = args[len(shlex.split(SELF)):]
        return MEASURES[name]()
    if args[0] != "tealeaves":
        raise ValueError(f"cannot run {command!r}: not a tealeaves command")
    from click.testing import CliRunner

    from tealeaves.cli import cli

    args = [str((ROOT / a).resolve()) if a.startswith("../") else a for a in args[1:]]
    result = CliRunner().invoke(cli, args)
    if result.exit_code != 0:
        raise RuntimeError(f"{command} exited {result.exit_code}: {result.output[-2000:]}")
    return json.loads(result.stdout)


def measure(entry: dict[str, Any]) -> dict[str, float]:
    """Every metric of *entry*, measured now by its command."""
    result = run_command(entry["command"])
    return {name: round(metric(result, m.get("path", name)), 4)
            for name, m in entry["metrics"].items()}


def measure_rhetoric_gate() -> dict[str, float]:
    """SI F1 and TC micro-F1 of the shipped rhetoric models on the PTC training articles kept
    out of their training (``gate_ids`` in the span finder's meta file)."""
    from tealeaves.evaluate.ptc import iter_articles, si_score, tc_micro_f1
    from tealeaves.nlp import load_model
    from tealeaves.stages.rhetoric.techniques import (
        SI_META,
        load_span_finder,
        load_technique_classifier,
        model_dir,
        rank_labels,
    )

    meta = json.loads((model_dir() / SI_META).read_text(encoding="utf-8"))
    held = set(meta["gate_ids"])
    arts = [a for a in iter_articles(ROOT.parent / "shared/data/ptc2020/train") if a.id in held]
    if len(arts) != len(held):
        raise RuntimeError(f"{len(held) - len(arts)} gate articles missing from the PTC data")
    finder, clf = load_span_finder(), load_technique_classifier()
    pred, gold, tc_p, tc_g = {}, {}, [], []
    for art, doc in zip(arts, load_model().pipe(a.text for a in arts), strict=True):
        pred[art.id] = [(s, e) for s, e, _ in finder.spans(doc)]
        gold[art.id] = art.si_spans
        spans = [(s, e) for s, e, _ in art.spans]
        labels = rank_labels(clf.predict_proba(art.text, spans, doc).tolist(), clf.classes, spans)
        tc_p += [(art.id, s, e, lab) for (s, e), lab in zip(spans, labels, strict=True)]
        tc_g += [(art.id, s, e, t) for s, e, t in art.spans]
    return {"articles": len(arts), "si_f1": si_score(pred, gold).f1,
            "tc_micro_f1": tc_micro_f1(tc_p, tc_g).f1}


MEASURES = {"rhetoric-gate": measure_rhetoric_gate}


def main(argv: Sequence[str]) -> int:
    entries = load_baseline()
    wanted = set(argv) or {e["id"] for e in gates(entries)}
    unknown = wanted - {e["id"] for e in entries}
    if unknown:
        print(f"unknown measurement(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for entry in entries:
        if entry["id"] in wanted:
            print(f"{entry['id']}: {entry['command']}", file=sys.stderr)
            try:
                figures = measure(entry)
            except ValueError as exc:  # a script, not a tealeaves command: run it by hand
                print(f"  not measured here: {exc}", file=sys.stderr)
                continue
            out = {"id": entry["id"], "sha256": data_hash(entry["data"]), **figures}
            print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
