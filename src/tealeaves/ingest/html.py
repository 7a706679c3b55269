"""HTML pages → main text and metadata, through trafilatura."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from ..errors import InputError

log = logging.getLogger(__name__)

#: A page "has article text" when its lines of at least PROSE_LINE_WORDS words add up to at
#: least MIN_PROSE_WORDS words; menus, buttons and form labels are one or two words a line.
PROSE_LINE_WORDS = 5
MIN_PROSE_WORDS = 15

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(rb"<(html|head|body|article|div|p|meta|title)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Extracted:
    """What trafilatura found on a page."""

    text: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None


def looks_like_html(data: bytes | str) -> bool:
    """True when *data* starts like an HTML document or is full of HTML tags."""
    head = data[:4096]
    raw = head.encode("utf-8", "ignore") if isinstance(head, str) else head
    raw = raw.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(raw):
        return True
    return len(_HTML_TAGS.findall(raw)) >= 3


def extract(html: str, source: str) -> Extracted:
    """Main text and metadata of an HTML page; :class:`InputError` if it has no article text."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            output_format="python",
        )
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup lxml rejects
        raise InputError(source, f"could not parse the HTML ({type(exc).__name__}: {exc})") from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not has_prose(str(text)):
        raise InputError(source, "HTML page with no article text")
    published = None
    date = getattr(doc, "date", None)
    if date:
        m = _ISO_DATE.match(str(date))
        published = m.group(1) if m else None
    return Extracted(
        text=str(text),
        title=_clean_meta(getattr(doc, "title", None)),
        published=published,
        outlet=_clean_meta(getattr(doc, "sitename", None)),
        url=_clean_meta(getattr(doc, "url", None)),
    )


def has_prose(text: str) -> bool:
    """Whether *text* holds running prose, not only menu items, buttons and labels."""
    words = 0
    for line in text.splitlines():
        n = len(line.split())
        if n >= PROSE_LINE_WORDS:
            words += n
            if words >= MIN_PROSE_WORDS:
                return True
    return False


def _clean_meta(value: object) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None
