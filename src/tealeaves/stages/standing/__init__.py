"""Standing: who is rising and who is falling, of what kind, and who says so.

:func:`find_standing` reads frame verbs (:mod:`.frames`), events and idioms (:mod:`.cues`),
and tells for each signal the claim it rests on (:mod:`.voice`).
"""

from .cues import load_cues, load_frames
from .find import find_standing

__all__ = ["find_standing", "load_cues", "load_frames"]
