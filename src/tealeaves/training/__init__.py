"""Trainers for the shipped models (rhetoric CRF and tagger, technique classifier, genre).

Nothing at run time imports this package: the stages load what these trainers wrote
into ``resources/``. Training needs the ``train`` extra (torch on CPU) for fine-tuning.
"""
