"""CLI commands of this package, added to the ``tealeaves`` group by :func:`register`."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Add this package's commands to the top-level CLI group."""

    @cli.command()
    @click.option("--db", required=True, help="The store: a SQLite path or a postgresql:// URL.")
    @click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
    @click.option("--token", envvar="TEALEAVES_API_TOKEN", default=None,
                  help="Bearer token that enables writes (or env TEALEAVES_API_TOKEN); "
                       "without one, writes are disabled.")
    @click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
                  help="uvicorn worker processes.")
    @click.option("--log-level", default="info", show_default=True,
                  type=click.Choice(["critical", "error", "warning", "info", "debug"]))
    def serve(db: str, host: str, port: int, token: str | None, workers: int, log_level: str) -> None:
        """Serve the web workbench and JSON API over the store DB."""
        import os
        from pathlib import Path

        import uvicorn

        from ..errors import InputError
        from ..store import open_store

        is_url = "://" in db
        if not is_url and not Path(db).exists():
            raise click.ClickException(f"{db}: no such store (create it with `tealeaves ingest`)")
        try:
            open_store(db).close()  # migrate once, and fail early on a bad DB
        except (InputError, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc
        if token:
            os.environ["TEALEAVES_API_TOKEN"] = token
        os.environ["TEALEAVES_WEB_DB"] = db
        click.echo(f"tealeaves workbench on http://{host}:{port}/  (writes "
                   f"{'enabled' if token else 'disabled: no token'})", err=True)
        uvicorn.run("tealeaves.web.app:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level=log_level)
