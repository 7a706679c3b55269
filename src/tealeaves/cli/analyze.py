"""``tealeaves analyze``: the command and what it runs.

Each input is read and checked on its own: a bad one (missing, empty, binary, undecodable,
too big, HTML without article text, not English) prints one line on stderr naming it and
the problem, and the others are still analysed and written, in input order. The exit code
is 0 when every input was analysed and 2 when any failed.

Input is bounded: a path must be a regular file (a FIFO, socket or device such as
``/dev/zero`` is refused at once, with one line: nothing can hang on it), and standard
input (``-``, which may be a pipe or a device) is read in chunks up to the size limit.

Output errors: when the reader of standard output goes away (``| head -c1``), the command
stops quietly like other Unix tools, with no message and exit code 141 (128 + SIGPIPE, what
a shell reports for a tool that SIGPIPE ended). Any other failure to write (a full disk,
``> /dev/full``, an unwritable ``--out``) is one line naming the target —
``tealeaves: cannot write <stdout>: No space left on device`` — and exit code 2.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

import click

from ..errors import InputError, LanguageError
from ..model import Analysis, Article
from ..pipeline import Options, analyze_many

#: Exit code when at least one input could not be analysed (also Click's usage-error code).
EXIT_BAD_INPUT = 2
#: Exit code when standard output was closed by its reader: 128 + SIGPIPE, as a shell
#: reports for a tool that SIGPIPE ended.
EXIT_PIPE_CLOSED = 141
STDIN = "-"
STDOUT_NAME = "<stdout>"


class OutputClosed(Exception):
    """The reader of the output went away (EPIPE): stop quietly."""


class WriteFailed(Exception):
    """The output cannot be written: one line naming the target."""

    def __init__(self, target: str, exc: OSError) -> None:
        super().__init__(f"cannot write {target}: {exc.strerror or exc}")


@dataclass(frozen=True)
class _Input:
    name: str
    path: Path | None  # None: standard input
    problem: str | None = None  # known bad before reading (e.g. an empty directory)


def expand_inputs(paths: tuple[str, ...]) -> list[_Input]:
    """PATH arguments → inputs in order: ``-`` is stdin, a directory its .txt/.html files."""
    from ..ingest import iter_paths

    inputs: list[_Input] = []
    for p in paths:
        if p == STDIN:
            inputs.append(_Input("<stdin>", None))
            continue
        path = Path(p)
        if path.is_dir():
            found = list(iter_paths([path]))
            if not found:
                inputs.append(_Input(p, path, "directory has no .txt or .html files"))
            inputs.extend(_Input(str(f), f) for f in found)
        else:
            inputs.append(_Input(p, path))
    return inputs


def read_input(item: _Input, *, clean: bool, stdin: BinaryIO | None = None) -> Article:
    """Read one input into an English Article, or raise :class:`InputError` naming it."""
    from ..ingest import MAX_BYTES, read_bytes, read_path
    from ..ingest.source import read_capped
    from ..nlp import is_supported_language, unsupported_message

    if item.problem is not None:
        raise InputError(item.name, item.problem)
    if item.path is None:  # a pipe or a device too: read in chunks, up to the limit
        stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
        if stream is None:  # started with standard input closed (<&-)
            raise InputError(item.name, "standard input is closed")
        article = read_bytes(read_capped(stream, item.name, MAX_BYTES), name=item.name,
                             clean=clean)
    else:
        article = read_path(item.path, clean=clean)
    if not is_supported_language(article.language):
        raise LanguageError(item.name, unsupported_message(article.language))
    return article


class _Writer:
    """Writes analyses in the chosen format; streams JSONL and text to stdout."""

    def __init__(self, fmt: str, out: Path | None, n_inputs: int, stdout: TextIO) -> None:
        self.fmt = fmt
        self.out = out
        self.target = str(out) if out is not None else STDOUT_NAME
        self.many = n_inputs > 1
        self.stdout = stdout
        self.chunks: list[str] = []
        self.results: list[Analysis] = []

    def add(self, analysis: Analysis) -> None:
        if self.fmt == "jsonl":
            self._emit(analysis.to_json() + "\n")
        elif self.fmt == "text":
            from ..render.terminal import render_text

            color = self.out is None and self.stdout.isatty()
            self._emit(render_text(analysis, color=color) + ("\n" if self.many else ""))
        else:  # json and html need every result before writing
            self.results.append(analysis)

    def _emit(self, chunk: str) -> None:
        if self.out is None:
            with self._writing():
                self.stdout.write(chunk)
                self.stdout.flush()
        else:
            self.chunks.append(chunk)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """OSError while writing → :class:`OutputClosed` (EPIPE) or :class:`WriteFailed`."""
        try:
            yield
        except OSError as exc:
            if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
                raise OutputClosed() from exc
            raise WriteFailed(self.target, exc) from exc

    def close(self) -> None:
        if self.fmt == "json" and self.results:
            if self.many:
                body = json.dumps([a.to_dict() for a in self.results], ensure_ascii=False,
                                  indent=2)
            else:
                body = self.results[0].to_json(indent=2)
            self._emit(body + "\n")
        elif self.fmt == "html" and self.results:
            from ..render.html import render_html

            self._emit("\n".join(render_html(a) for a in self.results))
        if self.out is not None and self.chunks:
            with self._writing():
                self.out.write_text("".join(self.chunks), encoding="utf-8")


def keep_techniques(analysis: Analysis, min_score: float) -> Analysis:
    """*analysis* without the persuasion-technique findings scored under *min_score*."""
    if min_score <= 0 or all(t.score >= min_score for t in analysis.techniques):
        return analysis
    from dataclasses import replace

    return replace(analysis, techniques=tuple(t for t in analysis.techniques
                                              if t.score >= min_score))


def resolve_min_score(min_score: float | None) -> float:
    """*min_score*, or the default chosen by cross-validation (``score_calibration.json``)."""
    if min_score is not None:
        return min_score
    from ..stages.rhetoric.calibration import default_min_score

    return default_min_score()


def run_analyze(paths: tuple[str, ...], *, fmt: str, out: Path | None, clean: bool,
                actors_file: Path | None, debug: bool = False, stdin: BinaryIO | None = None,
                stdout: TextIO | None = None, stderr: TextIO | None = None,
                min_score: float | None = None) -> int:
    """Analyse each input; return the process exit code (0 ok, 2 if any input failed).

    With *debug*, an unexpected error while reading an input propagates (traceback);
    otherwise it is reported on one line like bad input and the run goes on. Technique
    findings scored under *min_score* (None: the cross-validated default) are left out.
    """
    err = stderr if stderr is not None else sys.stderr
    options = Options(clean=clean, actors_file=actors_file, check_language=False)
    stdout = stdout if stdout is not None else sys.stdout
    problem = _unwritable(out) if out is not None else (
        "standard output is closed" if stdout is None else None)  # started with >&-
    if problem is not None:  # say so before any work
        print(f"tealeaves: cannot write {out or STDOUT_NAME}: {problem}", file=err)
        return EXIT_BAD_INPUT
    if actors_file is not None:
        from ..stages.actors.kb import load_kb

        try:  # a broken actors file is the user's input too: say so once, before any work
            load_kb(actors_file)
        except InputError as exc:
            print(f"tealeaves: {exc.source}: {exc.problem}", file=err)
            return EXIT_BAD_INPUT
    inputs = expand_inputs(paths)
    failed = 0

    def articles() -> Iterator[Article]:
        nonlocal failed
        for item in inputs:
            try:
                yield read_input(item, clean=clean, stdin=stdin)
            except InputError as exc:
                failed += 1
                print(f"tealeaves: {item.name}: {exc.problem}", file=err, flush=True)
            except Exception as exc:  # a reader bug on one input must not cost the others
                if debug:
                    raise
                failed += 1
                msg = " ".join(str(exc).split())
                print(f"tealeaves: {item.name}: unexpected error while reading "
                      f"({type(exc).__name__}: {msg}); run with --debug for the traceback",
                      file=err, flush=True)

    writer = _Writer(fmt, out, len(inputs), stdout)
    floor = resolve_min_score(min_score)
    try:
        for analysis in analyze_many(articles(), options):
            writer.add(keep_techniques(analysis, floor))
        writer.close()
    except WriteFailed as exc:
        print(f"tealeaves: {exc}", file=err)
        return EXIT_BAD_INPUT
    return EXIT_BAD_INPUT if failed else 0


def _unwritable(out: Path) -> str | None:
    """Why --out *out* cannot be written, if that shows before trying; else None."""
    if not out.parent.is_dir():
        return f"no such directory {out.parent}"
    if out.is_dir():
        return "is a directory"
    if out.exists() and not os.access(out, os.W_OK):
        return "permission denied"
    if not out.exists() and not os.access(out.parent, os.W_OK | os.X_OK):
        return f"permission denied (directory {out.parent})"
    return None


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's flush at exit cannot fail
    again (and print "Exception ignored … BrokenPipeError") on what is still buffered."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout (a test runner): nothing to silence
        pass


def _flush_stdout() -> None:
    """Flush standard output before exit; a failure there is silenced like any other."""
    if sys.stdout is None:  # started with standard output closed
        return
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _silence_stdout()


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "jsonl", "text", "html"]), default="text",
    show_default=True, help="Output format.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here, not stdout.")
@click.option("--no-clean", is_flag=True, help="Keep the text exactly as read (no debris removal).")
@click.option(
    "--actors", "actors_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra actor knowledge base (YAML).",
)
@click.option("--debug", is_flag=True, help="Show the full traceback of an unexpected error.")
@click.option(
    "--min-score", type=click.FloatRange(0.0, 1.0), default=None,
    help="Leave out persuasion-technique findings scored under this calibrated probability "
         "(default: the threshold chosen by cross-validation; 0 keeps every finding).",
)
def analyze(paths: tuple[str, ...], fmt: str, out: Path | None, no_clean: bool,
            actors_file: Path | None, debug: bool, min_score: float | None) -> None:
    """Analyse articles: PATH is a .txt/.html file, a directory, or - for standard input.

    A bad input (missing, empty, binary, undecodable, too large, HTML without article
    text, not English, a FIFO or device) gets one line on stderr; the others are still
    analysed. Exit code: 0 when all were analysed, 2 when any input failed or the output
    cannot be written, 141 when the output pipe was closed (quietly), 1 on an unexpected
    error.
    """
    try:
        code = run_analyze(paths, fmt=fmt, out=out, clean=not no_clean, actors_file=actors_file,
                           debug=debug, min_score=min_score)
        _flush_stdout()  # a write that failed may have left output in the buffer
    except (OutputClosed, BrokenPipeError):  # the reader went away: stop quietly
        _silence_stdout()
        sys.exit(EXIT_PIPE_CLOSED)
    except KeyboardInterrupt:
        click.echo("tealeaves: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the CLI's last line of defence: one line, not a traceback
        if debug:
            raise
        msg = " ".join(str(exc).split()) or type(exc).__name__
        click.echo(f"tealeaves: unexpected error: {type(exc).__name__}: {msg} "
                   "(run with --debug for the traceback)", err=True)
        sys.exit(1)
    sys.exit(code)


def register(cli: click.Group) -> None:
    cli.add_command(analyze)
