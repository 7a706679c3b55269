"""CLI commands of this package, added to the ``tealeaves`` group by :func:`register`."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Add this package's commands to the top-level CLI group."""
