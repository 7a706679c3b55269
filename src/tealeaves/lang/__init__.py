"""Pipelines for languages other than English, one package per language (``lang/ru``).

They sit at the stage layer: each reads its own parse and returns the same
:class:`~tealeaves.model.Analysis` as the English stages.
"""
