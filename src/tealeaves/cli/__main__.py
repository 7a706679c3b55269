"""``python -m tealeaves.cli``: the same as the ``tealeaves`` command."""

from . import main

main()
