"""The ``tealeaves`` command: thin — it parses options, calls the library and renders."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tealeaves")
def cli() -> None:
    """Read the tea leaves of political news: actors, sourcing, rhetoric, events, stance."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "jsonl", "text", "html"]), default="text",
    show_default=True, help="Output format.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not stdout.")
@click.option("--no-clean", is_flag=True, help="Keep the text exactly as read (no debris removal).")
@click.option(
    "--actors", "actors_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra actor knowledge base (YAML).",
)
@click.option("--debug", is_flag=True, help="Show the full traceback of an unexpected error.")
def analyze(paths: tuple[str, ...], fmt: str, out: Path | None, no_clean: bool,
            actors_file: Path | None, debug: bool) -> None:
    """Analyse articles: PATH is a .txt/.html file, a directory, or - for standard input.

    A bad input (missing, empty, binary, undecodable, too large, HTML without article
    text, not English) gets one line on stderr; the others are still analysed. Exit code:
    0 when all were analysed, 2 when any input failed, 1 on an unexpected error.
    """
    from .commands_analyze import run_analyze

    try:
        code = run_analyze(paths, fmt=fmt, out=out, clean=not no_clean, actors_file=actors_file,
                           debug=debug)
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


def _register_plugins() -> None:
    """Commands owned by other packages (evaluate, corpus, web) register themselves here."""
    from .corpus.cli import register as register_corpus
    from .evaluate.cli import register as register_evaluate
    from .web.cli import register as register_web

    register_evaluate(cli)
    register_corpus(cli)
    register_web(cli)


_register_plugins()


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
