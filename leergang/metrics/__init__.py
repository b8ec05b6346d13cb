"""Anonymous metrics for evaluators: rows carry a pseudonym, never a name or a pupil id."""
