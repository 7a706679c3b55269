"""Events: who did or said what to whom (PLOVER categories plus statements and blame)."""

from .extract import find_events

__all__ = ["find_events"]
