"""CLI commands of this package, added to the ``tealeaves`` group by :func:`register`."""

from __future__ import annotations

import click

#: What ``tealeaves serve`` says, with exit status 2, when the ``web`` extra is missing.
NEEDS_WEB_EXTRA = "tealeaves serve needs the web extra: pip install 'tealeaves[web]'"


def web_extra_missing() -> str | None:
    """The first module of the ``web`` extra that the server needs and cannot import."""
    for names in (("fastapi",), ("uvicorn",), ("python_multipart", "multipart")):
        for i, name in enumerate(names):
            try:
                __import__(name)
                break
            except ImportError:
                if i == len(names) - 1:
                    return names[0]
    return None


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
    @click.option("--analysis-workers", default=1, show_default=True,
                  type=click.IntRange(1, 32),
                  help="Processes analysing submitted texts (per uvicorn worker).")
    @click.option("--analysis-timeout", default=60.0, show_default=True,
                  type=click.FloatRange(1, 3600),
                  help="Seconds one submitted text may take; longer ones are stopped (504).")
    @click.option("--analysis-memory-mb", default=2048, show_default=True,
                  type=click.IntRange(64, 1_000_000),
                  help="Memory an analysis may use beyond the loaded models (413 past it).")
    @click.option("--log-level", default="info", show_default=True,
                  type=click.Choice(["critical", "error", "warning", "info", "debug"]))
    def serve(db: str, host: str, port: int, token: str | None, workers: int,
              analysis_workers: int, analysis_timeout: float, analysis_memory_mb: int,
              log_level: str) -> None:
        """Serve the web workbench and JSON API over the store DB.

        Submitted texts are analysed in separate processes with a time and a memory
        limit, so that no text can crash or stall the server."""
        import os
        from pathlib import Path

        if web_extra_missing():
            click.echo(NEEDS_WEB_EXTRA, err=True)
            click.get_current_context().exit(2)
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
        os.environ["TEALEAVES_WEB_ANALYSIS"] = (
            f"{analysis_workers},{analysis_timeout:g},{analysis_memory_mb}")
        click.echo(f"tealeaves workbench on http://{host}:{port}/  (writes "
                   f"{'enabled' if token else 'disabled: no token'})", err=True)
        uvicorn.run("tealeaves.web.app:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level=log_level)
