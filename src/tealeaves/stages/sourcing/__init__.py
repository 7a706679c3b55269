"""Sourcing: claims and quotes, each with who stands behind it, its cue, channel and hedges.

``find_claims`` (in :mod:`.claims`) joins :mod:`.quotes` (quotation marks), :mod:`.cues`
(the cue vocabularies), :mod:`.cue_rules` (cue patterns over the parse), :mod:`.attribution`
(sources, content, channels) and :mod:`.hedges`.
"""

from .claims import find_claims

__all__ = ["find_claims"]
