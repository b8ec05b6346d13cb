"""Anonymous metrics for evaluators: rows carry a pseudonym, never a name or a pupil id.

``models`` and ``record`` write the anonymous events (and ``summaries`` keeps the one-row-per-
pupil-and-item pre-aggregate in step); ``services`` runs every evaluator query, ``report``
assembles the figures with small cells hidden, ``views`` serves them under ``/evaluate``.
The figures are pure and Flask-free: ``stats`` (gain, comparison, verdicts), ``suppression``
(small cells), ``items`` (item statistics for authors); ``readings`` puts them into words.
"""
