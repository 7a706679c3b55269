"""CLI commands of this package, added to the ``tealeaves`` group by :func:`register`.

``tealeaves evaluate <stage>`` scores one stage against the shared data sets. Each
evaluator lives in its own module (``tealeaves.evaluate.<stage>``) exposing a Click
command named ``command``; modules are imported only when their command is used, so a
missing heavy dependency of one evaluator does not break the others or the CLI.
To add an evaluator, add (or uncomment) one line in :data:`EVALUATORS`.
"""

from __future__ import annotations

import importlib

import click

EVALUATORS: dict[str, str] = {
    "actors": "tealeaves.evaluate.actors",
    "sourcing": "tealeaves.evaluate.sourcing",
    "rhetoric": "tealeaves.evaluate.rhetoric",
    "events": "tealeaves.evaluate.events",
    "stance": "tealeaves.evaluate.stance",
}


class LazyGroup(click.Group):
    """A Click group whose subcommands are imported from :data:`EVALUATORS` on use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(EVALUATORS) | set(super().list_commands(ctx)))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = EVALUATORS.get(cmd_name)
        if module_name is None:
            return super().get_command(ctx, cmd_name)
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:  # one evaluator's missing dependency stays local
            return _unavailable(cmd_name, f"{type(exc).__name__}: {exc}")
        command = getattr(module, "command", None)
        if not isinstance(command, click.Command):
            raise click.ClickException(f"{module_name} has no Click command named 'command'")
        return command


def _unavailable(name: str, why: str) -> click.Command:
    """A stand-in command that explains why evaluator *name* cannot run here."""

    def fail() -> None:
        raise click.ClickException(f"evaluator {name!r} is unavailable: {why}")

    return click.Command(name, callback=fail, help=f"(unavailable: {why})")


@click.group(cls=LazyGroup)
def evaluate() -> None:
    """Score a stage against the shared annotated data sets (../shared/data)."""


def register(cli: click.Group) -> None:
    """Add this package's commands to the top-level CLI group."""
    cli.add_command(evaluate)
