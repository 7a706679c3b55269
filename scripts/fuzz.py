"""Fuzz every ingest reader (and ``tealeaves.analyze``) with the big hypothesis profile.

    .venv/bin/python scripts/fuzz.py [--cases 100000] [--analyze 200] [--seed N] [--jobs 1]
                                     [--timeout 10] [--targets text,html,...] [--out DIR]

The cases are shared out over the readers by weight (``tests/fuzz/targets.py``); the
analyze target gets its own, smaller count (it runs the whole pipeline: ~0.1–1 s a case).
Each target runs in a worker process, drawing fresh random cases from the strategies in
``tests/fuzz/strategies.py`` under the seed printed at the start (pass ``--seed`` to rerun
the same cases). An outcome is one of:

* ``ok`` — an Article, or per-item records (Article or InputError) that keep the invariants;
* ``rejected`` — an InputError with a printable message;
* ``crash`` — any other exception, or a worker that died (a segfault, out of memory);
* ``hang`` — a case over ``--timeout`` seconds (interrupted in Python; a worker stuck in C
  code is killed by the watchdog and restarted on the next seed);
* ``violation`` — an outcome that breaks an invariant (encoding, id, schema, offsets).

Prints a summary and, for the first failures of each kind, the error and the start of the
case (``--out DIR`` writes every failing case in full). Exit status 1 if anything failed.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import secrets
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("ok", "rejected", "crash", "hang", "violation")
FAILURES = ("crash", "hang", "violation")
#: Failures kept per target for the report (all are counted).
KEEP = 20
#: Cases per hypothesis run inside a worker.
BATCH = 1000


class _Timeout(BaseException):
    """Raised by the alarm inside a case: a BaseException, so no reader's except swallows it."""


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout()


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    slowest: float = 0.0
    peak_mb: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, kind: str, seconds: float, error: str = "", case: str = "") -> None:
        self.counts[kind] += 1
        self.seconds += seconds
        self.slowest = max(self.slowest, seconds)
        if kind in FAILURES and len(self.failures) < KEEP:
            self.failures.append((kind, error, case))


def _classify(target: Any, case: Any, work: Path, timeout: float) -> tuple[str, str]:
    """(kind, error) of running *target* on *case* with a per-case alarm."""
    from tests.fuzz.targets import Violation, check_error

    from tealeaves.errors import InputError

    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        target.run(case, work)
        return "ok", ""
    except InputError as exc:
        try:
            check_error(exc)
        except Violation as bad:
            return "violation", str(bad)
        return "rejected", ""
    except Violation as exc:
        return "violation", str(exc)
    except _Timeout:
        return "hang", f"over {timeout:g} s"
    except Exception as exc:
        tb = traceback.extract_tb(exc.__traceback__)[-3:]
        where = " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(tb))
        return "crash", f"{type(exc).__name__}: {str(exc)[:300]} [{where}]"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _worker(name: str, n: int, seed: int, timeout: float, done: Any, queue: Any) -> None:
    """Run *n* cases of target *name*; count outcomes in *done* (one slot per kind, as they
    come, so a killed worker's counts survive), put the tally with failures on *queue*."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import os

    os.environ["TEALEAVES_FUZZ_PROFILE"] = "fuzz"
    from hypothesis import given, settings
    from hypothesis import seed as hseed
    from tests.fuzz.targets import TARGETS

    target = TARGETS[name]
    tally = Tally()
    signal.signal(signal.SIGALRM, _alarm)

    def case_run(case: Any) -> None:
        with tempfile.TemporaryDirectory(prefix="tealeaves-fuzz-") as work:
            t0 = time.perf_counter()
            kind, error = _classify(target, case, Path(work), timeout)
            text = repr(case) if kind in FAILURES else ""
            tally.add(kind, time.perf_counter() - t0, error, text)
        with done.get_lock():
            done[KINDS.index(kind)] += 1

    # hypothesis keeps what it learns of a run in memory (~0.1 MB a case): a fresh run
    # (engine) per batch keeps a worker's memory flat over tens of thousands of cases
    for batch, start in enumerate(range(0, n, BATCH)):
        loop = given(target.strategy)(case_run)
        loop = hseed(seed * 1000 + batch)(loop)
        settings(settings.get_profile("fuzz"), max_examples=min(BATCH, n - start))(loop)()
    tally.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    queue.put(tally)


def run_target(name: str, n: int, seed: int, timeout: float) -> Tally:
    """All *n* cases of one target, restarting the worker after a hang in C code or a death."""
    ctx = mp.get_context("spawn")
    total = Tally()
    restarts = 0
    while sum(total.counts.values()) < n and restarts < 20:
        left = n - sum(total.counts.values())
        done, queue = ctx.Array("l", len(KINDS)), ctx.Queue()
        proc = ctx.Process(target=_worker, args=(name, left, seed + restarts, timeout, done,
                                                 queue), daemon=True)
        proc.start()
        result = _watch(proc, done, queue, timeout)
        restarts += 1
        if isinstance(result, Tally):
            _merge(total, result)
            if sum(result.counts.values()) < left:  # hypothesis ran out of distinct cases
                break
            continue
        kind, error = result  # the worker is gone: keep its counts, note the lost case
        counted = Tally(Counter({k: done[i] for i, k in enumerate(KINDS) if done[i]}))
        _merge(total, counted)
        total.add(kind, timeout, error,
                  f"case {_ran(done) + 1} of the run under seed {seed + restarts - 1}")
    return total


def _watch(proc: Any, done: Any, queue: Any, timeout: float) -> Tally | tuple[str, str]:
    """The worker's tally, or (kind, error) when it hung in C code or died."""
    last, since = -1, time.monotonic()
    grace = 3 * timeout + 60  # the first case also loads models
    while True:
        try:
            return queue.get(timeout=0.5)  # type: ignore[no-any-return]
        except Exception:  # queue.Empty: still running
            pass
        if not proc.is_alive():
            try:
                return queue.get(timeout=2)  # type: ignore[no-any-return]
            except Exception:
                return "crash", f"worker died (exit code {proc.exitcode})"
        ran = _ran(done)
        if ran != last:
            last, since = ran, time.monotonic()
        elif time.monotonic() - since > grace:
            proc.kill()
            proc.join()
            return "hang", f"stuck over {grace:g} s (in C code: the alarm did not stop it)"


def _ran(done: Any) -> int:
    return sum(int(done[i]) for i in range(len(KINDS)))


def _merge(into: Tally, other: Tally) -> None:
    into.counts.update(other.counts)
    into.seconds += other.seconds
    into.slowest = max(into.slowest, other.slowest)
    into.peak_mb = max(into.peak_mb, other.peak_mb)
    into.failures.extend(other.failures[: KEEP - len(into.failures)])


def share(cases: int, analyze: int, names: list[str]) -> dict[str, int]:
    """Cases per target: *cases* over the readers by weight, *analyze* for the pipeline."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    from tests.fuzz.targets import TARGETS

    weights = {n: TARGETS[n].weight for n in names if n != "analyze"}
    total = sum(weights.values()) or 1.0
    plan = {n: max(1, round(cases * w / total)) for n, w in weights.items()}
    if "analyze" in names and analyze > 0:
        plan["analyze"] = analyze
    return plan


def report(tallies: dict[str, Tally], out: Path | None) -> int:
    head = (f"{'target':<9}{'cases':>8}" + "".join(f"{k:>11}" for k in KINDS)
            + "  ms/case   slowest  peak MB")
    print(head)
    grand = Tally()
    for name, t in tallies.items():
        _print_row(name, t)
        _merge(grand, t)
    _print_row("total", grand)
    failed = sum(grand.counts[k] for k in FAILURES)
    print(f"\n{sum(grand.counts.values())} cases: {grand.counts['crash']} crashes, "
          f"{grand.counts['hang']} hangs, {grand.counts['violation']} schema/offset "
          "violations")
    for name, t in tallies.items():
        for i, (kind, error, case) in enumerate(t.failures):
            if i < 3:
                print(f"  {name} {kind}: {error}\n      case: {case[:300]}")
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                (out / f"{name}-{i:02d}-{kind}.txt").write_text(f"{error}\n{case}\n", "utf-8")
    return 1 if failed else 0


def _print_row(name: str, t: Tally) -> None:
    n = sum(t.counts.values())
    mean = 1000 * t.seconds / n if n else 0.0
    print(f"{name:<9}{n:>8}" + "".join(f"{t.counts[k]:>11}" for k in KINDS)
          + f"  {mean:7.1f}  {t.slowest:6.2f} s  {t.peak_mb:7d}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=100_000, help="reader cases in all")
    ap.add_argument("--analyze", type=int, default=200, help="cases for tealeaves.analyze")
    ap.add_argument("--seed", type=int, default=None, help="default: a random one, printed")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds a case may take")
    ap.add_argument("--targets", default="text,bytes,html,feed,warc,jsonl,article,url,analyze")
    ap.add_argument("--out", type=Path, default=None, help="write failing cases here")
    ap.add_argument("--jobs", type=int, default=1, help="targets fuzzed at once")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else secrets.randbits(32)
    plan = share(args.cases, args.analyze, [t.strip() for t in args.targets.split(",")])
    print(f"fuzz seed {seed}; cases per target: {plan}; timeout {args.timeout:g} s", flush=True)
    t0 = time.monotonic()

    def one(item: tuple[int, tuple[str, int]]) -> Tally:
        i, (name, n) = item
        t = run_target(name, n, seed + 1000 * i, args.timeout)
        print(f"  {name}: {sum(t.counts.values())} cases, "
              + ", ".join(f"{k} {t.counts[k]}" for k in KINDS if t.counts[k]), flush=True)
        return t

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:  # one worker process each
        tallies = dict(zip(plan, pool.map(one, enumerate(plan.items())), strict=True))
    print(f"\nran in {time.monotonic() - t0:.0f} s\n")
    return report(tallies, args.out)


if __name__ == "__main__":
    sys.exit(main())
