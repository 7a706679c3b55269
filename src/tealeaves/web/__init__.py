"""The web workbench and JSON API over a store: ``create_app(db, token=None)``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(db: Any, token: str | None = None, **kwargs: Any) -> FastAPI:
    """Build the FastAPI app (see :func:`tealeaves.web.app.create_app`)."""
    from .app import create_app as _create

    return _create(db, token, **kwargs)
