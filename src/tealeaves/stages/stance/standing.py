"""Standing signals moved to :mod:`tealeaves.stages.standing`; kept importable here."""

from ..standing import find_standing, load_cues, load_frames

__all__ = ["find_standing", "load_cues", "load_frames"]
