"""A self-contained HTML report (first version)."""

from __future__ import annotations

import html

from ..model import Analysis


def render_html(analysis: Analysis) -> str:
    return f"<!doctype html><meta charset=utf-8><pre>{html.escape(analysis.article.text)}</pre>"
