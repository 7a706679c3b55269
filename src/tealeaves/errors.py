"""Exception types. Bad data from the world raises :class:`InputError` with a
message fit for one line on stderr; programming errors raise the usual
``TypeError``/``ValueError`` at once."""

from __future__ import annotations

from .model import safe_text


class TealeavesError(Exception):
    """Base class for the project's own errors."""


class InputError(TealeavesError):
    """The input (file, URL, text) cannot be analysed: empty, binary, too big, not English…"""

    def __init__(self, source: str, problem: str) -> None:
        # a name or message may quote hostile input: keep it printable and storable
        source, problem = safe_text(str(source))[0], safe_text(str(problem))[0]
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class LanguageError(InputError):
    """The text is not in a language the pipeline supports."""


class ModelError(TealeavesError):
    """A model or resource file is missing or broken (an installation problem)."""
