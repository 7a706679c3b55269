"""Trainers for the shipped models: :mod:`.rhetoric_build` (span finder, technique
classifier; with :mod:`.rhetoric` and :mod:`.finetune`), :mod:`.genre` and :mod:`.stance`.

Nothing at run time imports this package: the stages load what these trainers wrote
into ``resources/``. The entry points are ``scripts/train_rhetoric.py`` and
``scripts/train_stance.py``. Training needs the ``train`` extra (torch on CPU) for
fine-tuning.
"""
