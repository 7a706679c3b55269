"""The ``tealeaves`` command: thin — it parses options, calls the library and renders.

One module per command group: :mod:`.analyze` (``analyze``), :mod:`.corpus` (``ingest``,
``stats`` and the corpus views), :mod:`.evaluate` (``evaluate <stage>``), :mod:`.serve`
(``serve``) and :mod:`.standing` (``standing``). Each exposes ``register(cli)``.
"""

from __future__ import annotations

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tealeaves")
def cli() -> None:
    """Read the tea leaves of political news: actors, sourcing, rhetoric, events, stance."""


def _register_commands() -> None:
    from . import alerts, analyze, corpus, evaluate, export, ingest, serve, standing, watch

    for group in (analyze, ingest, evaluate, corpus, serve, standing, watch, alerts, export):
        group.register(cli)


_register_commands()


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
