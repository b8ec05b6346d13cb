"""Anonymous metrics for evaluators: rows carry a pseudonym, never a name or a pupil id.

``models`` and ``record`` write the anonymous events; ``services`` starts every evaluator query.
The figures are pure and Flask-free: ``stats`` (gain, comparison, verdicts), ``suppression``
(small cells), ``items`` (item statistics for authors); ``readings`` puts them into words.
"""
